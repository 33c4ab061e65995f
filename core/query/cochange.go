package query

import (
	"cmp"
	"context"
	"errors"
	"path"
	"slices"

	"github.com/homer-dev/homer/core/analyze/cochange"
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
	// New is true for a path the store does not have (a file added since
	// the analysis): history has nothing on it, so its partners are its
	// test, subject or generator by name, then the files of its directory
	// changed most in the last 90 days (then 365, then ever), each with
	// Together 0 and its reason.
	New bool `json:"new,omitempty"`
}

// CoChanges lists a file's usual partners, strongest first as the
// co-change analysis ranked them, at most limit of them.
func (q *Q) CoChanges(ctx context.Context, p string, limit int) (*CoChanges, error) {
	p = path.Clean(p)
	id, err := q.fileID(ctx, p)
	if errors.Is(err, ErrNotFound) {
		return q.newFileCoChanges(ctx, p, limit, err)
	}
	if err != nil {
		return nil, err
	}
	c := &CoChanges{Version: Version, Path: p, Partners: []Partner{}}
	m, analysed, err := q.metrics(ctx, id)
	if c.Analysed = analysed; err != nil || !analysed {
		return c, err
	}
	c.Commits = m.Changes
	for i, r := range m.CoChanges {
		if i == limit {
			c.More = len(m.CoChanges) - limit
			break
		}
		c.Partners = append(c.Partners, Partner{Path: r.Path, Together: r.Count, Confidence: r.Weight,
			PartnerCommits: r.Revs, LastTogether: r.Last, Reason: r.Reason, Sweeps: r.Sweeps, Bots: r.Bots, Releases: r.Releases})
	}
	return c, nil
}

// newFileCoChanges answers CoChanges for a path the store does not have
// (see CoChanges.New); notFound when neither a name nor the directory
// gives a partner.
func (q *Q) newFileCoChanges(ctx context.Context, p string, limit int, notFound error) (*CoChanges, error) {
	all, _, err := q.headFiles(ctx)
	if err != nil {
		return nil, err
	}
	list := cochange.Counterparts(p, all)
	dir := path.Dir(p)
	type sibling struct {
		path string
		m    record.FileMetrics
	}
	var sib []sibling
	for _, f := range all {
		if path.Dir(f) != dir {
			continue
		}
		s := sibling{path: f}
		if _, err := q.fileResult(ctx, f, "metrics", &s.m); err != nil {
			return nil, err
		}
		sib = append(sib, s)
	}
	slices.SortFunc(sib, func(a, b sibling) int {
		return cmp.Or(cmp.Compare(b.m.Changes90, a.m.Changes90), cmp.Compare(b.m.Changes365, a.m.Changes365),
			cmp.Compare(b.m.Changes, a.m.Changes), cmp.Compare(a.path, b.path))
	})
	for _, s := range sib {
		if !slices.ContainsFunc(list, func(x cochange.Partner) bool { return x.Path == s.path }) {
			list = append(list, cochange.Partner{Path: s.path, Revs: s.m.Changes, Reason: cochange.ReasonDirectory})
		}
	}
	if len(list) == 0 {
		return nil, notFound
	}
	c := &CoChanges{Version: Version, Path: p, New: true, Partners: []Partner{}}
	for i, pt := range list {
		if i == limit {
			c.More = len(list) - limit
			break
		}
		if pt.Revs == 0 && pt.Reason != cochange.ReasonDirectory {
			var m record.FileMetrics
			if _, err := q.fileResult(ctx, pt.Path, "metrics", &m); err != nil {
				return nil, err
			}
			pt.Revs = m.Changes
		}
		c.Partners = append(c.Partners, Partner{Path: pt.Path, PartnerCommits: pt.Revs, Reason: pt.Reason})
	}
	return c, nil
}

// fileResult is result for the file at HEAD named p.
func (q *Q) fileResult(ctx context.Context, p, kind string, into any) (bool, error) {
	id, err := q.fileID(ctx, p)
	if err != nil {
		return false, err
	}
	return q.result(ctx, id, kind, into)
}
