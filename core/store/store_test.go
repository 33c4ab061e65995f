package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

func open(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenMigratesAndReopens(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "homer.db")
	s, err := Open(context.Background(), path)
	require.NoError(t, err)
	require.NoError(t, s.Write(context.Background(), func(tx *Tx) error { return tx.SetCheckpoint("source.git", "abc") }))
	require.NoError(t, s.Close())

	s, err = Open(context.Background(), path)
	require.NoError(t, err)
	defer s.Close()
	cp, err := s.Checkpoint(context.Background(), "source.git")
	require.NoError(t, err)
	require.Equal(t, "abc", cp)
	var mode string
	require.NoError(t, s.DB().QueryRow("PRAGMA journal_mode").Scan(&mode))
	require.Equal(t, "wal", mode)
}

// Commits leave the write-ahead log alone; the checkpointer copies it into
// the database file while the store is open, and closing leaves no log.
func TestCheckpointsHappenBesideTheWriter(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "homer.db")
	s, err := Open(context.Background(), path)
	require.NoError(t, err)
	size := func(p string) int64 {
		fi, err := os.Stat(p)
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	before := size(path)
	names := make([]string, 5000)
	for i := range names {
		names[i] = fmt.Sprintf("pkg/dir%d/file%d.go", i%50, i)
	}
	require.NoError(t, s.Write(context.Background(), func(tx *Tx) error {
		var autockpt int
		if err := tx.QueryRow("PRAGMA wal_autocheckpoint").Scan(&autockpt); err != nil {
			return err
		}
		require.Zero(t, autockpt, "commits never checkpoint")
		_, err := tx.Nodes("file", names)
		return err
	}))
	require.Eventually(t, func() bool { return size(path) > before+100<<10 },
		5*time.Second, 10*time.Millisecond, "the pages reach the database file while the store is open")
	require.NoError(t, s.Close())
	require.Zero(t, size(path+"-wal"), "closing checkpoints the rest")

	s, err = Open(context.Background(), path)
	require.NoError(t, err)
	defer s.Close()
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes WHERE kind = 'file'").Scan(&n))
	require.Equal(t, len(names), n)
}

func TestNewerSchemaIsRefused(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "homer.db")
	s, err := Open(context.Background(), path)
	require.NoError(t, err)
	require.NoError(t, s.Write(context.Background(), func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 99") }))
	require.NoError(t, s.Close())

	_, err = Open(context.Background(), path)
	var newer *NewerSchemaError
	require.True(t, errors.As(err, &newer), "got %v", err)
	require.Equal(t, 99, newer.Found)
	require.Contains(t, err.Error(), "newer than this Homer understands")
}

func TestGarbageFileIsRefusedUntouched(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "homer.db")
	garbage := []byte("this is not a database, and it must survive being opened\n")
	for len(garbage) < 4096 {
		garbage = append(garbage, garbage...)
	}
	require.NoError(t, os.WriteFile(path, garbage, 0o644))
	_, err := Open(context.Background(), path)
	require.Error(t, err)
	require.Contains(t, err.Error(), path)
	after, _ := os.ReadFile(path)
	require.Equal(t, garbage, after)
}

func TestWriteRollsBackOnError(t *testing.T) {
	t.Parallel()
	s := open(t)
	boom := errors.New("boom")
	err := s.Write(context.Background(), func(tx *Tx) error {
		if _, err := tx.Node("file", "a.go"); err != nil {
			return err
		}
		if err := tx.SetCheckpoint("source.git", "x"); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes").Scan(&n))
	require.Zero(t, n)
	cp, err := s.Checkpoint(context.Background(), "source.git")
	require.NoError(t, err)
	require.Empty(t, cp)

	// A node created in the rolled-back transaction must not be served
	// from the writer's cache afterwards.
	require.NoError(t, s.Write(context.Background(), func(tx *Tx) error {
		if _, err := tx.Node("file", "a.go"); err != nil {
			return err
		}
		_, err := tx.SetNode("file", "a.go", "h", `{"x":1}`)
		return err
	}))
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes WHERE kind = 'file' AND content_hash = 'h'").Scan(&n))
	require.Equal(t, 1, n)
}

func TestNodesAndEdgesAreIdempotent(t *testing.T) {
	t.Parallel()
	s := open(t)
	write := func() {
		require.NoError(t, s.Write(context.Background(), func(tx *Tx) error {
			a, err := tx.Node("file", "a.go")
			if err != nil {
				return err
			}
			b, err := tx.Node("file", "b.go")
			if err != nil {
				return err
			}
			_, err = tx.Edge("imports", "imports|a.go|b.go", 0.9, `{"count":2}`, Member{a, "from"}, Member{b, "to"})
			return err
		}))
	}
	write()
	write()
	var nodes, links int
	var meta string
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes").Scan(&nodes))
	require.NoError(t, s.DB().QueryRow("SELECT count(*), max(metadata) FROM link_edges").Scan(&links, &meta))
	require.Equal(t, []int{2, 1}, []int{nodes, links})
	require.Equal(t, `{"count":2}`, meta)
}

func TestDeleteNodesDropsCache(t *testing.T) {
	t.Parallel()
	s := open(t)
	ctx := context.Background()
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		_, err := tx.Node("definition", "a.go#f")
		return err
	}))
	// Were the deleted node's id served from the cache, the second Node
	// call would insert nothing and the node would be gone.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if err := tx.DeleteNodes("definition"); err != nil {
			return err
		}
		_, err := tx.Node("definition", "a.go#f")
		return err
	}))
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes WHERE kind = 'definition'").Scan(&n))
	require.Equal(t, 1, n)
}

func TestFullTextSearch(t *testing.T) {
	t.Parallel()
	s := open(t)
	require.NoError(t, s.Write(context.Background(), func(tx *Tx) error {
		id, err := tx.Node("definition", "a.go#Retry")
		if err != nil {
			return err
		}
		if err := tx.Index(id, "doc", "An old message"); err != nil {
			return err
		}
		return tx.Index(id, "doc", "Fix the retry loop in the HTTP client")
	}))
	var ref string
	require.NoError(t, s.DB().QueryRow("SELECT ref FROM search WHERE search MATCH 'retry'").Scan(&ref))
	require.Equal(t, "a.go#Retry", ref)
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM search WHERE search MATCH 'old'").Scan(&n))
	require.Zero(t, n, "indexing a node again replaces its text")
}

// Words match by their stem: a search for one form finds the others.
func TestFullTextSearchStems(t *testing.T) {
	t.Parallel()
	s := open(t)
	if !HasFTS5(context.Background(), s.writer) {
		t.Skip("built without sqlite_fts5")
	}
	require.NoError(t, s.Write(context.Background(), func(tx *Tx) error {
		ann, err := tx.Node("person", "ann")
		if err != nil {
			return err
		}
		_, err = tx.AddCommits([]CommitRow{{Sha: "abc", Author: ann, Message: "Trim trailing slashes when parsing routes"}})
		return err
	}))
	for _, word := range []string{"slash", "slashes", "parse", "route", "trimmed"} {
		var n int
		require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM search WHERE search MATCH ?", word).Scan(&n))
		require.Equal(t, 1, n, word)
	}
}

// A store written at schema 6 (the index without stemming) is carried
// forward: migration 7 rebuilds the index with the Porter stemmer over the
// rows it held, each under its node's id, and searches then find word
// forms they did not before.
func TestMigrationCarriesTheIndexForward(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 6)
	var err error
	_, err = db.Exec(`INSERT INTO nodes (id, kind, name) VALUES (7, 'commit', 'abc'), (9, 'definition', 'a.go#pkg.Clean')`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO search (rowid, kind, ref, body) VALUES
		(7, 'commit', 'abc', 'Trim trailing slashes from paths'),
		(9, 'doc', 'a.go#pkg.Clean', 'pkg.Clean
Clean removes duplicated separators.')`)
	require.NoError(t, err)
	count := func(db *sql.DB, match string) int {
		var n int
		require.NoError(t, db.QueryRow("SELECT count(*) FROM search WHERE search MATCH ?", match).Scan(&n))
		return n
	}
	require.Zero(t, count(db, "slash"), "schema 6 matched whole words only")
	require.Equal(t, 1, count(db, "slashes"))

	s := openMigrated(t, db, path)
	defer s.Close()

	rows, err := s.DB().Query("SELECT rowid, kind, ref FROM search WHERE search MATCH ? ORDER BY rowid", "slash OR separator")
	require.NoError(t, err)
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id int64
		var kind, ref string
		require.NoError(t, rows.Scan(&id, &kind, &ref))
		got = append(got, fmt.Sprintf("%d %s %s", id, kind, ref))
	}
	require.NoError(t, rows.Err())
	// The commit node's text goes with the commit nodes (schema 35: the
	// commit has no row to give it back); the doc is held under its
	// node's id negated (schema 36).
	require.Equal(t, []string{"-9 doc a.go#pkg.Clean"}, got)
	require.Zero(t, count(s.DB(), "slash"))

	// The carried rows stay the nodes' own: indexing a node again
	// replaces its row.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.Index(9, "doc", "Something else entirely") }))
	require.Zero(t, count(s.DB(), "separator"))
	require.Equal(t, 1, count(s.DB(), "else"))
	var temp int
	require.NoError(t, s.writer.QueryRow("SELECT count(*) FROM sqlite_temp_master").Scan(&temp))
	require.Zero(t, temp, "the copy made for the rebuild is gone from the connection that made it")
}

func TestPanicInsideWriteIsAnErrorAndTheWriterGoesOn(t *testing.T) {
	t.Parallel()
	s := open(t)
	err := s.Write(context.Background(), func(tx *Tx) error {
		if _, err := tx.Node("file", "a.go"); err != nil {
			return err
		}
		panic("boom")
	})
	require.ErrorContains(t, err, "boom")
	require.NoError(t, s.Write(context.Background(), func(tx *Tx) error { return tx.SetCheckpoint("x", "y") }))
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes").Scan(&n))
	require.Zero(t, n)
}

// ReplaceResults rewrites changed rows only, deletes rows no
// longer produced, and keeps data byte for byte.
func TestReplaceResults(t *testing.T) {
	t.Parallel()
	s := open(t)
	ctx := context.Background()
	names := make([]string, 2500)
	for i := range names {
		names[i] = fmt.Sprintf("f%d", i)
	}
	var ids map[string]int64
	first := map[int64]string{}
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		var err error
		if ids, err = tx.Nodes("file", names); err != nil {
			return err
		}
		for i, n := range names {
			first[ids[n]] = fmt.Sprintf(`{"n":%d}`, i)
		}
		first[ids["f0"]] = "{\"s\":\"quote \\\" <tag> & é \\n\"}"
		return tx.ReplaceResults("k", "h1", first)
	}))
	second := map[int64]string{}
	for id, d := range first {
		second[id] = d
	}
	delete(second, ids["f1"])
	second[ids["f2"]] = `{"n":"changed"}`
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ReplaceResults("k", "h2", second) }))

	got := map[int64]string{}
	hashes := map[int64]string{}
	rows, err := s.DB().Query("SELECT node_id, unpack(data), input_hash FROM results WHERE kind = 'k'")
	require.NoError(t, err)
	for rows.Next() {
		var id int64
		var data, hash string
		require.NoError(t, rows.Scan(&id, &data, &hash))
		got[id], hashes[id] = data, hash
	}
	require.NoError(t, rows.Err())
	require.Equal(t, second, got)
	require.Equal(t, "h2", hashes[ids["f2"]], "a changed row names this run")
	require.Equal(t, "h1", hashes[ids["f0"]], "an unchanged row keeps the run that made it")
	require.Equal(t, "h1", hashes[ids[names[len(names)-1]]])
}

// Results written a chunk at a time, packed in Go with their nodes' names
// as the nodes view gives them (a file's path through its directory, a
// definition's through its file), are the bytes result_pack makes in SQL.
func TestResultsPackedWithTheirNodesNames(t *testing.T) {
	t.Parallel()
	s := open(t)
	ctx := context.Background()
	var files, defs []string
	for i := range 300 {
		files = append(files, fmt.Sprintf("src/pkg%d/f%d.go", i%7, i))
		defs = append(defs, fmt.Sprintf("src/pkg%d/f%d.go#Type.Method%d", i%7, i, i))
	}
	data := map[int64]string{}
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		f, err := tx.Nodes("file", files)
		if err != nil {
			return err
		}
		d, err := tx.Nodes("definition", defs)
		if err != nil {
			return err
		}
		for i, p := range files {
			data[f[p]] = fmt.Sprintf(`{"path":%q,"lines":%d,"partners":[{"path":%q}]}`, p, i, files[(i+1)%len(files)])
			data[d[defs[i]]] = fmt.Sprintf(`{"callers":%d,"top_callers":[%q]}`, i, defs[(i+3)%len(defs)])
		}
		return tx.ReplaceResults("k", "h", data)
	}))
	named := 0
	for id, d := range data {
		var got int64
		var same bool
		var format []byte
		var back string
		require.NoError(t, s.DB().QueryRow(`SELECT r.node_id, r.data = result_pack(?, n.name), substr(r.data, 1, 1), unpack(result_data(r.data, n.name))
			FROM result_rows r JOIN nodes n ON n.id = r.node_id WHERE r.node_id = ?`, d, id).Scan(&got, &same, &format, &back))
		require.True(t, same, "%d: %s", id, d)
		require.Equal(t, d, back)
		if format[0] == packNamed {
			named++
		}
	}
	require.Equal(t, len(files), named, "each file's result is stored without its path")
}

// ReplaceResultsFunc asks for each listed node's data once, writes what
// changed, deletes the rest, and an encoding's error fails it.
func TestReplaceResultsFunc(t *testing.T) {
	t.Parallel()
	s := open(t)
	ctx := context.Background()
	var ids map[string]int64
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		var err error
		if ids, err = tx.Nodes("file", []string{"a", "b", "c"}); err != nil {
			return err
		}
		return tx.ReplaceResults("k", "h1", map[int64]string{ids["a"]: `{"n":1}`, ids["b"]: `{"n":2}`})
	}))
	asked := map[int64]int{}
	data := map[int64]string{ids["b"]: `{"n":2}`, ids["c"]: `{"n":3}`}
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResultsFunc("k", "h2", []int64{ids["b"], ids["c"]}, func(id int64) (string, error) {
			asked[id]++
			return data[id], nil
		})
	}))
	require.Equal(t, map[int64]int{ids["b"]: 1, ids["c"]: 1}, asked)
	got := map[int64]string{}
	rows, err := s.DB().Query("SELECT node_id, unpack(data) FROM results WHERE kind = 'k'")
	require.NoError(t, err)
	for rows.Next() {
		var id int64
		var d string
		require.NoError(t, rows.Scan(&id, &d))
		got[id] = d
	}
	require.NoError(t, rows.Err())
	require.Equal(t, data, got)

	failed := errors.New("no encoding")
	err = s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResultsFunc("k", "h3", []int64{ids["a"]}, func(int64) (string, error) { return "", failed })
	})
	require.ErrorIs(t, err, failed)
}

