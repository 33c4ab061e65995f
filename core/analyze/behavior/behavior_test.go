package behavior

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBusFactor(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		counts []int
		want   int
	}{
		"none":                {nil, 0},
		"single author":       {[]int{7}, 1},
		"one covers 90%":      {[]int{9, 1}, 1},
		"exactly 80% by two":  {[]int{5, 3, 1, 1}, 2},
		"one at 75%":          {[]int{3, 1}, 2},
		"needs three":         {[]int{4, 3, 3}, 3},
		"even spread of five": {[]int{1, 1, 1, 1, 1}, 4},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var as []AuthorChanges
			for i, c := range tc.counts {
				as = append(as, AuthorChanges{Author: string(rune('a' + i)), Changes: c})
			}
			assert.Equal(t, tc.want, BusFactor(as))
		})
	}
}

func TestChurnTrend(t *testing.T) {
	t.Parallel()
	months := func(set map[int]int) []int {
		m := make([]int, TrendMonths)
		for i, c := range set {
			m[i] = c
		}
		return m
	}
	for name, tc := range map[string]struct {
		monthly []int
		slope   float64
		trend   Trend
	}{
		"nothing":          {months(nil), 0, Quiescent},
		"one change":       {months(map[int]int{11: 1}), 5.5 / 143, Quiescent},
		"all last month":   {months(map[int]int{11: 5}), 27.5 / 143, Accelerating},
		"all in the first": {months(map[int]int{0: 5}), -27.5 / 143, Decelerating},
		"steady":           {[]int{2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, 0, Stable},
		// Slope Σ(x-5.5)·y / 143 = 18/143 ≈ 0.126 under 0.1 × mean 1.5: stable.
		"gentle rise": {[]int{1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2}, 18.0 / 143, Stable},
		// The same rise from a lower base is steep relative to its mean 0.5.
		"rise from nothing": {[]int{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, 18.0 / 143, Accelerating},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			slope, trend := ChurnTrend(tc.monthly)
			assert.InDelta(t, tc.slope, slope, 1e-12)
			assert.Equal(t, tc.trend, trend)
		})
	}
}

const now = int64(1000 * Day)

func history() []Change {
	return []Change{
		{Commit: "c1", Time: now - 10*Day, Author: "alice", Path: "a.go", Added: 10, Deleted: 2},
		{Commit: "c1", Time: now - 10*Day, Author: "alice", Path: "a.go", Added: 1, Deleted: 1}, // same commit again
		{Commit: "c2", Time: now - 40*Day, Author: "bob", Path: "a.go", Added: 5, Deleted: 5},
		{Commit: "c3", Time: now - 100*Day, Author: "alice", Path: "a.go", Added: 3},
		{Commit: "c4", Time: now - 400*Day, Author: "alice", Path: "a.go", Added: 50},
		{Commit: "c4", Time: now - 400*Day, Author: "alice", Path: "b.go", Added: 7},
		{Commit: "c2", Time: now - 40*Day, Author: "bob", Path: "c.go", Added: 1},
		{Commit: "c3", Time: now - 100*Day, Author: "carol", Path: "c.go", Added: 1},
	}
}

func TestAnalyze(t *testing.T) {
	t.Parallel()
	got := Analyze(history(), now)
	require.Len(t, got, 3)

	a := got[0]
	assert.Equal(t, "a.go", a.Path)
	assert.Equal(t, 4, a.Changes)
	assert.Equal(t, []int{1, 2, 3}, []int{a.Changes30, a.Changes90, a.Changes365})
	assert.Equal(t, 1.0, a.Percentile)
	assert.Equal(t, []AuthorChanges{{"alice", 3}, {"bob", 1}}, a.Authors)
	assert.Equal(t, 2, a.BusFactor, "alice covers 75%, under 80%")
	assert.Equal(t, now-400*Day, a.FirstChanged)
	assert.Equal(t, now-10*Day, a.LastChanged)
	assert.Equal(t, 69, a.Added)
	assert.Equal(t, 8, a.Deleted)
	assert.Equal(t, 8, a.NetGrowth30)
	assert.Equal(t, 8, a.NetGrowth90)
	// c1 is in month 0 back, c2 in month 1, c3 in month 3, c4 outside.
	assert.Equal(t, []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1}, a.Monthly)
	assert.Equal(t, Accelerating, a.Trend)

	b := got[1]
	assert.Equal(t, "b.go", b.Path)
	assert.Equal(t, 1, b.Changes)
	assert.Equal(t, 0.0, b.Percentile)
	assert.Equal(t, 1, b.BusFactor)
	assert.Equal(t, Quiescent, b.Trend)
	assert.Equal(t, []int{0, 0, 0}, []int{b.Changes30, b.Changes90, b.Changes365})

	c := got[2]
	assert.Equal(t, "c.go", c.Path)
	assert.Equal(t, 0.5, c.Percentile)
	assert.Equal(t, []AuthorChanges{{"bob", 1}, {"carol", 1}}, c.Authors, "ties by author id")
	assert.Equal(t, 2, c.BusFactor)
}

