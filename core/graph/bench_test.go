package graph

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/graph/community"
)

// The benchmark graph: 100,000 nodes, 500,000 power-law-ish edges.
const (
	benchNodes = 100_000
	benchEdges = 500_000
)

func benchGraph(b *testing.B) *Graph {
	b.Helper()
	return mustNew(b, benchNodes, randomEdges(benchNodes, benchEdges, 1))
}

func BenchmarkNew100k(b *testing.B) {
	edges := randomEdges(benchNodes, benchEdges, 1)
	b.ResetTimer()
	for range b.N {
		if _, err := New(benchNodes, edges); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPageRank100k(b *testing.B) {
	g := benchGraph(b)
	b.ResetTimer()
	for range b.N {
		PageRank(g, IterOptions{})
	}
}

func BenchmarkHITS100k(b *testing.B) {
	g := benchGraph(b)
	b.ResetTimer()
	for range b.N {
		HITS(g, IterOptions{})
	}
}

func BenchmarkBetweennessSampled100k(b *testing.B) {
	g := benchGraph(b)
	b.ResetTimer()
	for range b.N {
		Betweenness(g, BetweennessOptions{})
	}
}

func BenchmarkBetweennessExact2k(b *testing.B) {
	g := mustNew(b, 2000, randomEdges(2000, 10_000, 1))
	b.ResetTimer()
	for range b.N {
		Betweenness(g, BetweennessOptions{})
	}
}

// The community benchmark graph: 10,000 files with 5 imports each, shaped
// like an import graph (see importLikeEdges). Issue 7 sets Louvain a
// target of under 2 s on it.
const importNodes = 10_000

func importGraph(b *testing.B) *Graph {
	b.Helper()
	return mustNew(b, importNodes, importLikeEdges(importNodes, 5, 1))
}

func BenchmarkLouvain10k(b *testing.B) {
	g := importGraph(b)
	b.ResetTimer()
	var p Partition
	for range b.N {
		p = Louvain(g, LouvainOptions{})
	}
	b.ReportMetric(float64(p.Count), "communities")
	b.ReportMetric(p.Modularity, "Q")
}

// BenchmarkLouvainGonum10k is the baseline: gonum's Louvain on the same
// graph. It takes seconds per run.
func BenchmarkLouvainGonum10k(b *testing.B) {
	g := importGraph(b)
	gg := gonumUndirected(g)
	b.ResetTimer()
	var q float64
	var count int
	for i := range b.N {
		communities := community.Modularize(gg, 1, rand.NewPCG(uint64(i), 0)).Communities()
		q, count = community.Q(gg, communities, 1), len(communities)
	}
	b.ReportMetric(float64(count), "communities")
	b.ReportMetric(q, "Q")
}

func BenchmarkPersonalizedPageRank10k(b *testing.B) {
	g := importGraph(b).Reverse()
	seeds := map[int]float64{17: 1, 4242: 1, 9001: 1}
	b.ResetTimer()
	for range b.N {
		if _, err := PersonalizedPageRank(g, seeds, IterOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLouvain100k(b *testing.B) {
	g := benchGraph(b)
	b.ResetTimer()
	var p Partition
	for range b.N {
		p = Louvain(g, LouvainOptions{})
	}
	b.ReportMetric(float64(p.Count), "communities")
	b.ReportMetric(p.Modularity, "Q")
}
