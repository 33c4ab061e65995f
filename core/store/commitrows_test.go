package store

import (
	"context"
	"encoding/hex"
	"testing"

	"github.com/homer-dev/homer/core/record"
	"github.com/stretchr/testify/require"
)

// A store written at schema 34 (a commit as a node beside its row of
// commits) is carried forward: migration 35 keeps each commit's row under
// its id with the node's name as its sha and deletes the commit nodes,
// those without a row (a tag's commit outside the history) too, with the
// release links to them and the texts kept under them; migration 36 takes
// the other texts into the full-text index under their nodes' ids negated.
// History, renames and search read the same; the history's writes and
// deletions work on the new form; set back to 34, 35 is not run again and
// 36 changes nothing; set back to 20, the older scripts' view of the
// index is made again.
func TestMigrationThirtyFiveFoldsCommitNodes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 34)
	const sha1, sha2, sha3 = "0123456789abcdef0123456789abcdef01234567", "89abcdef0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210fedcba98"
	first := hex.EncodeToString(PackChanges([]ChangeRow{{File: 4, Status: "A", Added: 5}}))
	second := hex.EncodeToString(PackChanges([]ChangeRow{{File: 6, Status: "R", Added: 1, Deleted: 1, OldFile: 4, Similarity: 90, HasSimilarity: true}}))
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '3', 'ann', node_key('person', 'ann')), (2, '3', 'ben', node_key('person', 'ben')),
			(3, '0', hex_bytes('` + sha1 + `'), node_key('commit', '` + sha1 + `')), (4, '2', 'a.go', node_key('file', 'a.go')),
			(5, '0', hex_bytes('` + sha2 + `'), node_key('commit', '` + sha2 + `')), (6, '2', 'b.go', node_key('file', 'b.go')),
			(7, '0', 'HEAD~1', node_key('commit', 'HEAD~1')), (8, '4', 'v1', node_key('release', 'v1')),
			(9, '0', hex_bytes('` + sha3 + `'), node_key('commit', '` + sha3 + `')), (10, '4', 'v0', node_key('release', 'v0'))`,
		`INSERT INTO node_rows (id, kind, name, file, key, metadata) VALUES (11, '1', 'Clean', 4, node_key('definition', 'a.go#Clean'), '')`,
		`INSERT INTO commits (node_id, author_id, author_time, commit_time, parents, message, changes) VALUES
			(3, 1, 10, 10, 0, pack_text('Trim trailing slashes'), x'` + first + `'),
			(5, 2, 20, 20, 1, pack_text('Rename the cleaner'), x'` + second + `'),
			(7, 1, 30, 30, 2, pack_text('Merge the routes'), NULL)`,
		`INSERT INTO links (kind, src, dst) VALUES (4, 8, 7), (4, 10, 9)`,
		`INSERT INTO search_texts (node_id, kind, body) VALUES (11, 'doc', pack_text('Clean removes duplicated separators.')),
			(9, 'commit', pack_text('Tagged outside the history'))`,
		`INSERT INTO search (search) VALUES ('rebuild')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	changes := "SELECT commit_id || ' ' || file_id || ' ' || status || ' ' || added || ' ' || deleted || ' ' || quote(old_file_id) || ' ' || quote(similarity) FROM changes ORDER BY commit_id, file_id"
	renames := "SELECT commit_id || ' ' || src || ' ' || dst || ' ' || confidence FROM rename_edges"
	hits := "SELECT rowid || ' ' || kind || ' ' || ref FROM search WHERE search MATCH 'slashes OR cleaner OR routes OR separators OR tagged' ORDER BY ref"
	wantChanges := []string{"3 4 A 5 0 NULL NULL", "5 6 R 1 1 4 90"}
	require.Equal(t, wantChanges, queryNames(t, db, changes), "before the migration")
	require.Equal(t, []string{"3 commit " + sha1, "5 commit " + sha2, "7 commit HEAD~1", "11 doc a.go#Clean", "9 commit " + sha3},
		queryNames(t, db, hits), "before the migration")

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	commits := "SELECT node_id || ' ' || " + ShaText("sha") + " || ' ' || typeof(sha) || ' ' || author_id || ' ' || commit_time || ' ' || parents || ' ' || " + MessageSQL("commits") + " FROM commits ORDER BY node_id"
	wantCommits := []string{"3 " + sha1 + " blob 1 10 0 Trim trailing slashes", "5 " + sha2 + " blob 2 20 1 Rename the cleaner", "7 HEAD~1 text 1 30 2 Merge the routes"}
	wantHits := []string{"3 commit " + sha1, "5 commit " + sha2, "7 commit HEAD~1", "-11 doc a.go#Clean"}
	nodes := "SELECT id || ' ' || kind || ' ' || name FROM nodes ORDER BY id"
	wantNodes := []string{"1 person ann", "2 person ben", "4 file a.go", "6 file b.go", "8 release v1", "10 release v0", "11 definition a.go#Clean"}
	check := func() {
		t.Helper()
		require.Equal(t, wantCommits, queryNames(t, s.DB(), commits))
		require.Equal(t, wantChanges, queryNames(t, s.DB(), changes))
		require.Equal(t, []string{"5 4 6 0.9"}, queryNames(t, s.DB(), renames))
		require.Equal(t, wantHits, queryNames(t, s.DB(), hits))
		require.Equal(t, wantNodes, queryNames(t, s.DB(), nodes), "no commit is a node")
		require.Empty(t, queryNames(t, s.DB(), "SELECT src FROM links"), "the releases' links went with the commit nodes")
		require.Equal(t, []string{"11"}, queryNames(t, s.DB(), "SELECT node_id FROM search_texts"))
		require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("INSERT INTO search (search) VALUES ('integrity-check')") }))
	}
	check()
	require.Empty(t, queryNames(t, s.DB(), "SELECT name FROM sqlite_master WHERE name = 'commits_sha'"))
	require.Empty(t, queryNames(t, s.DB(), "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'commits'"),
		"no index finds a commit by its sha or its author")
	require.Empty(t, queryNames(t, s.DB(), "SELECT \"table\" FROM pragma_foreign_key_list('commits')"), "nor does a node's deletion check commits")

	// Set back to 34: 35 does not run again, 36 makes the same.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 34") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	check()

	// Written through the new form: a commit found by its sha is left as
	// it is, a new one takes the next id of commits (which a node holds
	// too: its message and the node's text are apart in the index), and
	// dropping commits takes their rows, messages and renames.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		ids, err := tx.AddCommits([]CommitRow{
			{Sha: sha1, Author: 2, Message: "Not stored"},
			{Sha: "1111111111111111111111111111111111111111", Author: 2, CommitTime: 40, Parents: 1, Message: "Clean the separators",
				Changes: []ChangeRow{{File: 4, Status: "M", Added: 2, Deleted: 1}}},
		})
		require.Equal(t, map[string]int64{"1111111111111111111111111111111111111111": 8}, ids)
		return err
	}))
	wantCommits = append(wantCommits, "8 1111111111111111111111111111111111111111 blob 2 40 1 Clean the separators")
	wantChanges = append(wantChanges, "8 4 M 2 1 NULL NULL")
	wantHits = []string{"3 commit " + sha1, "8 commit 1111111111111111111111111111111111111111", "5 commit " + sha2, "7 commit HEAD~1", "-11 doc a.go#Clean"}
	check()
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		n, err := tx.DropCommits(record.KindPerson, []string{sha2, "HEAD~1", sha3})
		require.Equal(t, 2, n)
		return err
	}))
	wantCommits = []string{wantCommits[0], wantCommits[3]}
	wantChanges = []string{"3 4 A 5 0 NULL NULL", "8 4 M 2 1 NULL NULL"}
	wantHits = []string{"3 commit " + sha1, "8 commit 1111111111111111111111111111111111111111", "-11 doc a.go#Clean"}
	require.Equal(t, wantCommits, queryNames(t, s.DB(), commits))
	require.Equal(t, wantChanges, queryNames(t, s.DB(), changes))
	require.Empty(t, queryNames(t, s.DB(), renames))
	require.Equal(t, wantHits, queryNames(t, s.DB(), hits))
	require.Equal(t, []string{"1 person ann", "2 person ben"}, queryNames(t, s.DB(), "SELECT id || ' ' || kind || ' ' || name FROM nodes WHERE kind = 'person' ORDER BY id"),
		"ben still wrote a commit")

	// Set back to 20: the older scripts make the index's view as it was,
	// 36 makes it again.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 20") }))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, wantHits, queryNames(t, s.DB(), hits))
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("INSERT INTO search (search) VALUES ('integrity-check')") }))
}

