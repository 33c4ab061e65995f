package risk

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The formula's parts (SPEC §7). The maximum score is 0.4 + 0.3 + 0.3 = 1.
const (
	// SalienceWeight multiplies the file's salience.
	SalienceWeight = 0.4
	// HighScore and MediumScore are the lowest scores of the high and medium
	// levels.
	HighScore   = 0.6
	MediumScore = 0.35
)

// BusFactorPart is the bus-factor contribution: one author 0.3, two 0.15,
// more (or unknown, 0) nothing.
func BusFactorPart(busFactor int) float64 {
	switch busFactor {
	case 1:
		return 0.3
	case 2:
		return 0.15
	}
	return 0
}

// ChangesPart is the change-count contribution: more than 20 commits 0.3,
// more than 10 0.2, more than 5 0.1, else nothing.
func ChangesPart(changes int) float64 {
	switch {
	case changes > 20:
		return 0.3
	case changes > 10:
		return 0.2
	case changes > 5:
		return 0.1
	}
	return 0
}

// SaliencePart is the salience contribution, 0.4·salience with salience
// clamped to [0,1].
func SaliencePart(salience float64) float64 {
	return round(SalienceWeight * min(max(salience, 0), 1))
}

// Score is the risk score in [0,1]: SaliencePart + BusFactorPart +
// ChangesPart, rounded to six decimals so that level boundaries do not hang
// on floating-point noise.
func Score(salience float64, busFactor, changes int) float64 {
	return round(SaliencePart(salience) + BusFactorPart(busFactor) + ChangesPart(changes))
}

