package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// No absolute path of the machine is stored or rendered: not the
// repository's, not a plugin binary's, not an output directory's. The
// artifacts' records are named relative to the repository root.
func TestNoPathOfTheMachineIsStored(t *testing.T) {
	t.Parallel()
	f := buildFixture(t)
	dir := f.dir()
	f.set("notes.mark", "anything\n")
	f.commit(alice, "notes")
	// A plugin the repository brings, whose description is cached in the
	// store under its binary.
	writeTestPluginScript(t, filepath.Join(dir, ".homer", "plugins", "homer-test-mark"), "mark", "")
	mustHomer(t, 0, "plugin", "allow", "--repo", dir)
	outside := filepath.Join(t.TempDir(), "out")
	require.NoError(t, os.Mkdir(outside, 0o755))
	machine := commonDir(dir, outside)
	require.NotEqual(t, "/", machine)

	mustHomer(t, 0, "init", dir)
	noMachinePath(t, dir, machine)
	db := openDB(t, dir)
	require.Equal(t, []string{"AGENTS.md", "homer-risk.json"}, queryStrings(t, db, "SELECT name FROM nodes WHERE kind = 'output' ORDER BY name"))
	require.Positive(t, queryInt(t, db, "SELECT count(*) FROM checkpoints WHERE name LIKE 'plugin-info:%'"), "the plugin's description is cached")
	db.Close()
	for name, content := range artifacts(t, dir) {
		require.NotContains(t, content, machine, name)
	}

	// Written elsewhere, the artifacts are recorded by a path relative
	// to the repository, and found again by it.
	mustHomer(t, 0, "render", "--output-dir", outside, dir)
	noMachinePath(t, dir, machine)
	rel, err := filepath.Rel(dir, filepath.Join(outside, "AGENTS.md"))
	require.NoError(t, err)
	db = openDB(t, dir)
	require.Contains(t, queryStrings(t, db, "SELECT name FROM nodes WHERE kind = 'output'"), filepath.ToSlash(rel))
	db.Close()
	r := mustHomer(t, 0, "render", "--output-dir", outside, dir)
	require.Contains(t, r.stdout, "wrote", "render always writes")

	// The records find the artifacts: unchanged, nothing runs; deleted,
	// the render runs again.
	mustHomer(t, 0, "update", dir)
	r = mustHomer(t, 0, "update", dir)
	require.Contains(t, r.stdout, "(0 stages run", r)
	require.NoError(t, os.Remove(filepath.Join(dir, "AGENTS.md")))
	r = mustHomer(t, 0, "update", dir)
	require.Contains(t, r.stdout, "wrote AGENTS.md", r)
}

// A store from before, whose output nodes and plugin cache name absolute
// paths, loses them when it is opened, and the renders record their files
// anew.
func TestStoredMachinePathsAreDropped(t *testing.T) {
	t.Parallel()
	f := smallRepo(t, nil)
	dir := f.dir()
	mustHomer(t, 0, "init", dir)
	db, err := sql.Open("sqlite3", "file:"+dbPath(dir))
	require.NoError(t, err)
	for _, q := range []string{
		"UPDATE node_rows SET name = '" + filepath.Join(dir, "AGENTS.md") + "' WHERE kind = 'output' AND name = 'AGENTS.md'",
		"INSERT INTO checkpoints (name, value) VALUES ('plugin-info:bin:" + filepath.Join(dir, ".homer", "plugins", "x") + ":1:2:1', 'x')",
		"PRAGMA user_version = 3",
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	require.NoError(t, db.Close())

	r := mustHomer(t, 0, "update", dir)
	require.Contains(t, r.stdout, "wrote AGENTS.md", "the renders run again")
	// Only rows are checked: the file's free pages may still hold what
	// was deleted.
	for _, line := range strings.Split(dumpStore(t, dir), "\n") {
		require.NotContains(t, line, dir, "a path of the machine is stored")
	}
	db2 := openDB(t, dir)
	require.Equal(t, []string{"AGENTS.md", "homer-risk.json"}, queryStrings(t, db2, "SELECT name FROM nodes WHERE kind = 'output' ORDER BY name"))
	db2.Close()

	// A repository moved elsewhere keeps its records: nothing runs.
	moved := filepath.Join(t.TempDir(), "moved")
	require.NoError(t, os.Rename(dir, moved))
	r = mustHomer(t, 0, "update", moved)
	require.Contains(t, r.stdout, "(0 stages run", r)
}

// noMachinePath requires that the store of the repository at dir holds
// path nowhere: in no row, and in no byte of the database file.
func noMachinePath(t *testing.T, dir, path string) {
	t.Helper()
	dump := dumpStore(t, dir)
	for _, line := range strings.Split(dump, "\n") {
		require.NotContains(t, line, path, "a path of the machine is stored")
	}
	// What a connection still open keeps in the write-ahead log counts
	// as much as the database file.
	for _, file := range []string{dbPath(dir), dbPath(dir) + "-wal"} {
		data, err := os.ReadFile(file)
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		require.NotContains(t, string(data), path, "a path of the machine is in %s", file)
	}
}

// commonDir is the longest directory that holds both paths.
func commonDir(a, b string) string {
	for !strings.HasPrefix(b+string(filepath.Separator), a+string(filepath.Separator)) {
		a = filepath.Dir(a)
	}
	return a
}
