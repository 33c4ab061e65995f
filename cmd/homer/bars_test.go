package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clock is a fake time the tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// lastLine is what a terminal shows after the writes: the text after the
// last carriage return, without the blanks that clear a longer line.
func lastLine(s string) string {
	if i := strings.LastIndex(s, "\r"); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimRight(s, " ")
}

// On a terminal, every task under way shares one line: counts with a
// total show done/total, a percentage and an estimate from the rate so
// far; counts without a total show their rate; a stage that counts
// nothing shows once it has run a second; the line is cut to the width.
func TestBoardOnTerminal(t *testing.T) {
	t.Parallel()
	var w bytes.Buffer
	c := &clock{t: time.Unix(1_000_000, 0)}
	b := newBoard(&w, true, 200, c.now)

	parse := b.Start("parse.java", 400)
	git := b.Start("source.git", 0)
	b.StageStarted("parse.java") // stands for itself with its counts
	b.StageStarted("resolve")
	parse.Add(100)
	git.Add(3000)
	b.draw()
	assert.Equal(t, "parse.java 100/400 (25%) · source.git 3000", lastLine(w.String()),
		"no estimate before a second of work; a stage that counts nothing is not shown before a second")

	c.advance(10 * time.Second)
	parse.Add(100)
	b.draw()
	assert.Equal(t, "parse.java 200/400 (50%), about 10s left · source.git 3000 (300/s) · resolve 10s", lastLine(w.String()))

	parse.Done()
	git.Done()
	b.StageEnded("parse.java")
	w.Reset()
	b.draw()
	assert.Equal(t, "resolve 10s", lastLine(w.String()))
	long := utf8.RuneCountInString("parse.java 200/400 (50%), about 10s left · source.git 3000 (300/s) · resolve 10s") // in columns
	assert.Equal(t, "\rresolve 10s"+strings.Repeat(" ", long-len("resolve 10s")), w.String(),
		"redrawn in place, with blanks over what the longer line left")

	b.StageEnded("resolve")
	w.Reset()
	b.Close()
	assert.Equal(t, "\r"+strings.Repeat(" ", len("resolve 10s"))+"\r", w.String(), "closing blanks the line")

	narrow := newBoard(&w, true, 20, c.now)
	narrow.Start("analyze.doc-freshness", 1000).Add(1)
	w.Reset()
	narrow.draw()
	assert.Equal(t, "\ranalyze.doc-freshn…", w.String(), "cut to leave the last of 20 columns free, so the terminal does not wrap")
}

// A count stands for its analyze stage: by the stage's name without
// "analyze.", or that name and the part of the stage it counts.
func TestBoardCountStandsForItsStage(t *testing.T) {
	t.Parallel()
	var w bytes.Buffer
	c := &clock{t: time.Unix(0, 0)}
	b := newBoard(&w, true, 200, c.now)
	b.StageStarted("analyze.doc-freshness")
	b.StageStarted("analyze.centrality")
	b.StageStarted("analyze.co-change")
	b.Start("doc-freshness", 10).Add(5)
	paths := b.Start("centrality: file paths", 500)
	paths.Add(100)
	c.advance(2 * time.Second)
	b.draw()
	assert.Equal(t, "analyze.co-change 2s · doc-freshness 5/10 (50%), about 2s left · centrality: file paths 100/500 (20%), about 8s left", lastLine(w.String()),
		"in the order they began")
	paths.Done()
	b.draw()
	assert.Equal(t, "analyze.centrality 2s · analyze.co-change 2s · doc-freshness 5/10 (50%), about 2s left", lastLine(w.String()),
		"between its counts, a stage shows its time")
}

