package store

import (
	"encoding/json"
	"fmt"

	"github.com/homer-dev/homer/core/record"
)

// The writes of the parse and doc-freshness memos: facts by content and
// path, and the blobs a path had around a commit.

// PutParseMemo memoizes a file's facts (encoded protobuf) under its
// blob, the parser that made them and its path, the row's id a hash of
// the three (MemoKey). The facts are stored as they are (format 0x00)
// until PackParseMemo packs them with other files' or alone, at the end
// of the run: each is compressed once. The blob id is stored as bytes
// (hexBytes), the path as its file node's key where the node exists
// (storedPath); the view parse_memos gives both back as text.
func (t *Tx) PutParseMemo(blob, parser, path string, facts []byte) error {
	_, err := t.Exec(`INSERT INTO parse_memo (id, blob_id, parser, path, facts) VALUES (?1, ?2, ?3, `+storedPath("?4", "?5")+`, ?6)
		ON CONFLICT DO UPDATE SET blob_id = excluded.blob_id, parser = excluded.parser, path = excluded.path, facts = excluded.facts`,
		MemoKey(blob, parser, path), hexBytes(blob), parser, NodeKey(record.KindFile, path), path, rawPacked(facts))
	return err
}

// PruneParseMemo forgets what other builds or settings of a plugin parsed
// (parser ids are "NAME@VERSION#CONFIG"), and once the memo holds more
// than twice the files at HEAD (keep: their [blob, path] pairs), the
// entries of files no longer there, and those whose path is lost (kept
// by a file node that is gone): kept until then, a branch switched back
// and forth parses nothing.
func (t *Tx) PruneParseMemo(plugin, parser string, keep [][2]string) error {
	// 'A' follows '@'.
	res, err := t.Exec("DELETE FROM parse_memo WHERE parser >= ? AND parser < ? AND parser <> ?", plugin+"@", plugin+"A", parser)
	if err != nil {
		return err
	}
	gone, _ := res.RowsAffected()
	var n int
	if err := t.QueryRow("SELECT count(*) FROM parse_memo WHERE parser = ?", parser).Scan(&n); err != nil {
		return err
	}
	if n > 2*len(keep) {
		pairs, err := json.Marshal(keep)
		if err != nil {
			return err
		}
		res, err := t.Exec(`DELETE FROM parse_memo WHERE id IN (SELECT id FROM parse_memos WHERE parser = ?
		AND (path IS NULL OR (blob_id, path) NOT IN (SELECT value->>0, value->>1 FROM json_each(?))))`, parser, string(pairs))
		if err != nil {
			return err
		}
		k, _ := res.RowsAffected()
		gone += k
	}
	if gone == 0 {
		return nil
	}
	// A pack goes with the last row whose facts lie in it.
	return t.ExecRaw(`DELETE FROM parse_packs WHERE id NOT IN (SELECT memo_pack(facts) FROM parse_memo WHERE substr(facts, 1, 1) = x'07')`)
}

// Packs of the parse memo: a file's facts packed alone take about a
// quarter more than when packed with their neighbours' (one file's
// facts repeat the names, types and imports of the files beside it), and
// rows of about a kilobyte leave a fifth of their pages empty (on
// spring-boot 9.6 MB of facts packed one by one in 12.4 MB of pages).
const (
	// packFiles is the most files whose facts one pack holds, packBytes
	// about the most bytes of facts: reading one file's facts unpacks
	// its whole pack.
	packFiles = 16
	packBytes = 128 << 10
)

// EndRun tidies what a run leaves: the parse memo's facts stored one by
// one are packed (PackParseMemo), the packs of search_texts no row
// refers to go (PruneTextPacks).
func (t *Tx) EndRun() error {
	if err := t.PackParseMemo(); err != nil {
		return err
	}
	return t.PruneTextPacks()
}

