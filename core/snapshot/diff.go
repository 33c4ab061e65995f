package snapshot

import (
	"fmt"
	"math"
	"path"
	"sort"

	"github.com/homer-dev/homer/core/graph"
)

// DiffOptions tunes Compare.
type DiffOptions struct {
	// Threshold is the smallest change of normalised PageRank or
	// betweenness reported as a shift (default 0.1).
	Threshold float64
}

// Side names one snapshot of a diff.
type Side struct {
	Ref    string `json:"ref"`
	Commit string `json:"commit"`
	Files  int    `json:"files"`
	Edges  int    `json:"edges"`
}

// EdgeChange is a link present on one side only.
type EdgeChange struct {
	Kind   string `json:"kind"`
	From   string `json:"from"`
	To     string `json:"to"`
	Weight int    `json:"weight"`
	// CrossModule: the two files are in different modules (directories).
	CrossModule bool `json:"cross_module"`
}

// Shift is a file whose centrality moved by at least the threshold.
type Shift struct {
	Path            string  `json:"path"`
	PageRankFrom    float64 `json:"pagerank_from"`
	PageRankTo      float64 `json:"pagerank_to"`
	BetweennessFrom float64 `json:"betweenness_from"`
	BetweennessTo   float64 `json:"betweenness_to"`
}

// Move is a file whose community changed.
type Move struct {
	Path string `json:"path"`
	From string `json:"from"`
	To   string `json:"to"`
}

// Group is a community of the second snapshot.
type Group struct {
	Label string   `json:"label"`
	Size  int      `json:"size"`
	Files []string `json:"files"`
}

// CouplingChange is the change in link weight between two communities,
// named by their labels in the first snapshot.
type CouplingChange struct {
	A    string  `json:"a"`
	B    string  `json:"b"`
	From float64 `json:"from"`
	To   float64 `json:"to"`
}

// Diff is the architectural difference between two snapshots.
type Diff struct {
	From         Side         `json:"from"`
	To           Side         `json:"to"`
	AddedFiles   []string     `json:"added_files"`
	RemovedFiles []string     `json:"removed_files"`
	AddedEdges   []EdgeChange `json:"added_edges"`
	RemovedEdges []EdgeChange `json:"removed_edges"`
	Threshold    float64      `json:"threshold"`
	Shifts       []Shift      `json:"shifts"`
	// Communities counts the communities of two files or more on each side.
	CommunitiesFrom int              `json:"communities_from"`
	CommunitiesTo   int              `json:"communities_to"`
	NewCommunities  []Group          `json:"new_communities"`
	Moved           []Move           `json:"moved"`
	Coupling        []CouplingChange `json:"coupling"`
}

// Module is the module of a path: its directory.
func Module(p string) string { return path.Dir(p) }

type edgeKey struct {
	kind     Kind
	from, to string
}

func edgeMap(s *Snapshot) map[edgeKey]int {
	m := make(map[edgeKey]int, len(s.Edges))
	for _, e := range s.Edges {
		m[edgeKey{e.Kind, s.Files[e.From].Path, s.Files[e.To].Path}] = e.Weight
	}
	return m
}

