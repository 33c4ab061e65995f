// Package trace records where a run's time goes as spans, and writes them
// in the Chrome trace event format (JSON), which Perfetto
// (ui.perfetto.dev) and chrome://tracing open.
//
// Each span is a complete event ("ph":"X"). Spans are grouped by process:
// "homer" for the core's stages, and one process per plugin for its calls.
// Within a process a span takes the lowest-numbered thread that is free
// when it begins, so spans that overlap in time sit on different threads
// and each thread holds spans that never cross: a viewer draws one lane
// per thread, and as many lanes as ran at once.
//
// A run that records nothing pays one context lookup per span: every
// method is a no-op on a nil *Recorder.
package trace

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// Core is the process the core's own spans belong to.
const Core = "homer"

// Recorder collects spans; it is safe for concurrent use.
type Recorder struct {
	t0 time.Time

	mu     sync.Mutex
	events []Event
	procs  map[string]*process
	order  []*process
}

type process struct {
	pid  int
	name string
	// busy[i] is set while thread i+1 holds an open span.
	busy  []bool
	label string
}

// Event is one entry of the trace file.
type Event struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat,omitempty"`
	Ph   string         `json:"ph"`
	Ts   float64        `json:"ts"`            // microseconds from the start
	Dur  float64        `json:"dur,omitempty"` // microseconds
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	Args map[string]any `json:"args,omitempty"`
}

// New starts a recorder: times are measured from now.
func New() *Recorder {
	return &Recorder{t0: time.Now(), procs: map[string]*process{}}
}

type key struct{}

// NewContext returns ctx carrying r.
func NewContext(ctx context.Context, r *Recorder) context.Context {
	return context.WithValue(ctx, key{}, r)
}

// From returns the recorder ctx carries, or nil.
func From(ctx context.Context) *Recorder {
	if ctx == nil {
		return nil
	}
	r, _ := ctx.Value(key{}).(*Recorder)
	return r
}

// Span is an open span; End closes it.
type Span struct {
	r     *Recorder
	p     *process
	tid   int
	name  string
	cat   string
	start time.Time
	once  sync.Once
}

// Begin opens a span named name, of category cat, in process proc (Core
// or a plugin's name), on the first thread of that process that is free.
// threadLabel names the threads the process gets ("stage", "call"): a
// thread is shown as "LABEL N".
func (r *Recorder) Begin(proc, threadLabel, name, cat string) *Span {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	// The clock is read under the lock, here and in End, so a span that
	// takes a thread another just freed starts after that one ended.
	now := time.Now()
	p := r.procs[proc]
	if p == nil {
		p = &process{pid: len(r.order) + 1, name: proc, label: threadLabel}
		r.procs[proc] = p
		r.order = append(r.order, p)
	}
	tid := 0
	for i, b := range p.busy {
		if !b {
			tid = i + 1
			break
		}
	}
	if tid == 0 {
		p.busy = append(p.busy, false)
		tid = len(p.busy)
	}
	p.busy[tid-1] = true
	return &Span{r: r, p: p, tid: tid, name: name, cat: cat, start: now}
}

// End closes the span with args (shown beside it in a viewer); only the
// first End counts.
func (s *Span) End(args map[string]any) {
	if s == nil {
		return
	}
	s.once.Do(func() {
		r := s.r
		r.mu.Lock()
		defer r.mu.Unlock()
		now := time.Now()
		s.p.busy[s.tid-1] = false
		r.events = append(r.events, Event{Name: s.name, Cat: s.cat, Ph: "X",
			Ts: micros(s.start.Sub(r.t0)), Dur: micros(now.Sub(s.start)), Pid: s.p.pid, Tid: s.tid, Args: args})
	})
}

func micros(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }

// Events returns the closed spans, then the names of the processes and
// threads they are on, as the trace file lists them.
func (r *Recorder) Events() []Event {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]Event(nil), r.events...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].Ts < out[b].Ts })
	for _, p := range r.order {
		out = append(out, Event{Name: "process_name", Ph: "M", Pid: p.pid, Args: map[string]any{"name": p.name}},
			Event{Name: "process_sort_index", Ph: "M", Pid: p.pid, Args: map[string]any{"sort_index": p.pid}})
		for i := range p.busy {
			out = append(out, Event{Name: "thread_name", Ph: "M", Pid: p.pid, Tid: i + 1,
				Args: map[string]any{"name": fmt.Sprintf("%s %d", p.label, i+1)}})
		}
	}
	return out
}

// File is the trace file's top level.
type File struct {
	TraceEvents     []Event `json:"traceEvents"`
	DisplayTimeUnit string  `json:"displayTimeUnit"`
}

// Write writes the trace as JSON.
func (r *Recorder) Write(w io.Writer) error {
	ev := r.Events()
	if ev == nil {
		ev = []Event{}
	}
	enc := json.NewEncoder(w)
	return enc.Encode(File{TraceEvents: ev, DisplayTimeUnit: "ms"})
}

// Stages keeps the open spans of named stages, for hooks that are told of
// a stage's start and its end apart.
type Stages struct {
	r    *Recorder
	mu   sync.Mutex
	open map[string]*Span
}

// Stages returns a keeper of stage spans in the core process; nil when r
// is nil.
func (r *Recorder) Stages() *Stages {
	if r == nil {
		return nil
	}
	return &Stages{r: r, open: map[string]*Span{}}
}

// Start opens the span of a stage.
func (s *Stages) Start(name string) {
	if s == nil {
		return
	}
	sp := s.r.Begin(Core, "stage", name, "stage")
	s.mu.Lock()
	s.open[name] = sp
	s.mu.Unlock()
}

// End closes the span of a stage with args.
func (s *Stages) End(name string, args map[string]any) {
	if s == nil {
		return
	}
	s.mu.Lock()
	sp := s.open[name]
	delete(s.open, name)
	s.mu.Unlock()
	sp.End(args)
}
