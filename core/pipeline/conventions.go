package pipeline

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/homer-dev/homer/core/analyze/conventions"
	"github.com/homer-dev/homer/core/analyze/docfresh"
	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// Versions of the conventions and documentation-freshness glue.
const (
	conventionsVersion = "conventions-2"
	docFreshVersion    = "docfresh-1"
	// docFreshDepth is how many commits of a file's history are read back
	// from HEAD at most; a doc older than that is reported as a lower
	// bound (StaleDoc.Truncated).
	docFreshDepth = 400
	// docFreshFirst is how many of a file's latest commits the first
	// round reads; each further round reads four times as many.
	docFreshFirst = 8
)

// conventionStages are the conventions and documentation-freshness
// analyses: both read the parsed files at HEAD (resolve runs after every
// parse) and the history.
func conventionStages(r *Run, parses []string) []*engine.Stage {
	c := analyzeStage(r, "conventions", []string{"source.git", "resolve"}, conventionsVersion, doConventions)
	c.Yield = parses
	d := analyzeStage(r, "doc-freshness", []string{"source.git", "resolve"}, fmt.Sprint(docFreshVersion, docFreshDepth), doDocFreshness)
	d.Yield = parses
	return []*engine.Stage{c, d}
}

// headFacts returns each language's facts at HEAD: handed by its parse
// stage in this run, or read from the parse memo.
func headFacts(ctx context.Context, r *Run) (map[*plugin.Plugin][]*sdk.FileFacts, error) {
	byLang, err := r.filesByLanguage(ctx)
	if err != nil {
		return nil, err
	}
	out := map[*plugin.Plugin][]*sdk.FileFacts{}
	for _, l := range r.languages {
		if lf, ok := handLanguage.Of(l.Name).Handed(&r.board); ok {
			out[l] = lf.facts
			continue
		}
		facts, err := loadFacts(ctx, r.Store, parserID(l), byLang[l.Name])
		if err != nil {
			return nil, err
		}
		out[l] = facts
	}
	return out, nil
}

