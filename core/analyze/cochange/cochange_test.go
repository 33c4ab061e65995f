package cochange

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repeat returns k copies of one commit.
func repeat(k int, paths ...string) [][]string {
	out := make([][]string, k)
	for i := range out {
		out[i] = paths
	}
	return out
}

func concat(parts ...[][]string) [][]string {
	var out [][]string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// noise returns k commits of one or two files each, all distinct, that touch
// none of the named files.
func noise(k int) [][]string {
	var out [][]string
	for i := range k {
		if i%2 == 0 {
			out = append(out, []string{fmt.Sprintf("noise/%d.go", i)})
		} else {
			out = append(out, []string{fmt.Sprintf("noise/%d.go", i), fmt.Sprintf("noise/%d_b.go", i)})
		}
	}
	return out
}

func TestConfidence(t *testing.T) {
	t.Parallel()
	assert.InDelta(t, 8.0/14, Confidence(4, 10, 4), 1e-12)
	assert.Equal(t, 1.0, Confidence(5, 5, 5))
	assert.Equal(t, 0.0, Confidence(0, 0, 0))
}

func TestPlantedTriple(t *testing.T) {
	t.Parallel()
	commits := concat(repeat(5, "a", "b", "c"), noise(40), [][]string{{"a"}, {"b", "x"}})
	res := Analyze(Input{Commits: commits}, Config{})
	require.Equal(t, []Set{{Members: []string{"a", "b", "c"}, Support: 5, Confidence: 10.0 / 12}}, res.Sets)
	// a: 6 revisions, b: 6, c: 5. Pairs: a–b 5 shared (10/12), a–c and b–c
	// 5 shared (10/11).
	require.Len(t, res.Pairs, 3)
	assert.Equal(t, Pair{A: "a", B: "c", Count: 5, RevsA: 6, RevsB: 5, Confidence: 10.0 / 11}, res.Pairs[0])
	assert.Equal(t, Pair{A: "b", B: "c", Count: 5, RevsA: 6, RevsB: 5, Confidence: 10.0 / 11}, res.Pairs[1])
	assert.Equal(t, Pair{A: "a", B: "b", Count: 5, RevsA: 6, RevsB: 6, Confidence: 10.0 / 12}, res.Pairs[2])
	// Equal strength (five commits of three files, 1/2 each): c, with
	// fewer commits of its own, is the more telling partner. History
	// gives two partners; the list is filled from a's directory.
	assert.Equal(t, []Partner{{Path: "c", Count: 5, Revs: 5, Confidence: 10.0 / 11, Strength: 2.5, Reason: ReasonHistory},
		{Path: "b", Count: 5, Revs: 6, Confidence: 10.0 / 12, Strength: 2.5, Reason: ReasonHistory},
		{Path: "x", Revs: 1, Reason: ReasonDirectory}}, res.Partners["a"])
	assert.Equal(t, 47, res.Commits)
	assert.Equal(t, 0, res.Skipped)
}

func TestLargeCommitIgnored(t *testing.T) {
	t.Parallel()
	big := []string{"x", "y"}
	for i := range 58 {
		big = append(big, fmt.Sprintf("gen/%d.go", i))
	}
	commits := concat([][]string{big}, repeat(2, "x", "y"))
	res := Analyze(Input{Commits: commits}, Config{})
	assert.Equal(t, 1, res.Skipped)
	assert.Equal(t, 2, res.Commits)
	assert.Equal(t, map[string]int{"x": 2, "y": 2}, res.Revisions)
	assert.Empty(t, res.Pairs, "two shared commits are under MinCount once the 60-file commit is left out")

	res = Analyze(Input{Commits: commits}, Config{MaxFilesPerCommit: 60})
	assert.Equal(t, 0, res.Skipped)
	assert.Equal(t, []Pair{{"x", "y", 3, 3, 3, 1}}, res.Pairs, "the generated files changed once")
}

func TestFloors(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		commits [][]string
		cfg     Config
		want    []Pair
	}{
		"under MinCount": {repeat(2, "a", "b"), Config{}, nil},
		"at MinCount":    {repeat(3, "a", "b"), Config{}, []Pair{{"a", "b", 3, 3, 3, 1}}},
		// hub changes in 20 commits, leaf in 3, always with hub: 6/23 < 0.3.
		"rider on a hub": {concat(repeat(3, "hub", "leaf"), repeat(17, "hub")), Config{}, nil},
		"lower floor":    {concat(repeat(3, "hub", "leaf"), repeat(17, "hub")), Config{MinConfidence: 0.2}, []Pair{{"hub", "leaf", 3, 20, 3, 6.0 / 23}}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := Analyze(Input{Commits: tc.commits}, tc.cfg).Pairs
			if tc.want == nil {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestPathsFilter(t *testing.T) {
	t.Parallel()
	commits := repeat(4, "a", "b", "gone")
	res := Analyze(Input{Commits: commits, Paths: []string{"a", "b", "unchanged"}}, Config{})
	assert.Equal(t, []Pair{{"a", "b", 4, 4, 4, 1}}, res.Pairs)
	assert.Empty(t, res.Sets)
	assert.Equal(t, map[string]int{"a": 4, "b": 4}, res.Revisions)
}

// dropHistory: a and b change together in 20 commits; c joins 19 of them and
// d 17 of those 19. Confidences: a–b 1, a–c = b–c = 38/39 ≈ 0.974,
// c–d = 34/36 ≈ 0.944, a–d = b–d = 34/37 ≈ 0.919.
func dropHistory() [][]string {
	return concat(repeat(17, "a", "b", "c", "d"), repeat(2, "a", "b", "c"), repeat(1, "a", "b"), noise(10))
}

func TestSetGrowthRespectsMaxDrop(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		cfg  Config
		want []Set
	}{
		// d would lower the weakest pair from 0.974 to 0.919 (> 0.05); the
		// seed c–d then grows back into {a,b,c,d}, which contains {a,b,c}
		// and is dropped.
		"default drop": {Config{}, []Set{{[]string{"a", "b", "c"}, 19, 38.0 / 39}}},
		"wider drop":   {Config{MaxDrop: 0.1}, []Set{{[]string{"a", "b", "c", "d"}, 17, 34.0 / 37}}},
		"size cap":     {Config{MaxDrop: 0.1, MaxSetSize: 3}, []Set{{[]string{"a", "b", "c"}, 19, 38.0 / 39}}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, Analyze(Input{Commits: dropHistory()}, tc.cfg).Sets)
		})
	}
}

func TestClusterLargerThanCapReportedOnce(t *testing.T) {
	t.Parallel()
	files := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	res := Analyze(Input{Commits: repeat(5, files...)}, Config{})
	require.Len(t, res.Sets, 1)
	assert.Equal(t, files[:8], res.Sets[0].Members)
	assert.Equal(t, 5, res.Sets[0].Support)
}

func TestTwoDisjointSets(t *testing.T) {
	t.Parallel()
	commits := concat(repeat(4, "x1", "x2", "x3"), repeat(6, "y1", "y2", "y3", "y4"), noise(5))
	res := Analyze(Input{Commits: commits}, Config{})
	assert.Equal(t, []Set{
		{[]string{"y1", "y2", "y3", "y4"}, 6, 1},
		{[]string{"x1", "x2", "x3"}, 4, 1},
	}, res.Sets)
}

// A partner under the pair floors stays in the list, with its evidence,
// and a commit of two files weighs more than one of four.
func TestPartnersKeepLowCountsAndDiscountWideCommits(t *testing.T) {
	t.Parallel()
	res := Analyze(Input{
		Commits: [][]string{{"a", "b"}, {"a", "c", "d", "e"}, {"a", "c", "d", "e"}},
		Times:   []int64{10, 20, 30},
	}, Config{})
	assert.Empty(t, res.Pairs)
	// Activity at time 30, half-life 180 days: all but equal for commits
	// seconds apart, so strength decides.
	act1 := math.Round(1e9*math.Exp2(-20.0/86400/ActivityHalfLife)) / 1e9
	act2 := (math.Round(1e9*math.Exp2(-10.0/86400/ActivityHalfLife)) + 1e9) / 1e9
	assert.Equal(t, []Partner{
		{Path: "b", Count: 1, Revs: 1, Confidence: 0.5, Strength: 1, Last: 10, Reason: ReasonHistory, Activity: act1},
		{Path: "c", Count: 2, Revs: 2, Confidence: 0.8, Strength: 0.666666666, Last: 30, Reason: ReasonHistory, Activity: act2},
		{Path: "d", Count: 2, Revs: 2, Confidence: 0.8, Strength: 0.666666666, Last: 30, Reason: ReasonHistory, Activity: act2},
		{Path: "e", Count: 2, Revs: 2, Confidence: 0.8, Strength: 0.666666666, Last: 30, Reason: ReasonHistory, Activity: act2},
	}, res.Partners["a"])
}

func TestTopPartnersAndDeterminism(t *testing.T) {
	t.Parallel()
	var commits [][]string
	for i := range 5 {
		commits = append(commits, repeat(3+i, "hub", fmt.Sprintf("p%d", i))...)
	}
	res := Analyze(Input{Commits: commits}, Config{TopPartners: 2, MinConfidence: 0.01})
	assert.Equal(t, []string{"p4", "p3"}, []string{res.Partners["hub"][0].Path, res.Partners["hub"][1].Path})
	assert.Len(t, res.Partners["hub"], 2)

	want := Analyze(Input{Commits: dropHistory()}, Config{MaxDrop: 0.1})
	for seed := range uint64(4) {
		h := dropHistory()
		rand.New(rand.NewPCG(seed, 9)).Shuffle(len(h), func(i, j int) { h[i], h[j] = h[j], h[i] })
		assert.Equal(t, want, Analyze(Input{Commits: h}, Config{MaxDrop: 0.1}))
	}
}

// syntheticHistory has nCommits commits over nFiles files in modules of 40:
// most commits touch 1–5 files of one module, one in ten up to maxFiles.
func syntheticHistory(nCommits, nFiles, maxFiles int, seed uint64) [][]string {
	rng := rand.New(rand.NewPCG(seed, 5))
	names := make([]string, nFiles)
	for i := range names {
		names[i] = fmt.Sprintf("mod%03d/file%05d.go", i/40, i)
	}
	commits := make([][]string, nCommits)
	for c := range commits {
		k := 1 + rng.IntN(5)
		if rng.IntN(10) == 0 {
			k = 1 + rng.IntN(maxFiles)
		}
		base := rng.IntN(nFiles/40) * 40
		paths := make([]string, k)
		for i := range paths {
			if rng.IntN(4) == 0 {
				paths[i] = names[rng.IntN(nFiles)]
			} else {
				paths[i] = names[base+rng.IntN(40)]
			}
		}
		commits[c] = paths
	}
	return commits
}

func BenchmarkAnalyze60k(b *testing.B) {
	commits := syntheticHistory(60_000, 12_000, 50, 1)
	b.ResetTimer()
	for range b.N {
		res := Analyze(Input{Commits: commits}, Config{})
		b.ReportMetric(float64(len(res.Pairs)), "pairs")
		b.ReportMetric(float64(len(res.Sets)), "sets")
	}
}

// BenchmarkAnalyze60kWorstCase: every commit touches 1–50 files (mean 25).
func BenchmarkAnalyze60kWorstCase(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	commits := syntheticHistory(60_000, 12_000, 50, 3)
	for i := range commits {
		for len(commits[i]) < 1+rng.IntN(50) {
			commits[i] = append(commits[i], commits[rng.IntN(len(commits))]...)
		}
		commits[i] = commits[i][:min(len(commits[i]), 50)]
	}
	b.ResetTimer()
	for range b.N {
		res := Analyze(Input{Commits: commits}, Config{})
		b.ReportMetric(float64(len(res.Pairs)), "pairs")
		b.ReportMetric(float64(len(res.Sets)), "sets")
	}
}

// A file's recent work leads its list: a.go changed with b.go in its three
// oldest commits and with c.go in its two newest, forty commits of its
// own between them. b.go has the larger shared history (and changed
// lately on its own), c.go the recent one; c.go ranks first, and each
// keeps its own evidence.
func TestRecentWorkLeads(t *testing.T) {
	t.Parallel()
	const day = 86400
	var in Input
	add := func(d int, paths ...string) {
		in.Commits = append(in.Commits, paths)
		in.Times = append(in.Times, int64(1_700_000_000+d*day))
	}
	for d := range 3 {
		add(d, "a.go", "b.go")
	}
	for d := 3; d < 43; d++ {
		add(d, "a.go")
	}
	add(43, "a.go", "c.go")
	add(44, "a.go", "c.go")
	add(43, "b.go")
	add(44, "b.go")
	res := Analyze(in, Config{MinPartners: -1})
	list := res.Partners["a.go"]
	require.Len(t, list, 2)
	assert.Equal(t, "c.go", list[0].Path)
	assert.Equal(t, 2, list[0].Count)
	assert.InDelta(t, 2.0, list[0].Strength, 1e-9)
	assert.Equal(t, "b.go", list[1].Path)
	assert.Equal(t, 3, list[1].Count)
	assert.InDelta(t, 3.0, list[1].Strength, 1e-9)

	// Without times there is no order of commits: b.go's larger history
	// leads.
	res = Analyze(Input{Commits: in.Commits}, Config{MinPartners: -1})
	assert.Equal(t, "b.go", res.Partners["a.go"][0].Path)
}
