package pipeline

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/hashicorp/go-hclog"

	"github.com/homer-dev/homer/core/plugin"
	graphs "github.com/homer-dev/homer/core/snapshot"
	"github.com/homer-dev/homer/sdk"
)

// SnapshotStats says what taking a snapshot cost.
type SnapshotStats struct {
	Files  int // files given to a language plugin
	Parsed int // of which parsed now (the rest came from the parse memo)
}

// TakeSnapshot builds the file graph at a commit: its files are read from
// git at that commit (never the work tree), given to the language plugins
// by the rule HEAD's files are (languageFiles), parsed only when the parse
// memo lacks their blob and path (what is parsed is memoized like HEAD's
// parses), their imports resolved by the plugins against the commit's
// files, and the whole joined by Resolve, the resolution HEAD's graph
// goes through. keep filters paths as the structure source filters HEAD's.
// A language plugin that fails costs its files, not the snapshot: it is
// reported with r.Warn.
func TakeSnapshot(ctx context.Context, r *Run, commit string, keep func(string) bool) (*graphs.Snapshot, SnapshotStats, error) {
	var stats SnapshotStats
	if r.Log == nil {
		r.Log = hclog.NewNullLogger()
	}
	tree, err := r.Repo.Files(commit)
	if err != nil {
		return nil, stats, err
	}
	var files []HeadFile
	for _, f := range tree {
		if keep == nil || keep(f.Path) {
			files = append(files, HeadFile{Path: f.Path, Blob: f.Blob, Size: f.Size})
		}
	}
	when, err := r.Repo.CommitTime(commit)
	if err != nil {
		return nil, stats, err
	}
	langs := r.Plugins.OfKind(sdk.KindLanguage)
	byLang := languageFiles(files, langs)
	manifests, err := manifestsAt(ctx, r, files)
	if err != nil {
		return nil, stats, err
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	keyParts := []string{resolveVersion}
	for _, l := range langs {
		keyParts = append(keyParts, parserID(l))
	}
	for _, f := range files {
		keyParts = append(keyParts, f.Path, f.Blob)
	}

	var facts []*sdk.FileFacts
	imports := map[string][]*sdk.ResolvedImport{}
	for _, l := range langs {
		mine := byLang[l.Name]
		if len(mine) == 0 {
			continue
		}
		stats.Files += len(mine)
		ff, parsed, err := snapshotFacts(ctx, r, l, mine)
		stats.Parsed += parsed
		if err != nil {
			if ctx.Err() != nil {
				return nil, stats, ctx.Err()
			}
			r.Warn("snapshot %.12s: language %s: %v", commit, l.Name, err)
			continue
		}
		facts = append(facts, ff...)
		ri, err := snapshotImports(ctx, r, l, ff, paths, manifests)
		if err != nil {
			r.Warn("snapshot %.12s: language %s: import resolution failed: %v", commit, l.Name, err)
		}
		for _, x := range ri {
			imports[x.GetFromPath()] = append(imports[x.GetFromPath()], x)
		}
	}
	sort.Slice(facts, func(i, j int) bool { return facts[i].GetPath() < facts[j].GetPath() })
	g := Resolve(facts, imports)

	blobs := map[string]string{}
	for _, f := range files {
		blobs[f.Path] = f.Blob
	}
	s := &graphs.Snapshot{Commit: commit, Time: when, Key: hashStrings(keyParts...)}
	// Weighed as HEAD is (loadFileGraph): a test's support is on the
	// tests' side.
	byPath := make(map[string]*sdk.FileFacts, len(facts))
	for _, f := range facts {
		byPath[f.GetPath()] = f
	}
	offConvention := offConventionTests(byPath)
	for _, f := range facts {
		test := f.GetIsTest() || testSupport(f.GetPath(), f.GetIsTest(), f, offConvention)
		s.Files = append(s.Files, graphs.File{Path: f.GetPath(), Blob: blobs[f.GetPath()], Test: test})
	}
	index := s.Index()
	for _, kind := range []graphs.Kind{graphs.Import, graphs.Call} {
		m := g.Imports
		if kind == graphs.Call {
			m = g.FileCalls
		}
		for k, l := range m {
			a, okA := index[k[0]]
			b, okB := index[k[1]]
			if okA && okB && a != b {
				s.Edges = append(s.Edges, graphs.Edge{Kind: kind, From: a, To: b, Weight: l.Count})
			}
		}
	}
	sort.Slice(s.Edges, func(i, j int) bool {
		x, y := s.Edges[i], s.Edges[j]
		if x.Kind != y.Kind {
			return x.Kind < y.Kind
		}
		if x.From != y.From {
			return x.From < y.From
		}
		return x.To < y.To
	})
	if err := s.Measure(r.Cfg.Analyzers.Centrality.ExactBetweennessBelow); err != nil {
		return nil, stats, err
	}
	return s, stats, nil
}

// SnapshotKey is the key TakeSnapshot would give the snapshot of commit,
// computed without parsing: equal to a stored snapshot's, nothing needs
// rebuilding.
func SnapshotKey(r *Run, commit string, keep func(string) bool) (string, error) {
	tree, err := r.Repo.Files(commit)
	if err != nil {
		return "", err
	}
	parts := []string{resolveVersion}
	for _, l := range r.Plugins.OfKind(sdk.KindLanguage) {
		parts = append(parts, parserID(l))
	}
	for _, f := range tree {
		if keep == nil || keep(f.Path) {
			parts = append(parts, f.Path, f.Blob)
		}
	}
	return hashStrings(parts...), nil
}

// manifestsAt is HEAD's manifests whose file the commit has. A manifest's
// content at the commit is not read again: a module renamed since then
// resolves its imports by its name at HEAD.
func manifestsAt(ctx context.Context, r *Run, files []HeadFile) ([]*sdk.Manifest, error) {
	all, err := loadManifests(ctx, r.Store)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, f := range files {
		have[f.Path] = true
	}
	var out []*sdk.Manifest
	for _, m := range all {
		if have[m.GetPath()] {
			out = append(out, m)
		}
	}
	return out, nil
}

// snapshotFacts returns the facts of a language's files at a commit: from
// the parse memo, after parsing (and memoizing) those it lacks.
func snapshotFacts(ctx context.Context, r *Run, p *plugin.Plugin, files []HeadFile) ([]*sdk.FileFacts, int, error) {
	parser := parserID(p)
	have, err := memoized(ctx, r.Store, parser, files)
	if err != nil {
		return nil, 0, err
	}
	var pending []HeadFile
	for _, f := range files {
		if !have[memoKey(f.Blob, f.Path)] && f.Size <= maxFileBytes {
			pending = append(pending, f)
		}
	}
	parsed := 0
	if len(pending) > 0 {
		client, err := p.Connect(ctx)
		if err != nil {
			return nil, 0, err
		}
		lang := client.Language()
		batches := make(chan []*sdk.SourceFile)
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var mu sync.Mutex
		var failure error
		go func() {
			defer close(batches)
			var batch []*sdk.SourceFile
			size := 0
			for _, f := range pending {
				content, err := r.Repo.Blob(f.Blob)
				if err != nil {
					r.Warn("%s: cannot read %s: %v", p.Name, f.Path, err)
					continue
				}
				batch = append(batch, &sdk.SourceFile{Path: f.Path, BlobId: f.Blob, Content: content})
				size += len(content)
				if len(batch) >= batchFiles || size >= batchBytes {
					select {
					case batches <- batch:
					case <-ctx.Done():
						return
					}
					batch, size = nil, 0
				}
			}
			if len(batch) > 0 {
				select {
				case batches <- batch:
				case <-ctx.Done():
				}
			}
		}()
		var wg sync.WaitGroup
		for range parseInFlight {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for batch := range batches {
					cctx, ccancel := context.WithTimeout(ctx, r.Cfg.CallTimeout())
					facts, err := lang.Parse(cctx, batch)
					ccancel()
					if err == nil {
						err = storeFacts(ctx, r, parser, facts)
					}
					mu.Lock()
					if err != nil && failure == nil {
						failure = fmt.Errorf("parse of %d files starting with %s: %w", len(batch), batch[0].Path, err)
						cancel()
					}
					parsed += len(facts)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if failure != nil {
			return nil, parsed, failure
		}
	}
	facts, err := loadFacts(ctx, r.Store, parser, files)
	return facts, parsed, err
}

// snapshotImports asks a language plugin where its files' imports lead
// among the commit's files.
func snapshotImports(ctx context.Context, r *Run, p *plugin.Plugin, facts []*sdk.FileFacts, paths []string, manifests []*sdk.Manifest) ([]*sdk.ResolvedImport, error) {
	sites := importSites(facts)
	if len(sites) == 0 {
		return nil, nil
	}
	client, err := p.Connect(ctx)
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithTimeout(ctx, r.Cfg.CallTimeout())
	defer cancel()
	resp, err := client.Language().ResolveImports(cctx, &sdk.ResolveRequest{Files: paths, Manifests: manifests, Imports: sites})
	if err != nil {
		return nil, err
	}
	return resp.GetImports(), nil
}