// Writes run in the order they were queued, whoever waits for them.
func TestQueuedWritesRunInOrder(t *testing.T) {
	t.Parallel()
	s := open(t)
	ctx := context.Background()
	var waits []*Pending
	for i := range 20 {
		waits = append(waits, s.Queue(ctx, func(tx *Tx) error {
			prev, err := checkpointIn(tx, "order")
			if err != nil {
				return err
			}
			if prev != fmt.Sprint(i-1) && !(i == 0 && prev == "") {
				return fmt.Errorf("write %d ran after %q", i, prev)
			}
			return tx.SetCheckpoint("order", fmt.Sprint(i))
		}))
	}
	for i := len(waits) - 1; i >= 0; i-- {
		require.NoError(t, waits[i].Wait())
	}
	require.NoError(t, s.Close())
	require.ErrorIs(t, s.Queue(ctx, func(*Tx) error { return nil }).Wait(), errClosed)
}

func checkpointIn(tx *Tx, name string) (string, error) {
	var v string
	err := tx.QueryRow("SELECT value FROM checkpoints WHERE name = ?", name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func TestLookupNodesCreatesNone(t *testing.T) {
	t.Parallel()
	s := open(t)
	require.NoError(t, s.Write(context.Background(), func(tx *Tx) error {
		made, err := tx.Nodes("definition", []string{"a.go#A", "a.go#B"})
		require.NoError(t, err)
		found, err := tx.LookupNodes("definition", []string{"a.go#A", "a.go#C"})
		require.NoError(t, err)
		require.Equal(t, map[string]int64{"a.go#A": made["a.go#A"]}, found)
		var n int
		require.NoError(t, tx.QueryRow("SELECT count(*) FROM nodes WHERE kind = 'definition'").Scan(&n))
		require.Equal(t, 2, n)
		return nil
	}))
}

// Another program's database is never adopted: it keeps its tables and
// gets none of Homer's.
func TestForeignDatabaseIsRefusedUntouched(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "app.db")
	db, err := sql.Open("sqlite3", path)
	require.NoError(t, err)
	_, err = db.Exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO accounts (name) VALUES ('x')")
	require.NoError(t, err)
	require.NoError(t, db.Close())
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	_, err = Open(context.Background(), path)
	require.ErrorContains(t, err, "not a Homer database")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, before, after, "the foreign file's bytes changed")
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	require.Len(t, entries, 1, "files were created beside it")

	require.NoError(t, os.WriteFile(path+".txt", []byte("notes, not a database\n"), 0o644))
	_, err = Open(context.Background(), path+".txt")
	require.ErrorContains(t, err, "not SQLite")
	db, err = sql.Open("sqlite3", path)
	require.NoError(t, err)
	defer db.Close()
	var tables []string
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	require.NoError(t, err)
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		tables = append(tables, n)
	}
	require.Equal(t, []string{"accounts"}, tables)
}

// A store written at schema 7 is carried forward by migration 8: edges get
// the hash of their identity as their id, members follow them, results and
// parse facts are packed, import memos (caches in the old encoding) and
// the render model go, and the file is vacuumed.
func TestMigrationEightCarriesAStoreForward(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "homer.db")
	db, err := sql.Open(driverName, dsn(path, false))
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	require.NoError(t, migrateTo(ctx, db, path, 7))
	metrics := `{"churn":12,"authors":["alice","bob"],"note":"` + strings.Repeat("steady ", 40) + `"}`
	model := []byte{0x0a, 0x03, 'a', 'b', 'c', 0x00, 0xff}
	for _, q := range []string{
		`INSERT INTO nodes (id, kind, name) VALUES (1, 'file', 'a.go'), (2, 'file', 'b.go'), (3, 'repository', '.')`,
		`INSERT INTO edges (id, kind, identity, confidence, metadata) VALUES
			(1, 'imports', 'imports|a.go|b.go', 0.5, '{"via":"x"}'), (2, 'co-change', 'co-change|a.go|b.go', 1, '{}')`,
		`INSERT INTO edge_members (edge_id, position, node_id, role) VALUES
			(1, 0, 1, 'from'), (1, 1, 2, 'to'), (2, 0, 1, 'file'), (2, 1, 2, 'file')`,
		`INSERT INTO checkpoints (name, value) VALUES ('imports.java', 'k' || char(10) || 'AAAA'), ('source.git', 'abc')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	_, err = db.Exec(`INSERT INTO results (node_id, kind, input_hash, data, digest) VALUES (1, 'metrics', 'h', ?, 5), (3, 'model', 'h', ?, 6)`, metrics, model)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO parse_memo (blob_id, parser, path, facts) VALUES ('b1', 'go@1', 'a.go', ?)`, model)
	require.NoError(t, err)
	// Pages the migration frees, which the vacuum gives back.
	_, err = db.Exec(`INSERT INTO meta (key, value) VALUES ('filler', ?)`, strings.Repeat("x", 1<<20))
	require.NoError(t, err)
	_, err = db.Exec(`DELETE FROM meta WHERE key = 'filler'`)
	require.NoError(t, err)

	s := openMigrated(t, db, path)
	defer s.Close()
	var free int
	require.NoError(t, s.DB().QueryRow("PRAGMA freelist_count").Scan(&free))
	require.Zero(t, free, "the store is vacuumed")

	type edge struct {
		Kind, Meta, Members string
		Conf                float64
	}
	edges := map[int64]edge{}
	// The import moved on to the links table at schema 12.
	rows, err := s.DB().Query(`SELECT e.id, e.kind, e.confidence, e.metadata,
		(SELECT group_concat(m.position || ':' || m.node_id || ':' || m.role, ' ') FROM edge_members m WHERE m.edge_id = e.id) FROM edges e
		UNION ALL SELECT edge_id(kind || '|' || src || '|' || dst), kind, confidence, metadata, '0:' || src || ' 1:' || dst FROM link_edges`)
	require.NoError(t, err)
	for rows.Next() {
		var id int64
		var e edge
		require.NoError(t, rows.Scan(&id, &e.Kind, &e.Conf, &e.Meta, &e.Members))
		edges[id] = e
	}
	require.NoError(t, rows.Err())
	require.Equal(t, map[int64]edge{
		EdgeID("imports|1|2"):         {Kind: "imports", Meta: `{"via":"x"}`, Members: "0:1 1:2", Conf: 0.5},
		EdgeID("co-change|a.go|b.go"): {Kind: "co-change", Meta: "{}", Members: "0:1:file 1:2:file", Conf: 1},
	}, edges)

	var raw []byte
	var got string
	require.NoError(t, s.DB().QueryRow("SELECT unpack(data) FROM results WHERE node_id = 1").Scan(&got))
	require.Equal(t, metrics, got)
	require.NoError(t, s.DB().QueryRow("SELECT data FROM result_rows WHERE node_id = 1").Scan(&raw))
	require.Less(t, len(raw), len(metrics), "results are stored packed")
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM results WHERE kind = 'model'").Scan(&n))
	require.Zero(t, n, "the render model is no longer stored")
	var memoPath string
	require.NoError(t, s.DB().QueryRow("SELECT facts, path FROM parse_memo").Scan(&raw, &memoPath))
	facts, err := UnpackFacts(raw, memoPath)
	require.NoError(t, err)
	require.Equal(t, model, facts)
	// The table of changes and its indexes went at schema 32: the changes
	// are packed in their commits' rows.
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM sqlite_master WHERE name LIKE 'changes%' AND type <> 'view'").Scan(&n))
	require.Zero(t, n, "no table or index of changes is left")
	cp, err := s.Checkpoint(ctx, "imports.java")
	require.NoError(t, err)
	require.Empty(t, cp, "import memos in the old encoding are dropped")
	cp, err = s.Checkpoint(ctx, "source.git")
	require.NoError(t, err)
	require.Equal(t, "abc", cp)

	// Writing a carried edge again updates it in place; deleting a node
	// still reaches its links and its edges' members.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		_, err := tx.Edge("imports", "imports|a.go|b.go", 0.9, "", Member{Node: 1, Role: "from"}, Member{Node: 2, Role: "to"})
		return err
	}))
	var conf float64
	require.NoError(t, s.DB().QueryRow("SELECT count(*), max(confidence) FROM link_edges WHERE kind = 'imports'").Scan(&n, &conf))
	require.Equal(t, 1, n)
	require.Equal(t, 0.9, conf)
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		_, err := tx.Exec("DELETE FROM node_rows WHERE id = 2")
		return err
	}))
	require.NoError(t, s.DB().QueryRow("SELECT (SELECT count(*) FROM edge_members WHERE node_id = 2) + (SELECT count(*) FROM links)").Scan(&n))
	require.Zero(t, n)

	// A store set back to schema 7 runs migration 8 again, which leaves
	// what it already packed alone.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 7") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.DB().QueryRow("SELECT unpack(data) FROM results WHERE node_id = 1").Scan(&got))
	require.Equal(t, metrics, got)
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM edges").Scan(&n))
	require.Equal(t, 1, n)
}

