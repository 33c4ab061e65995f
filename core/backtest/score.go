package backtest

import (
	"cmp"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/homer-dev/homer/core/analyze/cochange"
	"github.com/homer-dev/homer/core/analyze/risk"
	"github.com/homer-dev/homer/core/query"
)

// Trained is the store built at the cut, read through core/query: the
// same lists and scores query, risk-check, MCP and the artifacts read.
type Trained interface {
	// Partners is the file's whole stored "usually changes with" list,
	// best first; known is false for a file not in the store, whose list
	// (what query answers for a file added since the analysis) may still
	// be given.
	Partners(ctx context.Context, path string) (list []Partner, known bool, err error)
	// Risks is every analysed file's risk.
	Risks(ctx context.Context) ([]query.FileRisk, error)
}

// Partner is one entry of a stored partner list with the evidence the
// floors read: the shared commits and the confidence (0 for partners
// that come from names, the code graph or the directory).
type Partner struct {
	Path       string
	Together   int
	Confidence float64
}

// Floor is a minimum of evidence a partner needs to be shown.
type Floor struct {
	MinTogether   int     `json:"min_together"`
	MinConfidence float64 `json:"min_confidence"`
}

func (f Floor) keeps(p Partner) bool {
	return p.Together >= f.MinTogether && p.Confidence >= f.MinConfidence
}

// Options tune the scoring.
type Options struct {
	// K is the length of the lists compared.
	K int
	// CheckFloor is risk-check's (query.CheckMinTogether and
	// query.CheckMinConfidence by default); ArtifactFloor the artifacts'
	// (the co-change configuration's min_count and min_confidence,
	// cochange.DefaultConfig's by default).
	CheckFloor, ArtifactFloor Floor
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
	if o.CheckFloor == (Floor{}) {
		o.CheckFloor = Floor{query.CheckMinTogether, query.CheckMinConfidence}
	}
	if o.ArtifactFloor == (Floor{}) {
		d := cochange.DefaultConfig()
		o.ArtifactFloor = Floor{d.MinCount, d.MinConfidence}
	}
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
	// CeilingAtK is the best recall any list of K could reach: per query,
	// min(K, partners that ever changed with the file) over the rest.
	CeilingAtK float64 `json:"ceiling_at_k"`
	// Oracle is Homer's own stored list reordered with the partners that
	// recur in the commit first, cut to K: what ranking alone could win.
	// CeilingAtK − Oracle is what the stored list does not hold at all.
	Oracle Ranking `json:"oracle"`
	// Lost says where the held-out partners Homer's top K missed went,
	// as shares of the rest of the commit averaged over queries like
	// recall, so Homer.Recall and the three add up to 1.
	Lost Lost `json:"lost"`
	// Check and Artifacts score the list as risk-check and the artifacts
	// show it: Homer's stored list with the partners under each floor
	// left out, cut to K.
	CheckFloor    Floor   `json:"check_floor"`
	Check         Ranking `json:"check"`
	ArtifactFloor Floor   `json:"artifact_floor"`
	Artifacts     Ranking `json:"artifacts"`
	// New scores the NewFiles apart: the list the trained store gives
	// for a path it does not have (see query.CoChanges.New: its name
	// partners, then its directory's files), against the rest of the
	// commit. History has nothing on them,
	// so the baseline and the ceiling are 0 there and they are not mixed
	// into Homer, Baseline and Ceiling above.
	New Ranking `json:"new"`
}

// Lost splits the held-out partners missing from Homer's top K.
type Lost struct {
	// Never had not changed with the query file before the cut; New did
	// not exist at the cut; BelowK had changed with it but were not in
	// the top K.
	Never  float64 `json:"never_together"`
	New    float64 `json:"new_since_cut"`
	BelowK float64 `json:"ranked_below_k"`
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
	// Ratio is Homer over Hotspot (0 when the hotspot list caught no
	// touch), and Interval its 90% bootstrap interval: the held-out fix
	// commits drawn again with replacement Resamples times (a fixed seed,
	// so a report is reproducible), the two top 10% lists kept, the 5th
	// and 95th percentiles of the ratio (draws where hotspot caught
	// nothing left out). On a few dozen fix commits a ratio of 1.1 can
	// be chance; the interval says how much.
	Ratio    float64    `json:"ratio"`
	Interval [2]float64 `json:"ratio_interval"`
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
	res.CheckFloor, res.ArtifactFloor = o.CheckFloor, o.ArtifactFloor
	var homer, base, fresh, oracle, check, art tally
	var ceiling, ceilingK float64
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
			stored, known, err := tr.Partners(ctx, f)
			if err != nil {
				return res, err
			}
			rest := make(map[string]bool, len(files)-1)
			for _, g := range files {
				if g != f {
					rest[g] = true
				}
			}
			list := topK(stored, o.K, nil)
			if !known {
				res.NewFiles++
				fresh.add(list, rest)
				continue
			}
			res.Queries++
			homer.add(list, rest)
			base.add(pc.baseline(f, o.K), rest)
			check.add(topK(stored, o.K, o.CheckFloor.keeps), rest)
			art.add(topK(stored, o.K, o.ArtifactFloor.keeps), rest)
			// The oracle: recurring partners of the stored list first, in
			// their order, then the others.
			reordered := slices.Clone(stored)
			slices.SortStableFunc(reordered, func(a, b Partner) int {
				return cmp.Compare(boolInt(rest[b.Path]), boolInt(rest[a.Path]))
			})
			oracle.add(topK(reordered, o.K, nil), rest)
			ever := pc.of(f)
			inList := make(map[string]bool, len(list))
			for _, g := range list {
				inList[g] = true
			}
			seen := 0
			share := 1 / float64(len(rest))
			for g := range rest {
				if ever[g] > 0 {
					seen++
				}
				switch {
				case inList[g]:
				case !s.AtCut[g]:
					res.Lost.New += share
				case ever[g] == 0:
					res.Lost.Never += share
				default:
					res.Lost.BelowK += share
				}
			}
			ceiling += float64(seen) * share
			ceilingK += float64(min(seen, o.K)) * share
		}
	}
	res.Homer, res.Baseline = homer.ranking(res.Queries), base.ranking(res.Queries)
	res.Oracle, res.Check, res.Artifacts = oracle.ranking(res.Queries), check.ranking(res.Queries), art.ranking(res.Queries)
	res.New = fresh.ranking(res.NewFiles)
	if res.Queries > 0 {
		n := float64(res.Queries)
		res.Ceiling, res.CeilingAtK = ceiling/n, ceilingK/n
		res.Lost.New, res.Lost.Never, res.Lost.BelowK = res.Lost.New/n, res.Lost.Never/n, res.Lost.BelowK/n
	}
	return res, nil
}

