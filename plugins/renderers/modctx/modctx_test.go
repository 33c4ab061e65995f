package modctx

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/plugins/renderers/internal/prose"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/agentsfile"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// model is a small repository: a store package many import, a service
// that imports it, a tiny helper directory, tests, a doc and a committed
// agent file that changes with everything.
func model() *sdk.Model {
	def := func(qn, kind string, line, callers int32, exported bool, doc string) *sdk.DefinitionModel {
		return &sdk.DefinitionModel{QualifiedName: qn, Kind: kind, Line: line, Callers: callers, Exported: exported, Doc: doc}
	}
	partner := func(p string, shared, revs int32) *sdk.Partner {
		return &sdk.Partner{Path: p, SharedCommits: shared, Revs: revs, Confidence: float64(shared) / float64(revs)}
	}
	return &sdk.Model{
		SchemaVersion: sdk.ModelSchemaVersion, RepoName: "shop", Head: "0123456789abcdef0123", HeadTime: 1700000000,
		Summary: &sdk.Summary{Commits: 40},
		Modules: []*sdk.ModuleModel{
			{Path: "store", ReadmePath: "store/README.md", Readme: "# store\n\n[![ci](x)](y)\n\nStore keeps orders. It owns the schema.\n\nMore text.\n"},
			{Path: "svc"}, {Path: "util"}, {Path: "."}, {Path: "store/sub"},
		},
		Files: []*sdk.FileModel{
			{Path: "store/store.go", Lines: 400, Changes: 12, Changes_365D: 3, BusFactor: 1, Authors: []string{"a@x"}, LastChanged: 1690000000,
				Definitions: []*sdk.DefinitionModel{
					def("store.Store", "struct", 5, 0, true, "Store is the database."),
					def("store.Store.Get", "method", 20, 7, true, ""),
					def("store.Open", "function", 40, 9, true, "Open opens it. It migrates."),
					def("store.helper", "function", 60, 0, false, ""),
					def("store.Limit", "constant", 3, 0, true, ""),
				},
				CoChangePartners: []*sdk.Partner{partner("svc/svc.go", 6, 12), partner("store/AGENTS.md", 9, 12), partner("docs/orders.md", 4, 12),
					partner("store/store_test.go", 8, 12)}},
			{Path: "store/store_test.go", Lines: 200, IsTest: true, Changes: 8, Definitions: []*sdk.DefinitionModel{def("store.TestOpen", "function", 3, 0, true, "")},
				CoChangePartners: []*sdk.Partner{partner("svc/svc_test.go", 5, 8)}},
			{Path: "store/AGENTS.md", Language: "markdown", Changes: 9},
			{Path: "store/README.md", Language: "markdown", Changes: 2},
			{Path: "svc/svc.go", Lines: 120, Changes: 12, Authors: []string{"a@x", "b@x"}, BusFactor: 2,
				Definitions:      []*sdk.DefinitionModel{def("svc.Run", "function", 4, 1, true, "")},
				CoChangePartners: []*sdk.Partner{partner("store/store.go", 6, 12)}},
			{Path: "svc/svc_test.go", Lines: 50, IsTest: true, Changes: 5, Definitions: []*sdk.DefinitionModel{def("svc.TestRun", "function", 3, 0, true, "")}},
			{Path: "util/util.go", Lines: 10, Definitions: []*sdk.DefinitionModel{def("util.Max", "function", 1, 0, true, "")}},
			{Path: "docs/orders.md", Language: "markdown", Changes: 4},
			{Path: "main.go", Lines: 30, Definitions: []*sdk.DefinitionModel{def("main.main", "function", 1, 0, false, "")}},
		},
		FileEdges: []*sdk.Edge{
			{From: "svc/svc.go", To: "store/store.go", Kind: "imports", Count: 1, Weight: 1},
			{From: "svc/svc_test.go", To: "util/util.go", Kind: "imports", Count: 1, Weight: 1},
			{From: "main.go", To: "svc/svc.go", Kind: "imports", Count: 1, Weight: 1},
		},
		Manifests: []*sdk.Manifest{{Path: "store/package.json", Kind: "npm", Dependencies: []*sdk.Dependency{
			{Name: "vitest", Version: "2", Dev: true}, {Name: "pg", Version: "8"}}}},
		Documents: []string{"docs/orders.md", "store/README.md", "store/sub/README.md", "store/design/notes.md"},
	}
}

