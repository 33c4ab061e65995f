package main

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

type def struct {
	Kind, QN   string
	Start, End int32
	Exported   bool
	Receiver   string
	Doc, Sig   string
}

type call struct {
	Name, Qualifier, Caller string
	Line                    int32
}

type imp struct {
	Spec, Alias string
	Line        int32
}

const util = `--- Helpers for strings.
-- Loaded by everything.
local json = require("cjson")
local fs = require "lib.fs"
require("side.effect")

local M = {}

-- Adds two numbers.
-- Returns their sum.
function M.add(a, b)
  return fs.sum(a, b)
end

--- Greets someone.
function M:greet(name)
  self:say("hi " .. name)
  print(string.format("%s", name))
end

local function helper()
  M.add(1, 2)
  local inner = function() json.encode({}) end
end

function global_fn() helper() end

M.cb = function(x) return x end

return M
`

func TestParseDefinitions(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, newLua())
	f := sdktest.ParseOne(t, lang, "lib/util.lua", util)

	require.Equal(t, "lua", f.GetLanguage())
	require.Equal(t, "util", f.GetPackage())
	require.EqualValues(t, 30, f.GetLines())
	require.Empty(t, f.GetDiagnostics())
	var got []def
	for _, d := range f.GetDefinitions() {
		require.Equal(t, "ldoc", d.GetDocStyle())
		got = append(got, def{d.GetKind(), d.GetQualifiedName(), d.GetSpan().GetStartLine(), d.GetSpan().GetEndLine(),
			d.GetExported(), d.GetReceiver(), d.GetDoc(), d.GetSignature()})
	}
	require.Equal(t, []def{
		{"function", "util.M.add", 11, 13, true, "", "Adds two numbers.\nReturns their sum.", "function M.add(a, b)"},
		{"function", "util.M.greet", 16, 19, true, "", "Greets someone.", "function M:greet(name)"},
		{"function", "util.helper", 21, 24, false, "", "", "local function helper()"},
		{"function", "util.global_fn", 26, 26, true, "", "", "function global_fn()"},
		{"function", "util.M.cb", 28, 28, true, "", "", "M.cb = function(x)"},
	}, got)
}

func TestParseCallsAndImports(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, newLua())
	f := sdktest.ParseOne(t, lang, "lib/util.lua", util)

	var calls []call
	for _, c := range f.GetCalls() {
		calls = append(calls, call{c.GetName(), c.GetQualifier(), c.GetCaller(), c.GetLine()})
	}
	require.Equal(t, []call{
		{"require", "", "", 3},
		{"require", "", "", 4},
		{"require", "", "", 5},
		{"sum", "fs", "util.M.add", 12},
		{"say", "self", "util.M.greet", 17},
		{"print", "", "util.M.greet", 18},
		{"format", "string", "util.M.greet", 18},
		{"add", "", "util.helper", 22},
		{"encode", "json", "util.helper", 23}, // a closure's calls belong to its definition
		{"helper", "", "util.global_fn", 26},
	}, calls)

	var imports []imp
	for _, i := range f.GetImports() {
		imports = append(imports, imp{i.GetSpec(), i.GetAlias(), i.GetLine()})
	}
	require.Equal(t, []imp{
		{"cjson", "json", 3},
		{"lib.fs", "fs", 4},
		{"side.effect", "", 5},
	}, imports)
}

func TestCallShapes(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, newLua())
	f := sdktest.ParseOne(t, lang, "shapes.lua", "a.b.c()\nobj.field:method(1)\nfoo(1).bar()\nt[k]()\nf{1}\n")
	var calls []call
	for _, c := range f.GetCalls() {
		calls = append(calls, call{c.GetName(), c.GetQualifier(), c.GetCaller(), c.GetLine()})
	}
	require.Equal(t, []call{
		{"c", "a.b", "", 1},
		{"method", "obj.field", "", 2},
		{"bar", "foo()", "", 3},
		{"foo", "", "", 3},
		{"f", "", "", 5}, // t[k]() has no name to give
	}, calls)
}

