package pipeline

import (
	"cmp"
	"context"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/homer-dev/homer/core/analyze/behavior"
	"github.com/homer-dev/homer/core/analyze/cochange"
	"github.com/homer-dev/homer/core/analyze/risk"
	"github.com/homer-dev/homer/core/analyze/salience"
	"github.com/homer-dev/homer/core/analyze/testlink"
	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/graph"
	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/record"
	graphs "github.com/homer-dev/homer/core/snapshot"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// Versions of the analyzers' glue; bump one to recompute its results.
const (
	behaviorVersion   = "behavior-4"
	cochangeVersion   = "cochange-7"
	centralityVersion = "centrality-2"
	salienceVersion   = "salience-6"
)

// EdgeCoChange is an n-ary co-change set.
const EdgeCoChange = record.EdgeCoChange

// historyRow is one file change with its commit. The commit's own fields
// are shared by its rows: on spring-boot's 237,000 changes of 62,000
// commits a row holding them itself was 128 bytes, held from the history
// analyses through the model.
type historyRow struct {
	*historyCommit
	path    string
	added   int
	deleted int
	// then and from are the path in the commit and the one it was
	// renamed from there, for the walks back from HEAD (touches).
	then, from string
	// status is the change's git status (query.Change.Status), for the
	// model's add-patterns.
	status string
}

// historyCommit is what the rows of one commit share.
type historyCommit struct {
	commit  string
	time    int64
	author  string
	message string
	parents int
}

// historyData is the history read once per run: every file change (see
// loadHistory) and every commit's message, oldest first.
type historyData struct {
	rows    []historyRow
	commits []query.CommitMessage
}

// loadHistory reads every file change, oldest first, with paths carried
// forward through renames to the path the file has at HEAD
// (query.EachChange), and every commit, oldest first by time then by the
// order it was stored in, from the same read.
func loadHistory(ctx context.Context, st *store.Store, head map[string]bool) (*historyData, error) {
	q := query.New(st.DB())
	// Sized once: grown by appending, the list was held twice over while
	// it was copied (43 MB live on spring-boot, the core's largest moment).
	var out []historyRow
	sized := func(n int) { out = make([]historyRow, 0, n) }
	var log []query.LoggedCommit
	shared := map[string]*historyCommit{}
	var hc *historyCommit // the last row's: changes are read in the table's order, a commit's together
	err := q.EachCommitAndChangeSized(ctx, head, func(c query.LoggedCommit) { log = append(log, c) }, sized, func(c query.Change) {
		if hc == nil || hc.commit != c.Commit {
			hc = shared[c.Commit]
		}
		if hc == nil {
			hc = &historyCommit{commit: c.Commit, time: c.Time, author: c.Author, message: c.Message, parents: c.Parents}
			shared[c.Commit] = hc
		}
		out = append(out, historyRow{historyCommit: hc, path: c.Path, added: c.Added, deleted: c.Deleted, then: c.Then, from: c.From, status: c.Status})
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].time != out[j].time {
			return out[i].time < out[j].time
		}
		return out[i].commit < out[j].commit
	})
	sort.Slice(log, func(i, j int) bool {
		if log[i].Time != log[j].Time {
			return log[i].Time < log[j].Time
		}
		return log[i].ID < log[j].ID
	})
	commits := make([]query.CommitMessage, len(log))
	for i, c := range log {
		commits[i] = c.CommitMessage
	}
	return &historyData{rows: out, commits: commits}, nil
}

// history returns the file changes (see loadHistory), read once per run:
// behaviour, co-change and doc freshness need all of it.
func (r *Run) history(ctx context.Context, files []HeadFile) ([]historyRow, error) {
	h, err := r.historyData(ctx, files)
	if err != nil {
		return nil, err
	}
	return h.rows, nil
}

// commitLog returns every commit's message, oldest first, from the same
// read as history: conventions reads them.
func (r *Run) commitLog(ctx context.Context) ([]query.CommitMessage, error) {
	files, err := r.headFiles(ctx)
	if err != nil {
		return nil, err
	}
	h, err := r.historyData(ctx, files)
	if err != nil {
		return nil, err
	}
	return h.commits, nil
}

func (r *Run) historyData(ctx context.Context, files []HeadFile) (*historyData, error) {
	return handHistory.Get(&r.board, func() (*historyData, error) { return loadHistory(ctx, r.Store, headSet(files)) })
}

func headSet(files []HeadFile) map[string]bool {
	m := make(map[string]bool, len(files))
	for _, f := range files {
		m[f.Path] = true
	}
	return m
}

