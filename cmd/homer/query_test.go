package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
)

// homer query answers for a file, a symbol (full name, qualified name or
// suffix) and a directory from the fixture's planted call structure:
// svc/a.go's A and svc/b.go's B call core/util.go's Helper and Format.
func TestQuery(t *testing.T) {
	t.Parallel()
	dir := buildFixture(t).dir()
	mustHomer(t, 0, "init", dir)

	r := mustHomer(t, 0, "query", "--repo", dir, "--format", "json", "core/util.go")
	var f query.File
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &f))
	assert.Equal(t, query.Version, f.Version)
	assert.True(t, f.Analysed)
	assert.Equal(t, "go", f.Language)
	assert.Subset(t, f.Importers, []string{"svc/a.go", "svc/b.go"})
	assert.Contains(t, f.Tests, "core/util_test.go")
	var defs []string
	for _, d := range f.Definitions {
		defs = append(defs, d.Name)
	}
	assert.Subset(t, defs, []string{"core.Helper", "core.Format"})
	callers := map[string]query.Link{}
	for _, l := range f.Callers {
		callers[l.Name] = l
	}
	require.Contains(t, callers, "svc/a.go#svc.A")
	assert.Equal(t, 1, callers["svc/a.go#svc.A"].Depth)
	assert.Equal(t, "import", callers["svc/a.go#svc.A"].Via)
	assert.InDelta(t, 0.95, callers["svc/a.go#svc.A"].Confidence, 1e-9)
	assert.Positive(t, f.History.Commits, "the figures carry their sample size")

	for _, name := range []string{"core/util.go#core.Helper", "core.Helper", "Helper"} {
		r = mustHomer(t, 0, "query", "--repo", dir, "--format", "json", name)
		var s query.Symbol
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &s), name)
		assert.Equal(t, "core/util.go#core.Helper", s.Name, name)
		var from []string
		for _, l := range s.Callers {
			from = append(from, l.Name)
		}
		assert.Subset(t, from, []string{"svc/a.go#svc.A", "svc/b.go#svc.B"}, name)
	}

	r = mustHomer(t, 0, "query", "--repo", dir, "--format", "json", "svc")
	var d query.Directory
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &d))
	assert.GreaterOrEqual(t, d.Files, 2)

	r = mustHomer(t, 0, "query", "--repo", dir, "core/util.go")
	assert.Contains(t, r.stdout, "called from")
	assert.Contains(t, r.stdout, "svc/a.go#svc.A  0.95 import")

	r = mustHomer(t, 1, "query", "--repo", dir, "NoSuchThing")
	assert.Contains(t, r.stderr, "no file, directory or symbol")
}