// topK is the paths of the first k partners that keep accepts (all when
// keep is nil).
func topK(list []Partner, k int, keep func(Partner) bool) []string {
	var out []string
	for _, p := range list {
		if len(out) == k {
			break
		}
		if keep == nil || keep(p) {
			out = append(out, p.Path)
		}
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
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
	var fixes [][]string // each fix commit's assessed files
	for _, c := range s.Future {
		if !IsFix(c.Message) || len(c.Files) > o.MaxFixFiles {
			continue
		}
		res.FixCommits++
		var touched []string
		for _, f := range c.Files {
			if _, ok := touches[f]; ok {
				touches[f]++
				res.Touches++
				touched = append(touched, f)
			}
		}
		fixes = append(fixes, touched)
	}
	res.Files = len(files)
	res.Top = int(math.Ceil(float64(len(files)) / 10))
	top := func(less func(a, b query.FileRisk) int) map[string]bool {
		sorted := slices.Clone(files)
		slices.SortStableFunc(sorted, func(a, b query.FileRisk) int { return cmp.Or(less(a, b), cmp.Compare(a.Path, b.Path)) })
		set := make(map[string]bool, res.Top)
		for _, f := range sorted[:res.Top] {
			set[f.Path] = true
		}
		return set
	}
	capture := func(less func(a, b query.FileRisk) int) float64 {
		got := 0
		for p := range top(less) {
			got += touches[p]
		}
		if res.Touches == 0 {
			return 0
		}
		return float64(got) / float64(res.Touches)
	}
	byScore := func(a, b query.FileRisk) int { return cmp.Compare(b.Score, a.Score) }
	byCommits := func(a, b query.FileRisk) int { return cmp.Compare(b.Commits, a.Commits) }
	res.Homer = capture(byScore)
	res.Hotspot = capture(byCommits)
	if res.Hotspot > 0 {
		res.Ratio = res.Homer / res.Hotspot
	}
	res.Interval = ratioInterval(fixes, top(byScore), top(byCommits))
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

// Resamples is how many times ratioInterval draws the fix commits again.
const Resamples = 1000

// ratioInterval is the 90% bootstrap interval of the touches on homer's
// top over those on hotspot's, the fix commits (each its touched files)
// drawn with replacement; {0, 0} when no draw has a hotspot touch.
func ratioInterval(fixes [][]string, homer, hotspot map[string]bool) [2]float64 {
	if len(fixes) == 0 {
		return [2]float64{}
	}
	h, s := make([]int, len(fixes)), make([]int, len(fixes))
	for i, files := range fixes {
		for _, f := range files {
			if homer[f] {
				h[i]++
			}
			if hotspot[f] {
				s[i]++
			}
		}
	}
	rng := rand.New(rand.NewPCG(9, 2026))
	ratios := make([]float64, 0, Resamples)
	for range Resamples {
		sh, ss := 0, 0
		for range fixes {
			i := rng.IntN(len(fixes))
			sh += h[i]
			ss += s[i]
		}
		if ss > 0 {
			ratios = append(ratios, float64(sh)/float64(ss))
		}
	}
	if len(ratios) == 0 {
		return [2]float64{}
	}
	slices.Sort(ratios)
	at := func(q float64) float64 { return ratios[int(math.Round(q*float64(len(ratios)-1)))] }
	return [2]float64{at(0.05), at(0.95)}
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

// Partners is q.CoChanges's whole list.
func (s Store) Partners(ctx context.Context, p string) ([]Partner, bool, error) {
	c, err := s.Q.CoChanges(ctx, p, math.MaxInt)
	if err != nil {
		if errorsIsNotFound(err) {
			return nil, false, nil
		}
		return nil, false, err
	}
	out := make([]Partner, len(c.Partners))
	for i, pt := range c.Partners {
		out[i] = Partner{Path: pt.Path, Together: pt.Together, Confidence: pt.Confidence}
	}
	return out, !c.New, nil
}

// Risks is q.Risks.
func (s Store) Risks(ctx context.Context) ([]query.FileRisk, error) { return s.Q.Risks(ctx) }

func errorsIsNotFound(err error) bool { return errors.Is(err, query.ErrNotFound) }
