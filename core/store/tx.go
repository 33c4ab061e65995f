package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/homer-dev/homer/core/record"
)

// Tx is one write transaction. Statements are prepared once per
// transaction and reused for every row in it; transactions are large (a
// batch of records), so the preparation is amortised.
type Tx struct {
	s         *Store
	tx        *sql.Tx
	ctx       context.Context
	stmts     map[string]*sql.Stmt
	newNodes  map[nodeKey]int64
	dropCache bool
	// inputs caches resultInput's ids by kind and input hash.
	inputs map[[2]string][2]int64
	// run is ctx without its cancellation, for the statements of one row
	// (Exec, Node's look-up): go-sqlite3 runs a statement whose context
	// can be cancelled on a goroutine of its own, so as to interrupt it,
	// and a goroutine per row cost more than the row (an init writes
	// hundreds of thousands of rows one statement each: a stack grown
	// afresh for each SQL function it calls back into Homer, threads woken
	// and put to sleep). Exec checks ctx before each statement instead,
	// and a cancelled context still rolls the transaction back.
	run context.Context
}

// stmt prepares a statement on the transaction's connection. (Preparing on
// the pool would wait for the one writer connection this transaction holds.)
func (t *Tx) stmt(query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(t.ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare %q: %w", firstLine(query), err)
	}
	t.stmts[query] = st
	return st, nil
}

// Context is the context of the Write call.
func (t *Tx) Context() context.Context { return t.ctx }

// Exec runs a statement through the prepared-statement cache.
func (t *Tx) Exec(query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(query)
	if err != nil {
		return nil, err
	}
	if err := t.ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", firstLine(query), err)
	}
	res, err := st.ExecContext(t.run, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", firstLine(query), err)
	}
	return res, nil
}

// ExecRaw runs a statement that is not worth preparing (DDL, bulk deletes).
func (t *Tx) ExecRaw(query string, args ...any) error {
	if _, err := t.tx.ExecContext(t.ctx, query, args...); err != nil {
		return fmt.Errorf("%s: %w", firstLine(query), err)
	}
	return nil
}

// Query reads inside the transaction, seeing its own writes.
func (t *Tx) Query(query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(t.ctx, query, args...)
}

// QueryRow runs a query expected to return at most one row.
func (t *Tx) QueryRow(query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.ctx, query, args...)
}

// errCommitNode refuses a commit as a node: since schema 35 a commit is
// its row of commits alone (AddCommits).
var errCommitNode = errors.New("a commit is no node: commits are stored by AddCommits")

