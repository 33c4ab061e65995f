package risk

import (
	"cmp"
	"fmt"
	"math"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/homer-dev/homer/core/graph"
	"github.com/homer-dev/homer/sdk"
)

// The formula's parts (SPEC §7). Each part is a weight times a reading in
// [0,1]; the weights sum to 1.
//
// Activity, size, past fixes and authors are percentiles among the
// repository's own files, so a score says how a file stands in its
// repository, not against a fixed count that means "busy" in one project
// and "quiet" in another.
//
// The weights were chosen on the held-out history of gin, chi, requests and
// tokio (homer backtest: share of later bug-fix touches on the top 10% of
// files) and reported on other repositories (BENCHMARKS.md, "Risk
// backtest"). Alone, centrality ranked worse than change count there, and
// a knowledge silo pushed well-owned files above busier ones; both keep a
// small part, for the advice their reasons carry. The fix share came last:
// its tenth was taken from the others in proportion.
const (
	// ActivityWeight multiplies the percentile of the recency-weighted
	// change count (behavior.File.Weighted).
	ActivityWeight = 0.36
	// SizeWeight multiplies the percentile of the file's size in bytes:
	// larger files carry more defects.
	SizeWeight = 0.27
	// FixesWeight multiplies the percentile of the recency-weighted count
	// of past bug-fix commits (IsFix) that touched the file.
	FixesWeight = 0.09
	// FixShareWeight multiplies the percentile of the share of the file's
	// changes that were bug fixes, from MinFixShareChanges changes (0
	// below): of two files changed as often, the one whose changes were
	// mostly fixes is the likelier to need the next.
	FixShareWeight = 0.10
	// AuthorsWeight multiplies the percentile of the number of distinct
	// authors: code many hands changed is more often fixed.
	AuthorsWeight = 0.09
	// SalienceWeight multiplies the file's salience.
	SalienceWeight = 0.045
	// BusFactorWeight is the part of a knowledge silo (half of it for two
	// authors), given only with MinSiloChanges changes of evidence.
	BusFactorWeight = 0.045

	// HighScore and MediumScore are the lowest scores of the high and medium
	// levels.
	HighScore   = 0.7
	MediumScore = 0.5
)

// Thresholds of the reasons.
const (
	// FrequentPercentile is the activity percentile from which a file's
	// change rate is a reason.
	FrequentPercentile = 0.75
	// LargePercentile is the size percentile from which size is a reason.
	LargePercentile = 0.9
	// LargeLines (LargeBytes where lines are unknown) is the least size
	// called large and told to split: in a small repository the largest
	// tenth can be 30-line files. Below it size still weighs in the score.
	LargeLines = 300
	LargeBytes = 12000
	// FixedPercentile and AuthorsPercentile are the percentiles of past
	// fixes and of authors from which they are reasons.
	FixedPercentile   = 0.75
	AuthorsPercentile = 0.75
	// MinManyAuthors is the fewest authors that count as many hands: the
	// authors part is 0 below it, and for a knowledge silo.
	MinManyAuthors = 3
	// MinFixes is the fewest past bug-fix commits that make past fixes a
	// reason: one or two fix messages are chance, not a pattern.
	MinFixes = 3
	// MinFixShareChanges is the fewest changes a file needs for the share
	// of them that were fixes to be read (1 fix of 1 change is not 100%
	// of anything).
	MinFixShareChanges = 3
	// MinRecentChanges is the fewest changes in the last 90 days for a
	// file's change rate to be a reason (frequent-changes,
	// volatile-critical): a file quiet for three months is not volatile,
	// whatever its old activity adds to its score.
	MinRecentChanges = 2
	// MinAuthorsChanges is the fewest changes for many authors to be a
	// reason: three authors of three changes are not "many hands".
	// MinPastChanges is the changes a file needs before its whole
	// history's rate, without recent changes, is a reason.
	MinPastChanges    = 10
	MinAuthorsChanges = 10
	// MaxFixFiles leaves larger commits out of a file's past fixes, as
	// homer backtest leaves them out of the fixes it scores: a sweep over
	// the tree says nothing of one file.
	MaxFixFiles = 50
	// SubjectShare is the part of the gap between a test's score and the
	// higher score of the code it is named after that the test is raised
	// by (subject-fixes), given MinSharedFixes bug-fix commits that
	// touched both: a fix usually changes the code and its test together,
	// so a test is as likely to be touched by the next fix as the code it
	// tests, more than its own history says. Chosen on gin, chi, requests
	// and tokio (BENCHMARKS.md, "tenth pass"). Tests keep the low level:
	// only their place among the files moves.
	SubjectShare   = 0.5
	MinSharedFixes = 3
)

