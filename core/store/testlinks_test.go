package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

// SetTestLinks leaves the stored tests links as Edge would have written
// the wanted ones on an empty table: links gone are deleted, those whose
// kind of reach or metadata differs rewritten, and
// the links of other kinds kept.
func TestSetTestLinksAsEdgeWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	stored := func(s *Store) map[string]string {
		rows, err := s.DB().Query(`SELECT a.name || ' ' || e.kind || ' ' || b.name, e.confidence || ' ' || e.metadata FROM link_edges e
			JOIN nodes a ON a.id = e.src JOIN nodes b ON b.id = e.dst`)
		require.NoError(t, err)
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var k, v string
			require.NoError(t, rows.Scan(&k, &v))
			out[k] = v
		}
		require.NoError(t, rows.Err())
		return out
	}
	paths := []string{"a.go", "a_test.go", "b.go", "b_test.go", "c.go", "c_test.go"}
	setUp := func(s *Store) map[string]int64 {
		var ids map[string]int64
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			var err error
			ids, err = tx.Nodes(record.KindFile, paths)
			require.NoError(t, err)
			edge := func(kind, from, to string, conf float64, meta string) {
				_, err := tx.Edge(kind, kind+"|"+from+"|"+to, conf, meta, Member{Node: ids[from]}, Member{Node: ids[to]})
				require.NoError(t, err)
			}
			edge(record.EdgeTests, "a_test.go", "a.go", 1, "{}")                // kept
			edge(record.EdgeTests, "a_test.go", "b.go", 1, "{}")                // becomes indirect
			edge(record.EdgeTests, "b_test.go", "b.go", 1, `{"indirect":true}`) // becomes direct
			edge(record.EdgeTests, "b_test.go", "c.go", 1, `{"indirect":true}`) // gone
			edge(record.EdgeTests, "c_test.go", "c.go", 0.5, "{}")              // its confidence restored
			edge(record.EdgeTests, "c_test.go", "a.go", 1, `{"odd":1}`)         // its metadata restored
			edge(record.EdgeImports, "a_test.go", "a.go", 1, `{"count":2}`)     // another kind
			return nil
		}))
		return ids
	}
	want := [][3]string{
		{"a_test.go", "a.go", ""}, {"a_test.go", "b.go", "indirect"}, {"b_test.go", "b.go", ""},
		{"c_test.go", "c.go", ""}, {"c_test.go", "a.go", ""}, {"c_test.go", "b.go", "indirect"},
	}

	set, ref := open(t), open(t)
	ids := setUp(set)
	refIDs := setUp(ref)
	require.NoError(t, set.Write(ctx, func(tx *Tx) error {
		links := map[TestLink]bool{}
		for _, w := range want {
			links[TestLink{Test: ids[w[0]], Subject: ids[w[1]]}] = w[2] != ""
		}
		return tx.SetTestLinks(links)
	}))
	require.NoError(t, ref.Write(ctx, func(tx *Tx) error {
		require.NoError(t, tx.DeleteEdges(record.EdgeTests))
		for _, w := range want {
			meta := "{}"
			if w[2] != "" {
				meta = `{"indirect":true}`
			}
			_, err := tx.Edge(record.EdgeTests, "tests|"+w[0]+"|"+w[1], 1, meta, Member{Node: refIDs[w[0]]}, Member{Node: refIDs[w[1]]})
			require.NoError(t, err)
		}
		return nil
	}))
	got := stored(set)
	require.Equal(t, stored(ref), got)
	require.Len(t, got, 7)
	require.Equal(t, `1.0 {"indirect":true}`, got["a_test.go tests b.go"])
	require.Equal(t, `1.0 {"count":2}`, got["a_test.go imports a.go"])
}