func doBehavioral(ctx context.Context, r *Run, j *engine.Job) error {
	key := j.Key()
	files, err := r.headFiles(ctx)
	if err != nil {
		return err
	}
	head := headSet(files)
	hist, err := r.history(ctx, files)
	if err != nil {
		return err
	}
	// The rows are yielded as changes, not copied into a list of them
	// (16 MB on spring-boot, beside the other history analyses).
	changes := func(yield func(behavior.Change) bool) {
		for _, h := range hist {
			if head[h.path] && !yield(behavior.Change{Commit: h.commit, Time: h.time, Author: h.author, Path: h.path, Added: h.added, Deleted: h.deleted}) {
				return
			}
		}
	}
	now, err := r.HeadTime()
	if err != nil {
		return err
	}
	analysed := behavior.AnalyzeSeq(changes, now)
	ids := fileIDs(files)
	byID := make(map[int64]string, len(analysed))
	written := make([]int64, 0, len(analysed))
	byPath := make(map[string]behavior.File, len(analysed))
	for _, f := range analysed {
		f = storedBehaviour(f, now)
		byID[ids[f.Path]] = f.Path
		written = append(written, ids[f.Path])
		byPath[f.Path] = f
	}
	handBehavior.hand(r, byPath)
	// Each row's JSON is made as it is written, not all held at once.
	encode := func(id int64) (string, error) { return mustJSON(byPath[byID[id]]), nil }
	return r.Store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.ReplaceResultsFunc("behavior", key, written, encode); err != nil {
			return err
		}
		return j.Finish(tx)
	})
}

// storedBehaviour is a file's behaviour as stored: nothing in it moves
// with HEAD's time alone, so that an update rewrites the rows of the files
// whose history changed, not every file's. The windowed figures (30, 90,
// 365 days, the monthly trend) are left out and counted when read from
// the last year's changes the row keeps (behavioursAt); the
// recency-weighted count, which decays continuously, is stored as seen at
// the file's last change (weightedAt gives it at any later time); the
// change percentile, which moves whenever any file is added or gains a
// change, is left out too and worked out among the rows when read.
func storedBehaviour(f behavior.File, now int64) behavior.File {
	f.Changes30, f.Changes90, f.Changes365, f.NetGrowth30, f.NetGrowth90 = 0, 0, 0, 0, 0
	f.Monthly, f.Slope, f.Trend, f.Percentile = nil, 0, "", 0
	if now >= f.LastChanged && f.Weighted > 0 {
		f.Weighted = round4(f.Weighted / math.Exp2(-float64(now-f.LastChanged)/behavior.HalfLife))
	} else {
		f.Weighted = round4(f.Weighted)
	}
	return f
}

// behavioursAt are the stored behaviours of the files at HEAD, in a map of
// the caller's own, with what their rows leave out: the windowed figures
// counted at now (HEAD's time), and the change percentile among them, to
// two decimals as behavior.Analyze's was kept before.
func behavioursAt(stored map[string]behavior.File, now int64) map[string]behavior.File {
	paths := slices.Sorted(maps.Keys(stored))
	counts := make([]float64, len(paths))
	for i, p := range paths {
		counts[i] = float64(stored[p].Changes)
	}
	out := make(map[string]behavior.File, len(stored))
	for i, pc := range graph.Percentile(counts) {
		f := stored[paths[i]].At(now)
		f.Percentile = math.Round(pc*100) / 100
		out[paths[i]] = f
	}
	return out
}

// weightedAt is a stored behaviour's recency-weighted change count seen
// at now (a file changed after now, by a skewed clock, is seen at its last
// change).
func weightedAt(f behavior.File, now int64) float64 {
	return f.Weighted * math.Exp2(-float64(max(now-f.LastChanged, 0))/behavior.HalfLife)
}

func fileIDs(files []HeadFile) map[string]int64 {
	m := make(map[string]int64, len(files))
	for _, f := range files {
		m[f.Path] = f.ID
	}
	return m
}

