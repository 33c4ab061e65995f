package gitsource

import (
	"context"
	"io"
	"os"
	"os/exec"
	"time"
)

// git log flushes its output after every commit. Through a pipe, each
// flush wakes the reader: thousands of wake-ups on both sides for a long
// history. Written to a file instead, the output costs git no more than
// /dev/null does, and the plugin reads it in large pieces as it grows. On a
// history of 5,000 commits this took the plugin's CPU from 0.36 to 0.24 s
// and the whole extraction from 0.94 to 0.86 s (BENCHMARKS.md).

// tailPoll is how long the reader first waits for more output once it has
// caught up with git; each wait that finds nothing doubles the next, up to
// tailPollMax, and output read brings it back down. git diffing a large
// history prints a few hundred commits a second and the reader catches up
// at once: waiting 1 ms each time, the plugin woke up to a thousand times a
// second for the whole walk. On spring-boot its CPU fell from 3.8 to 2.7 s
// with the longer waits (BENCHMARKS.md, init6). A reader at most 32 ms
// behind git delays nothing: the core stores batches of hundreds of
// commits.
const (
	tailPoll    = time.Millisecond
	tailPollMax = 32 * time.Millisecond
)

// startLog starts cmd with its standard output in an unlinked temporary
// file that the returned part reads as git writes it; where no temporary
// file can be made, on a pipe.
func startLog(ctx context.Context, cmd *exec.Cmd, stderr *tailBuffer) (*logPart, error) {
	wf, err := os.CreateTemp("", "homer-git-log-*")
	if err != nil {
		return startPipe(ctx, cmd, stderr)
	}
	name := wf.Name()
	rf, err := os.Open(name)
	// Gone from the directory while both handles stay valid, where the
	// system allows removing an open file; elsewhere once it is closed.
	unlinked := os.Remove(name) == nil
	closeRead := func() {
		if rf != nil {
			rf.Close()
		}
		if !unlinked {
			os.Remove(name)
		}
	}
	if err != nil {
		wf.Close()
		closeRead()
		return startPipe(ctx, cmd, stderr)
	}
	cmd.Stdout = wf
	err = cmd.Start()
	wf.Close() // git has its own copy
	if err != nil {
		closeRead()
		return nil, err
	}
	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()
	t := &tail{f: rf, exited: exited}
	return &logPart{out: t, wait: func() error {
		<-exited
		closeRead()
		return gitExit(ctx, waitErr, stderr)
	}}, nil
}

// tail reads a file that a process is still writing, until the process
// has exited and everything it wrote has been read. What has been read is
// given back to the file system as it goes (freeRead), so a long history
// never occupies more disk than the output not yet parsed.
type tail struct {
	f      *os.File
	exited <-chan struct{}
	ended  bool  // the writer had exited before the last read
	read   int64 // bytes read
	freed  int64 // bytes given back
	wait   time.Duration
	timer  *time.Timer
}

func (t *tail) Read(p []byte) (int, error) {
	for {
		n, err := t.f.Read(p)
		if n > 0 {
			t.wait = 0
			t.read += int64(n)
			if t.read-t.freed >= freeEvery {
				t.freed = freeRead(t.f, t.freed, t.read)
			}
			return n, nil
		}
		if err != nil && err != io.EOF {
			return 0, err
		}
		if t.ended {
			return 0, io.EOF
		}
		// Caught up: wait for more, or for the writer to finish, then
		// read once more to take what it wrote last.
		t.wait = min(max(2*t.wait, tailPoll), tailPollMax)
		if t.timer == nil {
			t.timer = time.NewTimer(t.wait)
		} else {
			t.timer.Reset(t.wait)
		}
		select {
		case <-t.exited:
			t.ended = true
			t.timer.Stop()
		case <-t.timer.C:
		}
	}
}

// freeEvery is how much is read between two hole punches.
const freeEvery = 8 << 20
