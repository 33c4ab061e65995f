package riskmap

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixture is the render model of a small Go ledger service with a
// TypeScript front end, reduced to what a risk map reads.
func fixture() *sdk.Model {
	reason := func(typ, detail string, weight float64) *sdk.RiskReason {
		return &sdk.RiskReason{Type: typ, Detail: detail, Weight: weight}
	}
	file := func(path string, salience float64, tests []string, score float64, level string, reasons []*sdk.RiskReason, recs ...string) *sdk.FileModel {
		return &sdk.FileModel{Path: path, Salience: salience, TestedBy: tests,
			Risk: &sdk.Risk{Score: score, Level: level, Reasons: reasons, Recommendations: recs}}
	}
	test := func(path string) *sdk.FileModel {
		f := file(path, 0.1, nil, 0.12, "low", nil)
		f.IsTest = true
		return f
	}
	return &sdk.Model{
		SchemaVersion: sdk.ModelSchemaVersion,
		RepoName:      "ledger",
		Head:          "9f2c4e1b7a3d5c6e8f0a1b2c3d4e5f6a7b8c9d0e",
		Summary:       &sdk.Summary{Files: 16, SourceFiles: 12, Commits: 412, Contributors: 5},
		Modules: []*sdk.ModuleModel{
			{Path: "internal/store"}, {Path: "internal/ledger"}, {Path: "internal/api"},
			{Path: "web/src"}, {Path: "cmd/ledger"}, {Path: "."},
		},
		Files: []*sdk.FileModel{
			file("internal/store/store.go", 0.91, []string{"internal/store/store_test.go"}, 0.52, "medium", []*sdk.RiskReason{
				reason("undocumented-critical", "Open and Tx lack doc comments though 5 files depend on them", 0.12),
				reason("knowledge-silo", "one author made all 8 changes", 0.3),
			}, "Pair with a second reviewer who knows the schema before changing it."),
			file("internal/ledger/ledger.go", 0.8412, []string{"internal/ledger/ledger_test.go"}, 0.71449, "high", []*sdk.RiskReason{
				reason("volatile-critical", "38 changes, 9 in the last 90 days,\nwith 3 dependents", 0.3),
				reason("rising-importance", "PageRank up from #4 to #2 over the last three snapshots", 0.1),
			}, "Run go test ./internal/ledger/... and the API tests after every edit.",
				"Keep Ledger's exported methods stable: internal/api calls them directly.",
				"Run go test ./internal/ledger/... and the API tests after every edit."),
			file("internal/ledger/posting.go", 0.66, nil, 0.74, "high", []*sdk.RiskReason{
				reason("untested-central", "2 dependents and no test file exercises it", 0.3),
				reason("knowledge-silo", "one author made 17 of 18 changes", 0.3),
			}, "Add table-driven tests for Post and Reverse before changing them."),
			file("internal/api/handlers.go", 0.48, nil, 0.45, "medium", []*sdk.RiskReason{
				reason("volatile-untested", "41 changes & no tests", 0.25),
			}, "Add handler tests with httptest before refactoring."),
			file("web/src/api.ts", 0.37, []string{"web/src/api.test.ts"}, 0.41, "Medium", []*sdk.RiskReason{
				reason("knowledge-silo", "one author made 21 of 22 changes", 0.3),
				reason("stale-docs", "docs/architecture.md describes an endpoint <POST /transfer> renamed 9 changes ago", 0.05),
			}, "Check docs/architecture.md when changing endpoints."),
			file("internal/api/server.go", 0.31, []string{"internal/api/server_test.go"}, 0.18, "low", nil),
			file("internal/store/migrate.go", 0.22, []string{"internal/store/store_test.go"}, 0.28, "low", []*sdk.RiskReason{
				reason("knowledge-silo", "one author made all 6 changes", 0.3),
			}),
			file("web/src/format.ts", 0.09, []string{"web/src/format.test.ts"}, 0.1804, "low", nil),
			file("web/src/App.tsx", 0.2, nil, 0.22, "low", nil),
			file("cmd/ledger/main.go", 0.12, nil, 0.2, "low", nil),
			test("internal/store/store_test.go"),
			test("internal/ledger/ledger_test.go"),
			test("internal/api/server_test.go"),
			test("web/src/api.test.ts"),
			test("web/src/format.test.ts"),
			// Files the core did not assess carry no risk and are left out.
			{Path: "README.md"},
		},
		RiskThreshold: 0.6,
	}
}

