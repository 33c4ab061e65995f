package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

// A definition is stored within its file the same way whether the writer
// knows the file node's id (the row is inserted with it) or not (the
// insert joins the file node in SQL): after a reopen the writer's cache is
// empty, so the second store takes the join.
func TestDefinitionRowsAlikeWithAndWithoutTheFileCached(t *testing.T) {
	t.Parallel()
	names := []string{
		"src/a.go#Run",          // a file node: stored within it
		"src/a.go#Server.Start", // its dotted name
		"src/b#c.go#x",          // a path with a '#': the file is the part before the first
		"src/none.go#f",         // no such file node: stored by its whole name
		"#lonely",               // no path at all
	}
	files := []string{"src/a.go", "src/b"}
	rows := func(cached bool) [][3]any {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "homer.db")
		s, err := Open(ctx, path)
		require.NoError(t, err)
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			for _, f := range files {
				if _, err := tx.Node(record.KindFile, f); err != nil {
					return err
				}
			}
			return nil
		}))
		if !cached {
			require.NoError(t, s.Close())
			s, err = Open(ctx, path)
			require.NoError(t, err)
		}
		defer s.Close()
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			for _, f := range files {
				_, known := tx.cached(nodeKey{record.KindFile, f})
				require.Equal(t, cached, known)
			}
			for i, n := range names {
				if _, err := tx.SetNode(record.KindDefinition, n, "", `{"name":"x","kind":"function","line":`+string(rune('1'+i))+`,"end":9,"exported":true}`); err != nil {
					return err
				}
			}
			return nil
		}))
		var out [][3]any
		q, err := s.DB().Query(`SELECT n.name, r.name, r.file IS NULL FROM nodes n JOIN node_rows r ON r.id = n.id WHERE n.kind = 'definition' ORDER BY n.name`)
		require.NoError(t, err)
		defer q.Close()
		for q.Next() {
			var whole, stored string
			var loose bool
			require.NoError(t, q.Scan(&whole, &stored, &loose))
			out = append(out, [3]any{whole, stored, loose})
		}
		require.NoError(t, q.Err())
		return out
	}
	with, without := rows(true), rows(false)
	require.Equal(t, without, with)
	require.Len(t, with, len(names))
	require.Contains(t, with, [3]any{"src/a.go#Server.Start", "Server.Start", false})
	require.Contains(t, with, [3]any{"src/b#c.go#x", "c.go#x", false})
	require.Contains(t, with, [3]any{"src/none.go#f", "src/none.go#f", true})
}
