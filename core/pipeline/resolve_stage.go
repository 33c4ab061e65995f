package pipeline

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/core/analyze/testlink"
	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// resolveVersion changes when resolution rules change, so stored graphs
// are rebuilt.
const resolveVersion = "resolve-9"

func resolveStage(r *Run) *engine.Stage {
	var deps []string
	for _, l := range r.languages {
		deps = append(deps, "parse."+l.Name)
	}
	deps = append(deps, "source.structure")
	return &engine.Stage{
		Name:  "resolve",
		After: deps,
		Key: func(ctx context.Context) (string, error) {
			files, err := r.headFiles(ctx)
			if err != nil {
				return "", err
			}
			parts := []string{resolveVersion}
			for _, l := range r.languages {
				parts = append(parts, parserID(l))
			}
			for _, f := range files {
				parts = append(parts, f.Path, f.Blob)
			}
			return hashStrings(parts...), nil
		},
		Do: func(ctx context.Context, j *engine.Job) error { return doResolve(ctx, r, j) },
	}
}

func loadManifests(ctx context.Context, st *store.Store) ([]*sdk.Manifest, error) {
	nodes, err := query.New(st.DB()).NodeMetas(ctx, KindManifest)
	if err != nil {
		return nil, err
	}
	out := make([]*sdk.Manifest, 0, len(nodes))
	for _, n := range nodes {
		var m struct {
			Kind, Name   string
			Dependencies []struct {
				Name, Version string
				Dev           bool
			}
		}
		if err := json.Unmarshal([]byte(n.Meta), &m); err != nil {
			return nil, fmt.Errorf("manifest %s: %w", n.Name, err)
		}
		mf := &sdk.Manifest{Path: n.Name, Kind: m.Kind, Name: m.Name}
		for _, d := range m.Dependencies {
			mf.Dependencies = append(mf.Dependencies, &sdk.Dependency{Name: d.Name, Version: d.Version, Dev: d.Dev})
		}
		out = append(out, mf)
	}
	return out, nil
}

// ResolveMemory, when set, is called as resolve begins, and what it
// returns as resolve ends: the command sets it to let the core's soft
// memory limit follow resolve's live heap down rather than stay at its
// floor (cmd/homer/memlimit.go). Resolve's heap is the first phase's
// largest, and what it holds (the facts, the scopes) is live throughout.
var ResolveMemory func() (end func())

