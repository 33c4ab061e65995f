package main

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/homer-dev/homer/sdk"
)

// docAbove returns the run of -- comment lines ending on the line just
// above the line holding offset, dashes stripped ("---" opens an ldoc
// comment, "--" continues it). A blank line in between means the comment
// is not the definition's doc.
func docAbove(src []byte, offset int) string {
	lineStart := bytes.LastIndexByte(src[:offset], '\n') + 1
	var lines []string // bottom-up
	for end := lineStart; end > 0; {
		prevEnd := end - 1
		prevStart := bytes.LastIndexByte(src[:prevEnd], '\n') + 1
		line := bytes.TrimSpace(src[prevStart:prevEnd])
		// Block comments (--[[ ]]) are left out: rarely doc, and their
		// extent cannot be told from one line.
		if !bytes.HasPrefix(line, []byte("--")) || bytes.HasPrefix(line, []byte("--[[")) || bytes.HasSuffix(line, []byte("]]")) {
			break
		}
		text := bytes.TrimLeft(line, "-")
		if len(text) > 0 && text[0] == ' ' {
			text = text[1:]
		}
		lines = append(lines, string(text))
		end = prevStart
	}
	for i, j := 0, len(lines)-1; i < j; i, j = i+1, j-1 {
		lines[i], lines[j] = lines[j], lines[i]
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// maxSignature keeps a huge header from bloating every fact built on it.
const maxSignature = 300

// oneLine renders a function header on one line, whitespace runs folded to
// one space (none just inside brackets) and -- comments dropped.
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
		case c == '-' && i+1 < len(b) && b[i+1] == '-':
			for i < len(b) && b[i] != '\n' {
				i++
			}
			i--
		case isSpace(c):
			j := i
			for j < len(b) && isSpace(b[j]) {
				j++
			}
			i = j - 1
			var prev byte
			if len(out) > 0 {
				prev = out[len(out)-1]
			}
			if j < len(b) && b[j] != ')' && prev != '(' && prev != ' ' && prev != 0 {
				out = append(out, ' ')
			}
		default:
			out = append(out, c)
		}
	}
	s := strings.TrimSpace(string(out))
	if len(s) > maxSignature {
		n := maxSignature
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n] + "…"
	}
	return s
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

// sanitize replaces invalid UTF-8 (Latin-1 files are common in old Lua
// code) in every string of the facts: protobuf refuses to marshal such
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
	}
	for _, c := range f.Calls {
		fix(&c.Name)
		fix(&c.Qualifier)
		fix(&c.Caller)
	}
	for _, im := range f.Imports {
		fix(&im.Spec)
		fix(&im.Alias)
	}
}
