package golang

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/homer-dev/homer/sdk"
)

// docAbove returns the comment that ends on the line just above the line
// holding offset: a run of // lines or one /* */ block, markers stripped,
// compiler directives (//go:generate, //nolint:...) dropped as go/doc does.
// A blank line in between means the comment is not the declaration's doc.
func docAbove(src []byte, offset int) string {
	lineStart := bytes.LastIndexByte(src[:offset], '\n') + 1
	var lines []string // bottom-up
	for end := lineStart; end > 0; {
		prevEnd := end - 1 // the '\n' closing the previous line
		prevStart := bytes.LastIndexByte(src[:prevEnd], '\n') + 1
		line := bytes.TrimSpace(src[prevStart:prevEnd])
		if bytes.HasPrefix(line, []byte("//")) {
			if !isDirective(line) {
				text := line[2:]
				if len(text) > 0 && text[0] == ' ' {
					text = text[1:]
				}
				lines = append(lines, string(text))
			}
			end = prevStart
			continue
		}
		if len(lines) == 0 && bytes.HasSuffix(line, []byte("*/")) {
			return blockComment(src, prevEnd)
		}
		break
	}
	for i, j := 0, len(lines)-1; i < j; i, j = i+1, j-1 {
		lines[i], lines[j] = lines[j], lines[i]
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// blockComment returns the /* */ comment that ends just before end, if it
// starts at the beginning of its own line.
func blockComment(src []byte, end int) string {
	closing := bytes.LastIndex(src[:end], []byte("*/"))
	open := bytes.LastIndex(src[:closing], []byte("/*"))
	if open < 0 {
		return ""
	}
	lineStart := bytes.LastIndexByte(src[:open], '\n') + 1
	if len(bytes.TrimSpace(src[lineStart:open])) != 0 {
		return "" // code precedes the comment: a trailing comment, not doc
	}
	body := strings.Split(string(src[open+2:closing]), "\n")
	for i, l := range body {
		l = strings.TrimSpace(l)
		// The " * " gutter many block comments carry is decoration.
		if i > 0 && strings.HasPrefix(l, "*") {
			l = strings.TrimSpace(l[1:])
		}
		body[i] = l
	}
	return strings.TrimSpace(strings.Join(body, "\n"))
}

var directive = regexp.MustCompile(`^//(line |extern |export |[a-z0-9]+:[a-z0-9])`)

func isDirective(line []byte) bool { return directive.Match(line) }

// maxSignature keeps a declaration with a huge inline type (a struct
// literal type in a func signature) from bloating every fact built on it.
const maxSignature = 300

// oneLine renders a declaration header on one line: a line break and its
// indentation become one space, or nothing just inside brackets, and
// comments are dropped, so "func f(\n\ta int, // n\n)" reads "func f(a int)".
func oneLine(b []byte) string {
	out := make([]byte, 0, len(b))
	var quote byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		if quote != 0 {
			out = append(out, c)
			if c == '\\' && quote != '`' && i+1 < len(b) {
				i++
				out = append(out, b[i])
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch {
		case c == '"' || c == '\'' || c == '`':
			quote = c
			out = append(out, c)
		case c == '/' && i+1 < len(b) && b[i+1] == '/':
			for i < len(b) && b[i] != '\n' {
				i++
			}
			i--
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			end := bytes.Index(b[i+2:], []byte("*/"))
			if end < 0 {
				i = len(b)
			} else {
				i += end + 3
			}
			out = appendSpace(out, b, i+1, true)
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
	s := strings.TrimSpace(string(out))
	return clip(s, maxSignature)
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

func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return strings.Trim(s, "\"`")
}

var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// guessPackageName gives the name an unaliased import is used under, from
// its path alone: the last element, skipping a /vN major version, without
// the go-/go. prefixes, -go/.go/.vN suffixes and, for names still not
// identifiers, all but the part after the last '-' or '.'
// (gopkg.in/yaml.v3 → yaml, github.com/mattn/go-sqlite3 → sqlite3,
// github.com/smacker/go-tree-sitter → sitter). The real name is in the
// imported package's clause, which the core can use when it has it.
func guessPackageName(spec string) string {
	elems := strings.Split(spec, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && majorVersion.MatchString(name) {
		name = elems[len(elems)-2]
	}
	if i := strings.LastIndex(name, ".v"); i > 0 && isDigits(name[i+2:]) {
		name = name[:i]
	}
	for _, p := range []string{"go-", "go."} {
		if strings.HasPrefix(name, p) && len(name) > len(p) {
			name = name[len(p):]
		}
	}
	for _, s := range []string{"-go", ".go"} {
		if strings.HasSuffix(name, s) && len(name) > len(s) {
			name = name[:len(name)-len(s)]
		}
	}
	if i := strings.LastIndexAny(name, "-."); i >= 0 && i < len(name)-1 {
		name = name[i+1:]
	}
	return name
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
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

// sanitize replaces invalid UTF-8 (Latin-1 comments, binary blobs named
// .go) in every string of the facts: protobuf refuses to marshal such
// strings, which would fail the whole batch.
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
