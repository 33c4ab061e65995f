// Package modctx is the built-in module-ctx renderer: a short context file
// per source directory, written as a nested AGENTS.md by default (agents
// load the nearest one first), so an agent editing pkg/x reads what Homer
// knows about pkg/x: what it is for, its key entities, which directories it
// imports and which import it, its external dependencies, related
// documents, how it changes, which other directories change with it and
// which of its own files change together (a grammar and its generated
// parser).
//
// Start with New in modctx.go (schema and configuration), then selectDirs
// in dirs.go (which directories earn a file) and writeDir in markdown.go
// (the sections and the word budget).
//
// Rules the code keeps:
//   - Every statement comes from the model: a purpose only from a package
//     doc or README the model holds, counts only as the model gives them.
//   - Output is deterministic: lists are sorted with ties broken by path.
//   - Homer's own outputs (agent files, the risk map) are never history:
//     they are left out of co-changes and change profiles.
//   - The root directory is agents-md's: module-ctx never writes there.
//   - A human-written file is never overwritten silently: files are marked
//     human-editable and the core applies the circularity attribute
//     (sdk/agentsfile), exactly as it does for the root AGENTS.md.
package modctx