// Compare diffs two snapshots: files and links added and removed (links
// between modules called out), centrality shifts of files on both sides,
// and communities (Louvain on each side's weighted file graph) matched
// across the two by shared files.
func Compare(a, b *Snapshot, o DiffOptions) (*Diff, error) {
	if o.Threshold <= 0 {
		o.Threshold = 0.1
	}
	d := &Diff{Threshold: o.Threshold,
		From: Side{Ref: a.Ref, Commit: a.Commit, Files: len(a.Files), Edges: len(a.Edges)},
		To:   Side{Ref: b.Ref, Commit: b.Commit, Files: len(b.Files), Edges: len(b.Edges)}}
	ai, bi := a.Index(), b.Index()
	for _, f := range b.Files {
		if _, ok := ai[f.Path]; !ok {
			d.AddedFiles = append(d.AddedFiles, f.Path)
		}
	}
	for _, f := range a.Files {
		j, ok := bi[f.Path]
		if !ok {
			d.RemovedFiles = append(d.RemovedFiles, f.Path)
			continue
		}
		g := b.Files[j]
		if math.Abs(g.PageRank-f.PageRank) >= o.Threshold || math.Abs(g.Betweenness-f.Betweenness) >= o.Threshold {
			d.Shifts = append(d.Shifts, Shift{Path: f.Path, PageRankFrom: f.PageRank, PageRankTo: g.PageRank,
				BetweennessFrom: f.Betweenness, BetweennessTo: g.Betweenness})
		}
	}
	sort.Strings(d.AddedFiles)
	sort.Strings(d.RemovedFiles)
	sort.SliceStable(d.Shifts, func(i, j int) bool { return shiftSize(d.Shifts[i]) > shiftSize(d.Shifts[j]) })

	ea, eb := edgeMap(a), edgeMap(b)
	d.AddedEdges = edgeChanges(eb, ea)
	d.RemovedEdges = edgeChanges(ea, eb)

	if err := compareCommunities(a, b, d); err != nil {
		return nil, err
	}
	// Empty lists are [] in JSON, not null.
	for _, l := range []*[]string{&d.AddedFiles, &d.RemovedFiles} {
		if *l == nil {
			*l = []string{}
		}
	}
	for _, l := range []*[]EdgeChange{&d.AddedEdges, &d.RemovedEdges} {
		if *l == nil {
			*l = []EdgeChange{}
		}
	}
	if d.Shifts == nil {
		d.Shifts = []Shift{}
	}
	if d.NewCommunities == nil {
		d.NewCommunities = []Group{}
	}
	if d.Moved == nil {
		d.Moved = []Move{}
	}
	if d.Coupling == nil {
		d.Coupling = []CouplingChange{}
	}
	return d, nil
}

func shiftSize(s Shift) float64 {
	return max(math.Abs(s.PageRankTo-s.PageRankFrom), math.Abs(s.BetweennessTo-s.BetweennessFrom))
}

// edgeChanges lists the links of have that other lacks: links between
// modules first, then by kind and path.
func edgeChanges(have, other map[edgeKey]int) []EdgeChange {
	var out []EdgeChange
	for k, w := range have {
		if _, ok := other[k]; ok {
			continue
		}
		out = append(out, EdgeChange{Kind: k.kind.String(), From: k.from, To: k.to, Weight: w, CrossModule: Module(k.from) != Module(k.to)})
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.CrossModule != y.CrossModule {
			return x.CrossModule
		}
		if x.Kind != y.Kind {
			return x.Kind < y.Kind
		}
		if x.From != y.From {
			return x.From < y.From
		}
		return x.To < y.To
	})
	return out
}

// communities is one side's Louvain partition of its linked files.
type communities struct {
	of      map[string]int   // path → community, linked files only
	members map[int][]string // community → paths, sorted
	weights map[[2]int]float64
}

func partition(s *Snapshot) (*communities, error) {
	g, err := s.Graph()
	if err != nil {
		return nil, err
	}
	p := graph.Louvain(g, graph.LouvainOptions{})
	c := &communities{of: map[string]int{}, members: map[int][]string{}, weights: map[[2]int]float64{}}
	for u, k := range p.Community {
		if g.InDegree(u)+g.OutDegree(u) == 0 {
			continue
		}
		c.of[s.Files[u].Path] = k
		c.members[k] = append(c.members[k], s.Files[u].Path)
	}
	for u := 0; u < g.N(); u++ {
		w := g.OutWeights(u)
		for j, v := range g.Out(u) {
			x, y := p.Community[u], p.Community[int(v)]
			if x == y {
				continue
			}
			if x > y {
				x, y = y, x
			}
			c.weights[[2]int{x, y}] += w[j]
		}
	}
	return c, nil
}

