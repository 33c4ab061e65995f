package agentsmd

import (
	"context"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestGolden(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		model  func() *sdk.Model
		config map[string]*sdk.Value
	}{
		"full":          {model: fixture},
		"max-entries-3": {model: fixture, config: map[string]*sdk.Value{"max_entries": sdk.Number(3)}},
		"no-history":    {model: withoutHistory},
		"budget-350":    {model: fixture, config: map[string]*sdk.Value{"max_words": sdk.Number(350)}},
		"empty":         {model: func() *sdk.Model { return &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: "empty"} }},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			golden(t, name, render(t, New(), tc.config, tc.model()).GetContent())
		})
	}
}

// TestThroughShims renders over the real gRPC shims, as the core does, with
// the output moved by configuration.
func TestThroughShims(t *testing.T) {
	t.Parallel()
	r := sdktest.Renderer(t, New())
	out := render(t, r, nil, fixture())
	require.Equal(t, "AGENTS.md", out.GetPath())
	require.True(t, out.GetHumanEditable())
	golden(t, "full", out.GetContent())

	out = render(t, r, map[string]*sdk.Value{"output": sdk.String("docs/agents/AGENTS.md")}, fixture())
	require.Equal(t, "docs/agents/AGENTS.md", out.GetPath())
	require.True(t, out.GetHumanEditable())
	// Moved away, the renderer no longer mistakes the root AGENTS.md for its
	// own output: it is a document worth reading.
	require.Contains(t, section(t, string(out.GetContent()), "Key documents"), "- `AGENTS.md`")
}

// Under a word budget the least valuable sections lose entries first, then
// whole sections; commands stay whole.
func TestWordBudget(t *testing.T) {
	t.Parallel()
	full := string(render(t, New(), map[string]*sdk.Value{"max_words": sdk.Number(0)}, fixture()).GetContent())
	words := len(strings.Fields(full))
	for _, budget := range []int{words, words - 40, 350, 200, 1} {
		out := string(render(t, New(), map[string]*sdk.Value{"max_words": sdk.Number(float64(budget))}, fixture()).GetContent())
		require.Equal(t, section(t, full, "Build, test and lint"), section(t, out, "Build, test and lint"), "budget %d", budget)
		if budget >= words {
			require.Equal(t, full, out)
			continue
		}
		if n := len(strings.Fields(out)); n > budget {
			// Over only when nothing is left to cut: no section the budget trims.
			for _, title := range []string{"Danger zones", "Load-bearing code", "Key documents", "Module map", "Change patterns"} {
				require.NotContains(t, out, "## "+title, "budget %d: %d words", budget, n)
			}
		}
	}
	diags := New().Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{"max_words": sdk.Number(-1)}})
	require.Len(t, diags, 1)
	require.Equal(t, "max_words", diags[0].GetAttribute())
}

func TestInfo(t *testing.T) {
	t.Parallel()
	info := New().Info()
	require.Equal(t, "agents-md", info.GetName())
	require.Equal(t, "1.0.0", info.GetVersion())
	defaults := map[string]string{}
	for _, a := range info.GetSchema() {
		defaults[a.GetName()] = sdk.ValueString(a.GetDefaultValue())
	}
	require.Equal(t, map[string]string{"output": `"AGENTS.md"`, "max_entries": "12", "max_words": "1500", "circularity": `"auto"`}, defaults)
	require.Equal(t, sdk.KindRenderer, sdk.KindOf(New()))
}

