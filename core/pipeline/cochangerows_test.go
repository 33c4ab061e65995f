package pipeline

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/analyze/cochange"
)

// Partner lists read back from the stored rows are the lists the analysis
// gave, partners' commit counts and confidences included: history
// partners, a directory neighbour without history, and a file whose
// commits touched it alone.
func TestCoChangeRowsGiveBackTheLists(t *testing.T) {
	paths := []string{"a/x.go", "a/y.go", "a/z.go", "b/p.go", "b/q.go", "c/solo.go", "d/alone.go"}
	in := cochange.Input{
		Commits: [][]string{
			{"a/x.go", "a/y.go"}, {"a/x.go", "a/y.go", "b/p.go"}, {"a/x.go", "b/p.go"}, {"b/p.go", "b/q.go"},
			{"a/x.go", "a/y.go"}, {"c/solo.go"}, {"c/solo.go"}, {"gone.go", "a/x.go"},
		},
		Times: []int64{10, 20, 30, 40, 50, 60, 70, 80},
		Paths: paths,
	}
	res := cochange.Analyze(in, cochange.Config{})
	rows := cochange.Rows(paths, res.Revisions, res.Partners)
	// Stored and read back as JSON, as the store does.
	stored := map[string]cochange.Row{}
	for p, row := range rows {
		var back cochange.Row
		require.NoError(t, json.Unmarshal([]byte(mustJSON(row)), &back))
		stored[p] = back
		for _, pt := range back.Partners {
			require.Zero(t, pt.Revs, "%s: a partner's count is not stored", p)
			require.Zero(t, pt.Confidence, "%s: nor the confidence", p)
		}
	}
	require.Equal(t, 2, stored["c/solo.go"].Revs, "a file with commits of its own has a row")
	require.NotContains(t, stored, "d/alone.go", "a file without history or partners has none")
	require.Equal(t, res.Partners, partnersOfRows(stored))
	var withDirectory bool
	for _, pt := range res.Partners["a/x.go"] {
		withDirectory = withDirectory || pt.Path == "a/z.go" && pt.Reason == cochange.ReasonDirectory
	}
	require.True(t, withDirectory, "a/x.go's list is filled from its directory: %v", res.Partners["a/x.go"])
}

// A partner gaining commits leaves the rows of the files that list it as
// they were: only the rows of files the new commits touched change.
func TestCoChangeRowsMoveWithTheirOwnCommits(t *testing.T) {
	paths := []string{"a.go", "b.go", "c.go"}
	commits := [][]string{{"a.go", "b.go"}, {"a.go", "b.go"}, {"a.go", "b.go", "c.go"}, {"c.go", "a.go"}}
	before := cochange.Analyze(cochange.Input{Commits: commits, Paths: paths}, cochange.Config{})
	after := cochange.Analyze(cochange.Input{Commits: append(commits, []string{"a.go"}, []string{"a.go"}), Paths: paths}, cochange.Config{})
	rb := cochange.Rows(paths, before.Revisions, before.Partners)
	ra := cochange.Rows(paths, after.Revisions, after.Partners)
	require.NotEqual(t, before.Partners["b.go"], after.Partners["b.go"], "b.go's partner a.go gained commits: its count and confidence moved")
	require.Equal(t, mustJSON(rb["b.go"]), mustJSON(ra["b.go"]), "b.go's row stays")
	require.Equal(t, mustJSON(rb["c.go"]), mustJSON(ra["c.go"]), "c.go's row stays")
	require.NotEqual(t, mustJSON(rb["a.go"]), mustJSON(ra["a.go"]), "a.go's own count moved")
}
