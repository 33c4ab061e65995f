package pipeline

import (
	"cmp"

	"context"
	"encoding/json"
	"fmt"
	"github.com/homer-dev/homer/core/analyze/cochange"
	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/record"
	"path"
	"sort"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// KindRepository is the one node that holds repository-wide results (the
// render model).
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
const modelVersion = "model-1"

func modelStage(r *Run, deps []string) *engine.Stage {
	return &engine.Stage{
		Name: "model",
		Deps: deps,
		Key: func(ctx context.Context) (string, error) {
			return hashStrings(modelVersion, r.Head, fmt.Sprint(r.Cfg.Analyzers.Salience.RiskThreshold)), nil
		},
		Do: func(ctx context.Context, j *engine.Job) error {
			key := j.Key()
			r.warm(ctx, "render.", r.Plugins.OfKind(sdk.KindRenderer))
			m, err := BuildModel(ctx, r.Store, r)
			if err != nil {
				return err
			}
			data, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
			if err != nil {
				return err
			}
			handModel.Hand(&r.board, m)
			return j.FinishEarly(r.Store.Queue(ctx, func(tx *store.Tx) error {
				id, err := tx.Node(KindRepository, ".")
				if err != nil {
					return err
				}
				if err := tx.SetResultBlob(id, "model", key, data); err != nil {
					return err
				}
				return j.Finish(tx)
			}))
		},
	}
}

// count runs a query of one integer. Its error fails the model: a count
// read as 0 would be stored in the model, and stay there while its key
// holds.
func count(ctx context.Context, st *store.Store, q string, args ...any) (int32, error) {
	var n int32
	if err := st.DB().QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("%s: %w", q, err)
	}
	return n, nil
}

// BuildModel assembles the render model from the store.
func BuildModel(ctx context.Context, st *store.Store, r *Run) (*sdk.Model, error) {
	headTime, err := r.HeadTime()
	if err != nil {
		return nil, err
	}
	m := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: r.Repo.Name(), Head: r.Head, HeadTime: headTime,
		RiskThreshold: r.Cfg.Analyzers.Salience.RiskThreshold}
	files, err := r.headFiles(ctx)
	if err != nil {
		return nil, err
	}
	metrics, err := handMetricsResults.get(ctx, r)
	if err != nil {
		return nil, err
	}
	// The counts below are read from the store, resolve's among them.
	if err := r.awaitWrite("resolve"); err != nil {
		return nil, err
	}
	sum := &sdk.Summary{Languages: map[string]int32{}}
	sum.Files = int32(len(files))
	for _, c := range []struct {
		to    *int32
		query string
		args  []any
	}{
		{&sum.Commits, "SELECT count(*) FROM commits", nil},
		{&sum.Contributors, "SELECT count(DISTINCT author_id) FROM commits", nil},
		{&sum.Definitions, "SELECT count(*) FROM nodes WHERE kind = ?", []any{KindDefinition}},
		{&sum.CallEdges, "SELECT count(*) FROM edges WHERE kind = ?", []any{EdgeCalls}},
		{&sum.ImportEdges, "SELECT count(*) FROM edges WHERE kind = ?", []any{EdgeImports}},
	} {
		if *c.to, err = count(ctx, st, c.query, c.args...); err != nil {
			return nil, err
		}
	}
	if err := st.DB().QueryRowContext(ctx, "SELECT coalesce(min(commit_time), 0), coalesce(max(commit_time), 0) FROM commits").Scan(&sum.FirstCommitTime, &sum.LastCommitTime); err != nil {
		return nil, fmt.Errorf("first and last commit times: %w", err)
	}
	for _, f := range files {
		if f.Language != "" {
			sum.Languages[f.Language]++
		}
		if _, ok := metrics[f.Path]; ok {
			sum.SourceFiles++
		}
	}
	m.Summary = sum

	if m.Commands, err = loadCommands(ctx, st); err != nil {
		return nil, err
	}
	if m.Manifests, err = r.manifests(ctx); err != nil {
		return nil, err
	}
	for _, f := range files {
		if isDocument(f.Path) {
			m.Documents = append(m.Documents, f.Path)
		}
	}

	for _, p := range sortedKeys(metrics) {
		fm := metrics[p]
		m.Files = append(m.Files, fileModel(fm, r.Cfg.Analyzers.CoChange.MinCount, r.Cfg.Analyzers.CoChange.MinConfidence))
	}
	if m.Modules, err = buildModules(ctx, r, metrics); err != nil {
		return nil, err
	}
	if m.Entities, err = topEntities(ctx, r, 60); err != nil {
		return nil, err
	}
	if m.CoChangeSets, err = handCoChangeSets.Get(&r.board, func() ([]*sdk.CoChangeSet, error) { return loadCoChangeSets(ctx, st) }); err != nil {
		return nil, err
	}
	return m, nil
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
		LastChanged: fm.LastChanged, FanIn: int32(fm.FanIn), FanOut: int32(fm.FanOut), Module: moduleOf(fm.Path)}
	for _, d := range fm.Dependents {
		f.Dependents = append(f.Dependents, &sdk.Related{Path: d.Path, Weight: d.Weight, Count: int32(d.Count)})
	}
	for _, c := range fm.CoChanges {
		if c.Count < minCount || c.Weight < minConfidence {
			continue
		}
		f.CoChanges = append(f.CoChanges, &sdk.Related{Path: c.Path, Weight: c.Weight, Count: int32(c.Count)})
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
	if !strings.HasSuffix(base, ".MD") && !strings.HasSuffix(base, ".RST") && !strings.HasSuffix(base, ".TXT") && !strings.Contains(base, ".") {
		return false
	}
	for _, pre := range []string{"README", "CONTRIBUTING", "ARCHITECTURE", "CHANGELOG", "DESIGN", "SECURITY", "HACKING"} {
		if strings.HasPrefix(base, pre) {
			return true
		}
	}
	if strings.HasSuffix(base, ".MD") && (strings.HasPrefix(p, "docs/") || strings.HasPrefix(p, "doc/") || strings.Contains(p, "/adr/") || strings.Contains(p, "/decisions/")) {
		return true
	}
	return false
}

