package query

import (
	"context"

	graphs "github.com/homer-dev/homer/core/snapshot"
)

// Through reports a file's PageRank and betweenness across the stored
// snapshots (homer snapshot), its trend (rising, stable, falling) and its
// stability class (snapshot.Classify states the rules); nil when no
// snapshot holds the file.
func (q *Q) Through(ctx context.Context, path string) (*graphs.Trend, error) {
	return graphs.History(ctx, q.db, path)
}
