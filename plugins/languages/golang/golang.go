package golang

import (
	"context"
	"fmt"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
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
		Version:     "1.0.0",
		Description: "Go definitions, calls, imports and godoc comments, parsed with tree-sitter",
		Extensions:  []string{".go"},
	}
}

func (g *goLang) Configure(context.Context, sdk.Config) []*sdk.Diagnostic { return nil }

// Parse extracts the facts of each file. A file that fails in any way gets
// a diagnostic in its FileFacts; only cancellation fails the batch.
func (g *goLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	// One parser per call: Parse runs concurrently and a tree-sitter parser
	// is not safe for concurrent use. Within the batch it is reused.
	parser := sitter.NewParser()
	defer parser.Close()
	parser.SetLanguage(grammar().lang)

	out := make([]*sdk.FileFacts, 0, len(files))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		facts, err := g.parseFile(ctx, parser, f)
		if err != nil {
			return nil, err
		}
		out = append(out, facts)
	}
	return out, nil
}

// parseFile returns an error only when ctx ends; every other failure becomes
// a diagnostic of the file.
func (g *goLang) parseFile(ctx context.Context, parser *sitter.Parser, f *sdk.SourceFile) (facts *sdk.FileFacts, err error) {
	path := f.GetPath()
	facts = newFacts(f)
	defer func() {
		// A walker bug met on one odd file must not cost the batch its
		// other files: report it and return the file without facts.
		if r := recover(); r != nil {
			facts = newFacts(f)
			facts.Diagnostics = []*sdk.Diagnostic{{Severity: sdk.SeverityError, Path: path,
				Summary: fmt.Sprintf("go plugin failed on this file: %v", r)}}
			err = nil
		}
	}()

	src := f.GetContent()
	facts.Lines = countLines(src)
	tree, perr := parser.ParseCtx(ctx, nil, src)
	if perr != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		facts.Diagnostics = append(facts.Diagnostics, &sdk.Diagnostic{Severity: sdk.SeverityError, Path: path, Summary: "tree-sitter: " + perr.Error()})
		return facts, nil
	}
	// Trees live in C memory the Go collector cannot see; thousands of
	// files waiting for finalizers would balloon the process.
	defer tree.Close()

	root := tree.RootNode()
	x := extractor{src: src, facts: facts, kinds: grammar().kinds}
	x.visit(root)
	if root.HasError() {
		facts.Diagnostics = append(facts.Diagnostics, syntaxDiagnostic(path, root))
	}
	sanitize(facts)
	return facts, nil
}

func newFacts(f *sdk.SourceFile) *sdk.FileFacts {
	return &sdk.FileFacts{
		Path:         f.GetPath(),
		BlobId:       f.GetBlobId(),
		Language:     "go",
		IsTest:       strings.HasSuffix(f.GetPath(), "_test.go"),
		PackageScope: true,
	}
}

// syntaxDiagnostic names the first place tree-sitter could not parse. The
// facts outside that region are still returned, so it is a warning.
func syntaxDiagnostic(path string, root *sitter.Node) *sdk.Diagnostic {
	line := 0
	if n := firstError(root); n != nil {
		line = int(n.StartPoint().Row) + 1
	}
	d := sdk.Warnf(path, line, "syntax not understood by the Go grammar from line %d; facts in that region may be missing", line)
	if line == 0 {
		d.Summary = "syntax not understood by the Go grammar; some facts may be missing"
	}
	return d
}

// firstError descends only through subtrees that contain an error, so it
// costs little even on large files.
func firstError(n *sitter.Node) *sitter.Node {
	if n.IsError() || n.IsMissing() {
		return n
	}
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		if c.IsError() || c.IsMissing() {
			return c
		}
		if c.HasError() {
			if e := firstError(c); e != nil {
				return e
			}
		}
	}
	return nil
}
