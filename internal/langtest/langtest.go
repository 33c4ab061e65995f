// Package langtest checks a language plugin against a fixture project: it
// parses every file of a directory with the plugin, resolves imports with the
// plugin and calls with the core, as a run would, and compares the resolved
// graph with a hand-written expectation.
//
// The expectation file (conventionally expected.graph beside the fixture's
// files) holds one edge per line, blank lines and lines starting with "#"
// ignored:
//
//	call a/b.go#pkg.Caller -> a/c.go#pkg.Type.Method
//	import a/b.go -> a/c.go
//
// Call edges are between definitions (path#qualified-name); import edges are
// the file-level imports the core stores. Every expected edge must be found
// and no other edge may be (guesses below MinConfidence are not compared;
// dispatch edges are, whatever their confidence).
package langtest

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/pipeline"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/plugins/sources/structure"
	"github.com/homer-dev/homer/sdk"
)

// MinConfidence is the confidence below which a call edge found by name
// alone is a guess the fixture does not judge.
const MinConfidence = 0.5

// Graph parses the files under dir that each plugin claims, resolves them as
// the core does, and returns the edges in the expectation's format, sorted.
// Guesses (by name, below MinConfidence) are returned with a trailing " ?" and the
// confidence.
func Graph(t testing.TB, dir string, langs ...sdk.Language) []string {
	t.Helper()
	ctx := context.Background()
	var paths []string
	var manifests []*sdk.Manifest
	content := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "expected.graph" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		paths = append(paths, rel)
		content[rel] = data
		if m := structure.ParseManifest(rel, data); m != nil {
			manifests = append(manifests, m)
		}
		return nil
	}))
	sort.Strings(paths)

	var facts []*sdk.FileFacts
	imports := map[string][]*sdk.ResolvedImport{}
	// Files go to plugins by the rule a run applies (shared extensions
	// to one plugin only).
	var claimants []*plugin.Plugin
	for _, l := range langs {
		claimants = append(claimants, &plugin.Plugin{Name: l.Info().GetName(), Kind: sdk.KindLanguage, Info: l.Info()})
	}
	assigned := pipeline.AssignFiles(paths, claimants)
	for _, l := range langs {
		info := l.Info()
		require.Empty(t, l.Configure(ctx, sdk.Config{RepoRoot: dir}), "configure %s", info.GetName())
		var files []*sdk.SourceFile
		for _, p := range assigned[info.GetName()] {
			files = append(files, &sdk.SourceFile{Path: p, BlobId: p, Content: content[p]})
		}
		got, err := l.Parse(ctx, files)
		require.NoError(t, err)
		var sites []*sdk.ImportSite
		for _, f := range got {
			for _, d := range f.GetDiagnostics() {
				if d.GetSeverity() == sdk.SeverityError {
					t.Errorf("%s: %s", f.GetPath(), d.GetSummary())
				}
			}
			for _, imp := range f.GetImports() {
				sites = append(sites, &sdk.ImportSite{FromPath: f.GetPath(), Import: imp})
			}
		}
		facts = append(facts, got...)
		resp, err := l.ResolveImports(ctx, &sdk.ResolveRequest{Files: paths, Manifests: manifests, Imports: sites})
		require.NoError(t, err)
		for _, ri := range resp.GetImports() {
			imports[ri.GetFromPath()] = append(imports[ri.GetFromPath()], ri)
		}
	}
	g := pipeline.Resolve(facts, imports)
	return Edges(g)
}

// Edges renders a resolved graph's calls and imports as expectation lines.
func Edges(g *pipeline.Graph) []string {
	var out []string
	names := g.NodeNames()
	for k, l := range g.Calls {
		line := "call " + names[k[0]] + " -> " + names[k[1]]
		// Guesses are not judged; what a call may dispatch to is, whatever
		// share of the confidence each of its candidates gets.
		if l.Confidence < MinConfidence && l.Via != "dispatch" {
			line += fmt.Sprintf(" ? %.2f", l.Confidence)
		}
		out = append(out, line)
	}
	for k := range g.Imports {
		out = append(out, "import "+k[0]+" -> "+k[1])
	}
	sort.Strings(out)
	return out
}

// Check compares the graph of the fixture in dir with dir/expected.graph.
// With HOMER_UPDATE_FIXTURES=1 it prints the graph instead of failing, for
// a person to read and copy by hand: the expectation is never written by
// the code it checks.
func Check(t *testing.T, dir string, langs ...sdk.Language) {
	t.Helper()
	got := Graph(t, dir, langs...)
	if os.Getenv("HOMER_UPDATE_FIXTURES") != "" {
		t.Logf("graph of %s:\n%s", dir, strings.Join(got, "\n"))
	}
	data, err := os.ReadFile(filepath.Join(dir, "expected.graph"))
	require.NoError(t, err)
	var want []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			want = append(want, strings.Join(strings.Fields(line), " "))
		}
	}
	sort.Strings(want)
	var sure []string
	for _, e := range got {
		if !strings.Contains(e, " ? ") {
			sure = append(sure, e)
		}
	}
	missing, unexpected := diff(want, sure)
	if len(missing)+len(unexpected) > 0 {
		t.Errorf("fixture %s:\nmissing (expected, not found):\n  %s\nunexpected (found, not expected):\n  %s",
			dir, strings.Join(missing, "\n  "), strings.Join(unexpected, "\n  "))
	}
}

func diff(want, got []string) (missing, unexpected []string) {
	w := map[string]bool{}
	for _, e := range want {
		w[e] = true
	}
	g := map[string]bool{}
	for _, e := range got {
		g[e] = true
		if !w[e] {
			unexpected = append(unexpected, e)
		}
	}
	for _, e := range want {
		if !g[e] {
			missing = append(missing, e)
		}
	}
	return missing, unexpected
}
