package gitsource

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A whole history read with --topo-order walks every commit before git
// prints the first, and without a commit-graph file git parses each
// commit's object for it and keeps its buffer (the message, the header)
// until the commit is printed: on spring-boot (62,000 commits) git log
// peaked at 93 MB, 77 MB with a commit-graph, for the same bytes out and
// the same CPU (BENCHMARKS.md, "Memory, thirteenth pass"). The walk then
// reads the parents and dates from the graph, and each message only when
// its commit is printed, freed after.
//
// Homer writes nothing into the repository, so the graph goes to a
// temporary directory that the history's git processes see as an
// alternate object directory (GIT_ALTERNATE_OBJECT_DIRECTORIES): git reads
// commit-graph files there, and the directory holds no objects. Writing it
// reads each commit once (0.4–0.6 s on spring-boot), about what the walk
// itself spent parsing them, so git prints its first commit no later.

// graphMinCommits is the least history a commit-graph is written for
// (gitBinary.graphMin): below it git's walk holds little and the write
// would be a fixed cost.
const graphMinCommits = 2000

// commitGraph writes a commit-graph of what head reaches into a new
// temporary directory and returns it, or "" when git keeps a graph of the
// repository already, the clone is shallow (git uses no graph there), the
// history is short or the write fails: the history is then read without
// one, as before. The caller removes the directory.
func (g *gitBinary) commitGraph(ctx context.Context, head string) string {
	if g.gitDir == "" || g.hasCommitGraph(ctx) {
		return ""
	}
	least := strconv.Itoa(g.graphMin)
	if n, err := g.output(ctx, "", "rev-list", "--count", "--max-count="+least, head); err != nil || strings.TrimSpace(string(n)) != least {
		return ""
	}
	dir, err := os.MkdirTemp("", "homer-commit-graph-")
	if err != nil {
		return ""
	}
	cmd := g.command(ctx, "commit-graph", "write", "--no-progress", "--object-dir="+dir, "--stdin-commits")
	cmd.Env = withAlternate(cmd.Env, dir)
	cmd.Stdin = strings.NewReader(head + "\n")
	if err := cmd.Run(); err != nil {
		_ = os.RemoveAll(dir)
		return ""
	}
	if _, err := os.Stat(filepath.Join(dir, "info", "commit-graph")); err != nil {
		_ = os.RemoveAll(dir)
		return ""
	}
	return dir
}

// hasCommitGraph tells whether the repository's object directory holds a
// commit-graph file or chain, which git reads already.
func (g *gitBinary) hasCommitGraph(ctx context.Context) bool {
	out, err := g.output(ctx, "", "rev-parse", "--git-path", "objects/info/commit-graph", "--git-path", "objects/info/commit-graphs/commit-graph-chain")
	if err != nil {
		return true // cannot tell: leave the repository's own arrangement alone
	}
	for _, p := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if !filepath.IsAbs(p) {
			p = filepath.Join(g.gitDir, p)
		}
		if _, err := os.Stat(p); err == nil {
			return true
		}
	}
	return false
}

// withAlternate returns env with dir put first among the alternate object
// directories (before any the user's environment names).
func withAlternate(env []string, dir string) []string {
	const name = "GIT_ALTERNATE_OBJECT_DIRECTORIES="
	out := make([]string, 0, len(env)+1)
	value := dir
	for _, kv := range env {
		if rest, ok := strings.CutPrefix(kv, name); ok {
			if rest != "" {
				value = dir + string(os.PathListSeparator) + rest
			}
			continue
		}
		out = append(out, kv)
	}
	return append(out, name+value)
}
