// Package cfamily is the walk the C and C++ plugins share: one extractor
// over tree-sitter's C and C++ grammars, whose node names mostly agree, with
// the dialect deciding what only C++ has (namespaces, classes, methods,
// receivers of member calls).
//
// Start with New in plugin.go. kinds.go maps node types to the walk's
// kinds; extract.go walks definitions (functions, prototypes, types,
// typedefs, macros, globals, methods in and out of their class body);
// calls.go records calls and settles, once the whole file is read, their
// receivers (locals, parameters, this, fields, globals; ::f() names the
// top level, receiver ".", never the calling class's f), builtins and the
// file's namespace; macros.go blanks macros the grammar would misread;
// resolve.go maps #includes to files (beside the includer, include
// directories from include/, CMakeLists.txt and compile_commands.json, then
// a unique path suffix); builtins.go lists the C library, the C++ standard
// names and the standard headers.
//
// Conventions the core relies on:
//   - An #include is an import binding no name: everything the included
//     file declares is in scope (the core follows includes of includes up to
//     three files on). Quoted includes keep their path as spec ("util.h"),
//     system ones their brackets ("<stdio.h>").
//   - A definition without a body (prototype, extern, method declared in a
//     class) has declaration: true and the same qualified name as its
//     definition, wherever that is: both plugins are link group "c". A
//     declaration the same file also defines (same name, as many
//     parameters) is dropped.
//   - Qualified names join namespaces, classes and the name with ".";
//     anonymous namespaces add nothing (their definitions are not exported).
//   - Overloads: functions, methods, prototypes and function-like macros
//     report how many arguments they take (`(void)` none; defaults lower
//     the minimum; `...` and parameter packs lift the maximum; C's `f()`
//     says nothing), calls and constructions how many they pass. A C++
//     definition that may be declared elsewhere (out of line, or not
//     static) states only its maximum: default arguments live in the
//     declaration. A declaration the same file defines lends the
//     definition its minimum; declarations of other overloads are kept.
//   - Files under test/ or tests/, or named as tests (test.c, *_test.c,
//     test_*.c), are tests; a header among them that defines no test case
//     itself (no TEST, TEST_CASE, ... macro) is their support.
//   - Files over 2 MiB are read for their definitions only, with a warning.
//   - A file named for a platform other than Linux's (env_windows.cc,
//     win32/) is a variant.
package cfamily
