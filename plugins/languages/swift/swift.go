package swift

import (
	"context"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// New returns the Swift language plugin.
func New() sdk.Language { return &swiftLang{} }

var _ sdk.Language = (*swiftLang)(nil)

// swiftLang keeps what Configure read of the package manifests: the
// directories of targets that declare a custom path. Parse and
// ResolveImports only read it.
type swiftLang struct {
	mu      sync.RWMutex
	modules moduleMap
}

func (p *swiftLang) Info() *sdk.Info {
	return &sdk.Info{
		Name:        "swift",
		Version:     "1.0.0",
		Description: "Swift definitions, calls with their receivers, imports and doc comments, parsed with tree-sitter",
		Extensions:  []string{".swift"},
	}
}

// Configure reads Package.swift files under the repository root, when there
// is one, for targets whose sources are not in Sources/<name> or
// Tests/<name> (`.target(name: "Alamofire", path: "Source")`).
func (p *swiftLang) Configure(_ context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	m := scanManifests(cfg.RepoRoot)
	p.mu.Lock()
	p.modules = m
	p.mu.Unlock()
	return nil
}

func (p *swiftLang) moduleMap() moduleMap {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.modules
}

// Parse extracts the facts of each file. A file that fails in any way gets
// a diagnostic in its FileFacts; only cancellation fails the batch.
func (p *swiftLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	modules := p.moduleMap()
	parser := treesitter.Parser{
		Name:        "swift",
		GrammarName: "Swift",
		NewFacts: func(f *sdk.SourceFile) *sdk.FileFacts {
			return &sdk.FileFacts{
				Path:         f.GetPath(),
				BlobId:       f.GetBlobId(),
				Language:     "swift",
				Namespace:    modules.moduleOf(f.GetPath()),
				PackageScope: true,
				IsTest:       isTest(f.GetPath()),
				// m() inside a type may be inherited or declared in an
				// extension elsewhere: the core looks there first.
				ImplicitReceiver: true,
			}
		},
		Extract: func(src []byte, root *sitter.Node, facts *sdk.FileFacts) {
			x := newExtractor(src, facts)
			x.file(root)
			x.finish()
		},
	}
	return parser.Parse(ctx, grammar().Language(), files)
}
