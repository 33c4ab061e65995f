package query

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// renameAliases follows each old path's renames as a walk that stops
// before a path it has passed, whatever the length of the chain: random
// renames among few paths (cycles, chains into cycles) and long chains
// (past the short list's 16) give the aliases a walk keeping every path
// passed in a set gives.
func TestRenameAliasesFollowLongChainsAndCycles(t *testing.T) {
	t.Parallel()
	bySet := func(renames []rename, names map[int64]string, head map[string]bool) map[string]string {
		next := map[string]string{}
		for _, r := range renames {
			from, ok := names[r.from]
			to, ok2 := names[r.to]
			if ok && ok2 && !head[from] {
				next[from] = to
			}
		}
		alias := map[string]string{}
		for from := range next {
			to, seen := from, map[string]bool{}
			for {
				n, ok := next[to]
				if !ok || seen[n] {
					break
				}
				seen[to] = true
				to = n
			}
			if head[to] {
				alias[from] = to
			}
		}
		return alias
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 300 {
		paths := 4 + rng.IntN(60)
		names := map[int64]string{}
		for i := range paths {
			names[int64(i+1)] = fmt.Sprintf("p%d.go", i)
		}
		var renames []rename
		if round%3 == 0 { // one long chain, maybe closed into a cycle
			for i := 1; i < paths; i++ {
				renames = append(renames, rename{time: int64(i), from: int64(i), to: int64(i + 1)})
			}
			if rng.IntN(2) == 0 {
				renames = append(renames, rename{time: int64(paths), from: int64(paths), to: int64(1 + rng.IntN(paths))})
			}
		}
		for i := range rng.IntN(2 * paths) {
			renames = append(renames, rename{time: int64(paths + i), from: int64(1 + rng.IntN(paths)), to: int64(1 + rng.IntN(paths))})
		}
		head := map[string]bool{}
		for _, n := range names {
			if rng.IntN(4) == 0 {
				head[n] = true
			}
		}
		require.Equal(t, bySet(renames, names, head), renameAliases(renames, names, head), "round %d", round)
	}
}