func doResolve(ctx context.Context, r *Run, j *engine.Job) error {
	if ResolveMemory != nil {
		defer ResolveMemory()()
	}
	key := j.Key()
	began := time.Now()
	files, err := r.headFiles(ctx)
	if err != nil {
		return err
	}
	fileIDs := map[string]int64{}
	for _, f := range files {
		fileIDs[f.Path] = f.ID
	}
	langs := r.languages
	byLang, err := r.filesByLanguage(ctx)
	if err != nil {
		return err
	}
	// Each language comes from its parse stage when that ran in this run;
	// otherwise its facts are read and its imports resolved, at the same
	// time as the other languages'.
	found := make([]*languageFacts, len(langs))
	handed := make([]bool, len(langs))
	errs := make([]error, len(langs))
	var wg sync.WaitGroup
	for i, l := range langs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if lf, ok := handLanguage.Of(l.Name).Handed(&r.board); ok {
				_, errs[i] = lf.withDefs()
				found[i], handed[i] = lf, true
				return
			}
			defer r.release(l)
			lf := &languageFacts{calls: packedCalls{}}
			if lf.facts, errs[i] = loadFactsHolding(ctx, r.Store, parserID(l), byLang[l.Name], lf.calls); errs[i] != nil {
				return
			}
			failed := r.exec != nil && r.exec.Failed("parse."+l.Name)
			if failed {
				// The plugin failed: the files it did not parse keep the
				// facts of their last parse, so the language stays in
				// the graph. Resolve is partial, so the next run redoes it.
				if lf.facts, errs[i] = withLastGood(ctx, r, l, byLang[l.Name], lf.facts); errs[i] != nil {
					return
				}
			}
			table := stringTable{}
			table.internFacts(lf.facts)
			dropUnread(lf.facts)
			lf.imports, errs[i] = resolveImports(ctx, r, j, l, lf.facts, failed)
			table.internImports(lf.imports)
			found[i] = lf
		}()
	}
	wg.Wait()
	var facts, own []*sdk.FileFacts
	calls := packedCalls{}
	imports := map[string][]*sdk.ResolvedImport{}
	for i, lf := range found {
		if errs[i] != nil {
			return errs[i]
		}
		facts = append(facts, lf.facts...)
		if !handed[i] {
			own = append(own, lf.facts...)
		}
		maps.Copy(calls, lf.calls)
		// Resolve drops each file's calls as it reads them.
		lf.calls = nil
		for _, ri := range lf.imports {
			imports[ri.GetFromPath()] = append(imports[ri.GetFromPath()], ri)
		}
		// Where imports lead is resolve's alone (23 MB of spring-boot's
		// core heap, held to the end of the model otherwise).
		lf.imports = nil
	}
	sort.Slice(facts, func(i, j int) bool { return facts[i].GetPath() < facts[j].GetPath() })
	// Conventions and doc freshness take what they read of the facts
	// before the walk, conventions the files' imports among it.
	if err := takeFactsEarly(ctx, r); err != nil {
		return err
	}
	loaded := time.Now()
	g, err := resolvePacked(facts, imports, calls, spentImports(r, own))
	if err != nil {
		return err
	}
	links := linkTests(files, g)
	handGraph(r, g, links, fileIDs)
	resolved := time.Now()
	defer func() {
		r.Log.Debug("resolve", "facts and imports", loaded.Sub(began), "resolution", resolved.Sub(loaded), "store", time.Since(resolved))
	}()
	sources := map[string]sourceInfo{}
	data := make(map[int64]string, len(facts))
	amalgamated := amalgamations(facts)
	for _, f := range facts {
		id := fileIDs[f.GetPath()]
		if id == 0 {
			continue
		}
		info := sourceInfo{Lines: int(f.GetLines()), Definitions: len(f.GetDefinitions()), Language: f.GetLanguage(), IsTest: f.GetIsTest(),
			Generated: f.GetGenerated() || amalgamated[f.GetPath()]}
		if role := links.Roles[f.GetPath()]; role == testlink.RoleSupport || role == testlink.RoleDeclarations {
			info.TestRole = string(role)
		}
		for _, d := range f.GetDefinitions() {
			if d.GetExported() {
				info.Exported++
				if d.GetDoc() != "" {
					info.Documented++
				}
			}
		}
		data[id] = mustJSON(info)
		sources[f.GetPath()] = info
	}
	handSourceResults.hand(r, sources)
	dropResolved(facts)
	if r.exec != nil && r.plans("model") {
		// What the model takes of the facts, taken now, so that they need
		// not live until the model stage.
		d, err := digestHeadFacts(ctx, r)
		if err != nil {
			return err
		}
		handFactsDigest.Hand(&r.board, d)
	}
	r.tookFacts("resolve")
	// The graph as the store keeps it, without the facts it points into:
	// they go now, not once the write is done.
	rows := g.rows()
	return j.FinishEarly(r.Store.Queue(ctx, func(tx *store.Tx) error {
		if err := writeGraph(tx, rows, fileIDs, r.Force); err != nil {
			return err
		}
		if err := writeTests(tx, links, fileIDs); err != nil {
			return err
		}
		if err := tx.ReplaceResults("source", key, data); err != nil {
			return err
		}
		return j.Finish(tx)
	}))
}

// dropResolved empties the calls and references of facts once resolve
// has made them into the graph: no later stage reads them, and the facts
// handed to conventions, doc freshness and the model live on to the end of
// the model (on prometheus, calls and references were most of the parse
// facts' 30 MB in the core). The graph and the parse memo keep what they
// held; writeGraph reads only the files' flags.
func dropResolved(facts []*sdk.FileFacts) {
	for _, f := range facts {
		f.Calls = nil
		f.References = nil
	}
}

