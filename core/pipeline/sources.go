package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// Node kinds written by sources.
const (
	KindFile     = record.KindFile
	KindCommit   = record.KindCommit
	KindPerson   = record.KindPerson
	KindRelease  = record.KindRelease
	KindModule   = record.KindModule
	KindManifest = record.KindManifest
	KindCommand  = record.KindCommand
)

func sourceStage(r *Run, p *plugin.Plugin) *engine.Stage {
	name := "source." + p.Name
	return &engine.Stage{
		Name: name,
		Soft: p.Name != "git" && p.Name != "structure",
		Key: func(ctx context.Context) (string, error) {
			// Objects the last read lacked that are back mean new work
			// (see restoredObjects).
			_, all, err := restoredObjects(ctx, r, name)
			if err != nil {
				return "", err
			}
			restored := strings.Join(all, ",")
			// Sources read the repository at HEAD; a new HEAD or another
			// configuration means new work, and for history so do tags.
			if p.Name == "git" {
				// A deepened clone has more history at the same HEAD.
				shallow, err := r.Repo.Shallow()
				if err != nil {
					return "", err
				}
				tags, err := r.Repo.TagsHash()
				if err != nil {
					return "", err
				}
				return hashStrings(r.Head, configHash(p), tags, shallow, restored), nil
			}
			return hashStrings(r.Head, configHash(p), restored), nil
		},
		Do: func(ctx context.Context, j *engine.Job) error { return extract(ctx, r, p, j) },
	}
}

