package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
)

// A definition is stored within its file the same way whether the writer
// knows the file node's id (the row is inserted with it) or not (the
// insert joins the file node in SQL): after a reopen the writer's cache is
// empty, so the second store takes the join.
func TestDefinitionRowsAlikeWithAndWithoutTheFileCached(t *testing.T) {
	t.Parallel()
	names := []string{
		"src/a.go#Run",          // a file node: stored within it
		"src/a.go#Server.Start", // its dotted name
		"src/b#c.go#x",          // a path with a '#': the file is the part before the first
		"src/none.go#f",         // no such file node: stored by its whole name
		"#lonely",               // no path at all
	}
	files := []string{"src/a.go", "src/b"}
	rows := func(cached bool) [][3]any {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "homer.db")
		s, err := Open(ctx, path)
		require.NoError(t, err)
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			for _, f := range files {
				if _, err := tx.Node(record.KindFile, f); err != nil {
					return err
				}
			}
			return nil
		}))
		if !cached {
			require.NoError(t, s.Close())
			s, err = Open(ctx, path)
			require.NoError(t, err)
		}
		defer s.Close()
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			for _, f := range files {
				_, known := tx.cached(nodeKey{record.KindFile, f})
				require.Equal(t, cached, known)
			}
			for i, n := range names {
				if _, err := tx.SetNode(record.KindDefinition, n, "", `{"name":"x","kind":"function","line":`+string(rune('1'+i))+`,"end":9,"exported":true}`); err != nil {
					return err
				}
			}
			return nil
		}))
		var out [][3]any
		q, err := s.DB().Query(`SELECT n.name, r.name, r.file IS NULL FROM nodes n JOIN node_rows r ON r.id = n.id WHERE n.kind = 'definition' ORDER BY n.name`)
		require.NoError(t, err)
		defer q.Close()
		for q.Next() {
			var whole, stored string
			var loose bool
			require.NoError(t, q.Scan(&whole, &stored, &loose))
			out = append(out, [3]any{whole, stored, loose})
		}
		require.NoError(t, q.Err())
		return out
	}
	with, without := rows(true), rows(false)
	require.Equal(t, without, with)
	require.Len(t, with, len(names))
	require.Contains(t, with, [3]any{"src/a.go#Server.Start", "Server.Start", false})
	require.Contains(t, with, [3]any{"src/b#c.go#x", "c.go#x", false})
	require.Contains(t, with, [3]any{"src/none.go#f", "src/none.go#f", true})
}