// spentImports tells which facts' imports resolve may give up once the
// scopes have bound them (newScopes). They are read after that only by
// conventions: all of them once it has taken what it reads (resolve took
// it for it before the walk, takeFactsEarly), or when it is not planned;
// else only those of own, the facts resolve read itself, which no other
// stage sees (conventions reads the facts handed by the parse stages, and
// the parse memo for the rest).
func spentImports(r *Run, own []*sdk.FileFacts) func(*sdk.FileFacts) bool {
	if r.exec != nil && (!r.plans("analyze.conventions") || r.took("analyze.conventions")) {
		return func(*sdk.FileFacts) bool { return true }
	}
	mine := make(map[*sdk.FileFacts]bool, len(own))
	for _, f := range own {
		mine[f] = true
	}
	return func(f *sdk.FileFacts) bool { return mine[f] }
}

// indirectMeta marks a tests edge found by testlink.RuleIndirect.
const indirectMeta = `{"indirect":true}`

// writeTests stores the tests links found, by their files' node ids.
func writeTests(tx *store.Tx, links testlink.Result, fileIDs map[string]int64) error {
	want := make(map[store.TestLink]bool, len(links.Links))
	for _, l := range links.Links {
		want[store.TestLink{Test: fileIDs[l.Test], Subject: fileIDs[l.Target]}] = !l.Direct()
	}
	return tx.SetTestLinks(want)
}

// handGraph gives the analyses after resolve what it found, as they would
// read it back from the store.
func handGraph(r *Run, g *Graph, links testlink.Result, fileIDs map[string]int64) {
	handTestedBy.Hand(&r.board, testedBy{Direct: links.TestedBy(), Indirect: links.TestedIndirectlyBy()})

	var fl []fileLink
	g.eachFileLink(fileIDs, func(kind string, k [2]string, l *Link) {
		fl = append(fl, fileLink{kind: kind, from: k[0], to: k[1], count: l.Count, conf: l.Confidence})
	})
	sortLinks(fl)
	handFileLinks.Hand(&r.board, fl)

	names := g.NodeNames()
	calls := make([][2]string, 0, len(g.Calls))
	for k, l := range g.Calls {
		if !g.testCaller(k[0]) && centralCall(l.Via) {
			calls = append(calls, [2]string{names[k[0]], names[k[1]]})
		}
	}
	handCalls.Hand(&r.board, calls)

	defs := make([]handedDefinition, len(g.Defs))
	for i, d := range g.Defs {
		sp := d.GetSpan()
		defs[i] = handedDefinition{node: names[i], path: d.Path, kind: d.GetKind(), line: sp.GetStartLine(), end: sp.GetEndLine(),
			exported: d.GetExported()}
		if doc := d.GetDoc(); doc != "" {
			// A copy: the sentence alone, not the whole doc, is held.
			defs[i].doc = strings.Clone(firstSentence(doc))
		}
	}
	handDefinitions.Hand(&r.board, defs)
}

// handedDefinition is a definition as writeGraph stores it, for the model:
// what its row needs, with no pointer into the parse facts (those of a
// language not parsed in this run are not otherwise held past resolve).
type handedDefinition struct {
	node, path, kind, doc string
	line, end             int32
	exported              bool
}

// importSites lists every import of facts with the file it is in.
func importSites(facts []*sdk.FileFacts) []*sdk.ImportSite {
	var sites []*sdk.ImportSite
	for _, f := range facts {
		for _, imp := range f.GetImports() {
			sites = append(sites, &sdk.ImportSite{FromPath: f.GetPath(), Import: imp})
		}
	}
	return sites
}

