// Package report is the built-in report renderer: one self-contained
// homer-report.html (no network: styles, SVG charts and a small script are
// inline) or, with format = "markdown", homer-report.md with Mermaid charts.
//
// The page holds headline numbers, the community graph, the salience
// treemap, coupling between modules and the file pairs that change
// together, risks, documentation health and team topology (who knows which
// module). Geometry is not computed here: community positions and the
// treemap's cells come in the render model (core/layout computes them);
// this package scales them and draws SVG.
//
// Start with New in report.go; digest.go reads the model into the tables
// both formats print, html.go and markdown.go write them. Output is
// deterministic (no clock, sorted input), so golden files in testdata/
// hold it; `go test -update` rewrites them.
package report
