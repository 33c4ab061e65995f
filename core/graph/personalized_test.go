package graph

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

var converged = IterOptions{Tolerance: 1e-13, MaxIter: 2000}

func mustPPR(t *testing.T, g *Graph, seeds map[int]float64, o IterOptions) []float64 {
	t.Helper()
	x, err := PersonalizedPageRank(g, seeds, o)
	require.NoError(t, err)
	var sum float64
	for _, v := range x {
		require.False(t, math.IsNaN(v))
		sum += v
	}
	require.InDelta(t, 1, sum, 1e-12)
	return x
}

func TestPersonalizedPageRankByHand(t *testing.T) {
	t.Parallel()
	const d = DefaultDamping

	// Chain 0→1→2→3→4 seeded at 2: nodes before the seed are never reached;
	// x3 = d·x2, x4 = d·x3, and the dangling x4 returns to the seed, so
	// x2 = (1-d) + d·x4 and x2 + x3 + x4 = 1 ⇒ x2 = 1/(1+d+d²).
	x2 := 1 / (1 + d + d*d)
	got := mustPPR(t, mustNew(t, 5, chain(5)), map[int]float64{2: 1}, converged)
	assert.InDeltaSlice(t, []float64{0, 0, x2, d * x2, d * d * x2}, got, 1e-10)

	// Cycle of 6 seeded at 0: x_k = d^k·x0 and x0 = (1-d) + d·x5
	// ⇒ x0 = (1-d)/(1-d⁶). Scores fall with distance from the seed.
	got = mustPPR(t, mustNew(t, 6, cycle(6)), map[int]float64{0: 1}, converged)
	x0 := (1 - d) / (1 - math.Pow(d, 6))
	for k := range 6 {
		assert.InDelta(t, x0*math.Pow(d, float64(k)), got[k], 1e-10, "node %d", k)
		if k > 0 {
			assert.Less(t, got[k], got[k-1])
		}
	}

	// No edges: every node is dangling, so the walk only teleports and the
	// scores are the seed weights, normalised.
	got = mustPPR(t, mustNew(t, 4, nil), map[int]float64{0: 3, 1: 1}, converged)
	assert.InDeltaSlice(t, []float64{0.75, 0.25, 0, 0}, got, 1e-12)
}

func TestPersonalizedPageRankNeighboursFirst(t *testing.T) {
	t.Parallel()
	// An undirected chain of 9 (edges both ways) seeded in the middle:
	// scores are symmetric and fall with distance on both sides.
	var edges []Edge
	for i := 0; i+1 < 9; i++ {
		edges = append(edges, Edge{From: i, To: i + 1}, Edge{From: i + 1, To: i})
	}
	got := mustPPR(t, mustNew(t, 9, edges), map[int]float64{4: 1}, converged)
	for dist := 1; dist <= 4; dist++ {
		assert.InDelta(t, got[4-dist], got[4+dist], 1e-12, "distance %d", dist)
		assert.Less(t, got[4+dist], got[4+dist-1], "distance %d", dist)
	}
}

func TestPersonalizedPageRankAllSeedsIsPageRank(t *testing.T) {
	t.Parallel()
	const n = 300
	edges := randomEdges(n, 5*n, 12)
	rng := rand.New(rand.NewPCG(12, 12))
	for i := range edges {
		edges[i].Weight = float64(1 + rng.IntN(3))
	}
	g := mustNew(t, n, edges)
	seeds := make(map[int]float64, n)
	for u := range n {
		seeds[u] = 2
	}
	assert.InDeltaSlice(t, PageRank(g, converged), mustPPR(t, g, seeds, converged), 1e-12)
}

// TestPersonalizedPageRankSolvesItsEquation checks the iteration against a
// direct solution of the linear system it converges to,
//
//	x = d·(Wᵀx + (Σ_dangling x)·p) + (1-d)·p,
//
// on random weighted graphs with dangling nodes and weighted seeds.
func TestPersonalizedPageRankSolvesItsEquation(t *testing.T) {
	t.Parallel()
	const n = 60
	for trial := range uint64(4) {
		rng := rand.New(rand.NewPCG(trial, 77))
		edges := randomEdges(n, 3*n, trial+20)
		// Leave a fifth of the nodes without out-edges.
		var kept []Edge
		for _, e := range edges {
			if e.From%5 != 0 {
				e.Weight = float64(1 + rng.IntN(4))
				kept = append(kept, e)
			}
		}
		g := mustNew(t, n, kept)
		seeds := map[int]float64{}
		for range 1 + rng.IntN(5) {
			seeds[rng.IntN(n)] = float64(1 + rng.IntN(9))
		}
		d := 0.5 + 0.45*rng.Float64()

		p := make([]float64, n)
		var total float64
		for _, w := range seeds {
			total += w
		}
		for u, w := range seeds {
			p[u] = w / total
		}
		// A = I − d·(Wᵀ + p·1_danglingᵀ), b = (1-d)·p.
		a := mat.NewDense(n, n, nil)
		for u := 0; u < n; u++ {
			a.Set(u, u, 1)
		}
		for u := 0; u < n; u++ {
			var out float64
			for _, w := range g.OutWeights(u) {
				out += w
			}
			if out == 0 {
				for v := 0; v < n; v++ {
					a.Set(v, u, a.At(v, u)-d*p[v])
				}
				continue
			}
			ws := g.OutWeights(u)
			for i, v := range g.Out(u) {
				a.Set(int(v), u, a.At(int(v), u)-d*ws[i]/out)
			}
		}
		b := mat.NewVecDense(n, nil)
		for u := range p {
			b.SetVec(u, (1-d)*p[u])
		}
		var want mat.VecDense
		require.NoError(t, want.SolveVec(a, b))

		got := mustPPR(t, g, seeds, IterOptions{Damping: d, Tolerance: 1e-13, MaxIter: 5000})
		for u := range got {
			require.InDelta(t, want.AtVec(u), got[u], 1e-9, "trial %d, node %d", trial, u)
		}
	}
}

func TestPersonalizedPageRankOnReverse(t *testing.T) {
	t.Parallel()
	// Imports 0→1→2: what a change to 2 affects is what imports it.
	g := mustNew(t, 3, chain(3))
	r := g.Reverse()
	assert.Equal(t, []int32{1}, r.Out(2))
	assert.Equal(t, []int32{1}, r.In(0))
	assert.Equal(t, []float64{1}, r.OutWeights(2))
	assert.Equal(t, 1.0, r.Weight(1, 0))
	assert.Equal(t, 0.0, r.Weight(0, 1))

	forward := mustPPR(t, g, map[int]float64{2: 1}, converged)
	assert.Equal(t, []float64{0, 0, 1}, forward)
	back := mustPPR(t, r, map[int]float64{2: 1}, converged)
	assert.Greater(t, back[1], back[0])
	assert.Greater(t, back[0], 0.0)
}

func TestPersonalizedPageRankRejectsBadSeeds(t *testing.T) {
	t.Parallel()
	g := mustNew(t, 3, chain(3))
	for name, seeds := range map[string]map[int]float64{
		"none":         {},
		"nil":          nil,
		"out of range": {3: 1},
		"negative id":  {-1: 1},
		"zero weight":  {0: 0},
		"negative":     {0: 1, 1: -1},
		"NaN":          {0: math.NaN()},
		"infinite":     {0: math.Inf(1)},
		"overflow":     {0: math.MaxFloat64, 1: math.MaxFloat64},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := PersonalizedPageRank(g, seeds, IterOptions{})
			require.Error(t, err)
		})
	}
}
