package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"path"
	pathpkg "path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/sdk"
)

// HeadFile is a file at HEAD as the structure source recorded it.
type HeadFile = query.HeadFile

// loadHeadFiles reads the files at HEAD; stages use Run.headFiles.
func loadHeadFiles(ctx context.Context, st *store.Store) ([]HeadFile, error) {
	return query.New(st.DB()).HeadFiles(ctx)
}

// claim is how strongly a language plugin asks for a path.
type claim int

const (
	noClaim     claim = iota
	sharedClaim       // an extension other plugins may parse too
	ownClaim          // its own extension or file name
	configClaim       // given to it by homer.hcl (claim = [...])
)

// claimOf reports how a language plugin asks for a path.
func claimOf(p *plugin.Plugin, path string) claim {
	base := pathpkg.Base(path)
	for _, e := range p.Claim {
		if strings.HasSuffix(base, e) {
			return configClaim
		}
	}
	for _, n := range p.Info.GetFilenames() {
		if n == base {
			return ownClaim
		}
	}
	for _, e := range p.Info.GetExtensions() {
		if strings.HasSuffix(base, e) {
			return ownClaim
		}
	}
	for _, e := range p.Info.GetSharedExtensions() {
		if strings.HasSuffix(base, e) {
			return sharedClaim
		}
	}
	return noClaim
}

// languageFiles gives each HEAD file to one language plugin, the same way
// on every run: the strongest claim wins (homer.hcl's, then a plugin's own
// extension, then an extension several plugins share); between equal
// claims, the plugin with more files at HEAD under its own extensions
// (a header extension two plugins share goes to the one whose own files
// dominate), then the first
// by name.
func languageFiles(files []HeadFile, langs []*plugin.Plugin) map[string][]HeadFile {
	own := map[string]int{}
	for _, f := range files {
		for _, l := range langs {
			if claimOf(l, f.Path) == ownClaim {
				own[l.Name]++
			}
		}
	}
	out := map[string][]HeadFile{}
	for _, f := range files {
		var best *plugin.Plugin
		bestClaim := noClaim
		for _, l := range langs {
			c := claimOf(l, f.Path)
			if c == noClaim {
				continue
			}
			if best == nil || c > bestClaim ||
				c == bestClaim && (own[l.Name] > own[best.Name] || own[l.Name] == own[best.Name] && l.Name < best.Name) {
				best, bestClaim = l, c
			}
		}
		if best != nil {
			out[best.Name] = append(out[best.Name], f)
		}
	}
	return out
}

