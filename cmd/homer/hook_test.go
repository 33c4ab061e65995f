package main

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
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

// homer hook install, as a user runs it: a real `git commit` runs the
// hook, which keeps the hook that was there (run first), warns about the
// usual partner left out of the commit, blocks only above
// homer.blockAbove, and uninstall puts the old hook back.
func TestHookInstall(t *testing.T) {
	r := testrepo.New(t)
	for i := range 3 {
		r.Write("a.go", fmt.Sprintf("package main\n\n// v%d\nfunc a() { b() }\n", i))
		r.Write("b.go", fmt.Sprintf("package main\n\n// v%d\nfunc b() {}\n", i))
		r.Commit(testrepo.Alice, testrepo.Day(i+1), fmt.Sprintf("together %d", i))
	}
	hooks := filepath.Join(r.GitDir(), "hooks")
	require.NoError(t, os.MkdirAll(hooks, 0o755))
	marker := filepath.Join(t.TempDir(), "old-hook-ran")
	require.NoError(t, os.WriteFile(filepath.Join(hooks, "pre-commit"), []byte("#!/bin/sh\necho ran >> "+marker+"\n"), 0o755))

	wrapper := filepath.Join(t.TempDir(), "homer")
	require.NoError(t, os.WriteFile(wrapper, []byte("#!/bin/sh\nHOMER_TEST_AS_MAIN=1 exec "+os.Args[0]+" \"$@\"\n"), 0o755))
	t.Setenv("HOMER", wrapper)
	t.Setenv("HOME", t.TempDir())
	mustHomer(t, 0, "hook", "install", "--repo", r.Dir())
	require.FileExists(t, filepath.Join(hooks, "pre-commit.before-homer"))
	mustHomer(t, 0, "init", r.Dir())

	commit := func(msg string) (string, error) {
		r.Write("a.go", "package main\n\n// "+msg+"\nfunc a() { b() }\n")
		r.Git("add", "a.go")
		cmd := exec.Command("git", "commit", "-q", "-m", msg)
		cmd.Dir = r.Dir()
		cmd.Env = append(gitEnv(), "HOMER="+wrapper, "HOME="+os.Getenv("HOME"),
			"GIT_AUTHOR_NAME=Carol", "GIT_AUTHOR_EMAIL=carol@example.com", "GIT_COMMITTER_NAME=Carol", "GIT_COMMITTER_EMAIL=carol@example.com")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := commit("alone")
	require.NoError(t, err, out)
	require.Contains(t, out, "b.go", "the hook names the usual partner left out")
	require.Contains(t, out, "with a.go in 3 of its 3 commits")
	data, err := os.ReadFile(marker)
	require.NoError(t, err)
	require.Equal(t, "ran\n", string(data), "the kept hook ran first")

	r.Git("config", "homer.blockAbove", "-1")
	out, err = commit("blocked")
	require.Error(t, err, "above homer.blockAbove the commit is blocked\n%s", out)
	require.Contains(t, out, "riskier than homer.blockAbove")
	r.Git("config", "--unset", "homer.blockAbove")

	mustHomer(t, 0, "hook", "uninstall", "--repo", r.Dir())
	data, err = os.ReadFile(filepath.Join(hooks, "pre-commit"))
	require.NoError(t, err)
	require.Contains(t, string(data), marker, "the old hook is back")
	require.NoFileExists(t, filepath.Join(hooks, "pre-commit.before-homer"))
}