func doCoChange(ctx context.Context, r *Run, j *engine.Job) error {
	key := j.Key()
	files, err := r.headFiles(ctx)
	if err != nil {
		return err
	}
	hist, err := r.history(ctx, files)
	if err != nil {
		return err
	}
	// Each commit's author, message and changed lines let the analysis
	// tell sweeps, bots' and release commits from the rest.
	// The rows are grouped by commit: each commit's paths and lines are
	// carved out of one array of each, counted first (appended commit by
	// commit, their small slices took twice the room).
	var in cochange.Input
	n := 0
	for i := range hist {
		if i == 0 || hist[i].commit != hist[i-1].commit {
			n++
		}
	}
	in.Commits, in.Lines = make([][]string, 0, n), make([][]int, 0, n)
	in.Times, in.Authors, in.Messages = make([]int64, 0, n), make([]string, 0, n), make([]string, 0, n)
	changed, lines := make([]string, len(hist)), make([]int, len(hist))
	for i := 0; i < len(hist); {
		h := hist[i]
		j := i
		for ; j < len(hist) && hist[j].commit == h.commit; j++ {
			changed[j], lines[j] = hist[j].path, hist[j].added+hist[j].deleted
		}
		in.Commits = append(in.Commits, changed[i:j:j])
		in.Lines = append(in.Lines, lines[i:j:j])
		in.Times = append(in.Times, h.time)
		in.Authors = append(in.Authors, h.author)
		in.Messages = append(in.Messages, h.message)
		i = j
	}
	paths := make([]string, 0, len(files))
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	c := r.Cfg.Analyzers.CoChange
	in.Paths = paths
	res := cochange.Analyze(in, cochange.Config{
		MinCount: c.MinCount, MinConfidence: c.MinConfidence, MaxFilesPerCommit: c.MaxFilesPerCommit, MaxSetSize: c.MaxSetSize,
	})
	ids := fileIDs(files)
	partners := map[string][]cochange.Partner{}
	for p, list := range res.Partners {
		// A partner's activity decays with HEAD's time: it ranked the list
		// and is not kept, so an update rewrites the lists that changed.
		for i := range list {
			list[i].Activity = 0
		}
		if ids[p] != 0 {
			partners[p] = list
		}
	}
	rows := cochange.Rows(paths, res.Revisions, partners)
	wanted := map[string]edgeWant{}
	var sets []*sdk.CoChangeSet
	for _, s := range res.Sets {
		members := make([]store.Member, len(s.Members))
		for i, m := range s.Members {
			members[i] = store.Member{Node: ids[m], Role: "member"}
		}
		wanted[EdgeCoChange+"|"+strings.Join(s.Members, "|")] = edgeWant{kind: EdgeCoChange, conf: s.Confidence,
			meta: mustJSON(map[string]int{"support": s.Support}), members: members}
		sets = append(sets, &sdk.CoChangeSet{Files: s.Members, Support: int32(s.Support), Confidence: s.Confidence})
	}
	sortSets(sets)
	handCoChangeSets.Hand(&r.board, sets)
	return r.Store.Write(ctx, func(tx *store.Tx) error {
		have, err := loadEdges(tx, "", 0, EdgeCoChange)
		if err != nil {
			return err
		}
		if err := syncEdges(tx, have, wanted, func(w edgeWant) ([]store.Member, error) { return w.members, nil }); err != nil {
			return err
		}
		// Each row is handed typed as it is written: the store makes its
		// JSON, not all held at once (26 MB on spring-boot, beside the
		// other history analyses), and packs the row without reading the
		// JSON back.
		byID := make(map[int64]string, len(rows))
		written := make([]int64, 0, len(rows))
		for p := range rows {
			byID[ids[p]] = p
			written = append(written, ids[p])
		}
		handCoChange.Hand(&r.board, partners)
		row := func(id int64) store.CoChangeRow {
			c := rows[byID[id]]
			out := store.CoChangeRow{Revs: c.Revs}
			if len(c.Partners) > 0 {
				out.Partners = make([]store.CoChangePartner, len(c.Partners))
				for i, p := range c.Partners {
					out.Partners[i] = store.CoChangePartner(p)
				}
			}
			return out
		}
		if err := tx.ReplaceCoChange(key, written, row); err != nil {
			return err
		}
		return j.Finish(tx)
	})
}

// partnersOfRows are the partner lists of stored co-change rows, each
// partner's count taken from its own row (cochange.Row.Complete).
func partnersOfRows(rows map[string]cochange.Row) map[string][]cochange.Partner {
	out := make(map[string][]cochange.Partner, len(rows))
	revsOf := func(p string) int { return rows[p].Revs }
	for p, row := range rows {
		if list := row.Complete(revsOf); len(list) > 0 {
			out[p] = list
		}
	}
	return out
}

// coChangeLists are the files' partner lists: as the co-change stage
// handed them in this run, or from its stored rows.
func coChangeLists(ctx context.Context, r *Run) (map[string][]cochange.Partner, error) {
	return handCoChange.Get(&r.board, func() (map[string][]cochange.Partner, error) {
		rows, err := loadResults[cochange.Row](ctx, r.Store, "co-change")
		if err != nil {
			return nil, err
		}
		return partnersOfRows(rows), nil
	})
}

// fileGraph is the file-level dependency graph: an edge from a file to
// each file it imports or calls into, weighted by the number of calls
// (an import alone counts one). Test files are left out: they depend on
// everything they test, and counting them would rank code by how much it
// is tested rather than by how much the product depends on it. Tests are
// linked to their subjects separately.
type fileGraph struct {
	paths []string
	index map[string]int
	edges map[[2]int]float64
}

// fileLink is a file-level dependency as resolve stored it: an import, or
// the calls from one file into another.
type fileLink struct {
	kind     string
	from, to string
	count    int
	conf     float64
}

func sortLinks(links []fileLink) {
	sort.Slice(links, func(i, j int) bool {
		a, b := links[i], links[j]
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		if a.from != b.from {
			return a.from < b.from
		}
		return a.to < b.to
	})
}

// graphLinks returns resolve's file-level links for the files that are
// resolved: from this run's resolve, or from the store.
func graphLinks(ctx context.Context, r *Run) ([]fileLink, error) {
	return handFileLinks.Get(&r.board, func() ([]fileLink, error) {
		edges, err := query.New(r.Store.DB()).FileEdges(ctx)
		links := make([]fileLink, len(edges))
		for i, e := range edges {
			kind := e.Kind
			if kind == EdgeCalls {
				kind = EdgeFileCalls // FileEdges names file-level calls as calls
			}
			links[i] = fileLink{kind: kind, from: e.From, to: e.To, count: e.Count, conf: e.Confidence}
		}
		sortLinks(links)
		return links, err
	})
}

