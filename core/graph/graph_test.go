package graph

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewMergesDuplicatesAndDropsSelfLoops(t *testing.T) {
	t.Parallel()
	g := mustNew(t, 4, []Edge{
		{From: 2, To: 1, Weight: 2},
		{From: 0, To: 1},
		{From: 0, To: 1, Weight: 3},
		{From: 1, To: 1, Weight: 9}, // self-loop
		{From: 0, To: 3},
		{From: 0, To: 2},
	})
	assert.Equal(t, 4, g.N())
	assert.Equal(t, 4, g.M())
	assert.Equal(t, []int32{1, 2, 3}, g.Out(0))
	assert.Equal(t, []float64{4, 1, 1}, g.OutWeights(0))
	assert.Equal(t, []int32{0, 2}, g.In(1))
	assert.Equal(t, []float64{4, 2}, g.InWeights(1))
	assert.Empty(t, g.Out(1))
	assert.Equal(t, 3, g.OutDegree(0))
	assert.Equal(t, 2, g.InDegree(1))
	assert.Equal(t, 4.0, g.Weight(0, 1))
	assert.Equal(t, 0.0, g.Weight(1, 0))
	assert.Equal(t, 0.0, g.Weight(1, 1))
}

func TestNewRejectsBadInput(t *testing.T) {
	t.Parallel()
	for name, edges := range map[string][]Edge{
		"from out of range": {{From: 3, To: 0}},
		"to negative":       {{From: 0, To: -1}},
		"negative weight":   {{From: 0, To: 1, Weight: -1}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := New(3, edges)
			require.Error(t, err)
		})
	}
}

func TestEmptyGraph(t *testing.T) {
	t.Parallel()
	g := mustNew(t, 0, nil)
	assert.Empty(t, PageRank(g, IterOptions{}))
	h, a := HITS(g, IterOptions{})
	assert.Empty(t, h)
	assert.Empty(t, a)
	assert.Empty(t, Betweenness(g, BetweennessOptions{}))

	g = mustNew(t, 3, nil)
	assert.InDeltaSlice(t, []float64{1. / 3, 1. / 3, 1. / 3}, PageRank(g, IterOptions{}), 1e-12)
	h, a = HITS(g, IterOptions{})
	assert.Equal(t, []float64{0, 0, 0}, h)
	assert.Equal(t, []float64{0, 0, 0}, a)
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []float64{0.5, 1, 0}, Normalize([]float64{2, 4, 0}))
	assert.Equal(t, []float64{0, 0}, Normalize([]float64{0, 0}))
	assert.Equal(t, []float64{}, Normalize(nil))
}

func TestPercentile(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct{ in, want []float64 }{
		"distinct":  {[]float64{30, 10, 20}, []float64{1, 0, 0.5}},
		"ties":      {[]float64{1, 1, 1, 5, 9}, []float64{0, 0, 0, 0.75, 1}},
		"all equal": {[]float64{2, 2, 2}, []float64{0, 0, 0}},
		"single":    {[]float64{7}, []float64{0}},
		"empty":     {nil, []float64{}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, Percentile(tc.in))
		})
	}
}
