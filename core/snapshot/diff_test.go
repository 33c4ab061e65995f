package snapshot

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// snap builds a snapshot from paths and import links between them.
func snap(t *testing.T, ref string, paths []string, links [][2]string) *Snapshot {
	s := &Snapshot{Ref: ref, Commit: ref}
	for _, p := range paths {
		s.Files = append(s.Files, File{Path: p, Blob: "b-" + p})
	}
	idx := s.Index()
	for _, l := range links {
		a, okA := idx[l[0]]
		b, okB := idx[l[1]]
		require.True(t, okA && okB, "%v", l)
		s.Edges = append(s.Edges, Edge{Kind: Import, From: a, To: b, Weight: 1})
	}
	require.NoError(t, s.Measure(0))
	return s
}

func clique(files ...string) [][2]string {
	var out [][2]string
	for _, a := range files {
		for _, b := range files {
			if a != b {
				out = append(out, [2]string{a, b})
			}
		}
	}
	return out
}

// Two planted communities, p and q, joined by one link. In the second
// graph q/b3 has left q for p (its links now go to p's files only), a new
// community r of three files appears, and the p–q link is gone.
func TestCompareCommunitiesAndEdges(t *testing.T) {
	t.Parallel()
	p := []string{"p/a1.go", "p/a2.go", "p/a3.go", "p/a4.go"}
	q := []string{"q/b1.go", "q/b2.go", "q/b3.go", "q/b4.go"}
	r := []string{"r/c1.go", "r/c2.go", "r/c3.go"}
	var before [][2]string
	before = append(before, clique(p...)...)
	before = append(before, clique(q...)...)
	before = append(before, [2]string{"p/a1.go", "q/b1.go"})
	a := snap(t, "v1", append(append([]string{}, p...), q...), before)

	var after [][2]string
	after = append(after, clique(append(append([]string{}, p...), "q/b3.go")...)...)
	after = append(after, clique("q/b1.go", "q/b2.go", "q/b4.go")...)
	after = append(after, clique(r...)...)
	b := snap(t, "v2", append(append(append([]string{}, p...), q...), r...), after)

	d, err := Compare(a, b, DiffOptions{})
	require.NoError(t, err)
	assert.Equal(t, r, d.AddedFiles)
	assert.Empty(t, d.RemovedFiles)
	assert.Contains(t, d.RemovedEdges, EdgeChange{Kind: "import", From: "p/a1.go", To: "q/b1.go", Weight: 1, CrossModule: true})
	assert.Contains(t, d.RemovedEdges, EdgeChange{Kind: "import", From: "q/b3.go", To: "q/b1.go", Weight: 1})
	assert.Contains(t, d.AddedEdges, EdgeChange{Kind: "import", From: "q/b3.go", To: "p/a1.go", Weight: 1, CrossModule: true})
	assert.Equal(t, "import", d.AddedEdges[0].Kind)
	assert.True(t, d.AddedEdges[0].CrossModule, "links between modules come first")
	assert.Equal(t, 2, d.CommunitiesFrom)
	assert.Equal(t, 3, d.CommunitiesTo)
	require.Len(t, d.NewCommunities, 1)
	assert.Equal(t, Group{Label: "r", Size: 3, Files: r}, d.NewCommunities[0])
	assert.Equal(t, []Move{{Path: "q/b3.go", From: "q", To: "p"}}, d.Moved)
	require.Len(t, d.Coupling, 1)
	assert.Equal(t, CouplingChange{A: "p", B: "q", From: 1, To: 0}, CouplingChange{A: min(d.Coupling[0].A, d.Coupling[0].B), B: max(d.Coupling[0].A, d.Coupling[0].B), From: d.Coupling[0].From, To: d.Coupling[0].To})
}

func TestCompareShiftsAboveThreshold(t *testing.T) {
	t.Parallel()
	paths := []string{"a.go", "b.go", "c.go", "hub.go"}
	a := snap(t, "v1", paths, [][2]string{{"a.go", "b.go"}, {"c.go", "b.go"}, {"hub.go", "b.go"}})
	b := snap(t, "v2", paths, [][2]string{{"a.go", "hub.go"}, {"c.go", "hub.go"}, {"b.go", "hub.go"}})
	d, err := Compare(a, b, DiffOptions{Threshold: 0.5})
	require.NoError(t, err)
	var shifted []string
	for _, s := range d.Shifts {
		shifted = append(shifted, s.Path)
	}
	assert.ElementsMatch(t, []string{"b.go", "hub.go"}, shifted)
	d, err = Compare(a, a, DiffOptions{})
	require.NoError(t, err)
	assert.Empty(t, d.Shifts)
	assert.Empty(t, d.AddedEdges)
	assert.Empty(t, d.Moved)
}
