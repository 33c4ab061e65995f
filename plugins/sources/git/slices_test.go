package gitsource

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// slicedSource reads a whole history in slices of two to four commits by
// three git processes; oneProcess never slices.
func slicedSource() *Source {
	s := newSource(defaultBatchCommits)
	s.slicing = slicing{procs: 3, min: 2, max: 4}
	return s
}

// serialSource reads a whole history in slices of three commits, one git
// process after another.
func serialSource() *Source {
	s := newSource(defaultBatchCommits)
	s.slicing = slicing{procs: 1, serial: 3}
	return s
}

func oneProcess() *Source {
	s := newSource(defaultBatchCommits)
	s.slicing = slicing{procs: 1}
	return s
}

func shas(commits []*sdk.Commit) []string {
	out := make([]string, len(commits))
	for i, c := range commits {
		out[i] = c.GetSha()
	}
	return out
}

// assertSameExtraction: same commits in the same order, same changes,
// warnings and checkpoint.
func assertSameExtraction(t *testing.T, want, got *result) {
	t.Helper()
	require.NoError(t, want.err)
	require.NoError(t, got.err)
	assert.Equal(t, shas(want.commits), shas(got.commits))
	assert.Equal(t, summarize(want.commits), summarize(got.commits))
	assert.Equal(t, want.warnings, got.warnings)
	assert.Equal(t, want.releases, got.releases)
	assert.Equal(t, want.checkpoint(), got.checkpoint())
}

func TestSlicedReadMatchesOneProcess(t *testing.T) {
	t.Parallel()
	merged := randomHistory(t, 40)
	merged.Branch("side")
	merged.Checkout("side")
	merged.Write("side.txt", "one\n")
	merged.Commit(testrepo.Carol, testrepo.Day(50), "side work")
	merged.Checkout("main")
	merged.Write("main.txt", "two\n")
	merged.Commit(testrepo.Bob, testrepo.Day(51), "main work")
	merged.Merge("side", testrepo.Alice, testrepo.Day(52), "merge side")
	for name, r := range map[string]*testrepo.Repo{"fixture": buildHistory(t).r, "random with merge": merged} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			one := extract(t, sdktest.Source(t, oneProcess()), r.Dir(), "")
			sliced := extract(t, sdktest.Source(t, slicedSource()), r.Dir(), "")
			assertSameExtraction(t, one, sliced)
			assertTopological(t, sliced.commits)
			serial := extract(t, sdktest.Source(t, serialSource()), r.Dir(), "")
			assertSameExtraction(t, one, serial)
		})
	}
}

// A blob missing from a middle slice: the slices before it are kept, and
// the rest is read as one process reading the whole history would.
func TestSlicedReadSurvivesMissingObjects(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	removeTwoBlobs(t, h)
	one := extract(t, sdktest.Source(t, oneProcess()), h.r.Dir(), "")
	sliced := extract(t, sdktest.Source(t, slicedSource()), h.r.Dir(), "")
	assertSameExtraction(t, one, sliced)
	require.Len(t, sliced.commits, len(h.list))
	serial := extract(t, sdktest.Source(t, serialSource()), h.r.Dir(), "")
	assertSameExtraction(t, one, serial)
}

func TestSlicedReadStopsWithItsConsumer(t *testing.T) {
	t.Parallel()
	r := randomHistory(t, 30)
	for name, s := range map[string]*Source{"parallel": slicedSource(), "serial": serialSource()} {
		t.Run(name, func(t *testing.T) {
			s.batchCommits = 1
			stop := errors.New("consumer gone")
			calls := 0
			err := s.Extract(context.Background(), &sdk.ExtractRequest{RepoRoot: r.Dir()}, func(*sdk.RecordBatch) error {
				calls++
				return stop
			})
			require.ErrorIs(t, err, stop)
			assert.Equal(t, 1, calls)
		})
	}
}

func TestSliceSizes(t *testing.T) {
	t.Parallel()
	s := slicing{procs: 2, min: 500, max: 5000}
	assert.Zero(t, s.size(999), "too few commits to share")
	assert.Equal(t, 500, s.size(1000))
	assert.Equal(t, 1250, s.size(5000), "two slices per process")
	assert.Equal(t, 5000, s.size(1_000_000), "bounded")
	assert.Zero(t, slicing{procs: 1, min: 500, max: 5000}.size(1_000_000), "one core: one process")
	serial := slicing{procs: 1, min: 500, max: 5000, serial: 5000}
	assert.Zero(t, serial.size(5000), "one slice: one process")
	assert.Equal(t, 5000, serial.size(5001), "one process after another")
	assert.Equal(t, 5000, serial.size(1_000_000))
}
