package store

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Dropping commits takes their rows, changes, renames and search entries,
// the authors and (once asked) the files only they named, and the edges of
// those files; a release stays, naming its commit by sha. Commits are no
// nodes: a commit is its row of commits.
func TestDropCommits(t *testing.T) {
	t.Parallel()
	s := open(t)
	ctx := context.Background()
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		_, err := tx.Nodes("commit", []string{"c1"})
		require.ErrorIs(t, err, errCommitNode)
		_, err = tx.Node("commit", "c1")
		require.ErrorIs(t, err, errCommitNode)
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
		ids, err := tx.AddCommits([]CommitRow{
			{Sha: "c1", Author: people["ann"], Message: "one", Changes: []ChangeRow{{File: files["kept.go"], Status: "A"}}},
			{Sha: "c2", Author: people["ben"], Message: "two", Changes: []ChangeRow{{File: files["only.go"], Status: "R", OldFile: files["old.go"], Similarity: 90}}},
			{Sha: "c3", Author: people["ben"], Message: "three", Changes: []ChangeRow{{File: files["kept.go"], Status: "M"}}},
		})
		if err != nil {
			return err
		}
		require.Len(t, ids, 3)
		if _, err := tx.Edge("imports", "imports|only.go|kept.go", 1, "", Member{files["only.go"], "from"}, Member{files["kept.go"], "to"}); err != nil {
			return err
		}
		_, err = tx.SetNode("release", "v1", "c3", `{"sha":"c3","time":30}`)
		return err
	}))
	var stored int
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		var err error
		if stored, err = tx.DropCommits("person", []string{"c2", "c3", "unknown"}); err != nil {
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
	require.Equal(t, []string{"c1"}, names("SELECT "+ShaText("sha")+" FROM commits"))
	require.Empty(t, names("SELECT name FROM nodes WHERE kind = 'commit'"))
	require.Equal(t, []string{"v1"}, names("SELECT name FROM nodes WHERE kind = 'release'"), "the release stays")
	require.Equal(t, []string{"ann"}, names("SELECT name FROM nodes WHERE kind = 'person'"))
	require.Equal(t, []string{"kept.go"}, names("SELECT name FROM nodes WHERE kind = 'file'"))
	require.Empty(t, names("SELECT kind FROM link_edges"), "the gone file's import is dropped")
	require.Empty(t, names("SELECT dst FROM rename_edges"), "the rename is dropped")
	require.Equal(t, []string{"c1"}, names("SELECT ref FROM search WHERE kind = 'commit'"))
	if HasFTS5(ctx, s.writer) {
		require.Empty(t, names("SELECT ref FROM search WHERE search MATCH 'two OR three'"), "the dropped messages' words left the index")
		require.Equal(t, []string{"c1"}, names("SELECT ref FROM search WHERE search MATCH 'one'"))
		require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("INSERT INTO search (search) VALUES ('integrity-check')") }))
	}
	require.Equal(t, []string{"A"}, names("SELECT status FROM changes"))
}

// Commit messages are packed in Go: those of commits stored together in a
// pack (since schema 41), a lone commit's as the bytes PackText makes;
// MessageSQL gives each back, an empty one and one of many lines too.
func TestAddCommitsPacksMessages(t *testing.T) {
	t.Parallel()
	s := open(t)
	messages := map[string]string{
		"c1": "",
		"c2": "Fix the parser\n\nSee gh-12\n",
		"c3": strings.Repeat("Polish café handling of the request \"body\"\n", 40),
	}
	require.NoError(t, s.Write(context.Background(), func(tx *Tx) error {
		ann, err := tx.Node("person", "ann")
		if err != nil {
			return err
		}
		var rows []CommitRow
		for n, m := range messages {
			rows = append(rows, CommitRow{Sha: n, Author: ann, Message: m})
		}
		_, err = tx.AddCommits(rows)
		return err
	}))
	for n, m := range messages {
		var stored, back string
		require.NoError(t, s.DB().QueryRow("SELECT message, "+MessageSQL("c")+" FROM commits c WHERE "+ShaText("sha")+" = ?", n).
			Scan(&stored, &back))
		require.Empty(t, stored, "%s: stored in the pack", n)
		require.Equal(t, m, back, n)
	}
	// A lone commit's message is packed by itself.
	require.NoError(t, s.Write(context.Background(), func(tx *Tx) error {
		ann, err := tx.Node("person", "ann")
		if err != nil {
			return err
		}
		_, err = tx.AddCommits([]CommitRow{{Sha: "c4", Author: ann, Message: "Alone"}})
		return err
	}))
	var stored []byte
	var back string
	require.NoError(t, s.DB().QueryRow("SELECT message, "+MessageSQL("c")+" FROM commits c WHERE message_at IS NULL").Scan(&stored, &back))
	require.Equal(t, PackText([]byte("Alone")), stored)
	require.Equal(t, "Alone", back)
}
