package docfresh

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

func TestLocate(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		src  string
		def  Source
		want Span
		ok   bool
	}{
		"comment above, directive between": {
			src:  "package p\n\n// F does it.\n// Really.\n//go:noinline\nfunc F() {\n}\n",
			def:  Source{Name: "F", Doc: "F does it.\nReally.", Start: 6, End: 7},
			want: Span{DocStart: 2, DocEnd: 4, Start: 5, End: 6, Above: true}, ok: true,
		},
		"docstring": {
			src:  "def f():\n    \"\"\"Do it.\n\n    Well.\n    \"\"\"\n    return 1\n",
			def:  Source{Name: "f", Doc: "Do it.\n\nWell.", Start: 1, End: 6},
			want: Span{DocStart: 1, DocEnd: 3, Start: 0, End: 5}, ok: true,
		},
		"a comment far above is not the doc": {
			src: "// F does it.\n\nvar x = 1\n\nfunc F() {\n}\n",
			def: Source{Name: "F", Doc: "F does it.", Start: 5, End: 6},
		},
		"text not found: the comment block above": {
			src:  "x = 1\n\n/**\n * Fancy {@link F}.\n */\nvoid f() {\n}\n",
			def:  Source{Name: "f", Doc: "Fancy F.", Start: 6, End: 7},
			want: Span{DocStart: 2, DocEnd: 4, Start: 5, End: 6, Above: true}, ok: true,
		},
		"undocumented": {
			src: "func F() {\n}\n",
			def: Source{Name: "F", Start: 1, End: 2},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, ok := Locate(Read([]byte(tc.src)).Lines, tc.def)
			require.Equal(t, tc.ok, ok)
			if ok {
				assert.Equal(t, tc.want, got)
			}
		})
	}
}

// history is a file's versions, oldest first, and the walk over them.
type history struct {
	t        *testing.T
	blobs    map[string]*Text
	versions []string // blob ids, oldest first
	changes  []Change // newest first
}

func newHistory(t *testing.T) *history {
	return &history{t: t, blobs: map[string]*Text{}}
}

// commit records a version whose first parent is the previous one (the
// file is added by the first).
func (h *history) commit(content string) string {
	return h.commitOn(content, len(h.versions)-1)
}

// commitOn records a version whose first parent is version parent (-1:
// the file is added).
func (h *history) commitOn(content string, parent int) string {
	id := fmt.Sprintf("b%d", len(h.versions))
	h.blobs[id] = Read([]byte(content))
	before := ""
	if parent >= 0 {
		before = h.versions[parent]
	}
	h.versions = append(h.versions, id)
	c := Change{Commit: fmt.Sprintf("c%d", len(h.versions)-1), Time: int64(len(h.versions)), After: id, Before: before}
	h.changes = append([]Change{c}, h.changes...)
	return c.Commit
}

// merged records a blob reached only by merging (no change of its own).
func (h *history) merged(content string) {
	id := fmt.Sprintf("b%d", len(h.versions))
	h.blobs[id] = Read([]byte(content))
	h.versions = append(h.versions, id)
}

// walk follows the named functions from the last version back, reading
// at most limit changes (0: all).
func (h *history) walk(limit int, defs ...Source) map[string]record.StaleDoc {
	head := h.versions[len(h.versions)-1]
	var funcs []Func
	for _, d := range defs {
		s, ok := Locate(h.blobs[head].Lines, d)
		require.True(h.t, ok, d.Name)
		funcs = append(funcs, Func{Name: d.Name, Line: d.Start, Span: s})
	}
	w := NewWalk("a.go", head, funcs)
	for i, c := range h.changes {
		if w.Open() == 0 || (limit > 0 && i == limit) {
			break
		}
		require.NoError(h.t, w.Step(c, func(b string) (*Text, error) {
			l, ok := h.blobs[b]
			if !ok {
				return nil, fmt.Errorf("no blob %s", b)
			}
			return l, nil
		}))
	}
	out := map[string]record.StaleDoc{}
	for _, s := range w.Stale() {
		out[s.Name] = s
	}
	return out
}