// resolveImports asks a language plugin where the imports of facts lead,
// given every file and manifest at HEAD, or answers from the memo of the
// last request. A plugin that cannot answer costs the imports, not the
// run: calls still resolve within files and packages. Only reading the
// store fails it. When the plugin failed in
// this run (failed), the last answer stands in for the files still there.
func resolveImports(ctx context.Context, r *Run, j *engine.Job, l *plugin.Plugin, facts []*sdk.FileFacts, failed bool) ([]*sdk.ResolvedImport, error) {
	sites := importSites(facts)
	if len(sites) == 0 {
		return nil, nil
	}
	files, err := r.headFiles(ctx)
	if err != nil {
		return nil, err
	}
	manifests, err := r.manifests(ctx)
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	// Where imports lead depends only on the request: the same request
	// answered before needs no plugin (a commit that touches one language
	// starts no other language's plugin).
	req := &sdk.ResolveRequest{Files: paths, Manifests: manifests, Imports: sites}
	memoName := "imports." + l.Name
	key, err := requestKey(parserID(l), req)
	if err != nil {
		return nil, err
	}
	memo, err := r.Store.Checkpoint(ctx, memoName)
	if err != nil {
		return nil, err
	}
	if resp, ok := decodeImportMemo(memo, key); ok {
		return resp.GetImports(), nil
	}
	if failed {
		resp, ok := decodeImportMemo(memo, "")
		if ok {
			present := map[string]bool{}
			for _, p := range paths {
				present[p] = true
			}
			var out []*sdk.ResolvedImport
			for _, ri := range resp.GetImports() {
				if present[ri.GetFromPath()] {
					out = append(out, ri)
				}
			}
			r.Warn("language %s: its plugin failed; imports resolve as they did in its last good run", l.Name)
			return out, nil
		}
		return nil, nil // the failure is reported; nothing stands in
	}
	client, err := l.Connect(ctx)
	if err != nil {
		r.Warn("language %s: import resolution skipped: %v", l.Name, err)
		return nil, nil
	}
	size := 0
	if l.Info.GetImportsByFile() {
		size = importPartSites
	}
	resp, err := askImports(ctx, client.Language(), req, size, r.Cfg.CallTimeout())
	if err != nil {
		r.Warn("language %s: import resolution failed: %v", l.Name, err)
		if l.Exited() {
			r.Plugins.Fail(l, err)
		}
		return nil, nil
	}
	// A cache: written beside the stage, valid for its key whenever it
	// lands. If it does not, the stage is done again next time.
	answer := encodeImportMemo(resp, key)
	j.Track(r.Store.Queue(ctx, func(tx *store.Tx) error { return tx.SetCheckpointBytes(memoName, answer) }))
	return resp.GetImports(), nil
}

// importPartSites is about how many import sites one ResolveImports
// request carries to a plugin that resolves each file's imports on their
// own (Info.imports_by_file). On spring-boot the largest language's request
// was 16 MB, which its plugin held received, copied and decoded at once
// (about 140 MB of its RSS). Each part carries every file as well (1.2 MB
// of paths there): parts of 16K sites were 4.8 MB, and gRPC's buffer pools
// in the core held 19 MB of parts sent and answers received as that
// language's parse ended, the moment of the whole tree's largest figures.
// Parts of 4K sites carry the same files and a quarter of the sites.
const importPartSites = 4 << 10

// importResolver is the language plugin's side of import resolution.
type importResolver interface {
	ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error)
}

// askImports sends req to lang, in one request when size is 0, else in
// parts of at least size sites (importParts), each with every file and
// manifest and within timeout, and joins the answers in the order of the
// parts: the answer one request would have given a plugin whose answer for
// a file depends on nothing but that file's imports and the files.
func askImports(ctx context.Context, lang importResolver, req *sdk.ResolveRequest, size int, timeout time.Duration) (*sdk.ResolveResponse, error) {
	parts := importParts(req.GetImports(), size)
	if len(parts) < 2 {
		cctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return lang.ResolveImports(cctx, req)
	}
	out := &sdk.ResolveResponse{Imports: make([]*sdk.ResolvedImport, 0, len(req.GetImports()))}
	for _, part := range parts {
		cctx, cancel := context.WithTimeout(ctx, timeout)
		resp, err := lang.ResolveImports(cctx, &sdk.ResolveRequest{Files: req.GetFiles(), Manifests: req.GetManifests(), Imports: part})
		cancel()
		if err != nil {
			return nil, err
		}
		out.Imports = append(out.Imports, resp.GetImports()...)
	}
	return out, nil
}

