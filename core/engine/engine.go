package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"
)

// Stage is one node of the DAG.
type Stage struct {
	Name string
	// Deps must finish first, and their keys are part of this stage's key.
	Deps []string
	// After must finish first, but only order matters: the stage's own key
	// already hashes what it reads from them (a parse hashes the blobs it
	// parses, not HEAD).
	After []string
	// Yield names stages to let finish first when they are part of the
	// run, only to leave them the cores: they neither join a run that did
	// not plan them nor count in the key.
	Yield []string
	// Soft stages may fail without blocking the stages that depend on
	// them; those run on what there is and record a key that never
	// matches, so the next run tries again.
	Soft bool
	// Key hashes the stage's own inputs; the dependencies' keys are mixed
	// in by the engine. A stage whose key matches the recorded one, and
	// whose output is intact, does not run.
	Key func(ctx context.Context) (string, error)
	// Do performs the stage. It records the stage's key with Job.Finish in
	// the transaction that writes its last output.
	Do func(ctx context.Context, j *Job) error
	// Intact, when set, is asked whether the stage's stored output is
	// still whole (files on disk nobody deleted or edited); a stage whose
	// key matches but whose output is not intact runs again.
	Intact func(ctx context.Context) (bool, error)
}

// DAG is a validated set of stages in an order where each stage comes
// after everything it depends on.
type DAG struct {
	stages map[string]*Stage
	order  []string
}

