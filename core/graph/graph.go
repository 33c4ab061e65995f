package graph

import (
	"fmt"
	"math"
	"sort"
)

// Edge is a directed edge From → To between dense node ids. Weight 0 means 1,
// so unweighted callers can leave it out; it must not be negative, NaN or
// infinite.
type Edge struct {
	From, To int
	Weight   float64
}

// Graph is an immutable directed graph over node ids 0..N()-1 stored as
// compressed adjacency in both directions. Duplicate edges are merged by
// summing their weights and self-loops are dropped: neither carries meaning
// for centrality and both distort it. Neighbour lists are sorted by id, which
// keeps every algorithm deterministic.
type Graph struct {
	n int

	outStart []int32 // len n+1; out-neighbours of u are outAdj[outStart[u]:outStart[u+1]]
	outAdj   []int32
	outW     []float64

	inStart []int32 // len n+1; in-neighbours of v are inAdj[inStart[v]:inStart[v+1]]
	inAdj   []int32
	inW     []float64
}

// New builds a graph with n nodes from edges. It fails when an edge names a
// node outside 0..n-1 or carries an invalid weight.
func New(n int, edges []Edge) (*Graph, error) {
	if n < 0 || n > math.MaxInt32 {
		return nil, fmt.Errorf("graph: node count %d out of range", n)
	}
	if len(edges) > math.MaxInt32 {
		return nil, fmt.Errorf("graph: %d edges is too many", len(edges))
	}
	// Validate and count, by target, the edges that are kept.
	byTo := make([]int32, n+1)
	kept := 0
	for i, e := range edges {
		if e.From < 0 || e.From >= n || e.To < 0 || e.To >= n {
			return nil, fmt.Errorf("graph: edge %d (%d→%d) names a node outside 0..%d", i, e.From, e.To, n-1)
		}
		if e.Weight < 0 || math.IsNaN(e.Weight) || math.IsInf(e.Weight, 0) {
			return nil, fmt.Errorf("graph: edge %d (%d→%d) has invalid weight %v", i, e.From, e.To, e.Weight)
		}
		if e.From == e.To {
			continue
		}
		byTo[e.To+1]++
		kept++
	}
	for v := 0; v < n; v++ {
		byTo[v+1] += byTo[v]
	}

	// Two stable counting sorts (by target, then by source) leave every
	// out-row sorted by target without a comparison sort.
	type half struct {
		other int32
		w     float64
	}
	sortedTo := make([]int32, kept) // index into edges, ordered by To
	next := append([]int32(nil), byTo[:n]...)
	for i, e := range edges {
		if e.From == e.To {
			continue
		}
		sortedTo[next[e.To]] = int32(i)
		next[e.To]++
	}
	outStart := make([]int32, n+1)
	for _, i := range sortedTo {
		outStart[edges[i].From+1]++
	}
	for u := 0; u < n; u++ {
		outStart[u+1] += outStart[u]
	}
	rows := make([]half, kept)
	next = append(next[:0], outStart[:n]...)
	for _, i := range sortedTo {
		e := edges[i]
		w := e.Weight
		if w == 0 {
			w = 1
		}
		rows[next[e.From]] = half{int32(e.To), w}
		next[e.From]++
	}

	// Merge duplicates within each (sorted) row, compacting in place.
	g := &Graph{n: n, outStart: make([]int32, n+1)}
	g.outAdj = make([]int32, 0, kept)
	g.outW = make([]float64, 0, kept)
	for u := 0; u < n; u++ {
		row := rows[outStart[u]:outStart[u+1]]
		for j := 0; j < len(row); j++ {
			if j > 0 && row[j].other == row[j-1].other {
				g.outW[len(g.outW)-1] += row[j].w
				continue
			}
			g.outAdj = append(g.outAdj, row[j].other)
			g.outW = append(g.outW, row[j].w)
		}
		g.outStart[u+1] = int32(len(g.outAdj))
	}

	// Transpose. Walking sources in order leaves every in-row sorted by source.
	m := len(g.outAdj)
	g.inStart = make([]int32, n+1)
	for _, v := range g.outAdj {
		g.inStart[v+1]++
	}
	for v := 0; v < n; v++ {
		g.inStart[v+1] += g.inStart[v]
	}
	g.inAdj = make([]int32, m)
	g.inW = make([]float64, m)
	next = append(next[:0], g.inStart[:n]...)
	for u := 0; u < n; u++ {
		for e := g.outStart[u]; e < g.outStart[u+1]; e++ {
			v := g.outAdj[e]
			g.inAdj[next[v]] = int32(u)
			g.inW[next[v]] = g.outW[e]
			next[v]++
		}
	}
	return g, nil
}

// FromWeights makes a graph of n nodes from weighted links keyed by
// {from, to}, adding the edges in a stable order so that results do not
// depend on map iteration.
func FromWeights(n int, weights map[[2]int]float64) (*Graph, error) {
	edges := make([]Edge, 0, len(weights))
	for k, w := range weights {
		edges = append(edges, Edge{From: k[0], To: k[1], Weight: w})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].From != edges[j].From {
			return edges[i].From < edges[j].From
		}
		return edges[i].To < edges[j].To
	})
	return New(n, edges)
}

// Reverse returns g with every edge turned around. It shares g's storage
// (both are immutable), so it costs nothing.
func (g *Graph) Reverse() *Graph {
	return &Graph{
		n:        g.n,
		outStart: g.inStart, outAdj: g.inAdj, outW: g.inW,
		inStart: g.outStart, inAdj: g.outAdj, inW: g.outW,
	}
}

// N is the number of nodes.
func (g *Graph) N() int { return g.n }

// M is the number of distinct edges, after merging duplicates and dropping
// self-loops.
func (g *Graph) M() int { return len(g.outAdj) }

// Out returns the out-neighbours of u, sorted by id. The slice aliases the
// graph's storage and must not be modified.
func (g *Graph) Out(u int) []int32 { return g.outAdj[g.outStart[u]:g.outStart[u+1]] }

// OutWeights returns the weights of the edges to Out(u), in the same order.
func (g *Graph) OutWeights(u int) []float64 { return g.outW[g.outStart[u]:g.outStart[u+1]] }

// In returns the in-neighbours of v, sorted by id. The slice aliases the
// graph's storage and must not be modified.
func (g *Graph) In(v int) []int32 { return g.inAdj[g.inStart[v]:g.inStart[v+1]] }

// InWeights returns the weights of the edges from In(v), in the same order.
func (g *Graph) InWeights(v int) []float64 { return g.inW[g.inStart[v]:g.inStart[v+1]] }

// OutDegree is the number of distinct out-neighbours of u.
func (g *Graph) OutDegree(u int) int { return int(g.outStart[u+1] - g.outStart[u]) }

// InDegree is the number of distinct in-neighbours of v.
func (g *Graph) InDegree(v int) int { return int(g.inStart[v+1] - g.inStart[v]) }

// Weight returns the merged weight of the edge u→v, or 0 when there is none.
func (g *Graph) Weight(u, v int) float64 {
	adj := g.Out(u)
	lo, hi := 0, len(adj)
	for lo < hi {
		mid := (lo + hi) / 2
		if int(adj[mid]) < v {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(adj) && int(adj[lo]) == v {
		return g.outW[int(g.outStart[u])+lo]
	}
	return 0
}
