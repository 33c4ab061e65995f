package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/backtest"
	"github.com/homer-dev/homer/internal/testrepo"
)

// TestBacktestThroughThePipeline trains a real store at the cut of a
// planted history and scores it: a.go and b.go change together four
// times, a.go and c.go once (under the pair floor of 3), and the two
// held-out commits are {a.go, b.go} (a fix) and {a.go, c.go}.
func TestBacktestThroughThePipeline(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	n := 0
	commit := func(msg string, files ...string) {
		n++
		for _, f := range files {
			r.Write(f, fmt.Sprintf("package p\n\n// v%d\n", n))
		}
		r.Commit(testrepo.Alice, testrepo.Day(n), msg)
	}
	for range 4 {
		commit("a with b", "a.go", "b.go")
	}
	commit("a with c", "a.go", "c.go")
	commit("c alone", "c.go")
	commit("c again", "c.go")
	commit("d", "d.go")
	commit("fix a and b", "a.go", "b.go")
	commit("tidy", "a.go", "c.go")

	res := mustHomer(t, 0, "backtest", r.Dir(), "--holdout", "0.2", "--format", "json")
	var rep backtest.Report
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &rep), res.stdout)
	require.Equal(t, 10, rep.FirstParent)
	require.Equal(t, 2, rep.HeldOut)
	require.Equal(t, 8, rep.Train)
	c := rep.CoChange
	require.Equal(t, 2, c.Commits)
	require.Equal(t, 4, c.Queries)
	// Homer's lists keep the partner seen once: a.go → b.go (4), c.go (1);
	// b.go → a.go; c.go → a.go; each list is then filled from the
	// directory to three files (d.go, and c.go or b.go), one of them right.
	require.InDelta(t, 1.0, c.Homer.Recall, 1e-12)
	require.InDelta(t, 1.0/3, c.Homer.Precision, 1e-12)
	require.InDelta(t, 1.0, c.Homer.Coverage, 1e-12)
	// Baseline: a.go → b.go (4), c.go (1); b.go → a.go; c.go → a.go.
	require.InDelta(t, 1.0, c.Baseline.Recall, 1e-12)
	require.InDelta(t, 0.75, c.Baseline.Precision, 1e-12)
	require.InDelta(t, 1.0, c.Ceiling, 1e-12)
	require.InDelta(t, 1.0, c.CeilingAtK, 1e-12)
	require.Equal(t, backtest.Lost{}, c.Lost)
	// risk-check's and the artifacts' floors keep a.go ↔ b.go (4 shared,
	// confidence 8/9) and drop a.go ↔ c.go (1 shared) and the fill: a.go
	// and b.go find each other in the fix, a.go's {b.go} misses c.go, and
	// c.go has no list.
	for _, floored := range []backtest.Ranking{c.Check, c.Artifacts} {
		require.InDelta(t, 0.5, floored.Recall, 1e-12)
		require.InDelta(t, 2.0/3, floored.Precision, 1e-12)
		require.InDelta(t, 0.75, floored.Coverage, 1e-12)
	}
	require.Equal(t, 4, rep.Risk.Files)
	require.Equal(t, 1, rep.Risk.FixCommits)
	require.Equal(t, 2, rep.Risk.Touches)

	_, err := os.Stat(filepath.Join(r.Dir(), ".homer"))
	require.True(t, os.IsNotExist(err), "the backtest must not create the repository's own store")

	text := mustHomer(t, 0, "backtest", r.Dir(), "--holdout", "0.2")
	require.Contains(t, text.stdout, "co-change (k=5): 2 commits of 2-10 files, 4 queries")
	require.Contains(t, text.stdout, "held-out partners: 1.000 found; lost: 0.000 never changed with the file before the cut, 0.000 new since the cut, 0.000 ranked below 5")
	mustHomer(t, 1, "backtest", r.Dir(), "--since", "yesterday")
}
