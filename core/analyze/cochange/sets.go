package cochange

import "slices"

// epsilon absorbs rounding when comparing a drop with MaxDrop: 0.7-0.65 is
// not quite 0.05 in floating point.
const epsilon = 1e-9

// grower builds co-change sets from the kept pairs.
//
// Pairs are taken strongest first (confidence, then count, then paths). A
// pair not yet absorbed seeds a group; the group then repeatedly takes the
// candidate whose weakest pair with the members is strongest (ties: lower
// path) provided that
//   - it has a kept pair (count ≥ MinCount, confidence ≥ MinConfidence)
//     with every member, and
//   - joining lowers the group's weakest pair by at most MaxDrop,
//
// until no candidate qualifies or the group has MaxSetSize members. A group
// of three or more is a set, and all its pairs are absorbed. Two more rules
// keep sets from repeating each other:
//   - when the group stopped at MaxSetSize, the pairs between it and the
//     candidates that would still have qualified are absorbed too, so a
//     cluster larger than the cap is reported once, by its strongest members
//     rather than as many overlapping sets;
//   - a group that contains an earlier (stronger) set is dropped: its extra
//     members were already judged too weak to join that set.
//
// Files may still belong to several sets that overlap without containing
// each other.
type grower struct {
	cfg   Config
	pairs []pair // sorted by comparePairs
	index map[uint64]int
	adj   [][]int32
}

func (g *grower) conf(a, b int32) (float64, bool) {
	i, ok := g.index[pairKey(a, b)]
	if !ok {
		return 0, false
	}
	return g.pairs[i].conf, true
}

// weakest is the lowest confidence among the members' pairs.
func (g *grower) weakest(members []int32) float64 {
	w := 1.0
	for i, a := range members {
		for _, b := range members[i+1:] {
			c, _ := g.conf(a, b)
			w = min(w, c)
		}
	}
	return w
}

// link is the weakest pair between c and the members, or false when c lacks
// a kept pair with one of them.
func (g *grower) link(c int32, members []int32) (float64, bool) {
	w := 1.0
	for _, m := range members {
		x, ok := g.conf(c, m)
		if !ok {
			return 0, false
		}
		w = min(w, x)
	}
	return w, true
}

func (g *grower) grow() [][]int32 {
	absorbed := map[uint64]bool{}
	absorb := func(a, b int32) { absorbed[pairKey(a, b)] = true }
	var sets [][]int32
	for _, seed := range g.pairs {
		if absorbed[pairKey(seed.a, seed.b)] {
			continue
		}
		members := []int32{seed.a, seed.b}
		weakest := seed.conf
		cands := intersect(g.adj[seed.a], g.adj[seed.b])
		for len(members) < g.cfg.MaxSetSize {
			best, bestLink := int32(-1), -1.0
			for _, c := range cands {
				if l, ok := g.link(c, members); ok && l >= weakest-g.cfg.MaxDrop-epsilon && l > bestLink {
					best, bestLink = c, l
				}
			}
			if best < 0 {
				break
			}
			members = append(members, best)
			weakest = min(weakest, bestLink)
			cands = intersect(cands, g.adj[best])
		}
		if len(members) < 3 {
			continue
		}
		slices.Sort(members)
		if containsAny(members, sets) {
			continue
		}
		for i, a := range members {
			for _, b := range members[i+1:] {
				absorb(a, b)
			}
		}
		if len(members) == g.cfg.MaxSetSize {
			var left []int32
			for _, c := range cands {
				if l, ok := g.link(c, members); ok && l >= weakest-g.cfg.MaxDrop-epsilon {
					left = append(left, c)
				}
			}
			for i, c := range left {
				for _, m := range members {
					absorb(c, m)
				}
				for _, d := range left[i+1:] {
					absorb(c, d)
				}
			}
		}
		sets = append(sets, members)
	}
	return sets
}

// containsAny reports whether members (sorted) contains every member of one
// of sets.
func containsAny(members []int32, sets [][]int32) bool {
	for _, s := range sets {
		if len(intersect(members, s)) == len(s) {
			return true
		}
	}
	return false
}

// intersect returns the common elements of two ascending slices.
func intersect(a, b []int32) []int32 {
	var out []int32
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}
