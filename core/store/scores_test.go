package store

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/homer-dev/homer/core/record"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An entity row and a centrality row as the stages write them
// (record.EntityMetrics, record.Centrality), and rows that test the edges
// of the packed form.
const (
	entityRowJSON     = `{"pagerank":0.0307,"betweenness":0.0396,"salience":0.0334,"callers":2,"callees":6,"top_callers":["A.run","src/b/B.java#B.go"]}`
	centralityRowJSON = `{"pagerank":0.0058,"betweenness":0,"authority":0.5,"hub":1,"fan_in":2,"fan_out":1,` +
		`"dependents":[{"path":"src/a/A.java","weight":2,"count":2},{"path":"src/b.go","weight":0.3333333333333333,"count":1}]}`
)

// A row packed by its fields reads back as the same JSON; a row that
// holds what the packed form does not, or of another kind, is not packed
// so; a damaged row is an error.
func TestPackScoresRoundTrip(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ kind, row string }{
		{EntityKind, entityRowJSON},
		{EntityKind, `{"pagerank":0,"betweenness":0,"salience":0,"callers":0,"callees":0,"top_callers":[]}`},
		{EntityKind, `{"pagerank":-0.0001,"betweenness":1e-7,"salience":1e+21,"callers":-3,"callees":9223372036854775807,"top_callers":null}`},
		{EntityKind, `{"pagerank":123456.7891,"betweenness":0.1,"salience":0.12345,"callers":1,"callees":0,"top_callers":["\u003cinit\u003e \"x\" é"]}`},
		{CentralityKind, centralityRowJSON},
		{CentralityKind, `{"pagerank":0.0048,"betweenness":0,"authority":0,"hub":0,"fan_in":0,"fan_out":0,"dependents":null}`},
		{CentralityKind, `{"pagerank":1,"betweenness":1,"authority":1,"hub":1,"fan_in":1,"fan_out":1,"dependents":[]}`},
	} {
		packed, ok := PackScores(c.kind, []byte(c.row), "src/a/A.java#A.run")
		require.True(t, ok, c.row)
		require.Equal(t, byte(packScores), packed[0])
		got, err := UnpackResult(packed, "src/a/A.java#A.run")
		require.NoError(t, err)
		assert.Equal(t, c.row, string(got))
		_, err = Unpack(packed)
		require.ErrorIs(t, err, ErrPacked, "not read without the name")
	}
	// The rows are what json.Marshal writes of the stages' types.
	var e record.EntityMetrics
	require.NoError(t, json.Unmarshal([]byte(entityRowJSON), &e))
	again, err := json.Marshal(e)
	require.NoError(t, err)
	require.Equal(t, entityRowJSON, string(again))
	var cr record.Centrality
	require.NoError(t, json.Unmarshal([]byte(centralityRowJSON), &cr))
	again, err = json.Marshal(cr)
	require.NoError(t, err)
	require.Equal(t, centralityRowJSON, string(again))

	packed, _ := PackScores(EntityKind, []byte(entityRowJSON), "A.java#A.x")
	assert.Less(t, len(packed), len(PackResult([]byte(entityRowJSON), "A.java#A.x")), "shorter than the JSON packed")
	for _, bad := range []struct{ kind, row string }{
		{EntityKind, entityRowJSON[:len(entityRowJSON)-1] + `,"new":1}`}, // a field this does not know
		{EntityKind, `{"pagerank":0.0307, "betweenness":0}`},             // spaces, fields missing
		{EntityKind, `{"pagerank":1.0,"betweenness":0,"salience":0,"callers":0,"callees":0,"top_callers":[]}`},
		{EntityKind, `{"callers":1.5}`},
		{CentralityKind, entityRowJSON},
		{CentralityKind, `{"pagerank":0,"betweenness":0,"authority":0,"hub":0,"fan_in":0,"fan_out":0,"dependents":[{"path":"a","weight":1,"count":1,"revs":3}]}`},
		{BehaviourKind, entityRowJSON},
		{"metrics", centralityRowJSON},
		{EntityKind, `[1,2]`},
	} {
		_, ok := PackScores(bad.kind, []byte(bad.row), "a")
		assert.False(t, ok, bad.kind+" "+bad.row)
	}

	_, err = UnpackResult(packed[:len(packed)-3], "A.java#A.x")
	require.ErrorIs(t, err, ErrPacked, "cut short")
	body := appendEntityBody([]byte{scoresEntity}, &e)
	_, err = scoresJSON(append(body, 0))
	require.ErrorIs(t, err, ErrPacked, "bytes after the row")
	for i := range body {
		_, err = scoresJSON(body[:i])
		require.ErrorIs(t, err, ErrPacked, "cut at %d", i)
	}
	_, err = scoresJSON(append([]byte{3}, body[1:]...))
	require.ErrorIs(t, err, ErrPacked, "a shape this does not know")
}

