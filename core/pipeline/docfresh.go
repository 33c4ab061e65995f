package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"

	"github.com/homer-dev/homer/core/analyze/conventions"
	"github.com/homer-dev/homer/core/analyze/docfresh"
	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

const (
	// docFreshVersion is the version of the documentation-freshness glue.
	// 2: spans carried back through line diffs; no older version parsed.
	// 3: each walk's outcome kept (docFreshWalks) to carry forward.
	docFreshVersion = "docfresh-3"
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
	// message is the commit's whole message until withSubjects takes
	// its subject.
	message string
}

// fileTouches gives the changes of the given files, newest first, by path,
// and of the paths they had before a rename (historyOf follows those), from
// the history the run has read: on a long history most changed paths have
// no documented function at HEAD, and their rows are not kept. The
// subjects come from the messages the history rows carry: asking the store
// for them again, commit by commit, cost more than the walks themselves.
func fileTouches(ctx context.Context, r *Run, files []HeadFile, paths []string) (map[string][]touch, error) {
	hist, err := r.history(ctx, files)
	if err != nil {
		return nil, err
	}
	c := newTouchCollector(paths)
	// The history is oldest first by time, then commit; the walks want
	// newest first by time, then commit.
	for i := len(hist) - 1; i >= 0; {
		j := i
		for j > 0 && hist[j-1].time == hist[i].time {
			j--
		}
		for k := j; k <= i; k++ {
			h := hist[k]
			c.add(touch{commit: h.commit, time: h.time, path: h.then, oldPath: h.from, message: h.message})
		}
		i = j - 1
	}
	out := c.touches()
	withSubjects(out)
	return out, nil
}

// withSubjects sets each touch's subject, the first line of its commit's
// message, one copy per commit, and lets go of the message.
func withSubjects(all map[string][]touch) {
	subjects := map[string]string{}
	for _, list := range all {
		for i := range list {
			t := &list[i]
			s, ok := subjects[t.commit]
			if !ok {
				first, _, _ := strings.Cut(strings.TrimSpace(t.message), "\n")
				s = strings.Clone(first) // not the whole message behind it
				subjects[t.commit] = s
			}
			t.subject, t.message = s, ""
		}
	}
}

// touchCollector keeps, of changes fed newest first (by time, then
// commit), those historyOf can reach from its paths: a path's own, and
// those of every path it was renamed from, from the rename back.
type touchCollector struct {
	need map[string]bool
	out  map[string][]touch
	// Rows of the current commit time whose path is not needed (yet): a
	// rename seen later in the same second may make it needed, and
	// historyOf keeps an old path's rows of the rename's own second.
	pending     []touch
	pendingTime int64
}

func newTouchCollector(paths []string) *touchCollector {
	c := &touchCollector{need: make(map[string]bool, len(paths)), out: map[string][]touch{}, pendingTime: -1}
	for _, p := range paths {
		c.need[p] = true
	}
	return c
}

// add takes one change.
func (c *touchCollector) add(t touch) {
	if t.time != c.pendingTime {
		c.pending, c.pendingTime = c.pending[:0], t.time
	}
	if !c.need[t.path] {
		c.pending = append(c.pending, t)
		return
	}
	c.keep(t)
}

func (c *touchCollector) keep(t touch) {
	c.out[t.path] = append(c.out[t.path], t)
	if t.oldPath != "" && t.oldPath != t.path && !c.need[t.oldPath] {
		c.need[t.oldPath] = true
		for _, p := range c.pending {
			if p.path == t.oldPath {
				c.keep(p)
			}
		}
	}
}