func TestAnalyzeIgnoresInputOrder(t *testing.T) {
	t.Parallel()
	want := Analyze(history(), now)
	for seed := range uint64(5) {
		h := history()
		rand.New(rand.NewPCG(seed, 1)).Shuffle(len(h), func(i, j int) { h[i], h[j] = h[j], h[i] })
		assert.Equal(t, want, Analyze(h, now))
	}
}

func TestAnalyzeEmpty(t *testing.T) {
	t.Parallel()
	assert.Empty(t, Analyze(nil, now))
}

// A file written in one burst has it recognised, and the burst counts once
// in the recency-weighted count; a steadily changed file has no burst.
func TestBurstAndWeighted(t *testing.T) {
	t.Parallel()
	now := int64(1000 * Day)
	var burst, steady []int64
	for i := range 13 {
		burst = append(burst, now-20*Day+int64(i)*Day*10/12)
	}
	for i := range 24 {
		steady = append(steady, now-int64(i)*30*Day)
	}
	b := FindBurst(burst)
	require.NotNil(t, b)
	assert.Equal(t, 13, b.Changes)
	assert.Nil(t, FindBurst(steady))
	assert.Nil(t, FindBurst(burst[:4]), "four changes are no burst")
	assert.InDelta(t, math.Exp2(-10.0/365), Weighted(burst, b, now), 1e-9)
	assert.InDelta(t, 2.5, Weighted([]int64{now, now - HalfLife, now - HalfLife, now - 2*HalfLife, now - 2*HalfLife}, nil, now), 1e-9)
	assert.Greater(t, Weighted(steady, nil, now), Weighted(burst, b, now))
}

// windowed are the figures At counts from Recent.
func windowed(f File) []any {
	return []any{f.Changes30, f.Changes90, f.Changes365, f.NetGrowth30, f.NetGrowth90, f.Monthly, f.Slope, f.Trend}
}

// A file's windowed figures counted by At from the changes it keeps are
// the ones Analyze gives at the same time, at the analysed time and at any
// later one, including when the last change is dated after now (a skewed
// clock); Recent keeps no change older than a year before the earlier of
// now and the last change.
func TestAtCountsTheWindowsAnalyzeGives(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 7))
	base := int64(1_700_000_000)
	var changes []Change
	for i := range 300 {
		path := []string{"a.go", "b.go", "c.go"}[rng.IntN(3)]
		changes = append(changes, Change{Commit: string(rune('A'+i%26)) + string(rune('a'+i/26)), Time: base + rng.Int64N(3*365*Day),
			Author: "ann", Path: path, Added: rng.IntN(40), Deleted: rng.IntN(30)})
	}
	changes = append(changes, Change{Commit: "future", Time: base + 4*365*Day, Author: "bob", Path: "c.go", Added: 5})
	for _, now := range []int64{base + 2*365*Day, base + 3*365*Day} {
		first := Analyze(changes, now)
		for _, later := range []int64{now, now + 17*Day, now + 200*Day, now + 2*365*Day} {
			want := Analyze(changes, later)
			require.Len(t, want, len(first))
			for i, f := range first {
				since := min(now, f.LastChanged) - RecentSpan
				for _, c := range f.Recent {
					require.GreaterOrEqual(t, c[0], since, f.Path)
				}
				f.Changes30, f.Changes90, f.Monthly, f.Trend = -1, -1, nil, ""
				assert.Equal(t, windowed(want[i]), windowed(f.At(later)), "%s analysed at %d, seen at %d", f.Path, now, later)
			}
		}
	}
}
