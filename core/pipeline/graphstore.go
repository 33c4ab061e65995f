package pipeline

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/homer-dev/homer/core/store"
)

// The stored code graph is owned file by file: a file owns its
// definitions, the calls made from them, and its imports and file-level
// calls. graph_digests keeps a hash of what each file owns, so a resolve
// after a few commits rewrites the parts of the few files whose hash
// changed and leaves the rest of the graph untouched.

// edgeWant is an edge as it should be stored. Its members are given by
// node id, except a call's: those are definition indexes (defs), whose ids
// are known only once the definitions are written.
type edgeWant struct {
	kind    string
	conf    float64
	meta    string
	members []store.Member
}

// callWant is a call as it should be stored: its caller and callee by
// definition index (their ids are known only once the definitions are
// written). Its identity, EdgeCalls|caller|callee, and its metadata are
// made from the graph when needed.
type callWant struct {
	defs [2]int
	link *Link
	test bool // the caller is a test, or test code in its file
}

func (w callWant) identity(names []string) string {
	return EdgeCalls + "|" + names[w.defs[0]] + "|" + names[w.defs[1]]
}

func (w callWant) meta() string { return countMeta(w.link.Count, w.test, w.link.Via) }

// edgeHave is an edge as it is stored. Its id is store.EdgeID of its
// identity.
type edgeHave = store.EdgeRow

// graphRows is what writeGraph reads of a resolved Graph: of each
// definition the fields the store keeps, of each file its two flags, and
// the calls and file links as they are. A Graph points into the parse
// facts (every definition is the plugin's message, 304 bytes with its span
// before its strings); resolve makes these rows once it has handed the
// graph on, so the facts need not live while the graph is written, beside
// centrality (on spring-boot about 55 MB of the core's live heap through
// the write: BENCHMARKS.md, "Memory, thirteenth pass").
type graphRows struct {
	defs  []defRow // by definition index
	names []string // node names, by definition index
	files map[string]fileFlags
	calls map[[2]int]*Link
	// imports and fileCalls are the Graph's Imports and FileCalls.
	imports, fileCalls map[[2]string]*Link
}

// defRow is what the store keeps of a definition.
type defRow struct {
	path, name, qualified, kind, doc string
	start, end, complexity           int32
	exported, test                   bool
}

// fileFlags are what writeGraph reads of a file's facts.
type fileFlags struct{ test, variant bool }

// rows copies out of g what writeGraph reads.
func (g *Graph) rows() *graphRows {
	w := &graphRows{defs: make([]defRow, len(g.Defs)), names: g.NodeNames(), files: make(map[string]fileFlags, len(g.Files)),
		calls: g.Calls, imports: g.Imports, fileCalls: g.FileCalls}
	for i, d := range g.Defs {
		sp := d.GetSpan()
		w.defs[i] = defRow{path: d.Path, name: d.GetName(), qualified: d.GetQualifiedName(), kind: d.GetKind(), doc: d.GetDoc(),
			start: sp.GetStartLine(), end: sp.GetEndLine(), complexity: d.GetComplexity(), exported: d.GetExported(), test: d.GetTest()}
	}
	for p, f := range g.Files {
		w.files[p] = fileFlags{test: f.GetIsTest(), variant: f.GetVariant()}
	}
	return w
}

// testCaller is Graph.testCaller.
func (w *graphRows) testCaller(def int) bool {
	d := w.defs[def]
	return d.test || w.files[d.path].test
}

