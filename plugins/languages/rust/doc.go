// Package rust is Homer's built-in language plugin for Rust.
//
// It parses .rs files with tree-sitter (smacker/go-tree-sitter's bundled
// grammar) and returns, per file, definitions, call sites with their
// receivers, use and mod declarations, and rustdoc comments. It is written
// only against sdk/, so it runs exactly as a third-party plugin would.
//
// Start with New in rust.go. module.go reads a file's crate and module
// from its path; extract.go walks items (functions, structs, enums, traits,
// impls, aliases, constants, statics, macros, modules); body.go walks
// function bodies (calls, local variables, complexity) and turns types and
// paths into references; use.go flattens use trees; std.go lists what is
// Rust's own; resolve.go maps imports onto the module tree.
//
// Conventions the core relies on:
//
//   - Qualified names are the module path within the crate joined with
//     ".", without the crate's name: "runtime.task.join.JoinHandle.abort"
//     in tokio/src/runtime/task/join.rs; an item of the crate root
//     (lib.rs, main.rs, src/bin/x.rs, tests/x.rs) has its bare name. The
//     module path comes from Cargo's layout (a.rs or a/mod.rs is module a);
//     a #[path] attribute moves a module's file but not its names.
//   - FileFacts.namespace is the crate (its directory's name, '-' → '_')
//     and the module: "tokio.runtime.task.join". package_scope is false:
//     Rust names need a `use`; a file's own items are in its scope.
//   - Members: methods of `impl Type` and `impl Trait for Type` have the
//     type's qualified name as receiver; a trait's methods have the trait's,
//     abstract when they have no body. `impl Trait for Type` adds Trait to
//     Type's bases. The core finds a type's members in the type's own file
//     only, so an impl of a type defined in another file becomes a
//     definition of kind "impl" named as written ("impl Future for
//     JoinHandle", "impl Handle": no name in a file's scope is spelled so,
//     so it shadows nothing), holding the block's methods, with the trait
//     and the type as its bases: self reaches the block's methods, then the
//     trait's and the type's; the trait's callers reach the block's methods
//     by dispatch. Calls made elsewhere on the type do not reach them.
//     Items of an inline module (`mod tests { ... }`) are members of the
//     module definition, and a bare call inside the module to one of them
//     has the module as receiver.
//   - `mod x;` is an import (spec "mod x", alias x) of x.rs or x/mod.rs
//     beside the declaring file (inside its directory for a non-mod.rs
//     file), not a definition: a definition named x would shadow the alias
//     the file's paths go through. Inline modules are definitions.
//   - use trees give one import per name they bind, spec the whole path.
//     An upper-case name is a type, trait or constant (names [Name]); a
//     lower-case one may be a module or an item, so both readings are
//     reported: "a::b" with alias b and "a::{b}" with names [b], and
//     ResolveImports resolves only the reading the files confirm. Renames
//     keep the original name in names and the new one as alias. Globs have
//     names ["*"]. `extern crate x as y` binds y.
//   - Paths in code: the leading lower-case segments of a path are its
//     module part, the rest (from the first upper-case segment) the type
//     part. a::b::f() and a::b::Type::f() have a receiver whose first
//     segment is the module part written with "::" ("crate::a::b.Type"),
//     and the file gets an import with that alias and spec, so the core
//     evaluates it through ResolveImports. A one-segment module part (io::
//     copy()) is the name itself, imported as a crate when nothing in the
//     file binds it (serde_json:: is then external).
//   - Receivers: self and Self are the impl's type; parameters and locals
//     are typed by annotations, constructors (Foo::new() → "Foo.new()",
//     Foo { .. } → "Foo", Default::default → the type), and the ? operator,
//     .await, .unwrap() and .expect() are seen through. References, raw
//     pointers and Box, Arc, Rc, Pin, ManuallyDrop, Cow are stripped; dyn
//     Trait and impl Trait are Trait; a generic parameter is its first bound
//     that is not a marker (Send, Sync, Clone...). A function's declared
//     result is taken out of Result, Option and Poll, since callers take
//     the value out with ? or unwrap; so a method of Option or Result called
//     on a call's result taken as is gets the unknown receiver "?", as does
//     a method called on a local whose type the file does not tell (its
//     name must not be looked up in the file's scope).
//   - Argument counts: a call by name or a method call carries its
//     argument count, a function its parameter count (self left out), so
//     an inherent method and a trait's of one name on one type are told
//     apart (task.poll() is not Future::poll). Type::method(x, ..) passes
//     the receiver as an argument and is not counted.
//   - Builtins: calls on the standard library's types (the prelude's
//     unless the file defines or imports the name, primitives, and names
//     the file imports from std, core or alloc), the prelude's functions
//     and variants (Some, Ok, drop...) unless shadowed, and std's macros
//     unless the file defines a macro of that name. A builtin method call
//     keeps its receiver (Vec.new(), a field the file types as a Vec):
//     it evaluates to nothing in the repository, and the core does not
//     fall back to the method's name. A std macro named like
//     a function of the file is dropped, not reported: macros and functions
//     live apart in Rust, and a builtin resolves to the file's own names.
//   - Macros: macro_rules! gives a definition of kind macro; an invocation
//     is a call of the macro. A macro's body is parsed again on its own, so
//     items inside cfg_rt! { ... } and calls inside ready!(...) or
//     assert_eq!(...) are found (three levels deep at most, bounded in
//     number and size per file). The code inside quote!, quote_spanned!
//     and parse_quote! is a procedural macro's output, not its own: it is
//     not parsed.
//   - Test code in a file that is not a test (#[test] functions,
//     #[cfg(test)] modules and all they hold) is reported with
//     Definition.test, and the imports made there with Import.test: a
//     crate's unit tests may use a crate built on it (a dev-dependency),
//     which its code cannot.
//   - Complexity: 1, plus one per if (else if included), while, for, loop,
//     && and ||, let-else, and n-1 per match of n arms (a match is
//     exhaustive: one arm is the fall-through). The ? operator is not a
//     branch: counting it would rank idiomatic error handling as complex.
//     Closures count toward the function holding them.
//   - Tests: files under a tests/ directory (integration tests, a unit-test
//     directory inside src), tests.rs, test.rs, *_test.rs and *_tests.rs,
//     and files whose inner attributes hold #![cfg(test)]. Benchmarks and
//     examples are not tests; a #[cfg(test)] module inside a file does not
//     make the file a test. A source file's functions marked #[test] (or
//     an async runtime's ::test, #[rstest], #[quickcheck]) are its inline
//     tests: the file is tested by itself. A #[cfg(test)] module without
//     such functions (its tests made by a macro_rules! it defines) counts
//     as one.
//   - Error handling (error_shapes): "propagated" for each ? operator,
//     "wrapped" for .map_err(...), and anyhow's .context(x) and
//     .with_context(f) (with an argument: a bare .context() is another
//     method), "panicked" for .unwrap(), .expect(..) and panic!,
//     "returned" for each Err(..) built (return Err(e), a tail Err(e), a
//     match arm's; a pattern Err(e) => is no site). Sites in #[test]
//     functions and #[cfg(test)] modules are left out; those in macro
//     arguments the walk reparses count.
//   - ResolveImports follows crate::, self::, super::, names the file binds
//     (a use, a mod, a #[path] mod, and one glob import deep: use super::*
//     brings the parent's bindings) and the crates of the workspace (the
//     manifests the core sends, kind "cargo", else every src/lib.rs, named
//     by its Cargo.toml under the repository root when it can be read). A
//     path goes to the deepest module with a file, through inline modules
//     whose own modules have files; what is left names items in it. Any
//     other crate (std, core, alloc, dependencies) is external; a path into
//     the crate with no file is unresolved.
package rust
