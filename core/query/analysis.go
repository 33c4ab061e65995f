package query

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// The reads below serve the pipeline's analyses: each streams one table
// (or a join of a few) in the shape an analysis folds it into, so that a
// long history is never held twice.

// Change is one file change with its commit, as EachChange gives it.
type Change struct {
	Commit, Author, Message, Path string
	Time                          int64
	Added, Deleted                int
	// Parents is the commit's number of parents.
	Parents int
	// Then is the path the file had in the commit, and From the path it
	// was renamed from there ("" for none): the walks back from HEAD
	// follow those.
	Then, From string
	// Status is the change's git status letter ("M", "A", "D", "R"...);
	// "M" for a change whose file no node names any more.
	Status string
}

// EachChange calls fn for every file change with its commit, in no
// particular order, with paths carried forward through renames to the
// path the file has at HEAD (head: the paths at HEAD; a path that exists
// there keeps its own history). Tables are read apart and joined here:
// each name is then one string however many rows carry it, and SQLite
// need not sort the whole history.
func (q *Q) EachChange(ctx context.Context, head map[string]bool, fn func(Change)) error {
	return q.EachCommitAndChange(ctx, head, nil, fn)
}

// identities maps each stored person to the identity it counts as. People
// are stored by email (after .mailmap), and one who committed under several
// emails with one full name ("Jérôme Lafréchoux" at a work, a personal and
// a noreply address) is one identity: the email it committed under most. Only
// names of two words or more join people: one word ("root", "admin", a
// login) may be several people's.
func (q *Q) identities(ctx context.Context) (map[int64]string, error) {
	type person struct {
		id       int64
		key, who string
	}
	var people []person
	if err := q.scan(ctx, `SELECT id, name, coalesce(json_extract(metadata, '$.name'), '') FROM nodes WHERE kind_code = node_kind(?)`,
		[]any{record.KindPerson}, func(rows *sql.Rows) error {
			var p person
			if err := rows.Scan(&p.id, &p.key, &p.who); err != nil {
				return err
			}
			if words := strings.Fields(strings.ToLower(p.who)); len(words) >= 2 {
				p.who = strings.Join(words, " ")
			} else {
				p.who = ""
			}
			people = append(people, p)
			return nil
		}); err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	commits := map[int64]int{}
	if err := q.scan(ctx, `SELECT author_id, count(*) FROM commits GROUP BY author_id`, nil, func(rows *sql.Rows) error {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		commits[id] = n
		return nil
	}); err != nil {
		return nil, fmt.Errorf("commits by author: %w", err)
	}
	// A full name's email is the one it committed under most (the
	// smallest of equals): jsoup's maintainer is jonathan@hedley.net, not
	// the jhy@jhy.local of his first commits.
	first := map[string]int{} // full name → people's index of its email
	for i, p := range people {
		if p.who == "" {
			continue
		}
		j, ok := first[p.who]
		if !ok || commits[p.id] > commits[people[j].id] || commits[p.id] == commits[people[j].id] && p.key < people[j].key {
			first[p.who] = i
		}
	}
	out := make(map[int64]string, len(people))
	for _, p := range people {
		out[p.id] = p.key
		if p.who != "" {
			out[p.id] = people[first[p.who]].key
		}
	}
	return out, nil
}

// LoggedCommit is one stored commit as EachCommitAndChange gives it: ID
// is its node's id: commits of the same time are ordered by it, the order
// they were stored in.
type LoggedCommit struct {
	CommitMessage
	ID, Time int64
}

// EachCommitAndChange is EachChange that also calls each, unless nil,
// for every stored commit (with or without changes), in no particular
// order, from the same read of the commits table: a caller that wants
// both the changes and the commit log reads the history once.
func (q *Q) EachCommitAndChange(ctx context.Context, head map[string]bool, each func(LoggedCommit), fn func(Change)) error {
	return q.EachCommitAndChangeSized(ctx, head, each, nil, fn)
}

