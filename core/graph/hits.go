package graph

import "math"

// HITS returns Kleinberg's hub and authority scores of every node, each
// vector scaled to unit Euclidean length (as gonum's network.HITS does).
//
// A node's authority is the weighted sum of the hub scores of the nodes that
// point to it; its hub score is the weighted sum of the authorities it points
// to. Both start at 1 and are iterated until the L1 change of both vectors is
// below the tolerance, or MaxIter times. A graph without edges gets all zeros.
func HITS(g *Graph, o IterOptions) (hubs, authorities []float64) {
	o = o.withDefaults()
	n := g.n
	hub := make([]float64, n)
	auth := make([]float64, n)
	if len(g.outAdj) == 0 {
		return hub, auth
	}
	for i := range hub {
		hub[i] = 1
		auth[i] = 1
	}
	scratch := make([]float64, n)
	for iter := 0; iter < o.MaxIter; iter++ {
		da := update(auth, scratch, g.inStart, g.inAdj, g.inW, hub)
		dh := update(hub, scratch, g.outStart, g.outAdj, g.outW, auth)
		if da < o.Tolerance && dh < o.Tolerance {
			break
		}
	}
	return hub, auth
}

// update sets dst[v] = Σ w·src[u] over v's adjacency row, scales dst to unit
// length and returns the L1 change. next is scratch space of len(dst).
func update(dst, next []float64, start, adj []int32, w []float64, src []float64) float64 {
	var norm float64
	for v := range next {
		var s float64
		for e := start[v]; e < start[v+1]; e++ {
			s += w[e] * src[adj[e]]
		}
		next[v] = s
		norm += s * s
	}
	norm = math.Sqrt(norm)
	var diff float64
	for v := range next {
		if norm > 0 {
			next[v] /= norm
		}
		diff += math.Abs(next[v] - dst[v])
		dst[v] = next[v]
	}
	return diff
}
