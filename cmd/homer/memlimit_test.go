package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLimitForLeavesAThirdOfLive(t *testing.T) {
	const mb = 1 << 20
	require.Equal(t, int64(256*mb), limitFor(256*mb, 100*mb, 20*mb), "small heap: the limit")
	require.Equal(t, int64(300*mb+100*mb+40*mb), limitFor(256*mb, 300*mb, 40*mb), "large heap: a third of it to allocate")
	require.Equal(t, int64(256*mb), limitFor(256*mb, 150*mb, -mb), "no overhead below zero")
}

var limitHeld [][]byte

func TestLimitMemoryFollowsTheLiveHeap(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	t.Cleanup(func() {
		pauseLimit() // stops the watcher
		limitHeld = nil
		debug.SetMemoryLimit(prev)
	})
	const limit = 16 << 20
	limitMemory(limit)
	require.Equal(t, int64(limit), debug.SetMemoryLimit(-1))

	// Little live: the limit stays.
	for range 3 {
		runtime.GC()
		time.Sleep(20 * time.Millisecond) // finalizers run on their own goroutine
	}
	require.Equal(t, int64(limit), debug.SetMemoryLimit(-1))

	// 24 MiB live: raised to leave a third of it.
	for range 24 {
		limitHeld = append(limitHeld, make([]byte, 1<<20))
	}
	require.Eventually(t, func() bool {
		runtime.GC()
		return debug.SetMemoryLimit(-1) >= 32<<20
	}, 30*time.Second, 20*time.Millisecond)

	// Little live again: back to the limit.
	limitHeld = nil
	require.Eventually(t, func() bool {
		runtime.GC()
		return debug.SetMemoryLimit(-1) == limit
	}, 30*time.Second, 20*time.Millisecond)
}

// Paused, the watcher leaves the limit to whoever set it last (an update's
// heap floor), however much is live.
func TestPauseLimitLeavesTheLimit(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	t.Cleanup(func() {
		pauseLimit()
		limitHeld = nil
		debug.SetMemoryLimit(prev)
	})
	limitMemory(16 << 20)
	pauseLimit()
	debug.SetMemoryLimit(8 << 20)
	for range 24 {
		limitHeld = append(limitHeld, make([]byte, 1<<20))
	}
	for range 3 {
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
	}
	require.Equal(t, int64(8<<20), debug.SetMemoryLimit(-1))
}
