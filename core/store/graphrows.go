package store

import (
	"cmp"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/homer-dev/homer/core/record"
)

// The reads and writes of resolve's graph store: what a changed file owns
// (its definitions and the edges they start) and the digests that tell a
// changed file's graph from an unchanged one.

// GraphDigests returns the digest of each file's part of the graph, and
// whether some were lost: a digest kept by the key of a file node that is
// gone names no path any more, so it is deleted, and the caller rewrites
// the whole graph rather than miss what that file owned.
func (t *Tx) GraphDigests() (map[string]string, bool, error) {
	rows, err := t.Query("SELECT " + pathOf("path") + ", " + ShaText("digest") + " FROM graph_digests")
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	out := map[string]string{}
	lost := false
	for rows.Next() {
		var p sql.NullString
		var d string
		if err := rows.Scan(&p, &d); err != nil {
			return nil, false, err
		}
		if !p.Valid {
			lost = true
			continue
		}
		out[p.String] = d
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if lost {
		err = t.ExecRaw("DELETE FROM graph_digests WHERE " + pathOf("path") + " IS NULL")
	}
	return out, lost, err
}

// SetGraphDigest records the digest of a file's part of the graph; ""
// forgets it (the file is gone). The path is kept as its file node's key
// when there is one (storedPath), the digest's hexadecimal digits as the
// bytes they spell (hexBytes, since schema 47; GraphDigests reads the
// digits back).
func (t *Tx) SetGraphDigest(path, digest string) error {
	if _, err := t.Exec("DELETE FROM graph_digests WHERE path IN (?, ?)", NodeKey(record.KindFile, path), path); err != nil || digest == "" {
		return err
	}
	_, err := t.Exec("INSERT INTO graph_digests (path, digest) VALUES ("+storedPath("?1", "?2")+", ?3)",
		NodeKey(record.KindFile, path), path, hexBytes(digest))
	return err
}

// storedPath is the SQL of the value a memo keeps for a path (SQL text
// path) whose file node's key is key: the key when that node exists, the
// path otherwise. pathOf reads it back.
func storedPath(key, path string) string {
	return "coalesce((SELECT n.key FROM node_rows n WHERE n.key = " + key + " AND n.kind = '" + kindCode(record.KindFile) + "'), " + path + ")"
}

// pathOf is the SQL of the path a memo's column col keeps (storedPath):
// its file node's name, NULL when that node is gone, or the text.
func pathOf(col string) string {
	return "CASE typeof(" + col + ") WHEN 'integer' THEN (SELECT " + filePath("n") + " FROM node_rows n WHERE n.key = " + col +
		" AND n.kind = '" + kindCode(record.KindFile) + "') ELSE " + col + " END"
}

// NodesByName returns the id and metadata of the nodes of a kind, by
// name; when file is set, only the definitions in that file: their names
// start with the path and "#", and the path is the part before the first
// '#' unless their metadata names it (a path that contains '#').
func (t *Tx) NodesByName(kind, file string) (map[string]NodeRow, error) {
	q, args := "SELECT id, name, metadata FROM nodes WHERE kind_code = node_kind(?)", []any{kind}
	if file != "" {
		// The file's key range (NodeKeyRange), read by the key index (+kind
		// keeps the kind index out), then the names.
		lo, hi := NodeKeyRange(kind, file)
		q = "SELECT id, name, metadata FROM nodes WHERE +kind = ? AND key BETWEEN ? AND ?" +
			" AND name >= ? AND name < ? AND coalesce(json_extract(metadata, '$.path'), substr(name, 1, instr(name, '#') - 1)) = ?"
		args = append(args, lo, hi, file+"#", file+"$", file) // '$' follows '#'
	}
	rows, err := t.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]NodeRow{}
	for rows.Next() {
		var n NodeRow
		var name string
		if err := rows.Scan(&n.ID, &name, &n.Meta); err != nil {
			return nil, err
		}
		out[name] = n
	}
	return out, rows.Err()
}

// EdgeRow is a stored edge's confidence and metadata; for a call or a
// link (an edge of the links table), its kind and its two members' node
// ids too (those are deleted by them, DeletePairs).
type EdgeRow struct {
	Confidence     float64
	Meta           string
	Kind           string
	Caller, Callee int64
}

