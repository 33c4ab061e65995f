package pipeline

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/analyze/testlink"
	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// The model's definitions are the same whether their entity results come
// as the centrality stage handed them or as it stored them: scored and
// unscored definitions, a result without callers among them.
func TestModelDefinitionsHandedOrStored(t *testing.T) {
	t.Parallel()
	r := modelRun(t)
	ents := map[string]EntityMetrics{
		"a.go#Open":     {PageRank: 0.5, Betweenness: 0.25, Salience: 0.425, Callers: 2, Callees: 1, TopCallers: []string{"Run", "main"}},
		"b.go#Run":      {PageRank: 0.125, Salience: 0.0875, Callees: 1},
		"b.go#T.Method": {PageRank: 1, Betweenness: 1, Salience: 1, Callers: 1, TopCallers: []string{"Run"}},
	}
	defs := map[string]string{
		"a.go#Open":     `{"Kind":"function","Line":3,"End":5,"Exported":true,"Doc":"Open opens."}`,
		"b.go#Run":      `{"Kind":"function","Line":1,"End":2}`,
		"b.go#T.Method": `{"Kind":"method","Line":4,"End":9,"Exported":true}`,
		"b.go#unused":   `{"Kind":"function","Line":10,"End":11}`,
	}
	require.NoError(t, r.Store.Write(t.Context(), func(tx *store.Tx) error {
		ids := map[int64]string{}
		for name, meta := range defs {
			id, err := tx.SetNode(KindDefinition, name, "", meta)
			if err != nil {
				return err
			}
			if em, ok := ents[name]; ok {
				ids[id] = mustJSON(em)
			}
		}
		return tx.ReplaceResults("entity", "k", ids)
	}))
	q := query.New(r.Store.DB())
	stored, err := modelDefinitions(t.Context(), r, q)
	require.NoError(t, err)
	handEntities.Hand(&r.board, ents)
	handed, err := modelDefinitions(t.Context(), r, q)
	require.NoError(t, err)
	require.Len(t, stored, 4)
	require.Equal(t, stored, handed)
	scored := 0
	for _, d := range handed {
		if d.Scored {
			scored++
		}
	}
	require.Equal(t, 3, scored, "the definition no call reaches has no result")

	// What was handed is what is read, not the stored rows.
	handEntities.Hand(&r.board, map[string]EntityMetrics{"b.go#unused": {Salience: 0.5}})
	handed, err = modelDefinitions(t.Context(), r, q)
	require.NoError(t, err)
	for _, d := range handed {
		require.Equal(t, d.Node == "b.go#unused", d.Scored, d.Node)
	}
}

// The definitions resolve hands the model are the rows its write stores:
// a doc cut to its first sentence, a repeated name numbered, a path with
// a '#', a definition without doc, and one no call reaches (no score).
func TestModelDefinitionsAsResolveHandsThem(t *testing.T) {
	t.Parallel()
	r := modelRun(t)
	open := def("Open", "core.Open", "function", 3)
	open.Doc, open.Exported = "Open opens   the file.\nIt fails when it is missing. More here.", true
	facts := []*sdk.FileFacts{
		{Path: "core/util.go", Package: "core", PackageScope: true, Definitions: []*sdk.Definition{
			open, def("inner", "core.inner", "function", 9), def("init", "core.init", "function", 20), def("init", "core.init", "function", 30)},
			Calls: []*sdk.Call{{Name: "inner", Caller: "core.Open", Line: 4}}},
		{Path: "odd/a#b.go", Package: "odd", PackageScope: true, Definitions: []*sdk.Definition{def("T", "odd.T", "type", 1)}},
	}
	g := Resolve(facts, nil)
	fileIDs := storeGraph(t, r, facts, g)
	handGraph(r, g, testlink.Result{}, fileIDs)
	names := g.NodeNames()
	require.Contains(t, names, "core/util.go#core.init~2", "the second init is numbered")
	ents := map[string]EntityMetrics{"core/util.go#core.inner": {PageRank: 1, Salience: 0.5, Callers: 1, TopCallers: []string{"Open"}}}
	handEntities.Hand(&r.board, ents)

	q := query.New(r.Store.DB())
	stored, err := q.AllDefinitionsScored(t.Context(), ents)
	require.NoError(t, err)
	handed, err := modelDefinitions(t.Context(), r, q)
	require.NoError(t, err)
	require.Len(t, handed, 5)
	require.Equal(t, stored, handed)
	require.Equal(t, "Open opens the file.", handed[0].Doc)
	require.Equal(t, "odd/a#b.go", handed[4].Path)
	require.Equal(t, "odd.T", handed[4].QualifiedName)
}

