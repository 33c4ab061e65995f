package query

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// The files at HEAD are read with their blob ids as the digits written,
// whether the store keeps them as the bytes the digits spell (since
// schema 38) or as text.
func TestHeadFilesReadBlobIDsAsWritten(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	const blob = "0123456789abcdef0123456789abcdef01234567"
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		for _, f := range []struct{ path, blob string }{{"a.go", blob}, {"b.go", "not-hex"}} {
			id, err := tx.Node(record.KindFile, f.path)
			if err != nil {
				return err
			}
			if err := tx.SetHeadFile(store.HeadFile{Node: id, Blob: f.blob, Language: "go", Size: 3}); err != nil {
				return err
			}
		}
		return nil
	}))
	var stored []string
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query("SELECT typeof(blob_id) FROM head_files ORDER BY node_id")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			stored = append(stored, s)
		}
		return rows.Err()
	}))
	require.Equal(t, []string{"blob", "text"}, stored)
	files, err := New(st.DB()).HeadFiles(ctx)
	require.NoError(t, err)
	require.Len(t, files, 2)
	require.Equal(t, [2]string{"a.go", blob}, [2]string{files[0].Path, files[0].Blob})
	require.Equal(t, [2]string{"b.go", "not-hex"}, [2]string{files[1].Path, files[1].Blob})
}
