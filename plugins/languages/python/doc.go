// Package python is Homer's built-in language plugin for Python.
//
// It parses .py and .pyi files with tree-sitter (smacker/go-tree-sitter's
// bundled grammar) and returns, per file, definitions (functions, classes
// with their bases, methods, nested functions), call sites with their
// enclosing definition, imports and docstrings. It is written only against
// sdk/ so that it runs exactly as a third-party plugin would; the
// tree-sitter plumbing it shares with the Go plugin (the Parse loop, kind
// tables, call qualifiers, signature folding) is in ../internal/treesitter,
// itself written only against sdk/.
//
// Start with New in python.go. extract.go holds the Python node kinds and
// the single tree walk that produces a file's facts; text.go the
// module-name, docstring and signature-syntax helpers; resolve.go maps
// imports to repository files.
//
// Conventions the core relies on:
//   - A file's module is its dotted path without a leading "src/" and
//     without ".py"; "pkg/__init__.py" is module "pkg". It is
//     FileFacts.Package and prefixes every qualified name:
//     "pkg.mod.func", "pkg.mod.Class", "pkg.mod.Class.method",
//     "pkg.mod.func.inner" (nested definitions are not exported).
//   - Calls in a class body belong to the class; at module level the caller
//     is empty. Decorators run in the enclosing scope, so their calls
//     belong to it, while a definition's span starts at its first decorator.
//   - Call qualifiers are the receiver as a dotted path: "os.path", "self",
//     "self.client". Parts that are not plain names are marked: "super()"
//     for a call result, "x[]" for a subscript, "?" for anything else.
//   - "import a.b" has Alias "a.b" (what qualifiers will show);
//     "from m import x, y" lists the original names in Names. The protocol
//     has one alias per import, so an alias is kept only for a lone name:
//     "from m import x as y" has Names ["x"] and Alias "y".
package python