// writeGraph brings the stored code graph to g. With full set (--force,
// or a store without digests) every file is compared with what is stored;
// otherwise only files whose digest changed are.
func writeGraph(tx *store.Tx, g *graphRows, fileIDs map[string]int64, full bool) error {
	names := g.names
	// Each file's digest sums the hashes of what it owns, so the order
	// things are met in does not matter.
	sums := map[string]uint64{}
	var lh lineHasher
	for i, d := range g.defs {
		sums[d.path] += lh.sum("def", names[i], d.kind, d.doc,
			int64(d.start), int64(d.end), boolInt(d.exported)<<1|boolInt(g.files[d.path].variant),
			float64(d.complexity))
	}
	for k, l := range g.calls {
		a := g.defs[k[0]]
		sums[a.path] += lh.sum(EdgeCalls, names[k[0]], names[k[1]], l.Via,
			int64(l.Count), boolInt(g.files[a.path].test), 0, l.Confidence)
	}
	eachFileLink(g.imports, g.fileCalls, fileIDs, func(kind string, k [2]string, l *Link) {
		sums[k[0]] += lh.sum(kind, k[0], k[1], "", int64(l.Count), 0, 0, l.Confidence)
	})

	stored, lost, err := tx.GraphDigests()
	if err != nil {
		return err
	}
	full = full || lost || len(stored) == 0
	digests := make(map[string]string, len(sums))
	changed := map[string]bool{}
	for p, sum := range sums {
		d := fmt.Sprintf("%016x", sum)
		digests[p] = d
		if full || stored[p] != d {
			changed[p] = true
		}
	}
	for p := range stored {
		if _, ok := sums[p]; !ok {
			changed[p] = true // the file owns nothing now
		}
	}
	if len(changed) == 0 {
		return nil
	}
	changedList := make([]string, 0, len(changed))
	for p := range changed {
		changedList = append(changedList, p)
	}
	sort.Strings(changedList)

	// What is stored for the files that changed (everything when full).
	var oldDefs map[string]nodeMeta
	var oldEdges map[int64]edgeHave
	if full {
		if oldDefs, err = loadNodeMeta(tx, KindDefinition, ""); err == nil {
			oldEdges, err = loadEdges(tx, "", 0, EdgeCalls, EdgeImports, EdgeFileCalls)
		}
	} else {
		oldDefs, oldEdges, err = loadOwned(tx, changedList)
	}
	if err != nil {
		return err
	}

	// Definitions of the changed files; unchanged ones keep their ids.
	// By definition index, 0 until known: a node id is never 0. (A map
	// of 165,000 definitions, spring-boot's, is 4.6 MB of heap; the
	// slice 1.3.)
	defIDs := make([]int64, len(g.defs))
	keep := map[string]bool{}
	// Definitions to write, given to the store in batches (SetDefinitions).
	var pending []store.DefinitionRow
	var pendingIdx []int
	writeDefs := func() error {
		ids, err := tx.SetDefinitions(pending)
		if err != nil {
			return err
		}
		for j, id := range ids {
			defIDs[pendingIdx[j]] = id
		}
		pending, pendingIdx = pending[:0], pendingIdx[:0]
		return nil
	}
	for i, d := range g.defs {
		if !changed[d.path] {
			continue
		}
		meta := defMeta{Name: d.name, Kind: d.kind, Line: d.start, End: d.end, Exported: d.exported, Complexity: d.complexity,
			Variant: g.files[d.path].variant}
		if strings.Contains(d.path, "#") {
			meta.Path = d.path
		}
		if doc := d.doc; doc != "" {
			meta.Doc = firstSentence(doc)
		}
		name, js := names[i], mustJSON(meta)
		keep[name] = true
		old, had := oldDefs[name]
		if had && old.Meta == js {
			defIDs[i] = old.ID
			continue
		}
		row := store.DefinitionRow{Name: name, Meta: js, Indexed: had}
		if d.doc != "" {
			row.Doc = d.qualified + "\n" + d.doc
		}
		pending, pendingIdx = append(pending, row), append(pendingIdx, i)
		if len(pending) == 1024 {
			if err := writeDefs(); err != nil {
				return err
			}
		}
	}
	if err := writeDefs(); err != nil {
		return err
	}
	var gone []int64
	for name, old := range oldDefs {
		if !keep[name] {
			gone = append(gone, old.ID)
		}
	}
	sort.Slice(gone, func(i, j int) bool { return gone[i] < gone[j] })
	for _, id := range gone {
		if err := tx.Unindex(id); err != nil {
			return err
		}
	}
	// Their results and edge memberships go with them.
	if err := tx.DeleteNodeIDs(gone); err != nil {
		return err
	}

	// Edges owned by the changed files: calls apart from the file links,
	// as a list whose identities are made when needed, not held (on
	// spring-boot a map of every call by its identity was 52 MB of the
	// core's heap while resolve wrote the graph). Calls and links are rows
	// of tables of their own, so syncing one kind after the other stores
	// what syncing them together did.
	haveCalls, haveLinks := map[int64]edgeHave{}, map[int64]edgeHave{}
	for id, h := range oldEdges {
		if h.Kind == EdgeCalls {
			haveCalls[id] = h
		} else {
			haveLinks[id] = h
		}
	}
	var calls []callWant
	for k, l := range g.calls {
		if a := g.defs[k[0]]; changed[a.path] {
			calls = append(calls, callWant{defs: k, link: l, test: g.testCaller(k[0])})
		}
	}
	want := map[string]edgeWant{}
	eachFileLink(g.imports, g.fileCalls, fileIDs, func(kind string, k [2]string, l *Link) {
		if changed[k[0]] {
			want[kind+"|"+k[0]+"|"+k[1]] = edgeWant{kind: kind, conf: l.Confidence, meta: countMeta(l.Count, false, ""),
				members: []store.Member{{Node: fileIDs[k[0]], Role: "from"}, {Node: fileIDs[k[1]], Role: "to"}}}
		}
	})
	defID := func(i int) (int64, error) {
		if id := defIDs[i]; id != 0 {
			return id, nil
		}
		// A callee in a file that did not change: stored already.
		id, err := tx.Node(KindDefinition, names[i])
		defIDs[i] = id
		return id, err
	}
	err = syncCalls(tx, haveCalls, calls, names, func(defs [2]int) ([]store.Member, error) {
		caller, err := defID(defs[0])
		if err != nil {
			return nil, err
		}
		callee, err := defID(defs[1])
		if err != nil {
			return nil, err
		}
		return []store.Member{{Node: caller, Role: "caller"}, {Node: callee, Role: "callee"}}, nil
	})
	if err != nil {
		return err
	}
	if err := syncEdges(tx, haveLinks, want, func(w edgeWant) ([]store.Member, error) { return w.members, nil }); err != nil {
		return err
	}

	for _, p := range changedList {
		if err := tx.SetGraphDigest(p, digests[p]); err != nil {
			return err
		}
	}
	return nil
}

