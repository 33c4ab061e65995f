package backtest

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/internal/testrepo"
)

// planted is a trained store whose answers are set by hand, so that every
// figure of the backtest is known.
type planted struct {
	partners map[string][]Partner
	// fresh answers for files the store does not have.
	fresh map[string][]Partner
	risks []query.FileRisk
}

func (p planted) Partners(_ context.Context, path string) ([]Partner, bool, error) {
	if l, ok := p.partners[path]; ok {
		return l, true, nil
	}
	return p.fresh[path], false, nil
}

func (p planted) Risks(context.Context) ([]query.FileRisk, error) { return p.risks, nil }

// history: four training commits, then two held out.
//
//	1 a b   2 a b   3 a c   4 d vendor | 5 a b c new ("fix crash")   6 d a vendor ("add prefixes")
func history(t *testing.T) (*testrepo.Repo, []string) {
	r := testrepo.New(t)
	var shas []string
	commit := func(day int, msg string, files ...string) {
		for _, f := range files {
			r.Write(f, msg+" "+f+"\n")
		}
		shas = append(shas, r.Commit(testrepo.Alice, testrepo.Day(day), msg))
	}
	commit(1, "start", "a.go", "b.go")
	commit(2, "more", "a.go", "b.go")
	commit(3, "c", "a.go", "c.go")
	commit(4, "d", "d.go", "vendor.txt") // vendor.txt: at the cut, not analysed
	commit(5, "fix crash", "a.go", "b.go", "c.go", "new.go")
	commit(6, "add prefixes", "d.go", "a.go", "vendor.txt")
	return r, shas
}