// IsFix says whether a commit message is a bug fix's, by its subject
// line alone: fix, bug, hotfix or regression as a whole word in one of its
// forms (fixWords), in any case, so that "fixture" or "prefix" is not a
// fix; and not a commit whose Conventional Commits type says it leaves
// the program's behaviour alone (nonFixTypes: "docs: fix typo", "chore:
// fix lint", "test(api): fix name"). It is the one rule: the past fixes a
// score counts and the later fixes homer backtest scores it against are
// the same kind of commit.
//
// The body is not read. A squash-merged pull request's body lists its
// branch's commits ("* fix lint", "ci: apply automated fixes"): on hono and
// prometheus a quarter of the commits the whole message called fixes had
// the word only there, and in hand-checked samples few of those (1 in 20
// on hono, 2 in 20 on prometheus) fixed a bug; the typed commits above, 0
// in 20 on each (BENCHMARKS.md, "ninth pass").
//
// Every update's salience runs it on every commit's message, so it is
// matched by hand: the 87,180 messages of spring-boot, prometheus and
// requests took 2.39 s through the regular expression the word rule was
// first written as and 0.41 s by hand over whole messages (a loaded
// machine); over the subject line alone the 16,013 messages of prometheus
// and hono take 11–14 ms, against 27–38 ms by hand over whole messages.
// TestIsFixAsTheExpression holds the hand matching to the expressions.
func IsFix(msg string) bool {
	subject := strings.TrimLeft(msg, " \t\r\n")
	if i := strings.IndexByte(subject, '\n'); i >= 0 {
		subject = subject[:i]
	}
	if nonFixType(subject) {
		return false
	}
	return hasFixWord(subject)
}

// nonFixTypes are the Conventional Commits types of commits that do not
// change what the program does, in lower case.
var nonFixTypes = []string{"build", "chore", "ci", "doc", "docs", "style", "test", "tests"}

// nonFixType says whether a subject opens with one of nonFixTypes, in any
// case, as a type: followed by an optional "(scope)", an optional "!" and
// a colon.
func nonFixType(subject string) bool {
	n := 0
	for n < len(subject) && 'a' <= subject[n]|0x20 && subject[n]|0x20 <= 'z' {
		n++
	}
	if !slices.Contains(nonFixTypes, strings.ToLower(subject[:n])) {
		return false
	}
	rest := subject[n:]
	if strings.HasPrefix(rest, "(") {
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return false
		}
		rest = rest[end+1:]
	}
	rest = strings.TrimPrefix(rest, "!")
	return strings.HasPrefix(rest, ":")
}

// hasFixWord says whether s holds one of fixWords as a whole word, in any
// case.
func hasFixWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if i > 0 && isWordByte(s[i-1]) {
			continue // \b: a form starts a word
		}
		if c := s[i] | 0x20; c != 'f' && c != 'b' && c != 'h' && c != 'r' {
			continue // no form starts so
		}
		for _, w := range fixWords {
			if j, ok := foldPrefix(s, i, w); ok && wordEnd(s, j) {
				return true
			}
		}
	}
	return false
}

// fixWords are the forms of the words IsFix looks for.
var fixWords = []string{"fix", "fixes", "fixed", "fixing", "bug", "bugs", "bugfix", "bugfixes", "hotfix", "hotfixes", "regression", "regressions"}

// foldPrefix matches the lower-case ASCII word w at msg[i:] as (?i) does:
// each letter in either case, and 's' also as 'ſ' (U+017F), the one
// non-ASCII letter folding to a letter of the forms. It returns where
// the match ends.
func foldPrefix(msg string, i int, w string) (int, bool) {
	for k := 0; k < len(w); k++ {
		switch {
		case i < len(msg) && msg[i]|0x20 == w[k] && msg[i] >= 'A':
			i++
		case w[k] == 's' && strings.HasPrefix(msg[i:], "ſ"):
			i += len("ſ")
		default:
			return 0, false
		}
	}
	return i, true
}

