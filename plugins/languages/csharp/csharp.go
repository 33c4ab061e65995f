package csharp

import (
	"context"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// New returns the C# language plugin.
func New() sdk.Language { return &csLang{} }

var _ sdk.Language = (*csLang)(nil)

// csLang keeps what Configure learnt of the repository: the directories of
// test projects and the namespaces its projects declare. Parse and
// ResolveImports only read it.
type csLang struct {
	mu   sync.RWMutex
	repo repoInfo
}

func (p *csLang) Info() *sdk.Info {
	return &sdk.Info{
		Name:        "csharp",
		Version:     "1.0.0",
		Description: "C# definitions, calls with their receivers, usings and XML doc comments, parsed with tree-sitter",
		Extensions:  []string{".cs"},
	}
}

// Configure reads the project files (.csproj) under the repository root,
// when there is one: a project named like a test project makes its
// directory a test directory, and its root namespace is the repository's
// own. Without a root every file is judged by its path alone.
func (p *csLang) Configure(_ context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	info := scanProjects(cfg.RepoRoot)
	p.mu.Lock()
	p.repo = info
	p.mu.Unlock()
	return nil
}

func (p *csLang) info() repoInfo {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.repo
}

// Parse extracts the facts of each file. A file that fails in any way gets
// a diagnostic in its FileFacts; only cancellation fails the batch.
func (p *csLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	repo := p.info()
	parser := treesitter.Parser{
		Name:        "csharp",
		GrammarName: "C#",
		NewFacts: func(f *sdk.SourceFile) *sdk.FileFacts {
			return &sdk.FileFacts{
				Path:         f.GetPath(),
				BlobId:       f.GetBlobId(),
				Language:     "csharp",
				IsTest:       repo.isTest(f.GetPath()),
				Imports:      repo.projectImports(f.GetPath()),
				PackageScope: true,
				// Code in App.Models sees App's types without a using.
				NestedNamespaces: true,
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
