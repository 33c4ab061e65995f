package rust

import (
	"context"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// New returns the Rust language plugin.
func New() sdk.Language { return &rustLang{} }

var _ sdk.Language = (*rustLang)(nil)

// rustLang holds only the repository's root, where ResolveImports may read
// a Cargo.toml when the core sent no manifest for a crate. Parse runs
// concurrently and needs nothing beyond its arguments.
type rustLang struct{ root string }

func (r *rustLang) Info() *sdk.Info {
	return &sdk.Info{
		Name:        "rust",
		Version:     "1.2.0",
		Description: "Rust definitions, calls, use declarations, modules and rustdoc comments, parsed with tree-sitter",
		Extensions:  []string{".rs"},
	}
}

func (r *rustLang) Configure(_ context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	r.root = cfg.RepoRoot
	return nil
}

// Parse extracts the facts of each file. A file that fails in any way gets
// a diagnostic in its FileFacts; only cancellation fails the batch.
func (r *rustLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	return parser.Parse(ctx, grammar().Language(), files)
}

// parser runs the walk of extract.go inside the shared batch loop.
var parser = treesitter.Parser{
	Name:        "rust",
	GrammarName: "Rust",
	NewFacts:    newFacts,
	Extract: func(src []byte, root *sitter.Node, facts *sdk.FileFacts) {
		newExtractor(src, facts).file(root)
	},
}

func newFacts(f *sdk.SourceFile) *sdk.FileFacts {
	m := moduleOf(f.GetPath())
	return &sdk.FileFacts{
		Path:      f.GetPath(),
		BlobId:    f.GetBlobId(),
		Language:  "rust",
		Package:   m.crate,
		Namespace: m.namespace(),
		IsTest:    isTestPath(f.GetPath()),
		// A trait's methods apply to any value once the trait is in scope.
		TraitMethodsInScope: true,
	}
}
