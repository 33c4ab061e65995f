package query

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// Outputs lists the files one renderer wrote at its last run, by name,
// from their output nodes. A node of the old form (renderer's name in
// content_hash) is read as well.
func (q *Q) Outputs(ctx context.Context, renderer string) ([]record.Output, error) {
	var out []record.Output
	err := q.scan(ctx, "SELECT name, content_hash, metadata FROM nodes WHERE "+store.OfKind("kind_code", record.KindOutput)+" ORDER BY name", []any{record.KindOutput}, func(rows *sql.Rows) error {
		var name, hash, meta string
		if err := rows.Scan(&name, &hash, &meta); err != nil {
			return err
		}
		var md record.OutputMeta
		if err := json.Unmarshal([]byte(meta), &md); err != nil {
			return fmt.Errorf("output %s: metadata: %w", name, err)
		}
		o := record.Output{Name: name, Renderer: md.Renderer, Hash: hash, Human: md.Human}
		if md.Renderer == "" {
			o.Renderer, o.Hash = hash, md.Hash
		}
		if o.Renderer == renderer {
			out = append(out, o)
		}
		return nil
	})
	return out, err
}
