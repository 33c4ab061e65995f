// Package swift is Homer's built-in language plugin for Swift.
//
// It parses .swift files with tree-sitter (smacker/go-tree-sitter's bundled
// grammar) and reports, per file, definitions, calls with their receivers,
// imports, doc comments and complexity. It is written only against sdk/,
// as a third-party plugin would be.
//
// Start with New in swift.go. extract.go holds the node kinds and the walk
// that produces a file's facts; text.go modules, test files, doc comments
// and the standard library's names; resolve.go maps imports to modules.
//
// Conventions the core relies on:
//   - A file's namespace is its module: the target whose Package.swift
//     path holds it (`.target(name: "Alamofire", path: "Source")`), else
//     the directory under Sources/ or Tests/ (SwiftPM's layout), else the
//     file's top directory. package_scope is set: the files of a module see
//     each other's declarations without an import, and a type's members
//     declared in any file of its module (extensions) are found with it.
//   - Qualified names do not repeat the module: "Session",
//     "Session.request", "Outer.Inner.run", "Session.init". A method in
//     `extension Foo` is "Foo.method" with receiver Foo. An extension is no
//     definition of its own (the type is declared once); the conformances
//     it adds become bases of the type when the type is declared in the
//     same file.
//   - Kinds: class and actor "class", struct, enum, protocol "interface"
//     (structural false: conformance is declared; its requirements are
//     abstract), initializers "constructor" named "init", methods
//     (deinit and subscript too), top-level "function", computed
//     properties "property", top-level let/var "constant"/"variable",
//     typealias "type". Stored properties are the type's Fields.
//   - exported: everything but private and fileprivate (Swift's default
//     is internal, visible to the module).
//   - Receivers: an unqualified call inside a type runs on the innermost
//     enclosing type the file gives that method (its declaration or an
//     extension); one the file does not give has no receiver, and
//     implicit_receiver is set: the core looks in the caller's type and
//     its bases (inherited, or declared in another file), then among the
//     module's functions. `self.m()` the type; `super.m()` its
//     bases (^Type, for top-level types); typed parameters, locals and
//     properties their type; `let x = Foo()` Foo; `let x = f()` the result
//     of f. `Foo()` with an upper-case name is a constructor call; `.m()`
//     has qualifier "." (its type is the context's).
//   - Builtin: the standard library's functions (print, min, max, zip,
//     stride, precondition, fatalError, ...), XCTest's assertions, and
//     calls on the standard library's and Foundation's types (String(x),
//     DispatchQueue.main.async), unless the file declares that name.
//   - Imports: `import M` has Names ["*"]; `import struct M.Point` has spec
//     M and Names ["Point"].
//   - Overloads: functions and initializers report how many arguments
//     they take (a default value lowers the minimum, a variadic `T...`
//     lifts the maximum), calls how many they pass, trailing closures
//     included, so the core keeps the overloads that fit.
//   - Not expressible yet: argument labels (overloads of one arity that
//     differ by label stay ambiguous), and conformances an extension adds
//     to a type declared in another file.
//   - Doc comments are the /// lines or /** */ block just above a
//     declaration; style "swiftdoc".
//   - is_test: files under a Tests or *Tests directory, or named
//     *Tests.swift or *Test.swift.
package swift