// label names a community by the directory most of its files are in.
func label(files []string) string {
	dirs := map[string]int{}
	for _, f := range files {
		dirs[Module(f)]++
	}
	best := ""
	for dir, n := range dirs {
		if n > dirs[best] || n == dirs[best] && dir < best {
			best = dir
		}
	}
	if best == "." {
		best = "(root)"
	}
	return best
}

// compareCommunities matches each community of b to the community of a
// holding most of its files; one whose best match holds less than half of
// its files is new. A file moved when its community in b is matched to
// another community than the one it was in, or is new. Coupling is the
// weight of links between two communities of a, on each side (b's
// communities counted as the ones they match).
func compareCommunities(a, b *Snapshot, d *Diff) error {
	ca, err := partition(a)
	if err != nil {
		return err
	}
	cb, err := partition(b)
	if err != nil {
		return err
	}
	labelsA := map[int]string{}
	taken := map[string]int{}
	for _, k := range sortedKeys(ca.members) {
		fs := ca.members[k]
		if len(fs) > 1 {
			d.CommunitiesFrom++
		}
		// Two communities mostly in one directory are told apart by a
		// number, the larger first (Louvain numbers by size).
		l := label(fs)
		taken[l]++
		if taken[l] > 1 {
			l = fmt.Sprintf("%s #%d", l, taken[l])
		}
		labelsA[k] = l
	}
	match := map[int]int{} // b's community → a's, or -1 when new
	for _, k := range sortedKeys(cb.members) {
		fs := cb.members[k]
		if len(fs) > 1 {
			d.CommunitiesTo++
		}
		overlap := map[int]int{}
		for _, f := range fs {
			if c, ok := ca.of[f]; ok {
				overlap[c]++
			}
		}
		best, n := -1, 0
		for _, c := range sortedKeys(overlap) {
			if overlap[c] > n {
				best, n = c, overlap[c]
			}
		}
		if 2*n < len(fs) {
			match[k] = -1
			if len(fs) > 1 {
				d.NewCommunities = append(d.NewCommunities, Group{Label: label(fs), Size: len(fs), Files: fs})
			}
			continue
		}
		match[k] = best
	}
	sort.SliceStable(d.NewCommunities, func(i, j int) bool { return d.NewCommunities[i].Size > d.NewCommunities[j].Size })
	for _, f := range sortedKeys(cb.of) {
		was, ok := ca.of[f]
		if !ok {
			continue // a new file, or one that had no link
		}
		now := match[cb.of[f]]
		if now == was {
			continue
		}
		to := "new community " + label(cb.members[cb.of[f]])
		if now >= 0 {
			to = labelsA[now]
		}
		d.Moved = append(d.Moved, Move{Path: f, From: labelsA[was], To: to})
	}
	after := map[[2]int]float64{}
	for k, w := range cb.weights {
		x, y := match[k[0]], match[k[1]]
		if x < 0 || y < 0 || x == y {
			continue
		}
		if x > y {
			x, y = y, x
		}
		after[[2]int{x, y}] += w
	}
	pairs := map[[2]int]bool{}
	for k := range ca.weights {
		pairs[k] = true
	}
	for k := range after {
		pairs[k] = true
	}
	for k := range pairs {
		from, to := round4(ca.weights[k]), round4(after[k])
		if from == to || len(ca.members[k[0]]) < 2 || len(ca.members[k[1]]) < 2 {
			continue
		}
		d.Coupling = append(d.Coupling, CouplingChange{A: labelsA[k[0]], B: labelsA[k[1]], From: from, To: to})
	}
	sort.Slice(d.Coupling, func(i, j int) bool {
		x, y := math.Abs(d.Coupling[i].To-d.Coupling[i].From), math.Abs(d.Coupling[j].To-d.Coupling[j].From)
		if x != y {
			return x > y
		}
		if d.Coupling[i].A != d.Coupling[j].A {
			return d.Coupling[i].A < d.Coupling[j].A
		}
		return d.Coupling[i].B < d.Coupling[j].B
	})
	return nil
}

func sortedKeys[K int | string, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
