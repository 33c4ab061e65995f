package query

import (
	"context"
	"sort"

	"github.com/homer-dev/homer/core/graph"
	"github.com/homer-dev/homer/core/record"
)

// MostAffected ranks the files at HEAD that depend, directly or not, on
// the changed files: personalised PageRank from the changed files over
// the reversed file graph of imports and calls. Tests and the changed
// files themselves are left out; n caps the list.
func (q *Q) MostAffected(ctx context.Context, changed []string, n int) ([]Affected, error) {
	fg, err := q.fileGraph(ctx)
	if err != nil {
		return nil, err
	}
	seeds := map[int]float64{}
	for _, c := range changed {
		if i, ok := fg.index[c]; ok {
			seeds[i] = 1
		}
	}
	if len(seeds) == 0 {
		return nil, nil
	}
	// Reversed: rank flows from what is depended on to its dependents.
	weights := map[[2]int]float64{}
	for k, w := range fg.links {
		weights[[2]int{k[1], k[0]}] = w
	}
	paths, tests := fg.paths, fg.tests
	g, err := graph.FromWeights(len(paths), weights)
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
		out = append(out, Affected{Path: paths[i], Score: round4(s)})
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

// fileGraph is the graph of the files at HEAD: a link from a file to
// each file it imports or calls into, weighted by how many such edges
// there are. Links from tests are left out: code does not depend on its
// tests.
type fileGraph struct {
	paths []string
	index map[string]int
	tests []bool
	links map[[2]int]float64
}

// headFiles lists the files at HEAD by name, and whether each is a test.
func (q *Q) headFiles(ctx context.Context) (paths []string, tests []bool, err error) {
	paths, tests, _, err = q.headFileIDs(ctx)
	return paths, tests, err
}

// headFileIDs is headFiles with each file's node id.
func (q *Q) headFileIDs(ctx context.Context) (paths []string, tests []bool, ids []int64, err error) {
	rows, err := q.db.QueryContext(ctx, `SELECT n.name, h.is_test, n.id FROM head_files h JOIN nodes n ON n.id = h.node_id ORDER BY n.name`)
	if err != nil {
		return nil, nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var test bool
		var id int64
		if err := rows.Scan(&p, &test, &id); err != nil {
			return nil, nil, nil, err
		}
		paths, tests, ids = append(paths, p), append(tests, test), append(ids, id)
	}
	return paths, tests, ids, rows.Err()
}

func (q *Q) fileGraph(ctx context.Context) (*fileGraph, error) {
	fg := &fileGraph{index: map[string]int{}, links: map[[2]int]float64{}}
	var ids []int64
	var err error
	if fg.paths, fg.tests, ids, err = q.headFileIDs(ctx); err != nil {
		return nil, err
	}
	// Links name their files by node id: the files at HEAD are found by
	// theirs, no other file's name is made.
	byID := make(map[int64]int, len(ids))
	for i, p := range fg.paths {
		fg.index[p] = i
		byID[ids[i]] = i
	}
	rows, err := q.db.QueryContext(ctx, `SELECT e.src, e.dst FROM link_edges e WHERE e.kind IN (?, ?)`, record.EdgeImports, record.EdgeFileCalls)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var from, to int64
		if err := rows.Scan(&from, &to); err != nil {
			return nil, err
		}
		a, okA := byID[from]
		b, okB := byID[to]
		if !okA || !okB || a == b || fg.tests[a] {
			continue
		}
		fg.links[[2]int{a, b}]++
	}
	return fg, rows.Err()
}

func round4(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }
