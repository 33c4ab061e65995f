package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"path"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/homer-dev/homer/core/analyze/cochange"
	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/sdk/host"

	"unicode/utf8"

	"github.com/homer-dev/homer/core/query"

	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// KindRepository is the one node that holds repository-wide results (the
// conventions).
const KindRepository = record.KindRepository

// The stored shapes of results, shared with core/query.
type (
	FileMetrics   = record.FileMetrics
	Related       = record.Related
	RiskInfo      = record.RiskInfo
	RiskReason    = record.RiskReason
	EntityMetrics = record.EntityMetrics
	Centrality    = record.Centrality
)

// modelVersion changes when the model builder changes.
const modelVersion = "model-6"

func modelStage(r *Run, deps []string) *engine.Stage {
	return &engine.Stage{
		Name: "model",
		Deps: deps,
		Key: func(ctx context.Context) (string, error) {
			return hashStrings(modelVersion, r.Head, fmt.Sprint(r.Cfg.Analyzers.Salience.RiskThreshold)), nil
		},
		Do: func(ctx context.Context, j *engine.Job) error {
			if h, ok := handHistory.Handed(&r.board); ok {
				handModelHistory.Hand(&r.board, h)
			}
			forgetBeforeModel(r)
			m, err := BuildModel(ctx, r.Store, r)
			if err != nil {
				return err
			}
			// What the model was built from is not needed to encode it,
			// nor is git's cat-file, which BuildModel stopped once it had
			// read its documents and a doc freshness still walking may
			// have started again (45 MB of RSS on spring-boot beside the
			// model and its encoding, the core's largest moment).
			forgetFacts(r)
			r.restRepo()
			// The model is handed to the renders encoded, once for all of
			// them, and not stored: everything in it is in the store
			// already (36 MB of protobuf on spring-boot). A render that
			// runs without this stage builds it again from the store
			// (loadModel). Once encoded, the model's objects are garbage.
			enc, err := host.EncodeModelDropping(m)
			if err != nil {
				return err
			}
			handModel.Hand(&r.board, enc)
			// Doc freshness, where it is still running (the run's tail on a
			// busy machine: its walks read blobs through cat-file), ends
			// before the renderers start. Each renderer holds the decoded
			// model, and beside doc freshness's core and cat-file the two
			// made the run's largest moment on spring-boot (402-422 MB);
			// the cores were busy with doc freshness's two workers anyway.
			// Its failure is its own to report.
			_ = r.awaitWrite("analyze.doc-freshness")
			// Give back what building the model took (its queries' rows,
			// the facts), which the runtime's collector otherwise returns
			// to the system over minutes, and only then start the
			// renderers: each one started beside the model stage's peak
			// (538 MB of RSS in the core on spring-boot) adds 27-35 MB to
			// it before it has anything to do.
			debug.FreeOSMemory()
			// The readers' page caches, filled by the model's reads, go too.
			r.Store.ReleaseReaders()
			// git's cat-file, started again by a doc freshness still
			// running, would sit idle through the renders beside two
			// renderers (45 MB of RSS on spring-boot, at that phase's peak).
			r.restRepo()
			r.warm(ctx, "render.", r.Plugins.OfKind(sdk.KindRenderer))
			return j.FinishEarly(r.Store.Queue(ctx, func(tx *store.Tx) error { return j.Finish(tx) }))
		},
	}
}

