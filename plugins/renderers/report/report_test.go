package report

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ (the pipeline ones: go test ./cmd/homer -update-report)")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test -update` to create %s", path)
	require.Equal(t, string(want), string(got), "%s is out of date: run `go test -update` and review the diff", path)
}

func render(t *testing.T, r sdk.Renderer, cfg map[string]*sdk.Value, m *sdk.Model) *sdk.OutputFile {
	t.Helper()
	if cfg != nil {
		require.Empty(t, r.Configure(context.Background(), sdk.Config{Values: cfg}))
	}
	resp, err := r.Render(context.Background(), m)
	require.NoError(t, err)
	require.Len(t, resp.GetFiles(), 1)
	return resp.GetFiles()[0]
}

// hostile is a model whose names carry markup, quotes, pipes and newlines,
// as a repository's paths and commit authors can.
func hostile() *sdk.Model {
	bad := `web/<script>alert("x")</script>|a.go`
	return &sdk.Model{
		SchemaVersion: sdk.ModelSchemaVersion, RepoName: `r&d "lab"`, Head: "0123456789abcdef0123", HeadTime: 1700000000,
		Summary: &sdk.Summary{Files: 2, Commits: 3, Contributors: 1},
		Files: []*sdk.FileModel{
			{Path: bad, Code: true, Module: "web", Salience: 0.8, Changes: 3, Authors: []string{`Eve <eve@x>`}, BusFactor: 1,
				Risk:             &sdk.Risk{Score: 0.7, Level: "high", Reasons: []*sdk.RiskReason{{Type: "knowledge-silo", Detail: "one <b>author</b>\nonly", Weight: 0.3}}},
				CoChangePartners: []*sdk.Partner{{Path: "web/b.go", SharedCommits: 3, Revs: 3, Confidence: 1}}},
			{Path: "web/b.go", Code: true, Module: "web", Salience: 0.2, Changes: 3, Authors: []string{`Eve <eve@x>`}, BusFactor: 1,
				Risk: &sdk.Risk{Score: 0.1, Level: "low"}},
		},
		Communities: []*sdk.Community{{Id: 0, Label: `web "ui"`, Files: []string{bad, "web/b.go"}, X: 0.5, Y: 0.5, Radius: 0.2}},
		Treemap: []*sdk.TreemapCell{
			{Path: "web", W: 1.6, H: 1},
			{Path: bad, Parent: "web", W: 1.28, H: 1},
			{Path: "web/b.go", Parent: "web", X: 1.28, W: 0.32, H: 1},
		},
	}
}

func TestGolden(t *testing.T) {
	t.Parallel()
	empty := func() *sdk.Model { return &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: "empty"} }
	cases := map[string]struct {
		model  func() *sdk.Model
		config map[string]*sdk.Value
	}{
		"empty.html.golden":   {model: empty},
		"empty.md.golden":     {model: empty, config: map[string]*sdk.Value{"format": sdk.String("markdown")}},
		"hostile.html.golden": {model: hostile},
		"hostile.md.golden":   {model: hostile, config: map[string]*sdk.Value{"format": sdk.String("markdown")}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			golden(t, name, render(t, New(), tc.config, tc.model()).GetContent())
		})
	}
}

// Names from the repository never become markup: no raw tag, and the
// tooltip keeps its line breaks as character references.
func TestEscapes(t *testing.T) {
	t.Parallel()
	page := string(HTML(hostile(), 25))
	require.NotContains(t, page, `<script>alert`)
	require.NotContains(t, page, `<b>author</b>`)
	require.Contains(t, page, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`)
	require.Contains(t, page, "one &lt;b&gt;author&lt;/b&gt;\nonly", "a reason's detail, escaped")
	require.Contains(t, page, `data-tip="web/&lt;script&gt;`)
	require.Equal(t, 1, strings.Count(page, "<script"), "the page's own script is its only one")
	md := string(Markdown(hostile(), 25))
	require.Contains(t, md, `web/<script>alert("x")</script>\|a.go`, "pipes cannot break a table row")
	require.Contains(t, md, `c0["web #quot;ui#quot; (2 files)"]`, "quotes cannot break a Mermaid label")
}

func TestThroughShims(t *testing.T) {
	t.Parallel()
	r := sdktest.Renderer(t, New())
	out := render(t, r, nil, hostile())
	require.Equal(t, "homer-report.html", out.GetPath())
	require.False(t, out.GetHumanEditable())
	golden(t, "hostile.html.golden", out.GetContent())

	out = render(t, r, map[string]*sdk.Value{"format": sdk.String("markdown")}, hostile())
	require.Equal(t, "homer-report.md", out.GetPath(), "the default output follows the format")
	out = render(t, r, map[string]*sdk.Value{"format": sdk.String("markdown"), "output": sdk.String("docs/report.md")}, hostile())
	require.Equal(t, "docs/report.md", out.GetPath())
	golden(t, "hostile.md.golden", out.GetContent())
}

func TestConfigureReportsEveryProblem(t *testing.T) {
	t.Parallel()
	r := New()
	diags := r.Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{
		"format": sdk.String("pdf"), "output": sdk.String("../out.html"), "top": sdk.Number(2.5)}})
	var attrs []string
	for _, d := range diags {
		require.Equal(t, sdk.SeverityError, d.GetSeverity())
		attrs = append(attrs, d.GetAttribute())
	}
	require.ElementsMatch(t, []string{"format", "output", "top"}, attrs)
	require.Equal(t, "homer-report.html", render(t, r, nil, hostile()).GetPath(), "a rejected configuration must not stick")
}

func TestTopBoundsTables(t *testing.T) {
	t.Parallel()
	m := hostile()
	for i := range 5 {
		p := "web/x" + itoa(i) + ".go"
		m.Files = append(m.Files, &sdk.FileModel{Path: p, Code: true, Module: "web", Salience: 0.1,
			Risk: &sdk.Risk{Score: 0.5, Level: "medium"}})
	}
	page := string(HTML(m, 2))
	require.Equal(t, 2, strings.Count(page, `<span class="level `), "two risk rows")
	require.Contains(t, page, "4 more in homer-risk.json")
}

func TestRefusesNewerModel(t *testing.T) {
	t.Parallel()
	_, err := New().Render(context.Background(), &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion + 1})
	require.ErrorContains(t, err, "newer")
}

func TestInfo(t *testing.T) {
	t.Parallel()
	info := New().Info()
	require.Equal(t, "report", info.GetName())
	defaults := map[string]string{}
	for _, a := range info.GetSchema() {
		defaults[a.GetName()] = sdk.ValueString(a.GetDefaultValue())
	}
	require.Equal(t, map[string]string{"output": `""`, "format": `"html"`, "top": "25"}, defaults)
}

// BenchmarkRender renders a stored render model (REPORT_MODEL: the
// protobuf bytes of the model result, e.g. dumped with sqlite3's writefile
// from a store's results where kind = 'model'); BENCHMARKS.md has the
// figures for the 1,000-file synthetic repository.
func BenchmarkRender(b *testing.B) {
	path := os.Getenv("REPORT_MODEL")
	if path == "" {
		b.Skip("REPORT_MODEL names no stored render model")
	}
	data, err := os.ReadFile(path)
	require.NoError(b, err)
	m := &sdk.Model{}
	require.NoError(b, proto.Unmarshal(data, m))
	b.Run("html", func(b *testing.B) {
		for b.Loop() {
			HTML(m, defaultTop)
		}
	})
	b.Run("markdown", func(b *testing.B) {
		for b.Loop() {
			Markdown(m, defaultTop)
		}
	})
}
