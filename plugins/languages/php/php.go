package php

import (
	"context"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/plugins/languages/internal/longline"
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
// a diagnostic in its FileFacts; only cancellation fails the batch. A file
// with a line longer than longline.Max is not parsed, only reported.
func (p *phpLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	return longline.Parse(ctx, &parser, grammar().Language(), files)
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
