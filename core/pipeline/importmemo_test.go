package pipeline

import (
	"context"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// An import memo is stored as bytes and read back from the store; one
// stored as the packed protobuf or as base64 text of it, as before, reads
// alike; another key, or bytes that do not decode, are a miss.
func TestImportMemoRoundTrips(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	resp := &sdk.ResolveResponse{Imports: []*sdk.ResolvedImport{
		{FromPath: "a/A.java", Spec: "org.example.B", ToPaths: []string{"b/B.java"}},
		{FromPath: "a/A.java", Spec: "org.example.C", ToPaths: []string{"c/C.java", "b/B.java"}},
		{FromPath: "a/A.java", Spec: "java.util.List", External: true},
		{FromPath: "b/B.java", Spec: "", ToPaths: []string{"a/A.java"}},
		{FromPath: "b/B.java", Spec: "org.example.B"},
		{FromPath: "a/A.java", Spec: "org.example.B", ToPaths: []string{"b/B.java"}},
		{Spec: "ünï\x00code", ToPaths: []string{""}},
	}}
	key := "java@1#x\x000123456789abcdef"
	memo := encodeImportMemo(resp, key)
	require.Equal(t, byte(memoTable), memo[len(key)+1])
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
	got, ok = decodeImportMemo(key+"\n"+string(store.Pack(data)), key)
	require.True(t, ok, "a memo of the packed protobuf")
	assert.True(t, proto.Equal(resp, got))
	_, ok = decodeImportMemo(key+"\n\x01not deflate", key)
	assert.False(t, ok)

	// An empty answer is one too; a table cut short, naming a string
	// past its end or followed by more bytes is none.
	got, ok = decodeImportMemo(string(encodeImportMemo(&sdk.ResolveResponse{}, key)), key)
	require.True(t, ok)
	assert.Empty(t, got.GetImports())
	table := importTable(resp)
	for _, bad := range [][]byte{table[:len(table)-1], append(append([]byte{}, table...), 0), {1, 1, 'a', 1, 0, 5}, {0, 1, 2, 0}} {
		_, ok := decodeImportMemo(key+"\n"+string([]byte{memoTable})+string(store.Pack(bad)), key)
		assert.False(t, ok, "%v", bad)
	}
}

// Sites are cut into parts of at least the size, ending where a file's
// sites end, never within one file's; size 0, or no more sites than the
// size, is one part.
func TestImportParts(t *testing.T) {
	t.Parallel()
	var sites []*sdk.ImportSite
	for _, f := range []string{"a", "a", "a", "b", "c", "c", "d", "e", "e", "e", "e"} {
		sites = append(sites, &sdk.ImportSite{FromPath: f})
	}
	files := func(parts [][]*sdk.ImportSite) [][]string {
		var out [][]string
		for _, p := range parts {
			var fs []string
			for _, s := range p {
				fs = append(fs, s.GetFromPath())
			}
			out = append(out, fs)
		}
		return out
	}
	assert.Equal(t, [][]string{{"a", "a", "a", "b", "c", "c", "d", "e", "e", "e", "e"}}, files(importParts(sites, 0)))
	assert.Equal(t, [][]string{{"a", "a", "a", "b", "c", "c", "d", "e", "e", "e", "e"}}, files(importParts(sites, 11)))
	assert.Equal(t, [][]string{{"a", "a", "a"}, {"b", "c", "c"}, {"d", "e", "e", "e", "e"}}, files(importParts(sites, 2)))
	assert.Equal(t, [][]string{{"a", "a", "a"}, {"b", "c", "c"}, {"d", "e", "e", "e", "e"}}, files(importParts(sites, 3)))
	assert.Equal(t, [][]string{{"a", "a", "a", "b"}, {"c", "c", "d", "e", "e", "e", "e"}}, files(importParts(sites, 4)))
	assert.Equal(t, [][]string{{"a", "a", "a", "b", "c", "c"}, {"d", "e", "e", "e", "e"}}, files(importParts(sites, 5)))
	assert.Len(t, importParts(nil, 3), 1)
}

// resolveByFile answers each site from its own file's imports, as a
// plugin with Info.imports_by_file does, and records what it was sent.
type resolveByFile struct{ requests []*sdk.ResolveRequest }

func (r *resolveByFile) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	r.requests = append(r.requests, req)
	out := &sdk.ResolveResponse{}
	for _, s := range req.GetImports() {
		out.Imports = append(out.Imports, &sdk.ResolvedImport{FromPath: s.GetFromPath(), Spec: s.GetImport().GetSpec(),
			ToPaths: []string{s.GetImport().GetSpec() + ".java"}, External: len(req.GetFiles()) == 0})
	}
	return out, nil
}

// Sent in parts, the imports get the answer one request gets: every part
// carries every file and manifest, and the answers join in order.
func TestAskImportsInParts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	req := &sdk.ResolveRequest{Files: []string{"a.java", "b.java", "c.java"}, Manifests: []*sdk.Manifest{{Path: "pom.xml"}}}
	for _, f := range []string{"a.java", "a.java", "b.java", "c.java", "c.java"} {
		req.Imports = append(req.Imports, &sdk.ImportSite{FromPath: f, Import: &sdk.Import{Spec: f + "-" + fmt.Sprint(len(req.Imports))}})
	}
	one := &resolveByFile{}
	whole, err := askImports(ctx, one, req, 0, time.Minute)
	require.NoError(t, err)
	require.Len(t, one.requests, 1)
	assert.Same(t, req, one.requests[0])

	parted := &resolveByFile{}
	got, err := askImports(ctx, parted, req, 2, time.Minute)
	require.NoError(t, err)
	require.Len(t, parted.requests, 2)
	for _, p := range parted.requests {
		assert.Equal(t, req.GetFiles(), p.GetFiles())
		assert.Equal(t, req.GetManifests(), p.GetManifests())
	}
	assert.Len(t, parted.requests[0].GetImports(), 2)
	assert.Len(t, parted.requests[1].GetImports(), 3)
	assert.True(t, proto.Equal(whole, got))
}
