// Package pipeline runs Homer's stages as a memoized DAG.
//
// Each stage declares the stages it depends on and computes a key from its
// own inputs and its dependencies' keys. A stage whose key equals the key
// stored from its last successful run is skipped; its stored output stands.
// A stage writes its new key in the same transaction as the last of its
// output (Run.Finish), so a run killed at any point never leaves a key that
// claims work not done.
//
// The stages (see stages.go): source.<name> → parse.<language> → resolve →
// analyze.behavioral, analyze.co-change, analyze.centrality →
// analyze.salience → model → render.<name>. Start with Execute.
package pipeline
