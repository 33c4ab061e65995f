// Package backtest scores Homer's advice on a repository's own history: it
// cuts the history, has the real pipeline analyse the part before the cut
// in a temporary store, and compares the co-change lists and risk scores
// that store answers with what happened after the cut, beside plain
// baselines. Start at Split (where to cut), Checkout (the training clone)
// and Score (the figures).
package backtest