// touches are the kept changes by path, newest first.
func (c *touchCollector) touches() map[string][]touch {
	// Rows taken from pending joined their lists late: back into the
	// feed's order.
	for _, list := range c.out {
		sort.SliceStable(list, func(a, b int) bool {
			if list[a].time != list[b].time {
				return list[a].time > list[b].time
			}
			return list[a].commit < list[b].commit
		})
	}
	return c.out
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

// documentedFiles are the files at HEAD with documented functions, as
// the parse facts give them, sorted by path: doc freshness walks those
// of them that are files at HEAD, test files left out.
func documentedFiles(facts map[*plugin.Plugin][]*sdk.FileFacts) []docFreshFile {
	var out []docFreshFile
	for _, list := range facts {
		for _, f := range list {
			if f.GetIsTest() || f.GetBlobId() == "" {
				continue
			}
			if src := functionSources(f); len(src) > 0 {
				out = append(out, docFreshFile{path: f.GetPath(), blob: f.GetBlobId(), sources: src})
			}
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].path < out[b].path })
	return out
}

// blobPair is a file's blob after and before one commit.
type blobPair struct{ after, before string }

// docFreshFile is one file at HEAD with documented functions.
type docFreshFile struct {
	path, blob string
	sources    []docfresh.Source
	// touches are the commits its walk may read, newest first; inputs
	// hashes them with everything else the walk reads.
	touches []touch
	inputs  uint64
	// prev is the file's walk at the previous HEAD, if kept, and
	// prevTouches the touches it read.
	prev        *walkState
	prevTouches []touch
}

// docFreshWalks is the result kind holding each documented file's walk as
// it ended (walkState), for files whose walk read all it asked for: an
// update walks the new commits and carries each function forward from
// there (docfresh.Agrees) rather than walking back through the whole
// history again.
const docFreshWalks = "doc-freshness-walk"

// walkState is one file's walk: the blob it started from, the touches
// it was to read (how many, and a hash of their commits: an update finds
// them again among its own, less the commits this run brought) and each
// documented function's start and outcome (docfresh.Outcome).
type walkState struct {
	Head    string     `json:"h"`
	Touches int        `json:"n"`
	Hash    string     `json:"x"`
	Funcs   []walkFunc `json:"f"`
}

type walkFunc struct {
	Name string `json:"n"`
	Line int    `json:"l"`
	// Span is DocStart, DocEnd, Start, End and 1 for a doc above.
	Span    [5]int `json:"s"`
	Settled int    `json:"d"`
	Changes []int  `json:"c,omitempty"`
}

func newWalkState(head string, touches []touch, outcomes []docfresh.Outcome) walkState {
	st := walkState{Head: head, Touches: len(touches), Hash: touchesHash(touches), Funcs: make([]walkFunc, len(outcomes))}
	for i, o := range outcomes {
		s := o.Span
		above := 0
		if s.Above {
			above = 1
		}
		st.Funcs[i] = walkFunc{Name: o.Name, Line: o.Line, Span: [5]int{s.DocStart, s.DocEnd, s.Start, s.End, above},
			Settled: o.Settled, Changes: o.Changes}
	}
	return st
}

// touchesHash hashes what a walk's touches are: their commits and paths.
func touchesHash(touches []touch) string {
	h := xxhash.New()
	for _, t := range touches {
		h.WriteString(t.commit)
		h.WriteString("\x00")
		h.WriteString(t.path)
		h.WriteString("\x00")
		h.WriteString(t.oldPath)
		h.WriteString("\x00")
	}
	return strconv.FormatUint(h.Sum64(), 16)
}

// funcs are the state's functions as a walk starts them.
func (s *walkState) funcs() []docfresh.Func {
	out := make([]docfresh.Func, len(s.Funcs))
	for i, f := range s.Funcs {
		out[i] = docfresh.Func{Name: f.Name, Line: f.Line,
			Span: docfresh.Span{DocStart: f.Span[0], DocEnd: f.Span[1], Start: f.Span[2], End: f.Span[3], Above: f.Span[4] == 1}}
	}
	return out
}

