package backtest

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"
	"sort"

	"github.com/homer-dev/homer/core/analyze/risk"
	"github.com/homer-dev/homer/core/query"
)

// Trained is the store built at the cut, read through core/query: the
// same lists and scores query, risk-check, MCP and the artifacts read.
type Trained interface {
	// Partners is the file's "usually changes with" list, best first, at
	// most k long; known is false for a file not in the store, whose list
	// (what query answers for a file added since the analysis) may still
	// be given.
	Partners(ctx context.Context, path string, k int) (list []string, known bool, err error)
	// Risks is every analysed file's risk.
	Risks(ctx context.Context) ([]query.FileRisk, error)
}

// Options tune the scoring.
type Options struct {
	// K is the length of the lists compared.
	K int
	// MinFiles and MaxFiles bound the held-out commits used as co-change
	// queries (2 and 10 by default).
	MinFiles, MaxFiles int
	// MaxFixFiles leaves larger commits out of the bug-fix touches, as
	// the co-change analysis leaves them out (50 by default).
	MaxFixFiles int
	// Progress is told how many held-out commits are scored; nil for none.
	Progress func(done int)
}

func (o Options) withDefaults() Options {
	o.K = cmp.Or(o.K, 5)
	o.MinFiles = cmp.Or(o.MinFiles, 2)
	o.MaxFiles = cmp.Or(o.MaxFiles, 10)
	o.MaxFixFiles = cmp.Or(o.MaxFixFiles, 50)
	return o
}

// Ranking is the mean recall and precision of one kind of list.
type Ranking struct {
	// Recall is the mean, over queries, of the share of the rest of the
	// commit found in the top K (0 for an empty list).
	Recall float64 `json:"recall"`
	// Precision is the mean, over queries with a non-empty list, of the
	// share of the top min(K, list length) in the rest of the commit.
	Precision float64 `json:"precision"`
	// Coverage is the share of queries with a non-empty list.
	Coverage float64 `json:"coverage"`
}

// CoChange is the co-change part of a backtest.
type CoChange struct {
	K int `json:"k"`
	// Commits are the held-out commits of MinFiles..MaxFiles files.
	Commits int `json:"commits"`
	// Queries are their files that existed at the cut, each asked once
	// per commit; NewFiles the files of those commits that did not.
	Queries  int     `json:"queries"`
	NewFiles int     `json:"new_files"`
	Homer    Ranking `json:"homer"`
	Baseline Ranking `json:"baseline"`
	// Ceiling is the mean, over queries, of the share of the rest of the
	// commit that ever changed with the query file before the cut. A
	// partner new since the cut counts in the rest and is never "ever
	// changed with", so it lowers the ceiling as it lowers recall.
	Ceiling float64 `json:"ceiling"`
	// New scores the NewFiles apart: the list the trained store gives
	// for a path it does not have (see query.CoChanges.New: its name
	// partners, then its directory's files), against the rest of the
	// commit. History has nothing on them,
	// so the baseline and the ceiling are 0 there and they are not mixed
	// into Homer, Baseline and Ceiling above.
	New Ranking `json:"new"`
}

// Level is the held-out bug-fix touches of the files at one risk level.
type Level struct {
	Level   string  `json:"level"`
	Files   int     `json:"files"`
	Touches int     `json:"touches"`
	Mean    float64 `json:"mean"`
}

// Risk is the risk part of a backtest.
type Risk struct {
	// Files are the files risk assessed at the cut (source code; not
	// documentation, manifests or configuration); Top how many make the
	// top 10%.
	Files int `json:"files"`
	Top   int `json:"top"`
	// FixCommits are the held-out bug-fix commits; Touches their touches
	// of those files.
	FixCommits int `json:"fix_commits"`
	Touches    int `json:"touches"`
	// Homer, Hotspot and Oracle are the shares of Touches on the top 10%
	// by risk score, by past change count and by the touches themselves.
	Homer   float64 `json:"homer"`
	Hotspot float64 `json:"hotspot"`
	Oracle  float64 `json:"oracle"`
	Levels  []Level `json:"levels"`
	// Spearman is the rank correlation of risk score and touches.
	Spearman float64 `json:"spearman"`
}

// Report is a whole backtest.
type Report struct {
	Cut         string   `json:"cut"`
	CutTime     int64    `json:"cut_time"`
	FirstParent int      `json:"first_parent_commits"`
	HeldOut     int      `json:"held_out_first_parent"`
	Train       int      `json:"train_commits"`
	Future      int      `json:"held_out_commits"`
	CoChange    CoChange `json:"co_change"`
	Risk        Risk     `json:"risk"`
}

