package gitsource

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// history is the fixture: shas by name, in commit order.
type history struct {
	r    *testrepo.Repo
	sha  map[string]string
	list []string
}

var (
	oldAlice = testrepo.Person{Name: "alice", Email: "Alice@Old.Example.com"}
	bobby    = testrepo.Person{Name: "bobby", Email: "BOB@work.example.com"}
	png      = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
)

// buildHistory makes a repository with several authors (two of them merged
// by .mailmap), an exact and an edited rename, a binary file, a merge, a
// submodule and tags of both kinds.
func buildHistory(t testing.TB) *history {
	t.Helper()
	r := testrepo.New(t)
	h := &history{r: r, sha: map[string]string{}}
	commit := func(name string, who testrepo.Person, day int, msg string) {
		h.sha[name] = r.Commit(who, testrepo.Day(day), msg)
		h.list = append(h.list, name)
	}
	r.Write(".mailmap", "# canonical identities\n"+
		"Alice Example <alice@example.com> <alice@old.example.com>\n"+
		"Bob Example <bob@example.com> bobby <bob@work.example.com>\n")
	r.Write("main.go", "package main\n\nfunc main() {\n\tprintln(1)\n}\n")
	r.Write("README.md", "# Fixture\n\nSome words.\n")
	r.Write("util.go", lines("util", 10))
	commit("init", testrepo.Alice, 0, "Initial commit\n\nWith a body.")

	r.Write("main.go", "package main\n\nfunc main() {\n\tprintln(2)\n\tprintln(3)\n}\n\n// end\n")
	r.WriteBytes("logo.png", png)
	commit("edit", testrepo.Bob, 1, "Edit main, add a logo")

	r.Rename("README.md", "docs/README.md")
	r.Rename("util.go", "pkg/util.go")
	r.Write("pkg/util.go", strings.Replace(lines("util", 10), "util 9\n", "util nine\n", 1))
	commit("move", oldAlice, 2, "Move files")
	r.Tag("v0.1.0")

	r.Branch("feature")
	r.Checkout("feature")
	r.Write("feature.go", "package main\n\nfunc feature() {}\n")
	commit("feature", testrepo.Carol, 3, "Add feature")
	r.Checkout("main")
	r.Write("main.go", "package main\n\nfunc main() {\n\tprintln(2)\n}\n")
	commit("fix", bobby, 4, "Fix main")
	h.sha["merge"] = r.Merge("feature", testrepo.Alice, testrepo.Day(5), "Merge branch 'feature'")
	h.list = append(h.list, "merge")
	r.AnnotatedTag("v1.0.0", "Release 1.0.0", testrepo.Carol, testrepo.Day(6))

	r.Remove("logo.png")
	r.Submodule("third_party/lib", "https://example.com/lib.git")
	commit("submodule", testrepo.Alice, 7, "Drop the logo, vendor lib as a submodule")
	return h
}

func lines(prefix string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s %d\n", prefix, i)
	}
	return b.String()
}

// result is everything one Extract sent.
type result struct {
	batches  []*sdk.RecordBatch
	commits  []*sdk.Commit
	releases []*sdk.Release
	warnings []string
	err      error
}

func (r *result) checkpoint() string { return r.batches[len(r.batches)-1].GetCheckpoint() }

func (r *result) bySha() map[string]*sdk.Commit {
	m := map[string]*sdk.Commit{}
	for _, c := range r.commits {
		m[c.GetSha()] = c
	}
	return m
}

func extract(t testing.TB, src sdk.Source, root, checkpoint string) *result {
	t.Helper()
	res := &result{}
	res.err = src.Extract(context.Background(), &sdk.ExtractRequest{RepoRoot: root, Checkpoint: checkpoint}, func(b *sdk.RecordBatch) error {
		res.batches = append(res.batches, b)
		for _, rec := range b.GetRecords() {
			if c := rec.GetCommit(); c != nil {
				res.commits = append(res.commits, c)
			}
			if r := rec.GetRelease(); r != nil {
				res.releases = append(res.releases, r)
			}
		}
		for _, d := range b.GetDiagnostics() {
			res.warnings = append(res.warnings, d.GetSummary())
		}
		return nil
	})
	return res
}

