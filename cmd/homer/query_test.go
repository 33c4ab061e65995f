package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
)

// homer query answers for a file, a symbol (full name, qualified name or
// suffix) and a directory from the fixture's planted call structure:
// svc/a.go's A and svc/b.go's B call core/util.go's Helper and Format.
func TestQuery(t *testing.T) {
	t.Parallel()
	dir := buildFixture(t).dir()
	mustHomer(t, 0, "init", dir)

	r := mustHomer(t, 0, "query", "--repo", dir, "--format", "json", "core/util.go")
	var f query.File
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &f))
	assert.Equal(t, query.Version, f.Version)
	assert.True(t, f.Analysed)
	assert.Equal(t, "go", f.Language)
	assert.Subset(t, f.Importers, []string{"svc/a.go", "svc/b.go"})
	assert.Contains(t, f.Tests, "core/util_test.go")
	var defs []string
	for _, d := range f.Definitions {
		defs = append(defs, d.Name)
	}
	assert.Subset(t, defs, []string{"core.Helper", "core.Format"})
	callers := map[string]query.Link{}
	for _, l := range f.Callers {
		callers[l.Name] = l
	}
	require.Contains(t, callers, "svc/a.go#svc.A")
	assert.Equal(t, 1, callers["svc/a.go#svc.A"].Depth)
	assert.Equal(t, "import", callers["svc/a.go#svc.A"].Via)
	assert.InDelta(t, 0.95, callers["svc/a.go#svc.A"].Confidence, 1e-9)
	assert.Positive(t, f.History.Commits, "the figures carry their sample size")

	// Spelt as languages write a qualified name, or with a qualifier the
	// store does not keep, it is the same symbol.
	for _, name := range []string{"core/util.go#core.Helper", "core.Helper", "Helper", "core::Helper", `repo\core\Helper`, "example.com/repo/core.Helper"} {
		r = mustHomer(t, 0, "query", "--repo", dir, "--format", "json", name)
		var s query.Symbol
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &s), name)
		assert.Equal(t, "core/util.go#core.Helper", s.Name, name)
		var from []string
		for _, l := range s.Callers {
			from = append(from, l.Name)
		}
		assert.Subset(t, from, []string{"svc/a.go#svc.A", "svc/b.go#svc.B"}, name)
	}

	r = mustHomer(t, 0, "query", "--repo", dir, "--format", "json", "svc")
	var d query.Directory
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &d))
	assert.GreaterOrEqual(t, d.Files, 2)

	r = mustHomer(t, 0, "query", "--repo", dir, "core/util.go")
	assert.Contains(t, r.stdout, "called from")
	assert.Contains(t, r.stdout, "svc/a.go#svc.A  0.95 import")

	// A test's score gets no danger level, and its risk line says so.
	r = mustHomer(t, 0, "query", "--repo", dir, "core/util_test.go")
	assert.Regexp(t, `risk +[0-9.]+ low \(a test: kept out of danger levels\)`, r.stdout)

	r = mustHomer(t, 1, "query", "--repo", dir, "NoSuchThing")
	assert.Contains(t, r.stderr, "no file, directory or symbol")
}

