//go:build !unix

package plugin

import "sync"

// fileLocks stands in for flock where it is missing: it keeps the
// goroutines of one process apart, not two processes.
var fileLocks sync.Mutex

func lockFile(string) (unlock func(), err error) {
	fileLocks.Lock()
	return fileLocks.Unlock, nil
}
