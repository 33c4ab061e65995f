package store

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Dropping commits takes their rows, changes, renames and search entries,
// the authors and (once asked) the files only they named, and the edges of
// those files; a commit a tag names keeps its node, as a fresh read of the
// tags would make it.
func TestDropCommits(t *testing.T) {
	t.Parallel()
	s := open(t)
	ctx := context.Background()
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		ids, err := tx.Nodes("commit", []string{"c1", "c2", "c3"})
		if err != nil {
			return err
		}
		people, err := tx.Nodes("person", []string{"ann", "ben"})
		if err != nil {
			return err
		}
		files, err := tx.Nodes("file", []string{"kept.go", "only.go", "old.go"})
		if err != nil {
			return err
		}
		if err := tx.SetHeadFile(HeadFile{Node: files["kept.go"], Blob: "b1"}); err != nil {
			return err
		}
		if err := tx.AddCommits([]CommitRow{
			{Node: ids["c1"], Author: people["ann"], Message: "one"},
			{Node: ids["c2"], Author: people["ben"], Message: "two"},
			{Node: ids["c3"], Author: people["ben"], Message: "three"},
		}, []ChangeRow{
			{Commit: ids["c1"], File: files["kept.go"], Status: "A"},
			{Commit: ids["c2"], File: files["only.go"], Status: "R", OldFile: files["old.go"], Similarity: 90},
			{Commit: ids["c3"], File: files["kept.go"], Status: "M"},
		}); err != nil {
			return err
		}
		if _, err := tx.Edge("imports", "imports|only.go|kept.go", 1, "", Member{files["only.go"], "from"}, Member{files["kept.go"], "to"}); err != nil {
			return err
		}
		rel, err := tx.Node("release", "v1")
		if err != nil {
			return err
		}
		if _, err := tx.Edge("release", "release|v1", 1, "", Member{rel, "release"}, Member{ids["c3"], "commit"}); err != nil {
			return err
		}
		return tx.IndexCommits([]int64{ids["c1"], ids["c2"], ids["c3"]})
	}))
	var stored int
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		var err error
		if stored, err = tx.DropCommits("commit", "person", []string{"c2", "c3", "unknown"}); err != nil {
			return err
		}
		return tx.DeleteHistoryOnlyFiles("file")
	}))
	require.Equal(t, 2, stored)
	names := func(q string) []string {
		rows, err := s.DB().Query(q)
		require.NoError(t, err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var n string
			require.NoError(t, rows.Scan(&n))
			out = append(out, n)
		}
		return out
	}
	require.Equal(t, []string{"c1"}, names("SELECT n.name FROM commits c JOIN nodes n ON n.id = c.node_id"))
	require.Equal(t, []string{"c1", "c3"}, names("SELECT name FROM nodes WHERE kind = 'commit' ORDER BY name"), "the tagged commit keeps its node")
	require.Equal(t, []string{"ann"}, names("SELECT name FROM nodes WHERE kind = 'person'"))
	require.Equal(t, []string{"kept.go"}, names("SELECT name FROM nodes WHERE kind = 'file'"))
	require.Equal(t, []string{"release"}, names("SELECT kind FROM link_edges"), "the gone file's import is dropped")
	require.Empty(t, names("SELECT dst FROM rename_edges"), "the rename is dropped")
	require.Equal(t, []string{"c1"}, names("SELECT ref FROM search WHERE kind = 'commit'"))
	if HasFTS5(ctx, s.writer) {
		require.Empty(t, names("SELECT ref FROM search WHERE search MATCH 'two OR three'"), "the dropped messages' words left the index")
		require.Equal(t, []string{"c1"}, names("SELECT ref FROM search WHERE search MATCH 'one'"))
		require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("INSERT INTO search (search) VALUES ('integrity-check')") }))
	}
	require.Equal(t, []string{"A"}, names("SELECT status FROM changes"))
}

// Commit messages are packed in Go and stored as the bytes PackText
// makes: unpack gives each back, an empty one and one of many lines too.
func TestAddCommitsPacksMessages(t *testing.T) {
	t.Parallel()
	s := open(t)
	messages := map[string]string{
		"c1": "",
		"c2": "Fix the parser\n\nSee gh-12\n",
		"c3": strings.Repeat("Polish café handling of the request \"body\"\n", 40),
	}
	require.NoError(t, s.Write(context.Background(), func(tx *Tx) error {
		ids, err := tx.Nodes("commit", []string{"c1", "c2", "c3"})
		if err != nil {
			return err
		}
		ann, err := tx.Node("person", "ann")
		if err != nil {
			return err
		}
		var rows []CommitRow
		for n, m := range messages {
			rows = append(rows, CommitRow{Node: ids[n], Author: ann, Message: m})
		}
		return tx.AddCommits(rows, nil)
	}))
	for n, m := range messages {
		var stored []byte
		var back string
		require.NoError(t, s.DB().QueryRow("SELECT c.message, unpack(c.message) FROM commits c JOIN nodes n ON n.id = c.node_id WHERE n.name = ?", n).
			Scan(&stored, &back))
		require.Equal(t, PackText([]byte(m)), stored, n)
		require.Equal(t, m, back, n)
	}
}