// A store written at schema 8 (the index holding a copy of every text) is
// carried forward: migration 9 keeps what was indexed, reading commit
// messages from commits and keeping other texts once, in search_texts.
func TestMigrationNineIndexesWithoutACopy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 8)
	var err error
	for _, q := range []string{
		`INSERT INTO nodes (id, kind, name) VALUES (1, 'person', 'ann'), (2, 'commit', 'aaa'), (3, 'commit', 'bbb'),
			(4, 'definition', 'a.go#pkg.Clean'), (5, 'commit', 'ccc')`,
		`INSERT INTO commits (node_id, author_id, author_time, commit_time, parents, message) VALUES
			(2, 1, 10, 10, 0, 'Trim trailing slashes'), (3, 1, 20, 20, 1, 'Retry the upload')`,
		// ccc was indexed without a commit row: its text is kept all the same.
		`INSERT INTO search (rowid, kind, ref, body) VALUES
			(2, 'commit', 'aaa', 'Trim trailing slashes'), (3, 'commit', 'bbb', 'Retry the upload'),
			(4, 'doc', 'a.go#pkg.Clean', 'pkg.Clean' || char(10) || 'Clean removes duplicated separators.'),
			(5, 'commit', 'ccc', 'Parse the routes')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}

	s := openMigrated(t, db, path)
	hits := func(match string) []string {
		rows, err := s.DB().Query("SELECT rowid, kind, ref, body FROM search WHERE search MATCH ? ORDER BY rowid", match)
		require.NoError(t, err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id int64
			var kind, ref, body string
			require.NoError(t, rows.Scan(&id, &kind, &ref, &body))
			out = append(out, fmt.Sprintf("%d %s %s %s", id, kind, ref, body))
		}
		require.NoError(t, rows.Err())
		return out
	}
	// ccc's text, under a commit node without a row, goes with the commit
	// nodes (schema 35); the doc is held under its node's id negated
	// (schema 36).
	require.Equal(t, []string{
		"-4 doc a.go#pkg.Clean pkg.Clean\nClean removes duplicated separators.",
		"2 commit aaa Trim trailing slashes",
		"3 commit bbb Retry the upload",
	}, hits("slash OR retry OR separator OR parse"))
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'search_content'").Scan(&n))
	require.Zero(t, n, "the index keeps no copy of its texts")
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM search_texts").Scan(&n))
	require.Equal(t, 1, n, "only texts commits cannot give back are kept apart")
	integrity := func() {
		require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("INSERT INTO search (search) VALUES ('integrity-check')") }))
	}
	integrity()

	// Deleting a commit, or a node with a text, takes its words out.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.DropCommits("person", []string{"bbb"}); err != nil {
			return err
		}
		return tx.DeleteNodeIDs([]int64{4})
	}))
	require.Equal(t, []string{"2 commit aaa Trim trailing slashes"}, hits("slash OR retry OR separator OR parse"))
	integrity()

	// A store set back to schema 8 runs migration 9 again, which leaves
	// the index as it is.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 8") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	require.Equal(t, []string{"2 commit aaa Trim trailing slashes"}, hits("slash OR retry OR separator OR parse"))
	integrity()
}

// Compacting rewrites the store with its pages full and its rows intact.
func TestCompactPacksPagesAndKeepsRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		a, err := tx.Node("file", "a.go")
		if err != nil {
			return err
		}
		for i := 0; i < 3000; i++ {
			b, err := tx.Node("definition", fmt.Sprintf("b.go#pkg.F%d", i))
			if err != nil {
				return err
			}
			if _, err := tx.Edge("co-change", fmt.Sprintf("co-change|a|%d", i), 1, `{"support":1}`, Member{Node: a, Role: "member"}, Member{Node: b, Role: "member"}); err != nil {
				return err
			}
		}
		// Rows deleted leave free pages behind.
		return tx.ExecRaw("DELETE FROM edges WHERE id % 3 != 0")
	}))
	stat := func() (pages, free, edges int) {
		require.NoError(t, s.DB().QueryRow("SELECT (SELECT page_count FROM pragma_page_count), (SELECT freelist_count FROM pragma_freelist_count), (SELECT count(*) FROM edge_members)").Scan(&pages, &free, &edges))
		return
	}
	pages, free, members := stat()
	require.Positive(t, free)
	require.NoError(t, s.Compact(ctx))
	after, freeAfter, membersAfter := stat()
	require.Zero(t, freeAfter)
	require.Less(t, after, pages-free, "pages in use are fuller")
	require.Equal(t, members, membersAfter)

	// The store takes writes as before.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		_, err := tx.Node("file", "c.go")
		return err
	}))
}

// An update's end rewrites the store only when a quarter or more of its
// pages are free (after an upgrade's reparse), and keeps its rows.
func TestTidyAfterUpdateOnlyWhenSparse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	write := func(from, to int) {
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			for i := from; i < to; i++ {
				if _, err := tx.Node("definition", fmt.Sprintf("b.go#pkg.F%d", i)); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	free := func() (free, pages int) {
		require.NoError(t, s.DB().QueryRow("SELECT (SELECT freelist_count FROM pragma_freelist_count), (SELECT page_count FROM pragma_page_count)").Scan(&free, &pages))
		return
	}
	count := func() (n int) {
		require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes WHERE kind = 'definition'").Scan(&n))
		return
	}
	write(0, 4000)
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("DELETE FROM node_rows WHERE rowid % 20 = 0") }))
	f, p := free()
	require.Less(t, float64(f), sparseShare*float64(p))
	tidied, err := s.TidyAfterUpdate(ctx, 0)
	require.NoError(t, err)
	require.False(t, tidied, "a few free pages are left as they are")
	tidied, err = s.TidyAfterUpdate(ctx, 0.9)
	require.NoError(t, err)
	require.True(t, tidied, "after a run that parsed most files again")
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ExecRaw("DELETE FROM node_rows WHERE rowid > (SELECT max(rowid) / 4 FROM node_rows)")
	}))
	f, p = free()
	require.GreaterOrEqual(t, float64(f), sparseShare*float64(p))
	kept := count()
	tidied, err = s.TidyAfterUpdate(ctx, 0)
	require.NoError(t, err)
	require.True(t, tidied)
	f, _ = free()
	require.Zero(t, f)
	require.Equal(t, kept, count())
}

// The memo's share stored as it is: what a run parsed, until its end packs it.
func TestMemoShareUnpacked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	share, err := s.MemoShareUnpacked(ctx)
	require.NoError(t, err)
	require.Zero(t, share)
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		for _, p := range []string{"a.go", "b.go", "c.go", "d.go"} {
			if err := tx.PutParseMemo("blob-"+p, "go@1#x", p, []byte("facts of "+p+" facts of "+p)); err != nil {
				return err
			}
		}
		return nil
	}))
	share, err = s.MemoShareUnpacked(ctx)
	require.NoError(t, err)
	require.InDelta(t, 1, share, 1e-9)
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.EndRun() }))
	share, err = s.MemoShareUnpacked(ctx)
	require.NoError(t, err)
	require.Zero(t, share)
}

// A store written at schema 9 (nodes found by a unique index on kind and
// name) is carried forward: migration 10 keys the same rows, with the same
// ids, by NodeKey, and rows that refer to nodes keep them.
func TestMigrationTenKeysNodes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "homer.db")
	db, err := sql.Open(driverName, dsn(path, false))
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	require.NoError(t, migrateTo(ctx, db, path, 9))
	for _, q := range []string{
		`INSERT INTO nodes (id, kind, name, metadata) VALUES (1, 'person', 'ann', '{}'), (2, 'commit', 'aaa', '{}'),
			(3, 'file', 'a.go', '{}'), (4, 'definition', 'a.go#pkg.Clean', '{"line":3}'), (5, 'definition', 'b.go#pkg.Other', '{}'),
			(6, 'definition', 'x#y.go#pkg.Odd', '{"path":"x#y.go"}')`,
		`INSERT INTO commits (node_id, author_id, author_time, commit_time, parents, message) VALUES (2, 1, 10, 10, 0, 'Add the cleaner')`,
		`INSERT INTO changes (commit_id, file_id, status, added, deleted, binary) VALUES (2, 3, 'A', 5, 0, 0)`,
		`INSERT INTO results (node_id, kind, input_hash, data) VALUES (3, 'metrics', 'h', pack('{"churn":5}'))`,
		`INSERT INTO search_texts (node_id, kind, body) VALUES (4, 'doc', 'Clean removes separators.')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	if HasFTS5(ctx, db) {
		_, err = db.Exec("INSERT INTO search (search) VALUES ('rebuild')")
		require.NoError(t, err)
	}

	s := openMigrated(t, db, path)
	defer s.Close()
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes WHERE key = node_key(kind, name)").Scan(&n))
	require.Equal(t, 5, n, "every node is keyed (the commit is a node no more: schema 35)")
	require.NoError(t, s.DB().QueryRow(`SELECT count(*) FROM commits c JOIN changes ch ON ch.commit_id = c.node_id
		JOIN results r ON r.node_id = ch.file_id JOIN search_texts t ON t.node_id = 4`).Scan(&n))
	require.Equal(t, 1, n, "rows that refer to nodes kept them")
	require.NoError(t, s.DB().QueryRow(`SELECT count(*) FROM pragma_index_list('nodes') l, pragma_index_info(l.name) i WHERE i.name = 'name'`).Scan(&n))
	require.Zero(t, n, "no index holds the names")
	var fk bool
	require.NoError(t, s.writer.QueryRow("PRAGMA foreign_keys").Scan(&fk))
	require.True(t, fk, "foreign keys are on again after the migration")

	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		// Nodes are found by key, and a file's definitions by its range.
		id, err := tx.Node("definition", "a.go#pkg.Clean")
		if err != nil {
			return err
		}
		require.Equal(t, int64(4), id)
		ids, err := tx.LookupNodes("definition", []string{"b.go#pkg.Other", "x#y.go#pkg.Odd", "c.go#pkg.None"})
		if err != nil {
			return err
		}
		require.Equal(t, map[string]int64{"b.go#pkg.Other": 5, "x#y.go#pkg.Odd": 6}, ids)
		defs, err := tx.NodesByName("definition", "a.go")
		if err != nil {
			return err
		}
		require.Equal(t, map[string]NodeRow{"a.go#pkg.Clean": {ID: 4, Meta: `{"line":3}`}}, defs)
		defs, err = tx.NodesByName("definition", "x#y.go")
		if err != nil {
			return err
		}
		require.Len(t, defs, 1)
		require.Equal(t, int64(6), defs["x#y.go#pkg.Odd"].ID)
		// A node deleted takes what refers to it by the cascade.
		return tx.DeleteNode("definition", "a.go#pkg.Clean")
	}))
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM search_texts").Scan(&n))
	require.Zero(t, n)
	// A file a change names is not known only from history: it stays.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteHistoryOnlyFiles("file") }))
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes WHERE kind = 'file' AND name = 'a.go'").Scan(&n))
	require.Equal(t, 1, n, "a file a change names stays")
}

// A store written at schema 10 (calls as edges with two members) is
// carried forward: migration 11 moves each call into the calls table with
// its confidence and metadata, leaves other edges as they were, and a call
// is then read, rewritten and deleted under the identity it had.
func TestMigrationElevenMovesCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "homer.db")
	db, err := sql.Open(driverName, dsn(path, false))
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	require.NoError(t, migrateTo(ctx, db, path, 10))
	for _, q := range []string{
		`INSERT INTO nodes (id, kind, name, key) VALUES (1, 'file', 'a.go', node_key('file', 'a.go')), (2, 'file', 'b.go', node_key('file', 'b.go')),
			(3, 'definition', 'a.go#pkg.A', node_key('definition', 'a.go#pkg.A')), (4, 'definition', 'b.go#pkg.B', node_key('definition', 'b.go#pkg.B')),
			(5, 'definition', 'b.go#pkg.C', node_key('definition', 'b.go#pkg.C'))`,
		`INSERT INTO edges (id, kind, confidence, metadata) VALUES
			(edge_id('calls|a.go#pkg.A|b.go#pkg.B'), 'calls', 0.95, '{"count":2,"via":"receiver"}'),
			(edge_id('calls|a.go#pkg.A|b.go#pkg.C'), 'calls', 0.5, '{"count":1,"test":1,"via":"dispatch"}'),
			(edge_id('calls|b.go#pkg.B|b.go#pkg.C'), 'calls', 1, '{"count":1,"note":"odd"}'),
			(edge_id('co-change|a.go|b.go'), 'co-change', 1, '{"support":1}')`,
		`INSERT INTO edge_members (edge_id, position, node_id, role) VALUES
			(edge_id('calls|a.go#pkg.A|b.go#pkg.B'), 0, 3, 'caller'), (edge_id('calls|a.go#pkg.A|b.go#pkg.B'), 1, 4, 'callee'),
			(edge_id('calls|a.go#pkg.A|b.go#pkg.C'), 0, 3, 'caller'), (edge_id('calls|a.go#pkg.A|b.go#pkg.C'), 1, 5, 'callee'),
			(edge_id('calls|b.go#pkg.B|b.go#pkg.C'), 0, 4, 'caller'), (edge_id('calls|b.go#pkg.B|b.go#pkg.C'), 1, 5, 'callee'),
			(edge_id('co-change|a.go|b.go'), 0, 1, 'member'), (edge_id('co-change|a.go|b.go'), 1, 2, 'member')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}

	s := openMigrated(t, db, path)
	defer s.Close()
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM edges WHERE kind = 'calls'").Scan(&n))
	require.Zero(t, n, "no call is left among the edges")
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM edge_members").Scan(&n))
	require.Equal(t, 2, n, "the co-change set keeps its members")

	ab, ac := EdgeID("calls|a.go#pkg.A|b.go#pkg.B"), EdgeID("calls|a.go#pkg.A|b.go#pkg.C")
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		rows, err := tx.EdgeRows("file", "", 3, "calls")
		if err != nil {
			return err
		}
		require.Equal(t, map[int64]EdgeRow{
			ab: {Confidence: 0.95, Meta: `{"count":2,"via":"receiver"}`, Kind: "calls", Caller: 3, Callee: 4},
			ac: {Confidence: 0.5, Meta: `{"count":1,"test":1,"via":"dispatch"}`, Kind: "calls", Caller: 3, Callee: 5},
		}, rows)
		// Metadata the columns cannot hold is kept whole.
		rows, err = tx.EdgeRows("file", "", 4, "calls")
		if err != nil {
			return err
		}
		require.Equal(t, map[int64]EdgeRow{EdgeID("calls|b.go#pkg.B|b.go#pkg.C"): {Confidence: 1, Meta: `{"count":1,"note":"odd"}`, Kind: "calls", Caller: 4, Callee: 5}}, rows)
		// Several callers at once read what each reads alone.
		both, err := tx.CallRowsFrom([]int64{3, 4, 5})
		if err != nil {
			return err
		}
		require.Len(t, both, 3)
		require.Equal(t, rows[EdgeID("calls|b.go#pkg.B|b.go#pkg.C")], both[EdgeID("calls|b.go#pkg.B|b.go#pkg.C")])
		require.Equal(t, EdgeRow{Confidence: 0.95, Meta: `{"count":2,"via":"receiver"}`, Kind: "calls", Caller: 3, Callee: 4}, both[ab])
		none, err := tx.CallRowsFrom(nil)
		if err != nil {
			return err
		}
		require.Empty(t, none)
		sets, err := tx.EdgeRows("file", "a.go", 0, "co-change", "calls")
		if err != nil {
			return err
		}
		require.Equal(t, map[int64]EdgeRow{EdgeID("co-change|a.go|b.go"): {Confidence: 1, Meta: `{"support":1}`}}, sets)
		// Written again, a call is updated in place; deleted, it is gone.
		if _, err := tx.Edge("calls", "calls|a.go#pkg.A|b.go#pkg.B", 1, `{"count":3}`, Member{3, "caller"}, Member{4, "callee"}); err != nil {
			return err
		}
		return tx.DeletePairs([]EdgeRow{{Kind: "calls", Caller: 3, Callee: 5}})
	}))
	var conf float64
	var meta string
	require.NoError(t, s.DB().QueryRow("SELECT count(*), max(confidence), max(metadata) FROM call_edges WHERE caller = 3").Scan(&n, &conf, &meta))
	require.Equal(t, 1, n)
	require.Equal(t, 1.0, conf)
	require.Equal(t, `{"count":3}`, meta)
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM calls WHERE other IS NOT NULL").Scan(&n))
	require.Equal(t, 1, n, "only the odd metadata is kept as text")
	// A definition deleted takes its calls with it.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode("definition", "b.go#pkg.B") }))
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM calls").Scan(&n))
	require.Zero(t, n)
}

// A store written at schema 11 (imports, file-level calls, tests,
// releases and renames as edges with members) is carried forward:
// migration 12 moves each link into the links table and each rename's
// similarity into its change, gives them back as they were written, leaves
// co-change sets among the edges, and holds up to running again.
func TestMigrationTwelveMovesLinks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 11)
	links := map[string]string{ // identity → confidence and metadata as written
		"imports|a.go|b.go":    `1 {"count":2}`,
		"imports|b.go|a.go":    `1 {"count":1,"note":"odd"}`,
		"file-calls|a.go|b.go": `0.8 {"count":3}`,
		"tests|t_test.go|a.go": `1 {}`,
		"tests|t_test.go|b.go": `1 {"indirect":true}`,
		"release|v1":           `1 {}`,
	}
	for _, q := range []string{
		`INSERT INTO nodes (id, kind, name, key) VALUES (1, 'file', 'a.go', node_key('file', 'a.go')), (2, 'file', 'b.go', node_key('file', 'b.go')),
			(3, 'file', 't_test.go', node_key('file', 't_test.go')), (4, 'commit', 'c1', node_key('commit', 'c1')),
			(5, 'release', 'v1', node_key('release', 'v1')), (6, 'person', 'ann', node_key('person', 'ann'))`,
		`INSERT INTO commits (node_id, author_id, author_time, commit_time, parents, message) VALUES (4, 6, 10, 10, 0, 'Move a to b')`,
		`INSERT INTO changes (commit_id, file_id, status, added, deleted, binary, old_file_id) VALUES (4, 2, 'R', 1, 1, 0, 1), (4, 1, 'A', 5, 0, 0, NULL)`,
		`INSERT INTO edges (id, kind, confidence, metadata) VALUES
			(edge_id('imports|a.go|b.go'), 'imports', 1, '{"count":2}'), (edge_id('imports|b.go|a.go'), 'imports', 1, '{"count":1,"note":"odd"}'),
			(edge_id('file-calls|a.go|b.go'), 'file-calls', 0.8, '{"count":3}'),
			(edge_id('tests|t_test.go|a.go'), 'tests', 1, '{}'), (edge_id('tests|t_test.go|b.go'), 'tests', 1, '{"indirect":true}'),
			(edge_id('release|v1'), 'release', 1, '{}'), (edge_id('renamed|c1|a.go'), 'renamed', 0.87, '{}'),
			(edge_id('co-change|a.go|b.go'), 'co-change', 0.5, '{"support":4}')`,
		`INSERT INTO edge_members (edge_id, position, node_id, role) VALUES
			(edge_id('imports|a.go|b.go'), 0, 1, 'from'), (edge_id('imports|a.go|b.go'), 1, 2, 'to'),
			(edge_id('imports|b.go|a.go'), 0, 2, 'from'), (edge_id('imports|b.go|a.go'), 1, 1, 'to'),
			(edge_id('file-calls|a.go|b.go'), 0, 1, 'from'), (edge_id('file-calls|a.go|b.go'), 1, 2, 'to'),
			(edge_id('tests|t_test.go|a.go'), 0, 3, 'test'), (edge_id('tests|t_test.go|a.go'), 1, 1, 'subject'),
			(edge_id('tests|t_test.go|b.go'), 0, 3, 'test'), (edge_id('tests|t_test.go|b.go'), 1, 2, 'subject'),
			(edge_id('release|v1'), 0, 5, 'release'), (edge_id('release|v1'), 1, 4, 'commit'),
			(edge_id('renamed|c1|a.go'), 0, 1, 'from'), (edge_id('renamed|c1|a.go'), 1, 2, 'to'), (edge_id('renamed|c1|a.go'), 2, 4, 'commit'),
			(edge_id('co-change|a.go|b.go'), 0, 1, 'member'), (edge_id('co-change|a.go|b.go'), 1, 2, 'member')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}

	s := openMigrated(t, db, path)
	defer s.Close()
	// The release's link to its commit goes with the commit nodes (schema
	// 35): the release names the commit's sha.
	delete(links, "release|v1")
	stored := func() map[string]string {
		rows, err := s.DB().Query(`SELECT e.kind, a.name, b.name, e.confidence, e.metadata FROM link_edges e
			JOIN nodes a ON a.id = e.src JOIN nodes b ON b.id = e.dst`)
		require.NoError(t, err)
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var kind, a, b, meta string
			var conf float64
			require.NoError(t, rows.Scan(&kind, &a, &b, &conf, &meta))
			identity := kind + "|" + a + "|" + b
			if kind == "release" {
				identity = kind + "|" + a
			}
			out[identity] = fmt.Sprintf("%g %s", conf, meta)
		}
		require.NoError(t, rows.Err())
		return out
	}
	check := func() {
		t.Helper()
		require.Equal(t, links, stored(), "each link is given back as it was written")
		var n int
		require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM links WHERE other IS NOT NULL").Scan(&n))
		require.Equal(t, 1, n, "only the odd metadata is kept as text")
		var rename string
		require.NoError(t, s.DB().QueryRow(`SELECT group_concat(commit_id || ' ' || src || ' ' || dst || ' ' || confidence) FROM rename_edges`).Scan(&rename))
		require.Equal(t, "4 1 2 0.87", rename, "the rename is its change")
		require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM changes WHERE similarity IS NOT NULL").Scan(&n))
		require.Equal(t, 1, n)
		require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM edges WHERE kind != 'co-change'").Scan(&n))
		require.Zero(t, n, "only co-change sets are left among the edges")
		require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM edge_members").Scan(&n))
		require.Equal(t, 2, n, "the co-change set keeps its members")
	}
	check()

	// A store set back to schema 11 runs migration 12 again, which finds
	// nothing to move.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 11") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	check()

	// Links are read under the identities they had, written again in
	// place, and deleted by their members or with a node.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		rows, err := tx.EdgeRows("file", "a.go", 0, "imports", "file-calls")
		if err != nil {
			return err
		}
		require.Equal(t, map[int64]EdgeRow{
			EdgeID("imports|a.go|b.go"):    {Confidence: 1, Meta: `{"count":2}`, Kind: "imports", Caller: 1, Callee: 2},
			EdgeID("file-calls|a.go|b.go"): {Confidence: 0.8, Meta: `{"count":3}`, Kind: "file-calls", Caller: 1, Callee: 2},
		}, rows)
		rows, err = tx.EdgeRows("file", "", 0, "tests")
		if err != nil {
			return err
		}
		require.Len(t, rows, 2)
		require.Equal(t, `{"indirect":true}`, rows[EdgeID("tests|t_test.go|b.go")].Meta)
		if _, err := tx.Edge("imports", "imports|a.go|b.go", 1, `{"count":7}`, Member{1, "from"}, Member{2, "to"}); err != nil {
			return err
		}
		return tx.DeletePairs([]EdgeRow{{Kind: "file-calls", Caller: 1, Callee: 2}})
	}))
	links["imports|a.go|b.go"] = `1 {"count":7}`
	delete(links, "file-calls|a.go|b.go")
	require.Equal(t, links, stored())
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNodeIDs([]int64{3, 5}) }))
	delete(links, "tests|t_test.go|a.go")
	delete(links, "tests|t_test.go|b.go")
	require.Equal(t, links, stored(), "a node deleted takes its links")
	require.NoError(t, s.Close())
}

