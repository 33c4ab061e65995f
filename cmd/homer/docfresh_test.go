package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/internal/testrepo"
)

// Histories a walk of spans gets wrong easily, through git and the real
// Go and Python plugins: lines inserted above a function (its spans
// shift, nothing changed), a doc edited and then the body (only the body
// changes after the new doc count), a function moved within the file, a
// file renamed, a docstring inside the body.
func TestStaleDocsFollowSpans(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	day := 0
	commit := func(msg string) string {
		day++
		return r.Commit(testrepo.Alice, testrepo.Day(day), msg)
	}
	alpha := func(doc, body string) string {
		return "// Alpha " + doc + "\nfunc Alpha() int {\n\tx := 1\n\treturn x + " + body + "\n}\n"
	}
	beta := func(body string) string {
		return "// Beta is b.\nfunc Beta(s string) string {\n\ts += \"b\"\n\treturn s + " + body + "\n}\n"
	}
	gamma := "// Gamma is g.\nfunc Gamma() {\n\tprintln(\"g\")\n}\n"
	file := func(above string, parts ...string) string {
		return "package lib\n\n" + above + strings.Join(parts, "\n")
	}
	r.Write("go.mod", "module example.com/x\n\ngo 1.22\n")
	r.Write("lib/span.go", file("", alpha("is a.", "1"), beta("\"1\""), gamma))
	r.Write("py/mod.py", "import os\n\n\ndef area(w, h):\n    \"\"\"Area of a box.\"\"\"\n    return w * h\n")
	first := commit("the library")
	r.Write("lib/span.go", file("", alpha("is a.", "2"), beta("\"1\""), gamma))
	r.Write("py/mod.py", "import os\n\n\ndef area(w, h):\n    \"\"\"Area of a box.\"\"\"\n    return w * h * 1\n")
	commit("alpha and area before their docs change")
	r.Write("lib/span.go", file("", alpha("returns a number.", "2"), beta("\"1\""), gamma))
	r.Write("py/mod.py", "import os\n\n\ndef area(w, h):\n    \"\"\"Area of a rectangle.\"\"\"\n    return w * h * 1\n")
	alphaDoc := commit("alpha's and area's docs")
	above := "import \"fmt\"\n\nvar v = fmt.Sprint(1)\n\n"
	r.Write("lib/span.go", file(above, alpha("returns a number.", "2"), beta("\"1\""), gamma))
	commit("lines above")
	r.Write("lib/span.go", file(above, alpha("returns a number.", "3"), beta("\"1\""), gamma))
	r.Write("py/mod.py", "import os\n\n\ndef area(w, h):\n    \"\"\"Area of a rectangle.\"\"\"\n    return w * h\n")
	alphaBody := commit("alpha returns 3")
	r.Write("lib/span.go", file(above, alpha("returns a number.", "3"), gamma, beta("\"1\"")))
	commit("move beta to the end")
	r.Write("lib/span.go", file(above, alpha("returns a number.", "3"), gamma, beta("\"2\"")))
	betaBody := commit("beta appends 2")
	r.Git("mv", "lib/span.go", "lib/spans.go")
	commit("rename")
	r.Write("lib/spans.go", file(above, alpha("returns a number.", "4"), gamma, beta("\"2\"")))
	alphaRenamed := commit("alpha returns 4")

	mustHomer(t, 0, "init", r.Dir())
	q := query.New(openDB(t, r.Dir()))
	stale, err := q.StaleDocs(context.Background(), "", 0)
	require.NoError(t, err)
	require.True(t, stale.Analysed)
	byName := map[string]record.StaleDoc{}
	for _, d := range stale.Docs {
		byName[d.Name] = d
	}
	changes := func(name string) []string {
		var out []string
		for _, c := range byName[name].Changes {
			out = append(out, c.Commit)
		}
		return out
	}
	require.Contains(t, byName, "lib.Alpha", "%+v", stale.Docs)
	assert.Equal(t, alphaDoc, byName["lib.Alpha"].DocCommit)
	assert.Equal(t, []string{alphaRenamed, alphaBody}, changes("lib.Alpha"), "through the rename; lines above are no change")
	assert.Equal(t, "lib/spans.go", byName["lib.Alpha"].Path)
	require.Contains(t, byName, "lib.Beta")
	assert.Equal(t, []string{betaBody}, changes("lib.Beta"), "the move is no change")
	assert.Equal(t, first, byName["lib.Beta"].DocCommit, "came in with the file")
	assert.NotContains(t, byName, "lib.Gamma", "its body never changed")
	var area *record.StaleDoc
	for i, d := range stale.Docs {
		if strings.HasSuffix(d.Name, "area") {
			area = &stale.Docs[i]
		}
	}
	require.NotNil(t, area, "%+v", stale.Docs)
	assert.Equal(t, alphaDoc, area.DocCommit, "the docstring changed there")
	assert.Equal(t, []string{alphaBody}, []string{area.Changes[0].Commit})
	assert.Len(t, area.Changes, 1)
}