// codeNeighbours is each file's neighbours in the import and call
// graphs (cochange.Neighbours over resolve's file-level links).
func codeNeighbours(ctx context.Context, r *Run) (map[string][]cochange.Neighbour, error) {
	links, err := graphLinks(ctx, r)
	if err != nil {
		return nil, err
	}
	ls := make([]cochange.Link, len(links))
	for i, l := range links {
		ls[i] = cochange.Link{Import: l.kind == EdgeImports, From: l.from, To: l.to, Count: l.count}
	}
	return cochange.Neighbours(ls), nil
}

func loadFileGraph(ctx context.Context, r *Run, files []HeadFile) (*fileGraph, error) {
	g := &fileGraph{index: map[string]int{}, edges: map[[2]int]float64{}}
	src, err := handSourceResults.get(ctx, r)
	if err != nil {
		return nil, err
	}
	tests := map[string]bool{}
	for _, f := range files {
		g.index[f.Path] = len(g.paths)
		g.paths = append(g.paths, f.Path)
		// The tests' support is the tests' side too: loguru's 84 scripts
		// under tests/exceptions/source/ made its logger 84 dependents.
		if testOf(f, src) || src[f.Path].TestRole == string(testlink.RoleSupport) {
			tests[f.Path] = true
		}
	}
	links, err := graphLinks(ctx, r)
	if err != nil {
		return nil, err
	}
	// Weighed as every snapshot's graph is (graphs.Weigh: core/snapshot).
	isTest := make([]bool, len(g.paths))
	for i, p := range g.paths {
		isTest[i] = tests[p]
	}
	var ls []graphs.Link
	for _, l := range links {
		a, okA := g.index[l.from]
		b, okB := g.index[l.to]
		if okA && okB {
			ls = append(ls, graphs.Link{Import: l.kind == EdgeImports, From: a, To: b, Count: l.count})
		}
	}
	g.edges = graphs.Weigh(g.paths, isTest, ls)
	return g, nil
}

func doCentrality(ctx context.Context, r *Run, j *engine.Job) error {
	key := j.Key()
	files, err := r.headFiles(ctx)
	if err != nil {
		return err
	}
	fg, err := loadFileGraph(ctx, r, files)
	if err != nil {
		return err
	}
	var edges []graph.Edge
	for k, w := range fg.edges {
		edges = append(edges, graph.Edge{From: k[0], To: k[1], Weight: w})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].From != edges[j].From {
			return edges[i].From < edges[j].From
		}
		return edges[i].To < edges[j].To
	})
	g, err := graph.New(len(fg.paths), edges)
	if err != nil {
		return err
	}
	bo := graph.BetweennessOptions{ExactThreshold: r.Cfg.Analyzers.Centrality.ExactBetweennessBelow}
	pr := graph.Normalize(graph.PageRank(g, graph.IterOptions{}))
	fileBo, searched := r.searches(bo, "centrality: file paths")
	bt := graph.Normalize(graph.Betweenness(g, fileBo))
	searched()
	hubs, auth := graph.HITS(g, graph.IterOptions{})
	hubs, auth = graph.Normalize(hubs), graph.Normalize(auth)

	entities, err := entityCentrality(ctx, r, bo)
	if err != nil {
		return err
	}
	ids := fileIDs(files)
	// A file's dependents name the product's first: ten examples that use
	// the entry point say less of it than the code that does.
	aside := make(map[string]bool, len(files))
	for _, f := range files {
		aside[f.Path] = risk.Exempt(f.Path, f.IsTest) != ""
	}
	byPath := make(map[string]Centrality, len(fg.paths))
	data := make(map[int64]string, len(fg.paths))
	for i, p := range fg.paths {
		c := Centrality{PageRank: round4(pr[i]), Betweenness: round4(bt[i]), Authority: round4(auth[i]), Hub: round4(hubs[i]), FanIn: g.InDegree(i), FanOut: g.OutDegree(i)}
		in, w := g.In(i), g.InWeights(i)
		for j, from := range in {
			c.Dependents = append(c.Dependents, Related{Path: fg.paths[from], Weight: w[j], Count: int(w[j])})
		}
		c.Dependents = topDependents(c.Dependents, aside, 10)
		data[ids[p]] = mustJSON(c)
		byPath[p] = c
	}
	edata := make(map[string]string, len(entities))
	for name, em := range entities {
		edata[name] = mustJSON(em)
	}
	handCentrality.hand(r, byPath)
	handEntities.Hand(&r.board, entities)
	return j.FinishEarly(r.Store.Queue(ctx, func(tx *store.Tx) error {
		if err := tx.ReplaceResults("centrality", key, data); err != nil {
			return err
		}
		// The definitions' nodes are resolve's, written before this.
		eids, err := tx.LookupNodes(KindDefinition, sortedKeys(edata))
		if err != nil {
			return err
		}
		byID := make(map[int64]string, len(edata))
		for name, d := range edata {
			if id := eids[name]; id != 0 {
				byID[id] = d
			}
		}
		if err := tx.ReplaceResults("entity", key, byID); err != nil {
			return err
		}
		return j.Finish(tx)
	}))
}