// EachCommitAndChangeSized is EachCommitAndChange that calls sized,
// unless nil, with the number of changes before the first call of fn
// (it calls fn that many times): a caller that holds them all sizes its
// list once, without a read of every commit's changes for their count
// first. The commits table is read once, for the renames as well (three
// reads of it were 0.07 s of an update on spring-boot beside this one).
func (q *Q) EachCommitAndChangeSized(ctx context.Context, head map[string]bool, each func(LoggedCommit), sized func(int), fn func(Change)) error {
	names := map[int64]string{}
	isFile := map[int64]bool{} // the files among names
	if err := q.scan(ctx, `SELECT id, kind, name FROM nodes WHERE kind_code IN (node_kind(?), node_kind(?))`, []any{record.KindFile, record.KindPerson}, func(rows *sql.Rows) error {
		var id int64
		var kind, name string
		if err := rows.Scan(&id, &kind, &name); err != nil {
			return err
		}
		names[id] = name
		if kind == record.KindFile {
			isFile[id] = true
		}
		return nil
	}); err != nil {
		return fmt.Errorf("files and people: %w", err)
	}
	people, err := q.identities(ctx)
	if err != nil {
		return err
	}
	for id, key := range people {
		names[id] = key
	}
	type commit struct {
		sha, author, message string
		time                 int64
		parents              int
		changes              []byte // packed (store.PackChanges)
	}
	commits := map[int64]*commit{}
	var ids []int64
	var renames []rename
	count := 0
	// The messages are unpacked here rather than in SQL, and
	// so are the changes, which each commit's row holds packed: their
	// renames and their count are taken as the row is read.
	messages, err := q.messageReader(ctx)
	if err != nil {
		return err
	}
	if err := q.scan(ctx, `SELECT cm.node_id, `+store.ShaText("cm.sha")+`, cm.commit_time, cm.author_id, `+store.MessageColumns("cm")+`, cm.parents, cm.changes FROM commits cm`, nil, func(rows *sql.Rows) error {
		var id, author, parents int64
		var packed any
		var at sql.NullInt64
		c := &commit{}
		if err := rows.Scan(&id, &c.sha, &c.time, &author, &packed, &at, &parents, &c.changes); err != nil {
			return err
		}
		c.parents = int(parents)
		msg, err := messages.Message(packed, at)
		if err != nil {
			return err
		}
		c.message = msg
		c.author = names[author]
		commits[id] = c
		ids = append(ids, id)
		if err := store.EachPackedChange(id, c.changes, func(r store.ChangeRow) bool {
			count++
			if r.OldFile != 0 {
				renames = append(renames, rename{time: c.time, commit: id, from: r.OldFile, to: r.File})
			}
			return true
		}); err != nil {
			return fmt.Errorf("changes of commit %s: %w", c.sha, err)
		}
		if each != nil {
			each(LoggedCommit{CommitMessage: CommitMessage{Sha: c.sha, Message: c.message, Parents: c.parents}, ID: id, Time: c.time})
		}
		return nil
	}); err != nil {
		return fmt.Errorf("commits: %w", err)
	}
	sortRenames(renames)
	alias := renameAliases(renames, names, head)
	then := map[int64]string{} // a carried-forward file's own path
	for id, name := range names {
		if a, ok := alias[name]; ok && isFile[id] {
			then[id] = name
			names[id] = a
		}
	}
	pathThen := func(id int64) string {
		if p, ok := then[id]; ok {
			return p
		}
		return names[id]
	}
	if sized != nil {
		sized(count)
	}
	// The changes come by commit id, then by file id, as the table of
	// changes once gave them.
	slices.Sort(ids)
	for _, id := range ids {
		c := commits[id]
		err := store.EachPackedChange(id, c.changes, func(r store.ChangeRow) bool {
			ch := Change{Commit: c.sha, Time: c.time, Author: c.author, Message: c.message, Path: names[r.File], Added: r.Added, Deleted: r.Deleted, Parents: c.parents,
				Then: pathThen(r.File), Status: "M"}
			if _, named := names[r.File]; named {
				ch.Status = r.Status
			}
			if r.OldFile != 0 {
				ch.From = pathThen(r.OldFile)
			}
			fn(ch)
			return true
		})
		if err != nil {
			return fmt.Errorf("changes of commit %s: %w", c.sha, err)
		}
		c.changes = nil
	}
	return nil
}

