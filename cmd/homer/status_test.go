package main

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// statusOf runs homer status --json.
func statusOf(t *testing.T, dir string) status {
	t.Helper()
	r := mustHomer(t, 0, "status", "--json", dir)
	var st status
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &st), r.stdout)
	return st
}

// After the pre-commit pipeline reads a new commit, the history is at HEAD
// but the graph, the model and the artifacts are not: status says which
// stages are behind, and that update brings them up.
func TestStatusAfterPartialRun(t *testing.T) {
	t.Parallel()
	f := smallRepo(t, nil)
	dir := f.dir()
	mustHomer(t, 0, "init", dir)
	st := statusOf(t, dir)
	require.True(t, st.UpToDate, "%+v", st)
	require.Equal(t, "up to date", st.State)
	require.Empty(t, st.Stale)

	f.appendLine("core/util.go", "func Added() string { return Helper() }")
	f.commit(bob, "added")
	st = statusOf(t, dir)
	require.False(t, st.UpToDate)
	require.Contains(t, st.State, "behind HEAD")

	mustHomer(t, 0, "run", "pre-commit", dir)
	st = statusOf(t, dir)
	require.Equal(t, st.Head, st.Analysed, "the history is at HEAD")
	require.False(t, st.UpToDate, "%+v", st)
	require.Contains(t, st.State, "run homer update")
	for _, stage := range []string{"parse.go", "resolve", "analyze.centrality", "analyze.salience", "model", "render.agents-md", "render.risk-map"} {
		require.Contains(t, st.Stale, stage)
	}
	for _, stage := range []string{"source.git", "analyze.behavioral", "analyze.co-change"} {
		require.NotContains(t, st.Stale, stage, "the pipeline brought it up to date")
	}
	for _, stage := range []string{"parse.rust", "parse.c", "parse.java"} {
		require.NotContains(t, st.Stale, stage, "no file of that language: nothing to be behind on")
	}
	r := mustHomer(t, 0, "status", dir)
	require.Contains(t, r.stdout, "some stages are behind HEAD: run homer update")
	require.Contains(t, r.stdout, "render.agents-md")
	require.NotContains(t, r.stdout, "(up to date)")

	// The same pipeline again leaves them behind still, and so does a
	// render into another directory: the repository's artifacts are
	// those of the old commit.
	mustHomer(t, 0, "run", "pre-commit", dir)
	require.False(t, statusOf(t, dir).UpToDate)
	elsewhere := t.TempDir()
	mustHomer(t, 0, "render", "--output-dir", elsewhere, dir)
	st = statusOf(t, dir)
	// The doc-freshness analysis is no part of the hook's pipeline, and no
	// render reads it: it stays behind too. The conventions the model
	// reads were brought up to date by the render.
	require.Equal(t, []string{"analyze.doc-freshness", "render.agents-md", "render.risk-map"}, st.Stale)

	mustHomer(t, 0, "update", dir)
	st = statusOf(t, dir)
	require.True(t, st.UpToDate, "%+v", st)
	require.Empty(t, st.Stale)
	require.Empty(t, st.Incomplete)
	r = mustHomer(t, 0, "status", dir)
	require.Contains(t, r.stdout, "(up to date)")
	require.NotContains(t, r.stdout, "stale")
}

// A run that could not do everything (a plugin crashed) is not reported
// up to date: the stage that failed is behind, and those built on it are
// incomplete.
func TestStatusAfterFailedStage(t *testing.T) {
	t.Parallel()
	f := smallRepo(t, map[string]string{"x.crash": "anything\n"})
	wrapper := testPluginWrapper(t, "crash")
	writeConfig(t, f.dir(), fmt.Sprintf("plugin \"crash\" {\n  path = %q\n}\n", wrapper))
	allowPlugins(t, wrapper)
	mustHomer(t, 10, "init", f.dir())
	st := statusOf(t, f.dir())
	require.False(t, st.UpToDate, "%+v", st)
	require.Contains(t, st.Stale, "parse.crashlang")
	require.Contains(t, st.Incomplete, "resolve")
	require.Contains(t, st.State, "run homer update")
}
