package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

// Every field of a change comes back as it went in, by file id, the first
// of two changes of one file kept.
func TestPackChangesRoundTrip(t *testing.T) {
	t.Parallel()
	in := []ChangeRow{
		{File: 900000, Status: "M", Added: 3, Deleted: 1},
		{File: 7, Status: "R", Added: 0, Deleted: 0, OldFile: 123456789, Similarity: 97, HasSimilarity: true},
		{File: 7, Status: "A", Added: 9},
		{File: 40, Status: "X", Added: 1, Binary: true},
		{File: 41, Status: "", Added: -2, Deleted: 5},
		{File: 300, Status: "C", OldFile: 2, Similarity: 0, HasSimilarity: true},
		{File: 301, Status: "T", Added: 1 << 40, Deleted: 200},
		{File: 302, Status: "D", OldFile: 5},
	}
	packed := PackChanges(in)
	got, err := UnpackChanges(11, packed)
	require.NoError(t, err)
	want := []ChangeRow{
		{Commit: 11, File: 7, Status: "R", OldFile: 123456789, Similarity: 97, HasSimilarity: true},
		{Commit: 11, File: 40, Status: "X", Added: 1, Binary: true},
		{Commit: 11, File: 41, Status: "", Added: -2, Deleted: 5},
		{Commit: 11, File: 300, Status: "C", OldFile: 2, HasSimilarity: true},
		{Commit: 11, File: 301, Status: "T", Added: 1 << 40, Deleted: 200},
		{Commit: 11, File: 302, Status: "D", OldFile: 5},
		{Commit: 11, File: 900000, Status: "M", Added: 3, Deleted: 1},
	}
	require.Equal(t, want, got)
	n, err := CountPackedChanges(packed)
	require.NoError(t, err)
	require.Equal(t, len(want), n)

	require.Nil(t, PackChanges(nil), "a commit without changes stores nothing")
	got, err = UnpackChanges(1, nil)
	require.NoError(t, err)
	require.Empty(t, got)

	// A modification takes its file's distance and two counts, an addition
	// or a deletion one count.
	require.Len(t, PackChanges([]ChangeRow{{File: 20, Status: "M", Added: 10, Deleted: 2}}), 3)
	require.Len(t, PackChanges([]ChangeRow{{File: 20, Status: "A", Added: 10}}), 2)
	require.Len(t, PackChanges([]ChangeRow{{File: 20, Status: "D", Deleted: 10}}), 2)
	for _, c := range []ChangeRow{{File: 20, Status: "A", Added: 10, Deleted: 1}, {File: 20, Status: "D", Added: 1}, {File: 20, Status: "M", Binary: true}} {
		got, err := UnpackChanges(0, PackChanges([]ChangeRow{c}))
		require.NoError(t, err)
		require.Equal(t, []ChangeRow{c}, got, "tagged")
	}

	// A value cut inside a change is an error, never a made-up change.
	one := PackChanges([]ChangeRow{{File: 300, Status: "R", Added: 200, Deleted: 1, OldFile: 7, Similarity: 90, HasSimilarity: true}})
	for i := 1; i < len(one); i++ {
		_, err := UnpackChanges(1, one[:i])
		require.Error(t, err, "cut at %d of %d", i, len(one))
	}
	_, err = UnpackChanges(1, []byte{3, 7}) // an unknown status without its length
	require.Error(t, err)
}

