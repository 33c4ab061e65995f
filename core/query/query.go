// Package query is the one read API over the store: typed questions in,
// typed answers out, each carrying the evidence and sample size behind
// it. The CLI's questions, and in time the MCP server and the model
// builder, ask through it.
package query

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/homer-dev/homer/core/analyze/risk"
	"github.com/homer-dev/homer/core/record"
)

// Version is the version of the JSON answers; it changes when a field
// changes meaning or goes away (new fields do not change it).
const Version = 1

// Q asks the store.
type Q struct{ db *sql.DB }

// New asks through db, a reader of the store.
func New(db *sql.DB) *Q { return &Q{db: db} }

// ErrNotFound is returned for a target the store does not know.
var ErrNotFound = errors.New("not found")

// AmbiguousError lists the symbols a name could mean.
type AmbiguousError struct {
	Name       string
	Candidates []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%q is ambiguous: %d symbols end with it (%s)", e.Name, len(e.Candidates), strings.Join(e.Candidates, ", "))
}

// Link is a neighbour in the graph with how sure the link is.
type Link struct {
	Name string `json:"name"`
	// Depth is how many hops away it is (1: a direct caller or callee).
	Depth int `json:"depth"`
	// Confidence is of the edge that reached it (the weakest on the path
	// beyond depth 1), and Via how that edge was found: scope, import,
	// receiver, dispatch or name.
	Confidence float64 `json:"confidence"`
	Via        string  `json:"via"`
	Count      int     `json:"count"`
}

// Definition is a symbol a file defines.
type Definition struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Line     int    `json:"line"`
	Exported bool   `json:"exported"`
}

// History summarises a file's past; Commits is the sample size behind
// every figure of it.
type History struct {
	Commits     int      `json:"commits"`
	Changes30   int      `json:"changes_30d"`
	Changes90   int      `json:"changes_90d"`
	Changes365  int      `json:"changes_365d"`
	Authors     []string `json:"authors"`
	BusFactor   int      `json:"bus_factor"`
	LastChanged int64    `json:"last_changed"`
	Trend       string   `json:"trend"`
}

// Partner is a file that usually changes with another, with the evidence.
type Partner struct {
	Path string `json:"path"`
	// Together is the number of commits that changed both; Confidence
	// their degree of coupling: Together over the mean of the two files'
	// commit counts, 2·Together/(file's + partner's), so a partner that
	// changes far more often than the file is weakly coupled to it.
	Together   int     `json:"together"`
	Confidence float64 `json:"confidence"`
	// PartnerCommits is the partner's own commit count; LastTogether the
	// time of the last commit that changed both (unix seconds).
	PartnerCommits int   `json:"partner_commits,omitempty"`
	LastTogether   int64 `json:"last_together,omitempty"`
	// Reason is why the partner is listed: "history" (the commits
	// above), or, for a file whose history gives fewer partners, "test"
	// (its test or subject by name), "generated" (its generator or output
	// by name) or "directory" (a recently changed file beside it); those
	// have Together 0.
	Reason string `json:"reason,omitempty"`
	// Sweeps, Bots and Releases are how many of the Together commits were
	// sweeps (many files, a few lines each: formatting, headers, renames;
	// they weigh a tenth in the ranking), bots' commits and release bumps.
	Sweeps   int `json:"sweeps,omitempty"`
	Bots     int `json:"bots,omitempty"`
	Releases int `json:"releases,omitempty"`
}

// File is what the store knows of a file.
type File struct {
	Version   int      `json:"version"`
	Path      string   `json:"path"`
	Language  string   `json:"language,omitempty"`
	Lines     int      `json:"lines"`
	IsTest    bool     `json:"is_test"`
	Class     string   `json:"class,omitempty"`
	Salience  float64  `json:"salience"`
	PageRank  float64  `json:"pagerank"`
	Between   float64  `json:"betweenness"`
	FanIn     int      `json:"fan_in"`
	FanOut    int      `json:"fan_out"`
	History   History  `json:"history"`
	Imports   []string `json:"imports"`
	Importers []string `json:"importers"`
	// Tests are the test files linked to this file directly (by the
	// language's own rule, by name, else by what they import or call);
	// TestsIndirect those that reach it only through the files they are
	// linked to. A test named after another file is linked to that one
	// directly, whatever else it calls.
	Tests         []string            `json:"tests"`
	TestsIndirect []string            `json:"tests_indirect,omitempty"`
	Definitions   []Definition        `json:"definitions"`
	Callers       []Link              `json:"callers"`
	Callees       []Link              `json:"callees"`
	ChangesWith   []Partner           `json:"changes_with"`
	Risk          record.RiskInfo     `json:"risk"`
	Analysed      bool                `json:"analysed"`
	Metrics       *record.FileMetrics `json:"-"`
}

