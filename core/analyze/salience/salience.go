package salience

import (
	"cmp"
	"math"
	"slices"

	"github.com/homer-dev/homer/core/graph"
)

// Weights are the shares of each signal in the composite; they sum to 1.
type Weights struct {
	PageRank, Betweenness, Authority float64
	ChangeFrequency, BusFactorRisk   float64
	CodeSize, MissingTests           float64
}

// DefaultWeights returns the SPEC §5 weights.
func DefaultWeights() Weights {
	return Weights{
		PageRank: 0.30, Betweenness: 0.15, Authority: 0.15,
		ChangeFrequency: 0.15, BusFactorRisk: 0.10, CodeSize: 0.05, MissingTests: 0.10,
	}
}

// Class thresholds. Percentiles are each file's rank among the files passed
// to Score (the share of the other files with a strictly lower value), so
// "high" means "in the top fifth of this repository".
const (
	// HighPercentile is the percentile from which structure, change or
	// salience counts as high.
	HighPercentile = 0.8
	// MinStructural is the structural score (see Result.Structural) a file
	// needs before its structure can count as high: on a graph without hubs,
	// or without a graph at all, the top fifth is no more central than the
	// rest.
	MinStructural = 0.05
)

// Class is what kind of file a file is, by structure and change.
type Class string

// The classes, in the order they are assigned: the first that fits wins.
const (
	// HotCritical: high structure and high change, in all and lately.
	HotCritical Class = "hot-critical"
	// CriticalSilo: high structure or high salience, and one author covers
	// most changes.
	CriticalSilo Class = "critical-silo"
	// FoundationalStable: high structure, change not high.
	FoundationalStable Class = "foundational-stable"
	// ActiveLocalized: structure not high, high change.
	ActiveLocalized Class = "active-localized"
	// Background: everything else.
	Background Class = "background"
)

// File is the input for one file.
type File struct {
	Path string
	// PageRank, Betweenness and Authority are raw or already normalised
	// centralities; Score divides each by its maximum over the files passed,
	// so pass every file of the repository (or the same ones each time).
	PageRank, Betweenness, Authority float64
	// ChangePercentile is the file's change-frequency percentile in [0,1]
	// (behavior.File.Percentile): the composite weighs it.
	ChangePercentile float64
	// RecentPercentile is the file's percentile in [0,1] by recency-weighted
	// change (behavior.File.Weighted at HEAD): a class's "changing often"
	// reads it beside the change count, so a file busy fifteen years ago
	// and quiet since is not hot (sinatra's entry file: 226 of its 229
	// changes before 2010), nor one of few changes, one of them lately.
	RecentPercentile float64
	// BusFactor is the file's bus factor; 0 means unknown (no history).
	BusFactor int
	// Lines is the file's size in lines of code.
	Lines int
	// HasTests reports that a test covers the file; IsTest that the file is
	// a test. Tests never count as missing tests.
	HasTests, IsTest bool
}

// Parts are the weighted contributions to a score; they sum to Salience.
type Parts struct {
	PageRank, Betweenness, Authority float64
	ChangeFrequency, BusFactorRisk   float64
	CodeSize, MissingTests           float64
}

// Result is one file's salience.
type Result struct {
	Path string
	// Salience is the composite in [0,1].
	Salience float64
	// Structural is the centrality part of the composite rescaled to [0,1]:
	// the weighted mean of normalised PageRank, betweenness and authority.
	Structural float64
	// StructuralPercentile, ChangePercentile, RecentPercentile and
	// SaliencePercentile rank the file among the files scored.
	StructuralPercentile, ChangePercentile, RecentPercentile, SaliencePercentile float64
	Class                                                                        Class
	Parts                                                                        Parts
}

// BusFactorRisk maps a bus factor to [0,1]: one author 1, two 0.5, more (or
// unknown) 0.
func BusFactorRisk(busFactor int) float64 {
	switch busFactor {
	case 1:
		return 1
	case 2:
		return 0.5
	}
	return 0
}

