package pipeline

import (
	"context"
	"fmt"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
)

// Stage is one node of the DAG.
type Stage struct {
	Name string
	// Deps must finish first, and their keys are part of this stage's key.
	Deps []string
	// After must finish first, but only order matters: the stage's own key
	// already hashes what it reads from them (parse hashes the blobs it
	// parses, not HEAD), so a commit that changes no file of a language does
	// not rerun that language's parse.
	After []string
	// Yield names stages to let finish first when they are part of the
	// run, purely to leave them the cores: they neither join a run that
	// did not plan them nor count in the key.
	Yield []string
	// Key hashes the stage's own inputs; the dependencies' keys are mixed in
	// by the executor. A stage with the same key as last time is skipped.
	Key func(ctx context.Context, r *Run) (string, error)
	// Do performs the stage and calls r.Finish(tx, key) in the transaction
	// that writes its last output.
	Do func(ctx context.Context, r *Run, key string) error
	// Intact, when set, is asked whether the stage's stored output is still
	// whole (files on disk nobody deleted or edited); a stage whose key
	// matches but whose output is not intact runs again.
	Intact func(ctx context.Context, r *Run) (bool, error)
	// Soft stages may fail without failing stages that depend on them; the
	// run then reports partial success.
	Soft bool
}

func (s *Stage) intact(ctx context.Context, r *Run) bool {
	if s.Intact == nil {
		return true
	}
	ok, err := s.Intact(ctx, r)
	return err == nil && ok
}

// Outcome is what happened to a stage.
type Outcome struct {
	Stage   string
	Skipped bool
	Err     error
	// Began is when the stage started, from the start of the run.
	Began time.Duration
	Took  time.Duration
}

// DAG is a set of stages.
type DAG struct {
	stages map[string]*Stage
	order  []string
}

// Add adds a stage; stages must be added after their dependencies.
func (d *DAG) Add(s *Stage) {
	if d.stages == nil {
		d.stages = map[string]*Stage{}
	}
	d.stages[s.Name] = s
	d.order = append(d.order, s.Name)
}

// Has reports whether a stage exists.
func (d *DAG) Has(name string) bool { _, ok := d.stages[name]; return ok }

// Closure returns the named stages and everything they depend on.
func (d *DAG) Closure(targets []string) (map[string]bool, error) {
	need := map[string]bool{}
	var visit func(string) error
	visit = func(n string) error {
		if need[n] {
			return nil
		}
		s, ok := d.stages[n]
		if !ok {
			return fmt.Errorf("no stage %q", n)
		}
		need[n] = true
		for _, dep := range append(append([]string(nil), s.Deps...), s.After...) {
			if d.stages[dep] == nil {
				continue // an optional dependency that is not configured
			}
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

// Execute runs the stages in need (all when nil), each as soon as its
// dependencies are done, independent stages in parallel.
func (d *DAG) Execute(ctx context.Context, r *Run, need map[string]bool) []Outcome {
	type state struct {
		done chan struct{}
		key  string
		err  error
		// ready is closed when the stages after this one may start:
		// when it ends, or earlier when it calls Run.finishEarly.
		// readyErr is its error at that moment.
		ready     chan struct{}
		readyOnce sync.Once
		readyErr  error
	}
	states := map[string]*state{}
	for _, n := range d.order {
		if need == nil || need[n] {
			states[n] = &state{done: make(chan struct{}), ready: make(chan struct{})}
		}
	}
	markReady := func(st *state, err error) {
		st.readyOnce.Do(func() {
			st.readyErr = err
			close(st.ready)
		})
	}
	r.planned = func(stage string) bool { return states[stage] != nil }
	r.readyFn = func(stage string) {
		if st := states[stage]; st != nil {
			markReady(st, nil)
		}
	}
	var mu sync.Mutex
	var outcomes []Outcome
	t0 := time.Now()
	var wg sync.WaitGroup
	for _, n := range d.order {
		st, ok := states[n]
		if !ok {
			continue
		}
		s := d.stages[n]
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(st.done)
			defer func() { markReady(st, st.err) }()
			h := xxhash.New()
			h.WriteString(s.Name)
			partial := false
			for _, y := range s.Yield {
				if ys, ok := states[y]; ok {
					<-ys.done
				}
			}
			for i, dep := range append(append([]string(nil), s.Deps...), s.After...) {
				ds, ok := states[dep]
				if !ok {
					continue
				}
				<-ds.ready
				if ds.readyErr != nil {
					if !d.stages[dep].Soft {
						st.err = fmt.Errorf("skipped: %s failed", dep)
						return
					}
					partial = true
				}
				if i < len(s.Deps) {
					h.WriteString("|" + dep + "=" + ds.key)
				}
			}
			if err := ctx.Err(); err != nil {
				st.err = err
				return
			}
			own, err := s.Key(ctx, r)
			if err != nil {
				st.err = err
				r.record(&mu, &outcomes, Outcome{Stage: n, Err: err})
				return
			}
			h.WriteString("|" + own)
			st.key = fmt.Sprintf("%016x", h.Sum64())
			if !r.forced(n) {
				stored, err := r.Store.StageKey(ctx, n)
				if err == nil && stored == st.key && s.intact(ctx, r) {
					r.record(&mu, &outcomes, Outcome{Stage: n, Skipped: true})
					return
				}
			}
			r.Log.Debug("stage start", "stage", n)
			start := time.Now()
			if partial {
				// Built on a failed input: record a key that never matches,
				// so the next run tries again; stages built on this one
				// see the same key and follow.
				st.key += "-partial"
			}
			// The label lets a CPU profile (HOMER_CPUPROFILE) be read per stage.
			pprof.Do(ctx, pprof.Labels("stage", n), func(ctx context.Context) {
				err = s.Do(ctx, r, st.key)
			})
			st.err = err
			r.record(&mu, &outcomes, Outcome{Stage: n, Err: err, Began: start.Sub(t0), Took: time.Since(start)})
		}()
	}
	wg.Wait()
	sort.Slice(outcomes, func(i, j int) bool { return indexOf(d.order, outcomes[i].Stage) < indexOf(d.order, outcomes[j].Stage) })
	return outcomes
}

func (r *Run) record(mu *sync.Mutex, out *[]Outcome, o Outcome) {
	mu.Lock()
	*out = append(*out, o)
	mu.Unlock()
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return len(list)
}

// hashStrings is a stable hash of a list of strings.
func hashStrings(parts ...string) string {
	return fmt.Sprintf("%016x", xxhash.Sum64String(strings.Join(parts, "\x00")))
}
