package cochange

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// internBySets is intern as it was written first, with a set of each
// commit's paths: the reference the numbering by last commit met must
// agree with.
func internBySets(in Input, maxFiles int) (h history, skipped int) {
	var keep map[string]bool
	if in.Paths != nil {
		keep = make(map[string]bool, len(in.Paths))
		for _, p := range in.Paths {
			keep[p] = true
		}
	}
	tmp := map[string]int32{}
	var tmpNames []string
	seen := map[string]struct{}{}
	var commits [][]int32
	for ci, paths := range in.Commits {
		clear(seen)
		for _, p := range paths {
			seen[p] = struct{}{}
		}
		if len(seen) > maxFiles {
			skipped++
			continue
		}
		ids := make([]int32, 0, len(seen))
		for p := range seen {
			if keep != nil && !keep[p] {
				continue
			}
			id, ok := tmp[p]
			if !ok {
				id = int32(len(tmpNames))
				tmp[p] = id
				tmpNames = append(tmpNames, p)
			}
			ids = append(ids, id)
		}
		commits = append(commits, ids)
		kind := Ordinary
		if in.Authors != nil || in.Messages != nil || in.Lines != nil {
			var author, msg string
			var lines []int
			if in.Authors != nil {
				author = in.Authors[ci]
			}
			if in.Messages != nil {
				msg = in.Messages[ci]
			}
			if in.Lines != nil {
				lines = in.Lines[ci]
			}
			kind = Classify(paths, lines, author, msg)
		}
		h.kinds = append(h.kinds, kind)
		if in.Times != nil {
			h.times = append(h.times, in.Times[ci])
		}
	}
	// Renumber in path order so that id order is path order.
	order := make([]int32, len(tmpNames))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(tmpNames[a], tmpNames[b]) })
	remap := make([]int32, len(order))
	h.names = make([]string, len(order))
	for newID, old := range order {
		remap[old] = int32(newID)
		h.names[newID] = tmpNames[old]
	}
	// byFile rows are carved out of one backing array sized by a first pass.
	revs := make([]int, len(h.names))
	total := 0
	for _, ids := range commits {
		for i, id := range ids {
			ids[i] = remap[id]
			revs[ids[i]]++
		}
		slices.Sort(ids)
		total += len(ids)
	}
	backing := make([]int32, 0, total)
	h.byFile = make([][]int32, len(h.names))
	for id, r := range revs {
		h.byFile[id] = backing[len(backing) : len(backing) : len(backing)+r]
		backing = backing[:len(backing)+r]
	}
	for c, ids := range commits {
		for _, id := range ids {
			h.byFile[id] = append(h.byFile[id], int32(c))
		}
	}
	h.commits = commits
	return h, skipped
}

// TestInternAgreesWithSets: on histories with repeated paths in a commit,
// commits past the size cap, paths only such commits touch and a Paths
// filter, intern numbers, groups and classifies as the set per commit did.
func TestInternAgreesWithSets(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 11))
		commits := syntheticHistory(400, 120, 30, seed)
		for i := range commits {
			if rng.IntN(5) == 0 { // a path twice in one commit
				commits[i] = append(commits[i], commits[i][rng.IntN(len(commits[i]))])
			}
		}
		// Paths met only in a commit too large to analyse.
		big := make([]string, 12)
		for i := range big {
			big[i] = fmt.Sprintf("only/big%02d.go", i)
		}
		commits = append(commits, big)
		in := Input{Commits: commits, Times: make([]int64, len(commits)), Authors: make([]string, len(commits)),
			Messages: make([]string, len(commits)), Lines: make([][]int, len(commits))}
		for i := range commits {
			in.Times[i] = int64(1_700_000_000 + rng.IntN(1_000_000))
			in.Authors[i] = []string{"a", "b", "dependabot[bot]"}[rng.IntN(3)]
			in.Messages[i] = []string{"fix things", "Release 1.2.0", "gofmt everything"}[rng.IntN(3)]
			in.Lines[i] = make([]int, len(commits[i]))
			for j := range in.Lines[i] {
				in.Lines[i][j] = rng.IntN(8) - 1
			}
		}
		if seed%2 == 1 { // keep two files in three
			var all []string
			for _, c := range commits {
				all = append(all, c...)
			}
			slices.Sort(all)
			for i, p := range slices.Compact(all) {
				if i%3 != 0 {
					in.Paths = append(in.Paths, p)
				}
			}
		}
		for _, maxFiles := range []int{10, 50} {
			want, wantSkipped := internBySets(in, maxFiles)
			got, gotSkipped := intern(in, maxFiles)
			assert.Equal(t, wantSkipped, gotSkipped, "seed %d", seed)
			assert.Equal(t, want, got, "seed %d, at most %d files", seed, maxFiles)
			assert.True(t, slices.IsSortedFunc(got.names, cmp.Compare[string]))
		}
	}
}
