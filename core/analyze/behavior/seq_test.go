package behavior

import (
	"cmp"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/homer-dev/homer/core/graph"
)

// analyzeByPairs is AnalyzeSeq as it was written first, with a map of
// every (path, commit): the reference the numbering of commits must agree
// with, bit for bit.
func analyzeByPairs(changes iter.Seq[Change], now int64) []File {
	type key struct{ path, commit string }
	byPath := map[string][]string{} // path → its commits, in first-seen order
	info := map[key]*commitInfo{}
	for c := range changes {
		k := key{c.Path, c.Commit}
		if ci, ok := info[k]; ok {
			ci.added += c.Added
			ci.deleted += c.Deleted
			continue
		}
		info[k] = &commitInfo{time: c.Time, author: c.Author, added: c.Added, deleted: c.Deleted}
		byPath[c.Path] = append(byPath[c.Path], c.Commit)
	}

	oldest := now
	for _, ci := range info {
		oldest = min(oldest, ci.time)
	}
	bursts := now-oldest >= BurstSpan*BurstWindow
	files := make([]File, 0, len(byPath))
	for path, commits := range byPath {
		f := File{Path: path, Changes: len(commits)}
		authors := map[string]int{}
		changes := make([]Recent, len(commits))
		for i, sha := range commits {
			ci := info[key{path, sha}]
			authors[ci.author]++
			f.Added += ci.added
			f.Deleted += ci.deleted
			if i == 0 || ci.time < f.FirstChanged {
				f.FirstChanged = ci.time
			}
			if i == 0 || ci.time > f.LastChanged {
				f.LastChanged = ci.time
			}
			changes[i] = Recent{ci.time, int64(ci.added - ci.deleted)}
		}
		f.windows(changes, now)
		since := min(now, f.LastChanged) - RecentSpan
		for _, c := range changes {
			if c[0] >= since {
				f.Recent = append(f.Recent, c)
			}
		}
		slices.SortFunc(f.Recent, func(a, b Recent) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
		for a, n := range authors {
			f.Authors = append(f.Authors, AuthorChanges{a, n})
		}
		slices.SortFunc(f.Authors, func(a, b AuthorChanges) int {
			return cmp.Or(cmp.Compare(b.Changes, a.Changes), cmp.Compare(a.Author, b.Author))
		})
		f.BusFactor = BusFactor(f.Authors)
		times := make([]int64, len(commits))
		for i, sha := range commits {
			times[i] = info[key{path, sha}].time
		}
		if bursts {
			f.Burst = FindBurst(times)
		}
		f.Weighted = Weighted(times, f.Burst, now)
		files = append(files, f)
	}
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })

	counts := make([]float64, len(files))
	for i, f := range files {
		counts[i] = float64(f.Changes)
	}
	for i, p := range graph.Percentile(counts) {
		files[i].Percentile = p
	}
	return files
}

// randomHistory is commits of 1–6 changes over files, a change repeated
// within its commit now and then, dated over four years; shuffled, the
// changes of a commit are no longer yielded together and a path meets
// its older commits again.
func randomHistory(seed uint64, shuffled bool) []Change {
	rng := rand.New(rand.NewPCG(seed, 7))
	var out []Change
	t := int64(1_600_000_000)
	for c := range 300 {
		t += int64(rng.IntN(5 * Day))
		sha := fmt.Sprintf("%040x", c)
		author := fmt.Sprintf("dev%d", rng.IntN(6))
		for range 1 + rng.IntN(6) {
			ch := Change{Commit: sha, Time: t, Author: author, Path: fmt.Sprintf("d%d/f%d.go", rng.IntN(3), rng.IntN(25)),
				Added: rng.IntN(40), Deleted: rng.IntN(20)}
			out = append(out, ch)
			if rng.IntN(8) == 0 {
				out = append(out, ch)
			}
		}
	}
	if shuffled {
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	}
	return out
}

// TestAnalyzeSeqAgreesWithPairs: yielded commit by commit or in any
// order, AnalyzeSeq gives what the map of every (path, commit) gave, at
// a HEAD after the history and at one inside it.
func TestAnalyzeSeqAgreesWithPairs(t *testing.T) {
	for seed := range uint64(12) {
		hist := randomHistory(seed, seed%2 == 1)
		last := slices.MaxFunc(hist, func(a, b Change) int { return cmp.Compare(a.Time, b.Time) }).Time
		for _, now := range []int64{last + 3*Day, last - 200*Day} {
			var seq iter.Seq[Change] = slices.Values(hist)
			assert.Equal(t, analyzeByPairs(seq, now), AnalyzeSeq(seq, now), "seed %d", seed)
		}
	}
}

// BenchmarkAnalyzeSeq: 60,000 commits of 1–6 changes over 12,000 files,
// yielded commit by commit as the pipeline yields its history.
func BenchmarkAnalyzeSeq(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	var hist []Change
	for c := range 60_000 {
		sha := fmt.Sprintf("%040x", c)
		for range 1 + rng.IntN(6) {
			f := rng.IntN(12_000)
			hist = append(hist, Change{Commit: sha, Time: 1_500_000_000 + int64(c)*3000, Author: fmt.Sprintf("dev%d", rng.IntN(300)),
				Path: fmt.Sprintf("m%d/f%d.java", f/40, f), Added: 3, Deleted: 1})
		}
	}
	b.ResetTimer()
	for range b.N {
		AnalyzeSeq(slices.Values(hist), 1_500_000_000+60_000*3000)
	}
}
