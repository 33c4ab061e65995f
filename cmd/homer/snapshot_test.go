package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
	graphs "github.com/homer-dev/homer/core/snapshot"
	"github.com/homer-dev/homer/internal/testrepo"
)

func goFile(pkg string, imports []string, body string) string {
	var b strings.Builder
	b.WriteString("package " + pkg + "\n\n")
	for _, i := range imports {
		b.WriteString("import \"example.com/grow/" + i + "\"\n")
	}
	return b.String() + "\n" + body + "\n"
}

// growFixture plants a history of three tags in which core/core.go, never
// edited after its first commit, gains importers at each tag while
// util/util.go loses them: at v1 util has three importers and core one;
// at v2 b and c import core and x moves from util to core; at v3 d and e
// import core and y is deleted.
func growFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.set("go.mod", "module example.com/grow\n\ngo 1.22\n")
	f.set("core/core.go", goFile("core", nil, "func Core() int { return 1 }"))
	f.set("util/util.go", goFile("util", nil, "func U() int { return 2 }"))
	f.set("a/a.go", goFile("a", []string{"core", "util"}, "func A() int { return core.Core() + util.U() }"))
	f.set("x/x.go", goFile("x", []string{"util"}, "func X() int { return util.U() }"))
	f.set("y/y.go", goFile("y", []string{"util"}, "func Y() int { return util.U() }"))
	f.commit(testrepo.Alice, "first")
	f.r.Tag("v1")
	f.set("b/b.go", goFile("b", []string{"core"}, "func B() int { return core.Core() }"))
	f.set("c/c.go", goFile("c", []string{"core"}, "func C() int { return core.Core() }"))
	f.set("x/x.go", goFile("x", []string{"core"}, "func X() int { return core.Core() }"))
	f.commit(testrepo.Bob, "b and c")
	f.r.Tag("v2")
	f.set("d/d.go", goFile("d", []string{"core"}, "func D() int { return core.Core() }"))
	f.set("e/e.go", goFile("e", []string{"core"}, "func E() int { return core.Core() }"))
	f.remove("y/y.go")
	f.commit(testrepo.Alice, "d and e; y goes")
	f.r.Tag("v3")
	return f
}

func TestSnapshotTrend(t *testing.T) {
	t.Parallel()
	dir := growFixture(t).dir()
	mustHomer(t, 0, "init", "-q", dir)
	r := mustHomer(t, 0, "snapshot", "create", "--repo", dir)
	assert.Contains(t, r.stdout, "v1")
	assert.Contains(t, r.stdout, "v3")

	var list []graphs.Summary
	require.NoError(t, json.Unmarshal([]byte(mustHomer(t, 0, "snapshot", "list", "--repo", dir, "--format", "json").stdout), &list))
	require.Len(t, list, 3)
	assert.Equal(t, []string{"v1", "v2", "v3"}, []string{list[0].Ref, list[1].Ref, list[2].Ref})
	assert.Equal(t, 5, list[0].Files, "go files at v1")
	assert.Equal(t, 8, list[2].Files, "go files at v3")

	db := openDB(t, dir)
	core, err := query.New(db).Through(context.Background(), "core/core.go")
	require.NoError(t, err)
	require.NotNil(t, core)
	require.Len(t, core.Points, 3)
	assert.Equal(t, core.Points[0].Blob, core.Points[2].Blob, "core.go is never edited")
	assert.Less(t, core.Points[0].PageRank, 1.0)
	assert.Equal(t, 1.0, core.Points[2].PageRank)
	assert.Equal(t, graphs.Rising, core.Trend)
	assert.Equal(t, graphs.StableCore, core.Class, core.Why)

	util, err := query.New(db).Through(context.Background(), "util/util.go")
	require.NoError(t, err)
	assert.Equal(t, graphs.Falling, util.Trend)
	assert.Equal(t, graphs.Declining, util.Class)

	r = mustHomer(t, 0, "snapshot", "trend", "--repo", dir, "core/core.go")
	assert.Contains(t, r.stdout, "core/core.go: rising")
	assert.Contains(t, r.stdout, "stable core")
	assert.Equal(t, 0, strings.Count(r.stdout, ")  edited"), r.stdout)
	assert.Equal(t, 1, strings.Count(mustHomer(t, 0, "snapshot", "trend", "--repo", dir, "x/x.go").stdout, ")  edited"), "x.go changed at v2")
	r = mustHomer(t, 1, "snapshot", "trend", "--repo", dir, "no/such.go")
	assert.Contains(t, r.stderr, "no/such.go is in no stored snapshot")

	// A second create finds every snapshot current.
	r = mustHomer(t, 0, "snapshot", "create", "--repo", dir)
	assert.Equal(t, 3, strings.Count(r.stdout, "unchanged"), r.stdout)

	mustHomer(t, 0, "snapshot", "delete", "--repo", dir, "v2")
	require.NoError(t, json.Unmarshal([]byte(mustHomer(t, 0, "snapshot", "list", "--repo", dir, "--format", "json").stdout), &list))
	assert.Len(t, list, 2)
	r = mustHomer(t, 1, "snapshot", "delete", "--repo", dir, "v2")
	assert.Contains(t, r.stderr, "no snapshot of v2")
}