// withoutHistory: structure only, so only structural reasons remain.
func withoutHistory() *sdk.Model {
	m := proto.Clone(fixture()).(*sdk.Model)
	m.Head = ""
	m.Summary.Commits, m.Summary.Contributors = 0, 0
	for _, f := range m.Files {
		r := f.Risk
		if r == nil {
			continue
		}
		var kept []*sdk.RiskReason
		for _, reason := range r.Reasons {
			if reason.Type == "untested-central" || reason.Type == "undocumented-critical" {
				kept = append(kept, reason)
			}
		}
		if len(kept) == 0 {
			// Salience alone weighs 40% of the score (SPEC 7).
			f.Risk = &sdk.Risk{Score: 0.4 * f.Salience, Level: "low"}
		} else {
			r.Reasons = kept
		}
	}
	return m
}

func TestGolden(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		model  func() *sdk.Model
		config map[string]*sdk.Value
	}{
		"default":     {model: fixture},
		"include-low": {model: fixture, config: map[string]*sdk.Value{"include_low": sdk.Bool(true)}},
		"no-history":  {model: withoutHistory},
		"empty":       {model: func() *sdk.Model { return &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: "empty"} }},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			golden(t, name, render(t, New(), tc.config, tc.model()).GetContent())
		})
	}
}

// TestThroughShims renders over the real gRPC shims, as the core does, and
// moves the output by configuration.
func TestThroughShims(t *testing.T) {
	t.Parallel()
	r := sdktest.Renderer(t, New())
	out := render(t, r, nil, fixture())
	require.Equal(t, "homer-risk.json", out.GetPath())
	require.False(t, out.GetHumanEditable())
	golden(t, "default", out.GetContent())

	out = render(t, r, map[string]*sdk.Value{"output": sdk.String("reports/risk.json"), "include_low": sdk.Bool(true)}, fixture())
	require.Equal(t, "reports/risk.json", out.GetPath())
	golden(t, "include-low", out.GetContent())
}

func TestInfo(t *testing.T) {
	t.Parallel()
	info := New().Info()
	require.Equal(t, "risk-map", info.GetName())
	require.Equal(t, "1.0.0", info.GetVersion())
	defaults := map[string]string{}
	for _, a := range info.GetSchema() {
		defaults[a.GetName()] = sdk.ValueString(a.GetDefaultValue())
	}
	require.Equal(t, map[string]string{"output": `"homer-risk.json"`, "include_low": "false"}, defaults)
}

func TestConfigureRejectsOutsideOutput(t *testing.T) {
	t.Parallel()
	for _, output := range []string{"../homer-risk.json", "/tmp/homer-risk.json"} {
		r := New()
		diags := r.Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{"output": sdk.String(output)}})
		require.Len(t, diags, 1, output)
		require.Equal(t, "output", diags[0].GetAttribute())
		require.Equal(t, sdk.SeverityError, diags[0].GetSeverity())
		require.Equal(t, "homer-risk.json", render(t, r, nil, fixture()).GetPath(), "a rejected output must not stick")
	}
	// An empty output is "not set" (sdk.Config.LocalPath): the default.
	r := New()
	require.Empty(t, r.Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{"output": sdk.String("")}}))
	require.Equal(t, "homer-risk.json", render(t, r, nil, fixture()).GetPath())
}

func TestRefusesNewerModel(t *testing.T) {
	t.Parallel()
	_, err := New().Render(context.Background(), &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion + 1})
	require.ErrorContains(t, err, "newer")
}

