package php

import (
	"bytes"
	"context"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// New returns the PHP language plugin.
func New() sdk.Language { return &phpLang{} }

var _ sdk.Language = (*phpLang)(nil)

// phpLang keeps the repository root Configure gives, where ResolveImports
// reads composer.json. Parse needs nothing beyond its arguments.
type phpLang struct {
	root string
}

func (p *phpLang) Info() *sdk.Info {
	return &sdk.Info{
		Name:        "php",
		Version:     "1.0.0",
		Description: "PHP namespaces, classes, interfaces, traits, enums, functions, calls, use imports and PHPDoc, parsed with tree-sitter",
		Extensions:  []string{".php"},
	}
}

func (p *phpLang) Configure(_ context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	p.root = cfg.RepoRoot
	return nil
}

// Parse extracts the facts of each file. A file that fails in any way gets
// a diagnostic in its FileFacts; only cancellation fails the batch.
func (p *phpLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	var parse []*sdk.SourceFile
	for _, f := range files {
		if longestLine(f.GetContent()) <= maxLine {
			parse = append(parse, f)
		}
	}
	parsed, err := parser.Parse(ctx, grammar().Language(), parse)
	if err != nil || len(parse) == len(files) {
		return parsed, err
	}
	out := make([]*sdk.FileFacts, 0, len(files))
	for _, f := range files {
		if len(parsed) > 0 && parsed[0].GetPath() == f.GetPath() && longestLine(f.GetContent()) <= maxLine {
			out, parsed = append(out, parsed[0]), parsed[1:]
			continue
		}
		facts := newFacts(f)
		facts.Lines = int32(bytes.Count(f.GetContent(), []byte{'\n'}) + 1)
		facts.Diagnostics = []*sdk.Diagnostic{sdk.Warnf(f.GetPath(), 0,
			"a line longer than %d KB: generated or minified, not parsed", maxLine>>10)}
		out = append(out, facts)
	}
	return out, nil
}

// maxLine is the longest line a file may have to be parsed: longer ones
// are data or generated code, which would cost seconds per megabyte and
// tell nothing about the repository's structure.
const maxLine = 512 << 10

func longestLine(b []byte) int {
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

var parser = treesitter.Parser{
	Name:        "php",
	GrammarName: "PHP",
	NewFacts:    newFacts,
	Extract: func(src []byte, root *sitter.Node, facts *sdk.FileFacts) {
		newExtractor(src, facts).run(root)
	},
}

// globalNamespace is the namespace of files that declare none: PHP's one
// global namespace, shared by all of them.
const globalNamespace = `\`

func newFacts(f *sdk.SourceFile) *sdk.FileFacts {
	return &sdk.FileFacts{
		Path:         f.GetPath(),
		BlobId:       f.GetBlobId(),
		Language:     "php",
		IsTest:       isTest(f.GetPath()),
		Namespace:    globalNamespace,
		PackageScope: true,
	}
}
