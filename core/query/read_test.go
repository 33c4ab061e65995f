package query

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// plantedStore writes a store by hand: lib/core.go is imported by
// app/main.go and app/web.go and called into by app/web.go; old.go
// imports it but is no longer at HEAD; app/main.go's partners are
// lib/core.go and app/web.go; two commands come from the Makefile.
func plantedStore(t *testing.T) *Q {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	metrics := map[string]record.FileMetrics{
		"lib/core.go": {Centrality: record.Centrality{PageRank: 0.9, Betweenness: 0.1, FanIn: 2}, Salience: 0.8, Class: "core"},
		"app/main.go": {Centrality: record.Centrality{PageRank: 0.2, Betweenness: 0.5}, Salience: 0.3, Changes: 4,
			CoChanges: []record.Related{{Path: "lib/core.go", Weight: 0.75, Count: 3}, {Path: "app/web.go", Weight: 0.5, Count: 2}}},
		"app/web.go":   {Centrality: record.Centrality{PageRank: 0.4, FanIn: 1}, Salience: 0.5, Changes: 2, Changes90: 1},
		"docs/note.md": {},
	}
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		ids := map[string]int64{}
		for _, p := range []string{"lib/core.go", "app/main.go", "app/web.go", "docs/note.md", "old.go", "app/new.go"} {
			id, err := tx.Node(record.KindFile, p)
			if err != nil {
				return err
			}
			ids[p] = id
			if p == "old.go" {
				continue
			}
			if _, err := tx.Exec("INSERT INTO head_files (node_id, blob_id, language, size, is_test) VALUES (?, 'b', 'go', 1, 0)", id); err != nil {
				return err
			}
			if m, ok := metrics[p]; ok {
				data, _ := json.Marshal(m)
				if err := tx.SetResult(id, "metrics", "h", string(data)); err != nil {
					return err
				}
			}
		}
		for _, e := range []struct{ kind, from, to string }{
			{record.EdgeImports, "app/main.go", "lib/core.go"},
			{record.EdgeImports, "app/web.go", "lib/core.go"},
			{record.EdgeImports, "old.go", "lib/core.go"},
			{record.EdgeFileCalls, "app/web.go", "lib/core.go"},
			{record.EdgeImports, "app/main.go", "app/web.go"},
		} {
			if _, err := tx.Edge(e.kind, e.kind+":"+e.from+">"+e.to, 1, "", store.Member{Node: ids[e.from], Role: "from"}, store.Member{Node: ids[e.to], Role: "to"}); err != nil {
				return err
			}
		}
		for cmd, md := range map[string]string{"make test": `{"kind":"test","origin":"Makefile:1"}`, "make build": `{"kind":"build","origin":"Makefile:4"}`} {
			if _, err := tx.SetNode(record.KindCommand, cmd, "", md); err != nil {
				return err
			}
		}
		return nil
	}))
	return New(st.DB())
}

func TestTop(t *testing.T) {
	t.Parallel()
	q := plantedStore(t)
	ctx := context.Background()
	r, err := q.Top(ctx, "pagerank", "", 2)
	require.NoError(t, err)
	assert.Equal(t, 5, r.Files, "the files at HEAD, old.go not among them")
	assert.Equal(t, 4, r.Analysed, "app/new.go has no metrics yet")
	assert.Equal(t, []Ranked{{Path: "lib/core.go", Value: 0.9, Level: "core"}, {Path: "app/web.go", Value: 0.4}}, r.Top)

	r, err = q.Top(ctx, "betweenness", "app", 10)
	require.NoError(t, err)
	assert.Equal(t, 3, r.Files)
	require.Len(t, r.Top, 2)
	assert.Equal(t, "app/main.go", r.Top[0].Path)

	r, err = q.Top(ctx, "fan_in", "./lib/", 10)
	require.NoError(t, err)
	assert.Equal(t, "lib", r.Prefix)
	assert.Equal(t, []Ranked{{Path: "lib/core.go", Value: 2, Level: "core"}}, r.Top)

	_, err = q.Top(ctx, "pagerank", "nowhere", 10)
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = q.Top(ctx, "$.risk", "", 10)
	assert.ErrorContains(t, err, "use one of betweenness, fan_in, hits, pagerank, salience")
}

