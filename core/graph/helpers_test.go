package graph

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// randomEdges returns m edges over n nodes with power-law-ish in-degrees: most
// targets are copied from an earlier edge (preferential attachment), the rest
// drawn uniformly. Sources are uniform. The same seed gives the same edges.
func randomEdges(n, m int, seed uint64) []Edge {
	rng := rand.New(rand.NewPCG(seed, 42))
	edges := make([]Edge, 0, m)
	for len(edges) < m {
		from := rng.IntN(n)
		to := rng.IntN(n)
		if len(edges) > 0 && rng.Float64() < 0.7 {
			to = edges[rng.IntN(len(edges))].To
		}
		edges = append(edges, Edge{From: from, To: to})
	}
	return edges
}

func mustNew(t testing.TB, n int, edges []Edge) *Graph {
	t.Helper()
	g, err := New(n, edges)
	require.NoError(t, err)
	return g
}

// chain returns 0→1→…→n-1.
func chain(n int) []Edge {
	var es []Edge
	for i := 0; i+1 < n; i++ {
		es = append(es, Edge{From: i, To: i + 1})
	}
	return es
}

// cycle returns 0→1→…→n-1→0.
func cycle(n int) []Edge {
	return append(chain(n), Edge{From: n - 1, To: 0})
}

// inStar returns edges 1..k → 0.
func inStar(k int) []Edge {
	var es []Edge
	for i := 1; i <= k; i++ {
		es = append(es, Edge{From: i, To: 0})
	}
	return es
}

// importLikeEdges returns about perNode edges per node shaped like a file
// import graph: nodes come in directories of 10–80 consecutive ids; 60% of a
// node's imports stay in its directory, the rest go across the repository,
// mostly to files that are already imported often (shared utilities). The
// same seed gives the same edges.
func importLikeEdges(n, perNode int, seed uint64) []Edge {
	rng := rand.New(rand.NewPCG(seed, 7))
	dirStart := make([]int, n) // first id of each node's directory
	dirEnd := make([]int, n)   // one past its last id
	for lo := 0; lo < n; {
		hi := min(n, lo+10+rng.IntN(71))
		for u := lo; u < hi; u++ {
			dirStart[u], dirEnd[u] = lo, hi
		}
		lo = hi
	}
	edges := make([]Edge, 0, n*perNode)
	for u := 0; u < n; u++ {
		for range perNode {
			var to int
			switch r := rng.Float64(); {
			case r < 0.6:
				to = dirStart[u] + rng.IntN(dirEnd[u]-dirStart[u])
			case r < 0.9 && len(edges) > 0:
				to = edges[rng.IntN(len(edges))].To
			default:
				to = rng.IntN(n)
			}
			edges = append(edges, Edge{From: u, To: to})
		}
	}
	return edges
}

// cliques returns k cliques of size s (nodes c·s..c·s+s-1 form clique c),
// each pair joined by one edge in a random direction.
func cliques(k, s int, rng *rand.Rand) []Edge {
	var es []Edge
	for c := 0; c < k; c++ {
		for i := c * s; i < (c+1)*s; i++ {
			for j := i + 1; j < (c+1)*s; j++ {
				if rng.IntN(2) == 0 {
					es = append(es, Edge{From: i, To: j})
				} else {
					es = append(es, Edge{From: j, To: i})
				}
			}
		}
	}
	return es
}