// AssignFiles gives each path to one language plugin by the rule runs use
// (languageFiles), for tools that run plugins outside a run.
func AssignFiles(paths []string, langs []*plugin.Plugin) map[string][]string {
	files := make([]HeadFile, len(paths))
	for i, p := range paths {
		files[i] = HeadFile{Path: p}
	}
	out := map[string][]string{}
	for name, fs := range languageFiles(files, langs) {
		for _, f := range fs {
			out[name] = append(out[name], f.Path)
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

func parseStage(r *Run, p *plugin.Plugin) *engine.Stage {
	name := "parse." + p.Name
	return &engine.Stage{
		Name:  name,
		After: []string{"source.structure"},
		Soft:  true,
		Key: func(ctx context.Context) (string, error) {
			byLang, err := r.filesByLanguage(ctx)
			if err != nil {
				return "", err
			}
			parts := []string{parserID(p)}
			for _, f := range byLang[p.Name] {
				parts = append(parts, f.Path, f.Blob)
			}
			return hashStrings(parts...), nil
		},
		Do: func(ctx context.Context, j *engine.Job) error { return parse(ctx, r, p, j) },
	}
}

// languagesAtOnce is how many language plugins parse at once: the
// language with the most files at HEAD from the start, and the others
// one at a time beside it. Each plugin holds 30-55 MB from its start (its
// binary's pages, its heap's floor): on spring-boot the four that started
// together, beside git log and cat-file, made the whole process tree's
// largest moment (387-405 MB), though the three small ones parse in under
// 2.5 s each beside the largest's 20. On two cores, more plugins at once
// gain little time.
const languagesAtOnce = 2

// takeParseSlot waits until lang may start its plugin (languagesAtOnce),
// or ctx ends, and returns what frees its slot. The largest language
// takes none: it never waits for a smaller one.
func (r *Run) takeParseSlot(ctx context.Context, lang string) (give func(), err error) {
	byLang, err := r.filesByLanguage(ctx)
	if err != nil {
		return nil, err
	}
	largest := ""
	for name, files := range byLang {
		if n, m := len(files), len(byLang[largest]); n > m || n == m && n > 0 && name < largest {
			largest = name
		}
	}
	if lang == largest {
		return func() {}, nil
	}
	r.mu.Lock()
	if r.parseSlots == nil {
		r.parseSlots = make(chan struct{}, languagesAtOnce-1)
	}
	slots := r.parseSlots
	r.mu.Unlock()
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// memoKey names a file's entry in the parse memo.
func memoKey(blob, path string) string { return blob + "\x00" + path }

// memoized returns which of files the memo holds facts for (by memoKey).
func memoized(ctx context.Context, st *store.Store, parser string, files []HeadFile) (map[string]bool, error) {
	pairs, err := query.New(st.DB()).Memoized(ctx, parser, files)
	have := make(map[string]bool, len(pairs))
	for _, p := range pairs {
		have[memoKey(p[0], p[1])] = true
	}
	return have, err
}

func parse(ctx context.Context, r *Run, p *plugin.Plugin, j *engine.Job) error {
	stage := j.Name()
	byLang, err := r.filesByLanguage(ctx)
	if err != nil {
		return err
	}
	mine := byLang[p.Name]
	parser := parserID(p)
	// The memo is read once: what it holds of the files tells which the
	// plugin must parse, and its rows are the facts of the rest, decoded
	// while the plugin starts and parses. (Asked first which files it
	// held, then for their facts, the memo's look-up of every file, 8,700
	// on spring-boot, ran twice: 0.10-0.19 s of an update's CPU.)
	memos, err := query.New(r.Store.DB()).MemoFacts(ctx, parser, mine)
	if err != nil {
		return err
	}
	have := make(map[string]bool, len(memos))
	for _, m := range memos {
		have[memoKey(m.Blob, m.Path)] = true
	}
	var pending []HeadFile
	for _, f := range mine {
		if have[memoKey(f.Blob, f.Path)] {
			continue
		}
		if f.Size > maxFileBytes {
			r.Warn("%s: skipped, %d bytes is too large to parse", f.Path, f.Size)
			continue
		}
		pending = append(pending, f)
	}
	bar := r.Progress.Start(stage, len(pending))
	defer bar.Done()

	// While the plugin starts and parses, the facts of the files it need
	// not parse are decoded from the memo's rows: resolve gets them from
	// this stage.
	type loaded struct {
		facts []*sdk.FileFacts
		calls packedCalls // apart from calls below, which the parses fill meanwhile
		err   error
	}
	prefetch := make(chan loaded, 1)
	// The rows are the goroutine's alone: once decoded they are garbage.
	go func(memos []query.Memo) {
		held := packedCalls{}
		ff, err := decodeSorted(memos, held)
		prefetch <- loaded{ff, held, err}
	}(memos)
	var fresh []*sdk.FileFacts
	calls, defs := packedCalls{}, packedDefs{}
	table := stringTable{}

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
	r.startReading()
	go func() {
		defer close(batches)
		defer r.doneReading()
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
				// Parsed again by the next run: a missing blob may be
				// fetched or restored by then.
				j.Incomplete(fmt.Sprintf("cannot read %s", f.Path))
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

	var wg sync.WaitGroup
	// A plugin starts only to parse: a language none of whose files
	// changed costs no process.
	giveSlot := func() {}
	if len(pending) > 0 {
		give, err := r.takeParseSlot(ctx, p.Name)
		if err != nil {
			return err
		}
		giveSlot = sync.OnceFunc(give)
		defer giveSlot()
		started := time.Now()
		client, err := p.Connect(ctx)
		if err != nil {
			r.Plugins.Fail(p, err)
			return fmt.Errorf("language %s: %w", p.Name, err)
		}
		r.Log.Debug("plugin ready", "plugin", p.Name, "took", time.Since(started), "files", len(pending))
		lang := client.Language()
		for range parseInFlight {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for batch := range batches {
					cctx, ccancel := context.WithTimeout(ctx, r.Cfg.CallTimeout())
					facts, err := lang.Parse(cctx, batch)
					ccancel()
					if err == nil {
						markGenerated(batch, facts)
					}
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
	}
	go func() { wg.Wait(); close(results) }()

	for facts := range results {
		for _, f := range facts {
			if d := transient(f); d != nil {
				j.Incomplete(fmt.Sprintf("%s: %s", f.GetPath(), d.GetSummary()))
				r.Warn("%s: %s (parsed again next run)", p.Name, diagText(d))
			}
		}
		encoded, err := encodeFacts(facts)
		if err == nil {
			err = storeEncoded(ctx, r, parser, facts, encoded)
		}
		// Resolve alone reads the calls, and is the first to read the
		// definitions: both held encoded until it does.
		if err == nil {
			err = calls.take(facts, encoded)
		}
		if err == nil {
			err = defs.take(facts, encoded)
		}
		if err != nil {
			fail(err)
			break
		}
		table.internFacts(facts)
		dropUnread(facts)
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
	if r.plans("resolve") {
		// The plugin is up: ask it now where the imports lead, and hand
		// resolve the whole of this language.
		table.internFacts(got.facts)
		dropUnread(got.facts)
		maps.Copy(calls, got.calls)
		all := append(got.facts, fresh...)
		sort.Slice(all, func(i, j int) bool { return all[i].GetPath() < all[j].GetPath() })
		imports, err := resolveImports(ctx, r, j, p, all, false)
		if err != nil {
			return err
		}
		table.internImports(imports)
		handLanguage.Of(p.Name).Hand(&r.board, &languageFacts{facts: all, calls: calls, defs: defs, imports: imports})
	}
	r.release(p)
	giveSlot()
	return r.Store.Write(ctx, func(tx *store.Tx) error {
		if err := pruneMemo(tx, p.Name, parser, mine); err != nil {
			return err
		}
		return j.Finish(tx)
	})
}

// languageFacts is what resolve needs of one language: every file's facts
// and where their imports lead. The calls and references are in calls,
// not in the facts: those of the files parsed in this run packed, those
// read from the memo as it encodes them. The definitions of the files
// parsed in this run are in defs until the first reader restores them.
type languageFacts struct {
	facts   []*sdk.FileFacts
	calls   packedCalls
	defs    packedDefs
	imports []*sdk.ResolvedImport

	restored   sync.Once
	restoreErr error
}

// withDefs returns the facts with their definitions, restored from defs
// by the first reader (resolve, unless it failed first): every reader of
// handed facts takes them through it.
func (lf *languageFacts) withDefs() ([]*sdk.FileFacts, error) {
	lf.restored.Do(func() { lf.restoreErr = lf.restoreDefs() })
	return lf.facts, lf.restoreErr
}

// restoreDefs gives the facts their definitions back from defs (each
// string the definitions repeat made one again, as the parse stage does
// for the rest of the facts), and drops defs.
func (lf *languageFacts) restoreDefs() error {
	if len(lf.defs) == 0 {
		return nil
	}
	if err := lf.defs.restore(lf.facts); err != nil {
		return err
	}
	lf.defs = nil
	table := stringTable{}
	for _, f := range lf.facts {
		table.internDefs(f.GetDefinitions())
	}
	dropUnread(lf.facts)
	return nil
}

// pruneMemo forgets what other builds or settings of the plugin parsed,
// and once the memo holds more than twice the files at HEAD, the entries
// of files no longer there (kept until then: a branch switched back and
// forth parses nothing).
func pruneMemo(tx *store.Tx, plugin, parser string, files []HeadFile) error {
	return tx.PruneParseMemo(plugin, parser, query.MemoPairs(files))
}

func storeFacts(ctx context.Context, r *Run, parser string, facts []*sdk.FileFacts) error {
	encoded, err := encodeFacts(facts)
	if err != nil {
		return err
	}
	return storeEncoded(ctx, r, parser, facts, encoded)
}

// encodeFacts returns each of facts as the parse memo keeps it
// (memoFacts).
func encodeFacts(facts []*sdk.FileFacts) ([][]byte, error) {
	out := make([][]byte, len(facts))
	for i, f := range facts {
		var err error
		if out[i], err = memoFacts(f); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// storeEncoded writes the parse memo of facts, encoded[i] that of
// facts[i], and warns of their errors.
func storeEncoded(ctx context.Context, r *Run, parser string, facts []*sdk.FileFacts, encoded [][]byte) error {
	return r.Store.Write(ctx, func(tx *store.Tx) error {
		for i, f := range facts {
			for _, d := range f.GetDiagnostics() {
				if d.GetSeverity() == sdk.SeverityError {
					if d.GetPath() == "" {
						d.Path = f.GetPath()
					}
					r.Warn("%s", diagText(d))
				}
			}
			if transient(f) != nil {
				continue // no memo: the next run parses it again
			}
			if err := tx.PutParseMemo(f.GetBlobId(), parser, f.GetPath(), encoded[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// transient returns the first diagnostic of f that may not recur on
// another run, nil when there is none.
func transient(f *sdk.FileFacts) *sdk.Diagnostic {
	for _, d := range f.GetDiagnostics() {
		if d.GetTransient() {
			return d
		}
	}
	return nil
}

// loadFacts returns the memoized facts of files, sorted by path.
// withLastGood adds, for each file of files that facts lack, the facts of
// the file's last parse under another blob, if the memo still holds one.
func withLastGood(ctx context.Context, r *Run, p *plugin.Plugin, files []HeadFile, facts []*sdk.FileFacts) ([]*sdk.FileFacts, error) {
	have := map[string]bool{}
	for _, f := range facts {
		have[f.GetPath()] = true
	}
	var lacking []string
	for _, f := range files {
		if !have[f.Path] {
			lacking = append(lacking, f.Path)
		}
	}
	if len(lacking) == 0 {
		return facts, nil
	}
	// Of several earlier versions the memo may hold, the greatest blob id
	// is taken: any is a version the file had, and the choice is stable.
	old, err := decodeMemos(query.New(r.Store.DB()).LastMemoFacts(ctx, parserID(p), lacking))
	if err != nil {
		return nil, err
	}
	stale := len(old)
	facts = append(facts, old...)
	if stale > 0 {
		r.Warn("language %s: its plugin failed; %d of %d changed files keep the facts of their last parse", p.Name, stale, len(lacking))
	}
	sort.Slice(facts, func(i, j int) bool { return facts[i].GetPath() < facts[j].GetPath() })
	return facts, nil
}

func loadFacts(ctx context.Context, st *store.Store, parser string, files []HeadFile) ([]*sdk.FileFacts, error) {
	return loadFactsHolding(ctx, st, parser, files, nil)
}

// loadFactsHolding is loadFacts for resolve: the calls and references of
// the files, which resolve alone reads, one file at a time, are left
// encoded in held (packedCalls.hold) rather than decoded with the facts.
// Decoded, spring-boot's 292,000 calls were most of the time the facts
// took to read and, interned, most of what they held.
func loadFactsHolding(ctx context.Context, st *store.Store, parser string, files []HeadFile, held packedCalls) ([]*sdk.FileFacts, error) {
	memos, err := query.New(st.DB()).MemoFacts(ctx, parser, files)
	if err != nil {
		return nil, err
	}
	return decodeSorted(memos, held)
}

// decodeSorted decodes memos (decodeMemosHolding) into facts in the order
// of their paths.
func decodeSorted(memos []query.Memo, held packedCalls) ([]*sdk.FileFacts, error) {
	out, err := decodeMemosHolding(memos, nil, held)
	sort.Slice(out, func(i, j int) bool { return out[i].GetPath() < out[j].GetPath() })
	return out, err
}

// memoFacts is a file's facts as the parse memo keeps them: encoded
// without the path and the blob id, which the memo's key holds
// (decodeMemos puts them back; facts memoized with them read alike). On
// spring-boot they were 0.8 of the memo's 11.5 MB of facts. Each call
// names its caller, the qualified name of a definition of the file, by a
// short reference (memoCaller). The encoding is deterministic (map fields
// such as error_shapes in key order), so that the same facts store the
// same bytes in every run.
func memoFacts(f *sdk.FileFacts) ([]byte, error) {
	data, err := proto.MarshalOptions{Deterministic: true}.Marshal(f)
	if err != nil {
		return nil, err
	}
	fields := f.ProtoReflect().Descriptor().Fields()
	keyed := map[protowire.Number]bool{
		fields.ByName("path").Number():    true,
		fields.ByName("blob_id").Number(): true,
	}
	return encodeCallers(data, f.GetDefinitions(), keyed)
}

// encodeCallers rewrites data, an encoded FileFacts whose definitions are
// defs, with each call's caller as a memo reference (memoCallers) and the
// fields of skip left out.
func encodeCallers(data []byte, defs []*sdk.Definition, skip map[protowire.Number]bool) ([]byte, error) {
	calls := callsField
	callers := memoCallers{defs: make(map[string]int, len(defs))}
	for i, d := range defs {
		if _, ok := callers.defs[d.GetQualifiedName()]; !ok {
			callers.defs[d.GetQualifiedName()] = i
		}
	}
	// Written into a scratch buffer and copied out at its length: grown
	// from empty, the copy was reallocated a dozen times a file, and one
	// sized for data would be held with the room the references saved
	// (packedCalls keeps each file's until resolve).
	scratch := encodeScratch.Get().(*[]byte)
	defer encodeScratch.Put(scratch)
	out := (*scratch)[:0]
	defer func() { *scratch = out[:0] }()
	for rest := data; len(rest) > 0; {
		num, typ, n := protowire.ConsumeTag(rest)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		m := protowire.ConsumeFieldValue(num, typ, rest[n:])
		if m < 0 {
			return nil, protowire.ParseError(m)
		}
		switch {
		case skip[num]:
		case num == calls && typ == protowire.BytesType:
			call, _ := protowire.ConsumeBytes(rest[n:])
			var err error
			if callers.buf, err = callers.encode(callers.buf[:0], call); err != nil {
				return nil, err
			}
			out = protowire.AppendBytes(protowire.AppendTag(out, num, typ), callers.buf)
		default:
			out = append(out, rest[:n+m]...)
		}
		rest = rest[n+m:]
	}
	return append(make([]byte, 0, len(out)), out...), nil // never nil: the memo's facts are NOT NULL
}

// encodeScratch holds encodeCallers' scratch buffers, one per parse
// worker at a time.
var encodeScratch = sync.Pool{New: func() any { return new([]byte) }}

// In the memo a call's caller (field 3 of Call, a definition's qualified
// name) is written as a reference where it can be: "\x00" for the caller
// of the call before (calls come grouped by their caller), "\x00" and the
// decimal position of the first definition of that qualified name, or
// "\x00\x00" and the name itself for a name that begins with "\x00" (which
// no parser gives; kept exact all the same). Any other caller is written
// as it is. On spring-boot the callers were 0.9 of the memo's 10.7 MB.
const callCaller protowire.Number = 3

// callsField, referencesField and definitionsField are FileFacts' calls,
// references and definitions.
var (
	callsField       = factsField("calls")
	referencesField  = factsField("references")
	definitionsField = factsField("definitions")
)

func factsField(name protoreflect.Name) protowire.Number {
	return (&sdk.FileFacts{}).ProtoReflect().Descriptor().Fields().ByName(name).Number()
}

type memoCallers struct {
	defs map[string]int
	prev string
	// buf holds the call encode wrote last, for the next to reuse.
	buf []byte
}

// encode appends one encoded Call, rewritten, to out.
func (c *memoCallers) encode(out, call []byte) ([]byte, error) {
	var caller []byte // the call's caller, the next call's prev
	for rest := call; len(rest) > 0; {
		num, typ, n := protowire.ConsumeTag(rest)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		m := protowire.ConsumeFieldValue(num, typ, rest[n:])
		if m < 0 {
			return nil, protowire.ParseError(m)
		}
		if num != callCaller || typ != protowire.BytesType {
			out = append(out, rest[:n+m]...)
			rest = rest[n+m:]
			continue
		}
		v, _ := protowire.ConsumeBytes(rest[n:])
		caller = v
		same := string(v) == c.prev
		i, ok := c.defs[string(v)]
		out = protowire.AppendTag(out, num, typ)
		switch {
		case same:
			out = protowire.AppendString(out, "\x00")
		case ok:
			var ref [24]byte
			r := strconv.AppendInt(append(ref[:0], 0), int64(i), 10)
			out = protowire.AppendBytes(out, r)
		case len(v) > 0 && v[0] == 0:
			out = protowire.AppendVarint(out, uint64(len(v)+2))
			out = append(append(out, 0, 0), v...)
		default:
			out = protowire.AppendBytes(out, v)
		}
		rest = rest[n+m:]
	}
	// Made a string only when it is not the last call's: calls come
	// grouped by their caller.
	if string(caller) != c.prev {
		c.prev = string(caller)
	}
	return out, nil
}

// decodeCallers gives each call of facts read from the memo its caller's
// name back (see memoCallers).
func decodeCallers(f *sdk.FileFacts) error {
	prev := ""
	for _, call := range f.GetCalls() {
		if ref, ok := strings.CutPrefix(call.GetCaller(), "\x00"); ok {
			switch {
			case ref == "":
				call.Caller = prev
			case ref[0] == 0:
				call.Caller = ref[1:]
			default:
				i, err := strconv.Atoi(ref)
				if err != nil || i < 0 || i >= len(f.GetDefinitions()) {
					return fmt.Errorf("a call's caller refers to no definition (%q)", ref)
				}
				call.Caller = f.GetDefinitions()[i].GetQualifiedName()
			}
		}
		prev = call.GetCaller()
	}
	return nil
}

// decodeMemos decodes the parse memo's rows.
func decodeMemos(memos []query.Memo, err error) ([]*sdk.FileFacts, error) {
	return decodeMemosHolding(memos, err, nil)
}

// decodeMemosHolding is decodeMemos leaving each file's calls and
// references encoded in held, when held is not nil.
func decodeMemosHolding(memos []query.Memo, err error, held packedCalls) ([]*sdk.FileFacts, error) {
	if err != nil {
		return nil, err
	}
	out := make([]*sdk.FileFacts, 0, len(memos))
	// The last pack read, and it unpacked: its memory is reused from pack
	// to pack (70 MB of allocations in an update on spring-boot), since
	// the facts decoded from it copy what they keep. So is rest, a file's
	// facts without what held takes.
	var pack, unpacked, rest []byte
	for _, m := range memos {
		var data []byte
		if m.Pack != nil {
			// The memos of one pack come together: each pack is unpacked once.
			if len(pack) == 0 || &pack[0] != &m.Pack[0] {
				if unpacked, err = store.UnpackReusing(unpacked, m.Pack); err != nil {
					return nil, fmt.Errorf("parse memo for %s: %w", m.Path, err)
				}
				pack = m.Pack
			}
			data, err = store.FactsInPack(m.Facts, unpacked)
		} else {
			data, err = store.UnpackFacts(m.Facts, m.Path)
		}
		if err == nil && held != nil {
			rest, err = held.hold(m.Path, data, rest[:0])
			data = rest
		}
		if err != nil {
			return nil, fmt.Errorf("parse memo for %s: %w", m.Path, err)
		}
		f := &sdk.FileFacts{}
		if err := proto.Unmarshal(data, f); err != nil {
			return nil, fmt.Errorf("parse memo for %s: %w", m.Path, err)
		}
		// The memo's key holds the path and the blob (memoFacts).
		f.Path, f.BlobId = m.Path, m.Blob
		if err := decodeCallers(f); err != nil {
			return nil, fmt.Errorf("parse memo for %s: %w", m.Path, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// markGenerated sets Generated on the facts of each file of batch whose
// head says a tool generated it.
func markGenerated(batch []*sdk.SourceFile, facts []*sdk.FileFacts) {
	var gen map[string]bool
	for _, f := range batch {
		if generatedHead(f.GetPath(), f.GetContent()) {
			if gen == nil {
				gen = map[string]bool{}
			}
			gen[f.GetPath()] = true
		}
	}
	for _, f := range facts {
		if gen[f.GetPath()] {
			f.Generated = true
		}
	}
}

// generatedHead tells whether one of a file's first lines (its first
// 2 KB) says a tool generated it: "Code generated by stringer; DO NOT
// EDIT.", "@generated", "<auto-generated>", "This file was automatically
// generated ... do not modify". The words must stand as words: a mention
// of generation without such words ("generates the docs"), or inside a
// name ("XunitAutoGeneratedEntryPoint=false"), is none. Nor is a notice
// naming the file itself as the tool: re2's make_unicode_casefold script
// writes "GENERATED BY <its own name>; DO NOT EDIT." into the file it
// makes, from a template near its head.
func generatedHead(p string, content []byte) bool {
	var self []byte // the file's name, when it has an extension that keeps it from being a word of prose
	if b := path.Base(p); strings.Contains(b, ".") {
		self = []byte(b)
	}
	head := content[:min(len(content), 2048)]
	if scaffolded.Match(head) {
		return false // written once by a starter tool, then by hand: libuv's documentation settings
	}
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		if len(line) <= 300 && commentLine(line) && (generatedWord.Match(line) && generatedMark.Match(line) || madeBy.Match(line)) &&
			(len(self) == 0 || !bytes.Contains(line, self)) {
			return true
		}
		if t := bytes.TrimSpace(line); len(t) > 0 && !commentLine(line) && !headOpener.Match(t) {
			// The head ends at the first line of code: a comment below it
			// speaks of the code (oauth2-server's test: "// automatically
			// generated" over a lazily made emitter).
			return false
		}
	}
	return false
}

// headOpener is a line that may come before a file's head comment: a
// shebang, an opening tag or declaration ("<?" and a word), a strictness
// directive.
var headOpener = regexp.MustCompile(`^(?:#!|<\?[A-Za-z]+\b|['"]use strict['"];?$)`)

// commentLine tells whether a line opens with a comment's mark: the
// notice is a comment, and the same words inside a string (a test's data,
// a constant holding a marker) are not one.
func commentLine(line []byte) bool {
	t := bytes.TrimLeft(line, " \t\ufeff")
	for _, open := range commentOpeners {
		if bytes.HasPrefix(t, open) {
			return true
		}
	}
	return false
}

// commentOpeners open a comment line in the languages Homer reads, or a
// block comment's inner line ("* @generated").
var commentOpeners = [][]byte{[]byte("//"), []byte("#"), []byte("/*"), []byte("*"), []byte("<!--"), []byte("--"), []byte(";"),
	[]byte("%"), []byte("(*"), []byte("{-"), []byte(`"""`), []byte("'''"), []byte("'")}

// scaffolded is a head saying a starter tool wrote the file's first
// version: "created by sphinx-quickstart on …", whose text goes on to call
// the file "this autogenerated file".
var scaffolded = regexp.MustCompile(`(?i)created by[\s#*/]*[a-z0-9_-]*quickstart\b`)

var (
	// generatedWord is "generated" as a word ("auto-generated",
	// "autogenerated" too).
	generatedWord = regexp.MustCompile(`(?i)(^|[^a-z0-9_])(auto-?)?generated([^a-z0-9_]|$)`)
	// generatedMark are the words that, on a line mentioning generation,
	// say the file is a tool's output. "Autogenerated" says it when it
	// opens the comment or speaks of the file ("autogenerated file", "is
	// autogenerated"), not in a sentence about something else ("the help
	// display shows the autogenerated usage", Sphinx's settings' "the
	// language for content autogenerated by Sphinx").
	generatedMark = regexp.MustCompile(`(?i)do not (edit|modify)|don't (edit|modify)|^[^a-z0-9@]*@generated\b|<auto-generated|^[^a-z0-9]*auto-?generated([^a-z0-9_]|$)|auto-?generated\s+(file|code|source)\b|\b(is|was|are|were)\s+auto-?generated\b|automatically generated|code generated by|\bgenerated by (GNU )?(flex|bison|byacc|yacc|re2c|ragel|antlr)\b|generated by the protocol buffer compiler|^[^a-z0-9]*generated( on| at)?:?\s+\d{4}-\d\d-\d\d`)
	// madeBy names a parser generator's output without the word
	// "generated": "A Bison parser, made by GNU Bison 3.8.2."
	madeBy = regexp.MustCompile(`(?i)\bmade by GNU Bison\b`)
)
