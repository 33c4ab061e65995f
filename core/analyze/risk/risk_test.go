package risk

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixWord and commitType are the rule IsFix matches by hand, as regular
// expressions: a fix word in the subject line, unless the subject opens
// with a type that changes no behaviour (asTheExpression).
var (
	fixWord    = regexp.MustCompile(`(?i)\b(fix(es|ed|ing)?|bug(s|fix|fixes)?|hotfix(es)?|regressions?)\b`)
	commitType = regexp.MustCompile(`^([A-Za-z]+)(\([^)]*\))?!?:`)
)

// asTheExpression is IsFix's rule written plainly.
func asTheExpression(msg string) bool {
	subject, _, _ := strings.Cut(strings.TrimLeft(msg, " \t\r\n"), "\n")
	if m := commitType.FindStringSubmatch(subject); m != nil {
		switch strings.ToLower(m[1]) {
		case "build", "chore", "ci", "doc", "docs", "style", "test", "tests":
			return false
		}
	}
	return fixWord.MatchString(subject)
}

func TestLevelOf(t *testing.T) {
	t.Parallel()
	for score, want := range map[float64]Level{0: Low, 0.499: Low, 0.5: Medium, 0.699: Medium, 0.7: High, 1: High} {
		assert.Equal(t, want, LevelOf(score), "score %v", score)
	}
}

func reasonOf(a Assessment, k Kind) (Reason, bool) {
	for _, r := range a.Reasons {
		if r.Kind == k {
			return r, true
		}
	}
	return Reason{}, false
}

// A file with few changes is never a knowledge silo, however lonely its
// author; from MinSiloChanges on it is, with the share and sample size.
func TestSiloNeedsEvidence(t *testing.T) {
	t.Parallel()
	few := Assess(File{Path: "a.go", BusFactor: 1, BusCovered: 9, Changes: 9}, Percentiles{Activity: 0.5, Size: 0.5}, Options{})
	_, ok := reasonOf(few, KnowledgeSilo)
	assert.False(t, ok, "9 changes are too few")

	enough := Assess(File{Path: "a.go", BusFactor: 1, BusCovered: 20, Changes: 23, TopAuthor: "ann"}, Percentiles{Activity: 0.5, Size: 0.5}, Options{})
	r, ok := reasonOf(enough, KnowledgeSilo)
	require.True(t, ok)
	assert.Equal(t, "1 author covers 20 of its 23 changes (86%; most by ann)", r.Detail)
	assert.InDelta(t, BusFactorWeight, r.Weight, 1e-9)
	assert.InDelta(t, few.Score+BusFactorWeight, enough.Score, 1e-6)

	configured := Assess(File{Path: "a.go", BusFactor: 1, BusCovered: 5, Changes: 5}, Percentiles{Activity: 0.5, Size: 0.5}, Options{MinSiloChanges: 5})
	_, ok = reasonOf(configured, KnowledgeSilo)
	assert.True(t, ok, "the threshold is configurable")
}