func TestFileNames(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		module string
		test   bool
	}{
		"util.lua":            {"util", false},
		"lua/plugin/init.lua": {"plugin", false},
		"init.lua":            {"init", false},
		"spec/util_spec.lua":  {"util_spec", true},
		"lib/util_test.lua":   {"util_test", true},
		"tests/helpers.lua":   {"helpers", true},
	}
	for path, tc := range tests {
		require.Equal(t, tc.module, moduleName(path), path)
		require.Equal(t, tc.test, isTest(path), path)
	}
}

func TestBrokenFilesDoNotFailTheBatch(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, newLua())
	facts, err := lang.Parse(context.Background(), []*sdk.SourceFile{
		{Path: "broken.lua", BlobId: "1", Content: []byte("function broken(\n  x = = \nend\n\nfunction ok() g() end\n")},
		{Path: "garbage.lua", BlobId: "2", Content: []byte("\x00\xff}}} ((( end end then")},
		{Path: "fine.lua", BlobId: "3", Content: []byte("local function f() end\n")},
	})
	require.NoError(t, err)
	require.Len(t, facts, 3)
	require.NotEmpty(t, facts[0].GetDiagnostics())
	require.EqualValues(t, 2, facts[0].GetDiagnostics()[0].GetLine())
	require.NotEmpty(t, facts[1].GetDiagnostics())
	require.Empty(t, facts[2].GetDiagnostics())
	require.Equal(t, "fine.f", facts[2].GetDefinitions()[0].GetQualifiedName())
}

func TestResolveImports(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, newLua())
	files := []string{"main.lua", "lib/fs.lua", "lib/net/init.lua", "lua/plugin/config.lua"}
	tests := map[string]struct {
		to       []string
		external bool
	}{
		"lib.fs":        {[]string{"lib/fs.lua"}, false},
		"lib.net":       {[]string{"lib/net/init.lua"}, false},
		"plugin.config": {[]string{"lua/plugin/config.lua"}, false},
		"cjson":         {nil, true},
	}
	var sites []*sdk.ImportSite
	for spec := range tests {
		sites = append(sites, &sdk.ImportSite{FromPath: "main.lua", Import: &sdk.Import{Spec: spec}})
	}
	resp, err := lang.ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Imports: sites})
	require.NoError(t, err)
	require.Len(t, resp.GetImports(), len(sites))
	for _, r := range resp.GetImports() {
		tc := tests[r.GetSpec()]
		require.Equal(t, "main.lua", r.GetFromPath())
		require.Equal(t, tc.to, r.GetToPaths(), r.GetSpec())
		require.Equal(t, tc.external, r.GetExternal(), r.GetSpec())
	}
}

func TestLazyRequire(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, newLua())
	f := sdktest.ParseOne(t, lang, "conf.lua", `local M = {}

function M.load(path)
  local yaml = require("lyaml")
  return yaml.load(path)
end

return M
`)
	require.Len(t, f.GetDefinitions(), 1)
	require.Len(t, f.GetImports(), 1)
	i := f.GetImports()[0]
	require.Equal(t, imp{"lyaml", "yaml", 4}, imp{i.GetSpec(), i.GetAlias(), i.GetLine()})
	c := f.GetCalls()[1]
	require.Equal(t, call{"load", "yaml", "conf.M.load", 5}, call{c.GetName(), c.GetQualifier(), c.GetCaller(), c.GetLine()})
}

// The grammar's external scanner keeps long-bracket state in C globals;
// concurrent parses must still agree with a lone one.
func TestConcurrentParsesAgree(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, newLua())
	src := []byte(`local s = [==[
a long ]] string ]=] still going
]==]
--[[ a block
comment ]]
local function f() return [[x]] end
function g() f() end
`)
	want, err := lang.Parse(context.Background(), []*sdk.SourceFile{{Path: "s.lua", Content: src}})
	require.NoError(t, err)
	require.Empty(t, want[0].GetDiagnostics())
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				got, err := lang.Parse(context.Background(), []*sdk.SourceFile{{Path: "s.lua", Content: src}})
				if err != nil || len(got[0].GetDiagnostics()) > 0 || len(got[0].GetDefinitions()) != len(want[0].GetDefinitions()) {
					t.Errorf("concurrent parse differs: %v %v", err, got)
					return
				}
			}
		})
	}
	wg.Wait()
}
