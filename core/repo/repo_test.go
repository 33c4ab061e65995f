package repo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
)

// twoCommits is a repository with a file in a subdirectory, committed on
// day 1 and changed on day 2.
func twoCommits(t *testing.T) (r *testrepo.Repo, first, second string) {
	t.Helper()
	r = testrepo.New(t)
	r.Write("svc/a.go", "package svc\n")
	first = r.Commit(testrepo.Alice, testrepo.Day(1), "first")
	r.Write("svc/a.go", "package svc\n\nfunc A() {}\n")
	second = r.Commit(testrepo.Bob, testrepo.Day(2), "second")
	return r, first, second
}

// real resolves symbolic links (a temporary directory may lie behind one),
// so that roots compare as the same directory.
func real(t *testing.T, path string) string {
	t.Helper()
	p, err := filepath.EvalSymlinks(path)
	require.NoError(t, err)
	return p
}

func TestOpenFindsTheRoot(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		// setup returns the path to open and the root expected.
		setup func(t *testing.T, r *testrepo.Repo) (open, root string)
	}{
		"the work tree's root": {func(t *testing.T, r *testrepo.Repo) (string, string) {
			return r.Dir(), r.Dir()
		}},
		"a subdirectory": {func(t *testing.T, r *testrepo.Repo) (string, string) {
			return r.Path("svc"), r.Dir()
		}},
		"a relative path": {func(t *testing.T, r *testrepo.Repo) (string, string) {
			wd, err := os.Getwd()
			require.NoError(t, err)
			rel, err := filepath.Rel(wd, r.Path("svc"))
			require.NoError(t, err)
			return rel, r.Dir()
		}},
		"a bare repository": {func(t *testing.T, r *testrepo.Repo) (string, string) {
			bare := filepath.Join(t.TempDir(), "small.git")
			r.Git("clone", "-q", "--bare", r.Dir(), bare)
			return bare, bare
		}},
		"a linked work tree": {func(t *testing.T, r *testrepo.Repo) (string, string) {
			wt := filepath.Join(t.TempDir(), "wt")
			r.Git("worktree", "add", "-q", wt)
			return wt, wt
		}},
		"a sparse checkout": {func(t *testing.T, r *testrepo.Repo) (string, string) {
			// It sets extensions.worktreeConfig, which go-git refuses.
			r.Git("sparse-checkout", "init", "--cone")
			return r.Dir(), r.Dir()
		}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tr, _, second := twoCommits(t)
			open, root := c.setup(t, tr)
			r, err := Open(open)
			require.NoError(t, err)
			require.Equal(t, real(t, root), real(t, r.Root))
			head, err := r.Head()
			require.NoError(t, err)
			require.Equal(t, second, head)
			data, err := r.Blob(tr.Git("rev-parse", "HEAD:svc/a.go"))
			require.NoError(t, err)
			require.Equal(t, "package svc\n\nfunc A() {}\n", string(data))
		})
	}
}

func TestOpenRefuses(t *testing.T) {
	t.Parallel()

	t.Run("a directory outside any repository", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		_, err := Open(dir)
		require.ErrorIs(t, err, ErrNotRepository)
		require.ErrorContains(t, err, dir)
	})

	t.Run("a path that does not exist", func(t *testing.T) {
		t.Parallel()
		missing := filepath.Join(t.TempDir(), "missing")
		_, err := Open(missing)
		require.ErrorIs(t, err, os.ErrNotExist)
		require.NotErrorIs(t, err, ErrNotRepository, "a typo is not called a non-repository")
		require.ErrorContains(t, err, missing)
	})
}

func TestHead(t *testing.T) {
	t.Parallel()

	t.Run("a detached HEAD is the commit checked out", func(t *testing.T) {
		t.Parallel()
		tr, first, _ := twoCommits(t)
		tr.Checkout(first)
		r, err := Open(tr.Dir())
		require.NoError(t, err)
		head, err := r.Head()
		require.NoError(t, err)
		require.Equal(t, first, head)
	})

	t.Run("an empty repository has none", func(t *testing.T) {
		t.Parallel()
		tr := testrepo.New(t)
		r, err := Open(tr.Dir())
		require.NoError(t, err)
		head, err := r.Head()
		require.NoError(t, err)
		require.Empty(t, head)
		when, err := r.CommitTime(head)
		require.NoError(t, err)
		require.Zero(t, when)
		blob, err := r.MailmapBlob(head)
		require.NoError(t, err)
		require.Empty(t, blob)
	})
}