// Elsewhere than a terminal, a progress line is printed on each tick
// only while something is under way, whole lines and never redrawn.
func TestBoardAsLogLines(t *testing.T) {
	t.Parallel()
	var w bytes.Buffer
	c := &clock{t: time.Unix(0, 0)}
	b := newBoard(&w, false, 0, c.now)
	b.draw()
	assert.Empty(t, w.String(), "nothing under way, nothing printed")
	bar := b.Start("parse.go", 90)
	bar.Add(30)
	c.advance(90 * time.Second)
	b.draw()
	bar.Done()
	b.draw()
	b.Close()
	assert.Equal(t, "homer: progress: parse.go 30/90 (33%), about 3m0s left\n", w.String())
	assert.NotContains(t, w.String(), "\r")
}

// The board draws by itself on its ticker until closed, and bars may be
// used from many goroutines at once.
func TestBoardTicks(t *testing.T) {
	t.Parallel()
	var w lockedBuffer
	b := newBoard(&w, false, 0, nil).run(time.Millisecond)
	bar := b.Start("parse.go", 1000)
	done := make(chan struct{})
	for i := 0; i < 4; i++ {
		go func() {
			for k := 0; k < 100; k++ {
				bar.Add(1)
			}
			done <- struct{}{}
		}()
	}
	for i := 0; i < 4; i++ {
		<-done
	}
	require.Eventually(t, func() bool { return strings.Contains(w.String(), "parse.go 400/1000 (40%)") }, 5*time.Second, time.Millisecond)
	b.Close()
	n := len(w.String())
	time.Sleep(5 * time.Millisecond)
	assert.Equal(t, n, len(w.String()), "nothing is drawn after Close")
}

func TestETA(t *testing.T) {
	t.Parallel()
	_, ok := eta(500*time.Millisecond, 10, 100)
	assert.False(t, ok, "under a second there is no rate to go by")
	_, ok = eta(5*time.Second, 0, 100)
	assert.False(t, ok)
	_, ok = eta(5*time.Second, 100, 100)
	assert.False(t, ok)
	left, ok := eta(30*time.Second, 25, 100)
	require.True(t, ok)
	assert.Equal(t, "1m30s", left)
	left, _ = eta(2*time.Second, 999, 1000)
	assert.Equal(t, "<1s", left)
}

// lockedBuffer is a buffer the board's goroutine and the test share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// A total given after the start (the git source's commit count arrives
// with a later batch) turns the count into done/total with an estimate;
// stages that count nothing are estimated from the time they took when
// they last ran, and say so once they run longer; counted stages without
// a total get no estimate from the last run (a source's time depends on
// what is new).
func TestBoardTotalsAndLastRun(t *testing.T) {
	t.Parallel()
	var w bytes.Buffer
	c := &clock{t: time.Unix(1_000_000, 0)}
	b := newBoard(&w, true, 300, c.now)
	b.Expect(map[string]time.Duration{"resolve": 8 * time.Second, "model": 500 * time.Millisecond, "source.structure": 3 * time.Second})

	git := b.Start("source.git", 0)
	structure := b.Start("source.structure", 0)
	b.StageStarted("resolve")
	b.StageStarted("model")
	b.StageStarted("analyze.co-change")
	git.Add(500)
	structure.Add(40)
	c.advance(2 * time.Second)
	b.draw()
	assert.Equal(t, "source.git 500 (250/s) · source.structure 40 (20/s) · resolve 2s, about 6s left · model 2s · analyze.co-change 2s",
		lastLine(w.String()), "an estimate where the last run's time is known and over a second, for stages that count nothing")

	git.SetTotal(2000)
	git.Add(500)
	c.advance(2 * time.Second)
	b.draw()
	assert.Equal(t, "source.git 1000/2000 (50%), about 4s left · source.structure 40 (10/s) · resolve 4s, about 4s left · model 4s · analyze.co-change 4s",
		lastLine(w.String()))

	c.advance(6 * time.Second)
	b.draw()
	assert.Contains(t, lastLine(w.String()), "resolve 10s (last run 8s)", "past the last run's time, no estimate is invented")
}
