package pipeline

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// everyTouch keeps every change, as fileTouches did before it kept only
// what historyOf can reach.
func everyTouch(rows []touch, msgs []string) map[string][]touch {
	out := map[string][]touch{}
	for i, t := range rows {
		t.subject, _, _ = strings.Cut(strings.TrimSpace(msgs[i]), "\n")
		out[t.path] = append(out[t.path], t)
	}
	return out
}

// collect keeps what fileTouches keeps of rows, each carrying its
// commit's message as the history rows do, and takes the kept ones'
// subjects.
func collect(paths []string, rows []touch, msgs []string) map[string][]touch {
	c := newTouchCollector(paths)
	for i, t := range rows {
		t.message = msgs[i]
		c.add(t)
	}
	out := c.touches()
	withSubjects(out)
	return out
}

func TestTouchCollectorKeepsARenamesSecond(t *testing.T) {
	// Newest first: in second 20, "commit b" changes old.go before "commit
	// c" renames old.go to new.go; historyOf keeps old.go's rows of that
	// second, so the collector must too, though old.go was not yet needed.
	rows := []touch{
		{commit: "a", time: 30, path: "new.go"},
		{commit: "b", time: 20, path: "old.go"},
		{commit: "c", time: 20, path: "new.go", oldPath: "old.go"},
		{commit: "d", time: 10, path: "old.go"},
		{commit: "e", time: 10, path: "other.go"},
	}
	msgs := []string{"a\n\nbody", "b", "  c  ", "d", "e"}
	got := collect([]string{"new.go"}, rows, msgs)
	require.Equal(t, historyOf(everyTouch(rows, msgs), "new.go", 100), historyOf(got, "new.go", 100))
	require.Equal(t, []string{"a", "c", "b", "d"}, commitsOf(historyOf(got, "new.go", 100)))
	require.NotContains(t, got, "other.go")
	require.Equal(t, "a", got["new.go"][0].subject)
}

func commitsOf(ts []touch) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.commit
	}
	return out
}

// TestTouchCollectorSameHistories checks on random histories, with renames
// and commits sharing a second, that every HEAD path's history from the
// collected changes is the one from all changes.
func TestTouchCollectorSameHistories(t *testing.T) {
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 1))
		names := []string{"a", "b", "c", "d", "e", "f"}
		var rows []touch
		var msgs []string
		for i := range 40 {
			commit := fmt.Sprintf("c%02d", i)
			tm := int64(rng.IntN(12)) // many commits share a second
			for range 1 + rng.IntN(3) {
				tc := touch{commit: commit, time: tm, path: names[rng.IntN(len(names))]}
				if rng.IntN(4) == 0 {
					tc.oldPath = names[rng.IntN(len(names))]
				}
				rows = append(rows, tc)
				msgs = append(msgs, "subject "+commit+"\nbody")
			}
		}
		order := make([]int, len(rows))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(x, y int) bool {
			a, b := rows[order[x]], rows[order[y]]
			if a.time != b.time {
				return a.time > b.time
			}
			return a.commit < b.commit
		})
		sorted, sortedMsgs := make([]touch, len(rows)), make([]string, len(rows))
		for i, k := range order {
			sorted[i], sortedMsgs[i] = rows[k], msgs[k]
		}
		head := names[:1+rng.IntN(3)]
		all := everyTouch(sorted, sortedMsgs)
		got := collect(head, sorted, sortedMsgs)
		for _, p := range head {
			for _, limit := range []int{3, 1000} {
				require.Equal(t, historyOf(all, p, limit), historyOf(got, p, limit), "seed %d, path %s, limit %d", seed, p, limit)
			}
		}
	}
}