// storeAtSchema opens a new store file migrated only up to schema version,
// as an older Homer left it; the test is skipped without FTS5, which the
// migrations need.
func storeAtSchema(t *testing.T, version int) (*sql.DB, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "homer.db")
	db, err := sql.Open(driverName, dsn(path, false))
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	if !HasFTS5(ctx, db) {
		db.Close()
		t.Skip("built without sqlite_fts5")
	}
	require.NoError(t, migrateTo(ctx, db, path, version))
	return db, path
}

// openMigrated closes db, a store file an older Homer left, and opens it
// as Homer does now, which migrates it to SchemaVersion.
func openMigrated(t *testing.T, db *sql.DB, path string) *Store {
	t.Helper()
	require.NoError(t, db.Close())
	s, err := Open(context.Background(), path)
	require.NoError(t, err)
	var version int
	require.NoError(t, s.DB().QueryRow("PRAGMA user_version").Scan(&version))
	require.Equal(t, SchemaVersion, version)
	return s
}

// A store written at schema 12 (definitions named by their whole
// "path#name") is carried forward: migration 13 stores each definition
// whose file is a node by its name within that file, every reader still
// reads the whole name, new definitions are stored so too, and deleting a
// file gives its definitions their whole names back.
func TestMigrationThirteenNamesDefinitionsByFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 12)
	nodes := map[int64]string{ // id → kind and whole name
		1: "file a.go", 2: "file b#c.go", 3: "definition a.go#pkg.A", 4: "definition a.go#pkg.B.m",
		5: "definition gone.go#pkg.X", 6: "definition b#c.go#pkg.C", 7: "commit c1", 8: "person ann", 9: "definition #odd",
	}
	for id, kn := range nodes {
		kind, name, _ := strings.Cut(kn, " ")
		_, err := db.Exec("INSERT INTO nodes (id, kind, name, key) VALUES (?, ?, ?, node_key(?, ?))", id, kind, name, kind, name)
		require.NoError(t, err)
	}
	for _, q := range []string{
		`INSERT INTO commits (node_id, author_id, author_time, commit_time, parents, message) VALUES (7, 8, 10, 10, 0, 'Add the widget')`,
		`INSERT INTO search_texts (node_id, kind, body) VALUES (3, 'doc', 'pkg.A' || char(10) || 'Frobnicates the widget.')`,
		`INSERT INTO search (search) VALUES ('rebuild')`,
		`INSERT INTO calls (caller, callee, count) VALUES (3, 4, 2)`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}

	s := openMigrated(t, db, path)
	defer s.Close()
	delete(nodes, 7) // a commit is its row alone since schema 35
	read := func() map[int64]string {
		t.Helper()
		rows, err := s.DB().Query("SELECT id, kind, name FROM nodes")
		require.NoError(t, err)
		defer rows.Close()
		out := map[int64]string{}
		for rows.Next() {
			var id int64
			var kind, name string
			require.NoError(t, rows.Scan(&id, &kind, &name))
			out[id] = kind + " " + name
		}
		require.NoError(t, rows.Err())
		return out
	}
	stored := func(id int64) string {
		t.Helper()
		var name string
		var file sql.NullInt64
		require.NoError(t, s.DB().QueryRow("SELECT name, file FROM node_rows WHERE id = ?", id).Scan(&name, &file))
		if file.Valid {
			return fmt.Sprintf("%d#%s", file.Int64, name)
		}
		return name
	}
	check := func() {
		t.Helper()
		require.Equal(t, nodes, read(), "every node reads its whole name")
		require.Equal(t, "1#pkg.A", stored(3))
		require.Equal(t, "1#pkg.B.m", stored(4))
		require.Equal(t, "gone.go#pkg.X", stored(5), "a definition whose file is no node keeps its whole name")
		require.Equal(t, "b#c.go#pkg.C", stored(6), "the file is the part before the first '#'")
		require.Equal(t, "#odd", stored(9))
		require.Equal(t, "a.go", stored(1))
		var refs string
		require.NoError(t, s.DB().QueryRow("SELECT group_concat(ref, ' ') FROM (SELECT ref FROM search WHERE search MATCH 'widget' ORDER BY ref)").Scan(&refs))
		require.Equal(t, "a.go#pkg.A c1", refs, "the index shows whole names")
		var calls string
		require.NoError(t, s.DB().QueryRow(`SELECT group_concat(a.name || '>' || b.name) FROM calls c
			JOIN nodes a ON a.id = c.caller JOIN nodes b ON b.id = c.callee`).Scan(&calls))
		require.Equal(t, "a.go#pkg.A>a.go#pkg.B.m", calls)
	}
	check()

	// A store set back to schema 12 runs migration 13 again, which finds
	// the table already renamed.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 12") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	check()

	// New definitions are stored by their name within their file, found
	// by their whole names, and read by them.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		ids, err := tx.Nodes("definition", []string{"a.go#pkg.D", "a.go#pkg.A", "new.go#pkg.N"})
		if err != nil {
			return err
		}
		require.Equal(t, int64(3), ids["a.go#pkg.A"])
		require.Len(t, ids, 3)
		nodes[ids["a.go#pkg.D"]] = "definition a.go#pkg.D"
		nodes[ids["new.go#pkg.N"]] = "definition new.go#pkg.N"
		e, err := tx.Node("definition", "b#c.go#pkg.E")
		if err != nil {
			return err
		}
		nodes[e] = "definition b#c.go#pkg.E"
		again, err := tx.Nodes("definition", []string{"a.go#pkg.D"})
		require.NoError(t, err)
		require.Equal(t, ids["a.go#pkg.D"], again["a.go#pkg.D"])
		if _, err := tx.SetNode("definition", "a.go#pkg.B.m", "", `{"line":3}`); err != nil {
			return err
		}
		found, err := tx.LookupNodes("definition", []string{"a.go#pkg.A", "a.go#pkg.B.m", "a.go#pkg.Z"})
		require.NoError(t, err)
		require.Equal(t, map[string]int64{"a.go#pkg.A": 3, "a.go#pkg.B.m": 4}, found)
		byName, err := tx.NodesByName("definition", "a.go")
		require.NoError(t, err)
		require.Len(t, byName, 3)
		require.Equal(t, NodeRow{ID: 4, Meta: `{"line":3}`}, byName["a.go#pkg.B.m"])
		return nil
	}))
	require.Equal(t, nodes, read())
	var d int64
	require.NoError(t, s.DB().QueryRow("SELECT id FROM nodes WHERE name = 'a.go#pkg.D'").Scan(&d))
	require.Equal(t, "1#pkg.D", stored(d))
	require.NoError(t, s.DB().QueryRow("SELECT id FROM nodes WHERE name = 'new.go#pkg.N'").Scan(&d))
	require.Equal(t, "new.go#pkg.N", stored(d))
	require.NoError(t, s.DB().QueryRow("SELECT id FROM nodes WHERE name = 'b#c.go#pkg.E'").Scan(&d))
	require.Equal(t, "b#c.go#pkg.E", stored(d))

	// A file deleted gives its definitions their whole names back.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode("file", "a.go") }))
	delete(nodes, 1)
	require.Equal(t, nodes, read())
	require.Equal(t, "a.go#pkg.A", stored(3))
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM node_rows WHERE file IS NOT NULL").Scan(&n))
	require.Zero(t, n)
	require.NoError(t, s.Close())
}

