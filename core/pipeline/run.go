package pipeline

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"
	"github.com/hashicorp/go-hclog"

	"github.com/homer-dev/homer/core/analyze/conventions"
	"github.com/homer-dev/homer/core/config"
	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/repo"
	"github.com/homer-dev/homer/core/store"
	"github.com/homer-dev/homer/core/trace"
	"github.com/homer-dev/homer/sdk"
)

// Progress shows how far a long stage has got. The CLI draws bars on a
// terminal; elsewhere it is silent.
type Progress interface {
	Start(label string, total int) Bar
}

// Bar is one stage's progress.
type Bar interface {
	Add(n int)
	// SetTotal gives the total once it is known (a bar started without).
	SetTotal(n int)
	Done()
}

// StageWatcher is a Progress that is also told when each stage starts
// and ends, to show the long ones that count nothing themselves.
type StageWatcher interface {
	StageStarted(stage string)
	StageEnded(stage string)
}

type quiet struct{}

func (quiet) Start(string, int) Bar { return quiet{} }
func (quiet) Add(int)               {}
func (quiet) SetTotal(int)          {}
func (quiet) Done()                 {}

// Run is everything one invocation's stages share.
type Run struct {
	Cfg      *config.Config
	Repo     *repo.Repo
	Store    *store.Store
	Plugins  *plugin.Set
	Log      hclog.Logger
	Progress Progress
	// Force reruns every stage whatever its key.
	Force bool
	// ForceAnalysis reruns analyses, the model and renders.
	ForceAnalysis bool
	// ForceRender reruns the renders alone.
	ForceRender bool
	// Head is the commit analysed ("" for an empty repository).
	Head string
	// OutDir is where renderers' files are written (the repository root by
	// default).
	OutDir string
	// DryRun renders without writing files.
	DryRun bool
	// Merge keeps homer:preserve blocks when overwriting a file that
	// Homer wrote.
	Merge bool
	// Diff compares each human-written file with what Homer would write in
	// its place (Result.Diffs); with DryRun, nothing is written.
	Diff bool

	// exec is the execution under way: which stages it plans, and their
	// pending writes.
	exec *engine.Execution
	// board holds the values stages hand to later stages (share.go).
	board engine.Board
	// languages are the language plugins the run began with: one that
	// fails leaves the plugin set, not the run (its files stay its own,
	// and its last good facts stand in).
	languages []*plugin.Plugin

	mu       sync.Mutex
	warnings []string
	notes    []string
	written  []string
	diffs    []string
	// claims are the output names each renderer wrote in this run, to
	// find two renderers writing one file (outputs.go).
	claims map[string]string
	// renderSlots bounds the renderers holding a decoded model at once
	// (render.go); made when first needed.
	renderSlots chan struct{}
	// parseSlots bounds the language plugins parsing at once beside the
	// largest language's (takeParseSlot); made when first needed.
	parseSlots chan struct{}
	// blobs are the blob ids the git source sent with its changes, until
	// doc freshness takes them (changeblobs.go).
	blobs *changeBlobs
	// reading counts the parse stages still reading blobs at HEAD
	// (doneReading).
	reading int
	// factsTaken are the stages of factReaders that have taken what they
	// read of the parse facts handed in this run (tookFacts).
	factsTaken map[string]bool
}

// factReaders are the stages that read the parse facts at HEAD as the
// parse stages handed them, once every parse is done: resolve (which also
// digests what the model takes of them, handFactsDigest), conventions and
// doc freshness.
var factReaders = []string{"resolve", "analyze.conventions", "analyze.doc-freshness"}

// tookFacts records that stage has taken what it reads of the parse facts
// handed in this run. Once every planned stage of factReaders has, the
// facts are dropped: the model takes resolve's digest of them, and a
// stage that asks for them later reads the parse memo, as in an update.
// They were 53 MB of spring-boot's core heap, held from resolve to the
// end of the model (BENCHMARKS.md, "Memory, tenth pass"). A reader that
// fails or is skipped leaves them to forgetFacts, after the model.
func (r *Run) tookFacts(stage string) {
	if r.exec == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.factsTaken == nil {
		r.factsTaken = map[string]bool{}
	}
	r.factsTaken[stage] = true
	for _, s := range factReaders {
		if r.plans(s) && !r.factsTaken[s] {
			return
		}
	}
	for _, l := range r.languages {
		handLanguage.Of(l.Name).Forget(&r.board)
	}
}

// took reports whether stage has taken what it reads of the parse facts
// handed in this run (tookFacts).
func (r *Run) took(stage string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.factsTaken[stage]
}

// startReading and doneReading bracket a parse stage's reading of blobs.
// When no stage is left reading, git's cat-file is stopped until the next
// read (repo.Repo.Rest): otherwise it sits idle at its largest through the
// plugins' import resolution, resolve and the rest of the history (57 MB
// of RSS on spring-boot, beside git log and a language plugin at the run's
// peak), until doc freshness reads again. A stage that starts reading
// after another stopped it starts it again.
func (r *Run) startReading() {
	r.mu.Lock()
	r.reading++
	r.mu.Unlock()
}

