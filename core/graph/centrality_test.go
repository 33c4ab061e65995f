package graph

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
)

func TestPageRankKnownGraphs(t *testing.T) {
	t.Parallel()
	tight := IterOptions{Tolerance: 1e-12, MaxIter: 1000}
	for name, tc := range map[string]struct {
		n     int
		edges []Edge
		want  []float64
	}{
		// Leaves: x_l = 0.15/5 + 0.85·x_c/5 (the dangling centre spreads its
		// rank); centre: x_c = 1 - 4·x_l  ⇒  x_c = 0.88/1.68.
		"in-star": {5, inStar(4), []float64{0.88 / 1.68, 0.119047619, 0.119047619, 0.119047619, 0.119047619}},
		// b = 0.05 + 0.85·x2/3; x0 = b, x1 = 1.85b, x2 = 2.5725b, Σ = 5.4225b = 1.
		"chain": {3, chain(3), []float64{1 / 5.4225, 1.85 / 5.4225, 2.5725 / 5.4225}},
		"cycle": {4, cycle(4), []float64{0.25, 0.25, 0.25, 0.25}},
		// Weights split the rank of node 0 1:3 between nodes 1 and 2, which
		// both point back to 0: x1 = 0.05 + 0.85·x0/4, x2 = 0.05 + 0.85·3x0/4,
		// x0 = 0.05 + 0.85(x1+x2) ⇒ x0 = (0.05+0.085)/(1-0.7225) .
		"weighted": {3, []Edge{{0, 1, 1}, {0, 2, 3}, {1, 0, 1}, {2, 0, 1}}, func() []float64 {
			x0 := 0.135 / 0.2775
			return []float64{x0, 0.05 + 0.2125*x0, 0.05 + 0.6375*x0}
		}()},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := PageRank(mustNew(t, tc.n, tc.edges), tight)
			assert.InDeltaSlice(t, tc.want, got, 1e-8)
		})
	}
}

func TestPageRankStopsAtMaxIter(t *testing.T) {
	t.Parallel()
	g := mustNew(t, 3, chain(3))
	one := PageRank(g, IterOptions{MaxIter: 1})
	// One step from uniform: base = 0.05 + 0.85·(1/3)/3, x1 = base + 0.85/3.
	base := 0.05 + 0.85/9
	assert.InDeltaSlice(t, []float64{base, base + 0.85/3, base + 0.85/3}, one, 1e-12)
}

func TestHITSKnownGraphs(t *testing.T) {
	t.Parallel()
	r := 1 / math.Sqrt2
	for name, tc := range map[string]struct {
		n          int
		edges      []Edge
		hubs, auth []float64
	}{
		"in-star": {5, inStar(4), []float64{0, 0.5, 0.5, 0.5, 0.5}, []float64{1, 0, 0, 0, 0}},
		"chain":   {3, chain(3), []float64{r, r, 0}, []float64{0, r, r}},
		"cycle":   {4, cycle(4), []float64{0.5, 0.5, 0.5, 0.5}, []float64{0.5, 0.5, 0.5, 0.5}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h, a := HITS(mustNew(t, tc.n, tc.edges), IterOptions{})
			assert.InDeltaSlice(t, tc.hubs, h, 1e-9)
			assert.InDeltaSlice(t, tc.auth, a, 1e-9)
		})
	}
}

func TestBetweennessKnownGraphs(t *testing.T) {
	t.Parallel()
	biStar := append(inStar(4), Edge{0, 1, 0}, Edge{0, 2, 0}, Edge{0, 3, 0}, Edge{0, 4, 0})
	for name, tc := range map[string]struct {
		n     int
		edges []Edge
		want  []float64
	}{
		// Node 1 lies on 0→2 and 0→3, node 2 on 0→3 and 1→3.
		"chain":   {4, chain(4), []float64{0, 2, 2, 0}},
		"in-star": {5, inStar(4), []float64{0, 0, 0, 0, 0}},
		// Every ordered pair of distinct leaves (4·3) goes through the centre.
		"bidirectional star": {5, biStar, []float64{12, 0, 0, 0, 0}},
		// Each source has one path with one interior node and one with two:
		// 3 interior visits per source, 12 in all, shared by 4 nodes.
		"cycle": {4, cycle(4), []float64{3, 3, 3, 3}},
		// Two shortest paths 0→3 split the pair between 1 and 2.
		"diamond": {4, []Edge{{0, 1, 0}, {0, 2, 0}, {1, 3, 0}, {2, 3, 0}}, []float64{0, 0.5, 0.5, 0}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := Betweenness(mustNew(t, tc.n, tc.edges), BetweennessOptions{})
			assert.InDeltaSlice(t, tc.want, got, 1e-12)
		})
	}
}

