//go:build unix

package plugin

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on path, waiting for another holder;
// the system releases it should the holder die. Each call opens the file
// anew, so two goroutines of one process exclude each other as well.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}
