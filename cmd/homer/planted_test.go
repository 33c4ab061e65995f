package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/internal/testrepo"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden from this run")

// plantedRepo builds a repository with answers planted for the query
// commands:
//   - a call chain alpha.Entry → alpha.Middle → alpha.Leaf, across three
//     files of package alpha;
//   - two clusters, alpha/ and beta/, each linked tightly within, and
//     joined by one call (beta.Use calls alpha.Entry);
//   - a usual partner: docs/alpha.md changed in each of alpha/entry.go's
//     five commits;
//   - beta/hot.go, changed in most commits by one author: the risky file.
func plantedRepo(t *testing.T) *testrepo.Repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the end-to-end tests need the git binary")
	}
	dir := filepath.Join(t.TempDir(), "planted")
	require.NoError(t, os.Mkdir(dir, 0o755))
	r := testrepo.Init(t, dir)
	r.Write("go.mod", "module example.com/planted\n\ngo 1.22\n")
	r.Write("alpha/entry.go", "package alpha\n\n// Entry starts the chain.\nfunc Entry() int { return Middle() + Small() }\n")
	r.Write("alpha/middle.go", "package alpha\n\n// Middle is the chain's middle link.\nfunc Middle() int { return Leaf()*2 + Small() }\n")
	r.Write("alpha/leaf.go", "package alpha\n\n// Leaf ends the chain.\nfunc Leaf() int { return side() }\n\nfunc side() int { return Small() }\n\n// Small is used across the package.\nfunc Small() int { return 1 }\n")
	r.Write("beta/use.go", "package beta\n\nimport \"example.com/planted/alpha\"\n\n// Use reaches into alpha once.\nfunc Use() int { return alpha.Entry() + Hot() + Two() }\n")
	r.Write("beta/hot.go", "package beta\n\n// Hot changes all the time.\nfunc Hot() int { return Two() + Three() }\n")
	r.Write("beta/two.go", "package beta\n\nfunc Two() int { return Three() }\n")
	r.Write("beta/three.go", "package beta\n\nfunc Three() int { return Hot2() }\n\nfunc Hot2() int { return 3 }\n")
	r.Write("docs/alpha.md", "# alpha\n")
	r.Commit(testrepo.Alice, testrepo.Day(1), "alpha and beta")
	day := 2
	for i := range 4 {
		r.Write("alpha/entry.go", fmt.Sprintf("package alpha\n\n// Entry starts the chain (v%d).\nfunc Entry() int { return Middle() + Small() }\n", i))
		r.Write("docs/alpha.md", fmt.Sprintf("# alpha\n\nv%d\n", i))
		r.Commit(testrepo.Alice, testrepo.Day(day), fmt.Sprintf("alpha: entry and its doc, v%d", i))
		day++
	}
	for i := range 12 {
		r.Write("beta/hot.go", fmt.Sprintf("package beta\n\n// Hot changes all the time (%d).\nfunc Hot() int { return Two() + Three() + %d }\n", i, i))
		r.Commit(testrepo.Bob, testrepo.Day(day), fmt.Sprintf("beta: hot fix %d", i))
		day++
	}
	return r
}

