// Package longline parses a batch of files with a tree-sitter parser,
// setting aside those with a line too long to be code anyone wrote: data or
// generated, minified code, which would cost seconds per megabyte to parse
// and tell nothing about the repository's structure. Homer's PHP and Ruby
// plugins use it; like them, it imports only sdk/.
package longline

import (
	"bytes"
	"context"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// Max is the longest line a file may have to be parsed.
const Max = 512 << 10

// Parse parses files with p in lang, in order, except those with a line
// longer than Max: each of those gets p.NewFacts with its line count and a
// warning instead.
func Parse(ctx context.Context, p *treesitter.Parser, lang *sitter.Language, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	var parse []*sdk.SourceFile
	for _, f := range files {
		if Longest(f.GetContent()) <= Max {
			parse = append(parse, f)
		}
	}
	parsed, err := p.Parse(ctx, lang, parse)
	if err != nil || len(parse) == len(files) {
		return parsed, err
	}
	out := make([]*sdk.FileFacts, 0, len(files))
	for _, f := range files {
		if len(parsed) > 0 && parsed[0].GetPath() == f.GetPath() && Longest(f.GetContent()) <= Max {
			out, parsed = append(out, parsed[0]), parsed[1:]
			continue
		}
		facts := p.NewFacts(f)
		facts.Lines = treesitter.CountLines(f.GetContent())
		facts.Diagnostics = []*sdk.Diagnostic{sdk.Warnf(f.GetPath(), 0,
			"a line longer than %d KB: generated or minified, not parsed", Max>>10)}
		out = append(out, facts)
	}
	return out, nil
}

// Longest is the length in bytes of b's longest line.
func Longest(b []byte) int {
	longest := 0
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			i = len(b)
		}
		if i > longest {
			longest = i
		}
		b = b[min(i+1, len(b)):]
	}
	return longest
}
