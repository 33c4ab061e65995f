package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The picker's trees hold exactly the candidates' weights after a whole
// history (creations, group files, deletions), and its draws follow them.
func TestPickerMatchesCandidates(t *testing.T) {
	g := newGen(config{Files: 400, Commits: 4000, Seed: 3})
	g.run() // replay: nothing is written
	g.pickSync()
	require.NotEmpty(t, g.deletions, "the history should delete files, or deletion is untested")

	for tr := 0; tr < g.pickTrees(); tr++ {
		var want float64
		for _, f := range g.files {
			if isCandidate(f) && (tr == 0 || g.authors[tr-1].likes(f)) {
				want += fileWeight(f)
			}
		}
		var got float64
		for i := len(g.pick.tree[tr]) - 1; i > 0; i -= i & -i {
			got += g.pick.tree[tr][i]
		}
		assert.InDelta(t, want, got, 1e-6, "tree %d", tr)
	}

	// Exclude the first half of the candidates; draw many times.
	excl := map[*file]bool{}
	var cands []*file
	for _, f := range g.files {
		if isCandidate(f) {
			cands = append(cands, f)
		}
	}
	for _, f := range cands[:len(cands)/2] {
		excl[f] = true
	}
	byClass := map[float64]int{}
	want := map[float64]float64{}
	var tot float64
	for _, f := range cands[len(cands)/2:] {
		want[fileWeight(f)] += fileWeight(f)
		tot += fileWeight(f)
	}
	const n = 40000
	for i := 0; i < n; i++ {
		f := g.pickFrom(0, excl)
		require.NotNil(t, f)
		require.True(t, isCandidate(f), "%s is not a candidate", f.path)
		require.False(t, excl[f], "%s is excluded", f.path)
		byClass[fileWeight(f)]++
	}
	for w, mass := range want {
		assert.InDelta(t, mass/tot, float64(byClass[w])/n, 0.02, "share of files of weight %v", w)
	}

	// An author's tree draws only from the author's area.
	for i := 0; i < 2000; i++ {
		f := g.pickFrom(2, nil)
		require.NotNil(t, f)
		require.True(t, g.authors[1].likes(f) && isCandidate(f), "%s is outside %s's area", f.path, g.authors[1].key)
	}
}