// The planted answers, found: query --depth 2 walks the call chain;
// graph --type call draws it, the DOT rendered by graphviz; the two
// clusters are two communities; risk-check --staged names the partner left
// out with its commits; the risky file fails a threshold below its score.
func TestPlantedAnswers(t *testing.T) {
	t.Parallel()
	r := plantedRepo(t)
	dir := r.Dir()
	mustHomer(t, 0, "init", dir)

	t.Run("call chain", func(t *testing.T) {
		out := mustHomer(t, 0, "query", "--repo", dir, "--depth", "2", "--format", "json", "alpha.Leaf")
		var s query.Symbol
		require.NoError(t, json.Unmarshal([]byte(out.stdout), &s))
		depth := map[string]int{}
		for _, l := range s.Callers {
			depth[l.Name] = l.Depth
			assert.Positive(t, l.Confidence, l.Name)
		}
		assert.Equal(t, 1, depth["alpha/middle.go#alpha.Middle"], "Middle calls Leaf")
		assert.Equal(t, 2, depth["alpha/entry.go#alpha.Entry"], "Entry calls Middle, two hops from Leaf")
		out = mustHomer(t, 0, "query", "--repo", dir, "--depth", "1", "--format", "json", "alpha.Leaf")
		require.NoError(t, json.Unmarshal([]byte(out.stdout), &s))
		for _, l := range s.Callers {
			assert.NotEqual(t, "alpha/entry.go#alpha.Entry", l.Name, "depth 1 stops at Middle")
		}
	})

	t.Run("call graph", func(t *testing.T) {
		out := mustHomer(t, 0, "graph", "--repo", dir, "--type", "call", "--metric", "pagerank", "--top", "50", "--format", "json")
		var v query.GraphView
		require.NoError(t, json.Unmarshal([]byte(out.stdout), &v))
		assert.Equal(t, query.Version, v.Version)
		assert.Equal(t, "call", v.Type)
		var links []string
		for _, l := range v.Links {
			links = append(links, l.From+" -> "+l.To)
		}
		assert.Subset(t, links, []string{
			"alpha/entry.go#alpha.Entry -> alpha/middle.go#alpha.Middle",
			"alpha/middle.go#alpha.Middle -> alpha/leaf.go#alpha.Leaf",
			"beta/use.go#beta.Use -> alpha/entry.go#alpha.Entry",
		})
		dot := mustHomer(t, 0, "graph", "--repo", dir, "--type", "call", "--top", "50", "--format", "dot")
		assert.Contains(t, dot.stdout, `"alpha/entry.go#alpha.Entry" -> "alpha/middle.go#alpha.Middle"`)
		mm := mustHomer(t, 0, "graph", "--repo", dir, "--type", "call", "--top", "50", "--format", "mermaid")
		assert.Equal(t, len(v.Links), strings.Count(mm.stdout, "-->"), "every link drawn")
		renderDOT(t, dot.stdout, "alpha.Middle")
	})

	t.Run("import graph and hits", func(t *testing.T) {
		out := mustHomer(t, 0, "graph", "--repo", dir, "--type", "import", "--metric", "hits", "--format", "json")
		var v query.GraphView
		require.NoError(t, json.Unmarshal([]byte(out.stdout), &v))
		require.NotEmpty(t, v.Top)
		assert.Equal(t, "alpha/entry.go", v.Top[0].Name, "the one file imported: the top authority")
		var hubs []string
		for _, n := range v.Top {
			if n.Hub > 0 {
				hubs = append(hubs, n.Name)
			}
		}
		assert.Equal(t, []string{"beta/use.go"}, hubs, "the one file that imports: the only hub")
		assert.Equal(t, []query.FileLink{{From: "beta/use.go", To: "alpha/entry.go", Weight: 1}}, v.Links)
		// beta/use.go imports package alpha, of three files, and uses
		// alpha.Entry alone: the one import link goes to entry.go, and
		// the graph's nodes are the two files it joins, of the nine.
		assert.Equal(t, 2, v.Nodes)
		assert.Equal(t, 9, v.HeadFiles)
		text := mustHomer(t, 0, "graph", "--repo", dir, "--type", "import")
		assert.Contains(t, text.stdout, "nodes are the files with an import link, 2 of the 9 at HEAD")

		// The file graph, by its stored HITS scores, drawn with its links.
		dot := mustHomer(t, 0, "graph", "--repo", dir, "--metric", "hits", "--format", "dot")
		assert.Contains(t, dot.stdout, "->")
		renderDOT(t, dot.stdout, "beta/hot.go")
		md := mustHomer(t, 0, "graph", "--repo", dir, "--metric", "hits", "--format", "markdown")
		assert.Contains(t, md.stdout, "| # | node | authority | hub |")
	})

	t.Run("communities", func(t *testing.T) {
		out := mustHomer(t, 0, "graph", "--repo", dir, "--list-communities", "--format", "json")
		var cs query.Communities
		require.NoError(t, json.Unmarshal([]byte(out.stdout), &cs))
		of := map[string]int{}
		var labels []string
		for _, c := range cs.Communities {
			labels = append(labels, c.Label)
			for _, f := range c.Files {
				of[f] = c.ID
			}
			assert.NotEmpty(t, c.Coupling, "joined to the other by beta.Use")
		}
		assert.Contains(t, labels, "alpha")
		assert.Contains(t, labels, "beta")
		for _, f := range []string{"alpha/middle.go", "alpha/leaf.go"} {
			assert.Equal(t, of["alpha/entry.go"], of[f], f)
		}
		for _, f := range []string{"beta/two.go", "beta/three.go"} {
			assert.Equal(t, of["beta/hot.go"], of[f], f)
		}
		assert.NotEqual(t, of["alpha/entry.go"], of["beta/hot.go"], "the two clusters are two communities")
		assert.Positive(t, cs.Modularity)
		md := mustHomer(t, 0, "graph", "--repo", dir, "--list-communities", "--format", "markdown")
		assert.Contains(t, md.stdout, "| alpha |")
	})

	t.Run("search by stem", func(t *testing.T) {
		out := mustHomer(t, 0, "search", "--repo", dir, "--format", "json", "fixes")
		var res struct{ Hits []query.Hit }
		require.NoError(t, json.Unmarshal([]byte(out.stdout), &res))
		assert.Len(t, res.Hits, 12, "\"fixes\" finds the twelve commits saying \"fix\"")
		out = mustHomer(t, 0, "search", "--repo", dir, "--format", "json", "change")
		require.NoError(t, json.Unmarshal([]byte(out.stdout), &res))
		var refs []string
		for _, h := range res.Hits {
			refs = append(refs, h.Kind+" "+h.Ref)
		}
		assert.Contains(t, refs, "doc beta/hot.go#beta.Hot", "\"change\" finds Hot's doc, which says \"changes\"")
	})

	t.Run("partner left out, risky file", func(t *testing.T) {
		w := r.Path("alpha/entry.go")
		require.NoError(t, os.WriteFile(w, []byte(readFile(t, w)+"// staged\n"), 0o644))
		r.Git("add", "alpha/entry.go")
		defer r.Git("reset", "-q", "--hard")
		out := mustHomer(t, 0, "risk-check", "--repo", dir, "--staged", "--threshold", "1", "--format", "json")
		var c query.Check
		require.NoError(t, json.Unmarshal([]byte(out.stdout), &c))
		require.NotEmpty(t, c.Missing)
		m := c.Missing[0]
		assert.Equal(t, "docs/alpha.md", m.Path)
		assert.Equal(t, 5, m.Together, "the five commits that changed both (the first added both)")
		assert.Equal(t, 5, m.Of)
		require.Len(t, m.Commits, 3)
		assert.Equal(t, "alpha: entry and its doc, v3", m.Commits[0].Subject)
		assert.Equal(t, strings.TrimSpace(r.Git("log", "-1", "--format=%H", "--", "docs/alpha.md")), m.Commits[0].Commit)
		text := mustHomer(t, 0, "risk-check", "--repo", dir, "--staged", "--threshold", "1")
		assert.Contains(t, text.stdout, "docs/alpha.md")
		assert.Contains(t, text.stdout, "alpha: entry and its doc, v3")
	})

	t.Run("risky file", func(t *testing.T) {
		out := mustHomer(t, 0, "risk-check", "--repo", dir, "--threshold", "1", "--format", "json", "beta/hot.go", "beta/two.go")
		var c query.Check
		require.NoError(t, json.Unmarshal([]byte(out.stdout), &c))
		require.Len(t, c.Files, 2)
		hot, two := c.Files[0], c.Files[1]
		require.Equal(t, "beta/hot.go", hot.Path)
		assert.Greater(t, hot.Score, two.Score, "the file changed in 13 commits is riskier than one changed once")
		assert.Equal(t, 13, hot.Commits)
		between := (hot.Score + two.Score) / 2
		th := fmt.Sprintf("%.4f", between)
		bad := mustHomer(t, 1, "risk-check", "--repo", dir, "--threshold", th, "beta/hot.go", "beta/two.go")
		assert.Contains(t, bad.stdout, "beta/hot.go")
		assert.Contains(t, bad.stdout, "over ")
		mustHomer(t, 0, "risk-check", "--repo", dir, "--threshold", th, "beta/two.go")
	})
}