func TestBacktestPlantedFuture(t *testing.T) {
	r, shas := history(t)
	ctx := context.Background()
	s, err := SplitHistory(ctx, r.Dir(), SplitOptions{Holdout: 0.3}) // ceil(6·0.3) = 2 held out
	require.NoError(t, err)
	require.Equal(t, shas[3], s.Cut)
	require.Equal(t, 6, s.FirstParent)
	require.Equal(t, 2, s.HeldOut)
	require.Len(t, s.Train, 4)
	require.Len(t, s.Future, 2)
	require.ElementsMatch(t, []string{"a.go", "b.go", "c.go", "new.go"}, s.Future[0].Files)

	tr := planted{
		// a.go's list starts with a directory neighbour (no shared
		// commit), then b.go (2 shared, passing risk-check's floor, not
		// the artifacts' of 3) and c.go (1 shared, under both floors).
		partners: map[string][]Partner{
			"a.go": {{"x.go", 0, 0}, {"b.go", 2, 0.8}, {"c.go", 1, 0.5}},
			"b.go": {{"a.go", 2, 0.8}}, "c.go": nil, "d.go": nil},
		fresh: map[string][]Partner{"new.go": {{"a.go", 0, 0}, {"z.go", 0, 0}}},
		risks: []query.FileRisk{
			{Path: "a.go", Score: 0.5, Level: "medium", Commits: 3},
			{Path: "b.go", Score: 0.9, Level: "high", Commits: 2},
			{Path: "c.go", Score: 0.1, Level: "low", Commits: 1},
			{Path: "d.go", Score: 0.2, Level: "low", Commits: 5},
		},
	}
	rep, err := Score(ctx, s, tr, Options{})
	require.NoError(t, err)
	c := rep.CoChange
	require.Equal(t, 5, c.K)
	require.Equal(t, 2, c.Commits)
	require.Equal(t, 5, c.Queries) // a b c of commit 5, d a of commit 6
	require.Equal(t, 1, c.NewFiles)
	// Homer: a→{x,b,c} finds b and c of {b,c,new}; b→{a} finds a of
	// {a,c,new}; c and d have no list; a→{x,b,c} finds nothing of {d}.
	require.InDelta(t, 1.0/5, c.Homer.Recall, 1e-12)
	require.InDelta(t, 5.0/9, c.Homer.Precision, 1e-12)
	require.InDelta(t, 0.6, c.Homer.Coverage, 1e-12)
	// risk-check's floor (2 shared, 0.3) leaves a→{b}, b→{a}; the
	// artifacts' (3 shared) leaves nothing.
	require.Equal(t, Floor{2, 0.3}, c.CheckFloor)
	require.Equal(t, Floor{3, 0.3}, c.ArtifactFloor)
	require.InDelta(t, 2.0/15, c.Check.Recall, 1e-12)
	require.InDelta(t, 2.0/3, c.Check.Precision, 1e-12)
	require.InDelta(t, 0.6, c.Check.Coverage, 1e-12)
	require.Equal(t, Ranking{}, c.Artifacts)
	// Every stored partner is within 5: the oracle's reordering wins
	// nothing.
	require.InDelta(t, 1.0/5, c.Oracle.Recall, 1e-12)
	require.InDelta(t, 5.0/9, c.Oracle.Precision, 1e-12)
	// Lost: new.go in each of commit 5's three queries (1/3 each); never
	// together: c for b, b for c, a for d, d for a (1/3, 1/3, 1, 1); ranked
	// below 5: a for c (c's list is empty).
	require.InDelta(t, 1.0/5, c.Lost.New, 1e-12)
	require.InDelta(t, 8.0/15, c.Lost.Never, 1e-12)
	require.InDelta(t, 1.0/15, c.Lost.BelowK, 1e-12)
	require.InDelta(t, 1, c.Homer.Recall+c.Lost.New+c.Lost.Never+c.Lost.BelowK, 1e-12)
	require.InDelta(t, 4.0/15, c.CeilingAtK, 1e-12)
	// Baseline from the training counts a: b 2, c 1; b: a 2; c: a 1.
	require.InDelta(t, 4.0/15, c.Baseline.Recall, 1e-12)
	require.InDelta(t, 0.75, c.Baseline.Precision, 1e-12)
	require.InDelta(t, 0.8, c.Baseline.Coverage, 1e-12)
	require.InDelta(t, 4.0/15, c.Ceiling, 1e-12)
	// new.go, scored apart: {a, z} finds a of {a, b, c}.
	require.InDelta(t, 1.0/3, c.New.Recall, 1e-12)
	require.InDelta(t, 0.5, c.New.Precision, 1e-12)
	require.InDelta(t, 1.0, c.New.Coverage, 1e-12)

	// At k = 1 ranking matters: a→{x} misses, its oracle {b} hits; the
	// ceiling at 1 counts one seen partner for each of a, b and c in
	// commit 5.
	rep1, err := Score(ctx, s, tr, Options{K: 1})
	require.NoError(t, err)
	c1 := rep1.CoChange
	require.InDelta(t, 1.0/15, c1.Homer.Recall, 1e-12)
	require.InDelta(t, 1.0/3, c1.Homer.Precision, 1e-12)
	require.InDelta(t, 2.0/15, c1.Oracle.Recall, 1e-12)
	require.InDelta(t, 2.0/3, c1.Oracle.Precision, 1e-12)
	require.InDelta(t, 2.0/15, c1.Check.Recall, 1e-12)
	require.InDelta(t, 1.0/5, c1.CeilingAtK, 1e-12)
	require.InDelta(t, 4.0/15, c1.Ceiling, 1e-12)
	require.InDelta(t, 1.0/5, c1.Lost.New, 1e-12)
	require.InDelta(t, 8.0/15, c1.Lost.Never, 1e-12)
	require.InDelta(t, 1.0/5, c1.Lost.BelowK, 1e-12) // b and c for a, a for c

	k := rep.Risk
	require.Equal(t, 4, k.Files)
	require.Equal(t, 1, k.Top)
	require.Equal(t, 1, k.FixCommits, "prefixes is not a fix")
	require.Equal(t, 3, k.Touches, "new.go did not exist at the cut")
	require.InDelta(t, 1.0/3, k.Homer, 1e-12) // b.go
	require.InDelta(t, 0.0, k.Hotspot, 1e-12) // d.go, 5 past changes
	require.InDelta(t, 1.0/3, k.Oracle, 1e-12)
	require.Equal(t, []Level{{"high", 1, 1, 1}, {"low", 2, 1, 0.5}, {"medium", 1, 1, 1}}, k.Levels)
	require.InDelta(t, 1/math.Sqrt(15), k.Spearman, 1e-12)
}

