package query

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// Search gives the best hits by rank, ties by ref, whatever the limit:
// the first n hits of a search limited to n are those of a longer one.
// Commits' messages and definitions' docs are found alike, a commit whose
// id a definition's node holds too among them.
func TestSearchOrdersTiesByRefWithinTheLimit(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	if !store.HasFTS5(ctx, st.DB()) {
		t.Skip("built without sqlite_fts5")
	}
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		var defs []store.DefinitionRow
		for i := range 6 {
			defs = append(defs, store.DefinitionRow{Name: fmt.Sprintf("a.go#F%d", 5-i), Meta: `{"kind":"function"}`, Doc: "Fix the retry loop"})
		}
		defs = append(defs, store.DefinitionRow{Name: "a.go#G", Meta: `{"kind":"function"}`, Doc: "Fix the retry loop of the client once more"})
		if _, err := tx.SetDefinitions(defs); err != nil {
			return err
		}
		ann, err := tx.Node(record.KindPerson, "ann")
		if err != nil {
			return err
		}
		var commits []store.CommitRow
		for i, sha := range []string{"cc", "aa", "ee", "bb", "dd"} {
			commits = append(commits, store.CommitRow{Sha: sha, Author: ann, CommitTime: int64(i), Message: "Fix the retry loop"})
		}
		commits = append(commits, store.CommitRow{Sha: "ff", Author: ann, Message: "Fix the retry loop, and the other loop, and the docs of the loop"})
		_, err = tx.AddCommits(commits)
		return err
	}))
	q := New(st.DB())
	all, err := q.Search(ctx, "retry loop", 200)
	require.NoError(t, err)
	require.Len(t, all, 13)
	require.True(t, sort.SliceIsSorted(all, func(i, j int) bool {
		if all[i].Rank != all[j].Rank {
			return all[i].Rank < all[j].Rank
		}
		return all[i].Ref < all[j].Ref
	}), "%v", all)
	kinds := map[string]int{}
	for _, h := range all {
		kinds[h.Kind]++
	}
	require.Equal(t, map[string]int{"commit": 6, "doc": 7}, kinds)
	for n := 1; n <= len(all); n++ {
		got, err := q.Search(ctx, "retry loop", n)
		require.NoError(t, err)
		require.Equal(t, all[:n], got, "limit %d", n)
	}
}
