package query

import (
	"context"
	"database/sql"
	"fmt"

	graphs "github.com/homer-dev/homer/core/snapshot"
)

// Snapshots describes the stored snapshots, oldest commit first.
func (q *Q) Snapshots(ctx context.Context) ([]graphs.Summary, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT s.commit_sha, s.ref, s.reason, s.commit_time, s.graph_key,
		(SELECT count(*) FROM snapshot_files f WHERE f.snapshot_id = s.id),
		(SELECT count(*) FROM snapshot_edges e WHERE e.snapshot_id = s.id)
		FROM snapshots s ORDER BY s.commit_time, s.commit_sha`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []graphs.Summary
	for rows.Next() {
		var s graphs.Summary
		if err := rows.Scan(&s.Commit, &s.Ref, &s.Reason, &s.Time, &s.Key, &s.Files, &s.Edges); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Snapshot reads the snapshot of a commit; nil when there is none.
func (q *Q) Snapshot(ctx context.Context, commit string) (*graphs.Snapshot, error) {
	s := &graphs.Snapshot{Commit: commit}
	err := q.db.QueryRowContext(ctx, `SELECT id, ref, reason, commit_time, graph_key FROM snapshots WHERE commit_sha = ?`, commit).
		Scan(&s.ID, &s.Ref, &s.Reason, &s.Time, &s.Key)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.db.QueryContext(ctx, `SELECT idx, path, blob_id, is_test, pagerank, betweenness FROM snapshot_files
		WHERE snapshot_id = ? ORDER BY idx`, s.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var i int
		var f graphs.File
		if err := rows.Scan(&i, &f.Path, &f.Blob, &f.Test, &f.PageRank, &f.Betweenness); err != nil {
			rows.Close()
			return nil, err
		}
		if i != len(s.Files) {
			rows.Close()
			return nil, fmt.Errorf("snapshot of %s: file %d is missing", commit, len(s.Files))
		}
		s.Files = append(s.Files, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.db.QueryContext(ctx, `SELECT kind, src, dst, weight FROM snapshot_edges WHERE snapshot_id = ? ORDER BY kind, src, dst`, s.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e graphs.Edge
		if err := rows.Scan(&e.Kind, &e.From, &e.To, &e.Weight); err != nil {
			return nil, err
		}
		if e.From < 0 || e.From >= len(s.Files) || e.To < 0 || e.To >= len(s.Files) {
			return nil, fmt.Errorf("snapshot of %s: an edge names file %d or %d of %d", commit, e.From, e.To, len(s.Files))
		}
		s.Edges = append(s.Edges, e)
	}
	return s, rows.Err()
}

// Through reads a file's points from the stored snapshots, oldest first,
// from the first snapshot that holds the file (a snapshot in between
// that lacks it ends nothing: the file was away and came back), and
// classifies them. A file in no snapshot gives nil.
func (q *Q) Through(ctx context.Context, path string) (*graphs.Trend, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT s.commit_sha, s.ref, s.commit_time, f.blob_id, f.pagerank, f.betweenness,
		(SELECT count(*) FROM snapshot_files g WHERE g.snapshot_id = s.id),
		(SELECT count(*) FROM snapshot_files g WHERE g.snapshot_id = s.id AND g.pagerank < f.pagerank),
		(SELECT count(*) FROM snapshot_files g WHERE g.snapshot_id = s.id AND g.betweenness < f.betweenness)
		FROM snapshots s JOIN snapshot_files f ON f.snapshot_id = s.id AND f.path = ?
		ORDER BY s.commit_time, s.commit_sha`, path)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var points []graphs.Point
	for rows.Next() {
		var p graphs.Point
		var n, belowPR, belowBT int
		if err := rows.Scan(&p.Commit, &p.Ref, &p.Time, &p.Blob, &p.PageRank, &p.Betweenness, &n, &belowPR, &belowBT); err != nil {
			return nil, err
		}
		p.PageRankPercentile = graphs.Percentile(belowPR, n)
		p.BetweennessPercentile = graphs.Percentile(belowBT, n)
		points = append(points, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(points) == 0 {
		return nil, nil
	}
	return graphs.Classify(path, points), nil
}
