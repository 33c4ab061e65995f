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
//     class (`Foo.field_` when the class body is in another file), globals.
//     An unqualified call inside a method gets the class as receiver when
//     the file declares that member; otherwise the file cannot tell a
//     member from a free function of an included header, and claims none.
//   - Export and thread-safety macros the grammar cannot expand
//     (`class LEVELDB_EXPORT Cache`, `Mutex* mu GUARDED_BY(lock)`) are
//     blanked before parsing, positions kept.
//   - The namespace of the file is the one all its top-level definitions
//     share, if any. Calls qualified by std:: and methods of standard types
//     are builtins.
package cpp
