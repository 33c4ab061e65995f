package gitsource

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// stored plays the core's part: the commits it holds, and the checkpoint
// it keeps, for a source whose unreachable commits it drops.
type stored struct {
	commits    map[string]bool
	checkpoint string
}

// apply stores the first n batches (all of them when n < 0), as the core
// does: drops, then records, then the checkpoint if the batch has one.
func (s *stored) apply(res *result, n int) {
	if s.commits == nil {
		s.commits = map[string]bool{}
	}
	for i, b := range res.batches {
		if n >= 0 && i >= n {
			return
		}
		if b.GetReplaceAll() {
			clear(s.commits)
		}
		for _, sha := range b.GetUnreachableCommits() {
			delete(s.commits, sha)
		}
		for _, rec := range b.GetRecords() {
			if c := rec.GetCommit(); c != nil {
				s.commits[c.GetSha()] = true
			}
		}
		if b.GetCheckpoint() != "" {
			s.checkpoint = b.GetCheckpoint()
		}
	}
}

func (s *stored) list() []string {
	var out []string
	for sha := range s.commits {
		out = append(out, sha)
	}
	slices.Sort(out)
	return out
}

// reachable is every commit HEAD (or ref) reaches, sorted.
func reachable(r *testrepo.Repo, ref string) []string {
	out := strings.Fields(r.Git("rev-list", ref))
	slices.Sort(out)
	return out
}

func extractDropping(t testing.TB, src sdk.Source, root, checkpoint string) *result {
	t.Helper()
	res := &result{}
	res.err = src.Extract(context.Background(), &sdk.ExtractRequest{RepoRoot: root, Checkpoint: checkpoint, DropsUnreachable: true}, func(b *sdk.RecordBatch) error {
		res.batches = append(res.batches, b)
		for _, rec := range b.GetRecords() {
			if c := rec.GetCommit(); c != nil {
				res.commits = append(res.commits, c)
			}
		}
		for _, d := range b.GetDiagnostics() {
			res.warnings = append(res.warnings, d.GetSummary())
		}
		return nil
	})
	require.NoError(t, res.err)
	return res
}

// divergedBranch adds a branch "old" that leaves main at "move" with two
// commits of its own, and returns their shas.
func divergedBranch(h *history) []string {
	h.r.Git("checkout", "-q", "-b", "old", h.sha["move"])
	h.r.Write("old.go", "package main\n\nfunc old() {}\n")
	a := h.r.Commit(testrepo.Carol, testrepo.Day(8), "Old branch: add old")
	h.r.Write("old.go", "package main\n\nfunc old() { println() }\n")
	b := h.r.Commit(testrepo.Bob, testrepo.Day(9), "Old branch: print")
	h.r.Git("checkout", "-q", "main")
	return []string{a, b}
}

// A branch switch sends what differs: the commits to drop, then the ones
// the new HEAD adds, with no reset, and the core ends holding exactly
// HEAD's history, both ways.
func TestBranchSwitchSendsTheDifference(t *testing.T) {
	t.Parallel()
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := buildHistory(t)
			mainHead := h.r.Head()
			own := divergedBranch(h)
			onMainOnly := []string{h.sha["feature"], h.sha["fix"], h.sha["merge"], h.sha["submodule"]}
			slices.Sort(onMainOnly)
			src := sdktest.SourceWith(t, newSource(defaultBatchCommits), cfg)
			var s stored
			first := extractDropping(t, src, h.r.Dir(), "")
			s.apply(first, -1)
			require.Equal(t, reachable(h.r, mainHead), s.list())
			assert.Equal(t, int64(len(s.commits)), lastTotal(first))
			require.Equal(t, mainHead, s.checkpoint)

			// To the other branch: main's own commits go, the branch's come.
			h.r.Checkout("old")
			away := extractDropping(t, src, h.r.Dir(), s.checkpoint)
			for _, b := range away.batches {
				assert.False(t, b.GetReplaceAll(), "nothing is read again in full")
			}
			gone := slices.Clone(away.batches[0].GetUnreachableCommits())
			slices.Sort(gone)
			assert.Equal(t, onMainOnly, gone, "the first batch drops what only main reaches")
			assert.Empty(t, away.batches[0].GetRecords(), "drops come before any commit")
			assert.Equal(t, h.sha["move"]+" | "+own[1], away.batches[0].GetCheckpoint(),
				"after the drops, move's history is stored and nothing outside old's")
			var sent []string
			for _, c := range away.commits {
				sent = append(sent, c.GetSha())
			}
			assert.Equal(t, own, sent, "only the branch's own commits, parents first")
			assert.Equal(t, int64(len(own)), lastTotal(away), "the total of commits sent is told")
			require.NotEmpty(t, away.warnings)
			assert.Contains(t, away.warnings[0], "4 recorded commit(s) HEAD does not reach are dropped")
			s.apply(away, -1)
			assert.Equal(t, reachable(h.r, "HEAD"), s.list())
			assert.Equal(t, own[1], s.checkpoint)

			// And back.
			h.r.Checkout("main")
			back := extractDropping(t, src, h.r.Dir(), s.checkpoint)
			gone = slices.Clone(back.batches[0].GetUnreachableCommits())
			slices.Sort(gone)
			want := slices.Clone(own)
			slices.Sort(want)
			assert.Equal(t, want, gone)
			assert.Len(t, back.commits, len(onMainOnly))
			assert.Equal(t, int64(len(onMainOnly)), lastTotal(back))
			s.apply(back, -1)
			assert.Equal(t, reachable(h.r, "HEAD"), s.list())
			assert.Equal(t, mainHead, s.checkpoint)
		})
	}
}