// risk-check judges the staged files and names the planted partner (every
// one of svc/a.go's five commits changed core/util.go too) the
// change leaves out, with its evidence; a threshold below a file's score
// fails it.
func TestRiskCheckStaged(t *testing.T) {
	t.Parallel()
	f := smallRepo(t, map[string]string{"core/util_test.go": "package core\n\nimport \"testing\"\n\nfunc TestHelper(t *testing.T) { Helper() }\n"})
	for i := range 4 {
		f.appendLine("svc/a.go", fmt.Sprintf("// a%d", i))
		f.appendLine("core/util.go", fmt.Sprintf("// u%d", i))
		f.commit(alice, fmt.Sprintf("together %d", i))
	}
	dir := f.dir()
	mustHomer(t, 0, "init", dir)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "svc/a.go"), []byte(readFile(t, filepath.Join(dir, "svc/a.go"))+"// staged\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "new.go"), []byte("package small\n"), 0o644))
	git(t, dir, "add", "svc/a.go", "new.go")

	r := mustHomer(t, 0, "risk-check", "--repo", dir, "--staged", "--format", "json")
	var c query.Check
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &c))
	require.Len(t, c.Files, 2)
	assert.Equal(t, "new.go", c.Files[0].Path)
	assert.False(t, c.Files[0].Known, "a new file is unknown, not safe")
	assert.Equal(t, "svc/a.go", c.Files[1].Path)
	assert.True(t, c.Files[1].Known)
	assert.Equal(t, 5, c.Files[1].Commits)
	require.NotEmpty(t, c.Missing)
	m := c.Missing[0]
	require.Len(t, m.Commits, 3, "the latest three commits that changed both are its evidence")
	assert.Equal(t, "together 3", m.Commits[0].Subject)
	m.Commits = nil
	assert.Equal(t, query.Missing{Path: "core/util.go", With: "svc/a.go", Together: 5, Of: 5, Confidence: 1}, m)

	// svc/a.go calls into core/util.go: a change to core/util.go reaches it.
	r = mustHomer(t, 0, "risk-check", "--repo", dir, "--format", "json", "core/util.go")
	var cu query.Check
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &cu))
	require.NotEmpty(t, cu.Affected)
	assert.Equal(t, "svc/a.go", cu.Affected[0].Path)

	r = mustHomer(t, 1, "risk-check", "--repo", dir, "--staged", "--threshold", "-1")
	assert.Contains(t, r.stdout, "over -1.00")
	assert.Contains(t, r.stdout, "core/util.go")

	// A test is kept out of the danger levels, so out of the gate: its
	// score is above a threshold of -1 and it still passes, saying why.
	r = mustHomer(t, 0, "risk-check", "--repo", dir, "--threshold", "-1", "--format", "json", "core/util_test.go")
	var ct query.Check
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &ct))
	require.Len(t, ct.Files, 1)
	assert.Equal(t, "test", ct.Files[0].Exempt)
	assert.False(t, ct.Files[0].Over)
	assert.False(t, ct.Over)
	r = mustHomer(t, 0, "risk-check", "--repo", dir, "--threshold", "-1", "core/util_test.go")
	assert.Contains(t, r.stdout, "(a test: kept out of the threshold)")

	r = mustHomer(t, 0, "risk-check", "--repo", dir, "--staged", "--filter", "**/*.md")
	assert.Contains(t, r.stdout, "no files to judge")

	// Nothing named: the files changed since HEAD, staged (svc/a.go,
	// new.go) or not (core/util.go).
	require.NoError(t, os.WriteFile(filepath.Join(dir, "core/util.go"), []byte(readFile(t, filepath.Join(dir, "core/util.go"))+"// unstaged\n"), 0o644))
	r = mustHomer(t, 0, "risk-check", "--repo", dir, "--format", "json")
	var cd query.Check
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &cd))
	var judged []string
	for _, f := range cd.Files {
		judged = append(judged, f.Path)
	}
	assert.ElementsMatch(t, []string{"core/util.go", "new.go", "svc/a.go"}, judged)
	r = mustHomer(t, 0, "risk-check", "--repo", dir)
	assert.Contains(t, r.stderr, "judging the 3 files changed since HEAD")
}