// BuildModel assembles the render model. It reads the store only through
// core/query, after the stages it reads have written; the model holds
// every file, definition, edge and community: budgets belong to renderers.
func BuildModel(ctx context.Context, st *store.Store, r *Run) (*sdk.Model, error) {
	if r.languages == nil && r.Plugins != nil {
		// A model built outside Execute reads the facts of the run's
		// language plugins as well (module docs, conventions).
		r.languages = r.Plugins.OfKind(sdk.KindLanguage)
	}
	headTime, err := r.HeadTime()
	if err != nil {
		return nil, err
	}
	for _, stage := range []string{"source.git", "source.structure", "resolve", "analyze.behavioral", "analyze.co-change",
		"analyze.centrality", "analyze.salience"} {
		if err := r.awaitWrite(stage); err != nil {
			return nil, err
		}
	}
	in, err := readModelInputs(ctx, r, query.New(st.DB()))
	if err != nil {
		return nil, err
	}
	// The model reads no more blobs: git's cat-file, which read the last
	// (41 MB of RSS on spring-boot), need not stay through the model's
	// build beside the core at its largest. Doc freshness, if still
	// walking, starts it again.
	r.restRepo()
	m := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: r.Repo.Name(), Head: r.Head, HeadTime: headTime,
		RiskThreshold: r.Cfg.Analyzers.Salience.RiskThreshold}
	files, metrics, counts := in.files, in.metrics, in.counts
	sum := &sdk.Summary{Languages: map[string]int32{}, Files: int32(len(files)), Commits: int32(counts.Commits),
		Contributors: int32(counts.Contributors), Definitions: int32(counts.Definitions), CallEdges: int32(counts.CallEdges),
		ImportEdges: int32(counts.ImportEdges), FirstCommitTime: counts.FirstCommit, LastCommitTime: counts.LastCommit}
	for _, f := range files {
		if f.Language != "" {
			sum.Languages[f.Language]++
		}
		if _, ok := metrics[f.Path]; ok {
			sum.SourceFiles++
		}
	}
	m.Summary = sum

	conv := in.conv
	m.Conventions = conventionsModel(conv.Conventions)
	for _, c := range conv.Commands {
		bc := &sdk.BuildCommand{Command: c.Command, Kind: c.Kind, Origin: c.Origin}
		m.Commands = append(m.Commands, bc)
		m.Conventions.Commands = append(m.Conventions.Commands, bc)
	}
	m.Manifests = in.manifests
	for _, f := range files {
		if isDocument(f.Path) {
			m.Documents = append(m.Documents, f.Path)
		}
	}

	defs := in.defs
	byFile := map[string][]*sdk.DefinitionModel{}
	for _, d := range defs {
		byFile[d.Path] = append(byFile[d.Path], &sdk.DefinitionModel{QualifiedName: d.QualifiedName, Kind: d.Kind, Line: int32(d.Line),
			EndLine: int32(d.End), Exported: d.Exported, Doc: d.Doc, Signature: d.Signature, Salience: d.Scores.Salience,
			Callers: int32(d.Scores.Callers), Callees: int32(d.Scores.Callees)})
	}
	typeFields(in.facts.types, byFile)
	// The rows go once the model has what it takes of them: the rest of
	// the model is built without them.
	m.Entities = topEntities(defs, 60)
	defs, in.defs = nil, nil
	comms := in.comms
	m.Modularity = comms.Modularity
	community := map[string]int32{}
	for _, c := range comms.Communities {
		mc := &sdk.Community{Id: int32(c.ID), Label: c.Label, Files: c.Files, Directory: c.Directory, DirectoryShare: c.DirectoryShare,
			MatchesDirectory: c.MatchesDirectory}
		for _, cp := range c.Coupling {
			mc.Coupling = append(mc.Coupling, &sdk.Coupling{To: int32(cp.To), Share: cp.Share})
		}
		m.Communities = append(m.Communities, mc)
		for _, f := range c.Files {
			community[f] = int32(c.ID)
		}
	}
	code := map[string]bool{}
	for _, f := range files {
		code[f.Path] = f.Code
	}
	covers := map[string][]string{}
	for _, fm := range metrics {
		for _, t := range fm.TestedBy {
			covers[t] = append(covers[t], fm.Path)
		}
	}
	for _, p := range sortedKeys(metrics) {
		fm := metrics[p]
		f := fileModel(fm, r.Cfg.Analyzers.CoChange.MinCount, r.Cfg.Analyzers.CoChange.MinConfidence)
		f.Definitions = byFile[p]
		f.Covers = covers[p]
		sort.Strings(f.Covers)
		f.Code = code[p]
		f.Community = -1
		if c, ok := community[p]; ok {
			f.Community = c
		}
		m.Files = append(m.Files, f)
	}
	edges := in.edges
	for _, e := range edges {
		m.FileEdges = append(m.FileEdges, &sdk.Edge{From: e.From, To: e.To, Kind: e.Kind, Count: int32(e.Count), Weight: e.Confidence})
	}
	m.Modules = buildModules(r, in.modules, in.facts.docs, files, metrics, edges)
	m.ModuleEdges = moduleEdges(m.Modules, edges)
	for _, s := range in.sets {
		m.CoChangeSets = append(m.CoChangeSets, &sdk.CoChangeSet{Files: s.Files, Support: int32(s.Support), Confidence: s.Confidence})
	}
	sortSets(m.CoChangeSets)
	addLayouts(m)
	history := in.history
	m.AddPatterns = addPatterns(history, files)
	m.Deprecations = in.deprecations
	for _, c := range query.MineConventionFiles(history, files) {
		m.ConventionFiles = append(m.ConventionFiles, &sdk.ConventionFile{Path: c.Path, Scope: c.Scope,
			SourceCommits: int32(c.SourceCommits), WithSource: int32(c.WithSource), Commits: int32(c.Commits), ReleaseCommits: int32(c.ReleaseCommits),
			Fragments: c.Fragments, WithFragment: int32(c.WithFragment)})
	}
	return m, nil
}