// An update walks the history of the documented files new commits
// touched, and keeps the stored answer of the others: the end state is
// still a fresh init's.
func TestStaleDocsUpdateWalksTouchedFiles(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	day := 0
	commit := func(msg string) string {
		day++
		return r.Commit(testrepo.Alice, testrepo.Day(day), msg)
	}
	fn := func(name, body string) string {
		return "// " + name + " is documented.\nfunc " + name + "() int {\n\treturn " + body + "\n}\n"
	}
	r.Write("go.mod", "module example.com/x\n\ngo 1.22\n")
	r.Write("a/a.go", "package a\n\n"+fn("A", "1"))
	r.Write("b/b.go", "package b\n\n"+fn("B", "1"))
	commit("a and b")
	r.Write("a/a.go", "package a\n\n"+fn("A", "2"))
	commit("a returns 2")
	mustHomer(t, 0, "init", r.Dir())
	staleNames := func() []string {
		stale, err := query.New(openDB(t, r.Dir())).StaleDocs(context.Background(), "", 0)
		require.NoError(t, err)
		var out []string
		for _, d := range stale.Docs {
			out = append(out, d.Name)
		}
		return out
	}
	require.Equal(t, []string{"a.A"}, staleNames())

	r.Write("b/b.go", "package b\n\n"+fn("B", "2"))
	commit("b returns 2")
	res := mustHomer(t, 0, "update", "-vv", r.Dir())
	assert.Regexp(t, `files to walk: walk=1 unchanged=1`, res.stderr, "only b/b.go changed")
	assert.ElementsMatch(t, []string{"a.A", "b.B"}, staleNames())
	sameAsInit(t, r.Dir(), "doc freshness after b changed")

	// A commit touching no documented file walks none.
	r.Write("README.md", "x\n")
	commit("readme")
	res = mustHomer(t, 0, "update", "-vv", r.Dir())
	assert.Regexp(t, `files to walk: walk=0 unchanged=2`, res.stderr)
	sameAsInit(t, r.Dir(), "doc freshness after a commit touching no documented file")

	// A branch that changes a's doc: a is walked there; back on main, its
	// result from before the switch serves again, as a fresh init's.
	main := strings.TrimSpace(r.Git("rev-parse", "--abbrev-ref", "HEAD"))
	r.Git("checkout", "-q", "-b", "side")
	r.Write("a/a.go", "package a\n\n// A is documented anew.\nfunc A() int {\n\treturn 2\n}\n")
	commit("a's doc rewritten")
	res = mustHomer(t, 0, "update", "-vv", r.Dir())
	assert.Regexp(t, `files to walk: walk=1 unchanged=1 from-earlier-runs=0`, res.stderr)
	assert.ElementsMatch(t, []string{"b.B"}, staleNames())
	r.Git("checkout", "-q", "-f", main) // the artifacts homer rewrote are committed here
	res = mustHomer(t, 0, "update", "-vv", r.Dir())
	assert.Regexp(t, `files to walk: walk=0 unchanged=2 from-earlier-runs=1`, res.stderr, "a's result before the switch")
	assert.ElementsMatch(t, []string{"a.A", "b.B"}, staleNames())
	sameAsInit(t, r.Dir(), "doc freshness after switching to a branch and back")

	// Forced, every file is walked again.
	res = mustHomer(t, 0, "update", "--force-analysis", "-vv", r.Dir())
	assert.Regexp(t, `files to walk: walk=2 unchanged=0`, res.stderr)
}

