package sdk

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// gcPercent reads the collector's setting.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

var held [][]byte

func TestCollectAboveTurnsCollectionOnPastHalfTheFloor(t *testing.T) {
	prevPercent, prevLimit := gcPercent(), debug.SetMemoryLimit(-1)
	t.Cleanup(func() {
		watchers.Add(1) // stops the watcher
		held = nil
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	})
	const floor = 16 << 20
	collectAbove(floor, 40)
	require.Equal(t, -1, gcPercent())
	require.Equal(t, int64(floor), debug.SetMemoryLimit(-1))

	// Little live: collections leave the floor in place.
	for range 3 {
		runtime.GC()
		time.Sleep(20 * time.Millisecond) // finalizers run on their own goroutine
	}
	require.Equal(t, -1, gcPercent())
	require.Equal(t, int64(floor), debug.SetMemoryLimit(-1))

	// More than half the floor live: collection at the percent asked for.
	for range 12 {
		held = append(held, make([]byte, 1<<20))
	}
	require.Eventually(t, func() bool {
		runtime.GC()
		return gcPercent() == 40
	}, 30*time.Second, 20*time.Millisecond)
	require.Greater(t, debug.SetMemoryLimit(-1), int64(1)<<60)

	// Less than a quarter of the floor live again: the floor holds again.
	held = nil
	require.Eventually(t, func() bool {
		runtime.GC()
		return gcPercent() == -1
	}, 30*time.Second, 20*time.Millisecond)
	require.Equal(t, int64(floor), debug.SetMemoryLimit(-1))
}

func TestCollectionByKind(t *testing.T) {
	floor, percent := collection(KindSource)
	require.Equal(t, int64(sourceHeapFloor), floor)
	require.Equal(t, sourceGCPercent, percent)
	floor, percent = collection(KindRenderer)
	require.Equal(t, int64(heapFloor), floor)
	require.Equal(t, rendererGCPercent, percent)
	floor, percent = collection(KindLanguage)
	require.Equal(t, int64(languageHeapFloor), floor)
	require.Equal(t, languageGCPercent, percent)
	require.Less(t, int64(sourceHeapFloor), int64(languageHeapFloor), "sources keep less garbage than parsers")
	require.Less(t, int64(languageHeapFloor), int64(heapFloor), "parsers less than renderers, whose model is live")
}

// Calls under way at once share the floor: the settings come back as they
// were only when the last one ends, and ending one twice counts once.
func TestCollectAboveRestoresAfterTheLastCall(t *testing.T) {
	prevPercent, prevLimit := gcPercent(), debug.SetMemoryLimit(-1)
	t.Cleanup(func() {
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	})
	debug.SetGCPercent(70)
	debug.SetMemoryLimit(1 << 40)
	const floor = 32 << 20
	first := CollectAbove(floor, 40)
	second := CollectAbove(floor, 40)
	require.Equal(t, -1, gcPercent())
	require.Equal(t, int64(floor), debug.SetMemoryLimit(-1))
	first()
	first()
	require.Equal(t, -1, gcPercent(), "one call is still under way")
	require.Equal(t, int64(floor), debug.SetMemoryLimit(-1))
	second()
	require.Equal(t, 70, gcPercent())
	require.Equal(t, int64(1<<40), debug.SetMemoryLimit(-1))
}