// A store written at schema 47 is carried forward by migration 48: entity
// and centrality rows that read back by their fields are stored so (packed
// as JSON of any form before), any other row as it was, and the view
// results reads each as before. Run again, nothing changes; rows written
// since through ReplaceResults are stored alike, and a row whose digest
// is the same is left alone.
func TestMigrationFortyEightStoresScoresByFields(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 47)
	const def, file = "src/a/A.java#A.run", "src/a/A.java"
	other := `{"pagerank":0.5,"later":true}`
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', '` + file + `', node_key('file', '` + file + `')),
			(2, '1', '` + def + `', node_key('definition', '` + def + `')), (3, '1', 'b.go#B', node_key('definition', 'b.go#B'))`,
		`INSERT INTO result_kinds (id, kind) VALUES (1, 'entity'), (2, 'centrality'), (3, 'source')`,
		`INSERT INTO result_inputs (id, kind, input_hash) VALUES (1, 1, 'h1'), (2, 2, 'h2'), (3, 3, 'h3')`,
		`INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES
			(2, 1, 1, result_pack('` + entityRowJSON + `', '` + def + `'), 8),
			(3, 1, 1, result_pack('` + other + `', 'b.go#B'), ` + itoa(digest(other)) + `),
			(1, 2, 2, pack('` + centralityRowJSON + `'), 6),
			(1, 3, 3, pack('{"pagerank":1}'), 9)`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	read := "SELECT node_id || ' ' || kind || ' ' || input_hash || ' ' || unpack(data) || ' ' || digest FROM results ORDER BY node_id, kind"
	want := []string{`1 centrality h2 ` + centralityRowJSON + ` 6`, `1 source h3 {"pagerank":1} 9`, `2 entity h1 ` + entityRowJSON + ` 8`, `3 entity h1 ` + other + ` ` + itoa(digest(other))}
	require.Equal(t, want, queryNames(t, db, read), "before the migration")
	formats := "SELECT node_id || ' ' || kind || ' ' || hex(substr(data, 1, 1)) FROM result_rows ORDER BY node_id, kind"
	require.Equal(t, []string{"1 2 02", "1 3 02", "2 1 05", "3 1 05"}, queryNames(t, db, formats))
	size := "SELECT sum(length(data)) FROM result_rows WHERE kind IN (1, 2)"
	before := queryNames(t, db, size)

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, want, queryNames(t, s.DB(), read))
	wantFormats := []string{"1 2 0A", "1 3 02", "2 1 0A", "3 1 05"}
	require.Equal(t, wantFormats, queryNames(t, s.DB(), formats),
		"rows that read back by their fields stored so; any other row as it was")
	assert.Less(t, queryNames(t, s.DB(), size)[0], before[0])

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 47") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, queryNames(t, s.DB(), read), "run again, nothing changes")
	require.Equal(t, wantFormats, queryNames(t, s.DB(), formats))

	// Replaced: the definition's row rewritten (by its fields), b's left
	// alone as its digest is the same; the file's centrality row too.
	e2 := `{"pagerank":0.0308,"betweenness":0,"salience":0.0334,"callers":1,"callees":6,"top_callers":["A.run"]}`
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if err := tx.ReplaceResults(EntityKind, "h4", map[int64]string{2: e2, 3: other}); err != nil {
			return err
		}
		return tx.SetResult(1, CentralityKind, "h5", centralityRowJSON)
	}))
	require.Equal(t, []string{`1 centrality h5 ` + centralityRowJSON + ` ` + itoa(digest(centralityRowJSON)), `1 source h3 {"pagerank":1} 9`,
		`2 entity h4 ` + e2 + ` ` + itoa(digest(e2)), want[3]}, queryNames(t, s.DB(), read))
	require.Equal(t, wantFormats, queryNames(t, s.DB(), formats))
}