// wordEnd is \b after a form ending at j: a word character on exactly one
// side. The form's last character is a word character unless it is 'ſ'.
func wordEnd(msg string, j int) bool {
	before := !strings.HasSuffix(msg[:j], "ſ")
	after := j < len(msg) && isWordByte(msg[j])
	return before != after
}

// isWordByte is \w: an ASCII letter, digit or '_'. Every byte of a
// multi-byte character is 0x80 or more, so none is.
func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b|0x20 && b|0x20 <= 'z'
}

// Level is a coarse reading of a score.
type Level string

// The levels: high from 0.7, medium from 0.5, else low. Tests, examples,
// mocks, fixtures and generated files are low whatever their score.
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
	// KnowledgeSilo: one or two authors cover 80% of at least
	// MinSiloChanges changes.
	KnowledgeSilo Kind = "knowledge-silo"
	// VolatileCritical: critical and among the most changed files.
	VolatileCritical Kind = "volatile-critical"
	// UndocumentedCritical: critical and undocumented.
	UndocumentedCritical Kind = "undocumented-critical"
	// FrequentChanges: among the most changed files, not critical.
	FrequentChanges Kind = "frequent-changes"
	// Burst: most of its changes came in one short burst, counted as one
	// piece of work; it claims the activity part, whatever its percentile.
	Burst Kind = "burst"
	// Large: among the largest files.
	Large Kind = "large"
	// PastFixes: among the files that bug fixes touched most, recent ones
	// weighing more.
	PastFixes Kind = "past-fixes"
	// ManyAuthors: among the files with the most distinct authors.
	ManyAuthors Kind = "many-authors"
	// PastChanges: among the most changed files by its whole history,
	// without the recent changes that make it "frequent" now.
	PastChanges Kind = "past-changes"
	// Central: critical salience that no other reason has claimed.
	Central Kind = "central"
	// SubjectFixes: a test whose subject scores higher, and whose
	// subject's bug fixes changed it MinSharedFixes times or more.
	SubjectFixes Kind = "subject-fixes"
)

// Options are the thresholds of the reasons. Zero fields take the defaults.
type Options struct {
	// CriticalSalience is the salience from which a file is critical.
	// Default 0.5: in practice the top few percent of files, those with
	// both high centrality and some history behind it.
	CriticalSalience float64
	// MinSiloChanges is the fewest changes on which a bus factor is judged.
	// Default 10: on fewer, one author is the usual case, not a finding.
	MinSiloChanges int
	// Now is the time the history is read at (HEAD's commit time, Unix
	// seconds): a burst of work a year or more before it is no new code.
	// Zero takes every burst as recent.
	Now int64
}

// Defaults for Options.
const (
	DefaultCriticalSalience = 0.5
	DefaultMinSiloChanges   = 10
)

// File is what the assessment of one file needs.
type File struct {
	Path string
	// Salience is the composite salience in [0,1].
	Salience float64
	// BusFactor is the file's bus factor, 0 when unknown; BusCovered is how
	// many of its changes the bus-factor authors made.
	BusFactor, BusCovered int
	// Changes is the number of commits that touched the file, Changes90
	// those in the last 90 days.
	Changes, Changes90 int
	// Weighted is the recency-weighted change count (behavior.File.Weighted).
	Weighted float64
	// BurstChanges, BurstStart and BurstEnd describe the burst that holds
	// most of its changes, if any (BurstChanges 0 when none).
	BurstChanges         int
	BurstStart, BurstEnd int64
	// Lines is the file's line count at HEAD, 0 when no plugin parsed it;
	// Bytes its size, known for every file. Size is ranked by Bytes, so a
	// file of a language Homer cannot parse is weighed like any other.
	Lines int
	Bytes int64
	// Fixes is the number of bug-fix commits (IsFix, at most MaxFixFiles
	// files) that touched the file; WeightedFixes counts them weighted by
	// recency like Weighted.
	Fixes         int
	WeightedFixes float64
	// Authors is the number of distinct authors of its changes (counted
	// from MinManyAuthors on, unless the file is a knowledge silo).
	Authors int
	// HasTests reports that a test covers the file; IsTest that the file is
	// itself a test.
	HasTests, IsTest bool
	// Generated reports that the file's head says a tool wrote it: its
	// source is what to change, so it has no danger level of its own.
	Generated bool
	// Undocumented reports that fewer than half of the file's exported
	// definitions have a doc comment; false when unknown. Exported and
	// Documented are the counts behind it.
	Undocumented         bool
	Exported, Documented int
	// TopAuthor is the author with the most changes, for recommendations.
	TopAuthor string
	// Subject is, for a test, the code file it is named after among the
	// files it is linked to (testlink.NamedSubject), "" for other files;
	// SharedFixes is how many bug-fix commits (IsFix, at most MaxFixFiles
	// files) touched both.
	Subject     string
	SharedFixes int
}