// modelInputs are what the model is built from.
type modelInputs struct {
	files     []HeadFile
	metrics   map[string]*FileMetrics
	counts    *query.Counts
	conv      *query.Conventions
	manifests []*sdk.Manifest
	defs      []query.DefinitionRow
	// facts are what the model takes from the language plugins' facts
	// at HEAD: the type fields and the module docs.
	facts   *factsDigest
	comms   *query.Communities
	edges   []query.FileEdge
	modules []query.ModuleNode
	sets    []query.CoChangeSet
	history []query.HistoryCommit
	// deprecations are what the documents at HEAD say is deprecated,
	// read from their blobs with the other inputs.
	deprecations []*sdk.Deprecation
}

// readModelInputs reads the model's inputs side by side: the reads are
// independent of each other, the store reads through several connections,
// and decoding the rows is most of their cost (on spring-boot, 2.3 s of
// CPU one after the other). The first error, in the order below, is
// returned.
func readModelInputs(ctx context.Context, r *Run, q *query.Q) (*modelInputs, error) {
	in := &modelInputs{}
	reads := []func() error{
		func() (err error) { in.files, err = r.headFiles(ctx); return err },
		// As salience handed them, or as it stored them.
		func() (err error) { in.metrics, err = modelMetrics(ctx, r, q); return err },
		func() (err error) { in.counts, err = q.Counts(ctx); return err },
		func() (err error) { in.conv, err = q.Conventions(ctx); return err },
		func() (err error) { in.manifests, err = r.manifests(ctx); return err },
		func() (err error) { in.defs, err = modelDefinitions(ctx, r, q); return err },
		func() (err error) { in.facts, err = modelFacts(ctx, r); return err },
		func() (err error) { in.comms, err = q.Communities(ctx); return err },
		func() (err error) { in.edges, err = modelEdges(ctx, r, q); return err },
		func() (err error) { in.modules, err = q.Modules(ctx); return err },
		func() (err error) { in.sets, err = q.CoChangeSets(ctx); return err },
		func() error {
			files, err := r.headFiles(ctx)
			if err == nil {
				in.deprecations = findDeprecations(files, r.Repo.Blob)
			}
			return err
		},
		func() error {
			var err error
			if in.history, err = modelHistory(ctx, r, q); err != nil {
				return fmt.Errorf("history: %w", err)
			}
			return nil
		},
	}
	errs := make([]error, len(reads))
	var wg sync.WaitGroup
	for i, read := range reads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = read()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return in, nil
}

// handModelHistory is the history the analyses read in this run, kept
// for the model when the analyses' handoffs are dropped (forgetBeforeModel)
// and dropped once the model has taken its commits from it.
var handModelHistory = engine.NewHandoff[*historyData]("model-history")

// modelHistory is every commit with its changes, oldest first, as the
// add-patterns and convention files read it (query.HistoryCommits): built
// from the history the analyses read in this run when there is one (its
// rows carry each change's status), else read from the store. The model's
// own read of every commit and change was a third of its CPU in an update
// of prometheus, and a second read of every commit's changes for their
// statuses 0.2 s of one on spring-boot.
func modelHistory(ctx context.Context, r *Run, q *query.Q) ([]query.HistoryCommit, error) {
	h, ok := handModelHistory.Handed(&r.board)
	if !ok {
		return q.HistoryCommits(ctx)
	}
	defer handModelHistory.Forget(&r.board)
	return historyCommits(h.rows), nil
}

