// Package agentsmd is the built-in agents-md renderer: it turns the render
// model into AGENTS.md, a few pages an AI coding agent reads before it edits
// the repository.
//
// The core has already computed everything (salience, classes, risk,
// co-change sets, module imports); this package only selects, orders and
// formats. Start with New in agentsmd.go for the plugin side (schema and
// configuration) and writeDocument in markdown.go for the sections.
//
// Two rules shape the code:
//   - Output is deterministic: every list is sorted with ties broken by path,
//     and nothing depends on the clock or on map iteration order.
//   - Only FileModel paths are presented as files. Paths from other parts of
//     the model (dependents, co-changes, entity locations) are shown only when
//     they name a file of the model, and module paths are always written with
//     a trailing slash, so an agent never mistakes a directory for a file.
//
// Whether AGENTS.md may overwrite a human-written file (the circularity
// attribute) is the core's decision; the renderer only validates the value.
package agentsmd
