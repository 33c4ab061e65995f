package gitsource

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// graphSource reads every whole history of two commits or more through a
// commit-graph; noGraph never writes one.
func graphSource(least int) *Source {
	s := newSource(defaultBatchCommits)
	s.slicing = slicing{procs: 1}
	s.graphMin = least
	return s
}

func withMerge(t *testing.T) *testrepo.Repo {
	r := randomHistory(t, 30)
	r.Branch("side")
	r.Checkout("side")
	r.Write("side.txt", "one\n")
	r.Commit(testrepo.Carol, testrepo.Day(50), "side work")
	r.Checkout("main")
	r.Write("main.txt", "two\n")
	r.Commit(testrepo.Bob, testrepo.Day(51), "main work")
	r.Merge("side", testrepo.Alice, testrepo.Day(52), "merge side")
	return r
}

// filesUnder lists every file under dir, relative to it.
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return err
	}))
	return out
}

// TestCommitGraphReadMatches: a whole history read through a commit-graph
// in a temporary alternate object directory is the history read without
// one, the repository is left as it was, and the directory is gone after.
func TestCommitGraphReadMatches(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for name, r := range map[string]*testrepo.Repo{"fixture": buildHistory(t).r, "random with merge": withMerge(t)} {
		t.Run(name, func(t *testing.T) {
			before := filesUnder(t, r.GitDir())
			plain := extract(t, sdktest.Source(t, graphSource(1<<30)), r.Dir(), "")
			graph := extract(t, sdktest.Source(t, graphSource(2)), r.Dir(), "")
			assertSameExtraction(t, plain, graph)
			assertTopological(t, graph.commits)
			assert.Equal(t, before, filesUnder(t, r.GitDir()), "the repository is not written")
			left, err := filepath.Glob(filepath.Join(tmp, "homer-commit-graph-*"))
			require.NoError(t, err)
			assert.Empty(t, left, "the commit-graph's directory is removed")
		})
	}
}

// TestCommitGraphWritten: the graph is written for a long enough history
// and git reads it as valid through the alternate; not for a short one,
// nor when the repository keeps a graph of its own.
func TestCommitGraphWritten(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := withMerge(t)
	g, err := openGitBinary("git", settings{root: r.Dir(), graphMin: 5})
	require.NoError(t, err)
	head, err := g.head(ctx)
	require.NoError(t, err)

	dir := g.commitGraph(ctx, head)
	require.NotEmpty(t, dir)
	defer os.RemoveAll(dir)
	require.FileExists(t, filepath.Join(dir, "info", "commit-graph"))
	verify := exec.Command("git", "-C", r.Dir(), "commit-graph", "verify", "--object-dir="+dir)
	verify.Env = withAlternate(os.Environ(), dir)
	out, err := verify.CombinedOutput()
	require.NoError(t, err, "%s", out)

	g.graphMin = 1 << 20
	assert.Empty(t, g.commitGraph(ctx, head), "a short history has no graph")

	g.graphMin = 5
	r.Git("commit-graph", "write", "--reachable", "--no-progress")
	assert.Empty(t, g.commitGraph(ctx, head), "git reads the repository's own graph")
}

func TestWithAlternate(t *testing.T) {
	t.Parallel()
	sep := string(os.PathListSeparator)
	assert.Equal(t, []string{"A=1", "GIT_ALTERNATE_OBJECT_DIRECTORIES=/g"}, withAlternate([]string{"A=1"}, "/g"))
	assert.Equal(t, []string{"A=1", "GIT_ALTERNATE_OBJECT_DIRECTORIES=/g" + sep + "/u"},
		withAlternate([]string{"GIT_ALTERNATE_OBJECT_DIRECTORIES=/u", "A=1"}, "/g"))
	assert.Equal(t, []string{"GIT_ALTERNATE_OBJECT_DIRECTORIES=/g"}, withAlternate([]string{"GIT_ALTERNATE_OBJECT_DIRECTORIES="}, "/g"))
}