func commits(s record.StaleDoc) []string {
	var out []string
	for _, c := range s.Changes {
		out = append(out, c.Commit)
	}
	return out
}

// goFile is a Go file with, in order, some lines above, function F (doc,
// body lines) and function G.
func goFile(above, fDoc, fBody, gBody string) string {
	return "package p\n\n" + above + "// " + fDoc + "\nfunc F() int {\n" + fBody + "\n}\n\n// G is g.\nfunc G() {\n" + gBody + "\n}\n"
}

// where finds a function's lines in the last version, for its Source.
func (h *history) where(name, doc string) Source {
	lines := h.blobs[h.versions[len(h.versions)-1]].Lines
	for i, l := range lines {
		if strings.HasPrefix(l, "func "+name+"(") {
			j := i
			for lines[j] != "}" {
				j++
			}
			return Source{Name: name, Doc: doc, Start: i + 1, End: j + 1}
		}
	}
	h.t.Fatalf("no %s", name)
	return Source{}
}

func TestBodyChangesSinceTheDoc(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	h.commit(goFile("", "F is f.", "\treturn 1", "\tg()"))
	h.commit(goFile("", "F is f.", "\treturn 2", "\tg()"))
	docCommit := h.commit(goFile("", "F is f, once.", "\treturn 2", "\tg()"))
	var want []string
	for i := 3; i <= 6; i++ {
		want = append([]string{h.commit(goFile("", "F is f, once.", fmt.Sprintf("\treturn %d", i), "\tg()"))}, want...)
	}
	h.commit(goFile("", "F is f, once.", "        return 6", "\tg()"))      // re-indented: no change
	h.commit(goFile("", "F is f, once.", "\n\treturn 6\n", "\tg()"))        // blank lines: no change
	h.commit(goFile("", "F is f, once.", "\n\treturn 6\n", "\tg()\n\th()")) // G only
	want = append([]string{h.commit(goFile("", "F is f, once.", "\treturn 7", "\tg()\n\th()"))}, want...)
	got := h.walk(0, h.where("F", "F is f, once."), h.where("G", "G is g."))
	require.Contains(t, got, "F")
	assert.Equal(t, docCommit, got["F"].DocCommit)
	assert.False(t, got["F"].Truncated)
	assert.Equal(t, want, commits(got["F"]), "newest first")
	require.Contains(t, got, "G")
	assert.Equal(t, "c0", got["G"].DocCommit, "the file came in with it")
	assert.Len(t, got["G"].Changes, 1)

	// The doc's last change is beyond what was read: a lower bound.
	cut := h.walk(3, h.where("F", "F is f, once."))
	require.Contains(t, cut, "F")
	assert.True(t, cut["F"].Truncated)
	assert.Len(t, cut["F"].Changes, 1)
	assert.Equal(t, h.changes[2].Commit, cut["F"].DocCommit, "counted from the oldest commit read")
}

func TestLinesAboveShiftTheSpans(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	h.commit(goFile("", "F is f.", "\treturn 1", "\tg()"))
	changed := h.commit(goFile("", "F is f.", "\treturn 2", "\tg()"))
	h.commit(goFile("import \"x\"\n\nvar v = 1\n\n", "F is f.", "\treturn 2", "\tg()"))
	h.commit(goFile("import \"x\"\n\nvar v = 1\nvar w = 2\n\n", "F is f.", "\treturn 2", "\tg()"))
	h.commit(goFile("import \"x\"\n\n", "F is f.", "\treturn 2", "\tg()"))
	got := h.walk(0, h.where("F", "F is f."))
	require.Contains(t, got, "F")
	assert.Equal(t, []string{changed}, commits(got["F"]), "lines added or removed above are no change")
	assert.Equal(t, "c0", got["F"].DocCommit)
}