// An update carries each walked file's functions forward from the walk
// at the previous HEAD (kept as doc-freshness-walk results) once the new
// walk stands where that one stood: a doc changed after the previous run,
// a body changed after its doc, a function added, and a branch whose
// commit is dated among the older ones (so that the new commits are not
// all the newest) merged. The end state is a fresh init's.
func TestStaleDocsUpdateCarriesWalksForward(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	day := 0
	commit := func(msg string) string {
		day++
		return r.Commit(testrepo.Alice, testrepo.Day(day), msg)
	}
	fn := func(name, doc, body string) string {
		return "// " + name + " " + doc + "\nfunc " + name + "() int {\n\tx := 1\n\treturn x + " + body + "\n}\n"
	}
	type version struct{ a, b, c, e, d string }
	file := func(v version) string {
		parts := []string{fn("A", v.a, "1"), fn("B", "is b.", v.b), fn("E", v.e, "1"), "var sep = 1\n", fn("C", "is c.", v.c)}
		if v.d != "" {
			parts = append(parts, fn("D", "is d.", v.d))
		}
		return "package lib\n\n" + strings.Join(parts, "\n")
	}
	v := version{a: "is a.", b: "1", c: "1", e: "is e."}
	write := func() { r.Write("lib/lib.go", file(v)) }
	r.Write("go.mod", "module example.com/x\n\ngo 1.22\n")
	write()
	commit("the library")
	v.b, v.c = "2", "2"
	write()
	branchPoint := commit("b and c return 2")
	v.e = "returns one."
	write()
	commit("e's doc")
	v.b = "3"
	write()
	commit("b returns 3")
	mustHomer(t, 0, "init", r.Dir())
	staleChanges := func() map[string]int {
		stale, err := query.New(openDB(t, r.Dir())).StaleDocs(context.Background(), "", 0)
		require.NoError(t, err)
		out := map[string]int{}
		for _, d := range stale.Docs {
			out[d.Name] = len(d.Changes)
		}
		return out
	}
	require.Equal(t, map[string]int{"lib.B": 2, "lib.C": 1}, staleChanges())

	// A side branch off an older commit, dated before the last two:
	// its change to C's body comes among the commits the last walk read.
	main := strings.TrimSpace(r.Git("rev-parse", "--abbrev-ref", "HEAD"))
	r.Git("checkout", "-q", "-b", "side", branchPoint)
	side := v
	side.b, side.e, side.c = "2", "is e.", "3"
	r.Write("lib/lib.go", file(side))
	r.Commit(testrepo.Alice, testrepo.Day(2).Add(12*time.Hour), "c returns 3")
	r.Checkout(main)
	v.a, v.b, v.d = "returns a number.", "4", "1"
	write()
	commit("a's doc, b returns 4, d")
	day++
	r.Merge("side", testrepo.Alice, testrepo.Day(day), "merge side")
	v.c = "3"
	res := mustHomer(t, 0, "update", "-vv", r.Dir())
	assert.Regexp(t, `functions carried forward=[1-9]`, res.stderr)
	assert.Equal(t, map[string]int{"lib.B": 3, "lib.C": 2}, staleChanges())
	sameAsInit(t, r.Dir(), "doc freshness carried forward")

	// Once more from the state the update left: a body changed after the
	// doc that changed in the last update.
	v.a = "is a again."
	write()
	commit("a's doc again")
	v.c = "4"
	write()
	commit("c returns 4")
	res = mustHomer(t, 0, "update", "-vv", r.Dir())
	assert.Regexp(t, `functions carried forward=[1-9]`, res.stderr)
	assert.Equal(t, map[string]int{"lib.B": 3, "lib.C": 3}, staleChanges())
	sameAsInit(t, r.Dir(), "doc freshness carried forward twice")
}