// homer search finds commit messages and doc comments by their words,
// whatever FTS5 syntax the words hold.
func TestSearch(t *testing.T) {
	t.Parallel()
	dir := buildFixture(t).dir()
	mustHomer(t, 0, "init", dir)
	r := mustHomer(t, 0, "search", "--repo", dir, "--format", "json", "greeting")
	var out struct {
		Version int         `json:"version"`
		Hits    []query.Hit `json:"hits"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	// Words match by their stem: "greeting" finds Helper's doc ("the
	// greeting every package uses") and A's and B's ("greets").
	snippets := map[string]string{}
	for _, h := range out.Hits {
		assert.Equal(t, "doc", h.Kind, h.Ref)
		snippets[h.Ref] = h.Snippet
	}
	require.Len(t, snippets, 3, "%v", out.Hits)
	assert.Contains(t, snippets["core/util.go#core.Helper"], "[greeting]")
	assert.Contains(t, snippets["svc/a.go#svc.A"], "[greets]")
	assert.Contains(t, snippets["svc/b.go#svc.B"], "[greets]")

	r = mustHomer(t, 0, "search", "--repo", dir, `NEAR(" OR`)
	assert.NotContains(t, r.stderr, "syntax error")
}

// homer graph lists the fixture's communities, and one community's DOT
// output, edges included, is a graph Debian's graphviz renders.
func TestGraphCommunities(t *testing.T) {
	t.Parallel()
	dir := buildFixture(t).dir()
	mustHomer(t, 0, "init", dir)
	r := mustHomer(t, 0, "graph", "--repo", dir, "--list-communities", "--format", "json")
	var cs query.Communities
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &cs))
	require.NotEmpty(t, cs.Communities)
	var with *query.Community
	for i, c := range cs.Communities {
		if slices.Contains(c.Files, "core/util.go") {
			with = &cs.Communities[i]
		}
	}
	require.NotNil(t, with, "core/util.go, called from svc, is in a community")
	assert.Contains(t, with.Files, "svc/a.go", "with the files that call into it")

	r = mustHomer(t, 0, "graph", "--repo", dir, "--community", fmt.Sprint(with.ID), "--format", "dot")
	assert.Contains(t, r.stdout, `"svc/a.go" -> "core/util.go"`)
	r2 := mustHomer(t, 0, "graph", "--repo", dir, "--community", fmt.Sprint(with.ID), "--format", "mermaid")
	assert.Contains(t, r2.stdout, "-->")
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("graphviz's dot is not installed (.ci/run installs it): the DOT output is not rendered here")
	}
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = strings.NewReader(r.stdout)
	svg, err := cmd.Output()
	require.NoError(t, err, "dot rejects the output:\n%s", r.stdout)
	assert.Contains(t, string(svg), "core/util.go")
}

// A call through an interface reaches the real implementation and a
// test's fake; query lists the real one among the callees, not the fake.
func TestQueryDispatchLeavesOutTestFakes(t *testing.T) {
	t.Parallel()
	f := smallRepo(t, map[string]string{
		"store/store.go":      "package store\n\n// Getter gets.\ntype Getter interface{ Get() string }\n\n// Use uses a getter.\nfunc Use(g Getter) string { return g.Get() }\n",
		"store/real.go":       "package store\n\ntype real struct{}\n\nfunc (real) Get() string { return \"real\" }\n",
		"store/store_test.go": "package store\n\nimport \"testing\"\n\ntype fake struct{}\n\nfunc (fake) Get() string { return \"fake\" }\n\nfunc TestUse(t *testing.T) {\n\tif Use(fake{}) != \"fake\" {\n\t\tt.Fatal(\"no\")\n\t}\n}\n",
	})
	dir := f.dir()
	mustHomer(t, 0, "init", dir)
	r := mustHomer(t, 0, "query", "--repo", dir, "--format", "json", "store.Use")
	var s query.Symbol
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &s))
	var callees []string
	for _, l := range s.Callees {
		callees = append(callees, l.Name)
	}
	assert.Contains(t, callees, "store/real.go#store.real.Get")
	assert.NotContains(t, callees, "store/store_test.go#store.fake.Get")
}

// A file no language plugin parses has no place in the code graph: its
// PageRank, the same for every such file, is not shown as if it ranked.
func TestPrintFileWithoutGraph(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	printFile(&b, &query.File{Path: "lib/plug/conn.ex", Language: "elixir", Analysed: true, Salience: 0.25, Class: "active-localized", PageRank: 1}, 10)
	assert.Contains(t, b.String(), "salience   0.250 (active-localized); no code graph: no language plugin parses it")
	assert.NotContains(t, b.String(), "pagerank")
	b.Reset()
	printFile(&b, &query.File{Path: "conn.go", Language: "go", Lines: 40, Analysed: true, Salience: 0.5, PageRank: 0.3, FanIn: 2}, 10)
	assert.Contains(t, b.String(), "pagerank 0.300, betweenness 0.000, fan-in 2, fan-out 0")
}
