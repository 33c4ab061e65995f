// Package graph holds Homer's in-memory directed graphs and the algorithms
// that run on them: PageRank and personalised PageRank, HITS hubs and
// authorities, Brandes betweenness (exact on small graphs, sampled on large
// ones), and Louvain communities with their modularity.
//
// It is pure computation: no I/O, no store. The caller maps its own node
// identities (files, symbols) to dense ids 0..n-1, builds a Graph with New,
// runs the algorithms, and maps the results (indexed by node id) back. Start
// with New, then PageRank, HITS and Betweenness; Normalize and Percentile
// turn raw scores into [0,1] values that thresholds can use.
// PersonalizedPageRank ranks nodes as seen from a set of seed nodes (on
// Reverse, what depends on them); Louvain divides the graph, taken as
// undirected, into communities, and Modularity scores any such division.
//
// The algorithms are written over compressed (CSR) adjacency arrays rather
// than gonum's graph interfaces: gonum's PageRankSparse and HITS have no
// iteration cap and PageRank starts from a random vector, its Betweenness
// takes minutes on graphs of 10,000 nodes, and its Louvain seconds. The
// tests check the results against gonum on random graphs.
package graph
