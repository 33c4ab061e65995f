package query

import (
	"context"
	"path"

	"github.com/homer-dev/homer/core/record"
)

// Affected is a file a change reaches without changing it.
type Affected struct {
	Path string `json:"path"`
	// Score is what the file was ranked by (see Impact.Ranking).
	Score float64 `json:"score"`
	// Imports and Calls name the changed files it imports or calls into
	// directly: the evidence that the change reaches it (none for a file
	// reached through others).
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
const AffectedRanking = "personalised PageRank from the changed files over the reversed import and call graph"

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
// first: the one place "most affected" is decided (MostAffected), with
// the direct links of each as evidence.
func (q *Q) Affected(ctx context.Context, paths []string) ([]Affected, error) {
	changed := map[string]bool{}
	for _, p := range paths {
		changed[path.Clean(p)] = true
	}
	ranked, err := q.MostAffected(ctx, sortedKeys(changed), maxAffected)
	if err != nil {
		return nil, err
	}
	at := map[string]int{}
	for i, a := range ranked {
		at[a.Path] = i
	}
	for _, p := range sortedKeys(changed) {
		for _, kind := range []string{record.EdgeImports, record.EdgeFileCalls} {
			from, err := q.neighbours(ctx, kind, p, 1)
			if err != nil {
				return nil, err
			}
			for _, f := range from {
				i, ok := at[f]
				if !ok {
					continue
				}
				if kind == record.EdgeImports {
					ranked[i].Imports = append(ranked[i].Imports, p)
				} else {
					ranked[i].Calls = append(ranked[i].Calls, p)
				}
			}
		}
	}
	return ranked, nil
}

// maxAffected bounds the ranking of affected files.
const maxAffected = 200
