package cochange

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	ten := make([]string, 10)
	for i := range ten {
		ten[i] = fmt.Sprintf("f%d.go", i)
	}
	lines := func(n ...int) []int { return n }
	for _, c := range []struct {
		name    string
		paths   []string
		lines   []int
		author  string
		message string
		want    Kind
	}{
		{"dependency bot", []string{"go.mod", "go.sum"}, nil, "dependabot[bot]", "Bump x from 1 to 2", Bot},
		{"renovate", []string{"package.json"}, nil, "Renovate Bot", "Update dependency y", Bot},
		{"person named like a bot's repo", []string{"a.go"}, nil, "Bob Botham", "add robot arm", Ordinary},
		{"release", []string{"CHANGES.rst", "src/x/__init__.py"}, nil, "Alice", "Release 2.3.0", Release},
		{"bare version", []string{"version.go"}, nil, "Alice", "v1.9.1\n\nnotes", Release},
		{"bump version", []string{"version.go"}, nil, "Alice", "bump version to 1.10", Release},
		{"changesets", []string{"packages/x/CHANGELOG.md", "packages/x/package.json"}, nil, "Alice", "Version Packages (#3877)", Release},
		{"fix that mentions a release", []string{"a.go"}, nil, "Alice", "fix crash in release builds", Ordinary},
		{"formatting sweep", ten, lines(2, 2, 2, 2, 2, 2, 2, 2, 2, 2), "Alice", "gofmt", Sweep},
		{"mass rename (no line changes)", ten, lines(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), "Alice", "move", Sweep},
		{"one real edit among tiny ones is still a sweep", ten, lines(1, 1, 1, 1, 1, 1, 1, 1, 1, 80), "Alice", "header", Sweep},
		{"wide but real change", ten, lines(30, 2, 40, 2, 50, 2, 60, 2, 2, 2), "Alice", "feature", Ordinary},
		{"small commit of tiny edits", ten[:3], lines(1, 1, 1), "Alice", "typos", Ordinary},
		{"line counts unknown", ten, lines(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1), "Alice", "x", Ordinary},
		{"no line counts given", ten, nil, "Alice", "x", Ordinary},
		// A pass over the tree named so is a sweep however much a
		// formatter or a migration rewrote; a small commit of the same
		// words is not.
		{"formatter run rewriting whole files", ten, lines(80, 90, 30, 40, 50, 60, 70, 20, 10, 5), "Alice", "style: apply rustfmt", Sweep},
		{"edition migration", ten, lines(30, 30, 30, 30, 30, 30, 30, 30, 30, 30), "Alice", "edition: initial 'cargo fix --edition' run", Sweep},
		{"link round", ten, lines(9, 9, 9, 9, 9, 9, 9, 9, 9, 9), "Alice", "crates: remove hard-coded links", Sweep},
		{"typo round, line counts unknown", ten, nil, "Alice", "doc: fix typos", Sweep},
		{"conventional style type", ten, lines(30, 30, 30, 30, 30, 30, 30, 30, 30, 30), "Alice", "style(core): reorder imports", Sweep},
		{"small formatting commit", ten[:3], lines(40, 40, 40), "Alice", "run gofmt", Ordinary},
		{"a feature that mentions formatting", ten, lines(30, 30, 30, 30, 30, 30, 30, 30, 30, 30), "Alice", "add a date formatter to the report", Ordinary},
	} {
		assert.Equal(t, c.want, Classify(c.paths, c.lines, c.author, c.message), c.name)
	}
}