// historyCommits groups the history's rows (oldest first by time, then
// by commit: loadHistory) into commits with their changes, as
// query.HistoryCommits reads them: each commit's changes by the path the
// file had in it, with its status. Commits that changed no file are left
// out: neither reader of the list counts them.
func historyCommits(rows []historyRow) []query.HistoryCommit {
	var out []query.HistoryCommit
	for i := 0; i < len(rows); {
		first := rows[i]
		c := query.HistoryCommit{SHA: first.commit, Time: first.time, Parents: first.parents}
		c.Subject, _, _ = strings.Cut(strings.TrimSpace(first.message), "\n")
		end := i + 1
		for end < len(rows) && rows[end].commit == first.commit {
			end++
		}
		// Sized once: grown by appending, the lists were 52 MB of an
		// update's allocations on spring-boot.
		c.Changes = make([]query.HistoryChange, 0, end-i)
		for ; i < end; i++ {
			row := rows[i]
			ch := query.HistoryChange{Path: row.then, Status: row.status, Lines: row.added + row.deleted}
			if row.status == "R" {
				ch.From = row.from
			}
			c.Changes = append(c.Changes, ch)
		}
		sort.Slice(c.Changes, func(a, b int) bool { return c.Changes[a].Path < c.Changes[b].Path })
		out = append(out, c)
	}
	return out
}

// modelEdges are the file graph's links (query.FileEdges): as resolve
// handed them in this run, or read from the store (0.19 s of an update on
// spring-boot, where resolve had them in hand).
func modelEdges(ctx context.Context, r *Run, q *query.Q) ([]query.FileEdge, error) {
	links, ok := handFileLinks.Handed(&r.board)
	if !ok {
		return q.FileEdges(ctx)
	}
	out := make([]query.FileEdge, len(links))
	for i, l := range links {
		kind := l.kind
		if kind == EdgeFileCalls {
			kind = EdgeCalls // as FileEdges names them
		}
		out[i] = query.FileEdge{From: l.from, To: l.to, Kind: kind, Count: l.count, Confidence: l.conf}
	}
	query.SortFileEdges(out)
	return out, nil
}

// modelMetrics are the files' metrics as salience handed them in this
// run, or as stored (query.FileMetrics fills the lists a stored row
// leaves to the file's other rows).
func modelMetrics(ctx context.Context, r *Run, q *query.Q) (map[string]*FileMetrics, error) {
	return handMetricsResults.h.Get(&r.board, func() (map[string]*FileMetrics, error) { return q.FileMetrics(ctx) })
}

// modelDefinitions are every definition with its entity result: as the
// centrality stage handed them in this run (decoding some 20,000 stored
// rows was a quarter of the model's CPU on spring-boot), or as stored; the
// definitions themselves as resolve handed them when it ran (their stored
// metadata, decoded again, was another fifth), or as stored.
func modelDefinitions(ctx context.Context, r *Run, q *query.Q) ([]query.DefinitionRow, error) {
	ents, scored := handEntities.Handed(&r.board)
	if !scored {
		return q.AllDefinitions(ctx)
	}
	defs, ok := handDefinitions.Handed(&r.board)
	if !ok {
		return q.AllDefinitionsScored(ctx, ents)
	}
	out := make([]query.DefinitionRow, len(defs))
	for i, d := range defs {
		out[i] = query.NewDefinitionRow(d.node, d.path, d.kind, int(d.line), int(d.end), d.exported, d.doc)
		if em, ok := ents[d.node]; ok {
			out[i].Scores, out[i].Scored = em, true
		}
	}
	query.SortDefinitions(out)
	return out, nil
}

// typeKinds are the definition kinds that are types: the ones whose
// fields and bases the model carries.
var typeKinds = map[string]bool{"class": true, "struct": true, "interface": true, "enum": true, "type": true, "trait": true}

// factsDigest is what the model takes from the language plugins' facts at
// HEAD, which the store keeps only there.
type factsDigest struct {
	// types are the files' definitions that have fields or bases, with
	// those alone, in the order of the run's languages.
	types []typedFile
	// docs are the modules' purposes (docPicker).
	docs map[string]string
}

type typedFile struct {
	path string
	defs []*sdk.Definition
}

// factsBatch is how many files' facts digestHeadFacts decodes from the
// parse memo at once. The whole of a language's facts would be held for
// a moment otherwise: on spring-boot, 126 MB of facts, for the few
// fields and docs kept (BENCHMARKS.md, "Memory, sixth pass").
const factsBatch = 500

// modelFacts is what the model takes of the parse facts at HEAD: as
// resolve digested them in this run, or read again.
func modelFacts(ctx context.Context, r *Run) (*factsDigest, error) {
	if d, ok := handFactsDigest.Handed(&r.board); ok {
		return d, nil
	}
	return digestHeadFacts(ctx, r)
}

