package main

import (
	"bytes"
	"strings"

	"github.com/homer-dev/homer/sdk/treesitter"
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

// luaSyntax is what the SDK's OneLine needs of Lua's lexical rules, to
// render a function header on one line.
var luaSyntax = treesitter.Syntax{Quotes: "\"'", LineComment: "--", MaxLen: 300}
