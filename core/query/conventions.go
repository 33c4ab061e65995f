package query

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// Command is a command the repository's own files say to run (a Makefile
// target, a package script, a CI step), as the structure source found it.
type Command struct {
	Command string `json:"command"`
	// Kind is what it is for (build, test, lint, ...), Origin the file
	// it was found in.
	Kind   string `json:"kind"`
	Origin string `json:"origin"`
}

// Conventions is what the store knows of how the repository is worked
// on: its commands, and how its code and commits are written, each
// convention with its adherence (naming, tests, docs, errors, commits,
// in record.Conventions' shape). Analysed is false when the conventions
// analysis has not run: the lists are then empty, not "no convention".
type Conventions struct {
	Version  int       `json:"version"`
	Commands []Command `json:"commands"`
	Analysed bool      `json:"analysed"`
	record.Conventions
}

// Conventions lists the repository's commands, by kind and then by text,
// and the conventions the analysis found.
func (q *Q) Conventions(ctx context.Context) (*Conventions, error) {
	rows, err := q.db.QueryContext(ctx, "SELECT name, metadata FROM nodes WHERE "+store.OfKind("kind_code", record.KindCommand)+" ORDER BY name", record.KindCommand)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := &Conventions{Version: Version, Commands: []Command{}, Conventions: record.Conventions{
		Naming: []record.NamingConvention{}, Tests: []record.TestConvention{}, Docs: []record.DocConvention{}, Errors: []record.ErrorConvention{}}}
	order := map[string]int{} // command nodes are named once each
	for rows.Next() {
		var name, meta string
		if err := rows.Scan(&name, &meta); err != nil {
			return nil, err
		}
		var md struct {
			Kind, Origin string
			Order        int
		}
		if err := json.Unmarshal([]byte(meta), &md); err != nil {
			return nil, fmt.Errorf("command %q: %w", name, err)
		}
		c.Commands = append(c.Commands, Command{Command: name, Kind: md.Kind, Origin: md.Origin})
		order[name] = md.Order
	}
	// By kind, then in the order the source gave them (a store written
	// before the order was kept gives 0 for all: then by name).
	sort.SliceStable(c.Commands, func(i, j int) bool {
		a, b := c.Commands[i], c.Commands[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if order[a.Command] != order[b.Command] {
			return order[a.Command] < order[b.Command]
		}
		return a.Command < b.Command
	})
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var data string
	err = q.db.QueryRowContext(ctx, `SELECT unpack(r.data) FROM results r JOIN nodes n ON n.id = r.node_id
		WHERE n.key = node_key(?, '.') AND r.kind = ?`, record.KindRepository, record.ResultConventions).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(data), &c.Conventions); err != nil {
		return nil, fmt.Errorf("stored conventions: %w", err)
	}
	c.Analysed = true
	return c, nil
}

// StaleDocs lists documented functions whose body changed after their doc
// comment last changed, with those commits as evidence.
type StaleDocs struct {
	Version int `json:"version"`
	// Analysed is false when documentation freshness has not run.
	Analysed bool `json:"analysed"`
	// Prefix is the file or directory asked about ("" for all).
	Prefix string            `json:"prefix"`
	Docs   []record.StaleDoc `json:"docs"`
	// Total counts every stale doc under Prefix; More those left out by
	// the limit.
	Total int `json:"total"`
	More  int `json:"more"`
}

// StaleDocs returns the stale docs of the files at HEAD under prefix (a
// file or a directory, "" for the whole repository), the most changes
// missed first, at most limit (0 for all).
func (q *Q) StaleDocs(ctx context.Context, prefix string, limit int) (*StaleDocs, error) {
	prefix = strings.Trim(prefix, "/")
	out := &StaleDocs{Version: Version, Prefix: prefix, Docs: []record.StaleDoc{}}
	var ran int
	if err := q.db.QueryRowContext(ctx, `SELECT count(*) FROM stages WHERE name = 'analyze.doc-freshness'`).Scan(&ran); err != nil {
		return nil, err
	}
	out.Analysed = ran > 0
	rows, err := q.db.QueryContext(ctx, `SELECT n.name, unpack(r.data) FROM results r JOIN nodes n ON n.id = r.node_id
		JOIN head_files h ON h.node_id = n.id WHERE r.kind = ?`, record.ResultDocFreshness)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var path, data string
		if err := rows.Scan(&path, &data); err != nil {
			return nil, err
		}
		if prefix != "" && path != prefix && !strings.HasPrefix(path, prefix+"/") {
			continue
		}
		var list []record.StaleDoc
		if err := json.Unmarshal([]byte(data), &list); err != nil {
			return nil, fmt.Errorf("stale docs of %s: %w", path, err)
		}
		out.Docs = append(out.Docs, list...)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	docfreshSort(out.Docs)
	out.Total = len(out.Docs)
	if limit > 0 && len(out.Docs) > limit {
		out.More = len(out.Docs) - limit
		out.Docs = out.Docs[:limit]
	}
	return out, nil
}

// docfreshSort orders stale docs by how many changes they missed, then by
// path and line.
func docfreshSort(s []record.StaleDoc) {
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if len(a.Changes) != len(b.Changes) {
			return len(a.Changes) > len(b.Changes)
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
}
