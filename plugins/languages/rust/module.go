package rust

import (
	"path"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// module is where a file sits in its crate, as Cargo's layout conventions
// tell from the path alone: the crate's directory and name, and the module
// path of the file within the crate (empty for a crate root).
type module struct {
	crateDir string   // the directory holding Cargo.toml (by convention)
	crate    string   // the crate's name as Rust spells it: the directory's, '-' → '_'
	root     bool     // lib.rs, main.rs, src/bin/x.rs, tests/x.rs, build.rs...
	path     []string // module path within the crate: ["runtime", "task"]
	ownsDir  bool     // child modules live in the file's directory (root or mod.rs)
}

// moduleOf reads a file's place in its crate from its path:
//
//	tokio/src/lib.rs                  crate tokio, root
//	tokio/src/runtime/task/mod.rs     runtime.task
//	tokio/src/runtime/task/join.rs    runtime.task.join
//	app/src/bin/tool.rs               root of a binary
//	app/tests/it.rs, app/tests/common/mod.rs   root, common
//
// A #[path] attribute or a [lib] path in Cargo.toml can move a module; the
// qualified names of such files follow the directory layout instead.
func moduleOf(p string) module {
	parts := strings.Split(p, "/")
	file := parts[len(parts)-1]
	m := module{}
	// The last "src" with something after it marks the crate; failing
	// that, Cargo's other target directories.
	at := -1
	for i := len(parts) - 2; i >= 0; i-- {
		if parts[i] == "src" {
			at = i
			break
		}
	}
	if at < 0 {
		for i := len(parts) - 2; i >= 0; i-- {
			if parts[i] == "tests" || parts[i] == "examples" || parts[i] == "benches" {
				at = i
				break
			}
		}
	}
	var rel []string
	if at >= 0 {
		m.crateDir = strings.Join(parts[:at], "/")
		rel = parts[at+1:]
		if parts[at] == "src" && len(rel) > 1 && rel[0] == "bin" {
			// src/bin/x.rs and src/bin/x/main.rs are roots of binaries;
			// src/bin/x/y.rs is module y of binary x.
			if len(rel) == 2 || (len(rel) == 3 && rel[2] == "main.rs") {
				m.root = true
			} else {
				rel = rel[2:]
			}
		}
	} else {
		m.crateDir = strings.Join(parts[:len(parts)-1], "/")
		rel = []string{file}
	}
	if m.crateDir == "" {
		m.crateDir = "."
	}
	m.crate = strings.ReplaceAll(path.Base(m.crateDir), "-", "_")
	if m.crate == "." || m.crate == "/" {
		m.crate = "crate"
	}
	switch {
	case m.root:
	case len(rel) == 1 && (rel[0] == "lib.rs" || rel[0] == "main.rs"):
		m.root = true
	case len(rel) == 1 && at >= 0 && parts[at] != "src":
		m.root = true // tests/x.rs, examples/x.rs, benches/x.rs
	case len(rel) == 1 && at < 0 && rel[0] == "build.rs":
		m.root = true
	case len(rel) == 2 && rel[1] == "main.rs" && at >= 0 && parts[at] != "src":
		m.root = true // tests/x/main.rs
	}
	if m.root {
		m.ownsDir = true
		return m
	}
	last := rel[len(rel)-1]
	if last == "mod.rs" {
		m.path = append([]string(nil), rel[:len(rel)-1]...)
		m.ownsDir = true
	} else {
		m.path = append(append([]string(nil), rel[:len(rel)-1]...), strings.TrimSuffix(last, ".rs"))
	}
	return m
}

// namespace is the crate and module path, dotted: "tokio.runtime.task".
func (m module) namespace() string {
	return strings.Join(append([]string{m.crate}, m.path...), ".")
}

// binarySpec is the import an integration test makes of its crate's
// binary.
const binarySpec = sdk.MarkerSpec + "bin]"

// integrationTest tells a file of a crate's tests/ directory that Cargo
// builds as a test of its own: tests/cli.rs, not tests/common/mod.rs.
func integrationTest(p string) bool {
	return path.Base(path.Dir(p)) == "tests" && strings.HasSuffix(p, ".rs")
}

// testSupportName tells a file among the tests named for what they share
// (tests/util.rs, tests/common/mod.rs, tests/support/fs.rs); with no
// #[test] of its own it is test support, not a test.
func testSupportName(p string) bool {
	parts := strings.Split(p, "/")
	names := []string{strings.TrimSuffix(parts[len(parts)-1], ".rs")}
	if len(parts) > 1 {
		names = append(names, parts[len(parts)-2])
	}
	for _, n := range names {
		switch n {
		case "util", "utils", "common", "helper", "helpers", "support", "fixtures", "macros",
			// What a compile test (trybuild, compiletest) compiles and
			// checks the errors of: axum-macros' tests/debug_handler/fail/.
			"ui", "pass", "fail", "compile-fail", "compile_fail", "compile-pass", "run-pass", "run_pass":
			return true
		}
	}
	return false
}

// isTestPath says whether a file is test code by Cargo's conventions: the
// integration tests under a tests/ directory, a unit-test module kept in
// its own file (tests.rs, test.rs, or a tests/ directory inside src), and
// files named *_test.rs or *_tests.rs. Benchmarks and examples are not
// tests. A file whose first item is #![cfg(test)] is a test too; that is
// decided from the content (see extract.go).
func isTestPath(p string) bool {
	parts := strings.Split(p, "/")
	for _, d := range parts[:len(parts)-1] {
		if d == "tests" {
			return true
		}
	}
	base := parts[len(parts)-1]
	return base == "tests.rs" || base == "test.rs" ||
		strings.HasSuffix(base, "_test.rs") || strings.HasSuffix(base, "_tests.rs")
}
