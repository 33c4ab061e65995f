package query

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// Touches come newest first without messages; CommitMessages gives the
// messages of the commits asked for, and none of commits not stored.
func TestTouchesAndCommitMessages(t *testing.T) {
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
	var got []Touch
	require.NoError(t, q.EachTouch(ctx, func(t Touch) { got = append(got, t) }))
	require.Equal(t, []Touch{
		{Commit: "ccc", Path: "new.go", Time: 30},
		{Commit: "bbb", Path: "new.go", OldPath: "old.go", Time: 20},
		{Commit: "aaa", Path: "old.go", Time: 10},
	}, got)
	msgs, err := q.CommitMessages(ctx, []string{"aaa", "ccc", "zzz"})
	require.NoError(t, err)
	require.Equal(t, map[string]string{"aaa": "first\n\nbody", "ccc": "third"}, msgs)
}