func loadCommands(ctx context.Context, st *store.Store) ([]*sdk.BuildCommand, error) {
	rows, err := st.DB().QueryContext(ctx, "SELECT name, metadata FROM nodes WHERE kind = ? ORDER BY name", KindCommand)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*sdk.BuildCommand
	for rows.Next() {
		var name, meta string
		if err := rows.Scan(&name, &meta); err != nil {
			return nil, err
		}
		var md struct{ Kind, Origin string }
		if err := json.Unmarshal([]byte(meta), &md); err != nil {
			return nil, fmt.Errorf("command %q: metadata: %w", name, err)
		}
		out = append(out, &sdk.BuildCommand{Command: name, Kind: md.Kind, Origin: md.Origin})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Command < out[j].Command
	})
	return out, rows.Err()
}

func buildModules(ctx context.Context, r *Run, metrics map[string]*FileMetrics) ([]*sdk.ModuleModel, error) {
	rows, err := r.Store.DB().QueryContext(ctx, "SELECT name, metadata FROM nodes WHERE kind = ? ORDER BY name", KindModule)
	if err != nil {
		return nil, err
	}
	mods := map[string]*sdk.ModuleModel{}
	for rows.Next() {
		var name, meta string
		if err := rows.Scan(&name, &meta); err != nil {
			rows.Close()
			return nil, err
		}
		var md struct {
			Language string
			Files    int32
		}
		if err := json.Unmarshal([]byte(meta), &md); err != nil {
			rows.Close()
			return nil, fmt.Errorf("module %q: metadata: %w", name, err)
		}
		if name == "" {
			name = "."
		}
		mods[name] = &sdk.ModuleModel{Path: name, Language: md.Language, Files: md.Files}
	}
	rows.Close()
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
		if !fm.IsTest && fm.Class != "" {
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
	// Module dependencies from file imports.
	links, err := graphLinks(ctx, r)
	if err != nil {
		return nil, err
	}
	imports := map[string]map[string]bool{}
	importedBy := map[string]map[string]bool{}
	for _, l := range links {
		if l.kind != EdgeImports {
			continue
		}
		fm, tm := moduleOf(l.from), moduleOf(l.to)
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
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// topEntities are the definitions that rank highest, with what the model
// shows of each.
func topEntities(ctx context.Context, r *Run, limit int) ([]*sdk.EntityModel, error) {
	scores, err := entityScores(ctx, r)
	if err != nil {
		return nil, err
	}
	type ranked struct {
		node, path, qn string
		em             EntityMetrics
	}
	all := make([]ranked, 0, len(scores))
	for node, em := range scores {
		qn := qualifiedName(node)
		all = append(all, ranked{node: node, path: strings.TrimSuffix(node, "#"+qn), qn: qn, em: em})
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.em.Salience != b.em.Salience {
			return a.em.Salience > b.em.Salience
		}
		if a.path != b.path {
			return a.path < b.path
		}
		return a.qn < b.qn
	})
	if len(all) > limit {
		all = all[:limit]
	}
	names := make([]string, len(all))
	for i, e := range all {
		names[i] = e.node
	}
	meta, err := decodeByName[defMeta](ctx, r.Store, `SELECT name, metadata FROM nodes
		WHERE kind = ? AND name IN (SELECT value FROM json_each(?))`, KindDefinition, mustJSON(names))
	if err != nil {
		return nil, err
	}
	out := make([]*sdk.EntityModel, 0, len(all))
	for _, e := range all {
		md := meta[e.node]
		out = append(out, &sdk.EntityModel{QualifiedName: e.qn, Kind: md.Kind, Path: md.Path, Line: md.Line, Salience: e.em.Salience,
			Pagerank: e.em.PageRank, Callers: int32(e.em.Callers), Callees: int32(e.em.Callees), TopCallers: e.em.TopCallers, Doc: md.Doc})
	}
	return out, nil
}

// entityScores are the definitions' stored results, by node name.
func entityScores(ctx context.Context, r *Run) (map[string]EntityMetrics, error) {
	return handEntities.Get(&r.board, func() (map[string]EntityMetrics, error) {
		return decodeByName[EntityMetrics](ctx, r.Store, `SELECT n.name, r.data FROM results r JOIN nodes n ON n.id = r.node_id
			WHERE r.kind = 'entity' AND n.kind = ?`, KindDefinition)
	})
}

func loadCoChangeSets(ctx context.Context, st *store.Store) ([]*sdk.CoChangeSet, error) {
	rows, err := st.DB().QueryContext(ctx, `SELECT e.id, e.confidence, e.metadata, n.name FROM edges e
		JOIN edge_members m ON m.edge_id = e.id JOIN nodes n ON n.id = m.node_id
		WHERE e.kind = ? ORDER BY e.id, m.position`, EdgeCoChange)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]*sdk.CoChangeSet{}
	var order []int64
	for rows.Next() {
		var id int64
		var conf float64
		var meta, name string
		if err := rows.Scan(&id, &conf, &meta, &name); err != nil {
			return nil, err
		}
		s := byID[id]
		if s == nil {
			var md struct{ Support int32 }
			if err := json.Unmarshal([]byte(meta), &md); err != nil {
				return nil, fmt.Errorf("co-change set with %s: metadata: %w", name, err)
			}
			s = &sdk.CoChangeSet{Support: md.Support, Confidence: conf}
			byID[id] = s
			order = append(order, id)
		}
		s.Files = append(s.Files, name)
	}
	out := make([]*sdk.CoChangeSet, 0, len(order))
	for _, id := range order {
		sort.Strings(byID[id].Files)
		out = append(out, byID[id])
	}
	sortSets(out)
	return out, rows.Err()
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