// rename is a stored change that renamed a file: its commit's time and
// id, and the old and new files' node ids.
type rename struct{ time, commit, from, to int64 }

// sortRenames puts renames in the order renameAliases takes them: by
// commit time, and at one time by the old file's id, then the commit's
// and the new file's.
func sortRenames(renames []rename) {
	slices.SortFunc(renames, func(a, b rename) int {
		return cmp.Or(cmp.Compare(a.time, b.time), cmp.Compare(a.from, b.from), cmp.Compare(a.commit, b.commit), cmp.Compare(a.to, b.to))
	})
}

// renameAliases maps old paths to the HEAD path they were renamed to,
// following chains, given the renames in order (sortRenames) and the
// files' names by id; a rename of a file names lacks is left out. A path
// that exists at HEAD keeps its own history.
func renameAliases(renames []rename, names map[int64]string, head map[string]bool) map[string]string {
	next := map[string]string{}
	for _, r := range renames {
		from, ok := names[r.from]
		to, ok2 := names[r.to]
		if !ok || !ok2 {
			continue
		}
		if !head[from] {
			next[from] = to
		}
	}
	alias := map[string]string{}
	// The chain so far, in a list while it is short (most are a rename or
	// two long: a map for each was a fifth of the history's read), in a
	// map past that.
	var seen []string
	var long map[string]bool
	for from := range next {
		to := from
		seen, long = seen[:0], nil
		for {
			n, ok := next[to]
			if !ok || slices.Contains(seen, n) || long[n] {
				break
			}
			if long == nil && len(seen) < 16 {
				seen = append(seen, to)
			} else {
				if long == nil {
					long = make(map[string]bool, 32)
				}
				long[to] = true
			}
			to = n
		}
		if head[to] {
			alias[from] = to
		}
	}
	return alias
}

// CommitMessage is a commit's id, message and number of parents.
type CommitMessage struct {
	Sha, Message string
	Parents      int
}