// A store written at schema 44 (each commit's author time as it is) is
// carried forward: migration 45 keeps its distance from the commit time,
// which is 0 for a commit authored when committed and stored in no byte;
// the author time reads back as commit_time + author_lag, new commits
// are stored so too, and set back to 44 the migration changes nothing.
func TestMigrationFortyFiveStoresAuthorTimesByTheirLag(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 44)
	const sha1, sha2 = "0123456789abcdef0123456789abcdef01234567", "89abcdef0123456789abcdef0123456789abcdef"
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '3', 'ann', node_key('person', 'ann'))`,
		`INSERT INTO commits (node_id, sha, author_id, author_time, commit_time, parents, message) VALUES
			(2, hex_bytes('` + sha1 + `'), 1, 1740583760, 1740583760, 0, pack_text('Add')),
			(3, hex_bytes('` + sha2 + `'), 1, 1740500000, 1740583760, 1, pack_text('Rebased')),
			(4, 'HEAD~1', 1, 1740583761, 1740583760, 1, pack_text('Clock skew'))`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	read := "SELECT node_id || ' ' || (commit_time + author_lag) || ' ' || commit_time || ' ' || typeof(author_lag) || ' ' || " + MessageSQL("commits") + " FROM commits ORDER BY node_id"
	want := []string{"2 1740583760 1740583760 integer Add", "3 1740500000 1740583760 integer Rebased", "4 1740583761 1740583760 integer Clock skew"}
	lags := "SELECT node_id || ' ' || author_lag FROM commits ORDER BY node_id"
	wantLags := []string{"2 0", "3 -83760", "4 1"}

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, want, queryNames(t, s.DB(), read))
	require.Equal(t, wantLags, queryNames(t, s.DB(), lags))

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 44") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, wantLags, queryNames(t, s.DB(), lags), "run again, nothing changes")

	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		_, err := tx.AddCommits([]CommitRow{{Sha: "fedcba9876543210fedcba9876543210fedcba98", Author: 1, AuthorTime: 1740600000, CommitTime: 1740600100, Message: "Later"},
			{Sha: "00000000000000000000000000000000000000aa", Author: 1, AuthorTime: 1740600200, CommitTime: 1740600200, Message: "Same"}})
		return err
	}))
	require.Equal(t, []string{"5 -100", "6 0"}, queryNames(t, s.DB(), lags+" LIMIT -1 OFFSET 3"))
	require.Equal(t, []string{"5 1740600000 1740600100 integer Later", "6 1740600200 1740600200 integer Same"}, queryNames(t, s.DB(), read+" LIMIT -1 OFFSET 3"))
}

// A store written at schema 45 is carried forward by migration 46: a blob
// pair of a stored commit names it by its node id, one of a commit the
// store does not hold keeps its sha (bytes, or text), and both read back
// as the shas they were. Run again, nothing changes. The pairs of a
// dropped commit go with it, so a later commit given its id finds none;
// pairs added since name their commits alike; ClearHistory leaves only
// the pairs named by sha.
func TestMigrationFortySixNamesPathBlobCommitsByID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 45)
	const sha1, sha2, sha3 = "0123456789abcdef0123456789abcdef01234567", "89abcdef0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210fedcba98"
	const blobA, blobB = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '3', 'ann', node_key('person', 'ann')),
			(5, '2', 'a.go', node_key('file', 'a.go'))`,
		`INSERT INTO commits (node_id, sha, author_id, author_lag, commit_time, parents, message) VALUES
			(2, hex_bytes('` + sha1 + `'), 1, 0, 1740583760, 0, pack_text('Add')),
			(3, hex_bytes('` + sha2 + `'), 1, 0, 1740583770, 1, pack_text('Change'))`,
		`INSERT INTO path_blobs (commit_sha, path, after, before) VALUES
			(hex_bytes('` + sha1 + `'), node_key('file', 'a.go'), hex_bytes('` + blobA + `'), ''),
			(hex_bytes('` + sha2 + `'), node_key('file', 'a.go'), hex_bytes('` + blobB + `'), hex_bytes('` + blobA + `')),
			(hex_bytes('` + sha2 + `'), 'gone.go', '', hex_bytes('` + blobB + `')),
			(hex_bytes('` + sha3 + `'), 'b.go', hex_bytes('` + blobA + `'), ''),
			('v1.0', 'b.go', hex_bytes('` + blobB + `'), '')`,
		// The commits' messages in the full-text index, as AddCommits puts them.
		`INSERT INTO search (search) VALUES ('rebuild')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	pathText := "CASE typeof(path) WHEN 'integer' THEN (SELECT n.name FROM nodes n WHERE n.key = path) ELSE path END"
	read := "SELECT " + PathBlobCommit("commit_sha") + " || ' ' || " + pathText + " || ' ' || " + ShaText("after") + " || ' ' || " + ShaText("before") +
		" || ' ' || typeof(commit_sha) FROM path_blobs ORDER BY 1"
	want := []string{
		sha1 + " a.go " + blobA + "  integer",
		sha2 + " a.go " + blobB + " " + blobA + " integer",
		sha2 + " gone.go  " + blobB + " integer",
		sha3 + " b.go " + blobA + "  blob",
		"v1.0 b.go " + blobB + "  text",
	}

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, want, queryNames(t, s.DB(), read))
	require.Equal(t, []string{"2", "3", "3"}, queryNames(t, s.DB(), "SELECT commit_sha FROM path_blobs WHERE typeof(commit_sha) = 'integer' ORDER BY 1"))
	require.Empty(t, queryNames(t, s.DB(), "SELECT name FROM sqlite_master WHERE name = 'commits_sha_v46'"), "the index of shas is the migration's alone")

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 45") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, queryNames(t, s.DB(), read), "run again, nothing changes")

	// The second commit is dropped and a new one takes its id: the pairs
	// of the one dropped are gone, the new one has none until added.
	const sha4 = "4444444444444444444444444444444444444444"
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.DropCommits("person", []string{sha2}); err != nil {
			return err
		}
		if _, err := tx.AddCommits([]CommitRow{{Sha: sha4, Author: 1, AuthorTime: 1740600000, CommitTime: 1740600000, Message: "Later"}}); err != nil {
			return err
		}
		return nil
	}))
	require.Equal(t, []string{"3 " + sha4}, queryNames(t, s.DB(), "SELECT node_id || ' ' || "+ShaText("sha")+" FROM commits WHERE node_id = 3"), "the new commit has the dropped one's id")
	want = []string{want[0], want[3], want[4]}
	require.Equal(t, want, queryNames(t, s.DB(), read))

	// Pairs added name a stored commit by its id, any other by its sha;
	// a pair stored already is kept.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		return tx.AddPathBlobs([][4]string{
			{sha4, "a.go", blobB, blobA},
			{sha1, "a.go", blobB, ""},
			{sha3, "c.go", blobB, ""},
			{sha4, "new.go", blobA, ""},
		})
	}))
	want = []string{
		sha1 + " a.go " + blobA + "  integer",
		sha4 + " a.go " + blobB + " " + blobA + " integer",
		sha4 + " new.go " + blobA + "  integer",
		sha3 + " b.go " + blobA + "  blob",
		sha3 + " c.go " + blobB + "  blob",
		"v1.0 b.go " + blobB + "  text",
	}
	require.Equal(t, want, queryNames(t, s.DB(), read))

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ClearHistory() }))
	require.Equal(t, []string{want[3], want[4], want[5]}, queryNames(t, s.DB(), read), "the pairs named by id leave with their commits")
}

// A store written at schema 46 is carried forward by migration 47: a
// graph digest of 16 hexadecimal digits (or any even count in lower case)
// is kept as the bytes they spell, any other text as it is, and GraphDigests reads both back as they were.
// Run again, nothing changes; digests written since are stored alike.
func TestMigrationFortySevenKeepsGraphDigestsAsBytes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 46)
	const a, b, c = "src/A.java", "src/B.java", "C.go"
	for _, q := range []string{
		`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', '` + a + `', node_key('file', '` + a + `')),
			(2, '2', '` + b + `', node_key('file', '` + b + `'))`,
		`INSERT INTO graph_digests (path, digest) VALUES (node_key('file', '` + a + `'), '00f0e1d2c3b4a596'),
			(node_key('file', '` + b + `'), 'd1'), ('` + c + `', 'ABCDEF0123456789')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	digests := func(s *Store) map[string]string {
		t.Helper()
		var got map[string]string
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			var lost bool
			var err error
			got, lost, err = tx.GraphDigests()
			require.False(t, lost)
			return err
		}))
		return got
	}
	types := "SELECT typeof(digest) || ' ' || length(digest) FROM graph_digests ORDER BY 1"
	want := map[string]string{a: "00f0e1d2c3b4a596", b: "d1", c: "ABCDEF0123456789"}
	wantTypes := []string{"blob 1", "blob 8", "text 16"}

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	require.Equal(t, want, digests(s))
	require.Equal(t, wantTypes, queryNames(t, s.DB(), types), "any lower-case digits become bytes; upper case would not come back as it was")

	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("PRAGMA user_version = 46") }))
	require.NoError(t, s.Close())
	var err error
	s, err = Open(ctx, path)
	require.NoError(t, err)
	require.Equal(t, want, digests(s), "run again, nothing changes")
	require.Equal(t, wantTypes, queryNames(t, s.DB(), types))

	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		if err := tx.SetGraphDigest(b, "0123456789abcdef"); err != nil {
			return err
		}
		return tx.SetGraphDigest(a, "")
	}))
	require.Equal(t, map[string]string{b: "0123456789abcdef", c: "ABCDEF0123456789"}, digests(s))
	require.Equal(t, []string{"blob 8", "text 16"}, queryNames(t, s.DB(), types))
}
