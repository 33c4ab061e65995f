package pipeline

import (
	"context"
	"encoding/base64"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// An import memo is stored as bytes and read back from the store; one
// stored as base64 text, as before, reads alike; another key, or bytes
// that do not decode, are a miss.
func TestImportMemoRoundTrips(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	resp := &sdk.ResolveResponse{Imports: []*sdk.ResolvedImport{{FromPath: "a/A.java", Spec: "org.example.B", ToPaths: []string{"b/B.java"}}}}
	key := "java@1#x\x000123456789abcdef"
	memo, err := encodeImportMemo(resp, key)
	require.NoError(t, err)
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Write(ctx, func(tx *store.Tx) error { return tx.SetCheckpointBytes("imports.java", memo) }))
	stored, err := s.Checkpoint(ctx, "imports.java")
	require.NoError(t, err)
	require.Equal(t, string(memo), stored)
	for _, k := range []string{key, ""} {
		got, ok := decodeImportMemo(stored, k)
		require.True(t, ok, k)
		assert.True(t, proto.Equal(resp, got))
	}
	_, ok := decodeImportMemo(stored, "java@1#x\x00other")
	assert.False(t, ok, "another request's memo")

	data, err := proto.Marshal(resp)
	require.NoError(t, err)
	old := key + "\n" + base64.StdEncoding.EncodeToString(store.Pack(data))
	got, ok := decodeImportMemo(old, key)
	require.True(t, ok, "a memo of base64 text")
	assert.True(t, proto.Equal(resp, got))
	_, ok = decodeImportMemo(key+"\n\x01not deflate", key)
	assert.False(t, ok)
}
