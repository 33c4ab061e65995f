package ecma

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

// writer writes files under root for a test.
func writer(t *testing.T, root string) func(p, content string) {
	return func(p, content string) {
		full := filepath.Join(root, filepath.FromSlash(p))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(content), 0o644))
	}
}

func TestResolveImports(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := writer(t, root)
	write("tsconfig.base.json", `{
  // shared by the packages
  "compilerOptions": { "baseUrl": "./", "paths": { "@shared/*": ["libs/shared/src/*",], }, },
}`)
	write("tsconfig.json", `{ "extends": "./tsconfig.base.json", "compilerOptions": { "paths": { "~/*": ["./src/*"], "@shared/*": ["libs/shared/src/*"] } } }`)
	write("apps/web/tsconfig.json", `{ "compilerOptions": { "paths": { "@web/*": ["./src/*"] } } }`)
	write("packages/ui/package.json", `{ "name": "@acme/ui", "main": "dist/index.js" }`)
	write("package.json", `{ "main": "lib/application.js" }`)
	write("packages/kit/package.json", `{ "name": "kit", "main": "./index.js", "types": "./typings/index.d.ts" }`)
	files := []string{
		"package.json", "lib/application.js", "__tests__/app/respond.test.js", "packages/ui/tests/button.test.ts",
		"packages/kit/package.json", "packages/kit/index.js", "packages/kit/typings/index.d.ts", "examples/a.js", "examples/b.ts",
		"tsconfig.base.json", "tsconfig.json", "apps/web/tsconfig.json", "packages/ui/package.json",
		"src/app.ts", "src/util.ts", "src/util.js", "src/lib/index.ts", "src/esm.ts", "src/view.tsx",
		"src/types.d.ts", "src/legacy.js", "src/data.json", "src/server.js", "src/server.d.ts",
		"libs/shared/src/log.ts",
		"apps/web/src/page.tsx", "apps/web/src/hooks/use.ts",
		"packages/ui/src/index.ts", "packages/ui/src/button.tsx",
	}
	manifests := []*sdk.Manifest{{Path: "packages/ui/package.json", Kind: "npm", Name: "@acme/ui"}, {Path: "packages/kit/package.json", Kind: "npm", Name: "kit"}}
	tests := map[string]struct {
		from, spec string
		to         []string
		external   bool
	}{
		"relative, extension probed":      {"src/app.ts", "./util", []string{"src/util.ts"}, false},
		"relative from JS prefers JS":     {"src/legacy.js", "./util", []string{"src/util.js"}, false},
		"directory index":                 {"src/app.ts", "./lib", []string{"src/lib/index.ts"}, false},
		"ESM .js names the .ts":           {"src/app.ts", "./esm.js", []string{"src/esm.ts"}, false},
		"tsx":                             {"src/app.ts", "./view", []string{"src/view.tsx"}, false},
		"declaration file":                {"src/app.ts", "./types", []string{"src/types.d.ts"}, false},
		"declaration before its JS":       {"src/lib/index.ts", "../server", []string{"src/server.d.ts"}, false},
		"its JS from JS":                  {"src/legacy.js", "./server", []string{"src/server.js"}, false},
		"exact file":                      {"src/app.ts", "./data.json", []string{"src/data.json"}, false},
		"parent":                          {"src/lib/index.ts", "../util", []string{"src/util.ts"}, false},
		"relative missing":                {"src/app.ts", "./nothing", nil, false},
		"above the root":                  {"src/app.ts", "../../x", nil, false},
		"paths":                           {"src/app.ts", "~/lib", []string{"src/lib/index.ts"}, false},
		"paths from an extended config":   {"src/app.ts", "@shared/log", []string{"libs/shared/src/log.ts"}, false},
		"baseUrl":                         {"src/app.ts", "src/util", []string{"src/util.ts"}, false},
		"nested tsconfig":                 {"apps/web/src/page.tsx", "@web/hooks/use", []string{"apps/web/src/hooks/use.ts"}, false},
		"nested config replaces the root": {"apps/web/src/page.tsx", "~/util", nil, true},
		"workspace package":               {"src/app.ts", "@acme/ui", []string{"packages/ui/src/index.ts"}, false},
		"workspace package file":          {"src/app.ts", "@acme/ui/button", []string{"packages/ui/src/button.tsx"}, false},
		"workspace package missing file":  {"src/app.ts", "@acme/ui/nothing", nil, false},
		"dependency":                      {"src/app.ts", "react", nil, true},
		"scoped dependency":               {"src/app.ts", "@types/node", nil, true},
		"node builtin":                    {"src/app.ts", "node:fs", nil, true},
		"bundler query":                   {"src/app.ts", "./util?raw", []string{"src/util.ts"}, false},
		"the package's directory":         {"__tests__/app/respond.test.js", "../..", []string{"lib/application.js"}, false},
		"a package's main, from JS":       {"examples/a.js", "kit", []string{"packages/kit/index.js"}, false},
		"a package's types, from TS":      {"examples/b.ts", "kit", []string{"packages/kit/typings/index.d.ts"}, false},
		"a workspace package's directory": {"packages/ui/tests/button.test.ts", "..", []string{"packages/ui/src/index.ts"}, false},
	}
	var sites []*sdk.ImportSite
	names := map[*sdk.Import]string{}
	for name, tc := range tests {
		imp := &sdk.Import{Spec: tc.spec}
		names[imp] = name
		sites = append(sites, &sdk.ImportSite{FromPath: tc.from, Import: imp})
	}
	p := New(TypeScript)
	require.Empty(t, p.Configure(context.Background(), sdk.Config{RepoRoot: root}))
	resp, err := p.ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Manifests: manifests, Imports: sites})
	require.NoError(t, err)
	require.Len(t, resp.GetImports(), len(sites))
	for i, got := range resp.GetImports() {
		name := names[sites[i].GetImport()]
		tc := tests[name]
		require.Equal(t, tc.from, got.GetFromPath(), name)
		require.Equal(t, tc.spec, got.GetSpec(), name)
		require.Equal(t, tc.to, got.GetToPaths(), name)
		require.Equal(t, tc.external, got.GetExternal(), name)
	}
}