func extract(ctx context.Context, r *Run, p *plugin.Plugin, j *engine.Job) error {
	stage := j.Name()
	checkpoint, err := r.Store.Checkpoint(ctx, stage)
	if err != nil {
		return err
	}
	if r.Force {
		checkpoint = ""
	}
	// Authors of stored commits were mapped through the .mailmap of their
	// day, and a shallow clone's history stops at its boundary: a new
	// .mailmap, or a clone deepened or unshallowed, means reading the
	// history again. The .mailmap is looked up while the plugin starts.
	var mailmap, shallow string
	rereadAll := false
	type lookup struct {
		blob string
		err  error
	}
	found := make(chan lookup, 1)
	if p.Name == "git" {
		go func() {
			blob, err := r.Repo.MailmapBlob(r.Head)
			found <- lookup{blob, err}
		}()
	}
	client, err := p.Connect(ctx)
	if err != nil {
		r.Plugins.Fail(p, err)
		return fmt.Errorf("source %s: %w", p.Name, err)
	}
	if p.Name == "git" {
		m := <-found
		if m.err != nil {
			return fmt.Errorf("source %s: %w", p.Name, m.err)
		}
		mailmap = m.blob
		if shallow, err = r.Repo.Shallow(); err != nil {
			return err
		}
		for _, basis := range []struct{ name, now, why string }{
			{".mailmap", mailmap, ".mailmap changed"},
			{".shallow", shallow, "the clone was deepened"},
		} {
			old, err := r.Store.Checkpoint(ctx, stage+basis.name)
			if err != nil {
				return err
			}
			if checkpoint != "" && old != basis.now && !rereadAll {
				r.Note("git: %s; reading the whole history again", basis.why)
				checkpoint, rereadAll = "", true
			}
		}
	}
	// Objects the last read lacked that are back (a fetch filled a
	// partial clone) mean reading everything again.
	restored, restoredAll, err := restoredObjects(ctx, r, stage)
	if err != nil {
		return err
	}
	if checkpoint != "" && len(restored) > 0 {
		r.Note("%s: %d object(s) missing at the last read are present now; reading everything again", p.Name, len(restored))
		checkpoint, rereadAll = "", true
	}
	defer r.release(p)
	src := client.Source()
	bar := r.Progress.Start(stage, 0)
	defer bar.Done()
	first, wasReset, dropped := true, false, false
	// The git source says how many commits it sends: its bar counts
	// commits then, other sources' bars count records.
	countCommits := false
	// What the source warned of is kept, so that runs that skip the stage
	// still say what is missing (reminders).
	var warned []string
	// What the source could not read, kept to notice when it comes back;
	// an incremental read adds to what the last one lacked.
	var lacking []string
	if checkpoint != "" {
		if lacking, err = lackedObjects(ctx, r, stage); err != nil {
			return err
		}
	}
	releases := map[string]bool{}
	// The blob ids a source sends with its changes (none: nothing kept).
	blobs := r.changeBlobsOf()

	// Batches are stored by a second goroutine while the next ones arrive,
	// so the plugin, the gRPC stream and SQLite work at the same time. One
	// waits while another is stored: the store's single writer is busy with
	// other stages' writes at times, and every batch queued is held decoded
	// (with four waiting, 7-25 MB of spring-boot's core heap through the
	// history).
	type job struct {
		batch *sdk.RecordBatch
		reset bool
	}
	jobs := make(chan job, 1)
	stored := make(chan error, 1)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		var failed error
		// A snapshot of HEAD (every source but git's history) replaces the
		// last one by difference: most of it is unchanged after a commit.
		var snap *snapshot
		// The commits stored before the source began (their largest id):
		// only those may be stored already, as it gives each commit once.
		upTo, began := int64(0), false
		for j := range jobs {
			if failed != nil {
				continue // drain
			}
			failed = r.Store.Write(wctx, func(tx *store.Tx) error {
				if j.reset {
					if p.Name == "git" {
						if err := resetHistory(tx); err != nil {
							return err
						}
					} else {
						var err error
						if snap, err = loadSnapshot(tx); err != nil {
							return err
						}
					}
				}
				if gone := j.batch.GetUnreachableCommits(); len(gone) > 0 {
					if _, err := tx.DropCommits(KindPerson, gone); err != nil {
						return err
					}
				}
				if !began {
					var err error
					if upTo, err = tx.LastCommit(); err != nil {
						return err
					}
					began = true
				}
				if err := applyRecords(tx, j.batch.GetRecords(), snap, upTo); err != nil {
					return err
				}
				if j.batch.GetCheckpoint() == "" {
					return nil // an intermediate batch: the previous checkpoint stands
				}
				if snap != nil {
					// The snapshot is whole: what it did not name is gone.
					if err := snap.dropUnseen(tx); err != nil {
						return err
					}
				}
				return tx.SetCheckpoint(stage, j.batch.GetCheckpoint())
			})
			if failed != nil {
				cancel() // stops the stream
			}
			bar.Add(progressCount(j.batch, countCommits))
		}
		stored <- failed
	}()
	err = src.Extract(wctx, &sdk.ExtractRequest{RepoRoot: r.Repo.Root, Checkpoint: checkpoint, DropsUnreachable: true}, func(b *sdk.RecordBatch) error {
		for _, d := range b.GetDiagnostics() {
			if d.GetSeverity() == sdk.SeverityInfo {
				r.Note("%s: %s", p.Name, diagText(d))
				continue
			}
			r.Warn("%s: %s", p.Name, diagText(d))
			warned = append(warned, diagText(d))
		}
		reset := b.GetReplaceAll() || (first && checkpoint == "" && (r.Force || rereadAll))
		if reset {
			lacking = nil // what was lacking before is read anew
		}
		for _, id := range b.GetMissingObjects() {
			if len(lacking) < maxLacking && !slices.Contains(lacking, id) {
				lacking = append(lacking, id)
			}
		}
		first = false
		wasReset = wasReset || reset
		dropped = dropped || len(b.GetUnreachableCommits()) > 0
		if n := b.GetCommitsTotal(); n > 0 {
			countCommits = true
			bar.SetTotal(int(n))
		}
		for _, rec := range b.GetRecords() {
			if rel := rec.GetRelease(); rel != nil {
				releases[rel.GetName()] = true
			}
			if c := rec.GetCommit(); c != nil {
				blobs.add(c)
			}
		}
		select {
		case jobs <- job{batch: b, reset: reset}:
			return nil
		case <-wctx.Done():
			return wctx.Err()
		}
	})
	close(jobs)
	if werr := <-stored; werr != nil {
		return fmt.Errorf("source %s: storing records: %w", p.Name, werr)
	}
	if err != nil {
		r.Plugins.Fail(p, err)
		return fmt.Errorf("source %s: %w", p.Name, err)
	}
	// A snapshot of HEAD may have been written.
	defer handHeadFiles.Forget(&r.board)
	defer handFilesByLang.Forget(&r.board)
	defer handManifests.Forget(&r.board)
	return r.Store.Write(ctx, func(tx *store.Tx) error {
		if p.Name == "git" {
			if err := dropStaleHistory(tx, releases, wasReset || dropped); err != nil {
				return err
			}
			if err := tx.SetCheckpoint(stage+".mailmap", mailmap); err != nil {
				return err
			}
			if err := tx.SetCheckpoint(stage+".shallow", shallow); err != nil {
				return err
			}
		}
		if err := tx.SetCheckpoint(stage+".missing", strings.Join(lacking, " ")); err != nil {
			return err
		}
		if len(restoredAll) > maxLacking {
			restoredAll = restoredAll[len(restoredAll)-maxLacking:]
		}
		if err := tx.SetCheckpoint(stage+".restored", strings.Join(restoredAll, " ")); err != nil {
			return err
		}
		if err := tx.SetCheckpoint(stage+".warnings", strings.Join(warned, "\n")); err != nil {
			return err
		}
		return j.Finish(tx)
	})
}