// entityCentrality ranks definitions on the call graph of non-test code.
// An entity's salience is 0.7 × its normalised PageRank + 0.3 × its
// normalised betweenness: the function-level counterpart of the file
// composite, without the history signals that only files carry.
func entityCentrality(ctx context.Context, r *Run, bo graph.BetweennessOptions) (map[string]EntityMetrics, error) {
	calls, err := callPairs(ctx, r)
	if err != nil {
		return nil, err
	}
	// Nodes in name order and edges in index order, whatever order the
	// calls came in: the same graph always gets the same numbers.
	index := map[string]int{}
	for _, c := range calls {
		index[c[0]], index[c[1]] = 0, 0
	}
	nodes := make([]string, 0, len(index))
	for name := range index {
		nodes = append(nodes, name)
	}
	sort.Strings(nodes)
	for i, name := range nodes {
		index[name] = i
	}
	edges := make([]graph.Edge, 0, len(calls))
	for _, c := range calls {
		edges = append(edges, graph.Edge{From: index[c[0]], To: index[c[1]]})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].From != edges[j].From {
			return edges[i].From < edges[j].From
		}
		return edges[i].To < edges[j].To
	})
	byName := make(map[string]EntityMetrics, len(nodes))
	if len(nodes) == 0 {
		return byName, nil
	}
	g, err := graph.New(len(nodes), edges)
	if err != nil {
		return nil, err
	}
	pr := graph.Normalize(graph.PageRank(g, graph.IterOptions{}))
	exempt := make([]bool, len(nodes))
	for i, name := range nodes {
		exempt[i] = risk.Exempt(record.DefinitionPath(name, ""), false) != ""
	}
	callBo, searched := r.searches(bo, "centrality: call paths")
	bt := graph.Normalize(graph.Betweenness(g, callBo))
	searched()
	for i, name := range nodes {
		em := EntityMetrics{PageRank: round4(pr[i]), Betweenness: round4(bt[i]), Salience: round4(0.7*pr[i] + 0.3*bt[i]), Callers: g.InDegree(i), Callees: g.OutDegree(i)}
		// The callers that matter most, by their own rank, the product's
		// before examples' (an example's app() calls every constructor).
		callers := append([]int32(nil), g.In(i)...)
		sort.Slice(callers, func(a, b int) bool {
			ca, cb := callers[a], callers[b]
			if ea, eb := exempt[ca], exempt[cb]; ea != eb {
				return eb
			}
			if pr[ca] != pr[cb] {
				return pr[ca] > pr[cb]
			}
			return nodes[ca] < nodes[cb]
		})
		em.TopCallers = topCallers(name, nodes, callers[:min(len(callers), 5)])
		byName[name] = em
	}
	return byName, nil
}

// topCallers names the callers of the definition name by their qualified
// names, or by path and qualified name where that name alone would read as
// the definition itself or as a caller of another file: retrofit's five
// adapters each declare an HttpException whose constructor calls the
// core's. Overloads of one file (Session.download~3, ~4) read as one name.
func topCallers(name string, nodes []string, callers []int32) []string {
	qn := func(n string) string { return record.QualifiedName(n, record.DefinitionPath(n, "")) }
	// At most five callers and the definition: a search, not maps.
	names := []string{qn(name)}
	paths := []string{record.DefinitionPath(name, "")}
	for _, c := range callers {
		names, paths = append(names, qn(nodes[c])), append(paths, record.DefinitionPath(nodes[c], ""))
	}
	out := make([]string, len(callers))
	for i, c := range callers {
		q, p := names[i+1], paths[i+1]
		out[i] = q
		if nodes[c] == name {
			continue
		}
		for k := range names {
			if names[k] == q && paths[k] != p {
				out[i] = p + "#" + q
				break
			}
		}
	}
	return out
}

// callPairs are the calls between definitions outside test code, as
// (caller, callee) node names, in no particular order: from this run's
// resolve, or from the store. Dispatch edges and guesses by name are left
// out (centralCall).
func callPairs(ctx context.Context, r *Run) ([][2]string, error) {
	return handCalls.Get(&r.board, func() ([][2]string, error) {
		return query.New(r.Store.DB()).CallPairs(ctx, viaDispatch, viaName)
	})
}

// topDependents keeps the most of a file's dependents: the product's
// before those aside (tests, examples, benchmarks: risk.Exempt), each
// group by weight, then path.
func topDependents(deps []Related, aside map[string]bool, most int) []Related {
	sort.Slice(deps, func(a, b int) bool {
		if xa, xb := aside[deps[a].Path], aside[deps[b].Path]; xa != xb {
			return xb
		}
		if deps[a].Weight != deps[b].Weight {
			return deps[a].Weight > deps[b].Weight
		}
		return deps[a].Path < deps[b].Path
	})
	return deps[:min(len(deps), most)]
}

