package pipeline

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/sdk"
)

// planned is an execution planning the named stages, which do nothing.
func planned(t *testing.T, names ...string) *engine.Execution {
	t.Helper()
	var stages []*engine.Stage
	for _, n := range names {
		stages = append(stages, &engine.Stage{Name: n,
			Key: func(context.Context) (string, error) { return n, nil },
			Do:  func(context.Context, *engine.Job) error { return nil }})
	}
	d, err := engine.New(stages...)
	require.NoError(t, err)
	return d.Prepare(nil)
}

// The parse facts handed in a run are dropped once every planned stage
// that reads them has taken them, and not before: a stage that is not
// planned is not waited for, and without an execution they stay.
func TestFactsDroppedOnceTaken(t *testing.T) {
	t.Parallel()
	langs := []*plugin.Plugin{{Name: "alpha"}, {Name: "beta"}}
	handed := func(r *Run) (n int) {
		for _, l := range langs {
			if _, ok := handLanguage.Of(l.Name).Handed(&r.board); ok {
				n++
			}
		}
		return n
	}
	newRun := func(exec *engine.Execution) *Run {
		r := &Run{exec: exec, languages: langs}
		for _, l := range langs {
			handLanguage.Of(l.Name).Hand(&r.board, &languageFacts{facts: []*sdk.FileFacts{{Path: "a." + l.Name}}})
		}
		return r
	}

	r := newRun(planned(t, "resolve", "analyze.conventions", "analyze.doc-freshness", "model"))
	r.tookFacts("resolve")
	require.Equal(t, 2, handed(r))
	r.tookFacts("analyze.doc-freshness")
	require.Equal(t, 2, handed(r), "conventions has not taken them yet")
	r.tookFacts("analyze.conventions")
	require.Zero(t, handed(r))

	r = newRun(planned(t, "resolve", "analyze.conventions", "model"))
	r.tookFacts("analyze.conventions")
	require.Equal(t, 2, handed(r), "resolve has not taken them yet")
	r.tookFacts("resolve")
	require.Zero(t, handed(r), "doc freshness is not planned")

	r = newRun(nil)
	for _, s := range factReaders {
		r.tookFacts(s)
	}
	require.Equal(t, 2, handed(r), "a run outside an execution keeps them")
}
