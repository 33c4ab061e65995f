package salience

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repo is a small repository: one file everything imports that nobody
// changes, a central file that changes all the time, a central file one
// person owns, a leaf script changed in every other commit, and background.
func repo() []File {
	return []File{
		{Path: "core/types.go", PageRank: 1.0, Betweenness: 0.1, Authority: 1.0, ChangePercentile: 0.1, RecentPercentile: 0.1, BusFactor: 3, Lines: 400, HasTests: true},
		{Path: "core/engine.go", PageRank: 0.6, Betweenness: 1.0, Authority: 0.5, ChangePercentile: 0.9, RecentPercentile: 0.9, BusFactor: 2, Lines: 1200},
		{Path: "core/registry.go", PageRank: 0.7, Betweenness: 0.5, Authority: 0.6, ChangePercentile: 0.5, RecentPercentile: 0.5, BusFactor: 1, Lines: 300, HasTests: true},
		{Path: "scripts/deploy.sh", PageRank: 0.02, ChangePercentile: 1.0, RecentPercentile: 1.0, BusFactor: 1, Lines: 80},
		{Path: "cmd/main.go", PageRank: 0.05, ChangePercentile: 0.5, RecentPercentile: 0.5, BusFactor: 2, Lines: 100},
		{Path: "util/strings.go", PageRank: 0.1, Authority: 0.1, ChangePercentile: 0.3, RecentPercentile: 0.3, BusFactor: 2, Lines: 120, HasTests: true},
		{Path: "util/strings_test.go", PageRank: 0.02, ChangePercentile: 0.3, RecentPercentile: 0.3, BusFactor: 2, Lines: 200, IsTest: true},
		{Path: "util/time.go", PageRank: 0.08, Authority: 0.05, ChangePercentile: 0.2, RecentPercentile: 0.2, BusFactor: 3, Lines: 90, HasTests: true},
		{Path: "docs/gen.py", PageRank: 0.02, ChangePercentile: 0.0, RecentPercentile: 0.0, BusFactor: 1, Lines: 40},
		{Path: "internal/log.go", PageRank: 0.2, Betweenness: 0.05, Authority: 0.2, ChangePercentile: 0.4, RecentPercentile: 0.4, BusFactor: 4, Lines: 60, HasTests: true},
	}
}

// A central file that changed often long ago and seldom since is not hot,
// and a file of few changes, lately, does not change often: a class reads
// both the change count and the recency-weighted change, the composite the
// count (sinatra's lib/sinatra.rb, 226 of its 229 changes before 2010).
func TestHotIsRecent(t *testing.T) {
	t.Parallel()
	files := repo()
	files[1].RecentPercentile = 0.2  // core/engine.go: busy once, quiet now
	files[5].RecentPercentile = 0.95 // util/strings.go: changed lately, little in all
	got := byPath(Score(files, Weights{}))
	assert.Equal(t, FoundationalStable, got["core/engine.go"].Class)
	assert.Equal(t, Background, got["util/strings.go"].Class)
	assert.Equal(t, byPath(Score(repo(), Weights{}))["core/engine.go"].Salience, got["core/engine.go"].Salience, "the composite weighs the change count")
}

func byPath(rs []Result) map[string]Result {
	m := map[string]Result{}
	for _, r := range rs {
		m[r.Path] = r
	}
	return m
}

func TestClasses(t *testing.T) {
	t.Parallel()
	got := byPath(Score(repo(), Weights{}))
	for path, want := range map[string]Class{
		"core/types.go":        FoundationalStable,
		"core/engine.go":       HotCritical,
		"core/registry.go":     CriticalSilo,
		"scripts/deploy.sh":    ActiveLocalized,
		"cmd/main.go":          Background,
		"util/strings.go":      Background,
		"util/strings_test.go": Background,
		"docs/gen.py":          Background,
	} {
		assert.Equal(t, want, got[path].Class, path)
	}
}

func TestFoundationalOutranksBusyLeaf(t *testing.T) {
	t.Parallel()
	rs := Score(repo(), Weights{})
	order := map[string]int{}
	for i, r := range rs {
		order[r.Path] = i
	}
	assert.Less(t, order["core/types.go"], order["scripts/deploy.sh"])
	assert.Equal(t, "core/engine.go", rs[0].Path)

	// types.go by hand: 0.30·1 + 0.15·0.1 + 0.15·1 + 0.15·0.1 + 0 (three
	// authors) + 0.05·ln 401/ln 1201 + 0 (tested).
	types := byPath(rs)["core/types.go"]
	assert.InDelta(t, 0.30+0.015+0.15+0.015+0.05*math.Log(401)/math.Log(1201), types.Salience, 1e-12)
	// deploy.sh: 0 (the least central file) + 0.15·1 + 0.10·1 + 0.05·ln 81/ln 1201 + 0.10.
	deploy := byPath(rs)["scripts/deploy.sh"]
	assert.InDelta(t, 0.15+0.10+0.05*math.Log(81)/math.Log(1201)+0.10, deploy.Salience, 1e-12)
	// registry.go's PageRank, 0.7 of the hub's, is lifted: 0.68 of the way
	// from the least central file to the hub, through log(1+99x)/log(100).
	registry := byPath(rs)["core/registry.go"]
	assert.InDelta(t, 0.30*math.Log1p(99*(0.7-0.02)/(1-0.02))/math.Log(100), registry.Parts.PageRank, 1e-12)
}

