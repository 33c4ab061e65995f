package python

import (
	"bytes"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/homer-dev/homer/sdk"
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

// maxSignature keeps a definition with huge default values from bloating
// every fact built on it.
const maxSignature = 300

// oneLine renders a definition header on one line: a line break and its
// indentation become one space, or nothing just inside brackets, and
// comments are dropped, so "def f(\n    a,  # n\n)" reads "def f(a)".
func oneLine(b []byte) string {
	out := make([]byte, 0, len(b))
	var quote byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		if quote != 0 {
			out = append(out, c)
			if c == '\\' && i+1 < len(b) {
				i++
				out = append(out, b[i])
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch {
		case c == '"' || c == '\'':
			quote = c
			out = append(out, c)
		case c == '#':
			for i < len(b) && b[i] != '\n' {
				i++
			}
			i--
		case c == '\\' && i+1 < len(b) && (b[i+1] == '\n' || b[i+1] == '\r'):
			// explicit line continuation: the whitespace after it folds
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			j := i
			for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r') {
				j++
			}
			out = appendSpace(out, b, j, bytes.ContainsAny(b[i:j], "\n\r"))
			i = j - 1
		default:
			out = append(out, c)
		}
	}
	return clip(strings.TrimSpace(string(out)), maxSignature)
}

// appendSpace writes the single space a whitespace run (or a dropped
// comment) stands for. A run that breaks the line is layout, not spacing:
// it leaves nothing just inside brackets or before a comma, and takes the
// trailing comma of a multi-line list with it.
func appendSpace(out, b []byte, next int, broken bool) []byte {
	if !broken {
		if len(out) == 0 || out[len(out)-1] == ' ' {
			return out
		}
		return append(out, ' ')
	}
	var following byte
	for k := next; k < len(b); k++ {
		if b[k] != ' ' && b[k] != '\t' && b[k] != '\n' && b[k] != '\r' {
			following = b[k]
			break
		}
	}
	out = bytes.TrimRight(out, " ")
	var prev byte
	if len(out) > 0 {
		prev = out[len(out)-1]
	}
	switch {
	case following == ')' || following == ']' || following == '}':
		return bytes.TrimSuffix(out, []byte(","))
	case following == ',' || following == 0:
		return out
	case prev == '(' || prev == '[' || prev == '{' || prev == 0:
		return out
	}
	return append(out, ' ')
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// countLines counts lines as editors do: a final line without a newline
// still counts, a trailing newline does not open a new one.
func countLines(src []byte) int32 {
	n := bytes.Count(src, []byte{'\n'})
	if len(src) > 0 && src[len(src)-1] != '\n' {
		n++
	}
	return int32(n)
}

// sanitize replaces invalid UTF-8 (Latin-1 files, binary blobs named .py)
// in every string of the facts: protobuf refuses to marshal such strings,
// which would fail the whole batch.
func sanitize(f *sdk.FileFacts) {
	fix := func(s *string) {
		if !utf8.ValidString(*s) {
			*s = strings.ToValidUTF8(*s, "\uFFFD")
		}
	}
	fix(&f.Package)
	for _, d := range f.Definitions {
		fix(&d.Name)
		fix(&d.QualifiedName)
		fix(&d.Doc)
		fix(&d.Receiver)
		fix(&d.Signature)
		for i := range d.Bases {
			fix(&d.Bases[i])
		}
	}
	for _, c := range f.Calls {
		fix(&c.Name)
		fix(&c.Qualifier)
		fix(&c.Caller)
	}
	for _, im := range f.Imports {
		fix(&im.Spec)
		fix(&im.Alias)
		for i := range im.Names {
			fix(&im.Names[i])
		}
	}
}
