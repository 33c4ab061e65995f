package trace

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Spans that overlap in one process go to different threads; a thread
// freed is taken again by the next span; metadata names every process and
// thread; the file decodes as JSON.
func TestThreadsAndFile(t *testing.T) {
	t.Parallel()
	r := New()
	a := r.Begin(Core, "stage", "a", "stage")
	b := r.Begin(Core, "stage", "b", "stage") // overlaps a
	time.Sleep(time.Millisecond)
	a.End(map[string]any{"status": "ran"})
	c := r.Begin(Core, "stage", "c", "stage") // a's thread is free again
	p := r.Begin("go", "call", "Parse", "rpc")
	p.End(map[string]any{"files": 3})
	p.End(map[string]any{"files": 4}) // only the first End counts
	c.End(nil)
	b.End(nil)
	r.Begin(Core, "stage", "open", "stage") // never closed: not written

	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf))
	var f File
	require.NoError(t, json.Unmarshal(buf.Bytes(), &f))
	assert.Equal(t, "ms", f.DisplayTimeUnit)

	spans := map[string]Event{}
	names := map[[2]int]string{}
	procs := map[int]string{}
	for _, e := range f.TraceEvents {
		switch {
		case e.Ph == "X":
			spans[e.Name] = e
		case e.Name == "thread_name":
			names[[2]int{e.Pid, e.Tid}] = e.Args["name"].(string)
		case e.Name == "process_name":
			procs[e.Pid] = e.Args["name"].(string)
		}
	}
	require.Len(t, spans, 4)
	assert.Equal(t, 1, spans["a"].Tid)
	assert.Equal(t, 2, spans["b"].Tid)
	assert.Equal(t, 1, spans["c"].Tid, "c takes the thread a left")
	assert.Equal(t, "ran", spans["a"].Args["status"])
	assert.EqualValues(t, 3, spans["Parse"].Args["files"])
	assert.Equal(t, map[int]string{1: Core, 2: "go"}, procs)
	assert.Equal(t, "stage 1", names[[2]int{1, 1}])
	assert.Equal(t, "stage 2", names[[2]int{1, 2}])
	assert.Equal(t, "call 1", names[[2]int{2, 1}])
	assert.GreaterOrEqual(t, spans["c"].Ts, spans["a"].Ts+spans["a"].Dur)
	assert.Greater(t, spans["a"].Dur, 900.0, "durations are in microseconds")
}

// Spans that run at once never share a thread, whatever the interleaving:
// on each thread, spans are disjoint.
func TestConcurrentSpansNeverCross(t *testing.T) {
	t.Parallel()
	r := New()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				s := r.Begin("p", "call", "x", "rpc")
				time.Sleep(time.Duration(k%3) * 10 * time.Microsecond)
				s.End(nil)
			}
		}()
	}
	wg.Wait()
	byThread := map[int][]Event{}
	n := 0
	for _, e := range r.Events() {
		if e.Ph == "X" {
			byThread[e.Tid] = append(byThread[e.Tid], e)
			n++
		}
	}
	assert.Equal(t, 400, n)
	assert.LessOrEqual(t, len(byThread), 8, "no more threads than spans at once")
	for tid, evs := range byThread {
		for i := 1; i < len(evs); i++ {
			assert.GreaterOrEqual(t, evs[i].Ts, evs[i-1].Ts+evs[i-1].Dur-0.001, "thread %d: spans cross", tid)
		}
	}
}

// Without a recorder nothing is recorded and nothing fails.
func TestNilRecorder(t *testing.T) {
	t.Parallel()
	r := From(context.Background())
	assert.Nil(t, r)
	r.Begin(Core, "stage", "a", "stage").End(nil)
	st := r.Stages()
	st.Start("a")
	st.End("a", nil)
	assert.Nil(t, r.Events())

	rec := New()
	assert.Same(t, rec, From(NewContext(context.Background(), rec)))
	s := rec.Stages()
	s.Start("parse.go")
	s.End("parse.go", map[string]any{"status": "ran"})
	s.End("never-started", nil)
	require.Len(t, rec.Events(), 4) // the span; its process's name and place; its thread's name
	assert.Equal(t, "parse.go", rec.Events()[0].Name)
}