func TestAffected(t *testing.T) {
	t.Parallel()
	q := plantedStore(t)
	ctx := context.Background()
	got, err := q.Affected(ctx, []string{"lib/core.go"})
	require.NoError(t, err)
	// Personalised PageRank from lib/core.go over the reversed links:
	// app/main.go depends on it directly and through app/web.go, so it
	// ranks first; old.go is gone from HEAD.
	require.Len(t, got, 2)
	assert.Equal(t, "app/main.go", got[0].Path)
	assert.Equal(t, []string{"lib/core.go"}, got[0].Imports)
	assert.Equal(t, "app/web.go", got[1].Path)
	assert.Equal(t, []string{"lib/core.go"}, got[1].Imports)
	assert.Equal(t, []string{"lib/core.go"}, got[1].Calls)
	assert.Greater(t, got[0].Score, got[1].Score)

	got, err = q.Affected(ctx, []string{"lib/core.go", "app/web.go"})
	require.NoError(t, err)
	require.Len(t, got, 1, "a changed file is not merely affected")
	assert.Equal(t, "app/main.go", got[0].Path)
	assert.Equal(t, []string{"app/web.go", "lib/core.go"}, got[0].Imports)

	im, err := q.Impact(ctx, []string{"lib/core.go"}, 0.6, 1)
	require.NoError(t, err)
	assert.Equal(t, 1, im.More)
	require.Len(t, im.Affected, 1)
	assert.Equal(t, "app/main.go", im.Affected[0].Path)
	require.Len(t, im.Check.Files, 1)
	assert.True(t, im.Check.Files[0].Known)
}

func TestCoChangesAndConventions(t *testing.T) {
	t.Parallel()
	q := plantedStore(t)
	ctx := context.Background()
	c, err := q.CoChanges(ctx, "app/main.go", 1)
	require.NoError(t, err)
	assert.True(t, c.Analysed)
	assert.Equal(t, 4, c.Commits)
	assert.Equal(t, []Partner{{Path: "lib/core.go", Together: 3, Confidence: 0.75}}, c.Partners)
	assert.Equal(t, 1, c.More)

	c, err = q.CoChanges(ctx, "app/new.go", 10)
	require.NoError(t, err)
	assert.False(t, c.Analysed, "no analysis is not 'changes alone'")
	assert.Empty(t, c.Partners)

	_, err = q.CoChanges(ctx, "old.go", 10)
	assert.ErrorIs(t, err, ErrNotFound)

	// A file added since the analysis: its subject by name, then its
	// directory, the recently changed first.
	c, err = q.CoChanges(ctx, "app/main_test.go", 2)
	require.NoError(t, err)
	assert.True(t, c.New)
	assert.Equal(t, []Partner{{Path: "app/main.go", PartnerCommits: 4, Reason: "test"}, {Path: "app/web.go", PartnerCommits: 2, Reason: "directory"}}, c.Partners)
	assert.Equal(t, 1, c.More, "app/new.go")
	_, err = q.CoChanges(ctx, "app/sub/x.go", 10)
	assert.ErrorIs(t, err, ErrNotFound, "nothing to go on: no name pair, no directory")

	conv, err := q.Conventions(ctx)
	require.NoError(t, err)
	assert.Equal(t, []Command{{Command: "make build", Kind: "build", Origin: "Makefile:4"}, {Command: "make test", Kind: "test", Origin: "Makefile:1"}}, conv.Commands)
}

// Where two paths reach a symbol with the same confidence, the answer
// names the same one every time: the walk does not follow map order.
func TestWalkIsDeterministic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	calls := []struct {
		from, to, via string
		conf          float64
	}{
		{"a.go#A", "b.go#B1", "scope", 1}, {"a.go#A", "c.go#B2", "scope", 1},
		{"b.go#B1", "d.go#C", "import", 0.8}, {"c.go#B2", "d.go#C", "receiver", 0.8},
	}
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		ids := map[string]int64{}
		for _, n := range []string{"a.go#A", "b.go#B1", "c.go#B2", "d.go#C"} {
			id, err := tx.Node(record.KindDefinition, n)
			if err != nil {
				return err
			}
			ids[n] = id
		}
		for _, c := range calls {
			if _, err := tx.Edge(record.EdgeCalls, c.from+">"+c.to, c.conf, `{"count":1,"via":"`+c.via+`"}`,
				store.Member{Node: ids[c.from], Role: "caller"}, store.Member{Node: ids[c.to], Role: "callee"}); err != nil {
				return err
			}
		}
		return nil
	}))
	q := New(st.DB())
	for range 20 {
		links, err := q.walk(ctx, []string{"a.go#A"}, 2, false, "")
		require.NoError(t, err)
		require.Len(t, links, 3)
		assert.Equal(t, Link{Name: "d.go#C", Depth: 2, Confidence: 0.8, Via: "import", Count: 2}, links[2],
			"the first path in name order (through b.go#B1) gives the via")
	}
}

