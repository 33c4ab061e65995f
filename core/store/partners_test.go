package store

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

// A co-change row as the analysis writes it (cochange.Row's JSON).
const partnerRowJSON = `{"revs":12,"partners":[` +
	`{"Path":"src/b.go","Count":3,"Confidence":0,"Strength":2.041666667,"Last":1740583760,"Reason":"history","Sweeps":1},` +
	`{"Path":"src/dir/c.go","Count":1,"Confidence":0,"Strength":0.1,"Last":-5,"Reason":"history","Bots":2,"Releases":300},` +
	`{"Path":"d.go","Count":0,"Confidence":0,"Reason":"directory"}]}`

func partnerKeyOf(paths ...string) func(string) (int64, bool) {
	return func(p string) (int64, bool) {
		for _, q := range paths {
			if q == p {
				return NodeKey(record.KindFile, p), true
			}
		}
		return 0, false
	}
}

// A row packed with its partners' keys reads back as the same JSON given
// their names, without a partner whose name is gone; a row a partner of
// which has no node, or that holds what the packed form does not, is not
// packed so.
func TestPackPartnersRoundTrip(t *testing.T) {
	t.Parallel()
	keyOf := partnerKeyOf("src/b.go", "src/dir/c.go", "d.go")
	packed, ok := PackPartners([]byte(partnerRowJSON), keyOf)
	require.True(t, ok)
	require.Equal(t, byte(packPartners), packed[0])
	assert.Less(t, len(packed), len(PackResult([]byte(partnerRowJSON), "src/a.go")), "shorter than the JSON packed")
	keys, err := PartnerKeys(packed)
	require.NoError(t, err)
	require.Equal(t, []int64{NodeKey("file", "src/b.go"), NodeKey("file", "src/dir/c.go"), NodeKey("file", "d.go")}, keys)
	names := map[int64]string{}
	for _, p := range []string{"src/b.go", "src/dir/c.go", "d.go"} {
		names[NodeKey(record.KindFile, p)] = p
	}
	nameOf := func(k int64) (string, bool) { n, ok := names[k]; return n, ok }
	got, err := UnpackPartners(packed, nameOf)
	require.NoError(t, err)
	assert.Equal(t, partnerRowJSON, string(got))

	delete(names, NodeKey(record.KindFile, "src/dir/c.go"))
	got, err = UnpackPartners(packed, nameOf)
	require.NoError(t, err)
	assert.Equal(t, `{"revs":12,"partners":[`+
		`{"Path":"src/b.go","Count":3,"Confidence":0,"Strength":2.041666667,"Last":1740583760,"Reason":"history","Sweeps":1},`+
		`{"Path":"d.go","Count":0,"Confidence":0,"Reason":"directory"}]}`, string(got), "a partner whose node is gone is left out")
	_, err = UnpackPartners(packed[:len(packed)-2], nameOf)
	require.Error(t, err, "cut short")
	_, err = Unpack(packed)
	require.ErrorIs(t, err, ErrPacked, "not readable without the names")

	for _, stored := range [][]byte{packed, PackResult([]byte(partnerRowJSON), "src/a.go"), Pack([]byte(partnerRowJSON))} {
		revs, err := CoChangeRevs(stored, "src/a.go")
		require.NoError(t, err)
		assert.Equal(t, 12, revs)
	}
	revs, err := CoChangeRevs(PackResult([]byte(`[{"Path":"d.go","Count":1,"Revs":2,"Confidence":0.5,"Reason":"history"}]`), "src/a.go"), "src/a.go")
	require.NoError(t, err)
	assert.Zero(t, revs, "the bare list of old holds no revs")

	empty, ok := PackPartners([]byte(`{"revs":4}`), keyOf)
	require.True(t, ok)
	got, err = UnpackPartners(empty, nameOf)
	require.NoError(t, err)
	assert.Equal(t, `{"revs":4}`, string(got))

	for _, row := range []string{
		`{"revs":1,"partners":[{"Path":"e.go","Count":1,"Confidence":0,"Reason":"history"}]}`,           // no node
		`{"revs":1,"partners":[{"Path":"d.go","Count":1,"Confidence":0.5,"Reason":"history"}]}`,         // a confidence
		`{"revs":1,"partners":[{"Path":"d.go","Count":1,"Revs":3,"Confidence":0,"Reason":"history"}]}`,  // a partner's revs
		`{"revs":1,"partners":[{"Path":"d.go","Count":1,"Confidence":0,"Reason":"blame"}]}`,             // another reason
		`{"revs":1,"partners":[{"Path":"d.go","Count":1,"Confidence":0,"Reason":"history","Why":"x"}]}`, // another field
		`{"partners":[{"Path":"d.go","Count":1,"Confidence":0,"Reason":"history"}],"revs":1}`,           // another order
		`[{"Path":"d.go","Count":1,"Confidence":0.5,"Reason":"history"}]`,                               // the bare list of old
	} {
		_, ok := PackPartners([]byte(row), keyOf)
		assert.False(t, ok, row)
	}
}