func TestDocEditedThenBody(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	h.commit(goFile("", "F is f.", "\treturn 1", "\tg()"))
	h.commit(goFile("", "F is f.", "\treturn 2", "\tg()")) // before the doc's change: not counted
	h.commit(goFile("", "F is f.\n// It returns a number.", "\treturn 2", "\tg()"))
	docCommit := h.commit(goFile("", "It returns a number.", "\treturn 2", "\tg()")) // first doc line removed
	after := h.commit(goFile("", "It returns a number.", "\treturn 3", "\tg()"))
	got := h.walk(0, h.where("F", "It returns a number."))
	require.Contains(t, got, "F")
	assert.Equal(t, docCommit, got["F"].DocCommit)
	assert.Equal(t, []string{after}, commits(got["F"]))

	// Doc and body changed together: fresh.
	h.commit(goFile("", "It returns three.", "\treturn 3", "\tg()"))
	h.commit(goFile("", "It returns three.", "\treturn 3", "\tg()\n\th()"))
	assert.NotContains(t, h.walk(0, h.where("F", "It returns three.")), "F")
}

func TestFunctionMovedWithinTheFile(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	f := "// F is f.\nfunc F() int {\n\tx := 1\n\treturn x\n}\n"
	g := "// G is g.\nfunc G() int {\n\ty := 2\n\treturn y\n}\n"
	k := "// K is k.\nfunc K() int {\n\tz := 3\n\treturn z\n}\n"
	h.commit("package p\n\n" + f + "\n" + g + "\n" + k)
	f2 := strings.Replace(f, "x := 1", "x := 10", 1)
	early := h.commit("package p\n\n" + f2 + "\n" + g + "\n" + k)
	h.commit("package p\n\n" + g + "\n" + k + "\n" + f2) // F moved to the end
	f3 := strings.Replace(f2, "return x", "return x + 1", 1)
	late := h.commit("package p\n\n" + g + "\n" + k + "\n" + f3)
	f4 := strings.Replace(f3, "x := 10", "x := 11", 1)
	moved := h.commit("package p\n\n" + f4 + "\n" + g + "\n" + k) // moved back, and changed
	got := h.walk(0, h.where("F", "F is f."), h.where("K", "K is k."))
	require.Contains(t, got, "F", "%+v", got)
	assert.Equal(t, "c0", got["F"].DocCommit, "a move is no doc change")
	assert.Equal(t, []string{moved, late, early}, commits(got["F"]))
	assert.NotContains(t, got, "K", "never changed, though F moved past it")
}

func TestDocstringInsideTheBody(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	py := func(doc, body string) string {
		return "import os\n\n\ndef f(a):\n    \"\"\"" + doc + "\"\"\"\n    " + body + "\n"
	}
	h.commit(py("Old doc.", "return a"))
	docCommit := h.commit(py("New doc.", "return a"))
	body := h.commit(py("New doc.", "return a + 1"))
	h.commit(py("New doc.", "    return a + 1")) // re-indented
	got := h.walk(0, Source{Name: "f", Doc: "New doc.", Start: 4, End: 6})
	require.Contains(t, got, "f")
	assert.Equal(t, docCommit, got["f"].DocCommit)
	assert.Equal(t, []string{body}, commits(got["f"]))
}

// A branch forked from version 1 changes F once; the main line changes G;
// the merge's blob is HEAD. The branch's tip is no commit's blob before:
// its spans are carried over from the main line's.
func TestBranchChangeCountsOnce(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	h.commit(goFile("", "F is f.", "\treturn 1", "\tg()"))
	h.commit(goFile("", "F is f.", "\treturn 2", "\tg()"))
	main := h.commitOn(goFile("", "F is f.", "\treturn 2", "\tg()\n\th()"), 1)
	side := h.commitOn(goFile("", "F is f.", "\treturn 3", "\tg()"), 1)
	h.merged(goFile("", "F is f.", "\treturn 3", "\tg()\n\th()"))
	// Newest first by time: the side branch, then the main line.
	require.Equal(t, []string{side, main, "c1", "c0"}, []string{h.changes[0].Commit, h.changes[1].Commit, h.changes[2].Commit, h.changes[3].Commit})
	got := h.walk(0, h.where("F", "F is f."), h.where("G", "G is g."))
	require.Contains(t, got, "F")
	assert.Equal(t, []string{side, "c1"}, commits(got["F"]))
	require.Contains(t, got, "G")
	assert.Equal(t, []string{main}, commits(got["G"]))
}

