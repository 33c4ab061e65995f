package gitsource

import (
	"os"
	"syscall"
)

// freeRead punches a hole over the part of f read since the last call
// (from, to), in whole pages, and returns how far it has been freed. A
// file system that cannot punch holes keeps the bytes until f is closed.
func freeRead(f *os.File, from, to int64) int64 {
	const (
		keepSize  = 0x01 // FALLOC_FL_KEEP_SIZE
		punchHole = 0x02 // FALLOC_FL_PUNCH_HOLE
		page      = 4096
	)
	to -= to % page
	if to <= from {
		return from
	}
	conn, err := f.SyscallConn()
	if err != nil {
		return from
	}
	_ = conn.Control(func(fd uintptr) {
		_ = syscall.Fallocate(int(fd), keepSize|punchHole, from, to-from)
	})
	return to
}