// A store written at schema 31 (a row per change in the table changes,
// indexed by file and by old file) is carried forward: migration 32 packs
// each commit's changes into its row, the view changes gives the same rows
// back and rename_edges the same renames, the history's writes and
// deletions work on the packed form, and set back to 31 the migration does
// not run twice.
func TestMigrationThirtyTwoPacksChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 31)
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '3', 'ann', node_key('person', 'ann')),
			(2, '0', 'c1', node_key('commit', 'c1')), (3, '0', 'c2', node_key('commit', 'c2')), (4, '0', 'c3', node_key('commit', 'c3')),
			(10, '2', 'a.go', node_key('file', 'a.go')), (11, '2', 'b.go', node_key('file', 'b.go')),
			(12, '2', 'c.bin', node_key('file', 'c.bin')), (13, '2', 'gone.go', node_key('file', 'gone.go'))`,
		`INSERT INTO commits (node_id, author_id, author_time, commit_time, parents, message) VALUES
			(2, 1, 10, 10, 0, pack_text('First')), (3, 1, 20, 20, 1, pack_text('Second')), (4, 1, 30, 30, 2, pack_text('Merge'))`,
		`INSERT INTO changes (commit_id, file_id, status, added, deleted, binary, old_file_id, similarity) VALUES
			(2, 10, 'A', 5, 0, 0, NULL, NULL), (2, 12, 'A', 0, 0, 1, NULL, NULL),
			(3, 11, 'R', 1, 2, 0, 10, 87), (3, 13, 'M', 4, 4, 0, NULL, NULL), (3, 12, 'C', 0, 0, 1, 10, NULL)`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	if HasFTS5(ctx, db) {
		_, err := db.Exec("INSERT INTO search (search) VALUES ('rebuild')")
		require.NoError(t, err)
	}
	changes := "SELECT commit_id || ' ' || file_id || ' ' || status || ' ' || added || ' ' || deleted || ' ' || binary || ' ' || quote(old_file_id) || ' ' || quote(similarity) FROM changes ORDER BY commit_id, file_id"
	renames := "SELECT commit_id || ' ' || src || ' ' || dst || ' ' || quote(confidence) FROM rename_edges ORDER BY commit_id, dst"
	want := []string{"2 10 A 5 0 0 NULL NULL", "2 12 A 0 0 1 NULL NULL", "3 11 R 1 2 0 10 87", "3 12 C 0 0 1 10 NULL", "3 13 M 4 4 0 NULL NULL"}
	wantRenames := []string{"3 10 11 0.87", "3 10 12 NULL"}
	require.Equal(t, want, queryNames(t, db, changes), "before the migration")
	require.Equal(t, wantRenames, queryNames(t, db, renames), "before the migration")

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, want, queryNames(t, s.DB(), changes))
	require.Equal(t, wantRenames, queryNames(t, s.DB(), renames))
	require.Equal(t, []string{"2 blob", "3 blob", "4 null"}, queryNames(t, s.DB(), "SELECT node_id || ' ' || typeof(changes) FROM commits ORDER BY node_id"))
	require.Equal(t, []string{"view changes", "table commits", "view rename_edges"},
		queryNames(t, s.DB(), "SELECT type || ' ' || name FROM sqlite_master WHERE name IN ('commits', 'changes', 'rename_edges') OR tbl_name = 'changes' ORDER BY name"),
		"the table of changes and its indexes are gone")

	// Set back to 31, the migration does not run again.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 31") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, queryNames(t, s.DB(), changes))

	// Written anew: a commit with a rename, which stores its similarity with
	// its old file only, under the next id of commits (since schema 35 a
	// commit is no node); a commit stored already is left as it is.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		ids, err := tx.AddCommits([]CommitRow{{Sha: "c4", Author: 1, AuthorTime: 40, CommitTime: 40, Parents: 1, Message: "Fourth",
			Changes: []ChangeRow{{File: 10, Status: "R", Added: 1, OldFile: 11, Similarity: 90}, {File: 13, Status: "M", Added: 2, Similarity: 50}}},
			{Sha: "c2", Author: 1, Message: "Second again", Changes: []ChangeRow{{File: 10, Status: "M"}}}})
		require.Equal(t, map[string]int64{"c4": 5}, ids)
		return err
	}))
	require.Equal(t, append(want, "5 10 R 1 0 0 11 90", "5 13 M 2 0 0 NULL NULL"), queryNames(t, s.DB(), changes))

	// A file no change names any more goes once it leaves HEAD; the
	// others stay.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.DropCommits(record.KindPerson, []string{"c2"}); err != nil {
			return err
		}
		return tx.LeaveHead([]int64{11, 12, 13})
	}))
	require.Equal(t, []string{"2 10 A 5 0 0 NULL NULL", "2 12 A 0 0 1 NULL NULL", "5 10 R 1 0 0 11 90", "5 13 M 2 0 0 NULL NULL"}, queryNames(t, s.DB(), changes))
	require.Equal(t, []string{"a.go", "b.go", "c.bin", "gone.go"}, queryNames(t, s.DB(), "SELECT name FROM nodes WHERE kind = 'file' ORDER BY name"))
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.DropCommits(record.KindPerson, []string{"c4"}); err != nil {
			return err
		}
		return tx.DeleteHistoryOnlyFiles(record.KindFile)
	}))
	require.Equal(t, []string{"a.go", "c.bin"}, queryNames(t, s.DB(), "SELECT name FROM nodes WHERE kind = 'file' ORDER BY name"))
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ClearHistory() }))
	require.Empty(t, queryNames(t, s.DB(), changes))
}
