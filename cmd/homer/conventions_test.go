package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/internal/testrepo"
)

// A history with planted truths: Open's doc comment last changed in
// commit 3, and its body changed in five commits after it (one of them
// only re-indents, which is no change, so six edits make five); Close's
// doc and body changed together last; Parse's doc never changed and its
// body changed once, on a branch merged back. Twelve of the fifteen
// non-merge commits are Conventional Commits. Exported functions: 10 of
// 11 PascalCase, 3 of them documented; unexported: 4 of 5 camelCase.
func TestConventionsAndStaleDocsOnPlantedHistory(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	day := 0
	commit := func(msg string) string {
		day++
		return r.Commit(testrepo.Alice, testrepo.Day(day), msg)
	}
	src := func(openDoc, openBody, closeDoc, closeBody, parseBody string) string {
		return "package lib\n\n// " + openDoc + "\nfunc Open() int {\n" + openBody + "\n}\n\n" +
			"// " + closeDoc + "\nfunc Close() int {\n" + closeBody + "\n}\n\n" +
			"// Parse reads it.\nfunc Parse() int {\n" + parseBody + "\n}\n"
	}
	r.Write("go.mod", "module example.com/x\n\ngo 1.22\n")
	r.Write("lib/lib.go", src("Open opens it.", "\treturn 1", "Close closes.", "\treturn 1", "\treturn 1"))
	commit("feat: the library")
	r.Write("lib/lib.go", src("Open opens it.", "\treturn 2", "Close closes.", "\treturn 1", "\treturn 1"))
	commit("fix: open returns two")
	docCommit := func() string {
		r.Write("lib/lib.go", src("Open opens it, once.", "\treturn 2", "Close closes.", "\treturn 1", "\treturn 1"))
		return commit("docs: say open opens once")
	}()
	var want []string
	for i := 3; i <= 6; i++ {
		r.Write("lib/lib.go", src("Open opens it, once.", fmt.Sprintf("\treturn %d", i), "Close closes.", "\treturn 1", "\treturn 1"))
		want = append(want, commit(fmt.Sprintf("fix: open returns %d", i)))
	}
	// Re-indenting alone changes nothing.
	r.Write("lib/lib.go", src("Open opens it, once.", "        return 6", "Close closes.", "\treturn 1", "\treturn 1"))
	commit("style: indent")
	r.Write("lib/lib.go", src("Open opens it, once.", "\treturn 7", "Close closes now.", "\treturn 2", "\treturn 1"))
	want = append(want, commit("refactor: open and close"))
	// Parse's body changes once on a branch, once on the main line.
	r.Branch("side")
	r.Checkout("side")
	r.Write("lib/lib.go", src("Open opens it, once.", "\treturn 7", "Close closes now.", "\treturn 2", "\treturn 2"))
	commit("perf: parse faster")
	r.Checkout("main")
	r.Write("lib/names.go", "package lib\n\nfunc NewA() {}\nfunc NewB() {}\nfunc NewC() {}\nfunc ServeA() {}\nfunc ServeB() {}\n"+
		"func ServeC() {}\nfunc ServeD() {}\nfunc make_thing() {}\nfunc Get_it() {}\nfunc doA() {}\nfunc doB() {}\nfunc doC() {}\nfunc doD() {}\n")
	commit("add names")
	r.Merge("side", testrepo.Alice, testrepo.Day(30), "Merge branch side")
	r.Write("README.md", "x\n")
	commit("Readme")
	r.Write("lib/lib_test.go", "package lib\n\nimport \"testing\"\n\nfunc TestOpen(t *testing.T) {}\n")
	commit("test: open")
	r.Write("lib/other_test.go", "package lib\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n")
	commit("lib: another test")
	r.Write("README.md", "y\n")
	commit("chore: readme")

	mustHomer(t, 0, "init", r.Dir())
	q := query.New(openDB(t, r.Dir()))
	ctx := context.Background()

	stale, err := q.StaleDocs(ctx, "lib", 0)
	require.NoError(t, err)
	require.True(t, stale.Analysed)
	byName := map[string]record.StaleDoc{}
	for _, d := range stale.Docs {
		byName[d.Name] = d
	}
	require.Contains(t, byName, "lib.Open", "%+v", stale.Docs)
	open := byName["lib.Open"]
	assert.Equal(t, docCommit, open.DocCommit)
	assert.False(t, open.Truncated)
	require.Len(t, open.Changes, 5)
	for i, c := range open.Changes {
		assert.Equal(t, want[len(want)-1-i], c.Commit, "newest first")
	}
	assert.Equal(t, "refactor: open and close", open.Changes[0].Subject)
	assert.NotContains(t, byName, "lib.Close", "its doc changed with its body")
	require.Contains(t, byName, "lib.Parse")
	assert.Len(t, byName["lib.Parse"].Changes, 1, "the branch's change counts once, the merge none")
	assert.Equal(t, "lib.Open", stale.Docs[0].Name, "most changes first")

	none, err := q.StaleDocs(ctx, "cmd", 0)
	require.NoError(t, err)
	assert.Empty(t, none.Docs)

	conv, err := q.Conventions(ctx)
	require.NoError(t, err)
	require.True(t, conv.Analysed)
	assert.Equal(t, "conventional", conv.Commits.Style)
	assert.Equal(t, record.NewShare(12, 15), conv.Commits.Conventional)
	var exported, unexported *record.NamingConvention
	for i, n := range conv.Naming {
		if n.Kind == "function" && n.Visibility == "exported" {
			exported = &conv.Naming[i]
		}
		if n.Kind == "function" && n.Visibility == "unexported" {
			unexported = &conv.Naming[i]
		}
	}
	require.NotNil(t, exported, "%+v", conv.Naming)
	assert.Equal(t, "PascalCase", exported.Style)
	assert.Equal(t, record.NewShare(10, 11), exported.Adherence, "Open, Close, Parse, NewA-C, ServeA-D; Get_it breaks it")
	require.NotNil(t, unexported)
	assert.Equal(t, "camelCase", unexported.Style)
	assert.Equal(t, record.NewShare(4, 5), unexported.Adherence, "make_thing breaks it")
	require.NotEmpty(t, exported.Prefixes)
	assert.Equal(t, "Serve", exported.Prefixes[0].Affix)
	require.Len(t, conv.Tests, 1)
	assert.Equal(t, "*_test.go", conv.Tests[0].Pattern, "EXT written as the extension the tests have")
	assert.Equal(t, record.NewShare(2, 2), conv.Tests[0].Adherence)
	require.NotEmpty(t, conv.Tests[0].Frameworks)
	assert.Equal(t, "testing", conv.Tests[0].Frameworks[0].Affix)
	require.Len(t, conv.Docs, 1)
	assert.Equal(t, record.NewShare(3, 11), conv.Docs[0].Coverage)
	assert.Equal(t, record.NewShare(3, 3), conv.Docs[0].StartsWithName)
}