func TestCommitTime(t *testing.T) {
	t.Parallel()
	tr, first, second := twoCommits(t)
	r, err := Open(tr.Dir())
	require.NoError(t, err)
	for sha, want := range map[string]int64{first: testrepo.Day(1).Unix(), second: testrepo.Day(2).Unix()} {
		got, err := r.CommitTime(sha)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	missing := "0123456789abcdef0123456789abcdef01234567"
	_, err = r.CommitTime(missing)
	require.ErrorContains(t, err, missing, "an unreadable commit is an error, not time 0")
}

func TestBlobOfAMissingObject(t *testing.T) {
	t.Parallel()
	tr, _, _ := twoCommits(t)
	r, err := Open(tr.Dir())
	require.NoError(t, err)
	missing := "0123456789abcdef0123456789abcdef01234567"
	_, err = r.Blob(missing)
	require.ErrorContains(t, err, "blob "+missing)
}

func TestMailmapBlob(t *testing.T) {
	t.Parallel()
	tr, first, _ := twoCommits(t)
	tr.Write(".mailmap", "Bob Example <bob@example.com> <bob@old.example.org>\n")
	withMailmap := tr.Commit(testrepo.Alice, testrepo.Day(3), "mailmap")
	r, err := Open(tr.Dir())
	require.NoError(t, err)
	blob, err := r.MailmapBlob(first)
	require.NoError(t, err)
	require.Empty(t, blob, "no .mailmap yet")
	blob, err = r.MailmapBlob(withMailmap)
	require.NoError(t, err)
	require.Equal(t, tr.Git("rev-parse", "HEAD:.mailmap"), blob)
	_, err = r.MailmapBlob(strings.Repeat("ab", 20))
	require.Error(t, err, "a commit that cannot be read is an error, not \"no .mailmap\"")
}

func TestTagsHashFollowsTheTags(t *testing.T) {
	t.Parallel()
	tr, first, _ := twoCommits(t)
	hash := func() string {
		r, err := Open(tr.Dir())
		require.NoError(t, err)
		h, err := r.TagsHash()
		require.NoError(t, err)
		return h
	}
	none := hash()
	require.Equal(t, none, hash(), "stable while the tags are")
	tr.Tag("v1")
	one := hash()
	require.NotEqual(t, none, one)
	tr.Git("tag", "-f", "v1", first)
	require.NotEqual(t, one, hash(), "a tag moved to another commit")
	tr.Git("tag", "-d", "v1")
	require.Equal(t, none, hash())
}

func TestName(t *testing.T) {
	t.Parallel()
	for root, want := range map[string]string{
		"/src/homer":         "homer",
		"/src/homer/.git":    "homer",
		"/src/homer/repo":    "homer",
		"/srv/git/small.git": "small.git",
	} {
		require.Equal(t, want, (&Repo{Root: root}).Name(), root)
	}
}

// Reading blobs keeps the pack file open: go-git otherwise opens it again
// for every object read, which cost half the time of reading history.
func TestBlobsKeepThePackOpen(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc")
	}
	tr, _, _ := twoCommits(t)
	tr.Git("gc", "-q")
	r, err := Open(tr.Dir())
	require.NoError(t, err)
	r.goGitOnly = true // the fallback: git cat-file keeps its own packs
	packDir := real(t, filepath.Join(tr.GitDir(), "objects", "pack"))
	openPacks := func() int {
		n := 0
		ents, err := os.ReadDir("/proc/self/fd")
		require.NoError(t, err)
		for _, e := range ents {
			if target, err := os.Readlink(filepath.Join("/proc/self/fd", e.Name())); err == nil &&
				strings.HasPrefix(target, packDir) && strings.HasSuffix(target, ".pack") {
				n++
			}
		}
		return n
	}
	for _, path := range []string{"svc/a.go", "svc/a.go"} {
		blob := strings.Fields(tr.Git("ls-tree", "HEAD", path))[2]
		content, err := r.Blob(blob)
		require.NoError(t, err)
		require.Equal(t, "package svc\n\nfunc A() {}\n", string(content))
	}
	require.Equal(t, 1, openPacks(), "one pack, opened once and kept")
}
