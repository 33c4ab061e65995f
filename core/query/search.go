package query

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/homer-dev/homer/core/store"
)

// Hit is one match of a full-text search.
type Hit struct {
	// Kind is "commit" (Ref is its sha) or "doc" (Ref is the definition,
	// path#Qualified.name, whose doc comment matched).
	Kind    string `json:"kind"`
	Ref     string `json:"ref"`
	Snippet string `json:"snippet"`
	// Rank orders the hits, best first (lower is better).
	Rank float64 `json:"rank"`
}

// Search finds commit messages and doc comments matching the words of
// text, best first. The words are matched as words (prefixes with a
// trailing *), whatever FTS5 syntax they hold; a store built without
// full-text search matches substrings and ranks by recency of insertion.
func (q *Q) Search(ctx context.Context, text string, limit int) ([]Hit, error) {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '*' })
	if len(words) == 0 {
		return nil, fmt.Errorf("nothing to search for in %q", text)
	}
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	var fts int
	if err := q.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'search' AND sql LIKE '%fts5%'").Scan(&fts); err != nil {
		return nil, err
	}
	var query string
	var args []any
	if fts > 0 {
		// Each word quoted, so that none is read as an operator; a
		// trailing * stays a prefix search.
		terms := make([]string, len(words))
		for i, w := range words {
			prefix := strings.HasSuffix(w, "*")
			w = strings.Trim(w, "*")
			terms[i] = `"` + w + `"`
			if prefix {
				terms[i] += "*"
			}
		}
		// The best rows are chosen by rank and their ref (a commit's sha,
		// another text's node's name) without reading the indexed texts,
		// which are stored packed (store.PackText): reading a match's ref
		// from the index's content would unpack its text too. A commit's
		// message is indexed under its id, any other text under its
		// node's id negated (the index holds a row for each, kept by
		// triggers). Refs are read only for the matches ranked no worse
		// than the limit-th best, which the best rows with their ties
		// are among. Only the chosen rows' texts are read, for their
		// snippets.
		query = `WITH r AS MATERIALIZED (SELECT s.rowid AS id, bm25(s.search) AS rank FROM search s WHERE s.search MATCH ?1)
			SELECT kind, ref, snippet(search, 2, '[', ']', '…', 12), bm25(search) FROM search
			WHERE search MATCH ?1 AND rowid IN (SELECT id FROM (SELECT id, rank,
					CASE WHEN id > 0 THEN (SELECT ` + store.ShaText("c.sha") + ` FROM commits c WHERE c.node_id = r.id)
						ELSE (SELECT n.name FROM nodes n WHERE n.id = -r.id) END AS name
				FROM r WHERE rank <= coalesce((SELECT rank FROM r ORDER BY rank LIMIT 1 OFFSET ?2 - 1), rank))
				WHERE name IS NOT NULL ORDER BY rank, name LIMIT ?2)
			ORDER BY bm25(search), ref`
		args = []any{strings.Join(terms, " "), limit}
	} else {
		conds := make([]string, len(words))
		for i, w := range words {
			conds[i] = `body LIKE ? ESCAPE '\'`
			args = append(args, "%"+escapeLike(strings.Trim(w, "*"))+"%")
		}
		query = "SELECT kind, ref, substr(body, 1, 120), -rowid FROM search WHERE " + strings.Join(conds, " AND ") + " ORDER BY rowid DESC LIMIT ?"
		args = append(args, limit)
	}
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Hit
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.Kind, &h.Ref, &h.Snippet, &h.Rank); err != nil {
			return nil, err
		}
		h.Snippet = strings.Join(strings.Fields(h.Snippet), " ")
		out = append(out, h)
	}
	return out, rows.Err()
}
