// Package snapshot holds graphs through time: the file graph of imports
// and calls at a commit (a snapshot), how it is measured (PageRank and
// betweenness, weighted as HEAD's centrality weighs its graph), stored
// and read back, each file's trend and stability class across snapshots,
// and the architectural diff between two snapshots.
//
// Building a snapshot (reading a commit's files from git, parsing them
// through the language plugins with the parse memo, resolving them) is
// core/pipeline's TakeSnapshot; this package knows nothing of plugins.
// Start with Snapshot, then Trend (trend.go) and Compare (diff.go).
package snapshot