func (r *Run) doneReading() {
	r.mu.Lock()
	r.reading--
	idle := r.reading == 0
	r.mu.Unlock()
	if idle {
		r.restRepo()
	}
}

// restRepo stops git's cat-file until the next read (repo.Repo.Rest).
func (r *Run) restRepo() {
	if r.Repo != nil {
		r.Repo.Rest()
	}
}

// HeadTime is the committer time of Head, read when first needed: reading
// a commit through go-git first loads the pack index. An error fails the
// stage that asked, so no result measured from time 0 is stored.
func (r *Run) HeadTime() (int64, error) {
	return handHeadTime.Get(&r.board, func() (int64, error) { return r.Repo.CommitTime(r.Head) })
}

// Warn records a problem that degrades the run without stopping it.
func (r *Run) Warn(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	r.mu.Lock()
	r.warnings = append(r.warnings, msg)
	r.mu.Unlock()
	r.Log.Debug("warning", "message", msg)
}

// Note records something worth telling that lost nothing (history
// rewritten and read again in full); it does not make the run partial.
func (r *Run) Note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	r.mu.Lock()
	r.notes = append(r.notes, msg)
	r.mu.Unlock()
}

// Warnings are the problems recorded so far, sorted.
func (r *Run) Warnings() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]string(nil), r.warnings...)
	sort.Strings(out)
	return out
}

func (r *Run) sortedDiffs() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]string(nil), r.diffs...)
	sort.Strings(out)
	return out
}

// Written lists the files renderers wrote, sorted.
func (r *Run) Written() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]string(nil), r.written...)
	sort.Strings(out)
	return out
}

// forced reports whether a stage must run whatever its key.
func (r *Run) forced(stage string) bool {
	if r.Force {
		return true
	}
	if strings.HasPrefix(stage, "render.") && r.ForceRender {
		return true
	}
	return r.ForceAnalysis && (strings.HasPrefix(stage, "analyze.") || stage == "model" || strings.HasPrefix(stage, "render."))
}

// plans reports whether a stage is part of the run being executed.
func (r *Run) plans(stage string) bool { return r.exec.Plans(stage) }

// warm starts the plugins of planned stages in the background, once a
// stage that precedes them has found work to do: a plugin takes tens of
// milliseconds to start, and the core is busy with that stage meanwhile.
// A plugin that fails to start is reported by the stage that uses it.
func (r *Run) warm(ctx context.Context, stagePrefix string, ps []*plugin.Plugin) {
	for _, p := range ps {
		if r.plans(stagePrefix + p.Name) {
			go func() { _, _ = p.Connect(ctx) }()
		}
	}
}

// release stops plugins whose work in this run is done, in the
// background: a plugin takes some milliseconds to wind down, better spent
// beside the stages still running than at the end.
func (r *Run) release(ps ...*plugin.Plugin) {
	for _, p := range ps {
		go p.Kill()
	}
}

// awaitWrite waits until a stage of this run has committed its output,
// for a later stage that reads it from the store rather than from what it
// handed.
func (r *Run) awaitWrite(stage string) error {
	if r.exec == nil {
		return nil
	}
	return r.exec.Await(stage)
}

// Result is the outcome of Execute.
type Result struct {
	Outcomes []engine.Outcome
	Warnings []string
	Notes    []string
	Problems []plugin.Problem
	Written  []string
	// Diffs are the comparisons --diff asked for, one per human file.
	Diffs []string
}

// Partial reports whether anything failed or degraded.
func (res *Result) Partial() bool {
	if len(res.Warnings) > 0 || len(res.Problems) > 0 {
		return true
	}
	for _, o := range res.Outcomes {
		if o.Err != nil || o.Partial {
			return true
		}
	}
	return false
}

// Interrupted reports whether the run was cancelled before it was done.
func (res *Result) Interrupted() bool {
	for _, o := range res.Outcomes {
		if o.Status == engine.Cancelled {
			return true
		}
	}
	return false
}

// Failed lists the stages that failed; those they blocked are not listed.
func (res *Result) Failed() []engine.Outcome {
	var out []engine.Outcome
	for _, o := range res.Outcomes {
		if o.Status == engine.Failed {
			out = append(out, o)
		}
	}
	return out
}

