package pipeline

import (
	"testing"

	"github.com/stretchr/testify/assert"
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

// A file's own test code is no caller that counts, and among the callers
// named, the product's come before examples' however central those are.
func TestCentralityCallersAreTheProducts(t *testing.T) {
	t.Parallel()
	r := modelRun(t)
	check := def("check", "tests.check", "function", 30)
	check.Test = true
	facts := []*sdk.FileFacts{
		{Path: "lib/core.x", Language: "x", Definitions: []*sdk.Definition{def("Open", "Open", "function", 1), check},
			Calls: []*sdk.Call{{Name: "Open", Caller: "tests.check", Line: 31}}},
		{Path: "cmd/main.x", Language: "x", Definitions: []*sdk.Definition{def("main", "main", "function", 1)},
			Imports: []*sdk.Import{{Spec: "lib/core", Names: []string{"Open"}}},
			Calls:   []*sdk.Call{{Name: "Open", Caller: "main", Line: 2}}},
		{Path: "examples/demo/app.x", Language: "x", Definitions: []*sdk.Definition{def("app", "app", "function", 1), def("run", "run", "function", 5), def("serve", "serve", "function", 9)},
			Imports: []*sdk.Import{{Spec: "lib/core", Names: []string{"Open"}}},
			Calls: []*sdk.Call{{Name: "Open", Caller: "app", Line: 2},
				{Name: "app", Caller: "run", Line: 6}, {Name: "app", Caller: "serve", Line: 10}}},
	}
	resolved := map[string][]*sdk.ResolvedImport{
		"cmd/main.x":          {{Spec: "lib/core", ToPaths: []string{"lib/core.x"}}},
		"examples/demo/app.x": {{Spec: "lib/core", ToPaths: []string{"lib/core.x"}}},
	}
	g := Resolve(facts, resolved)
	require.Contains(t, callConfidences(g), "lib/core.x#tests.check -> lib/core.x#Open")
	fileIDs := storeGraph(t, r, facts, g)
	handGraph(r, g, testlink.Result{}, fileIDs)
	r.Progress = &recorded{}
	ents, err := entityCentrality(t.Context(), r, graph.BetweennessOptions{ExactThreshold: 100})
	require.NoError(t, err)
	require.Equal(t, 2, ents["lib/core.x#Open"].Callers, "main and the example's app; not the file's test")
	require.Greater(t, ents["examples/demo/app.x#app"].PageRank, ents["cmd/main.x#main"].PageRank, "the example's caller is the more central")
	require.Equal(t, []string{"main", "app"}, ents["lib/core.x#Open"].TopCallers)
	stored, err := query.New(r.Store.DB()).CallPairs(t.Context(), viaDispatch, viaName)
	require.NoError(t, err)
	require.NotContains(t, stored, [2]string{"lib/core.x#tests.check", "lib/core.x#Open"}, "read from the store")
}

// A caller whose qualified name reads as the definition's own, or as
// another caller's, is named with its path: retrofit's adapters each
// declare an HttpException whose constructor calls the core's.
func TestTopCallersNamesTwinsByPath(t *testing.T) {
	t.Parallel()
	nodes := []string{
		"core/HttpException.java#HttpException.HttpException",
		"guava/HttpException.java#HttpException.HttpException",
		"rx/HttpException.java#HttpException.HttpException",
		"core/Call.java#Call.await",
		"rx/Body.java#Body.onNext",
	}
	assert.Equal(t, []string{
		"guava/HttpException.java#HttpException.HttpException",
		"rx/HttpException.java#HttpException.HttpException",
		"Call.await",
		"HttpException.HttpException", // calls itself
	}, topCallers(nodes[0], nodes, []int32{1, 2, 3, 0}))
	assert.Equal(t, []string{"Call.await", "HttpException.HttpException"}, topCallers(nodes[4], nodes, []int32{3, 1}))
	// Overloads of one file are one name.
	nodes = append(nodes, "core/Session.java#Session.download~3", "core/Session.java#Session.download~4")
	assert.Equal(t, []string{"Session.download", "Session.download", "Call.await"}, topCallers(nodes[4], nodes, []int32{5, 6, 3}))
}