// maxLacking bounds the missing object ids kept for a source.
const maxLacking = 256

// lackedObjects reads the ids of the objects a source's last read lacked.
func lackedObjects(ctx context.Context, r *Run, stage string) ([]string, error) {
	text, err := r.Store.Checkpoint(ctx, stage+".missing")
	if err != nil {
		return nil, err
	}
	return strings.Fields(text), nil
}

// restoredObjects returns which of the objects the last read lacked the
// repository holds now (fresh), and those with every object an earlier run
// already found restored (all, sorted): the git stage's key holds all, so
// that it changes once when an object comes back and stays put after the
// history is read again without it on the missing list.
func restoredObjects(ctx context.Context, r *Run, stage string) (fresh, all []string, err error) {
	lacked, err := lackedObjects(ctx, r, stage)
	if err != nil {
		return nil, nil, err
	}
	before, err := r.Store.Checkpoint(ctx, stage+".restored")
	if err != nil {
		return nil, nil, err
	}
	fresh = r.Repo.Present(lacked)
	all = append(strings.Fields(before), fresh...)
	slices.Sort(all)
	return fresh, slices.Compact(all), nil
}

// reminders are the warnings of the last run of each source stage this
// run skipped: what was missing then still is, or the stage would have
// run (a deepened clone changes the git source's key).
func reminders(ctx context.Context, r *Run, outcomes []engine.Outcome) {
	for _, o := range outcomes {
		if o.Status != engine.Unchanged || !strings.HasPrefix(o.Stage, "source.") {
			continue
		}
		text, err := r.Store.Checkpoint(ctx, o.Stage+".warnings")
		if err != nil || text == "" {
			continue
		}
		for _, w := range strings.Split(text, "\n") {
			r.Note("%s: %s (as in the last run that read it)", strings.TrimPrefix(o.Stage, "source."), w)
		}
	}
}

// progressCount is what a stored batch adds to its stage's bar: its
// commits when the source counts commits, else its records.
func progressCount(b *sdk.RecordBatch, commits bool) int {
	if !commits {
		return len(b.GetRecords())
	}
	n := 0
	for _, rec := range b.GetRecords() {
		if rec.GetCommit() != nil {
			n++
		}
	}
	return n
}

// dropStaleHistory removes what the history no longer has once the git
// source has sent all of it: tags that were deleted (the source sends every
// tag on each run), and after a rewrite of history or a branch switch
// (commits dropped) the files that only the abandoned commits touched.
func dropStaleHistory(tx *store.Tx, releases map[string]bool, reset bool) error {
	stored, err := tx.NodeIDs(KindRelease)
	if err != nil {
		return err
	}
	var stale []int64
	for name, id := range stored {
		if releases[name] {
			continue
		}
		stale = append(stale, id)
	}
	if err := tx.DeleteNodeIDs(stale); err != nil {
		return err
	}
	if reset {
		return tx.DeleteHistoryOnlyFiles(KindFile)
	}
	return nil
}

func diagText(d *sdk.Diagnostic) string {
	s := d.GetSummary()
	if d.GetPath() != "" {
		loc := d.GetPath()
		if d.GetLine() > 0 {
			loc = fmt.Sprintf("%s:%d", loc, d.GetLine())
		}
		s = loc + ": " + s
	}
	if d.GetDetail() != "" {
		s += " (" + d.GetDetail() + ")"
	}
	return s
}