// Every reason has a weight above zero, and the weights never exceed the
// score.
func TestReasonsCarryWeight(t *testing.T) {
	t.Parallel()
	f := File{Path: "core.go", Salience: 0.8, BusFactor: 1, BusCovered: 30, Changes: 30, Changes90: 4, Weighted: 9, Lines: 2000, Bytes: 61000, Undocumented: true, Fixes: 9, WeightedFixes: 4}
	a := Assess(f, Percentiles{Activity: 0.97, Size: 0.95, Fixes: 0.9, FixShare: 0.9}, Options{})
	require.NotEmpty(t, a.Reasons)
	sum := 0.0
	for _, r := range a.Reasons {
		assert.Positive(t, r.Weight, r.Kind)
		sum += r.Weight
	}
	assert.LessOrEqual(t, sum, a.Score+1e-9)
	assert.Equal(t, High, a.Level)
	r, ok := reasonOf(a, VolatileCritical)
	require.True(t, ok)
	assert.Equal(t, "salience 0.80; 4 changes in the last 90 days, 30 in all; 97th percentile of this repository's files by recency-weighted change (half-life 1 year)", r.Detail)
	r, ok = reasonOf(a, Large)
	require.True(t, ok)
	assert.Equal(t, "2000 lines (61.0 KB), 95th percentile of size", r.Detail)
	unparsed := Assess(File{Path: "core.lua", Bytes: 12000}, Percentiles{Size: 0.95}, Options{})
	r, ok = reasonOf(unparsed, Large)
	require.True(t, ok, "size is known for a file no plugin parsed")
	assert.Equal(t, "12.0 KB, 95th percentile of size", r.Detail)
	small := Assess(File{Path: "small.go", Lines: 32, Bytes: 300, Changes: 40, Weighted: 30}, Percentiles{Activity: 0.99, Size: 1}, Options{})
	_, ok = reasonOf(small, Large)
	assert.False(t, ok, "a 32-line file is the largest of a small repository, not large")
	for _, rec := range small.Recommendations {
		assert.NotContains(t, rec, "splitting", "a 32-line file is told to split")
	}

	quiet := Assess(File{Path: "q.go", Changes: 21}, Percentiles{Activity: 0.3, Size: 0.2}, Options{})
	assert.Empty(t, quiet.Reasons, "21 changes below the 75th percentile are not frequent")
}

// Tests, examples, mocks, fixtures and generated files keep a score but
// never a danger level.
func TestExemptFilesHaveNoLevel(t *testing.T) {
	t.Parallel()
	gen := Assess(File{Path: "github/github-accessors.go", Generated: true, Salience: 1, BusFactor: 1, BusCovered: 50, Changes: 50, Weighted: 40, Lines: 900}, Percentiles{Activity: 1, Size: 1}, Options{})
	assert.Equal(t, Low, gen.Level, "a file whose head says a tool wrote it")
	assert.Equal(t, "generated", gen.Exempt)
	for p, kind := range map[string]string{
		"pkg/cmd/root/root_test.go": "test", "tests/conftest.py": "test", "examples/tutorial/app.py": "example",
		"internal/mocks/store.go": "mock", "pkg/api/mock_client.go": "mock", "testdata/repo/main.go": "fixture",
		"promql/parser/generated_parser.y.go":                                "generated",
		"pkg/apis/zz_generated.deepcopy.go":                                  "generated",
		"Sources/Documentation.docc/Resources/code-files/01-SwiftUI-1.swift": "example",
		"packages/playground/src/api/jokes.ts":                               "example",
		"Example.playground/Contents.swift":                                  "example",
		"tutorials/basics/main.go":                                           "example",
		"fuzzing/cjson_read_fuzzer.c":                                        "test",
		"benchmarks/db_bench.cc":                                             "benchmark",
		"packages/online-playground/src/main.ts":                             "example",
		"Example-iOS/ListViewController.swift":                               "example",
		"docs/code/cgi/main.c":                                               "example", // the documentation's code
		"docs/src/conf.py":                                                   "example",
		"website/src/components/Search.tsx":                                  "example", // the project's site
		"benchmark.js":                                                       "benchmark",
		"perf-testing/immutability-benchmarks.mjs":                           "benchmark", // immer
		"language/phpmailer.lang-zh.php":                                     "translation",
		"__performance_tests__/large-obj.mjs":                                "benchmark",
	} {
		isTest := strings.HasSuffix(p, "_test.go")
		assert.Equal(t, kind, Exempt(p, isTest), p)
		a := Assess(File{Path: p, IsTest: isTest, Salience: 1, BusFactor: 1, BusCovered: 50, Changes: 50, Weighted: 40, Lines: 900}, Percentiles{Activity: 1, Size: 1}, Options{})
		assert.Equal(t, Low, a.Level, p)
		assert.Greater(t, a.Score, HighScore, p)
	}
	for _, p := range []string{"src/main/java/org/springframework/samples/petclinic/owner/Owner.java", "src/flask/app.py", "pkg/cmd/pr/create/create.go", "tsdb/head.go", "contest/main.go", "src/demographics/table.go", "doc/man_docs.go",
		"src/benchmark/executor.rs", "language/language.go",
		"core/analytics/src/demo/kotlin/com/google/samples/apps/nowinandroid/core/analytics/StubAnalyticsHelper.kt"} {
		assert.Empty(t, Exempt(p, false), p)
	}
}