func binaryAndGoGit() map[string]map[string]*sdk.Value {
	return map[string]map[string]*sdk.Value{
		"binary": nil,
		"go-git": {"use_git_binary": sdk.Bool(false)},
	}
}

func TestExtractHistory(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := extract(t, sdktest.SourceWith(t, newSource(defaultBatchCommits), cfg), h.r.Dir(), "")
			require.NoError(t, res.err)
			require.Empty(t, res.warnings)
			require.Len(t, res.batches, 1)
			assert.False(t, res.batches[0].GetReplaceAll())
			assert.Equal(t, h.r.Head(), res.checkpoint())
			require.Len(t, res.commits, len(h.list))
			assertTopological(t, res.commits)

			c := res.bySha()
			init := c[h.sha["init"]]
			assert.Empty(t, init.GetParents())
			assert.Equal(t, "Initial commit\n\nWith a body.", init.GetMessage())
			assert.Equal(t, testrepo.Day(0).Unix(), init.GetAuthorTime())
			assert.Equal(t, testrepo.Day(0).Unix(), init.GetCommitTime())
			assert.Equal(t, []string{".mailmap:A:3:0", "README.md:A:3:0", "main.go:A:5:0", "util.go:A:10:0"}, changes(init))

			edit := c[h.sha["edit"]]
			assert.Equal(t, []string{h.sha["init"]}, edit.GetParents())
			assert.Equal(t, "Bob Example <bob@example.com>", person(edit.GetAuthor()))
			assert.Equal(t, []string{"logo.png:A:0:0:binary", "main.go:M:4:1"}, changes(edit))

			move := c[h.sha["move"]]
			assert.Equal(t, "Alice Example <alice@example.com>", person(move.GetAuthor()), ".mailmap maps the old address")
			assert.Equal(t, "Alice Example <alice@example.com>", person(move.GetCommitter()))
			mv := changes(move)
			assert.Contains(t, mv, "docs/README.md<README.md:R100:0:0")
			if name == "binary" {
				assert.Contains(t, mv, "pkg/util.go<util.go:R86:1:1")
			} else {
				// go-git finds exact renames only.
				assert.Contains(t, mv, "pkg/util.go:A:10:0")
				assert.Contains(t, mv, "util.go:D:0:10")
			}

			fix := c[h.sha["fix"]]
			assert.Equal(t, "Bob Example <bob@example.com>", person(fix.GetAuthor()), "name and email form of .mailmap")
			assert.Equal(t, []string{"main.go:M:0:3"}, changes(fix))

			merge := c[h.sha["merge"]]
			assert.Equal(t, []string{h.sha["fix"], h.sha["feature"]}, merge.GetParents())
			assert.Empty(t, merge.GetChanges(), "merge commits carry no changes")
			assert.Equal(t, []string{"feature.go:A:3:0"}, changes(c[h.sha["feature"]]))
			assert.Equal(t, "Carol Example <carol@example.com>", person(c[h.sha["feature"]].GetAuthor()))

			sub := c[h.sha["submodule"]]
			assert.Equal(t, []string{".gitmodules:A:3:0", "logo.png:D:0:0:binary"}, changes(sub), "the gitlink is not a file")

			require.Len(t, res.releases, 2)
			assert.Equal(t, "v0.1.0", res.releases[0].GetName())
			assert.Equal(t, h.sha["move"], res.releases[0].GetSha())
			assert.Equal(t, testrepo.Day(2).Unix(), res.releases[0].GetTime(), "lightweight tag: commit time")
			assert.Equal(t, "v1.0.0", res.releases[1].GetName())
			assert.Equal(t, h.sha["merge"], res.releases[1].GetSha(), "annotated tag peeled to its commit")
			assert.Equal(t, testrepo.Day(6).Unix(), res.releases[1].GetTime(), "annotated tag: tagger time")
		})
	}
}