// A run stopped after any batch leaves a checkpoint from which the next
// run, on whatever branch, ends with exactly that branch's history: the
// checkpoint bounds what is stored from below and above.
func TestInterruptedSwitchResumesAnywhere(t *testing.T) {
	t.Parallel()
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := buildHistory(t)
			mainHead := h.r.Head()
			own := divergedBranch(h)
			src := sdktest.SourceWith(t, newSource(1), cfg)
			heads := map[string]string{"main": mainHead, "old": own[1], "move": h.sha["move"], "feature": h.sha["feature"]}
			for _, from := range []string{"main", "old"} {
				for _, via := range []string{"main", "old", "feature"} {
					for _, to := range []string{"main", "old", "move"} {
						if via == from {
							continue
						}
						// Stored: from's history; then a run towards via
						// stops after k of its batches; then a run at to
						// finishes.
						h.r.Git("checkout", "-q", "--detach", heads[from])
						var first stored
						first.apply(extractDropping(t, src, h.r.Dir(), ""), -1)
						h.r.Git("checkout", "-q", "--detach", heads[via])
						partial := extractDropping(t, src, h.r.Dir(), first.checkpoint)
						for k := 1; k < len(partial.batches); k++ {
							s := stored{commits: maps(first.commits), checkpoint: first.checkpoint}
							s.apply(partial, k)
							h.r.Git("checkout", "-q", "--detach", heads[to])
							s.apply(extractDropping(t, src, h.r.Dir(), s.checkpoint), -1)
							require.Equal(t, reachable(h.r, "HEAD"), s.list(), "%s, then %s stopped after %d batches, then %s", from, via, k, to)
							require.Equal(t, heads[to], s.checkpoint)
							h.r.Git("checkout", "-q", "--detach", heads[via])
						}
					}
				}
			}
		})
	}
}

func lastTotal(res *result) int64 {
	var n int64
	for _, b := range res.batches {
		if b.GetCommitsTotal() != 0 {
			n = b.GetCommitsTotal()
		}
	}
	return n
}

func maps(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// A core that does not drop commits gets what it always got: a reset
// and the whole history.
func TestSwitchWithoutDropsResets(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	mainHead := h.r.Head()
	divergedBranch(h)
	h.r.Checkout("old")
	src := sdktest.SourceWith(t, newSource(defaultBatchCommits), nil)
	res := extract(t, src, h.r.Dir(), mainHead)
	require.NoError(t, res.err)
	assert.True(t, res.batches[0].GetReplaceAll())
	for _, b := range res.batches {
		assert.Empty(t, b.GetUnreachableCommits())
	}
	assert.Len(t, res.commits, len(reachable(h.r, "HEAD")))
}

func TestCoverRoundTrip(t *testing.T) {
	t.Parallel()
	for _, c := range []cover{
		{lower: []string{"a"}, upper: []string{"a"}},
		{lower: []string{"a", "b"}, upper: []string{"c"}},
		{lower: nil, upper: []string{"c"}},
	} {
		got := parseCover(c.String())
		assert.Equal(t, len(c.lower), len(got.lower), c.String())
		assert.Equal(t, c.upper, got.upper, c.String())
	}
	assert.Equal(t, "a", cover{lower: []string{"a"}, upper: []string{"a"}}.String(), "a finished run's checkpoint is one sha")
	assert.Equal(t, "a b | c", cover{lower: []string{"a"}, upper: []string{"c"}}.with("b").String())
	empty := parseCover("")
	assert.Empty(t, empty.lower)
	assert.Empty(t, empty.tips(), "no checkpoint names no tip")
}
