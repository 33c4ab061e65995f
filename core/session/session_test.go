package session

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/pipeline"
	"github.com/homer-dev/homer/core/repo"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/internal/testrepo"
)

// oneCommit is a repository with one commit.
func oneCommit(t *testing.T) *testrepo.Repo {
	t.Helper()
	r := testrepo.New(t)
	r.Write("main.go", "package main\n")
	r.Commit(testrepo.Alice, testrepo.Day(1), "first")
	return r
}

// open opens a session without plugins, as status and the tests of the
// store do, and closes it when the test ends.
func open(t *testing.T, o Options) (*Session, error) {
	t.Helper()
	o.NoPlugins = true
	s, err := Open(t.Context(), o)
	if s != nil {
		t.Cleanup(func() { s.Close() })
	}
	return s, err
}

// Every way opening can fail maps to its documented exit code, and the
// message says what was wrong where.
func TestOpenMapsFailuresToExitCodes(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		// setup prepares a repository (or not) and returns the path to
		// open.
		setup func(t *testing.T) string
		code  int
		says  string
		is    error
	}{
		"not a repository": {setup: func(t *testing.T) string { return t.TempDir() }, code: ExitNotRepo, says: "not a git repository", is: repo.ErrNotRepository},
		"a path that does not exist": {setup: func(t *testing.T) string {
			return filepath.Join(t.TempDir(), "missing")
		}, code: ExitError, says: "no such file or directory", is: os.ErrNotExist},
		"invalid configuration": {setup: func(t *testing.T) string {
			r := oneCommit(t)
			r.Write("homer.hcl", "homer {\n  depth = 7\n  nonsense = true\n}\n")
			return r.Dir()
		}, code: ExitConfig, says: "invalid configuration"},
		"a store from a newer Homer": {setup: func(t *testing.T) string {
			r := oneCommit(t)
			st, err := store.Open(t.Context(), filepath.Join(r.Dir(), ".homer", "homer.db"))
			require.NoError(t, err)
			require.NoError(t, st.Write(t.Context(), func(tx *store.Tx) error { return tx.ExecRaw("PRAGMA user_version = 99") }))
			require.NoError(t, st.Close())
			return r.Dir()
		}, code: ExitDatabase, says: "newer than this Homer understands"},
		"a database that is not Homer's": {setup: func(t *testing.T) string {
			r := oneCommit(t)
			foreign := filepath.Join(t.TempDir(), "foreign.db")
			db, err := sql.Open("sqlite3", foreign)
			require.NoError(t, err)
			_, err = db.Exec("CREATE TABLE accounts (id INTEGER)")
			require.NoError(t, err)
			require.NoError(t, db.Close())
			r.Write("homer.hcl", "homer {\n  db = \""+foreign+"\"\n}\n")
			return r.Dir()
		}, code: ExitDatabase, says: "is not a Homer database"},
		"a store that cannot be written": {setup: func(t *testing.T) string {
			r := oneCommit(t)
			r.Write(".homer", "a file in the way\n")
			return r.Dir()
		}, code: ExitDatabase, says: "the store cannot be written", is: store.ErrNotWritable},
		"a .homer link that leads outside": {setup: func(t *testing.T) string {
			r := oneCommit(t)
			require.NoError(t, os.Symlink(t.TempDir(), r.Path(".homer")))
			return r.Dir()
		}, code: ExitDatabase, says: "outside"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := c.setup(t)
			s, err := open(t, Options{Path: path})
			require.Nil(t, s)
			var se *Error
			require.ErrorAs(t, err, &se)
			require.Equal(t, c.code, se.Code, "%v", err)
			require.Equal(t, c.code, CodeOf(err))
			require.ErrorContains(t, err, c.says)
			if c.is != nil {
				require.ErrorIs(t, err, c.is)
			}
			if c.code == ExitConfig {
				require.True(t, se.Diags.HasErrors())
				require.NotEmpty(t, se.Files, "the files, to show the offending lines")
			}
		})
	}
}

func TestOpenWithoutCreating(t *testing.T) {
	t.Parallel()
	r := oneCommit(t)
	s, err := open(t, Options{Path: r.Dir(), NoCreate: true})
	require.NoError(t, err)
	require.Nil(t, s.Store, "no store yet, and none made")
	require.NoDirExists(t, r.Path(".homer"))
	require.Equal(t, r.Dir(), s.Repo.Root)
	require.NoError(t, s.Close())
}

