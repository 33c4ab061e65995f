package store

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A behaviour row by its fields read from a damaged store is an error or
// a row, never a crash; the row read packs again into a value that reads
// the same.
func FuzzUnpackBehaviour(f *testing.F) {
	for _, row := range []string{behaviourRowJSON, behaviourFullJSON} {
		packed, _ := PackBehaviour([]byte(row), "src/a.go")
		f.Add(packed)
	}
	f.Add(append([]byte{packBehaviour, packRaw}, 2, 0, 0, 0, 0, 2, 1, 'a', 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0))
	f.Add([]byte{packBehaviour, packRaw, 200})
	f.Fuzz(func(t *testing.T, data []byte) {
		row, err := UnpackResult(data, "src/a.go")
		if err != nil || len(data) == 0 || data[0] != packBehaviour {
			return
		}
		again, ok := PackBehaviour(row, "src/a.go")
		require.True(t, ok, "%s", row)
		back, err := UnpackResult(again, "src/a.go")
		require.NoError(t, err)
		require.Equal(t, string(row), string(back))
	})
}
