package pipeline

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

func TestChangeBlobsGiveWhatTheSourceSent(t *testing.T) {
	id := func(c string) string { return strings.Repeat(c, 40) }
	b := newChangeBlobs()
	b.add(&sdk.Commit{Sha: id("a"), Changes: []*sdk.FileChange{
		{Path: "added.go", Status: "A", BlobId: id("1")},
		{Path: "edited.go", Status: "M", BlobId: id("2"), OldBlobId: id("3")},
		{Path: "gone.go", Status: "D", OldBlobId: id("4")},
		{Path: "new/name.go", OldPath: "old/name.go", Status: "R", BlobId: id("5"), OldBlobId: id("5")},
		{Path: "counted.go", Status: "M"}, // no ids sent
		{Path: "twice.go", Status: "D", OldBlobId: id("6")},
		{Path: "twice.go", Status: "A", BlobId: id("7")},
		{Path: "short.go", Status: "M", BlobId: "abc", OldBlobId: id("8")},
	}})
	b.add(&sdk.Commit{Sha: id("b"), Changes: []*sdk.FileChange{
		{Path: "edited.go", Status: "M", BlobId: id("9"), OldBlobId: id("2")},
	}})
	b.add(&sdk.Commit{Sha: "not a sha", Changes: []*sdk.FileChange{{Path: "x.go", Status: "A", BlobId: id("1")}}})

	for _, c := range []struct {
		commit, path  string
		after, before string
	}{
		{id("a"), "added.go", id("1"), ""},
		{id("a"), "edited.go", id("2"), id("3")},
		{id("a"), "gone.go", "", id("4")},
		{id("a"), "new/name.go", id("5"), id("5")},
		{id("b"), "edited.go", id("9"), id("2")},
	} {
		got, ok := b.pair(c.commit, c.path)
		require.True(t, ok, c.path)
		assert.Equal(t, blobPair{after: c.after, before: c.before}, got, c.path)
	}
	for _, c := range [][2]string{
		{id("a"), "counted.go"},  // no ids: looked up
		{id("a"), "twice.go"},    // two changes of one path: looked up
		{id("a"), "short.go"},    // an id that is not one
		{id("a"), "old/name.go"}, // a rename's old path is not a change of its own
		{id("b"), "added.go"},    // not changed in that commit
		{id("c"), "added.go"},    // a commit not sent
		{"not a sha", "x.go"},
	} {
		_, ok := b.pair(c[0], c[1])
		assert.False(t, ok, c[1])
	}
	var none *changeBlobs
	_, ok := none.pair(id("a"), "added.go")
	assert.False(t, ok, "a run whose source sent nothing")
}

func TestChangeBlobsAreTakenOnce(t *testing.T) {
	r := &Run{}
	assert.Nil(t, r.takeChangeBlobs())
	b := r.changeBlobsOf()
	assert.Same(t, b, r.changeBlobsOf())
	assert.Same(t, b, r.takeChangeBlobs())
	assert.Nil(t, r.takeChangeBlobs(), "doc freshness takes them, and the run lets go")
}

func TestChangeBlobsKeepOnlyTheWalksTouches(t *testing.T) {
	id := func(c string) string { return strings.Repeat(c, 40) }
	b := newChangeBlobs()
	b.add(&sdk.Commit{Sha: id("a"), Changes: []*sdk.FileChange{
		{Path: "doc.go", Status: "M", BlobId: id("1"), OldBlobId: id("2")},
		{Path: "other.go", Status: "M", BlobId: id("3"), OldBlobId: id("4")},
		{Path: "twice.go", Status: "D", OldBlobId: id("6")},
		{Path: "twice.go", Status: "A", BlobId: id("7")},
	}})
	b.add(&sdk.Commit{Sha: id("b"), Changes: []*sdk.FileChange{{Path: "doc.go", Status: "A", BlobId: id("2")}}})
	kept := b.only([]docFreshFile{
		{path: "doc.go", touches: []touch{{commit: id("a"), path: "doc.go"}, {commit: id("b"), path: "doc.go"}}},
		{path: "twice.go", touches: []touch{{commit: id("a"), path: "twice.go"}, {commit: id("c"), path: "twice.go"}}},
	})
	got, ok := kept.pair(id("a"), "doc.go")
	require.True(t, ok)
	assert.Equal(t, blobPair{after: id("1"), before: id("2")}, got)
	got, ok = kept.pair(id("b"), "doc.go")
	require.True(t, ok)
	assert.Equal(t, blobPair{after: id("2")}, got)
	_, ok = kept.pair(id("a"), "other.go")
	assert.False(t, ok, "no walk reads it")
	_, ok = kept.pair(id("a"), "twice.go")
	assert.False(t, ok, "still ambiguous")
	assert.Len(t, kept.ids, 3)
	assert.Nil(t, (*changeBlobs)(nil).only(nil))
}
