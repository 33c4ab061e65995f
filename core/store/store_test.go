package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
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
	var nodes, edges, members int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM nodes").Scan(&nodes))
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM edges").Scan(&edges))
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM edge_members").Scan(&members))
	require.Equal(t, []int{2, 1, 2}, []int{nodes, edges, members})
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
		id, err := tx.Node("commit", "abc")
		if err != nil {
			return err
		}
		if err := tx.Index(id, "commit", "abc", "An old message"); err != nil {
			return err
		}
		return tx.Index(id, "commit", "abc", "Fix the retry loop in the HTTP client")
	}))
	var ref string
	require.NoError(t, s.DB().QueryRow("SELECT ref FROM search WHERE search MATCH 'retry'").Scan(&ref))
	require.Equal(t, "abc", ref)
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM search WHERE search MATCH 'old'").Scan(&n))
	require.Zero(t, n, "indexing a node again replaces its text")
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
	rows, err := s.DB().Query("SELECT node_id, data, input_hash FROM results WHERE kind = 'k'")
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
