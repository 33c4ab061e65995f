package query

import (
	"context"
	"path"
	"sort"
	"strings"

	"github.com/homer-dev/homer/core/graph"
)

// Community is a group of files more tightly linked to each other than to
// the rest (Louvain on the file graph of imports and calls).
type Community struct {
	ID    int    `json:"id"`
	Label string `json:"label"`
	Size  int    `json:"size"`
	// Directory is the directory most of its files are in, and
	// DirectoryShare their share; MatchesDirectory is set when that share
	// is at least 80% and the directory holds little else (at least 80% of
	// its linked files are in this community).
	Directory        string  `json:"directory"`
	DirectoryShare   float64 `json:"directory_share"`
	MatchesDirectory bool    `json:"matches_directory"`
	// Files are its files, the most linked first.
	Files []string `json:"files"`
	// Coupling is the weight of its links to each other community, as a
	// share of all its outside links, strongest first.
	Coupling []Coupling `json:"coupling"`
}

// Coupling is the share of a community's outside links that go to another.
type Coupling struct {
	To    int     `json:"to"`
	Share float64 `json:"share"`
}

// Communities is the community structure of the repository's file graph.
type Communities struct {
	Version    int     `json:"version"`
	Modularity float64 `json:"modularity"`
	// Linked counts the files with at least one link; Unlinked files are
	// in no listed community.
	Linked      int         `json:"linked"`
	Unlinked    int         `json:"unlinked"`
	Communities []Community `json:"communities"`
}

// Communities finds the communities of the file graph.
func (q *Q) Communities(ctx context.Context) (*Communities, error) {
	fg, err := q.fileGraph(ctx)
	if err != nil {
		return nil, err
	}
	g, err := graph.FromWeights(len(fg.paths), fg.links)
	if err != nil {
		return nil, err
	}
	part := graph.Louvain(g, graph.LouvainOptions{})
	out := &Communities{Version: Version, Modularity: part.Modularity}
	degree := make([]int, len(fg.paths))
	for k := range fg.links {
		degree[k[0]]++
		degree[k[1]]++
	}
	members := make([][]int, part.Count)
	for u, c := range part.Community {
		if degree[u] == 0 {
			out.Unlinked++
			continue
		}
		out.Linked++
		members[c] = append(members[c], u)
	}
	// Linked files per directory, to tell whether a community is its
	// directory.
	perDir := map[string]int{}
	for u := range fg.paths {
		if degree[u] > 0 {
			perDir[path.Dir(fg.paths[u])]++
		}
	}
	cross := make([]map[int]float64, part.Count)
	for k, w := range fg.links {
		a, b := part.Community[k[0]], part.Community[k[1]]
		if a == b {
			continue
		}
		for _, pair := range [][2]int{{a, b}, {b, a}} {
			if cross[pair[0]] == nil {
				cross[pair[0]] = map[int]float64{}
			}
			cross[pair[0]][pair[1]] += w
		}
	}
	for c, ms := range members {
		if len(ms) < 2 {
			continue
		}
		sort.Slice(ms, func(i, j int) bool {
			if degree[ms[i]] != degree[ms[j]] {
				return degree[ms[i]] > degree[ms[j]]
			}
			return fg.paths[ms[i]] < fg.paths[ms[j]]
		})
		com := Community{ID: c, Size: len(ms)}
		dirs := map[string]int{}
		var names []string
		for _, u := range ms {
			dirs[path.Dir(fg.paths[u])]++
			names = append(names, fg.paths[u])
		}
		com.Files = names
		best := ""
		for d, n := range dirs {
			if n > dirs[best] || n == dirs[best] && d < best {
				best = d
			}
		}
		com.Directory = best
		com.DirectoryShare = round3(float64(dirs[best]) / float64(len(ms)))
		com.MatchesDirectory = com.DirectoryShare >= 0.8 && float64(dirs[best]) >= 0.8*float64(perDir[best])
		com.Label = best
		if best == "." {
			com.Label = "(root)"
		}
		if com.DirectoryShare < 0.5 {
			// No directory dominates: the longest prefix its files share,
			// or the largest directories' names.
			if p := commonPrefix(names); p != "" {
				com.Label = p + "…"
			} else {
				com.Label = best + " and others"
			}
		}
		var total float64
		for _, w := range cross[c] {
			total += w
		}
		for to, w := range cross[c] {
			com.Coupling = append(com.Coupling, Coupling{To: to, Share: round3(w / total)})
		}
		sort.Slice(com.Coupling, func(i, j int) bool {
			if com.Coupling[i].Share != com.Coupling[j].Share {
				return com.Coupling[i].Share > com.Coupling[j].Share
			}
			return com.Coupling[i].To < com.Coupling[j].To
		})
		out.Communities = append(out.Communities, com)
	}
	return out, nil
}

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }

// commonPrefix is the longest path prefix, ending at a separator, that
// all names share.
func commonPrefix(names []string) string {
	if len(names) == 0 {
		return ""
	}
	p := names[0]
	for _, n := range names[1:] {
		for !strings.HasPrefix(n, p) {
			p = p[:len(p)-1]
		}
	}
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[:i+1]
	}
	return ""
}

// FileLink is a weighted link from a file to one it imports or calls into.
type FileLink struct {
	From   string  `json:"from"`
	To     string  `json:"to"`
	Weight float64 `json:"weight"`
}

// LinksAmong lists the file graph's links between the given files.
func (q *Q) LinksAmong(ctx context.Context, files []string) ([]FileLink, error) {
	fg, err := q.fileGraph(ctx)
	if err != nil {
		return nil, err
	}
	in := map[int]bool{}
	for _, f := range files {
		if i, ok := fg.index[f]; ok {
			in[i] = true
		}
	}
	var out []FileLink
	for k, w := range fg.links {
		if in[k[0]] && in[k[1]] {
			out = append(out, FileLink{From: fg.paths[k[0]], To: fg.paths[k[1]], Weight: w})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].From != out[j].From {
			return out[i].From < out[j].From
		}
		return out[i].To < out[j].To
	})
	return out, nil
}