// A store written at schema 13 (definitions' metadata as JSON text) is
// carried forward: migration 14 moves metadata of the usual form into
// columns and keeps any other as it is; every reader reads the text that
// was written, for stored and new definitions, before and after their
// file is deleted.
func TestMigrationFourteenKeepsDefinitionMetadataInColumns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 13)
	metas := map[string]string{ // whole name → metadata as written
		"a.go#pkg.A":      `{"name":"A","kind":"function","line":3,"end":9,"exported":true,"doc":"A does it.","complexity":4}`,
		"a.go#pkg.T.m":    `{"name":"m","kind":"method","line":10,"end":12,"exported":false}`,
		"a.go#main":       `{"name":"main","kind":"function","line":1,"end":2,"exported":false,"complexity":-1}`,
		"a.go#pkg.Other":  `{"name":"Renamed","kind":"type","line":5,"end":5,"exported":true}`,
		"a.go#pkg.Esc":    `{"name":"Esc","kind":"function","line":5,"end":5,"exported":true,"doc":"a \u003c b, \"quoted\"."}`,
		"a.go#pkg.Var":    `{"name":"Var","kind":"function","line":5,"end":5,"exported":true,"variant":true}`,
		"a.go#pkg.Zero":   `{"name":"Zero","kind":"function","line":5,"end":5,"exported":true,"complexity":0}`,
		"a.go#pkg.Order":  `{"kind":"function","name":"Order","line":5,"end":5,"exported":true}`,
		"a.go#pkg.Empty":  `{"name":"Empty","kind":"function","line":5,"end":5,"exported":true,"doc":""}`,
		"a.go#pkg.Exp":    `{"name":"Exp","kind":"function","line":5,"end":5,"exported":1}`,
		"b#c.go#pkg.Path": `{"path":"b#c.go","name":"Path","kind":"function","line":1,"end":1,"exported":false}`,
		"a.go#pkg.Bad":    `not json`,
		"a.go#pkg.Sp":     `{"name":"Sp","kind":"function","line":5, "end":5,"exported":true}`,
		"a.go#pkg.Émile":  `{"name":"Émile","kind":"function","line":5,"end":5,"exported":true,"doc":"Ça va."}`,
	}
	inColumns := []string{"a.go#pkg.A", "a.go#pkg.T.m", "a.go#main", "a.go#pkg.Other", "a.go#pkg.Émile"}
	_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (1, 'file', 'a.go', node_key('file', 'a.go')),
		(2, 'file', 'b#c.go', node_key('file', 'b#c.go'))`)
	require.NoError(t, err)
	for name, meta := range metas {
		_, rel, _ := strings.Cut(name, "#")
		file := any(1)
		if !strings.HasPrefix(name, "a.go#") {
			file, rel = nil, name
		}
		_, err := db.Exec("INSERT INTO node_rows (kind, name, file, key, metadata) VALUES ('definition', ?, ?, node_key('definition', ?), ?)", rel, file, name, meta)
		require.NoError(t, err)
	}

	s := openMigrated(t, db, path)
	defer s.Close()
	read := func() map[string]string {
		t.Helper()
		rows, err := s.DB().Query("SELECT name, metadata FROM nodes WHERE kind = 'definition'")
		require.NoError(t, err)
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var name, meta string
			require.NoError(t, rows.Scan(&name, &meta))
			out[name] = meta
		}
		require.NoError(t, rows.Err())
		return out
	}
	columns := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT n.name FROM nodes n JOIN node_rows r ON r.id = n.id WHERE r.def_kind IS NOT NULL AND r.metadata = '' ORDER BY n.name")
	}
	sort.Strings(inColumns)
	require.Equal(t, metas, read(), "every definition reads the metadata written")
	require.Equal(t, inColumns, columns(), "metadata of the usual form, and only that, is held in columns")
	var named int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM node_rows WHERE def_name IS NOT NULL").Scan(&named))
	require.Equal(t, 1, named, "a name is kept only where it is not the stored name's last part")

	// Set back to schema 13, the migration runs again and changes nothing.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 13") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, metas, read())

	// Written anew, metadata goes where its form says.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		for name, meta := range map[string]string{
			"a.go#pkg.A":    `{"name":"A","kind":"function","line":4,"end":9,"exported":true,"complexity":2}`,
			"a.go#pkg.Bad":  `{"name":"Bad","kind":"function","line":1,"end":1,"exported":false}`,
			"a.go#pkg.T.m":  `{"name":"m","kind":"method","line":10,"end":12,"exported":false,"variant":true}`,
			"a.go#lone":     `{"name":"lone","kind":"function","line":1,"end":1,"exported":false}`,
			"new.go#pkg.N":  `{"name":"N","kind":"function","line":1,"end":1,"exported":false}`,
			"a.go#pkg.Tail": `{"name":"Other","kind":"function","line":1,"end":1,"exported":false}`,
		} {
			if _, err := tx.SetNode("definition", name, "", meta); err != nil {
				return err
			}
			metas[name] = meta
		}
		return nil
	}))
	require.Equal(t, metas, read())
	require.Equal(t, []string{"a.go#lone", "a.go#main", "a.go#pkg.A", "a.go#pkg.Bad", "a.go#pkg.Other", "a.go#pkg.Tail", "a.go#pkg.Émile", "new.go#pkg.N"}, columns())

	// A file deleted gives its definitions their whole names; the names
	// their metadata took from the stored name stay as they were.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode("file", "a.go") }))
	require.Equal(t, metas, read())
	require.NoError(t, s.Close())
}

func queryNames(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		out = append(out, s)
	}
	require.NoError(t, rows.Err())
	return out
}

// A store written at schema 14 (a result row naming its kind and input
// hash as text) is carried forward: migration 15 numbers them, the view
// results gives every row back as it was, rows are replaced and deleted
// as before, and an input hash no row holds any more is deleted.
func TestMigrationFifteenNumbersResultKindsAndInputs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 14)
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, 'file', 'a.go', node_key('file', 'a.go')), (2, 'file', 'b.go', node_key('file', 'b.go')),
			(3, 'repository', '.', node_key('repository', '.'))`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	var rows []string
	for _, r := range []struct {
		node       int
		kind, hash string
		data       string
	}{{1, "metrics", "h1", `{"churn":1}`}, {2, "metrics", "h2", `{"churn":2}`}, {1, "behavior", "h1", `{"authors":1}`}, {3, "conventions", "c", `{}`}} {
		_, err := db.Exec("INSERT INTO results (node_id, kind, input_hash, data, digest) VALUES (?, ?, ?, pack(?), ?)", r.node, r.kind, r.hash, r.data, digest(r.data))
		require.NoError(t, err)
		rows = append(rows, fmt.Sprintf("%d %s %s %s %d", r.node, r.kind, r.hash, r.data, digest(r.data)))
	}
	sort.Strings(rows)

	s := openMigrated(t, db, path)
	defer s.Close()
	read := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT node_id || ' ' || kind || ' ' || input_hash || ' ' || unpack(data) || ' ' || digest FROM results ORDER BY 1")
	}
	inputs := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT k.kind || ' ' || i.input_hash FROM result_inputs i JOIN result_kinds k ON k.id = i.kind ORDER BY 1")
	}
	require.Equal(t, rows, read(), "every row reads as it was written")
	require.Equal(t, []string{"behavior h1", "conventions c", "metrics h1", "metrics h2"}, inputs())

	// Set back to schema 14, the migration runs again and changes nothing.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 14") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, rows, read())

	// Replaced, a kind's rows keep the hash of the run that wrote them
	// unless written again; an input hash no row holds is deleted.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if err := tx.ReplaceResults("metrics", "h3", map[int64]string{1: `{"churn":1}`, 2: `{"churn":5}`}); err != nil {
			return err
		}
		if err := tx.ReplaceResults("behavior", "h3", map[int64]string{2: `{"authors":2}`}); err != nil {
			return err
		}
		return tx.SetResult(3, "conventions", "d", `{"x":1}`)
	}))
	got := queryNames(t, s.DB(), "SELECT node_id || ' ' || kind || ' ' || input_hash || ' ' || unpack(data) FROM results ORDER BY 1")
	require.Equal(t, []string{"1 metrics h1 {\"churn\":1}", "2 behavior h3 {\"authors\":2}", "2 metrics h3 {\"churn\":5}", "3 conventions d {\"x\":1}"}, got)
	require.Equal(t, []string{"behavior h3", "conventions d", "metrics h1", "metrics h3"}, inputs())
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ReplaceResults("behavior", "h4", nil) }))
	require.Equal(t, []string{"conventions d", "metrics h1", "metrics h3"}, inputs())

	// A node deleted takes its results.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode("file", "a.go") }))
	got = queryNames(t, s.DB(), "SELECT node_id || ' ' || kind FROM results ORDER BY 1")
	require.Equal(t, []string{"2 metrics", "3 conventions"}, got)
	require.NoError(t, s.Close())
}

// A store written at schema 15 is carried forward by migrations 16 to 18:
// parse memo rows get their hashed ids and lose the unique index, commit
// names and the path-blob memo's ids become bytes where the digits give
// them back, and every reader reads the same text as before. Writes in the
// new forms read back alike, and the migrations run again change nothing.
func TestMigrationsSixteenToEighteenKeepIDsAsBytes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 15)
	const sha1, sha2 = "0123456789abcdef0123456789abcdef01234567", "fedcba9876543210fedcba9876543210fedcba98"
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, 'commit', '` + sha1 + `', node_key('commit', '` + sha1 + `')),
			(2, 'commit', 'HEAD~1', node_key('commit', 'HEAD~1')), (3, 'commit', 'ABCDEF', node_key('commit', 'ABCDEF')),
			(4, 'file', '` + sha2 + `', node_key('file', '` + sha2 + `')), (5, 'person', 'ann', node_key('person', 'ann'))`,
		`INSERT INTO commits (node_id, author_id, author_time, commit_time, parents, message) VALUES (1, 5, 10, 10, 0, 'one'),
			(2, 5, 20, 20, 1, 'two'), (3, 5, 30, 30, 1, 'three')`,
		`INSERT INTO parse_memo (blob_id, parser, path, facts) VALUES ('b1', 'go@1#x', 'a.go', pack('one')),
			('b2', 'go@1#x', 'a.go', pack('two')), ('b1', 'go@1#x', 'c.go', pack('three'))`,
		`INSERT INTO path_blobs (commit_sha, path, after, before) VALUES ('` + sha1 + `', 'a.go', '` + sha2 + `', ''),
			('v1.0', 'b.go', 'x', '` + sha1 + `')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	s := openMigrated(t, db, path)
	defer s.Close()
	nodes := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT id || ' ' || kind || ' ' || name || ' ' || local_name || ' ' || (key = node_key(kind, name)) FROM nodes ORDER BY id")
	}
	memo := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT blob_id || ' ' || parser || ' ' || path || ' ' || unpack(facts) || ' ' || (id = memo_key(blob_id, parser, path)) FROM parse_memos ORDER BY 1")
	}
	blobs := func() []string {
		t.Helper()
		var out []string
		for _, r := range queryNames(t, s.DB(), "SELECT "+
			PathBlobCommit("commit_sha")+" || ' ' || path || ' ' || "+
			"CASE WHEN typeof(after) = 'blob' THEN lower(hex(after)) ELSE after END || ' ' || "+
			"CASE WHEN typeof(before) = 'blob' THEN lower(hex(before)) ELSE before END FROM path_blobs") {
			out = append(out, r)
		}
		sort.Strings(out)
		return out
	}
	// The commits are their rows alone since schema 35, which keep the
	// names' bytes as their shas.
	commits := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT node_id || ' ' || "+ShaText("sha")+" || ' ' || typeof(sha) FROM commits ORDER BY node_id")
	}
	wantCommits := []string{"1 " + sha1 + " blob", "2 HEAD~1 text", "3 ABCDEF text"}
	wantNodes := []string{"4 file " + sha2 + " " + sha2 + " 1", "5 person ann ann 1"}
	wantMemo := []string{"b1 go@1#x a.go one 1", "b1 go@1#x c.go three 1", "b2 go@1#x a.go two 1"}
	wantBlobs := []string{sha1 + " a.go " + sha2 + " ", "v1.0 b.go x " + sha1}
	check := func() {
		t.Helper()
		require.Equal(t, wantNodes, nodes())
		require.Equal(t, wantCommits, commits())
		require.Equal(t, wantMemo, memo())
		require.Equal(t, wantBlobs, blobs())
	}
	check()
	stored := queryNames(t, s.DB(), "SELECT id || ' ' || typeof(name) FROM node_rows ORDER BY id")
	require.Equal(t, []string{"4 text", "5 text"}, stored, "a file's name is text, whatever its digits")
	require.Equal(t, []string{"integer text blob text", "text text text blob"},
		queryNames(t, s.DB(), "SELECT typeof(commit_sha) || ' ' || typeof(path) || ' ' || typeof(after) || ' ' || typeof(before) FROM path_blobs ORDER BY typeof(commit_sha)"),
		"a stored commit is named by its node id (since schema 46), a name no commit has stays text")
	require.Empty(t, queryNames(t, s.DB(), "SELECT name FROM sqlite_master WHERE tbl_name = 'parse_memo' AND type = 'index'"), "the memo has no index")

	// Set back to schema 15, the migrations run again and change nothing.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 15") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	check()

	// Written in the new forms: a commit found by its name, a new one
	// stored as bytes, a memo row replaced and one added, a pair kept.
	const sha3 = "1111111111111111111111111111111111111111"
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		tx.DropNodeCache()
		stored, err := tx.StoredCommits([]string{sha1, sha3, "HEAD~1"})
		if err != nil {
			return err
		}
		if !stored[sha1] || !stored["HEAD~1"] || stored[sha3] {
			return fmt.Errorf("existing commits not found by sha: %v", stored)
		}
		if _, err := tx.AddCommits([]CommitRow{{Sha: sha3, Author: 5}, {Sha: sha1, Author: 5}, {Sha: "2222222222222222222222222222222222222222", Author: 5}}); err != nil {
			return err
		}
		if err := tx.PutParseMemo("b1", "go@1#x", "a.go", []byte("ONE")); err != nil {
			return err
		}
		if err := tx.PutParseMemo("b3", "go@1#x", "a.go", []byte("four")); err != nil {
			return err
		}
		if err := tx.AddPathBlob(sha1, "a.go", "y", "z"); err != nil {
			return err
		}
		return tx.AddPathBlob(sha3, "d.go", sha2, "")
	}))
	wantCommits = append(wantCommits, "4 "+sha3+" blob", "5 2222222222222222222222222222222222222222 blob")
	wantMemo = []string{"b1 go@1#x a.go ONE 1", "b1 go@1#x c.go three 1", "b2 go@1#x a.go two 1", "b3 go@1#x a.go four 1"}
	wantBlobs = []string{sha3 + " d.go " + sha2 + " ", sha1 + " a.go " + sha2 + " ", "v1.0 b.go x " + sha1}
	sort.Strings(wantBlobs)
	check()
	require.NoError(t, s.Close())
}

// A store written at schema 18 is carried forward by migration 19: a
// call's confidence and way become small numbers where they give the
// values back, and the view call_edges reads every call as before, as it
// reads calls written since.
func TestMigrationNineteenNumbersCallConfidenceAndWay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 18)
	_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (1, 'definition', 'a', node_key('definition', 'a')),
		(2, 'definition', 'b', node_key('definition', 'b')), (3, 'definition', 'c', node_key('definition', 'c'))`)
	require.NoError(t, err)
	calls := []struct {
		caller, callee int
		confidence     float64
		meta           string
	}{
		{1, 2, 0.95, `{"count":2,"via":"receiver"}`},
		{1, 3, 0.0666666666666667, `{"count":1,"test":1,"via":"dispatch"}`},
		{2, 1, 1, `{"count":1}`},
		{2, 3, 0.075, `{"count":3,"via":"lookup"}`},
		{3, 1, 0.12, `{"count":1,"via":"name","extra":true}`},
		{3, 2, 1.5e-9, `{"count":4,"via":"import"}`},
	}
	for _, c := range calls {
		require.NoError(t, func() error {
			tx, err := db.Begin()
			if err != nil {
				return err
			}
			defer tx.Rollback()
			m, other := parseCallMeta(c.meta)
			if _, err := tx.Exec(`INSERT INTO calls (caller, callee, confidence, count, test, via, other) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				c.caller, c.callee, c.confidence, m.Count, m.Test, m.Via, other); err != nil {
				return err
			}
			return tx.Commit()
		}())
	}
	read := func(db *sql.DB) []string {
		t.Helper()
		rows, err := db.Query("SELECT caller, callee, confidence, metadata FROM call_edges ORDER BY caller, callee")
		require.NoError(t, err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var a, b int
			var conf float64
			var meta string
			require.NoError(t, rows.Scan(&a, &b, &conf, &meta))
			out = append(out, fmt.Sprintf("%d %d %v %s", a, b, conf, meta))
		}
		require.NoError(t, rows.Err())
		return out
	}
	want := read(db)
	require.Len(t, want, len(calls))
	for i, c := range calls {
		require.Equal(t, fmt.Sprintf("%d %d %v %s", c.caller, c.callee, c.confidence, c.meta), want[i])
	}

	s := openMigrated(t, db, path)
	defer s.Close()
	require.Equal(t, want, read(s.DB()), "every call reads as it was written")
	require.Equal(t, []string{"integer integer", "real integer", "integer integer", "real text", "integer integer", "real integer"},
		queryNames(t, s.DB(), "SELECT typeof(confidence) || ' ' || typeof(via) FROM calls ORDER BY caller, callee"))

	// Set back to schema 18, the migration runs again and changes nothing.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 18") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, read(s.DB()))

	// Written again through Edge, the calls read the same.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		for _, c := range calls {
			if _, err := tx.Edge("calls", fmt.Sprintf("calls|%d|%d", c.caller, c.callee), c.confidence, c.meta,
				Member{Node: int64(c.caller), Role: "caller"}, Member{Node: int64(c.callee), Role: "callee"}); err != nil {
				return err
			}
		}
		return nil
	}))
	require.Equal(t, want, read(s.DB()))
	require.NoError(t, s.Close())
}