// digestHeadFacts reads the language plugins' facts at HEAD, as the parse
// stages handed them in this run or, a batch of files at a time, as the
// parse memo holds them, and keeps what the model takes of them.
func digestHeadFacts(ctx context.Context, r *Run) (*factsDigest, error) {
	byLang, err := r.filesByLanguage(ctx)
	if err != nil {
		return nil, err
	}
	d := &factsDigest{}
	var docs docPicker
	take := func(facts []*sdk.FileFacts) {
		for _, f := range facts {
			docs.add(f)
			var typed []*sdk.Definition
			for _, fd := range f.GetDefinitions() {
				if len(fd.GetFields())+len(fd.GetBases()) > 0 {
					typed = append(typed, &sdk.Definition{QualifiedName: fd.GetQualifiedName(), Fields: fd.GetFields(), Bases: fd.GetBases()})
				}
			}
			if len(typed) > 0 {
				d.types = append(d.types, typedFile{path: f.GetPath(), defs: typed})
			}
		}
	}
	for _, l := range r.languages {
		if lf, ok := handLanguage.Of(l.Name).Handed(&r.board); ok {
			facts, err := lf.withDefs()
			if err != nil {
				return nil, err
			}
			take(facts)
			continue
		}
		// By path, as loadFacts orders one language's facts.
		files := slices.SortedFunc(slices.Values(byLang[l.Name]), func(a, b HeadFile) int { return strings.Compare(a.Path, b.Path) })
		for i := 0; i < len(files); i += factsBatch {
			facts, err := loadFacts(ctx, r.Store, parserID(l), files[i:min(i+factsBatch, len(files))])
			if err != nil {
				return nil, err
			}
			take(facts)
		}
	}
	d.docs = docs.docs()
	return d, nil
}

// typeFields copies the fields and bases of every type from the language
// plugins' facts at HEAD, in the order of the run's languages: the first
// plugin to give a type's fields wins.
func typeFields(types []typedFile, byFile map[string][]*sdk.DefinitionModel) {
	for _, tf := range types {
		var byName map[string]*sdk.DefinitionModel
		for _, d := range byFile[tf.path] {
			if typeKinds[d.GetKind()] {
				if byName == nil {
					byName = map[string]*sdk.DefinitionModel{}
				}
				byName[d.GetQualifiedName()] = d
			}
		}
		for _, fd := range tf.defs {
			d := byName[fd.GetQualifiedName()]
			if d == nil || len(d.Fields)+len(d.Bases) > 0 {
				continue
			}
			d.Fields, d.Bases = fd.GetFields(), fd.GetBases()
		}
	}
}

// addPatterns reads the recurring add-patterns of the history; examples
// and registration files must exist at HEAD.
func addPatterns(history []query.HistoryCommit, files []HeadFile) []*sdk.AddPattern {
	head := make(query.Head, len(files))
	for _, f := range files {
		head[f.Path] = f.IsTest
	}
	pats := query.MinePatterns(history, head, query.DefaultPatternConfig())
	var out []*sdk.AddPattern
	for _, p := range pats {
		ap := &sdk.AddPattern{Kind: p.Kind, Slot: p.Slot}
		for _, f := range p.Files {
			ap.Files = append(ap.Files, &sdk.PatternFile{Path: f.Path, Created: f.Created, Commits: int32(f.Commits), Example: f.Example})
		}
		for _, c := range p.Commits {
			ap.Commits = append(ap.Commits, &sdk.PatternCommit{Sha: c.SHA, Subject: c.Subject, Time: c.Time, Instance: c.Instance, AtHead: c.AtHead, Partly: c.Partly})
		}
		out = append(out, ap)
	}
	return out
}