// Symbol is what the store knows of a definition.
type Symbol struct {
	Version  int     `json:"version"`
	Name     string  `json:"name"`
	File     string  `json:"file"`
	Kind     string  `json:"kind"`
	Line     int     `json:"line"`
	Doc      string  `json:"doc,omitempty"`
	PageRank float64 `json:"pagerank"`
	Salience float64 `json:"salience"`
	Callers  []Link  `json:"callers"`
	Callees  []Link  `json:"callees"`
}

// fileID finds a file at HEAD.
func (q *Q) fileID(ctx context.Context, p string) (int64, error) {
	var id int64
	err := q.db.QueryRowContext(ctx, `SELECT n.id FROM nodes n JOIN head_files h ON h.node_id = n.id
		WHERE n.key = node_key(?, ?)`, record.KindFile, p).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("file %s: %w", p, ErrNotFound)
	}
	return id, err
}

func (q *Q) result(ctx context.Context, node int64, kind string, into any) (bool, error) {
	var data string
	err := q.db.QueryRowContext(ctx, "SELECT unpack(data) FROM results WHERE node_id = ? AND kind = ?", node, kind).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal([]byte(data), into); err != nil {
		return false, fmt.Errorf("stored %s result: %w", kind, err)
	}
	return true, nil
}

// File answers for a file at HEAD; depth bounds callers and callees.
func (q *Q) File(ctx context.Context, p string, depth int) (*File, error) {
	p = path.Clean(p)
	id, err := q.fileID(ctx, p)
	if err != nil {
		return nil, err
	}
	f := &File{Version: Version, Path: p}
	m, analysed, err := q.metrics(ctx, id)
	if err != nil {
		return nil, err
	}
	f.Analysed = analysed
	if f.Analysed {
		f.Metrics = m
		f.Language, f.Lines, f.IsTest, f.Class, f.Salience = m.Language, m.Lines, m.IsTest, m.Class, m.Salience
		f.PageRank, f.Between, f.FanIn, f.FanOut = m.PageRank, m.Betweenness, m.FanIn, m.FanOut
		f.History = History{Commits: m.Changes, Changes30: m.Changes30, Changes90: m.Changes90, Changes365: m.Changes365,
			Authors: m.Authors, BusFactor: m.BusFactor, LastChanged: m.LastChanged, Trend: m.Trend}
		f.Tests, f.TestsIndirect = m.TestedBy, m.TestedIndirectlyBy
		f.Risk = m.Risk
		for _, c := range m.CoChanges {
			f.ChangesWith = append(f.ChangesWith, Partner{Path: c.Path, Together: c.Count, Confidence: c.Weight,
				PartnerCommits: c.Revs, LastTogether: c.Last, Reason: c.Reason,
				Sweeps: c.Sweeps, Bots: c.Bots, Releases: c.Releases})
		}
	}
	if f.Imports, err = q.neighbours(ctx, record.EdgeImports, p, 0); err != nil {
		return nil, err
	}
	if f.Importers, err = q.neighbours(ctx, record.EdgeImports, p, 1); err != nil {
		return nil, err
	}
	if f.Definitions, err = q.definitions(ctx, p); err != nil {
		return nil, err
	}
	var names []string
	for _, d := range f.Definitions {
		names = append(names, p+"#"+d.Name)
	}
	if f.Callers, err = q.walk(ctx, names, depth, true, p); err != nil {
		return nil, err
	}
	if f.Callees, err = q.walk(ctx, names, depth, false, p); err != nil {
		return nil, err
	}
	return f, nil
}