// Without a repository root (or with broken configs) resolution still
// works from the file list alone.
func TestResolveWithoutConfig(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "tsconfig.json"), []byte(`{ not json`), 0o644))
	p := New(JavaScript)
	require.Empty(t, p.Configure(context.Background(), sdk.Config{RepoRoot: root}))
	resp, err := p.ResolveImports(context.Background(), &sdk.ResolveRequest{
		Files: []string{"tsconfig.json", "a.js", "b.js"},
		Imports: []*sdk.ImportSite{
			{FromPath: "a.js", Import: &sdk.Import{Spec: "./b"}},
			{FromPath: "a.js", Import: &sdk.Import{Spec: "b"}},
		},
	})
	require.NoError(t, err)
	require.Equal(t, []string{"b.js"}, resp.GetImports()[0].GetToPaths())
	require.True(t, resp.GetImports()[1].GetExternal())
}

func TestJSONC(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{"a": 1, // one` + "\n" + `}`:        `{"a": 1 ` + "\n" + `}`,
		`{"a": [1, 2,], /* c */ "b": "//x",}`: `{"a": [1, 2],  "b": "//x"}`,
		`{"s": "a\"b/*"}`:                     `{"s": "a\"b/*"}`,
	} {
		require.Equal(t, want, string(jsonc([]byte(in))), in)
	}
}

// A path into the compiler's output, which the repository does not hold,
// is its source: yargs' index.mjs and tests import ./build/lib/*.js,
// compiled from lib/*.ts (outDir build, rootDir .); a package compiling
// src/ to dist/ likewise. A file the output directory does hold is itself.
func TestResolveCompilerOutput(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := writer(t, root)
	write("tsconfig.json", `{ "compilerOptions": { "outDir": "build", "rootDir": "." } }`)
	write("pkg/tsconfig.json", `{ "compilerOptions": { "outDir": "./dist", "rootDir": "./src" } }`)
	files := []string{"tsconfig.json", "index.mjs", "lib/yargs-factory.ts", "lib/yerror.ts", "test/usage.mjs",
		"pkg/tsconfig.json", "pkg/index.js", "pkg/src/a.ts", "build/kept.js"}
	sites := []*sdk.ImportSite{
		{FromPath: "index.mjs", Import: &sdk.Import{Spec: "./build/lib/yargs-factory.js"}},
		{FromPath: "test/usage.mjs", Import: &sdk.Import{Spec: "../build/lib/yerror.js"}},
		{FromPath: "pkg/index.js", Import: &sdk.Import{Spec: "./dist/a.js"}},
		{FromPath: "index.mjs", Import: &sdk.Import{Spec: "./build/kept.js"}},
		{FromPath: "index.mjs", Import: &sdk.Import{Spec: "./build/lib/missing.js"}},
	}
	p := New(JavaScript)
	require.Empty(t, p.Configure(context.Background(), sdk.Config{RepoRoot: root}))
	resp, err := p.ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Imports: sites})
	require.NoError(t, err)
	var got [][]string
	for _, r := range resp.GetImports() {
		got = append(got, r.GetToPaths())
	}
	require.Equal(t, [][]string{{"lib/yargs-factory.ts"}, {"lib/yerror.ts"}, {"pkg/src/a.ts"}, {"build/kept.js"}, nil}, got)
}
