package graph

import "testing"

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
