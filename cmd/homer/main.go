// Command homer mines a git repository and writes context for AI coding
// agents. This package is wiring only: commands parse flags, open a
// session (core/session) and print what it returns.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/sdk"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	if len(os.Args) == 4 && os.Args[1] == plugin.ServeCommand {
		servePlugin(os.Args[2], os.Args[3])
		return
	}
	os.Exit(profiled("", func() int { return execute(os.Args[1:], os.Stdout, os.Stderr) }))
}

// profiled writes a CPU profile to $HOMER_CPUPROFILE when it is set (for
// `go tool pprof`): the core's to the path itself, a built-in plugin's to
// the path with ".KIND-NAME" added.
func profiled(suffix string, run func() int) int {
	path := os.Getenv("HOMER_CPUPROFILE")
	if path == "" {
		return run()
	}
	path += suffix
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "homer: %v\n", err)
		return run()
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "homer: %v\n", err)
		return run()
	}
	defer pprof.StopCPUProfile()
	// The CPU split goes to stderr, a plugin's to FILE.KIND-NAME.cpu (the
	// host does not show a plugin's stderr).
	if suffix == "" {
		defer reportCPU(os.Stderr, "core", "plugins and git")
	} else if w, err := os.Create(path + ".cpu"); err == nil {
		defer w.Close()
		defer reportCPU(w, "plugin "+strings.TrimPrefix(suffix, "."), "its git")
	}
	return run()
}

// servePlugin is the hidden plugin mode: the host re-executes homer to run
// a built-in plugin in its own process.
func servePlugin(kind, name string) {
	b, ok := builtins.Lookup(kind, name)
	if !ok {
		fmt.Fprintf(os.Stderr, "homer: no built-in %s plugin %q\n", kind, name)
		os.Exit(1)
	}
	profiled("."+kind+"-"+name, func() int {
		sdk.Serve(b.New())
		return 0
	})
}
