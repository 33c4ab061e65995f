package store

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A pack of texts read from a damaged store is an error or texts, never a
// crash: each text read in part (textAt) is the one the whole read gives,
// and the texts packed again read the same.
func FuzzUnpackTexts(f *testing.F) {
	f.Add(packTexts([]string{"Fix the parser", "", "Polish\n\nSee gh-12"}), uint8(2))
	f.Add([]byte{2, 3, 1, 'a', 'b', 'c', 'd'}, uint8(0))
	f.Add([]byte{1, 200}, uint8(1))
	f.Fuzz(func(t *testing.T, payload []byte, at uint8) {
		texts, err := unpackTexts(payload)
		if err != nil {
			return
		}
		require.Equal(t, texts, mustUnpackTexts(t, packTexts(texts)))
		if int(at) >= len(texts) {
			_, err := textAt(rawPacked(payload), int(at))
			require.Error(t, err)
			return
		}
		for _, stored := range [][]byte{rawPacked(payload), PackText(payload)} {
			text, err := textAt(stored, int(at))
			require.NoError(t, err)
			require.Equal(t, texts[at], text)
		}
	})
}

func mustUnpackTexts(t *testing.T, payload []byte) []string {
	t.Helper()
	texts, err := unpackTexts(payload)
	require.NoError(t, err)
	return texts
}
