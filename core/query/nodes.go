package query

import (
	"context"
	"database/sql"

	"github.com/homer-dev/homer/core/store"
)

// NodeMeta is a node's name and its metadata as stored (JSON).
type NodeMeta struct {
	Name, Meta string
}

// NodeMetas returns every node of a kind with its metadata, by name.
func (q *Q) NodeMetas(ctx context.Context, kind string) ([]NodeMeta, error) {
	var out []NodeMeta
	err := q.scan(ctx, "SELECT name, metadata FROM nodes WHERE "+store.OfKind("kind_code", kind)+" ORDER BY name", []any{kind}, func(rows *sql.Rows) error {
		var n NodeMeta
		if err := rows.Scan(&n.Name, &n.Meta); err != nil {
			return err
		}
		out = append(out, n)
		return nil
	})
	return out, err
}
