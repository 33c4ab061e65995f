package store

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

// A behaviour row as the stage writes it (behavior.File's JSON, its
// windowed figures left out), and one with every field set.
const (
	behaviourRowJSON = `{"Path":"src/a.go","Changes":5,"Changes30":0,"Changes90":0,"Changes365":0,"Percentile":0,` +
		`"Authors":[{"Author":"ann@example.com","Changes":3},{"Author":"ben@example.com","Changes":2}],"BusFactor":2,` +
		`"FirstChanged":1616776598,"LastChanged":1752195248,"Added":30,"Deleted":2,"NetGrowth30":0,"NetGrowth90":0,` +
		`"Monthly":null,"Slope":0,"Trend":"","Weighted":3.0115,"Recent":[[1721668579,4],[1750464758,-2],[1752195248,0]]}`
	behaviourFullJSON = `{"Path":"src/a.go","Changes":9,"Changes30":1,"Changes90":2,"Changes365":3,"Percentile":0.97,` +
		`"Authors":[{"Author":"\u003cann\u003e \"x\" é","Changes":9}],"BusFactor":1,` +
		`"FirstChanged":-5,"LastChanged":9223372036854775807,"Added":-1,"Deleted":0,"NetGrowth30":-40,"NetGrowth90":7,` +
		`"Monthly":[0,1,0,0,0,0,0,0,0,0,0,2],"Slope":-1e-7,"Trend":"accelerating","Weighted":1e+21,` +
		`"Burst":{"Changes":7,"Start":100,"End":90},"Recent":[[-9223372036854775808,1]]}`
)

// A row packed by its fields reads back as the same JSON; a row that
// holds what the packed form does not, or names another path, is not
// packed so.
func TestPackBehaviourRoundTrip(t *testing.T) {
	t.Parallel()
	for _, row := range []string{behaviourRowJSON, behaviourFullJSON,
		`{"Path":"src/a.go","Changes":0,"Changes30":0,"Changes90":0,"Changes365":0,"Percentile":0,"Authors":[],"BusFactor":0,"FirstChanged":0,"LastChanged":0,"Added":0,"Deleted":0,"NetGrowth30":0,"NetGrowth90":0,"Monthly":[],"Slope":0,"Trend":"","Weighted":0}`,
	} {
		packed, ok := PackBehaviour([]byte(row), "src/a.go")
		require.True(t, ok, row)
		require.Equal(t, byte(packBehaviour), packed[0])
		got, err := UnpackResult(packed, "src/a.go")
		require.NoError(t, err)
		assert.Equal(t, row, string(got))
		_, err = Unpack(packed)
		require.ErrorIs(t, err, ErrPacked, "not read without the name")
	}
	// Each row, decoded and encoded again, is what json.Marshal writes.
	var r behaviourRow
	require.NoError(t, json.Unmarshal([]byte(behaviourFullJSON), &r))
	again, err := json.Marshal(r)
	require.NoError(t, err)
	require.Equal(t, behaviourFullJSON, string(again))

	packed, _ := PackBehaviour([]byte(behaviourRowJSON), "src/a.go")
	assert.Less(t, len(packed), len(PackResult([]byte(behaviourRowJSON), "src/a.go")), "shorter than the JSON packed")
	for _, bad := range []string{
		behaviourRowJSON[:len(behaviourRowJSON)-1] + `,"New":1}`,                    // a field this does not know
		`{"Changes":5,` + behaviourRowJSON[len(`{"Path":"src/a.go","Changes":5,`):], // no path
		`{"Path":"src/a.go", "Changes":5}`,                                          // spaces
		behaviourRowJSON[:len(behaviourRowJSON)-1] + `,"Recent":[]}`,                // Marshal leaves an empty list out
		`{"Path":"src/a.go","Changes":1.5}`,
		`[1,2]`,
	} {
		_, ok := PackBehaviour([]byte(bad), "src/a.go")
		assert.False(t, ok, bad)
	}
	_, ok := PackBehaviour([]byte(behaviourRowJSON), "src/b.go")
	assert.False(t, ok, "a row naming another path")
	_, ok = PackBehaviour([]byte(`{"Path":"","Changes":0}`), "")
	assert.False(t, ok, "a node without a name")

	_, err = UnpackResult(packed[:len(packed)-3], "src/a.go")
	require.ErrorIs(t, err, ErrPacked, "cut short")
	body := appendBehaviourBody(nil, &behaviourRow{Path: "src/a.go", Percentile: math.Copysign(0, -1)})
	_, err = behaviourJSON(append(body, 0), "src/a.go")
	require.ErrorIs(t, err, ErrPacked, "bytes after the row")
}