func doConventions(ctx context.Context, r *Run, j *engine.Job) error {
	key := j.Key()
	facts, err := headFacts(ctx, r)
	if err != nil {
		return err
	}
	var files []conventions.File
	for _, list := range facts {
		for _, f := range list {
			cf := conventions.File{Path: f.GetPath(), Language: f.GetLanguage(), IsTest: f.GetIsTest()}
			for _, im := range f.GetImports() {
				cf.Imports = append(cf.Imports, im.GetSpec())
			}
			for _, d := range f.GetDefinitions() {
				cf.Definitions = append(cf.Definitions, conventions.Definition{Name: d.GetName(), Kind: d.GetKind(),
					Exported: d.GetExported(), Doc: d.GetDoc(), DocStyle: d.GetDocStyle()})
			}
			files = append(files, cf)
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	var commits []conventions.Commit
	if err := scanRows(ctx, r.Store, `SELECT message, parents FROM commits ORDER BY commit_time, node_id`, nil, func(rows *sql.Rows) error {
		var c conventions.Commit
		var parents int
		if err := rows.Scan(&c.Message, &parents); err != nil {
			return err
		}
		c.Merge = parents > 1
		commits = append(commits, c)
		return nil
	}); err != nil {
		return err
	}
	data := mustJSON(conventions.Analyze(files, commits))
	return r.Store.Write(ctx, func(tx *store.Tx) error {
		id, err := tx.Node(KindRepository, ".")
		if err != nil {
			return err
		}
		if err := tx.SetResult(id, record.ResultConventions, key, data); err != nil {
			return err
		}
		return j.Finish(tx)
	})
}

// touch is one commit that changed a file, under the path it had then.
type touch struct {
	commit, subject string
	time            int64
	path, oldPath   string
}

// fileTouches reads every change of every file, newest first, by path.
func fileTouches(ctx context.Context, st *store.Store) (map[string][]touch, error) {
	out := map[string][]touch{}
	err := scanRows(ctx, st, `SELECT n.name, c.commit_time, c.message, f.name, coalesce(o.name, '')
		FROM changes ch JOIN commits c ON c.node_id = ch.commit_id JOIN nodes n ON n.id = ch.commit_id
		JOIN nodes f ON f.id = ch.file_id LEFT JOIN nodes o ON o.id = ch.old_file_id
		ORDER BY c.commit_time DESC, n.name`, nil, func(rows *sql.Rows) error {
		var t touch
		var msg string
		if err := rows.Scan(&t.commit, &t.time, &msg, &t.path, &t.oldPath); err != nil {
			return err
		}
		t.subject, _, _ = strings.Cut(strings.TrimSpace(msg), "\n")
		out[t.path] = append(out[t.path], t)
		return nil
	})
	return out, err
}

// historyOf is a file's touches, newest first, following renames back to
// older paths, at most limit.
func historyOf(all map[string][]touch, path string, limit int) []touch {
	var out []touch
	seen := map[string]bool{}
	before := int64(1) << 62
	for path != "" && !seen[path] && len(out) < limit {
		seen[path] = true
		next := ""
		for _, t := range all[path] {
			if t.time > before {
				continue
			}
			out = append(out, t)
			if len(out) == limit {
				break
			}
			if t.oldPath != "" && t.oldPath != t.path {
				next, before = t.oldPath, t.time
				break
			}
		}
		path = next
	}
	return out
}

// functionSources are a file's functions and methods as docfresh takes them.
func functionSources(f *sdk.FileFacts) []docfresh.Source {
	var out []docfresh.Source
	for _, d := range f.GetDefinitions() {
		if conventions.KindGroup(d.GetKind()) != "function" || d.GetDeclaration() {
			continue
		}
		out = append(out, docfresh.Source{Name: d.GetQualifiedName(), Doc: d.GetDoc(),
			Start: int(d.GetSpan().GetStartLine()), End: int(d.GetSpan().GetEndLine())})
	}
	return out
}

func hasDocumentedFunction(f *sdk.FileFacts) bool {
	for _, s := range functionSources(f) {
		if strings.TrimSpace(s.Doc) != "" {
			return true
		}
	}
	return false
}

func doDocFreshness(ctx context.Context, r *Run, j *engine.Job) error {
	key := j.Key()
	facts, err := headFacts(ctx, r)
	if err != nil {
		return err
	}
	files, err := r.headFiles(ctx)
	if err != nil {
		return err
	}
	ids := fileIDs(files)
	all, err := fileTouches(ctx, r.Store)
	if err != nil {
		return err
	}
	results := map[int64]string{}
	langs := make([]*plugin.Plugin, 0, len(facts))
	for l := range facts {
		langs = append(langs, l)
	}
	sort.Slice(langs, func(a, b int) bool { return langs[a].Name < langs[b].Name })
	for _, l := range langs {
		stale, err := docFreshness(ctx, r, j, l, facts[l], all)
		if err != nil {
			return err
		}
		for path, list := range stale {
			if id := ids[path]; id != 0 && len(list) > 0 {
				results[id] = mustJSON(list)
			}
		}
	}
	return r.Store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.ReplaceResults(record.ResultDocFreshness, key, results); err != nil {
			return err
		}
		return j.Finish(tx)
	})
}

// blobPair is a file's blob after and before one commit.
type blobPair struct{ after, before string }