// Score computes every file's salience and class and returns them by falling
// salience, ties by path. Zero weights take DefaultWeights.
//
// The code-size signal is log(1+lines)/log(1+max lines), so a file ten times
// larger than another is not ten times more salient.
func Score(files []File, w Weights) []Result {
	if w == (Weights{}) {
		w = DefaultWeights()
	}
	n := len(files)
	pr, bt, au := make([]float64, n), make([]float64, n), make([]float64, n)
	maxLines := 0
	for i, f := range files {
		pr[i], bt[i], au[i] = f.PageRank, f.Betweenness, f.Authority
		maxLines = max(maxLines, f.Lines)
	}
	pr, bt, au = graph.Normalize(pr), graph.Normalize(bt), graph.Normalize(au)
	// The composite weighs lifted in-centralities (see lift); the
	// structural position that classes are drawn from stays linear.
	liftedPR, liftedAu := lift(spread(pr)), lift(spread(au))
	structWeight := w.PageRank + w.Betweenness + w.Authority

	out := make([]Result, n)
	structural := make([]float64, n)
	salience := make([]float64, n)
	for i, f := range files {
		p := Parts{
			PageRank:        w.PageRank * liftedPR[i],
			Betweenness:     w.Betweenness * bt[i],
			Authority:       w.Authority * liftedAu[i],
			ChangeFrequency: w.ChangeFrequency * clamp01(f.ChangePercentile),
			BusFactorRisk:   w.BusFactorRisk * BusFactorRisk(f.BusFactor),
		}
		if maxLines > 0 && f.Lines > 0 {
			p.CodeSize = w.CodeSize * math.Log1p(float64(f.Lines)) / math.Log1p(float64(maxLines))
		}
		if !f.HasTests && !f.IsTest {
			p.MissingTests = w.MissingTests
		}
		if structWeight > 0 {
			structural[i] = (w.PageRank*pr[i] + w.Betweenness*bt[i] + w.Authority*au[i]) / structWeight
		}
		salience[i] = p.PageRank + p.Betweenness + p.Authority + p.ChangeFrequency + p.BusFactorRisk + p.CodeSize + p.MissingTests
		out[i] = Result{Path: f.Path, Salience: salience[i], Structural: structural[i], ChangePercentile: clamp01(f.ChangePercentile), RecentPercentile: clamp01(f.RecentPercentile), Parts: p}
	}
	// A silo is critical for what else makes it salient: its own bus
	// factor's part, counted, made a 17-change script of nvm a critical
	// silo above nvm.sh, where no graph told them apart.
	besides := make([]float64, n)
	for i := range out {
		besides[i] = salience[i] - out[i].Parts.BusFactorRisk
	}
	sp, lp, bp := graph.Percentile(structural), graph.Percentile(salience), graph.Percentile(besides)
	for i, f := range files {
		r := &out[i]
		r.StructuralPercentile, r.SaliencePercentile = sp[i], lp[i]
		r.Class = classify(r, f.BusFactor, bp[i])
	}
	slices.SortFunc(out, func(a, b Result) int {
		return cmp.Or(cmp.Compare(b.Salience, a.Salience), cmp.Compare(a.Path, b.Path))
	})
	return out
}

// classify gives a file its class; besides is the percentile of its
// salience without its bus factor's part.
func classify(r *Result, busFactor int, besides float64) Class {
	highStruct := r.StructuralPercentile >= HighPercentile && r.Structural >= MinStructural
	// Changing often takes both: many changes, and many of them lately.
	highChange := r.ChangePercentile >= HighPercentile && r.RecentPercentile >= HighPercentile
	switch {
	case highStruct && highChange:
		return HotCritical
	case (highStruct || besides >= HighPercentile) && busFactor == 1:
		return CriticalSilo
	case highStruct:
		return FoundationalStable
	case highChange:
		return ActiveLocalized
	}
	return Background
}

func clamp01(x float64) float64 { return min(max(x, 0), 1) }

// spread maps values onto [0,1] from their minimum to their maximum: the
// least central file scores 0 whatever floor the measure has (PageRank
// gives every file at least (1-d)/N, a large share of the hub's score in
// a small repository). All equal: all 0.
func spread(xs []float64) []float64 {
	out := make([]float64, len(xs))
	if len(xs) == 0 {
		return out
	}
	lo, hi := slices.Min(xs), slices.Max(xs)
	if hi <= lo {
		return out
	}
	for i, x := range xs {
		out[i] = (x - lo) / (hi - lo)
	}
	return out
}

// liftFactor sets how much lift raises the middle of a centrality's range.
const liftFactor = 99

// lift maps a normalised centrality through log(1+kx)/log(1+k): 0 stays
// 0 and 1 stays 1, order is kept, and the middle of the range rises.
// PageRank and authority are heavy-tailed: divided by their maximum, a
// file a tenth as central as the hub of a large repository scores 0.1,
// and the other signals (change, bus factor, size, missing tests: 40% of
// the weight) would then rank leaf scripts above the code that many files
// import. Lifted, that file scores 0.52. Betweenness is left linear: it is 0
// for every file that only is depended on, and lifting it would favour the
// middle of import chains over the foundations at their end.
func lift(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = math.Log1p(liftFactor*x) / math.Log1p(liftFactor)
	}
	return out
}
