// Package salience combines structure and history into one score per file —
// Homer's central idea that salience is not change frequency — and sorts
// files into classes.
//
// Start with Score. It takes each file's centralities (PageRank,
// betweenness, HITS authority), change-frequency percentile, bus factor,
// size and test status, and returns the files by falling salience with the
// weighted parts that make up each score, so a renderer can say why a file
// ranks where it does.
package salience