// fileModel is a file as renderers see it. Its co-changes are the pairs
// above the configured floors (SPEC §5): the stored partner list keeps
// weaker partners, with their counts, for a reader asking about one file,
// but an artifact summarising the repository states only pairs that
// clear the floors.
func fileModel(fm *FileMetrics, minCount int, minConfidence float64) *sdk.FileModel {
	d := cochange.DefaultConfig()
	minCount, minConfidence = cmp.Or(minCount, d.MinCount), cmp.Or(minConfidence, d.MinConfidence)
	f := &sdk.FileModel{Path: fm.Path, Language: fm.Language, Lines: int32(fm.Lines), IsTest: fm.IsTest, Salience: fm.Salience,
		SalienceClass: fm.Class, Pagerank: fm.PageRank, Betweenness: fm.Betweenness, Authority: fm.Authority, Hub: fm.Hub,
		Changes: int32(fm.Changes), Changes_30D: int32(fm.Changes30), Changes_90D: int32(fm.Changes90), Changes_365D: int32(fm.Changes365),
		ChangePercentile: fm.Percentile, BusFactor: int32(fm.BusFactor), Authors: fm.Authors, TestedBy: fm.TestedBy,
		TestedIndirectlyBy: fm.TestedIndirectlyBy, TestRole: fm.TestRole, Generated: fm.Generated,
		LastChanged: fm.LastChanged, FanIn: int32(fm.FanIn), FanOut: int32(fm.FanOut), Module: moduleOf(fm.Path)}
	for _, d := range fm.Dependents {
		f.Dependents = append(f.Dependents, &sdk.Related{Path: d.Path, Weight: d.Weight, Count: int32(d.Count)})
	}
	for _, c := range fm.CoChanges {
		if c.Count < minCount || c.Weight < minConfidence {
			continue
		}
		f.CoChanges = append(f.CoChanges, &sdk.Related{Path: c.Path, Weight: c.Weight, Count: int32(c.Count)})
		f.CoChangePartners = append(f.CoChangePartners, &sdk.Partner{Path: c.Path, SharedCommits: int32(c.Count),
			Revs: int32(fm.Changes), Confidence: c.Weight, LastTime: c.Last, Sweeps: int32(c.Sweeps), Bots: int32(c.Bots), Releases: int32(c.Releases)})
	}
	risk := &sdk.Risk{Score: fm.Risk.Score, Level: fm.Risk.Level, Recommendations: fm.Risk.Recommendations}
	for _, rr := range fm.Risk.Reasons {
		risk.Reasons = append(risk.Reasons, &sdk.RiskReason{Type: rr.Type, Detail: rr.Detail, Weight: rr.Weight})
	}
	f.Risk = risk
	return f
}

// moduleOf is a file's directory, "." for the root.
func moduleOf(p string) string { return path.Dir(p) }

func isDocument(p string) bool {
	base := strings.ToUpper(path.Base(p))
	// Text to read: Markdown, reStructuredText, plain text, or no extension
	// (README). documentation/images/architecture.svg is a picture.
	if strings.HasSuffix(base, ".MARKDOWN") {
		base = strings.TrimSuffix(base, "ARKDOWN") + "D" // README.markdown is README.md
	}
	if !strings.HasSuffix(base, ".MD") && !strings.HasSuffix(base, ".RST") && !strings.HasSuffix(base, ".TXT") && strings.Contains(base, ".") {
		return false
	}
	if strings.HasPrefix(p, ".github/") && strings.Count(p, "/") > 1 {
		return false // an action's or a template's README: .github/actions/spelling/README.md
	}
	for _, pre := range []string{"README", "CONTRIBUTING", "ARCHITECTURE", "CHANGELOG", "DESIGN", "SECURITY", "HACKING"} {
		if strings.HasPrefix(base, pre) {
			return true
		}
	}
	if path.Dir(p) == "." && (strings.HasSuffix(base, ".MD") || strings.HasSuffix(base, ".RST")) &&
		!strings.HasPrefix(base, "LICENSE") && !strings.HasPrefix(base, "CODE_OF_CONDUCT") {
		return true // the root's own documents: BUILD.md, ADVANCED.md, DEVELOPMENT.md
	}
	if strings.HasSuffix(base, ".MD") && (strings.HasPrefix(p, "docs/") || strings.HasPrefix(p, "doc/") || strings.HasPrefix(p, "documentation/") && !strings.Contains(p, "/examples/") || strings.Contains(p, "/adr/") || strings.Contains(p, "/decisions/")) {
		return true
	}
	return false
}

