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
