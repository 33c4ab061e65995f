package pipeline

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// joinedLess orders two pairs as their joined strings sort, names holding
// the separator or prefixes of one another included.
func TestJoinedLess(t *testing.T) {
	t.Parallel()
	words := []string{"", "a", "ab", "a|", "a|b", "b", "a_", "a~2", "|", "||", "z", "a#x", "a#x.y"}
	for _, a := range words {
		for _, b := range words {
			for _, c := range words {
				for _, d := range words {
					require.Equal(t, a+"|"+b < c+"|"+d, joinedLess(a, b, c, d), "%q|%q against %q|%q", a, b, c, d)
				}
			}
		}
	}
}

// A graph written again after one file's calls changed is stored as a
// fresh store stores it: the calls that are gone deleted, new ones added,
// the unchanged file's calls and the file links kept.
func TestWriteGraphAgainStoresWhatAFreshWriteStores(t *testing.T) {
	t.Parallel()
	facts := func(aCalls ...*sdk.Call) []*sdk.FileFacts {
		return []*sdk.FileFacts{
			{Path: "a.go", Package: "main", PackageScope: true, Definitions: []*sdk.Definition{def("Open", "main.Open", "function", 1), def("run", "main.run", "function", 10)},
				Calls: aCalls},
			{Path: "b.go", Package: "main", PackageScope: true, Definitions: []*sdk.Definition{
				def("Helper", "main.Helper", "function", 1), def("New", "main.New", "function", 10), def("Close", "main.Close", "function", 20)},
				Calls: []*sdk.Call{{Name: "Open", Caller: "main.Close", Line: 21}}},
		}
	}
	before := facts(&sdk.Call{Name: "Helper", Caller: "main.Open", Line: 2}, &sdk.Call{Name: "Close", Caller: "main.run", Line: 11})
	after := facts(&sdk.Call{Name: "New", Caller: "main.Open", Line: 2}, &sdk.Call{Name: "Close", Caller: "main.run", Line: 11},
		&sdk.Call{Name: "Helper", Caller: "main.run", Line: 12})

	again := modelRun(t)
	fileIDs := storeGraph(t, again, before, Resolve(before, nil))
	require.NoError(t, again.Store.Write(t.Context(), func(tx *store.Tx) error {
		return writeGraph(tx, Resolve(after, nil).rows(), fileIDs, false)
	}))
	fresh := modelRun(t)
	storeGraph(t, fresh, after, Resolve(after, nil))

	stored := func(r *Run) (map[int64]store.EdgeRow, [][2]string) {
		var rows map[int64]store.EdgeRow
		require.NoError(t, r.Store.Write(t.Context(), func(tx *store.Tx) error {
			var err error
			rows, err = loadEdges(tx, "", 0, EdgeCalls, EdgeImports, EdgeFileCalls)
			return err
		}))
		for id, row := range rows {
			row.Caller, row.Callee = 0, 0 // node ids differ between stores
			rows[id] = row
		}
		pairs, err := query.New(r.Store.DB()).CallPairs(t.Context())
		require.NoError(t, err)
		slices.SortFunc(pairs, func(x, y [2]string) int { return cmp.Or(strings.Compare(x[0], y[0]), strings.Compare(x[1], y[1])) })
		return rows, pairs
	}
	rowsAgain, pairsAgain := stored(again)
	rowsFresh, pairsFresh := stored(fresh)
	require.Equal(t, [][2]string{
		{"a.go#main.Open", "b.go#main.New"}, {"a.go#main.run", "b.go#main.Close"}, {"a.go#main.run", "b.go#main.Helper"},
		{"b.go#main.Close", "a.go#main.Open"},
	}, pairsFresh)
	require.Equal(t, pairsFresh, pairsAgain)
	require.Equal(t, rowsFresh, rowsAgain)
	require.Len(t, rowsFresh, 6, "four calls, a file-level call each way")
}

// The rows a graph is written from carry every field of a definition and
// of its file that the store keeps or the write reads.
func TestGraphRowsCarryWhatTheWriteReads(t *testing.T) {
	t.Parallel()
	g := &Graph{
		Files: map[string]*sdk.FileFacts{
			"a.c": {Path: "a.c", Variant: true},
			"b.c": {Path: "b.c", IsTest: true},
		},
		Defs: []Def{
			{Path: "a.c", Definition: &sdk.Definition{Name: "open", QualifiedName: "dev.open", Kind: "function", Doc: "Opens it. Then more.",
				Span: &sdk.Span{StartLine: 3, EndLine: 9}, Exported: true, Complexity: 4, Signature: "int open(void)"}},
			{Path: "a.c", Definition: &sdk.Definition{Name: "check", QualifiedName: "check", Kind: "function", Test: true,
				Span: &sdk.Span{StartLine: 12, EndLine: 14}}, Repeat: 1},
			{Path: "b.c", Definition: &sdk.Definition{Name: "t", QualifiedName: "t", Kind: "function", Span: &sdk.Span{StartLine: 1, EndLine: 2}}},
		},
		Calls:     map[[2]int]*Link{{1, 0}: {Count: 1, Confidence: 1, Via: "scope"}},
		Imports:   map[[2]string]*Link{{"b.c", "a.c"}: {Count: 1, Confidence: 1}},
		FileCalls: map[[2]string]*Link{},
	}
	w := g.rows()
	require.Equal(t, []defRow{
		{path: "a.c", name: "open", qualified: "dev.open", kind: "function", doc: "Opens it. Then more.", start: 3, end: 9, complexity: 4, exported: true},
		{path: "a.c", name: "check", qualified: "check", kind: "function", start: 12, end: 14, test: true},
		{path: "b.c", name: "t", qualified: "t", kind: "function", start: 1, end: 2},
	}, w.defs)
	require.Equal(t, map[string]fileFlags{"a.c": {variant: true}, "b.c": {test: true}}, w.files)
	require.Equal(t, []string{"a.c#dev.open", "a.c#check~2", "b.c#t"}, w.names)
	for i := range g.Defs {
		require.Equal(t, g.testCaller(i), w.testCaller(i), "definition %d", i)
	}
	require.Equal(t, []bool{false, true, true}, []bool{w.testCaller(0), w.testCaller(1), w.testCaller(2)})
	require.Equal(t, g.Calls, w.calls)
	require.Equal(t, g.Imports, w.imports)
}
