//go:build !unix

package session

import (
	"context"
	"io"
	"os"
)

// lockWriter has no inter-process lock where flock is missing: SQLite's own
// busy waiting is all there is.
func lockWriter(ctx context.Context, dbPath string, stderr io.Writer) (*os.File, error) {
	return nil, nil
}

// WriterBusy cannot tell where flock is missing: no run is known to hold
// the store.
func WriterBusy(dbPath string) bool { return false }
