package snapshot

import (
	"path"

	"github.com/homer-dev/homer/core/graph"
)

// Kind is what a link between two files stands for.
type Kind int

const (
	// Import: the first file imports the second.
	Import Kind = 0
	// Call: functions of the first file call into the second; the weight
	// counts the calls.
	Call Kind = 1
)

func (k Kind) String() string {
	if k == Call {
		return "call"
	}
	return "import"
}

// File is a file of a snapshot, with its centrality in the snapshot's
// file graph (each normalised so the top file has 1).
type File struct {
	Path string `json:"path"`
	Blob string `json:"blob"`
	// Test: a test or a test's support (conftest, helpers, the scripts
	// tests run), whose links the product does not depend on (Weigh).
	Test        bool    `json:"test,omitempty"`
	PageRank    float64 `json:"pagerank"`
	Betweenness float64 `json:"betweenness"`
}

// Edge links two files of a snapshot, by their index in Files.
type Edge struct {
	Kind   Kind `json:"kind"`
	From   int  `json:"from"`
	To     int  `json:"to"`
	Weight int  `json:"weight"`
}

// Snapshot is the file graph at one commit.
type Snapshot struct {
	ID     int64  `json:"-"`
	Commit string `json:"commit"`
	// Ref is how the snapshot was asked for (a tag, a sha, "HEAD~40").
	Ref string `json:"ref"`
	// Reason says why it was taken: "tag", "every", "on demand".
	Reason string `json:"reason"`
	Time   int64  `json:"time"`
	// Key hashes what the graph was built from (resolution rules, plugin
	// builds, the files and their blobs): a snapshot whose key still
	// matches needs no rebuilding.
	Key   string `json:"key"`
	Files []File `json:"files"`
	Edges []Edge `json:"edges"`
}

// Index maps each path to its index in Files.
func (s *Snapshot) Index() map[string]int {
	m := make(map[string]int, len(s.Files))
	for i, f := range s.Files {
		m[f.Path] = i
	}
	return m
}

// Link is a file-level link as resolution found it, by file index.
type Link struct {
	Import   bool
	From, To int
	Count    int
}

// Weigh turns file links into the weighted graph centrality is measured
// on, the same for HEAD and every snapshot: links from tests are left out
// (code does not depend on its tests); a file that imports a package of k
// files gives each 1/k, so a package's size does not multiply its weight;
// calls add their count.
func Weigh(paths []string, tests []bool, links []Link) map[[2]int]float64 {
	perDir := map[[2]string]int{}
	kept := links[:0:0]
	for _, l := range links {
		if l.From == l.To || tests[l.From] {
			continue
		}
		kept = append(kept, l)
		if l.Import {
			perDir[[2]string{paths[l.From], path.Dir(paths[l.To])}]++
		}
	}
	out := map[[2]int]float64{}
	for _, l := range kept {
		w := float64(l.Count)
		if l.Import {
			w = 1 / float64(perDir[[2]string{paths[l.From], path.Dir(paths[l.To])}])
		}
		out[[2]int{l.From, l.To}] += w
	}
	return out
}

// Graph is the snapshot's weighted file graph (Weigh).
func (s *Snapshot) Graph() (*graph.Graph, error) {
	paths := make([]string, len(s.Files))
	tests := make([]bool, len(s.Files))
	for i, f := range s.Files {
		paths[i], tests[i] = f.Path, f.Test
	}
	links := make([]Link, len(s.Edges))
	for i, e := range s.Edges {
		links[i] = Link{Import: e.Kind == Import, From: e.From, To: e.To, Count: e.Weight}
	}
	return graph.FromWeights(len(s.Files), Weigh(paths, tests, links))
}

// Measure sets every file's PageRank and betweenness, normalised as HEAD's
// centrality is; exactBelow is the graph size up to which betweenness is
// exact (sampled above).
func (s *Snapshot) Measure(exactBelow int) error {
	g, err := s.Graph()
	if err != nil {
		return err
	}
	pr := graph.Normalize(graph.PageRank(g, graph.IterOptions{}))
	bt := graph.Normalize(graph.Betweenness(g, graph.BetweennessOptions{ExactThreshold: exactBelow}))
	for i := range s.Files {
		s.Files[i].PageRank = round4(pr[i])
		s.Files[i].Betweenness = round4(bt[i])
	}
	return nil
}

func round4(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }

// Summary describes a stored snapshot without its graph.
type Summary struct {
	Commit string `json:"commit"`
	Ref    string `json:"ref"`
	Reason string `json:"reason"`
	Time   int64  `json:"time"`
	Key    string `json:"-"`
	Files  int    `json:"files"`
	Edges  int    `json:"edges"`
}
