// Package treesitter is the plumbing Homer's built-in tree-sitter language
// plugins share, so that each plugin keeps only what is its language's: its
// grammar and node kinds, its walk, its doc comments and its import
// resolution. Like the plugins, it imports only sdk/ (and the tree-sitter
// bindings), never core/.
//
// What it provides:
//   - Parser: the Parse loop. One tree-sitter parser per call, since Parse
//     runs concurrently and a parser is not safe for concurrent use, reused
//     within the batch; ParseCtx so cancellation stops a long file; every
//     tree closed at once (trees live in C memory the Go collector does not
//     see); a panic in the plugin's walk recovered into an error diagnostic
//     on that file alone; a warning naming the first line the grammar could
//     not parse; line counting; invalid UTF-8 replaced in every fact, since
//     protobuf refuses to marshal it.
//   - Grammar: the plugin's kinds and the shared Roles of every grammar
//     symbol, looked up by symbol rather than by Node.Type(), which
//     allocates a string per call. Kind is small enough to be inlined.
//   - Call extraction from Roles: Grammar.Call gives a call's name, line and
//     qualifier, the receiver as a dotted path ("a.b", "f()", "x[]",
//     "x.(T)", "?"), the convention the core relies on for every language.
//   - Walk helpers: EachNamedChild (a cursor for wide nodes, where
//     NamedChild(i) would turn quadratic), Text, Span.
//   - Parser.Flat: the walk gets a flat copy of the tree (package flat),
//     made in one cgo call, whose nodes answer the walk's questions from Go
//     memory; go-tree-sitter's cost a cgo call each. Java's and Go's walks take it.
//   - Syntax.OneLine: a definition header folded onto one line, comments
//     dropped and strings kept, from a small description of the language's
//     quotes and comments.
//
// The tests of the plugins share treesittertest.
package treesitter
