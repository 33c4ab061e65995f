package query

import (
	"context"
	"database/sql"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/homer-dev/homer/core/graph"
	"github.com/homer-dev/homer/core/record"
)

// Graph types GraphView draws: "file" is the file graph the analysis
// stores metrics for (imports and calls between files), "import" the
// files linked by imports alone, "call" the functions linked by calls.
const (
	GraphFile   = "file"
	GraphImport = "import"
	GraphCall   = "call"
)

// GraphTypes lists the graph types GraphView accepts.
func GraphTypes() []string { return []string{GraphFile, GraphImport, GraphCall} }

// GraphNode is a ranked node of a graph view: a file, or a function named
// path#Qualified.Name.
type GraphNode struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	// Hub is set for --metric hits, where Value is the authority.
	Hub float64 `json:"hub,omitempty"`
	// Class is the file's salience class, for the file graph.
	Class string `json:"class,omitempty"`
}

// GraphView is the top of a graph by one metric, with the links among
// the nodes shown.
type GraphView struct {
	Version int    `json:"version"`
	Type    string `json:"type"`
	Metric  string `json:"metric"`
	Prefix  string `json:"prefix"`
	// Nodes and Edges are the size of the graph the metric ran on (for
	// the file graph, Nodes counts the analysed files under the prefix).
	// For the import graph, a node is a file with at least one import
	// link in or out, once the links out of test files are left out:
	// Nodes of the HeadFiles at HEAD, of which TestFiles are tests.
	Nodes     int         `json:"nodes"`
	Edges     int         `json:"edges"`
	HeadFiles int         `json:"head_files,omitempty"`
	TestFiles int         `json:"test_files,omitempty"`
	Top       []GraphNode `json:"top"`
	// Links are the graph's links between the nodes in Top; Weight counts
	// the imports or calls a link stands for.
	Links []FileLink `json:"links"`
}

// GraphMetrics lists the metrics GraphView accepts. hits ranks by
// authority and gives the hub score beside it.
func GraphMetrics() []string {
	return []string{"betweenness", "fan_in", "hits", "pagerank", "salience"}
}

