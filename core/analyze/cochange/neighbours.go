package cochange

import (
	"cmp"
	"slices"
)

// Reasons a file is on another's list for how the code links them: the
// file imports the partner, is imported by it, calls into it or is
// called from it. Given only where history leaves the list short
// (WithNeighbours).
const (
	ReasonImports    = "imports"
	ReasonImportedBy = "imported-by"
	ReasonCalls      = "calls"
	ReasonCalledBy   = "called-by"
)

// Link is a file-level edge of the code graph, From → To: From imports
// To (Import) or calls into it, Count times.
type Link struct {
	Import   bool
	From, To string
	Count    int
}

// Neighbour is a file linked to another by the code graph, with the
// strongest reason and the edges' counts summed.
type Neighbour struct {
	Path   string
	Reason string
	// Count is the calls and imports between the two files, both ways.
	Count int
}

// Neighbours lists, for each file of links, the files linked to it, the
// most linked first (then by path). A pair linked both ways, or by both
// imports and calls, is one neighbour; its reason is the first of calls,
// called-by, imports, imported-by that applies.
func Neighbours(links []Link) map[string][]Neighbour {
	type key struct{ a, b string }
	type acc struct {
		count  int
		reason int // index into order, lowest wins
	}
	order := []string{ReasonCalls, ReasonCalledBy, ReasonImports, ReasonImportedBy}
	m := map[key]*acc{}
	add := func(a, b string, count, reason int) {
		if a == b {
			return
		}
		x := m[key{a, b}]
		if x == nil {
			x = &acc{reason: reason}
			m[key{a, b}] = x
		}
		x.count += max(count, 1)
		x.reason = min(x.reason, reason)
	}
	for _, l := range links {
		if l.Import {
			add(l.From, l.To, l.Count, 2)
			add(l.To, l.From, l.Count, 3)
		} else {
			add(l.From, l.To, l.Count, 0)
			add(l.To, l.From, l.Count, 1)
		}
	}
	out := map[string][]Neighbour{}
	for k, x := range m {
		out[k.a] = append(out[k.a], Neighbour{Path: k.b, Reason: order[x.reason], Count: x.count})
	}
	for _, ns := range out {
		slices.SortFunc(ns, func(x, y Neighbour) int { return cmp.Or(cmp.Compare(y.Count, x.Count), cmp.Compare(x.Path, y.Path)) })
	}
	return out
}

// WithNeighbours gives a list history left short the file's code-graph
// neighbours: they go after the partners from history and names and
// before those only in the same directory, which they displace, and the
// list is at most max(want, its length) long. A list with no directory
// partner and want or more entries is returned as it is. Neighbours
// already listed are not repeated; they carry Count 0 (no shared commits
// are claimed) and their reason.
func WithNeighbours(list []Partner, ns []Neighbour, want int) []Partner {
	if len(ns) == 0 {
		return list
	}
	var kept, dir []Partner
	for _, p := range list {
		if p.Reason == ReasonDirectory {
			dir = append(dir, p)
		} else {
			kept = append(kept, p)
		}
	}
	n := max(want, len(list))
	if len(kept) >= n {
		return list
	}
	have := make(map[string]bool, len(list))
	for _, p := range kept {
		have[p.Path] = true
	}
	out := slices.Clone(kept)
	for _, nb := range ns {
		if len(out) == n {
			break
		}
		if !have[nb.Path] {
			have[nb.Path] = true
			out = append(out, Partner{Path: nb.Path, Reason: nb.Reason})
		}
	}
	for _, p := range dir {
		if len(out) == n {
			break
		}
		if !have[p.Path] {
			have[p.Path] = true
			out = append(out, p)
		}
	}
	return out
}

// Counterparts is p's partners by name among all (p itself need not be
// in all, as for a file added since the analysis): its test or subject
// and its generator or output, as the lists history leaves short are
// filled, each with Count 0 and its Reason.
func Counterparts(p string, all []string) []Partner {
	paths := append(slices.Clone(all), p)
	slices.Sort(paths)
	paths = slices.Compact(paths)
	var out []Partner
	for _, n := range namePairs(paths)[p] {
		out = append(out, Partner{Path: n.path, Reason: n.reason})
	}
	return out
}
