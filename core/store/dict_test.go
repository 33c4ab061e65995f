package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// facts made up as a parser's would be: a package, imports and names that
// recur across files, and a part of each file's own.
func sampleFacts(i int) []byte {
	return []byte(fmt.Sprintf(`package org.example.project.module%d; import org.example.project.support.Helper; `+
		`import org.example.project.support.Config; class Widget%d extends AbstractWidget { void render%d() {} }`, i%5, i, i))
}

func sampleMetrics(path string, i int) string {
	return fmt.Sprintf(`{"path":%q,"lines":%d,"co_changes":[{"path":"src/main/java/org/example/project/Other%d.java","count":%d}]}`, path, i, i%7, i%3)
}

// readAll reads every fact and result back through SQL, as readers do.
func readAll(t *testing.T, db *sql.DB) (facts map[string]string, results map[string]string) {
	t.Helper()
	facts, results = map[string]string{}, map[string]string{}
	rows, err := db.Query("SELECT path, unpack(facts) FROM parse_memo")
	require.NoError(t, err)
	for rows.Next() {
		var p, f string
		require.NoError(t, rows.Scan(&p, &f))
		facts[p] = f
	}
	require.NoError(t, rows.Err())
	rows.Close()
	rows, err = db.Query("SELECT n.name || ' ' || r.kind, unpack(r.data) FROM results r JOIN nodes n ON n.id = r.node_id")
	require.NoError(t, err)
	for rows.Next() {
		var k, d string
		require.NoError(t, rows.Scan(&k, &d))
		results[k] = d
	}
	require.NoError(t, rows.Err())
	rows.Close()
	return facts, results
}

func formats(t *testing.T, db *sql.DB, q string) map[string]int {
	t.Helper()
	got := map[string]int{}
	for _, f := range queryNames(t, db, q) {
		got[f]++
	}
	return got
}

// A store makes its dictionary for facts from the first 64 it memoizes,
// packs those again with it, and packs every later one with it; results
// of a kind likewise, each kind with its own.
func TestStoreMakesDictionariesFromItsFirstValues(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	want := map[string]string{}
	put := func(from, to int) {
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			for i := from; i < to; i++ {
				p := fmt.Sprintf("src/W%d.java", i)
				want[p] = string(sampleFacts(i))
				if err := tx.PutParseMemo(fmt.Sprintf("%040x", i), "java@1#x", p, sampleFacts(i)); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	put(0, 40)
	put(40, 63)
	require.Equal(t, 0, len(queryNames(t, s.DB(), "SELECT purpose FROM pack_dicts")))
	require.NotContains(t, formats(t, s.DB(), "SELECT hex(substr(facts, 1, 1)) FROM parse_memo"), "05")
	put(63, 100)
	require.Equal(t, []string{"facts"}, queryNames(t, s.DB(), "SELECT purpose FROM pack_dicts"))
	require.Equal(t, map[string]int{"05": 100}, formats(t, s.DB(), "SELECT hex(substr(facts, 1, 1)) FROM parse_memo"))

	// Results: 64 files' metrics make their kind's dictionary; the one
	// conventions row packs as before.
	ids := map[int64]string{}
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		for i := 0; i < 80; i++ {
			p := fmt.Sprintf("src/main/java/org/example/project/W%d.java", i)
			id, err := tx.Node("file", p)
			if err != nil {
				return err
			}
			ids[id] = sampleMetrics(p, i)
		}
		return nil
	}))
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ReplaceResults("metrics", "h1", ids) }))
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		repo, err := tx.Node("repository", ".")
		if err != nil {
			return err
		}
		return tx.SetResult(repo, "conventions", "h1", `{"style":"tabs"}`)
	}))
	require.Equal(t, []string{"facts", "result:metrics"}, queryNames(t, s.DB(), "SELECT purpose FROM pack_dicts ORDER BY purpose"))
	require.Equal(t, map[string]int{"0405": 80, "00": 1},
		formats(t, s.DB(), "SELECT hex(substr(data, 1, CASE WHEN substr(data, 1, 1) = x'04' THEN 2 ELSE 1 END)) FROM result_rows"))

	facts, results := readAll(t, s.DB())
	require.Equal(t, want, facts)
	require.Len(t, results, 81)
	for id, d := range ids {
		var name string
		require.NoError(t, s.DB().QueryRow("SELECT name FROM nodes WHERE id = ?", id).Scan(&name))
		require.Equal(t, d, results[name+" metrics"])
	}
	require.Equal(t, `{"style":"tabs"}`, results[". conventions"])

	// Another process (here: this one, reopened) reads them with the
	// dictionaries the store holds.
	path := s.Path()
	require.NoError(t, s.Close())
	s2, err := Open(ctx, path)
	require.NoError(t, err)
	defer s2.Close()
	facts2, results2 := readAll(t, s2.DB())
	require.Equal(t, facts, facts2)
	require.Equal(t, results, results2)
}