func render(t *testing.T, r sdk.Renderer, values map[string]*sdk.Value, m *sdk.Model) map[string]string {
	t.Helper()
	if values != nil {
		require.Empty(t, r.Configure(context.Background(), sdk.Config{Values: values}))
	}
	resp, err := r.Render(context.Background(), m)
	require.NoError(t, err)
	out := map[string]string{}
	for _, f := range resp.GetFiles() {
		require.True(t, f.GetHumanEditable(), f.GetPath())
		out[f.GetPath()] = string(f.GetContent())
	}
	return out
}

func TestSelection(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		values map[string]*sdk.Value
		want   []string
	}{
		"enough code":      {map[string]*sdk.Value{"min_lines": sdk.Number(300)}, []string{"store/AGENTS.md"}},
		"code or imported": {map[string]*sdk.Value{"min_lines": sdk.Number(300), "min_importers": sdk.Number(1)}, []string{"store/AGENTS.md", "svc/AGENTS.md", "util/AGENTS.md"}},
		"globs":            {map[string]*sdk.Value{"dirs": sdk.List("s*", "docs/")}, []string{"docs/AGENTS.md", "store/AGENTS.md", "svc/AGENTS.md"}},
		"never the root":   {map[string]*sdk.Value{"dirs": sdk.List("*", ".")}, []string{"docs/AGENTS.md", "store/AGENTS.md", "svc/AGENTS.md", "util/AGENTS.md"}},
		"other name":       {map[string]*sdk.Value{"min_lines": sdk.Number(300), "filename": sdk.String(".context.md")}, []string{"store/.context.md"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for p := range render(t, New(), tc.values, model()) {
				got = append(got, p)
			}
			require.ElementsMatch(t, tc.want, got)
		})
	}
}

func TestStoreFile(t *testing.T) {
	t.Parallel()
	doc := render(t, New(), map[string]*sdk.Value{"dirs": sdk.List("store")}, model())["store/AGENTS.md"]
	require.True(t, strings.HasPrefix(doc, agentsfile.Marker+"\n"))
	// Purpose from the README's first paragraph of prose, cited.
	require.Contains(t, doc, "## Purpose (from `README.md`)\n\nStore keeps orders. It owns the schema.\n")
	// Types rank by their methods' callers, functions by theirs; constants
	// and unexported uncalled helpers are not key entities.
	require.Contains(t, doc, "- `store.Open` (function, `store.go:40`), 9 callers outside tests: Open opens it.\n"+
		"- `store.Store` (struct, `store.go:5`); methods `Get`: Store is the database.\n")
	require.NotContains(t, doc, "store.Limit")
	require.NotContains(t, doc, "store.helper")
	require.Contains(t, doc, "- `svc/` (1 file importing)\n")
	// Co-change with another directory, with the evidence; Homer's own
	// agent file is never a partner, test pairs are left out, and a
	// document goes to related docs.
	require.Contains(t, doc, "- `svc/`: `store.go` with `svc.go` in 6 of its 12 commits\n")
	require.NotContains(t, doc, "AGENTS.md` ")
	require.NotContains(t, doc, "svc_test.go")
	require.Contains(t, doc, "- `docs/orders.md` changes with `store.go` (4 commits)\n")
	// Its own documents, and those of subdirectories without code; a code
	// subdirectory's README is that directory's.
	require.Contains(t, doc, "- `store/README.md`\n- `store/design/notes.md`\n")
	require.NotContains(t, doc, "store/sub/README.md")
	require.Contains(t, doc, "Changed by one author only: `store.go` (12 changes).")
	require.Contains(t, doc, "- `pg` 8 — `package.json`\n- `vitest` 2 (dev) — `package.json`\n")
}

