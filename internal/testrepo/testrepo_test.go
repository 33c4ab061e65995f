package testrepo_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/testrepo"
)

func build(t *testing.T) *testrepo.Repo {
	r := testrepo.New(t)
	r.Write("a.txt", "one\n")
	r.Commit(testrepo.Alice, testrepo.Day(0), "first")
	r.Branch("feature")
	r.Checkout("feature")
	r.Write("b.txt", "two\n")
	r.Commit(testrepo.Bob, testrepo.Day(1), "feature")
	r.Checkout("main")
	r.Rename("a.txt", "dir/a.txt")
	r.Commit(testrepo.Alice, testrepo.Day(2), "move")
	r.Merge("feature", testrepo.Carol, testrepo.Day(3), "merge feature")
	r.AnnotatedTag("v1", "release one", testrepo.Carol, testrepo.Day(4))
	r.Tag("light")
	return r
}

func TestHistoryIsDeterministic(t *testing.T) {
	t.Parallel()
	a, b := build(t), build(t)
	require.Equal(t, a.Head(), b.Head())
	require.Equal(t, a.Git("rev-parse", "v1"), b.Git("rev-parse", "v1"))
	require.NotEqual(t, a.Dir(), b.Dir())
	require.Equal(t, "4", a.Git("rev-list", "--count", "HEAD"))
	require.Equal(t, "Carol Example <carol@example.com> 1704369600 +0000",
		a.Git("log", "-1", "--date=format:%z", "--format=%an <%ae> %at %ad"))
	require.Equal(t, "dir/a.txt", a.Git("log", "-1", "--format=", "--name-only", "HEAD^1"))
}

func TestSubmoduleIsAGitlink(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Write("main.go", "package main\n")
	sha := r.Submodule("third_party/lib", "https://example.com/lib.git")
	r.Commit(testrepo.Alice, testrepo.Day(0), "add submodule")
	require.Equal(t, "160000 commit "+sha+"\tthird_party/lib", r.Git("ls-tree", "HEAD", "third_party/lib"))
}
