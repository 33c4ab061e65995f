package pipeline

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/graph"
	"github.com/homer-dev/homer/sdk"
)

// recorded is a Progress that keeps what it was told.
type recorded struct {
	mu   sync.Mutex
	bars []*recordedBar
}

type recordedBar struct {
	p            *recorded
	label        string
	total, count int
	done         bool
}

func (p *recorded) Start(label string, total int) Bar {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := &recordedBar{p: p, label: label, total: total}
	p.bars = append(p.bars, b)
	return b
}

func (b *recordedBar) Add(n int) {
	b.p.mu.Lock()
	b.count += n
	b.p.mu.Unlock()
}

func (b *recordedBar) SetTotal(n int) {
	b.p.mu.Lock()
	b.total = n
	b.p.mu.Unlock()
}

func (b *recordedBar) Done() {
	b.p.mu.Lock()
	b.done = true
	b.p.mu.Unlock()
}

// The centrality stage's betweenness searches count on one bar, whose
// total is the number of searches, and which is done when they are.
func TestSearchesShowProgress(t *testing.T) {
	t.Parallel()
	var edges []graph.Edge
	for i := range 299 {
		edges = append(edges, graph.Edge{From: i, To: i + 1, Weight: 1}, graph.Edge{From: i + 1, To: i / 2, Weight: 1})
	}
	g, err := graph.New(300, edges)
	require.NoError(t, err)
	p := &recorded{}
	r := &Run{Progress: p}
	bo, searched := r.searches(graph.BetweennessOptions{ExactThreshold: 100, Pivots: 40, Workers: 2}, "centrality: file paths")
	graph.Betweenness(g, bo)
	require.Len(t, p.bars, 1)
	assert.False(t, p.bars[0].done, "not done before the caller says so")
	searched()
	assert.Equal(t, recordedBar{p: p, label: "centrality: file paths", total: 40, count: 40, done: true}, *p.bars[0])

	empty, _ := graph.New(0, nil)
	p2 := &recorded{}
	bo, searched = (&Run{Progress: p2}).searches(graph.BetweennessOptions{}, "centrality: call paths")
	graph.Betweenness(empty, bo)
	searched()
	assert.Empty(t, p2.bars, "no search, no bar")
}

// A source that tells its commit total has its bar count commits, not
// the tags and files that come with them.
func TestProgressCountsCommitsOnceTotalled(t *testing.T) {
	t.Parallel()
	b := &sdk.RecordBatch{Records: []*sdk.Record{
		sdk.CommitRecord(&sdk.Commit{Sha: "a"}),
		sdk.CommitRecord(&sdk.Commit{Sha: "b"}),
		sdk.ReleaseRecord(&sdk.Release{Name: "v1", Sha: "b"}),
	}}
	assert.Equal(t, 2, progressCount(b, true))
	assert.Equal(t, 3, progressCount(b, false))
}
