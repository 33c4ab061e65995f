// Package conventions finds how a repository's code and history are
// written — naming style per kind of identifier, test files and
// frameworks, doc comments, error handling, commit messages — each with
// its adherence: the share of the cases it applies to that follow it, with
// the counts behind the share.
//
// It is pure: the pipeline hands it the parsed facts of the files at HEAD
// and the commit messages (core/pipeline/conventions.go), and stores what
// it returns, in core/record's shapes, for core/query to read. It knows no
// language: styles are judged on the names, patterns on the paths, and
// frameworks are the imports that set test files apart from the rest.
// Start at Analyze.
package conventions