func TestBodyLineRemovedIsAChange(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	h.commit(goFile("", "F is f.", "\ta()\n\tb()\n\treturn 1", "\tg()"))
	cut := h.commit(goFile("", "F is f.", "\ta()\n\treturn 1", "\tg()"))
	got := h.walk(0, h.where("F", "F is f."))
	require.Contains(t, got, "F")
	assert.Equal(t, []string{cut}, commits(got["F"]))
}

func TestSortMostChangesFirst(t *testing.T) {
	t.Parallel()
	s := []record.StaleDoc{
		{Path: "b", Line: 1, Changes: make([]record.StaleChange, 1)},
		{Path: "a", Line: 9, Changes: make([]record.StaleChange, 1)},
		{Path: "z", Line: 1, Changes: make([]record.StaleChange, 3)},
		{Path: "a", Line: 2, Changes: make([]record.StaleChange, 1)},
	}
	Sort(s)
	var got []string
	for _, d := range s {
		got = append(got, fmt.Sprint(d.Path, d.Line))
	}
	assert.Equal(t, []string{"z1", "a2", "a9", "b1"}, got)
}

func TestFormattingIsNoChange(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	h.commit("package p\n\n// F is f. It adds\n// one to x.\n//\n// 1. A list.\nfunc F() int {\n\tx := map[string]int{\"a\": 1, \"bb\": 2}\n\treturn x[\"a\"]\n}\n")
	h.commit("package p\n\n// F is f.\n// It adds one to x.\n//\n//  1. A list.\nfunc F() int {\n\tx := map[string]int{\"a\":  1, \"bb\": 2}\n\treturn x[\"a\"]\n}\n")
	body := h.commit("package p\n\n// F is f.\n// It adds one to x.\n//\n//  1. A list.\nfunc F() int {\n\tx := map[string]int{\"a\":  1, \"bb\": 2}\n\treturn x[\"bb\"]\n}\n")
	got := h.walk(0, h.where("F", "F is f.\nIt adds one to x.\n\n 1. A list."))
	require.Contains(t, got, "F")
	assert.Equal(t, "c0", got["F"].DocCommit, "a doc re-wrapped or re-spaced is the same doc")
	assert.Equal(t, []string{body}, commits(got["F"]), "re-aligned code is no change")
}

// A commit moves the tail of F above the code it splits out into G: the
// line diff keeps F's head and G's lines, so F's old tail is no kept line.
// F's span carried back still ends where its block does, and an older
// change to that tail counts.
func TestSpanCarriedBackEndsWithItsBlock(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	old := func(read string) string {
		return "package p\n\n// F applies it.\nfunc F() error {\n\tlock()\n\n\tw1()\n\tif w2() {\n\t\treturn nil\n\t}\n\n\t" + read + "\n\tr2()\n\treturn nil\n}\n"
	}
	h.commit(old("r1()"))
	tail := h.commit(old("r1(x)"))
	split := h.commit("package p\n\n// F applies it.\nfunc F() error {\n\tlock()\n\tg()\n\t" + "r1(x)" + "\n\tr2()\n\treturn nil\n}\n\n" +
		"// G writes.\nfunc G() {\n\tw1()\n\tif w2() {\n\t\treturn nil\n\t}\n}\n")
	got := h.walk(0, h.where("F", "F applies it."))
	require.Contains(t, got, "F")
	assert.Equal(t, []string{split, tail}, commits(got["F"]))
}

