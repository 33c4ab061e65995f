package gitsource

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
)

// A whole history is read by several git processes at once. git log spends
// nearly all its time diffing each commit against its parent, one commit
// after another on one core; given the commit list, slices of it can be
// diffed side by side. `git log --no-walk=unsorted` over a slice prints the
// same bytes, commit for commit, as the walk prints for those commits, so
// the slices' outputs, read in order, are the walk's output.

// slicing says how a history is split.
type slicing struct {
	procs    int // git processes reading slices at once
	min, max int // commits per slice
	// serial is the commits per git process when one process at a time
	// reads (procs < 2); 0 reads the whole history with one.
	serial int
}

// defaultSlicing: a git process per two cores, up to four; the other
// cores parse its output and store it. On two cores slicing costs more
// than it gains, since git, the plugin and the core already keep both
// busy (BENCHMARKS.md). Smaller slices cost a git start each, larger ones
// hold more output in memory while they wait to be read.
//
// On fewer than four cores the slices can be read one after another, by a
// git process each (the source's history_slice), for memory rather than
// time: a single `git log --topo-order` holds every commit it walked until
// it prints it: its RSS peaked at 104 MiB on spring-boot's 62,000 commits,
// a process per 5,000 commits at 74 MiB for the same output. Not by
// default: the whole list of commits is walked first and each slice waits
// for the one before, and spring-boot's init took 56 s instead of 46 s
// (BENCHMARKS.md, "Serial history slices, on and off").
func defaultSlicing() slicing {
	return slicing{procs: min(runtime.NumCPU()/2, 4), min: 500, max: 5000}
}

// size splits n commits into about two slices per process, within the
// bounds, or into serial slices for one process at a time; 0 means
// reading them with one process.
func (s slicing) size(n int) int {
	if s.procs < 2 {
		if s.serial > 0 && n > s.serial {
			return s.serial
		}
		return 0
	}
	if n < 2*s.min {
		return 0
	}
	return min(max((n+2*s.procs-1)/(2*s.procs), s.min), s.max)
}

// slicedRun reads revs like logRun with full diffs, in slices of the
// commit list read by parallel git processes. The slices are read in
// order, so the commits reach the walker in the walk's order and a failure
// leaves the walker exactly as a single git log failing there would.
func (g *gitBinary) slicedRun(ctx context.Context, revs []string, limit int, w *walker) run {
	if g.slicing.procs < 2 && g.slicing.serial == 0 || len(g.excluded) > 0 {
		return g.logRun(ctx, revs, limit, diffFull, w)
	}
	list, err := g.output(ctx, strings.Join(revs, "\n")+"\n", revListArgs(limit)...)
	ids := strings.Fields(string(list))
	size := g.slicing.size(len(ids))
	if err != nil || size == 0 {
		return g.logRun(ctx, revs, limit, diffFull, w)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	args := append([]string{"log", "--no-walk=unsorted"}, showArgs(diffFull, 0, len(w.shallow) > 0, "--stdin")...)
	if g.slicing.procs < 2 {
		return consume(cancel, g.serialParts(ctx, args, ids, size), diffFull, w)
	}
	slots := make(chan struct{}, g.slicing.procs)
	var wg sync.WaitGroup
	var parts []*logPart
	for lo := 0; lo < len(ids); lo += size {
		slice := ids[lo:min(lo+size, len(ids))]
		sp := newSpool()
		done := make(chan error, 1)
		parts = append(parts, &logPart{out: sp, wait: func() error {
			err := <-done
			done <- err
			return err
		}})
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				sp.close(ctx.Err())
				done <- ctx.Err()
				return
			}
			defer func() { <-slots }()
			cmd := g.command(ctx, args...)
			cmd.Stdin = strings.NewReader(strings.Join(slice, "\n") + "\n")
			stderr := &tailBuffer{max: 16 << 10}
			cmd.Stderr = stderr
			cmd.Stdout = sp
			err := cmd.Run()
			sp.close(io.EOF)
			done <- gitExit(ctx, err, stderr)
		}()
	}
	r := consume(cancel, parts, diffFull, w)
	cancel()
	wg.Wait()
	return r
}

// serialParts are the slices of ids, each read by its own git process
// (args), started when the slice's output is first read: one process at
// a time, each holding only its slice's commits.
func (g *gitBinary) serialParts(ctx context.Context, args, ids []string, size int) []*logPart {
	var parts []*logPart
	for lo := 0; lo < len(ids); lo += size {
		slice := ids[lo:min(lo+size, len(ids))]
		l := &lazyLog{start: func() (*logPart, error) {
			cmd := g.command(ctx, args...)
			cmd.Stdin = strings.NewReader(strings.Join(slice, "\n") + "\n")
			stderr := &tailBuffer{max: 16 << 10}
			cmd.Stderr = stderr
			p, err := startLog(ctx, cmd, stderr)
			if err != nil {
				return nil, fmt.Errorf("git source: starting git: %w", err)
			}
			return p, nil
		}}
		parts = append(parts, &logPart{out: l, wait: l.wait})
	}
	return parts
}

// lazyLog is a git process started on the first read of its output.
type lazyLog struct {
	start func() (*logPart, error)
	part  *logPart
	err   error // why it could not start
}

func (l *lazyLog) Read(p []byte) (int, error) {
	if l.part == nil && l.err == nil {
		l.part, l.err = l.start()
	}
	if l.err != nil {
		return 0, l.err
	}
	return l.part.out.Read(p)
}

// wait waits for the process if it started; one that never started
// leaves nothing to wait for.
func (l *lazyLog) wait() error {
	if l.part == nil {
		return l.err
	}
	return l.part.wait()
}

// spool is a pipe whose writes never block: a git process writes its
// whole output while the slices before it are read.
type spool struct {
	mu   sync.Mutex
	more sync.Cond
	buf  []byte
	end  error // io.EOF or why the output ended, once it has
}

func newSpool() *spool {
	s := &spool{}
	s.more.L = &s.mu
	return s
}

func (s *spool) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.end != nil {
		return 0, s.end
	}
	s.buf = append(s.buf, p...)
	s.more.Signal()
	return len(p), nil
}

// close ends the output; reads return err once what was written is read.
func (s *spool) close(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.end == nil {
		s.end = err
	}
	s.more.Signal()
}

func (s *spool) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.buf) == 0 && s.end == nil {
		s.more.Wait()
	}
	if len(s.buf) == 0 {
		return 0, s.end
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}