func buildModules(r *Run, nodes []query.ModuleNode, docs map[string]string, files []HeadFile, metrics map[string]*FileMetrics, edges []query.FileEdge) []*sdk.ModuleModel {
	mods := map[string]*sdk.ModuleModel{}
	for _, n := range nodes {
		mods[n.Path] = &sdk.ModuleModel{Path: n.Path, Language: n.Language, Files: int32(n.Files)}
	}
	type scored struct {
		path string
		s    float64
	}
	best := map[string][]scored{}
	for _, fm := range metrics {
		mod := moduleOf(fm.Path)
		mm := mods[mod]
		if mm == nil {
			mm = &sdk.ModuleModel{Path: mod, Language: fm.Language}
			mods[mod] = mm
		}
		if fm.Salience > mm.Salience {
			mm.Salience = fm.Salience
		}
		mm.Changes += int32(fm.Changes)
		if !fm.IsTest && fm.TestRole != "support" && fm.Class != "" {
			best[mod] = append(best[mod], scored{fm.Path, fm.Salience})
		}
	}
	for mod, list := range best {
		sort.Slice(list, func(i, j int) bool {
			if list[i].s != list[j].s {
				return list[i].s > list[j].s
			}
			return list[i].path < list[j].path
		})
		for i := 0; i < len(list) && i < 3; i++ {
			mods[mod].KeyFiles = append(mods[mod].KeyFiles, list[i].path)
		}
	}
	// Module dependencies from file imports and sure calls: the code's,
	// not its tests'.
	// A package's tests may import what imports the package (a test
	// helper package beside it), which the code itself cannot.
	imports := map[string]map[string]bool{}
	importedBy := map[string]map[string]bool{}
	for _, l := range edges {
		// Calls resolved with confidence count too: a language whose
		// files see their module's other files without importing them
		// links directories by calls alone.
		if l.Kind != EdgeImports && (l.Kind != EdgeCalls || l.Confidence < 0.95) {
			continue
		}
		if src := metrics[l.From]; src != nil && (src.IsTest || src.TestRole == "support") {
			continue
		}
		fm, tm := moduleOf(l.From), moduleOf(l.To)
		if fm == tm {
			continue
		}
		if imports[fm] == nil {
			imports[fm] = map[string]bool{}
		}
		imports[fm][tm] = true
		if importedBy[tm] == nil {
			importedBy[tm] = map[string]bool{}
		}
		importedBy[tm][fm] = true
	}
	// A module is a directory with non-test source code; directories of
	// docs, CI configuration or only tests are not modules of the code, and
	// are left out of every module's imports too.
	kept := func(m map[string]bool) []string {
		var out []string
		for _, k := range sortedKeys(m) {
			if len(best[k]) > 0 {
				out = append(out, k)
			}
		}
		return out
	}
	var out []*sdk.ModuleModel
	for p, mm := range mods {
		if len(best[p]) == 0 {
			continue
		}
		mm.Imports = kept(imports[p])
		mm.ImportedBy = kept(importedBy[p])
		out = append(out, mm)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	byDir := map[string][]HeadFile{}
	for _, f := range files {
		d := moduleOf(f.Path)
		if mods[d] != nil {
			byDir[d] = append(byDir[d], f)
		}
	}
	// A module's purpose: the first sentence of its package doc.
	for _, mm := range out {
		mm.Doc = docs[mm.Path]
		dir := byDir[mm.Path]
		for _, f := range dir {
			mm.FilePaths = append(mm.FilePaths, f.Path)
		}
		mm.ReadmePath, mm.Readme = moduleReadme(r, dir)
	}
	return out
}

// moduleReadme is the module's README, its path and text: README.md
// before README.rst, README.txt and README.
func moduleReadme(r *Run, dir []HeadFile) (string, string) {
	best, rank := HeadFile{}, 0
	for _, f := range dir {
		base := strings.ToLower(path.Base(f.Path))
		n := 0
		switch base {
		case "readme.md":
			n = 4
		case "readme.rst":
			n = 3
		case "readme.txt":
			n = 2
		case "readme":
			n = 1
		}
		if n > rank {
			best, rank = f, n
		}
	}
	if rank == 0 {
		return "", ""
	}
	b, err := r.Repo.Blob(best.Blob)
	if err != nil || !utf8.Valid(b) {
		// A missing blob (a partial clone, a large file left out) leaves
		// the module without its README rather than failing the model.
		return "", ""
	}
	return best.Path, string(b)
}

// moduleEdges joins the file edges between the model's modules.
func moduleEdges(mods []*sdk.ModuleModel, edges []query.FileEdge) []*sdk.Edge {
	known := map[string]bool{}
	for _, m := range mods {
		known[m.Path] = true
	}
	type key struct{ from, to, kind string }
	agg := map[key]*sdk.Edge{}
	var keys []key
	for _, e := range edges {
		k := key{moduleOf(e.From), moduleOf(e.To), e.Kind}
		if k.from == k.to || !known[k.from] || !known[k.to] {
			continue
		}
		me := agg[k]
		if me == nil {
			me = &sdk.Edge{From: k.from, To: k.to, Kind: k.kind}
			agg[k] = me
			keys = append(keys, k)
		}
		me.Count += int32(e.Count)
		me.Weight++
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.kind != b.kind {
			return a.kind > b.kind
		}
		if a.from != b.from {
			return a.from < b.from
		}
		return a.to < b.to
	})
	out := make([]*sdk.Edge, len(keys))
	for i, k := range keys {
		out[i] = agg[k]
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// topEntities are the limit definitions that rank highest, as schema 1's
// entities have always been.
func topEntities(defs []query.DefinitionRow, limit int) []*sdk.EntityModel {
	// The scored definitions are sorted by index, not copied: a copy of
	// every row was 13 MB of the core's heap on spring-boot while the
	// model was built, the core's largest moment.
	all := make([]int32, 0, len(defs))
	for i, d := range defs {
		if d.Scored {
			all = append(all, int32(i))
		}
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := &defs[all[i]], &defs[all[j]]
		if a.Scores.Salience != b.Scores.Salience {
			return a.Scores.Salience > b.Scores.Salience
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Node < b.Node
	})
	if len(all) > limit {
		all = all[:limit]
	}
	out := make([]*sdk.EntityModel, 0, len(all))
	for _, i := range all {
		e := &defs[i]
		out = append(out, &sdk.EntityModel{QualifiedName: e.QualifiedName, Kind: e.Kind, Path: e.Path, Line: int32(e.Line), Salience: e.Scores.Salience,
			Pagerank: e.Scores.PageRank, Callers: int32(e.Scores.Callers), Callees: int32(e.Scores.Callees), TopCallers: e.Scores.TopCallers, Doc: e.Doc})
	}
	return out
}

// sortSets orders co-change sets by falling support, then by their files.
func sortSets(sets []*sdk.CoChangeSet) {
	sort.Slice(sets, func(i, j int) bool {
		if sets[i].Support != sets[j].Support {
			return sets[i].Support > sets[j].Support
		}
		return strings.Join(sets[i].Files, ",") < strings.Join(sets[j].Files, ",")
	})
}

// conventionsModel carries the conventions analysis into the model as it
// found them; the renderers judge which adherence makes a convention.
func conventionsModel(c record.Conventions) *sdk.Conventions {
	share := func(s record.Share) *sdk.Share { return &sdk.Share{Count: int32(s.Count), Total: int32(s.Total)} }
	affixes := func(as []record.Affix) []*sdk.Affix {
		var out []*sdk.Affix
		for _, a := range as {
			out = append(out, &sdk.Affix{Affix: a.Affix, Share: share(a.Of())})
		}
		return out
	}
	m := &sdk.Conventions{Commits: &sdk.CommitStyle{Style: c.Commits.Style, Conventional: share(c.Commits.Conventional),
		Component: share(c.Commits.Component), RecentConventional: share(c.Commits.RecentConventional), Types: affixes(c.Commits.Types)}}
	for _, n := range c.Naming {
		m.Naming = append(m.Naming, &sdk.NamingStyle{Language: n.Language, Kind: n.Kind, Visibility: n.Visibility, Style: n.Style,
			Adherence: share(n.Adherence), Prefixes: affixes(n.Prefixes), Suffixes: affixes(n.Suffixes)})
	}
	for _, t := range c.Tests {
		m.Tests = append(m.Tests, &sdk.TestStyle{Language: t.Language, Pattern: t.Pattern, Adherence: share(t.Adherence),
			Frameworks: affixes(t.Frameworks), InSource: share(t.InSource)})
	}
	for _, d := range c.Docs {
		m.Docs = append(m.Docs, &sdk.DocStyle{Language: d.Language, Coverage: share(d.Coverage), Style: d.Style,
			Adherence: share(d.Adherence), StartsWithName: share(d.StartsWithName)})
	}
	for _, e := range c.Errors {
		m.Errors = append(m.Errors, &sdk.ErrorStyle{Language: e.Language, Style: e.Style, Adherence: share(e.Adherence), Shapes: affixes(e.Shapes)})
	}
	return m
}