// A burst of 13 commits on a new file must not outrank a core file with 564
// changes, and it is reported as a burst.
func TestBurstDoesNotOutrankCore(t *testing.T) {
	t.Parallel()
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).Unix()
	files := []File{
		{Path: "pkg/cmd/new/new.go", Changes: 13, Changes90: 13, Weighted: 1, BurstChanges: 13, BurstStart: start, BurstEnd: start + 10*86400, Lines: 300},
		{Path: "pkg/core/core.go", Changes: 564, Changes90: 6, Weighted: 60, Lines: 300},
		{Path: "pkg/a/a.go", Changes: 3, Weighted: 0.5, Lines: 300},
		{Path: "pkg/b/b.go", Changes: 2, Weighted: 0.2, Lines: 300},
		{Path: "pkg/c/c.go", Changes: 1, Weighted: 0.1, Lines: 300},
	}
	as := AssessAll(files, Options{})
	assert.Equal(t, "pkg/core/core.go", as[0].Path)
	assert.Equal(t, "pkg/cmd/new/new.go", as[1].Path)
	r, ok := reasonOf(as[1], Burst)
	require.True(t, ok)
	assert.Equal(t, "13 of its 13 changes came in 11 days, 2024-03-01 to 2024-03-11: one piece of work, counted once; 75th percentile of this repository's files by recency-weighted change", r.Detail)
	_, ok = reasonOf(as[1], FrequentChanges)
	assert.False(t, ok)
	oneDay := Assess(File{Path: "x.go", Changes: 18, BurstChanges: 12, BurstStart: start, BurstEnd: start + 3600}, Percentiles{Activity: 0.5}, Options{})
	r, ok = reasonOf(oneDay, Burst)
	require.True(t, ok)
	assert.Equal(t, "12 of its 18 changes came on 2024-03-01: one piece of work, counted once; 50th percentile of this repository's files by recency-weighted change", r.Detail)

	// New work is reviewed as new code; a burst years before HEAD is not
	// new (anyhow's src/ensure.rs, written in six days of 2021).
	burst := File{Path: "x.go", Changes: 18, BurstChanges: 12, BurstStart: start, BurstEnd: start + 3600}
	recent := Assess(burst, Percentiles{Activity: 0.5}, Options{Now: start + 30*86400})
	assert.Contains(t, recent.Recommendations, "recently written in one go: review it as new code")
	old := Assess(burst, Percentiles{Activity: 0.5}, Options{Now: start + 3*365*86400})
	assert.Contains(t, old.Recommendations, "mostly written in one go, 2024: read that work's commits for its design")
}

func TestSafe(t *testing.T) {
	t.Parallel()
	as := []Assessment{
		{Path: "b.go", Level: Low, Tested: true},
		{Path: "a.go", Level: Low, Tested: true},
		{Path: "c.go", Level: Medium, Tested: true},
		{Path: "d.go", Level: Low},
		{Path: "examples/e.go", Level: Low, Tested: true, Exempt: "example"},
	}
	assert.Equal(t, []string{"a.go", "b.go"}, Safe(as))
}

