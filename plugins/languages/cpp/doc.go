// Package cpp is Homer's built-in language plugin for C++.
//
// It parses C++ sources and headers, and .h files when the core gives
// headers to C++ (see Info.SharedExtensions), with tree-sitter's C++
// grammar. The walk, the include resolution and the test-file conventions
// are shared with the C plugin in ../internal/cfamily.
//
// What C++ files report, beyond what C files do:
//   - Qualified names carry namespaces and classes, "::" written ".":
//     `geo::Shape::area` is "geo.Shape.area". A method declared in a class
//     body without a body is a declaration whose receiver is the class; its
//     out-of-line definition (`double Shape::area() {}`) has the same
//     qualified name and receiver, so the core sends calls on the
//     declaration to it. Pure virtual methods are abstract; base clauses
//     give bases; fields carry their types; members are exported when
//     public.
//   - Receivers: `this`, parameters, locals (`Foo *p`, `Foo x(1)`,
//     `auto x = new Foo`, `auto x = make()`, smart pointers), fields of the
//     class, globals. An unqualified call inside a method is looked up in
//     the class first, as C++ does, when the class may have the member.
//   - The namespace of the file is the one all its top-level definitions
//     share, if any. Calls qualified by std:: and methods of standard types
//     are builtins.
package cpp