// TestDocument reads the JSON back as a consumer would and checks the
// promises of the schema.
func TestDocument(t *testing.T) {
	t.Parallel()
	m := fixture()
	var doc document
	require.NoError(t, json.Unmarshal(render(t, New(), map[string]*sdk.Value{"include_low": sdk.Bool(true)}, m).GetContent(), &doc))

	require.Equal(t, Schema, doc.Schema)
	require.Equal(t, summary{Files: 15, High: 2, Medium: 3, Low: 10, OverThreshold: 2}, doc.Summary)
	require.True(t, sort.SliceIsSorted(doc.Files, func(i, j int) bool {
		if doc.Files[i].Score != doc.Files[j].Score {
			return doc.Files[i].Score > doc.Files[j].Score
		}
		return doc.Files[i].Path < doc.Files[j].Path
	}), "files must be sorted by score, then path")

	files, modules := map[string]*sdk.FileModel{}, map[string]bool{}
	for _, f := range m.Files {
		files[f.Path] = f
	}
	for _, mod := range m.Modules {
		modules[mod.Path] = true
	}
	for _, f := range doc.Files {
		require.Contains(t, files, f.Path, "only files of the model are listed")
		require.False(t, modules[f.Path] || strings.HasSuffix(f.Path, "/"), "%s is a directory", f.Path)
	}
	for _, p := range doc.SafeAreas {
		f := files[p]
		require.NotNil(t, f, "safe area %s is not a file of the model", p)
		require.False(t, f.IsTest, "test file %s listed as a safe area", p)
		require.NotEmpty(t, f.TestedBy, "untested file %s listed as a safe area", p)
		require.Equal(t, "low", f.Risk.Level)
	}
}

func TestLevels(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RiskThreshold: 0.5, Files: []*sdk.FileModel{
		{Path: "a.go", Risk: &sdk.Risk{Score: 0.95, Level: "critical"}},
		{Path: "b.go", Risk: &sdk.Risk{Score: 0.5, Level: "severe"}},
		{Path: "c.go", Risk: &sdk.Risk{Score: 0.1}},
	}}
	doc := build(m, false)
	require.Equal(t, summary{Files: 3, Critical: 1, Low: 1, Other: 1, OverThreshold: 1}, doc.Summary)
	require.Equal(t, []string{"a.go", "b.go"}, paths(doc.Files), "levels above low are listed, whatever their name")
}

func TestSafeAreasCapped(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion}
	for i := range 80 {
		m.Files = append(m.Files, &sdk.FileModel{
			Path:     fmt.Sprintf("pkg/f%02d.go", i),
			TestedBy: []string{fmt.Sprintf("pkg/f%02d_test.go", i)},
			Risk:     &sdk.Risk{Score: float64(80-i) / 100, Level: "low"},
		})
	}
	doc := build(m, false)
	require.Len(t, doc.SafeAreas, maxSafeAreas)
	require.Equal(t, "pkg/f30.go", doc.SafeAreas[0], "the safest files are kept")
	require.Equal(t, "pkg/f79.go", doc.SafeAreas[maxSafeAreas-1])
	require.Empty(t, doc.Files)
}

// TestDeterministic shuffles the model's lists: the output stays byte for
// byte the same.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	values := map[string]*sdk.Value{"include_low": sdk.Bool(true)}
	want := string(render(t, New(), values, fixture()).GetContent())
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 2))
		m := fixture()
		shuffle(rng, m.Files)
		for _, f := range m.Files {
			if f.Risk != nil {
				shuffle(rng, f.Risk.Reasons)
			}
		}
		require.Equal(t, want, string(render(t, New(), values, m).GetContent()), "seed %d", seed)
	}
}

func shuffle[T any](rng *rand.Rand, s []T) {
	rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
}

func paths(fs []fileRisk) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Path)
	}
	return out
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

// The risk map renders the same from the fields it names (ModelFields:
// all the SDK decodes of a streamed model) as from the whole model.
func TestModelFieldsSuffice(t *testing.T) {
	t.Parallel()
	r := New().(*renderer)
	for name, model := range map[string]func() *sdk.Model{"default": fixture, "no-history": withoutHistory} {
		for _, low := range []bool{false, true} {
			r := &renderer{output: r.output, includeLow: low}
			whole := render(t, r, nil, model())
			selected, err := sdk.SelectModel(model(), r.ModelFields())
			require.NoError(t, err)
			require.Less(t, proto.Size(selected), proto.Size(model()), "%s: the fixture holds fields the risk map does not read", name)
			require.Equal(t, string(whole.GetContent()), string(render(t, r, nil, selected).GetContent()), "%s, include_low %v", name, low)
		}
	}
}