// Past fixes and many authors are parts of the score with their counts;
// two authors are not many, and a knowledge silo gets no authors part.
func TestFixesAndAuthors(t *testing.T) {
	t.Parallel()
	pc := Percentiles{Activity: 0.5, Size: 0.5, Fixes: 0.9, Authors: 0.8, FixShare: 0.6}
	f := File{Path: "core.go", Changes: 40, Fixes: 12, WeightedFixes: 5.5, Authors: 7, BusFactor: 4}
	a := Assess(f, pc, Options{})
	r, ok := reasonOf(a, PastFixes)
	require.True(t, ok)
	assert.Equal(t, "12 of its 40 changes (30%) were commits whose subject line names a fix (fix, bug, hotfix or regression; not docs, chore, ci, test, style or build commits); 90th percentile of this repository's files by recency-weighted fixes (half-life 1 year), 60th by share of fixes", r.Detail)
	assert.InDelta(t, FixesWeight*0.9+FixShareWeight*0.6, r.Weight, 1e-9)
	assert.Contains(t, a.Recommendations, "bugs keep being fixed here: test the change's edge cases")
	// A few fixes among many changes do not keep coming (anyhow's
	// src/lib.rs: 4 of 253), though the percentile among few fixes is high.
	few := Assess(File{Path: "lib.rs", Changes: 253, Fixes: 4, WeightedFixes: 1, Authors: 7, BusFactor: 4}, pc, Options{})
	assert.Contains(t, few.Recommendations, "bugs have been fixed here: test the change's edge cases")
	r, ok = reasonOf(a, ManyAuthors)
	require.True(t, ok)
	assert.Equal(t, "7 authors made its 40 changes; 80th percentile of this repository's files by authors", r.Detail)
	assert.InDelta(t, AuthorsWeight*0.8, r.Weight, 1e-9)

	two := Assess(File{Path: "core.go", Changes: 40, Authors: 2, BusFactor: 2}, pc, Options{MinSiloChanges: 100})
	_, ok = reasonOf(two, ManyAuthors)
	assert.False(t, ok, "two authors are not many")
	silo := Assess(File{Path: "core.go", Changes: 40, Authors: 5, BusFactor: 1, BusCovered: 36}, pc, Options{})
	_, ok = reasonOf(silo, ManyAuthors)
	assert.False(t, ok, "a silo is not many hands")
	_, ok = reasonOf(silo, KnowledgeSilo)
	assert.True(t, ok)
	none := Assess(File{Path: "core.go", Changes: 40, Authors: 7, BusFactor: 4}, pc, Options{})
	_, ok = reasonOf(none, PastFixes)
	assert.False(t, ok, "no fix, no past-fixes reason")
	assert.InDelta(t, a.Score-FixesWeight*0.9-FixShareWeight*0.6, none.Score, 1e-6)
}

// Reasons fire only on enough evidence: past fixes from MinFixes fix
// commits, a change rate from MinRecentChanges changes in the last 90
// days, many authors from MinAuthorsChanges changes; below that the part
// still counts in the score but no reason claims it.
func TestReasonsNeedEvidence(t *testing.T) {
	t.Parallel()
	pc := Percentiles{Activity: 0.95, Size: 0.5, Fixes: 0.95, Authors: 0.95, FixShare: 0.7}
	thin := Assess(File{Path: "a.go", Changes: 9, Changes90: 1, Fixes: 2, WeightedFixes: 1, Authors: 4}, pc, Options{})
	assert.Empty(t, thin.Reasons, "2 fixes, 1 recent change and 9 changes by 4 authors are thin evidence")
	enough := Assess(File{Path: "a.go", Changes: 10, Changes90: 2, Fixes: 3, WeightedFixes: 1, Authors: 4}, pc, Options{})
	var kinds []Kind
	for _, r := range enough.Reasons {
		kinds = append(kinds, r.Kind)
	}
	assert.ElementsMatch(t, []Kind{FrequentChanges, PastFixes, ManyAuthors}, kinds)
	r, _ := reasonOf(enough, PastFixes)
	assert.Equal(t, "3 of its 10 changes (30%) were commits whose subject line names a fix (fix, bug, hotfix or regression; not docs, chore, ci, test, style or build commits); 95th percentile of this repository's files by recency-weighted fixes (half-life 1 year), 70th by share of fixes", r.Detail)
	assert.InDelta(t, thin.Score, enough.Score, 1e-6, "the evidence rules change reasons, not the score")

	// A critical file quiet for 90 days is not volatile.
	quiet := Assess(File{Path: "core.go", Salience: 0.9, HasTests: true, Changes: 200, Changes90: 0}, pc, Options{})
	_, ok := reasonOf(quiet, VolatileCritical)
	assert.False(t, ok)
	// Undocumented says how many definitions have a doc comment.
	undoc := Assess(File{Path: "core.go", Salience: 0.9, HasTests: true, Undocumented: true, Exported: 12, Documented: 2}, pc, Options{})
	r, ok = reasonOf(undoc, UndocumentedCritical)
	require.True(t, ok)
	assert.Equal(t, "salience 0.90; 2 of its 12 exported definitions have a doc comment", r.Detail)
	undoc = Assess(File{Path: "core.go", Salience: 0.9, HasTests: true, Undocumented: true, Exported: 26, Documented: 1}, pc, Options{})
	r, ok = reasonOf(undoc, UndocumentedCritical)
	require.True(t, ok)
	assert.Equal(t, "salience 0.90; 1 of its 26 exported definitions has a doc comment", r.Detail)
}

