// Package spec is the built-in spec renderer: it turns the render model
// into a Topos specification (spec/homer.tps), a Markdown-compatible
// format meant for people to check what a machine understood of their
// code.
//
// What goes where:
//   - # Principles: the repository's decision records and design
//     documents, by title. The model carries their paths, not their text,
//     so each principle is a typed hole pointing at its document.
//   - # Design: communities of the import graph as design areas, each with
//     its directory, purpose (package doc comment or README), most salient
//     files as components and the areas it depends on as its data flow.
//   - # Concepts: the most salient types, with the fields and bases the
//     language plugins reported, and their methods.
//
// Homer reads structure and history, not intent. Wherever it cannot tell
// (no doc comment, a field of unknown type, an area spread over several
// directories) the spec says so with a typed hole `[? …]` or a soft
// marker `[~ …]` rather than a guess. Start with New in spec.go; the text
// is built by writeSpec in topos.go.
package spec
