package golang

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/homer-dev/homer/sdk/treesitter"
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

// syntax is what folding a declaration header onto one line must know of
// Go: backquoted strings are raw, comments are // and /* */.
var syntax = treesitter.Syntax{
	Quotes:      "\"'`",
	RawQuotes:   "`",
	LineComment: "//",
	BlockOpen:   "/*",
	BlockClose:  "*/",
	// A declaration with a huge inline type (a struct literal type in a
	// func signature) must not bloat every fact built on it.
	MaxLen: 300,
}

// oneLine renders a declaration header on one line, comments dropped:
// "func f(\n\ta int, // n\n)" reads "func f(a int)".
func oneLine(b []byte) string { return syntax.OneLine(b) }

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