// changes renders a commit's changes as sorted "path:status:added:deleted"
// strings, "new<old:R<similarity>:..." for renames.
func changes(c *sdk.Commit) []string {
	var out []string
	for _, ch := range c.GetChanges() {
		s := ch.GetPath()
		status := ch.GetStatus()
		if ch.GetStatus() == "R" {
			s += "<" + ch.GetOldPath()
			status += fmt.Sprint(ch.GetSimilarity())
		}
		s += fmt.Sprintf(":%s:%d:%d", status, ch.GetAdded(), ch.GetDeleted())
		if ch.GetBinary() {
			s += ":binary"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func person(p *sdk.Person) string { return p.GetName() + " <" + p.GetEmail() + ">" }

func assertTopological(t *testing.T, commits []*sdk.Commit) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range commits {
		for _, p := range c.GetParents() {
			if _, inRun := indexOf(commits, p); inRun {
				assert.True(t, seen[p], "parent %s of %s comes after it", short(p), short(c.GetSha()))
			}
		}
		assert.False(t, seen[c.GetSha()], "commit %s sent twice", short(c.GetSha()))
		seen[c.GetSha()] = true
	}
}

func indexOf(commits []*sdk.Commit, sha string) (int, bool) {
	for i, c := range commits {
		if c.GetSha() == sha {
			return i, true
		}
	}
	return -1, false
}

func TestBatchesCarryTheirLastCommit(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := extract(t, sdktest.SourceWith(t, newSource(2), cfg), h.r.Dir(), "")
			require.NoError(t, res.err)
			require.Len(t, res.batches, 4) // 7 commits: 2+2+2+1, releases in the last
			for i, b := range res.batches[:3] {
				recs := b.GetRecords()
				require.Len(t, recs, 2, "batch %d", i)
				assert.Equal(t, recs[1].GetCommit().GetSha(), b.GetCheckpoint(), "batch %d checkpoint", i)
			}
			last := res.batches[3]
			assert.Equal(t, h.r.Head(), last.GetCheckpoint())
			assert.Len(t, last.GetRecords(), 3) // one commit, two releases
		})
	}
}

func TestCheckpointAtHeadIsFast(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := sdktest.SourceWith(t, newSource(defaultBatchCommits), cfg)
			begin := time.Now()
			res := extract(t, src, h.r.Dir(), h.r.Head())
			elapsed := time.Since(begin)
			require.NoError(t, res.err)
			require.Len(t, res.batches, 1)
			// No commits; the tags, which can change without a commit.
			for _, rec := range res.batches[0].GetRecords() {
				assert.NotNil(t, rec.GetRelease(), "only releases when nothing is new")
			}
			assert.Len(t, res.batches[0].GetRecords(), 2)
			assert.False(t, res.batches[0].GetReplaceAll())
			assert.Equal(t, h.r.Head(), res.checkpoint())
			t.Logf("%s: nothing new in %v", name, elapsed)
			assert.Less(t, elapsed, time.Second, "the nothing-new path must be fast (target < 100 ms)")
		})
	}
}

func TestResumeFromMiddleCheckpoint(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := extract(t, sdktest.SourceWith(t, newSource(defaultBatchCommits), cfg), h.r.Dir(), h.sha["move"])
			require.NoError(t, res.err)
			require.Empty(t, res.warnings)
			assert.False(t, res.batches[0].GetReplaceAll())
			var got []string
			for _, c := range res.commits {
				got = append(got, c.GetSha())
			}
			assert.ElementsMatch(t, []string{h.sha["feature"], h.sha["fix"], h.sha["merge"], h.sha["submodule"]}, got)
			assert.Equal(t, h.sha["submodule"], got[len(got)-1])
			assert.Len(t, res.releases, 2, "every run that reads history sends all tags")
			assert.Equal(t, h.r.Head(), res.checkpoint())
		})
	}
}

func TestRewrittenHistoryResets(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	oldHead := h.r.Head()
	h.r.Git("reset", "-q", "--hard", h.sha["edit"])
	h.r.Write("new.txt", "rewritten\n")
	newHead := h.r.Commit(testrepo.Carol, testrepo.Day(9), "Rewritten history")
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := sdktest.SourceWith(t, newSource(defaultBatchCommits), cfg)
			for checkpoint, why := range map[string]string{
				oldHead: "no longer an ancestor",
				"0123456789abcdef0123456789abcdef01234567": "not a commit",
				"not-a-sha": "not a commit",
			} {
				res := extract(t, src, h.r.Dir(), checkpoint)
				require.NoError(t, res.err)
				assert.True(t, res.batches[0].GetReplaceAll(), "first batch resets")
				require.NotEmpty(t, res.warnings)
				assert.Contains(t, res.warnings[0], why)
				assert.Equal(t, sdk.SeverityInfo, res.batches[0].GetDiagnostics()[0].GetSeverity())
				assert.Len(t, res.commits, 3, "the whole history again")
				assert.Equal(t, newHead, res.checkpoint())
			}
		})
	}
}

