package golang

import (
	"context"
	"path"
	"strings"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
	"github.com/homer-dev/homer/sdk/treesitter/flat"
)

// New returns the Go language plugin.
func New() sdk.Language { return &goLang{} }

var _ sdk.Language = (*goLang)(nil)

// goLang holds no state: Parse runs concurrently and needs nothing beyond its
// arguments, and the plugin has no configuration.
type goLang struct{}

func (g *goLang) Info() *sdk.Info {
	return &sdk.Info{
		Name:        "go",
		Version:     "2.1.1",
		Description: "Go definitions, calls with their receivers, imports, references and godoc comments, parsed with tree-sitter",
		Extensions:  []string{".go"},
	}
}

func (g *goLang) Configure(context.Context, sdk.Config) []*sdk.Diagnostic { return nil }

// Parse extracts the facts of each file. A file that fails in any way gets
// a diagnostic in its FileFacts; only cancellation fails the batch.
func (g *goLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	return parser.Parse(ctx, grammar().Language(), files)
}

// parser runs the walk of extract.go inside the shared batch loop.
var parser = treesitter.Parser{
	Name:        "go",
	GrammarName: "Go",
	NewFacts:    newFacts,
	// The walk asks several questions of nearly every node; a flat copy of
	// the tree answers them without a cgo call each (package flat).
	Flat: func(src []byte, root *flat.Node, facts *sdk.FileFacts) {
		x := extractor{src: src, facts: facts, g: grammar()}
		x.extract(root)
	},
	Language: func() *flat.Language { return grammar().Flat() },
}

func newFacts(f *sdk.SourceFile) *sdk.FileFacts {
	return &sdk.FileFacts{
		Path:         f.GetPath(),
		BlobId:       f.GetBlobId(),
		Language:     "go",
		IsTest:       strings.HasSuffix(f.GetPath(), "_test.go"),
		PackageScope: true,
		// A package is its directory; its tests compile with it and cover
		// all of it.
		Namespace:       path.Dir(f.GetPath()),
		CoversNamespace: strings.HasSuffix(f.GetPath(), "_test.go"),
		// Left out of the default build (linux/amd64, cgo, no tags) by its
		// name or its build constraint.
		Variant: isVariant(f.GetPath(), f.GetContent()),
	}
}