// A store written at schema 19 is carried forward by migrations 20 and
// 21: commit messages and docs are packed, read back whole by unpack and
// by the full-text index (its snippets included), and a commit deleted
// or a doc replaced afterwards takes its words out of the index.
func TestMigrationsTwentyAndTwentyOnePackSearchTexts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 19)
	msgs := []string{"Fix the parser\n\nSigned-off-by: Ann <ann@example.com>", "", "Merge pull request #12 from ann/widgets\n\nAdd the widgets"}
	_, err := db.Exec("INSERT INTO node_rows (id, kind, name, key) VALUES (1, 'person', 'ann', node_key('person', 'ann'))")
	require.NoError(t, err)
	for i, m := range msgs {
		_, err := db.Exec(fmt.Sprintf("INSERT INTO node_rows (id, kind, name, key) VALUES (%d, 'commit', 'c%d', node_key('commit', 'c%d'))", i+10, i, i))
		require.NoError(t, err)
		_, err = db.Exec("INSERT INTO commits (node_id, author_id, author_time, commit_time, parents, message) VALUES (?, 1, 10, 10, 1, ?)", i+10, m)
		require.NoError(t, err)
	}
	_, err = db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (20, 'definition', 'a.go#pkg.A', node_key('definition', 'a.go#pkg.A'))`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO search_texts (node_id, kind, body) VALUES (20, 'doc', 'pkg.A' || char(10) || 'Frobnicates the widget.')`)
	require.NoError(t, err)
	_, err = db.Exec("INSERT INTO search (search) VALUES ('rebuild')")
	require.NoError(t, err)
	snippets := func(db *sql.DB) []string {
		t.Helper()
		return queryNames(t, db, "SELECT ref || ' ' || snippet(search, 2, '[', ']', '…', 12) FROM search WHERE search MATCH 'widget OR parser' ORDER BY ref")
	}
	want := snippets(db)
	require.Len(t, want, 3)

	s := openMigrated(t, db, path)
	defer s.Close()
	read := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT "+MessageSQL("c")+" FROM commits c ORDER BY node_id")
	}
	require.Equal(t, msgs, read())
	require.Equal(t, []string{"'' 1"}, queryNames(t, s.DB(), "SELECT DISTINCT quote(message) || ' ' || (message_at >> 10) FROM commits"),
		"since schema 41 the messages lie in a pack")
	require.Equal(t, []string{"blob pkg.A\nFrobnicates the widget."}, queryNames(t, s.DB(), "SELECT typeof(body) || ' ' || unpack(body) FROM search_texts"))
	require.Equal(t, want, snippets(s.DB()))

	// Set back to schema 19, the migration runs again and changes nothing.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 19") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, msgs, read())

	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.DropCommits("person", []string{"c2"}); err != nil {
			return err
		}
		return tx.Index(20, "doc", "pkg.A\nTurns the crank.")
	}))
	require.Equal(t, []string{"c0"}, queryNames(t, s.DB(), "SELECT ref FROM search WHERE search MATCH 'widget OR parser'"), "the dropped texts' words left the index")
	require.Equal(t, []string{"a.go#pkg.A"}, queryNames(t, s.DB(), "SELECT ref FROM search WHERE search MATCH 'crank'"))
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("INSERT INTO search (search) VALUES ('integrity-check')") }))
	require.NoError(t, s.Close())
}

// A store written at schema 21 is carried forward by migration 22: the
// results that begin with their node's name are stored without it, and
// the view results reads every row as it was written, as it reads rows
// written since.
func TestMigrationTwentyTwoLeavesNamesOutOfResults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 21)
	_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (1, 'file', 'a/b.go', node_key('file', 'a/b.go')),
		(2, 'file', 'c.go', node_key('file', 'c.go')), (3, 'repository', '.', node_key('repository', '.'))`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO result_kinds (id, kind) VALUES (1, 'metrics'), (2, 'behavior'), (3, 'conventions')`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO result_inputs (id, kind, input_hash) VALUES (1, 1, 'h'), (2, 2, 'h'), (3, 3, 'h')`)
	require.NoError(t, err)
	rows := map[[2]int]string{
		{1, 1}: `{"path":"a/b.go","lines":3}`, {2, 1}: `{"path":"elsewhere.go","lines":1}`,
		{1, 2}: `{"Path":"a/b.go","Changes":4}`, {3, 3}: `{"style":"tabs"}`,
	}
	for k, d := range rows {
		_, err := db.Exec("INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES (?, ?, ?, pack(?), ?)", k[0], k[1], k[1], d, digest(d))
		require.NoError(t, err)
	}
	s := openMigrated(t, db, path)
	defer s.Close()
	read := func() map[[2]int]string {
		t.Helper()
		got := map[[2]int]string{}
		r, err := s.DB().Query("SELECT node_id, k.id, unpack(data) FROM results JOIN result_kinds k USING (kind)")
		require.NoError(t, err)
		defer r.Close()
		for r.Next() {
			var k [2]int
			var d string
			require.NoError(t, r.Scan(&k[0], &k[1], &d))
			got[k] = d
		}
		require.NoError(t, r.Err())
		return got
	}
	require.Equal(t, rows, read())
	// Schema 24 packs a result that does not begin with its node's name
	// with the name as its dictionary (0x05); schema 49 a metrics row
	// (kind 1) with the metrics' dictionary as well (0x0b).
	require.Equal(t, []string{"1 1 04", "1 2 04", "2 1 0B", "3 3 00"},
		queryNames(t, s.DB(), "SELECT node_id || ' ' || kind || ' ' || hex(substr(data, 1, 1)) FROM result_rows ORDER BY node_id, kind"))
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM results WHERE json_extract(unpack(data), '$.lines') = 3").Scan(&n))
	require.Equal(t, 1, n)

	// Set back to schema 21, the migration runs again and changes nothing.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 21") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, rows, read())

	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResults("metrics", "h2", map[int64]string{1: `{"path":"a/b.go","lines":5}`, 2: `{"path":"c.go","lines":1}`})
	}))
	rows[[2]int{1, 1}], rows[[2]int{2, 1}] = `{"path":"a/b.go","lines":5}`, `{"path":"c.go","lines":1}`
	require.Equal(t, rows, read())
	require.NoError(t, s.Close())
}

// A store written at schema 22 (a node's kind as its word) is carried
// forward: migration 23 stores the kinds Homer makes as one-digit codes
// and any other as it is, every reader reads the words, a read of one kind
// finds its nodes through the index of kinds, and nodes written, looked
// up and deleted afterwards are coded alike.
func TestMigrationTwentyThreeCodesNodeKinds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 22)
	_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (1, 'file', 'a.go', node_key('file', 'a.go')),
		(2, 'release', 'v1', node_key('release', 'v1')), (3, 'person', 'ann', node_key('person', 'ann')),
		(4, 'repository', '.', node_key('repository', '.')), (5, 'plugin-made', 'x', node_key('plugin-made', 'x'))`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO node_rows (id, kind, name, file, key, def_kind, line, end_line, exported, complexity, metadata)
		VALUES (6, 'definition', 'pkg.A', 1, node_key('definition', 'a.go#pkg.A'), 'func', 1, 2, 1, 0, '')`)
	require.NoError(t, err)
	s := openMigrated(t, db, path)
	defer s.Close()
	nodes := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT id || ' ' || kind || ' ' || name || ' ' || (key = node_key(kind, name)) FROM nodes ORDER BY id")
	}
	want := []string{"1 file a.go 1", "2 release v1 1", "3 person ann 1", "4 repository . 1", "5 plugin-made x 1", "6 definition a.go#pkg.A 1"}
	require.Equal(t, want, nodes())
	require.Equal(t, []string{"1 2", "2 4", "3 3", "4 8", "5 plugin-made", "6 1"},
		queryNames(t, s.DB(), "SELECT id || ' ' || kind FROM node_rows ORDER BY id"))
	var id, parent, unused int
	var plan string
	require.NoError(t, s.DB().QueryRow("EXPLAIN QUERY PLAN SELECT id FROM nodes WHERE "+OfKind("kind_code", record.KindPerson), record.KindPerson).Scan(&id, &parent, &unused, &plan))
	require.Contains(t, plan, "nodes_kind", "a read of one kind goes by the index")

	// Set back to schema 22, the migration runs again and changes nothing.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 22") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, nodes())

	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.Node(record.KindFile, "b.go"); err != nil {
			return err
		}
		if _, err := tx.Nodes(record.KindDefinition, []string{"b.go#pkg.B"}); err != nil {
			return err
		}
		ids, err := tx.NodeIDs(record.KindPerson)
		if err != nil {
			return err
		}
		if len(ids) != 1 || ids["ann"] != 3 {
			return fmt.Errorf("persons %v", ids)
		}
		return tx.DeleteNodes("plugin-made")
	}))
	require.Equal(t, []string{"1 file a.go 1", "2 release v1 1", "3 person ann 1", "4 repository . 1", "6 definition a.go#pkg.A 1",
		"7 file b.go 1", "8 definition b.go#pkg.B 1"}, nodes())
	require.Equal(t, []string{"2", "1"}, queryNames(t, s.DB(), "SELECT kind FROM node_rows WHERE id > 6 ORDER BY id"))
	// Deleting a file gives its definitions their whole names back.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode(record.KindFile, "b.go") }))
	require.Equal(t, []string{"b.go#pkg.B"}, queryNames(t, s.DB(), "SELECT name FROM node_rows WHERE id = 8"))
	_, err = KindCode("x")
	require.Error(t, err, "a one-character kind could be read as a code")
	require.NoError(t, s.Close())
}

// A store written at schema 23 (results and parse facts packed without
// their names) is carried forward: migration 24 packs them again with
// their node's name or file's path as the dictionary, every reader reads
// what it read before, and a store set back runs it again to the same
// bytes.
func TestMigrationTwentyFourPacksByTheName(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 23)
	const a = "src/main/java/org/example/A.java"
	_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', ?, node_key('file', ?))`, a, a)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO result_kinds (id, kind) VALUES (1, 'metrics'), (2, 'co-change')`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO result_inputs (id, kind, input_hash) VALUES (1, 1, 'h'), (2, 2, 'h')`)
	require.NoError(t, err)
	metrics := `{"path":"` + a + `","lines":3,"dependents":[{"path":"src/main/java/org/example/B.java"}]}`
	cochange := `{"revs":2,"partners":[{"Path":"src/main/java/org/example/ATests.java","Count":2}]}`
	// As schema 23 packed them: the metrics without the name, the rest
	// with jsonDict alone (0x02).
	oldMetrics := append([]byte{packNamed}, Pack([]byte(`{"path":"lines":3,"dependents":[{"path":"src/main/java/org/example/B.java"}]}`))...)
	_, err = db.Exec(`INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES (1, 1, 1, ?, 1), (1, 2, 2, pack(?), 2)`,
		oldMetrics, cochange)
	require.NoError(t, err)
	facts := []byte("org.example.A" + strings.Repeat("\x12\x03run", 30))
	_, err = db.Exec(`INSERT INTO parse_memo (id, blob_id, parser, path, facts) VALUES (memo_key('b1', 'java@1', ?), 'b1', 'java@1', ?, pack(?))`, a, a, facts)
	require.NoError(t, err)
	s := openMigrated(t, db, path)
	defer s.Close()
	read := func() {
		t.Helper()
		require.Equal(t, []string{metrics, cochange}, queryNames(t, s.DB(), "SELECT unpack(data) FROM results ORDER BY kind DESC"))
		var packed []byte
		var p string
		require.NoError(t, s.DB().QueryRow("SELECT facts, path FROM parse_memos").Scan(&packed, &p))
		got, err := UnpackFacts(packed, p)
		require.NoError(t, err)
		require.Equal(t, facts, got)
		var sqlGot []byte
		require.NoError(t, s.DB().QueryRow("SELECT unpack_facts(facts, path) FROM parse_memos").Scan(&sqlGot))
		require.Equal(t, facts, sqlGot)
	}
	read()
	require.Equal(t, []string{"040B", "05"}, queryNames(t, s.DB(),
		"SELECT CASE kind WHEN 1 THEN hex(substr(data, 1, 2)) ELSE hex(substr(data, 1, 1)) END FROM result_rows ORDER BY kind"),
		"a result is packed with its node's name as the dictionary, left out where it leads (a metrics row with the metrics' dictionary since schema 49)")
	require.Equal(t, []string{"06"}, queryNames(t, s.DB(), "SELECT hex(substr(facts, 1, 1)) FROM parse_memo"), "facts with their path")
	bytesOf := func() []string {
		t.Helper()
		return append(queryNames(t, s.DB(), "SELECT hex(data) FROM result_rows ORDER BY kind"), queryNames(t, s.DB(), "SELECT hex(facts) FROM parse_memo")...)
	}
	before := bytesOf()

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 21") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	read()
	require.Equal(t, before, bytesOf(), "run again, the migrations store the same bytes")
	require.NoError(t, s.Close())
}

