package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
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
	// Packed results keep the fixture's store small (since schema 40, three
	// pages over an empty store's, where it was six): every size in between
	// is tried when there are fewer than twenty.
	require.Greater(t, pages-base, 2)
	sizes := min(20, pages-base-1)

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
	for i := range sizes {
		limit := base + 1 + (pages-base-1)*i/sizes
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

// A language plugin that crashes on an update leaves its language in the
// graph: the files it did not parse keep the facts of their last parse,
// and imports resolve as they last did. Once it parses again, the store
// ends as a clean init's.
func TestCrashedPluginKeepsLastGoodFacts(t *testing.T) {
	t.Parallel()
	f := smallRepo(t, map[string]string{
		"a.flaky": "def alpha\ncall beta\nimport b.flaky\n",
		"b.flaky": "def beta\n",
	})
	dir := f.dir()
	wrapper := testPluginWrapper(t, "flaky")
	writeConfig(t, dir, fmt.Sprintf("plugin \"flaky\" {\n  path = %q\n}\n", wrapper))
	allowPlugins(t, wrapper)
	mustHomer(t, 0, "init", dir)
	graph := func() (calls, imports bool, defs []string) {
		db := openDB(t, dir)
		defer db.Close()
		calls = hasPair(edgeMembers(t, db, "calls"), is("a.flaky#alpha"), is("b.flaky#beta"))
		imports = hasPair(edgeMembers(t, db, "imports"), is("a.flaky"), is("b.flaky"))
		defs = queryStrings(t, db, "SELECT name FROM nodes WHERE kind = 'definition' AND name LIKE '%.flaky#%' ORDER BY name")
		return
	}
	calls, imports, defs := graph()
	require.True(t, calls)
	require.True(t, imports)
	require.Equal(t, []string{"a.flaky#alpha", "b.flaky#beta"}, defs)

	f.set("a.flaky", "def alpha\ncall beta\nimport b.flaky\n# CRASH\n")
	f.commit(alice, "make the plugin crash")
	r := mustHomer(t, 10, "update", dir)
	require.Contains(t, r.stderr, "keep the facts of their last parse", r)
	calls, imports, defs = graph()
	require.True(t, calls, "the crashed language's calls stay in the graph")
	require.True(t, imports, "and its imports")
	require.Equal(t, []string{"a.flaky#alpha", "b.flaky#beta"}, defs)

	f.set("a.flaky", "def alpha\ncall beta\nimport b.flaky\ndef gamma\n")
	f.commit(alice, "the plugin parses again")
	r = mustHomer(t, 0, "update", dir)
	_, _, defs = graph()
	require.Equal(t, []string{"a.flaky#alpha", "a.flaky#gamma", "b.flaky#beta"}, defs, r.String())
	sameAsInit(t, dir, "after the plugin recovered")
}

// A shallow clone is analysed with what it has, every run says so, and
// once the clone is unshallowed the next update reads the whole history:
// the store ends as a clean init's.
func TestShallowCloneDeepened(t *testing.T) {
	t.Parallel()
	f := buildFixture(t)
	clone := filepath.Join(t.TempDir(), "clone")
	git(t, t.TempDir(), "clone", "-q", "--depth", "3", "file://"+f.dir(), clone)
	r := mustHomer(t, 10, "init", clone)
	require.Contains(t, r.stderr, "shallow clone", r)
	db := openDB(t, clone)
	require.Equal(t, 3, queryInt(t, db, "SELECT count(*) FROM commits"))
	db.Close()
	r = mustHomer(t, 0, "update", clone)
	require.Contains(t, r.stderr, "shallow clone", "a run that skips the history still says what is missing")

	git(t, clone, "fetch", "-q", "--unshallow")
	r = mustHomer(t, 0, "update", clone)
	require.Contains(t, r.stderr, "the clone was deepened", r)
	want, err := strconv.Atoi(git(t, clone, "rev-list", "--count", "HEAD"))
	require.NoError(t, err)
	db = openDB(t, clone)
	require.Equal(t, want, queryInt(t, db, "SELECT count(*) FROM commits"))
	db.Close()
	sameAsInit(t, clone, "after unshallowing")
}

// A blob missing from the object store (a partial clone, a damaged
// repository) is reported on every run, and parsed once it is back. (The
// history's line counts and the snapshot's size for it are not read again:
// the sources' keys do not follow the object store.)
func TestMissingBlobRestored(t *testing.T) {
	t.Parallel()
	f := smallRepo(t, nil)
	dir := f.dir()
	mustHomer(t, 0, "init", dir)
	f.appendLine("svc/a.go", "func Later() {}")
	f.commit(alice, "later")
	blob := git(t, dir, "rev-parse", "HEAD:svc/a.go")
	object := filepath.Join(dir, ".git", "objects", blob[:2], blob[2:])
	data, err := os.ReadFile(object)
	require.NoError(t, err, "the fixture's objects are loose")
	require.NoError(t, os.Remove(object))

	for range 2 {
		r := mustHomer(t, 10, "update", dir)
		require.Contains(t, r.stderr, "cannot read svc/a.go", r)
	}
	// The history of the commit that needed the blob was read without its
	// line counts.
	laterAdded := func() int {
		db := openDB(t, dir)
		defer db.Close()
		return queryInt(t, db, `SELECT c.added FROM changes c JOIN commits m ON m.node_id = c.commit_id
			JOIN nodes f ON f.id = c.file_id WHERE `+store.MessageSQL("m")+` LIKE 'later%' AND f.name = 'svc/a.go'`)
	}
	require.Zero(t, laterAdded())
	size := func() int {
		db := openDB(t, dir)
		defer db.Close()
		return queryInt(t, db, "SELECT h.size FROM head_files h JOIN nodes f ON f.id = h.node_id WHERE f.name = 'svc/a.go'")
	}
	require.Zero(t, size(), "the tree's listing could not read its size")
	require.NoError(t, os.WriteFile(object, data, 0o444))
	r := mustHomer(t, 0, "update", dir)
	require.Contains(t, r.stderr, "present now; reading everything again", r)
	db := openDB(t, dir)
	require.Equal(t, 1, queryInt(t, db, "SELECT count(*) FROM nodes WHERE kind = 'definition' AND name LIKE 'svc/a.go#%Later'"))
	db.Close()
	require.Equal(t, 1, laterAdded(), "the line counts are read again once the blob is back")
	require.Equal(t, len(readFile(t, filepath.Join(dir, "svc", "a.go"))), size(), "and so is its size")
	r = mustHomer(t, 0, "update", dir)
	require.Contains(t, r.stdout, "(0 stages run", "once parsed, it is not parsed again")
}

// A blob-filtered partial clone, whose git dies on a missing blob rather
// than fetch it (Homer turns lazy fetching off), is analysed with what it
// has: the history without the missing line counts, the files whose blobs
// are there, and every missing one named (exit 10, partial success).
func TestPartialClone(t *testing.T) {
	t.Parallel()
	f := smallRepo(t, map[string]string{"big.go": "package small\n\n// " + strings.Repeat("x", 4096) + "\nfunc Big() {}\n"})
	src := f.dir()
	git(t, src, "config", "uploadpack.allowFilter", "true")
	git(t, src, "config", "uploadpack.allowAnySHA1InWant", "true")
	clone := filepath.Join(t.TempDir(), "clone")
	git(t, t.TempDir(), "clone", "-q", "--no-checkout", "--filter=blob:limit=1k", "file://"+src, clone)
	require.Equal(t, "true", git(t, clone, "config", "remote.origin.promisor"))

	r := mustHomer(t, 10, "init", clone)
	assert.Contains(t, r.stderr, "cannot read big.go", r)
	assert.NotContains(t, r.stderr, "failed", r)
	db := openDB(t, clone)
	defer db.Close()
	want, err := strconv.Atoi(git(t, clone, "rev-list", "--count", "HEAD"))
	require.NoError(t, err)
	assert.Equal(t, want, queryInt(t, db, "SELECT count(*) FROM commits"), "the whole history is read")
	assert.Equal(t, 1, queryInt(t, db, "SELECT count(*) FROM nodes WHERE kind = 'definition' AND name LIKE 'svc/a.go#%'"),
		"files whose blobs are there are parsed")
	assert.Zero(t, queryInt(t, db, "SELECT count(*) FROM nodes WHERE kind = 'definition' AND name LIKE 'big.go#%'"))
}

// A file whose parse stopped at its time budget (a busy machine) is not
// memoized: the run says so and exits 10, and the next run parses it
// again; once it parses, the store ends as a clean init's.
func TestTransientParseRetried(t *testing.T) {
	t.Parallel()
	mark := filepath.Join(t.TempDir(), "busy")
	require.NoError(t, os.WriteFile(mark, nil, 0o644))
	f := smallRepo(t, map[string]string{
		"a.flaky": "def alpha\ncall beta\nslow " + mark + "\n",
		"b.flaky": "def beta\n",
	})
	dir := f.dir()
	wrapper := testPluginWrapper(t, "flaky")
	writeConfig(t, dir, fmt.Sprintf("plugin \"flaky\" {\n  path = %q\n}\n", wrapper))
	allowPlugins(t, wrapper)
	defs := func() []string {
		db := openDB(t, dir)
		defer db.Close()
		return queryStrings(t, db, "SELECT name FROM nodes WHERE kind = 'definition' AND name LIKE '%.flaky#%' ORDER BY name")
	}

	r := mustHomer(t, 10, "init", dir)
	assert.Contains(t, r.stderr, "a.flaky: did not finish parsing this file within its budget", r)
	assert.Contains(t, r.stderr, "parsed again next run", r)
	assert.Equal(t, []string{"b.flaky#beta"}, defs())
	r = mustHomer(t, 10, "update", dir)
	assert.Contains(t, r.stderr, "a.flaky: did not finish parsing", "every run says it until it parses")

	require.NoError(t, os.Remove(mark))
	r = mustHomer(t, 0, "update", dir)
	assert.Equal(t, []string{"a.flaky#alpha", "b.flaky#beta"}, defs(), r.String())
	sameAsInit(t, dir, "after the parse finished")
}