// A directory whose only importers are tests says so, and a co-change
// partner that no import explains is flagged.
func TestTestHelperAndUnexplainedCoupling(t *testing.T) {
	t.Parallel()
	m := model()
	files := render(t, New(), map[string]*sdk.Value{"dirs": sdk.List("util", "svc")}, m)
	require.Contains(t, files["util/AGENTS.md"], "Tests in 1 other directory import it too.\n\n- no code outside tests\n")
	// A directory of test helpers only shows its helpers as entities.
	m.Files = append(m.Files, &sdk.FileModel{Path: "testkit/kit.go", TestRole: "support",
		Definitions: []*sdk.DefinitionModel{{QualifiedName: "testkit.Fake", Kind: "function", Line: 3, Exported: true}}})
	files = render(t, New(), map[string]*sdk.Value{"dirs": sdk.List("testkit")}, m)
	require.Contains(t, files["testkit/AGENTS.md"], "- `testkit.Fake` (function, `kit.go:3`)\n")
	m.FileEdges = m.FileEdges[1:]
	// A test script has no imports: its absence says nothing.
	m.Files = append(m.Files, &sdk.FileModel{Path: "scripts/orders.test", IsTest: true, Changes: 5})
	svc := m.Files[4]
	require.Equal(t, "svc/svc.go", svc.GetPath())
	svc.CoChangePartners = append(svc.CoChangePartners, &sdk.Partner{Path: "scripts/orders.test", SharedCommits: 5, Revs: 12})
	files = render(t, New(), map[string]*sdk.Value{"dirs": sdk.List("svc")}, m)
	require.Contains(t, files["svc/AGENTS.md"], "- `store/`: `svc.go` with `store.go` in 6 of its 12 commits; no import between the two\n"+
		"- `scripts/`: `svc.go` with `orders.test` in 5 of its 12 commits\n")
}

func TestBudget(t *testing.T) {
	t.Parallel()
	m := model()
	st := m.Files[0]
	for i := range 60 {
		st.Definitions = append(st.Definitions, &sdk.DefinitionModel{QualifiedName: "store.F" + string(rune('a'+i%26)) + string(rune('a'+i/26)),
			Kind: "function", Line: int32(100 + i), Callers: int32(60 - i), Exported: true, Doc: "Does one thing with a rather long explanation of how."})
	}
	for _, budget := range []int{80, 150, 400} {
		doc := render(t, New(), map[string]*sdk.Value{"dirs": sdk.List("store"), "max_words": sdk.Number(float64(budget))}, m)["store/AGENTS.md"]
		require.LessOrEqual(t, len(strings.Fields(doc)), budget, doc)
		// The most valuable fact survives every budget.
		require.Contains(t, doc, "`store.Faa`", budget)
		require.Contains(t, doc, "more\n", budget)
	}
}

func TestConfigure(t *testing.T) {
	t.Parallel()
	bad := map[string]struct {
		values    map[string]*sdk.Value
		attribute string
	}{
		"path as filename":  {map[string]*sdk.Value{"filename": sdk.String("x/AGENTS.md")}, "filename"},
		"empty filename":    {map[string]*sdk.Value{"filename": sdk.String("")}, "filename"},
		"bad glob":          {map[string]*sdk.Value{"dirs": sdk.List("pkg/[")}, "dirs"},
		"glob outside":      {map[string]*sdk.Value{"dirs": sdk.List("../x")}, "dirs"},
		"tiny budget":       {map[string]*sdk.Value{"max_words": sdk.Number(10)}, "max_words"},
		"fractional lines":  {map[string]*sdk.Value{"min_lines": sdk.Number(2.5)}, "min_lines"},
		"zero importers":    {map[string]*sdk.Value{"min_importers": sdk.Number(0)}, "min_importers"},
		"circularity value": {map[string]*sdk.Value{"circularity": sdk.String("sometimes")}, "circularity"},
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
			require.Equal(t, defaultFilename, r.(*renderer).opts.filename)
		})
	}
	for _, circ := range agentsfile.Circularities {
		require.Empty(t, New().Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{"circularity": sdk.String(circ)}}), circ)
	}
}

// Through the real gRPC shims, as the core calls it.
func TestThroughShims(t *testing.T) {
	t.Parallel()
	direct := render(t, New(), map[string]*sdk.Value{"dirs": sdk.List("*")}, model())
	shim := render(t, sdktest.Renderer(t, New()), map[string]*sdk.Value{"dirs": sdk.List("*")}, model())
	require.Equal(t, direct, shim)
}

