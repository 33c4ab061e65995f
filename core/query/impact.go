package query

import (
	"context"
	"errors"
	"path"
	"sort"

	"github.com/homer-dev/homer/core/record"
)

// Affected is a file a change reaches without changing it.
type Affected struct {
	Path string `json:"path"`
	// Score is what the file was ranked by (see Impact.Ranking).
	Score float64 `json:"score"`
	// Imports and Calls name the changed files it imports or calls into:
	// the evidence that the change reaches it.
	Imports []string `json:"imports,omitempty"`
	Calls   []string `json:"calls,omitempty"`
}

// Impact is what a change risks: the verdict on its files (Check) and the
// files it most affects.
type Impact struct {
	Version int    `json:"version"`
	Check   *Check `json:"check"`
	// Ranking names how Affected is ranked.
	Ranking  string     `json:"ranking"`
	Affected []Affected `json:"affected"`
	// More is how many affected files were left out by the limit.
	More int `json:"more,omitempty"`
}

// AffectedRanking names the ranking Affected uses today.
const AffectedRanking = "pagerank of the direct importers and callers"

// Impact judges a change (Check with threshold) and ranks the n files it
// most affects.
func (q *Q) Impact(ctx context.Context, paths []string, threshold float64, n int) (*Impact, error) {
	c, err := q.Check(ctx, paths, threshold)
	if err != nil {
		return nil, err
	}
	all, err := q.Affected(ctx, paths)
	if err != nil {
		return nil, err
	}
	im := &Impact{Version: Version, Check: c, Ranking: AffectedRanking, Affected: all}
	if len(all) > n {
		im.Affected, im.More = all[:n], len(all)-n
	}
	return im, nil
}

// Affected ranks the files a change to paths reaches, most affected
// first. This is the one place "most affected" is decided: today it is
// the files that import or call into a changed file, ranked by their
// global PageRank; personalised PageRank seeded with the changed files
// is to replace the ranking here, and every caller follows.
func (q *Q) Affected(ctx context.Context, paths []string) ([]Affected, error) {
	changed := map[string]bool{}
	for _, p := range paths {
		changed[path.Clean(p)] = true
	}
	found := map[string]*Affected{}
	for _, p := range sortedKeys(changed) {
		for _, kind := range []string{record.EdgeImports, record.EdgeFileCalls} {
			from, err := q.neighbours(ctx, kind, p, 1)
			if err != nil {
				return nil, err
			}
			for _, f := range from {
				if changed[f] {
					continue
				}
				a := found[f]
				if a == nil {
					a = &Affected{Path: f}
					found[f] = a
				}
				if kind == record.EdgeImports {
					a.Imports = append(a.Imports, p)
				} else {
					a.Calls = append(a.Calls, p)
				}
			}
		}
	}
	out := make([]Affected, 0, len(found))
	for _, a := range found {
		id, err := q.fileID(ctx, a.Path)
		if errors.Is(err, ErrNotFound) {
			// An edge from a file no longer at HEAD: not affected.
			continue
		}
		if err != nil {
			return nil, err
		}
		var c record.Centrality
		if _, err := q.result(ctx, id, "metrics", &c); err != nil {
			return nil, err
		}
		a.Score = c.PageRank
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Path < out[j].Path
	})
	return out, nil
}
