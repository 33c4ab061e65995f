package query

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/homer-dev/homer/core/store"
)

// HeadFile is a file at HEAD as the structure source recorded it.
type HeadFile struct {
	ID       int64
	Path     string
	Blob     string
	Language string
	Size     int64
	IsTest   bool
	// Code: program source rather than documents, data or build files.
	Code bool
}

// HeadFiles lists the files at HEAD, by path. A blob id is stored as the
// bytes its digits spell (since schema 38) and read as the digits.
func (q *Q) HeadFiles(ctx context.Context) ([]HeadFile, error) {
	var out []HeadFile
	err := q.scan(ctx, `SELECT n.id, n.name, `+store.ShaText("h.blob_id")+`, h.language, h.size, h.is_test, h.code
		FROM head_files h JOIN nodes n ON n.id = h.node_id ORDER BY n.name`, nil, func(rows *sql.Rows) error {
		var f HeadFile
		if err := rows.Scan(&f.ID, &f.Path, &f.Blob, &f.Language, &f.Size, &f.IsTest, &f.Code); err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("files at HEAD: %w", err)
	}
	return out, nil
}

// MemoPairs is files as their [blob, path] pairs, the parse memo's key
// beside the parser.
func MemoPairs(files []HeadFile) [][2]string {
	pairs := make([][2]string, len(files))
	for i, f := range files {
		pairs[i] = [2]string{f.Blob, f.Path}
	}
	return pairs
}

// Memoized returns the [blob, path] pairs of files that the parse memo
// holds facts of from parser.
func (q *Q) Memoized(ctx context.Context, parser string, files []HeadFile) ([][2]string, error) {
	pairs := MemoPairs(files)
	list, err := json.Marshal(pairs)
	if err != nil {
		return nil, err
	}
	asked := askedPairs(pairs)
	var out [][2]string
	err = q.scan(ctx, `SELECT blob_id, path FROM parse_memos WHERE `+memoKeyed,
		[]any{parser, string(list)}, func(rows *sql.Rows) error {
			var p [2]string
			if err := rows.Scan(&p[0], &p[1]); err != nil {
				return err
			}
			if asked[p] {
				out = append(out, p)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("parse memo of %s: %w", parser, err)
	}
	return out, nil
}

// Memo is a file's memoized facts: encoded protobuf (sdk.FileFacts) as
// stored, packed (store.UnpackFacts reads it), or, when Pack is set,
// where they lie in that pack of several files' facts (its stored bytes,
// shared by the memos of its files: store.FactsInPack reads them from
// the pack unpacked). Memos of one pack come one after the other.
type Memo struct {
	Path, Blob string
	Facts      []byte
	Pack       []byte
}

// MemoFacts returns parser's memoized facts of files, in no particular
// order; files the memo lacks are left out.
func (q *Q) MemoFacts(ctx context.Context, parser string, files []HeadFile) ([]Memo, error) {
	pairs := MemoPairs(files)
	list, err := json.Marshal(pairs)
	if err != nil {
		return nil, err
	}
	memos, err := q.memos(ctx, `SELECT path, blob_id, stored, pack FROM parse_memos WHERE `+memoKeyed, parser, string(list))
	if err != nil {
		return nil, err
	}
	asked := askedPairs(pairs)
	return slices.DeleteFunc(memos, func(m Memo) bool { return !asked[[2]string{m.Blob, m.Path}] }), nil
}

// memoKeyed is the condition that a parse memo row (of the view
// parse_memos, which gives blob ids and paths as text) is parser ?1's
// and has the id (a hash of the three, store.MemoKey) of one of the
// [blob, path] pairs of the JSON list ?2. That its blob and path are one
// of those pairs, not another's of the same hash, the caller checks
// (askedPairs): in SQL the check evaluated the view's blob and path
// again for each row and matched them in a table made of the list,
// about a fifth of the query's time (0.03 s of CPU for 8,700 files on
// spring-boot).
const memoKeyed = `id IN (SELECT memo_key(value->>0, ?1, value->>1) FROM json_each(?2)) AND parser = ?1`

// askedPairs is pairs as a set.
func askedPairs(pairs [][2]string) map[[2]string]bool {
	set := make(map[[2]string]bool, len(pairs))
	for _, p := range pairs {
		set[p] = true
	}
	return set
}

// LastMemoFacts returns, for each of paths the memo holds under any blob,
// parser's facts of one earlier version: of several, the greatest blob id
// (any is a version the file had, and the choice is stable).
func (q *Q) LastMemoFacts(ctx context.Context, parser string, paths []string) ([]Memo, error) {
	list, err := json.Marshal(paths)
	if err != nil {
		return nil, err
	}
	// The row of the greatest blob id gives the other columns (SQLite's
	// bare columns beside max).
	return q.memos(ctx, `SELECT path, max(blob_id) AS blob_id, stored, pack FROM parse_memos
		WHERE parser = ? AND path IN (SELECT value FROM json_each(?)) GROUP BY path`, parser, string(list))
}

// memos reads the memos query selects (path, blob id, stored facts,
// pack id) and, in the same statement (so from the same state of the
// store), the packs they refer to: once each, however many of its files
// are read. The memos are put in the order of their packs.
func (q *Q) memos(ctx context.Context, query string, parser string, list string) ([]Memo, error) {
	var out []Memo
	var packOf []int64
	packs := map[int64][]byte{}
	err := q.scan(ctx, `WITH m AS MATERIALIZED (`+query+`)
		SELECT 0, path, blob_id, stored, pack FROM m
		UNION ALL
		SELECT 1, NULL, NULL, data, id FROM parse_packs WHERE id IN (SELECT pack FROM m)`, []any{parser, list}, func(rows *sql.Rows) error {
		var isPack bool
		var m Memo
		var path, blob sql.NullString
		var pack sql.NullInt64
		if err := rows.Scan(&isPack, &path, &blob, &m.Facts, &pack); err != nil {
			return fmt.Errorf("parse memo: %w", err)
		}
		if isPack {
			packs[pack.Int64] = m.Facts
			return nil
		}
		m.Path, m.Blob = path.String, blob.String
		out = append(out, m)
		packOf = append(packOf, pack.Int64) // 0: none (ids begin at 1)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("parse memo of %s: %w", parser, err)
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return packOf[order[a]] < packOf[order[b]] })
	sorted := make([]Memo, len(out))
	for i, j := range order {
		m := out[j]
		if id := packOf[j]; id != 0 {
			if m.Pack = packs[id]; m.Pack == nil {
				return nil, fmt.Errorf("parse memo of %s: %s: its pack %d is missing", parser, m.Path, id)
			}
		}
		sorted[i] = m
	}
	return sorted, nil
}
