package query

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"
)

// Metrics Top ranks by, each the JSON path of its figure in a file's
// stored metrics. Only these reach SQL, as bound parameters.
var metricPaths = map[string]string{
	"pagerank":    "$.pagerank",
	"betweenness": "$.betweenness",
	"salience":    "$.salience",
	"fan_in":      "$.fan_in",
	// HITS ranks by authority; the hub score is the other half.
	"hits": "$.authority",
}

// Metrics lists the names Top accepts, sorted.
func Metrics() []string {
	out := make([]string, 0, len(metricPaths))
	for m := range metricPaths {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// Ranking is the top of the files under a directory by one metric.
type Ranking struct {
	Version int    `json:"version"`
	Metric  string `json:"metric"`
	Prefix  string `json:"prefix"`
	// Files is how many files at HEAD the directory holds, Analysed how
	// many of them have metrics; Top is drawn from the analysed ones.
	Files    int      `json:"files"`
	Analysed int      `json:"analysed"`
	Top      []Ranked `json:"top"`
}

// Top ranks the analysed files at HEAD under the directory prefix ("" or
// "." for the whole repository) by metric, highest first, and keeps n.
func (q *Q) Top(ctx context.Context, metric, prefix string, n int) (*Ranking, error) {
	jp, ok := metricPaths[metric]
	if !ok {
		return nil, fmt.Errorf("metric %q: use one of %s", metric, strings.Join(Metrics(), ", "))
	}
	dir := path.Clean(prefix)
	from := dir + "/"
	if dir == "." || dir == "/" {
		dir, from = ".", ""
	}
	r := &Ranking{Version: Version, Metric: metric, Prefix: dir, Top: []Ranked{}}
	// The upper bound is the highest code point: every name under the
	// prefix sorts below it.
	to := from + "\U0010FFFF"
	if err := q.db.QueryRowContext(ctx, headNamed+` SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM results r WHERE r.node_id = f.id AND r.kind = 'metrics')), 0)
		FROM f WHERE f.name >= ? AND f.name < ?`, from, to).Scan(&r.Files, &r.Analysed); err != nil {
		return nil, err
	}
	if r.Files == 0 {
		return nil, fmt.Errorf("directory %s: %w", dir, ErrNotFound)
	}
	// The numbers alone: the row without the tests' names (scores).
	rows, err := q.db.QueryContext(ctx, headNamed+` SELECT f.name, coalesce(json_extract(unpack(r.scores), ?), 0), coalesce(json_extract(unpack(r.scores), '$.class'), '')
		FROM f JOIN results r ON r.node_id = f.id AND r.kind = 'metrics'
		WHERE f.name >= ? AND f.name < ?
		ORDER BY 2 DESC, f.name LIMIT ?`, jp, from, to, max(n, 0))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var rk Ranked
		if err := rows.Scan(&rk.Path, &rk.Value, &rk.Level); err != nil {
			return nil, err
		}
		r.Top = append(r.Top, rk)
	}
	return r, rows.Err()
}
