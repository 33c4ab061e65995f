// Package testrepo builds small git repositories with a known history for
// tests. It drives the git binary with a fixed environment (identity, dates,
// no user or system configuration, no signing), so the same sequence of calls
// always produces the same commit hashes.
//
//	r := testrepo.New(t)
//	r.Write("main.go", "package main\n")
//	sha := r.Commit(testrepo.Alice, testrepo.Day(1), "initial commit")
//	r.Tag("v1.0.0")
//
// Every method fails the test on error, so tests read as a script.
package testrepo
