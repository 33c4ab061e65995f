package docfresh

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// funcsAtHead locates the given functions in the history's last version.
func (h *history) funcsAtHead(defs ...Source) []Func {
	head := h.blobs[h.versions[len(h.versions)-1]]
	var out []Func
	for _, d := range defs {
		s, ok := Locate(head.Lines, d)
		require.True(h.t, ok, d.Name)
		out = append(out, Func{Name: d.Name, Line: d.Start, Span: s})
	}
	return out
}

func (h *history) read(b string) (*Text, error) {
	l, ok := h.blobs[b]
	if !ok {
		return nil, fmt.Errorf("no blob %s", b)
	}
	return l, nil
}

// A walk at a later HEAD that reads the new changes, finds its functions
// standing where the earlier walk's stood, and carries the rest of their
// outcomes from it, ends as a walk of the whole history does.
func TestCarryEndsAsTheWholeWalk(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	h.commit(goFile("", "F is f.", "\treturn 1", "\tg()"))
	h.commit(goFile("", "F is f.", "\treturn 2", "\tg()"))
	h.commit(goFile("", "F is f.", "\treturn 3", "\tg()"))
	oldHead := h.versions[len(h.versions)-1]
	oldFuncs := h.funcsAtHead(h.where("F", "F is f."), h.where("G", "G is g."))
	old := NewWalk("a.go", oldHead, oldFuncs)
	for i, c := range h.changes {
		c.Seq = i
		require.NoError(t, old.Step(c, h.read))
	}
	outcomes := old.Outcomes()
	require.Equal(t, []int{0, 1}, outcomes[0].Changes, "F's body changed twice after its doc")
	require.Equal(t, 2, outcomes[0].Settled)

	h.commit(goFile("import \"x\"\n\n", "F is f.", "\treturn 3", "\tg()"))
	h.commit(goFile("import \"x\"\n\n", "F is f.", "\treturn 4", "\tg()\n\th()"))
	defs := []Source{h.where("F", "F is f."), h.where("G", "G is g.")}
	whole := h.walk(0, defs...)

	const fresh = 2 // the changes the earlier walk did not read
	cur := NewWalk("a.go", h.versions[len(h.versions)-1], h.funcsAtHead(defs...))
	for i, c := range h.changes[:fresh] {
		c.Seq = i
		require.NoError(t, cur.Step(c, h.read))
	}
	prev := NewWalk("a.go", oldHead, oldFuncs)
	named := map[string]bool{}
	for _, c := range h.changes[fresh:] {
		named[c.After], named[c.Before] = true, true
	}
	for fn := range outcomes {
		require.True(t, cur.Following(fn))
		require.True(t, cur.Agrees(prev, fn, fn, named), "function %d", fn)
		o := outcomes[fn]
		var changes []Change
		for _, s := range o.Changes {
			c := h.changes[s+fresh]
			c.Seq = s + fresh
			changes = append(changes, c)
		}
		settled := h.changes[o.Settled+fresh]
		settled.Seq = o.Settled + fresh
		cur.Carry(fn, &settled, changes)
	}
	assert.Zero(t, cur.Open())
	got := map[string][]string{}
	for _, s := range cur.Stale() {
		got[s.Name] = commits(s)
		assert.Equal(t, whole[s.Name], s, s.Name)
	}
	assert.Len(t, got, len(whole))
	assert.Len(t, got["F"], 3)

	// A walk that read a change the other did not stands elsewhere.
	other := NewWalk("a.go", oldHead, oldFuncs)
	c := h.changes[fresh]
	c.Seq = 0
	require.NoError(t, other.Step(c, h.read))
	assert.False(t, other.Agrees(prev, 0, 0, named))
}
