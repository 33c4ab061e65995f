package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// coreMemoryLimit is the core's soft memory limit: the heap is collected
// before the runtime's memory passes it, and what the heap freed goes back
// to the system rather than waiting for the background scavenger. With
// GOGC 50 alone, the core of spring-boot's init held 300-330 MB of Go
// memory for 130-180 MB live, and 420 MB for 233 MB live (BENCHMARKS.md,
// Memory, eighth pass).
const coreMemoryLimit = 256 << 20

// limitMemory sets a soft memory limit of at least limit, raised after
// each collection so that it leaves room for a third of the live heap to
// be allocated before the next: holding more live than that under the
// limit would collect nearly all the time. The third is GOGC 33 where
// the limit binds, against the core's 50 elsewhere.
func limitMemory(limit int64) {
	debug.SetMemoryLimit(limit)
	watchLimit(limitWatchers.Add(1), limit)
}

// pauseLimit stops limitMemory's watcher until limitMemory is called
// again; the limit stays as it was last set.
func pauseLimit() { limitWatchers.Add(1) }

// limitWatchers counts limitMemory's calls: a watcher started by an
// earlier call stops (tests call it more than once in a process).
var limitWatchers atomic.Int64

// limitSentinel is garbage whose finalizer runs after each collection
// that finds it.
type limitSentinel struct{ _ [16]byte }

var limitMetrics = []string{
	"/gc/heap/live:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/objects:bytes",
}

func watchLimit(id, limit int64) {
	runtime.SetFinalizer(new(limitSentinel), func(*limitSentinel) {
		if limitWatchers.Load() != id {
			return
		}
		sample := make([]metrics.Sample, len(limitMetrics))
		for i, name := range limitMetrics {
			sample[i].Name = name
		}
		metrics.Read(sample)
		var v [5]int64
		for i := range sample {
			if sample[i].Value.Kind() != metrics.KindUint64 {
				return
			}
			v[i] = int64(sample[i].Value.Uint64())
		}
		floor := limit
		if floorOff.Load() > 0 {
			floor = 0
		}
		debug.SetMemoryLimit(limitFor(floor, v[0], v[1]-v[2]-v[3]-v[4]))
		watchLimit(id, limit)
	})
}

// limitFor is the limit for live heap bytes and overhead bytes of the
// runtime's memory that are neither heap objects nor free pages it can
// return (stacks, its own structures, the unused ends of spans): at least
// limit, and room for a third of live beside both.
func limitFor(limit, live, overhead int64) int64 {
	return max(limit, live+live/3+max(overhead, 0))
}

// floorOff counts the stages under way that have the limit's floor
// lifted: resolve (pipeline.ResolveMemory). Its live heap on spring-boot
// is 150-185 MB, which GOGC 50 alone lets grow to 225-275 MB, while the
// floor (256 MiB) held the limit above it; without the floor the limit
// leaves room for a third of the live heap, as it does above the floor
// anywhere. The next collection sets the limit so.
var floorOff atomic.Int64

// liftFloor lifts the floor until the returned func is called.
func liftFloor() (end func()) {
	floorOff.Add(1)
	var once sync.Once
	return func() { once.Do(func() { floorOff.Add(-1) }) }
}
