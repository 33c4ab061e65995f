package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A source row is stored by its fields where it reads back byte for byte,
// and stays JSON otherwise; a body cut short, or with bytes after it, is
// an error.
func TestPackSourceRoundTrip(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		data   string
		fields bool
	}{
		"code":             {`{"lines":116,"definitions":8,"exported":6,"documented":4,"language":"java","is_test":false}`, true},
		"a test":           {`{"lines":52,"definitions":4,"exported":4,"documented":1,"language":"kotlin","is_test":true}`, true},
		"support":          {`{"lines":28,"definitions":2,"exported":2,"documented":0,"language":"java","is_test":true,"test_role":"support"}`, true},
		"generated":        {`{"lines":0,"definitions":0,"exported":0,"documented":0,"language":"","is_test":false,"generated":true}`, true},
		"role generated":   {`{"lines":9,"definitions":1,"exported":0,"documented":0,"language":"go","is_test":false,"test_role":"declarations","generated":true}`, true},
		"large counts":     {`{"lines":9223372036854775807,"definitions":-1,"exported":300000,"documented":0,"language":"c","is_test":false}`, true},
		"another field":    {`{"lines":1,"definitions":0,"exported":0,"documented":0,"language":"go","is_test":false,"later":1}`, false},
		"fields reordered": {`{"definitions":0,"lines":1,"exported":0,"documented":0,"language":"go","is_test":false}`, false},
		"an escape":        {`{"lines":1,"definitions":0,"exported":0,"documented":0,"language":"a\"b","is_test":false}`, false},
		"spaces":           {`{"lines": 1,"definitions":0,"exported":0,"documented":0,"language":"go","is_test":false}`, false},
		"a leading zero":   {`{"lines":01,"definitions":0,"exported":0,"documented":0,"language":"go","is_test":false}`, false},
		"generated false":  {`{"lines":1,"definitions":0,"exported":0,"documented":0,"language":"go","is_test":false,"generated":false}`, false},
		"not JSON":         {`lines`, false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			packed, ok := PackSource([]byte(c.data))
			require.Equal(t, c.fields, ok)
			if !ok {
				return
			}
			require.Equal(t, byte(packSource), packed[0])
			assert.Less(t, len(packed), len(c.data)/3, "a few bytes for a row's fields")
			got, err := Unpack(packed)
			require.NoError(t, err)
			require.Equal(t, c.data, string(got))
			got, err = UnpackResult(packed, "any/name.go")
			require.NoError(t, err)
			require.Equal(t, c.data, string(got), "read as a result, the name is not needed")
			for i := 1; i < len(packed); i++ {
				_, err := Unpack(packed[:i])
				require.ErrorIs(t, err, ErrPacked, "cut at %d", i)
			}
			_, err = Unpack(append(packed, 0))
			require.ErrorIs(t, err, ErrPacked, "a byte after it")
		})
	}
}

// Migration 50 stores a store's source rows by their fields and leaves
// any other row, and a source row of another form, as it was; run again
// it changes nothing, and rows written after are stored so too.
func TestMigrationFiftyStoresSourceRowsByFields(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 49)
	const a, b = "src/a/A.java", "b.go"
	row := `{"lines":116,"definitions":8,"exported":6,"documented":4,"language":"java","is_test":false,"test_role":"support"}`
	other := `{"lines":3,"definitions":0,"exported":0,"documented":0,"language":"go","is_test":false,"later":true}`
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', ?1, node_key('file', ?1)), (2, '2', ?2, node_key('file', ?2))`, []any{a, b}},
		{`INSERT INTO result_kinds (id, kind) VALUES (1, 'source'), (2, 'conventions')`, nil},
		{`INSERT INTO result_inputs (id, kind, input_hash) VALUES (1, 1, 'h1'), (2, 2, 'h2')`, nil},
		{`INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES
			(1, 1, 1, result_pack(?1, ?3), 7), (2, 1, 1, result_pack(?2, ?4), ?5), (1, 2, 2, pack(?1), 9)`, []any{row, other, a, b, digest(other)}},
	} {
		_, err := db.Exec(q.sql, q.args...)
		require.NoError(t, err, q.sql)
	}
	read := "SELECT node_id || ' ' || kind || ' ' || input_hash || ' ' || unpack(data) || ' ' || digest FROM results ORDER BY node_id, kind"
	want := []string{`1 conventions h2 ` + row + ` 9`, `1 source h1 ` + row + ` 7`, `2 source h1 ` + other + ` ` + itoa(digest(other))}
	require.Equal(t, want, queryNames(t, db, read), "before the migration")
	formats := "SELECT node_id || ' ' || kind || ' ' || hex(substr(data, 1, 1)) FROM result_rows ORDER BY node_id, kind"
	require.Equal(t, []string{"1 1 05", "1 2 02", "2 1 05"}, queryNames(t, db, formats))

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, want, queryNames(t, s.DB(), read))
	wantFormats := []string{"1 1 0C", "1 2 02", "2 1 05"}
	require.Equal(t, wantFormats, queryNames(t, s.DB(), formats), "a source row that reads back by its fields stored so; any other row as it was")

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 49") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, queryNames(t, s.DB(), read), "run again, nothing changes")
	require.Equal(t, wantFormats, queryNames(t, s.DB(), formats))

	// Written after: a's row replaced (by its fields), b's left alone as
	// its digest is the same.
	r2 := `{"lines":120,"definitions":9,"exported":6,"documented":5,"language":"java","is_test":true}`
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResults(SourceKind, "h3", map[int64]string{1: r2, 2: other})
	}))
	require.Equal(t, []string{want[0], `1 source h3 ` + r2 + ` ` + itoa(digest(r2)), `2 source h1 ` + other + ` ` + itoa(digest(other))}, queryNames(t, s.DB(), read))
	require.Equal(t, wantFormats, queryNames(t, s.DB(), formats))
}
