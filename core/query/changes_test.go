package query

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// Changes carry the path they had in their commit and the one renamed
// from, beside the HEAD path.
func TestChangePaths(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		node := func(kind, name string) int64 {
			id, err := tx.Node(kind, name)
			require.NoError(t, err)
			return id
		}
		ann := node(record.KindPerson, "ann@example.com")
		a, b, c := node(record.KindCommit, "aaa"), node(record.KindCommit, "bbb"), node(record.KindCommit, "ccc")
		old, cur := node(record.KindFile, "old.go"), node(record.KindFile, "new.go")
		return tx.AddCommits([]store.CommitRow{
			{Node: a, Author: ann, CommitTime: 10, Parents: 0, Message: "first\n\nbody"},
			{Node: b, Author: ann, CommitTime: 20, Parents: 1, Message: "rename"},
			{Node: c, Author: ann, CommitTime: 30, Parents: 1, Message: "third"},
		}, []store.ChangeRow{
			{Commit: a, File: old, Status: "A"},
			{Commit: b, File: cur, Status: "R", OldFile: old},
			{Commit: c, File: cur, Status: "M"},
		})
	}))
	q := New(st.DB())
	// Carried forward to the HEAD path, with the path each change had.
	got := map[string]Change{}
	require.NoError(t, q.EachChange(ctx, map[string]bool{"new.go": true}, func(c Change) { got[c.Commit] = c }))
	require.Len(t, got, 3)
	for sha, want := range map[string][3]string{"aaa": {"new.go", "old.go", ""}, "bbb": {"new.go", "new.go", "old.go"}, "ccc": {"new.go", "new.go", ""}} {
		require.Equal(t, want, [3]string{got[sha].Path, got[sha].Then, got[sha].From}, sha)
	}
	require.Equal(t, 0, got["aaa"].Parents)
	require.Equal(t, 1, got["bbb"].Parents)
}

// EachCommitAndChange gives every stored commit from the read that gives
// the changes, a commit that changed no file (a merge here) among them,
// each with its time, parents and node id.
func TestEachCommitAndChangeGivesEveryCommit(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	ids := map[string]int64{}
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		node := func(kind, name string) int64 {
			id, err := tx.Node(kind, name)
			require.NoError(t, err)
			return id
		}
		ann := node(record.KindPerson, "ann@example.com")
		for _, sha := range []string{"aaa", "bbb", "mmm"} {
			ids[sha] = node(record.KindCommit, sha)
		}
		f := node(record.KindFile, "a.go")
		return tx.AddCommits([]store.CommitRow{
			{Node: ids["aaa"], Author: ann, CommitTime: 10, Message: "first"},
			{Node: ids["bbb"], Author: ann, CommitTime: 20, Parents: 1, Message: "second"},
			{Node: ids["mmm"], Author: ann, CommitTime: 30, Parents: 2, Message: "Merge branch 'x'"},
		}, []store.ChangeRow{
			{Commit: ids["aaa"], File: f, Status: "A", Added: 3},
			{Commit: ids["bbb"], File: f, Status: "M", Added: 1, Deleted: 1},
		})
	}))
	commits := map[string]LoggedCommit{}
	changes := 0
	require.NoError(t, New(st.DB()).EachCommitAndChange(ctx, map[string]bool{"a.go": true},
		func(c LoggedCommit) { commits[c.Sha] = c },
		func(c Change) { changes++ }))
	require.Equal(t, 2, changes)
	count, err := New(st.DB()).ChangeCount(ctx)
	require.NoError(t, err)
	require.Equal(t, changes, count)
	require.Len(t, commits, 3)
	require.Equal(t, LoggedCommit{CommitMessage: CommitMessage{Sha: "mmm", Message: "Merge branch 'x'", Parents: 2}, ID: ids["mmm"], Time: 30}, commits["mmm"])
	require.Equal(t, "first", commits["aaa"].Message)
	require.Equal(t, int64(20), commits["bbb"].Time)
}

// The history's read gives every message back as it was stored, whichever
// way it was packed (short ones as they are, long ones with DEFLATE), one
// after another through the buffer the read reuses, to the commits and to
// their changes alike; and ChangeCount counts the changes it gives.
func TestEachCommitAndChangeGivesMessagesWhole(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	long := "Polish the reader\n\n" + strings.Repeat("The store keeps each message packed; a fix of the reader follows. ", 30)
	messages := map[string]string{
		"aaa": long,
		"bbb": "x",
		"ccc": "Fix the décodage of ünïcode messages\n\nSigned-off-by: Ann <ann@example.com>\n",
		"ddd": long[:200],
		"eee": "",
	}
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		ann, err := tx.Node(record.KindPerson, "ann@example.com")
		require.NoError(t, err)
		f, err := tx.Node(record.KindFile, "a.go")
		require.NoError(t, err)
		var commits []store.CommitRow
		var changes []store.ChangeRow
		for i, sha := range []string{"aaa", "bbb", "ccc", "ddd", "eee"} {
			id, err := tx.Node(record.KindCommit, sha)
			require.NoError(t, err)
			commits = append(commits, store.CommitRow{Node: id, Author: ann, CommitTime: int64(10 * i), Parents: 1, Message: messages[sha]})
			changes = append(changes, store.ChangeRow{Commit: id, File: f, Status: "M", Added: 1000 + i, Deleted: i})
		}
		return tx.AddCommits(commits, changes)
	}))
	q := New(st.DB())
	logged, changed := map[string]string{}, map[string]string{}
	lines := map[string][2]int{}
	require.NoError(t, q.EachCommitAndChange(ctx, map[string]bool{"a.go": true},
		func(c LoggedCommit) { logged[c.Sha] = c.Message },
		func(c Change) { changed[c.Commit] = c.Message; lines[c.Commit] = [2]int{c.Added, c.Deleted} }))
	require.Equal(t, messages, logged)
	require.Equal(t, messages, changed)
	require.Equal(t, [2]int{1002, 2}, lines["ccc"])
	n, err := q.ChangeCount(ctx)
	require.NoError(t, err)
	require.Equal(t, 5, n)
}
