package ruby

import (
	"bytes"
	"context"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// New returns the Ruby language plugin.
func New() sdk.Language { return &rbLang{} }

var _ sdk.Language = (*rbLang)(nil)

// rbLang holds no state: Parse runs concurrently and needs nothing beyond
// its arguments, and import resolution needs only the request.
type rbLang struct{}

func (p *rbLang) Info() *sdk.Info {
	return &sdk.Info{
		Name:        "ruby",
		Version:     "1.0.0",
		Description: "Ruby modules, classes, methods, calls, requires and comments, parsed with tree-sitter",
		Extensions:  []string{".rb", ".rake", ".gemspec"},
		Filenames:   []string{"Rakefile", "Gemfile"},
	}
}

func (p *rbLang) Configure(context.Context, sdk.Config) []*sdk.Diagnostic { return nil }

// Parse extracts the facts of each file. A file that fails in any way gets
// a diagnostic in its FileFacts; only cancellation fails the batch.
func (p *rbLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
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
	Name:        "ruby",
	GrammarName: "Ruby",
	NewFacts:    newFacts,
	Extract: func(src []byte, root *sitter.Node, facts *sdk.FileFacts) {
		newExtractor(src, facts).run(root)
	},
}

// namespace is the one namespace of every Ruby file: Ruby's constants and
// top-level methods live in one global space once loaded (they are
// Object's), whatever file defined them.
const namespace = "Object"

func newFacts(f *sdk.SourceFile) *sdk.FileFacts {
	return &sdk.FileFacts{
		Path:         f.GetPath(),
		BlobId:       f.GetBlobId(),
		Language:     "ruby",
		IsTest:       isTest(f.GetPath()),
		Namespace:    namespace,
		PackageScope: true,
	}
}
