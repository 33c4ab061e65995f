// Package testlink decides which test file tests which files, so that
// salience and risk can tell tested code from untested code.
//
// Start with Analyze. It takes every file (path, language, whether it is a
// test) and the import map from the language plugins, and returns one Link
// per (test, file under test), each naming the rule that made it:
//
//   - go: dir/x_test.go tests dir/x.go when that exists, otherwise every
//     non-test .go file of dir (the package under test);
//   - name: a test named after its subject — Python test_foo.py and
//     foo_test.py, JS/TS foo.test.ts and foo.spec.ts (also in __tests__),
//     Ruby foo_spec.rb, Java/Kotlin/C#/PHP FooTest and FooTests, C/C++
//     foo_test.cc and foo_unittest.cc — tests the file of the same stem in
//     its own directory (or the one above a tests/__tests__/spec directory),
//     else the one it imports, else the only one in the repository;
//   - import: a test that no naming rule resolves tests the non-test files
//     it imports.
//
// A test file is never a file under test, not even its own: test files are
// tests, not code to be covered.
package testlink
