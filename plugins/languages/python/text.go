package python

import (
	"path"
	"strings"
	"unicode/utf8"

	"github.com/homer-dev/homer/sdk"

	"github.com/homer-dev/homer/sdk/treesitter"
)

// moduleName turns a repository path into the dotted module Python would
// import it as, assuming the repository root or src/ is on sys.path:
// "src/pkg/mod.py" → "pkg.mod", "pkg/__init__.py" → "pkg".
func moduleName(p string) string {
	p = strings.TrimPrefix(p, "src/")
	p = strings.TrimSuffix(strings.TrimSuffix(p, ".py"), ".pyi")
	if p == "__init__" || strings.HasSuffix(p, "/__init__") {
		p = strings.TrimSuffix(strings.TrimSuffix(p, "__init__"), "/")
	}
	return strings.ReplaceAll(p, "/", ".")
}

// isTest is what a file's name alone says: pytest collects test_*.py and
// *_test.py. A file in a tests/ or test/ directory is a test only when it
// defines tests (see inTestDirectory): conftest.py, fixture applications
// and helpers there support tests without being tests, and their
// definitions stay in the code graph.
func isTest(p string) bool {
	stem := strings.TrimSuffix(strings.TrimSuffix(path.Base(p), ".py"), ".pyi")
	return strings.HasPrefix(stem, "test_") || strings.HasSuffix(stem, "_test")
}

// inTestDirectory is whether p lies under a tests/ or test/ directory, where
// a module defining test functions or classes is a test.
func inTestDirectory(p string) bool {
	if path.Base(p) == "conftest.py" {
		return false
	}
	for _, dir := range strings.Split(path.Dir(p), "/") {
		if dir == "tests" || dir == "test" {
			return true
		}
	}
	return false
}

// cleanDocstring strips a string literal's prefix and quotes and dedents
// it as inspect.cleandoc does: the first line loses its leading space, the
// others their common indentation, and blank edges go.
func cleanDocstring(lit string) string {
	lit = strings.TrimLeft(lit, "rRuUbBfF")
	for _, q := range []string{`"""`, `'''`, `"`, `'`} {
		if len(lit) >= 2*len(q) && strings.HasPrefix(lit, q) && strings.HasSuffix(lit, q) {
			lit = lit[len(q) : len(lit)-len(q)]
			break
		}
	}
	lines := strings.Split(strings.ReplaceAll(lit, "\t", "        "), "\n")
	margin := -1
	for _, l := range lines[1:] {
		trimmed := strings.TrimLeft(l, " ")
		if trimmed == "" {
			continue
		}
		if indent := len(l) - len(trimmed); margin < 0 || indent < margin {
			margin = indent
		}
	}
	lines[0] = strings.TrimSpace(lines[0])
	for i := 1; i < len(lines); i++ {
		if margin > 0 && len(lines[i]) >= margin {
			lines[i] = lines[i][margin:]
		}
		lines[i] = strings.TrimRight(lines[i], " \r")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// syntax is what folding a definition header onto one line must know of
// Python: # comments, and a backslash that continues the line.
var syntax = treesitter.Syntax{
	Quotes:           "\"'",
	LineComment:      "#",
	LineContinuation: true,
	// A definition with huge default values must not bloat every fact
	// built on it.
	MaxLen: 300,
}

// oneLine renders a definition header on one line, comments dropped:
// "def f(\n    a,  # n\n)" reads "def f(a)".
func oneLine(b []byte) string { return syntax.OneLine(b) }

// sanitize replaces invalid UTF-8 in the facts the shared parse loop does
// not check (types, fields, receivers, references): protobuf refuses such
// strings, which would fail the whole batch.
func sanitize(f *sdk.FileFacts) {
	fix := func(s *string) {
		if !utf8.ValidString(*s) {
			*s = strings.ToValidUTF8(*s, "\uFFFD")
		}
	}
	for _, d := range f.Definitions {
		fix(&d.Type)
		for _, fl := range d.Fields {
			fix(&fl.Name)
			fix(&fl.Type)
		}
	}
	for _, c := range f.Calls {
		fix(&c.Receiver)
	}
	for i := range f.References {
		fix(&f.References[i])
	}
}
