// Package engine runs a DAG of stages, memoized by key.
//
// A stage's key hashes its own inputs and its dependencies' keys; a stage
// whose key matches the one recorded last time, with its output intact,
// does not run. The engine enforces the rule that makes this sound: a key
// is recorded only when everything the stage read was committed and
// complete. A stage that ran on a failed soft input, or on the output of a
// stage whose early-finished write then failed, records a key that never
// matches, so the next run does it again. Stages hand values to later
// stages through typed Handoffs rather than through the store.
//
// The engine knows nothing of Homer's stages or store; core/pipeline
// defines the stages and gives the engine the store's keys and writes.
package engine