// Execute builds the DAG for the run's configuration and runs the stages
// targets names (with their dependencies); nil targets run everything.
func Execute(ctx context.Context, r *Run, targets []string) (*Result, error) {
	if r.Progress == nil {
		r.Progress = quiet{}
	}
	if r.Log == nil {
		r.Log = hclog.NewNullLogger()
	}
	if r.OutDir == "" {
		r.OutDir = r.Repo.Root
	}
	r.languages = r.Plugins.OfKind(sdk.KindLanguage)
	dag, err := Build(r)
	if err != nil {
		return nil, err
	}
	var need map[string]bool
	if targets != nil {
		need, err = dag.Closure(targets)
		if err != nil {
			return nil, err
		}
	}
	r.exec = dag.Prepare(need)
	spans := trace.From(ctx).Stages()
	watch, _ := r.Progress.(StageWatcher)
	if ex, ok := r.Progress.(Expecter); ok {
		if last := lastStageTimes(ctx, r); len(last) > 0 {
			ex.Expect(last)
		}
	}
	outcomes := r.exec.Run(ctx, engine.Options{Keys: r.Store, Force: r.forced,
		Started: func(stage string) {
			r.Log.Debug("stage start", "stage", stage)
			spans.Start(stage)
			if watch != nil {
				watch.StageStarted(stage)
			}
		},
		Finished: func(o engine.Outcome) {
			spans.End(o.Stage, stageArgs(o))
			if watch != nil {
				watch.StageEnded(o.Stage)
			}
		}})
	reminders(ctx, r, outcomes)
	if !r.DryRun {
		// A record that could not be written leaves the stages it would
		// have named reported as stale, never as current.
		if err := recordStageHeads(ctx, r, outcomes, targets == nil); err != nil {
			r.Warn("which stages are current could not be recorded: %v", err)
		}
		if err := recordStageTimes(ctx, r, outcomes); err != nil {
			r.Log.Debug("stage times not recorded", "error", err)
		}
	}
	r.mu.Lock()
	notes := append([]string(nil), r.notes...)
	r.mu.Unlock()
	return &Result{Outcomes: outcomes, Warnings: r.Warnings(), Notes: notes, Problems: r.Plugins.ProblemList(), Written: r.Written(), Diffs: r.sortedDiffs()}, nil
}

// stageArgs describe a stage's outcome in its trace span.
func stageArgs(o engine.Outcome) map[string]any {
	args := map[string]any{"status": o.Status.String()}
	if o.Err != nil {
		args["error"] = o.Err.Error()
	}
	if o.Partial {
		args["partial"] = o.Why
	}
	return args
}

// PipelineTargets turns a named pipeline into stage names.
func PipelineTargets(p *config.Pipeline) []string {
	var t []string
	for _, s := range p.Sources {
		t = append(t, "source."+s)
	}
	for _, l := range p.Languages {
		t = append(t, "parse."+l)
	}
	for _, a := range p.Analyzers {
		t = append(t, "analyze."+a)
	}
	for _, rn := range p.Renderers {
		t = append(t, "render."+rn)
	}
	return t
}

// configHash hashes a plugin's identity and configuration.
func configHash(p *plugin.Plugin) string {
	keys := make([]string, 0, len(p.Values))
	for k := range p.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := []string{p.Name, p.Version, p.Build}
	for _, k := range keys {
		parts = append(parts, k+"="+sdk.ValueString(p.Values[k]))
	}
	return hashStrings(parts...)
}

// hashStrings is a stable hash of a list of strings.
func hashStrings(parts ...string) string {
	return fmt.Sprintf("%016x", xxhash.Sum64String(strings.Join(parts, "\x00")))
}

// takeFactsEarly takes, once resolve has the parse facts at HEAD, what
// conventions and doc freshness read of them, for those of the two that
// are planned: the conventions of the files (all but the commits') and
// the documented functions. Both stages wait for the history, which on a
// long one ends long after resolve, and the facts they would read then
// were the largest part of the core's live heap in between (about 50 MB
// of spring-boot's 140 MB). Only when every language's facts were handed
// in this run: a language read from the parse memo is read by the stage
// itself (headFacts), as before.
func takeFactsEarly(ctx context.Context, r *Run) error {
	if r.exec == nil {
		return nil
	}
	conv, doc := r.plans("analyze.conventions"), r.plans("analyze.doc-freshness")
	if !conv && !doc {
		return nil
	}
	byLang, err := r.filesByLanguage(ctx)
	if err != nil {
		return err
	}
	facts := map[*plugin.Plugin][]*sdk.FileFacts{}
	for _, l := range r.languages {
		lf, ok := handLanguage.Of(l.Name).Handed(&r.board)
		switch {
		case ok:
			var err error
			if facts[l], err = lf.withDefs(); err != nil {
				return err
			}
		case len(byLang[l.Name]) > 0:
			return nil
		}
	}
	if conv {
		handFileConventions.Hand(&r.board, conventions.AnalyzeFiles(conventionFiles(facts)))
		r.tookFacts("analyze.conventions")
	}
	if doc {
		handDocumented.Hand(&r.board, documentedFiles(facts))
		r.tookFacts("analyze.doc-freshness")
	}
	return nil
}