// EdgeRows reads stored edges of the given kinds, by id (EdgeID of the
// identity: kind|first member's name|second member's name, as for a call
// "calls|caller|callee"): all of them, or those whose first member is the
// file (fileKind nodes, by path) or the node (by id; for calls, the
// caller).
func (t *Tx) EdgeRows(fileKind, file string, node int64, kinds ...string) (map[int64]EdgeRow, error) {
	out := map[int64]EdgeRow{}
	var others []string
	var links []any
	for _, k := range kinds {
		switch _, ok := linkKinds[k]; {
		case k == record.EdgeCalls:
			if err := t.callRows(file, node, out); err != nil {
				return nil, err
			}
		case ok:
			links = append(links, k)
		default:
			others = append(others, k)
		}
	}
	if len(links) > 0 {
		if err := t.linkRows(fileKind, file, node, links, out); err != nil {
			return nil, err
		}
	}
	if len(others) == 0 {
		return out, nil
	}
	var args []any
	q := "SELECT e.id, e.confidence, e.metadata FROM edges e"
	switch {
	case file != "":
		q += " JOIN edge_members m ON m.edge_id = e.id AND m.position = 0 JOIN nodes n ON n.id = m.node_id AND n.key = ?"
		args = append(args, NodeKey(fileKind, file))
	case node != 0:
		q += " JOIN edge_members m ON m.edge_id = e.id AND m.position = 0 AND m.node_id = ?"
		args = append(args, node)
	}
	q += " WHERE e.kind IN (?" + strings.Repeat(", ?", len(others)-1) + ")"
	for _, k := range others {
		args = append(args, k)
	}
	rows, err := t.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r EdgeRow
		var id int64
		if err := rows.Scan(&id, &r.Confidence, &r.Meta); err != nil {
			return nil, err
		}
		out[id] = r
	}
	return out, rows.Err()
}

// callRows adds the stored calls to out, as EdgeRows reads them.
func (t *Tx) callRows(file string, node int64, out map[int64]EdgeRow) error {
	switch {
	case file != "":
		// A file is the first member of no call.
		return nil
	case node != 0:
		return t.callRowsWhere(" WHERE c.caller = ?", []any{node}, out)
	}
	return t.callRowsWhere("", nil, out)
}

// CallRowsFrom reads the stored calls made by the definitions callers
// (node ids), as EdgeRows reads them, in one statement: a file's
// definitions each read on their own were most of resolve's reading
// before its write.
func (t *Tx) CallRowsFrom(callers []int64) (map[int64]EdgeRow, error) {
	out := map[int64]EdgeRow{}
	if len(callers) == 0 {
		return out, nil
	}
	ids, err := json.Marshal(callers)
	if err != nil {
		return nil, err
	}
	return out, t.callRowsWhere(" WHERE c.caller IN (SELECT value FROM json_each(?))", []any{string(ids)}, out)
}

func (t *Tx) callRowsWhere(where string, args []any, out map[int64]EdgeRow) error {
	q := `SELECT c.caller, c.callee, a.name, b.name, c.confidence, c.metadata FROM call_edges c
		JOIN nodes a ON a.id = c.caller JOIN nodes b ON b.id = c.callee` + where
	rows, err := t.Query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r := EdgeRow{Kind: record.EdgeCalls}
		var a, b string
		if err := rows.Scan(&r.Caller, &r.Callee, &a, &b, &r.Confidence, &r.Meta); err != nil {
			return err
		}
		out[EdgeID(record.EdgeCalls+"|"+a+"|"+b)] = r
	}
	return rows.Err()
}

// linkRows adds the stored links of the kinds to out, as EdgeRows reads
// them.
func (t *Tx) linkRows(fileKind, file string, node int64, kinds []any, out map[int64]EdgeRow) error {
	q := `SELECT e.kind, e.src, e.dst, a.name, b.name, e.confidence, e.metadata FROM link_edges e
		JOIN nodes a ON a.id = e.src JOIN nodes b ON b.id = e.dst WHERE e.kind IN (?` + strings.Repeat(", ?", len(kinds)-1) + ")"
	args := kinds
	switch {
	case file != "":
		q += " AND e.src = (SELECT id FROM nodes WHERE key = ?)"
		args = append(args, NodeKey(fileKind, file))
	case node != 0:
		q += " AND e.src = ?"
		args = append(args, node)
	}
	rows, err := t.Query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r EdgeRow
		var a, b string
		if err := rows.Scan(&r.Kind, &r.Caller, &r.Callee, &a, &b, &r.Confidence, &r.Meta); err != nil {
			return err
		}
		out[EdgeID(r.Kind+"|"+a+"|"+b)] = r
	}
	return rows.Err()
}

