// Package golang is Homer's built-in language plugin for Go.
//
// It parses .go files with tree-sitter (smacker/go-tree-sitter's bundled
// grammar) and reports, per file, what the file alone tells in the terms of
// the language seam (ARCHITECTURE.md): definitions, calls with their
// receivers, imports, references, and the file's package facts. It is
// written only against sdk/, so that it runs exactly as a third-party
// plugin would, on the shared parse loop of sdk/treesitter.
//
// Start with New in golang.go. extract.go holds the Go node kinds and the
// single tree walk; variant.go decides whether the default build
// (linux/amd64, cgo, no tags) leaves a file out; text.go the doc comments,
// signatures and import names; resolve.go maps import paths to repository
// files through go.mod manifests.
//
// What it reports:
//   - Definitions with qualified names from the package clause: pkg.Func,
//     pkg.Type, pkg.Type.Method (receiver pkg.Type), and each method of an
//     interface as an abstract method of it. Several init in one file share
//     a name; the core numbers them. Structs carry their fields typed by
//     references and their embedded types as bases; interfaces are
//     structural, with their embedded interfaces as bases; an alias has
//     what it names as its base. Functions carry their first result's type
//     (pointers stripped; slices, maps and the like left out) and their
//     cyclomatic complexity; package-level variables their declared or
//     inferred type.
//   - Calls with the qualifier as written and, where the file tells it, the
//     receiver as a reference: the method's receiver (Server), a
//     parameter's or a declared variable's type (api.Client), a
//     constructor's result (NewFoo(), pkg.NewFoo()), a composite literal
//     (T{}, &T{}), a type assertion or a one-type case of a type switch, a
//     field chain (Server.client), the element of a local slice, map or
//     channel. Locals follow Go's block scopes, and one of unknown type
//     hides what it shadows. Calls of locals (closures, function
//     parameters) and conversions to predeclared or file-local types are
//     not reported; builtin marks Go's predeclared functions when the file
//     does not define one of the name.
//   - References: every pkg.Name the file uses other than as a call's
//     qualifier (types, composite literals, constants, functions passed as
//     values), which narrows its import of a package to the files it uses.
//   - FileFacts: package_scope, namespace (the directory), is_test
//     (_test.go), covers_namespace for tests, and variant when a build
//     constraint or a _GOOS/_GOARCH suffix leaves the file out of the
//     default build.
//   - Error handling (error_shapes), from the return statements and calls
//     of the walk: "returned" when a return's last result is a variable
//     named as Go names errors (err, or ending in err or Err: werr,
//     readErr); "wrapped" when it is fmt.Errorf with a %w verb or with
//     such a variable among its arguments (%v of err adds context though
//     it cuts the chain: the error still goes back inside another), or
//     errors.Wrap, Wrapf, WithMessage(f), WithStack of any package named
//     *errors; "panicked" for the builtin panic and log.Fatal*/log.Panic*.
//     A fresh error (errors.New, fmt.Errorf of a message alone) handles
//     nothing and is not counted. Dropped errors (_ = f(), a call whose
//     error result goes unread) need types to tell and are not counted.
//
// The bundled grammar predates some recent Go syntax (new(expr), generic
// type aliases): such files get a warning diagnostic and keep every fact
// outside the unparsable region.
package golang
