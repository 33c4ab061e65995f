package pipeline

import (
	"strings"
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

// A call's caller is memoized as a reference to the call before or to a
// definition of the file, and read back as the name: for calls grouped by
// caller, at top level, from a caller no definition names, and from one
// whose name begins with what marks a reference.
func TestMemoFactsReferToCallers(t *testing.T) {
	t.Parallel()
	f := &sdk.FileFacts{Path: "src/Widget.java", BlobId: "b1", Language: "java",
		Definitions: []*sdk.Definition{
			{Name: "Widget", QualifiedName: "org.example.Widget", Kind: "class"},
			{Name: "spin", QualifiedName: "org.example.Widget.spin", Kind: "method"},
			{Name: "spin", QualifiedName: "org.example.Widget.spin", Kind: "method"},
			{Name: "stop", QualifiedName: "org.example.Widget.stop", Kind: "method"},
		},
		Calls: []*sdk.Call{
			{Name: "a", Caller: "org.example.Widget.spin", Line: 3},
			{Name: "b", Caller: "org.example.Widget.spin", Line: 4},
			{Name: "c", Line: 5},
			{Name: "d", Caller: "org.example.Widget.stop", Line: 6},
			{Name: "e", Caller: "org.example.Widget.spin", Line: 7},
			{Name: "f", Caller: "org.example.Other.run", Line: 8},
			{Name: "g", Caller: "\x00odd", Line: 9},
			{Name: "h", Caller: "\x00odd", Line: 10},
			{Name: "i", Caller: "org.example.Widget", Line: 11},
		}}
	short, err := memoFacts(f)
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(string(short), "org.example.Widget.spin"), "the name only in its two definitions")
	assert.Equal(t, 1, strings.Count(string(short), "org.example.Other.run"), "a caller no definition names is kept")
	again, err := memoFacts(f)
	require.NoError(t, err)
	assert.Equal(t, short, again, "deterministic")
	got, err := decodeMemos([]query.Memo{{Path: f.Path, Blob: f.BlobId, Facts: store.PackFacts(short, f.Path)}}, nil)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.True(t, proto.Equal(f, got[0]), "%v", got[0])

	// A reference to no definition is an error, not a wrong name.
	bad := &sdk.FileFacts{Calls: []*sdk.Call{{Name: "a", Caller: "\x007"}}}
	data, err := proto.Marshal(bad)
	require.NoError(t, err)
	_, err = decodeMemos([]query.Memo{{Path: "a.go", Blob: "b", Facts: store.Pack(data)}}, nil)
	require.Error(t, err)
}
