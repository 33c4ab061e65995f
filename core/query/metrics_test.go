package query

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/analyze/behavior"
	"github.com/homer-dev/homer/core/analyze/cochange"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// A metrics row written whole (as before EncodeMetrics) and one written
// without the lists other rows hold read the same through File,
// CoChanges and FileMetrics; a co-change list the neighbours changed is
// kept in the row, and an empty list stays empty.
func TestMetricsReadAlikeInBothForms(t *testing.T) {
	t.Parallel()
	partners := []cochange.Partner{
		{Path: "b.go", Count: 3, Revs: 7, Confidence: 0.4729981378026071, Strength: 2.5, Last: 1700000000, Reason: cochange.ReasonHistory, Sweeps: 1},
		{Path: "c.go", Count: 1, Revs: 9, Confidence: 0.1, Last: 1600000000, Reason: cochange.ReasonHistory},
	}
	dependents := []record.Related{{Path: "d.go", Weight: 2.5, Count: 2}}
	beh := behavior.File{Path: "x", Changes: 5, Authors: []behavior.AuthorChanges{{Author: "ann@x", Changes: 4}, {Author: "bob@x", Changes: 1}}}
	full := func(co []record.Related) *record.FileMetrics {
		return &record.FileMetrics{Path: "x", Language: "go", Lines: 10, Changes: 5, Authors: []string{"ann@x", "bob@x"}, BusFactor: 1,
			Centrality: record.Centrality{PageRank: 0.5, FanIn: 1, Dependents: dependents},
			CoChanges:  co, Salience: 0.3, Class: "core", Risk: record.RiskInfo{Score: 0.2, Level: "low"}}
	}
	withNeighbour := append(CoChangeRelated(partners), record.Related{Path: "e.go", Reason: cochange.ReasonTest})

	type file struct {
		metrics  *record.FileMetrics
		stored   func(m *record.FileMetrics) []byte
		partners []cochange.Partner
	}
	whole := func(m *record.FileMetrics) []byte { b, _ := json.Marshal(m); return b }
	encoded := func(p []cochange.Partner) func(*record.FileMetrics) []byte {
		return func(m *record.FileMetrics) []byte {
			b, err := EncodeMetrics(m, p)
			require.NoError(t, err)
			return b
		}
	}
	files := map[string]file{
		"old.go":        {full(CoChangeRelated(partners)), whole, partners},
		"new.go":        {full(CoChangeRelated(partners)), encoded(partners), partners},
		"neighbours.go": {full(withNeighbour), encoded(partners), partners},
		"alone.go":      {full(nil), encoded(nil), nil},
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		for p, f := range files {
			id, err := tx.Node(record.KindFile, p)
			if err != nil {
				return err
			}
			if _, err := tx.Exec("INSERT INTO head_files (node_id, blob_id, language, size, is_test) VALUES (?, 'b', 'go', 1, 0)", id); err != nil {
				return err
			}
			c, _ := json.Marshal(f.metrics.Centrality)
			b, _ := json.Marshal(beh)
			rows := map[string][]byte{"metrics": f.stored(f.metrics), "centrality": c, "behavior": b}
			if f.partners != nil {
				b, _ := json.Marshal(f.partners)
				rows["co-change"] = b
			}
			for kind, data := range rows {
				if err := tx.SetResult(id, kind, "h", string(data)); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	q := New(st.DB())

	stored, err := q.db.QueryContext(ctx, `SELECT n.name, unpack(r.data) FROM results r JOIN nodes n ON n.id = r.node_id WHERE r.kind = 'metrics'`)
	require.NoError(t, err)
	keys := map[string]map[string]json.RawMessage{}
	for stored.Next() {
		var name, data string
		require.NoError(t, stored.Scan(&name, &data))
		var k map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(data), &k))
		keys[name] = k
	}
	require.NoError(t, stored.Err())
	assert.Contains(t, keys["old.go"], "co_changes")
	for _, p := range []string{"new.go", "alone.go"} {
		assert.NotContains(t, keys[p], "co_changes", p)
		assert.NotContains(t, keys[p], "authors", p)
		assert.NotContains(t, keys[p], "dependents", p)
	}
	assert.Contains(t, keys["neighbours.go"], "co_changes")

	all, err := q.FileMetrics(ctx)
	require.NoError(t, err)
	for p, f := range files {
		want, _ := json.Marshal(f.metrics)
		got, _ := json.Marshal(all[p])
		assert.Equal(t, string(want), string(got), "FileMetrics %s", p)

		one, err := q.File(ctx, p, 0)
		require.NoError(t, err)
		got, _ = json.Marshal(one.Metrics)
		assert.Equal(t, string(want), string(got), "File %s", p)

		co, err := q.CoChanges(ctx, p, 10)
		require.NoError(t, err)
		assert.Len(t, co.Partners, len(f.metrics.CoChanges), p)
	}
	assert.Nil(t, all["alone.go"].CoChanges)
}

// Co-change rows that leave out each partner's count and confidence
// (cochange.Rows) read back, through File, CoChanges and FileMetrics, as
// the lists the analysis gave: counts from the partners' own rows, none
// for a partner without a row.
func TestMetricsFillPartnerCountsFromTheirRows(t *testing.T) {
	t.Parallel()
	revs := map[string]int{"x.go": 10, "b.go": 7, "c.go": 9}
	partners := map[string][]cochange.Partner{
		"x.go": {
			{Path: "b.go", Count: 3, Revs: 7, Confidence: cochange.Confidence(3, 10, 7), Strength: 2.5, Last: 1700000000, Reason: cochange.ReasonHistory},
			{Path: "c.go", Count: 1, Revs: 9, Confidence: cochange.Confidence(1, 10, 9), Last: 1600000000, Reason: cochange.ReasonHistory},
			{Path: "d.go", Reason: cochange.ReasonDirectory},
		},
		"b.go": {{Path: "x.go", Count: 3, Revs: 10, Confidence: cochange.Confidence(3, 7, 10), Reason: cochange.ReasonHistory}},
	}
	paths := []string{"b.go", "c.go", "d.go", "x.go"}
	rows := cochange.Rows(paths, revs, partners)
	require.NotContains(t, rows, "d.go", "no commits, no partners: no row")

	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	want := map[string]*record.FileMetrics{}
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		for _, p := range paths {
			id, err := tx.Node(record.KindFile, p)
			if err != nil {
				return err
			}
			if _, err := tx.Exec("INSERT INTO head_files (node_id, blob_id, language, size, is_test) VALUES (?, 'b', 'go', 1, 0)", id); err != nil {
				return err
			}
			m := &record.FileMetrics{Path: p, Language: "go", Changes: revs[p], CoChanges: CoChangeRelated(partners[p])}
			want[p] = m
			data, err := EncodeMetrics(m, partners[p])
			if err != nil {
				return err
			}
			if err := tx.SetResult(id, "metrics", "h", string(data)); err != nil {
				return err
			}
			if row, ok := rows[p]; ok {
				data, _ := json.Marshal(row)
				if err := tx.SetResult(id, "co-change", "h", string(data)); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	q := New(st.DB())
	all, err := q.FileMetrics(ctx)
	require.NoError(t, err)
	for _, p := range paths {
		w, _ := json.Marshal(want[p])
		got, _ := json.Marshal(all[p])
		assert.Equal(t, string(w), string(got), "FileMetrics %s", p)
		one, err := q.File(ctx, p, 0)
		require.NoError(t, err)
		got, _ = json.Marshal(one.Metrics)
		assert.Equal(t, string(w), string(got), "File %s", p)
	}
	co, err := q.CoChanges(ctx, "x.go", 10)
	require.NoError(t, err)
	require.Len(t, co.Partners, 3)
	assert.Equal(t, 7, co.Partners[0].PartnerCommits)
	assert.InDelta(t, 6.0/17, co.Partners[0].Confidence, 1e-12)
	assert.Equal(t, 9, co.Partners[1].PartnerCommits)
	assert.Zero(t, co.Partners[2].PartnerCommits)
}

// EncodeMetrics compares the row's co-change list with the partners
// without encoding them when it can; what it writes is what encoding
// both and comparing the JSON gives: lists equal, nil beside no partners,
// an empty list beside none, a zero weight of the other sign, a field
// apart, a neighbour added, a NaN weight (an error either way).
func TestEncodeMetricsComparesAsItsJSON(t *testing.T) {
	t.Parallel()
	byJSON := func(m *record.FileMetrics, partners []cochange.Partner) ([]byte, error) {
		s := storedMetrics{FileMetrics: m}
		own, err := json.Marshal(m.CoChanges)
		if err != nil {
			return nil, err
		}
		from, err := json.Marshal(CoChangeRelated(partners))
		if err != nil {
			return nil, err
		}
		if string(own) != string(from) {
			s.CoChanges = own
		}
		return json.Marshal(s)
	}
	partners := []cochange.Partner{
		{Path: "b.go", Confidence: 0.5, Count: 4, Revs: 8, Last: 100, Sweeps: 1},
		{Path: "c.go", Confidence: 0.25, Count: 2, Revs: 9, Last: 90, Bots: 1, Releases: 1, Reason: cochange.ReasonTest},
	}
	negZero := math.Copysign(0, -1)
	zeroed := []cochange.Partner{{Path: "b.go", Confidence: 0, Count: 1}}
	cases := map[string]struct {
		list     []record.Related
		partners []cochange.Partner
	}{
		"equal":             {CoChangeRelated(partners), partners},
		"none":              {nil, nil},
		"empty beside none": {[]record.Related{}, nil},
		"none beside some":  {nil, partners},
		"other zero":        {[]record.Related{{Path: "b.go", Weight: negZero, Count: 1}}, zeroed},
		"a field apart":     {append(CoChangeRelated(partners[:1]), record.Related{Path: "c.go", Weight: 0.25, Count: 2, Revs: 9, Last: 91, Bots: 1, Releases: 1, Reason: cochange.ReasonTest}), partners},
		"a neighbour":       {append(CoChangeRelated(partners), record.Related{Path: "e.go", Reason: cochange.ReasonTest}), partners},
		"shorter":           {CoChangeRelated(partners[:1]), partners},
	}
	for name, c := range cases {
		m := &record.FileMetrics{Path: "a.go", Language: "go", Changes: 3, CoChanges: c.list, Salience: 0.4}
		want, err := byJSON(m, c.partners)
		require.NoError(t, err, name)
		got, err := EncodeMetrics(m, c.partners)
		require.NoError(t, err, name)
		require.Equal(t, string(want), string(got), name)
	}
	nan := []cochange.Partner{{Path: "b.go", Confidence: math.NaN(), Count: 1}}
	m := &record.FileMetrics{Path: "a.go", CoChanges: CoChangeRelated(nan)}
	_, err := EncodeMetrics(m, nan)
	require.Error(t, err, "a NaN does not encode")
}
