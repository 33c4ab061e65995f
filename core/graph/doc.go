// Package graph holds Homer's in-memory directed graphs and the centrality
// algorithms that run on them: PageRank, HITS hubs and authorities, and
// Brandes betweenness (exact on small graphs, sampled on large ones).
//
// It is pure computation: no I/O, no store. The caller maps its own node
// identities (files, symbols) to dense ids 0..n-1, builds a Graph with New,
// runs the algorithms, and maps the []float64 results (indexed by node id)
// back. Start with New, then PageRank, HITS and Betweenness; Normalize and
// Percentile turn raw scores into [0,1] values that thresholds can use.
//
// The algorithms are written over compressed (CSR) adjacency arrays rather
// than gonum's graph interfaces: gonum's PageRankSparse and HITS have no
// iteration cap and PageRank starts from a random vector, and its Betweenness
// takes minutes on graphs of 10,000 nodes. The tests check the results
// against gonum on random graphs.
package graph
