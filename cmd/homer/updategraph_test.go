package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A file that does not change still has its edges changed by an update
// when what it calls changes elsewhere: a callee removed, a callee moved to
// another file, a new implementation of an interface it calls through. The
// update must leave what init leaves.
func TestUpdateChangesEdgesOfUnchangedFiles(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.set("go.mod", "module example.com/g\n\ngo 1.22\n")
	f.set("lib/lib.go", `package lib

// Store gives values.
type Store interface {
	Get() string
}

type mem struct{}

// Get gives the value in memory.
func (mem) Get() string { return "m" }

// Helper helps.
func Helper() string { return "h" }

// Old is old.
func Old() string { return "o" }
`)
	const app = `package app

import "example.com/g/lib"

// Run runs.
func Run(s lib.Store) string { return lib.Helper() + lib.Old() + s.Get() }
`
	f.set("app/app.go", app)
	f.commit(alice, "lib and app")
	dir := f.dir()
	mustHomer(t, 0, "init", dir)
	db := openDB(t, dir)
	run := is("app/app.go#app.Run")
	calls := edgeMembers(t, db, "calls")
	for _, callee := range []string{"lib/lib.go#lib.Helper", "lib/lib.go#lib.Old", "lib/lib.go#lib.mem.Get"} {
		require.True(t, hasPair(calls, run, is(callee)), "before: Run calls %s: %v", callee, calls)
	}

	// Only lib changes: Old goes, Helper moves to a new file beside a
	// second implementation of Store. app/app.go is as it was.
	f.set("lib/lib.go", `package lib

// Store gives values.
type Store interface {
	Get() string
}

type mem struct{}

// Get gives the value in memory.
func (mem) Get() string { return "m" }
`)
	f.set("lib/more.go", `package lib

type disk struct{}

// Get gives the value on disk.
func (disk) Get() string { return "d" }

// Helper helps, from here now.
func Helper() string { return "h2" }
`)
	f.commit(bob, "lib: Old goes, Helper moves, disk added")
	require.Equal(t, app, f.files["app/app.go"])
	mustHomer(t, 0, "update", dir)
	calls = edgeMembers(t, db, "calls")
	require.False(t, hasPair(calls, run, is("lib/lib.go#lib.Old")), "the removed callee: %v", calls)
	require.False(t, hasPair(calls, run, is("lib/lib.go#lib.Helper")), "the moved callee's old place: %v", calls)
	require.True(t, hasPair(calls, run, is("lib/more.go#lib.Helper")), "the moved callee's new place: %v", calls)
	require.True(t, hasPair(calls, run, is("lib/more.go#lib.disk.Get")), "the new implementation: %v", calls)
	require.True(t, hasPair(edgeMembers(t, db, "file-calls"), is("app/app.go"), is("lib/more.go")), "the unchanged file's file-level call")
	sameAsInit(t, dir, "update changing the callees of an unchanged file")
}
