package store

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// A row of scores by its fields read from a damaged store is an error or
// a row, never a crash; the row read packs again, as the kind its shape
// says, into a value that reads the same. A name of bytes that are not
// UTF-8 reads as json.Marshal writes it, an escaped U+FFFD, which the
// stages' JSON, written from Go strings that hold it as UTF-8, never
// holds: such a row would be stored as JSON, so it is not packed again.
func FuzzUnpackScores(f *testing.F) {
	for _, c := range []struct{ kind, row string }{{EntityKind, entityRowJSON}, {CentralityKind, centralityRowJSON}} {
		packed, _ := PackScores(c.kind, []byte(c.row), "src/a.go")
		f.Add(packed)
	}
	f.Add([]byte{packScores, packRaw, scoresEntity, 0, 3, 9, 0x31, 2, 4, 2, 1, 'a'})
	f.Add([]byte{packScores, packRaw, scoresCentrality, 0, 0, 0, 0, 0, 0, 2, 1, 'p', 4, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		row, err := UnpackResult(data, "src/a.go")
		if err != nil || len(data) < 3 || data[0] != packScores || bytes.Contains(row, []byte(`\ufffd`)) {
			return
		}
		body, err := UnpackResult(data[1:], "src/a.go")
		require.NoError(t, err)
		kind := EntityKind
		if body[0] == scoresCentrality {
			kind = CentralityKind
		}
		again, ok := PackScores(kind, row, "src/a.go")
		require.True(t, ok, "%s", row)
		back, err := UnpackResult(again, "src/a.go")
		require.NoError(t, err)
		require.Equal(t, string(row), string(back))
	})
}
