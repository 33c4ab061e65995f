package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

// A store written at schema 32 (result_rows with a row id and a unique
// index of (node_id, kind)) is carried forward: migration 33 keys the
// table by (node_id, kind) without a row id, the view results gives the
// same rows back, results are replaced and deleted through the new table,
// a node's deletion takes its results, and set back to 32 the migration
// does not run twice.
func TestMigrationThirtyThreeKeysResults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 32)
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', 'src/a.go', node_key('file', 'src/a.go')), (2, '2', 'src/b.go', node_key('file', 'src/b.go'))`,
		`INSERT INTO result_kinds (id, kind) VALUES (1, 'metrics'), (2, 'behavior')`,
		`INSERT INTO result_inputs (id, kind, input_hash) VALUES (1, 1, 'h1'), (2, 2, 'h2')`,
		`INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES
			(2, 1, 1, result_pack('{"path":"src/b.go","churn":3}', 'src/b.go'), 7),
			(1, 1, 1, result_pack('{"path":"src/a.go","churn":5}', 'src/a.go'), 8),
			(1, 2, 2, pack('{"n":1}'), 9)`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	read := "SELECT node_id || ' ' || kind || ' ' || input_hash || ' ' || unpack(data) || ' ' || digest FROM results ORDER BY node_id, kind"
	want := []string{`1 behavior h2 {"n":1} 9`, `1 metrics h1 {"path":"src/a.go","churn":5} 8`, `2 metrics h1 {"path":"src/b.go","churn":3} 7`}
	require.Equal(t, want, queryNames(t, db, read), "before the migration")

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, want, queryNames(t, s.DB(), read))
	require.Empty(t, queryNames(t, s.DB(), "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'result_rows'"),
		"no index of (node_id, kind) beside the table (nor, since schema 37, of (kind, input))")
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM pragma_table_list WHERE name = 'result_rows' AND wr = 1").Scan(&n))
	require.Equal(t, 1, n, "keyed without a row id")

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 32") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, queryNames(t, s.DB(), read), "run again, nothing changes")

	// Replaced: a's metrics rewritten, b's gone; then a's node goes with
	// its results.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResults("metrics", "h3", map[int64]string{1: `{"path":"src/a.go","churn":6}`})
	}))
	require.Equal(t, []string{`1 behavior h2 {"n":1} 9`, `1 metrics h3 {"path":"src/a.go","churn":6} ` + itoa(digest(`{"path":"src/a.go","churn":6}`))},
		queryNames(t, s.DB(), read))
	require.Equal(t, []string{"1 metrics h3", "2 behavior h2"},
		queryNames(t, s.DB(), "SELECT i.kind || ' ' || k.kind || ' ' || i.input_hash FROM result_inputs i JOIN result_kinds k ON k.id = i.kind ORDER BY i.kind"),
		"the input hash no row holds is pruned when rows are replaced")
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode(record.KindFile, "src/a.go") }))
	require.Empty(t, queryNames(t, s.DB(), read), "the node's results go with it")
}

func itoa(n int64) string { return fmt.Sprint(n) }
