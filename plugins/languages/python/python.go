package python

import (
	"context"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// New returns the Python language plugin.
func New() sdk.Language { return &pyLang{} }

var _ sdk.Language = (*pyLang)(nil)

// pyLang holds no state: Parse runs concurrently and needs nothing beyond its
// arguments, and the plugin has no configuration.
type pyLang struct{}

func (p *pyLang) Info() *sdk.Info {
	return &sdk.Info{
		Name:        "python",
		Version:     "1.1.0",
		Description: "Python definitions, calls, imports and docstrings, parsed with tree-sitter",
		Extensions:  []string{".py", ".pyi"},
	}
}

func (p *pyLang) Configure(context.Context, sdk.Config) []*sdk.Diagnostic { return nil }

// Parse extracts the facts of each file. A file that fails in any way gets
// a diagnostic in its FileFacts; only cancellation fails the batch.
func (p *pyLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	return parser.Parse(ctx, grammar().Language(), files)
}

// parser runs the walk of extract.go inside the shared batch loop.
var parser = treesitter.Parser{
	Name:        "python",
	GrammarName: "Python",
	NewFacts:    newFacts,
	Extract: func(src []byte, root *sitter.Node, facts *sdk.FileFacts) {
		x := newExtractor(src, facts)
		x.extract(root)
		facts.IsTest = facts.IsTest || x.hasTests && inTestDirectory(facts.Path)
		sanitize(facts)
	},
}

func newFacts(f *sdk.SourceFile) *sdk.FileFacts {
	return &sdk.FileFacts{
		Path:     f.GetPath(),
		BlobId:   f.GetBlobId(),
		Language: "python",
		Package:  moduleName(f.GetPath()),
		IsTest:   isTest(f.GetPath()),
	}
}
