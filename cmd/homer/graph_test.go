package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
)

// homer graph ranks the fixture's files by a stored metric: core/util.go,
// imported by both svc files, has the highest fan-in; --prefix keeps a
// directory's files; an unknown metric names the known ones.
func TestGraphTop(t *testing.T) {
	t.Parallel()
	dir := buildFixture(t).dir()
	mustHomer(t, 0, "init", dir)

	r := mustHomer(t, 0, "graph", "--repo", dir, "--metric", "fan_in", "--top", "3", "--format", "json")
	var rk query.GraphView
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rk))
	assert.Equal(t, query.Version, rk.Version)
	require.Len(t, rk.Top, 3)
	assert.Equal(t, "core/util.go", rk.Top[0].Name)
	assert.GreaterOrEqual(t, rk.Top[0].Value, 2.0, "svc/a.go and svc/b.go import it")
	for i := 1; i < len(rk.Top); i++ {
		assert.GreaterOrEqual(t, rk.Top[i-1].Value, rk.Top[i].Value)
	}
	assert.Greater(t, rk.Nodes, 3)

	r = mustHomer(t, 0, "graph", "--repo", dir, "--metric", "salience", "--prefix", "svc", "--format", "json")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rk))
	require.NotEmpty(t, rk.Top)
	for _, f := range rk.Top {
		assert.True(t, strings.HasPrefix(f.Name, "svc/"), f.Name)
	}

	r = mustHomer(t, 0, "graph", "--repo", dir, "--top", "1")
	assert.Contains(t, r.stdout, "by pagerank")
	assert.Equal(t, 2, strings.Count(r.stdout, "\n"), r.stdout)

	r = mustHomer(t, 1, "graph", "--repo", dir, "--metric", "loudness")
	assert.Contains(t, r.stderr, "pagerank")
}
