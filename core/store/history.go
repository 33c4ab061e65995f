package store

import (
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// The writes of the source stages: commits and their changes, the files at
// HEAD, and what a rewritten or shortened history leaves behind.

// historyOnly returns those of the file nodes a query selects that no
// stored change names (as its file or as the file it was renamed from): a
// file known only from history that is gone. The changes are packed in
// their commits' rows, so they are read through once, here.
func (t *Tx) historyOnly(selectIDs string, args ...any) ([]int64, error) {
	rows, err := t.Query(selectIDs, args...)
	if err != nil {
		return nil, err
	}
	candidates := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		candidates[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(candidates) == 0 {
		return nil, err
	}
	rows, err = t.Query("SELECT node_id, changes FROM commits WHERE changes IS NOT NULL")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var commit int64
		var data sql.RawBytes
		if err := rows.Scan(&commit, &data); err != nil {
			return nil, err
		}
		if err := EachPackedChange(commit, data, func(c ChangeRow) bool {
			delete(candidates, c.File)
			delete(candidates, c.OldFile)
			return true
		}); err != nil {
			return nil, fmt.Errorf("commit %d: %w", commit, err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]int64, 0, len(candidates))
	for id := range candidates {
		out = append(out, id)
	}
	slices.Sort(out)
	return out, nil
}

// HeadFile is a file's record at HEAD.
type HeadFile struct {
	Node     int64
	Blob     string
	Language string
	Size     int64
	IsTest   bool
	Code     bool
}

// NodeRow is a node's id and metadata.
type NodeRow struct {
	ID   int64
	Meta string
}

// KindName names a node by its kind and name.
type KindName struct{ Kind, Name string }

// NodeIDs returns the id of every node of a kind, by name.
func (t *Tx) NodeIDs(kind string) (map[string]int64, error) {
	rows, err := t.Query("SELECT id, name FROM nodes WHERE "+OfKind("kind_code", kind), kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[name] = id
	}
	return out, rows.Err()
}

// NodeRows returns the id and metadata of every node of the kinds.
func (t *Tx) NodeRows(kinds ...string) (map[KindName]NodeRow, error) {
	list, _ := json.Marshal(kinds)
	q := "SELECT id, kind, name, metadata FROM nodes WHERE kind_code IN (SELECT node_kind(value) FROM json_each(?))"
	indexed := len(kinds) > 0
	for _, k := range kinds {
		if code, err := KindCode(k); err != nil || code < indexedKinds {
			indexed = false
		}
	}
	if indexed {
		q += " AND kind_code >= '" + indexedKinds + "'" // the condition of the partial index (OfKind)
	}
	rows, err := t.Query(q, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[KindName]NodeRow{}
	for rows.Next() {
		var k KindName
		var r NodeRow
		if err := rows.Scan(&r.ID, &k.Kind, &k.Name, &r.Meta); err != nil {
			return nil, err
		}
		out[k] = r
	}
	return out, rows.Err()
}

// DeleteNodeIDs removes nodes by id, with their edges' memberships and
// results. Node ids cached by the writer are dropped.
func (t *Tx) DeleteNodeIDs(ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	t.DropNodeCache()
	return t.ExecRaw("DELETE FROM node_rows WHERE id IN (SELECT value FROM json_each(?))", idJSON(ids))
}

// DeleteHistoryOnlyFiles removes the file nodes (of kind fileKind) that are
// neither at HEAD nor named by a stored change: after history is rewritten,
// files that only the abandoned commits touched.
func (t *Tx) DeleteHistoryOnlyFiles(fileKind string) error {
	gone, err := t.historyOnly(`SELECT id FROM node_rows WHERE kind = node_kind(?) AND id NOT IN (SELECT node_id FROM head_files)`, fileKind)
	if err != nil || len(gone) == 0 {
		return err
	}
	return t.deleteWithEdges(`SELECT value FROM json_each(?)`, idJSON(gone))
}

// deleteWithEdges deletes the nodes a query selects with every edge they
// are a member of: an edge that lost a member (a call or import from a
// file that is gone) is stale, and with its node gone the stage that
// wrote it could no longer find it to remove it.
func (t *Tx) deleteWithEdges(selectIDs string, args ...any) error {
	t.DropNodeCache()
	if err := t.ExecRaw(`DELETE FROM edges WHERE id IN (SELECT edge_id FROM edge_members WHERE node_id IN (`+selectIDs+`))`, args...); err != nil {
		return err
	}
	return t.ExecRaw(`DELETE FROM node_rows WHERE id IN (`+selectIDs+`)`, args...)
}

// ClearHistory forgets every commit and change, the commits' search
// entries and the blob pairs memoized by their ids.
func (t *Tx) ClearHistory() error {
	// The commits' messages leave the full-text index with their rows
	// (which read them from their packs). Their changes are packed in
	// their rows.
	if err := t.ExecRaw("DELETE FROM commits"); err != nil {
		return err
	}
	// The blob pairs memoized by commit ids (see DropCommits).
	if err := t.ExecRaw("DELETE FROM path_blobs WHERE typeof(commit_sha) = 'integer'"); err != nil {
		return err
	}
	return t.ExecRaw("DELETE FROM message_packs")
}

// HeadFiles returns the files at HEAD, by path. A blob id is stored as
// the bytes its digits spell (hexBytes, since schema 38) and read back as
// the digits.
func (t *Tx) HeadFiles() (map[string]HeadFile, error) {
	rows, err := t.Query(`SELECT n.id, n.name, ` + ShaText("h.blob_id") + `, h.language, h.size, h.is_test, h.code
		FROM head_files h JOIN nodes n ON n.id = h.node_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]HeadFile{}
	for rows.Next() {
		var h HeadFile
		var name string
		if err := rows.Scan(&h.Node, &name, &h.Blob, &h.Language, &h.Size, &h.IsTest, &h.Code); err != nil {
			return nil, err
		}
		out[name] = h
	}
	return out, rows.Err()
}

// SetHeadFile records a file's state at HEAD.
func (t *Tx) SetHeadFile(h HeadFile) error {
	_, err := t.Exec(`INSERT INTO head_files (node_id, blob_id, language, size, is_test, code) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (node_id) DO UPDATE SET blob_id = excluded.blob_id, language = excluded.language, size = excluded.size,
			is_test = excluded.is_test, code = excluded.code`,
		h.Node, hexBytes(h.Blob), h.Language, h.Size, h.IsTest, h.Code)
	return err
}

// LeaveHead removes files from HEAD. A file that no stored change names
// goes altogether: it was known only from history rewritten away.
func (t *Tx) LeaveHead(ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	list := idJSON(ids)
	if err := t.ExecRaw("DELETE FROM head_files WHERE node_id IN (SELECT value FROM json_each(?))", list); err != nil {
		return err
	}
	gone, err := t.historyOnly(`SELECT id FROM node_rows WHERE id IN (SELECT value FROM json_each(?))`, list)
	if err != nil || len(gone) == 0 {
		return err
	}
	return t.deleteWithEdges(`SELECT value FROM json_each(?)`, idJSON(gone))
}

// StoredCommits reports which of the commits (by sha) are stored. No
// index finds a commit by its sha: the column is read through once.
func (t *Tx) StoredCommits(shas []string) (map[string]bool, error) {
	return t.StoredCommitsUpTo(shas, math.MaxInt64)
}

// LastCommit is the largest id a stored commit has (0: none). A commit
// stored afterwards takes a larger one, or one a commit deleted since had.
func (t *Tx) LastCommit() (int64, error) {
	var id int64
	err := t.QueryRow("SELECT coalesce(max(node_id), 0) FROM commits").Scan(&id)
	return id, err
}

// StoredCommitsUpTo is StoredCommits among the commits whose ids are at
// most upTo (0: none, and nothing is read). A history stored batch by
// batch, whose source gives each commit once, passes LastCommit's as it
// began: what it stored itself needs no look-up, and a look-up reads
// only the ids that were there before (at an init none, where reading
// the whole column for every batch made the history's writes quadratic).
func (t *Tx) StoredCommitsUpTo(shas []string, upTo int64) (map[string]bool, error) {
	out := map[string]bool{}
	if len(shas) == 0 || upTo <= 0 {
		return out, nil
	}
	rows, err := t.Query("SELECT "+ShaText("sha")+" FROM commits WHERE node_id <= ?2 AND "+shaIn("?1"), shaJSON(shas), upTo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return nil, err
		}
		out[sha] = true
	}
	return out, rows.Err()
}

// shaJSON is shas as a JSON array of pairs for storedSha and shaIn: a
// sha of hex digits as [digits, sha], any other name as [null, name].
func shaJSON(shas []string) string {
	pairs := make([][2]any, len(shas))
	for i, sha := range shas {
		if isHexID(sha) {
			pairs[i] = [2]any{sha, sha}
		} else {
			pairs[i] = [2]any{nil, sha}
		}
	}
	return mustMarshal(pairs)
}

// storedSha is the SQL of a sha as the column sha holds it (the bytes of
// its digits, see hexBytes), from a pair of shaJSON.
func storedSha(pair string) string {
	return "coalesce(unhex(" + pair + "->>0), " + pair + "->>1)"
}

// shaIn is the SQL condition that the column sha holds one of the shas of
// the JSON (shaJSON) bound at param, as bytes or as the text a store
// written otherwise may hold.
func shaIn(param string) string {
	return "(sha IN (SELECT unhex(value->>0) FROM json_each(" + param + ") WHERE value->>0 IS NOT NULL) OR sha IN (SELECT value->>1 FROM json_each(" + param + ")))"
}

// ShaText is the SQL of a commit's sha as text, from the column sha of
// commits (col: the column as the query names it), which holds the bytes
// its hex digits spell (see hexBytes) or the text of another name; and
// of any other object id kept so (head_files' blob_id, since schema 38).
func ShaText(col string) string {
	return "CASE typeof(" + col + ") WHEN 'blob' THEN lower(hex(" + col + ")) ELSE " + col + " END"
}

// CommitRow is a commit as stored: its sha, its author's node, its times
// (Unix seconds), its parent count, its message and, to store, its file
// changes (their Commit is not read).
type CommitRow struct {
	Sha                    string
	Author                 int64
	AuthorTime, CommitTime int64
	Parents                int
	Message                string
	Changes                []ChangeRow
}

// ChangeRow is one file changed by one commit. OldFile is the file it was
// renamed or copied from, or 0; Similarity is then how alike the two
// were, in percent (the view rename_edges gives these changes back as
// the rename edges they once were). HasSimilarity says a stored change has
// one: AddCommits stores it with every old file and only then.
type ChangeRow struct {
	Commit, File   int64
	Status         string
	Added, Deleted int
	Binary         bool
	OldFile        int64
	Similarity     int
	HasSimilarity  bool
}

// AddCommits stores commits with their changes, one statement whatever
// their number (the rows go in as one JSON array), and puts their
// messages in the full-text index. A commit's changes are packed into its
// row (PackChanges). A commit stored already (by sha) is left as it is,
// as is the second of one sha given twice. It returns the ids the new
// commits were given, by sha.
func (t *Tx) AddCommits(commits []CommitRow) (map[string]int64, error) {
	return t.AddCommitsUpTo(commits, math.MaxInt64)
}

// AddCommitsUpTo is AddCommits looking for the commits stored already
// among those whose ids are at most upTo (StoredCommitsUpTo).
func (t *Tx) AddCommitsUpTo(commits []CommitRow, upTo int64) (map[string]int64, error) {
	out := map[string]int64{}
	if len(commits) == 0 {
		return out, nil
	}
	shas := make([]string, len(commits))
	for i, c := range commits {
		shas[i] = c.Sha
	}
	stored, err := t.StoredCommitsUpTo(shas, upTo)
	if err != nil {
		return nil, err
	}
	var fresh []CommitRow
	var packedChanges [][]byte
	var messages []string
	for _, c := range commits {
		if stored[c.Sha] {
			continue
		}
		stored[c.Sha] = true
		messages = append(messages, c.Message)
		changes := make([]ChangeRow, len(c.Changes))
		for i, ch := range c.Changes {
			if ch.OldFile != 0 {
				ch.HasSimilarity = true
			} else {
				ch.Similarity, ch.HasSimilarity = 0, false
			}
			changes[i] = ch
		}
		fresh = append(fresh, c)
		packedChanges = append(packedChanges, PackChanges(changes))
	}
	if len(fresh) == 0 {
		return out, nil
	}
	// Messages are stored packed, several together (messageRows; a lone
	// one by itself): readers read them through MessageSQL or a
	// MessageReader. They are packed here and go in as hex, as do the
	// changes: packed in SQL, each cost a call back into Homer. The rows'
	// JSON is written by hand (commitJSON).
	first, err := t.nextPack("message_packs")
	if err != nil {
		return nil, err
	}
	storedMessages, at, packs := messageRows(messages, first)
	if err := t.storePacks("message_packs", packs); err != nil {
		return nil, err
	}
	rows := append(make([]byte, 0, 512*len(fresh)), '[')
	for i, c := range fresh {
		if i > 0 {
			rows = append(rows, ',')
		}
		rows = commitJSON(rows, c, storedMessages[i], packedChanges[i], at[i])
	}
	rows = append(rows, ']')
	res, err := t.Query(`INSERT INTO commits (sha, author_id, author_lag, commit_time, parents, message, changes, message_at)
		SELECT `+storedSha("value")+`, value->>2, value->>3, value->>4, value->>5, CASE value->>6 WHEN '' THEN '' ELSE unhex(value->>6) END,
			unhex(value->>7), value->>8 FROM json_each(?) WHERE true
		RETURNING node_id, `+ShaText("sha"), string(rows))
	if err != nil {
		return nil, err
	}
	for res.Next() {
		var id int64
		var sha string
		if err := res.Scan(&id, &sha); err != nil {
			res.Close()
			return nil, err
		}
		out[sha] = id
	}
	res.Close()
	if err := res.Err(); err != nil {
		return nil, err
	}
	// Their messages go in the full-text index, as the view search_source
	// gives them; deleting a commit's row takes its message out (a
	// trigger).
	index := make([][]any, len(fresh))
	for i, c := range fresh {
		index[i] = []any{out[c.Sha], c.Sha, hex.EncodeToString([]byte(c.Message))}
	}
	return out, t.ExecRaw(`INSERT INTO search (rowid, kind, ref, body)
		SELECT value->>0, 'commit', value->>1, CAST(unhex(value->>2) AS TEXT) FROM json_each(?)`, mustMarshal(index))
}

// commitJSON appends the row AddCommits inserts for c, a JSON array (as
// json.Marshal writes it, without its reflection): the sha's digits (null
// where it is another name, hexBytes), the sha, the author's node, the
// author time's distance from the commit time (since schema 45) and the
// commit time, the parent count, the message as stored (hex, "" when it is in a
// pack), the packed changes in hex (null for none), and where in its pack
// the message is (null for none).
func commitJSON(b []byte, c CommitRow, message string, changes []byte, at any) []byte {
	b = append(b, '[')
	if isHexID(c.Sha) {
		b = appendJSONString(b, c.Sha)
	} else {
		b = append(b, "null"...)
	}
	b = appendJSONString(append(b, ','), c.Sha)
	for _, v := range []int64{c.Author, c.AuthorTime - c.CommitTime, c.CommitTime, int64(c.Parents)} {
		b = strconv.AppendInt(append(b, ','), v, 10)
	}
	b = appendJSONString(append(b, ','), message)
	if changes == nil {
		b = append(b, ",null"...)
	} else {
		b = append(hex.AppendEncode(append(b, `,"`...), changes), '"')
	}
	if n, ok := at.(int64); ok {
		b = strconv.AppendInt(append(b, ','), n, 10)
	} else {
		b = append(b, ",null"...)
	}
	return append(b, ']')
}

func idJSON(ids []int64) string { return mustMarshal(ids) }

func mustMarshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: marshal plain data: %v", err))
	}
	return string(b)
}

// DropCommits forgets commits (by sha) that the history no longer reaches:
// their rows, changes (renames with them) and search entries, and the
// people they alone named. It returns how many commits were stored.
// Files they alone touched go with DeleteHistoryOnlyFiles, once the run
// has stored what HEAD's history adds.
func (t *Tx) DropCommits(personKind string, shas []string) (int, error) {
	if len(shas) == 0 {
		return 0, nil
	}
	rows, err := t.Query(`SELECT node_id, author_id FROM commits WHERE `+shaIn("?1"), shaJSON(shas))
	if err != nil {
		return 0, err
	}
	var ids, authors []int64
	for rows.Next() {
		var id, author int64
		if err := rows.Scan(&id, &author); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
		authors = append(authors, author)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	t.DropNodeCache()
	// Their changes (renames with them) are packed in their rows. The
	// blob pairs memoized by their ids go with them: an id, once free,
	// may be a later commit's (see AddPathBlobs).
	if err := t.ExecRaw("DELETE FROM commits WHERE node_id IN (SELECT value FROM json_each(?1))", idJSON(ids)); err != nil {
		return 0, err
	}
	if err := t.ExecRaw("DELETE FROM path_blobs WHERE commit_sha IN (SELECT value FROM json_each(?1))", idJSON(ids)); err != nil {
		return 0, err
	}
	if err := t.pruneMessagePacks(); err != nil {
		return 0, err
	}
	if err := t.ExecRaw(`DELETE FROM node_rows WHERE kind = node_kind(?) AND id IN (SELECT value FROM json_each(?))
		AND id NOT IN (SELECT author_id FROM commits)`, personKind, idJSON(authors)); err != nil {
		return 0, err
	}
	return len(ids), nil
}