// A commit changes F's last lines and removes G after it: the diff's hunk
// runs from F's tail through G. F's span carried back stops at F's end,
// so a later-removed G's older change is not F's.
func TestSpanCarriedBackStopsAtItsBlock(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	g := func(body string) string {
		return "// G goes.\nfunc G() {\n\tfor {\n\t\t" + body + "\n\t}\n}\n"
	}
	h.commit("package p\n\n// F makes it.\nfunc F() int {\n\ta()\n\treturn 1\n}\n\n" + g("run()") + "\nvar x = 1\n")
	h.commit("package p\n\n// F makes it.\nfunc F() int {\n\ta()\n\treturn 1\n}\n\n" + g("run(x)") + "\nvar x = 1\n")
	change := h.commit("package p\n\n// F makes it.\nfunc F() int {\n\ta()\n\treturn 2\n}\n\nvar x = 1\n")
	got := h.walk(0, h.where("F", "F makes it."))
	require.Contains(t, got, "F")
	assert.Equal(t, []string{change}, commits(got["F"]))
}

func TestReadTrimsAndCollapsesSpace(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		src    string
		lines  []string
		indent []int
	}{
		"empty":                      {src: "", lines: []string{}, indent: []int{}},
		"one newline":                {src: "\n", lines: []string{""}, indent: []int{0}},
		"no final newline":           {src: "a\nb", lines: []string{"a", "b"}, indent: []int{0, 0}},
		"blank lines kept":           {src: "a\n\n\n", lines: []string{"a", "", ""}, indent: []int{0, 0, 0}},
		"indent counts tabs as 8":    {src: "\t  x\n    y\n", lines: []string{"x", "y"}, indent: []int{10, 4}},
		"inner runs collapse":        {src: "a  b\tc\r\n", lines: []string{"a b c"}, indent: []int{0}},
		"vertical tab and form feed": {src: "a\vb\fc\n", lines: []string{"a b c"}, indent: []int{0}},
		"single spaces stay":         {src: "  a b c  \n", lines: []string{"a b c"}, indent: []int{2}},
		// Beyond ASCII, space is Unicode's: a no-break space is trimmed
		// at the ends, and inside a line that collapses it separates.
		"no-break space":              {src: "\u00a0a\u00a0b  c\u00a0\n", lines: []string{"a b c"}, indent: []int{0}},
		"no-break space alone inside": {src: "a\u00a0b\n", lines: []string{"a\u00a0b"}, indent: []int{0}},
		"other bytes kept":            {src: "é  \xff\x1f x\n", lines: []string{"é \xff\x1f x"}, indent: []int{0}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := Read([]byte(tc.src))
			assert.Equal(t, tc.lines, got.Lines)
			assert.Equal(t, tc.indent, got.Indent)
		})
	}
}

// sameWords compares the words strings.Fields finds in each side's lines,
// each without its leading comment marks and empty ones left out: lines
// of spaces, tabs and Unicode spaces, comment marks alone and before
// words, invalid UTF-8, words split across lines differently.
func TestSameWordsIsFieldsWordForWord(t *testing.T) {
	t.Parallel()
	fieldsWords := func(lines []string) []string {
		var out []string
		for _, l := range lines {
			for _, w := range strings.Fields(l) {
				if w = strings.TrimLeft(w, commentMarks); w != "" {
					out = append(out, w)
				}
			}
		}
		return out
	}
	parts := []string{"", " ", "\t", "\u00a0", "\u2003", "\u0085", "//", "/**", "*", "*/", "#", "--", `"""`, "a", "b", "Returns", "the", "é", "\xff", "x\xffy", "/*b", "a.", "\r", "\v"}
	rng := rand.New(rand.NewPCG(3, 4))
	line := func() string {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		return b.String()
	}
	side := func() []string {
		out := make([]string, rng.IntN(4))
		for i := range out {
			out[i] = line()
		}
		return out
	}
	same := 0
	for range 20000 {
		a, b := side(), side()
		if rng.IntN(3) == 0 { // the same words laid out otherwise
			b = []string{strings.Join(a, " \t")}
		}
		want := slices.Equal(fieldsWords(a), fieldsWords(b))
		require.Equal(t, want, sameWords(a, b), "%q %q", a, b)
		if want {
			same++
		}
	}
	assert.Greater(t, same, 5000)
}
