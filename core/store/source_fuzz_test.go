package store

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// A source row by its fields read from a damaged store is an error or a
// row, never a crash; the row read packs again into a value that reads
// the same, unless a word of it is one JSON escapes or holds bytes past
// ASCII, which the stages' rows never hold and PackSource leaves as JSON.
func FuzzUnpackSource(f *testing.F) {
	for _, row := range []string{
		`{"lines":116,"definitions":8,"exported":6,"documented":4,"language":"java","is_test":false}`,
		`{"lines":28,"definitions":2,"exported":2,"documented":0,"language":"kotlin","is_test":true,"test_role":"support","generated":true}`,
	} {
		packed, _ := PackSource([]byte(row))
		f.Add(packed)
	}
	f.Add([]byte{packSource, 2, 0, 0, 0, 7, 1, 'g', 2, 'x', 'y'})
	f.Fuzz(func(t *testing.T, data []byte) {
		row, err := Unpack(data)
		if err != nil || len(data) == 0 || data[0] != packSource {
			return
		}
		again, ok := PackSource(row)
		if !ok {
			require.True(t, bytes.ContainsAny(row, `\`) || bytes.ContainsFunc(row, func(r rune) bool { return r >= 0x7f || r < 0x20 }), "%s", row)
			return
		}
		back, err := Unpack(again)
		require.NoError(t, err)
		require.Equal(t, string(row), string(back))
	})
}
