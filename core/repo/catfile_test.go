package repo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
)

// readersFixture is a repository with what trees and refs hold besides
// plain files: an executable, a symbolic link, a submodule, nested
// directories, a rename, a merge, a .mailmap, a lightweight tag, an
// annotated tag and a tag of a tree. It returns the commits, oldest first.
func readersFixture(t *testing.T) (*testrepo.Repo, []string) {
	t.Helper()
	tr := testrepo.New(t)
	tr.Write("a/b/c.go", "package b\n")
	tr.Write("run.sh", "#!/bin/sh\n")
	require.NoError(t, os.Chmod(tr.Path("run.sh"), 0o755))
	require.NoError(t, os.Symlink("a/b/c.go", tr.Path("link.go")))
	tr.Write("with space.txt", "x\n")
	c1 := tr.Commit(testrepo.Alice, testrepo.Day(1), "first")
	tr.Tag("v1")
	tr.Branch("side")
	tr.Rename("a/b/c.go", "a/d.go")
	tr.Write(".mailmap", "Alice <alice@example.com>\n")
	tr.Submodule("vendor/sub", "https://example.com/sub.git")
	c2 := tr.Commit(testrepo.Bob, testrepo.Day(2), "second")
	tr.AnnotatedTag("v2", "release", testrepo.Alice, testrepo.Day(3))
	tr.Checkout("side")
	tr.Write("side.go", "package side\n")
	c3 := tr.Commit(testrepo.Alice, testrepo.Day(3), "side")
	tr.Checkout("main")
	c4 := tr.Merge("side", testrepo.Bob, testrepo.Day(4), "merge")
	tree := tr.Git("rev-parse", c1+"^{tree}")
	tr.Git("tag", "tree-tag", tree)
	return tr, []string{c1, c2, c3, c4}
}

// TestCatFileReadsAsGoGitDoes reads the same repository through git
// cat-file and through go-git, the fallback, and requires the same answers.
func TestCatFileReadsAsGoGitDoes(t *testing.T) {
	t.Parallel()
	tr, commits := readersFixture(t)
	viaGit, err := Open(tr.Dir())
	require.NoError(t, err)
	t.Cleanup(func() { viaGit.Close() })
	viaGoGit, err := Open(tr.Dir())
	require.NoError(t, err)
	viaGoGit.goGitOnly = true

	missing := "0123456789abcdef0123456789abcdef01234567"
	for _, c := range append(commits, missing) {
		want, wantErr := viaGoGit.Files(c)
		got, err := viaGit.Files(c)
		require.Equal(t, wantErr != nil, err != nil, c)
		require.Equal(t, want, got, c)

		wantT, wantErr := viaGoGit.CommitTime(c)
		gotT, err := viaGit.CommitTime(c)
		require.Equal(t, wantErr != nil, err != nil, c)
		require.Equal(t, wantT, gotT, c)

		wantM, wantErr := viaGoGit.MailmapBlob(c)
		gotM, err := viaGit.MailmapBlob(c)
		require.Equal(t, wantErr != nil, err != nil, c)
		require.Equal(t, wantM, gotM, c)

		wantL, wantErr := viaGoGit.FirstParents(c)
		gotL, err := viaGit.FirstParents(c)
		require.Equal(t, wantErr != nil, err != nil, c)
		require.Equal(t, wantL, gotL, c)

		for _, p := range [][2]string{
			{"a/d.go", "a/b/c.go"}, {"a/b/c.go", "a/b/c.go"}, {"run.sh", "run.sh"}, {"link.go", "link.go"},
			{"with space.txt", "with space.txt"}, {"vendor/sub", "vendor/sub"}, {"a", "a"}, {"side.go", "side.go"},
			{"none", "none"},
		} {
			wantA, wantB, wantErr := viaGoGit.PathBlobs(c, p[0], p[1])
			gotA, gotB, err := viaGit.PathBlobs(c, p[0], p[1])
			require.Equal(t, wantErr != nil, err != nil, c+" "+p[0])
			require.Equal(t, [2]string{wantA, wantB}, [2]string{gotA, gotB}, c+" "+p[0])
		}
	}
	files, err := viaGoGit.Files(commits[3])
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		want, err := viaGoGit.Blob(f.Blob)
		require.NoError(t, err)
		got, err := viaGit.Blob(f.Blob)
		require.NoError(t, err)
		require.Equal(t, want, got, f.Path)
	}
	_, err = viaGit.Blob(missing)
	require.ErrorContains(t, err, "blob "+missing)

	wantTags, err := viaGoGit.Tags()
	require.NoError(t, err)
	gotTags, err := viaGit.Tags()
	require.NoError(t, err)
	require.Equal(t, wantTags, gotTags)
	require.Len(t, gotTags, 2, "the tag of a tree leads to no commit")

	ids := []string{files[0].Blob, missing, "not a hash", commits[0]}
	require.Equal(t, viaGoGit.Present(ids), viaGit.Present(ids))

	require.NotNil(t, viaGit.cat, "git answered, not the fallback")
	require.Nil(t, viaGoGit.cat)
}

