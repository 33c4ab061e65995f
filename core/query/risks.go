package query

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/homer-dev/homer/core/record"
)

// FileRisk is one analysed file's stored risk verdict with the size of
// its history, as risk-check reads them.
type FileRisk struct {
	Path    string  `json:"path"`
	Score   float64 `json:"score"`
	Level   string  `json:"level"`
	Commits int     `json:"commits"`
}

// Risks lists the stored risk of every analysed file at HEAD, by path.
func (q *Q) Risks(ctx context.Context) ([]FileRisk, error) {
	// The numbers alone: the row without the tests' names (scores).
	rows, err := q.db.QueryContext(ctx, `SELECT n.name, unpack(r.scores) FROM head_files h JOIN nodes n ON n.id = h.node_id
		JOIN results r ON r.node_id = n.id AND r.kind = 'metrics' ORDER BY n.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FileRisk
	for rows.Next() {
		var name, data string
		if err := rows.Scan(&name, &data); err != nil {
			return nil, err
		}
		var m record.FileMetrics
		if err := json.Unmarshal([]byte(data), &m); err != nil {
			return nil, fmt.Errorf("stored metrics of %s: %w", name, err)
		}
		out = append(out, FileRisk{Path: name, Score: m.Risk.Score, Level: m.Risk.Level, Commits: m.Changes})
	}
	return out, rows.Err()
}