func TestDiff(t *testing.T) {
	t.Parallel()
	dir := growFixture(t).dir()
	mustHomer(t, 0, "init", "-q", dir)
	r := mustHomer(t, 0, "diff", "--repo", dir, "--format", "json", "v1", "v3")
	var d graphs.Diff
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &d))
	assert.Equal(t, "v1", d.From.Ref)
	assert.Equal(t, []string{"b/b.go", "c/c.go", "d/d.go", "e/e.go"}, d.AddedFiles)
	assert.Equal(t, []string{"y/y.go"}, d.RemovedFiles)
	assert.Contains(t, d.AddedEdges, graphs.EdgeChange{Kind: "import", From: "b/b.go", To: "core/core.go", Weight: 1, CrossModule: true})
	assert.Contains(t, d.AddedEdges, graphs.EdgeChange{Kind: "call", From: "x/x.go", To: "core/core.go", Weight: 1, CrossModule: true})
	assert.Contains(t, d.RemovedEdges, graphs.EdgeChange{Kind: "import", From: "x/x.go", To: "util/util.go", Weight: 1, CrossModule: true})
	assert.Contains(t, d.RemovedEdges, graphs.EdgeChange{Kind: "call", From: "y/y.go", To: "util/util.go", Weight: 1, CrossModule: true})
	for _, e := range d.AddedEdges {
		assert.NotEqual(t, "a/a.go", e.From, "a's links did not change: %v", e)
	}
	shifted := map[string]graphs.Shift{}
	for _, s := range d.Shifts {
		shifted[s.Path] = s
	}
	require.Contains(t, shifted, "core/core.go")
	assert.Greater(t, shifted["core/core.go"].PageRankTo, shifted["core/core.go"].PageRankFrom)
	require.Contains(t, shifted, "util/util.go")
	assert.Less(t, shifted["util/util.go"].PageRankTo, shifted["util/util.go"].PageRankFrom)

	md := mustHomer(t, 0, "diff", "--repo", dir, "--format", "markdown", "v1", "v3").stdout
	assert.Contains(t, md, "## Code files added (4)")
	assert.Contains(t, md, "- import `b/b.go` → `core/core.go` ×1 [cross-module]")
	text := mustHomer(t, 0, "diff", "--repo", dir, "v1", "v3").stdout
	assert.Contains(t, text, "Code files removed (1)\n  y/y.go\n")

	r = mustHomer(t, 1, "diff", "--repo", dir, "v1", "no-such-ref")
	assert.Contains(t, r.stderr, "no-such-ref")
}