// round4 keeps four decimals of a stored score: enough for any ranking
// shown, and a file whose scores moved in the sixth decimal after a commit
// elsewhere keeps its stored row, so updates rewrite only what changed.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// sourceInfo is the resolve stage's per-file result.
type sourceInfo struct {
	Lines       int    `json:"lines"`
	Definitions int    `json:"definitions"`
	Exported    int    `json:"exported"`
	Documented  int    `json:"documented"`
	Language    string `json:"language"`
	IsTest      bool   `json:"is_test"`
	// TestRole is the file's testlink role when it is support or
	// declarations only; empty for code and tests.
	TestRole string `json:"test_role,omitempty"`
	// Generated: the file's head says a tool generated it.
	Generated bool `json:"generated,omitempty"`
}

func loadResults[T any](ctx context.Context, st *store.Store, kind string) (map[string]T, error) {
	return query.HeadResults[T](ctx, query.New(st.DB()), kind)
}

// testedBy maps files to the tests that test them directly and to those
// that reach them only indirectly.
type testedBy struct {
	Direct, Indirect map[string][]string
}

// any reports whether a test reaches the file, directly or not.
func (t testedBy) any(p string) bool { return len(t.Direct[p]) > 0 || len(t.Indirect[p]) > 0 }

func loadTestedBy(ctx context.Context, st *store.Store) (testedBy, error) {
	out := testedBy{Direct: map[string][]string{}, Indirect: map[string][]string{}}
	edges, err := query.New(st.DB()).TestEdges(ctx)
	if err != nil {
		return out, err
	}
	for _, e := range edges {
		if e.Meta == indirectMeta {
			out.Indirect[e.Subject] = append(out.Indirect[e.Subject], e.Test)
		} else {
			out.Direct[e.Subject] = append(out.Direct[e.Subject], e.Test)
		}
	}
	holders := testlink.Holders(out.Direct)
	testlink.OrderAll(out.Direct, holders)
	testlink.OrderAll(out.Indirect, holders)
	return out, nil
}

// fixHistory is a file's past bug fixes: how many, how many weighted by
// recency, and which commits (oldest first), for the fixes a test shares
// with its subject.
type fixHistory struct {
	count    int
	weighted float64
	commits  []string
}

// pastFixes counts, per HEAD path, the non-merge bug-fix commits
// (risk.IsFix, the rule homer backtest scores with) of at most
// risk.MaxFixFiles files that touched it, and weighs them by recency as
// behaviour weighs changes (no burst).
func pastFixes(ctx context.Context, r *Run, files []HeadFile) (map[string]fixHistory, error) {
	hist, err := r.history(ctx, files)
	if err != nil {
		return nil, err
	}
	times, commits := fixTimes(hist, headSet(files))
	now, err := r.HeadTime()
	if err != nil {
		return nil, err
	}
	out := make(map[string]fixHistory, len(times))
	for p, ts := range times {
		out[p] = fixHistory{count: len(ts), weighted: behavior.Weighted(ts, nil, now), commits: commits[p]}
	}
	return out, nil
}

// fixTimes are the times and commits of the fixes pastFixes counts, per
// HEAD path, in the history's order. A commit that changed no file fixes
// none: the history's commits are all that need reading, not every
// commit's message again. The rows are sorted by commit time, then commit,
// so each commit's rows are together: its size is their number.
func fixTimes(hist []historyRow, head map[string]bool) (map[string][]int64, map[string][]string) {
	times := map[string][]int64{}
	commits := map[string][]string{}
	for i := 0; i < len(hist); {
		j := i + 1
		for j < len(hist) && hist[j].historyCommit == hist[i].historyCommit {
			j++
		}
		if h := hist[i]; h.parents <= 1 && j-i <= risk.MaxFixFiles && risk.IsFix(h.message) {
			for _, h := range hist[i:j] {
				if head[h.path] {
					times[h.path] = append(times[h.path], h.time)
					commits[h.path] = append(commits[h.path], h.commit)
				}
			}
		}
		i = j
	}
	return times, commits
}

