package pipeline

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// The commits the model builds from the history the analyses read, each
// change with the status that read carries, are the commits query.HistoryCommits reads
// but for those that changed no file: additions, a rename whose old path
// is gone at HEAD (the analyses carry it forward; the model keeps the
// path in the commit), a deletion, two commits of the same time, a merge.
func TestModelHistoryFromTheAnalysesRead(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		node := func(kind, name string) int64 {
			id, err := tx.Node(kind, name)
			require.NoError(t, err)
			return id
		}
		alice, bob := node(record.KindPerson, "alice"), node(record.KindPerson, "bob")
		old, cur, web, doc := node(record.KindFile, "lib/old.go"), node(record.KindFile, "lib/core.go"),
			node(record.KindFile, "app/web.go"), node(record.KindFile, "docs/x.md")
		_, err := tx.AddCommits([]store.CommitRow{
			{Sha: "m5", Author: alice, AuthorTime: 50, CommitTime: 50, Parents: 2, Message: "Merge branch"},
			{Sha: "c4b", Author: bob, AuthorTime: 40, CommitTime: 40, Parents: 1, Message: "  Same time, later sha\n\nbody",
				Changes: []store.ChangeRow{{File: web, Status: "M", Deleted: 2}}},
			{Sha: "c4a", Author: alice, AuthorTime: 40, CommitTime: 40, Parents: 1, Message: "Same time",
				Changes: []store.ChangeRow{{File: cur, Status: "M", Added: 4, Deleted: 4}}},
			{Sha: "c3", Author: bob, AuthorTime: 30, CommitTime: 30, Parents: 1, Message: "Drop the doc",
				Changes: []store.ChangeRow{{File: doc, Status: "D", Deleted: 1}}},
			{Sha: "c2", Author: alice, AuthorTime: 20, CommitTime: 20, Parents: 1, Message: "Rename",
				Changes: []store.ChangeRow{{File: cur, Status: "R", OldFile: old, Added: 1, Deleted: 1}, {File: web, Status: "M", Added: 2}}},
			{Sha: "c1", Author: alice, AuthorTime: 10, CommitTime: 10, Parents: 0, Message: "First",
				Changes: []store.ChangeRow{{File: old, Status: "A", Added: 5}, {File: web, Status: "A", Added: 3}, {File: doc, Status: "A", Added: 1}}},
		})
		return err
	}))
	q := query.New(st.DB())
	want, err := q.HistoryCommits(ctx)
	require.NoError(t, err)
	require.Len(t, want, 6)
	want = want[:5] // the merge changed no file

	h, err := loadHistory(ctx, st, map[string]bool{"lib/core.go": true, "app/web.go": true})
	require.NoError(t, err)
	require.Equal(t, want, historyCommits(h.rows))
	require.Equal(t, "lib/old.go", want[0].Changes[2].Path, "the path in the commit, not the one it was renamed to")
}
