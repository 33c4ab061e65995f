// Package csharp is Homer's built-in language plugin for C#.
//
// It parses .cs files with tree-sitter (smacker/go-tree-sitter's bundled
// grammar) and reports, per file, definitions, calls with their receivers,
// using directives, XML doc comments and complexity. It is written only
// against sdk/, as a third-party plugin would be.
//
// Start with New in csharp.go. extract.go holds the node kinds and the
// single walk that produces a file's facts; text.go test-file rules, doc
// comment cleaning and the runtime's names; resolve.go classifies usings.
//
// Conventions the core relies on:
//   - A file's namespace (FileFacts.Namespace) is the first it declares,
//     block or file-scoped, nested blocks joined ("App.Models");
//     package_scope is set, since the types of one namespace see each other
//     without a using. Qualified names do not repeat the namespace: "Shape",
//     "Shape.Area", "Outer.Inner.Run"; a constructor is named like its type
//     ("Shape.Shape").
//   - Classes and records are "class" (a record struct is "struct"),
//     structs "struct", interfaces "interface" (their methods abstract, and
//     C# typing is nominal: never structural), enums "enum", delegates
//     "type". Methods, constructors and properties with code are members of
//     their type (receiver: its qualified name); fields, events and
//     auto-properties are its Fields, with their types. Operators,
//     indexers, finalizers and event accessors are no definitions: their
//     calls are their type's. Local functions and lambdas belong to the
//     body they are written in.
//   - An extension method (a static method whose first parameter is
//     `this T`) stays a member of its static class, which is where C#
//     declares it; its signature shows the `this`. A call `t.M()` on a T
//     therefore reaches it only if T's type is unknown and M is unique.
//   - exported: public or internal (with protected internal); members
//     without an access modifier are private, except in interfaces; a
//     top-level type without one is internal, so exported.
//   - Receivers: an unqualified call inside a type runs on the innermost
//     enclosing type declaring that method in the file, else the innermost
//     type (it may be inherited); `this.M()` the type; `base.M()` its bases
//     (^Type, for top-level types); a parameter, local, field or property
//     its declared type; `var x = new Foo()` Foo; `var x = F()` the result
//     of F. Generic arguments, nullability and ref are stripped; arrays and
//     tuples are unknown. A type parameter stands for its constraint.
//     implicit_receiver is not set: the plugin names the receiver itself.
//     Measured on Polly, the core's implicit lookup would send
//     `new FaultGenerator()` inside a class with a method of that name to
//     the method, and miss bases declared on another part of a partial
//     class (AsyncPolicy's).
//   - Builtin: nameof, and calls on the runtime's types (Console, Math,
//     String, Task, ... and the type keywords) when the file declares no
//     type and no using alias of that name.
//   - Usings: `using A.B;` and `using static A.B.C;` have Names ["*"];
//     `using X = A.B.C;` has Alias X. A `global using` is marked Global:
//     it holds for every file under the directory of the file writing it
//     (a project's GlobalUsings.cs sits at its root). A project's own
//     `<Using Include="A.B" />` items (in its .csproj or a
//     Directory.Build.props above it; not the Static or aliased ones) are
//     imports of every file under it, marked Implicit.
//   - ResolveImports maps no using to files (see resolve.go): a namespace
//     the repository may own is left unresolved for the core to match
//     against the namespaces files declare; one nothing in the repository
//     suggests is external.
//   - nested_namespaces is set: code in App.Models sees App's types
//     without a using.
//   - Overloads: methods and constructors report how many arguments they
//     take (optional parameters lower the minimum, params lifts the
//     maximum, an extension method may be called without its `this`
//     argument), and calls, creations and `: base(...)`/`: this(...)` how
//     many they pass (named ones included), so the core keeps the
//     overloads that fit. Overloads of one arity stay ambiguous, and so do
//     a generic type and its non-generic namesake (Policy, Policy<T>:
//     both "Policy").
//   - Not expressible yet: partial types (each part is a definition, so a
//     call through one is one of several).
//   - Doc comments are the /// lines (or a /** */ block) just above a
//     declaration, XML tags reduced to text; style "xmldoc".
//   - is_test: files named *Tests.cs or *Test.cs, or under a directory
//     named test/tests or like a test project (App.Tests, UnitTests,
//     IntegrationTest), or under the directory of a .csproj so named.
package csharp