func doSalience(ctx context.Context, r *Run, j *engine.Job) error {
	key := j.Key()
	files, err := r.headFiles(ctx)
	if err != nil {
		return err
	}
	beh, err := handBehavior.get(ctx, r)
	if err != nil {
		return err
	}
	cen, err := handCentrality.get(ctx, r)
	if err != nil {
		return err
	}
	src, err := handSourceResults.get(ctx, r)
	if err != nil {
		return err
	}
	co, err := coChangeLists(ctx, r)
	if err != nil {
		return err
	}
	neighbours, err := codeNeighbours(ctx, r)
	if err != nil {
		return err
	}
	testedBy, err := handTestedBy.Get(&r.board, func() (testedBy, error) { return loadTestedBy(ctx, r.Store) })
	if err != nil {
		return err
	}
	fixes, err := pastFixes(ctx, r, files)
	if err != nil {
		return err
	}
	now, err := r.HeadTime()
	if err != nil {
		return err
	}
	beh = behavioursAt(beh, now)
	authors := map[string]bool{}
	for _, b := range beh {
		for _, a := range b.Authors {
			authors[a.Author] = true
		}
	}
	soleAuthor := len(authors) <= 1
	minSilo := cmp.Or(r.Cfg.Analyzers.Salience.MinSiloChanges, risk.DefaultMinSiloChanges)

	var scored []salience.File
	var recent []float64
	for _, f := range files {
		s, ok := src[f.Path]
		if !ok && !f.Code {
			continue // not source code: nothing to weigh
		}
		// Source no plugin parsed is still weighed by its history: a
		// repository in a language Homer cannot parse keeps its risk map.
		b, c := beh[f.Path], cen[f.Path]
		bus := evidencedBusFactor(b, soleAuthor, minSilo)
		scored = append(scored, salience.File{Path: f.Path, PageRank: c.PageRank, Betweenness: c.Betweenness, Authority: c.Authority,
			ChangePercentile: b.Percentile, BusFactor: bus, Lines: s.Lines, HasTests: testedBy.any(f.Path) || s.TestRole != "", IsTest: testOf(f, src)})
		recent = append(recent, weightedAt(b, now))
	}
	for i, p := range graph.Percentile(recent) {
		scored[i].RecentPercentile = p
	}
	sal := map[string]salience.Result{}
	for _, res := range salience.Score(scored, salience.Weights{}) {
		sal[res.Path] = res
	}
	bytes := make(map[string]int64, len(files))
	for _, f := range files {
		bytes[f.Path] = f.Size
	}
	// The code each test is linked to directly, for the subject a test
	// takes its risk from.
	subjectsOf := map[string][]string{}
	for subject, tests := range testedBy.Direct {
		for _, t := range tests {
			subjectsOf[t] = append(subjectsOf[t], subject)
		}
	}
	for _, ss := range subjectsOf {
		slices.Sort(ss)
	}
	var assess []risk.File
	for _, f := range scored {
		b := beh[f.Path]
		s := src[f.Path]
		rf := risk.File{Path: f.Path, Salience: sal[f.Path].Salience, BusFactor: f.BusFactor, Changes: b.Changes, Changes90: b.Changes90,
			Weighted: weightedAt(b, now), Lines: s.Lines, HasTests: f.HasTests, IsTest: f.IsTest, Undocumented: s.Exported > 0 && s.Documented*2 < s.Exported, Exported: s.Exported, Documented: s.Documented,
			Fixes: fixes[f.Path].count, WeightedFixes: fixes[f.Path].weighted, Authors: len(b.Authors), Bytes: bytes[f.Path],
			Generated: s.Generated}
		if len(b.Authors) > 0 {
			rf.TopAuthor = b.Authors[0].Author
		}
		for _, a := range b.Authors[:min(f.BusFactor, len(b.Authors))] {
			rf.BusCovered += a.Changes
		}
		if b.Burst != nil {
			rf.BurstChanges, rf.BurstStart, rf.BurstEnd = b.Burst.Changes, b.Burst.Start, b.Burst.End
		}
		if f.IsTest {
			rf.Subject = testlink.NamedSubject(f.Path, subjectsOf[f.Path])
			rf.SharedFixes = sharedCommits(fixes[f.Path].commits, fixes[rf.Subject].commits)
		}
		assess = append(assess, rf)
	}
	risks := map[string]risk.Assessment{}
	for _, a := range risk.AssessAll(assess, risk.Options{MinSiloChanges: r.Cfg.Analyzers.Salience.MinSiloChanges, Now: now}) {
		risks[a.Path] = a
	}

	ids := fileIDs(files)
	metrics := make(map[string]*FileMetrics, len(files))
	data := make(map[int64]string, len(files))
	for _, f := range files {
		b, c, s := beh[f.Path], cen[f.Path], src[f.Path]
		fm := &FileMetrics{Path: f.Path, Language: f.Language, Lines: s.Lines, IsTest: testOf(f, src),
			Changes: b.Changes, Changes30: b.Changes30, Changes90: b.Changes90, Changes365: b.Changes365,
			Percentile: b.Percentile, BusFactor: b.BusFactor, LastChanged: b.LastChanged, Trend: string(b.Trend),
			Centrality: c, TestedBy: testedBy.Direct[f.Path], TestedIndirectlyBy: testedBy.Indirect[f.Path], TestRole: s.TestRole,
			Generated: s.Generated}
		for _, a := range b.Authors {
			fm.Authors = append(fm.Authors, a.Author)
		}
		// A list history left short takes the file's code-graph
		// neighbours before its directory's files: this is the list
		// query, risk-check, MCP and the artifacts all read.
		fm.CoChanges = query.CoChangeRelated(cochange.WithNeighbours(co[f.Path], neighbours[f.Path], cochange.DefaultConfig().MinPartners))
		if res, ok := sal[f.Path]; ok {
			fm.Salience, fm.Class = round4(res.Salience), string(res.Class)
		}
		fm.Percentile = round4(fm.Percentile)
		if a, ok := risks[f.Path]; ok {
			fm.Risk = RiskInfo{Score: a.Score, Level: string(a.Level), Recommendations: a.Recommendations}
			for _, rr := range a.Reasons {
				fm.Risk.Reasons = append(fm.Risk.Reasons, RiskReason{Type: string(rr.Kind), Detail: rr.Detail, Weight: rr.Weight})
			}
		}
		stored, err := query.EncodeMetrics(fm, co[f.Path])
		if err != nil {
			return err
		}
		data[ids[f.Path]] = string(stored)
		metrics[f.Path] = fm
	}
	handMetricsResults.hand(r, metrics)
	return j.FinishEarly(r.Store.Queue(ctx, func(tx *store.Tx) error {
		if err := tx.ReplaceResults("metrics", key, data); err != nil {
			return err
		}
		return j.Finish(tx)
	}))
}

