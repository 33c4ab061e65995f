package ecma

import (
	"context"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// LinkGroup joins TypeScript and JavaScript files: each resolves names in
// the other's files.
const LinkGroup = "ecmascript"

// Dialect is what sets one plugin of the family apart: its name, the files
// it claims and the grammar each of them is parsed with.
type Dialect struct {
	// Name is the plugin's and the files' language name.
	Name        string
	Description string
	Extensions  []string
	// typed: the dialect writes type annotations (interfaces are
	// structural, parameters carry their types).
	typed bool
	// grammar picks the grammar of a file by its path.
	grammar func(path string) *treesitter.Grammar[kind]
}

// TypeScript covers .ts, .mts and .cts with the TypeScript grammar and
// .tsx with the TSX grammar.
var TypeScript = Dialect{
	Name:        "typescript",
	Description: "TypeScript and TSX definitions, calls with their receivers, imports, fields and JSDoc, parsed with tree-sitter",
	Extensions:  []string{".ts", ".mts", ".cts", ".tsx"},
	typed:       true,
	grammar: func(path string) *treesitter.Grammar[kind] {
		if strings.HasSuffix(path, ".tsx") {
			return tsxGrammar()
		}
		return typescriptGrammar()
	},
}

// JavaScript covers .js, .mjs, .cjs and .jsx with the JavaScript grammar,
// which reads JSX too.
var JavaScript = Dialect{
	Name:        "javascript",
	Description: "JavaScript and JSX definitions, calls with their receivers, imports (ES modules and require) and JSDoc, parsed with tree-sitter",
	Extensions:  []string{".js", ".mjs", ".cjs", ".jsx"},
	grammar:     func(string) *treesitter.Grammar[kind] { return javascriptGrammar() },
}

// New returns the language plugin of dialect d.
func New(d Dialect) sdk.Language { return &plugin{dialect: d} }

var _ sdk.Language = (*plugin)(nil)

// plugin is one dialect's language plugin. Its only state is the
// repository root given to Configure, where ResolveImports reads
// tsconfig.json files; Parse needs nothing beyond its arguments.
type plugin struct {
	dialect Dialect
	mu      sync.Mutex
	root    string
}

func (p *plugin) Info() *sdk.Info {
	return &sdk.Info{
		Name:        p.dialect.Name,
		Version:     "1.0.0",
		Description: p.dialect.Description,
		Extensions:  p.dialect.Extensions,
	}
}

func (p *plugin) Configure(_ context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	p.mu.Lock()
	p.root = cfg.RepoRoot
	p.mu.Unlock()
	return nil
}

func (p *plugin) repoRoot() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.root
}

// Parse extracts the facts of each file, in the order given. Files are
// parsed in groups by grammar, one tree-sitter parser per group.
func (p *plugin) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	type group struct {
		g     *treesitter.Grammar[kind]
		files []*sdk.SourceFile
		index []int
	}
	var groups []*group
	out := make([]*sdk.FileFacts, len(files))
	for i, f := range files {
		if why := unreadable(f.GetContent()); why != "" {
			facts := p.newFacts(f)
			facts.Lines = treesitter.CountLines(f.GetContent())
			facts.Diagnostics = []*sdk.Diagnostic{sdk.Warnf(f.GetPath(), 0, "%s: not parsed", why)}
			out[i] = facts
			continue
		}
		g := p.dialect.grammar(f.GetPath())
		var grp *group
		for _, c := range groups {
			if c.g == g {
				grp = c
			}
		}
		if grp == nil {
			grp = &group{g: g}
			groups = append(groups, grp)
		}
		grp.files = append(grp.files, f)
		grp.index = append(grp.index, i)
	}
	for _, grp := range groups {
		g := grp.g
		parser := treesitter.Parser{
			Name:        p.dialect.Name,
			GrammarName: p.dialect.grammarName(g),
			NewFacts:    p.newFacts,
			Extract: func(src []byte, root *sitter.Node, facts *sdk.FileFacts) {
				if root.HasError() && g != javascriptGrammar() {
					if fixed, tree := reparse(ctx, g, src, root); tree != nil {
						defer tree.Close()
						src, root = fixed, tree.RootNode()
					}
				}
				extract(src, root, facts, g, p.dialect.typed)
				facts.TestSupport = facts.GetIsTest() && !testName(facts.GetPath()) && !declaresTests(facts)
			},
		}
		got, err := parser.Parse(ctx, g.Language(), grp.files)
		if err != nil {
			return nil, err
		}
		for k, f := range got {
			out[grp.index[k]] = f
		}
	}
	return out, nil
}

// testCalls declare tests or type tests in the frameworks a test directory
// holds (Jest, Vitest, Mocha, AVA, tape, node:test, QUnit, tsd).
var testCalls = map[string]bool{"test": true, "it": true, "describe": true, "suite": true, "specify": true, "context": true,
	"expectType": true, "expectError": true, "expectAssignable": true, "expectNotType": true, "expectNotAssignable": true, "assertType": true}

// declaresTests tells a file that declares a test: a file of a test
// directory that declares none is what the tests use (chalk's
// test/_fixture.js, a script the tests spawn), not a test.
func declaresTests(f *sdk.FileFacts) bool {
	for _, c := range f.GetCalls() {
		if testCalls[c.GetName()] || testCalls[c.GetQualifier()] { // test.each(…), it.only(…), describe.skip(…)
			return true
		}
	}
	return false
}

// minifiedSize and minifiedLine: a file this large whose lines are this
// long on average is a minified bundle. Its names are the minifier's, its
// facts noise, and parsing it costs seconds.
const (
	minifiedSize = 256 << 10
	minifiedLine = 1000
)

// unreadable says why a file is not worth parsing, or "".
// unreadable says why a file is not worth a parse: minified code is one
// enormous line. Binary content (a NUL byte) is left to the shared parse
// loop, which refuses it for every language.
func unreadable(src []byte) string {
	if len(src) > minifiedSize && len(src)/int(max(treesitter.CountLines(src), 1)) > minifiedLine {
		return "a minified file"
	}
	return ""
}

func (d Dialect) grammarName(g *treesitter.Grammar[kind]) string {
	switch g {
	case tsxGrammar():
		return "TSX"
	case typescriptGrammar():
		return "TypeScript"
	}
	return "JavaScript"
}

func (p *plugin) newFacts(f *sdk.SourceFile) *sdk.FileFacts {
	return &sdk.FileFacts{
		Path:      f.GetPath(),
		BlobId:    f.GetBlobId(),
		Language:  p.dialect.Name,
		IsTest:    IsTest(f.GetPath()),
		LinkGroup: LinkGroup,
	}
}