// Reason is one typed reason for a score.
type Reason struct {
	Kind Kind
	// Detail says it in words, with the evidence and its sample size.
	Detail string
	// Weight is the part of the score this reason accounts for, always
	// above 0. Each part of the formula is claimed by one reason at most:
	// the salience part by the first of high-centrality-untested,
	// volatile-critical, undocumented-critical that applies; the activity
	// part by volatile-critical, frequent-changes or burst; the size part
	// by large; the fixes and fix-share parts by past-fixes; the authors part by
	// many-authors; the bus-factor part by knowledge-silo; what a test
	// takes from its subject by subject-fixes. The weights sum to at most
	// Score; the rest is what raises no particular concern.
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
	// Exempt names why the file gets no danger level ("test", "example",
	// "mock", "fixture", "benchmark", "translation", "generated"), empty
	// when it can get one.
	Exempt string
}

// Exempt names why a file is kept out of the danger levels: "test",
// "example", "mock", "fixture", "benchmark", "translation" or
// "generated", judged from isTest and the path; "" for a file that can be
// dangerous.
func Exempt(p string, isTest bool) string {
	if isTest {
		return "test"
	}
	p = strings.ToLower(p)
	base := path.Base(p)
	dirs := strings.Split(path.Dir(p), "/")
	// Below a source set (src/main/, a flavour's src/demo/) the directories
	// name a set and a package (org/springframework/samples).
	dirs = dirs[:sdk.SourceSetCut(dirs)]
	has := func(names ...string) bool {
		for _, d := range dirs {
			if slices.Contains(names, d) {
				return true
			}
		}
		return false
	}
	stem := strings.TrimSuffix(base, path.Ext(base))
	switch {
	case has("test", "tests", "__tests__", "spec", "testing", "testutil", "testutils", "fuzz", "fuzzing", "fuzzers"):
		return "test" // a fuzzing harness probes the code as a test does
	case has("testdata", "fixture", "fixtures", "__fixtures__", "__snapshots__"):
		return "fixture"
	case has("mock", "mocks", "__mocks__", "fakes") || strings.HasPrefix(stem, "mock_") || strings.HasSuffix(stem, "_mock") || strings.HasSuffix(stem, "mock") && strings.Contains(stem, "_"):
		return "mock"
	case slices.ContainsFunc(dirs, sdk.ExampleDir) || strings.HasPrefix(stem, "example_") || sdk.DocsDir(dirs[0]):
		return "example" // a DocC catalog's tutorial code and a playground app are examples too
	case (slices.ContainsFunc(dirs, sdk.BenchDir) || sdk.BenchFile(stem)) && !sourceBench(dirs):
		return "benchmark" // it measures the code, as a test checks it
	case sdk.Translation(p):
		return "translation" // PHPMailer's 57 language files were a third of its danger zones
	case strings.HasPrefix(base, "zz_generated") || strings.Contains(stem, "_generated") || strings.Contains(base, ".generated.") ||
		strings.HasSuffix(stem, "_gen") || strings.HasPrefix(stem, "generated_"):
		return "generated"
	}
	return ""
}

// sourceBench tells a benchmark directory inside the product's source
// (src/, lib/): hyperfine's src/benchmark/ is the tool itself.
func sourceBench(dirs []string) bool {
	for _, d := range dirs {
		switch {
		case d == "src" || d == "lib":
			return true
		case sdk.BenchDir(d):
			return false
		}
	}
	return false
}