// importParts cuts sites into runs of at least size sites (the last may
// be shorter), each ending where the sites of one file end, so that no
// file's imports are split; sites of a file come together (importSites).
// size 0 is one run.
func importParts(sites []*sdk.ImportSite, size int) [][]*sdk.ImportSite {
	if size <= 0 || len(sites) <= size {
		return [][]*sdk.ImportSite{sites}
	}
	var parts [][]*sdk.ImportSite
	start := 0
	for i := size; i < len(sites); i++ {
		if i-start >= size && sites[i].GetFromPath() != sites[i-1].GetFromPath() {
			parts = append(parts, sites[start:i:i])
			start = i
		}
	}
	return append(parts, sites[start:])
}

// requestKey hashes an import resolution request with the plugin build
// that answers it: the hash of the request's deterministic encoding, fed
// to the hash a file, manifest or import site at a time, as that encoding
// lays them out (fields in order, each element tagged and, but for a
// file, prefixed with its length), rather than encoded whole first: the
// largest language's request on spring-boot is 16 MB, encoded at the end
// of its parse, the moment the plugin resolves the imports beside git log
// and the core at its largest.
func requestKey(parser string, req *sdk.ResolveRequest) (string, error) {
	h := xxhash.New()
	opts := proto.MarshalOptions{Deterministic: true}
	var buf []byte
	for _, f := range req.GetFiles() {
		buf = protowire.AppendTag(buf[:0], requestFiles, protowire.BytesType)
		buf = protowire.AppendString(buf, f)
		_, _ = h.Write(buf)
	}
	message := func(n protowire.Number, m proto.Message) error {
		buf = protowire.AppendTag(buf[:0], n, protowire.BytesType)
		buf = protowire.AppendVarint(buf, uint64(opts.Size(m)))
		var err error
		if buf, err = opts.MarshalAppend(buf, m); err != nil {
			return err
		}
		_, _ = h.Write(buf)
		return nil
	}
	for _, m := range req.GetManifests() {
		if err := message(requestManifests, m); err != nil {
			return "", err
		}
	}
	for _, site := range req.GetImports() {
		if err := message(requestImports, site); err != nil {
			return "", err
		}
	}
	return parser + "\x00" + fmt.Sprintf("%016x", h.Sum64()), nil
}

// The field numbers of ResolveRequest's files, manifests and imports.
const (
	requestFiles     protowire.Number = 1
	requestManifests protowire.Number = 2
	requestImports   protowire.Number = 3
)

// An import memo is the request's key, a newline, then memoTable and the
// answer as a table (importTable), packed (store.Pack), stored as bytes:
// each path and spec once, and each import as a few numbers naming them.
// On spring-boot the largest language's memo, an answer of 76,842
// imports whose protobuf repeated the importing file's path with each and
// took 16 MB, was 1.02 MB as the packed protobuf and is 0.30 MB so. Memos
// written before hold the packed protobuf (it begins with a format byte
// of store.Pack, a small control character) or, older, base64 of it (a
// printable character); memoTable is neither, so the three are told
// apart.
const memoTable = 0x1f

func encodeImportMemo(resp *sdk.ResolveResponse, key string) []byte {
	return append(append([]byte(key+"\n"), memoTable), store.Pack(importTable(resp))...)
}

