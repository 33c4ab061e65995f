package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/homer-dev/homer/core/pipeline"
)

// board shows the progress of every stage under way on one status line.
// Stages run in parallel, so one line lists them all: those that count
// their work with done/total, a percentage and an estimate of the time
// left; those that count without a total with their count and rate; and
// any other stage that has run over a second with its elapsed time. On a
// terminal the line is redrawn in place every redraw interval; elsewhere
// (-v) it is printed as a log line every interval, and never otherwise.
type board struct {
	w     io.Writer
	now   func() time.Time
	tty   bool
	width int // columns on a terminal; the line is cut to fit

	mu     sync.Mutex
	tasks  []*task
	last   map[string]time.Duration // each stage's time when it last ran
	drawn  int                      // length of the line on screen, to blank it
	ticker *time.Ticker
	stop   chan struct{}
	done   chan struct{}
}

// task is one counted piece of work, or a stage seen running.
type task struct {
	b       *board
	label   string
	total   int64
	count   int64
	start   time.Time
	counted bool // from Start; otherwise a stage the engine reported
	over    bool
}

// minShown is how long a stage that counts nothing runs before it is shown.
const minShown = time.Second

// newBoard makes a board writing to w, width columns wide on a terminal
// (tty). It draws when run, or when draw is called; now is the clock,
// time.Now when nil.
func newBoard(w io.Writer, tty bool, width int, now func() time.Time) *board {
	if now == nil {
		now = time.Now
	}
	return &board{w: w, tty: tty, width: width, now: now}
}

// run draws every interval until Close: the redraw interval on a
// terminal, the interval between log lines elsewhere.
func (b *board) run(every time.Duration) *board {
	b.ticker = time.NewTicker(every)
	b.stop, b.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(b.done)
		for {
			select {
			case <-b.ticker.C:
				b.draw()
			case <-b.stop:
				return
			}
		}
	}()
	return b
}

// Close stops drawing and, on a terminal, blanks the line.
func (b *board) Close() {
	if b.stop != nil {
		b.ticker.Stop()
		close(b.stop)
		<-b.done
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.blank()
}

func (b *board) blank() {
	if b.tty && b.drawn > 0 {
		fmt.Fprint(b.w, "\r"+strings.Repeat(" ", b.drawn)+"\r")
		b.drawn = 0
	}
}

// Start begins a counted task: total items, or 0 when the total is unknown.
func (b *board) Start(label string, total int) pipeline.Bar {
	t := &task{b: b, label: label, total: int64(total), start: b.now(), counted: true}
	b.mu.Lock()
	b.tasks = append(b.tasks, t)
	b.mu.Unlock()
	return t
}

// Expect takes how long each stage took when it last ran: the stages
// that count nothing are estimated from it.
func (b *board) Expect(last map[string]time.Duration) {
	b.mu.Lock()
	b.last = last
	b.mu.Unlock()
}

// StageStarted and StageEnded let the board show stages that count
// nothing themselves.
func (b *board) StageStarted(stage string) {
	b.mu.Lock()
	b.tasks = append(b.tasks, &task{b: b, label: stage, start: b.now()})
	b.mu.Unlock()
}

func (b *board) StageEnded(stage string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, t := range b.tasks {
		if !t.counted && t.label == stage {
			t.over = true
		}
	}
	b.prune()
}

func (t *task) Add(n int) {
	t.b.mu.Lock()
	t.count += int64(n)
	t.b.mu.Unlock()
}

func (t *task) SetTotal(n int) {
	t.b.mu.Lock()
	t.total = int64(n)
	t.b.mu.Unlock()
}

func (t *task) Done() {
	t.b.mu.Lock()
	t.over = true
	t.b.prune()
	t.b.mu.Unlock()
}

// prune drops the tasks that are over.
func (b *board) prune() {
	kept := b.tasks[:0]
	for _, t := range b.tasks {
		if !t.over {
			kept = append(kept, t)
		}
	}
	clear(b.tasks[len(kept):])
	b.tasks = kept
}

// draw writes the line now.
func (b *board) draw() {
	b.mu.Lock()
	defer b.mu.Unlock()
	line := b.line(b.now())
	if !b.tty {
		if line != "" {
			fmt.Fprintf(b.w, "homer: progress: %s\n", line)
		}
		return
	}
	if line == "" {
		b.blank()
		return
	}
	if b.width > 1 && len([]rune(line)) > b.width-1 {
		line = string([]rune(line)[:b.width-2]) + "…"
	}
	n := len([]rune(line))
	pad := ""
	if n < b.drawn {
		pad = strings.Repeat(" ", b.drawn-n)
	}
	fmt.Fprint(b.w, "\r"+line+pad)
	b.drawn = n
}

// line is the status of every task under way, "" when none is worth
// showing.
func (b *board) line(now time.Time) string {
	var parts []string
	for _, t := range b.tasks {
		if !t.counted && b.counting(t.label) {
			continue // its counted task says more
		}
		el := now.Sub(t.start)
		switch {
		case t.counted && t.total > 0:
			s := fmt.Sprintf("%s %d/%d (%d%%)", t.label, t.count, t.total, t.count*100/t.total)
			if left, ok := eta(el, t.count, t.total); ok {
				s += ", about " + left + " left"
			}
			parts = append(parts, s)
		case t.counted:
			s := fmt.Sprintf("%s %d", t.label, t.count)
			if el >= time.Second {
				s += fmt.Sprintf(" (%.0f/s)", float64(t.count)/el.Seconds())
			}
			// No estimate from the last run: a source's time varies
			// with what is new (init against an update), and the git
			// source gives its total once its count is in.
			parts = append(parts, s)
		case el >= minShown:
			parts = append(parts, fmt.Sprintf("%s %s", t.label, roundSecond(el))+b.byLastRun(t.label, el))
		}
	}
	return strings.Join(parts, " · ")
}

// byLastRun estimates what is left of a stage that has no total from the
// time it took when it last ran: ", about 5s left" while it runs within
// that time, " (last run 10s)" once it has taken longer; "" when no run
// recorded it or it was too short to go by.
func (b *board) byLastRun(stage string, elapsed time.Duration) string {
	last, ok := b.last[stage]
	if !ok || last < minShown {
		return ""
	}
	if left := last - elapsed; left >= time.Second {
		return ", about " + roundSecond(left) + " left"
	}
	return " (last run " + roundSecond(last) + ")"
}

// counting reports whether a counted task stands for the stage: one with
// its name, or its name without the "analyze." prefix, or either followed
// by ": " and the part of the stage it counts ("centrality: file paths").
func (b *board) counting(stage string) bool {
	short := strings.TrimPrefix(stage, "analyze.")
	for _, t := range b.tasks {
		if !t.counted {
			continue
		}
		name, _, _ := strings.Cut(t.label, ": ")
		if name == stage || name == short {
			return true
		}
	}
	return false
}

// eta estimates the time left from the rate so far, once a second of
// work and some items give a rate to go by.
func eta(elapsed time.Duration, done, total int64) (string, bool) {
	if done <= 0 || elapsed < time.Second || done >= total {
		return "", false
	}
	left := time.Duration(float64(elapsed) * float64(total-done) / float64(done))
	return roundSecond(left), true
}

func roundSecond(d time.Duration) string {
	if d < time.Second {
		return "<1s"
	}
	if d >= time.Minute {
		return d.Round(time.Second).String()
	}
	return fmt.Sprintf("%ds", int(d.Round(time.Second).Seconds()))
}
