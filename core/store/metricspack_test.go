package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A metrics row as the pipeline writes it: the file's path first, a risk
// verdict with the reasons and recommendations the risk analysis words.
const metricsRowJSON = `{"path":"core/src/main/java/org/example/boot/Application.java","language":"","lines":728,"is_test":false,"changes":73,` +
	`"changes_30d":0,"changes_90d":0,"changes_365d":2,"change_percentile":0.99,"bus_factor":8,"last_changed":1746837490,"trend":"quiescent",` +
	`"pagerank":0.0125,"betweenness":0.0031,"authority":0,"hub":0,"fan_in":41,"fan_out":12,"tested_by":["core/src/test/java/org/example/boot/ApplicationTests.java"],` +
	`"salience":0.4113,"class":"foundational-stable","risk":{"score":0.714534,"level":"low","reasons":[{"type":"past-changes","detail":"changed often before, ` +
	`not lately: 0 changes in the last 90 days, 73 in all; 99th percentile of this repository's files by recency-weighted change (half-life 1 year)",` +
	`"weight":0.35748},{"type":"large","detail":"728 lines (33.1 KB), 99th percentile of size","weight":0.26865},{"type":"many-authors","detail":` +
	`"8 authors made its 73 changes; 89th percentile of this repository's files by authors","weight":0.0801}],"recommendations":["read its history ` +
	`before changing it","keep changes to it small; consider splitting it","many hands change it: ask one of its regular authors to review"]}}`

// A metrics row is packed with the metrics' dictionary, without its path:
// read back only when told the name, shorter than with jsonDict, the
// same bytes every time.
func TestPackMetricsRoundTrips(t *testing.T) {
	t.Parallel()
	const name = "core/src/main/java/org/example/boot/Application.java"
	for _, c := range []struct {
		data, name string
		format     []byte
	}{
		{metricsRowJSON, name, []byte{packNamed, packMetrics}},
		{`{"language":"","lines":3,"risk":{"score":0,"level":"","reasons":null,"recommendations":null}}`, name, []byte{packMetrics}},
		{`{"path":"` + name + `","lines":3}`, name, []byte{packNamed, packMetrics}},
		{`{"x":1}`, name, []byte{packRaw}},
		{metricsRowJSON, "", []byte{packJSONDict}},
		{``, name, []byte{packRaw}},
	} {
		packed := PackMetrics([]byte(c.data), c.name)
		require.Equal(t, c.format, packed[:len(c.format)], c.data)
		require.Equal(t, packed, PackMetrics([]byte(c.data), c.name), "deterministic")
		got, err := UnpackResult(packed, c.name)
		require.NoError(t, err)
		require.Equal(t, c.data, string(got))
		if c.format[len(c.format)-1] != packMetrics {
			continue
		}
		_, err = Unpack(packed[len(c.format)-1:])
		require.ErrorIs(t, err, ErrPacked, "a metrics row is not read without its name")
		if got, err := UnpackResult(packed, name+"x"); err == nil {
			require.NotEqual(t, c.data, string(got), "nor with another")
		}
	}
	assert.Less(t, len(PackMetrics([]byte(metricsRowJSON), name)), len(PackResult([]byte(metricsRowJSON), name))*3/4,
		"the dictionary holds the verdict's words")
}

// Migration 49 repacks a store's metrics rows with the metrics'
// dictionary and leaves every other kind as it was; run again it changes
// nothing, and rows written after are packed so too.
func TestMigrationFortyNinePacksMetricsWithTheirDictionary(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 48)
	const file, other = "core/src/main/java/org/example/boot/Application.java", "b.go"
	unnamed := `{"language":"","lines":3,"risk":{"score":0,"level":"","reasons":null,"recommendations":null}}`
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', ?1, node_key('file', ?1)), (2, '2', ?2, node_key('file', ?2))`, []any{file, other}},
		{`INSERT INTO result_kinds (id, kind) VALUES (1, 'metrics'), (2, 'source')`, nil},
		{`INSERT INTO result_inputs (id, kind, input_hash) VALUES (1, 1, 'h1'), (2, 2, 'h2')`, nil},
		{`INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES
			(1, 1, 1, result_pack(?1, ?2), 7), (2, 1, 1, pack(?3), 8), (1, 2, 2, result_pack(?1, ?2), 9)`, []any{metricsRowJSON, file, unnamed}},
	} {
		_, err := db.Exec(q.sql, q.args...)
		require.NoError(t, err, q.sql)
	}
	read := "SELECT node_id || ' ' || kind || ' ' || input_hash || ' ' || unpack(data) || ' ' || digest FROM results ORDER BY node_id, kind"
	want := []string{`1 metrics h1 ` + metricsRowJSON + ` 7`, `1 source h2 ` + metricsRowJSON + ` 9`, `2 metrics h1 ` + unnamed + ` 8`}
	require.Equal(t, want, queryNames(t, db, read), "before the migration")
	// The format byte, and the rest's where the path is left out.
	formats := "SELECT node_id || ' ' || kind || ' ' || hex(substr(data, 1, 1 + (substr(data, 1, 1) = x'04'))) FROM result_rows ORDER BY node_id, kind"
	require.Equal(t, []string{"1 1 0405", "1 2 0405", "2 1 02"}, queryNames(t, db, formats))
	size := "SELECT sum(length(data)) FROM result_rows WHERE kind = 1"
	before := queryNames(t, db, size)

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, want, queryNames(t, s.DB(), read))
	formatsAfter := []string{"1 1 040B", "1 2 0405", "2 1 0B"}
	require.Equal(t, formatsAfter, queryNames(t, s.DB(), formats),
		"metrics rows packed with their dictionary, with their path first or not; any other kind as it was")
	assert.Less(t, queryNames(t, s.DB(), size)[0], before[0])

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 48") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, queryNames(t, s.DB(), read), "run again, nothing changes")
	require.Equal(t, formatsAfter, queryNames(t, s.DB(), formats))

	// Written after: the file's row replaced, the other's left alone (the
	// same digest), both read back through the view.
	m2 := `{"path":"` + file + `","language":"","lines":12,"risk":{"score":0.1,"level":"low","reasons":null,"recommendations":null}}`
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResults(MetricsKind, "h3", map[int64]string{1: m2, 2: unnamed})
	}))
	got := queryNames(t, s.DB(), read)
	require.Equal(t, `1 metrics h3 `+m2+` `+itoa(digest(m2)), got[0])
	require.Equal(t, want[1], got[1])
	require.Equal(t, "1 1 040B", queryNames(t, s.DB(), formats)[0])
}
