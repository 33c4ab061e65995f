package query

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/store"
)

// A memo row is a file's only when its blob and path are the file's, not
// merely its id: a row whose id is the hash of another pair (as a
// collision of the 64-bit key would make it) is read for neither.
func TestMemoReadsOnlyTheAskedPairs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	const parser = "go@1#x"
	const one, two = "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		if err := tx.PutParseMemo(one, parser, "a/one.go", []byte("one")); err != nil {
			return err
		}
		// Under two's key, another file's facts.
		_, err := tx.Exec(`INSERT INTO parse_memo (id, blob_id, parser, path, facts) VALUES (?, ?, ?, ?, pack(?))`,
			store.MemoKey(two, parser, "a/two.go"), "9999999999999999999999999999999999999999", parser, "a/nine.go", "nine")
		return err
	}))
	files := []HeadFile{{Path: "a/one.go", Blob: one}, {Path: "a/two.go", Blob: two}}
	q := New(st.DB())

	pairs, err := q.Memoized(ctx, parser, files)
	require.NoError(t, err)
	require.Equal(t, [][2]string{{one, "a/one.go"}}, pairs)

	memos, err := q.MemoFacts(ctx, parser, files)
	require.NoError(t, err)
	require.Len(t, memos, 1)
	require.Equal(t, "a/one.go", memos[0].Path)
	require.Equal(t, one, memos[0].Blob)
	facts, err := store.UnpackFacts(memos[0].Facts, memos[0].Path)
	require.NoError(t, err)
	require.Equal(t, "one", string(facts))
}
