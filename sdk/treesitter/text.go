package treesitter

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/homer-dev/homer/sdk"
)

// Syntax is what OneLine must know of a language's lexical rules.
type Syntax struct {
	// Quotes are the characters that open and close a string literal.
	Quotes string
	// RawQuotes are those of Quotes inside which a backslash escapes
	// nothing (Go's backquote).
	RawQuotes string
	// LineComment opens a comment that runs to the end of the line.
	LineComment string
	// BlockOpen and BlockClose delimit a block comment; empty if the
	// language has none.
	BlockOpen, BlockClose string
	// LineContinuation: a backslash just before a line break joins the
	// lines (Python).
	LineContinuation bool
	// MaxLen is the longest result in bytes; a longer one is clipped.
	MaxLen int
}

// OneLine renders a definition header on one line: a line break and its
// indentation become one space, or nothing just inside brackets, and
// comments are dropped, so "func f(\n\ta int, // n\n)" reads
// "func f(a int)". String literals are kept as written.
func (s *Syntax) OneLine(b []byte) string {
	out := make([]byte, 0, len(b))
	var quote byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		if quote != 0 {
			out = append(out, c)
			if c == '\\' && strings.IndexByte(s.RawQuotes, quote) < 0 && i+1 < len(b) {
				i++
				out = append(out, b[i])
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch {
		case strings.IndexByte(s.Quotes, c) >= 0:
			quote = c
			out = append(out, c)
		case startsWith(b, i, s.LineComment):
			for i < len(b) && b[i] != '\n' {
				i++
			}
			i--
		case startsWith(b, i, s.BlockOpen):
			end := bytes.Index(b[i+len(s.BlockOpen):], []byte(s.BlockClose))
			if end < 0 {
				i = len(b)
			} else {
				i += len(s.BlockOpen) + end + len(s.BlockClose) - 1
			}
			out = appendSpace(out, b, i+1, true)
		case s.LineContinuation && c == '\\' && i+1 < len(b) && (b[i+1] == '\n' || b[i+1] == '\r'):
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
	return clip(strings.TrimSpace(string(out)), s.MaxLen)
}

// startsWith reports whether b holds the non-empty token at i.
func startsWith(b []byte, i int, token string) bool {
	return token != "" && b[i] == token[0] && bytes.HasPrefix(b[i:], []byte(token))
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

// CountLines counts lines as editors do: a final line without a newline
// still counts, a trailing newline does not open a new one. Every file's
// FileFacts.Lines is counted so, parsed or set aside.
func CountLines(src []byte) int32 {
	n := bytes.Count(src, []byte{'\n'})
	if len(src) > 0 && src[len(src)-1] != '\n' {
		n++
	}
	return int32(n)
}

// sanitize replaces invalid UTF-8 (Latin-1 comments, binary blobs with a
// source file's name) in every string of the facts: protobuf refuses to
// marshal such strings, which would fail the whole batch.
func sanitize(f *sdk.FileFacts) {
	fix := func(s *string) {
		if !utf8.ValidString(*s) {
			*s = strings.ToValidUTF8(*s, "\uFFFD")
		}
	}
	fix(&f.Package)
	fix(&f.Namespace)
	for i := range f.References {
		fix(&f.References[i])
	}
	for _, d := range f.Definitions {
		fix(&d.Name)
		fix(&d.QualifiedName)
		fix(&d.Doc)
		fix(&d.Receiver)
		fix(&d.Signature)
		fix(&d.Type)
		for i := range d.Bases {
			fix(&d.Bases[i])
		}
		for _, fl := range d.Fields {
			fix(&fl.Name)
			fix(&fl.Type)
		}
	}
	for _, c := range f.Calls {
		fix(&c.Name)
		fix(&c.Qualifier)
		fix(&c.Caller)
		fix(&c.Receiver)
	}
	for _, im := range f.Imports {
		fix(&im.Spec)
		fix(&im.Alias)
		for i := range im.Names {
			fix(&im.Names[i])
		}
	}
}

// clampLines moves what lies past the file's last line onto it. Tree-sitter
// puts a node it had to invent (a brace missing at the end of the file)
// where the file ends, which after a final newline is a line the file does
// not have; the core and the agents reading the facts expect every line
// to be one of the file's.
func clampLines(f *sdk.FileFacts) {
	last := f.GetLines()
	clamp := func(l *int32) {
		if *l > last {
			*l = last
		}
	}
	for _, d := range f.Definitions {
		if d.Span != nil {
			clamp(&d.Span.StartLine)
			clamp(&d.Span.EndLine)
		}
	}
	for _, c := range f.Calls {
		clamp(&c.Line)
	}
	for _, im := range f.Imports {
		clamp(&im.Line)
	}
	for _, d := range f.Diagnostics {
		clamp(&d.Line)
	}
}
