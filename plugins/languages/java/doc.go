// Package java is Homer's built-in language plugin for Java.
//
// It parses .java files with tree-sitter (smacker/go-tree-sitter's bundled
// grammar) and reports, per file, its package, definitions, calls with
// their receivers, imports and Javadoc. It is written only against sdk/;
// what it shares with the Kotlin plugin (import resolution, the test-file
// convention, doc comments, type references) is in ../internal/jvm.
//
// Start with New in java.go; extract.go holds the node kinds and the two
// passes over a file (types and their members first, then bodies), and
// expr.go what an expression's type is as far as the file tells.
//
// Conventions the core relies on:
//   - FileFacts.namespace is the file's package ("com.example.app"),
//     package_scope is set (a type is visible in its package without an
//     import) and link_group is "jvm", shared with Kotlin.
//   - Qualified names do not repeat the package, which the namespace
//     carries: "Client", "Client.get", "Outer.Inner.run". A constructor is
//     named after its class ("Client.Client"); overloads share their
//     qualified name. Types nested in a type have it as receiver, members
//     (methods, constructors) their type.
//   - Fields are not definitions: they are the fields of their type, typed
//     by a reference ("client" → "Client"), and so are record components
//     and enum constants.
//   - Calls: `m()` has as receiver the class (or outer class) of the file
//     declaring m, or the type a static import names; otherwise none, and
//     implicit_receiver is set, so that the core looks m up in the caller's
//     class and its bases (inherited) before the file's scope; `this.m()`
//     the class, `super.m()` "^Class"; a local, a parameter or a field
//     their declared type (`var x = new Foo()` gives "Foo"); `Foo.m()` the
//     type Foo; `this.client.get()` "Class.client". `new Foo()` is a call of
//     Foo with constructor set, `super(...)` and `this(...)` calls of the
//     base's and the class's constructors, `Foo::bar` a call of bar.
//     Receivers the file cannot type are "?", and so are chains through
//     more than jvm.MaxChainCalls calls (the core's cost grows with the
//     product of the overloads along a chain). A receiver rooted in a
//     java.lang type the file does not declare or import (String, System,
//     Math...) makes the call builtin.
//   - Calls in field initialisers and initialiser blocks belong to the
//     class; calls in anonymous and local classes to the enclosing method,
//     whose definitions they are not.
//   - Imports: `import a.b.C;` has Names ["C"]; `import a.b.*;` Spec "a.b"
//     and Names ["*"]; `import static a.b.C.m;` and a nested type
//     `import a.b.C.D;` bind the outermost type: Names ["C"], the file's
//     uses of m and D being written as C.m and C.D.
//   - Error handling (error_shapes): a catch clause is "caught", or
//     "ignored" when its block is empty (comments aside); throw is
//     "thrown", except throw e of the exception an enclosing catch bound
//     ("propagated") and throw new X(..., e) passing it on ("wrapped").
//   - is_test: a file under src/test/ (or another src/*Test/ set), or
//     named *Test, *Tests, *TestCase, *IT or Test*, outside src/main/.
package java
