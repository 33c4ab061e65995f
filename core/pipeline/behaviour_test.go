package pipeline

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/analyze/behavior"
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
	require.Equal(t, 0.5, storedBehaviour(behavior.File{Percentile: 0.4971}, now1).Percentile)
}
