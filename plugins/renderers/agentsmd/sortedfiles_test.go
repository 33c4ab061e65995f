package agentsmd

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

// TestSortedFilesIsStable checks sortedFiles against the stable sort it
// stands for, on files whose scores tie often and whose paths repeat (a
// model with the same path twice is malformed, but its order must still
// be the stable one, not the unstable sort's).
func TestSortedFilesIsStable(t *testing.T) {
	t.Parallel()
	byScore := func(a, b *sdk.FileModel) int { return cmpDesc(a.GetPagerank(), b.GetPagerank()) }
	for seed := range uint64(50) {
		r := rand.New(rand.NewPCG(seed, 1))
		files := make([]*sdk.FileModel, 1+r.IntN(300))
		for i := range files {
			files[i] = &sdk.FileModel{Path: fmt.Sprintf("f%d", r.IntN(len(files))), Pagerank: float64(r.IntN(5)) / 4, Lines: int32(i)}
		}
		want := slices.Clone(files)
		slices.SortStableFunc(want, func(a, b *sdk.FileModel) int {
			if c := byScore(a, b); c != 0 {
				return c
			}
			return strings.Compare(a.GetPath(), b.GetPath())
		})
		got := sortedFiles(files, byScore)
		require.Equal(t, lines(want), lines(got), "seed %d", seed)
		require.Equal(t, len(files), len(got))
	}
}

// lines names each file by the place it was made at (Lines), which tells
// apart files of the same path and score.
func lines(files []*sdk.FileModel) []int32 {
	out := make([]int32, len(files))
	for i, f := range files {
		out[i] = f.GetLines()
	}
	return out
}
