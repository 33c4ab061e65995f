package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/store"
)

// A disk that fills up at any point of init leaves a store that the next
// update, once there is room, completes to exactly what a clean init
// makes. A full disk fails a write in one of two places, and both are
// tried: when the write commits (every commit of an init in turn), and
// while it grows the database (SQLite's max_page_count, the same error, at
// twenty sizes between an empty store and a full one).
//
// The faults apply to every store the process opens, so this test is not
// parallel: Go runs it while no parallel test does.
func TestDiskFull(t *testing.T) {
	f := buildFixture(t)
	dir := f.dir()
	before := store.Committed()
	mustHomer(t, 0, "init", dir)
	commits := int(store.Committed() - before)
	want, wantFiles := dumpStore(t, dir), artifacts(t, dir)
	db := openDB(t, dir)
	pages := queryInt(t, db, "PRAGMA page_count")
	db.Close()
	empty, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "empty.db"))
	require.NoError(t, err)
	var base int
	require.NoError(t, empty.DB().QueryRow("PRAGMA page_count").Scan(&base))
	require.NoError(t, empty.Close())
	require.Greater(t, commits, 20)
	require.Greater(t, pages-base, 20)

	failedIn := map[string]int{}
	trial := func(t *testing.T, inject, clear func()) {
		require.NoError(t, os.RemoveAll(filepath.Join(dir, ".homer")))
		for _, a := range []string{"AGENTS.md", "homer-risk.json"} {
			require.NoError(t, os.Remove(filepath.Join(dir, a)))
		}
		inject()
		r := homer(t, "init", dir)
		clear()
		// A cache's write (the import-resolution memo) may fail without
		// failing the run.
		if r.code != 0 {
			require.Contains(t, r.stderr, "full", r)
		}
		failedIn[stageOf(r.stderr)]++

		mustHomer(t, 0, "update", dir)
		require.Equal(t, want, dumpStore(t, dir), "the store after the failed init and an update differs from a clean init's")
		require.Equal(t, wantFiles, artifacts(t, dir))
		r = mustHomer(t, 0, "update", dir)
		require.Contains(t, r.stdout, "(0 stages run")
	}
	for n := 1; n <= commits; n++ {
		t.Run(fmt.Sprintf("commit %d of %d fails", n, commits), func(t *testing.T) {
			trial(t, func() { store.FailCommit(int64(n)) }, func() { store.FailCommit(0) })
		})
	}
	for i := range 20 {
		limit := base + 1 + (pages-base-1)*i/20
		t.Run(fmt.Sprintf("full at %d of %d pages", limit, pages), func(t *testing.T) {
			trial(t, func() { store.LimitPages(int64(limit)) }, func() { store.LimitPages(0) })
		})
	}
	t.Logf("init failed in: %v", failedIn)
}

// stageOf names the first stage a run's stderr reports failed.
func stageOf(stderr string) string {
	var stage string
	if _, err := fmt.Sscanf(stderr, "homer: stage %s failed", &stage); err == nil {
		return stage
	}
	return "(none)"
}