func TestMaxCommitsTakesTheNewest(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			values := map[string]*sdk.Value{"max_commits": sdk.Number(2)}
			for k, v := range cfg {
				values[k] = v
			}
			res := extract(t, sdktest.SourceWith(t, newSource(defaultBatchCommits), values), h.r.Dir(), "")
			require.NoError(t, res.err)
			require.Len(t, res.commits, 2)
			assert.Equal(t, h.sha["merge"], res.commits[0].GetSha())
			assert.Equal(t, h.sha["submodule"], res.commits[1].GetSha())
			assert.Equal(t, h.r.Head(), res.checkpoint())
		})
	}
}

func TestEmptyAndMissingRepositories(t *testing.T) {
	t.Parallel()
	empty := testrepo.New(t)
	notRepo := t.TempDir()
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := sdktest.SourceWith(t, newSource(defaultBatchCommits), cfg)
			res := extract(t, src, empty.Dir(), "")
			require.NoError(t, res.err)
			require.Len(t, res.batches, 1)
			assert.Empty(t, res.batches[0].GetRecords())
			assert.Empty(t, res.checkpoint())
			assert.False(t, res.batches[0].GetReplaceAll())

			res = extract(t, src, empty.Dir(), "0123456789abcdef0123456789abcdef01234567")
			require.NoError(t, res.err)
			assert.True(t, res.batches[0].GetReplaceAll(), "a checkpoint into a now empty repository is void")

			res = extract(t, src, notRepo, "")
			require.Error(t, res.err)
			assert.Contains(t, res.err.Error(), notRepo)
			assert.Contains(t, res.err.Error(), "not a git repository")
			assert.Empty(t, res.batches)
		})
	}
}

func TestNotARepositoryIsTyped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newSource(defaultBatchCommits)
			s.Configure(context.Background(), sdk.Config{Values: cfg})
			err := s.Extract(context.Background(), &sdk.ExtractRequest{RepoRoot: dir}, func(*sdk.RecordBatch) error { return nil })
			require.ErrorIs(t, err, ErrNotRepository)
		})
	}
}

func TestBareRepositoryAndGitDir(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	bare := filepath.Join(t.TempDir(), "bare.git")
	h.r.Git("clone", "-q", "--bare", h.r.Dir(), bare)
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := sdktest.SourceWith(t, newSource(defaultBatchCommits), cfg)
			want := extract(t, src, h.r.Dir(), "")
			require.NoError(t, want.err)
			for _, root := range []string{bare, h.r.GitDir(), filepath.Join(h.r.Dir(), "docs")} {
				got := extract(t, src, root, "")
				require.NoError(t, got.err, root)
				assert.Equal(t, summarize(want.commits), summarize(got.commits), root)
				assert.Equal(t, h.r.Head(), got.checkpoint(), root)
				assert.Len(t, got.releases, 2, root)
			}
		})
	}
}

// removeTwoBlobs deletes main.go as edited (git fails while counting its
// lines, after printing the commit) and util.go as first written (the
// source of the edited rename: git fails in rename detection, before
// printing the commit).
func removeTwoBlobs(t *testing.T, h *history) {
	t.Helper()
	for _, spec := range []string{h.sha["edit"] + ":main.go", h.sha["init"] + ":util.go"} {
		blob := h.r.Git("rev-parse", spec)
		require.NoError(t, os.Remove(filepath.Join(h.r.GitDir(), "objects", blob[:2], blob[2:])))
	}
}