// Co-change rows written through ReplaceResults are stored with their
// partners' keys where every partner is a file node, and read back
// through the view as written; a partner's node deleted afterwards is
// left out.
func TestCoChangeRowsStoredByPartnerKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	ids := map[string]int64{}
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		for _, p := range []string{"src/a.go", "src/b.go", "src/dir/c.go", "d.go"} {
			id, err := tx.Node(record.KindFile, p)
			if err != nil {
				return err
			}
			ids[p] = id
		}
		missing := `{"revs":2,"partners":[{"Path":"gone.go","Count":1,"Confidence":0,"Reason":"history"}]}`
		return tx.ReplaceResults(CoChangeKind, "h", map[int64]string{ids["src/a.go"]: partnerRowJSON, ids["d.go"]: missing})
	}))
	formats := "SELECT hex(substr(r.data, 1, 1)) FROM result_rows r JOIN nodes n ON n.id = r.node_id ORDER BY n.name"
	assert.Equal(t, []string{"05", "08"}, queryNames(t, s.DB(), formats), "d.go's partner has no node: its row is JSON")
	read := "SELECT n.name || ' ' || unpack(r.data) || ' ' || r.digest FROM results r JOIN nodes n ON n.id = r.node_id ORDER BY n.name"
	want := []string{
		`d.go {"revs":2,"partners":[{"Path":"gone.go","Count":1,"Confidence":0,"Reason":"history"}]} ` +
			itoa(digest(`{"revs":2,"partners":[{"Path":"gone.go","Count":1,"Confidence":0,"Reason":"history"}]}`)),
		`src/a.go ` + partnerRowJSON + ` ` + itoa(digest(partnerRowJSON)),
	}
	assert.Equal(t, want, queryNames(t, s.DB(), read))

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode(record.KindFile, "src/dir/c.go") }))
	var data string
	require.NoError(t, s.DB().QueryRow("SELECT unpack(data) FROM results WHERE node_id = ? AND kind = 'co-change'", ids["src/a.go"]).Scan(&data))
	assert.Equal(t, `{"revs":12,"partners":[`+
		`{"Path":"src/b.go","Count":3,"Confidence":0,"Strength":2.041666667,"Last":1740583760,"Reason":"history","Sweeps":1},`+
		`{"Path":"d.go","Count":0,"Confidence":0,"Reason":"directory"}]}`, data)

	// Another kind's results are packed as before.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResults("behavior", "h", map[int64]string{ids["src/b.go"]: partnerRowJSON})
	}))
	assert.Equal(t, []string{"05"}, queryNames(t, s.DB(), "SELECT hex(substr(r.data, 1, 1)) FROM result_rows r JOIN result_kinds k ON k.id = r.kind WHERE k.kind = 'behavior'"))
}