// Graph ranks the nodes of a graph of type typ under the directory prefix
// by metric, keeps n, and lists the links among them. The file graph's
// figures are the stored ones (those homer query shows); the import and
// call graphs are ranked here, except by salience, which is the stored
// composite of the file or function.
func (q *Q) Graph(ctx context.Context, typ, metric, prefix string, n int) (*GraphView, error) {
	if !contains(GraphMetrics(), metric) {
		return nil, fmt.Errorf("metric %q: use one of %s", metric, strings.Join(GraphMetrics(), ", "))
	}
	switch typ {
	case GraphFile:
		return q.fileView(ctx, metric, prefix, n)
	case GraphImport, GraphCall:
		return q.liveView(ctx, typ, metric, prefix, n)
	}
	return nil, fmt.Errorf("graph type %q: use one of %s", typ, strings.Join(GraphTypes(), ", "))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (q *Q) fileView(ctx context.Context, metric, prefix string, n int) (*GraphView, error) {
	r, err := q.Top(ctx, metric, prefix, n)
	if err != nil {
		return nil, err
	}
	v := &GraphView{Version: Version, Type: GraphFile, Metric: metric, Prefix: r.Prefix, Nodes: r.Analysed, Top: []GraphNode{}}
	var names []string
	for _, rk := range r.Top {
		node := GraphNode{Name: rk.Path, Value: rk.Value, Class: rk.Level}
		if metric == "hits" {
			id, err := q.fileID(ctx, rk.Path)
			if err != nil {
				return nil, err
			}
			var c record.Centrality
			if _, err := q.result(ctx, id, "metrics", &c); err != nil {
				return nil, err
			}
			node.Hub = c.Hub
		}
		v.Top = append(v.Top, node)
		names = append(names, rk.Path)
	}
	fg, err := q.fileGraph(ctx)
	if err != nil {
		return nil, err
	}
	v.Edges = len(fg.links)
	if v.Links, err = q.LinksAmong(ctx, names); err != nil {
		return nil, err
	}
	if v.Links == nil {
		v.Links = []FileLink{}
	}
	return v, nil
}

// liveView ranks the import graph between files or the call graph
// between functions. Links out of test files are left out, as the
// analysis leaves them out of centrality.
func (q *Q) liveView(ctx context.Context, typ, metric, prefix string, n int) (*GraphView, error) {
	dir := path.Clean(prefix)
	if dir == "/" {
		dir = "."
	}
	// The files at HEAD, and whether each is a test.
	paths, isTest, err := q.headFiles(ctx)
	if err != nil {
		return nil, err
	}
	tests := make(map[string]bool, len(paths))
	testFiles := 0
	for i, p := range paths {
		tests[p] = isTest[i]
		if isTest[i] {
			testFiles++
		}
	}
	fileOf := func(name string) string {
		f, _, _ := strings.Cut(name, "#")
		return f
	}
	query, args := `SELECT a.name, b.name FROM link_edges e JOIN nodes a ON a.id = e.src JOIN nodes b ON b.id = e.dst
		WHERE e.kind = ? AND a.kind = ? AND b.kind = ?`, []any{record.EdgeImports, record.KindFile, record.KindFile}
	// Calls are read as pairs of node ids, and each definition's name
	// made once (a definition's name looks its file's up), not once for
	// each call it makes or receives.
	var defs map[int64]string
	if typ == GraphCall {
		if defs, err = q.definitionNames(ctx); err != nil {
			return nil, err
		}
		query, args = `SELECT caller, callee FROM calls`, nil
	}
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	weights := map[[2]string]float64{}
	for rows.Next() {
		var a, b string
		if defs != nil {
			var ida, idb int64
			if err := rows.Scan(&ida, &idb); err != nil {
				rows.Close()
				return nil, err
			}
			var okA, okB bool
			if a, okA = defs[ida]; !okA {
				continue
			}
			if b, okB = defs[idb]; !okB {
				continue
			}
		} else if err := rows.Scan(&a, &b); err != nil {
			rows.Close()
			return nil, err
		}
		// A link from a test, or to or from a file gone from HEAD, is no
		// link of today's code.
		testA, headA := tests[fileOf(a)]
		_, headB := tests[fileOf(b)]
		if a == b || testA || !headA || !headB {
			continue
		}
		index[a], index[b] = 0, 0
		weights[[2]string{a, b}]++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(index))
	for name := range index {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		index[name] = i
	}
	links := make(map[[2]int]float64, len(weights))
	for k, w := range weights {
		links[[2]int{index[k[0]], index[k[1]]}] = w
	}
	g, err := graph.FromWeights(len(names), links)
	if err != nil {
		return nil, err
	}
	v := &GraphView{Version: Version, Type: typ, Metric: metric, Prefix: dir, Nodes: g.N(), Edges: g.M(), Top: []GraphNode{}, Links: []FileLink{}}
	if typ == GraphImport {
		v.HeadFiles, v.TestFiles = len(paths), testFiles
	}
	var value, hub []float64
	switch metric {
	case "pagerank":
		value = graph.Normalize(graph.PageRank(g, graph.IterOptions{}))
	case "betweenness":
		value = graph.Normalize(graph.Betweenness(g, graph.BetweennessOptions{}))
	case "hits":
		hub, value = graph.HITS(g, graph.IterOptions{})
	case "fan_in":
		value = make([]float64, g.N())
		for u := range value {
			value[u] = float64(g.InDegree(u))
		}
	case "salience":
		if value, err = q.storedSalience(ctx, typ, names); err != nil {
			return nil, err
		}
	}
	var order []int
	for u, name := range names {
		if dir == "." || strings.HasPrefix(fileOf(name), dir+"/") {
			order = append(order, u)
		}
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if value[a] != value[b] {
			return value[a] > value[b]
		}
		return names[a] < names[b]
	})
	if len(order) > n {
		order = order[:max(n, 0)]
	}
	shown := map[int]bool{}
	for _, u := range order {
		node := GraphNode{Name: names[u], Value: round4(value[u])}
		if hub != nil {
			node.Hub = round4(hub[u])
		}
		v.Top = append(v.Top, node)
		shown[u] = true
	}
	for k, w := range links {
		if shown[k[0]] && shown[k[1]] {
			v.Links = append(v.Links, FileLink{From: names[k[0]], To: names[k[1]], Weight: w})
		}
	}
	sort.Slice(v.Links, func(i, j int) bool {
		if v.Links[i].From != v.Links[j].From {
			return v.Links[i].From < v.Links[j].From
		}
		return v.Links[i].To < v.Links[j].To
	})
	return v, nil
}

// storedSalience reads the stored salience of files (kind "metrics") or
// functions (kind "entity"); a node without one gets 0.
func (q *Q) storedSalience(ctx context.Context, typ string, names []string) ([]float64, error) {
	kind, nodeKind := "metrics", record.KindFile
	if typ == GraphCall {
		kind, nodeKind = "entity", record.KindDefinition
	}
	// The numbers alone: the row without the names it lists (scores).
	rows, err := q.db.QueryContext(ctx, `SELECT n.name, coalesce(json_extract(unpack(r.scores), '$.salience'), 0) FROM results r JOIN nodes n ON n.id = r.node_id
		WHERE r.kind = ? AND n.kind = ?`, kind, nodeKind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	by := map[string]float64{}
	for rows.Next() {
		var name string
		var s float64
		if err := rows.Scan(&name, &s); err != nil {
			return nil, err
		}
		by[name] = s
	}
	out := make([]float64, len(names))
	for i, name := range names {
		out[i] = by[name]
	}
	return out, rows.Err()
}

// definitionNames is every definition's name, by node id.
func (q *Q) definitionNames(ctx context.Context) (map[int64]string, error) {
	out := map[int64]string{}
	err := q.scan(ctx, `SELECT id, name FROM nodes WHERE kind_code = node_kind(?)`, []any{record.KindDefinition}, func(rows *sql.Rows) error {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		out[id] = name
		return nil
	})
	return out, err
}