// SetDefinitions stores what SetNode and Index (or Unindex) store for each
// definition, row for row: node ids, every column, the texts and the
// full-text index, on a first write and on a second that changes some,
// takes a text away and names a definition twice.
func TestSetDefinitionsStoresWhatSetNodeDoes(t *testing.T) {
	t.Parallel()
	meta := func(name string, line int) string {
		return fmt.Sprintf(`{"name":%q,"kind":"method","line":%d,"end":%d,"exported":true}`, name, line, line+4)
	}
	first := []DefinitionRow{
		{Name: "src/a.go#Server.Start", Meta: meta("Start", 3), Doc: "Server.Start\nStart begins serving."},
		{Name: "src/a.go#Server.stop", Meta: meta("halt", 9)}, // a name other than the last part
		{Name: "src/none.go#f", Meta: meta("f", 1), Doc: "f\nf has no file node."},
		{Name: "src/a.go#Odd", Meta: `{"kind":"class","extra":1}`}, // metadata kept as text
		{Name: "src/b#c.go#x", Meta: ""},
		{Name: "src/a.go#Client.Get", Meta: meta("Get", 20), Doc: "Client.Get\nGet fetches a café."},
	}
	for i := range 450 { // more than a chunk
		first = append(first, DefinitionRow{Name: fmt.Sprintf("src/a.go#T%d.m", i), Meta: meta("m", i), Doc: fmt.Sprintf("T%d.m\nm number %d", i, i)})
	}
	second := []DefinitionRow{
		{Name: "src/a.go#Server.Start", Meta: meta("Start", 4), Indexed: true}, // its text taken away
		{Name: "src/a.go#Client.Get", Meta: meta("Get", 21), Doc: "Client.Get\nGet fetches again.", Indexed: true},
		{Name: "src/a.go#New", Meta: meta("New", 30), Doc: "New\nNew makes one."},
		{Name: "src/a.go#New", Meta: meta("New", 31), Doc: "New\nNew makes one, twice.", Indexed: true},
	}
	state := func(batch bool) []string {
		ctx := context.Background()
		s := open(t)
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			_, err := tx.Nodes(record.KindFile, []string{"src/a.go", "src/b"})
			return err
		}))
		for _, rows := range [][]DefinitionRow{first, second} {
			require.NoError(t, s.Write(ctx, func(tx *Tx) error {
				if batch {
					ids, err := tx.SetDefinitions(rows)
					if err != nil {
						return err
					}
					for i, r := range rows {
						id, err := tx.Node(record.KindDefinition, r.Name)
						require.NoError(t, err)
						require.Equal(t, id, ids[i], r.Name)
					}
					return nil
				}
				for _, r := range rows {
					id, err := tx.SetNode(record.KindDefinition, r.Name, "", r.Meta)
					if err != nil {
						return err
					}
					if r.Doc != "" {
						err = tx.Index(id, "doc", r.Doc)
					} else if r.Indexed {
						err = tx.Unindex(id)
					}
					if err != nil {
						return err
					}
				}
				return nil
			}))
		}
		var out []string
		for _, q := range []string{
			`SELECT id, kind, name, content_hash, metadata, key, file, def_kind, line, end_line, exported, complexity, doc, def_name, dir FROM node_rows ORDER BY id`,
			`SELECT t.node_id, t.kind, ` + textSQL("t") + ` FROM search_texts t ORDER BY t.node_id`,
			`SELECT rowid, kind, ref, body FROM search ORDER BY rowid`,
			`SELECT id, name, metadata FROM nodes ORDER BY id`,
		} {
			out = append(out, dumpRows(t, s, q)...)
		}
		if HasFTS5(ctx, s.writer) {
			for _, word := range []string{"serving", "fetches", "again", "twice", "number"} {
				var n int
				require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM search WHERE search MATCH ?", word).Scan(&n))
				out = append(out, fmt.Sprintf("%s: %d", word, n))
			}
			require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("INSERT INTO search (search) VALUES ('integrity-check')") }))
		}
		return out
	}
	one, batched := state(false), state(true)
	require.Equal(t, one, batched)
	require.Contains(t, batched, "serving: 0", "a text taken away leaves the index")
	require.Contains(t, batched, "number: 450")
}

// Nodes makes nodes of many names in chunks, in the order given, and finds
// them again, and the view nodes names each as it was asked for. A commit
// (no node) keeps its sha as bytes when it is a hex id, as text otherwise,
// and is found again by it.
func TestNodesInChunks(t *testing.T) {
	t.Parallel()
	s := open(t)
	var files []string
	for i := range 1200 {
		files = append(files, fmt.Sprintf("src/d%d/f%d.go", i%9, i))
	}
	commits := []string{"0123456789abcdef0123456789abcdef01234567", "not-hex", "ABCD"}
	var first, again map[string]int64
	var made map[string]int64
	require.NoError(t, s.Write(context.Background(), func(tx *Tx) error {
		var err error
		if first, err = tx.Nodes(record.KindFile, files[:700]); err != nil {
			return err
		}
		if again, err = tx.Nodes(record.KindFile, files); err != nil {
			return err
		}
		ann, err := tx.Node(record.KindPerson, "ann")
		if err != nil {
			return err
		}
		rows := make([]CommitRow, len(commits))
		for i, c := range commits {
			rows[i] = CommitRow{Sha: c, Author: ann, Message: c}
		}
		if made, err = tx.AddCommits(rows); err != nil {
			return err
		}
		stored, err := tx.StoredCommits(append([]string{"abcd"}, commits...))
		require.Equal(t, map[string]bool{commits[0]: true, commits[1]: true, commits[2]: true}, stored)
		return err
	}))
	for n, id := range first {
		require.Equal(t, id, again[n], n)
	}
	require.Len(t, again, len(files))
	for i := 1; i < len(files); i++ {
		require.Less(t, again[files[i-1]], again[files[i]], "numbered in the order given")
	}
	for n, id := range again {
		var name string
		require.NoError(t, s.DB().QueryRow("SELECT name FROM nodes WHERE id = ? AND kind = 'file'", id).Scan(&name))
		require.Equal(t, n, name)
	}
	for _, c := range commits {
		var name, typ string
		require.NoError(t, s.DB().QueryRow("SELECT "+ShaText("sha")+", typeof(sha) FROM commits WHERE node_id = ?", made[c]).Scan(&name, &typ))
		require.Equal(t, c, name)
		require.Equal(t, map[bool]string{true: "blob", false: "text"}[c == commits[0]], typ, c)
	}
}

