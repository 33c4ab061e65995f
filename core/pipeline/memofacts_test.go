package pipeline

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// Facts memoized without their path and blob id (the memo's key) and
// facts memoized whole, as before, decode to the facts the plugin gave.
func TestMemoFactsLeaveTheKeyOut(t *testing.T) {
	t.Parallel()
	f := &sdk.FileFacts{Path: "pkg/a.go", BlobId: "0123456789abcdef0123456789abcdef01234567", Language: "go", Package: "pkg", Lines: 12,
		Definitions: []*sdk.Definition{{Name: "Run", QualifiedName: "pkg.Run", Kind: "function", Exported: true, Doc: "Run runs."}},
		Calls:       []*sdk.Call{{Name: "Println", Qualifier: "fmt", Caller: "pkg.Run", Line: 3}},
		Imports:     []*sdk.Import{{Spec: "fmt", Line: 2}}, PackageDoc: "Package pkg."}
	short, err := memoFacts(f)
	require.NoError(t, err)
	whole, err := proto.Marshal(f)
	require.NoError(t, err)
	assert.NotContains(t, string(short), f.Path)
	assert.NotContains(t, string(short), f.BlobId)
	assert.Less(t, len(short), len(whole))

	got, err := decodeMemos([]query.Memo{
		{Path: f.Path, Blob: f.BlobId, Facts: store.Pack(short)},
		{Path: f.Path, Blob: f.BlobId, Facts: store.Pack(whole)},
	}, nil)
	require.NoError(t, err)
	require.Len(t, got, 2)
	for _, g := range got {
		assert.True(t, proto.Equal(f, g), "%v", g)
	}
}
