package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

// A store written at schema 36 (results indexed by kind and input) is
// carried forward: migration 37 drops the index, rows of a kind are still
// read, replaced and deleted by kind, the input hashes no row holds are
// pruned, and set back to 36 the migration runs again without harm.
func TestMigrationThirtySevenDropsTheResultKindIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 36)
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', 'src/a.go', node_key('file', 'src/a.go')), (2, '2', 'src/b.go', node_key('file', 'src/b.go'))`,
		`INSERT INTO result_kinds (id, kind) VALUES (1, 'metrics'), (2, 'source')`,
		`INSERT INTO result_inputs (id, kind, input_hash) VALUES (1, 1, 'h1'), (2, 2, 'h2'), (3, 1, 'h0')`,
		`INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES
			(1, 1, 1, result_pack('{"path":"src/a.go","churn":5}', 'src/a.go'), 8),
			(2, 1, 3, result_pack('{"path":"src/b.go","churn":3}', 'src/b.go'), 7),
			(1, 2, 2, pack('{"n":1}'), 9)`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	indexes := "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'result_rows'"
	require.Equal(t, []string{"result_rows_kind"}, queryNames(t, db, indexes), "before the migration")
	read := "SELECT node_id || ' ' || kind || ' ' || input_hash || ' ' || unpack(data) || ' ' || digest FROM results ORDER BY node_id, kind"
	want := []string{`1 metrics h1 {"path":"src/a.go","churn":5} 8`, `1 source h2 {"n":1} 9`, `2 metrics h0 {"path":"src/b.go","churn":3} 7`}
	require.Equal(t, want, queryNames(t, db, read), "before the migration")

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Empty(t, queryNames(t, s.DB(), indexes))
	require.Equal(t, want, queryNames(t, s.DB(), read))
	require.Equal(t, []string{"1 metrics h1"}, queryNames(t, s.DB(),
		"SELECT node_id || ' ' || kind || ' ' || input_hash FROM results WHERE kind = 'metrics' AND input_hash = 'h1'"), "a kind's rows are read without the index")

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 36") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Empty(t, queryNames(t, s.DB(), indexes), "run again, nothing to drop")
	require.Equal(t, want, queryNames(t, s.DB(), read), "run again, nothing changes")

	// Replaced: a's metrics rewritten, b's gone, which held the only row
	// of h0: it is pruned, h1 with it (no row holds it any more); the
	// source row and its input are left alone.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResults("metrics", "h3", map[int64]string{1: `{"path":"src/a.go","churn":6}`})
	}))
	require.Equal(t, []string{`1 metrics h3 {"path":"src/a.go","churn":6} ` + itoa(digest(`{"path":"src/a.go","churn":6}`)), `1 source h2 {"n":1} 9`},
		queryNames(t, s.DB(), read))
	require.Equal(t, []string{"metrics h3", "source h2"},
		queryNames(t, s.DB(), "SELECT k.kind || ' ' || i.input_hash FROM result_inputs i JOIN result_kinds k ON k.id = i.kind ORDER BY k.kind, i.input_hash"),
		"input hashes no row holds are pruned")
	// A row of the same digest is left with its input; a second input of
	// the kind then holds rows beside it and both stay.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResults("metrics", "h4", map[int64]string{1: `{"path":"src/a.go","churn":6}`, 2: `{"path":"src/b.go","churn":1}`})
	}))
	require.Equal(t, []string{"metrics h3", "metrics h4", "source h2"},
		queryNames(t, s.DB(), "SELECT k.kind || ' ' || i.input_hash FROM result_inputs i JOIN result_kinds k ON k.id = i.kind ORDER BY k.kind, i.input_hash"))
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode(record.KindFile, "src/a.go") }))
	require.Equal(t, []string{`2 metrics h4 {"path":"src/b.go","churn":1} ` + itoa(digest(`{"path":"src/b.go","churn":1}`))},
		queryNames(t, s.DB(), read), "a node's results go with it")
}

// A store written at schema 37 (blob ids at HEAD as text) is carried
// forward: migration 38 keeps each id of 40 hex digits as the 20 bytes
// they spell, any other text as it is; HeadFiles reads both back as
// they were, SetHeadFile writes the bytes, and set back to 37 the
// migration finds nothing to change.
func TestMigrationThirtyEightKeepsHeadBlobIDsAsBytes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 37)
	const blobA, blobB = "0123456789abcdef0123456789abcdef01234567", "fedcba9876543210fedcba9876543210fedcba98"
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', 'src/a.go', node_key('file', 'src/a.go')),
			(2, '2', 'b.py', node_key('file', 'b.py')), (3, '2', 'c.rs', node_key('file', 'c.rs')), (4, '2', 'd.go', node_key('file', 'd.go'))`,
		`INSERT INTO head_files (node_id, blob_id, language, size, is_test, code) VALUES
			(1, '` + blobA + `', 'go', 10, 0, 1), (2, 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', 'python', 20, 1, 1), (3, '', 'rust', 0, 0, 0)`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	types := "SELECT node_id || ' ' || typeof(blob_id) || ' ' || length(blob_id) FROM head_files ORDER BY node_id"
	want := map[string]HeadFile{
		"src/a.go": {Node: 1, Blob: blobA, Language: "go", Size: 10, Code: true},
		"b.py":     {Node: 2, Blob: "ABCDEF0123456789ABCDEF0123456789ABCDEF01", Language: "python", Size: 20, IsTest: true, Code: true},
		"c.rs":     {Node: 3, Language: "rust"},
	}
	heads := func(s *Store) map[string]HeadFile {
		var out map[string]HeadFile
		require.NoError(t, s.Write(ctx, func(tx *Tx) (err error) { out, err = tx.HeadFiles(); return err }))
		return out
	}

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, []string{"1 blob 20", "2 text 40", "3 text 0"}, queryNames(t, s.DB(), types),
		"digits in lower case as bytes; upper case and empty text as they were")
	require.Equal(t, want, heads(s))

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 37") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, []string{"1 blob 20", "2 text 40", "3 text 0"}, queryNames(t, s.DB(), types), "run again, nothing changes")
	require.Equal(t, want, heads(s))

	// Written: a new file and a changed blob, as bytes; then left.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if err := tx.SetHeadFile(HeadFile{Node: 4, Blob: blobB, Language: "go", Size: 5, Code: true}); err != nil {
			return err
		}
		return tx.SetHeadFile(HeadFile{Node: 3, Blob: blobB, Language: "rust", Size: 7})
	}))
	want["d.go"] = HeadFile{Node: 4, Blob: blobB, Language: "go", Size: 5, Code: true}
	want["c.rs"] = HeadFile{Node: 3, Blob: blobB, Language: "rust", Size: 7}
	require.Equal(t, []string{"1 blob 20", "2 text 40", "3 blob 20", "4 blob 20"}, queryNames(t, s.DB(), types))
	require.Equal(t, want, heads(s))
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.LeaveHead([]int64{1}) }))
	delete(want, "src/a.go")
	require.Equal(t, want, heads(s))
}