func TestSplitSinceAndBadCuts(t *testing.T) {
	r, shas := history(t)
	ctx := context.Background()
	s, err := SplitHistory(ctx, r.Dir(), SplitOptions{Since: testrepo.Day(3)})
	require.NoError(t, err)
	require.Equal(t, shas[1], s.Cut)
	require.Equal(t, 4, s.HeldOut)

	_, err = SplitHistory(ctx, r.Dir(), SplitOptions{Since: testrepo.Day(1)})
	require.ErrorContains(t, err, "nothing is left to learn from")
	_, err = SplitHistory(ctx, r.Dir(), SplitOptions{Since: testrepo.Day(7).Add(time.Hour)})
	require.ErrorContains(t, err, "no commit is held out")
	_, err = SplitHistory(ctx, r.Dir(), SplitOptions{Holdout: 1.5})
	require.ErrorContains(t, err, "--holdout")
}

func TestIsFix(t *testing.T) {
	for msg, want := range map[string]bool{
		"Fix crash": true, "fixes #12": true, "bugfix: x": true, "Revert regression": true,
		"add prefixes": false, "debug output": false, "suffix": false,
		"add test fixtures": false, "Fixed the build": true, "two bugs": true,
		"feat: x (#9)\n\n* fix lint": false, "docs: fix typo": false,
	} {
		require.Equal(t, want, IsFix(msg), msg)
	}
}

// Risk ranks the files it assessed: a changelog that a fix touches, with no
// level, is left out of every list and of the touches.
func TestRiskRanksAssessedFiles(t *testing.T) {
	s := &Split{
		AtCut: map[string]bool{"a.go": true, "b.go": true, "CHANGES.md": true},
		Future: []Commit{
			{SHA: "1", Message: "fix a", Files: []string{"a.go", "CHANGES.md"}},
			{SHA: "2", Message: "bug in a", Files: []string{"a.go", "CHANGES.md"}},
		},
	}
	tr := planted{risks: []query.FileRisk{
		{Path: "a.go", Score: 0.6, Level: "medium", Commits: 2},
		{Path: "b.go", Score: 0.2, Level: "low", Commits: 3},
		{Path: "CHANGES.md", Commits: 40},
	}}
	rep, err := Score(context.Background(), s, tr, Options{})
	require.NoError(t, err)
	k := rep.Risk
	require.Equal(t, 2, k.Files)
	require.Equal(t, 1, k.Top)
	require.Equal(t, 2, k.FixCommits)
	require.Equal(t, 2, k.Touches, "CHANGES.md's touches are not counted")
	require.InDelta(t, 1.0, k.Homer, 1e-12)   // a.go
	require.InDelta(t, 0.0, k.Hotspot, 1e-12) // b.go, 3 past changes
}

// The ratio's interval comes from drawing the fix commits again: two
// commits, one touching only Homer's top file and one only hotspot's,
// give a ratio of 1 whose draws run from 0 (the second twice) to 1; when
// the two lists are the same file, every draw gives 1.
func TestRiskRatioInterval(t *testing.T) {
	s := &Split{
		AtCut: map[string]bool{"a.go": true, "b.go": true},
		Future: []Commit{
			{SHA: "1", Message: "fix a", Files: []string{"a.go"}},
			{SHA: "2", Message: "fix b", Files: []string{"b.go"}},
		},
	}
	tr := planted{risks: []query.FileRisk{
		{Path: "a.go", Score: 0.6, Level: "medium", Commits: 2},
		{Path: "b.go", Score: 0.2, Level: "low", Commits: 3},
	}}
	rep, err := Score(context.Background(), s, tr, Options{})
	require.NoError(t, err)
	k := rep.Risk
	require.InDelta(t, 1.0, k.Ratio, 1e-12)
	require.Equal(t, [2]float64{0, 1}, k.Interval)

	tr.risks[0].Commits = 4 // a.go tops both lists
	rep, err = Score(context.Background(), s, tr, Options{})
	require.NoError(t, err)
	require.InDelta(t, 1.0, rep.Risk.Ratio, 1e-12)
	require.Equal(t, [2]float64{1, 1}, rep.Risk.Interval)

	// Hotspot catches nothing (b.go is never fixed): no ratio, no interval.
	s.Future = s.Future[:1]
	tr.risks[0].Commits = 2
	rep, err = Score(context.Background(), s, tr, Options{})
	require.NoError(t, err)
	require.Zero(t, rep.Risk.Ratio)
	require.Equal(t, [2]float64{}, rep.Risk.Interval)
}