// A store written at schema 24 (memos naming files by their paths) is
// carried forward: migration 25 keeps a path that has a file node as the
// node's key and any other as text, both read back as the same paths; a
// pair whose node went is left out, and a digest whose node went is
// deleted and reported (resolve then rewrites everything); the index of
// commit times is gone; a store set back runs it again to the same rows.
func TestMigrationTwentyFiveKeepsMemoPathsByFileKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 24)
	const a, b = "src/main/java/A.java", "gone/B.java"
	const sha1, sha2 = "0123456789abcdef0123456789abcdef01234567", "fedcba9876543210fedcba9876543210fedcba98"
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', '` + a + `', node_key('file', '` + a + `')),
			(2, '3', '` + b + `', node_key('person', '` + b + `'))`,
		`INSERT INTO path_blobs (commit_sha, path, after, before) VALUES (x'` + sha1 + `', '` + a + `', x'` + sha2 + `', ''),
			(x'` + sha2 + `', '` + b + `', x'` + sha1 + `', x'` + sha2 + `')`,
		`INSERT INTO graph_digests (path, digest) VALUES ('` + a + `', '00000000000000aa'), ('` + b + `', '00000000000000bb')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	s := openMigrated(t, db, path)
	defer s.Close()
	blobs := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT lower(hex(commit_sha)) || ' ' || "+pathOf("path")+" || ' ' || lower(hex(after)) || ' ' || "+
			"CASE typeof(before) WHEN 'blob' THEN lower(hex(before)) ELSE before END FROM path_blobs WHERE "+pathOf("path")+" IS NOT NULL ORDER BY 1")
	}
	digests := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT "+pathOf("path")+" || ' ' || "+ShaText("digest")+" FROM graph_digests ORDER BY 1")
	}
	typesOf := func(table string) []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT typeof(path) FROM "+table+" ORDER BY typeof(path)")
	}
	wantBlobs := []string{sha1 + " " + a + " " + sha2 + " ", sha2 + " " + b + " " + sha1 + " " + sha2}
	wantDigests := []string{b + " 00000000000000bb", a + " 00000000000000aa"}
	check := func() {
		t.Helper()
		require.Equal(t, wantBlobs, blobs())
		require.Equal(t, wantDigests, digests())
		require.Equal(t, []string{"integer", "text"}, typesOf("path_blobs"), "a path with a file node is kept as its key, a person's name is no file")
		require.Equal(t, []string{"integer", "text"}, typesOf("graph_digests"))
		require.Empty(t, queryNames(t, s.DB(), "SELECT name FROM sqlite_master WHERE name = 'commits_time'"))
	}
	check()
	require.Equal(t, []string{fmt.Sprint(NodeKey(record.KindFile, a))}, queryNames(t, s.DB(), "SELECT path FROM path_blobs WHERE typeof(path) = 'integer'"))

	// Set back to schema 24, the migration runs again and changes nothing.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 24") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	check()

	// Written in the new form: B's path is now a file's, C's has no node;
	// a pair stored already is kept; a digest replaced, one forgotten.
	const c = "c/C.java"
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.Node(record.KindFile, b); err != nil {
			return err
		}
		for _, p := range [][4]string{{sha1, a, "", ""}, {sha1, b, sha2, ""}, {sha2, c, sha1, ""}} {
			if err := tx.AddPathBlob(p[0], p[1], p[2], p[3]); err != nil {
				return err
			}
		}
		if err := tx.SetGraphDigest(b, "00000000000000cc"); err != nil {
			return err
		}
		if err := tx.SetGraphDigest(c, "00000000000000dd"); err != nil {
			return err
		}
		return tx.SetGraphDigest(a, "")
	}))
	wantBlobs = []string{sha1 + " " + a + " " + sha2 + " ", sha1 + " " + b + " " + sha2 + " ", sha2 + " " + b + " " + sha1 + " " + sha2, sha2 + " " + c + " " + sha1 + " "}
	sort.Strings(wantBlobs)
	require.Equal(t, wantBlobs, blobs())
	require.Equal(t, []string{c + " 00000000000000dd", b + " 00000000000000cc"}, digests())
	require.Equal(t, []string{"integer", "text"}, typesOf("graph_digests"), "B's digest is kept by its key now, its text row replaced")

	// A file node deleted: its pairs read as no path, its digest is lost.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode(record.KindFile, a) }))
	var withoutA []string
	for _, w := range wantBlobs {
		if !strings.Contains(w, a) {
			withoutA = append(withoutA, w)
		}
	}
	require.Equal(t, withoutA, blobs())
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if err := tx.SetGraphDigest(a, "00000000000000ee"); err != nil {
			return err
		}
		return tx.DeleteNode(record.KindFile, b)
	}))
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		got, lost, err := tx.GraphDigests()
		if err != nil {
			return err
		}
		require.True(t, lost, "B's digest names no path any more")
		require.Equal(t, map[string]string{a: "00000000000000ee", c: "00000000000000dd"}, got)
		got, lost, err = tx.GraphDigests()
		require.False(t, lost, "the lost digest was deleted")
		require.Len(t, got, 2)
		return err
	}))
	require.NoError(t, s.Close())
}

// A store written at schema 25 (the parse memo naming files by their
// paths, blobs by their digits) is carried forward: migration 26 keeps a
// path that has a file node as the node's key and a blob id as its bytes,
// the view parse_memos gives the texts back, a row whose file node went
// reads as no path and is pruned, and a store set back runs it again to
// the same rows.
func TestMigrationTwentySixKeepsParseMemoPathsByFileKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 25)
	const a, b = "src/main/java/A.java", "b/B.java"
	const blob1, blob2 = "0123456789abcdef0123456789abcdef01234567", "fedcba9876543210fedcba9876543210fedcba98"
	_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', ?1, node_key('file', ?1))`, a)
	require.NoError(t, err)
	for _, r := range [][3]string{{blob1, a, "one"}, {blob2, a, "two"}, {"HEAD:b", b, "three"}} {
		_, err := db.Exec(`INSERT INTO parse_memo (id, blob_id, parser, path, facts) VALUES (memo_key(?1, 'java@1', ?2), ?1, 'java@1', ?2, pack_facts(?3, ?2))`,
			r[0], r[1], r[2])
		require.NoError(t, err)
	}
	s := openMigrated(t, db, path)
	defer s.Close()
	memo := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT blob_id || ' ' || parser || ' ' || path || ' ' || unpack_facts(facts, path) || ' ' || "+
			"(id = memo_key(blob_id, parser, path)) FROM parse_memos WHERE path IS NOT NULL ORDER BY 1")
	}
	stored := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT typeof(blob_id) || ' ' || typeof(path) FROM parse_memo ORDER BY 1")
	}
	want := []string{blob1 + " java@1 " + a + " one 1", "HEAD:b java@1 " + b + " three 1", blob2 + " java@1 " + a + " two 1"}
	sort.Strings(want)
	require.Equal(t, want, memo())
	require.Equal(t, []string{"blob integer", "blob integer", "text text"}, stored(), "ids as bytes, A's path as its node's key, B's as text")

	// Set back to schema 25, the migration runs again and changes nothing.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 25") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, memo())
	require.Equal(t, []string{"blob integer", "blob integer", "text text"}, stored())

	// Written in the new form: B's file now has a node; a row replaced.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.Node(record.KindFile, b); err != nil {
			return err
		}
		if err := tx.PutParseMemo(blob2, "java@1", b, []byte("four")); err != nil {
			return err
		}
		return tx.PutParseMemo(blob1, "java@1", a, []byte("ONE"))
	}))
	want = []string{blob1 + " java@1 " + a + " ONE 1", "HEAD:b java@1 " + b + " three 1", blob2 + " java@1 " + a + " two 1", blob2 + " java@1 " + b + " four 1"}
	sort.Strings(want)
	require.Equal(t, want, memo())
	require.Equal(t, []string{"blob integer", "blob integer", "blob integer", "text text"}, stored())

	// A's node gone: its rows read as no path, and are pruned with the
	// files no longer at HEAD once the memo holds more than twice them.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode(record.KindFile, a) }))
	require.Equal(t, []string{"HEAD:b java@1 " + b + " three 1", blob2 + " java@1 " + b + " four 1"}, memo())
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.PruneParseMemo("java", "java@1", [][2]string{{"HEAD:b", b}})
	}))
	require.Equal(t, []string{"HEAD:b java@1 " + b + " three 1"}, memo())
	require.Equal(t, []string{"text text"}, stored())
	require.NoError(t, s.Close())
}