// IsFix says whether a commit message is a bug fix's: risk.IsFix, the
// rule the risk score's past fixes are counted with.
func IsFix(msg string) bool { return risk.IsFix(msg) }

// Score compares the trained store's advice with the held-out history.
func Score(ctx context.Context, s *Split, tr Trained, o Options) (*Report, error) {
	o = o.withDefaults()
	r := &Report{Cut: s.Cut, CutTime: s.CutTime, FirstParent: s.FirstParent, HeldOut: s.HeldOut, Train: len(s.Train), Future: len(s.Future)}
	var err error
	if r.CoChange, err = scoreCoChange(ctx, s, tr, o); err != nil {
		return nil, err
	}
	if r.Risk, err = scoreRisk(ctx, s, tr, o); err != nil {
		return nil, err
	}
	return r, nil
}

// pairCounts counts, for one file, the training commits it shared with
// every other file: the baseline's ranking and the ceiling's "ever".
// Only the analysed files count, as in every list scored.
type pairCounts struct {
	byFile map[string][]int
	train  []Commit
	known  map[string]bool
	cache  map[string]map[string]int
}

func newPairCounts(train []Commit, known map[string]bool) *pairCounts {
	p := &pairCounts{byFile: map[string][]int{}, train: train, known: known, cache: map[string]map[string]int{}}
	for i, c := range train {
		for _, f := range c.Files {
			p.byFile[f] = append(p.byFile[f], i)
		}
	}
	return p
}

func (p *pairCounts) of(f string) map[string]int {
	if m, ok := p.cache[f]; ok {
		return m
	}
	m := map[string]int{}
	for _, i := range p.byFile[f] {
		for _, g := range p.train[i].Files {
			if g != f && p.known[g] {
				m[g]++
			}
		}
	}
	p.cache[f] = m
	return m
}

// baseline ranks a file's partners by raw shared-commit count, then path.
func (p *pairCounts) baseline(f string, k int) []string {
	m := p.of(f)
	out := make([]string, 0, len(m))
	for g := range m {
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b)) })
	if len(out) > k {
		out = out[:k]
	}
	return out
}

type tally struct {
	recall, precision float64
	answered          int
}

func (t *tally) add(list []string, rest map[string]bool) {
	if len(list) == 0 {
		return
	}
	hits := 0
	for _, g := range list {
		if rest[g] {
			hits++
		}
	}
	t.answered++
	t.recall += float64(hits) / float64(len(rest))
	t.precision += float64(hits) / float64(len(list))
}

func (t *tally) ranking(queries int) Ranking {
	var r Ranking
	if queries > 0 {
		r.Recall = t.recall / float64(queries)
		r.Coverage = float64(t.answered) / float64(queries)
	}
	if t.answered > 0 {
		r.Precision = t.precision / float64(t.answered)
	}
	return r
}

// analysedFiles keeps the files of a commit the analysis would see: those
// it analysed at the cut, and those new since (which it cannot judge); a
// file of the cut's tree that the analysis left out (vendored, generated,
// lockfiles, excluded by configuration) is dropped.
func analysedFiles(files []string, s *Split, known map[string]bool) []string {
	var out []string
	for _, f := range files {
		if known[f] || !s.AtCut[f] {
			out = append(out, f)
		}
	}
	return out
}

func scoreCoChange(ctx context.Context, s *Split, tr Trained, o Options) (CoChange, error) {
	res := CoChange{K: o.K}
	risks, err := tr.Risks(ctx)
	if err != nil {
		return res, err
	}
	known := make(map[string]bool, len(risks))
	for _, r := range risks {
		known[r.Path] = true
	}
	pc := newPairCounts(s.Train, known)
	var homer, base, fresh tally
	var ceiling float64
	for i, c := range s.Future {
		if o.Progress != nil {
			o.Progress(i + 1)
		}
		files := analysedFiles(c.Files, s, known)
		if len(files) < o.MinFiles || len(files) > o.MaxFiles {
			continue
		}
		res.Commits++
		for _, f := range files {
			list, known, err := tr.Partners(ctx, f, o.K)
			if err != nil {
				return res, err
			}
			rest := make(map[string]bool, len(files)-1)
			for _, g := range files {
				if g != f {
					rest[g] = true
				}
			}
			if len(list) > o.K {
				list = list[:o.K]
			}
			if !known {
				res.NewFiles++
				fresh.add(list, rest)
				continue
			}
			res.Queries++
			homer.add(list, rest)
			base.add(pc.baseline(f, o.K), rest)
			ever := pc.of(f)
			seen := 0
			for g := range rest {
				if ever[g] > 0 {
					seen++
				}
			}
			ceiling += float64(seen) / float64(len(rest))
		}
	}
	res.Homer, res.Baseline = homer.ranking(res.Queries), base.ranking(res.Queries)
	res.New = fresh.ranking(res.NewFiles)
	if res.Queries > 0 {
		res.Ceiling = ceiling / float64(res.Queries)
	}
	return res, nil
}

