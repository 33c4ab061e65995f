package engine

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keyStore stands in for the store: keys committed by a single writer that
// runs transactions in the order they were queued, and can be told to
// fail the transaction of a stage.
type keyStore struct {
	mu     sync.Mutex
	keys   map[string]string
	failIn map[string]bool // stages whose writes fail at commit
	queue  chan func()
}

func newKeyStore(t *testing.T) *keyStore {
	s := &keyStore{keys: map[string]string{}, failIn: map[string]bool{}, queue: make(chan func(), 64)}
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case fn := <-s.queue:
				fn()
			case <-stop:
				return
			}
		}
	}()
	t.Cleanup(func() { close(stop) })
	return s
}

func (s *keyStore) StageKey(_ context.Context, stage string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keys[stage], nil
}

// tx collects one transaction's keys, applied only if it commits.
type tx struct{ keys map[string]string }

func (t *tx) SetStageKey(stage, key string) error { t.keys[stage] = key; return nil }

type pending struct {
	done chan struct{}
	err  error
}

func (p *pending) Wait() error { <-p.done; return p.err }

func (p *pending) Settled() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// write queues fn as a transaction of stage.
func (s *keyStore) write(stage string, fn func(*tx) error) *pending {
	p := &pending{done: make(chan struct{})}
	s.queue <- func() {
		t := &tx{keys: map[string]string{}}
		err := fn(t)
		s.mu.Lock()
		if err == nil && s.failIn[stage] {
			err = errors.New("database or disk is full")
		}
		if err == nil {
			for k, v := range t.keys {
				s.keys[k] = v
			}
		}
		s.mu.Unlock()
		p.err = err
		close(p.done)
	}
	return p
}

// trace records which stages ran.
type trace struct {
	mu  sync.Mutex
	ran []string
}

func (tr *trace) add(s string) {
	tr.mu.Lock()
	tr.ran = append(tr.ran, s)
	tr.mu.Unlock()
}

func (tr *trace) list() []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]string(nil), tr.ran...)
}

// stage makes a stage whose own key is *own and which records its key in
// a write of its own, failing when fail says so.
func stage(st *keyStore, tr *trace, name string, own *string, fail *bool, deps ...string) *Stage {
	return &Stage{
		Name: name,
		Deps: deps,
		Key:  func(context.Context) (string, error) { return *own, nil },
		Do: func(ctx context.Context, j *Job) error {
			tr.add(name)
			if fail != nil && *fail {
				return errors.New(name + " broke")
			}
			return st.write(name, func(t *tx) error { return j.Finish(t) }).Wait()
		},
	}
}

func run(t *testing.T, st *keyStore, stages ...*Stage) map[string]Outcome {
	t.Helper()
	d, err := New(stages...)
	require.NoError(t, err)
	out := map[string]Outcome{}
	for _, o := range d.Prepare(nil).Run(context.Background(), Options{Keys: st}) {
		out[o.Stage] = o
	}
	require.Len(t, out, len(stages), "every stage has an outcome")
	return out
}

func TestNewRejectsUnknownDependenciesAndCycles(t *testing.T) {
	t.Parallel()
	key := func(context.Context) (string, error) { return "", nil }
	do := func(context.Context, *Job) error { return nil }
	_, err := New(&Stage{Name: "a", Deps: []string{"missing"}, Key: key, Do: do})
	require.ErrorContains(t, err, `stage "a" depends on "missing", which is not a stage`)

	_, err = New(&Stage{Name: "a", After: []string{"b"}, Key: key, Do: do},
		&Stage{Name: "b", Deps: []string{"c"}, Key: key, Do: do},
		&Stage{Name: "c", Deps: []string{"a"}, Key: key, Do: do})
	require.ErrorContains(t, err, "cycle: a -> b -> c -> a")

	_, err = New(&Stage{Name: "a", Key: key, Do: do}, &Stage{Name: "a", Key: key, Do: do})
	require.ErrorContains(t, err, "defined twice")

	d, err := New(&Stage{Name: "late", Deps: []string{"early"}, Key: key, Do: do}, &Stage{Name: "early", Key: key, Do: do})
	require.NoError(t, err)
	assert.Equal(t, []string{"early", "late"}, d.Order(), "a stage is ordered after its dependencies whatever the order given")
}