// PackParseMemo packs the facts of files stored one by one together,
// those of up to packFiles files of one parser whose paths sort side by
// side (one directory's, mostly) in one row of parse_packs, and stores
// each file's facts as where they lie in it (format 0x07, FactsInPack);
// facts left alone in their group and stored as they are (PutParseMemo)
// are packed alone (PackFacts). The view parse_memos gives every file's
// facts back as before. Every run ends with it (Store.Compact runs it
// before an init's vacuum), as does the migration to schema 30: an
// update packs what it parsed with the files it left alone.
func (t *Tx) PackParseMemo() error {
	type row struct {
		id           int64
		parser, path string
	}
	var rows []row
	err := func() error {
		r, err := t.Query(`SELECT id, parser, path FROM parse_memos WHERE substr(stored, 1, 1) != x'07' AND path IS NOT NULL ORDER BY parser, path, blob_id`)
		if err != nil {
			return err
		}
		defer r.Close()
		for r.Next() {
			var x row
			if err := r.Scan(&x.id, &x.parser, &x.path); err != nil {
				return err
			}
			rows = append(rows, x)
		}
		return r.Err()
	}()
	if err != nil {
		return fmt.Errorf("packing the parse memo: %w", err)
	}
	var (
		group []row
		sizes []int
		data  []byte
		raw   bool // a file of the group is stored as it is
	)
	flush := func() error {
		defer func() { group, sizes, data, raw = group[:0], sizes[:0], data[:0], false }()
		if len(group) == 1 && raw {
			_, err := t.Exec("UPDATE parse_memo SET facts = ? WHERE id = ?", PackFacts(data, group[0].path), group[0].id)
			return err
		}
		if len(group) < 2 {
			return nil
		}
		res, err := t.Exec("INSERT INTO parse_packs (data) VALUES (?)", Pack(data))
		if err != nil {
			return err
		}
		pack, err := res.LastInsertId()
		if err != nil {
			return err
		}
		off := 0
		for i, x := range group {
			if _, err := t.Exec("UPDATE parse_memo SET facts = ? WHERE id = ?", packRef(pack, off, sizes[i]), x.id); err != nil {
				return err
			}
			off += sizes[i]
		}
		return nil
	}
	for _, x := range rows {
		if len(group) > 0 && (x.parser != group[0].parser || len(group) == packFiles || len(data) >= packBytes) {
			if err := flush(); err != nil {
				return fmt.Errorf("packing the parse memo: %w", err)
			}
		}
		var stored []byte
		if err := t.QueryRow("SELECT facts FROM parse_memo WHERE id = ?", x.id).Scan(&stored); err != nil {
			return fmt.Errorf("packing the parse memo: %w", err)
		}
		facts, err := UnpackFacts(stored, x.path)
		if err != nil {
			return fmt.Errorf("packing the parse memo: %s: %w", x.path, err)
		}
		raw = raw || len(stored) > 0 && stored[0] == packRaw
		group, sizes, data = append(group, x), append(sizes, len(facts)), append(data, facts...)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("packing the parse memo: %w", err)
	}
	return nil
}

// AddPathBlob memoizes the blob a path had after a commit and before it
// ("" where it did not exist); a pair already stored is kept. It is
// AddPathBlobs of one pair.
func (t *Tx) AddPathBlob(commit, path, after, before string) error {
	return t.AddPathBlobs([][4]string{{commit, path, after, before}})
}

// AddPathBlobs memoizes pairs of blobs, each the commit, the path and the
// blobs the path had after the commit and before it ("" where it did not
// exist); a pair already stored is kept. A commit the store holds is kept
// as its node id (since schema 46), any other as its sha; the blob ids as
// bytes (hexBytes), the path as its file node's key where the node exists
// (storedPath). The commits are looked up together: no index finds a
// commit by its sha, so one scan serves every pair.
func (t *Tx) AddPathBlobs(pairs [][4]string) error {
	if len(pairs) == 0 {
		return nil
	}
	shas := make([]string, 0, len(pairs))
	seen := map[string]bool{}
	for _, p := range pairs {
		if !seen[p[0]] {
			seen[p[0]] = true
			shas = append(shas, p[0])
		}
	}
	rows, err := t.Query(`SELECT node_id, `+ShaText("sha")+` FROM commits WHERE `+shaIn("?1"), shaJSON(shas))
	if err != nil {
		return err
	}
	ids := make(map[string]int64, len(shas))
	for rows.Next() {
		var id int64
		var sha string
		if err := rows.Scan(&id, &sha); err != nil {
			rows.Close()
			return err
		}
		ids[sha] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range pairs {
		var commit any = hexBytes(p[0])
		if id, ok := ids[p[0]]; ok {
			commit = id
		}
		if _, err := t.Exec(`INSERT INTO path_blobs (commit_sha, path, after, before) VALUES (?1, `+storedPath("?2", "?3")+`, ?4, ?5)
		ON CONFLICT DO NOTHING`, commit, NodeKey(record.KindFile, p[1]), p[1], hexBytes(p[2]), hexBytes(p[3])); err != nil {
			return err
		}
	}
	return nil
}

// PathBlobCommit is the SQL of the sha, as text, of the commit a row of
// path_blobs names in col (commit_sha as the query names it): its node id
// where the store held the commit when the pair was memoized (a commit's
// rows leave with it, so an id names no other commit later), else its sha
// as hexBytes kept it.
func PathBlobCommit(col string) string {
	return "CASE typeof(" + col + ") WHEN 'integer' THEN (SELECT " + ShaText("pc.sha") + " FROM commits pc WHERE pc.node_id = " + col + ") ELSE " + ShaText(col) + " END"
}

// ClearDocMemo empties the memo of parsed older versions that an earlier
// doc-freshness analysis kept and the current one no longer reads.
func (t *Tx) ClearDocMemo() error {
	return t.ExecRaw(`DELETE FROM doc_memo`)
}
