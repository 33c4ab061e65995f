package query

import (
	"context"
	"path"

	"github.com/homer-dev/homer/core/record"
)

// CoChanges is the files that usually change with a file.
type CoChanges struct {
	Version int    `json:"version"`
	Path    string `json:"path"`
	// Analysed is false when the store has no analysis of the file yet:
	// no partners then means nothing, not "changes alone".
	Analysed bool `json:"analysed"`
	// Commits is the file's own commit count, one of the two counts each
	// partner's confidence is measured against (see Partner).
	Commits  int       `json:"commits"`
	Partners []Partner `json:"partners"`
	// More is how many partners were left out by the limit.
	More int `json:"more,omitempty"`
}

// CoChanges lists a file's usual partners, strongest first as the
// co-change analysis ranked them, at most limit of them.
func (q *Q) CoChanges(ctx context.Context, p string, limit int) (*CoChanges, error) {
	p = path.Clean(p)
	id, err := q.fileID(ctx, p)
	if err != nil {
		return nil, err
	}
	c := &CoChanges{Version: Version, Path: p, Partners: []Partner{}}
	var m record.FileMetrics
	if c.Analysed, err = q.result(ctx, id, "metrics", &m); err != nil || !c.Analysed {
		return c, err
	}
	c.Commits = m.Changes
	for i, r := range m.CoChanges {
		if i == limit {
			c.More = len(m.CoChanges) - limit
			break
		}
		c.Partners = append(c.Partners, Partner{Path: r.Path, Together: r.Count, Confidence: r.Weight,
			PartnerCommits: r.Revs, LastTogether: r.Last})
	}
	return c, nil
}
