// Package testlink decides which test file tests which files, so that
// salience and risk can tell tested code from untested code.
//
// Start with Analyze. It takes every file (path, link group, namespace, whether it
// is a test) and the import map from the language plugins, and returns one Link
// per (test, file under test), each naming the rule that made it:
//
//   - namespace: a test its language plugin marks as compiled with its
//     namespace (CoversNamespace) tests the files of it that it is named
//     after, calls or uses; the others, compiled with it, it reaches
//     indirectly;
//
//   - name: a test named after its subject (test_foo, foo_test, foo.spec,
//     foo_spec, FooTest, FooTests, foo_unittest, TestFoo, FooIT) tests the
//     file of its group with that stem in its own directory (or the one
//     above a tests/__tests__/spec directory), else the one it imports,
//     else the only one in the repository;
//
//   - import: a test that no naming rule resolves tests the non-test files
//     it imports.
//
//   - indirect: from its direct subjects and the files it imports or
//     calls, a test reaches the files those import or call within Hops
//     hops, staying under the starting file's directory (the package it
//     uses and that package's internal imports). Link.Direct tells them
//     apart.
//
// A test file is never a file under test, not even its own: test files are
// tests, not code to be covered. Test support (IsSupport: conftest files,
// fixtures, test apps, testdata, mocks) is neither a test nor a subject,
// and a file without function bodies is not code a test is wanted for;
// Result.Roles says which, and Result.Untested lists only code no test
// reaches.
package testlink
