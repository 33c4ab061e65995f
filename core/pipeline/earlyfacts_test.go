package pipeline

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/analyze/conventions"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/sdk"
)

// earlyRun is a run of three languages, the third without files, whose
// parse stages handed the first two's facts: alpha's files document a
// function each, every fourth of beta's is a test.
func earlyRun(t *testing.T, stages ...string) *Run {
	t.Helper()
	r := &Run{exec: planned(t, stages...), Store: openStore(t)}
	r.languages = []*plugin.Plugin{{Name: "alpha"}, {Name: "beta"}, {Name: "gamma"}}
	byLang := map[string][]HeadFile{}
	for _, l := range r.languages[:2] {
		var facts []*sdk.FileFacts
		for i := range 9 {
			f := factsFor(l.Name, i)
			f.IsTest = l.Name == "beta" && i%4 == 0
			f.Imports = []*sdk.Import{{Spec: "lib/" + l.Name}}
			f.ErrorShapes = map[string]int32{"wrap": int32(i % 3)}
			f.Definitions[0].Span = &sdk.Span{StartLine: 3, EndLine: 9}
			f.Definitions[0].Exported = i%2 == 0
			facts = append(facts, f)
			byLang[l.Name] = append(byLang[l.Name], HeadFile{Path: f.Path, Blob: f.BlobId, Language: l.Name})
		}
		handLanguage.Of(l.Name).Hand(&r.board, &languageFacts{facts: facts})
	}
	handFilesByLang.Hand(&r.board, byLang)
	return r
}

// handedCount is how many of the run's languages still have facts handed.
func handedCount(r *Run) (n int) {
	for _, l := range r.languages {
		if _, ok := handLanguage.Of(l.Name).Handed(&r.board); ok {
			n++
		}
	}
	return n
}

// Resolve takes what conventions and doc freshness read of the facts, the
// same as they would take from the facts themselves, and the facts go
// once resolve has taken its own.
func TestFactsTakenEarly(t *testing.T) {
	t.Parallel()
	r := earlyRun(t, "resolve", "analyze.conventions", "analyze.doc-freshness", "model")
	facts, err := headFacts(t.Context(), r)
	require.NoError(t, err)
	wantConventions := conventions.AnalyzeFiles(conventionFiles(facts))
	wantDocumented := documentedFiles(facts)
	require.Len(t, wantDocumented, 9+6, "alpha's nine, beta's but its three tests")
	require.Equal(t, "pkg00/f0000.alpha", wantDocumented[0].path, "by path")

	require.NoError(t, takeFactsEarly(t.Context(), r))
	require.Equal(t, 2, handedCount(r), "resolve has not taken them yet")
	r.tookFacts("resolve")
	require.Zero(t, handedCount(r))

	got, ok := handFileConventions.Handed(&r.board)
	require.True(t, ok)
	require.Equal(t, wantConventions, got)
	require.NotEmpty(t, got.Naming)
	documented, ok := handDocumented.Handed(&r.board)
	require.True(t, ok)
	require.Equal(t, wantDocumented, documented)
}

// A stage that is not planned is handed nothing, and a language with files
// whose facts were not handed (read from the parse memo by the stage
// itself) leaves both stages to read the facts as before.
func TestFactsTakenEarlyOnlyWhatIsPlanned(t *testing.T) {
	t.Parallel()
	r := earlyRun(t, "resolve", "analyze.doc-freshness")
	require.NoError(t, takeFactsEarly(t.Context(), r))
	_, ok := handFileConventions.Handed(&r.board)
	require.False(t, ok, "conventions is not planned")
	_, ok = handDocumented.Handed(&r.board)
	require.True(t, ok)
	r.tookFacts("resolve")
	require.Zero(t, handedCount(r))

	r = earlyRun(t, "resolve", "analyze.conventions", "analyze.doc-freshness")
	handLanguage.Of("beta").Forget(&r.board)
	require.NoError(t, takeFactsEarly(t.Context(), r))
	_, ok = handFileConventions.Handed(&r.board)
	require.False(t, ok)
	_, ok = handDocumented.Handed(&r.board)
	require.False(t, ok)
	r.tookFacts("resolve")
	require.Equal(t, 1, handedCount(r), "conventions and doc freshness still read alpha's facts")
}

// The imports in the facts go once the scopes have bound them only where
// conventions will not read them again: it took what it reads before the
// walk, or it is not planned. Otherwise only the facts resolve read
// itself give theirs up.
func TestSpentImportsFollowConventions(t *testing.T) {
	t.Parallel()
	handed := func(r *Run, name string) *sdk.FileFacts {
		lf, ok := handLanguage.Of(name).Handed(&r.board)
		require.True(t, ok)
		return lf.facts[0]
	}
	own := &sdk.FileFacts{Path: "own.alpha"}
	tests := map[string]struct {
		stages     []string
		forgetBeta bool // beta's facts come from the parse memo
		handed     bool // the handed facts' imports may go
	}{
		"conventions took them":        {stages: []string{"resolve", "analyze.conventions"}, handed: true},
		"no conventions":               {stages: []string{"resolve", "analyze.doc-freshness"}, handed: true},
		"conventions reads them later": {stages: []string{"resolve", "analyze.conventions"}, forgetBeta: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := earlyRun(t, tc.stages...)
			if tc.forgetBeta {
				handLanguage.Of("beta").Forget(&r.board)
			}
			alpha := handed(r, "alpha")
			require.NoError(t, takeFactsEarly(t.Context(), r))
			spent := spentImports(r, []*sdk.FileFacts{own})
			require.True(t, spent(own))
			require.Equal(t, tc.handed, spent(alpha))
		})
	}
}