// A stage whose key matches does not run; a change of its own key or of a
// dependency's key runs it again.
func TestSkipsByKey(t *testing.T) {
	t.Parallel()
	st := newKeyStore(t)
	a, b := "a1", "b1"
	stages := func(tr *trace) []*Stage {
		return []*Stage{stage(st, tr, "a", &a, nil), stage(st, tr, "b", &b, nil, "a")}
	}
	tr := &trace{}
	out := run(t, st, stages(tr)...)
	assert.Equal(t, Ran, out["a"].Status)
	assert.Equal(t, Ran, out["b"].Status)

	tr = &trace{}
	out = run(t, st, stages(tr)...)
	assert.Empty(t, tr.list())
	assert.Equal(t, Unchanged, out["a"].Status)
	assert.Equal(t, Unchanged, out["b"].Status)

	a = "a2" // a's input changed: b, whose key mixes a's, reruns too
	tr = &trace{}
	run(t, st, stages(tr)...)
	assert.ElementsMatch(t, []string{"a", "b"}, tr.list())

	b = "b2"
	tr = &trace{}
	run(t, st, stages(tr)...)
	assert.Equal(t, []string{"b"}, tr.list())
}

// A hard dependency's failure blocks the stages after it; a soft one's
// lets them run on what there is, with a key that never matches.
func TestFailurePropagation(t *testing.T) {
	t.Parallel()
	st := newKeyStore(t)
	k := "k"
	fail := true
	tr := &trace{}
	hard := stage(st, tr, "hard", &k, &fail)
	soft := stage(st, tr, "soft", &k, &fail)
	soft.Soft = true
	out := run(t, st, hard, soft,
		stage(st, tr, "on-hard", &k, nil, "hard"),
		stage(st, tr, "on-on-hard", &k, nil, "on-hard"),
		stage(st, tr, "on-soft", &k, nil, "soft"),
		stage(st, tr, "on-on-soft", &k, nil, "on-soft"))
	assert.Equal(t, Failed, out["hard"].Status)
	assert.Equal(t, Blocked, out["on-hard"].Status)
	assert.Equal(t, Blocked, out["on-on-hard"].Status)
	assert.Equal(t, Failed, out["soft"].Status)
	assert.Equal(t, Ran, out["on-soft"].Status)
	assert.True(t, out["on-soft"].Partial)
	assert.True(t, out["on-on-soft"].Partial, "built on a partial stage is partial too")
	assert.NotContains(t, tr.list(), "on-hard")
	for _, s := range []string{"on-soft", "on-on-soft"} {
		key, _ := st.StageKey(context.Background(), s)
		assert.Contains(t, key, "-partial", s)
	}

	// Fixed: everything runs, and the stages built on partial input are
	// redone although their own inputs did not change.
	fail = false
	tr = &trace{}
	out = run(t, st, stage(st, tr, "hard", &k, &fail), func() *Stage { s := stage(st, tr, "soft", &k, &fail); s.Soft = true; return s }(),
		stage(st, tr, "on-hard", &k, nil, "hard"),
		stage(st, tr, "on-on-hard", &k, nil, "on-hard"),
		stage(st, tr, "on-soft", &k, nil, "soft"),
		stage(st, tr, "on-on-soft", &k, nil, "on-soft"))
	assert.ElementsMatch(t, []string{"hard", "soft", "on-hard", "on-on-hard", "on-soft", "on-on-soft"}, tr.list())
	for _, o := range out {
		assert.Equal(t, Ran, o.Status, o.Stage)
		assert.False(t, o.Partial, o.Stage)
	}
}