func TestConfigure(t *testing.T) {
	t.Parallel()
	bad := map[string]struct {
		values    map[string]*sdk.Value
		attribute string
	}{
		"unknown circularity": {map[string]*sdk.Value{"circularity": sdk.String("sometimes")}, "circularity"},
		"circularity case":    {map[string]*sdk.Value{"circularity": sdk.String("Merge")}, "circularity"},
		"output outside repo": {map[string]*sdk.Value{"output": sdk.String("../AGENTS.md")}, "output"},
		"absolute output":     {map[string]*sdk.Value{"output": sdk.String("/tmp/AGENTS.md")}, "output"},
		"zero entries":        {map[string]*sdk.Value{"max_entries": sdk.Number(0)}, "max_entries"},
		"fractional entries":  {map[string]*sdk.Value{"max_entries": sdk.Number(2.5)}, "max_entries"},
	}
	for name, tc := range bad {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := New()
			diags := r.Configure(context.Background(), sdk.Config{Values: tc.values})
			require.Len(t, diags, 1)
			require.Equal(t, sdk.SeverityError, diags[0].GetSeverity())
			require.Equal(t, tc.attribute, diags[0].GetAttribute())
			// A rejected configuration leaves the defaults in force.
			require.Equal(t, "AGENTS.md", render(t, r, nil, fixture()).GetPath())
		})
	}

	// An empty output is the schema default's form of "not set"
	// (sdk.Config.LocalPath): the default path, no diagnostic.
	empty := New()
	require.Empty(t, empty.Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{"output": sdk.String("")}}))
	require.Equal(t, "AGENTS.md", render(t, empty, nil, fixture()).GetPath())

	for _, circ := range circularities {
		require.Empty(t, New().Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{"circularity": sdk.String(circ)}}), circ)
	}

	// The diagnostic travels through the shims with its attribute.
	c := sdktest.Start(t, New())
	diags, err := c.Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{"circularity": sdk.String("sometimes")}})
	require.NoError(t, err)
	require.Len(t, diags, 1)
	require.Equal(t, "circularity", diags[0].GetAttribute())
}

func TestRefusesNewerModel(t *testing.T) {
	t.Parallel()
	_, err := New().Render(context.Background(), &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion + 1})
	require.ErrorContains(t, err, "newer")
}

// TestDeterministic shuffles every list whose order the renderer must not
// depend on: the output stays byte for byte the same.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	want := render(t, New(), nil, fixture()).GetContent()
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 1))
		m := fixture()
		shuffle(rng, m.Files)
		shuffle(rng, m.Modules)
		shuffle(rng, m.Entities)
		shuffle(rng, m.CoChangeSets)
		shuffle(rng, m.Manifests)
		shuffle(rng, m.Documents)
		for _, f := range m.Files {
			shuffle(rng, f.Dependents)
			shuffle(rng, f.CoChanges)
			shuffle(rng, f.TestedBy)
			if f.Risk != nil {
				shuffle(rng, f.Risk.Reasons)
			}
		}
		for _, mod := range m.Modules {
			shuffle(rng, mod.Imports)
			shuffle(rng, mod.ImportedBy)
		}
		require.Equal(t, string(want), string(render(t, New(), nil, m).GetContent()), "seed %d", seed)
	}
}

func shuffle[T any](rng *rand.Rand, s []T) {
	rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
}

// TestNoDirectoryAsFile feeds module paths (directories) everywhere the model
// names files. None may be shown as a file: the output is the same as for the
// clean model, and no code span in a file section names a module.
func TestNoDirectoryAsFile(t *testing.T) {
	t.Parallel()
	clean := fixture()
	m := proto.Clone(clean).(*sdk.Model)
	byPath := map[string]*sdk.FileModel{}
	for _, f := range m.Files {
		byPath[f.Path] = f
	}
	store, ledger := byPath["internal/store/store.go"], byPath["internal/ledger/ledger.go"]
	store.Dependents = append(store.Dependents, &sdk.Related{Path: "internal/api", Weight: 9, Count: 9})
	store.TestedBy = append(store.TestedBy, "internal/store")
	ledger.CoChanges = append(ledger.CoChanges, &sdk.Related{Path: "internal/ledger", Weight: 0.99, Count: 30})
	byPath["internal/api/handlers.go"].TestedBy = []string{"internal/api"}
	m.CoChangeSets = append(m.CoChangeSets, &sdk.CoChangeSet{Files: []string{"internal/ledger", "internal/ledger/ledger.go"}, Support: 40, Confidence: 0.99})
	m.Entities = append(m.Entities, &sdk.EntityModel{QualifiedName: "store", Kind: "package", Path: "internal/store", Salience: 0.99})
	m.Documents = append(m.Documents, "docs", "docs/")

	got := string(render(t, New(), nil, m).GetContent())
	require.Equal(t, string(render(t, New(), nil, clean).GetContent()), got)

	modules := map[string]bool{}
	for _, mod := range m.Modules {
		modules[cleanModule(mod.Path)] = true
	}
	span := regexp.MustCompile("`([^`]+)`")
	for _, title := range []string{"Key documents", "Load-bearing code", "Change patterns", "Danger zones"} {
		body := section(t, got, title)
		for _, s := range span.FindAllStringSubmatch(body, -1) {
			p := s[1]
			if i := strings.LastIndex(p, ":"); i > 0 {
				p = p[:i]
			}
			require.False(t, modules[cleanModule(p)], "section %q shows module %q as a file", title, s[1])
			require.False(t, strings.HasSuffix(p, "/"), "section %q shows directory %q", title, s[1])
		}
	}
	// In the module map, modules are directories and say so.
	require.Contains(t, section(t, got, "Module map"), "| `internal/store/` |")
}