// Nodes returns the ids of many nodes of a kind, by name, creating those
// that do not exist, in two statements whatever their number.
func (t *Tx) Nodes(kind string, names []string) (map[string]int64, error) {
	if kind == record.KindCommit {
		return nil, errCommitNode
	}
	out := make(map[string]int64, len(names))
	var missing []string
	for _, name := range names {
		if id, ok := t.cached(nodeKey{kind, name}); ok {
			out[name] = id
		} else {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	// The new ones come back from the insert; those that existed (not
	// cached) are looked up after it.
	if err := t.insertNodes(out, kind, missing); err != nil {
		return nil, err
	}
	var existing []string
	for _, name := range missing {
		if _, ok := out[name]; !ok {
			existing = append(existing, name)
		}
	}
	if len(existing) == 0 {
		return out, nil
	}
	return out, t.lookupNodes(out, kind, existing)
}

// insertNodes inserts those of names that are not nodes of kind yet, and
// puts their ids in out and the transaction's node cache. They come back
// by key: a definition's stored name is not its whole name (see fileOf).
func (t *Tx) insertNodes(out map[string]int64, kind string, names []string) error {
	if kind != record.KindDefinition {
		return t.insertNamedNodes(out, kind, names)
	}
	list, err := json.Marshal(names)
	if err != nil {
		return err
	}
	byKey := make(map[int64]string, len(names))
	for _, name := range names {
		byKey[NodeKey(kind, name)] = name
	}
	q := `INSERT INTO node_rows (kind, name, file, key, metadata) SELECT node_kind(?1), ` + storedName("v.value") + `, f.id, node_key(?1, v.value), ''
			FROM json_each(?2) v LEFT JOIN node_rows f ON ` + fileOf("v.value") + ` WHERE true
		ON CONFLICT (key) DO NOTHING RETURNING id, key`
	rows, err := t.Query(q, kind, string(list))
	if err != nil {
		return fmt.Errorf("nodes %s: %w", kind, err)
	}
	return t.insertedNodes(rows, out, kind, byKey)
}

// nodeChunk is how many nodes insertNamedNodes writes in one statement.
const nodeChunk = 500

// insertNamedNodes is insertNodes for the kinds other than definitions:
// their keys made here and bound, nodeChunk rows a statement, in the
// order given. (Made in SQL, through node_key, they cost a call back into
// Homer a row: at spring-boot's init, 54,000 files and people.)
func (t *Tx) insertNamedNodes(out map[string]int64, kind string, names []string) error {
	code, err := KindCode(kind)
	if err != nil {
		return err
	}
	for start := 0; start < len(names); start += nodeChunk {
		chunk := names[start:min(start+nodeChunk, len(names))]
		args := make([]any, 0, 3*len(chunk))
		byKey := make(map[int64]string, len(chunk))
		for _, name := range chunk {
			key := NodeKey(kind, name)
			byKey[key] = name
			args = append(args, code, name, key)
		}
		rows, err := t.Query(`INSERT INTO node_rows (kind, name, key, metadata) VALUES (?, ?, ?, '')`+strings.Repeat(", (?, ?, ?, '')", len(chunk)-1)+
			` ON CONFLICT (key) DO NOTHING RETURNING id, key`, args...)
		if err != nil {
			return fmt.Errorf("nodes %s: %w", kind, err)
		}
		if err := t.insertedNodes(rows, out, kind, byKey); err != nil {
			return err
		}
	}
	return nil
}

// insertedNodes reads the (id, key) rows an insert of nodes of kind
// returned into out and the transaction's node cache, by byKey's names.
func (t *Tx) insertedNodes(rows *sql.Rows, out map[string]int64, kind string, byKey map[int64]string) error {
	defer rows.Close()
	for rows.Next() {
		var id, key int64
		if err := rows.Scan(&id, &key); err != nil {
			return err
		}
		name, ok := byKey[key]
		if !ok {
			return fmt.Errorf("nodes %s: a key inserted that none of the names has", kind)
		}
		out[name] = id
		t.newNodes[nodeKey{kind, name}] = id
	}
	return rows.Err()
}

// fileOf is the condition, in a join of node_rows f to a definition named
// by the SQL expression name, that f is the definition's file: the file
// node named by the part of the name before its first '#'. A definition
// whose file is a node is stored by its name relative to it (storedName)
// and that node's id; the view nodes puts "path#" back.
func fileOf(name string) string {
	path := "substr(" + name + ", 1, instr(" + name + ", '#') - 1)"
	return "instr(" + name + ", '#') > 1 AND f.key = node_key('" + record.KindFile + "', " + path + ")" +
		" AND f.kind = '" + kindCode(record.KindFile) + "' AND " + filePath("f") + " = " + path
}

// storedName is the name stored for a definition named by the SQL
// expression name, joined to its file f by fileOf (f.id NULL if none):
// the part after the first '#', which ends the file's path, with the
// file's stem left out (elideSQL, since schema 40).
func storedName(name string) string {
	return "CASE WHEN f.id IS NULL THEN " + name + " ELSE " + elideSQL("substr("+name+", instr("+name+", '#') + 1)", "f") + " END"
}

// filePath is the SQL of the path of the file node that the row alias of
// node_rows holds: its stored name, after its directory's path and '/'
// when it has one (since schema 29, see DirKey).
func filePath(alias string) string {
	return "CASE WHEN " + alias + ".dir IS NULL THEN " + alias + ".name ELSE (SELECT d.path FROM dirs d WHERE d.id = " + alias + ".dir) || '/' || " +
		alias + ".name END"
}

// LookupNodes returns the ids of those of names that are nodes of kind,
// creating none.
func (t *Tx) LookupNodes(kind string, names []string) (map[string]int64, error) {
	out := make(map[string]int64, len(names))
	return out, t.lookupNodes(out, kind, names)
}

// lookupNodes puts the ids of those of names that are nodes of kind into
// out and the transaction's node cache. They are found by key, made here
// (a node's key is unique, and names its kind and name), in node_rows
// itself: through the view nodes, with the keys made by node_key, each
// name cost a call back into Homer and the view's rebuilding of the
// stored name (0.2 s of an update on spring-boot, centrality's look-up of
// every definition it ranks).
func (t *Tx) lookupNodes(out map[string]int64, kind string, names []string) error {
	if len(names) == 0 {
		return nil
	}
	keys := make([]int64, len(names))
	byKey := make(map[int64]string, len(names))
	for i, name := range names {
		keys[i] = NodeKey(kind, name)
		byKey[keys[i]] = name
	}
	list, err := json.Marshal(keys)
	if err != nil {
		return err
	}
	rows, err := t.Query("SELECT id, key FROM node_rows WHERE key IN (SELECT value FROM json_each(?))", string(list))
	if err != nil {
		return fmt.Errorf("nodes %s: %w", kind, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, key int64
		if err := rows.Scan(&id, &key); err != nil {
			return err
		}
		name := byKey[key]
		out[name] = id
		t.newNodes[nodeKey{kind, name}] = id
	}
	return rows.Err()
}

// cached returns a node's id if this transaction or the writer knows it.
func (t *Tx) cached(k nodeKey) (int64, bool) {
	if id, ok := t.s.nodes[k]; ok && !t.dropCache {
		return id, true
	}
	id, ok := t.newNodes[k]
	return id, ok
}

// Node returns the id of the node (kind, name), creating it if needed.
func (t *Tx) Node(kind, name string) (int64, error) {
	if kind == record.KindCommit {
		return 0, errCommitNode
	}
	k := nodeKey{kind, name}
	if id, ok := t.cached(k); ok {
		return id, nil
	}
	// An Exec and LastInsertId cost a third of a RETURNING query through
	// database/sql, and most nodes asked for here are new.
	key := NodeKey(kind, name)
	var res sql.Result
	var err error
	if kind == record.KindDefinition {
		// A definition whose file node the writer knows is stored by its
		// name within that file and the file's id, as the join below
		// would store it, without the join and the SQL functions it calls
		// back into Homer (resolve writes every definition at init this way).
		if file, ok := t.fileOfDefinition(name); ok {
			i := strings.IndexByte(name, '#')
			res, err = t.Exec(insertDefinitionIn, definitionCode, elideStem(name[i+1:], name[:i]), file, key)
		} else {
			res, err = t.Exec(insertDefinition, kind, name, key)
		}
	} else {
		res, err = t.Exec("INSERT INTO node_rows (kind, name, key, metadata) VALUES (node_kind(?), ?, ?, '') ON CONFLICT (key) DO NOTHING", kind, name, key)
	}
	if err != nil {
		return 0, fmt.Errorf("node %s %q: %w", kind, name, err)
	}
	var id int64
	if n, _ := res.RowsAffected(); n == 1 {
		id, err = res.LastInsertId()
	} else {
		var st *sql.Stmt
		if st, err = t.stmt("SELECT id FROM node_rows WHERE key = ?"); err == nil {
			err = st.QueryRowContext(t.run, key).Scan(&id)
		}
	}
	if err != nil {
		return 0, fmt.Errorf("node %s %q: %w", kind, name, err)
	}
	t.newNodes[k] = id
	return id, nil
}

// insertDefinition inserts a definition node (?2, key ?3), stored within
// its file when its file is a node; insertDefinitionIn one whose file's id
// is known, by its name within that file.
var (
	insertDefinition = `INSERT INTO node_rows (kind, name, file, key, metadata) SELECT node_kind(?1), ` + storedName("?2") + `, f.id, ?3, ''
			FROM (SELECT 1) LEFT JOIN node_rows f ON ` + fileOf("?2") + ` WHERE true ON CONFLICT (key) DO NOTHING`
	insertDefinitionIn = "INSERT INTO node_rows (kind, name, file, key, metadata) VALUES (?, ?, ?, ?, '') ON CONFLICT (key) DO NOTHING"
	definitionCode     = kindCode(record.KindDefinition)
)

// fileOfDefinition is the id of the file node a definition's name begins
// with (the part before its first '#', as fileOf takes it), when this
// transaction or the writer knows it.
func (t *Tx) fileOfDefinition(name string) (int64, bool) {
	i := strings.IndexByte(name, '#')
	if i < 1 {
		return 0, false
	}
	return t.cached(nodeKey{record.KindFile, name[:i]})
}

// SetNode sets a node's content hash and metadata (JSON), creating it if
// needed.
func (t *Tx) SetNode(kind, name, contentHash, metadata string) (int64, error) {
	id, err := t.Node(kind, name)
	if err != nil {
		return 0, err
	}
	if metadata == "" {
		metadata = "{}"
	}
	if kind != record.KindDefinition {
		// Empty metadata is stored as '' (the view nodes gives '{}').
		if metadata == "{}" {
			metadata = ""
		}
		_, err = t.Exec("UPDATE node_rows SET content_hash = ?, metadata = ? WHERE id = ?", contentHash, metadata, id)
		return id, err
	}
	// A definition's metadata of the usual form goes into columns, the
	// text left empty; the view nodes writes it out again. Its name is
	// left out too (NULL) when it is the stored name's last part.
	var m any
	d, ok := parseDefMeta(metadata)
	if ok {
		metadata = ""
		m = d.Name
	}
	_, err = t.Exec(`UPDATE node_rows SET content_hash = ?1, metadata = ?2, def_kind = ?3, line = ?4, end_line = ?5, exported = ?6,
		complexity = ?7, doc = ?8, def_name = CASE WHEN ?9 = `+lastPart("name")+` THEN NULL ELSE ?9 END WHERE id = ?10`,
		contentHash, metadata, nullIf(!ok, DefKindCode(d.Kind)), nullIf(!ok, d.Line), nullIf(!ok, d.End), nullIf(!ok, d.Exported),
		nullIf(!ok, d.Complexity), nullIf(!ok || d.Doc == "", d.Doc), m, id)
	return id, err
}

// lastPart is the SQL for the part of the text column col after its last
// '.' (all of it when it has none), as the view nodes takes a definition's
// name from its stored name.
func lastPart(col string) string {
	return "substr(" + col + ", length(rtrim(" + col + ", replace(" + col + ", '.', ''))) + 1)"
}

// defKinds are the kinds of definitions the language plugins report, in
// the order of the numbers node_rows keeps them as (since schema 31).
// Never reordered: a new kind is appended.
var defKinds = [...]string{"method", "function", "class", "constructor", "interface", "enum", "struct", "constant", "variable", "type",
	"module", "field", "property", "trait", "macro", "namespace"}

// DefKindCode is a definition's kind as node_rows keeps it: one byte,
// its number among defKinds (bytes: the column's text affinity would
// make a number text), any other kind as it is.
func DefKindCode(kind string) any {
	for i, k := range defKinds {
		if k == kind {
			return []byte{byte(i)}
		}
	}
	return kind
}

func nullIf(null bool, v any) any {
	if null {
		return nil
	}
	return v
}

// defMeta is a definition's metadata as node_rows holds it in columns.
type defMeta struct {
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Line       int64  `json:"line"`
	End        int64  `json:"end"`
	Exported   bool   `json:"exported"`
	Doc        string `json:"doc"`
	Complexity int64  `json:"complexity"`
}

// text is the metadata as the view nodes gives it back from the columns.
func (m defMeta) text() string {
	s := `{"name":"` + m.Name + `","kind":"` + m.Kind + `","line":` + strconv.FormatInt(m.Line, 10) +
		`,"end":` + strconv.FormatInt(m.End, 10) + `,"exported":` + strconv.FormatBool(m.Exported)
	if m.Doc != "" {
		s += `,"doc":"` + m.Doc + `"`
	}
	if m.Complexity != 0 {
		s += `,"complexity":` + strconv.FormatInt(m.Complexity, 10)
	}
	return s + "}"
}

// parseDefMeta reads a definition's metadata into the columns, and says
// whether they give it back exactly (no other key, no escaped character,
// the keys in that order).
func parseDefMeta(metadata string) (defMeta, bool) {
	var m defMeta
	if json.Unmarshal([]byte(metadata), &m) != nil || m.text() != metadata {
		return defMeta{}, false
	}
	return m, true
}

// Member is one node's part in a hyperedge.
type Member struct {
	Node int64
	Role string
}

// Edge writes a hyperedge. identity must be derived from the kind and the
// members' names so the same fact always gets the same identity; writing it
// again updates confidence and metadata and replaces the members. The
// edge's id is EdgeID(identity).
func (t *Tx) Edge(kind, identity string, confidence float64, metadata string, members ...Member) (int64, error) {
	if metadata == "" {
		metadata = "{}"
	}
	id := EdgeID(identity)
	if kind == record.EdgeCalls {
		// A call is a row of the calls table, keyed by its two members.
		if len(members) != 2 {
			return 0, fmt.Errorf("call %s: %d members, not a caller and a callee", identity, len(members))
		}
		m, other := parseCallMeta(metadata)
		if _, err := t.Exec(`INSERT INTO calls (caller, callee, confidence, count, test, via, other) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (caller, callee) DO UPDATE SET confidence = excluded.confidence, count = excluded.count,
				test = excluded.test, via = excluded.via, other = excluded.other`,
			members[0].Node, members[1].Node, callConfidence(confidence), m.Count, m.Test, callVia(m.Via), other); err != nil {
			return 0, fmt.Errorf("call %s: %w", identity, err)
		}
		return id, nil
	}
	if code, ok := linkKinds[kind]; ok {
		// A link between two nodes is a row of the links table, keyed by
		// its kind and its two members.
		if len(members) != 2 {
			return 0, fmt.Errorf("%s: %d members, not two", identity, len(members))
		}
		m, other := parseLinkMeta(code, metadata)
		if _, err := t.Exec(`INSERT INTO links (kind, src, dst, confidence, count, indirect, other) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (src, kind, dst) DO UPDATE SET confidence = excluded.confidence, count = excluded.count,
				indirect = excluded.indirect, other = excluded.other`,
			code, members[0].Node, members[1].Node, confidence, m.Count, m.Indirect, other); err != nil {
			return 0, fmt.Errorf("%s: %w", identity, err)
		}
		return id, nil
	}
	if _, err := t.Exec(`INSERT INTO edges (id, kind, confidence, metadata) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET confidence = excluded.confidence, metadata = excluded.metadata`, id, kind, confidence, metadata); err != nil {
		return 0, fmt.Errorf("edge %s: %w", identity, err)
	}
	for i, m := range members {
		if _, err := t.Exec(`INSERT INTO edge_members (edge_id, position, node_id, role) VALUES (?, ?, ?, ?)
			ON CONFLICT (edge_id, position) DO UPDATE SET node_id = excluded.node_id, role = excluded.role`, id, i, m.Node, m.Role); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// DeleteEdge removes the edge of an identity, if there is one. Calls and
// links are removed by their members (DeletePairs), not by identity.
func (t *Tx) DeleteEdge(identity string) error {
	_, err := t.Exec("DELETE FROM edges WHERE id = ?", EdgeID(identity))
	return err
}

// DeleteEdges removes every edge of a kind (before a full rewrite of it).
func (t *Tx) DeleteEdges(kind string) error {
	if kind == record.EdgeCalls {
		return t.ExecRaw("DELETE FROM calls")
	}
	if code, ok := linkKinds[kind]; ok {
		return t.ExecRaw("DELETE FROM links WHERE kind = ?", code)
	}
	return t.ExecRaw("DELETE FROM edges WHERE kind = ?", kind)
}

// DeleteNodes removes every node of a kind with its edges' memberships and
// results. Node ids cached by the writer are dropped.
func (t *Tx) DeleteNodes(kind string) error {
	t.dropCache = true
	t.newNodes = map[nodeKey]int64{}
	return t.ExecRaw("DELETE FROM node_rows WHERE "+OfKind("kind", kind), kind)
}

// DeleteNode removes one node of a kind, by name, with its edges'
// memberships and results; it is no error when there is none. Node ids
// cached by the writer are dropped.
func (t *Tx) DeleteNode(kind, name string) error {
	t.dropCache = true
	t.newNodes = map[nodeKey]int64{}
	return t.ExecRaw("DELETE FROM node_rows WHERE key = ?", NodeKey(kind, name))
}

// SetCheckpoint records a source's checkpoint in this transaction, so it
// commits with the data it covers.
func (t *Tx) SetCheckpoint(name, value string) error {
	_, err := t.Exec(`INSERT INTO checkpoints (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
	return err
}

// SetCheckpointBytes records a checkpoint that is data rather than text
// (a memo), stored as a blob; it reads back as a string of those bytes.
func (t *Tx) SetCheckpointBytes(name string, value []byte) error {
	_, err := t.Exec(`INSERT INTO checkpoints (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
	return err
}

// Checkpoint returns a source's checkpoint as this transaction sees it, ""
// when there is none.
func (t *Tx) Checkpoint(name string) (string, error) {
	var v string
	err := t.QueryRow("SELECT value FROM checkpoints WHERE name = ?", name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetStageKey records the input key a stage finished with.
func (t *Tx) SetStageKey(name, key string) error {
	_, err := t.Exec(`INSERT INTO stages (name, key) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET key = excluded.key`, name, key)
	return err
}

// ClearStages forgets every stage key, forcing the next run to redo all.
func (t *Tx) ClearStages() error { return t.ExecRaw("DELETE FROM stages") }

// ReplaceResults makes data the whole set of results of a kind: results
// of other nodes are deleted, and only rows whose data changed are written
// (an update after a few commits changes few). A written row is stamped
// with inputHash; a row left alone keeps the hash of the run that produced
// its data, which this run's inputs reproduced.
func (t *Tx) ReplaceResults(kind, inputHash string, data map[int64]string) error {
	ids := make([]int64, 0, len(data))
	for id := range data {
		ids = append(ids, id)
	}
	return t.ReplaceResultsFunc(kind, inputHash, ids, func(id int64) (string, error) { return data[id], nil })
}

// ReplaceResultsFunc is ReplaceResults for the results of ids, each
// made by encode as it is compared and written rather than held beside
// all the others (spring-boot's co-change rows are 26 MB of JSON). ids
// hold each node once.
func (t *Tx) ReplaceResultsFunc(kind, inputHash string, ids []int64, encode func(id int64) (string, error)) error {
	k, in, err := t.resultInput(kind, inputHash)
	if err != nil {
		return err
	}
	old, err := t.oldResults(k, ids)
	if err != nil {
		return err
	}
	w := resultWriter{t: t, kind: k, input: in, partners: kind == CoChangeKind, behaviour: kind == BehaviourKind, kindName: kind}
	for _, id := range ids {
		d, err := encode(id)
		if err != nil {
			return err
		}
		if prev, ok := old[id]; ok && prev == digest(d) {
			continue
		}
		if err := w.add(id, d); err != nil {
			return err
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	return t.pruneInputs(k)
}

// oldResults deletes the results of a kind whose nodes are not among
// ids, and returns the digests of the others by node.
func (t *Tx) oldResults(k int64, ids []int64) (map[int64]int64, error) {
	rows, err := t.Query("SELECT node_id, digest FROM result_rows WHERE kind = ?", k)
	if err != nil {
		return nil, err
	}
	old := map[int64]int64{}
	for rows.Next() {
		var id, digest int64
		if err := rows.Scan(&id, &digest); err != nil {
			rows.Close()
			return nil, err
		}
		old[id] = digest
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	keep := make(map[int64]bool, len(ids))
	for _, id := range ids {
		keep[id] = true
	}
	for id := range old {
		if !keep[id] {
			if _, err := t.Exec("DELETE FROM result_rows WHERE node_id = ? AND kind = ?", id, k); err != nil {
				return nil, err
			}
		}
	}
	return old, nil
}

// ReplaceCoChange is ReplaceResultsFunc for the co-change rows of ids,
// each given typed by row rather than as JSON: the JSON (the digest's
// input, and what readers read back) is written from the row, and the row
// is packed by keys (PackPartners) without decoding that JSON again.
// What is stored is what ReplaceResultsFunc stores given the row's JSON.
func (t *Tx) ReplaceCoChange(inputHash string, ids []int64, row func(id int64) CoChangeRow) error {
	k, in, err := t.resultInput(CoChangeKind, inputHash)
	if err != nil {
		return err
	}
	old, err := t.oldResults(k, ids)
	if err != nil {
		return err
	}
	w := resultWriter{t: t, kind: k, input: in, partners: true}
	var buf []byte // each row's JSON, written into the last one's memory
	for _, id := range ids {
		r := row(id)
		var plain bool
		if buf, plain, err = coChangeJSON(buf[:0], r); err != nil {
			return err
		}
		if prev, ok := old[id]; ok && prev == digest(buf) {
			continue
		}
		if !plain {
			err = w.add(id, string(buf))
		} else {
			err = w.addRow(id, string(buf), r)
		}
		if err != nil {
			return err
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	return t.pruneInputs(k)
}

// digest is the stored hash of a result's data. A string is hashed as it
// is: made into bytes first, every row of every kind an update replaces
// was copied to be compared.
func digest[T string | []byte](data T) int64 { return int64(xxhash.Sum64String(string(data))) }

// SetResult stores an analysis result for a node.
func (t *Tx) SetResult(node int64, kind, inputHash, data string) error {
	k, in, err := t.resultInput(kind, inputHash)
	if err != nil {
		return err
	}
	w := resultWriter{t: t, kind: k, input: in, partners: kind == CoChangeKind, behaviour: kind == BehaviourKind, kindName: kind}
	if err := w.add(node, data); err != nil {
		return err
	}
	if err := w.flush(); err != nil {
		return err
	}
	return t.pruneInputs(k)
}

// resultChunk is how many results resultWriter writes in one statement.
const resultChunk = 256

// resultWriter stores results of one kind and input hash (resultInput's
// ids) resultChunk at a time: their nodes' names read in one statement,
// each packed here (PackResult: without the node's name where it begins
// with it, the name as the rest's dictionary), the rows written in one
// statement. The digest is of the data as given, so ReplaceResults
// compares what analyses produce. Readers take unpack(data) in SQL, from
// the view results. (A statement per row, packing through the SQL
// function result_pack, cost a call back into Homer and a statement's
// round trip for each of an init's 80,000 results.)
type resultWriter struct {
	t           *Tx
	kind, input int64
	nodes       []int64
	data        []string
	// partners: co-change rows, each stored with its partners' keys
	// where they are all file nodes (PackPartners).
	partners bool
	// behaviour: behaviour rows, each stored by its fields where it reads
	// back so (PackBehaviour).
	behaviour bool
	// kindName is the kind's name: an entity or centrality row is stored
	// by its fields where it reads back so (PackScores), and a source row
	// (PackSource); a metrics row with the metrics' dictionary
	// (PackMetrics), the tests it lists by their keys where they are all
	// file nodes (PackMetricsByKeys), as a centrality row's dependents
	// (PackCentralityByKeys).
	kindName string
	// rows are the queued co-change rows read (read: in the form
	// PackPartners stores by keys), and keys the file nodes' keys by path
	// as far as looked up, false for a path without a file node: the
	// partners (or the tests metrics rows list, the dependents centrality
	// rows do) of one chunk are mostly those of the chunks before.
	rows  []CoChangeRow
	read  []bool
	known map[string]fileKey
}

// fileKey is the key of a file node, if there is one.
type fileKey struct {
	key int64
	ok  bool
}

// add queues a node's result, writing the queue once it is full.
func (w *resultWriter) add(node int64, data string) error {
	if w.partners {
		row, read := readPartners([]byte(data))
		w.rows, w.read = append(w.rows, row), append(w.read, read)
	}
	return w.queue(node, data)
}

// addRow queues a co-change row handed typed, data its JSON
// (coChangeJSON's, of a row PackPartners could store).
func (w *resultWriter) addRow(node int64, data string, row CoChangeRow) error {
	w.rows, w.read = append(w.rows, row), append(w.read, true)
	return w.queue(node, data)
}

func (w *resultWriter) queue(node int64, data string) error {
	w.nodes = append(w.nodes, node)
	w.data = append(w.data, data)
	if len(w.nodes) < resultChunk {
		return nil
	}
	return w.flush()
}

// learnKeys looks up the file keys of paths, in one statement, into
// known (a path no file node has keeps its zero fileKey).
func (w *resultWriter) learnKeys(paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	keys, err := w.t.fileKeys(paths)
	if err != nil {
		return err
	}
	for p, k := range keys {
		w.known[p] = fileKey{k, true}
	}
	return nil
}

// flush writes the queued results.
func (w *resultWriter) flush() error {
	if len(w.nodes) == 0 {
		return nil
	}
	names, err := w.t.nodeNames(w.nodes)
	if err != nil {
		return err
	}
	// Co-change rows' partners not yet looked up are, in one statement.
	rows, read := w.rows, w.read
	if w.partners {
		if w.known == nil {
			w.known = map[string]fileKey{}
		}
		var paths []string
		for i := range rows {
			if !read[i] {
				continue
			}
			for _, p := range rows[i].Partners {
				if _, seen := w.known[p.Path]; !seen {
					w.known[p.Path] = fileKey{}
					paths = append(paths, p.Path)
				}
			}
		}
		if err := w.learnKeys(paths); err != nil {
			return err
		}
	}
	// So are the tests metrics rows list, and the dependents of
	// centrality rows.
	listed := map[string]func([]byte) []string{MetricsKind: MetricsTests, CentralityKind: CentralityDependents}[w.kindName]
	if listed != nil {
		if w.known == nil {
			w.known = map[string]fileKey{}
		}
		var paths []string
		for _, data := range w.data {
			for _, p := range listed([]byte(data)) {
				if _, seen := w.known[p]; !seen {
					w.known[p] = fileKey{}
					paths = append(paths, p)
				}
			}
		}
		if err := w.learnKeys(paths); err != nil {
			return err
		}
	}
	keyOf := func(p string) (int64, bool) { k := w.known[p]; return k.key, k.ok }
	args := make([]any, 0, 5*len(w.nodes))
	for i, id := range w.nodes {
		// A node that is gone has no name: its result is packed without
		// one, as result_pack did with the NULL its look-up gave.
		packed, ok := []byte(nil), false
		if w.partners && read[i] {
			packed, ok = packPartnerRow(rows[i], keyOf)
		}
		if w.behaviour {
			packed, ok = PackBehaviour([]byte(w.data[i]), names[id])
		}
		if w.kindName == CentralityKind {
			packed, ok = PackCentralityByKeys([]byte(w.data[i]), names[id], keyOf)
		}
		if !ok {
			packed, ok = PackScores(w.kindName, []byte(w.data[i]), names[id])
		}
		switch {
		case ok:
		case w.kindName == SourceKind:
			if packed, ok = PackSource([]byte(w.data[i])); !ok {
				packed = PackResult([]byte(w.data[i]), names[id])
			}
		case w.kindName == MetricsKind:
			if packed, ok = PackMetricsByKeys([]byte(w.data[i]), names[id], keyOf); !ok {
				packed = PackMetrics([]byte(w.data[i]), names[id])
			}
		default:
			packed = PackResult([]byte(w.data[i]), names[id])
		}
		args = append(args, id, w.kind, w.input, packed, digest(w.data[i]))
	}
	q := `INSERT INTO result_rows (node_id, kind, input, data, digest) VALUES (?, ?, ?, ?, ?)` +
		strings.Repeat(", (?, ?, ?, ?, ?)", len(w.nodes)-1) + `
		ON CONFLICT (node_id, kind) DO UPDATE SET input = excluded.input, data = excluded.data, digest = excluded.digest`
	full := len(w.nodes) == resultChunk
	w.nodes, w.data, w.rows, w.read = w.nodes[:0], w.data[:0], w.rows[:0], w.read[:0]
	if !full { // a shorter last chunk: not worth keeping prepared
		return w.t.ExecRaw(q, args...)
	}
	_, err = w.t.Exec(q, args...)
	return err
}

// nodeNames returns the names of the nodes of ids that exist, as the view
// nodes gives them, in one statement.
func (t *Tx) nodeNames(ids []int64) (map[int64]string, error) {
	rows, err := t.Query("SELECT id, name FROM nodes WHERE id IN (SELECT value FROM json_each(?))", idJSON(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// resultInput returns the ids of a result kind (result_kinds) and of an
// input hash of that kind (result_inputs), adding the rows they lack.
func (t *Tx) resultInput(kind, inputHash string) (k, in int64, err error) {
	if ids, ok := t.inputs[[2]string{kind, inputHash}]; ok {
		return ids[0], ids[1], nil
	}
	if _, err = t.Exec("INSERT INTO result_kinds (kind) VALUES (?) ON CONFLICT DO NOTHING", kind); err != nil {
		return 0, 0, err
	}
	if err = t.QueryRow("SELECT id FROM result_kinds WHERE kind = ?", kind).Scan(&k); err != nil {
		return 0, 0, fmt.Errorf("result kind %s: %w", kind, err)
	}
	if _, err = t.Exec("INSERT INTO result_inputs (kind, input_hash) VALUES (?, ?) ON CONFLICT DO NOTHING", k, inputHash); err != nil {
		return 0, 0, err
	}
	if err = t.QueryRow("SELECT id FROM result_inputs WHERE kind = ? AND input_hash = ?", k, inputHash).Scan(&in); err != nil {
		return 0, 0, fmt.Errorf("result input %s: %w", kind, err)
	}
	if t.inputs == nil {
		t.inputs = map[[2]string][2]int64{}
	}
	t.inputs[[2]string{kind, inputHash}] = [2]int64{k, in}
	return k, in, nil
}

// pruneInputs deletes the input hashes of a result kind that no result
// row holds any more. The ids cached by resultInput are forgotten, as
// some may be gone. No index finds a kind's rows (since schema 37): the
// inputs they hold are read in one scan of result_rows, not one for each
// input hash.
func (t *Tx) pruneInputs(kind int64) error {
	t.inputs = nil
	_, err := t.Exec(`DELETE FROM result_inputs WHERE kind = ?1
		AND id NOT IN (SELECT r.input FROM result_rows r WHERE r.kind = ?1)`, kind)
	return err
}

// Index puts a node's text in the full-text index, replacing what was
// indexed for it before; the index shows the node's name as its ref. The
// text is kept in search_texts, packed (PackText), which the index reads
// (it keeps no copy).
// A commit's message is indexed by AddCommits, from the commits table.
// The index holds a text under its node's id negated: a commit's id is
// the rowid of its message, and a node may have the same.
func (t *Tx) Index(node int64, kind, body string) error {
	if err := t.Unindex(node); err != nil {
		return err
	}
	if _, err := t.Exec("INSERT INTO search_texts (node_id, kind, body) VALUES (?, ?, ?)", node, kind, PackText([]byte(body))); err != nil {
		return err
	}
	_, err := t.Exec(`INSERT INTO search (rowid, kind, ref, body)
		SELECT -t.node_id, t.kind, n.name, `+textSQL("t")+` FROM search_texts t JOIN nodes n ON n.id = t.node_id WHERE t.node_id = ?`, node)
	return err
}

// Unindex removes the text Index put for a node from the full-text index
// (a trigger takes its words out of the index with it).
func (t *Tx) Unindex(node int64) error {
	_, err := t.Exec("DELETE FROM search_texts WHERE node_id = ?", node)
	return err
}

func firstLine(q string) string {
	for i, c := range q {
		if c == '\n' {
			return q[:i]
		}
	}
	return q
}

// DropNodeCache forgets cached node ids after a raw delete of nodes.
func (t *Tx) DropNodeCache() {
	t.dropCache = true
	t.newNodes = map[nodeKey]int64{}
}

// callMeta is a call's metadata as the calls table holds it in columns.
type callMeta struct {
	Count int    `json:"count"`
	Test  int    `json:"test"`
	Via   string `json:"via"`
}

// text is the metadata as the view call_edges gives it back.
func (m callMeta) text() string {
	s := `{"count":` + strconv.Itoa(m.Count)
	if m.Test != 0 {
		s += `,"test":1`
	}
	if m.Via != "" {
		s += `,"via":"` + m.Via + `"`
	}
	return s + "}"
}

// parseCallMeta splits a call's metadata into the columns, and returns it
// whole as other (nil when the columns give it back exactly).
func parseCallMeta(metadata string) (callMeta, any) {
	var m callMeta
	if json.Unmarshal([]byte(metadata), &m) != nil || m.Test != 0 && m.Test != 1 || m.text() != metadata {
		return callMeta{}, metadata
	}
	return m, nil
}

// linkKinds are the kinds of edge stored as rows of the links table, by
// the number the table holds (the view link_edges names them again).
var linkKinds = map[string]int{record.EdgeImports: 1, record.EdgeFileCalls: 2, record.EdgeTests: 3, record.EdgeRelease: 4}

// linkMeta is a link's metadata as the links table holds it in columns:
// count for imports and file-level calls, indirect for tests.
type linkMeta struct {
	Count    int  `json:"count"`
	Indirect bool `json:"indirect"`
}

// text is the metadata as the view link_edges gives it back.
func (m linkMeta) text(code int) string {
	switch {
	case code == 1 || code == 2:
		return `{"count":` + strconv.Itoa(m.Count) + "}"
	case m.Indirect:
		return `{"indirect":true}`
	}
	return "{}"
}

// parseLinkMeta splits a link's metadata into the columns, and returns it
// whole as other (nil when the columns give it back exactly).
func parseLinkMeta(code int, metadata string) (linkMeta, any) {
	var m linkMeta
	if json.Unmarshal([]byte(metadata), &m) != nil || m.text(code) != metadata {
		return linkMeta{}, metadata
	}
	return m, nil
}