// lineHasher hashes one thing a file owns, without allocating.
type lineHasher struct {
	d   xxhash.Digest
	buf []byte
}

func (lh *lineHasher) sum(kind, a, b, c string, x, y, z int64, f float64) uint64 {
	lh.d.Reset()
	for _, s := range [...]string{kind, a, b, c} {
		lh.d.WriteString(s)
		lh.d.Write([]byte{0})
	}
	lh.buf = lh.buf[:0]
	for _, n := range [...]int64{x, y, z} {
		lh.buf = strconv.AppendInt(lh.buf, n, 10)
		lh.buf = append(lh.buf, 0)
	}
	lh.buf = strconv.AppendFloat(lh.buf, f, 'g', -1, 64)
	lh.d.Write(lh.buf)
	return lh.d.Sum64()
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// loadOwned reads the stored definitions and owned edges of files.
func loadOwned(tx *store.Tx, files []string) (map[string]nodeMeta, map[int64]edgeHave, error) {
	defs := map[string]nodeMeta{}
	edges := map[int64]edgeHave{}
	var callers []int64
	for _, p := range files {
		d, err := loadNodeMeta(tx, KindDefinition, p)
		if err != nil {
			return nil, nil, err
		}
		for name, n := range d {
			defs[name] = n
			callers = append(callers, n.ID)
		}
		e, err := loadEdges(tx, p, 0, EdgeImports, EdgeFileCalls)
		if err != nil {
			return nil, nil, err
		}
		for k, v := range e {
			edges[k] = v
		}
	}
	// The calls their definitions make, read at once.
	calls, err := tx.CallRowsFrom(callers)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range calls {
		edges[k] = v
	}
	return defs, edges, nil
}

type nodeMeta = store.NodeRow

// loadNodeMeta reads the nodes of a kind, or when file is set the
// definitions in that file (store.Tx.NodesByName).
func loadNodeMeta(tx *store.Tx, kind, file string) (map[string]nodeMeta, error) {
	return tx.NodesByName(kind, file)
}

// loadEdges reads stored edges of the given kinds, by id: all of them, or
// those whose first member is the file (by path) or the node (by id).
func loadEdges(tx *store.Tx, file string, node int64, kinds ...string) (map[int64]edgeHave, error) {
	return tx.EdgeRows(KindFile, file, node, kinds...)
}

// syncCalls is syncEdges for calls, given as a list (callWant): the
// stored calls in have are made into wanted, written in the order of their
// identities, as syncEdges writes.
func syncCalls(tx *store.Tx, have map[int64]edgeHave, wanted []callWant, names []string, members func([2]int) ([]store.Member, error)) error {
	var gone []edgeHave
	if len(have) > 0 {
		ids := make(map[int64]bool, len(wanted))
		for _, w := range wanted {
			ids[store.EdgeID(w.identity(names))] = true
		}
		for id, h := range have {
			if !ids[id] {
				gone = append(gone, h)
			}
		}
	}
	sortPairs(gone)
	if err := tx.DeletePairs(gone); err != nil {
		return err
	}
	// Every identity begins with EdgeCalls and "|": the caller and callee
	// names, joined by "|", order them.
	sort.Slice(wanted, func(i, j int) bool {
		a, b := wanted[i].defs, wanted[j].defs
		return joinedLess(names[a[0]], names[a[1]], names[b[0]], names[b[1]])
	})
	// Written in batches (store.Tx.SetCalls), in this order.
	var batch []store.Call
	for _, w := range wanted {
		identity, meta := w.identity(names), w.meta()
		if h, ok := have[store.EdgeID(identity)]; ok && h.Confidence == w.link.Confidence && h.Meta == meta {
			continue
		}
		ms, err := members(w.defs)
		if err != nil {
			return err
		}
		batch = append(batch, store.Call{Caller: ms[0].Node, Callee: ms[1].Node, Confidence: w.link.Confidence, Meta: meta})
		if len(batch) == 4096 {
			if err := tx.SetCalls(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return tx.SetCalls(batch)
}

// joinedLess tells whether a+"|"+b sorts before c+"|"+d, without making
// either string: the two are compared a run of common length at a time,
// each run one comparison of strings (byte by byte, on names sharing long
// paths, it was three quarters of the time resolve sorts its calls in).
func joinedLess(a, b, c, d string) bool {
	x, y := [3]string{a, "|", b}, [3]string{c, "|", d}
	i, j := 0, 0 // the parts of x and y being compared: x[i] from its rest xs
	xs, ys := a, c
	for {
		for xs == "" && i < 3 {
			if i++; i < 3 {
				xs = x[i]
			}
		}
		for ys == "" && j < 3 {
			if j++; j < 3 {
				ys = y[j]
			}
		}
		if i == 3 || j == 3 {
			return i == 3 && j < 3 // a proper prefix sorts first
		}
		n := min(len(xs), len(ys))
		if p, q := xs[:n], ys[:n]; p != q {
			return p < q
		}
		xs, ys = xs[n:], ys[n:]
	}
}

// sortPairs orders calls and links by their members, then kind.
func sortPairs(pairs []edgeHave) {
	sort.Slice(pairs, func(i, j int) bool {
		a, b := pairs[i], pairs[j]
		if a.Caller != b.Caller {
			return a.Caller < b.Caller
		}
		if a.Callee != b.Callee {
			return a.Callee < b.Callee
		}
		return a.Kind < b.Kind
	})
}

// syncEdges makes the stored edges in have into wanted, writing only the
// differences: edges that are gone are deleted, new or changed ones
// written, the rest left as they are (their members keep their node ids:
// changed definitions are updated in place). members gives a wanted edge's
// members when it has to be written.
func syncEdges(tx *store.Tx, have map[int64]edgeHave, wanted map[string]edgeWant, members func(edgeWant) ([]store.Member, error)) error {
	ids := make(map[int64]bool, len(wanted))
	for identity := range wanted {
		ids[store.EdgeID(identity)] = true
	}
	var gone []int64
	var gonePairs []edgeHave // calls and links are deleted by their members
	for id, h := range have {
		switch {
		case ids[id]:
		case h.Caller != 0:
			gonePairs = append(gonePairs, h)
		default:
			gone = append(gone, id)
		}
	}
	sort.Slice(gone, func(i, j int) bool { return gone[i] < gone[j] })
	sortPairs(gonePairs)
	if err := tx.DeleteEdgeIDs(gone); err != nil {
		return err
	}
	if err := tx.DeletePairs(gonePairs); err != nil {
		return err
	}
	for _, identity := range sortedKeys(wanted) {
		w := wanted[identity]
		if h, ok := have[store.EdgeID(identity)]; ok && h.Confidence == w.conf && h.Meta == w.meta {
			continue
		}
		ms, err := members(w)
		if err != nil {
			return err
		}
		if _, err := tx.Edge(w.kind, identity, w.conf, w.meta, ms...); err != nil {
			return err
		}
	}
	return nil
}
