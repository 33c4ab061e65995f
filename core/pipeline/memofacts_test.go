package pipeline

import (
	"fmt"
	"path/filepath"
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

// Facts packed several files together (store.Compact) read back as the
// plugin gave them, through MemoFacts and LastMemoFacts, beside facts
// stored alone since.
func TestMemoFactsReadFromPacks(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	defer st.Close()
	const parser = "go@1#x"
	var files []HeadFile
	want := map[string]*sdk.FileFacts{}
	put := func(path, blob string, n int) {
		t.Helper()
		f := &sdk.FileFacts{Path: path, BlobId: blob, Language: "go", Package: "pkg", Lines: int32(n)}
		for i := range n {
			f.Definitions = append(f.Definitions, &sdk.Definition{Name: fmt.Sprint("F", i), QualifiedName: fmt.Sprint("pkg.F", i), Kind: "function"})
		}
		data, err := memoFacts(f)
		require.NoError(t, err)
		require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
			if _, err := tx.Node(KindFile, path); err != nil {
				return err
			}
			return tx.PutParseMemo(blob, parser, path, data)
		}))
		want[path+" "+blob] = f
	}
	for i := range 40 {
		p := fmt.Sprintf("pkg/d%d/f%02d.go", i%3, i)
		put(p, fmt.Sprintf("%040x", i), i%7)
		files = append(files, HeadFile{Path: p, Blob: fmt.Sprintf("%040x", i)})
	}
	require.NoError(t, st.Compact(ctx))
	put("pkg/d0/f00.go", fmt.Sprintf("%040x", 100), 3) // parsed again, alone
	files[0].Blob = fmt.Sprintf("%040x", 100)
	var packed int
	require.NoError(t, st.DB().QueryRow("SELECT count(*) FROM parse_memo WHERE substr(facts, 1, 1) = x'07'").Scan(&packed))
	require.Equal(t, 40, packed)

	check := func(got []*sdk.FileFacts, err error) {
		t.Helper()
		require.NoError(t, err)
		require.Len(t, got, len(files))
		for _, g := range got {
			w := want[g.GetPath()+" "+g.GetBlobId()]
			require.NotNil(t, w, g.GetPath())
			assert.True(t, proto.Equal(w, g), "%s", g.GetPath())
		}
	}
	check(loadFacts(ctx, st, parser, files))
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	last, err := query.New(st.DB()).LastMemoFacts(ctx, parser, paths)
	require.NoError(t, err)
	for i := 1; i < len(last); i++ {
		if last[i].Pack != nil && last[i-1].Pack != nil && &last[i].Pack[0] != &last[i-1].Pack[0] {
			for _, m := range last[:i-1] {
				require.False(t, m.Pack != nil && &m.Pack[0] == &last[i].Pack[0], "a pack's memos come together")
			}
		}
	}
	check(decodeMemos(last, nil))
}
