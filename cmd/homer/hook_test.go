package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
)

// The pre-commit hook as a user installs it: a real `git commit` runs
// hooks/pre-commit, which runs homer's "pre-commit" pipeline.
func TestPreCommitHook(t *testing.T) {
	hook, err := filepath.Abs("../../hooks/pre-commit")
	require.NoError(t, err)

	r := testrepo.New(t)
	r.Write("main.go", "package main\n\nfunc main() { helper() }\n\nfunc helper() {}\n")
	r.Commit(testrepo.Alice, testrepo.Day(1), "first")
	r.Write("main.go", "package main\n\nfunc main() { helper(); helper() }\n\nfunc helper() {}\n")
	r.Commit(testrepo.Bob, testrepo.Day(2), "second")
	hooks := filepath.Join(r.GitDir(), "hooks")
	require.NoError(t, os.MkdirAll(hooks, 0o755))
	require.NoError(t, os.Symlink(hook, filepath.Join(hooks, "pre-commit")))

	// $HOMER is a wrapper that runs this test binary as homer.
	wrapper := filepath.Join(t.TempDir(), "homer")
	require.NoError(t, os.WriteFile(wrapper, []byte("#!/bin/sh\nHOMER_TEST_AS_MAIN=1 exec "+os.Args[0]+" \"$@\"\n"), 0o755))
	t.Setenv("HOMER", wrapper)
	t.Setenv("HOME", t.TempDir())

	r.Write("README.md", "hello\n")
	r.Git("add", "-A")
	r.GitAs(testrepo.Carol, testrepo.Day(3), "commit", "-q", "-m", "third") // runs the hook

	db, err := sql.Open("sqlite3", filepath.Join(r.Dir(), ".homer", "homer.db"))
	require.NoError(t, err)
	defer db.Close()
	var commits, defs int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM commits").Scan(&commits))
	require.NoError(t, db.QueryRow("SELECT count(*) FROM nodes WHERE kind = 'definition'").Scan(&defs))
	require.Equal(t, 2, commits, "the hook runs before the new commit exists: it sees the two before it")
	require.Zero(t, defs, "the pre-commit pipeline does not parse")
	var behaviour int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM results WHERE kind = 'behavior'").Scan(&behaviour))
	require.Equal(t, 1, behaviour)
	require.NoFileExists(t, filepath.Join(r.Dir(), "AGENTS.md"), "the hook renders nothing")
}
