package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

// coChangeJSON writes what json.Marshal writes, byte for byte: rows with
// and without a count or partners, partners with every field set or left
// at zero, paths and reasons that need escaping (quotes, HTML
// characters, control bytes, non-ASCII, invalid UTF-8), and floats of
// every size and sign, those json.Marshal writes with an exponent
// included; a NaN or an infinity fails as json.Marshal fails. A row it
// calls plain is one packPartnerRow may store by keys.
func TestCoChangeJSONIsMarshal(t *testing.T) {
	t.Parallel()
	strs := []string{"", "src/main/java/Foo.java", `a"b`, `a\b`, "x<y>&z", "R&D.go", "a>b", "tab\there", "nl\n", "é/ü.go", "\xff\xfe", "\u2028", "del\x7f", "dir/", "history"}
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1.0 / 3, 2.0 / 3, 1e-6, 9.99e-7, 1e-7, 123456789.125, 1e20, 1e21, 1.5e22, -2.5e-9, math.SmallestNonzeroFloat64, math.MaxFloat64, 0.1 + 0.2}
	ints := []int{0, 1, -1, 7, 1 << 40, math.MaxInt64, math.MinInt64}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() CoChangePartner {
		p := CoChangePartner{Path: strs[rng.IntN(len(strs))], Reason: strs[rng.IntN(len(strs))]}
		if rng.IntN(2) == 0 {
			p.Count, p.Sweeps, p.Bots, p.Releases = ints[rng.IntN(len(ints))], ints[rng.IntN(len(ints))], ints[rng.IntN(len(ints))], ints[rng.IntN(len(ints))]
			p.Last, p.Strength = int64(ints[rng.IntN(len(ints))]), floats[rng.IntN(len(floats))]
		}
		if rng.IntN(4) == 0 { // what only rows that are not plain have
			p.Revs, p.Confidence, p.Activity = ints[rng.IntN(len(ints))], floats[rng.IntN(len(floats))], floats[rng.IntN(len(floats))]
		}
		return p
	}
	rows := []CoChangeRow{{}, {Revs: 3}, {Partners: []CoChangePartner{{}}}, {Revs: -2, Partners: []CoChangePartner{{Path: "a.go", Count: 2, Reason: "history"}}}}
	for range 3000 {
		r := CoChangeRow{Revs: ints[rng.IntN(len(ints))]}
		for range rng.IntN(4) {
			r.Partners = append(r.Partners, pick())
		}
		rows = append(rows, r)
	}
	plains := 0
	for _, r := range rows {
		want, err := json.Marshal(r)
		require.NoError(t, err)
		got, plain, err := coChangeJSON([]byte("left alone"), r)
		require.NoError(t, err)
		require.Equal(t, "left alone"+string(want), string(got), "%+v", r)
		if plain {
			plains++
			for _, p := range r.Partners {
				require.Zero(t, p.Revs+int(p.Confidence)+int(p.Activity), "%+v", r)
			}
		}
	}
	assert.Greater(t, plains, 500, "most rows are plain")
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		r := CoChangeRow{Partners: []CoChangePartner{{Path: "a.go", Strength: bad}}}
		_, want := json.Marshal(r)
		require.Error(t, want)
		_, _, err := coChangeJSON(nil, r)
		require.Error(t, err, "%v", bad)
	}
}

// Rows handed typed (ReplaceCoChange) are stored as their JSON handed to
// ReplaceResults is: the same bytes and digests, read back the same;
// those with a partner that has no node, or with fields a row by keys
// leaves out, as JSON. A second write of the same rows writes nothing,
// and a row no longer given is deleted.
func TestReplaceCoChangeStoresWhatItsJSONWould(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	paths := []string{"src/a.go", "src/b.go", "src/dir/c.go", "d.go", "x<y>&z.go", "é.go"}
	rows := map[string]CoChangeRow{
		"src/a.go": {Revs: 12, Partners: []CoChangePartner{
			{Path: "src/b.go", Count: 3, Strength: 2.041666667, Last: 1740583760, Reason: "history", Sweeps: 1},
			{Path: "x<y>&z.go", Count: 2, Strength: 1e-7, Reason: "history", Bots: 2, Releases: 1},
			{Path: "d.go", Reason: "directory"}}},
		"src/b.go":     {Revs: 4, Partners: []CoChangePartner{{Path: "gone.go", Count: 1, Reason: "history"}}},
		"src/dir/c.go": {Revs: 2, Partners: []CoChangePartner{{Path: "é.go", Count: 1, Confidence: 0.5, Reason: "history"}}},
		"d.go":         {Revs: 7},
		"é.go":         {Partners: []CoChangePartner{{Path: "src/a.go", Count: 1, Strength: 1, Reason: "test"}, {Path: "src/dir/c.go", Reason: "generated"}}},
	}
	stored := func(typed bool) ([]string, *Store) {
		s := open(t)
		ids := map[string]int64{}
		var order []int64
		byID := map[int64]string{}
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			for _, p := range paths {
				id, err := tx.Node(record.KindFile, p)
				if err != nil {
					return err
				}
				ids[p] = id
				if _, ok := rows[p]; ok {
					order = append(order, id)
					byID[id] = p
				}
			}
			if typed {
				return tx.ReplaceCoChange("h", order, func(id int64) CoChangeRow { return rows[byID[id]] })
			}
			data := map[int64]string{}
			for id, p := range byID {
				b, err := json.Marshal(rows[p])
				if err != nil {
					return err
				}
				data[id] = string(b)
			}
			return tx.ReplaceResults(CoChangeKind, "h", data)
		}))
		return queryNames(t, s.DB(), `SELECT n.name || ' ' || hex(r.data) || ' ' || r.digest || ' ' || unpack(v.data)
			FROM result_rows r JOIN nodes n ON n.id = r.node_id JOIN results v ON v.node_id = r.node_id AND v.kind = 'co-change'
			ORDER BY n.name`), s
	}
	want, _ := stored(false)
	got, s := stored(true)
	assert.Equal(t, want, got)
	require.Len(t, got, len(rows))
	formats := queryNames(t, s.DB(), "SELECT n.name || ' ' || hex(substr(r.data, 1, 1)) FROM result_rows r JOIN nodes n ON n.id = r.node_id ORDER BY n.name")
	assert.Equal(t, []string{"d.go 08", "src/a.go 08", "src/b.go 05", "src/dir/c.go 05", "é.go 08"}, formats,
		"by keys but where a partner has no node or keeps its confidence")

	// Again, with one row gone and one changed: only the changed row is
	// written, under the new input hash.
	var ids []int64
	names := map[int64]string{}
	for _, n := range queryNames(t, s.DB(), "SELECT id || ' ' || name FROM nodes WHERE kind = 'file'") {
		var id int64
		var name string
		_, err := fmt.Sscanf(n, "%d %s", &id, &name)
		require.NoError(t, err)
		names[id] = name
		if _, ok := rows[name]; ok && name != "d.go" {
			ids = append(ids, id)
		}
	}
	changed := rows["é.go"]
	changed.Revs = 9
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.ReplaceCoChange("h2", ids, func(id int64) CoChangeRow {
			if names[id] == "é.go" {
				return changed
			}
			return rows[names[id]]
		})
	}))
	assert.Equal(t, []string{"src/a.go h", "src/b.go h", "src/dir/c.go h", "é.go h2"},
		queryNames(t, s.DB(), "SELECT n.name || ' ' || i.input_hash FROM result_rows r JOIN nodes n ON n.id = r.node_id JOIN result_inputs i ON i.id = r.input ORDER BY n.name"))
}
