package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

func TestElideStem(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, path, want string }{
		{"App.run", "src/App.java", "\x01.run"},
		{"App.Inner.run", "App.kt", "\x01.Inner.run"},
		{"App", "src/App.java", "App"},             // the stem alone
		{"Apply.run", "src/App.java", "Apply.run"}, // the stem and more, no '.'
		{"Other.run", "src/App.java", "Other.run"}, // another name
		{"Makefile.x", "Makefile", "Makefile.x"},   // a file without a stem
		{".x", "src/.env", ".x"},                   // a name that begins its file's
		{"a.b.c", "dir.d/a.b.go", "\x01.b.c"},      // the stem ends at the name's first '.'
		{"é.f", "é.go", "\x01.f"},
	} {
		assert.Equal(t, c.want, elideStem(c.name, c.path), "%s in %s", c.name, c.path)
	}
}

// A store written at schema 39 (definitions stored by their whole name
// within their file) is carried forward: migration 40 leaves each name's
// file stem out where it begins the name, the view nodes gives every
// name, metadata and local name back as before, definitions are found,
// written and deleted as before, a file node's deletion gives its
// definitions their whole names, and set back to 39 the migration runs
// again without harm.
func TestMigrationFortyLeavesFileStemsOutOfDefinitionNames(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 39)
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', 'src/App.java', node_key('file', 'src/App.java')),
			(2, '2', 'Makefile', node_key('file', 'Makefile')), (3, '2', 'lib/a.b.go', node_key('file', 'lib/a.b.go'))`,
		`INSERT INTO node_rows (id, kind, name, file, key, metadata, def_kind, line, end_line, exported, complexity, doc, def_name) VALUES
			(4, '1', 'App', 1, node_key('definition', 'src/App.java#App'), '', x'02', 1, 90, 1, 0, 'The app.', NULL),
			(5, '1', 'App.run', 1, node_key('definition', 'src/App.java#App.run'), '', x'00', 3, 9, 1, 2, NULL, NULL),
			(6, '1', 'App.Inner.stop', 1, node_key('definition', 'src/App.java#App.Inner.stop'), '', x'00', 10, 12, 0, 0, NULL, 'halt'),
			(7, '1', 'Apply.x', 1, node_key('definition', 'src/App.java#Apply.x'), '', x'01', 20, 21, 0, 0, NULL, NULL),
			(8, '1', 'Makefile.build', 2, node_key('definition', 'Makefile#Makefile.build'), '{"other":1}', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
			(9, '1', 'a.f', 3, node_key('definition', 'lib/a.b.go#a.f'), '', x'01', 1, 2, 1, 0, NULL, NULL),
			(10, '1', 'gone.go#gone.g', NULL, node_key('definition', 'gone.go#gone.g'), '', x'01', 1, 2, 1, 0, NULL, NULL)`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	read := "SELECT id || ' ' || name || ' ' || local_name || ' ' || metadata FROM nodes WHERE kind = 'definition' ORDER BY id"
	want := queryNames(t, db, read)
	require.Equal(t, []string{
		`4 src/App.java#App App {"name":"App","kind":"class","line":1,"end":90,"exported":true,"doc":"The app."}`,
		`5 src/App.java#App.run App.run {"name":"run","kind":"method","line":3,"end":9,"exported":true,"complexity":2}`,
		`6 src/App.java#App.Inner.stop App.Inner.stop {"name":"halt","kind":"method","line":10,"end":12,"exported":false}`,
		`7 src/App.java#Apply.x Apply.x {"name":"x","kind":"function","line":20,"end":21,"exported":false}`,
		`8 Makefile#Makefile.build Makefile.build {"other":1}`,
		`9 lib/a.b.go#a.f a.f {"name":"f","kind":"function","line":1,"end":2,"exported":true}`,
		`10 gone.go#gone.g gone.go#gone.g {"name":"g","kind":"function","line":1,"end":2,"exported":true}`,
	}, want, "before the migration")
	stored := "SELECT id || ' ' || replace(name, char(1), '^') FROM node_rows WHERE kind = '1' ORDER BY id"
	wantStored := []string{"4 App", "5 ^.run", "6 ^.Inner.stop", "7 Apply.x", "8 Makefile.build", "9 ^.f", "10 gone.go#gone.g"}

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, wantStored, queryNames(t, s.DB(), stored))
	require.Equal(t, want, queryNames(t, s.DB(), read))
	require.Equal(t, []string{"src/App.java#App.Inner.stop", "src/App.java#App.run"},
		queryNames(t, s.DB(), `SELECT name FROM nodes WHERE +kind = 'definition' AND local_name LIKE '%App.%' ORDER BY name`), "a suffix matched on the local name")

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 39") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, wantStored, queryNames(t, s.DB(), stored), "run again, nothing changes")
	require.Equal(t, want, queryNames(t, s.DB(), read))

	// Found and written as before: by name (Node, LookupNodes, SetNode),
	// new ones stored without the stem by each writer.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		got, err := tx.LookupNodes(record.KindDefinition, []string{"src/App.java#App.run", "src/App.java#App", "lib/a.b.go#a.f", "src/App.java#App.none"})
		require.NoError(t, err)
		require.Equal(t, map[string]int64{"src/App.java#App.run": 5, "src/App.java#App": 4, "lib/a.b.go#a.f": 9}, got)
		id, err := tx.Node(record.KindDefinition, "src/App.java#App.run")
		require.NoError(t, err)
		require.Equal(t, int64(5), id)
		if _, err := tx.SetNode(record.KindDefinition, "src/App.java#App.run", "", `{"name":"run","kind":"method","line":4,"end":9,"exported":true}`); err != nil {
			return err
		}
		tx.DropNodeCache()
		if _, err := tx.Node(record.KindDefinition, "src/App.java#App.walk"); err != nil { // through the join
			return err
		}
		if _, err := tx.Nodes(record.KindDefinition, []string{"src/App.java#App.jump", "lib/a.b.go#a.g"}); err != nil {
			return err
		}
		if _, err := tx.Node(record.KindFile, "src/Tool.java"); err != nil {
			return err
		}
		if _, err := tx.Node(record.KindDefinition, "src/Tool.java#Tool.use"); err != nil { // file known to the transaction
			return err
		}
		_, err = tx.SetDefinitions([]DefinitionRow{{Name: "src/App.java#App.Inner.stop", Meta: `{"name":"halt","kind":"method","line":11,"end":12,"exported":false}`},
			{Name: "src/App.java#App.sit", Meta: `{"name":"sit","kind":"method","line":30,"end":31,"exported":true}`, Doc: "Sits."},
			{Name: "src/App.java#App.Inner", Meta: `{"name":"Inner","kind":"class","line":10,"end":13,"exported":true}`}})
		return err
	}))
	require.Equal(t, []string{"4 App", "5 ^.run", "6 ^.Inner.stop", "7 Apply.x", "8 Makefile.build", "9 ^.f", "10 gone.go#gone.g",
		"11 ^.walk", "12 ^.jump", "13 ^.g", "15 ^.use", "16 ^.sit", "17 ^.Inner"}, queryNames(t, s.DB(), stored))
	require.Equal(t, []string{
		`4 src/App.java#App App {"name":"App","kind":"class","line":1,"end":90,"exported":true,"doc":"The app."}`,
		`5 src/App.java#App.run App.run {"name":"run","kind":"method","line":4,"end":9,"exported":true}`,
		`6 src/App.java#App.Inner.stop App.Inner.stop {"name":"halt","kind":"method","line":11,"end":12,"exported":false}`,
		`7 src/App.java#Apply.x Apply.x {"name":"x","kind":"function","line":20,"end":21,"exported":false}`,
		`8 Makefile#Makefile.build Makefile.build {"other":1}`,
		`9 lib/a.b.go#a.f a.f {"name":"f","kind":"function","line":1,"end":2,"exported":true}`,
		`10 gone.go#gone.g gone.go#gone.g {"name":"g","kind":"function","line":1,"end":2,"exported":true}`,
		`11 src/App.java#App.walk App.walk {}`,
		`12 src/App.java#App.jump App.jump {}`,
		`13 lib/a.b.go#a.g a.g {}`,
		`15 src/Tool.java#Tool.use Tool.use {}`,
		`16 src/App.java#App.sit App.sit {"name":"sit","kind":"method","line":30,"end":31,"exported":true}`,
		`17 src/App.java#App.Inner App.Inner {"name":"Inner","kind":"class","line":10,"end":13,"exported":true}`,
	}, queryNames(t, s.DB(), read))
	require.Equal(t, []string{"-16 doc src/App.java#App.sit"}, queryNames(t, s.DB(), "SELECT id || ' ' || kind || ' ' || ref FROM search_source WHERE id < 0"))

	// The file node goes: its definitions keep their whole names.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode(record.KindFile, "src/App.java") }))
	require.Equal(t, []string{
		`4 src/App.java#App src/App.java#App {"name":"App","kind":"class","line":1,"end":90,"exported":true,"doc":"The app."}`,
		`5 src/App.java#App.run src/App.java#App.run {"name":"run","kind":"method","line":4,"end":9,"exported":true}`,
		`6 src/App.java#App.Inner.stop src/App.java#App.Inner.stop {"name":"halt","kind":"method","line":11,"end":12,"exported":false}`,
	}, queryNames(t, s.DB(), read)[:3])
	require.Equal(t, []string{"4 src/App.java#App", "5 src/App.java#App.run", "6 src/App.java#App.Inner.stop"}, queryNames(t, s.DB(), stored)[:3])
}