// A transaction that made a dictionary and failed leaves none, and the
// next one makes the same dictionary again.
func TestStoreDictionaryOfAFailedTransactionIsMadeAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	put := func(tx *Tx) error {
		for i := 0; i < 64; i++ {
			if err := tx.PutParseMemo(fmt.Sprintf("%040x", i), "java@1#x", fmt.Sprintf("src/W%d.java", i), sampleFacts(i)); err != nil {
				return err
			}
		}
		return nil
	}
	failed := fmt.Errorf("stop")
	require.ErrorIs(t, s.Write(ctx, func(tx *Tx) error {
		if err := put(tx); err != nil {
			return err
		}
		return failed
	}), failed)
	require.Empty(t, queryNames(t, s.DB(), "SELECT purpose FROM pack_dicts"))
	require.NoError(t, s.Write(ctx, put))
	var id int64
	require.NoError(t, s.DB().QueryRow("SELECT id FROM pack_dicts WHERE purpose = 'facts'").Scan(&id))
	var samples [][]byte
	for i := 0; i < 64; i++ {
		samples = append(samples, sampleFacts(i))
	}
	require.Equal(t, DictID(MakeDict(samples)), id)
	require.Equal(t, map[string]int{"05": 64}, formats(t, s.DB(), "SELECT hex(substr(facts, 1, 1)) FROM parse_memo"))
}

// A value packed with a dictionary this process has not seen, made by
// another process after the store was opened, is read: the open stores'
// dictionaries are read again. One in no open store is an error.
func TestUnpackReadsADictionaryMadeAfterOpen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "homer.db")
	s, err := Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	dict := []byte("a dictionary made elsewhere: org.example.unseen.Widget " + t.Name())
	data := []byte("org.example.unseen.Widget org.example.unseen.Widget and more")
	packed := PackDict(data, dict)
	dicts.Delete(DictID(dict)) // as if packed by another process

	_, err = Unpack(packed)
	require.ErrorIs(t, err, ErrPacked)
	// The other process stores the dictionary and the row.
	other, err := sql.Open(driverName, dsn(path, false))
	require.NoError(t, err)
	_, err = other.Exec("INSERT INTO pack_dicts (purpose, id, dict) VALUES ('facts', ?, ?)", DictID(dict), dict)
	require.NoError(t, err)
	_, err = other.Exec("INSERT INTO parse_memo (id, blob_id, parser, path, facts) VALUES (1, 'b', 'p', 'a.go', ?)", packed)
	require.NoError(t, err)
	require.NoError(t, other.Close())
	var got string
	require.NoError(t, s.DB().QueryRow("SELECT unpack(facts) FROM parse_memo WHERE id = 1").Scan(&got))
	require.Equal(t, string(data), got)

	cut := append([]byte{}, packed...)
	binary.BigEndian.PutUint64(cut[1:9], 12345)
	_, err = Unpack(cut)
	require.ErrorIs(t, err, ErrPacked)
	_, err = Unpack(packed[:5])
	require.ErrorIs(t, err, ErrPacked)
}

// Two stores open in one process each read their own dictionaries.
func TestTwoStoresKeepTheirOwnDictionaries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var stores []*Store
	for k := 0; k < 2; k++ {
		s := open(t)
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			for i := 0; i < 70; i++ {
				f := append([]byte(fmt.Sprintf("store%d ", k)), sampleFacts(i+100*k)...)
				if err := tx.PutParseMemo(fmt.Sprintf("%040x", i), "java@1#x", fmt.Sprintf("W%d.java", i), f); err != nil {
					return err
				}
			}
			return nil
		}))
		stores = append(stores, s)
	}
	ids := map[string]bool{}
	for k, s := range stores {
		var id int64
		require.NoError(t, s.DB().QueryRow("SELECT id FROM pack_dicts").Scan(&id))
		ids[fmt.Sprint(id)] = true
		facts, _ := readAll(t, s.DB())
		require.Len(t, facts, 70)
		require.Equal(t, fmt.Sprintf("store%d ", k)+string(sampleFacts(5+100*k)), facts["W5.java"])
	}
	require.Len(t, ids, 2)
}