func TestMissingObjectIsReportedNotFatal(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	removeTwoBlobs(t, h)
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := extract(t, sdktest.SourceWith(t, newSource(defaultBatchCommits), cfg), h.r.Dir(), "")
			require.NoError(t, res.err)
			require.Len(t, res.commits, len(h.list), "every commit is still reported")
			assertTopological(t, res.commits)
			assert.Equal(t, h.r.Head(), res.checkpoint())
			assert.Len(t, res.releases, 2)
			joined := strings.Join(res.warnings, "\n")
			for _, damaged := range []string{"init", "edit", "fix"} {
				assert.Contains(t, joined, short(h.sha[damaged]), "the %s commit is named", damaged)
			}
			if name == "binary" {
				assert.Contains(t, joined, short(h.sha["move"]), "the rename that needed the blob is named")
			}
			c := res.bySha()
			// The damaged commits still list their files; others are intact.
			assert.Contains(t, paths(c[h.sha["init"]]), "util.go")
			assert.Contains(t, paths(c[h.sha["edit"]]), "main.go")
			assert.Contains(t, paths(c[h.sha["fix"]]), "main.go")
			assert.Contains(t, changes(c[h.sha["move"]]), "docs/README.md<README.md:R100:0:0")
			assert.Equal(t, []string{"feature.go:A:3:0"}, changes(c[h.sha["feature"]]))
			assert.Equal(t, []string{".gitmodules:A:3:0", "logo.png:D:0:0:binary"}, changes(c[h.sha["submodule"]]))
			t.Logf("%s warnings:\n%s", name, joined)
		})
	}
}

func paths(c *sdk.Commit) []string {
	var out []string
	for _, ch := range c.GetChanges() {
		out = append(out, ch.GetPath())
	}
	return out
}

func TestShallowClone(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	dir := filepath.Join(t.TempDir(), "shallow")
	h.r.Git("clone", "-q", "--depth", "2", "file://"+h.r.Dir(), dir)
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := extract(t, sdktest.SourceWith(t, newSource(defaultBatchCommits), cfg), dir, "")
			require.NoError(t, res.err)
			require.NotEmpty(t, res.warnings)
			assert.Contains(t, res.warnings[0], "shallow")
			c := res.bySha()
			require.Contains(t, c, h.sha["submodule"])
			assert.NotEmpty(t, c[h.sha["submodule"]].GetChanges())
			for _, cm := range res.commits {
				if len(cm.GetParents()) == 0 {
					assert.Empty(t, cm.GetChanges(), "boundary commit %s", short(cm.GetSha()))
				}
			}
		})
	}
}

func TestCancelledConsumerStopsExtraction(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newSource(1)
			s.Configure(context.Background(), sdk.Config{Values: cfg})
			stop := errors.New("consumer gone")
			calls := 0
			err := s.Extract(context.Background(), &sdk.ExtractRequest{RepoRoot: h.r.Dir()}, func(*sdk.RecordBatch) error {
				calls++
				return stop
			})
			require.ErrorIs(t, err, stop)
			assert.Equal(t, 1, calls)

			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			err = s.Extract(ctx, &sdk.ExtractRequest{RepoRoot: h.r.Dir()}, func(*sdk.RecordBatch) error { return nil })
			require.ErrorIs(t, err, context.Canceled)
		})
	}
}

func TestConfigureRejectsNegativeMax(t *testing.T) {
	t.Parallel()
	diags := New().Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{"max_commits": sdk.Number(-1)}})
	require.Len(t, diags, 1)
	assert.Equal(t, "max_commits", diags[0].GetAttribute())
}

// history_slice sets the serial slices; a slice too small to pay for its
// git process is refused.
func TestConfigureHistorySlice(t *testing.T) {
	t.Parallel()
	s := New().(*Source)
	require.Empty(t, s.Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{"history_slice": sdk.Number(5000)}}))
	assert.Equal(t, 5000, s.slicing.serial)
	require.Empty(t, s.Configure(context.Background(), sdk.Config{}))
	assert.Equal(t, 0, s.slicing.serial, "one git process unless asked")
	diags := s.Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{"history_slice": sdk.Number(10)}})
	require.Len(t, diags, 1)
	assert.Equal(t, "history_slice", diags[0].GetAttribute())
}

// summarize renders commits for comparison between runs and backends.
func summarize(commits []*sdk.Commit) []string {
	var out []string
	for _, c := range commits {
		out = append(out, fmt.Sprintf("%s parents=%v author=%s@%d committer=%s@%d msg=%q changes=%v",
			c.GetSha(), c.GetParents(), person(c.GetAuthor()), c.GetAuthorTime(), person(c.GetCommitter()), c.GetCommitTime(),
			c.GetMessage(), changes(c)))
	}
	sort.Strings(out)
	return out
}

