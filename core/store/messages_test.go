package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/homer-dev/homer/core/record"
	"github.com/stretchr/testify/require"
)

// readMessages reads every commit's message as a reader of the whole
// history does (a MessageReader), by sha, and checks MessageSQL gives the
// same.
func readMessages(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	r := NewMessageReader()
	rows, err := db.Query(MessagePacksSQL)
	require.NoError(t, err)
	for rows.Next() {
		var id int64
		var data []byte
		require.NoError(t, rows.Scan(&id, &data))
		r.Add(id, data)
	}
	require.NoError(t, rows.Err())
	rows.Close()
	out := map[string]string{}
	rows, err = db.Query("SELECT " + ShaText("c.sha") + ", " + MessageColumns("c") + ", " + MessageSQL("c") + " FROM commits c ORDER BY c.node_id")
	require.NoError(t, err)
	defer rows.Close()
	for rows.Next() {
		var sha, inSQL string
		var stored any
		var at sql.NullInt64
		require.NoError(t, rows.Scan(&sha, &stored, &at, &inSQL))
		msg, err := r.Message(stored, at)
		require.NoError(t, err, sha)
		require.Equal(t, msg, inSQL, sha)
		out[sha] = msg
	}
	require.NoError(t, rows.Err())
	return out
}

// A store written at schema 40 (each commit's message packed by itself)
// is carried forward: migration 41 adds message_packs and message_at and
// packs the stored messages 64 a pack in the order of the commits' ids,
// 42 makes the full-text index read them there. Every message reads back
// (a message that is not UTF-8, an empty one), the index finds the same
// and its deletions stay right; set back to 40 (41 is not run again) and
// to 19 (whose scripts index the messages as the older views read them),
// the store reads the same. Written through the new form, commits stored
// together share a pack, a pack goes with its last commit, and clearing
// the history leaves none.
func TestMigrationFortyOnePacksCommitMessages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 40)
	_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '3', 'ann', node_key('person', 'ann')), (2, '3', 'ben', node_key('person', 'ben'))`)
	require.NoError(t, err)
	want := map[string]string{}
	total := messagesPerPack + 6
	for i := 1; i <= total; i++ {
		sha := fmt.Sprintf("%040x", i)
		msg := fmt.Sprintf("Polish widget %d\n\nSee gh-%d", i, 1000+i)
		switch i {
		case 3:
			msg = ""
		case 7:
			msg = "Fix the parser's caf\xe9 handling"
		case messagesPerPack + 2:
			msg = "Trim trailing slashes"
		}
		want[sha] = msg
		_, err := db.Exec(`INSERT INTO commits (node_id, sha, author_id, author_time, commit_time, parents, message) VALUES (?, hex_bytes(?), ?, ?, ?, 1, pack_text(?))`,
			i, sha, 1+i%2, i, i, msg)
		require.NoError(t, err)
	}
	_, err = db.Exec("INSERT INTO search (search) VALUES ('rebuild')")
	require.NoError(t, err)
	hits := "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid"
	words := []string{"parser", "slashes", "widget", "1005"}
	before := map[string][]string{}
	for _, w := range words {
		before[w] = queryArgs(t, db, hits, w)
	}
	require.Equal(t, []string{"7"}, before["parser"])
	require.Equal(t, []string{fmt.Sprint(messagesPerPack + 2)}, before["slashes"])
	require.Len(t, before["widget"], total-3)

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	check := func(want map[string]string, packs []string) {
		t.Helper()
		require.Equal(t, want, readMessages(t, s.DB()))
		for _, w := range words {
			var expect []string
			for _, sha := range sortedKeys(want) {
				if strings.Contains(want[sha], w) {
					expect = append(expect, sha)
				}
			}
			got := queryArgs(t, s.DB(), "SELECT "+ShaText("c.sha")+" FROM search s JOIN commits c ON c.node_id = s.rowid WHERE search MATCH ? ORDER BY 1", w)
			require.Equal(t, expect, got, w)
		}
		require.Equal(t, packs, queryNames(t, s.DB(), "SELECT id || ' ' || (SELECT count(*) FROM commits c WHERE c.message_at >> 10 = p.id) FROM message_packs p ORDER BY id"))
		require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("INSERT INTO search (search) VALUES ('integrity-check')") }))
	}
	full := fmt.Sprintf("1 %d", messagesPerPack)
	check(want, []string{full, "2 6"})
	require.Equal(t, []string{"''"}, queryNames(t, s.DB(), "SELECT DISTINCT quote(message) FROM commits"), "every message lies in a pack")
	require.Equal(t, []string{"1 1024", fmt.Sprintf("%d %d", messagesPerPack, 1024+messagesPerPack-1), fmt.Sprintf("%d 2048", messagesPerPack+1)},
		queryArgs(t, s.DB(), "SELECT node_id || ' ' || message_at FROM commits WHERE node_id IN (1, ?1, ?1 + 1) ORDER BY node_id", messagesPerPack))

	for _, back := range []int{40, 19} {
		require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw(fmt.Sprintf("PRAGMA user_version = %d", back)) }))
		require.NoError(t, s.Close())
		s, err = Open(ctx, path)
		require.NoError(t, err)
		check(want, []string{full, "2 6"})
		require.Equal(t, []string{"''"}, queryNames(t, s.DB(), "SELECT DISTINCT quote(message) FROM commits"), "set back to %d", back)
	}

	// Written through the new form.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		_, err := tx.AddCommits([]CommitRow{
			{Sha: fmt.Sprintf("%040x", total+1), Author: 1, CommitTime: int64(total + 1), Message: "Rename the parser"},
			{Sha: fmt.Sprintf("%040x", total+2), Author: 2, CommitTime: int64(total + 2), Message: "Polish widget " + fmt.Sprint(total+2)},
			{Sha: fmt.Sprintf("%040x", 5), Author: 2, Message: "Not stored"},
		})
		return err
	}))
	want[fmt.Sprintf("%040x", total+1)], want[fmt.Sprintf("%040x", total+2)] = "Rename the parser", "Polish widget "+fmt.Sprint(total+2)
	check(want, []string{full, "2 6", "3 2"})
	var drop []string
	for i := messagesPerPack - 4; i <= total; i++ {
		drop = append(drop, fmt.Sprintf("%040x", i))
		delete(want, fmt.Sprintf("%040x", i))
	}
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		n, err := tx.DropCommits(record.KindPerson, drop)
		require.Equal(t, 11, n)
		return err
	}))
	check(want, []string{fmt.Sprintf("1 %d", messagesPerPack-5), "3 2"})
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ClearHistory() }))
	check(map[string]string{}, nil)
}

func queryArgs(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	require.NoError(t, err, q)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		out = append(out, s)
	}
	require.NoError(t, rows.Err())
	return out
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// A damaged pack of messages is an error, never a wrong message.
func TestUnpackMessagesRefusesDamage(t *testing.T) {
	t.Parallel()
	payload := packTexts([]string{"one", "", "three"})
	got, err := unpackTexts(payload)
	require.NoError(t, err)
	require.Equal(t, []string{"one", "", "three"}, got)
	for _, bad := range [][]byte{nil, {5}, payload[:len(payload)-1], append(append([]byte(nil), payload...), 'x'), {2, 9, 0, 'a'}} {
		_, err := unpackTexts(bad)
		require.ErrorIs(t, err, ErrPacked, "%q", bad)
	}
	var c textPackCache
	_, err = c.textIn(1<<10|3, PackText(payload))
	require.ErrorIs(t, err, ErrPacked, "no fourth message")
	_, err = c.textIn(1<<10, nil)
	require.ErrorIs(t, err, ErrPacked, "no pack")
	// Asked once, a pack is read as far as the message; asked again in a
	// row, it is read whole and kept.
	for _, data := range [][]byte{PackText(payload), rawPacked(payload)} {
		var c textPackCache
		for round := 0; round < 3; round++ {
			for i, want := range []string{"one", "", "three"} {
				msg, err := c.textIn(1<<10|int64(i), data)
				require.NoError(t, err)
				require.Equal(t, want, msg)
			}
		}
		require.Equal(t, []string{"one", "", "three"}, c.messages)
		_, err := textAt(data[:len(data)-2], 2)
		require.ErrorIs(t, err, ErrPacked, "cut short")
	}
	_, err = textAt([]byte{packJSONDict, 1}, 0)
	require.ErrorIs(t, err, ErrPacked, "not a pack of messages")
	// A long pack read in part.
	var many []string
	for i := range 300 {
		many = append(many, fmt.Sprintf("Polish widget %d\n\n%s", i, strings.Repeat("x", i)))
	}
	data := PackText(packTexts(many))
	for _, i := range []int{0, 1, 150, 299} {
		msg, err := textAt(data, i)
		require.NoError(t, err)
		require.Equal(t, many[i], msg)
	}
}

// A store written at schema 42 (each text of search_texts packed by
// itself) is carried forward: migration 43 adds text_packs and body_at and
// packs the stored texts textsPerPack a pack in the order of their nodes,
// 44 makes the full-text index read them there. Every text reads back, the
// index finds the same and its deletions stay right; set back to 42 (43 is
// not run again) and to 20, the store reads the same. Written through the
// new form, the texts of one SetDefinitions share a pack, a text indexed
// alone is packed by itself, and a pack no row names goes at the end of
// the run (EndRun).
func TestMigrationFortyThreePacksSearchTexts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := storeAtSchema(t, 42)
	_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, key) VALUES (1, '2', 'a.go', node_key('file', 'a.go'))`)
	require.NoError(t, err)
	total := textsPerPack + 44
	want := map[string]string{}
	for i := 2; i < total+2; i++ {
		name := fmt.Sprintf("T%d.m", i)
		doc := fmt.Sprintf("%s\nm turns crank %d of the widget", name, i)
		if i == 7 {
			doc = name + "\nParses a caf\xe9 order"
		}
		want["a.go#"+name] = doc
		_, err := db.Exec(`INSERT INTO node_rows (id, kind, name, file, key) VALUES (?, '1', ?, 1, node_key('definition', 'a.go#' || ?))`, i, name, name)
		require.NoError(t, err)
		_, err = db.Exec(`INSERT INTO search_texts (node_id, kind, body) VALUES (?, 'doc', pack_text(?))`, i, doc)
		require.NoError(t, err)
	}
	_, err = db.Exec("INSERT INTO search (search) VALUES ('rebuild')")
	require.NoError(t, err)

	s := openMigrated(t, db, path)
	defer func() { s.Close() }()
	check := func(want map[string]string, packs []string) {
		t.Helper()
		got := map[string]string{}
		rows, err := s.DB().Query("SELECT n.name, " + textSQL("t") + " FROM search_texts t JOIN nodes n ON n.id = t.node_id")
		require.NoError(t, err)
		for rows.Next() {
			var name, text string
			require.NoError(t, rows.Scan(&name, &text))
			got[name] = text
		}
		require.NoError(t, rows.Err())
		rows.Close()
		require.Equal(t, want, got)
		for _, w := range []string{"crank", "parses", "widget", "twice"} {
			var expect []string
			for _, name := range sortedKeys(want) {
				if strings.Contains(strings.ToLower(want[name]), strings.TrimSuffix(w, "s")) {
					expect = append(expect, name)
				}
			}
			require.Equal(t, expect, queryArgs(t, s.DB(), "SELECT ref FROM search WHERE search MATCH ? ORDER BY ref", w), w)
		}
		require.Equal(t, packs, queryNames(t, s.DB(), "SELECT id || ' ' || (SELECT count(*) FROM search_texts t WHERE t.body_at >> 10 = p.id) FROM text_packs p ORDER BY id"))
		require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw("INSERT INTO search (search) VALUES ('integrity-check')") }))
	}
	full := fmt.Sprintf("1 %d", textsPerPack)
	check(want, []string{full, "2 44"})
	require.Equal(t, []string{"''"}, queryNames(t, s.DB(), "SELECT DISTINCT quote(body) FROM search_texts"), "every text lies in a pack")

	for _, back := range []int{42, 20} {
		require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.ExecRaw(fmt.Sprintf("PRAGMA user_version = %d", back)) }))
		require.NoError(t, s.Close())
		s, err = Open(ctx, path)
		require.NoError(t, err)
		check(want, []string{full, "2 44"})
		require.Equal(t, []string{"''"}, queryNames(t, s.DB(), "SELECT DISTINCT quote(body) FROM search_texts"), "set back to %d", back)
	}

	// Written through the new form: two texts of one call share a pack, one
	// indexed again by itself leaves its old place, and a definition
	// deleted takes its text out; their packs go at the end of the run.
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		_, err := tx.SetDefinitions([]DefinitionRow{
			{Name: "a.go#New", Meta: "", Doc: "New\nNew makes a widget twice"},
			{Name: "a.go#Old", Meta: "", Doc: "Old\nOld parses nothing"},
			{Name: "a.go#T2.m", Meta: "", Indexed: true},
		})
		if err != nil {
			return err
		}
		id, err := tx.Node(record.KindDefinition, "a.go#T3.m")
		if err != nil {
			return err
		}
		if err := tx.Index(id, "doc", "T3.m\nm turns the crank alone"); err != nil {
			return err
		}
		return tx.DeleteNode(record.KindDefinition, fmt.Sprintf("a.go#T%d.m", total+1))
	}))
	want["a.go#New"], want["a.go#Old"], want["a.go#T3.m"] = "New\nNew makes a widget twice", "Old\nOld parses nothing", "T3.m\nm turns the crank alone"
	delete(want, "a.go#T2.m")
	delete(want, fmt.Sprintf("a.go#T%d.m", total+1))
	check(want, []string{fmt.Sprintf("1 %d", textsPerPack-2), "2 43", "3 2"})
	require.NoError(t, s.Write(ctx, func(tx *Tx) error { return tx.EndRun() }))
	check(want, []string{fmt.Sprintf("1 %d", textsPerPack-2), "2 43", "3 2"})
	var drop []string
	for i := textsPerPack + 2; i < total+1; i++ {
		drop = append(drop, fmt.Sprintf("a.go#T%d.m", i))
		delete(want, fmt.Sprintf("a.go#T%d.m", i))
	}
	require.NoError(t, s.Write(ctx, func(tx *Tx) error {
		for _, name := range drop {
			if err := tx.DeleteNode(record.KindDefinition, name); err != nil {
				return err
			}
		}
		return tx.EndRun()
	}))
	check(want, []string{fmt.Sprintf("1 %d", textsPerPack-2), "3 2"})
}
