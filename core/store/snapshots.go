package store

import "github.com/homer-dev/homer/core/snapshot"

// SaveSnapshot stores a snapshot, replacing any earlier one of the same commit.
func (tx *Tx) SaveSnapshot(s *snapshot.Snapshot) error {
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

// DeleteSnapshot removes the snapshot of a commit; it reports whether there was one.
func (tx *Tx) DeleteSnapshot(commit string) (bool, error) {
	res, err := tx.Exec("DELETE FROM snapshots WHERE commit_sha = ?", commit)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
