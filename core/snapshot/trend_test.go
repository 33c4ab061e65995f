package snapshot

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func pts(blobs string, pr []float64, lastPct float64) []Point {
	out := make([]Point, len(pr))
	for i, v := range pr {
		out[i] = Point{Blob: string(blobs[i]), PageRank: v}
	}
	out[len(out)-1].PageRankPercentile = lastPct
	return out
}

func TestClassify(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		points       []Point
		trend, class string
	}{
		"central, unedited, growing":  {pts("aaa", []float64{0.2, 0.6, 1}, 1), Rising, StableCore},
		"central, edited each time":   {pts("abc", []float64{0.9, 0.9, 0.95}, 0.9), Stable, ActiveCritical},
		"peripheral, edited often":    {pts("abcd", []float64{0.1, 0.1, 0.12, 0.1}, 0.2), Stable, Volatile},
		"peripheral, edited once":     {pts("aabb", []float64{0.1, 0.1, 0.1, 0.1}, 0.2), Stable, ReliableBackground},
		"central but losing its rank": {pts("aaa", []float64{1, 0.7, 0.5}, 0.9), Falling, Declining},
		"one snapshot":                {pts("a", []float64{1}, 1), TooFew, ""},
		"small wobble is stable":      {pts("aaa", []float64{0.5, 0.55, 0.54}, 0.5), Stable, ReliableBackground},
	}
	for name, c := range cases {
		got := Classify("f.go", c.points)
		assert.Equal(t, c.trend, got.Trend, name)
		assert.Equal(t, c.class, got.Class, name+": "+got.Why)
	}
}

func TestWeigh(t *testing.T) {
	t.Parallel()
	paths := []string{"a.go", "p/x.go", "p/y.go", "a_test.go"}
	tests := []bool{false, false, false, true}
	w := Weigh(paths, tests, []Link{
		{Import: true, From: 0, To: 1, Count: 1}, {Import: true, From: 0, To: 2, Count: 1},
		{From: 0, To: 1, Count: 3}, {Import: true, From: 3, To: 0, Count: 1}, {From: 1, To: 1, Count: 2},
	})
	assert.Equal(t, map[[2]int]float64{{0, 1}: 3.5, {0, 2}: 0.5}, w, "a package import is shared among its files; tests and self-links weigh nothing")
}
