// Package golang is Homer's built-in language plugin for Go.
//
// It parses .go files with tree-sitter (smacker/go-tree-sitter's bundled
// grammar) and returns, per file, the package name, definitions (functions,
// methods, types, interfaces, top-level constants and variables), call sites
// with their enclosing definition, imports and godoc comments. It is written
// only against sdk/ so that it runs exactly as a third-party plugin would;
// the tree-sitter plumbing it shares with the Python plugin (the Parse loop,
// kind tables, call qualifiers, signature folding) is in
// ../internal/treesitter, itself written only against sdk/.
//
// Start with New in golang.go. extract.go holds the Go node kinds and the
// single tree walk that produces a file's facts; text.go the comment,
// signature syntax and import-name helpers; resolve.go maps import paths to
// repository files through go.mod manifests.
//
// Conventions the core relies on:
//   - Qualified names use the package clause name, not the import path:
//     "pkg.Func", "pkg.Type", "pkg.Recv.Method". They are unique only within a
//     directory, and may repeat inside one file (several func init()).
//   - Call qualifiers are the receiver expression as a dotted path: "fmt",
//     "a.b", "s.client". Parts that are not plain names are marked: "foo()"
//     for a call result, "x[]" for an index, "?" for anything else.
//   - FileFacts.PackageScope is true: an unqualified call may name any
//     definition of the same package, in any file of the directory.
//   - The bundled grammar predates some recent Go syntax (new(expr), generic
//     type aliases): such files get a warning diagnostic and keep every fact
//     outside the unparsable region.
package golang
