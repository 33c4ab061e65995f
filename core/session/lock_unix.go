//go:build unix

package session

import (
	"context"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"
)

// lockWriter takes the store's writer lock: one Homer run writes a store at
// a time, and a second one waits for the first rather than failing. A lock
// held by a process that died is released by the system. The lock is the
// file's, so it is released when the returned file is closed.
func lockWriter(ctx context.Context, dbPath string, stderr io.Writer) (*os.File, error) {
	f, err := os.OpenFile(dbPath+"-lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("writer lock: %w", err)
	}
	told := false
	began := time.Now()
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return f, nil
		}
		if err != syscall.EWOULDBLOCK && err != syscall.EINTR {
			f.Close()
			return nil, fmt.Errorf("writer lock %s: %w", f.Name(), err)
		}
		if !told && time.Since(began) >= time.Second && stderr != nil {
			fmt.Fprintf(stderr, "homer: waiting for another homer run on %s to finish\n", dbPath)
			told = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// WriterBusy reports whether another Homer run holds the writer lock of
// the store at dbPath now: a caller that must not wait (the pre-commit
// hook) reads the store as it is instead of bringing it up to date.
func WriterBusy(dbPath string) bool {
	f, err := os.Open(dbPath + "-lock")
	if err != nil {
		return false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return err == syscall.EWOULDBLOCK
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}