// storeGraph writes a resolved graph and its files' nodes to r's store, as
// resolve does, and returns the files' node ids.
func storeGraph(t *testing.T, r *Run, facts []*sdk.FileFacts, g *Graph) map[string]int64 {
	t.Helper()
	fileIDs := map[string]int64{}
	require.NoError(t, r.Store.Write(t.Context(), func(tx *store.Tx) error {
		for _, f := range facts {
			id, err := tx.Node(KindFile, f.GetPath())
			if err != nil {
				return err
			}
			fileIDs[f.GetPath()] = id
		}
		return writeGraph(tx, g.rows(), fileIDs, true)
	}))
	return fileIDs
}

// The file edges the model takes from resolve's handoff are the ones its
// write stores, in FileEdges' order: imports and file-level calls, with
// their counts and confidences, a call between two files both ways, and
// an import of a file that is not stored, left out of both.
func TestModelEdgesAsResolveHandsThem(t *testing.T) {
	t.Parallel()
	r := modelRun(t)
	facts := []*sdk.FileFacts{
		{Path: "core/util.go", Package: "core", PackageScope: true, Definitions: []*sdk.Definition{
			def("Helper", "core.Helper", "function", 3), def("inner", "core.inner", "function", 9)},
			Calls: []*sdk.Call{{Name: "inner", Caller: "core.Helper", Line: 4}, {Name: "sibling", Caller: "core.inner", Line: 10}}},
		{Path: "core/more.go", Package: "core", PackageScope: true, Definitions: []*sdk.Definition{def("sibling", "core.sibling", "function", 1)},
			Calls: []*sdk.Call{{Name: "inner", Caller: "core.sibling", Line: 2}}},
		{Path: "svc/a.go", Package: "svc", PackageScope: true, Definitions: []*sdk.Definition{def("Run", "svc.Run", "function", 5)},
			Imports: []*sdk.Import{{Spec: "example.com/x/core", Alias: "core"}},
			Calls:   []*sdk.Call{{Name: "Helper", Qualifier: "core", Caller: "svc.Run", Line: 6}, {Name: "Helper", Qualifier: "core", Caller: "svc.Run", Line: 7}}},
	}
	imports := map[string][]*sdk.ResolvedImport{
		"svc/a.go": {{FromPath: "svc/a.go", Spec: "example.com/x/core", ToPaths: []string{"core/more.go", "core/util.go", "gone/x.go"}}},
	}
	g, _ := resolvePacked(facts, imports, nil, nil)
	fileIDs := storeGraph(t, r, facts, g)
	handGraph(r, g, testlink.Result{}, fileIDs)

	q := query.New(r.Store.DB())
	stored, err := q.FileEdges(t.Context())
	require.NoError(t, err)
	handed, err := modelEdges(t.Context(), r, q)
	require.NoError(t, err)
	require.NotEmpty(t, stored)
	require.Equal(t, stored, handed)
	kinds := map[string]bool{}
	for _, e := range handed {
		kinds[e.Kind] = true
	}
	require.True(t, kinds[EdgeImports], "an import among them: %v", handed)
	require.True(t, kinds[EdgeCalls], "a file-level call among them: %v", handed)

	// Without a handoff the store is read.
	handFileLinks.Forget(&r.board)
	read, err := modelEdges(t.Context(), r, q)
	require.NoError(t, err)
	require.Equal(t, stored, read)
}