// A store written at schema 22 is carried forward: migration 23 makes the
// dictionaries from the facts and the results it holds (a kind with fewer
// than 64 rows gets none) and packs every row again with its own, the
// values unchanged; run again it changes nothing.
func TestMigrationTwentyThreePacksWithTheStoresDictionaries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 22)
	for i := 0; i < 70; i++ {
		p := fmt.Sprintf("src/main/java/org/example/project/W%d.java", i)
		_, err := db.Exec("INSERT INTO parse_memo (id, blob_id, parser, path, facts) VALUES (memo_key(?1, 'java@1#x', ?2), ?1, 'java@1#x', ?2, pack(?3))",
			fmt.Sprintf("%040x", i), p, sampleFacts(i))
		require.NoError(t, err)
		_, err = db.Exec("INSERT INTO node_rows (id, kind, name, key) VALUES (?1, 'file', ?2, node_key('file', ?2))", i+1, p)
		require.NoError(t, err)
	}
	_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (100, 'repository', '.', node_key('repository', '.'));
		INSERT INTO result_kinds (id, kind) VALUES (1, 'metrics'), (2, 'conventions');
		INSERT INTO result_inputs (id, kind, input_hash) VALUES (1, 1, 'h'), (2, 2, 'h')`)
	require.NoError(t, err)
	for i := 0; i < 70; i++ {
		p := fmt.Sprintf("src/main/java/org/example/project/W%d.java", i)
		d := sampleMetrics(p, i)
		if i == 3 {
			d = `{"lines":3,"of":"` + p + `","again":"` + p + `"}` // a result that does not begin with its name
		}
		_, err := db.Exec("INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES (?, 1, 1, result_pack(?, ?), ?)", i+1, d, p, digest(d))
		require.NoError(t, err)
	}
	_, err = db.Exec(`INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES (100, 2, 2, pack('{"style":"tabs"}'), 0)`)
	require.NoError(t, err)
	// What schema 22 reads.
	s22, err := sql.Open(driverName, dsn(path, true))
	require.NoError(t, err)
	facts, results := readAll(t, s22)
	require.NoError(t, s22.Close())
	require.Len(t, facts, 70)
	require.Len(t, results, 71)

	s := openMigrated(t, db, path)
	defer s.Close()
	f2, r2 := readAll(t, s.DB())
	require.Equal(t, facts, f2)
	require.Equal(t, results, r2)
	require.Equal(t, []string{"facts", "result:metrics"}, queryNames(t, s.DB(), "SELECT purpose FROM pack_dicts ORDER BY purpose"))
	require.Equal(t, map[string]int{"05": 70}, formats(t, s.DB(), "SELECT hex(substr(facts, 1, 1)) FROM parse_memo"))
	require.Equal(t, map[string]int{"0405": 69, "05": 1, "00": 1},
		formats(t, s.DB(), "SELECT hex(substr(data, 1, CASE WHEN substr(data, 1, 1) = x'04' THEN 2 ELSE 1 END)) FROM result_rows"))
	stored := queryNames(t, s.DB(), "SELECT hex(data) FROM result_rows ORDER BY node_id")

	// Set back to schema 22, the migration runs again and changes nothing.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 22") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	f3, r3 := readAll(t, s.DB())
	require.Equal(t, facts, f3)
	require.Equal(t, results, r3)
	require.Equal(t, stored, queryNames(t, s.DB(), "SELECT hex(data) FROM result_rows ORDER BY node_id"))

	// Writes go on with the dictionaries made.
	p := "src/main/java/org/example/project/W1.java"
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if err := tx.SetResult(2, "metrics", "h2", sampleMetrics(p, 99)); err != nil {
			return err
		}
		return tx.PutParseMemo("ff", "java@1#x", "new.java", sampleFacts(99))
	}))
	f4, r4 := readAll(t, s.DB())
	require.Equal(t, string(sampleFacts(99)), f4["new.java"])
	require.Equal(t, sampleMetrics(p, 99), r4[p+" metrics"])
	require.Equal(t, []string{"0405"}, queryNames(t, s.DB(), "SELECT hex(substr(data, 1, 2)) FROM result_rows WHERE node_id = 2"))
	require.NoError(t, s.Close())
}
