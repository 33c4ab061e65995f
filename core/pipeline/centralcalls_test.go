package pipeline

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/analyze/testlink"
	"github.com/homer-dev/homer/core/graph"
	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/sdk"
)

// Centrality and caller counts weigh the calls resolve settled, not the
// implementations an interface call may dispatch to nor a guess by name:
// as handed on by resolve and as read back from the store alike.
func TestCentralityLeavesOutDispatchAndGuesses(t *testing.T) {
	t.Parallel()
	r := modelRun(t)
	iface := def("Closer", "Closer", "interface", 40)
	iface.Structural = true
	closeDecl := member("Close", "Closer", "method", 41)
	closeDecl.Abstract = true
	facts := []*sdk.FileFacts{
		{Path: "lib/store.x", Language: "x", Definitions: []*sdk.Definition{
			def("Buf", "Buf", "class", 10), member("Close", "Buf", "method", 11), member("Write", "Buf", "method", 12),
			def("File", "File", "class", 20), member("Close", "File", "method", 21),
			def("Open", "Open", "function", 25), iface, closeDecl}},
		{Path: "app/main.x", Language: "x", Definitions: []*sdk.Definition{def("main", "main", "function", 1)},
			Imports: []*sdk.Import{{Spec: "lib/store", Names: []string{"Open", "Closer"}}},
			Calls: []*sdk.Call{
				{Name: "Open", Caller: "main"},                                      // imported: counted
				{Name: "Close", Qualifier: "c", Receiver: "Closer", Caller: "main"}, // the interface's: counted; its two implementations: not
				{Name: "Write", Qualifier: "mystery", Caller: "main"},               // a guess by name: not
			}},
	}
	g := Resolve(facts, map[string][]*sdk.ResolvedImport{"app/main.x": {{Spec: "lib/store", ToPaths: []string{"lib/store.x"}}}})
	require.Equal(t, viaConfidence[viaName], callConfidences(g)["app/main.x#main -> lib/store.x#Buf.Write"], "the fixture has its guess")
	fileIDs := storeGraph(t, r, facts, g)
	want := [][2]string{
		{"app/main.x#main", "lib/store.x#Closer.Close"},
		{"app/main.x#main", "lib/store.x#Open"},
	}
	stored, err := query.New(r.Store.DB()).CallPairs(t.Context(), viaDispatch, viaName)
	require.NoError(t, err)
	require.ElementsMatch(t, want, stored, "read from the store")

	handGraph(r, g, testlink.Result{}, fileIDs)
	handed, err := callPairs(t.Context(), r)
	require.NoError(t, err)
	require.ElementsMatch(t, want, handed, "handed on by resolve")

	r.Progress = &recorded{}
	ents, err := entityCentrality(t.Context(), r, graph.BetweennessOptions{ExactThreshold: 100})
	require.NoError(t, err)
	require.NotContains(t, ents, "lib/store.x#Buf.Write")
	require.Equal(t, 1, ents["lib/store.x#Open"].Callers)
}
