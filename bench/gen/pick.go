package main

// picker draws files for ordinary commits in time logarithmic in the number of
// files, so that 50,000 files and 250,000 commits generate in minutes rather
// than hours. It keeps one Fenwick tree of file weights (fileWeight) over
// g.files for all candidates and one per author for the candidates in the
// author's area. A candidate is a live source or test file outside the
// co-change groups; whether a file is one changes only when it is created,
// put in a group or deleted, and the weights never change otherwise.
type picker struct {
	synced int         // g.files[:synced] are in the trees
	w      [][]float64 // per tree, each file's current weight (0: not a candidate)
	tree   [][]float64 // per tree, Fenwick sums over w (1-based)
}

// trees: 0 is every candidate, 1+i those author i likes.
func (g *gen) pickTrees() int { return 1 + len(g.authors) }

func isCandidate(f *file) bool {
	return f.alive && (f.kind == kindSrc || f.kind == kindTest) && f.group == 0
}

// pickSync brings the trees up to date with files created since the last call.
func (g *gen) pickSync() {
	p := &g.pick
	if p.w == nil {
		p.w = make([][]float64, g.pickTrees())
		p.tree = make([][]float64, g.pickTrees())
	}
	n := len(g.files)
	if n == p.synced {
		return
	}
	if n > len(p.w[0]) {
		// Grow by doubling and rebuild every tree in linear time.
		c := max(2*len(p.w[0]), n, 64)
		for t := range p.w {
			w := make([]float64, c)
			copy(w, p.w[t])
			p.w[t] = w
		}
		for i := p.synced; i < n; i++ {
			g.pickWeights(g.files[i])
		}
		p.synced = n
		for t := range p.w {
			tr := make([]float64, c+1)
			for i := 1; i <= c; i++ {
				tr[i] += p.w[t][i-1]
				if j := i + i&-i; j <= c {
					tr[j] += tr[i]
				}
			}
			p.tree[t] = tr
		}
		return
	}
	for i := p.synced; i < n; i++ {
		g.pickApply(g.files[i])
	}
	p.synced = n
}

// pickWeights sets f's weight in every tree without touching the sums.
func (g *gen) pickWeights(f *file) []float64 {
	d := make([]float64, len(g.pick.w))
	var w float64
	if isCandidate(f) {
		w = fileWeight(f)
	}
	for t := range g.pick.w {
		nw := w
		if t > 0 && (w == 0 || !g.authors[t-1].likes(f)) {
			nw = 0
		}
		d[t] = nw - g.pick.w[t][f.id]
		g.pick.w[t][f.id] = nw
	}
	return d
}

// pickUpdate re-reads f's candidacy after it changed (created, grouped, deleted).
func (g *gen) pickUpdate(f *file) {
	if f.id < g.pick.synced { // else pickSync will see it
		g.pickApply(f)
	}
}

func (g *gen) pickApply(f *file) {
	d := g.pickWeights(f)
	for t, dt := range d {
		if dt == 0 {
			continue
		}
		tr := g.pick.tree[t]
		for i := f.id + 1; i < len(tr); i += i & -i {
			tr[i] += dt
		}
	}
}

// pickFrom draws a file from tree t in proportion to its weight, skipping
// excluded files; nil when the tree holds no weight outside excl.
func (g *gen) pickFrom(t int, excl map[*file]bool) *file {
	tr := g.pick.tree[t]
	n := len(tr) - 1
	var tot float64
	for i := n; i > 0; i -= i & -i {
		tot += tr[i]
	}
	if tot <= 1e-9 {
		return nil
	}
	for try := 0; try < 64; try++ {
		r := g.rng.Float64() * tot
		// Fenwick descent: the first index whose prefix sum exceeds r.
		pos, step := 0, 1
		for step*2 <= n {
			step *= 2
		}
		for ; step > 0; step /= 2 {
			if pos+step <= n && tr[pos+step] <= r {
				pos += step
				r -= tr[pos]
			}
		}
		if pos >= len(g.files) {
			pos = len(g.files) - 1
		}
		f := g.files[pos]
		for g.pick.w[t][f.id] == 0 && pos > 0 { // rounding at the end of the range
			pos--
			f = g.files[pos]
		}
		if g.pick.w[t][f.id] > 0 && !excl[f] {
			return f
		}
	}
	// Almost everything is excluded: scan.
	var pool []*file
	for _, f := range g.files {
		if g.pick.w[t][f.id] > 0 && !excl[f] {
			pool = append(pool, f)
		}
	}
	if len(pool) == 0 {
		return nil
	}
	return g.weighted(pool)
}
