// Package analyze is the parent of Homer's analyzers. Each sub-package is
// pure computation over plain input structs — no I/O, no store — and returns
// deterministic, sorted output that the pipeline writes to the store:
//
//   - behavior: per-file change history (frequency, windows, authors, bus
//     factor, churn trend);
//   - cochange: files that change together, as pairs, per-file partner lists
//     and n-ary sets;
//   - testlink: which test file tests which files;
//   - salience: the composite salience score and class of each file;
//   - risk: the one risk formula, with typed reasons and recommendations.
//
// A pipeline runs them in that order: behavior and testlink feed salience,
// and salience, behavior and cochange feed risk.
package analyze