func TestOpenCreatesTheStoreAndIgnoresIt(t *testing.T) {
	t.Parallel()
	r := oneCommit(t)
	s, err := open(t, Options{Path: r.Path("."), NoPlugins: true})
	require.NoError(t, err)
	require.NotNil(t, s.Store)
	require.Equal(t, r.Path(".homer/homer.db"), s.Store.Path())
	ignore, err := os.ReadFile(r.Path(".homer/.gitignore"))
	require.NoError(t, err)
	require.Contains(t, string(ignore), "homer.db\n")
	require.Empty(t, r.Git("status", "--porcelain", "--untracked-files=all"), "git sees nothing new")
}

// A second writer waits for the first, says so after a second, and gets
// the store once the first is done; cancelled while it waits, it gives up.
func TestWritersWaitForEachOther(t *testing.T) {
	t.Parallel()
	r := oneCommit(t)
	first, err := open(t, Options{Path: r.Dir()})
	require.NoError(t, err)

	var stderr syncBuffer
	ctx, cancel := context.WithTimeout(t.Context(), 1300*time.Millisecond)
	defer cancel()
	_, err = Open(ctx, Options{Path: r.Dir(), NoPlugins: true, Stderr: &stderr})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Equal(t, ExitDatabase, CodeOf(err))
	require.Contains(t, stderr.String(), "waiting for another homer run on "+r.Path(".homer/homer.db"))

	got := make(chan error, 1)
	go func() {
		s, err := Open(t.Context(), Options{Path: r.Dir(), NoPlugins: true})
		if err == nil {
			err = s.Close()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("the second writer did not wait: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	require.NoError(t, first.Close())
	select {
	case err := <-got:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the second writer still waits after the first closed")
	}

	// A reader (status) takes no lock.
	again, err := open(t, Options{Path: r.Dir()})
	require.NoError(t, err)
	reader, err := open(t, Options{Path: r.Dir(), NoCreate: true})
	require.NoError(t, err)
	require.NotNil(t, reader.Store)
	require.NoError(t, reader.Close())
	require.NoError(t, again.Close())
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestCodeOf(t *testing.T) {
	t.Parallel()
	require.Equal(t, ExitOK, CodeOf(nil))
	require.Equal(t, ExitError, CodeOf(errors.New("anything")))
	wrapped := errors.Join(errors.New("context"), &Error{Code: ExitRender, Err: errors.New("render")})
	require.Equal(t, ExitRender, CodeOf(wrapped))
}

// A finished run's exit code: the worst of what happened, as documented.
func TestExitFor(t *testing.T) {
	t.Parallel()
	failed := func(stage string) engine.Outcome {
		return engine.Outcome{Stage: stage, Status: engine.Failed, Err: errors.New("broke")}
	}
	ran := func(stage string) engine.Outcome { return engine.Outcome{Stage: stage, Status: engine.Ran} }
	for name, c := range map[string]struct {
		res  pipeline.Result
		want int
	}{
		"everything ran":  {pipeline.Result{Outcomes: []engine.Outcome{ran("source.git"), ran("model")}}, ExitOK},
		"nothing changed": {pipeline.Result{Outcomes: []engine.Outcome{{Stage: "model", Status: engine.Unchanged}}}, ExitOK},
		"the history could not be read": {pipeline.Result{Outcomes: []engine.Outcome{failed("source.git"),
			{Stage: "model", Status: engine.Blocked, Err: errors.New("not run")}}}, ExitError},
		"the snapshot could not be read": {pipeline.Result{Outcomes: []engine.Outcome{failed("source.structure")}}, ExitError},
		"no artifact written":            {pipeline.Result{Outcomes: []engine.Outcome{ran("model"), failed("render.agents-md")}}, ExitRender},
		"one artifact of two written": {pipeline.Result{Outcomes: []engine.Outcome{failed("render.agents-md"), ran("render.risk-map")},
			Written: []string{"homer-risk.json"}}, ExitPartial},
		"a parse failed":  {pipeline.Result{Outcomes: []engine.Outcome{failed("parse.go"), ran("model")}}, ExitPartial},
		"a partial input": {pipeline.Result{Outcomes: []engine.Outcome{{Stage: "resolve", Status: engine.Ran, Partial: true}}}, ExitPartial},
		"a warning":       {pipeline.Result{Outcomes: []engine.Outcome{ran("model")}, Warnings: []string{"a file could not be read"}}, ExitPartial},
		"interrupted":     {pipeline.Result{Outcomes: []engine.Outcome{failed("parse.go"), {Stage: "model", Status: engine.Cancelled}}}, ExitInterrupted},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, c.want, ExitFor(&c.res))
		})
	}
}