func TestIsFix(t *testing.T) {
	t.Parallel()
	for msg, want := range map[string]bool{
		"Fix crash": true, "fixes #12": true, "hotfix: x": true, "Revert regression": true,
		"add prefixes": false, "debug output": false, "add test fixtures": false, "bugs": true,
		// The subject line alone: a squash merge's list of its branch's
		// commits is not read.
		"feat: proxy helper (#3589)\n\n* fix(proxy): lint\n* ci: apply automated fixes": false,
		"\nFix crash\n\nDetails.": true, "Add flag\n\nFixes #12": false,
		// A type that changes no behaviour is no fix, whatever its words.
		"docs: fix typo": false, "chore(deps)!: fix lint": false, "CI: fix workflow": false, "tests: fix flake": false,
		"fix(router): wildcard": true, "Fixed: use app.get()": true, "perf: fix slow path": true,
		"docs fix typo": true, "chore(x: fix": true,
	} {
		assert.Equal(t, want, IsFix(msg), msg)
	}
}

// IsFix's quick pass over the bytes gives the expressions' answers
// (asTheExpression): every case, odd case folds ("REGREſſION", the long s
// folding to 's') and word edges, types with and without scopes, and
// random strings of the pieces the forms and types are made of.
func TestIsFixAsTheExpression(t *testing.T) {
	t.Parallel()
	msgs := []string{"", "fix", "FIX", "fIxEd", "Bugfixes", "HOTFIXES!", "regressions", "REGREſſION", "regreſſions", "x fix_y",
		"prefix", "fixture", "debug", "bug", "(bugs)", "regress", "ré-fix", "fix\u00e9", "bugſ", "ſfix", "f", "fi", "re", "regr",
		"docs: fix", "DOCS(a): fix", "docſ: fix", "test!: fix", "tests(x)!: bug", "chore(: fix", "ci(a)(b): fix", "style :fix", " \n\tci: fix", "x\nfix", "\n\nfix"}
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"fix", "FIx", "bug", "BUG", "regre", "REGRE", "hot", "ss", "ſ", "ſſion", "ion", "es", "ed", "ing", "s", "pre",
		"ture", "x", "e", "g", " ", "_", "-", ".", "é", "0", "\n",
		"docs", "Chore", "ci", "(", ")", "!", ":", "\t"}
	types := []string{"docs", "Chore", "ci", "TEST", "tests", "build", "style", "doc", "docſ", "feat", "fix", " docs", "DOCS"}
	for range 40000 {
		var b strings.Builder
		if rng.IntN(2) == 0 { // a type, perhaps with a scope, "!" and ":"
			b.WriteString(types[rng.IntN(len(types))])
			for _, p := range []string{"(", pieces[rng.IntN(len(pieces))], ")", "!", ":", " "} {
				if rng.IntN(4) != 0 {
					b.WriteString(p)
				}
			}
		}
		for range 1 + rng.IntN(6) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		msgs = append(msgs, b.String())
	}
	matched, typed := 0, 0
	for _, msg := range msgs {
		want := asTheExpression(msg)
		if want {
			matched++
		} else if subject, _, _ := strings.Cut(strings.TrimLeft(msg, " \t\r\n"), "\n"); fixWord.MatchString(subject) {
			typed++
		}
		require.Equal(t, want, IsFix(msg), "%q", msg)
	}
	require.Greater(t, matched, 100, "the random strings reach the expression's matches")
	require.Greater(t, typed, 100, "and subjects a type turns away")
}

