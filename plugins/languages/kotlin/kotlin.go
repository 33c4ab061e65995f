package kotlin

import (
	"context"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/plugins/languages/internal/jvm"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// New returns the Kotlin language plugin.
func New() sdk.Language { return &kotlinLang{} }

var _ sdk.Language = (*kotlinLang)(nil)

// kotlinLang keeps the repository root, set once by Configure, where import
// resolution reads the packages files declare, and the index of those
// packages between resolution requests.
type kotlinLang struct {
	root    string
	imports jvm.Resolver
}

func (p *kotlinLang) Info() *sdk.Info {
	return &sdk.Info{
		Name:        "kotlin",
		Version:     "1.0.0",
		Description: "Kotlin definitions, calls, imports and KDoc, parsed with tree-sitter",
		Extensions:  []string{".kt", ".kts"},
		// An import's files follow from its spec and the packages of the
		// files at HEAD alone.
		ImportsByFile: true,
	}
}

func (p *kotlinLang) Configure(_ context.Context, c sdk.Config) []*sdk.Diagnostic {
	p.root = c.RepoRoot
	return nil
}

// Parse extracts the facts of each file. A file that fails in any way gets
// a diagnostic in its FileFacts; only cancellation fails the batch.
func (p *kotlinLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	return parser.Parse(ctx, grammar().Language(), files)
}

// ResolveImports maps imports to files by the package convention shared
// with Java (see package jvm).
func (p *kotlinLang) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	return p.imports.Resolve(ctx, p.root, req)
}

var parser = treesitter.Parser{
	Name:        "kotlin",
	GrammarName: "Kotlin",
	NewFacts:    newFacts,
	Extract: func(src []byte, root *sitter.Node, facts *sdk.FileFacts) {
		newExtractor(src, facts).run(root)
	},
}

func newFacts(f *sdk.SourceFile) *sdk.FileFacts {
	test := jvm.IsTest(f.GetPath())
	return &sdk.FileFacts{
		Path:         f.GetPath(),
		BlobId:       f.GetBlobId(),
		Language:     "kotlin",
		IsTest:       test,
		TestSupport:  test && jvm.TestSupport(f.GetPath(), f.GetContent()),
		Variant:      jvm.IsVariant(f.GetPath()),
		PackageScope: true,
		LinkGroup:    "jvm",
		// an unqualified call in a member may be one of its class's,
		// inherited: the core looks there before the file's scope
		ImplicitReceiver: true,
	}
}