func scoreRisk(ctx context.Context, s *Split, tr Trained, o Options) (Risk, error) {
	var res Risk
	files, err := tr.Risks(ctx)
	if err != nil {
		return res, err
	}
	// The files risk assesses (source code: they have a level) are ranked,
	// by each list: a changelog or a manifest that every fix touches has no
	// risk score to rank it by, and counting it would compare the score
	// with a list of other files.
	files = slices.DeleteFunc(files, func(f query.FileRisk) bool { return f.Level == "" })
	touches := make(map[string]int, len(files))
	for _, f := range files {
		touches[f.Path] = 0
	}
	for _, c := range s.Future {
		if !IsFix(c.Message) || len(c.Files) > o.MaxFixFiles {
			continue
		}
		res.FixCommits++
		for _, f := range c.Files {
			if _, ok := touches[f]; ok {
				touches[f]++
				res.Touches++
			}
		}
	}
	res.Files = len(files)
	res.Top = int(math.Ceil(float64(len(files)) / 10))
	capture := func(less func(a, b query.FileRisk) int) float64 {
		sorted := slices.Clone(files)
		slices.SortStableFunc(sorted, func(a, b query.FileRisk) int { return cmp.Or(less(a, b), cmp.Compare(a.Path, b.Path)) })
		got := 0
		for _, f := range sorted[:res.Top] {
			got += touches[f.Path]
		}
		if res.Touches == 0 {
			return 0
		}
		return float64(got) / float64(res.Touches)
	}
	res.Homer = capture(func(a, b query.FileRisk) int { return cmp.Compare(b.Score, a.Score) })
	res.Hotspot = capture(func(a, b query.FileRisk) int { return cmp.Compare(b.Commits, a.Commits) })
	res.Oracle = capture(func(a, b query.FileRisk) int { return cmp.Compare(touches[b.Path], touches[a.Path]) })
	levels := map[string]*Level{}
	for _, f := range files {
		l := levels[f.Level]
		if l == nil {
			l = &Level{Level: f.Level}
			levels[f.Level] = l
		}
		l.Files++
		l.Touches += touches[f.Path]
	}
	for _, l := range levels {
		l.Mean = float64(l.Touches) / float64(l.Files)
		res.Levels = append(res.Levels, *l)
	}
	sort.Slice(res.Levels, func(i, j int) bool { return res.Levels[i].Level < res.Levels[j].Level })
	xs, ys := make([]float64, len(files)), make([]float64, len(files))
	for i, f := range files {
		xs[i], ys[i] = f.Score, float64(touches[f.Path])
	}
	res.Spearman = Spearman(xs, ys)
	return res, nil
}

// Spearman is the rank correlation of xs and ys: Pearson's on their ranks,
// ties given their mean rank; 0 when either side is constant.
func Spearman(xs, ys []float64) float64 {
	rx, ry := ranks(xs), ranks(ys)
	n := float64(len(xs))
	if n < 2 {
		return 0
	}
	var mx, my float64
	for i := range rx {
		mx += rx[i]
		my += ry[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range rx {
		dx, dy := rx[i]-mx, ry[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for m := i; m <= j; m++ {
			r[idx[m]] = mean
		}
		i = j + 1
	}
	return r
}

// Store reads a trained store through core/query.
type Store struct{ Q *query.Q }

// Partners is q.CoChanges's list.
func (s Store) Partners(ctx context.Context, p string, k int) ([]string, bool, error) {
	c, err := s.Q.CoChanges(ctx, p, k)
	if err != nil {
		if errorsIsNotFound(err) {
			return nil, false, nil
		}
		return nil, false, err
	}
	out := make([]string, len(c.Partners))
	for i, pt := range c.Partners {
		out[i] = pt.Path
	}
	return out, !c.New, nil
}

// Risks is q.Risks.
func (s Store) Risks(ctx context.Context) ([]query.FileRisk, error) { return s.Q.Risks(ctx) }

func errorsIsNotFound(err error) bool { return errors.Is(err, query.ErrNotFound) }