// A score's activity and salience parts are explained even when the file
// is not changing now: a file busy before and quiet lately says so, and
// critical salience no other reason claimed is a reason of its own; the
// weights of the reasons then add up to the score's parts they stand for.
func TestQuietBusyAndCentralFilesSayWhy(t *testing.T) {
	t.Parallel()
	pc := Percentiles{Activity: 0.9, Size: 0.2}
	quiet := Assess(File{Path: "core.go", Changes: 43, Changes90: 0, Authors: 3, BusFactor: 3, Salience: 0.8, HasTests: true}, pc, Options{})
	past, ok := reasonOf(quiet, PastChanges)
	require.True(t, ok)
	assert.Equal(t, "changed often before, not lately: 0 changes in the last 90 days, 43 in all; 90th percentile of this repository's files by recency-weighted change (half-life 1 year)", past.Detail)
	assert.InDelta(t, ActivityWeight*0.9, past.Weight, 1e-9)
	central, ok := reasonOf(quiet, Central)
	require.True(t, ok)
	assert.InDelta(t, SalienceWeight*0.8, central.Weight, 1e-9)
	_, ok = reasonOf(quiet, FrequentChanges)
	assert.False(t, ok, "no recent change, not frequent")
	sum := 0.0
	for _, r := range quiet.Reasons {
		sum += r.Weight
	}
	assert.InDelta(t, quiet.Score-SizeWeight*0.2, sum, 1e-6, "only the small size part is left unexplained")

	busy := Assess(File{Path: "core.go", Changes: 43, Changes90: 5, Authors: 3, BusFactor: 3, Salience: 0.8, HasTests: true}, pc, Options{})
	_, ok = reasonOf(busy, PastChanges)
	assert.False(t, ok, "a file changing now is volatile, not quiet")
	_, ok = reasonOf(busy, Central)
	assert.False(t, ok, "volatile-critical already claims the salience")
	_, ok = reasonOf(busy, VolatileCritical)
	assert.True(t, ok)
}

// A file's score does not move when another file joins the repository
// below it: its percentiles move by less than their kept precision.
func TestScoreStableAsFilesAreAdded(t *testing.T) {
	var files []File
	for i := range 3000 {
		files = append(files, File{Path: fmt.Sprintf("f%04d.go", i), Weighted: float64(i + 1), Changes: 5, Bytes: 1000})
	}
	score := func(files []File) float64 {
		for _, a := range AssessAll(files, Options{}) {
			if a.Path == "f1200.go" {
				return a.Score
			}
		}
		t.Fatal("f1200.go not assessed")
		return 0
	}
	before := score(files)
	require.Positive(t, before)
	after := score(append(files, File{Path: "new.go", Weighted: 0.5, Changes: 1, Bytes: 1000}))
	require.Equal(t, before, after)
}