// The defect this engine exists to prevent: a stage finishes early, its
// dependents start, and then its write fails. The dependents must not
// record keys that match, or the next run would skip them although what
// they built on was never stored.
func TestEarlyFinishWhoseWriteFails(t *testing.T) {
	t.Parallel()
	st := newKeyStore(t)
	st.failIn["early"] = true
	k := "k"
	tr := &trace{}
	mk := func() []*Stage {
		return []*Stage{
			{Name: "early", Key: func(context.Context) (string, error) { return k, nil }, Do: func(ctx context.Context, j *Job) error {
				tr.add("early")
				return j.FinishEarly(st.write("early", func(t *tx) error { return j.Finish(t) }))
			}},
			stage(st, tr, "next", &k, nil, "early"),
			stage(st, tr, "last", &k, nil, "next"),
		}
	}
	out := run(t, st, mk()...)
	assert.Equal(t, Failed, out["early"].Status)
	assert.Equal(t, Ran, out["next"].Status, "it started before the write failed")
	for _, s := range []string{"next", "last"} {
		key, _ := st.StageKey(context.Background(), s)
		assert.Contains(t, key, "-partial", s)
	}

	st.mu.Lock()
	st.failIn["early"] = false
	st.mu.Unlock()
	tr = &trace{}
	run(t, st, mk()...)
	assert.ElementsMatch(t, []string{"early", "next", "last"}, tr.list(), "everything built on the lost write is redone")
	tr = &trace{}
	run(t, st, mk()...)
	assert.Empty(t, tr.list())
}

// Early finishing lets dependents start while the write waits, and Await
// holds a reader until it is committed.
func TestEarlyFinishStartsDependentsBeforeTheWrite(t *testing.T) {
	t.Parallel()
	st := newKeyStore(t)
	started := make(chan struct{})
	var e *Execution
	k := "k"
	d, err := New(
		&Stage{Name: "early", Key: func(context.Context) (string, error) { return k, nil }, Do: func(ctx context.Context, j *Job) error {
			return j.FinishEarly(st.write("early", func(t *tx) error {
				select {
				case <-started:
				case <-time.After(10 * time.Second):
					return errors.New("the dependent did not start while the write waited")
				}
				return j.Finish(t)
			}))
		}},
		&Stage{Name: "dependent", Deps: []string{"early"}, Key: func(context.Context) (string, error) { return k, nil }, Do: func(ctx context.Context, j *Job) error {
			close(started)
			if err := e.Await("early"); err != nil {
				return err
			}
			key, _ := st.StageKey(ctx, "early")
			if key == "" {
				return errors.New("Await returned before the write committed")
			}
			return nil
		}},
	)
	require.NoError(t, err)
	e = d.Prepare(nil)
	for _, o := range e.Run(context.Background(), Options{Keys: st}) {
		assert.NoError(t, o.Err, o.Stage)
		assert.Equal(t, Ran, o.Status, o.Stage)
	}
}

// Cancelling a run cancels the stage under way and every stage after it,
// and each says so.
func TestCancellation(t *testing.T) {
	t.Parallel()
	st := newKeyStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	k := "k"
	tr := &trace{}
	d, err := New(
		&Stage{Name: "long", Key: func(context.Context) (string, error) { return k, nil }, Do: func(ctx context.Context, j *Job) error {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}},
		stage(st, tr, "after", &k, nil, "long"),
		func() *Stage { s := stage(st, tr, "soft-after", &k, nil); s.After = []string{"long"}; return s }(),
	)
	require.NoError(t, err)
	out := d.Prepare(nil).Run(ctx, Options{Keys: st})
	require.Len(t, out, 3)
	for _, o := range out {
		assert.Equal(t, Cancelled, o.Status, o.Stage)
		assert.ErrorIs(t, o.Err, context.Canceled, o.Stage)
	}
	assert.Empty(t, tr.list())
}

