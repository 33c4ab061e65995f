package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// HeadFile is a file at HEAD as the structure source recorded it.
type HeadFile struct {
	ID       int64
	Path     string
	Blob     string
	Language string
	Size     int64
	IsTest   bool
}

// loadHeadFiles reads the files at HEAD; stages use Run.headFiles.
func loadHeadFiles(ctx context.Context, st *store.Store) ([]HeadFile, error) {
	rows, err := st.DB().QueryContext(ctx, `SELECT n.id, n.name, h.blob_id, h.language, h.size, h.is_test
		FROM head_files h JOIN nodes n ON n.id = h.node_id ORDER BY n.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HeadFile
	for rows.Next() {
		var f HeadFile
		if err := rows.Scan(&f.ID, &f.Path, &f.Blob, &f.Language, &f.Size, &f.IsTest); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// claims reports whether a language plugin handles a path.
func claims(info *sdk.Info, p string) bool {
	base := path.Base(p)
	for _, n := range info.GetFilenames() {
		if n == base {
			return true
		}
	}
	for _, ext := range info.GetExtensions() {
		if strings.HasSuffix(base, ext) {
			return true
		}
	}
	return false
}

// languageFiles assigns each HEAD file to the first language plugin that
// claims it, in configuration order.
func languageFiles(files []HeadFile, langs []*plugin.Plugin) map[string][]HeadFile {
	out := map[string][]HeadFile{}
	for _, f := range files {
		for _, l := range langs {
			if claims(l.Info, f.Path) {
				out[l.Name] = append(out[l.Name], f)
				break
			}
		}
	}
	return out
}

// parserID names a plugin version and configuration in the parse memo.
func parserID(p *plugin.Plugin) string { return p.Name + "@" + p.Version + "#" + configHash(p) }

// Tuning for the plugin boundary: batches keep messages small, several
// batches in flight keep every core busy.
const (
	batchFiles    = 48
	batchBytes    = 1 << 20
	maxFileBytes  = 2 << 20
	parseInFlight = 4
)

func parseStage(p *plugin.Plugin) *Stage {
	name := "parse." + p.Name
	return &Stage{
		Name:  name,
		After: []string{"source.structure"},
		Soft:  true,
		Key: func(ctx context.Context, r *Run) (string, error) {
			files, err := r.headFiles(ctx)
			if err != nil {
				return "", err
			}
			parts := []string{parserID(p)}
			for _, f := range languageFiles(files, r.Plugins.OfKind(sdk.KindLanguage))[p.Name] {
				parts = append(parts, f.Path, f.Blob)
			}
			return hashStrings(parts...), nil
		},
		Do: func(ctx context.Context, r *Run, key string) error { return parse(ctx, r, p, name, key) },
	}
}

func memoized(ctx context.Context, st *store.Store, parser string) (map[string]bool, error) {
	rows, err := st.DB().QueryContext(ctx, "SELECT blob_id FROM parse_memo WHERE parser = ?", parser)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		have[b] = true
	}
	return have, rows.Err()
}

func parse(ctx context.Context, r *Run, p *plugin.Plugin, stage, key string) error {
	files, err := r.headFiles(ctx)
	if err != nil {
		return err
	}
	mine := languageFiles(files, r.Plugins.OfKind(sdk.KindLanguage))[p.Name]
	parser := parserID(p)
	have, err := memoized(ctx, r.Store, parser)
	if err != nil {
		return err
	}
	var pending []HeadFile
	queued := map[string]bool{}
	for _, f := range mine {
		if have[f.Blob] || queued[f.Blob] {
			continue
		}
		if f.Size > maxFileBytes {
			r.Warn("%s: skipped, %d bytes is too large to parse", f.Path, f.Size)
			continue
		}
		queued[f.Blob] = true
		pending = append(pending, f)
	}
	bar := r.Progress.Start(stage, len(pending))
	defer bar.Done()

	// While the plugin starts and parses, the facts of the files it need
	// not parse are read from the memo: resolve gets them from this stage.
	var known []HeadFile
	for _, f := range mine {
		if have[f.Blob] {
			known = append(known, f)
		}
	}
	type loaded struct {
		facts []*sdk.FileFacts
		err   error
	}
	prefetch := make(chan loaded, 1)
	go func() {
		ff, err := loadFacts(ctx, r.Store, parser, known)
		prefetch <- loaded{ff, err}
	}()
	var fresh []*sdk.FileFacts

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []*sdk.SourceFile)
	results := make(chan []*sdk.FileFacts)
	var failure error
	var failOnce sync.Once
	fail := func(err error) {
		failOnce.Do(func() { failure = err; cancel() })
	}

	// One reader: go-git's object store is not safe for concurrent use.
	go func() {
		defer close(batches)
		var batch []*sdk.SourceFile
		size := 0
		flush := func() bool {
			if len(batch) == 0 {
				return true
			}
			select {
			case batches <- batch:
			case <-ctx.Done():
				return false
			}
			batch, size = nil, 0
			return true
		}
		for _, f := range pending {
			content, err := r.Repo.Blob(f.Blob)
			if err != nil {
				r.Warn("%s: cannot read %s: %v", p.Name, f.Path, err)
				bar.Add(1)
				continue
			}
			batch = append(batch, &sdk.SourceFile{Path: f.Path, BlobId: f.Blob, Content: content})
			size += len(content)
			if (len(batch) >= batchFiles || size >= batchBytes) && !flush() {
				return
			}
		}
		flush()
	}()

	started := time.Now()
	client, err := p.Connect(ctx)
	if err != nil {
		r.Plugins.Fail(p, err)
		return fmt.Errorf("language %s: %w", p.Name, err)
	}
	r.Log.Debug("plugin ready", "plugin", p.Name, "took", time.Since(started), "files", len(pending))
	lang := client.Language()
	var wg sync.WaitGroup
	for range parseInFlight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range batches {
				cctx, ccancel := context.WithTimeout(ctx, r.Cfg.CallTimeout())
				facts, err := lang.Parse(cctx, batch)
				ccancel()
				if err != nil {
					if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
						err = fmt.Errorf("parse of %d files starting with %s did not finish within %s: %w", len(batch), batch[0].Path, r.Cfg.CallTimeout(), err)
					}
					fail(err)
					return
				}
				select {
				case results <- facts:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	for facts := range results {
		if err := storeFacts(ctx, r, parser, facts); err != nil {
			fail(err)
			break
		}
		fresh = append(fresh, facts...)
		bar.Add(len(facts))
	}
	for range results {
	}
	got := <-prefetch
	if failure != nil {
		r.Plugins.Fail(p, failure)
		return fmt.Errorf("language %s: %w", p.Name, failure)
	}
	if got.err != nil {
		return got.err
	}
	if r.planned != nil && r.planned("resolve") {
		// The plugin is up: ask it now where the imports lead, and hand
		// resolve the whole of this language.
		all := append(got.facts, holderFacts(fresh, mine)...)
		sort.Slice(all, func(i, j int) bool { return all[i].GetPath() < all[j].GetPath() })
		manifests, err := loadManifests(ctx, r.Store)
		if err != nil {
			return err
		}
		paths := make([]string, len(files))
		for i, f := range files {
			paths[i] = f.Path
		}
		r.hand(sharedLanguage(p.Name), &languageFacts{facts: all, imports: resolveImports(ctx, r, p, all, paths, manifests)})
	}
	r.release(p)
	return r.Store.Write(ctx, func(tx *store.Tx) error {
		if err := pruneMemo(tx, p.Name, parser, mine); err != nil {
			return err
		}
		return Finish(tx, stage, key)
	})
}

// languageFacts is what resolve needs of one language: every file's facts
// and where their imports lead.
type languageFacts struct {
	facts   []*sdk.FileFacts
	imports []*sdk.ResolvedImport
}

func sharedLanguage(name string) string { return "language:" + name }

// holderFacts gives each file of files the facts parsed for its blob (a
// blob is parsed once, whatever number of paths hold it).
func holderFacts(parsed []*sdk.FileFacts, files []HeadFile) []*sdk.FileFacts {
	byBlob := make(map[string]*sdk.FileFacts, len(parsed))
	for _, f := range parsed {
		byBlob[f.GetBlobId()] = f
	}
	var out []*sdk.FileFacts
	for _, h := range files {
		f := byBlob[h.Blob]
		if f == nil {
			continue
		}
		if f.GetPath() != h.Path {
			f = proto.Clone(f).(*sdk.FileFacts)
			f.Path = h.Path
		}
		out = append(out, f)
	}
	return out
}

// pruneMemo forgets what other builds or settings of the plugin parsed,
// and once the memo holds more than twice the files at HEAD, the blobs
// that are no longer there (kept until then: a branch switched back and
// forth parses nothing).
func pruneMemo(tx *store.Tx, plugin, parser string, files []HeadFile) error {
	// Parser ids are "NAME@VERSION#CONFIG"; 'A' follows '@'.
	if err := tx.ExecRaw("DELETE FROM parse_memo WHERE parser >= ? AND parser < ? AND parser <> ?", plugin+"@", plugin+"A", parser); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRow("SELECT count(*) FROM parse_memo WHERE parser = ?", parser).Scan(&n); err != nil {
		return err
	}
	if n <= 2*len(files) {
		return nil
	}
	blobs := make([]string, len(files))
	for i, f := range files {
		blobs[i] = f.Blob
	}
	return tx.ExecRaw("DELETE FROM parse_memo WHERE parser = ? AND blob_id NOT IN (SELECT value FROM json_each(?))", parser, mustJSON(blobs))
}

func storeFacts(ctx context.Context, r *Run, parser string, facts []*sdk.FileFacts) error {
	return r.Store.Write(ctx, func(tx *store.Tx) error {
		for _, f := range facts {
			for _, d := range f.GetDiagnostics() {
				if d.GetSeverity() == sdk.SeverityError {
					if d.GetPath() == "" {
						d.Path = f.GetPath()
					}
					r.Warn("%s", diagText(d))
				}
			}
			data, err := proto.Marshal(f)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO parse_memo (blob_id, parser, facts) VALUES (?, ?, ?)
				ON CONFLICT DO UPDATE SET facts = excluded.facts`, f.GetBlobId(), parser, data); err != nil {
				return err
			}
		}
		return nil
	})
}