func round(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// Percentiles place a file among the repository's files, each in [0,1]:
// the share of the other files with a strictly lower value.
type Percentiles struct {
	// Activity is that of File.Weighted, Size of File.Bytes, Fixes of
	// File.WeightedFixes, Authors of File.Authors, FixShare of FixShare.
	Activity, Size, Fixes, Authors, FixShare float64
}

// FixShare is the share of a file's changes that were bug fixes (Fixes
// over Changes), 0 for a file of fewer than MinFixShareChanges changes.
func FixShare(f File) float64 {
	if f.Changes < MinFixShareChanges {
		return 0
	}
	return float64(f.Fixes) / float64(f.Changes)
}

func clamp01(x float64) float64 { return min(max(x, 0), 1) }

// Assess computes the risk of one file, with its reasons and
// recommendations, given its percentiles among the repository's files
// (AssessAll computes them).
func Assess(f File, pc Percentiles, o Options) Assessment {
	o.CriticalSalience = cmp.Or(o.CriticalSalience, DefaultCriticalSalience)
	o.MinSiloChanges = cmp.Or(o.MinSiloChanges, DefaultMinSiloChanges)
	activity, size := pc.Activity, pc.Size

	salPart := round(SalienceWeight * clamp01(f.Salience))
	actPart := round(ActivityWeight * clamp01(activity))
	sizePart := round(SizeWeight * clamp01(size))
	fixPart, sharePart, authPart := 0.0, 0.0, 0.0
	if f.Fixes > 0 {
		fixPart = round(FixesWeight * clamp01(pc.Fixes))
		sharePart = round(FixShareWeight * clamp01(pc.FixShare))
	}
	busPart := 0.0
	if f.Changes >= o.MinSiloChanges {
		switch f.BusFactor {
		case 1:
			busPart = BusFactorWeight
		case 2:
			busPart = BusFactorWeight / 2
		}
	}
	// A silo is not also a file of many hands.
	if f.Authors >= MinManyAuthors && busPart == 0 {
		authPart = round(AuthorsWeight * clamp01(pc.Authors))
	}
	a := Assessment{Path: f.Path, Score: round(salPart + actPart + sizePart + fixPart + sharePart + authPart + busPart), Tested: f.HasTests && !f.IsTest, Exempt: Exempt(f.Path, f.IsTest)}
	if a.Exempt == "" && f.Generated {
		a.Exempt = "generated" // go-github's generated accessors, "DO NOT EDIT", were high risk
	}
	a.Level = LevelOf(a.Score)
	if a.Exempt != "" {
		a.Level = Low
	}

	critical := f.Salience >= o.CriticalSalience
	// Frequent needs recent changes as well as a high percentile: the
	// half-life keeps a file busy years ago high for a while.
	frequent := activity >= FrequentPercentile && f.BurstChanges == 0 && f.Changes90 >= MinRecentChanges
	claim := func() float64 { w := salPart; salPart = 0; return w }
	add := func(k Kind, w float64, detail string, args ...any) {
		if w = round(w); w > 0 {
			a.Reasons = append(a.Reasons, Reason{Kind: k, Detail: fmt.Sprintf(detail, args...), Weight: w})
		}
	}
	rate := fmt.Sprintf("%s in the last 90 days, %d in all; %s percentile of this repository's files by recency-weighted change (half-life 1 year)",
		changes(f.Changes90), f.Changes, ordinal(activity))

	if critical && !f.HasTests && !f.IsTest {
		add(HighCentralityUntested, claim(), "salience %.2f (critical from %.2f) and no test is linked to it by name, imports or calls", f.Salience, o.CriticalSalience)
	}
	if critical && frequent {
		add(VolatileCritical, claim()+actPart, "salience %.2f; %s", f.Salience, rate)
		actPart = 0
	}
	if critical && f.Undocumented {
		verb := "have"
		if f.Documented == 1 {
			verb = "has" // factory_bot's Definition: "1 of its 26 exported definitions has a doc comment"
		}
		add(UndocumentedCritical, claim(), "salience %.2f; %d of its %d exported definitions %s a doc comment", f.Salience, f.Documented, f.Exported, verb)
	}
	if frequent {
		add(FrequentChanges, actPart, "%s", rate)
	}
	if !frequent && f.BurstChanges == 0 && activity >= FrequentPercentile && f.Changes >= MinPastChanges {
		add(PastChanges, actPart, "changed often before, not lately: %s", rate)
	}
	if f.BurstChanges > 0 {
		from, to := time.Unix(f.BurstStart, 0).UTC().Format(time.DateOnly), time.Unix(f.BurstEnd, 0).UTC().Format(time.DateOnly)
		when := "on " + from
		if from != to {
			when = fmt.Sprintf("in %s, %s to %s", days(f.BurstEnd-f.BurstStart), from, to)
		}
		add(Burst, actPart, "%d of its %s came %s: one piece of work, counted once; %s percentile of this repository's files by recency-weighted change",
			f.BurstChanges, changes(f.Changes), when, ordinal(activity))
	}
	if isLarge(f, size) {
		if f.Lines > 0 {
			add(Large, sizePart, "%d lines (%s), %s percentile of size", f.Lines, kilobytes(f.Bytes), ordinal(size))
		} else {
			add(Large, sizePart, "%s, %s percentile of size", kilobytes(f.Bytes), ordinal(size))
		}
	}
	if (pc.Fixes >= FixedPercentile || pc.FixShare >= FixedPercentile) && f.Fixes >= MinFixes {
		add(PastFixes, fixPart+sharePart, "%d of its %d changes (%d%%) were commits whose subject line names a fix (fix, bug, hotfix or regression; not docs, chore, ci, test, style or build commits); %s percentile of this repository's files by recency-weighted fixes (half-life 1 year), %s by share of fixes",
			f.Fixes, f.Changes, percent(f.Fixes, f.Changes), ordinal(pc.Fixes), ordinal(pc.FixShare))
	}
	if pc.Authors >= AuthorsPercentile && f.Changes >= MinAuthorsChanges {
		add(ManyAuthors, authPart, "%d authors made its %d changes; %s percentile of this repository's files by authors", f.Authors, f.Changes, ordinal(pc.Authors))
	}
	if busPart > 0 {
		who := "1 author covers"
		if f.BusFactor == 2 {
			who = "2 authors cover"
		}
		share := percent(f.BusCovered, f.Changes)
		if f.TopAuthor != "" {
			add(KnowledgeSilo, busPart, "%s %d of its %d changes (%d%%; most by %s)", who, f.BusCovered, f.Changes, share, f.TopAuthor)
		} else {
			add(KnowledgeSilo, busPart, "%s %d of its %d changes (%d%%)", who, f.BusCovered, f.Changes, share)
		}
	}
	// What salience gave the score and no reason above claimed is said
	// too, so the reasons explain the score a reader sees.
	if critical {
		add(Central, claim(), "salience %.2f (critical from %.2f): the composite of how central, changed, owned, large and tested it is", f.Salience, o.CriticalSalience)
	}

	for _, r := range a.Reasons {
		a.Recommendations = append(a.Recommendations, recommend(r.Kind, f, size, o.Now))
	}
	return a
}

// percent is n of total in whole percent, rounded down; 0 of nothing.
func percent(n, total int) int {
	if total <= 0 {
		return 0
	}
	return n * 100 / total
}

// kilobytes writes a size as "12.3 KB".
func kilobytes(b int64) string { return fmt.Sprintf("%.1f KB", float64(b)/1000) }

func changes(n int) string {
	if n == 1 {
		return "1 change"
	}
	return fmt.Sprintf("%d changes", n)
}

func days(secs int64) string {
	d := secs/86400 + 1
	if d == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", d)
}

// ordinal writes a percentile in [0,1] as "97th".
func ordinal(p float64) string {
	n := int(math.Floor(p * 100))
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// MinFixShare is the share of a file's changes, in percent, that fixes
// must make for its advice to say they keep coming.
const MinFixShare = 10

// oldBurst is how long before now a burst of work stops being new code.
const oldBurst = 365 * 86400

// recommend turns a reason into advice, as strong as its evidence: a burst
// of work years ago is no new code to review (anyhow's ensure module,
// written in six days of 2021), and fixes in a few of many changes do not
// keep coming (4 of the crate root's 253).
func recommend(k Kind, f File, size float64, now int64) string {
	switch k {
	case HighCentralityUntested:
		return "add tests before changing"
	case VolatileCritical:
		return "have each change reviewed; consider stabilising its interface"
	case UndocumentedCritical:
		return "document its purpose and contract"
	case KnowledgeSilo:
		if f.TopAuthor != "" {
			return "pair with " + f.TopAuthor + " or spread knowledge"
		}
		return "spread knowledge: have a second person review changes"
	case FrequentChanges:
		if isLarge(f, size) {
			return "find out why it changes so often; consider splitting it"
		}
		return "find out why it changes so often"
	case Burst:
		if now > 0 && now-f.BurstEnd >= oldBurst {
			return "mostly written in one go, " + time.Unix(f.BurstEnd, 0).UTC().Format("2006") + ": read that work's commits for its design"
		}
		return "recently written in one go: review it as new code"
	case Large:
		return "keep changes to it small; consider splitting it"
	case PastFixes:
		if f.Fixes*100 < MinFixShare*f.Changes {
			return "bugs have been fixed here: test the change's edge cases"
		}
		return "bugs keep being fixed here: test the change's edge cases"
	case ManyAuthors:
		return "many hands change it: ask one of its regular authors to review"
	case PastChanges:
		return "read its history before changing it"
	case SubjectFixes:
		return "when " + f.Subject + " is fixed, add the fixed case here"
	case Central:
		return "read its dependents and run their tests"
	}
	return ""
}

// isLarge tells that a file, at size percentile size, is large in its
// repository and in absolute terms.
func isLarge(f File, size float64) bool {
	if size < LargePercentile {
		return false
	}
	if f.Lines > 0 {
		return f.Lines >= LargeLines
	}
	return f.Bytes >= LargeBytes
}

// AssessAll assesses every file, with its percentiles taken among files (to
// three decimals), raises each test with a subject as SubjectShare says,
// and returns them by falling score, ties by path.
func AssessAll(files []File, o Options) []Assessment {
	n := len(files)
	act, size, fixes, authors, share := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i, f := range files {
		act[i], size[i], fixes[i], authors[i], share[i] = f.Weighted, float64(f.Bytes), f.WeightedFixes, float64(f.Authors), FixShare(f)
	}
	actP, sizeP, fixP, authP, shareP := graph.Percentile(act), graph.Percentile(size), graph.Percentile(fixes), graph.Percentile(authors), graph.Percentile(share)
	out := make([]Assessment, n)
	for i, f := range files {
		pc := Percentiles{Activity: milli(actP[i]), Size: milli(sizeP[i]), Fixes: milli(fixP[i]), Authors: milli(authP[i]), FixShare: milli(shareP[i])}
		out[i] = Assess(f, pc, o)
	}
	at := make(map[string]int, n)
	for i, f := range files {
		at[f.Path] = i
	}
	// Every raise reads the subject's own score: a subject is code, which
	// nothing raises, but the order of files must not matter either way.
	own := make([]float64, n)
	for i := range out {
		own[i] = out[i].Score
	}
	for i, f := range files {
		if j, ok := at[f.Subject]; ok && j != i && f.SharedFixes >= MinSharedFixes {
			raiseToSubject(&out[i], f, own[j], files[j])
		}
	}
	slices.SortFunc(out, func(a, b Assessment) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Path, b.Path))
	})
	return out
}