// importTable writes an answer as its strings (each distinct path and
// spec, in the order first met: a count, then each one's length and bytes)
// and its imports (a count, then for each a head, its importing file
// unless it is the previous import's, its spec and its files, each string
// by its number in the table). The head is the number of files shifted
// left two bits, the second bit set when the importing file is the
// previous import's and the first when the import is external.
func importTable(resp *sdk.ResolveResponse) []byte {
	index := map[string]uint64{}
	var strs []string
	number := func(s string) uint64 {
		n, ok := index[s]
		if !ok {
			n = uint64(len(strs))
			index[s] = n
			strs = append(strs, s)
		}
		return n
	}
	imports := resp.GetImports()
	var rows []byte
	rows = binary.AppendUvarint(rows, uint64(len(imports)))
	prev := ""
	for i, ri := range imports {
		head := uint64(len(ri.GetToPaths())) << 2
		same := i > 0 && ri.GetFromPath() == prev
		if same {
			head |= 2
		}
		if ri.GetExternal() {
			head |= 1
		}
		rows = binary.AppendUvarint(rows, head)
		if !same {
			rows = binary.AppendUvarint(rows, number(ri.GetFromPath()))
		}
		prev = ri.GetFromPath()
		rows = binary.AppendUvarint(rows, number(ri.GetSpec()))
		for _, p := range ri.GetToPaths() {
			rows = binary.AppendUvarint(rows, number(p))
		}
	}
	out := binary.AppendUvarint(nil, uint64(len(strs)))
	for _, str := range strs {
		out = binary.AppendUvarint(out, uint64(len(str)))
		out = append(out, str...)
	}
	return append(out, rows...)
}

// readImportTable reads what importTable wrote; anything else (cut short,
// a number past the table, bytes left over) is not an answer.
func readImportTable(data []byte) (*sdk.ResolveResponse, bool) {
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(data)
		if n <= 0 {
			return 0, false
		}
		data = data[n:]
		return v, true
	}
	count, ok := next()
	if !ok || count > uint64(len(data)) {
		return nil, false
	}
	strs := make([]string, count)
	for i := range strs {
		n, ok := next()
		if !ok || n > uint64(len(data)) {
			return nil, false
		}
		strs[i], data = string(data[:n]), data[n:]
	}
	str := func() (string, bool) {
		n, ok := next()
		if !ok || n >= uint64(len(strs)) {
			return "", false
		}
		return strs[n], true
	}
	count, ok = next()
	if !ok || count > uint64(len(data)) {
		return nil, false
	}
	resp := &sdk.ResolveResponse{Imports: make([]*sdk.ResolvedImport, count)}
	from := ""
	for i := range resp.Imports {
		head, ok := next()
		if !ok || head>>2 > uint64(len(data)) || head&2 != 0 && i == 0 {
			return nil, false
		}
		if head&2 == 0 {
			if from, ok = str(); !ok {
				return nil, false
			}
		}
		ri := &sdk.ResolvedImport{FromPath: from, External: head&1 != 0}
		if ri.Spec, ok = str(); !ok {
			return nil, false
		}
		if n := head >> 2; n > 0 {
			ri.ToPaths = make([]string, n)
			for j := range ri.ToPaths {
				if ri.ToPaths[j], ok = str(); !ok {
					return nil, false
				}
			}
		}
		resp.Imports[i] = ri
	}
	return resp, len(data) == 0
}

// decodeImportMemo decodes the memo if it answers the request of key, or
// whatever request it answers when key is "". A memo that does not decode
// (damaged, or written by another build) is a miss like one for another
// key, not an error: the imports are resolved again and the memo
// rewritten, so nothing is lost by ignoring why.
func decodeImportMemo(memo, key string) (*sdk.ResolveResponse, bool) {
	k, body, ok := strings.Cut(memo, "\n")
	if !ok || key != "" && k != key {
		return nil, false
	}
	if len(body) > 0 && body[0] == memoTable {
		data, err := store.Unpack([]byte(body[1:]))
		if err != nil {
			return nil, false
		}
		return readImportTable(data)
	}
	packed := []byte(body)
	if len(body) > 0 && body[0] >= ' ' {
		var err error
		if packed, err = base64.StdEncoding.DecodeString(body); err != nil {
			return nil, false
		}
	}
	data, err := store.Unpack(packed)
	if err != nil {
		return nil, false
	}
	resp := &sdk.ResolveResponse{}
	if proto.Unmarshal(data, resp) != nil {
		return nil, false
	}
	return resp, true
}
