// Package behavior computes each file's change history, in the tradition of
// Tornhill's "Your Code as a Crime Scene": how often it changes (all time,
// recent windows, percentile among files), who changes it and its bus factor,
// how many lines come and go, and whether change is speeding up or dying out.
//
// Start with Analyze. It takes one Change per (commit, path) — as streamed
// from `git log --numstat` — and the HEAD commit time. Every window and trend
// is measured back from that time, never from the wall clock, so the same
// history always gives the same result.
package behavior