func TestPartsSumAndOrder(t *testing.T) {
	t.Parallel()
	rs := Score(repo(), Weights{})
	for i, r := range rs {
		p := r.Parts
		sum := p.PageRank + p.Betweenness + p.Authority + p.ChangeFrequency + p.BusFactorRisk + p.CodeSize + p.MissingTests
		assert.InDelta(t, r.Salience, sum, 1e-12, r.Path)
		assert.GreaterOrEqual(t, r.Salience, 0.0)
		assert.LessOrEqual(t, r.Salience, 1.0)
		if i > 0 {
			assert.GreaterOrEqual(t, rs[i-1].Salience, r.Salience)
		}
	}
	assert.Zero(t, byPath(rs)["util/strings_test.go"].Parts.MissingTests, "tests are not missing tests")
	assert.Equal(t, 0.10, byPath(rs)["cmd/main.go"].Parts.MissingTests)
}

func TestRawCentralitiesAreNormalised(t *testing.T) {
	t.Parallel()
	raw := repo()
	for i := range raw {
		raw[i].PageRank *= 0.004 // PageRank sums to 1 over a repository
		raw[i].Betweenness *= 12345
		raw[i].Authority *= 0.7
	}
	want, got := Score(repo(), Weights{}), Score(raw, Weights{})
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i].Path, got[i].Path)
		assert.InDelta(t, want[i].Salience, got[i].Salience, 1e-12)
		assert.Equal(t, want[i].Class, got[i].Class)
	}
}

func TestSilentGraphHasNoStructuralClasses(t *testing.T) {
	t.Parallel()
	files := repo()
	for i := range files {
		files[i].PageRank, files[i].Betweenness, files[i].Authority = 0, 0, 0
	}
	for _, r := range Score(files, Weights{}) {
		assert.NotContains(t, []Class{HotCritical, FoundationalStable}, r.Class, r.Path)
	}
}

func TestFoundationalSiloIsCriticalSilo(t *testing.T) {
	t.Parallel()
	files := repo()
	files[0].BusFactor = 1 // core/types.go
	assert.Equal(t, CriticalSilo, byPath(Score(files, Weights{}))["core/types.go"].Class)
}

func TestBusFactorRisk(t *testing.T) {
	t.Parallel()
	for bf, want := range map[int]float64{0: 0, 1: 1, 2: 0.5, 3: 0, 10: 0} {
		assert.Equal(t, want, BusFactorRisk(bf), "bus factor %d", bf)
	}
}

func TestTiesByPath(t *testing.T) {
	t.Parallel()
	rs := Score([]File{{Path: "b"}, {Path: "a"}, {Path: "c"}}, Weights{})
	assert.Equal(t, []string{"a", "b", "c"}, []string{rs[0].Path, rs[1].Path, rs[2].Path})
	assert.Empty(t, Score(nil, Weights{}))
}

// Without a graph, a one-author script is no critical silo for the bonus
// its own bus factor gives it: nvm's update_test_mocks.sh (17 changes, one
// author) outranked nvm.sh (1,100 changes, many authors) by that part
// alone. A silo the other signals put on top still is one.
func TestSiloIsCriticalForOtherReasons(t *testing.T) {
	t.Parallel()
	var files []File
	for i := range 10 {
		files = append(files, File{Path: fmt.Sprintf("lib/%02d.sh", i), ChangePercentile: 0.85, RecentPercentile: 0.85, BusFactor: 3})
	}
	files = append(files,
		File{Path: "nvm.sh", ChangePercentile: 1, RecentPercentile: 1, BusFactor: 17},
		File{Path: "update_test_mocks.sh", ChangePercentile: 0.9, RecentPercentile: 0.9, BusFactor: 1, HasTests: true},
		File{Path: "install.sh", ChangePercentile: 0.95, RecentPercentile: 0.95, BusFactor: 1})
	got := byPath(Score(files, Weights{}))
	assert.Equal(t, ActiveLocalized, got["update_test_mocks.sh"].Class, "its silo is its only claim")
	assert.Equal(t, CriticalSilo, got["install.sh"].Class, "busy and untested besides")
}
