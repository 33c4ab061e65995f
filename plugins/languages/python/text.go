package python

import (
	"path"
	"strings"

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

// isTest follows pytest's discovery conventions plus the usual test
// directories.
func isTest(p string) bool {
	base := path.Base(p)
	stem := strings.TrimSuffix(strings.TrimSuffix(base, ".py"), ".pyi")
	if strings.HasPrefix(stem, "test_") || strings.HasSuffix(stem, "_test") || stem == "conftest" {
		return true
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
