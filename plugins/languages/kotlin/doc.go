// Package kotlin is Homer's built-in language plugin for Kotlin.
//
// It parses .kt and .kts files with tree-sitter (smacker/go-tree-sitter's
// bundled grammar) and reports, per file, its package, definitions, calls
// with their receivers, imports and KDoc. It is written only against sdk/;
// what it shares with the Java plugin (import resolution, the test-file
// convention, doc comments, type references) is in ../internal/jvm, and
// its files resolve together with Java's (link group "jvm").
//
// Start with New in kotlin.go; extract.go holds the node kinds and the two
// passes over a file (types and what they declare first, then bodies), and
// expr.go what an expression's type is as far as the file tells.
//
// Conventions the core relies on:
//   - FileFacts.namespace is the file's package, package_scope is set and
//     link_group is "jvm". Qualified names leave the package out:
//     "Client", "Client.get", "Outer.Inner.run", "topLevelFun".
//   - Classes, interfaces, enum classes, objects and companion objects are
//     types; a companion's members have the class as receiver (they are
//     called as Class.member), the companion itself ("Class.Companion")
//     the class among its bases. Secondary constructors are constructors
//     named after the class, and so is the primary constructor of a class
//     that has secondary ones; otherwise a call of the class reaches it.
//   - An extension function `fun Repo.find()` has receiver "Repo", the
//     extended type as written, and qualified name "Repo.find": the core
//     finds it as a member of Repo where Repo is declared in the same
//     package.
//   - Class properties and val/var constructor parameters are fields of
//     their class, typed by a reference (explicit, or the initialiser's:
//     `val repo = Repo()` gives "Repo()"); top-level properties are
//     definitions of kind property with that type.
//   - Calls: an unqualified call of a method declared in an enclosing
//     class has that class as receiver; of a top-level function, an
//     imported or a standard-library one (println, listOf, require...) none,
//     the latter builtin unless the file declares or imports the name. Any
//     other has the receiver of the enclosing `x.apply {}`, `x.run {}` or
//     `with(x) {}` lambda, or the extended type inside an extension
//     function, else none: implicit_receiver is set, and the core looks the
//     name up in the caller's class and its bases (inherited) before the
//     file's scope (the package's functions). `x.let {}` and `x.also {}`
//     type their lambda's `it`. `Foo()` is a call of Foo with constructor set.
//   - Kotlin Multiplatform: files of a source set for another platform
//     than the JVM (src/jsMain, src/nativeMain...) are variants; `expect`
//     functions (and the members of `expect` classes) are declarations,
//     whose calls the core sends on to the `actual` definitions.
//   - Error handling (error_shapes), as in Java: a catch block is "caught",
//     or "ignored" when empty; throw is "thrown", except throw e of the
//     exception an enclosing catch bound ("propagated") and throw X(..., e)
//     passing it on ("wrapped"). error(), require() and check() throw too
//     but read as assertions and are not counted, nor is !!.
//   - Imports: `import a.b.C` has Names ["C"]; `import a.b.*` Spec "a.b"
//     and Names ["*"]; `import a.b.C as D` Names ["C"] and Alias "D" (the
//     file writes D); a nested type or an object's member binds the
//     outermost type, as in Java.
package kotlin
