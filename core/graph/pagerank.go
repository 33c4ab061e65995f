package graph

import (
	"fmt"
	"math"
)

// Defaults shared by PageRank and HITS (SPEC §5).
const (
	DefaultDamping   = 0.85
	DefaultTolerance = 1e-6
	DefaultMaxIter   = 100
)

// IterOptions controls the power iterations of PageRank and HITS. Zero fields
// take the defaults above.
type IterOptions struct {
	// Damping is PageRank's probability of following an edge (HITS ignores it).
	Damping float64
	// Tolerance stops the iteration once the L1 norm of the change between two
	// iterations falls below it.
	Tolerance float64
	// MaxIter caps the number of iterations.
	MaxIter int
}

func (o IterOptions) withDefaults() IterOptions {
	if o.Damping == 0 {
		o.Damping = DefaultDamping
	}
	if o.Tolerance == 0 {
		o.Tolerance = DefaultTolerance
	}
	if o.MaxIter == 0 {
		o.MaxIter = DefaultMaxIter
	}
	return o
}

// PageRank returns the weighted PageRank of every node, summing to 1.
//
// A node passes its rank to its out-neighbours in proportion to edge weight.
// Dangling nodes (no out-edges) spread their rank uniformly over all nodes,
// and every node receives the teleport share (1-d)/n. The iteration starts
// from the uniform vector and stops when the L1 change drops below the
// tolerance or after MaxIter iterations, whichever comes first.
func PageRank(g *Graph, o IterOptions) []float64 {
	n := g.n
	if n == 0 {
		return []float64{}
	}
	uniform := make([]float64, n)
	for i := range uniform {
		uniform[i] = 1 / float64(n)
	}
	return pageRank(g, o, uniform)
}

// PersonalizedPageRank returns PageRank seen from a set of seed nodes: the
// random surfer teleports, and leaves dangling nodes, only to the seeds, in
// proportion to their weights, so a node's score measures how much of the
// walk from the seeds reaches it. The walk follows edges forward: in an
// import graph (importer → imported) it ranks what the seeds depend on, and
// on g.Reverse() what depends on the seeds, which is what a change to them
// can affect. Scores sum to 1; nodes the seeds cannot reach score 0. With
// every node a seed of equal weight it is PageRank.
//
// seeds maps node ids to positive weights; the weights are normalised, so
// only their ratios matter. It fails when seeds is empty or names a node
// outside the graph, or when a weight is not positive and finite.
func PersonalizedPageRank(g *Graph, seeds map[int]float64, o IterOptions) ([]float64, error) {
	if len(seeds) == 0 {
		return nil, fmt.Errorf("graph: personalised PageRank needs at least one seed")
	}
	p := make([]float64, g.n)
	var sum float64
	for u, w := range seeds {
		if u < 0 || u >= g.n {
			return nil, fmt.Errorf("graph: seed %d is outside 0..%d", u, g.n-1)
		}
		if !(w > 0) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("graph: seed %d has weight %v; it must be positive and finite", u, w)
		}
		p[u] = w
		sum += w
	}
	if math.IsInf(sum, 0) {
		return nil, fmt.Errorf("graph: seed weights overflow")
	}
	for u := range p {
		p[u] /= sum
	}
	return pageRank(g, o, p), nil
}

// pageRank iterates x ← d·(Wᵀx + dangling(x)·p) + (1-d)·p from x = p, where
// W holds the out-weight shares and p, the teleport distribution, sums to 1.
// It needs n > 0.
func pageRank(g *Graph, o IterOptions, p []float64) []float64 {
	o = o.withDefaults()
	n := g.n
	d := o.Damping

	outSum := make([]float64, n)
	var dangling []int32
	for u := 0; u < n; u++ {
		var s float64
		for _, w := range g.OutWeights(u) {
			s += w
		}
		outSum[u] = s
		if s == 0 {
			dangling = append(dangling, int32(u))
		}
	}
	// coef[e] is the share of its source's rank that in-edge e carries.
	coef := make([]float64, len(g.inAdj))
	for e, u := range g.inAdj {
		coef[e] = g.inW[e] / outSum[u]
	}

	x := append([]float64(nil), p...)
	y := make([]float64, n)
	for iter := 0; iter < o.MaxIter; iter++ {
		var dm float64
		for _, u := range dangling {
			dm += x[u]
		}
		// Teleport and dangling rank both land on p.
		base := 1 - d + d*dm
		var diff float64
		for v := 0; v < n; v++ {
			var s float64
			lo, hi := g.inStart[v], g.inStart[v+1]
			for e := lo; e < hi; e++ {
				s += coef[e] * x[g.inAdj[e]]
			}
			y[v] = base*p[v] + d*s
			diff += math.Abs(y[v] - x[v])
		}
		x, y = y, x
		if diff < o.Tolerance {
			break
		}
	}
	var sum float64
	for _, v := range x {
		sum += v
	}
	for i := range x {
		x[i] /= sum
	}
	return x
}
