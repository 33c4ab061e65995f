package query

import (
	"context"
	"sort"

	"github.com/homer-dev/homer/core/graph"
	"github.com/homer-dev/homer/core/record"
)

// Affected are the files a change reaches most through what depends on
// it, best first.
type Affected struct {
	Path string `json:"path"`
	// Score is the file's personalised PageRank, seeded on the changed
	// files and walked against the dependency edges (from a file to what
	// depends on it through imports and calls).
	Score float64 `json:"score"`
}

// MostAffected ranks the files at HEAD that depend, directly or not, on
// the changed files: personalised PageRank from the changed files over
// the reversed file graph of imports and calls. Tests and the changed
// files themselves are left out; n caps the list.
func (q *Q) MostAffected(ctx context.Context, changed []string, n int) ([]Affected, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT n.name, h.is_test FROM head_files h JOIN nodes n ON n.id = h.node_id`)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	var paths []string
	var tests []bool
	for rows.Next() {
		var p string
		var test bool
		if err := rows.Scan(&p, &test); err != nil {
			rows.Close()
			return nil, err
		}
		index[p] = len(paths)
		paths = append(paths, p)
		tests = append(tests, test)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	seeds := map[int]float64{}
	for _, c := range changed {
		if i, ok := index[c]; ok {
			seeds[i] = 1
		}
	}
	if len(seeds) == 0 {
		return nil, nil
	}
	rows, err = q.db.QueryContext(ctx, `SELECT a.name, b.name FROM edges e
		JOIN edge_members ma ON ma.edge_id = e.id AND ma.position = 0 JOIN nodes a ON a.id = ma.node_id
		JOIN edge_members mb ON mb.edge_id = e.id AND mb.position = 1 JOIN nodes b ON b.id = mb.node_id
		WHERE e.kind IN (?, ?)`, record.EdgeImports, record.EdgeFileCalls)
	if err != nil {
		return nil, err
	}
	weights := map[[2]int]float64{}
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			rows.Close()
			return nil, err
		}
		a, okA := index[from]
		b, okB := index[to]
		if !okA || !okB || a == b || tests[a] {
			continue
		}
		// Reversed: rank flows from what is depended on to its dependents.
		weights[[2]int{b, a}]++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	edges := make([]graph.Edge, 0, len(weights))
	for k, w := range weights {
		edges = append(edges, graph.Edge{From: k[0], To: k[1], Weight: w})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].From != edges[j].From {
			return edges[i].From < edges[j].From
		}
		return edges[i].To < edges[j].To
	})
	g, err := graph.New(len(paths), edges)
	if err != nil {
		return nil, err
	}
	scores, err := graph.PersonalizedPageRank(g, seeds, graph.IterOptions{})
	if err != nil {
		return nil, err
	}
	var out []Affected
	for i, s := range scores {
		if _, seed := seeds[i]; seed || tests[i] || s <= 0 || g.InDegree(i) == 0 {
			continue
		}
		out = append(out, Affected{Path: paths[i], Score: s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Path < out[j].Path
	})
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}
