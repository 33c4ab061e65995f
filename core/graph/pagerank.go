package graph

import "math"

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
	o = o.withDefaults()
	n := g.n
	if n == 0 {
		return []float64{}
	}
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

	x := make([]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	for iter := 0; iter < o.MaxIter; iter++ {
		var dm float64
		for _, u := range dangling {
			dm += x[u]
		}
		base := (1-d)/float64(n) + d*dm/float64(n)
		var diff float64
		for v := 0; v < n; v++ {
			var s float64
			lo, hi := g.inStart[v], g.inStart[v+1]
			for e := lo; e < hi; e++ {
				s += coef[e] * x[g.inAdj[e]]
			}
			y[v] = base + d*s
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
