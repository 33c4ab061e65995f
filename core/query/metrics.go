package query

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/homer-dev/homer/core/analyze/behavior"
	"github.com/homer-dev/homer/core/analyze/cochange"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// A file's "metrics" row gathers what every analysis concluded about it,
// but three of its lists are the file's other rows over again: its
// co-change list is its "co-change" row (unless the file's code-graph
// neighbours were put into it), its dependents are its "centrality" row's,
// its authors its "behavior" row's. Leaving them out took 3.9 MB off the
// 7.2 MB of spring-boot's metrics. EncodeMetrics leaves them out, and the
// readers here (File, CoChanges, FileMetrics) take them from the other
// rows. A row that holds them (written before) is read as it is: a key
// present in the row wins, so both forms read alike.

// storedMetrics is a metrics row as written: the outer fields hide the
// FileMetrics fields of the same JSON name, and are left out when empty.
type storedMetrics struct {
	*record.FileMetrics
	Authors    json.RawMessage `json:"authors,omitempty"`
	Dependents json.RawMessage `json:"dependents,omitempty"`
	CoChanges  json.RawMessage `json:"co_changes,omitempty"`
}

// EncodeMetrics is the stored form of a file's metrics; partners is the
// file's co-change list as its "co-change" row holds it. The co-change
// list is kept in the row only when it differs from partners (code-graph
// neighbours were put into it), as JSON "null" when it is empty.
func EncodeMetrics(m *record.FileMetrics, partners []cochange.Partner) ([]byte, error) {
	s := storedMetrics{FileMetrics: m}
	if sameRelated(m.CoChanges, partners) {
		// Equal values encode alike: the lists need not be encoded to be
		// compared (two of every row's three encodings, in an update).
		return json.Marshal(s)
	}
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

// sameRelated reports whether list holds exactly what CoChangeRelated
// makes of partners, so that both encode to the same JSON: nil where it
// is nil, and each float equal with the same sign (0 and -0 encode apart;
// a NaN, which does not encode, equals nothing and is left to the
// encoder's error).
func sameRelated(list []record.Related, partners []cochange.Partner) bool {
	if len(partners) == 0 {
		return list == nil
	}
	if len(list) != len(partners) {
		return false
	}
	for i, p := range partners {
		r := list[i]
		if r.Path != p.Path || r.Weight != p.Confidence || math.Signbit(r.Weight) != math.Signbit(p.Confidence) || r.Count != p.Count ||
			r.Revs != p.Revs || r.Last != p.Last || r.Reason != p.Reason || r.Sweeps != p.Sweeps || r.Bots != p.Bots || r.Releases != p.Releases {
			return false
		}
	}
	return true
}

// CoChangeRelated is a co-change list as the metrics show it.
func CoChangeRelated(partners []cochange.Partner) []record.Related {
	var out []record.Related
	for _, p := range partners {
		out = append(out, record.Related{Path: p.Path, Weight: p.Confidence, Count: p.Count, Revs: p.Revs, Last: p.Last,
			Reason: p.Reason, Sweeps: p.Sweeps, Bots: p.Bots, Releases: p.Releases})
	}
	return out
}

// metricsSelect reads a file's metrics row (m) beside the rows its
// stored form leaves lists to: co-change, centrality, behaviour. Callers
// add the WHERE clause; decodeMetrics takes the four columns. The other
// rows are read by subqueries, not LEFT JOINs: results is a view over a
// join, which SQLite would build whole as the right side of a LEFT JOIN.
const metricsSelect = `SELECT n.name, unpack(m.data),
		(SELECT unpack(data) FROM results WHERE node_id = m.node_id AND kind = 'co-change'),
		(SELECT unpack(data) FROM results WHERE node_id = m.node_id AND kind = 'centrality'),
		(SELECT unpack(data) FROM results WHERE node_id = m.node_id AND kind = 'behavior')
	FROM results m JOIN nodes n ON n.id = m.node_id`

// metricsSelectStored is metricsSelect with the co-change row as stored
// (result_rows' data), for FileMetrics, which names the partners of a
// row by keys from one read of the file nodes (store.CoChangeData)
// rather than through the view's look-up of each.
const metricsSelectStored = `SELECT n.name, unpack(m.data),
		(SELECT c.data FROM result_rows c WHERE c.node_id = m.node_id AND c.kind = (SELECT id FROM result_kinds WHERE kind = 'co-change')),
		(SELECT unpack(data) FROM results WHERE node_id = m.node_id AND kind = 'centrality'),
		(SELECT unpack(data) FROM results WHERE node_id = m.node_id AND kind = 'behavior')
	FROM results m JOIN nodes n ON n.id = m.node_id`

// fileNamesByKey are the names of the file nodes by key.
func (q *Q) fileNamesByKey(ctx context.Context) (map[int64]string, error) {
	out := map[int64]string{}
	err := q.scan(ctx, `SELECT key, name FROM nodes WHERE kind_code = node_kind(?)`, []any{record.KindFile}, func(rows *sql.Rows) error {
		var k int64
		var name string
		if err := rows.Scan(&k, &name); err != nil {
			return err
		}
		out[k] = name
		return nil
	})
	return out, err
}

// partnerRevs gives the commit counts of the files named (their
// co-change rows' Revs; a file without a row is left out).
type partnerRevs func(paths []string) (map[string]int, error)

// coChangeList is a file's co-change list from its stored row, with each
// partner's count and confidence, which the row leaves out, worked out
// from the partners' counts (revs).
func coChangeList(data []byte, revs partnerRevs) ([]cochange.Partner, error) {
	row, complete, err := cochange.DecodeRow(data)
	if err != nil || complete {
		return row.Partners, err
	}
	paths := make([]string, len(row.Partners))
	for i, pt := range row.Partners {
		paths[i] = pt.Path
	}
	counts, err := revs(paths)
	if err != nil {
		return nil, err
	}
	return row.Complete(func(p string) int { return counts[p] }), nil
}

// coChangeRevs are the commit counts the co-change rows of the files at
// paths hold; every row's when paths is nil.
func (q *Q) coChangeRevs(ctx context.Context, paths []string) (map[string]int, error) {
	out := map[string]int{}
	// The rows as stored: a row by its partners' keys gives its revs
	// without their names looked up (store.CoChangeRevs).
	query := `SELECT n.name, r.data FROM result_rows r JOIN nodes n ON n.id = r.node_id
		WHERE r.kind = (SELECT id FROM result_kinds WHERE kind = 'co-change')`
	var args []any
	if paths != nil {
		if len(paths) == 0 {
			return out, nil
		}
		query += ` AND n.key IN (` + strings.Repeat("node_key(?, ?), ", len(paths)-1) + `node_key(?, ?))`
		for _, p := range paths {
			args = append(args, record.KindFile, p)
		}
	} else {
		query += ` AND n.kind = ?`
		args = append(args, record.KindFile)
	}
	err := q.scan(ctx, query, args, func(rows *sql.Rows) error {
		var name string
		var data []byte
		if err := rows.Scan(&name, &data); err != nil {
			return err
		}
		n, err := store.CoChangeRevs(data, name)
		if err != nil {
			return fmt.Errorf("co-change of %s: %w", name, err)
		}
		out[name] = n
		return nil
	})
	return out, err
}

// decodeMetrics decodes a metrics row, filling the lists it leaves out
// from the file's co-change, centrality and behaviour rows (nil: none);
// revs gives the co-change partners' counts.
func decodeMetrics(data, coChange, centrality, behaviour []byte, revs partnerRevs) (*record.FileMetrics, error) {
	m := &record.FileMetrics{}
	row := storedMetrics{FileMetrics: m}
	if err := json.Unmarshal(data, &row); err != nil {
		return nil, err
	}
	switch {
	case row.CoChanges != nil:
		if err := json.Unmarshal(row.CoChanges, &m.CoChanges); err != nil {
			return nil, err
		}
	case coChange != nil:
		partners, err := coChangeList(coChange, revs)
		if err != nil {
			return nil, fmt.Errorf("co-change: %w", err)
		}
		m.CoChanges = CoChangeRelated(partners)
	}
	switch {
	case row.Dependents != nil:
		if err := json.Unmarshal(row.Dependents, &m.Dependents); err != nil {
			return nil, err
		}
	case centrality != nil:
		var c record.Centrality
		if err := json.Unmarshal(centrality, &c); err != nil {
			return nil, fmt.Errorf("centrality: %w", err)
		}
		m.Dependents = c.Dependents
	}
	switch {
	case row.Authors != nil:
		if err := json.Unmarshal(row.Authors, &m.Authors); err != nil {
			return nil, err
		}
	case behaviour != nil:
		var b behavior.File
		if err := json.Unmarshal(behaviour, &b); err != nil {
			return nil, fmt.Errorf("behaviour: %w", err)
		}
		for _, a := range b.Authors {
			m.Authors = append(m.Authors, a.Author)
		}
	}
	return m, nil
}

// scanMetrics scans a row of metricsSelect, or of metricsSelectStored
// when names, the file nodes' names by key, is not nil.
func scanMetrics(rows interface{ Scan(...any) error }, revs partnerRevs, names map[int64]string) (string, *record.FileMetrics, error) {
	var name string
	var data, co, ce, b []byte
	if err := rows.Scan(&name, &data, &co, &ce, &b); err != nil {
		return "", nil, err
	}
	if names != nil && co != nil {
		var err error
		if co, err = store.CoChangeData(co, name, func(k int64) (string, bool) { n, ok := names[k]; return n, ok }); err != nil {
			return "", nil, fmt.Errorf("%s: stored co-change: %w", name, err)
		}
	}
	m, err := decodeMetrics(data, co, ce, b, revs)
	if err != nil {
		return "", nil, fmt.Errorf("%s: stored metrics: %w", name, err)
	}
	return name, m, nil
}

// metrics reads the metrics of the file node id; false when it has none.
func (q *Q) metrics(ctx context.Context, id int64) (*record.FileMetrics, bool, error) {
	revs := func(paths []string) (map[string]int, error) { return q.coChangeRevs(ctx, paths) }
	_, m, err := scanMetrics(q.db.QueryRowContext(ctx, metricsSelect+` WHERE m.node_id = ? AND m.kind = 'metrics'`, id), revs, nil)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return m, true, nil
}