// Migration 27 makes the index of node kinds partial: the kinds of few
// nodes are read by it (OfKind states its condition), commits,
// definitions and files by scanning the table, with the same rows either
// way, before and after the migration, and a store set back runs it again.
func TestMigrationTwentySevenIndexesFewKinds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 26)
	_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', 'a.go', node_key('file', 'a.go')),
		(2, '3', 'ann', node_key('person', 'ann')), (3, '4', 'v1', node_key('release', 'v1')), (4, '2', 'b.go', node_key('file', 'b.go')),
		(5, 'plugin-made', 'x', node_key('plugin-made', 'x')), (6, '3', 'bob', node_key('person', 'bob'))`)
	require.NoError(t, err)
	kinds := []string{record.KindFile, record.KindPerson, record.KindRelease, "plugin-made", record.KindCommit}
	read := func(db *sql.DB) map[string][]string {
		t.Helper()
		out := map[string][]string{}
		for _, k := range kinds {
			rows, err := db.Query("SELECT name FROM nodes WHERE "+OfKind("kind_code", k)+" ORDER BY id", k)
			require.NoError(t, err)
			for rows.Next() {
				var n string
				require.NoError(t, rows.Scan(&n))
				out[k] = append(out[k], n)
			}
			require.NoError(t, rows.Close())
		}
		return out
	}
	want := map[string][]string{record.KindFile: {"a.go", "b.go"}, record.KindPerson: {"ann", "bob"}, record.KindRelease: {"v1"}, "plugin-made": {"x"}}
	require.Equal(t, want, read(db), "before the migration")
	s := openMigrated(t, db, path)
	defer s.Close()
	require.Equal(t, want, read(s.DB()))
	plan := func(kind string) string {
		t.Helper()
		var id, parent, unused int
		var p string
		require.NoError(t, s.DB().QueryRow("EXPLAIN QUERY PLAN SELECT id FROM nodes WHERE "+OfKind("kind_code", kind), kind).Scan(&id, &parent, &unused, &p))
		return p
	}
	for _, k := range []string{record.KindPerson, record.KindRelease, record.KindOutput, "plugin-made"} {
		require.Contains(t, plan(k), "nodes_kind", k)
	}
	require.NotContains(t, plan(record.KindFile), "nodes_kind", "files are read by a scan")
	require.Equal(t, []string{"2", "3", "5", "6"}, queryNames(t, s.DB(), "SELECT rowid FROM node_rows INDEXED BY nodes_kind WHERE kind >= '3' ORDER BY rowid"),
		"the index holds the kinds from '3' on")

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 26") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, read(s.DB()))
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		ids, err := tx.NodeIDs(record.KindPerson)
		if err != nil {
			return err
		}
		require.Equal(t, map[string]int64{"ann": 2, "bob": 6}, ids)
		rows, err := tx.NodeRows(record.KindRelease, "plugin-made")
		if err != nil {
			return err
		}
		require.Len(t, rows, 2)
		return tx.DeleteNodes(record.KindPerson)
	}))
	delete(want, record.KindPerson)
	require.Equal(t, want, read(s.DB()))
	require.NoError(t, s.Close())
}

// Migrations 28 and 29 store a file node by its name within its
// directory and the directory's key: every reader reads whole paths as
// before (nodes, its definitions' names, the parse memo's view, the
// memos that keep a path as its file's key), new file nodes are stored so
// by the trigger, a directory leaves dirs with its last file, a file's
// deletion gives its definitions their whole names, two directories of
// one key are refused, and a store set back runs both again.
func TestMigrationsTwentyEightAndTwentyNineNameFilesByDirectory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 27)
	const a, b, top, c = "src/a/A.java", "src/a/B.java", "top.go", "src/b/C.go"
	_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', ?1, node_key('file', ?1)), (2, '2', ?2, node_key('file', ?2)),
		(3, '2', ?3, node_key('file', ?3)), (4, '2', ?4, node_key('file', ?4)), (7, '3', 'ann/x', node_key('person', 'ann/x'))`, a, b, top, c)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO node_rows (id, kind, name, file, key) VALUES (5, '1', 'A.run', 1, node_key('definition', ?1 || '#A.run')),
		(6, '1', 'C.x', 4, node_key('definition', ?2 || '#C.x'))`, a, c)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO parse_memo (id, blob_id, parser, path, facts) VALUES (1, x'01', 'java@1', node_key('file', ?1), pack_facts('f', ?1))`, a)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO graph_digests (path, digest) VALUES (node_key('file', ?1), 'd1'), (node_key('file', ?2), 'd2')`, b, top)
	require.NoError(t, err)
	names := func(db *sql.DB) []string {
		t.Helper()
		return queryNames(t, db, "SELECT kind || ' ' || name || ' ' || local_name || ' ' || (key = node_key(kind, name)) FROM nodes ORDER BY id")
	}
	want := []string{"file " + a + " " + a + " 1", "file " + b + " " + b + " 1", "file top.go top.go 1", "file " + c + " " + c + " 1",
		"definition " + a + "#A.run A.run 1", "definition " + c + "#C.x C.x 1", "person ann/x ann/x 1"}
	require.Equal(t, want, names(db), "before the migrations")
	s := openMigrated(t, db, path)
	defer s.Close()
	stored := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT id || ' ' || name || ' ' || coalesce((SELECT d.path FROM dirs d WHERE d.id = n.dir), '-') FROM node_rows n ORDER BY id")
	}
	dirs := func() []string {
		t.Helper()
		return queryNames(t, s.DB(), "SELECT path || ' ' || files || ' ' || (id = dir_key(path)) FROM dirs ORDER BY path")
	}
	check := func() {
		t.Helper()
		require.Equal(t, want, names(s.DB()))
		require.Equal(t, []string{"1 A.java src/a", "2 B.java src/a", "3 top.go -", "4 C.go src/b", "5 \x01.run -", "6 \x01.x -", "7 ann/x -"}, stored(),
			"files by their directory; other kinds as they were (definitions without their file's stem since schema 40)")
		require.Equal(t, []string{"src/a 2 1", "src/b 1 1"}, dirs())
		require.Equal(t, []string{a + " f"}, queryNames(t, s.DB(), "SELECT path || ' ' || unpack_facts(facts, path) FROM parse_memos"))
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			got, lost, err := tx.GraphDigests()
			require.False(t, lost)
			require.Equal(t, map[string]string{b: "d1", top: "d2"}, got)
			return err
		}))
	}
	check()

	// Set back to schema 27, both run again and change nothing.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 27") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	check()

	// Written in the new form: a file beside A and its definition, a file
	// in a new directory; the definitions of A's file read by its range.
	const d, e = "src/a/D.java", "x/y/E.go"
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.Node(record.KindFile, d); err != nil {
			return err
		}
		if _, err := tx.Nodes(record.KindFile, []string{e, a}); err != nil {
			return err
		}
		if _, err := tx.Node(record.KindDefinition, d+"#D.m"); err != nil {
			return err
		}
		tx.DropNodeCache() // the join, not the writer's cache, finds the file
		if _, err := tx.Nodes(record.KindDefinition, []string{e + "#E.f", a + "#A.stop"}); err != nil {
			return err
		}
		defs, err := tx.NodesByName(record.KindDefinition, a)
		require.Len(t, defs, 2)
		require.Contains(t, defs, a+"#A.stop")
		return err
	}))
	require.Equal(t, []string{"src/a 3 1", "src/b 1 1", "x/y 1 1"}, dirs())
	require.Equal(t, []string{d + "#D.m D.m", e + "#E.f E.f", a + "#A.stop A.stop"},
		queryNames(t, s.DB(), "SELECT name || ' ' || local_name FROM nodes WHERE id > 7 AND kind = 'definition' ORDER BY id"))
	require.Equal(t, []string{"D.java", "E.go", "\x01.m", "\x01.f", "\x01.stop"}, queryNames(t, s.DB(), "SELECT name FROM node_rows WHERE id > 7 ORDER BY id"),
		"stored by directory, definitions within their file")

	// A file's deletion gives its definitions their whole names, and a
	// directory goes with its last file.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		for _, f := range []string{a, b, e} {
			if err := tx.DeleteNode(record.KindFile, f); err != nil {
				return err
			}
		}
		return nil
	}))
	require.Equal(t, []string{"src/a 1 1", "src/b 1 1"}, dirs())
	require.Equal(t, []string{a + "#A.run", e + "#E.f", a + "#A.stop"},
		queryNames(t, s.DB(), "SELECT name FROM node_rows WHERE kind = '1' AND file IS NULL ORDER BY id"))
	require.Equal(t, []string{a + "#A.run A.run", c + "#C.x C.x", d + "#D.m D.m", e + "#E.f E.f", a + "#A.stop A.stop"},
		queryNames(t, s.DB(), "SELECT name || ' ' || substr(name, instr(name, '#') + 1) FROM nodes WHERE kind = 'definition' ORDER BY id"))

	// Two directories of one key: the second is refused, nothing stored.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ExecRaw("INSERT INTO dirs (id, path, files) VALUES (dir_key('q'), 'not q', 1)")
	}))
	err = s.Write(ctx, func(tx *Tx) error { _, err := tx.Node(record.KindFile, "q/r.go"); return err })
	require.ErrorContains(t, err, "two directories of one key")
	require.Empty(t, queryNames(t, s.DB(), "SELECT name FROM nodes WHERE name = 'q/r.go'"))
	require.NoError(t, s.Close())
}

// Migration 30 packs the parse memo's facts several files of one parser
// together: every file's facts read back as they were through the view,
// a file alone in its parser stays as it was, a store packs again what
// it stored one by one since (Compact), and a pack goes with the last
// row that refers to it; a store set back runs the migration again.
func TestMigrationThirtyPacksParseMemo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 29)
	files := []string{"src/a/A.java", "src/a/B.java", "src/b/C.java", "lib/D.kt"}
	for i, f := range files {
		_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (?1, '2', ?2, node_key('file', ?2))`, i+1, f)
		require.NoError(t, err)
		parser := "java@1"
		if strings.HasSuffix(f, ".kt") {
			parser = "kotlin@1"
		}
		_, err = db.Exec(`INSERT INTO parse_memo (id, blob_id, parser, path, facts) VALUES (memo_key(?1, ?2, ?3), hex_bytes(?1), ?2, node_key('file', ?3), pack_facts(?4, ?3))`,
			fmt.Sprintf("%040x", i), parser, f, "facts of "+f)
		require.NoError(t, err)
	}
	read := func(db *sql.DB) []string {
		t.Helper()
		return queryNames(t, db, "SELECT parser || ' ' || path || ' ' || unpack_facts(facts, path) || ' ' || (id = memo_key(blob_id, parser, path)) FROM parse_memos ORDER BY path")
	}
	stored := func(db *sql.DB) []string {
		t.Helper()
		return queryNames(t, db, "SELECT hex(substr(facts, 1, 1)) || ' ' || coalesce(memo_pack(facts), '-') FROM parse_memo ORDER BY path")
	}
	want := []string{"kotlin@1 lib/D.kt facts of lib/D.kt 1", "java@1 src/a/A.java facts of src/a/A.java 1", "java@1 src/a/B.java facts of src/a/B.java 1",
		"java@1 src/b/C.java facts of src/b/C.java 1"}
	s := openMigrated(t, db, path)
	defer s.Close()
	require.Equal(t, want, read(s.DB()))
	got := stored(s.DB())
	require.Len(t, got, 4)
	var packed int
	for _, g := range got {
		if strings.HasPrefix(g, "07 ") {
			packed++
		}
	}
	require.Equal(t, 3, packed, "the three Java files in a pack, the Kotlin one alone: %v", got)
	require.Equal(t, []string{"1"}, queryNames(t, s.DB(), "SELECT count(*) FROM parse_packs"))

	// Set back to schema 29, the migration runs again and changes nothing.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 29") }))
	require.NoError(t, s.Close())
	s, err := Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, read(s.DB()))
	require.ElementsMatch(t, got, stored(s.DB()))

	// A file parsed again is stored alone; Compact packs it with the
	// other file of its directory that is alone.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if err := tx.PutParseMemo("ff", "java@1", "src/a/A.java", []byte("new facts of A")); err != nil {
			return err
		}
		return tx.PutParseMemo("ee", "java@1", "src/a/E.java", []byte("facts of E"))
	}))
	want2 := append([]string{"java@1 src/a/A.java new facts of A 1"}, want...)
	want2 = append(want2, "java@1 src/a/E.java facts of E 1")
	sort.Strings(want2)
	sortedRead := func() []string {
		t.Helper()
		r := read(s.DB())
		sort.Strings(r)
		return r
	}
	require.Equal(t, want2, sortedRead())
	require.Equal(t, []string{"00 -", "00 -", "00 -"}, queryNames(t, s.DB(), "SELECT hex(substr(facts, 1, 1)) || ' ' || coalesce(memo_pack(facts), '-') FROM parse_memo WHERE substr(facts, 1, 1) != x'07'"),
		"stored as they are until packed: the two new rows and the Kotlin file's, short")
	require.NoError(t, s.Compact(ctx))
	require.Equal(t, want2, sortedRead())
	require.Equal(t, []string{"2"}, queryNames(t, s.DB(), "SELECT count(*) FROM parse_packs"))
	require.Equal(t, []string{"00 -"}, queryNames(t, s.DB(), "SELECT hex(substr(facts, 1, 1)) || ' ' || coalesce(memo_pack(facts), '-') FROM parse_memo WHERE substr(facts, 1, 1) != x'07'"))

	// Pruned to the files at HEAD: the first pack keeps B and C, the
	// second goes with its rows.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.PruneParseMemo("java", "java@1", [][2]string{{fmt.Sprintf("%040x", 1), "src/a/B.java"}})
	}))
	require.Equal(t, []string{"java@1 src/a/B.java facts of src/a/B.java 1", "kotlin@1 lib/D.kt facts of lib/D.kt 1"}, sortedRead())
	require.Equal(t, []string{"1"}, queryNames(t, s.DB(), "SELECT count(*) FROM parse_packs"))

	// Another build of the plugin parses: the old build's rows go, and
	// their pack with them.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.PruneParseMemo("java", "java@2", [][2]string{{fmt.Sprintf("%040x", 1), "src/a/B.java"}})
	}))
	require.Equal(t, []string{"kotlin@1 lib/D.kt facts of lib/D.kt 1"}, sortedRead())
	require.Equal(t, []string{"0"}, queryNames(t, s.DB(), "SELECT count(*) FROM parse_packs"))
	require.NoError(t, s.Close())
}

// Migration 31 keeps a definition's kind of the usual words as one byte
// and empty metadata as an empty text: every node reads the metadata written, before
// and after, a kind of another word stays text, new nodes are stored so,
// and a store set back runs the migration again.
func TestMigrationThirtyOneCodesDefinitionKindsAndEmptyMetadata(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 30)
	_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', 'src/a.go', node_key('file', 'src/a.go')),
		(2, '4', 'v0', node_key('release', 'v0'))`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO node_rows (id, kind, name, key, metadata) VALUES (3, '3', 'ann', node_key('person', 'ann'), '{"name":"Ann"}')`)
	require.NoError(t, err)
	for i, k := range []string{"method", "widget", "namespace"} {
		_, err = db.Exec(`INSERT INTO node_rows (id, kind, name, file, key, metadata, def_kind, line, end_line, exported, complexity)
			VALUES (?1, '1', ?2, 1, node_key('definition', 'src/a.go#' || ?2), '', ?3, 1, 2, 0, 0)`, 10+i, "T.f"+k, k)
		require.NoError(t, err)
	}
	read := func(db *sql.DB) []string {
		t.Helper()
		return queryNames(t, db, "SELECT kind || ' ' || name || ' ' || metadata FROM nodes ORDER BY id")
	}
	stored := func(db *sql.DB) []string {
		t.Helper()
		return queryNames(t, db, "SELECT id || ' ' || quote(metadata) || ' ' || quote(def_kind) FROM node_rows ORDER BY id")
	}
	want := []string{"file src/a.go {}", "release v0 {}", `person ann {"name":"Ann"}`,
		`definition src/a.go#T.fmethod {"name":"fmethod","kind":"method","line":1,"end":2,"exported":false}`,
		`definition src/a.go#T.fwidget {"name":"fwidget","kind":"widget","line":1,"end":2,"exported":false}`,
		`definition src/a.go#T.fnamespace {"name":"fnamespace","kind":"namespace","line":1,"end":2,"exported":false}`}
	require.Equal(t, want, read(db), "before the migration")
	s := openMigrated(t, db, path)
	defer s.Close()
	require.Equal(t, want, read(s.DB()))
	wantStored := []string{"1 '' NULL", "2 '' NULL", `3 '{"name":"Ann"}' NULL`, "10 '' X'00'", "11 '' 'widget'", "12 '' X'0F'"}
	require.Equal(t, wantStored, stored(s.DB()))

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 30") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, read(s.DB()))
	require.Equal(t, wantStored, stored(s.DB()))

	// Written anew: a file and a release with no metadata, a method, a
	// kind of another word, a person's metadata set back to none.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.Nodes(record.KindFile, []string{"src/b.go"}); err != nil {
			return err
		}
		if _, err := tx.Node(record.KindRelease, "v1"); err != nil {
			return err
		}
		if _, err := tx.SetNode(record.KindPerson, "ann", "", "{}"); err != nil {
			return err
		}
		if _, err := tx.SetNode(record.KindDefinition, "src/b.go#g", "", `{"name":"g","kind":"function","line":3,"end":4,"exported":true}`); err != nil {
			return err
		}
		_, err := tx.SetNode(record.KindDefinition, "src/b.go#h", "", `{"name":"h","kind":"gadget","line":3,"end":4,"exported":true}`)
		return err
	}))
	require.Equal(t, []string{"person ann {}", "file src/b.go {}", "release v1 {}",
		`definition src/b.go#g {"name":"g","kind":"function","line":3,"end":4,"exported":true}`,
		`definition src/b.go#h {"name":"h","kind":"gadget","line":3,"end":4,"exported":true}`},
		queryNames(t, s.DB(), "SELECT kind || ' ' || name || ' ' || metadata FROM nodes WHERE id = 3 OR id > 12 ORDER BY id"))
	require.Equal(t, []string{"3 '' NULL", "13 '' NULL", "14 '' NULL", "15 '' X'01'", "16 '' 'gadget'"},
		queryNames(t, s.DB(), "SELECT id || ' ' || quote(metadata) || ' ' || quote(def_kind) FROM node_rows WHERE id = 3 OR id > 12 ORDER BY id"))
	require.NoError(t, s.Close())
}

// The writer keeps the ids of the nodes a transaction wrote for the next
// ones, but for definitions, which a later transaction finds by key: the
// same ids either way.
func TestWriterCacheLeavesDefinitions(t *testing.T) {
	t.Parallel()
	s := open(t)
	ctx := context.Background()
	names := [][2]string{{record.KindFile, "a.go"}, {record.KindDefinition, "a.go#f"}, {record.KindPerson, "ann@example.com"}}
	first := map[[2]string]int64{}
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		for _, n := range names {
			id, err := tx.Node(n[0], n[1])
			if err != nil {
				return err
			}
			first[n] = id
		}
		defs, err := tx.Nodes(record.KindDefinition, []string{"a.go#g"})
		first[[2]string{record.KindDefinition, "a.go#g"}] = defs["a.go#g"]
		return err
	}))
	require.Equal(t, map[nodeKey]int64{{record.KindFile, "a.go"}: first[names[0]], {record.KindPerson, "ann@example.com"}: first[names[2]]}, s.nodes)
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		for n, want := range first {
			id, err := tx.Node(n[0], n[1])
			require.NoError(t, err)
			require.Equal(t, want, id, n)
		}
		return nil
	}))
	var count int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes").Scan(&count))
	require.Equal(t, 4, count)
}

// A store a Homer without FTS5 made (its index a plain table) is carried
// forward by a Homer with FTS5 as it is, plain, and stays writable and
// searchable as such.
func TestMigrationsKeepAPlainIndexPlain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "homer.db")
	db, err := sql.Open(driverName, dsn(path, false))
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	require.NoError(t, migrateWith(ctx, db, path, 34, false))
	require.True(t, PlainSearchIndex(ctx, db))
	require.NoError(t, migrateWith(ctx, db, path, len(migrations), true), "a build with FTS5 migrates the plain store")
	require.True(t, PlainSearchIndex(ctx, db))
	var version int
	require.NoError(t, db.QueryRow("PRAGMA user_version").Scan(&version))
	require.Equal(t, SchemaVersion, version)
	require.NoError(t, db.Close())
	s, err := Open(ctx, path)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		_, err := tx.AddCommits([]CommitRow{{Sha: strings.Repeat("ab", 20), Message: "fix the parser", CommitTime: 1}})
		return err
	}))
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM search WHERE body LIKE '%parser%'").Scan(&n))
	require.Equal(t, 1, n)
}

// ReleaseReaders closes the idle reading connections; reads go on, on
// connections opened anew.
func TestReleaseReaders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	defer s.Close()
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes").Scan(&n))
	require.Equal(t, 1, s.DB().Stats().Idle)
	s.ReleaseReaders()
	require.Equal(t, 0, s.DB().Stats().Idle)
	closed := s.DB().Stats().MaxIdleClosed
	require.Positive(t, closed)
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes").Scan(&n))
	require.Equal(t, 1, s.DB().Stats().Idle, "a connection opened anew waits for the next read")
}
