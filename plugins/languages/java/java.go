package java

import (
	"context"

	"github.com/homer-dev/homer/plugins/languages/internal/jvm"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
	"github.com/homer-dev/homer/sdk/treesitter/flat"
)

// New returns the Java language plugin.
func New() sdk.Language { return &javaLang{} }

var _ sdk.Language = (*javaLang)(nil)

// javaLang keeps the repository root, set once by Configure, where import
// resolution reads the packages files declare, and the index of those
// packages between resolution requests. Parse needs nothing beyond its
// arguments and runs concurrently.
type javaLang struct {
	root    string
	imports jvm.Resolver
}

func (p *javaLang) Info() *sdk.Info {
	return &sdk.Info{
		Name:        "java",
		Version:     "1.1.0",
		Description: "Java definitions, calls, imports and Javadoc, parsed with tree-sitter",
		Extensions:  []string{".java"},
		// An import's files follow from its spec and the packages of the
		// files at HEAD alone.
		ImportsByFile: true,
	}
}

func (p *javaLang) Configure(_ context.Context, c sdk.Config) []*sdk.Diagnostic {
	p.root = c.RepoRoot
	return nil
}

// Parse extracts the facts of each file. A file that fails in any way gets
// a diagnostic in its FileFacts; only cancellation fails the batch.
func (p *javaLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	return parser.Parse(ctx, grammar().Language(), files)
}

// ResolveImports maps imports to files by the package convention shared
// with Kotlin (see package jvm).
func (p *javaLang) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	return p.imports.Resolve(ctx, p.root, req)
}

var parser = treesitter.Parser{
	Name:        "java",
	GrammarName: "Java",
	NewFacts:    newFacts,
	// The walk asks several questions of every node: a flat copy of the
	// tree answers them without a cgo call each (package flat).
	Flat: func(src []byte, root *flat.Node, facts *sdk.FileFacts) {
		newExtractor(src, facts).run(root)
	},
	Language: func() *flat.Language { return grammar().Flat() },
}

func newFacts(f *sdk.SourceFile) *sdk.FileFacts {
	test := jvm.IsTest(f.GetPath())
	return &sdk.FileFacts{
		Path:         f.GetPath(),
		BlobId:       f.GetBlobId(),
		Language:     "java",
		IsTest:       test,
		TestSupport:  test && jvm.TestSupport(f.GetPath(), f.GetContent()),
		Variant:      jvm.IsVariant(f.GetPath()),
		PackageScope: true,
		LinkGroup:    "jvm",
		// an unqualified call the file does not declare is inherited (or
		// statically imported on demand): the core looks in the caller's
		// class and its bases, then in the file's scope
		ImplicitReceiver: true,
	}
}