// New checks the stages and orders them: duplicate names, unknown
// dependencies and cycles are errors.
func New(stages ...*Stage) (*DAG, error) {
	d := &DAG{stages: map[string]*Stage{}}
	for _, s := range stages {
		if s.Name == "" {
			return nil, errors.New("a stage has no name")
		}
		if d.stages[s.Name] != nil {
			return nil, fmt.Errorf("stage %q is defined twice", s.Name)
		}
		if s.Key == nil || s.Do == nil {
			return nil, fmt.Errorf("stage %q has no Key or no Do", s.Name)
		}
		d.stages[s.Name] = s
	}
	for _, s := range stages {
		for _, list := range [][]string{s.Deps, s.After, s.Yield} {
			for _, dep := range list {
				if d.stages[dep] == nil {
					return nil, fmt.Errorf("stage %q depends on %q, which is not a stage", s.Name, dep)
				}
			}
		}
	}
	// Depth-first, in the order given, so that independent stages keep it.
	const (
		visiting = 1
		visited  = 2
	)
	mark := map[string]int{}
	var path []string
	var visit func(string) error
	visit = func(n string) error {
		switch mark[n] {
		case visited:
			return nil
		case visiting:
			i := indexOf(path, n)
			return fmt.Errorf("stages depend on each other in a cycle: %s", strings.Join(append(path[i:], n), " -> "))
		}
		mark[n] = visiting
		path = append(path, n)
		s := d.stages[n]
		for _, dep := range s.inputs() {
			if err := visit(dep); err != nil {
				return err
			}
		}
		for _, y := range s.Yield {
			if err := visit(y); err != nil {
				return err
			}
		}
		path = path[:len(path)-1]
		mark[n] = visited
		d.order = append(d.order, n)
		return nil
	}
	for _, s := range stages {
		if err := visit(s.Name); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// inputs are the stages whose output this one may read.
func (s *Stage) inputs() []string {
	return append(append([]string(nil), s.Deps...), s.After...)
}

// Has reports whether a stage exists.
func (d *DAG) Has(name string) bool { return d.stages[name] != nil }

// Order lists the stages, each after its dependencies.
func (d *DAG) Order() []string { return append([]string(nil), d.order...) }

// Closure returns the named stages and everything they depend on.
func (d *DAG) Closure(targets []string) (map[string]bool, error) {
	need := map[string]bool{}
	var visit func(string) error
	visit = func(n string) error {
		if need[n] {
			return nil
		}
		s := d.stages[n]
		if s == nil {
			return fmt.Errorf("no stage %q", n)
		}
		need[n] = true
		for _, dep := range s.inputs() {
			if err := visit(dep); err != nil {
				return err
			}
		}
		return nil
	}
	for _, t := range targets {
		if err := visit(t); err != nil {
			return nil, err
		}
	}
	return need, nil
}

// Status is what became of a stage in a run.
type Status int

const (
	// Ran: the stage ran and succeeded.
	Ran Status = iota
	// Unchanged: its key matched and its output was intact, so it did not run.
	Unchanged
	// Failed: it ran, or computing its key failed.
	Failed
	// Blocked: a dependency that is not soft failed, so it did not run.
	Blocked
	// Cancelled: the run was cancelled before or while it ran.
	Cancelled
)

func (s Status) String() string {
	return [...]string{"ran", "unchanged", "failed", "blocked", "cancelled"}[s]
}

// Outcome is what happened to a stage.
type Outcome struct {
	Stage  string
	Status Status
	Err    error
	// Partial is set when the stage ran on an input that failed or was not
	// committed, or did less than asked: its recorded key never matches,
	// so the next run redoes it. Why says why; Inherited is set when the
	// cause is an input's (reported with that input).
	Partial   bool
	Why       string
	Inherited bool
	// Began is when the stage started, from the start of the run.
	Began time.Duration
	Took  time.Duration
}

// Keys reads the keys stages recorded.
type Keys interface {
	StageKey(ctx context.Context, stage string) (string, error)
}

// KeyWriter records a stage's key inside a transaction.
type KeyWriter interface {
	SetStageKey(stage, key string) error
}

// Commit is a write in the store's queue: transactions commit in the order
// they were queued.
type Commit interface {
	Wait() error
	// Settled reports without blocking whether the write is over, and its
	// error if so.
	Settled() (bool, error)
}

// Options shape one execution.
type Options struct {
	Keys Keys
	// Force reports whether a stage must run whatever its key.
	Force func(stage string) bool
	// Started, when set, is told of each stage that starts to run.
	Started func(stage string)
	// Finished, when set, is told of each stage that Started was told of,
	// once it has ended, with its outcome.
	Finished func(o Outcome)
}

// Execution is one run of a DAG.
type Execution struct {
	dag  *DAG
	jobs map[string]*Job
}

// Job is one stage's part in an execution.
type Job struct {
	stage *Stage
	exec  *Execution

	key string
	// ready closes when the stages after this one may start: when it ends,
	// or earlier when it calls FinishEarly. readyErr is its error then.
	ready     chan struct{}
	readyOnce sync.Once
	readyErr  error
	done      chan struct{}
	err       error
	// early is the write a stage that finished early queued.
	early Commit
	// unsound is set when the job consumed a failed or uncommitted input;
	// then the key it records never matches.
	unsound atomic.Bool
	// recorded is set once its key is in the store.
	recorded atomic.Bool
	mu       sync.Mutex
	// side are writes the stage queued besides its last one.
	side []Commit
	// reason says why the job is unsound; inherited when the cause is an
	// input's.
	reason    string
	inherited bool
}

// Name is the job's stage.
func (j *Job) Name() string { return j.stage.Name }

// Key is the stage's full key: its own inputs and its dependencies' keys.
func (j *Job) Key() string { return j.key }

func (j *Job) markReady(err error) {
	j.readyOnce.Do(func() {
		j.readyErr = err
		close(j.ready)
	})
}

// sound reports whether everything the job read is committed and
// complete, and if not, why. It is asked inside the transaction that
// records the key; the store commits transactions in queue order, and a
// job's inputs and side writes were queued before it, so each is settled
// by then.
func (j *Job) sound() (ok bool, why string, inherited bool) {
	if j.unsound.Load() {
		why, inherited = j.why()
		return false, why, inherited
	}
	j.mu.Lock()
	side := j.side
	j.mu.Unlock()
	for _, c := range side {
		if over, err := c.Settled(); !over || err != nil {
			return false, fmt.Sprintf("a write it made besides its output failed: %v", err), false
		}
	}
	for _, name := range j.stage.inputs() {
		in := j.exec.jobs[name]
		if in == nil {
			continue
		}
		if in.early != nil {
			if over, err := in.early.Settled(); !over || err != nil {
				return false, fmt.Sprintf("%s's output was not stored: %v", name, err), true
			}
		}
		if in.unsound.Load() {
			return false, fmt.Sprintf("%s is incomplete", name), true
		}
	}
	return true, "", false
}

// incomplete marks the job unsound, keeping the first reason.
func (j *Job) incomplete(reason string, inherited bool) {
	j.mu.Lock()
	if j.reason == "" {
		j.reason, j.inherited = reason, inherited
	}
	j.mu.Unlock()
	j.unsound.Store(true)
}

func (j *Job) why() (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.reason, j.inherited
}

// PartialSuffix ends the key recorded for a stage that ran on partial
// input: no key a stage computes ends so, so it never matches.
const PartialSuffix = "-partial"

// Finish records the stage's key in tx, the transaction that writes its
// last output. When an input failed or is not committed, it records a key
// that never matches, so the next run does the stage again.
func (j *Job) Finish(tx KeyWriter) error {
	key := j.key
	if ok, why, inherited := j.sound(); !ok {
		j.incomplete(why, inherited)
		key += PartialSuffix
	}
	if err := tx.SetStageKey(j.stage.Name, key); err != nil {
		return err
	}
	j.recorded.Store(true)
	return nil
}

// Track records a write the stage queued besides its last one, such as a
// cache it fills as it goes. Queue it before the last write: if it fails,
// the stage's key is recorded as partial, so the next run does the stage,
// and the write, again.
func (j *Job) Track(c Commit) {
	j.mu.Lock()
	j.side = append(j.side, c)
	j.mu.Unlock()
}

// Incomplete marks the stage as having done less than its inputs asked
// (a file it could not read), and says why: its key is recorded as
// partial, so the next run tries again.
func (j *Job) Incomplete(reason string) { j.incomplete(reason, false) }

// FinishEarly lets the stages after this one start as soon as its last
// write (which calls Finish) is queued rather than committed, and returns
// the write's error. Those stages must take what they read of this one's
// output from the values it handed them, or wait for it with Await; their
// own keys are recorded as sound only if this write committed.
func (j *Job) FinishEarly(c Commit) error {
	j.early = c
	j.markReady(nil)
	return c.Wait()
}

// Await waits until a stage of this execution has committed its output,
// for a stage that reads it from the store; a stage that is not part of
// the run has nothing pending.
func (e *Execution) Await(stage string) error {
	j := e.jobs[stage]
	if j == nil {
		return nil
	}
	<-j.ready
	if j.readyErr != nil {
		return j.readyErr
	}
	if j.early != nil {
		return j.early.Wait()
	}
	return nil
}

// Failed reports whether a stage of this execution failed (or was
// blocked), once it is ready; a stage not in the run did not fail.
func (e *Execution) Failed(stage string) bool {
	j := e.jobs[stage]
	if j == nil {
		return false
	}
	<-j.ready
	return j.readyErr != nil
}

// Plans reports whether a stage is part of this execution.
func (e *Execution) Plans(stage string) bool { return e != nil && e.jobs[stage] != nil }

// Prepare sets up an execution of the stages in need (all when nil)
// without starting it, so that the stages can be given it first.
func (d *DAG) Prepare(need map[string]bool) *Execution {
	e := &Execution{dag: d, jobs: map[string]*Job{}}
	for _, n := range d.order {
		if need == nil || need[n] {
			e.jobs[n] = &Job{stage: d.stages[n], exec: e, ready: make(chan struct{}), done: make(chan struct{})}
		}
	}
	return e
}

// Run runs the execution: each stage as soon as its inputs are ready,
// independent stages in parallel. Every planned stage gets an outcome.
func (e *Execution) Run(ctx context.Context, opts Options) []Outcome {
	var mu sync.Mutex
	var outcomes []Outcome
	record := func(o Outcome) {
		mu.Lock()
		outcomes = append(outcomes, o)
		mu.Unlock()
	}
	t0 := time.Now()
	var wg sync.WaitGroup
	for _, n := range e.dag.order {
		j := e.jobs[n]
		if j == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(j.done)
			defer func() { j.markReady(j.err) }()
			o := e.run(ctx, j, opts, t0)
			j.err = o.Err
			if o.Status == Failed && o.Err == nil {
				o.Err = errors.New("failed")
			}
			record(o)
		}()
	}
	wg.Wait()
	sort.Slice(outcomes, func(a, b int) bool {
		return indexOf(e.dag.order, outcomes[a].Stage) < indexOf(e.dag.order, outcomes[b].Stage)
	})
	return outcomes
}

func (e *Execution) run(ctx context.Context, j *Job, opts Options, t0 time.Time) Outcome {
	s := j.stage
	o := Outcome{Stage: s.Name}
	for _, y := range s.Yield {
		if yj := e.jobs[y]; yj != nil {
			<-yj.done
		}
	}
	h := xxhash.New()
	h.WriteString(s.Name)
	for i, dep := range s.inputs() {
		dj := e.jobs[dep]
		if dj == nil {
			continue
		}
		<-dj.ready
		if dj.readyErr != nil {
			if !dj.stage.Soft {
				o.Status, o.Err = Blocked, fmt.Errorf("not run: %s failed", dep)
				if ctx.Err() != nil {
					o.Status, o.Err = Cancelled, ctx.Err()
				}
				return o
			}
			j.incomplete(dep+" failed", true)
		}
		if i < len(s.Deps) {
			h.WriteString("|" + dep + "=" + dj.key)
		}
	}
	if err := ctx.Err(); err != nil {
		o.Status, o.Err = Cancelled, err
		return o
	}
	own, err := s.Key(ctx)
	if err != nil {
		o.Status, o.Err = Failed, fmt.Errorf("key: %w", err)
		if ctx.Err() != nil {
			o.Status = Cancelled
		}
		return o
	}
	h.WriteString("|" + own)
	j.key = fmt.Sprintf("%016x", h.Sum64())
	// A matching key was recorded by a sound run on these very inputs, so the
	// stored output stands even when a soft input failed this time.
	if (opts.Force == nil || !opts.Force(s.Name)) && opts.Keys != nil {
		stored, err := opts.Keys.StageKey(ctx, s.Name)
		if err == nil && stored == j.key && (s.Intact == nil || intact(ctx, s)) {
			o.Status = Unchanged
			return o
		}
	}
	if opts.Started != nil {
		opts.Started(s.Name)
	}
	start := time.Now()
	o.Began = start.Sub(t0)
	// The label lets a CPU profile be read per stage.
	pprof.Do(ctx, pprof.Labels("stage", s.Name), func(ctx context.Context) {
		err = s.Do(ctx, j)
	})
	o.Took = time.Since(start)
	o.Err = err
	o.Partial = j.unsound.Load()
	if o.Partial {
		o.Why, o.Inherited = j.why()
	}
	switch {
	case err != nil && ctx.Err() != nil:
		o.Status = Cancelled
	case err != nil:
		o.Status = Failed
	default:
		o.Status = Ran
	}
	if opts.Finished != nil {
		opts.Finished(o)
	}
	return o
}

func intact(ctx context.Context, s *Stage) bool {
	ok, err := s.Intact(ctx)
	return err == nil && ok
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return len(list)
}
