package pipeline

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/homer-dev/homer/core/analyze/risk"
)

// fixTimesByMaps is the count of past fixes as first written: every row
// looked up by its commit in maps of fix commits and their sizes.
func fixTimesByMaps(hist []historyRow, head map[string]bool) (map[string][]int64, map[string][]string) {
	fix := map[string]bool{}
	last := ""
	for _, h := range hist {
		if h.commit != last {
			last = h.commit
			if h.parents <= 1 && risk.IsFix(h.message) {
				fix[h.commit] = true
			}
		}
	}
	size := map[string]int{}
	for _, h := range hist {
		if fix[h.commit] {
			size[h.commit]++
		}
	}
	times := map[string][]int64{}
	commits := map[string][]string{}
	for _, h := range hist {
		if fix[h.commit] && size[h.commit] <= risk.MaxFixFiles && head[h.path] {
			times[h.path] = append(times[h.path], h.time)
			commits[h.path] = append(commits[h.path], h.commit)
		}
	}
	return times, commits
}

// TestFixTimesAsByMaps: fixes, merges that name a fix, a fix of more than
// risk.MaxFixFiles files, commits of one time, paths not at HEAD: the
// fixes counted a commit at a time are those the maps counted.
func TestFixTimesAsByMaps(t *testing.T) {
	messages := []string{"fix the parser", "Add a flag", "docs: fix typo", "\n\nFix crash on empty input\n\nbody", "bug 12: retry"}
	for seed := range uint64(10) {
		rng := rand.New(rand.NewPCG(seed, 3))
		head := map[string]bool{}
		for i := range 40 {
			if i%4 != 0 {
				head[fmt.Sprintf("f%02d.go", i)] = true
			}
		}
		var hist []historyRow
		for c := range 200 {
			hc := &historyCommit{commit: fmt.Sprintf("%040x", c), time: int64(1_700_000_000 + rng.IntN(50)*3600),
				message: messages[rng.IntN(len(messages))], parents: 1 + rng.IntN(5)/4}
			n := 1 + rng.IntN(4)
			if c%37 == 0 {
				n = risk.MaxFixFiles + 1 + rng.IntN(3)
			}
			for k := range n {
				hist = append(hist, historyRow{historyCommit: hc, path: fmt.Sprintf("f%02d.go", (c+k*7)%40)})
			}
		}
		sort.SliceStable(hist, func(i, j int) bool { // as loadHistory sorts them
			if hist[i].time != hist[j].time {
				return hist[i].time < hist[j].time
			}
			return hist[i].commit < hist[j].commit
		})
		want, wantCommits := fixTimesByMaps(hist, head)
		assert.NotEmpty(t, want)
		got, gotCommits := fixTimes(hist, head)
		assert.Equal(t, want, got, "seed %d", seed)
		assert.Equal(t, wantCommits, gotCommits, "seed %d", seed)
	}
}
