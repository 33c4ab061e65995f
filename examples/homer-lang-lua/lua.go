package main

import (
	"context"
	"path"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// luaLang holds no state: Parse may run concurrently, and all it needs
// comes with each call.
type luaLang struct{}

// parseMu serialises tree-sitter parses. The bundled Lua grammar's external
// scanner keeps its long-bracket state (level, closing character) in C
// globals, so two parses at once corrupt each other's strings and comments.
// Walking the trees needs no lock.
var parseMu sync.Mutex

var _ sdk.Language = (*luaLang)(nil)

func newLua() *luaLang { return &luaLang{} }

func (l *luaLang) Info() *sdk.Info {
	return &sdk.Info{
		Name:        "lua",
		Version:     "0.1.0",
		Description: "Lua functions, calls, require() imports and ldoc comments (example third-party plugin)",
		Extensions:  []string{".lua"},
	}
}

func (l *luaLang) Configure(context.Context, sdk.Config) []*sdk.Diagnostic { return nil }

// Parse extracts the facts of each file. A file that cannot be parsed gets
// a diagnostic in its FileFacts; only cancellation fails the batch.
func (l *luaLang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	return parser.Parse(ctx, grammar().lang, files)
}

// parser runs the walk of extract.go inside the SDK's batch loop, which
// contains a panic to its file and reports syntax errors.
var parser = treesitter.Parser{
	Name:        "lua",
	GrammarName: "Lua",
	NewFacts:    newFacts,
	Lock:        &parseMu,
	Extract: func(src []byte, root *sitter.Node, facts *sdk.FileFacts) {
		x := extractor{src: src, facts: facts, kinds: grammar().kinds, module: facts.Package}
		x.exported = x.returnedTable(root)
		x.visit(root)
	},
}

func newFacts(f *sdk.SourceFile) *sdk.FileFacts {
	return &sdk.FileFacts{
		Path:     f.GetPath(),
		BlobId:   f.GetBlobId(),
		Language: "lua",
		Package:  moduleName(f.GetPath()),
		IsTest:   isTest(f.GetPath()),
	}
}

// moduleName is the name require() would know the file by, last part only:
// "lib/util.lua" → "util", "lib/util/init.lua" → "util".
func moduleName(p string) string {
	name := strings.TrimSuffix(path.Base(p), ".lua")
	if name == "init" && path.Dir(p) != "." {
		name = path.Base(path.Dir(p))
	}
	return name
}

// isTest follows busted's *_spec.lua and the usual test directories.
func isTest(p string) bool {
	stem := strings.TrimSuffix(path.Base(p), ".lua")
	if strings.HasSuffix(stem, "_spec") || strings.HasSuffix(stem, "_test") || strings.HasPrefix(stem, "test_") {
		return true
	}
	for _, dir := range strings.Split(path.Dir(p), "/") {
		if dir == "spec" || dir == "test" || dir == "tests" {
			return true
		}
	}
	return false
}

// luaRoots are where require() paths usually start: the repository root,
// lua/ (Neovim plugins) and src/ (LuaRocks projects).
var luaRoots = []string{"", "lua", "src"}

// ResolveImports maps require("x.y") to x/y.lua or x/y/init.lua, as Lua's
// default package.path does; a module found nowhere is external.
func (l *luaLang) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	files := make(map[string]bool, len(req.GetFiles()))
	for _, f := range req.GetFiles() {
		files[f] = true
	}
	out := &sdk.ResolveResponse{}
	for _, site := range req.GetImports() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		spec := site.GetImport().GetSpec()
		res := &sdk.ResolvedImport{FromPath: site.GetFromPath(), Spec: spec, External: true}
		rel := strings.ReplaceAll(spec, ".", "/")
	search:
		for _, root := range luaRoots {
			for _, candidate := range []string{path.Join(root, rel+".lua"), path.Join(root, rel, "init.lua")} {
				if files[candidate] {
					res.ToPaths, res.External = []string{candidate}, false
					break search
				}
			}
		}
		out.Imports = append(out.Imports, res)
	}
	return out, nil
}