func TestRefusesNewerModel(t *testing.T) {
	t.Parallel()
	_, err := New().Render(context.Background(), &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion + 1})
	require.ErrorContains(t, err, "newer")
}

func TestSplitSentences(t *testing.T) {
	t.Parallel()
	require.Equal(t, []string{"One.", "Two!", "Three?", "Four"}, splitSentences("One.  Two!\nThree? Four"))
	require.Equal(t, []string{"a.b is fine.", "Next"}, splitSentences("a.b is fine. Next"))
	require.Empty(t, splitSentences("  "))
	require.Equal(t, "Keep this.", prose.ReadmeLead("# T\n\n```\ncode\n```\n<p>html</p>\n\nKeep this.\n\nNot this.\n"))
}

// Files of one directory that change together: a grammar and its
// generated parser are shown; a file with its namesake test, a platform
// variant and a pair under the floors are not.
func TestTogether(t *testing.T) {
	t.Parallel()
	p := func(path string, shared, revs int32) *sdk.Partner {
		return &sdk.Partner{Path: path, SharedCommits: shared, Revs: revs, Confidence: float64(shared) / float64(revs)}
	}
	defs := []*sdk.DefinitionModel{{QualifiedName: "gram.Parse", Kind: "function", Line: 1, Exported: true}}
	m := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, Modules: []*sdk.ModuleModel{{Path: "gram"}},
		Files: []*sdk.FileModel{
			{Path: "gram/parser.y", Changes: 20, CoChangePartners: []*sdk.Partner{p("gram/parser.y.go", 19, 20), p("gram/lex.go", 4, 20)}},
			{Path: "gram/parser.y.go", Lines: 900, Changes: 21, Definitions: defs, CoChangePartners: []*sdk.Partner{
				p("gram/parser.y", 19, 21), p("gram/parser.y_test.go", 15, 21), p("gram/lex_windows.go", 12, 21), p("gram/lex.go", 9, 21)}},
			{Path: "gram/parser.y_test.go", IsTest: true, Changes: 15},
			{Path: "gram/lex_windows.go", Changes: 12, Definitions: defs},
			{Path: "gram/lex.go", Changes: 40, Definitions: defs},
		}}
	doc := render(t, New(), map[string]*sdk.Value{"dirs": sdk.List("gram")}, m)["gram/AGENTS.md"]
	require.Contains(t, doc, "## Files here that change together\n\n- `parser.y` with `parser.y.go` in 19 of its 20 commits\n\n")
	for _, absent := range []string{"with `parser.y_test.go`", "with `lex_windows.go`", "with `lex.go`"} {
		require.NotContains(t, doc, absent)
	}
	require.True(t, variants("a/statfs.go", "a/statfs_linux.go"))
	require.True(t, variants("a/dir_unix.go", "a/sync.go"))
	require.False(t, variants("a/node.go", "a/service.go"))
}

// A class's constructor is not listed beside the class: its callers count
// for the class. A constructor with no class in the directory stays.
func TestConstructorSpeaksThroughItsClass(t *testing.T) {
	t.Parallel()
	m := model()
	m.Files = append(m.Files, &sdk.FileModel{Path: "app/app.py", Lines: 50, Definitions: []*sdk.DefinitionModel{
		{QualifiedName: "app.Quiet", Kind: "class", Line: 1, Exported: true},
		{QualifiedName: "app.App", Kind: "class", Line: 10, Exported: true},
		{QualifiedName: "app.App.__init__", Kind: "constructor", Line: 12, Callers: 5},
		{QualifiedName: "app.Other.__init__", Kind: "constructor", Line: 40, Callers: 1},
	}})
	files := render(t, New(), map[string]*sdk.Value{"dirs": sdk.List("app")}, m)
	doc := files["app/AGENTS.md"]
	require.Contains(t, doc, "## Key entities\n\n- `app.App` (class, `app.py:10`)\n- `app.Quiet` (class, `app.py:1`)\n")
	require.NotContains(t, doc, "`app.App.__init__`")
	require.Contains(t, doc, "`app.Other.__init__` (constructor, `app.py:40`), 1 caller outside tests")
}