// loadFacts returns the memoized facts for files, with paths set to the
// files' own (a blob's facts are shared by every path holding it).
func loadFacts(ctx context.Context, st *store.Store, parser string, files []HeadFile) ([]*sdk.FileFacts, error) {
	byBlob := map[string][]HeadFile{}
	for _, f := range files {
		byBlob[f.Blob] = append(byBlob[f.Blob], f)
	}
	blobs := make([]string, 0, len(byBlob))
	for b := range byBlob {
		blobs = append(blobs, b)
	}
	// The memo also holds blobs of earlier commits: look up only these.
	rows, err := st.DB().QueryContext(ctx, `SELECT blob_id, facts FROM parse_memo
		WHERE parser = ? AND blob_id IN (SELECT value FROM json_each(?))`, parser, mustJSON(blobs))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*sdk.FileFacts
	for rows.Next() {
		var blob string
		var data []byte
		if err := rows.Scan(&blob, &data); err != nil {
			return nil, err
		}
		holders := byBlob[blob]
		if len(holders) == 0 {
			continue
		}
		for _, h := range holders {
			f := &sdk.FileFacts{}
			if err := proto.Unmarshal(data, f); err != nil {
				return nil, fmt.Errorf("parse memo for %s: %w", h.Path, err)
			}
			f.Path = h.Path
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].GetPath() < out[j].GetPath() })
	return out, rows.Err()
}