// DeleteEdgeIDs removes edges by row id, with their memberships.
func (t *Tx) DeleteEdgeIDs(ids []int64) error {
	for _, id := range ids {
		if _, err := t.Exec("DELETE FROM edges WHERE id = ?", id); err != nil {
			return err
		}
	}
	return nil
}

// DeletePairs removes calls and links (rows read by EdgeRows) by their
// kind and their two members' node ids.
func (t *Tx) DeletePairs(rows []EdgeRow) error {
	for _, r := range rows {
		var err error
		if r.Kind == record.EdgeCalls {
			_, err = t.Exec("DELETE FROM calls WHERE caller = ? AND callee = ?", r.Caller, r.Callee)
		} else if code, ok := linkKinds[r.Kind]; ok {
			_, err = t.Exec("DELETE FROM links WHERE src = ? AND kind = ? AND dst = ?", r.Caller, code, r.Callee)
		} else {
			err = fmt.Errorf("%s edge of nodes %d and %d: not a call or a link", r.Kind, r.Caller, r.Callee)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// TestLink is a tests link by its two files' node ids.
type TestLink struct{ Test, Subject int64 }

// SetTestLinks makes the stored tests links those of links (true for a
// test that reaches its subject only indirectly), each with confidence 1
// and no other metadata, as Edge writes them. The stored ones are read by
// their node ids alone, and only the rows that differ are written or
// deleted: through EdgeRows, which names both members of every link, the
// read was 0.2 s of every update on spring-boot (29,000 links).
func (t *Tx) SetTestLinks(links map[TestLink]bool) error {
	code := linkKinds[record.EdgeTests]
	rows, err := t.Query("SELECT src, dst, indirect, confidence = 1 AND other IS NULL FROM links WHERE kind = ?", code)
	if err != nil {
		return err
	}
	var gone []TestLink
	same := make(map[TestLink]bool, len(links))
	for rows.Next() {
		var l TestLink
		var indirect, plain bool
		if err := rows.Scan(&l.Test, &l.Subject, &indirect, &plain); err != nil {
			rows.Close()
			return err
		}
		want, ok := links[l]
		switch {
		case !ok:
			gone = append(gone, l)
		case plain && want == indirect:
			same[l] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	less := func(a, b TestLink) int { return cmp.Or(cmp.Compare(a.Test, b.Test), cmp.Compare(a.Subject, b.Subject)) }
	slices.SortFunc(gone, less)
	for _, l := range gone {
		if _, err := t.Exec("DELETE FROM links WHERE src = ? AND kind = ? AND dst = ?", l.Test, code, l.Subject); err != nil {
			return err
		}
	}
	write := make([]TestLink, 0, len(links)-len(same))
	for l := range links {
		if !same[l] {
			write = append(write, l)
		}
	}
	slices.SortFunc(write, less)
	for _, l := range write {
		if _, err := t.Exec(`INSERT INTO links (kind, src, dst, confidence, count, indirect, other) VALUES (?, ?, ?, 1, 0, ?, NULL)
			ON CONFLICT (src, kind, dst) DO UPDATE SET confidence = 1, count = 0, indirect = excluded.indirect, other = NULL`,
			code, l.Test, l.Subject, links[l]); err != nil {
			return fmt.Errorf("tests link of nodes %d and %d: %w", l.Test, l.Subject, err)
		}
	}
	return nil
}

// DefinitionRow is a definition node as resolve writes it: its whole name
// (path#qualified.name), its metadata (JSON, as SetNode takes it), the
// text to index for it ("" for none), and whether it may have been
// indexed before (its text is then taken out first, as Unindex does).
type DefinitionRow struct {
	Name, Meta, Doc string
	Indexed         bool
}

// definitionChunk is how many definitions SetDefinitions writes in one
// statement.
const definitionChunk = 200

// SetDefinitions stores definitions as SetNode stores each (created, or
// their content hash emptied and metadata set), with their texts indexed
// as Index does, and returns their ids in the order given. Rows are
// written a chunk at a time, each chunk's nodes in one statement: one
// whose file node the transaction does not know, or whose name the chunk
// already holds, goes through SetNode on its own, after the rows before
// it, so nodes are numbered in the order given. (A statement or three per
// definition, and one more for each text's index entry, were most of
// resolve's writing on an init.)
func (t *Tx) SetDefinitions(rows []DefinitionRow) ([]int64, error) {
	// The file nodes the transaction does not know yet, looked up at once
	// (at an init the history's transactions made them).
	var paths []string
	seen := map[string]bool{}
	for _, r := range rows {
		i := strings.IndexByte(r.Name, '#')
		if i < 1 || seen[r.Name[:i]] {
			continue
		}
		seen[r.Name[:i]] = true
		if _, ok := t.cached(nodeKey{record.KindFile, r.Name[:i]}); !ok {
			paths = append(paths, r.Name[:i])
		}
	}
	if len(paths) > 0 {
		if _, err := t.LookupNodes(record.KindFile, paths); err != nil {
			return nil, err
		}
	}
	ids := make([]int64, len(rows))
	start := 0
	inChunk := map[string]bool{}
	flush := func(end int) error {
		if end > start {
			if err := t.setDefinitions(rows[start:end], ids[start:end]); err != nil {
				return err
			}
		}
		start = end
		clear(inChunk)
		return nil
	}
	for i, r := range rows {
		_, known := t.fileOfDefinition(r.Name)
		if !known || inChunk[r.Name] {
			if err := flush(i); err != nil {
				return nil, err
			}
		}
		if !known {
			id, err := t.SetNode(record.KindDefinition, r.Name, "", r.Meta)
			if err != nil {
				return nil, err
			}
			ids[i] = id
			start = i + 1
			continue
		}
		inChunk[r.Name] = true
		if i+1-start == definitionChunk {
			if err := flush(i + 1); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(len(rows)); err != nil {
		return nil, err
	}
	return ids, t.indexDefinitions(rows, ids)
}

// setDefinitions writes rows whose files the transaction knows, with
// distinct names, in one statement (SetDefinitions indexes their texts).
func (t *Tx) setDefinitions(rows []DefinitionRow, ids []int64) error {
	args := make([]any, 0, 13*len(rows))
	byKey := make(map[int64]int, len(rows))
	for i, r := range rows {
		file, _ := t.fileOfDefinition(r.Name)
		at := strings.IndexByte(r.Name, '#')
		stored := r.Name[at+1:]
		key := NodeKey(record.KindDefinition, r.Name)
		byKey[key] = i
		meta := r.Meta
		if meta == "" {
			meta = "{}"
		}
		// The metadata of the usual form goes into columns, as SetNode
		// puts it, the text left empty; the name too when it is the
		// stored name's last part (a row stored already is compared with
		// the name it has, as SetNode compares).
		d, ok := parseDefMeta(meta)
		var name any
		if ok {
			meta = ""
			if d.Name != stored[strings.LastIndexByte(stored, '.')+1:] {
				name = d.Name
			}
		}
		// Stored without the file's stem (elideStem), whose last part is
		// the same.
		args = append(args, definitionCode, elideStem(stored, r.Name[:at]), file, key, meta, nullIf(!ok, DefKindCode(d.Kind)), nullIf(!ok, d.Line),
			nullIf(!ok, d.End), nullIf(!ok, d.Exported), nullIf(!ok, d.Complexity), nullIf(!ok || d.Doc == "", d.Doc), name)
	}
	q := `INSERT INTO node_rows (kind, name, file, key, content_hash, metadata, def_kind, line, end_line, exported, complexity, doc, def_name)
		VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?)` + strings.Repeat(", (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?)", len(rows)-1) + `
		ON CONFLICT (key) DO UPDATE SET content_hash = '', metadata = excluded.metadata, def_kind = excluded.def_kind, line = excluded.line,
			end_line = excluded.end_line, exported = excluded.exported, complexity = excluded.complexity, doc = excluded.doc,
			def_name = CASE WHEN excluded.def_kind IS NOT NULL THEN
				nullif(coalesce(excluded.def_name, ` + lastPart("excluded.name") + `), ` + lastPart("node_rows.name") + `) END
		RETURNING id, key`
	res, err := t.Query(q, args...)
	if err != nil {
		return fmt.Errorf("definitions: %w", err)
	}
	defer res.Close()
	n := 0
	for res.Next() {
		var id, key int64
		if err := res.Scan(&id, &key); err != nil {
			return err
		}
		i, ok := byKey[key]
		if !ok {
			return fmt.Errorf("definitions: a key written that none of the names has")
		}
		ids[i] = id
		t.newNodes[nodeKey{record.KindDefinition, rows[i].Name}] = id
		n++
	}
	if err := res.Err(); err != nil {
		return err
	}
	if n != len(rows) {
		return fmt.Errorf("definitions: %d of %d written", n, len(rows))
	}
	return nil
}

// indexDefinitions puts the rows' texts in the full-text index, as Index
// does for each, after taking out what was indexed for those that may
// have had a text (Unindex), in a few statements: the texts of one call
// are packed together (packedTexts). A definition given twice ends with
// the text the last of its rows that says anything of its text gives.
func (t *Tx) indexDefinitions(rows []DefinitionRow, ids []int64) error {
	var gone []int64
	text := map[int64]int{} // the row whose text a definition ends with
	for i, r := range rows {
		if r.Indexed || r.Doc != "" {
			gone = append(gone, ids[i])
			text[ids[i]] = i
		}
	}
	if len(gone) > 0 {
		if err := t.ExecRaw("DELETE FROM search_texts WHERE node_id IN (SELECT value FROM json_each(?))", idJSON(gone)); err != nil {
			return err
		}
	}
	var docs []string
	var entries []any
	var which []int
	for i, r := range rows {
		if r.Doc != "" && text[ids[i]] == i {
			docs = append(docs, r.Doc)
			which = append(which, i)
			entries = append(entries, -ids[i], "doc", r.Name, r.Doc)
		}
	}
	if len(docs) == 0 {
		return nil
	}
	var first int64
	if len(docs) > 1 {
		var err error
		if first, err = t.nextPack("text_packs"); err != nil {
			return err
		}
	}
	body, at, packs := packedTexts(docs, first)
	if err := t.storePacks("text_packs", packs); err != nil {
		return err
	}
	texts := make([]any, 0, 4*len(docs))
	for k, i := range which {
		texts = append(texts, ids[i], "doc", body[k], at[k])
	}
	n := len(docs)
	if err := t.ExecRaw("INSERT INTO search_texts (node_id, kind, body, body_at) VALUES (?, ?, ?, ?)"+strings.Repeat(", (?, ?, ?, ?)", n-1), texts...); err != nil {
		return err
	}
	// The index's entry holds the node's name and the text under the
	// node's id negated, as the view search_source gives them back from
	// node_rows and search_texts.
	return t.ExecRaw("INSERT INTO search (rowid, kind, ref, body) VALUES (?, ?, ?, ?)"+strings.Repeat(", (?, ?, ?, ?)", n-1), entries...)
}

// Call is a call between two definitions (node ids) as Edge stores one of
// kind calls: its confidence and metadata.
type Call struct {
	Caller, Callee int64
	Confidence     float64
	Meta           string
}

// callChunk is how many calls SetCalls writes in one statement.
const callChunk = 500

// SetCalls stores calls as Edge stores each, in the order given,
// callChunk rows a statement (a pair met twice within a chunk starts the
// next, so the later row wins as it did). A statement per call was a
// tenth of resolve's writing on an init (108,000 calls on spring-boot).
func (t *Tx) SetCalls(calls []Call) error {
	args := make([]any, 0, 7*min(len(calls), callChunk))
	pairs := map[[2]int64]bool{}
	flush := func() error {
		n := len(args) / 7
		if n == 0 {
			return nil
		}
		q := `INSERT INTO calls (caller, callee, confidence, count, test, via, other) VALUES (?, ?, ?, ?, ?, ?, ?)` +
			strings.Repeat(", (?, ?, ?, ?, ?, ?, ?)", n-1) + `
			ON CONFLICT (caller, callee) DO UPDATE SET confidence = excluded.confidence, count = excluded.count,
				test = excluded.test, via = excluded.via, other = excluded.other`
		rows := args
		args = args[:0] // reused once the statement has run
		clear(pairs)
		if n < callChunk { // a shorter last chunk: not worth keeping prepared
			return t.ExecRaw(q, rows...)
		}
		_, err := t.Exec(q, rows...)
		return err
	}
	for _, c := range calls {
		pair := [2]int64{c.Caller, c.Callee}
		if pairs[pair] {
			if err := flush(); err != nil {
				return err
			}
		}
		pairs[pair] = true
		meta := c.Meta
		if meta == "" {
			meta = "{}"
		}
		m, other := parseCallMeta(meta)
		args = append(args, c.Caller, c.Callee, callConfidence(c.Confidence), m.Count, m.Test, callVia(m.Via), other)
		if len(args) == 7*callChunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
