package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/store"
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

	db, err := sql.Open(store.DriverName, filepath.Join(r.Dir(), ".homer", "homer.db"))
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

// hookRepo is a repository with Homer's hook installed, where a.go and b.go
// always changed together; commit stages a change to a.go alone and runs a
// real `git commit` (and so the hook) with $HOMER set to homerBin.
type hookRepo struct {
	t   *testing.T
	r   *testrepo.Repo
	bin string
}

func newHookRepo(t *testing.T, files map[string]string) *hookRepo {
	t.Helper()
	r := testrepo.New(t)
	for i := range 3 {
		r.Write("a.go", fmt.Sprintf("package main\n\n// v%d\nfunc a() { b() }\n", i))
		r.Write("b.go", fmt.Sprintf("package main\n\n// v%d\nfunc b() {}\n", i))
		for name, content := range files {
			r.Write(name, content)
		}
		r.Commit(testrepo.Alice, testrepo.Day(i+1), fmt.Sprintf("together %d", i))
	}
	bin := filepath.Join(t.TempDir(), "homer")
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\nHOMER_TEST_AS_MAIN=1 exec "+os.Args[0]+" \"$@\"\n"), 0o755))
	mustHomer(t, 0, "hook", "install", "--repo", r.Dir())
	return &hookRepo{t: t, r: r, bin: bin}
}