// resetHistory forgets the history the git source recorded, when its old
// checkpoint no longer holds (history rewritten) or the history is read
// again in full.
func resetHistory(tx *store.Tx) error {
	if err := tx.ClearHistory(); err != nil {
		return err
	}
	// The renames went with the changes.
	return tx.DeleteNodes(KindRelease)
}

// snapshot is what the store holds of the files, modules, manifests and
// commands at HEAD while a new snapshot of them is applied: records equal
// to what is stored are skipped, and what the new snapshot never names is
// deleted once it is complete.
type snapshot struct {
	files map[string]store.HeadFile
	nodes map[store.KindName]store.NodeRow
	seen  map[store.KindName]bool // files under KindFile
	// commands counts the commands read, which are stored with their
	// place: the source gives them in the order a reader should trust.
	commands int
}

func loadSnapshot(tx *store.Tx) (*snapshot, error) {
	files, err := tx.HeadFiles()
	if err != nil {
		return nil, err
	}
	nodes, err := tx.NodeRows(KindModule, KindManifest, KindCommand)
	if err != nil {
		return nil, err
	}
	return &snapshot{files: files, nodes: nodes, seen: map[store.KindName]bool{}}, nil
}

// file reports whether a file record must be written, and marks it seen.
func (s *snapshot) file(f *sdk.FileEntry) bool {
	if s == nil {
		return true
	}
	s.seen[store.KindName{Kind: KindFile, Name: f.GetPath()}] = true
	old, ok := s.files[f.GetPath()]
	return !ok || old.Blob != f.GetBlobId() || old.Language != f.GetLanguage() || old.Size != f.GetSize() || old.IsTest != f.GetIsTest() || old.Code != f.GetCode()
}

// node reports whether a node with this metadata must be written, and
// marks it seen.
func (s *snapshot) node(kind, name, meta string) bool {
	if s == nil {
		return true
	}
	k := store.KindName{Kind: kind, Name: name}
	s.seen[k] = true
	old, ok := s.nodes[k]
	return !ok || old.Meta != meta
}

func (s *snapshot) dropUnseen(tx *store.Tx) error {
	var files, nodes []int64
	for name, h := range s.files {
		if !s.seen[store.KindName{Kind: KindFile, Name: name}] {
			files = append(files, h.Node)
		}
	}
	for k, row := range s.nodes {
		if !s.seen[k] {
			nodes = append(nodes, row.ID)
		}
	}
	// A file that leaves HEAD and that no stored change names was known
	// only from history rewritten away (dropStaleHistory drops those too,
	// whichever source writes last).
	if err := tx.LeaveHead(files); err != nil {
		return err
	}
	return tx.DeleteNodeIDs(nodes)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain data is marshalled here
	}
	return string(b)
}

// applyRecords writes a batch of records; snap, when a snapshot of HEAD is
// being applied, skips what is stored already, and commits stored already
// are looked for among those with ids up to upTo (store.LastCommit's as
// the source began: it gives each commit once).
func applyRecords(tx *store.Tx, records []*sdk.Record, snap *snapshot, upTo int64) error {
	// A batch names few people many times: each is written once, with the
	// name of their last commit (as if every commit had written it).
	persons := map[string]*person{}
	var commits []*sdk.Commit
	for _, rec := range records {
		if c := rec.GetCommit(); c != nil {
			commits = append(commits, c)
		}
	}
	if err := applyCommits(tx, commits, persons, upTo); err != nil {
		return err
	}
	for _, rec := range records {
		var err error
		switch {
		case rec.GetRelease() != nil:
			rel := rec.GetRelease()
			// The release names its commit by sha; a commit is no node
			// to link to (schema 35).
			_, err = tx.SetNode(KindRelease, rel.GetName(), rel.GetSha(), mustJSON(map[string]any{"sha": rel.GetSha(), "time": rel.GetTime()}))
		case rec.GetFile() != nil:
			f := rec.GetFile()
			if !snap.file(f) {
				continue
			}
			var id int64
			if id, err = tx.Node(KindFile, f.GetPath()); err == nil {
				err = tx.SetHeadFile(store.HeadFile{Node: id, Blob: f.GetBlobId(), Language: f.GetLanguage(), Size: f.GetSize(), IsTest: f.GetIsTest(), Code: f.GetCode()})
			}
		case rec.GetModule() != nil:
			m := rec.GetModule()
			err = setSnapNode(tx, snap, KindModule, m.GetPath(), mustJSON(map[string]any{"language": m.GetLanguage(), "files": m.GetFiles()}))
		case rec.GetManifest() != nil:
			m := rec.GetManifest()
			deps := make([]map[string]any, 0, len(m.GetDependencies()))
			for _, d := range m.GetDependencies() {
				deps = append(deps, map[string]any{"name": d.GetName(), "version": d.GetVersion(), "dev": d.GetDev()})
			}
			err = setSnapNode(tx, snap, KindManifest, m.GetPath(), mustJSON(map[string]any{"kind": m.GetKind(), "name": m.GetName(), "dependencies": deps}))
		case rec.GetCommand() != nil:
			c := rec.GetCommand()
			snap.commands++
			err = setSnapNode(tx, snap, KindCommand, c.GetCommand(), mustJSON(map[string]any{"kind": c.GetKind(), "origin": c.GetOrigin(), "order": snap.commands}))
		}
		if err != nil {
			return err
		}
	}
	for key, p := range persons {
		if _, err := tx.SetNode(KindPerson, key, "", mustJSON(map[string]string{"name": p.name})); err != nil {
			return err
		}
	}
	return nil
}