// A blob missing from the store (a partial clone, a snapshot without large
// files) is an error for that blob only; its size in the tree's listing is
// 0; and cat-file goes on answering.
func TestCatFileMissingBlob(t *testing.T) {
	t.Parallel()
	tr := testrepo.New(t)
	tr.Write("big.bin", "large\n")
	tr.Write("small.txt", "small\n")
	head := tr.Commit(testrepo.Alice, testrepo.Day(1), "first")
	big := strings.Fields(tr.Git("ls-tree", "HEAD", "big.bin"))[2]
	require.NoError(t, os.Remove(filepath.Join(tr.GitDir(), "objects", big[:2], big[2:])))

	r, err := Open(tr.Dir())
	require.NoError(t, err)
	t.Cleanup(func() { r.Close() })
	_, err = r.Blob(big)
	require.ErrorContains(t, err, "blob "+big)
	files, err := r.Files(head)
	require.NoError(t, err)
	require.Equal(t, []TreeFile{{Path: "big.bin", Blob: big, Size: 0}, {Path: "small.txt", Blob: files[1].Blob, Size: 6}}, files)
	content, err := r.Blob(files[1].Blob)
	require.NoError(t, err)
	require.Equal(t, "small\n", string(content))
	require.NotNil(t, r.cat)
}

// After Close the Repo still reads, through go-git.
func TestCloseFallsBackToGoGit(t *testing.T) {
	t.Parallel()
	tr, _, second := twoCommits(t)
	r, err := Open(tr.Dir())
	require.NoError(t, err)
	_, err = r.CommitTime(second)
	require.NoError(t, err)
	require.NotNil(t, r.cat)
	require.NoError(t, r.Close())
	require.Nil(t, r.cat)
	when, err := r.CommitTime(second)
	require.NoError(t, err)
	require.Equal(t, testrepo.Day(2).Unix(), when)
}

// After Rest the process is gone, and the next read starts another.
func TestRestStopsCatFileUntilTheNextRead(t *testing.T) {
	t.Parallel()
	tr, _, second := twoCommits(t)
	r, err := Open(tr.Dir())
	require.NoError(t, err)
	t.Cleanup(func() { r.Close() })
	_, err = r.CommitTime(second)
	require.NoError(t, err)
	require.NotNil(t, r.cat)
	first := r.cat.cmd.Process.Pid
	r.Rest()
	require.Nil(t, r.cat)
	r.Rest() // nothing running: nothing to do
	when, err := r.CommitTime(second)
	require.NoError(t, err)
	require.Equal(t, testrepo.Day(2).Unix(), when)
	require.NotNil(t, r.cat, "read through cat-file again, not go-git")
	require.NotEqual(t, first, r.cat.cmd.Process.Pid)
}