// Behaviour rows written through ReplaceResults are stored by their
// fields where they read back so, the view results and the readers of the
// stored bytes give the JSON back, and the digest is the JSON's.
func TestBehaviourRowsStoredByFields(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	var a, b int64
	require.NoError(t, s.Write(ctx, func(tx *Tx) (err error) {
		if a, err = tx.Node(record.KindFile, "src/a.go"); err != nil {
			return err
		}
		b, err = tx.Node(record.KindFile, "src/b.go")
		return err
	}))
	other := `{"Path":"src/b.go","Changes":1,"Later":true}`
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResults(BehaviourKind, "h", map[int64]string{a: behaviourRowJSON, b: other})
	}))
	require.Equal(t, []string{"1 09", "2 04"}, queryNames(t, s.DB(),
		"SELECT ((node_id = "+itoa(b)+") + 1) || ' ' || hex(substr(data, 1, 1)) FROM result_rows ORDER BY node_id = "+itoa(b)),
		"a's row by its fields, b's (a field this does not know) as JSON without its name")
	require.Equal(t, []string{behaviourRowJSON + " " + itoa(digest(behaviourRowJSON)), other + " " + itoa(digest(other))},
		queryNames(t, s.DB(), "SELECT unpack(data) || ' ' || digest FROM results WHERE kind = 'behavior' ORDER BY node_id = "+itoa(b)))
	require.Equal(t, []string{"1616776598"}, queryNames(t, s.DB(),
		"SELECT json_extract(unpack(data), '$.FirstChanged') FROM results WHERE kind = 'behavior' AND node_id = "+itoa(a)))
}

// A store written at schema 38 (behaviour rows as packed JSON) is carried
// forward: migration 39 stores each row that reads back so by its fields
// and leaves any other as it was, the view results gives every row back
// as before, and set back to 38 the migration runs again without harm.
func TestMigrationThirtyNineStoresBehaviourByFields(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 38)
	other := `{"Path":"src/b.go","Changes":1,"Later":true}`
	c := `{"Path":"c.go","Changes":2,"Changes30":0,"Changes90":0,"Changes365":0,"Percentile":0,"Authors":null,"BusFactor":0,` +
		`"FirstChanged":7,"LastChanged":7,"Added":1,"Deleted":0,"NetGrowth30":0,"NetGrowth90":0,"Monthly":null,"Slope":0,"Trend":"","Weighted":1}`
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', 'src/a.go', node_key('file', 'src/a.go')), (2, '2', 'src/b.go', node_key('file', 'src/b.go')),
			(3, '2', 'c.go', node_key('file', 'c.go'))`,
		`INSERT INTO result_kinds (id, kind) VALUES (1, 'behavior'), (2, 'source')`,
		`INSERT INTO result_inputs (id, kind, input_hash) VALUES (1, 1, 'h1'), (2, 2, 'h2')`,
		`INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES
			(1, 1, 1, result_pack('` + behaviourRowJSON + `', 'src/a.go'), 8),
			(2, 1, 1, result_pack('` + other + `', 'src/b.go'), 7),
			(3, 1, 1, pack('` + c + `'), ` + itoa(digest(c)) + `),
			(1, 2, 2, pack('{"n":1}'), 9)`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	read := "SELECT node_id || ' ' || kind || ' ' || input_hash || ' ' || unpack(data) || ' ' || digest FROM results ORDER BY node_id, kind"
	want := []string{`1 behavior h1 ` + behaviourRowJSON + ` 8`, `1 source h2 {"n":1} 9`, `2 behavior h1 ` + other + ` 7`, `3 behavior h1 ` + c + ` ` + itoa(digest(c))}
	require.Equal(t, want, queryNames(t, db, read), "before the migration")
	formats := "SELECT node_id || ' ' || kind || ' ' || hex(substr(data, 1, 1)) FROM result_rows ORDER BY node_id, kind"
	require.Equal(t, []string{"1 1 04", "1 2 00", "2 1 04", "3 1 02"}, queryNames(t, db, formats))

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, want, queryNames(t, s.DB(), read))
	require.Equal(t, []string{"1 1 09", "1 2 00", "2 1 04", "3 1 09"}, queryNames(t, s.DB(), formats),
		"rows that read back by their fields stored so, packed as JSON of any form before; any other row as it was")

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 38") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, queryNames(t, s.DB(), read), "run again, nothing changes")
	require.Equal(t, []string{"1 1 09", "1 2 00", "2 1 04", "3 1 09"}, queryNames(t, s.DB(), formats))

	// Replaced: a's row rewritten (by its fields), c's left alone as its
	// digest is the same, b's gone; then a's node goes with its rows.
	a2 := behaviourRowJSON[:len(`{"Path":"src/a.go","Changes":`)] + "6" + behaviourRowJSON[len(`{"Path":"src/a.go","Changes":5`):]
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResults(BehaviourKind, "h3", map[int64]string{1: a2, 3: c})
	}))
	require.Equal(t, []string{`1 behavior h3 ` + a2 + ` ` + itoa(digest(a2)), `1 source h2 {"n":1} 9`, `3 behavior h1 ` + c + ` ` + itoa(digest(c))},
		queryNames(t, s.DB(), read))
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode(record.KindFile, "src/a.go") }))
	require.Equal(t, []string{`3 behavior h1 ` + c + ` ` + itoa(digest(c))}, queryNames(t, s.DB(), read))
}
