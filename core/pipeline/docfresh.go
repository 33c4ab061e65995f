package pipeline

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"sync"

	"github.com/homer-dev/homer/core/analyze/conventions"
	"github.com/homer-dev/homer/core/analyze/docfresh"
	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

const (
	// docFreshVersion is the version of the documentation-freshness glue.
	// 2: spans carried back through line diffs; no older version parsed.
	docFreshVersion = "docfresh-2"
	// docFreshDepth is how many commits of a file's history are read back
	// from HEAD at most; a doc older than that is reported as a lower
	// bound (StaleDoc.Truncated).
	docFreshDepth = 400
	// docFreshWorkers walk files at once: git reads are serialised, the
	// line diffs are not.
	docFreshWorkers = 2
)

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

// functionSources are a file's documented functions and methods as
// docfresh takes them.
func functionSources(f *sdk.FileFacts) []docfresh.Source {
	var out []docfresh.Source
	for _, d := range f.GetDefinitions() {
		if conventions.KindGroup(d.GetKind()) != "function" || d.GetDeclaration() || strings.TrimSpace(d.GetDoc()) == "" {
			continue
		}
		out = append(out, docfresh.Source{Name: d.GetQualifiedName(), Doc: d.GetDoc(),
			Start: int(d.GetSpan().GetStartLine()), End: int(d.GetSpan().GetEndLine())})
	}
	return out
}

// blobPair is a file's blob after and before one commit.
type blobPair struct{ after, before string }

// docFreshFile is one file at HEAD with documented functions.
type docFreshFile struct {
	path, blob string
	sources    []docfresh.Source
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
	var todo []docFreshFile
	for _, list := range facts {
		for _, f := range list {
			if f.GetIsTest() || f.GetBlobId() == "" || ids[f.GetPath()] == 0 {
				continue
			}
			if src := functionSources(f); len(src) > 0 {
				todo = append(todo, docFreshFile{f.GetPath(), f.GetBlobId(), src})
			}
		}
	}
	sort.Slice(todo, func(a, b int) bool { return todo[a].path < todo[b].path })
	results := map[int64]string{}
	var newPairs [][4]string
	if len(todo) > 0 {
		all, err := fileTouches(ctx, r.Store)
		if err != nil {
			return err
		}
		stale, pairs, err := docFreshness(ctx, r, todo, all)
		if err != nil {
			return err
		}
		newPairs = pairs
		for path, list := range stale {
			results[ids[path]] = mustJSON(list)
		}
	}
	return r.Store.Write(ctx, func(tx *store.Tx) error {
		for _, p := range newPairs {
			if _, err := tx.Exec(`INSERT INTO path_blobs (commit_sha, path, after, before) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, p[0], p[1], p[2], p[3]); err != nil {
				return err
			}
		}
		// Parsed older versions, which this analysis no longer reads.
		if err := tx.ExecRaw(`DELETE FROM doc_memo`); err != nil {
			return err
		}
		if err := tx.ReplaceResults(record.ResultDocFreshness, key, results); err != nil {
			return err
		}
		return j.Finish(tx)
	})
}

// docFreshness walks each file's history back from HEAD until every
// documented function has reached its doc's last change, and returns the
// stale docs by path and the blob pairs it had to look up (to memoize).
func docFreshness(ctx context.Context, r *Run, todo []docFreshFile, all map[string][]touch) (map[string][]record.StaleDoc, [][4]string, error) {
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
		return nil, nil, err
	}
	bar := r.Progress.Start("doc-freshness", len(todo))
	defer bar.Done()
	var (
		mu                          sync.Mutex
		newPairs                    [][4]string
		unreadable, unplaced, blobs int
		out                         = map[string][]record.StaleDoc{}
	)
	pairOf := func(t touch) (blobPair, bool) {
		k := [2]string{t.commit, t.path}
		mu.Lock()
		b, ok := pairs[k]
		mu.Unlock()
		if ok {
			return b, true
		}
		old := t.path
		if t.oldPath != "" {
			old = t.oldPath
		}
		after, before, err := r.Repo.PathBlobs(t.commit, t.path, old)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			unreadable++
			return blobPair{}, false
		}
		b = blobPair{after, before}
		pairs[k] = b
		newPairs = append(newPairs, [4]string{t.commit, t.path, after, before})
		return b, true
	}
	walkFile := func(f docFreshFile) {
		// The walk reads each blob twice in a row (after one commit,
		// before the next older one) and the blob it carries spans from:
		// a few recent blobs are kept, not the file's whole history.
		type blobText struct {
			id   string
			text *docfresh.Text
		}
		var recent []blobText
		read := 0
		lines := func(blob string) (*docfresh.Text, error) {
			for _, b := range recent {
				if b.id == blob {
					return b.text, nil
				}
			}
			content, err := r.Repo.Blob(blob)
			if err != nil {
				return nil, err
			}
			read++
			l := docfresh.Read(content)
			if len(recent) == 4 {
				recent = recent[1:]
			}
			recent = append(recent, blobText{blob, l})
			return l, nil
		}
		head, err := lines(f.blob)
		if err != nil {
			r.Warn("doc freshness: %s: %v", f.path, err)
			return
		}
		var funcs []docfresh.Func
		for _, s := range f.sources {
			span, ok := docfresh.Locate(head.Lines, s)
			if !ok {
				mu.Lock()
				unplaced++
				mu.Unlock()
				continue
			}
			funcs = append(funcs, docfresh.Func{Name: s.Name, Line: s.Start, Span: span})
		}
		w := docfresh.NewWalk(f.path, f.blob, funcs)
		failed := 0
		for _, t := range historyOf(all, f.path, docFreshDepth) {
			if w.Open() == 0 || ctx.Err() != nil {
				break
			}
			b, ok := pairOf(t)
			if !ok || b.after == "" {
				continue
			}
			if err := w.Step(docfresh.Change{Commit: t.commit, Time: t.time, Subject: t.subject, After: b.after, Before: b.before}, lines); err != nil {
				failed++
			}
		}
		stale := w.Stale()
		mu.Lock()
		unreadable += failed
		blobs += read
		if len(stale) > 0 {
			out[f.path] = stale
		}
		mu.Unlock()
		bar.Add(1)
	}
	queue := make(chan docFreshFile)
	var wg sync.WaitGroup
	for range docFreshWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range queue {
				walkFile(f)
			}
		}()
	}
feed:
	for _, f := range todo {
		select {
		case queue <- f:
		case <-ctx.Done():
			break feed
		}
	}
	close(queue)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	r.Log.Debug("doc freshness", "files", len(todo), "blobs read", blobs, "pairs looked up", len(newPairs), "docs not located", unplaced)
	if unreadable > 0 {
		// A shallow clone's boundary, a partial clone: history that is
		// not there. The answer is a lower bound, which is said, not a
		// failure of the run.
		r.Note("doc freshness: %d commits could not be read; their changes are not counted", unreadable)
	}
	if unplaced > 0 {
		r.Note("doc freshness: the doc comment of %d functions was not found in their file; they are not followed", unplaced)
	}
	return out, newPairs, nil
}
