package ruby

import (
	"context"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/plugins/languages/internal/longline"
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
// a diagnostic in its FileFacts; only cancellation fails the batch. A file
// with a line longer than longline.Max is not parsed, only reported.
func (p *rbLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	return longline.Parse(ctx, &parser, grammar().Language(), files)
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
		TestSupport:  cucumberSupport(f.GetPath()),
		Namespace:    namespace,
		PackageScope: true,
	}
}