// older finds, of a walk's touches (newest first), those the previous
// walk read (prev, found again as the state says: prevTouches): old[i]
// says touch i is one, and k is how many touches come before the last
// that is not (where the walks can begin to agree). ok is false unless
// prev's touches are, in order, the ones found here, all of them or (a
// list cut by the depth) a beginning of them.
func older(touches, prev []touch) (old []bool, k int, ok bool) {
	ids := make(map[string]int, len(prev))
	for i, t := range prev {
		ids[t.commit+"\x00"+t.path] = i
	}
	old = make([]bool, len(touches))
	seen := 0
	for i, t := range touches {
		at, in := ids[t.commit+"\x00"+t.path]
		if !in {
			k = i + 1
			continue
		}
		if at != seen {
			return nil, 0, false
		}
		old[i] = true
		seen++
	}
	if seen < len(prev) && len(touches) < docFreshDepth {
		return nil, 0, false
	}
	return old, k, true
}

// previousTouches finds each walked file's touches at the previous HEAD
// again, where its walk is kept: its touches at HEAD's history less the
// changes of the commits this run brought (the source sent them), which
// must be what the walk read (walkState.Hash).
func previousTouches(walk []docFreshFile, all map[string][]touch, sent *changeBlobs) {
	var before map[string][]touch
	for i := range walk {
		f := &walk[i]
		if f.prev == nil {
			continue
		}
		if before == nil {
			before = make(map[string][]touch, len(all))
			for p, list := range all {
				var kept []touch
				for _, t := range list {
					if _, brought := sent.pair(t.commit, t.path); !brought {
						kept = append(kept, t)
					}
				}
				before[p] = kept
			}
		}
		prev := historyOf(before, f.path, docFreshDepth)
		if len(prev) != f.prev.Touches || touchesHash(prev) != f.prev.Hash {
			f.prev = nil
			continue
		}
		f.prevTouches = prev
	}
}

// docFreshMemo is the checkpoint of what each documented file's walk read
// last time: a line "PATH-HASH INPUT-HASH" per file whose walk read all it
// asked for. A file whose inputs hash the same keeps its stored result,
// so an update walks only the files new commits touched.
const docFreshMemo = "analyze.doc-freshness.inputs"

// docFreshPast is the checkpoint of results that runs before replaced:
// a line "INPUT-HASH RESULT<tab>WALK" per file state (RESULT is the stored
// JSON, or "-" for no stale doc; WALK the stored walkState). A branch switched away from and back to gives its
// files the inputs they had, and their results are taken from here rather
// than walked again. Like the blob memos, it holds what fixed inputs lead
// to, not state: a fresh init has none of it.
const docFreshPast = "analyze.doc-freshness.past"

// docFreshPastMax bounds the past results kept, as a multiple of the
// documented files.
const docFreshPastMax = 2

func parseDocFreshPast(v string) map[uint64]string {
	out := map[uint64]string{}
	for _, line := range strings.Split(v, "\n") {
		a, b, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if h, err := strconv.ParseUint(a, 16, 64); err == nil && b != "" {
			out[h] = b
		}
	}
	return out
}