func (h *hookRepo) commit(msg string, verify bool) (string, error) {
	h.r.Write("a.go", "package main\n\n// "+msg+"\nfunc a() { b() }\n")
	h.r.Git("add", "a.go")
	args := []string{"commit", "-q", "-m", msg}
	if !verify {
		args = append(args, "--no-verify")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = h.r.Dir()
	cmd.Env = append(gitEnv(), "HOMER="+h.bin,
		"GIT_AUTHOR_NAME=Carol", "GIT_AUTHOR_EMAIL=carol@example.com", "GIT_COMMITTER_NAME=Carol", "GIT_COMMITTER_EMAIL=carol@example.com")
	out, err := cmd.CombinedOutput()
	require.NoError(h.t, ctx.Err(), "the hook did not finish: a commit must never wait on Homer\n%s", out)
	return string(out), err
}

// committed reports whether HEAD's subject is msg.
func (h *hookRepo) committed(msg string) bool {
	return strings.TrimSpace(h.r.Git("log", "-1", "--format=%s")) == msg
}

// The hook never blocks a commit over Homer's own trouble, even with
// homer.blockAbove set so low that any judged file would block: it warns,
// and the commit goes ahead. Where Homer can still judge (a plugin crashed
// during the update), it still warns about the partner left out, and still
// blocks above the threshold.
func TestHookLetsCommitsThroughOnHomersTrouble(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}

	t.Run("no store yet", func(t *testing.T) {
		t.Parallel()
		h := newHookRepo(t, nil)
		h.r.Git("config", "homer.blockAbove", "-1")
		out, err := h.commit("no store", true)
		require.NoError(t, err, out)
		require.True(t, h.committed("no store"))
		require.Contains(t, out, "the commit is not checked: no store in")
		require.NoDirExists(t, filepath.Join(h.r.Dir(), ".homer"), "the hook builds no store inside a commit")
	})

	t.Run("store unreadable", func(t *testing.T) {
		t.Parallel()
		h := newHookRepo(t, nil)
		require.NoError(t, os.MkdirAll(filepath.Join(h.r.Dir(), ".homer"), 0o755))
		require.NoError(t, os.WriteFile(dbPath(h.r.Dir()), []byte("not a database, not at all, but long enough to be read as one"), 0o644))
		h.r.Git("config", "homer.blockAbove", "-1")
		out, err := h.commit("garbage store", true)
		require.NoError(t, err, out)
		require.True(t, h.committed("garbage store"))
		require.Contains(t, out, "the commit is not checked")
	})

	t.Run("store locked by another run", func(t *testing.T) {
		t.Parallel()
		h := newHookRepo(t, nil)
		mustHomer(t, 0, "init", h.r.Dir())
		// A commit the store has not seen: the hook would update first.
		out, err := h.commit("unseen", false)
		require.NoError(t, err, out)
		// Another homer run holds the writer lock for the whole commit.
		lock, err := os.OpenFile(dbPath(h.r.Dir())+"-lock", os.O_CREATE|os.O_RDWR, 0o644)
		require.NoError(t, err)
		defer lock.Close()
		require.NoError(t, syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB))
		out, err = h.commit("while locked", true)
		require.NoError(t, err, out)
		require.True(t, h.committed("while locked"))
		require.Contains(t, out, "another homer run is writing the store")
		require.Contains(t, out, "1 commits behind HEAD", "it says how far behind the store it judged on is")
		require.Contains(t, out, "b.go", "judged on the store as it is: the partner left out is named")

		// Over homer.blockAbove the store as it is still blocks: the
		// lock is Homer's trouble, a risky file is not.
		h.r.Git("config", "homer.blockAbove", "-1")
		out, err = h.commit("locked and risky", true)
		require.Error(t, err, out)
		require.Contains(t, out, "riskier than homer.blockAbove")
	})

	t.Run("plugin crashed during the update", func(t *testing.T) {
		t.Parallel()
		h := newHookRepo(t, map[string]string{"x.flaky": "def alpha\n"})
		// The plugin is this test binary too: it must not inherit the
		// hook's homer's HOMER_TEST_AS_MAIN.
		wrapper := filepath.Join(t.TempDir(), "homer-test-flaky")
		writeTestPluginScript(t, wrapper, "flaky", "unset HOMER_TEST_AS_MAIN\n")
		writeConfig(t, h.r.Dir(), fmt.Sprintf("plugin \"flaky\" {\n  path = %q\n}\n", wrapper))
		allowPlugins(t, wrapper)
		// The hook's homer is another process, whose home may not be
		// the one this process settled on first.
		allow := exec.Command(h.bin, "plugin", "allow", wrapper)
		allow.Env = gitEnv()
		allowed, err := allow.CombinedOutput()
		require.NoError(t, err, string(allowed))
		mustHomer(t, 0, "init", h.r.Dir())
		h.r.Write("x.flaky", "def alpha\n# CRASH\n")
		h.r.Git("add", "x.flaky")
		out, err := h.commit("the plugin will crash on this", false)
		require.NoError(t, err, out)

		out, err = h.commit("after the crash", true)
		require.NoError(t, err, out)
		require.True(t, h.committed("after the crash"))
		require.Contains(t, out, "its plugin failed", "the plugin crashed in the middle of a parse")
		require.NotContains(t, out, "handshake")
		require.Contains(t, out, "the update was partial")
		require.Contains(t, out, "b.go", "the partner left out is still named")

		h.r.Git("config", "homer.blockAbove", "-1")
		out, err = h.commit("crashed and risky", true)
		require.Error(t, err, out)
		require.Contains(t, out, "riskier than homer.blockAbove", "a crashed plugin does not switch the gate off")
	})

	t.Run("homer itself crashes", func(t *testing.T) {
		t.Parallel()
		h := newHookRepo(t, nil)
		mustHomer(t, 0, "init", h.r.Dir())
		h.r.Git("config", "homer.blockAbove", "-1")
		for code, script := range map[string]string{
			"killed":   "#!/bin/sh\nkill -SEGV $$\n",
			"panicked": "#!/bin/sh\necho 'panic: boom' >&2\nexit 2\n",
		} {
			require.NoError(t, os.WriteFile(h.bin, []byte(script), 0o755))
			out, err := h.commit(code, true)
			require.NoError(t, err, out)
			require.True(t, h.committed(code), code)
			require.Contains(t, out, "the commit goes ahead", code)
		}
	})
}