// Force runs a stage whatever its key, and Prepare limits the run to the
// stages needed.
func TestForceAndClosure(t *testing.T) {
	t.Parallel()
	st := newKeyStore(t)
	k := "k"
	tr := &trace{}
	stages := []*Stage{stage(st, tr, "a", &k, nil), stage(st, tr, "b", &k, nil, "a"), stage(st, tr, "c", &k, nil)}
	run(t, st, stages...)
	d, err := New(stages...)
	require.NoError(t, err)
	need, err := d.Closure([]string{"b"})
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"a": true, "b": true}, need)
	tr.ran = nil
	out := d.Prepare(need).Run(context.Background(), Options{Keys: st, Force: func(s string) bool { return s == "b" }})
	require.Len(t, out, 2)
	assert.Equal(t, []string{"b"}, tr.list())
}

func TestHandoffs(t *testing.T) {
	t.Parallel()
	var b Board
	files := NewHandoff[[]string]("files")
	other := NewHandoff[[]string]("files") // same name, another handoff
	loads := 0
	load := func() ([]string, error) { loads++; return []string{"loaded"}, nil }
	v, err := files.Get(&b, load)
	require.NoError(t, err)
	assert.Equal(t, []string{"loaded"}, v)
	v, _ = files.Get(&b, load)
	assert.Equal(t, []string{"loaded"}, v)
	assert.Equal(t, 1, loads, "loaded once a run")
	_, ok := other.Handed(&b)
	assert.False(t, ok, "handoffs are told apart by identity, not name")

	files.Hand(&b, []string{"handed"})
	v, ok = files.Handed(&b)
	assert.True(t, ok)
	assert.Equal(t, []string{"handed"}, v)

	perPlugin := NewHandoff[int]("language")
	perPlugin.Of("go").Hand(&b, 1)
	_, ok = perPlugin.Of("python").Handed(&b)
	assert.False(t, ok)
	n, _ := perPlugin.Of("go").Handed(&b)
	assert.Equal(t, 1, n)

	files.Forget(&b)
	_, ok = files.Handed(&b)
	assert.False(t, ok)
	_, err = files.Get(&b, func() ([]string, error) { return nil, errors.New("no store") })
	assert.ErrorContains(t, err, "no store")
}

// Started and Finished are told of exactly the stages that ran, in pairs,
// Finished with the stage's outcome; a stage whose key matched is told of
// by neither.
func TestStartedAndFinishedHooks(t *testing.T) {
	t.Parallel()
	st := newKeyStore(t)
	a, b := "a1", "b1"
	fail := false
	tr := &trace{}
	stages := []*Stage{stage(st, tr, "a", &a, nil), stage(st, tr, "b", &b, &fail, "a")}
	d, err := New(stages...)
	require.NoError(t, err)
	var mu sync.Mutex
	started := map[string]bool{}
	finished := map[string]Outcome{}
	opts := Options{Keys: st,
		Started: func(s string) { mu.Lock(); started[s] = true; mu.Unlock() },
		Finished: func(o Outcome) {
			mu.Lock()
			defer mu.Unlock()
			assert.True(t, started[o.Stage], "%s finished before it started", o.Stage)
			finished[o.Stage] = o
		}}
	d.Prepare(nil).Run(context.Background(), opts)
	assert.Equal(t, map[string]bool{"a": true, "b": true}, started)
	require.Len(t, finished, 2)
	assert.Equal(t, Ran, finished["b"].Status)
	assert.GreaterOrEqual(t, finished["b"].Began, finished["a"].Began, "b waits for a")

	// a is unchanged now; b's key moved and it fails.
	b, fail = "b2", true
	started, finished = map[string]bool{}, map[string]Outcome{}
	d.Prepare(nil).Run(context.Background(), opts)
	assert.Equal(t, map[string]bool{"b": true}, started)
	require.Len(t, finished, 1)
	assert.Equal(t, Failed, finished["b"].Status)
	assert.ErrorContains(t, finished["b"].Err, "b broke")
}
