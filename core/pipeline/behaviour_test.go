package pipeline

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/analyze/behavior"
	"github.com/homer-dev/homer/core/store"
)

// A file's stored behaviour does not move with HEAD's time while no
// commit crosses a window's edge, and the weighted count read back from it
// at any later time is the one computed at that time.
func TestStoredBehaviourIsStableAsHeadMoves(t *testing.T) {
	const day = behavior.Day
	start := int64(1_600_000_000)
	var changes []behavior.Change
	for i, age := range []int64{900, 700, 500, 420, 401} {
		changes = append(changes, behavior.Change{Commit: string(rune('a' + i)), Time: start + (1000-age)*day, Author: "ann", Path: "old.go", Added: 1})
	}
	changes = append(changes, behavior.Change{Commit: "z", Time: start + 999*day, Author: "bob", Path: "new.go", Added: 1})
	now1 := start + 1000*day
	now2 := now1 + 3*day // three days later: old.go's windows hold the same commits

	at := func(now int64) map[string]behavior.File {
		out := map[string]behavior.File{}
		for _, f := range behavior.Analyze(changes, now) {
			out[f.Path] = f
		}
		return out
	}
	first, second := at(now1), at(now2)
	require.NotEqual(t, first["old.go"].Weighted, second["old.go"].Weighted, "the weighted count decays as HEAD moves")
	require.Equal(t, mustJSON(storedBehaviour(first["old.go"], now1)), mustJSON(storedBehaviour(second["old.go"], now2)),
		"the stored row is the same")
	for _, p := range []string{"old.go", "new.go"} {
		s := storedBehaviour(first[p], now1)
		require.InDelta(t, second[p].Weighted, weightedAt(s, now2), 1e-3, p)
		require.InDelta(t, first[p].Weighted, weightedAt(s, now1), 1e-3, p)
	}
}

// Stored rows stay the same when HEAD moves across the windows' edges and
// when another file gains changes; read back (behavioursAt) they give the
// windowed figures and the change percentile (to two decimals) that an
// analysis at the later time gives.
func TestStoredBehaviourReadBackAtALaterHead(t *testing.T) {
	const day = behavior.Day
	start := int64(1_600_000_000)
	var changes []behavior.Change
	add := func(path string, age int64, lines int) {
		changes = append(changes, behavior.Change{Commit: fmt.Sprint(path, age), Time: start + (1000-age)*day, Author: "ann", Path: path, Added: lines})
	}
	for _, age := range []int64{900, 300, 80, 20, 5} {
		add("a.go", age, int(age%7))
	}
	for _, age := range []int64{400, 100, 25} {
		add("b.go", age, 2)
	}
	add("c.go", 600, 1)
	now1 := start + 1000*day
	stored := func(now int64) map[string]behavior.File {
		out := map[string]behavior.File{}
		for _, f := range behavior.Analyze(changes, now) {
			out[f.Path] = storedBehaviour(f, now)
		}
		return out
	}
	first := stored(now1)
	add("c.go", -200, 4) // c.go changes again, 200 days after now1
	now2 := now1 + 200*day
	second := stored(now2)
	for _, p := range []string{"a.go", "b.go"} {
		require.Equal(t, mustJSON(first[p]), mustJSON(second[p]), "%s: no change of its own, the same row", p)
	}
	require.NotEqual(t, mustJSON(first["c.go"]), mustJSON(second["c.go"]))
	got := behavioursAt(second, now2)
	for _, want := range behavior.Analyze(changes, now2) {
		g := got[want.Path]
		require.Equal(t, [8]any{want.Changes30, want.Changes90, want.Changes365, want.NetGrowth30, want.NetGrowth90, want.Monthly, want.Slope, want.Trend},
			[8]any{g.Changes30, g.Changes90, g.Changes365, g.NetGrowth30, g.NetGrowth90, g.Monthly, g.Slope, g.Trend}, want.Path)
		require.Equal(t, math.Round(want.Percentile*100)/100, g.Percentile, want.Path)
	}
	require.Equal(t, 2, got["b.go"].Changes365)
	require.Equal(t, 1.0, got["a.go"].Percentile)
}

// Every behaviour row the stage writes, and every field behavior.File
// has, is one the store keeps by its fields (store.PackBehaviour): a
// field added to behavior.File fails this until the store learns it
// (its rows would be stored as JSON, larger, until then).
func TestStoredBehaviourPacksByFields(t *testing.T) {
	const day = behavior.Day
	start := int64(1_600_000_000)
	var changes []behavior.Change
	for i := range 40 {
		changes = append(changes, behavior.Change{Commit: fmt.Sprint("c", i), Time: start + int64(i%20)*day/3 + int64(i/20)*400*day,
			Author: []string{"ann@example.com", "Bob <b>", "ché"}[i%3], Path: []string{"a.go", "dir/b.go"}[i%2], Added: i % 7, Deleted: i % 3})
	}
	now := start + 500*day
	full := behavior.File{Path: "a.go", Changes: 3, Changes30: 1, Changes90: 2, Changes365: 3, Percentile: 0.5,
		Authors: []behavior.AuthorChanges{{Author: "ann", Changes: 3}}, BusFactor: 1, FirstChanged: 5, LastChanged: 9, Added: 4, Deleted: 1,
		NetGrowth30: -1, NetGrowth90: 2, Monthly: []int{1, 0, 2}, Slope: -0.25, Trend: behavior.Decelerating, Weighted: 1.5,
		Burst: &behavior.Burst{Changes: 2, Start: 6, End: 9}, Recent: []behavior.Recent{{6, 1}, {9, -2}}}
	rows := []behavior.File{full}
	for _, f := range behavior.Analyze(changes, now) {
		rows = append(rows, f, storedBehaviour(f, now))
	}
	for _, f := range rows {
		data := mustJSON(f)
		packed, ok := store.PackBehaviour([]byte(data), f.Path)
		require.True(t, ok, data)
		back, err := store.UnpackResult(packed, f.Path)
		require.NoError(t, err)
		require.Equal(t, data, string(back))
	}
}

// Salience weighs a bus factor only on enough changes, and never in a
// repository one person wrote: otherwise a new file of one author is a
// "critical silo" on a handful of commits.
func TestEvidencedBusFactor(t *testing.T) {
	t.Parallel()
	few := behavior.File{Changes: 7, BusFactor: 1}
	enough := behavior.File{Changes: 12, BusFactor: 1}
	require.Zero(t, evidencedBusFactor(few, false, 10), "one author on 7 changes is not yet a silo")
	require.Equal(t, 1, evidencedBusFactor(enough, false, 10))
	require.Equal(t, 1, evidencedBusFactor(few, false, 5), "the threshold is the configured one")
	require.Zero(t, evidencedBusFactor(enough, true, 10), "a one-author repository has no silos to point at")
}
