package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
)

// dave commits only on the branch that leaves main.
var dave = testrepo.Person{Name: "Dave", Email: "dave@example.com"}

// sameAsFreshInit checks that the store and artifacts in dir are what a
// fresh init makes of a copy of the repository (same base name, no store),
// leaving dir as it is. The parse memo is left out: a cache by content,
// which keeps the facts of blobs another branch had, by design.
func sameAsFreshInit(t *testing.T, dir, what string) {
	t.Helper()
	got, gotFiles := withoutSection(dumpStore(t, dir), "parse_memo"), artifacts(t, dir)
	dst := filepath.Join(t.TempDir(), filepath.Base(dir))
	out, err := exec.Command("cp", "-a", dir, dst).CombinedOutput()
	require.NoError(t, err, "cp -a: %s", out)
	require.NoError(t, os.RemoveAll(filepath.Join(dst, ".homer")))
	mustHomer(t, 0, "init", dst)
	require.Equal(t, withoutSection(dumpStore(t, dst), "parse_memo"), got, "%s: the store differs from a fresh init's", what)
	require.Equal(t, artifacts(t, dst), gotFiles, "%s: the artifacts differ from a fresh init's", what)
}

// TestBranchSwitch: checking out a branch that left main long ago, and
// back, reads only the commits that differ (the stored checkpoint is not
// an ancestor of the new HEAD either way), and each time the store is the
// one a fresh init makes at that HEAD.
func TestBranchSwitch(t *testing.T) {
	t.Parallel()
	f := buildFixture(t)
	dir := f.dir()
	mainHead := f.r.Head()
	total, err := strconv.Atoi(git(t, dir, "rev-list", "--count", "HEAD"))
	require.NoError(t, err)

	// A branch from ten commits back, with commits of its own: a file only
	// it has (importing core), a rename, a new author, a release tag.
	git(t, dir, "checkout", "-q", "-b", "old", "HEAD~10")
	f.set("old/only.go", "package old\n\nimport \"example.com/fix/core\"\n\n// Only calls the helper.\nfunc Only() string { return core.Helper() }\n")
	f.commit(dave, "old: only")
	f.rename("core/util_test.go", "core/helpers_test.go")
	f.commit(dave, "core: tests renamed")
	f.set("old/more.go", "package old\n\n// More is more.\nfunc More() string { return Only() + \"!\" }\n")
	f.commit(carol, "old: more")
	git(t, dir, "tag", "v0.9-old")
	oldHead := f.r.Head()
	git(t, dir, "checkout", "-q", "main")

	mustHomer(t, 0, "init", dir)
	db := openDB(t, dir)
	require.Equal(t, total, queryInt(t, db, "SELECT count(*) FROM commits"))

	git(t, dir, "checkout", "-q", "old")
	r := mustHomer(t, 0, "update", "-vv", dir)
	require.Contains(t, r.stderr, "10 recorded commit(s) HEAD does not reach are dropped", r.stderr)
	require.NotContains(t, r.stderr, "extracting the whole history again")
	require.Equal(t, oldHead, queryStrings(t, db, "SELECT value FROM checkpoints WHERE name = 'source.git'")[0])
	require.Equal(t, total-10+3, queryInt(t, db, "SELECT count(*) FROM commits"))
	require.Equal(t, 1, queryInt(t, db, "SELECT count(*) FROM nodes WHERE kind = 'person' AND name = 'dave@example.com'"))
	sameAsFreshInit(t, dir, "switched to a diverged branch")

	git(t, dir, "checkout", "-q", "main")
	r = mustHomer(t, 0, "update", "-vv", dir)
	require.Contains(t, r.stderr, "3 recorded commit(s) HEAD does not reach are dropped", r.stderr)
	require.Equal(t, mainHead, queryStrings(t, db, "SELECT value FROM checkpoints WHERE name = 'source.git'")[0])
	require.Equal(t, total, queryInt(t, db, "SELECT count(*) FROM commits"))
	require.Zero(t, queryInt(t, db, "SELECT count(*) FROM nodes WHERE kind = 'person' AND name = 'dave@example.com'"),
		"an author of dropped commits alone goes with them")
	require.Zero(t, queryInt(t, db, "SELECT count(*) FROM nodes WHERE kind = 'file' AND name LIKE 'old/%'"),
		"files only the dropped commits knew go")
	require.Zero(t, queryInt(t, db, "SELECT count(*) FROM rename_edges e JOIN nodes n ON n.id = e.dst WHERE n.name = 'core/helpers_test.go'"),
		"the branch's rename goes")
	require.True(t, strings.Contains(readFile(t, filepath.Join(dir, "AGENTS.md")), mainHead[:12]))
	sameAsFreshInit(t, dir, "switched back")
}

// Each run records how long the stages it ran took, for the next run's
// progress estimates; a run that runs nothing leaves the record alone.
func TestStageTimesRecorded(t *testing.T) {
	t.Parallel()
	f := smallRepo(t, nil)
	dir := f.dir()
	mustHomer(t, 0, "init", dir)
	db := openDB(t, dir)
	read := func() map[string]int64 {
		var ms map[string]int64
		require.NoError(t, json.Unmarshal([]byte(queryStrings(t, db, "SELECT value FROM checkpoints WHERE name = 'stage-times'")[0]), &ms))
		return ms
	}
	first := read()
	for _, stage := range []string{"source.git", "source.structure", "resolve", "model", "render.agents-md"} {
		require.Contains(t, first, stage)
		require.GreaterOrEqual(t, first[stage], int64(0))
	}
	mustHomer(t, 0, "update", dir)
	require.Equal(t, first, read(), "nothing ran, nothing was timed")

	f.appendLine("svc/a.go", "// more")
	f.commit(alice, "svc: more")
	mustHomer(t, 0, "update", dir)
	second := read()
	require.Equal(t, len(first), len(second), "stages that did not run keep their last time")
}