// formatDocFreshPast writes the replaced results first, then the older
// ones, by hash, up to max lines.
func formatDocFreshPast(replaced, older map[uint64]string, max int) string {
	var b strings.Builder
	n := 0
	for _, m := range []map[uint64]string{replaced, older} {
		keys := make([]uint64, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		for _, k := range keys {
			if n == max {
				return b.String()
			}
			fmt.Fprintf(&b, "%016x %s\n", k, m[k])
			n++
		}
	}
	return b.String()
}

// docFreshInputs hashes everything a file's walk reads besides the blobs
// (which its path, its blob at HEAD and the commits name): the documented
// functions and the touches it would walk.
func docFreshInputs(f docFreshFile) uint64 {
	h := xxhash.New()
	put := func(parts ...string) {
		for _, p := range parts {
			h.WriteString(p)
			h.WriteString("\x00")
		}
	}
	put(docFreshVersion, f.path, f.blob)
	for _, s := range f.sources {
		put(s.Name, s.Doc, strconv.Itoa(s.Start), strconv.Itoa(s.End))
	}
	for _, t := range f.touches {
		put(t.commit, strconv.FormatInt(t.time, 10), t.subject, t.path, t.oldPath)
	}
	return h.Sum64()
}

// parseDocFreshMemo reads the memo's lines; a malformed line is skipped
// (its file is walked again).
func parseDocFreshMemo(v string) map[uint64]uint64 {
	out := map[uint64]uint64{}
	for _, line := range strings.Split(v, "\n") {
		a, b, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		ph, err1 := strconv.ParseUint(a, 16, 64)
		ih, err2 := strconv.ParseUint(b, 16, 64)
		if err1 == nil && err2 == nil {
			out[ph] = ih
		}
	}
	return out
}

func formatDocFreshMemo(m map[uint64]uint64) string {
	keys := make([]uint64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%016x %016x\n", k, m[k])
	}
	return b.String()
}

func doDocFreshness(ctx context.Context, r *Run, j *engine.Job) error {
	// Its walks are the run's last reads of blobs but the model's: git's
	// cat-file would otherwise sit idle beside the model's build (41 MB of
	// RSS on spring-boot) until the model stage stops it.
	defer r.restRepo()
	key := j.Key()
	sent := r.takeChangeBlobs()
	candidates, ok := handDocumented.Handed(&r.board)
	if ok {
		handDocumented.Forget(&r.board)
	} else {
		facts, err := headFacts(ctx, r)
		if err != nil {
			return err
		}
		candidates = documentedFiles(facts)
		r.tookFacts("analyze.doc-freshness")
	}
	files, err := r.headFiles(ctx)
	if err != nil {
		return err
	}
	ids := fileIDs(files)
	documented := make([]docFreshFile, 0, len(candidates))
	for _, f := range candidates {
		if ids[f.path] != 0 {
			documented = append(documented, f)
		}
	}
	results, walks := map[int64]string{}, map[int64]string{}
	var newPairs [][4]string
	memo := map[uint64]uint64{}
	past, replaced := map[uint64]string{}, map[uint64]string{}
	if len(documented) > 0 {
		paths := make([]string, len(documented))
		for i, f := range documented {
			paths[i] = f.path
		}
		all, err := fileTouches(ctx, r, files, paths)
		if err != nil {
			return err
		}
		var before map[uint64]uint64
		// The stored results and walks; a forced run starts from none.
		stored, storedWalks := map[string]json.RawMessage{}, map[string]json.RawMessage{}
		if !r.forced(j.Name()) {
			v, err := r.Store.Checkpoint(ctx, docFreshMemo)
			if err != nil {
				return err
			}
			before = parseDocFreshMemo(v)
			if v, err = r.Store.Checkpoint(ctx, docFreshPast); err != nil {
				return err
			}
			past = parseDocFreshPast(v)
			if stored, err = loadResults[json.RawMessage](ctx, r.Store, record.ResultDocFreshness); err != nil {
				return err
			}
			if storedWalks, err = loadResults[json.RawMessage](ctx, r.Store, docFreshWalks); err != nil {
				return err
			}
		}
		storedResult := func(path string) string {
			if d, ok := stored[path]; ok {
				return string(d)
			}
			return "-"
		}
		// A file whose walk would read what it read last time keeps its
		// stored result ("-": no stale doc) and walk; one whose walk would
		// read what it read some run before takes that run's. The others
		// are walked, from their walk at the previous HEAD where kept.
		var walk []docFreshFile
		earlier := 0
		for i := range documented {
			f := &documented[i]
			f.touches = historyOf(all, f.path, docFreshDepth)
			f.inputs = docFreshInputs(*f)
			ph := xxhash.Sum64String(f.path)
			h, ok := before[ph]
			sw, hasWalk := storedWalks[f.path]
			var d, state string
			switch {
			case ok && h == f.inputs && hasWalk:
				d, state = storedResult(f.path), string(sw)
			case pastEntry(past[f.inputs]) != "":
				d, state = pastEntry(past[f.inputs]), pastWalk(past[f.inputs])
				earlier++
			default:
				if hasWalk {
					var st walkState
					if json.Unmarshal(sw, &st) == nil {
						f.prev = &st
					}
				}
				walk = append(walk, *f)
			}
			if ok && h != f.inputs && hasWalk {
				// Replaced: its result may serve again.
				replaced[h] = storedResult(f.path) + "\t" + string(sw)
			}
			if d == "" {
				continue
			}
			memo[ph] = f.inputs
			walks[ids[f.path]] = state
			if d != "-" {
				results[ids[f.path]] = d
			}
		}
		r.Log.Debug("doc freshness: files to walk", "walk", len(walk), "unchanged", len(documented)-len(walk), "from-earlier-runs", earlier)
		previousTouches(walk, all, sent)
		sent = sent.only(walk)
		stale, pairs, whole, err := docFreshness(ctx, r, walk, sent)
		if err != nil {
			return err
		}
		newPairs = pairs
		for path, list := range stale {
			results[ids[path]] = mustJSON(list)
		}
		for _, f := range walk {
			if st, ok := whole[f.path]; ok {
				memo[xxhash.Sum64String(f.path)] = f.inputs
				walks[ids[f.path]] = mustJSON(st)
			}
		}
	}
	return r.Store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.AddPathBlobs(newPairs); err != nil {
			return err
		}
		// Parsed older versions, which this analysis no longer reads.
		if err := tx.ClearDocMemo(); err != nil {
			return err
		}
		if err := tx.ReplaceResults(record.ResultDocFreshness, key, results); err != nil {
			return err
		}
		if err := tx.ReplaceResults(docFreshWalks, key, walks); err != nil {
			return err
		}
		if err := tx.SetCheckpoint(docFreshMemo, formatDocFreshMemo(memo)); err != nil {
			return err
		}
		// Past results of inputs no file has now, the ones this run
		// replaced first.
		for _, h := range memo {
			delete(replaced, h)
			delete(past, h)
		}
		for h := range replaced {
			delete(past, h)
		}
		if err := tx.SetCheckpoint(docFreshPast, formatDocFreshPast(replaced, past, docFreshPastMax*len(documented))); err != nil {
			return err
		}
		return j.Finish(tx)
	})
}

