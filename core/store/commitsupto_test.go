package store

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Commits stored already are looked for among those with ids up to the
// bound: LastCommit's before a history's batches leaves the commits the
// batches stored unread, and finds every commit stored before; 0 reads
// nothing. AddCommitsUpTo leaves a commit within the bound alone, as
// AddCommits does, and the second of a sha given twice.
func TestStoredCommitsUpTo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	sha := func(i int) string { return fmt.Sprintf("%040x", i) }
	var before, after int64
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		var err error
		if before, err = tx.LastCommit(); err != nil {
			return err
		}
		if _, err = tx.AddCommits([]CommitRow{{Sha: sha(1), Author: 1}, {Sha: sha(2), Author: 1}, {Sha: "v1.0", Author: 1}}); err != nil {
			return err
		}
		after, err = tx.LastCommit()
		return err
	}))
	assert.Zero(t, before, "none stored")
	assert.Positive(t, after)

	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		all := []string{sha(1), sha(2), "v1.0", sha(3)}
		stored, err := tx.StoredCommitsUpTo(all, after)
		require.NoError(t, err)
		assert.Equal(t, map[string]bool{sha(1): true, sha(2): true, "v1.0": true}, stored)
		stored, err = tx.StoredCommitsUpTo(all, 0)
		require.NoError(t, err)
		assert.Empty(t, stored, "nothing read")
		stored, err = tx.StoredCommitsUpTo(all, after-1)
		require.NoError(t, err)
		assert.Len(t, stored, 2, "the last stored is past the bound")

		ids, err := tx.AddCommitsUpTo([]CommitRow{{Sha: sha(1), Author: 1}, {Sha: sha(3), Author: 1}, {Sha: sha(3), Author: 2}}, after)
		require.NoError(t, err)
		assert.Equal(t, []string{sha(3)}, keysOf(ids), "a commit within the bound left alone")
		last, err := tx.LastCommit()
		require.NoError(t, err)
		assert.Equal(t, ids[sha(3)], last)
		return nil
	}))
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM commits").Scan(&n))
	assert.Equal(t, 4, n)
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A commit's row is the JSON json.Marshal writes for its values (the
// author time as its distance from the commit time), and an
// id is kept as bytes exactly where its digits are what
// hex.EncodeToString gives back.
func TestCommitJSONIsMarshal(t *testing.T) {
	t.Parallel()
	shas := []string{"0123456789abcdef0123456789abcdef01234567", "0123456789ABCDEF0123456789abcdef01234567", "abc", "", "HEAD~1", `v"1<2>&`, "é9", "0g", "00"}
	for _, sha := range shas {
		for k, parts := range [][2][]byte{{[]byte("msg"), nil}, {{0, 1, 0xff}, {9, 8}}, {nil, nil}} {
			c := CommitRow{Sha: sha, Author: 7, AuthorTime: -3, CommitTime: 1740583760, Parents: 2}
			var digits, changes any
			if b, err := hex.DecodeString(sha); err == nil && sha != "" && hex.EncodeToString(b) == sha {
				digits = sha
			}
			if parts[1] != nil {
				changes = hex.EncodeToString(parts[1])
			}
			var at any // a message in a pack: where, and "" for its own
			message := hex.EncodeToString(parts[0])
			if k == 1 {
				at, message = int64(3<<10|7), ""
			}
			want, err := json.Marshal([]any{digits, c.Sha, c.Author, c.AuthorTime - c.CommitTime, c.CommitTime, c.Parents, message, changes, at})
			require.NoError(t, err)
			assert.Equal(t, "x"+string(want), string(commitJSON([]byte("x"), c, message, parts[1], at)), sha)
			_, kept := hexBytes(sha).([]byte)
			assert.Equal(t, digits != nil, kept, sha)
		}
	}
}
