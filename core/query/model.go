package query

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// The questions below serve the render model's builder: each reads one
// whole table of answers, for renderers to budget.

// Counts are the repository's headline figures.
type Counts struct {
	Commits      int `json:"commits"`
	Contributors int `json:"contributors"`
	Definitions  int `json:"definitions"`
	CallEdges    int `json:"call_edges"`
	ImportEdges  int `json:"import_edges"`
	// FilesAtHead, CoChangeSets, Releases and ParsedContents are what
	// `homer status` adds: files of HEAD's snapshot, stored co-change
	// sets, release tags, and file contents in the parse memo.
	FilesAtHead    int   `json:"files_at_head"`
	CoChangeSets   int   `json:"co_change_sets"`
	Releases       int   `json:"releases"`
	ParsedContents int   `json:"parsed_contents"`
	FirstCommit    int64 `json:"first_commit"`
	LastCommit     int64 `json:"last_commit"`
}

// Counts reads the headline figures.
func (q *Q) Counts(ctx context.Context) (*Counts, error) {
	c := &Counts{}
	for _, one := range []struct {
		to    *int
		query string
		args  []any
	}{
		{&c.Commits, "SELECT count(*) FROM commits", nil},
		{&c.Definitions, "SELECT count(*) FROM nodes WHERE kind_code = node_kind(?)", []any{record.KindDefinition}},
		{&c.CallEdges, "SELECT count(*) FROM calls", nil},
		{&c.ImportEdges, "SELECT count(*) FROM link_edges WHERE kind = ?", []any{record.EdgeImports}},
		{&c.FilesAtHead, "SELECT count(*) FROM head_files", nil},
		{&c.CoChangeSets, "SELECT count(*) FROM edges WHERE kind = ?", []any{record.EdgeCoChange}},
		{&c.Releases, "SELECT count(*) FROM nodes WHERE " + store.OfKind("kind_code", record.KindRelease), []any{record.KindRelease}},
		{&c.ParsedContents, "SELECT count(*) FROM parse_memo", nil},
	} {
		if err := q.db.QueryRowContext(ctx, one.query, one.args...).Scan(one.to); err != nil {
			return nil, fmt.Errorf("%s: %w", one.query, err)
		}
	}
	// Contributors are identities (see identities), not stored emails.
	people, err := q.identities(ctx)
	if err != nil {
		return nil, err
	}
	who := map[string]bool{}
	if err := q.scan(ctx, "SELECT DISTINCT author_id FROM commits", nil, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		who[people[id]] = true
		return err
	}); err != nil {
		return nil, fmt.Errorf("contributors: %w", err)
	}
	c.Contributors = len(who)
	if err := q.db.QueryRowContext(ctx, "SELECT coalesce(min(commit_time), 0), coalesce(max(commit_time), 0) FROM commits").
		Scan(&c.FirstCommit, &c.LastCommit); err != nil {
		return nil, fmt.Errorf("first and last commit times: %w", err)
	}
	return c, nil
}

// ModuleNode is a module a source plugin reported.
type ModuleNode struct {
	Path     string `json:"path"`
	Language string `json:"language"`
	Files    int    `json:"files"`
}

// Modules lists the modules source plugins reported, by path; the root is
// ".".
func (q *Q) Modules(ctx context.Context) ([]ModuleNode, error) {
	var out []ModuleNode
	err := q.scan(ctx, "SELECT name, metadata FROM nodes WHERE "+store.OfKind("kind_code", record.KindModule)+" ORDER BY name", []any{record.KindModule}, func(rows *sql.Rows) error {
		var name, meta string
		if err := rows.Scan(&name, &meta); err != nil {
			return err
		}
		var md struct {
			Language string
			Files    int
		}
		if err := json.Unmarshal([]byte(meta), &md); err != nil {
			return fmt.Errorf("module %q: metadata: %w", name, err)
		}
		if name == "" {
			name = "."
		}
		out = append(out, ModuleNode{Path: name, Language: md.Language, Files: md.Files})
		return nil
	})
	return out, err
}