// docFreshness finds one language's stale docs, by file.
func docFreshness(ctx context.Context, r *Run, j *engine.Job, l *plugin.Plugin, facts []*sdk.FileFacts, all map[string][]touch) (map[string][]record.StaleDoc, error) {
	parser := parserID(l)
	type work struct {
		facts   *sdk.FileFacts
		touches []touch
	}
	var todo []work
	for _, f := range facts {
		if f.GetIsTest() || !hasDocumentedFunction(f) {
			continue
		}
		todo = append(todo, work{f, historyOf(all, f.GetPath(), docFreshDepth)})
	}
	if len(todo) == 0 {
		return nil, nil
	}
	// The blobs around each commit: from the memo, else from git.
	pairs := map[[2]string]blobPair{}
	if err := scanRows(ctx, r.Store, `SELECT commit_sha, path, after, before FROM path_blobs`, nil, func(rows *sql.Rows) error {
		var c, p string
		var b blobPair
		if err := rows.Scan(&c, &p, &b.after, &b.before); err != nil {
			return err
		}
		pairs[[2]string{c, p}] = b
		return nil
	}); err != nil {
		return nil, err
	}
	// The versions each file needs, parsed under its path at HEAD.
	versions := map[[2]string]docfresh.Version{}
	if err := scanRows(ctx, r.Store, `SELECT blob_id, path, defs FROM doc_memo WHERE parser = ?`, []any{parser}, func(rows *sql.Rows) error {
		var b, p, data string
		if err := rows.Scan(&b, &p, &data); err != nil {
			return err
		}
		v := docfresh.Version{}
		if err := json.Unmarshal([]byte(data), &v); err != nil {
			return fmt.Errorf("doc memo %s %s: %w", b, p, err)
		}
		versions[[2]string{b, p}] = v
		return nil
	}); err != nil {
		return nil, err
	}
	var newPairs [][4]string
	parsed := map[[2]string]docfresh.Version{}
	unreadable := 0
	// The version at HEAD is hashed from the facts already parsed.
	for _, w := range todo {
		k := [2]string{w.facts.GetBlobId(), w.facts.GetPath()}
		if _, ok := versions[k]; ok || k[0] == "" {
			continue
		}
		content, err := r.Repo.Blob(k[0])
		if err != nil {
			r.Warn("doc freshness: %s: %v", k[1], err)
			continue
		}
		parsed[k] = docfresh.Hashes(content, functionSources(w.facts))
		versions[k] = parsed[k]
	}
	// Rounds over ever longer stretches of each file's history, newest
	// first: a file whose documented functions all reached their doc's
	// last change needs no older version read or parsed.
	out := map[string][]record.StaleDoc{}
	// The plugin is stopped once every round is done, not between rounds.
	defer r.release(l)
	active := todo
	for window := docFreshFirst; len(active) > 0; window *= 4 {
		var missing []*sdk.SourceFile
		queued := map[[2]string]bool{}
		need := func(blob, path string) {
			k := [2]string{blob, path}
			if blob == "" || queued[k] {
				return
			}
			if _, ok := versions[k]; !ok {
				queued[k] = true
				missing = append(missing, &sdk.SourceFile{Path: path, BlobId: blob})
			}
		}
		// A file reads further than the window while what it reads is
		// memoized already: after a few new commits, the versions an
		// earlier run needed are still read, and nothing is parsed again.
		reach := func(w work) int {
			n := min(window, len(w.touches))
			for n < len(w.touches) {
				b, ok := pairs[[2]string{w.touches[n].commit, w.touches[n].path}]
				_, hasAfter := versions[[2]string{b.after, w.facts.GetPath()}]
				_, hasBefore := versions[[2]string{b.before, w.facts.GetPath()}]
				if !ok || (b.after != "" && !hasAfter) || (b.before != "" && !hasBefore) {
					break
				}
				n++
			}
			return n
		}
		ends := make([]int, len(active))
		for i, w := range active {
			ends[i] = reach(w)
			for _, t := range w.touches[:ends[i]] {
				k := [2]string{t.commit, t.path}
				b, ok := pairs[k]
				if !ok {
					old := t.path
					if t.oldPath != "" {
						old = t.oldPath
					}
					after, before, err := r.Repo.PathBlobs(t.commit, t.path, old)
					if err != nil {
						unreadable++
						continue
					}
					b = blobPair{after, before}
					pairs[k] = b
					newPairs = append(newPairs, [4]string{t.commit, t.path, after, before})
				}
				need(b.after, w.facts.GetPath())
				need(b.before, w.facts.GetPath())
			}
		}
		got, err := parseVersions(ctx, r, j, l, missing)
		if err != nil {
			return nil, err
		}
		for k, v := range got {
			parsed[k] = v
			versions[k] = v
		}
		var next []work
		for i, w := range active {
			path := w.facts.GetPath()
			head, ok := versions[[2]string{w.facts.GetBlobId(), path}]
			if !ok {
				continue
			}
			f := docfresh.File{Path: path, Head: head}
			for _, t := range w.touches[:ends[i]] {
				b, ok := pairs[[2]string{t.commit, t.path}]
				if !ok {
					continue
				}
				c := docfresh.Change{Commit: t.commit, Time: t.time, Subject: t.subject, After: versions[[2]string{b.after, path}]}
				if b.before != "" {
					c.Before = versions[[2]string{b.before, path}]
				}
				if c.After == nil {
					continue
				}
				f.Changes = append(f.Changes, c)
			}
			stale, open := docfresh.Walk(f)
			if open > 0 && ends[i] < len(w.touches) {
				next = append(next, w)
				continue
			}
			if len(stale) > 0 {
				out[path] = stale
			}
		}
		active = next
	}
	if unreadable > 0 {
		// A shallow clone's boundary, a partial clone: history that is
		// not there. The answer is a lower bound, which is said, not a
		// failure of the run.
		r.Note("doc freshness (%s): %d commits could not be read; their changes are not counted", l.Name, unreadable)
	}
	if err := r.Store.Write(ctx, func(tx *store.Tx) error {
		for _, p := range newPairs {
			if _, err := tx.Exec(`INSERT INTO path_blobs (commit_sha, path, after, before) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, p[0], p[1], p[2], p[3]); err != nil {
				return err
			}
		}
		for k, v := range parsed {
			if _, err := tx.Exec(`INSERT INTO doc_memo (blob_id, parser, path, defs) VALUES (?, ?, ?, ?)
				ON CONFLICT DO UPDATE SET defs = excluded.defs`, k[0], parser, k[1], mustJSON(v)); err != nil {
				return err
			}
		}
		// Other builds of the plugin parsed differently.
		return tx.ExecRaw(`DELETE FROM doc_memo WHERE parser >= ? AND parser < ? AND parser <> ?`, l.Name+"@", l.Name+"A", parser)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// parseVersions parses older versions of files through their language
// plugin and hashes their functions. A blob that cannot be read or parsed
// is left out (its commits count nothing) and reported.
func parseVersions(ctx context.Context, r *Run, j *engine.Job, l *plugin.Plugin, files []*sdk.SourceFile) (map[[2]string]docfresh.Version, error) {
	out := map[[2]string]docfresh.Version{}
	if len(files) == 0 {
		return out, nil
	}
	r.Log.Debug("doc freshness: older versions to parse", "language", l.Name, "blobs", len(files), "first", files[0].Path+"@"+files[0].BlobId)
	bar := r.Progress.Start("doc-freshness."+l.Name, len(files))
	defer bar.Done()
	client, err := l.Connect(ctx)
	if err != nil {
		r.Warn("doc freshness: language %s: %v", l.Name, err)
		j.Incomplete("plugin " + l.Name)
		return out, nil
	}
	lang := client.Language()
	batches := make(chan []*sdk.SourceFile)
	var mu sync.Mutex
	failed := 0
	go func() {
		defer close(batches)
		var batch []*sdk.SourceFile
		size := 0
		for _, f := range files {
			content, err := r.Repo.Blob(f.BlobId)
			if err != nil || len(content) > maxFileBytes {
				mu.Lock()
				failed++
				mu.Unlock()
				bar.Add(1)
				continue
			}
			batch = append(batch, &sdk.SourceFile{Path: f.Path, BlobId: f.BlobId, Content: content})
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
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range batches {
				cctx, cancel := context.WithTimeout(ctx, r.Cfg.CallTimeout())
				facts, err := lang.Parse(cctx, batch)
				cancel()
				content := map[string][]byte{}
				for _, f := range batch {
					content[f.BlobId] = f.Content
				}
				mu.Lock()
				if err != nil {
					failed += len(batch)
				}
				for _, f := range facts {
					out[[2]string{f.GetBlobId(), f.GetPath()}] = docfresh.Hashes(content[f.GetBlobId()], functionSources(f))
				}
				mu.Unlock()
				bar.Add(len(batch))
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if failed > 0 {
		r.Note("doc freshness: language %s: %d older versions could not be read or parsed; their commits count nothing", l.Name, failed)
	}
	return out, nil
}
