package gitsource

import (
	"sort"

	"github.com/homer-dev/homer/sdk"
)

// walker tracks what one extraction has handed to the batcher, so that a
// git log that died on a missing object can be restarted after it: the
// commits sent form a prefix of a reverse topological order, hence a set
// closed under ancestry within the range, which "^tip" for each of its tips
// excludes exactly.
type walker struct {
	out      *batcher
	shallow  map[string]bool
	tips     map[string]bool
	salvaged map[string]bool
	// extra are changes, by commit, to paths left out of the counted log.
	extra map[string][]*sdk.FileChange
}

func newWalker(out *batcher, shallow map[string]bool) *walker {
	return &walker{out: out, shallow: shallow, tips: map[string]bool{}, salvaged: map[string]bool{}}
}

func (w *walker) add(c *sdk.Commit) error {
	if x := w.extra[c.Sha]; len(x) > 0 {
		c.Changes = append(c.Changes, x...)
	}
	if w.shallow[c.Sha] {
		// A shallow clone's boundary: git shows it without parents and
		// we do not report its "everything added" diff.
		c.Parents, c.Changes = nil, nil
	}
	w.skip(c.Sha)
	for _, p := range c.Parents {
		delete(w.tips, p)
	}
	return w.out.add(c)
}

// skip marks a commit as done without sending it.
func (w *walker) skip(sha string) { w.tips[sha] = true }

// revs is base plus an exclusion of everything already done.
func (w *walker) revs(base []string) []string {
	revs := append([]string(nil), base...)
	tips := make([]string, 0, len(w.tips))
	for t := range w.tips {
		tips = append(tips, "^"+t)
	}
	sort.Strings(tips)
	return append(revs, tips...)
}

func sortReleases(rels []*sdk.Release) {
	sort.Slice(rels, func(i, j int) bool { return rels[i].Name < rels[j].Name })
}