// isTest is the one place a file is decided to be a test: what its
// language plugin reported when one parsed it, else the structure source's
// reading of its path.
func isTest(f HeadFile, parsed, reported bool) bool {
	if parsed {
		return reported
	}
	return f.IsTest
}

// isTestFile is isTest given the file's facts, nil if none.
func isTestFile(f HeadFile, facts *sdk.FileFacts) bool {
	return isTest(f, facts != nil, facts.GetIsTest())
}

// testOf is isTest given the resolve stage's per-file results.
func testOf(f HeadFile, src map[string]sourceInfo) bool {
	s, ok := src[f.Path]
	return isTest(f, ok, s.IsTest)
}

// linkTests finds which files each test file tests, directly or
// indirectly, and what each parsed file is to testing.
// offConventionTests are the tests a plugin read that are named otherwise
// than the tests around them (testlink.OffConvention). Only tests a plugin
// read are named as tests or not: the expected output beside them
// (loguru's tests/exceptions/output/**) is no test named otherwise.
func offConventionTests(facts map[string]*sdk.FileFacts) map[string]bool {
	var tests []string
	for p, f := range facts {
		if f.GetIsTest() {
			tests = append(tests, p)
		}
	}
	return testlink.OffConvention(tests)
}

// testSupport is the one rule for a file serving the tests without being
// one: by its path (testlink.IsSupport), its name among tests
// (offConventionTests) or its plugin's word.
func testSupport(p string, isTest bool, facts *sdk.FileFacts, offConvention map[string]bool) bool {
	return testlink.IsSupport(p, isTest) || offConvention[p] || facts.GetTestSupport()
}

func linkTests(files []HeadFile, g *Graph) testlink.Result {
	in := testlink.Input{Imports: map[string][]string{}}
	offConvention := offConventionTests(g.Files)
	for _, f := range files {
		facts := g.Files[f.Path]
		isTest := isTestFile(f, facts)
		if facts == nil && !isTest {
			continue
		}
		support := testSupport(f.Path, isTest, facts, offConvention)
		tf := testlink.File{Path: f.Path, IsTest: isTest && !support, Support: support}
		if facts != nil {
			tf.Group = groupOf(facts)
			tf.Namespace = nsKey(facts)
			tf.CoversNamespace = facts.GetCoversNamespace()
			tf.Bodies = hasBodies(facts)
			tf.InlineTests = facts.GetInlineTests() > 0
		}
		in.Files = append(in.Files, tf)
	}
	// A test exercises what it imports and what it calls into: a package
	// that re-exports its modules' names is imported, the modules called.
	for _, links := range []map[[2]string]*Link{g.Imports, g.FileCalls} {
		for k := range links {
			in.Imports[k[0]] = append(in.Imports[k[0]], k[1])
		}
	}
	for k := range in.Imports {
		sort.Strings(in.Imports[k])
	}
	return testlink.Analyze(in)
}

// hasBodies reports whether a file defines a function, method or
// constructor with a body (not abstract, not a bare declaration).
func hasBodies(facts *sdk.FileFacts) bool {
	for _, d := range facts.GetDefinitions() {
		switch d.GetKind() {
		case "function", "method", "constructor":
			if !d.GetAbstract() && !d.GetDeclaration() {
				return true
			}
		}
	}
	return false
}

// searches is bo with its progress shown under label, and the func to
// call when Betweenness returns: betweenness's shortest-path searches are
// most of the centrality stage's time on a large graph, and their number
// is known before they start.
func (r *Run) searches(bo graph.BetweennessOptions, label string) (graph.BetweennessOptions, func()) {
	var bar Bar
	var once sync.Once
	bo.Progress = func(total, more int) {
		once.Do(func() { bar = r.Progress.Start(label, total) })
		bar.Add(more)
	}
	return bo, func() {
		once.Do(func() {}) // no search: no bar
		if bar != nil {
			bar.Done()
		}
	}
}

// evidencedBusFactor is the bus factor salience may weigh, 0 for unknown.
// In a one-author repository every file is a silo, and saying so of each
// one tells nobody anything; a bus factor on fewer than minChanges changes
// is one person's new file, not a silo (the evidence risk asks for too).
// sharedCommits counts the commits in both lists.
func sharedCommits(a, b []string) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	in := make(map[string]bool, len(a))
	for _, c := range a {
		in[c] = true
	}
	n := 0
	for _, c := range b {
		if in[c] {
			n++
			in[c] = false
		}
	}
	return n
}

func evidencedBusFactor(b behavior.File, soleAuthor bool, minChanges int) int {
	if soleAuthor || b.Changes < minChanges {
		return 0
	}
	return b.BusFactor
}