func setSnapNode(tx *store.Tx, snap *snapshot, kind, name, meta string) error {
	if !snap.node(kind, name, meta) {
		return nil
	}
	_, err := tx.SetNode(kind, name, "", meta)
	return err
}

type person struct {
	id   int64
	name string
}

func personKey(p *sdk.Person) string {
	if e := strings.ToLower(strings.TrimSpace(p.GetEmail())); e != "" {
		return e
	}
	return strings.TrimSpace(p.GetName())
}

// applyCommits stores a batch of commits with their file changes, a few
// statements for the whole batch (rows go in as JSON arrays): a history
// of thousands of commits is statements, not rows, for SQLite. Commits an
// interrupted run stored already (with ids up to upTo) are left as they
// are.
func applyCommits(tx *store.Tx, commits []*sdk.Commit, persons map[string]*person, upTo int64) error {
	if len(commits) == 0 {
		return nil
	}
	shas := make([]string, len(commits))
	for i, c := range commits {
		shas[i] = c.GetSha()
	}
	stored, err := tx.StoredCommitsUpTo(shas, upTo)
	if err != nil {
		return err
	}

	var fresh []*sdk.Commit
	var paths []string
	for _, c := range commits {
		if stored[c.GetSha()] {
			continue
		}
		fresh = append(fresh, c)
		for _, ch := range c.GetChanges() {
			paths = append(paths, ch.GetPath())
			if ch.GetOldPath() != "" {
				paths = append(paths, ch.GetOldPath())
			}
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	files, err := tx.Nodes(KindFile, paths)
	if err != nil {
		return err
	}
	commitRows := make([]store.CommitRow, 0, len(fresh))
	for _, c := range fresh {
		key := personKey(c.GetAuthor())
		p, ok := persons[key]
		if !ok {
			id, err := tx.Node(KindPerson, key)
			if err != nil {
				return err
			}
			p = &person{id: id}
			persons[key] = p
		}
		p.name = c.GetAuthor().GetName()
		changes := make([]store.ChangeRow, 0, len(c.GetChanges()))
		for _, ch := range c.GetChanges() {
			file, old := files[ch.GetPath()], int64(0)
			if ch.GetOldPath() != "" {
				old = files[ch.GetOldPath()]
			}
			changes = append(changes, store.ChangeRow{File: file, Status: ch.GetStatus(), Added: int(ch.GetAdded()), Deleted: int(ch.GetDeleted()),
				Binary: ch.GetBinary(), OldFile: old, Similarity: int(ch.GetSimilarity())})
		}
		commitRows = append(commitRows, store.CommitRow{Sha: c.GetSha(), Author: p.id, AuthorTime: c.GetAuthorTime(), CommitTime: c.GetCommitTime(),
			Parents: len(c.GetParents()), Message: c.GetMessage(), Changes: changes})
	}
	_, err = tx.AddCommitsUpTo(commitRows, upTo)
	return err
}
