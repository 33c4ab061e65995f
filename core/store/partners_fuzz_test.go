package store

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// A co-change row by keys read from a damaged store is an error or a
// row, never a crash; the row read packs again into a value that reads
// the same.
func FuzzUnpackPartners(f *testing.F) {
	every := func(string) (int64, bool) { return 0, true }
	packed, _ := PackPartners([]byte(partnerRowJSON), func(p string) (int64, bool) { return NodeKey("file", p), true })
	f.Add(packed)
	f.Add(append([]byte{packPartners, packRaw}, 3, 1, 1, 2, 3, 4, 5, 6, 7, 8, 1, 0, 0, 0, 0, 4, 3, '0', '.', '5'))
	f.Add([]byte{packPartners, packRaw, 200})
	f.Fuzz(func(t *testing.T, data []byte) {
		nameOf := func(k int64) (string, bool) { return "p" + strconv.FormatInt(k, 10), k%7 != 0 }
		row, err := UnpackPartners(data, nameOf)
		if err != nil {
			return
		}
		again, ok := PackPartners(row, every)
		require.True(t, ok, "%s", row)
		back, err := UnpackPartners(again, func(int64) (string, bool) { return "", false })
		require.NoError(t, err)
		_, err = PartnerKeys(again)
		require.NoError(t, err)
		require.NotNil(t, back)
	})
}