// TestBloblessCloneDegradesToStatuses stands for a blob-filtered partial
// clone: every blob is missing. After a few commits salvaged one by one,
// the binary path reads the rest without line counts; both paths then
// report the same statuses and exact renames.
func TestBloblessCloneDegradesToStatuses(t *testing.T) {
	t.Parallel()
	h := buildHistory(t)
	for _, line := range strings.Split(h.r.Git("cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname)"), "\n") {
		if typ, id, _ := strings.Cut(line, " "); typ == "blob" {
			require.NoError(t, os.Remove(filepath.Join(h.r.GitDir(), "objects", id[:2], id[2:])))
		}
	}
	bin := newSource(defaultBatchCommits)
	bin.salvageLimit = 2
	binRes := extract(t, sdktest.SourceWith(t, bin, nil), h.r.Dir(), "")
	goRes := extract(t, sdktest.SourceWith(t, newSource(defaultBatchCommits), binaryAndGoGit()["go-git"]), h.r.Dir(), "")
	for _, res := range []*result{binRes, goRes} {
		require.NoError(t, res.err)
		require.Len(t, res.commits, len(h.list))
		assert.Equal(t, h.r.Head(), res.checkpoint())
		assert.Len(t, res.releases, 2)
	}
	assert.Len(t, binRes.warnings, 3, "two salvaged commits and the switch: %q", binRes.warnings)
	assert.Contains(t, binRes.warnings[2], "without line counts")
	assert.Equal(t, summarize(binRes.commits), summarize(goRes.commits))
	move := binRes.bySha()[h.sha["move"]]
	assert.Equal(t, []string{"docs/README.md<README.md:R100:0:0", "pkg/util.go:A:0:0", "util.go:D:0:0"}, changes(move))
}

// A snapshot without its largest files: the blobs of one path are missing
// from a history of many. That path is left out of the counted log, its
// changes recorded without line counts, and every other file keeps its
// counts; no commit needs salvaging.
func TestMissingBlobsOfFewPathsKeepOtherCounts(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	for i := range 30 {
		r.Write(fmt.Sprintf("src/f%02d.go", i), fmt.Sprintf("package src\n\nvar V%d = 1\n", i))
	}
	r.Write("assets/big.dat", "version 1\n")
	first := r.Commit(testrepo.Alice, testrepo.Day(0), "start")
	r.Write("assets/big.dat", "version 2\n")
	r.Write("src/f00.go", "package src\n\nvar V0 = 2\nvar W0 = 3\n")
	both := r.Commit(testrepo.Bob, testrepo.Day(1), "big and f00")
	r.Write("assets/big.dat", "version 3\n")
	only := r.Commit(testrepo.Alice, testrepo.Day(2), "big alone")
	r.Write("src/f01.go", "package src\n\nvar V1 = 2\n")
	last := r.Commit(testrepo.Bob, testrepo.Day(3), "f01")
	for _, rev := range []string{both + ":assets/big.dat", only + ":assets/big.dat"} {
		blob := r.Git("rev-parse", rev)
		require.NoError(t, os.Remove(filepath.Join(r.GitDir(), "objects", blob[:2], blob[2:])))
	}
	res := extract(t, sdktest.SourceWith(t, newSource(defaultBatchCommits), nil), r.Dir(), "")
	require.NoError(t, res.err)
	require.Len(t, res.commits, 4, "every commit, even the one touching only the missing path")
	assertTopological(t, res.commits)
	require.Len(t, res.warnings, 1, "%q", res.warnings)
	assert.Equal(t, "2 blob(s) of 1 path(s) are missing from the object store (partial clone, or a snapshot without large files); changes to these paths are recorded without line counts: assets/big.dat", res.warnings[0])
	c := res.bySha()
	assert.Contains(t, changes(c[first]), "assets/big.dat:A:1:0", "read and counted before git met a missing blob")
	assert.Equal(t, []string{"assets/big.dat:M:0:0", "src/f00.go:M:2:1"}, changes(c[both]))
	assert.Equal(t, []string{"assets/big.dat:M:0:0"}, changes(c[only]))
	assert.Equal(t, []string{"src/f01.go:M:1:1"}, changes(c[last]))
	assert.Len(t, c[first].GetChanges(), 31)
}
