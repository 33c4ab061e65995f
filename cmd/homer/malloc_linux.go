//go:build linux && cgo

package main

/*
#include <malloc.h>

static void homer_malloc_arenas(int n) {
#ifdef M_ARENA_MAX
	mallopt(M_ARENA_MAX, n);
#endif
}
*/
import "C"

import "os"

// mallocArenas is how many arenas glibc's allocator keeps for the C code
// of a Homer process: SQLite in the core, tree-sitter in a language
// plugin. Its default, eight per core, gives each thread that calls into C
// an arena of its own, and every arena keeps what was freed in it; Go
// runs cgo calls on whichever thread is free, so a long run touches many.
// Two cost nothing measurable on spring-boot's init and took 25 MB off the
// core's largest RSS (BENCHMARKS.md, "Memory, ninth pass"). MALLOC_ARENA_MAX
// in the environment wins.
const mallocArenas = 2

func init() {
	if os.Getenv("MALLOC_ARENA_MAX") == "" {
		C.homer_malloc_arenas(mallocArenas)
	}
}