// neighbours lists the other ends of a file's links of a kind: what it
// points at (self at position 0, the link's src) or what points at it
// (position 1, dst). The file is found by its node key: names alone are
// not indexed.
func (q *Q) neighbours(ctx context.Context, kind, name string, self int) ([]string, error) {
	ends := [2]string{"src", "dst"}
	rows, err := q.db.QueryContext(ctx, `SELECT DISTINCT o.name FROM link_edges e
		JOIN nodes s ON s.id = e.`+ends[self]+` JOIN nodes o ON o.id = e.`+ends[1-self]+`
		WHERE e.kind = ? AND s.key = node_key(?, ?) ORDER BY o.name`, kind, record.KindFile, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

type defMeta struct {
	Path     string `json:"path"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Line     int    `json:"line"`
	Exported bool   `json:"exported"`
	Doc      string `json:"doc"`
}

// definitions lists a file's definitions by their qualified names (the
// part of the node name after '#').
func (q *Q) definitions(ctx context.Context, p string) ([]Definition, error) {
	// The file's key range (store.NodeKeyRange) is read by the key index
	// (+kind keeps the kind index out), then the names.
	rows, err := q.db.QueryContext(ctx, `SELECT name, metadata FROM nodes
		WHERE +kind = ?1 AND key BETWEEN node_range_lo(?1, ?2) AND node_range_hi(?1, ?2) AND name >= ?3 AND name < ?4 ORDER BY name`,
		record.KindDefinition, p, p+"#", p+"$")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Definition
	for rows.Next() {
		var name, meta string
		if err := rows.Scan(&name, &meta); err != nil {
			return nil, err
		}
		var md defMeta
		if err := json.Unmarshal([]byte(meta), &md); err != nil {
			return nil, fmt.Errorf("definition %s: %w", name, err)
		}
		out = append(out, Definition{Name: strings.TrimPrefix(name, p+"#"), Kind: md.Kind, Line: md.Line, Exported: md.Exported})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out, rows.Err()
}

type callEdge struct {
	other      string
	confidence float64
	via        string
	count      int
	test       bool // the caller is test code
}

// calls lists the call edges into (callers) or out of a definition.
func (q *Q) calls(ctx context.Context, name string, callers bool) ([]callEdge, error) {
	self, other := "caller", "callee"
	if callers {
		self, other = other, self
	}
	rows, err := q.db.QueryContext(ctx, `SELECT o.name, c.confidence, c.metadata FROM call_edges c
		JOIN nodes s ON s.id = c.`+self+` JOIN nodes o ON o.id = c.`+other+`
		WHERE s.key = node_key(?, ?)`, record.KindDefinition, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []callEdge
	for rows.Next() {
		var c callEdge
		var meta string
		if err := rows.Scan(&c.other, &c.confidence, &meta); err != nil {
			return nil, err
		}
		var md struct {
			Count int    `json:"count"`
			Via   string `json:"via"`
			Test  int    `json:"test"`
		}
		if err := json.Unmarshal([]byte(meta), &md); err != nil {
			return nil, fmt.Errorf("call edge %s: %w", name, err)
		}
		c.via, c.count, c.test = md.Via, md.Count, md.Test == 1
		out = append(out, c)
	}
	return out, rows.Err()
}

// walk follows calls breadth-first from the given definitions to depth,
// leaving out definitions of the file itself (inFile) and what was seen.
func (q *Q) walk(ctx context.Context, from []string, depth int, callers bool, inFile string) ([]Link, error) {
	if depth < 1 {
		depth = 1
	}
	seen := map[string]bool{}
	for _, f := range from {
		seen[f] = true
	}
	type step struct {
		name string
		conf float64
	}
	frontier := make([]step, 0, len(from))
	for _, f := range from {
		frontier = append(frontier, step{f, 1})
	}
	var out []Link
	tests := testFiles{}
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		var next []step
		found := map[string]*Link{}
		testCode := map[string]bool{} // callers that are test code in a file that is not a test
		for _, s := range frontier {
			edges, err := q.calls(ctx, s.name, callers)
			if err != nil {
				return nil, err
			}
			for _, e := range edges {
				if seen[e.other] || inFile != "" && strings.HasPrefix(e.other, inFile+"#") {
					continue
				}
				// A call dispatched through an interface may reach a
				// test's fake as well as the real implementations; code
				// is not said to call into its tests.
				if e.via == "dispatch" && !callers {
					test, err := tests.of(ctx, q, e.other)
					if err != nil {
						return nil, err
					}
					if test {
						continue
					}
				}
				conf := min(s.conf, e.confidence)
				if callers && e.test {
					testCode[e.other] = true
				}
				if l := found[e.other]; l != nil {
					l.Count += e.count
					if conf > l.Confidence {
						l.Confidence, l.Via = conf, e.via
					}
					continue
				}
				found[e.other] = &Link{Name: e.other, Depth: d, Confidence: conf, Via: e.via, Count: e.count}
			}
		}
		level := make([]Link, 0, len(found))
		// rank: 0 the product's, 1 examples, mocks, fixtures and
		// generated code, 2 tests.
		rank := make(map[string]int, len(found))
		for name, l := range found {
			seen[name] = true
			level = append(level, *l)
			next = append(next, step{name, l.Confidence})
			test, err := tests.of(ctx, q, name)
			if err != nil {
				return nil, err
			}
			switch file, _, _ := strings.Cut(name, "#"); {
			case test || testCode[name]:
				rank[name] = 2
			case risk.Exempt(file, false) != "":
				rank[name] = 1
			}
		}
		// The product's callers and callees before examples' and tests': a
		// symbol tests and examples call hundreds of times is used by the
		// code in a few places, and those are what a reader looks for
		// first.
		sort.Slice(level, func(i, j int) bool {
			if level[i].Confidence != level[j].Confidence {
				return level[i].Confidence > level[j].Confidence
			}
			if ri, rj := rank[level[i].Name], rank[level[j].Name]; ri != rj {
				return ri < rj
			}
			return level[i].Name < level[j].Name
		})
		out = append(out, level...)
		// The next level is walked in name order: where two paths reach
		// a symbol with the same confidence, the first one's Via stands,
		// and the answer must not depend on map order.
		sort.Slice(next, func(i, j int) bool { return next[i].name < next[j].name })
		frontier = next
	}
	return out, nil
}

// Lookup finds a symbol by its full name (path#qualified), its qualified
// name, or a unique suffix of it ("Server.Handle", "Handle").
func (q *Q) Lookup(ctx context.Context, name string) (string, error) {
	var exact string
	err := q.db.QueryRowContext(ctx, "SELECT name FROM nodes WHERE key = node_key(?, ?)", record.KindDefinition, name).Scan(&exact)
	if err == nil {
		return exact, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	// Suffix matches end at a separator: "#" before the qualified name,
	// "." between its parts.
	// A suffix reads every name: one pass over the table (+kind keeps the
	// kind index out) is faster than the index and a lookup per row.
	// A suffix without '#' ends within the name a definition has in its
	// file, which is stored: local_name spares a lookup of each file. Most
	// are stored without their file's stem (since schema 40), which
	// local_name looks up in the file's row: the name as stored
	// (stored_name) is tested first. Whether it holds the stem or stands
	// for it, it ends with the suffix's last part (from its last '.'
	// after any '#'): only the names that do are read whole.
	pattern, column := "%"+escapeLike(name), "name"
	if !strings.Contains(name, "#") {
		column = "local_name"
	}
	last := name[strings.LastIndexByte(name, '#')+1:]
	last = last[max(strings.LastIndexByte(last, '.'), 0):]
	rows, err := q.db.QueryContext(ctx, `SELECT name FROM nodes WHERE +kind = ? AND stored_name LIKE ? ESCAPE '\' AND `+column+` LIKE ? ESCAPE '\'
		ORDER BY name LIMIT 200`, record.KindDefinition, "%"+escapeLike(last), pattern)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var candidates []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return "", err
		}
		// LIKE ignores case; a name does not.
		rest, ok := strings.CutSuffix(n, name)
		if ok && (strings.HasSuffix(rest, "#") || strings.HasSuffix(rest, ".")) {
			candidates = append(candidates, n)
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	switch len(candidates) {
	case 0:
		return "", fmt.Errorf("symbol %s: %w", name, ErrNotFound)
	case 1:
		return candidates[0], nil
	}
	if def, err := q.theDefinition(ctx, candidates); err != nil || def != "" {
		return def, err
	}
	return "", &AmbiguousError{Name: name, Candidates: candidates}
}

// theDefinition picks, among symbols of one qualified name in several
// files, the one with a body when the others are declarations of it (a
// method declared in one file and defined in another): the one whose
// complexity, 1 and more for a body, is stored. "" when the candidates
// are not so.
func (q *Q) theDefinition(ctx context.Context, candidates []string) (string, error) {
	_, qn, _ := strings.Cut(candidates[0], "#")
	found := ""
	for _, c := range candidates {
		if _, cq, _ := strings.Cut(c, "#"); cq != qn {
			return "", nil
		}
		var complexity int
		err := q.db.QueryRowContext(ctx, `SELECT coalesce(json_extract(metadata, '$.complexity'), 0) FROM nodes WHERE key = node_key(?, ?)`,
			record.KindDefinition, c).Scan(&complexity)
		if err != nil {
			return "", err
		}
		if complexity > 0 {
			if found != "" {
				return "", nil // two bodies: two definitions
			}
			found = c
		}
	}
	return found, nil
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// Symbol answers for a definition, found as Lookup finds it.
func (q *Q) Symbol(ctx context.Context, name string, depth int) (*Symbol, error) {
	full, err := q.Lookup(ctx, name)
	if err != nil {
		return nil, err
	}
	var id int64
	var meta string
	if err := q.db.QueryRowContext(ctx, "SELECT id, metadata FROM nodes WHERE key = node_key(?, ?)", record.KindDefinition, full).Scan(&id, &meta); err != nil {
		return nil, err
	}
	var md defMeta
	if err := json.Unmarshal([]byte(meta), &md); err != nil {
		return nil, fmt.Errorf("definition %s: %w", full, err)
	}
	file, _, _ := strings.Cut(full, "#")
	s := &Symbol{Version: Version, Name: full, File: file, Kind: md.Kind, Line: md.Line, Doc: md.Doc}
	var em record.EntityMetrics
	if _, err := q.result(ctx, id, "entity", &em); err != nil {
		return nil, err
	}
	s.PageRank, s.Salience = em.PageRank, em.Salience
	if s.Callers, err = q.walk(ctx, []string{full}, depth, true, ""); err != nil {
		return nil, err
	}
	if s.Callees, err = q.walk(ctx, []string{full}, depth, false, ""); err != nil {
		return nil, err
	}
	return s, nil
}

// Directory summarises the files at HEAD under a directory.
type Directory struct {
	Version int    `json:"version"`
	Path    string `json:"path"`
	Files   int    `json:"files"`
	// Top are its most salient files, Risky those of high or medium risk.
	Top   []Ranked `json:"top"`
	Risky []Ranked `json:"risky"`
}

// Ranked is a file with the figure it was ranked by.
type Ranked struct {
	Path  string  `json:"path"`
	Value float64 `json:"value"`
	Level string  `json:"level,omitempty"`
}

// headNamed is a WITH clause that names the files at HEAD f (id, name),
// each name made once: filtered by its name, the join would be read from
// the side of every node, each name made for each comparison (a file's
// name looks its directory up, and a definition's its file's).
const headNamed = `WITH f AS MATERIALIZED (SELECT n.id AS id, n.name AS name FROM head_files h JOIN nodes n ON n.id = h.node_id)`

// Directory answers for a directory ("." for the whole repository).
func (q *Q) Directory(ctx context.Context, dir string, top int) (*Directory, error) {
	dir = path.Clean(dir)
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	// The numbers alone: the rows without the tests' names (scores).
	rows, err := q.db.QueryContext(ctx, headNamed+` SELECT f.name, coalesce((SELECT unpack(r.scores) FROM results r WHERE r.node_id = f.id AND r.kind = 'metrics'), '')
		FROM f WHERE f.name >= ? AND f.name < ?`, prefix, prefix+"\U0010FFFF")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	d := &Directory{Version: Version, Path: dir}
	for rows.Next() {
		var name, data string
		if err := rows.Scan(&name, &data); err != nil {
			return nil, err
		}
		d.Files++
		if data == "" {
			continue
		}
		var m record.FileMetrics
		if err := json.Unmarshal([]byte(data), &m); err != nil {
			return nil, fmt.Errorf("metrics of %s: %w", name, err)
		}
		d.Top = append(d.Top, Ranked{Path: name, Value: m.Salience, Level: m.Class})
		if m.Risk.Level == "high" || m.Risk.Level == "medium" {
			d.Risky = append(d.Risky, Ranked{Path: name, Value: m.Risk.Score, Level: m.Risk.Level})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if d.Files == 0 {
		return nil, fmt.Errorf("directory %s: %w", dir, ErrNotFound)
	}
	for _, list := range []*[]Ranked{&d.Top, &d.Risky} {
		sort.Slice(*list, func(i, j int) bool {
			a, b := (*list)[i], (*list)[j]
			if a.Value != b.Value {
				return a.Value > b.Value
			}
			return a.Path < b.Path
		})
		if len(*list) > top {
			*list = (*list)[:top]
		}
	}
	return d, nil
}

// testFiles remembers which files are tests, by a definition's name.
type testFiles map[string]bool

func (t testFiles) of(ctx context.Context, q *Q, definition string) (bool, error) {
	file, _, _ := strings.Cut(definition, "#")
	if v, ok := t[file]; ok {
		return v, nil
	}
	v, err := q.isTest(ctx, file)
	t[file] = v
	return v, err
}
