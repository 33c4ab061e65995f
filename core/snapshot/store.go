package snapshot

import (
	"context"
	"database/sql"
	"fmt"
)

// Execer writes: the store's transaction (core/store.Tx).
type Execer interface {
	Exec(query string, args ...any) (sql.Result, error)
}

// Save stores a snapshot, replacing any earlier one of the same commit.
func Save(tx Execer, s *Snapshot) error {
	if _, err := tx.Exec("DELETE FROM snapshots WHERE commit_sha = ?", s.Commit); err != nil {
		return err
	}
	res, err := tx.Exec(`INSERT INTO snapshots (commit_sha, ref, reason, commit_time, graph_key) VALUES (?, ?, ?, ?, ?)`,
		s.Commit, s.Ref, s.Reason, s.Time, s.Key)
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	s.ID = id
	// Rows an earlier snapshot of the same id left (a store edited with
	// foreign keys off) would collide with these.
	for _, table := range []string{"snapshot_files", "snapshot_edges"} {
		if _, err := tx.Exec("DELETE FROM "+table+" WHERE snapshot_id = ?", id); err != nil {
			return err
		}
	}
	for i, f := range s.Files {
		if _, err := tx.Exec(`INSERT INTO snapshot_files (snapshot_id, idx, path, blob_id, is_test, pagerank, betweenness)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, i, f.Path, f.Blob, f.Test, f.PageRank, f.Betweenness); err != nil {
			return err
		}
	}
	for _, e := range s.Edges {
		if _, err := tx.Exec(`INSERT INTO snapshot_edges (snapshot_id, kind, src, dst, weight) VALUES (?, ?, ?, ?, ?)`,
			id, int(e.Kind), e.From, e.To, e.Weight); err != nil {
			return err
		}
	}
	return nil
}

// Delete removes the snapshot of a commit; it reports whether there was one.
func Delete(tx Execer, commit string) (bool, error) {
	res, err := tx.Exec("DELETE FROM snapshots WHERE commit_sha = ?", commit)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Summary describes a stored snapshot without its graph.
type Summary struct {
	Commit string `json:"commit"`
	Ref    string `json:"ref"`
	Reason string `json:"reason"`
	Time   int64  `json:"time"`
	Key    string `json:"-"`
	Files  int    `json:"files"`
	Edges  int    `json:"edges"`
}

// List describes the stored snapshots, oldest commit first.
func List(ctx context.Context, db *sql.DB) ([]Summary, error) {
	rows, err := db.QueryContext(ctx, `SELECT s.commit_sha, s.ref, s.reason, s.commit_time, s.graph_key,
		(SELECT count(*) FROM snapshot_files f WHERE f.snapshot_id = s.id),
		(SELECT count(*) FROM snapshot_edges e WHERE e.snapshot_id = s.id)
		FROM snapshots s ORDER BY s.commit_time, s.commit_sha`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var s Summary
		if err := rows.Scan(&s.Commit, &s.Ref, &s.Reason, &s.Time, &s.Key, &s.Files, &s.Edges); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Load reads the snapshot of a commit; nil when there is none.
func Load(ctx context.Context, db *sql.DB, commit string) (*Snapshot, error) {
	s := &Snapshot{Commit: commit}
	err := db.QueryRowContext(ctx, `SELECT id, ref, reason, commit_time, graph_key FROM snapshots WHERE commit_sha = ?`, commit).
		Scan(&s.ID, &s.Ref, &s.Reason, &s.Time, &s.Key)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT idx, path, blob_id, is_test, pagerank, betweenness FROM snapshot_files
		WHERE snapshot_id = ? ORDER BY idx`, s.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var i int
		var f File
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
	rows, err = db.QueryContext(ctx, `SELECT kind, src, dst, weight FROM snapshot_edges WHERE snapshot_id = ? ORDER BY kind, src, dst`, s.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e Edge
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
