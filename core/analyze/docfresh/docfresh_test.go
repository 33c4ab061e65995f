package docfresh

import (
	"fmt"
	"testing"

	"github.com/cespare/xxhash/v2"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHashes(t *testing.T) {
	t.Parallel()
	a := Hashes([]byte("// Doc\nfunc f() {\n\treturn 1\n}\n"), []Source{{Name: "f", Doc: "Doc", Start: 2, End: 4}})
	b := Hashes([]byte("// Doc\n\nfunc f() {\n  return 1\n\n}\n"), []Source{{Name: "f", Doc: " Doc ", Start: 3, End: 6}})
	c := Hashes([]byte("// Doc\nfunc f() {\n\treturn 2\n}\n"), []Source{{Name: "f", Doc: "Doc", Start: 2, End: 4}})
	require.Contains(t, a, "f")
	assert.Equal(t, a["f"].Body, b["f"].Body, "indentation and blank lines are no change")
	assert.Equal(t, a["f"].Doc, b["f"].Doc)
	assert.NotEqual(t, a["f"].Body, c["f"].Body)
	assert.True(t, a["f"].Documented)
	dup := Hashes([]byte("x\ny\n"), []Source{{Name: "init", Start: 1, End: 1}, {Name: "init", Start: 2, End: 2}, {Name: "init", Start: 2, End: 2}})
	assert.NotContains(t, dup, "init", "a name defined twice cannot be followed")
}

func ver(doc string, body int) Version {
	return Version{"f": {Doc: xxhash.Sum64String(doc), Body: uint64(body), Line: 3, Documented: doc != ""}}
}

// Newest first: five body changes, then the doc change (with a body
// change of its own), then two body changes before it, then the function
// came in.
func TestStaleCountsChangesSinceDoc(t *testing.T) {
	t.Parallel()
	var cs []Change
	for i := 9; i >= 5; i-- {
		cs = append(cs, Change{Commit: fmt.Sprint("c", i), Time: int64(i), After: ver("new doc", i), Before: ver("new doc", i-1)})
	}
	cs = append(cs,
		Change{Commit: "c4", Time: 4, After: ver("new doc", 4), Before: ver("old", 3)},
		Change{Commit: "c3", Time: 3, After: ver("old", 3), Before: ver("old", 2)},
		Change{Commit: "c2", Time: 2, After: ver("old", 2), Before: ver("old", 1)},
		Change{Commit: "c1", Time: 1, After: ver("old", 1), Before: Version{}},
	)
	got := Stale(File{Path: "a.src", Head: ver("new doc", 9), Changes: cs})
	require.Len(t, got, 1)
	s := got[0]
	assert.Equal(t, "c4", s.DocCommit)
	assert.False(t, s.Truncated)
	require.Len(t, s.Changes, 5)
	assert.Equal(t, "c9", s.Changes[0].Commit)
	assert.Equal(t, "c5", s.Changes[4].Commit)

	// The doc's change is beyond what was read: a lower bound.
	cut := Stale(File{Path: "a.src", Head: ver("new doc", 9), Changes: cs[:3]})
	require.Len(t, cut, 1)
	assert.True(t, cut[0].Truncated)
	assert.Equal(t, "c7", cut[0].DocCommit)
	assert.Len(t, cut[0].Changes, 3)
}

func TestStaleLeavesOutFreshAndUndocumented(t *testing.T) {
	t.Parallel()
	// Doc and body changed together last: fresh.
	fresh := Stale(File{Path: "a", Head: ver("d2", 2), Changes: []Change{{Commit: "c2", After: ver("d2", 2), Before: ver("d1", 1)}}})
	assert.Empty(t, fresh)
	// Undocumented functions are not followed.
	none := Stale(File{Path: "a", Head: ver("", 2), Changes: []Change{{Commit: "c2", After: ver("", 2), Before: ver("", 1)}}})
	assert.Empty(t, none)
	// A commit whose version lacks the function (a branch) counts nothing.
	branch := Stale(File{Path: "a", Head: ver("d", 3), Changes: []Change{
		{Commit: "c3", After: ver("d", 3), Before: ver("d", 2)},
		{Commit: "b1", After: Version{}, Before: Version{}},
		{Commit: "c1", After: ver("d", 2), Before: nil},
	}})
	require.Len(t, branch, 1)
	assert.Equal(t, "c1", branch[0].DocCommit)
	assert.Len(t, branch[0].Changes, 1)
}
