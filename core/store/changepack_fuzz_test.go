package store

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Packed changes read from a damaged store are an error or changes, never
// a crash; the changes read pack again into a value that reads the same.
func FuzzUnpackChanges(f *testing.F) {
	f.Add(PackChanges([]ChangeRow{{File: 7, Status: "M", Added: 3, Deleted: 1}, {File: 9, Status: "R", OldFile: 2, Similarity: 80, HasSimilarity: true}}))
	f.Add(PackChanges([]ChangeRow{{File: 1, Status: "weird", Added: -1, Binary: true}}))
	f.Add([]byte{3, 7, 200})
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := UnpackChanges(5, data)
		if err != nil {
			return
		}
		again, err := UnpackChanges(5, PackChanges(rows))
		require.NoError(t, err)
		if len(rows) == 0 {
			require.Empty(t, again)
			return
		}
		// A file named twice (a distance of 0) is kept once, the first.
		var want []ChangeRow
		for i, r := range rows {
			if i == 0 || r.File != rows[i-1].File {
				want = append(want, r)
			}
		}
		require.Equal(t, want, again)
	})
}
