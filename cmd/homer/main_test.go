package main

import (
	"os"
	"testing"

	"github.com/homer-dev/homer/core/plugin"
)

// TestMain lets the test binary stand in for homer itself: re-executed
// with the hidden plugin command it serves a built-in plugin (so the
// tests launch real plugin subprocesses), and with HOMER_TEST_AS_MAIN=1 it
// runs the command line (so a test can kill a real homer process).
func TestMain(m *testing.M) {
	if len(os.Args) == 4 && os.Args[1] == plugin.ServeCommand {
		servePlugin(os.Args[2], os.Args[3])
		return
	}
	if os.Getenv("HOMER_TEST_AS_MAIN") == "1" {
		os.Exit(execute(os.Args[1:], os.Stdout, os.Stderr))
	}
	if name := os.Getenv("HOMER_TEST_PLUGIN"); name != "" {
		serveTestPlugin(name)
		return
	}
	code := m.Run()
	if e2eHome != "" {
		os.RemoveAll(e2eHome)
	}
	os.Exit(code)
}