// DefinitionRow is a definition with what the store holds of it.
type DefinitionRow struct {
	// Node is the definition's node name: path#qualified name.
	Node          string `json:"node"`
	Path          string `json:"path"`
	QualifiedName string `json:"qualified_name"`
	Kind          string `json:"kind"`
	Line          int    `json:"line"`
	End           int    `json:"end"`
	Exported      bool   `json:"exported"`
	Doc           string `json:"doc,omitempty"`
	// Signature is empty while language plugins store none.
	Signature string `json:"signature,omitempty"`
	// Scores is the entity analysis of it; Scored is false when there is
	// none yet.
	Scores record.EntityMetrics `json:"scores"`
	Scored bool                 `json:"scored"`
}

// AllDefinitions lists every definition, by path then line, with its
// stored entity result.
func (q *Q) AllDefinitions(ctx context.Context) ([]DefinitionRow, error) {
	return q.allDefinitions(ctx, nil)
}

// AllDefinitionsScored is AllDefinitions with the entity results given, by
// definition node name, as the centrality stage has them, rather than
// decoded from the store: a definition absent from scores has none.
func (q *Q) AllDefinitionsScored(ctx context.Context, scores map[string]record.EntityMetrics) ([]DefinitionRow, error) {
	if scores == nil {
		scores = map[string]record.EntityMetrics{}
	}
	return q.allDefinitions(ctx, scores)
}

func (q *Q) allDefinitions(ctx context.Context, scores map[string]record.EntityMetrics) ([]DefinitionRow, error) {
	var out []DefinitionRow
	query := `SELECT n.name, n.metadata, coalesce((SELECT unpack(r.data) FROM results r WHERE r.node_id = n.id AND r.kind = 'entity'), '')
		FROM nodes n WHERE n.kind_code = node_kind(?)`
	if scores != nil {
		query = `SELECT n.name, n.metadata, '' FROM nodes n WHERE n.kind_code = node_kind(?)`
	}
	err := q.scan(ctx, query, []any{record.KindDefinition}, func(rows *sql.Rows) error {
		var name, meta, data string
		if err := rows.Scan(&name, &meta, &data); err != nil {
			return err
		}
		var md struct {
			Path, Name, Kind, Doc, Signature string
			Line, End                        int
			Exported                         bool
		}
		if err := json.Unmarshal([]byte(meta), &md); err != nil {
			return fmt.Errorf("definition %s: metadata: %w", name, err)
		}
		d := NewDefinitionRow(name, record.DefinitionPath(name, md.Path), md.Kind, md.Line, md.End, md.Exported, md.Doc)
		d.Signature = md.Signature
		if data != "" {
			if err := json.Unmarshal([]byte(data), &d.Scores); err != nil {
				return fmt.Errorf("definition %s: stored entity result: %w", name, err)
			}
			d.Scored = true
		}
		if em, ok := scores[name]; ok {
			d.Scores, d.Scored = em, true
		}
		out = append(out, d)
		return nil
	})
	SortDefinitions(out)
	return out, err
}

// NewDefinitionRow is the row of the definition node named node in the
// file at p, as stored (doc is the stored first sentence), without scores.
func NewDefinitionRow(node, p, kind string, line, end int, exported bool, doc string) DefinitionRow {
	return DefinitionRow{Node: node, Path: p, QualifiedName: record.QualifiedName(node, p), Kind: kind, Line: line, End: end,
		Exported: exported, Doc: doc}
}

// SortDefinitions puts definitions in AllDefinitions' order: by path, then
// line, then node name.
func SortDefinitions(defs []DefinitionRow) {
	sort.Slice(defs, func(i, j int) bool {
		a, b := defs[i], defs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Node < b.Node
	})
}

// FileEdge is a link of the file graph: imports or calls from one file to
// another, with how many import statements or call sites it sums.
type FileEdge struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Kind  string `json:"kind"`
	Count int    `json:"count"`
	// Confidence is how sure resolve is of the link (1 for an import).
	Confidence float64 `json:"confidence"`
}