// pastEntry and pastWalk are the result ("-": no stale doc) and the walk a
// line of docFreshPast holds, as "RESULT<tab>WALK"; a line without its walk
// serves for neither.
func pastEntry(v string) string {
	d, w, ok := strings.Cut(v, "\t")
	if !ok || w == "" {
		return ""
	}
	return d
}

func pastWalk(v string) string {
	_, w, _ := strings.Cut(v, "\t")
	return w
}

// docFreshness walks each file's history back from HEAD until every
// documented function has reached its doc's last change, and returns the
// stale docs by path, the blob pairs it took from sent or had to look up
// (to memoize) and, of the files whose walk read every commit and blob it
// asked for, the walk's state (whole).
func docFreshness(ctx context.Context, r *Run, documented []docFreshFile, sent *changeBlobs) (map[string][]record.StaleDoc, [][4]string, map[string]walkState, error) {
	if len(documented) == 0 {
		return nil, nil, nil, nil
	}
	// The blobs around each commit: from the memo first.
	// Those of the paths the walks may ask for: their touches'.
	var paths []string
	seen := map[string]bool{}
	for _, f := range documented {
		for _, ts := range [][]touch{f.touches, f.prevTouches} {
			for _, t := range ts {
				if !seen[t.path] {
					seen[t.path] = true
					paths = append(paths, t.path)
				}
			}
		}
	}
	pairs := map[[2]string]blobPair{}
	stored, err := query.New(r.Store.DB()).PathBlobs(ctx, paths)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, b := range stored {
		pairs[[2]string{b.Commit, b.Path}] = blobPair{after: b.After, before: b.Before}
	}
	bar := r.Progress.Start("doc-freshness", len(documented))
	defer bar.Done()
	var (
		mu                          sync.Mutex
		newPairs                    [][4]string
		unreadable, unplaced, blobs int
		fromSource, carried         int
		out                         = map[string][]record.StaleDoc{}
		walks                       = map[string]walkState{}
	)
	// Then from the ids the git source sent in this run, else from git;
	// either way a pair not memoized yet is memoized.
	pairOf := func(t touch) (blobPair, bool) {
		k := [2]string{t.commit, t.path}
		mu.Lock()
		b, ok := pairs[k]
		mu.Unlock()
		if ok {
			return b, true
		}
		if b, ok := sent.pair(t.commit, t.path); ok {
			mu.Lock()
			defer mu.Unlock()
			pairs[k] = b
			newPairs = append(newPairs, [4]string{t.commit, t.path, b.after, b.before})
			fromSource++
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
			return blobPair{}, false
		}
		b = blobPair{after, before}
		pairs[k] = b
		newPairs = append(newPairs, [4]string{t.commit, t.path, after, before})
		return b, true
	}
	walkFile := func(f docFreshFile) {
		// The walk reads each blob twice in a row (after one commit,
		// before the next older one) and the blob it carries spans from,
		// and a replayed walk (carrier) reads the same: a few recent
		// blobs are kept, not the file's whole history.
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
			if len(recent) == 6 {
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
		lost := 0
		for _, s := range f.sources {
			span, ok := docfresh.Locate(head.Lines, s)
			if !ok {
				lost++
				continue
			}
			funcs = append(funcs, docfresh.Func{Name: s.Name, Line: s.Start, Span: span})
		}
		w := docfresh.NewWalk(f.path, f.blob, funcs)
		c := newCarrier(f, funcs, w, pairOf)
		failed := 0
		for i, t := range f.touches {
			if i == 0 {
				c.agree(-1)
			}
			if w.Open() == 0 || ctx.Err() != nil {
				break
			}
			b, ok := pairOf(t)
			if !ok {
				failed++
				c.stop()
				continue
			}
			if b.after != "" {
				ch := docfresh.Change{Commit: t.commit, Time: t.time, Subject: t.subject, After: b.after, Before: b.before, Seq: i}
				if err := w.Step(ch, lines); err != nil {
					failed++
					c.stop()
				}
				if c.prev == nil && i+1 >= c.k && (i+1-c.k)%closeEvery == 0 && w.Open() > 0 {
					if named, ok := c.named(i); ok && w.CloseUnplaced(named) > 0 {
						c.open = true
					}
				}
				c.step(i, ch, lines)
			} else {
				c.skip(i)
			}
			c.agree(i)
		}
		if c.open {
			// A function carried or closed open is dated from the oldest
			// change a walk to the end reads.
			for i := len(f.touches) - 1; i >= 0; i-- {
				t := f.touches[i]
				if b, ok := pairOf(t); ok && b.after != "" {
					w.ReadThrough(docfresh.Change{Commit: t.commit, Time: t.time, Subject: t.subject, After: b.after, Before: b.before, Seq: i})
					break
				}
			}
		}
		stale := w.Stale()
		mu.Lock()
		carried += c.carried
		unreadable += failed
		unplaced += lost
		blobs += read
		if len(stale) > 0 {
			out[f.path] = stale
		}
		// What was not read or not found is said in the run that met it;
		// such a file is walked again next time rather than memoized.
		if failed == 0 && lost == 0 && ctx.Err() == nil {
			walks[f.path] = newWalkState(f.blob, f.touches, w.Outcomes())
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
	for _, f := range documented {
		select {
		case queue <- f:
		case <-ctx.Done():
			break feed
		}
	}
	close(queue)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, err
	}
	r.Log.Debug("doc freshness", "files", len(documented), "functions carried forward", carried, "blobs read", blobs, "pairs from the source", fromSource, "pairs looked up", len(newPairs)-fromSource, "docs not located", unplaced)
	if unreadable > 0 {
		// A shallow clone's boundary, a partial clone: history that is
		// not there. The answer is a lower bound, which is said, not a
		// failure of the run.
		r.Note("doc freshness: %d commits could not be read; their changes are not counted", unreadable)
	}
	if unplaced > 0 {
		r.Note("doc freshness: the doc comment of %d functions was not found in their file; they are not followed", unplaced)
	}
	return out, newPairs, walks, nil
}

// carrier replays a file's walk at the previous HEAD (prev) beside its
// walk at HEAD (cur), over the touches both read, and carries each
// function of cur forward from prev's stored outcome once the two agree
// (docfresh.Walk.Agrees), so that cur need not follow it further.
type carrier struct {
	cur, prev *docfresh.Walk
	state     *walkState
	touches   []touch
	// old says which touches prev read; k is how many come before the
	// last it did not (agreement is looked for from there); at is how
	// many of prev's touches have been read.
	old      []bool
	k, at, n int
	// of maps cur's functions to prev's of the same name (and the same
	// place among functions of that name).
	of map[int]int
	// open is set when a function was carried as not reaching its doc's
	// last change; carried counts the functions carried.
	open    bool
	carried int
	// pairOf gives a touch's blobs; blobs holds those of touches k on,
	// as far as prev read (through reach), once looked up.
	pairOf func(touch) (blobPair, bool)
	blobs  []blobPair
	reach  int
	// tail holds the blobs of touches tailFrom on, once looked up.
	tail     []blobPair
	tailFrom int
}

func newCarrier(f docFreshFile, funcs []docfresh.Func, cur *docfresh.Walk, pairOf func(touch) (blobPair, bool)) *carrier {
	c := &carrier{cur: cur, n: len(funcs), pairOf: pairOf, touches: f.touches}
	if f.prev == nil {
		return c
	}
	old, k, ok := older(f.touches, f.prevTouches)
	if !ok {
		return c
	}
	type key struct {
		name string
		n    int
	}
	byName := map[key]int{}
	seen := map[string]int{}
	for i, g := range f.prev.Funcs {
		byName[key{g.Name, seen[g.Name]}] = i
		seen[g.Name]++
	}
	clear(seen)
	c.of = map[int]int{}
	for i, fn := range funcs {
		if j, ok := byName[key{fn.Name, seen[fn.Name]}]; ok {
			c.of[i] = j
		}
		seen[fn.Name]++
	}
	if len(c.of) == 0 {
		return c
	}
	c.prev = docfresh.NewWalk(f.path, f.prev.Head, f.prev.funcs())
	c.state, c.touches, c.old, c.k = f.prev, f.touches, old, k
	// prev read its touches until its last function settled, or all of
	// them if one never did.
	c.reach = -1
	for _, g := range f.prev.Funcs {
		if g.Settled < 0 {
			c.reach = len(f.prevTouches) - 1
			break
		}
		c.reach = max(c.reach, g.Settled)
	}
	return c
}

// ahead are the blobs that the touches after touch i name, as far as prev
// read (touch reach of prev's): the blobs where the walks' placings
// matter from here. ok is false if a touch's blobs cannot be had.
func (c *carrier) ahead(i int) (map[string]bool, bool) {
	next := i + 1
	last := min(c.reach-c.at+next, len(c.touches)-1)
	if c.blobs == nil {
		c.blobs = make([]blobPair, 0, max(last+1-next, 0))
	}
	// c.blobs[x] is touch c.k+x's.
	for n := c.k + len(c.blobs); n <= last; n++ {
		b, ok := c.pairOf(c.touches[n])
		if !ok {
			return nil, false
		}
		c.blobs = append(c.blobs, b)
	}
	out := map[string]bool{}
	for n := next; n <= last; n++ {
		b := c.blobs[n-c.k]
		if b.after != "" {
			out[b.after] = true
			if b.before != "" {
				out[b.before] = true
			}
		}
	}
	return out, true
}

// stop gives up the replay: cur walks on alone.
func (c *carrier) stop() { c.prev = nil }

// step has prev read touch i too, if it read it.
func (c *carrier) step(i int, ch docfresh.Change, lines func(string) (*docfresh.Text, error)) {
	if c.prev == nil || !c.old[i] {
		return
	}
	ch.Seq = c.at
	c.at++
	if err := c.prev.Step(ch, lines); err != nil {
		c.stop()
	}
}

// skip passes over touch i, which neither walk steps through (the file
// was not there after it).
func (c *carrier) skip(i int) {
	if c.prev != nil && c.old[i] {
		c.at++
	}
}

// agree carries forward the functions that stand where prev's stand,
// after touch i has been read (-1: before any), once every touch left is
// one prev read.
func (c *carrier) agree(i int) {
	if c.prev == nil || i+1 < c.k {
		return
	}
	next := i + 1
	blobs, ok := c.ahead(i)
	if !ok {
		c.stop()
		return
	}
	// Each function open here is compared with prev's of the same name,
	// else with those open there that it shares its place with (a
	// function renamed): if they agree, it is the same function as far
	// as the walk can tell.
	var byPlace map[docfresh.Span][]int
	// prev's touch s is touch s-c.at+next here, if within the list.
	here := func(s int) (docfresh.Change, bool) {
		n := s - c.at + next
		if s < c.at || n >= len(c.touches) {
			return docfresh.Change{}, false
		}
		t := c.touches[n]
		return docfresh.Change{Commit: t.commit, Time: t.time, Subject: t.subject, Seq: n}, true
	}
	left := false
	for fn := range c.n {
		if !c.cur.Following(fn) {
			continue
		}
		g, ok := c.of[fn]
		if !ok || !c.prev.Following(g) {
			span, placed := c.cur.Placed(fn)
			if !placed {
				continue
			}
			if byPlace == nil {
				byPlace = map[docfresh.Span][]int{}
				for g := range c.state.Funcs {
					if s, ok := c.prev.Placed(g); ok && c.prev.Following(g) {
						byPlace[s] = append(byPlace[s], g)
					}
				}
			}
			ok = false
			for _, h := range byPlace[span] {
				if c.cur.Agrees(c.prev, fn, h, blobs) {
					g, ok = h, true
					break
				}
			}
			if !ok {
				left = left || len(byPlace[span]) > 0
				continue
			}
		} else if !c.cur.Agrees(c.prev, fn, g, blobs) {
			left = true
			continue
		}
		o := c.state.Funcs[g]
		if o.Settled >= 0 && o.Settled < c.at {
			// Not what prev's replay found: leave it to cur.
			continue
		}
		var changes []docfresh.Change
		for _, s := range o.Changes {
			if ch, ok := here(s); ok {
				changes = append(changes, ch)
			}
		}
		var settled *docfresh.Change
		if ch, ok := here(o.Settled); ok && o.Settled >= 0 {
			settled = &ch
		} else {
			c.open = true
		}
		c.cur.Carry(fn, settled, changes)
		c.carried++
	}
	// Walks that have not come to agree within a while after the new
	// touches seldom do: cur walks on alone rather than both.
	if !left || next-c.k >= carryReplay {
		c.stop()
	}
}

// closeEvery is how often, in touches read, a walk looks for functions
// it will not place again (docfresh.Walk.CloseUnplaced).
const closeEvery = 32

// named are the blobs the touches after touch i name; ok is false if a
// touch's blobs cannot be had.
func (c *carrier) named(i int) (map[string]bool, bool) {
	if c.tail == nil {
		c.tail = make([]blobPair, len(c.touches))
		c.tailFrom = len(c.touches)
	}
	for c.tailFrom > i+1 {
		b, ok := c.pairOf(c.touches[c.tailFrom-1])
		if !ok {
			return nil, false
		}
		c.tailFrom--
		c.tail[c.tailFrom] = b
	}
	out := map[string]bool{}
	for _, b := range c.tail[i+1:] {
		if b.after != "" {
			out[b.after] = true
			if b.before != "" {
				out[b.before] = true
			}
		}
	}
	return out, true
}

// carryReplay is how many touches past the new ones prev is replayed
// beside cur, at most, for their functions to agree.
const carryReplay = 64