func round(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// Level is a coarse reading of a score.
type Level string

// The levels: high from 0.6, medium from 0.35, else low. A file with one
// author and more than 20 commits is high whatever its salience; one with
// one author and more than five commits is medium.
const (
	High   Level = "high"
	Medium Level = "medium"
	Low    Level = "low"
)

// LevelOf reads a score.
func LevelOf(score float64) Level {
	switch {
	case score >= HighScore:
		return High
	case score >= MediumScore:
		return Medium
	}
	return Low
}

// Kind is a type of reason. The values are stable: they appear in
// homer-risk.json.
type Kind string

// The reasons.
const (
	// HighCentralityUntested: critical and no test covers it.
	HighCentralityUntested Kind = "high-centrality-untested"
	// KnowledgeSilo: one or two authors cover 80% of its changes.
	KnowledgeSilo Kind = "knowledge-silo"
	// VolatileCritical: critical and changed more than five times.
	VolatileCritical Kind = "volatile-critical"
	// UndocumentedCritical: critical and undocumented.
	UndocumentedCritical Kind = "undocumented-critical"
	// FrequentChanges: changed more than five times, not critical.
	FrequentChanges Kind = "frequent-changes"
	// HighCoupling: many files usually change with it.
	HighCoupling Kind = "high-coupling"
)

// Options are the thresholds of the reasons. Zero fields take the defaults.
type Options struct {
	// CriticalSalience is the salience from which a file is critical.
	// Default 0.5: in practice the top few percent of files, those with
	// both high centrality and some history behind it.
	CriticalSalience float64
	// HighCoupling is the number of co-change partners from which coupling
	// is high. Default 5.
	HighCoupling int
}

// Defaults for Options.
const (
	DefaultCriticalSalience = 0.5
	DefaultHighCoupling     = 5
)

// File is what the assessment of one file needs.
type File struct {
	Path string
	// Salience is the composite salience in [0,1].
	Salience float64
	// BusFactor is the file's bus factor, 0 when unknown.
	BusFactor int
	// Changes is the number of commits that touched the file.
	Changes int
	// HasTests reports that a test covers the file; IsTest that the file is
	// itself a test.
	HasTests, IsTest bool
	// Undocumented reports that the file (or its main entities) has no
	// documentation; false when unknown.
	Undocumented bool
	// TopAuthor is the author with the most changes, for recommendations.
	TopAuthor string
	// CoChangePartners are the files that usually change with it, strongest
	// first (cochange.Result.Partners).
	CoChangePartners []string
}

// Reason is one typed reason for a score.
type Reason struct {
	Kind Kind
	// Detail says it in words, with the numbers.
	Detail string
	// Weight is the part of the score this reason accounts for. Each part of
	// the formula is claimed by one reason at most: the salience part by the
	// first of high-centrality-untested, volatile-critical,
	// undocumented-critical that applies; the change part by
	// volatile-critical or frequent-changes; the bus-factor part by
	// knowledge-silo. Other applicable reasons, and high-coupling (not in
	// the formula), carry 0. The weights sum to at most Score; the rest is
	// plain salience that raises no particular concern.
	Weight float64
}

// Assessment is the risk of one file.
type Assessment struct {
	Path            string
	Score           float64
	Level           Level
	Reasons         []Reason
	Recommendations []string
	// Tested is true when a test covers the file (and it is not a test).
	Tested bool
}

// Assess computes the risk of one file, with its reasons and
// recommendations.
func Assess(f File, o Options) Assessment {
	o.CriticalSalience = cmp.Or(o.CriticalSalience, DefaultCriticalSalience)
	o.HighCoupling = cmp.Or(o.HighCoupling, DefaultHighCoupling)

	a := Assessment{Path: f.Path, Score: Score(f.Salience, f.BusFactor, f.Changes), Tested: f.HasTests && !f.IsTest}
	a.Level = LevelOf(a.Score)

	salPart, busPart, chPart := SaliencePart(f.Salience), BusFactorPart(f.BusFactor), ChangesPart(f.Changes)
	critical := f.Salience >= o.CriticalSalience
	claim := func() float64 { w := salPart; salPart = 0; return w }
	add := func(k Kind, w float64, detail string, args ...any) {
		a.Reasons = append(a.Reasons, Reason{Kind: k, Detail: fmt.Sprintf(detail, args...), Weight: round(w)})
	}

	if critical && !f.HasTests && !f.IsTest {
		add(HighCentralityUntested, claim(), "salience %.2f and no test covers it", f.Salience)
	}
	if critical && chPart > 0 {
		add(VolatileCritical, claim()+chPart, "salience %.2f and changed in %d commits", f.Salience, f.Changes)
		chPart = 0
	}
	if critical && f.Undocumented {
		add(UndocumentedCritical, claim(), "salience %.2f and no documentation", f.Salience)
	}
	if busPart > 0 {
		who := "one author covers"
		if f.BusFactor == 2 {
			who = "two authors cover"
		}
		if f.TopAuthor != "" {
			add(KnowledgeSilo, busPart, "%s 80%% of its %d changes (most by %s)", who, f.Changes, f.TopAuthor)
		} else {
			add(KnowledgeSilo, busPart, "%s 80%% of its %d changes", who, f.Changes)
		}
	}
	if chPart > 0 {
		add(FrequentChanges, chPart, "changed in %d commits", f.Changes)
	}
	if n := len(f.CoChangePartners); n >= o.HighCoupling {
		add(HighCoupling, 0, "usually changes with %d files: %s", n, list(f.CoChangePartners, 3))
	}

	for _, r := range a.Reasons {
		a.Recommendations = append(a.Recommendations, recommend(r.Kind, f))
	}
	return a
}

// recommend turns a reason into advice.
func recommend(k Kind, f File) string {
	switch k {
	case HighCentralityUntested:
		return "add tests before changing"
	case VolatileCritical:
		return "keep changes small and reviewed; consider stabilising its interface"
	case UndocumentedCritical:
		return "document its purpose and contract"
	case KnowledgeSilo:
		if f.TopAuthor != "" {
			return "pair with " + f.TopAuthor + " or spread knowledge"
		}
		return "spread knowledge: have a second person review changes"
	case FrequentChanges:
		return "find out why it changes so often; consider splitting it"
	case HighCoupling:
		return "when changing it, check " + list(f.CoChangePartners, 3)
	}
	return ""
}

// list joins the first n items, noting how many more there are.
func list(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// AssessAll assesses every file and returns them by falling score, ties by
// path.
func AssessAll(files []File, o Options) []Assessment {
	out := make([]Assessment, len(files))
	for i, f := range files {
		out[i] = Assess(f, o)
	}
	slices.SortFunc(out, func(a, b Assessment) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Path, b.Path))
	})
	return out
}

// Safe returns the paths, sorted, whose risk is low and that tests cover:
// the places where a change is least likely to hurt.
func Safe(as []Assessment) []string {
	var out []string
	for _, a := range as {
		if a.Level == Low && a.Tested {
			out = append(out, a.Path)
		}
	}
	slices.Sort(out)
	return out
}