// gonumDirected copies g into a gonum weighted directed graph.
func gonumDirected(g *Graph) *simple.WeightedDirectedGraph {
	gg := simple.NewWeightedDirectedGraph(0, 0)
	for u := 0; u < g.N(); u++ {
		gg.AddNode(simple.Node(u))
	}
	for u := 0; u < g.N(); u++ {
		ws := g.OutWeights(u)
		for i, v := range g.Out(u) {
			gg.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(u), T: simple.Node(v), W: ws[i]})
		}
	}
	return gg
}

func TestPageRankMatchesGonum(t *testing.T) {
	t.Parallel()
	edges := randomEdges(500, 2500, 7)
	rng := rand.New(rand.NewPCG(3, 3))
	for i := range edges {
		edges[i].Weight = 1 + float64(rng.IntN(5))
	}
	g := mustNew(t, 500, edges)
	want := network.PageRankSparse(gonumDirected(g), DefaultDamping, 1e-10)
	got := PageRank(g, IterOptions{})
	for u := range got {
		require.InDelta(t, want[int64(u)], got[u], 1e-4, "node %d", u)
	}
}

func TestHITSMatchesGonum(t *testing.T) {
	t.Parallel()
	// gonum's HITS ignores weights: give every distinct edge weight 1.
	merged := mustNew(t, 500, randomEdges(500, 2500, 8))
	var edges []Edge
	for u := 0; u < merged.N(); u++ {
		for _, v := range merged.Out(u) {
			edges = append(edges, Edge{From: u, To: int(v)})
		}
	}
	g := mustNew(t, 500, edges)
	want := network.HITS(gonumDirected(g), 1e-10)
	h, a := HITS(g, IterOptions{})
	for u := range h {
		require.InDelta(t, want[int64(u)].Hub, h[u], 1e-4, "hub %d", u)
		require.InDelta(t, want[int64(u)].Authority, a[u], 1e-4, "authority %d", u)
	}
}

func TestBetweennessMatchesGonum(t *testing.T) {
	t.Parallel()
	g := mustNew(t, 200, randomEdges(200, 800, 9))
	want := network.Betweenness(gonumDirected(g))
	got := Betweenness(g, BetweennessOptions{})
	for u := range got {
		require.InDelta(t, want[int64(u)], got[u], 1e-6, "node %d", u)
	}
}

func TestBetweennessDeterministicAcrossWorkers(t *testing.T) {
	t.Parallel()
	g := mustNew(t, 3000, randomEdges(3000, 15000, 10))
	one := Betweenness(g, BetweennessOptions{Workers: 1})
	many := Betweenness(g, BetweennessOptions{Workers: 5})
	assert.Equal(t, one, many)
}

func topK(values []float64, k int) []int {
	idx := make([]int, len(values))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case values[a] > values[b]:
			return -1
		case values[a] < values[b]:
			return 1
		}
		return 0
	})
	return idx[:k]
}

func TestBetweennessSampledTopStable(t *testing.T) {
	t.Parallel()
	const n = 3000
	for _, seed := range []uint64{1, 2, 3} {
		g := mustNew(t, n, randomEdges(n, 5*n, seed))
		exact := Betweenness(g, BetweennessOptions{ExactThreshold: n})
		sampled := Betweenness(g, BetweennessOptions{Seed: seed})
		overlap := 0
		top := topK(exact, 10)
		for _, v := range topK(sampled, 10) {
			if slices.Contains(top, v) {
				overlap++
			}
		}
		t.Logf("seed %d: top-10 overlap %d", seed, overlap)
		assert.GreaterOrEqual(t, overlap, 7, "seed %d", seed)
	}
}

// Progress hears the number of sources first, then one per search ended:
// every node when exact, the pivots when sampled, from every worker.
func TestBetweennessProgress(t *testing.T) {
	t.Parallel()
	g := mustNew(t, 3000, randomEdges(3000, 15000, 4))
	for name, tc := range map[string]struct {
		o       BetweennessOptions
		sources int
	}{
		"exact":   {BetweennessOptions{ExactThreshold: 3000, Workers: 3}, 3000},
		"sampled": {BetweennessOptions{ExactThreshold: 100, Pivots: 250, Workers: 3}, 250},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var totals []int
			done := 0
			tc.o.Progress = func(total, more int) {
				mu.Lock()
				defer mu.Unlock()
				if more == 0 {
					assert.Zero(t, done, "the total comes before any search ends")
					totals = append(totals, total)
				}
				assert.Equal(t, tc.sources, total)
				done += more
			}
			plain := tc.o
			plain.Progress = nil
			assert.Equal(t, Betweenness(g, plain), Betweenness(g, tc.o), "watching changes nothing")
			assert.Equal(t, []int{tc.sources}, totals, "told the total once")
			assert.Equal(t, tc.sources, done)
		})
	}
}
