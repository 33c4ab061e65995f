// Package store is Homer's single-writer SQLite store.
//
// Every write goes through Write, which hands a function to the one writer
// goroutine; it runs inside a transaction, so a batch of records and the
// checkpoint covering it commit together. Reads use a separate pool of
// read-only connections and never block the writer (WAL).
//
// The schema is a hypergraph (nodes, edges with member roles, deterministic
// edge identities so re-runs are idempotent) plus typed tables for the hot
// paths: calls between definitions, links between two nodes (imports,
// file-level calls, tests, releases), commits and per-file changes, the
// files at HEAD, the parse memo,
// analysis results keyed by (node, kind), stage keys and checkpoints, and an
// FTS5 index. Start with Open and schema.go.
package store
