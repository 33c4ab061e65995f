package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/homer-dev/homer/core/trace"
)

// tracing reports whether HOMER_LOG's value asks for a trace file:
// "trace", or a comma-separated list with "trace" or "homer=trace" in it.
func tracing(homerLog string) bool {
	for _, item := range strings.Split(homerLog, ",") {
		item = strings.ToLower(strings.TrimSpace(item))
		if item == "trace" || item == "homer=trace" {
			return true
		}
	}
	return false
}

// writeTrace writes the trace as .homer/trace-TIME.json under root (TIME
// in UTC, when the run began) and returns its path.
func writeTrace(rec *trace.Recorder, root string, began time.Time) (string, error) {
	dir := filepath.Join(root, ".homer")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "trace-"+began.UTC().Format("20060102T150405.000Z")+".json")
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	if err := rec.Write(f); err != nil {
		f.Close()
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return path, f.Close()
}