// Migration 34 packs the stored co-change rows whose partners are all
// file nodes with their keys and leaves the others; the rows read the
// same before and after, and run again it changes nothing.
func TestMigrationThirtyFourKeysCoChangePartners(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 33)
	bare := `[{"Path":"d.go","Count":1,"Revs":2,"Confidence":0.5,"Reason":"history"}]`
	missing := `{"revs":2,"partners":[{"Path":"gone.go","Count":1,"Confidence":0,"Reason":"history"}]}`
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', 'src/a.go', node_key('file', 'src/a.go')), (2, '2', 'src/b.go', node_key('file', 'src/b.go')),
			(3, '2', 'src/dir/c.go', node_key('file', 'src/dir/c.go')), (4, '2', 'd.go', node_key('file', 'd.go'))`,
		`INSERT INTO result_kinds (id, kind) VALUES (1, 'co-change'), (2, 'behavior')`,
		`INSERT INTO result_inputs (id, kind, input_hash) VALUES (1, 1, 'h1'), (2, 2, 'h2')`,
		`INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES
			(1, 1, 1, result_pack('` + partnerRowJSON + `', 'src/a.go'), 7),
			(2, 1, 1, result_pack('` + bare + `', 'src/b.go'), 8),
			(4, 1, 1, result_pack('` + missing + `', 'd.go'), 9),
			(1, 2, 2, result_pack('` + partnerRowJSON + `', 'src/a.go'), 10)`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	read := "SELECT node_id || ' ' || kind || ' ' || input_hash || ' ' || unpack(data) || ' ' || digest FROM results ORDER BY node_id, kind"
	want := []string{`1 behavior h2 ` + partnerRowJSON + ` 10`, `1 co-change h1 ` + partnerRowJSON + ` 7`, `2 co-change h1 ` + bare + ` 8`, `4 co-change h1 ` + missing + ` 9`}
	require.Equal(t, want, queryNames(t, db, read), "before the migration")

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, want, queryNames(t, s.DB(), read))
	formats := "SELECT node_id || ' ' || kind || ' ' || hex(substr(data, 1, 1)) FROM result_rows ORDER BY node_id, kind"
	packed := []string{"1 1 08", "1 2 05", "2 1 05", "4 1 05"}
	require.Equal(t, packed, queryNames(t, s.DB(), formats), "a's co-change row by keys, the others as they were")

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 33") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, queryNames(t, s.DB(), read), "run again, nothing changes")
	require.Equal(t, packed, queryNames(t, s.DB(), formats))

	// Written again through the new form, and deleted.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceResults(CoChangeKind, "h3", map[int64]string{2: partnerRowJSON})
	}))
	require.Equal(t, []string{`1 behavior h2 ` + partnerRowJSON + ` 10`, `2 co-change h3 ` + partnerRowJSON + ` ` + itoa(digest(partnerRowJSON))},
		queryNames(t, s.DB(), read))
	require.Equal(t, []string{"1 2 05", "2 1 08"}, queryNames(t, s.DB(), formats))
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.DeleteNode(record.KindFile, "src/b.go") }))
	require.Equal(t, []string{`1 behavior h2 ` + partnerRowJSON + ` 10`}, queryNames(t, s.DB(), read), "the node's results go with it")
}

// The JSON a row by keys is read back as is what json.Marshal writes of
// it: every field, strings to escape and floats of every form.
func TestPartnerRowWrittenAsMarshalWrites(t *testing.T) {
	t.Parallel()
	rows := []CoChangeRow{
		{},
		{Revs: 3},
		{Partners: []CoChangePartner{{Path: "a.go", Reason: "test"}}},
		{Revs: 7, Partners: []CoChangePartner{
			{Path: `src/<a>&"b"\c.go`, Count: 2, Strength: 1e-7, Last: -3, Reason: "history", Sweeps: 1, Bots: 2, Releases: 3},
			{Path: "src/ünï\u2028\x01.go", Count: 1, Strength: 2.5e21, Reason: "generated"},
			{Path: "x", Strength: 0.041666667, Last: 1740583760, Reason: "directory", Bots: 9},
			{Path: "y", Strength: -123456.789, Reason: "history"},
			{Path: "z", Strength: 1e-6, Reason: "history"},
			{Path: "w", Strength: 9.99e20, Reason: "history"},
			{Path: "v", Strength: 5e-324, Reason: "history"},
		}},
	}
	for _, row := range rows {
		want, err := json.Marshal(row)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(appendPartnerRow(nil, row)))
	}
}