// CallPairs are the calls between definitions outside test code, as
// (caller, callee) node names, in no particular order. Calls found only
// some of the ways skip names (metadata via: a dispatch, a guess by name)
// are left out.
func (q *Q) CallPairs(ctx context.Context, skip ...string) ([][2]string, error) {
	var out [][2]string
	args := make([]any, len(skip))
	for i, v := range skip {
		args[i] = v
	}
	cond := ""
	if len(skip) > 0 {
		cond = " AND coalesce(json_extract(c.metadata, '$.via'), '') NOT IN (?" + strings.Repeat(", ?", len(skip)-1) + ")"
	}
	err := q.scan(ctx, `SELECT a.name, b.name FROM call_edges c
		JOIN nodes a ON a.id = c.caller JOIN nodes b ON b.id = c.callee
		WHERE json_extract(c.metadata, '$.test') IS NOT 1`+cond, args, func(rows *sql.Rows) error {
		var c [2]string
		err := rows.Scan(&c[0], &c[1])
		out = append(out, c)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("calls: %w", err)
	}
	return out, nil
}

// TestEdge links a test file to a file it tests; Meta is the edge's
// metadata as stored (it says whether the test reaches the file only
// through other code).
type TestEdge struct {
	Test, Subject, Meta string
}

// TestEdges lists the stored tests edges, by test.
func (q *Q) TestEdges(ctx context.Context) ([]TestEdge, error) {
	var out []TestEdge
	err := q.scan(ctx, `SELECT a.name, b.name, e.metadata FROM link_edges e
		JOIN nodes a ON a.id = e.src JOIN nodes b ON b.id = e.dst
		WHERE e.kind = ? ORDER BY a.name`, []any{record.EdgeTests}, func(rows *sql.Rows) error {
		var e TestEdge
		if err := rows.Scan(&e.Test, &e.Subject, &e.Meta); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tests edges: %w", err)
	}
	return out, nil
}

// HeadResults decodes the results of one kind stored for the files at
// HEAD into a map by path. T is the result's JSON shape.
func HeadResults[T any](ctx context.Context, q *Q, kind string) (map[string]T, error) {
	out := map[string]T{}
	err := q.scan(ctx, `SELECT n.name, unpack(r.data) FROM results r JOIN nodes n ON n.id = r.node_id
		JOIN head_files h ON h.node_id = r.node_id WHERE r.kind = ?`, []any{kind}, func(rows *sql.Rows) error {
		var name string
		var data []byte
		if err := rows.Scan(&name, &data); err != nil {
			return err
		}
		var v T
		if err := json.Unmarshal(data, &v); err != nil {
			return fmt.Errorf("%s result of %s: %w", kind, name, err)
		}
		out[name] = v
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s results: %w", kind, err)
	}
	return out, nil
}

// BlobPair is the blob a path had after a commit and before it ("" where
// the path did not exist).
type BlobPair struct {
	Commit, Path, After, Before string
}

// PathBlobs lists the blob pairs memoized for commits and paths, of the
// given paths only: a doc freshness walk after a few commits reads the
// pairs of few files, and naming every pair of the memo was 0.11 s of an
// update on spring-boot.
func (q *Q) PathBlobs(ctx context.Context, paths []string) ([]BlobPair, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	// A row's path is its file node's key, or the path as text where no
	// node had it: both forms are asked for.
	want := make([]any, 0, 2*len(paths))
	for _, p := range paths {
		want = append(want, store.NodeKey(record.KindFile, p), p)
	}
	list, err := json.Marshal(want)
	if err != nil {
		return nil, err
	}
	var out []BlobPair
	// A path is kept as its file node's key where the node exists; a pair
	// whose node is gone is left out (the memo's caller reads it from git).
	err = q.scan(ctx, `SELECT `+store.PathBlobCommit("commit_sha")+`, p, `+hexText("after")+`, `+hexText("before")+` FROM (SELECT *,
		CASE typeof(path) WHEN 'integer' THEN (SELECT n.name FROM nodes n WHERE n.key = path AND n.kind_code = node_kind('file')) ELSE path END AS p
		FROM path_blobs WHERE path IN (SELECT value FROM json_each(?))) WHERE p IS NOT NULL`, []any{string(list)}, func(rows *sql.Rows) error {
		var b BlobPair
		if err := rows.Scan(&b.Commit, &b.Path, &b.After, &b.Before); err != nil {
			return err
		}
		out = append(out, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("path blobs: %w", err)
	}
	return out, nil
}

// hexText is the SQL for the text of an object id the store keeps as the
// bytes its hexadecimal digits spell, or as text (store.hexBytes).
func hexText(col string) string {
	return "CASE WHEN typeof(" + col + ") = 'blob' THEN lower(hex(" + col + ")) ELSE " + col + " END"
}

// messageReader is a store.MessageReader holding every pack of commit
// messages, for a read of every commit.
func (q *Q) messageReader(ctx context.Context) (*store.MessageReader, error) {
	r := store.NewMessageReader()
	err := q.scan(ctx, store.MessagePacksSQL, nil, func(rows *sql.Rows) error {
		var id int64
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return err
		}
		r.Add(id, data)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("packs of commit messages: %w", err)
	}
	return r, nil
}
