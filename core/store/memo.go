package store

import (
	"encoding/json"

	"github.com/homer-dev/homer/core/record"
)

// The writes of the parse and doc-freshness memos: facts by content and
// path, and the blobs a path had around a commit.

// PutParseMemo memoizes a file's facts (encoded protobuf, stored packed
// with the path as their dictionary: PackFacts) under its blob, the
// parser that made them and its path, the row's id a hash of the three
// (MemoKey). The blob id is stored as bytes (hexBytes), the path as its
// file node's key where the node exists (storedPath); the view
// parse_memos gives both back as text.
func (t *Tx) PutParseMemo(blob, parser, path string, facts []byte) error {
	_, err := t.Exec(`INSERT INTO parse_memo (id, blob_id, parser, path, facts) VALUES (?1, ?2, ?3, `+storedPath("?4", "?5")+`, ?6)
		ON CONFLICT DO UPDATE SET blob_id = excluded.blob_id, parser = excluded.parser, path = excluded.path, facts = excluded.facts`,
		MemoKey(blob, parser, path), hexBytes(blob), parser, NodeKey(record.KindFile, path), path, PackFacts(facts, path))
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
	if err := t.ExecRaw("DELETE FROM parse_memo WHERE parser >= ? AND parser < ? AND parser <> ?", plugin+"@", plugin+"A", parser); err != nil {
		return err
	}
	var n int
	if err := t.QueryRow("SELECT count(*) FROM parse_memo WHERE parser = ?", parser).Scan(&n); err != nil {
		return err
	}
	if n <= 2*len(keep) {
		return nil
	}
	pairs, err := json.Marshal(keep)
	if err != nil {
		return err
	}
	return t.ExecRaw(`DELETE FROM parse_memo WHERE id IN (SELECT id FROM parse_memos WHERE parser = ?
		AND (path IS NULL OR (blob_id, path) NOT IN (SELECT value->>0, value->>1 FROM json_each(?))))`, parser, string(pairs))
}

// AddPathBlob memoizes the blob a path had after a commit and before it
// ("" where it did not exist); a pair already stored is kept. The ids are
// stored as bytes (hexBytes), the path as its file node's key where the
// node exists (storedPath).
func (t *Tx) AddPathBlob(commit, path, after, before string) error {
	_, err := t.Exec(`INSERT INTO path_blobs (commit_sha, path, after, before) VALUES (?1, `+storedPath("?2", "?3")+`, ?4, ?5)
		ON CONFLICT DO NOTHING`, hexBytes(commit), NodeKey(record.KindFile, path), path, hexBytes(after), hexBytes(before))
	return err
}

// ClearDocMemo empties the memo of parsed older versions that an earlier
// doc-freshness analysis kept and the current one no longer reads.
func (t *Tx) ClearDocMemo() error {
	return t.ExecRaw(`DELETE FROM doc_memo`)
}