// SetCalls stores what Edge stores for each call, row for row, in the
// order given: confidences in hundredths or not, metadata in columns or
// kept whole, a pair met twice (the later wins), more than a chunk.
func TestSetCallsStoresWhatEdgeDoes(t *testing.T) {
	t.Parallel()
	calls := []Call{
		{Confidence: 0.95, Meta: `{"count":2,"via":"receiver"}`},
		{Confidence: 0.6 / 7, Meta: `{"count":1,"test":1,"via":"dispatch"}`},
		{Confidence: 1, Meta: `{"count":3,"via":"elsewhere"}`},
		{Confidence: 0.3, Meta: `{"count":1,"odd":true}`},
		{Confidence: 0.5, Meta: ""},
	}
	for i := range 1100 {
		calls = append(calls, Call{Confidence: float64(i%100) / 100, Meta: fmt.Sprintf(`{"count":%d,"via":"scope"}`, i%5+1)})
	}
	state := func(batch bool) []string {
		ctx := context.Background()
		s := open(t)
		require.NoError(t, s.Write(ctx, func(tx *Tx) error {
			var names []string
			for i := range 60 {
				names = append(names, fmt.Sprintf("a.go#f%d", i))
			}
			ids, err := tx.Nodes(record.KindDefinition, names)
			if err != nil {
				return err
			}
			rows := make([]Call, len(calls))
			for i, c := range calls {
				c.Caller, c.Callee = ids[names[i%60]], ids[names[(i*7+1)%60]]
				rows[i] = c
			}
			rows = append(rows, Call{Caller: rows[0].Caller, Callee: rows[0].Callee, Confidence: 0.9, Meta: `{"count":9,"via":"import"}`})
			if batch {
				return tx.SetCalls(rows)
			}
			for i, c := range rows {
				if _, err := tx.Edge(record.EdgeCalls, fmt.Sprint(i), c.Confidence, c.Meta, Member{c.Caller, "caller"}, Member{c.Callee, "callee"}); err != nil {
					return err
				}
			}
			return nil
		}))
		var out []string
		for _, q := range []string{
			`SELECT * FROM calls ORDER BY caller, callee`,
			`SELECT caller, callee, confidence, metadata FROM call_edges ORDER BY caller, callee`,
		} {
			out = append(out, dumpRows(t, s, q)...)
		}
		return out
	}
	one, batched := state(false), state(true)
	require.Equal(t, one, batched)
	require.NotEmpty(t, batched)
}

// SetDefinitions finds file nodes the transaction does not know (a
// reopened store's writer knows none) and stores definitions within them,
// a chunk a statement, as it does files it knows.
func TestSetDefinitionsLooksUpUnknownFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "homer.db")
	s, err := Open(ctx, path)
	require.NoError(t, err)
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		_, err := tx.Nodes(record.KindFile, []string{"src/a.go", "src/b.go"})
		return err
	}))
	require.NoError(t, s.Close())
	s, err = Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		_, known := tx.cached(nodeKey{record.KindFile, "src/a.go"})
		require.False(t, known)
		_, err := tx.SetDefinitions([]DefinitionRow{
			{Name: "src/a.go#Run", Meta: `{"name":"Run","kind":"function","line":1,"end":2,"exported":true}`},
			{Name: "src/b.go#T.m", Meta: `{"name":"m","kind":"method","line":3,"end":4,"exported":false}`},
			{Name: "src/none.go#f", Meta: `{"name":"f","kind":"function","line":5,"end":6,"exported":true}`},
		})
		_, known = tx.cached(nodeKey{record.KindFile, "src/b.go"})
		require.True(t, known, "looked up, not joined row by row")
		return err
	}))
	rows, err := s.DB().Query(`SELECT r.name, r.file IS NULL FROM node_rows r WHERE r.kind = ? ORDER BY r.id`, kindCode(record.KindDefinition))
	require.NoError(t, err)
	defer rows.Close()
	var got [][2]any
	for rows.Next() {
		var name string
		var loose bool
		require.NoError(t, rows.Scan(&name, &loose))
		got = append(got, [2]any{name, loose})
	}
	require.NoError(t, rows.Err())
	require.Equal(t, [][2]any{{"Run", false}, {"T.m", false}, {"src/none.go#f", true}}, got)
}

// dumpRows gives every row q reads, each as its values printed.
func dumpRows(t *testing.T, s *Store, q string) []string {
	t.Helper()
	rows, err := s.DB().Query(q)
	require.NoError(t, err)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		out = append(out, fmt.Sprintf("%#v", vals))
	}
	require.NoError(t, rows.Err())
	return out
}
