// Package c is Homer's built-in language plugin for C.
//
// It parses .c files, and .h files when the core gives headers to C (see
// Info.SharedExtensions), with tree-sitter's C grammar. The walk, the
// include resolution and the test-file conventions are shared with the C++
// plugin in ../internal/cfamily; this package only names the dialect.
//
// What C files report:
//   - Functions, prototypes and extern declarations (declaration: true, so
//     a call reaching a header's prototype goes on to the function's
//     definition in any C or C++ file: both are link group "c"), structs,
//     unions, enums, typedefs, global variables, function-like macros
//     (kind macro) and object-like macros with a value (kind constant).
//     Exported means not static.
//   - No namespace: C names are global across the link, and a file reaches
//     another's functions through the headers it includes. Each #include is
//     an import that binds no name, so everything the included file
//     declares is in scope.
//   - Calls of the C library (printf, malloc, strlen, ...) are builtins
//     unless the file itself declares the name.
package c