// renderDOT has graphviz render DOT output to SVG, and finds want in it.
func renderDOT(t *testing.T, dot, want string) {
	t.Helper()
	bin, err := exec.LookPath("dot")
	if err != nil {
		t.Log("graphviz's dot is not installed (.ci/run installs it): the DOT output is not rendered here")
		return
	}
	cmd := exec.Command(bin, "-Tsvg")
	cmd.Stdin = strings.NewReader(dot)
	svg, err := cmd.Output()
	require.NoError(t, err, "dot rejects the output:\n%s", dot)
	assert.Contains(t, string(svg), want)
}

// Golden JSON for each command on the planted repository: the answers'
// shape and values as documented in docs/json.md; and golden Markdown for
// query and risk-check. The repository is built
// with fixed authors and dates, so its hashes are the same on every run.
// Rewrite with: go test ./cmd/homer -run TestGoldenJSON -update-golden
func TestGoldenJSON(t *testing.T) {
	t.Parallel()
	r := plantedRepo(t)
	dir := r.Dir()
	mustHomer(t, 0, "init", dir)
	cases := map[string][]string{
		"query-file":      {"query", "--format", "json", "--depth", "2", "alpha/middle.go"},
		"query-symbol":    {"query", "--format", "json", "--depth", "2", "alpha.Leaf"},
		"query-directory": {"query", "--format", "json", "beta"},
		"graph":           {"graph", "--format", "json", "--metric", "pagerank"},
		"graph-call":      {"graph", "--format", "json", "--type", "call", "--metric", "hits"},
		"communities":     {"graph", "--format", "json", "--list-communities"},
		"risk-check":      {"risk-check", "--format", "json", "--threshold", "1", "alpha/entry.go", "beta/hot.go"},
		"search":          {"search", "--format", "json", "chain"},
	}
	// The repository's place on disk and the clock do not belong in a
	// golden file.
	tmp := regexp.MustCompile(regexp.QuoteMeta(dir))
	for name, args := range cases {
		out := mustHomer(t, 0, append(append([]string{}, args[0], "--repo", dir), args[1:]...)...)
		got := tmp.ReplaceAllString(out.stdout, "$$REPO")
		var v map[string]any
		require.NoError(t, json.Unmarshal([]byte(got), &v), name)
		assert.Equal(t, float64(query.Version), v["version"], "%s carries the schema version", name)
		file := filepath.Join("testdata", "golden", name+".json")
		if *updateGolden {
			require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
			require.NoError(t, os.WriteFile(file, []byte(got), 0o644))
			continue
		}
		want, err := os.ReadFile(file)
		require.NoError(t, err, "no golden file: run go test ./cmd/homer -run TestGoldenJSON -update-golden")
		assert.JSONEq(t, string(want), got, name)
	}

	// Markdown, as pasted into a pull request's comment. The staged
	// change leaves out alpha/entry.go's usual partner.
	w := r.Path("alpha/entry.go")
	require.NoError(t, os.WriteFile(w, []byte(readFile(t, w)+"// staged\n"), 0o644))
	r.Git("add", "alpha/entry.go")
	md := map[string][]string{
		"query-file":      {"query", "--format", "markdown", "--depth", "2", "alpha/entry.go"},
		"query-symbol":    {"query", "--format", "markdown", "--depth", "2", "alpha.Leaf"},
		"query-directory": {"query", "--format", "markdown", "beta"},
		"risk-check":      {"risk-check", "--format", "markdown", "--threshold", "0.7", "--staged"},
		"risk-check-over": {"risk-check", "--format", "markdown", "--threshold", "0.7", "beta/hot.go", "new/file.go"},
	}
	for name, args := range md {
		code := 0
		if name == "risk-check-over" {
			code = 1
		}
		out := mustHomer(t, code, append(append([]string{}, args[0], "--repo", dir), args[1:]...)...)
		got := tmp.ReplaceAllString(out.stdout, "$$REPO")
		file := filepath.Join("testdata", "golden", name+".md")
		if *updateGolden {
			require.NoError(t, os.WriteFile(file, []byte(got), 0o644))
			continue
		}
		want, err := os.ReadFile(file)
		require.NoError(t, err, "no golden file: run go test ./cmd/homer -run TestGoldenJSON -update-golden")
		assert.Equal(t, string(want), got, name)
	}
}