// FileEdges lists the file graph's links, by kind, from and to.
func (q *Q) FileEdges(ctx context.Context) ([]FileEdge, error) {
	var out []FileEdge
	err := q.scan(ctx, `SELECT e.kind, e.confidence, e.metadata, a.name, b.name FROM link_edges e
		JOIN nodes a ON a.id = e.src JOIN nodes b ON b.id = e.dst
		WHERE e.kind IN (?, ?)`, []any{record.EdgeImports, record.EdgeFileCalls}, func(rows *sql.Rows) error {
		var e FileEdge
		var meta string
		if err := rows.Scan(&e.Kind, &e.Confidence, &meta, &e.From, &e.To); err != nil {
			return err
		}
		var md struct{ Count int }
		if err := json.Unmarshal([]byte(meta), &md); err != nil {
			return fmt.Errorf("%s edge %s -> %s: metadata: %w", e.Kind, e.From, e.To, err)
		}
		e.Count = md.Count
		if e.Kind == record.EdgeFileCalls {
			e.Kind = record.EdgeCalls
		}
		out = append(out, e)
		return nil
	})
	SortFileEdges(out)
	return out, err
}

// SortFileEdges puts file edges in FileEdges' order: imports first, then
// by from and to.
func SortFileEdges(edges []FileEdge) {
	sort.Slice(edges, func(i, j int) bool {
		a, b := edges[i], edges[j]
		if a.Kind != b.Kind {
			return a.Kind > b.Kind // imports first
		}
		if a.From != b.From {
			return a.From < b.From
		}
		return a.To < b.To
	})
}

// CoChangeSet is a group of files that change together, with the number of
// commits that changed them all and how sure the grouping is.
type CoChangeSet struct {
	Files      []string `json:"files"`
	Support    int      `json:"support"`
	Confidence float64  `json:"confidence"`
}

// CoChangeSets lists the co-change sets, by falling support then files.
func (q *Q) CoChangeSets(ctx context.Context) ([]CoChangeSet, error) {
	byID := map[int64]*CoChangeSet{}
	var order []int64
	err := q.scan(ctx, `SELECT e.id, e.confidence, e.metadata, n.name FROM edges e
		JOIN edge_members m ON m.edge_id = e.id JOIN nodes n ON n.id = m.node_id
		WHERE e.kind = ? ORDER BY e.id, m.position`, []any{record.EdgeCoChange}, func(rows *sql.Rows) error {
		var id int64
		var conf float64
		var meta, name string
		if err := rows.Scan(&id, &conf, &meta, &name); err != nil {
			return err
		}
		s := byID[id]
		if s == nil {
			var md struct{ Support int }
			if err := json.Unmarshal([]byte(meta), &md); err != nil {
				return fmt.Errorf("co-change set with %s: metadata: %w", name, err)
			}
			s = &CoChangeSet{Support: md.Support, Confidence: conf}
			byID[id] = s
			order = append(order, id)
		}
		s.Files = append(s.Files, name)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]CoChangeSet, 0, len(order))
	for _, id := range order {
		sort.Strings(byID[id].Files)
		out = append(out, *byID[id])
	}
	// Edge ids are hashes: the order is made here.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Support != out[j].Support {
			return out[i].Support > out[j].Support
		}
		return strings.Join(out[i].Files, "\x00") < strings.Join(out[j].Files, "\x00")
	})
	return out, nil
}

// FileMetrics reads every file's stored metrics, by path.
func (q *Q) FileMetrics(ctx context.Context) (map[string]*record.FileMetrics, error) {
	out := map[string]*record.FileMetrics{}
	// Every file's co-change count, for the partners of each list, and
	// the file nodes' names by key, for the partners of a row by keys
	// (read before the scan: the store may hold one connection).
	counts, err := q.coChangeRevs(ctx, nil)
	if err != nil {
		return nil, err
	}
	revs := func([]string) (map[string]int, error) { return counts, nil }
	names, err := q.fileNamesByKey(ctx)
	if err != nil {
		return nil, err
	}
	err = q.scan(ctx, metricsSelectStored+` JOIN head_files h ON h.node_id = n.id WHERE m.kind = 'metrics' AND n.kind = ?`,
		[]any{record.KindFile}, func(rows *sql.Rows) error {
			name, m, err := scanMetrics(rows, revs, names)
			if err != nil {
				return err
			}
			out[name] = m
			return nil
		})
	return out, err
}

func (q *Q) scan(ctx context.Context, query string, args []any, each func(*sql.Rows) error) error {
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