// Among callers reached with the same confidence, the product's come
// before examples' and the tests' (test files' and test code in the
// product's files): the first lines of a long list show how the code uses
// a symbol.
func TestWalkListsTheProductBeforeTests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		for p, test := range map[string]int{"a_test.go": 1, "b_test.go": 1, "z.go": 0, "lib.go": 0, "examples/demo/main.go": 0} {
			id, err := tx.Node(record.KindFile, p)
			if err != nil {
				return err
			}
			if _, err := tx.Exec("INSERT INTO head_files (node_id, blob_id, language, size, is_test) VALUES (?, 'b', 'go', 1, ?)", id, test); err != nil {
				return err
			}
		}
		ids := map[string]int64{}
		for _, n := range []string{"lib.go#Run", "a_test.go#TestRun", "b_test.go#TestMore", "z.go#Main", "examples/demo/main.go#main", "lib.go#tests.check"} {
			id, err := tx.Node(record.KindDefinition, n)
			if err != nil {
				return err
			}
			ids[n] = id
		}
		for _, from := range []string{"a_test.go#TestRun", "b_test.go#TestMore", "z.go#Main", "examples/demo/main.go#main", "lib.go#tests.check"} {
			meta := `{"count":1,"via":"receiver"}`
			if from == "lib.go#tests.check" {
				meta = `{"count":1,"test":1,"via":"receiver"}`
			}
			if _, err := tx.Edge(record.EdgeCalls, from+">lib.go#Run", 0.95, meta,
				store.Member{Node: ids[from], Role: "caller"}, store.Member{Node: ids["lib.go#Run"], Role: "callee"}); err != nil {
				return err
			}
		}
		return nil
	}))
	links, err := New(st.DB()).walk(ctx, []string{"lib.go#Run"}, 1, true, "")
	require.NoError(t, err)
	var names []string
	for _, l := range links {
		names = append(names, l.Name)
	}
	assert.Equal(t, []string{"z.go#Main", "examples/demo/main.go#main", "a_test.go#TestRun", "b_test.go#TestMore", "lib.go#tests.check"}, names)
}

// A name declared in one file and defined in another is the definition;
// two bodies of one name stay ambiguous.
func TestLookupPrefersTheDefinitionToItsDeclaration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		for name, md := range map[string]string{
			"db/db_impl.h#leveldb.DBImpl.Write":  `{"name":"Write","kind":"method","line":42,"end":42}`,
			"db/db_impl.cc#leveldb.DBImpl.Write": `{"name":"Write","kind":"method","line":1205,"end":1276,"complexity":16}`,
			"a/run.go#Run":                       `{"name":"Run","kind":"function","line":1,"end":3,"complexity":1}`,
			"b/run.go#Run":                       `{"name":"Run","kind":"function","line":1,"end":3,"complexity":2}`,
		} {
			if _, err := tx.SetNode(record.KindDefinition, name, "", md); err != nil {
				return err
			}
		}
		return nil
	}))
	q := New(st.DB())
	got, err := q.Lookup(ctx, "DBImpl.Write")
	require.NoError(t, err)
	assert.Equal(t, "db/db_impl.cc#leveldb.DBImpl.Write", got)
	_, err = q.Lookup(ctx, "Run")
	var amb *AmbiguousError
	require.ErrorAs(t, err, &amb)
	assert.Len(t, amb.Candidates, 2)
}

// Definitions stored without their file's stem (since schema 40) are
// found by a suffix that ends within the stored rest and by one that
// reaches into the stem, as any other.
func TestLookupBySuffixReachesIntoTheFileStem(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		for _, f := range []string{"src/App.java", "lib/Apps.java", "x/Zapp.java", "a.b/Tool.java"} {
			if _, err := tx.Node(record.KindFile, f); err != nil {
				return err
			}
		}
		for _, name := range []string{"src/App.java#App.run", "src/App.java#App.Inner.walk", "lib/Apps.java#Apps.run", "x/Zapp.java#Zapp.jump", "x/Zapp.java#Other.sit", "a.b/Tool.java#Tool.use"} {
			if _, err := tx.SetNode(record.KindDefinition, name, "", `{"name":"x","kind":"method","line":1,"end":2}`); err != nil {
				return err
			}
		}
		return nil
	}))
	q := New(st.DB())
	for suffix, want := range map[string]string{
		"App.run": "src/App.java#App.run", "Apps.run": "lib/Apps.java#Apps.run", "Inner.walk": "src/App.java#App.Inner.walk",
		"App.Inner.walk": "src/App.java#App.Inner.walk", "walk": "src/App.java#App.Inner.walk", "Zapp.jump": "x/Zapp.java#Zapp.jump",
		"Other.sit": "x/Zapp.java#Other.sit", "src/App.java#App.run": "src/App.java#App.run", "b/Tool.java#Tool.use": "a.b/Tool.java#Tool.use", "x/Zapp.java#Zapp.jump": "x/Zapp.java#Zapp.jump",
	} {
		got, err := q.Lookup(ctx, suffix)
		require.NoError(t, err, suffix)
		assert.Equal(t, want, got, suffix)
	}
	_, err = q.Lookup(ctx, "run")
	var amb *AmbiguousError
	require.ErrorAs(t, err, &amb)
	assert.Equal(t, []string{"lib/Apps.java#Apps.run", "src/App.java#App.run"}, amb.Candidates)
	_, err = q.Lookup(ctx, "pp.run")
	require.Error(t, err, "a suffix that ends within a part of the name")
	require.NotErrorAs(t, err, &amb)
}