// raiseToSubject adds SubjectShare of the gap between a test's score and
// its subject's (subjectScore) to the test's, with the reason and its
// evidence; nothing when the subject scores no higher.
func raiseToSubject(a *Assessment, f File, subjectScore float64, subject File) {
	w := round(SubjectShare * (subjectScore - a.Score))
	if w <= 0 {
		return
	}
	a.Score = round(a.Score + w)
	a.Level = LevelOf(a.Score)
	if a.Exempt != "" {
		a.Level = Low
	}
	a.Reasons = append(a.Reasons, Reason{Kind: SubjectFixes, Weight: w, Detail: fmt.Sprintf(
		"tests %s (score %.2f), and %d of that file's %d bug-fix commits changed this file too: the next fix there is likely to land here as well; %.0f%% of the difference in score is added",
		f.Subject, subjectScore, f.SharedFixes, subject.Fixes, SubjectShare*100)})
	a.Recommendations = append(a.Recommendations, recommend(SubjectFixes, f, 0, 0))
}

// milli keeps a percentile to three decimals: a file's percentiles move by
// 1/files whenever a file is added or removed anywhere, and its score would
// move with them though nothing about the file changed.
func milli(p float64) float64 { return math.Round(p*1e3) / 1e3 }

// Safe returns the paths, sorted, whose risk is low and that tests cover:
// the places where a change is least likely to hurt.
func Safe(as []Assessment) []string {
	var out []string
	for _, a := range as {
		if a.Level == Low && a.Tested && a.Exempt == "" {
			out = append(out, a.Path)
		}
	}
	slices.Sort(out)
	return out
}