// A formatting sweep over many files adds little to its pairs: the one
// real commit a shared with c outranks four sweeps a shared with s, which
// without the sweep weight (4·1/9 against 1/3) would come first.
func TestSweepWeighedDown(t *testing.T) {
	t.Parallel()
	var in Input
	sweep := []string{"a", "s", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8"}
	for range 4 {
		in.Commits = append(in.Commits, sweep)
		in.Lines = append(in.Lines, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
	}
	in.Commits = append(in.Commits, []string{"a", "c", "d", "e"})
	in.Lines = append(in.Lines, []int{20, 30, 10, 5})
	res := Analyze(in, Config{MinPartners: -1})
	list := res.Partners["a"]
	require.NotEmpty(t, list)
	assert.Equal(t, "c", list[0].Path)
	var s Partner
	for _, p := range list {
		if p.Path == "s" {
			s = p
		}
	}
	assert.Equal(t, 4, s.Count, "sweeps are still counted")
	assert.Equal(t, 4, s.Sweeps)
	assert.InDelta(t, 4*SweepWeight/9, s.Strength, 1e-8)
}

// Bots' and release commits are counted like any other (their pairs
// recur: the same bot bumps the same files again), and each partner says
// how many of its shared commits were theirs.
func TestBotAndReleaseEvidence(t *testing.T) {
	t.Parallel()
	in := Input{
		Commits:  [][]string{{"go.mod", "tools/go.mod"}, {"go.mod", "tools/go.mod"}, {"go.mod", "version.go", "CHANGELOG.md"}, {"go.mod", "main.go"}},
		Authors:  []string{"dependabot[bot]", "dependabot[bot]", "Alice", "Alice"},
		Messages: []string{"Bump a", "Bump b", "Release 1.2.0", "use a"},
	}
	res := Analyze(in, Config{MinPartners: -1})
	byPath := map[string]Partner{}
	for _, p := range res.Partners["go.mod"] {
		byPath[p.Path] = p
	}
	assert.Equal(t, Partner{Path: "tools/go.mod", Count: 2, Revs: 2, Confidence: 2 * 2.0 / 6, Strength: 2, Reason: ReasonHistory, Bots: 2}, byPath["tools/go.mod"])
	assert.Equal(t, 1, byPath["version.go"].Releases)
	assert.Equal(t, 0, byPath["main.go"].Releases+byPath["main.go"].Bots)
	assert.Equal(t, "tools/go.mod", res.Partners["go.mod"][0].Path)
}

// Of two partners with the same shared history, the one that kept
// changing lately ranks first (without times: path order, b first).
func TestActivityRanksLivePartnerFirst(t *testing.T) {
	t.Parallel()
	const day = 86400
	in := Input{
		Commits: [][]string{{"a", "b"}, {"a", "c"}, {"c"}, {"c"}, {"c"}},
		Times:   []int64{0, 0, 400 * day, 401 * day, 402 * day},
	}
	res := Analyze(in, Config{MinPartners: -1})
	require.Len(t, res.Partners["a"], 2)
	assert.Equal(t, []string{"c", "b"}, []string{res.Partners["a"][0].Path, res.Partners["a"][1].Path})
	assert.Greater(t, res.Partners["a"][0].Activity, res.Partners["a"][1].Activity)
	in.Times = nil
	res = Analyze(in, Config{MinPartners: -1})
	assert.Equal(t, "b", res.Partners["a"][0].Path)
}

// A file with thin history gets its test, its generator or generated
// counterpart, then its directory's most active files, each with its
// reason; history partners keep their place ahead of them.
func TestThinHistoryFilledByNameAndDirectory(t *testing.T) {
	t.Parallel()
	paths := []string{
		"api/schema.graphql", "api/schema.graphql.ts",
		"promql/parser/parser.y", "promql/parser/parser.y.go", "promql/parser/lex.go", "promql/parser/lex_test.go",
		"src/pkg/util.py", "tests/test_util.py", "tests/conftest.py",
		"web/app.ts", "web/app.test.ts", "web/other.ts",
		"core/Foo.java", "test/core/FooTest.java",
	}
	in := Input{
		Commits: [][]string{
			{"promql/parser/lex.go", "web/other.ts"},
			{"promql/parser/parser.y"}, {"promql/parser/parser.y.go"},
			{"web/other.ts"}, {"web/other.ts"},
			{"web/app.ts"},
		},
		Times: []int64{10, 20, 30, 40, 50, 60},
		Paths: paths,
	}
	res := Analyze(in, Config{})
	type pr struct{ path, reason string }
	list := func(p string) []pr {
		var out []pr
		for _, x := range res.Partners[p] {
			out = append(out, pr{x.Path, x.Reason})
		}
		return out
	}
	assert.Equal(t, []pr{{"api/schema.graphql.ts", ReasonGenerated}}, list("api/schema.graphql"))
	// parser.y: its output, then the most active of its directory.
	assert.Equal(t, []pr{{"promql/parser/parser.y.go", ReasonGenerated}, {"promql/parser/lex.go", ReasonDirectory}, {"promql/parser/lex_test.go", ReasonDirectory}}, list("promql/parser/parser.y"))
	// lex.go: its history partner first, then its test.
	assert.Equal(t, []pr{{"web/other.ts", ReasonHistory}, {"promql/parser/lex_test.go", ReasonTest}, {"promql/parser/parser.y.go", ReasonDirectory}, {"promql/parser/parser.y", ReasonDirectory}}, list("promql/parser/lex.go"))
	assert.Equal(t, []pr{{"tests/test_util.py", ReasonTest}}, list("src/pkg/util.py"))
	assert.Equal(t, []pr{{"src/pkg/util.py", ReasonTest}, {"tests/conftest.py", ReasonDirectory}}, list("tests/test_util.py"))
	assert.Equal(t, []pr{{"web/app.test.ts", ReasonTest}, {"web/other.ts", ReasonDirectory}}, list("web/app.ts"))
	assert.Equal(t, []pr{{"test/core/FooTest.java", ReasonTest}}, list("core/Foo.java"))
	for _, x := range res.Partners["promql/parser/parser.y"] {
		assert.Zero(t, x.Count, "a filled partner claims no shared commit")
	}
}

// A directory of more than MaxFillDirectory files fills no list: its
// most active files would be the same few for each of its members. Its
// name partners still fill; one file fewer and the directory fills too.
func TestLargeDirectoryFillsNoList(t *testing.T) {
	t.Parallel()
	build := func(files int) map[string][]Partner {
		paths := []string{"mw/a.go", "mw/a_test.go"}
		for i := len(paths); i < files; i++ {
			paths = append(paths, fmt.Sprintf("mw/m%02d.go", i))
		}
		in := Input{
			Commits: [][]string{{"mw/a.go", "mw/m02.go"}, {"mw/m03.go"}, {"mw/m03.go"}},
			Times:   []int64{10, 20, 30},
			Paths:   paths,
		}
		return Analyze(in, Config{}).Partners
	}
	reasons := func(list []Partner) []string {
		var out []string
		for _, p := range list {
			out = append(out, p.Path+" "+p.Reason)
		}
		return out
	}
	assert.Equal(t, []string{"mw/m02.go history", "mw/a_test.go test"}, reasons(build(MaxFillDirectory + 1)["mw/a.go"]))
	assert.Equal(t, []string{"mw/m02.go history", "mw/a_test.go test", "mw/m03.go directory", "mw/m04.go directory", "mw/m05.go directory"},
		reasons(build(MaxFillDirectory)["mw/a.go"]))
	assert.Empty(t, build(MaxFillDirectory + 1)["mw/m05.go"], "a file with no history and no name partner gets nothing")
	assert.Len(t, build(MaxFillDirectory)["mw/m05.go"], 5)
}

// An ambiguous subject pairs nothing: two util.py and a test in a third
// place.
func TestAmbiguousTestSubjectNotPaired(t *testing.T) {
	t.Parallel()
	pairs := namePairs([]string{"a/util.py", "b/util.py", "tests/test_util.py"})
	assert.Empty(t, pairs["tests/test_util.py"])
	pairs = namePairs([]string{"a/util.py", "b/util.py", "a/tests/test_util.py"})
	assert.Equal(t, []named{{"a/util.py", ReasonTest}}, pairs["a/tests/test_util.py"])
}

// Of two partners with the same shared commits, the one that changes
// with everything ranks below the one that changes with few (without the
// hub exponent: path order, hub first).
func TestHubRanksBelowSpecificPartner(t *testing.T) {
	t.Parallel()
	commits := [][]string{{"a", "hub"}, {"a", "z"}}
	for i := range 15 {
		commits = append(commits, []string{"hub", fmt.Sprintf("x%d", i)})
	}
	res := Analyze(Input{Commits: commits}, Config{MinPartners: -1})
	require.Len(t, res.Partners["a"], 2)
	assert.Equal(t, "z", res.Partners["a"][0].Path)
	assert.Equal(t, 16, res.Partners["a"][1].Revs)
}

// Two partners with the same shared history: the one in the file's own
// directory ranks first when that directory is a small part of the
// repository, and the tie falls to the path when it is not, or when it is
// the top level.
func TestPartnerBesideTheFileRanksFirstInASpecificDirectory(t *testing.T) {
	t.Parallel()
	history := [][]string{{"pkg/x.go", "pkg/z.go"}, {"pkg/x.go", "api/y.go"}}
	partners := func(commits [][]string) []string {
		var out []string
		for _, p := range Analyze(Input{Commits: commits}, Config{MinPartners: -1}).Partners["pkg/x.go"] {
			out = append(out, p.Path)
		}
		return out
	}
	// pkg/ holds 2 of the 3 analysed files: no boost, the tie goes to the path.
	assert.Equal(t, []string{"api/y.go", "pkg/z.go"}, partners(history))
	// With 20 files in other directories, pkg/ holds 2 of 23 (at most
	// SameDirShare): pkg/z.go ranks first.
	var others [][]string
	for i := range 20 {
		others = append(others, []string{fmt.Sprintf("dir%d/f.go", i)})
	}
	assert.Equal(t, []string{"pkg/z.go", "api/y.go"}, partners(concat(history, others)))
	// api/ holds 1 of 23 too, but it is not x's directory: api/y.go's
	// own list is not reordered by pkg/.
	res := Analyze(Input{Commits: concat(history, others)}, Config{MinPartners: -1})
	assert.Equal(t, "pkg/x.go", res.Partners["api/y.go"][0].Path)
	// The top level is not a module: x.go beside z.go at the root (2 of
	// 23 files) gains nothing, and the tie goes to the path.
	var top []string
	for _, p := range Analyze(Input{Commits: concat([][]string{{"x.go", "z.go"}, {"x.go", "api/y.go"}}, others)}, Config{MinPartners: -1}).Partners["x.go"] {
		top = append(top, p.Path)
	}
	assert.Equal(t, []string{"api/y.go", "z.go"}, top)
}