// TestOmitsEmptySections: a model with nothing to say about a section has
// no heading for it.
func TestOmitsEmptySections(t *testing.T) {
	t.Parallel()
	got := string(render(t, New(), nil, withoutHistory()).GetContent())
	require.NotContains(t, got, "## Change patterns")
	require.Contains(t, got, "No history yet")

	got = string(render(t, New(), nil, &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: "empty"}).GetContent())
	require.NotContains(t, got, "\n## ")
	require.True(t, strings.HasPrefix(got, Marker+"\n# AGENTS.md — empty\n"))
}

// render configures r with values (failing on any diagnostic) and renders m
// into exactly one file.
func render(t *testing.T, r sdk.Renderer, values map[string]*sdk.Value, m *sdk.Model) *sdk.OutputFile {
	t.Helper()
	ctx := context.Background()
	if values != nil {
		require.Empty(t, r.Configure(ctx, sdk.Config{Values: values}))
	}
	resp, err := r.Render(ctx, m)
	require.NoError(t, err)
	require.Empty(t, resp.GetDiagnostics())
	require.Len(t, resp.GetFiles(), 1)
	return resp.GetFiles()[0]
}

// section returns the body of the "## title" section of doc.
func section(t *testing.T, doc, title string) string {
	t.Helper()
	_, rest, ok := strings.Cut(doc, "\n## "+title+"\n")
	require.True(t, ok, "no section %q", title)
	if i := strings.Index(rest, "\n## "); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.Index(rest, "\n---\n"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test -update` to create %s", path)
	require.Equal(t, string(want), string(got), "%s is out of date: run `go test -update` and review the diff", path)
}

// A file name with a line break stays on its line.
func TestCodeEscapesControls(t *testing.T) {
	t.Parallel()
	require.Equal(t, "`a\\nb.go`", code("a\nb.go"))
	require.Equal(t, "`x\\x1b[31m.go`", code("x\x1b[31m.go"))
	require.Equal(t, "`plain.go`", code("plain.go"))
}

// Test support and example apps, however salient, are no load-bearing
// code, and their definitions are no key functions or types.
func TestLoadBearingLeavesTestSupportOut(t *testing.T) {
	t.Parallel()
	m := fixture()
	m.Files = append(m.Files, &sdk.FileModel{Path: "tests/Server.php", TestRole: "support", Salience: 0.99, SalienceClass: "hot-critical", Changes: 61})
	m.Entities = append(m.Entities, &sdk.EntityModel{QualifiedName: "Server", Kind: "class", Path: "tests/Server.php", Line: 3, Salience: 0.99, Callers: 9})
	// An example app is none either.
	m.Files = append(m.Files, &sdk.FileModel{Path: "examples/demo/src/App.jsx", Salience: 0.98, SalienceClass: "hot-critical", Changes: 32})
	m.Entities = append(m.Entities, &sdk.EntityModel{QualifiedName: "App", Kind: "function", Path: "examples/demo/src/App.jsx", Line: 3, Salience: 0.98, Callers: 9})
	// Nor is a benchmark.
	m.Files = append(m.Files, &sdk.FileModel{Path: "bench/Polly.Benchmarks/Workloads.cs", Salience: 0.97, SalienceClass: "foundational-stable", Changes: 10})
	// But a package of the product named for benchmarks is the product
	// (hyperfine is a benchmarking tool).
	m.Files = append(m.Files, &sdk.FileModel{Path: "src/benchmark/executor.rs", Salience: 0.95, SalienceClass: "hot-critical", Changes: 40})
	// Nor a file of a test directory that no plugin marks (pluggy's).
	m.Files = append(m.Files, &sdk.FileModel{Path: "testing/benchmark.py", Salience: 0.96, SalienceClass: "background", Changes: 25})
	// Nor a generated file (go-github's accessors), nor its definitions.
	m.Files = append(m.Files, &sdk.FileModel{Path: "github/github-accessors.go", Generated: true, Salience: 0.96, SalienceClass: "hot-critical", Changes: 632})
	m.Entities = append(m.Entities, &sdk.EntityModel{QualifiedName: "GetName", Kind: "method", Path: "github/github-accessors.go", Line: 9, Salience: 0.99, Callers: 40})
	// Nor a translation (PHPMailer's language files).
	m.Files = append(m.Files, &sdk.FileModel{Path: "language/phpmailer.lang-zh.php", Salience: 0.95, SalienceClass: "critical-silo", Changes: 13})
	// Nor the project's tooling that nothing imports (fmt's release
	// script), though one person wrote it.
	m.Files = append(m.Files, &sdk.FileModel{Path: "support/release.py", Salience: 0.94, SalienceClass: "critical-silo", Changes: 73})
	// A script something imports is kept.
	m.Files = append(m.Files, &sdk.FileModel{Path: "scripts/common.py", Salience: 0.93, SalienceClass: "critical-silo", Changes: 20, FanIn: 2,
		Dependents: []*sdk.Related{{Path: "scripts/a.py"}, {Path: "scripts/b.py"}}})
	got := section(t, string(render(t, New(), nil, m).GetContent()), "Load-bearing code")
	require.NotContains(t, got, "support/release.py")
	require.Contains(t, got, "scripts/common.py")
	require.NotContains(t, got, "phpmailer.lang-zh.php")
	require.NotContains(t, got, "testing/benchmark.py")
	require.NotContains(t, got, "github-accessors.go")
	require.NotContains(t, got, "GetName")
	require.NotContains(t, got, "tests/Server.php")
	require.NotContains(t, got, "examples/demo")
	require.NotContains(t, got, "Workloads.cs")
	require.Contains(t, got, "src/benchmark/executor.rs")
	require.Contains(t, got, "1. `", "the list is still there")
}

// A load-bearing file's dependents name the product's code before the
// examples, benchmarks, tests and test support that use it, whatever
// their weight.
func TestDependentsNameTheProductFirst(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Files: []*sdk.FileModel{
		{Path: "fastify.js", Salience: 0.9, SalienceClass: "hot-critical", FanIn: 5, Dependents: []*sdk.Related{
			{Path: "examples/simple.mjs", Weight: 3}, {Path: "bench/run.js", Weight: 3}, {Path: "test/a.test.js", Weight: 3},
			{Path: "lib/route.js", Weight: 1}, {Path: "types/index.ts", Weight: 1}, {Path: "test/utils.js", Weight: 4}}},
		{Path: "examples/simple.mjs"}, {Path: "bench/run.js"}, {Path: "test/a.test.js", IsTest: true}, {Path: "test/utils.js", TestRole: "support"},
		{Path: "lib/route.js"}, {Path: "types/index.ts"},
	}}
	x := newIndex(m, options{maxEntries: 12})
	require.Equal(t, []string{"lib/route.js", "types/index.ts", "test/utils.js", "bench/run.js", "examples/simple.mjs", "test/a.test.js"},
		x.relatedFiles("fastify.js", m.Files[0].Dependents))
}
