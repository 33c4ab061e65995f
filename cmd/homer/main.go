// Command homer mines a git repository and writes context for AI coding
// agents. This package is wiring only: commands parse flags, open a
// session (core/session) and print what it returns.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/homer-dev/homer/core/pipeline"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/sdk"
)

// coreGCPercent is the core's GOGC.
const coreGCPercent = 50

// coreHeapFloor is the heap below which an update (homer update, and the
// update risk-check runs first) collects no garbage (sdk.CollectAbove; past
// half of it live, it collects at coreGCPercent). An update allocates
// hundreds of megabytes over a live heap of tens: on prometheus 630 MB over
// at most 61 MB live, which at GOGC 50 took 43 collections and a sixth of
// the core's CPU (20 under the floor), its peak RSS unchanged. Not for
// init: prometheus's init, its live heap near half the floor for long,
// peaked 35-40 MB higher under it.
const coreHeapFloor = 128 << 20

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	if len(os.Args) == 4 && os.Args[1] == plugin.ServeCommand {
		servePlugin(os.Args[2], os.Args[3])
		return
	}
	// The core's heap grows to 1.5 times what is live between collections,
	// not twice (Go's default): on prometheus 130 MB live made 260 MB of
	// heap. Under a soft limit besides (memlimit.go). GOGC or GOMEMLIMIT
	// in the environment win.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(coreGCPercent)
		limitMemory(coreMemoryLimit)
		pipeline.ResolveMemory = liftFloor
	}
	os.Exit(profiled("", func() int { return execute(os.Args[1:], os.Stdout, os.Stderr) }))
}

// profiled writes a CPU profile to $HOMER_CPUPROFILE and a heap profile
// (every allocation since start, and what is live at exit) to
// $HOMER_MEMPROFILE when they are set (for `go tool pprof`): the core's to
// the path itself, a built-in plugin's to the path with ".KIND-NAME" added.
// With the heap profile comes PATH.peak: the heap as of its largest live
// size, rewritten whenever the live heap grows past the last one by 1/16.
func profiled(suffix string, run func() int) int {
	if mem := os.Getenv("HOMER_MEMPROFILE"); mem != "" {
		runtime.MemProfileRate = 64 << 10 // a sample per 64 KiB: cheap enough for a whole init
		stop := watchPeak(mem + suffix + ".peak")
		defer writeHeap(mem + suffix)
		defer stop()
	}
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

func writeHeap(path string) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "homer: %v\n", err)
		return
	}
	defer f.Close()
	runtime.GC() // the live figures as of now, not of the last collection
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		fmt.Fprintf(os.Stderr, "homer: %v\n", err)
	}
}

// watchPeak samples the live heap every 50 ms and writes a heap profile to
// path each time it reaches a new high (by 1/16 at least); the profile's
// in-use figures are those of the collection that set the high.
func watchPeak(path string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var high uint64
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				return
			}
			if live := sample[0].Value.Uint64(); live > high+high/16 {
				high = live
				if f, err := os.Create(path); err == nil {
					_ = pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
				}
			}
		}
	}()
	return func() { close(done); <-finished }
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