// Of files alike in every other way, the one whose changes were mostly
// fixes ranks first; a file of fewer than MinFixShareChanges changes has
// no share, whatever its one fix; and a high share alone, on MinFixes
// fixes, makes past fixes a reason.
func TestFixShare(t *testing.T) {
	t.Parallel()
	assert.InDelta(t, 0.25, FixShare(File{Changes: 12, Fixes: 3}), 1e-9)
	assert.Zero(t, FixShare(File{Changes: MinFixShareChanges - 1, Fixes: 1}), "one fix of two changes is no share")

	base := File{Weighted: 5, Bytes: 4000, Authors: 2, Changes: 20, WeightedFixes: 1}
	mostly, seldom, other := base, base, base
	mostly.Path, mostly.Fixes = "mostly.go", 10
	seldom.Path, seldom.Fixes = "seldom.go", 1
	other.Path, other.Changes, other.Weighted, other.Bytes = "other.go", 3, 1, 100
	// WeightedFixes is the same for all three, so only the share parts them.
	as := AssessAll([]File{seldom, other, mostly}, Options{})
	require.Len(t, as, 3)
	assert.Equal(t, "mostly.go", as[0].Path)
	assert.Equal(t, "seldom.go", as[1].Path)
	assert.Greater(t, as[0].Score, as[1].Score)

	a := Assess(File{Path: "fixed.go", Changes: 8, Fixes: 6, WeightedFixes: 1}, Percentiles{Fixes: 0.2, FixShare: 0.95}, Options{})
	r, ok := reasonOf(a, PastFixes)
	require.True(t, ok, "a high share of fixes is a reason though the count is not")
	assert.Equal(t, "6 of its 8 changes (75%) were commits whose subject line names a fix (fix, bug, hotfix or regression; not docs, chore, ci, test, style or build commits); 20th percentile of this repository's files by recency-weighted fixes (half-life 1 year), 95th by share of fixes", r.Detail)
	assert.InDelta(t, FixesWeight*0.2+FixShareWeight*0.95, r.Weight, 1e-9)
}

// A test named after a file whose fixes changed it takes half the gap to
// that file's score, with the evidence, and stays low; with too few shared
// fixes, or a subject that scores lower, it keeps its own score.
func TestSubjectFixes(t *testing.T) {
	t.Parallel()
	code := File{Path: "utils.py", Changes: 260, Weighted: 12, Bytes: 33000, Fixes: 48, WeightedFixes: 3, Authors: 100, BusFactor: 20}
	quiet := File{Path: "other.py", Changes: 2, Weighted: 0.1, Bytes: 900, Authors: 1}
	test := File{Path: "tests/test_utils.py", IsTest: true, Changes: 60, Weighted: 5, Bytes: 27000, Fixes: 16, WeightedFixes: 2, Authors: 30, BusFactor: 12}
	alone := AssessAll([]File{code, quiet, test}, Options{})
	score := map[string]float64{}
	for _, a := range alone {
		score[a.Path] = a.Score
	}
	require.Greater(t, score["utils.py"], score["tests/test_utils.py"])

	linked := test
	linked.Subject, linked.SharedFixes = "utils.py", 9
	var got Assessment
	for _, a := range AssessAll([]File{linked, code, quiet}, Options{}) {
		if a.Path == linked.Path {
			got = a
		}
		if a.Path == code.Path {
			assert.Equal(t, score["utils.py"], a.Score, "the subject keeps its score")
		}
	}
	want := score["tests/test_utils.py"] + SubjectShare*(score["utils.py"]-score["tests/test_utils.py"])
	assert.InDelta(t, want, got.Score, 1e-6)
	assert.Equal(t, Low, got.Level, "a test stays out of the danger levels")
	r, ok := reasonOf(got, SubjectFixes)
	require.True(t, ok)
	assert.InDelta(t, got.Score-score["tests/test_utils.py"], r.Weight, 1e-6)
	assert.Equal(t, fmt.Sprintf("tests utils.py (score %.2f), and 9 of that file's 48 bug-fix commits changed this file too: the next fix there is likely to land here as well; 50%% of the difference in score is added", score["utils.py"]), r.Detail)
	assert.Contains(t, got.Recommendations, "when utils.py is fixed, add the fixed case here")

	few := test
	few.Subject, few.SharedFixes = "utils.py", MinSharedFixes-1
	lower := test
	lower.Subject, lower.SharedFixes = "other.py", 5
	for _, f := range []File{few, lower} {
		for _, a := range AssessAll([]File{f, code, quiet}, Options{}) {
			if a.Path == f.Path {
				assert.Equal(t, score["tests/test_utils.py"], a.Score, "subject %s, %d shared fixes", f.Subject, f.SharedFixes)
				_, ok := reasonOf(a, SubjectFixes)
				assert.False(t, ok)
			}
		}
	}
}
