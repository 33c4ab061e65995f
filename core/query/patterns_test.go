package query

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// cliHistory is a small history shaped like cli/cli's: commands in
// pkg/cmd/<command>/, subcommands in pkg/cmd/<command>/<sub>/ registered in
// pkg/cmd/<command>/<command>.go, and a changelog every commit edits.
func cliHistory(registerLines int) []HistoryCommit {
	a := func(p string) HistoryChange { return HistoryChange{Path: p, Status: "A", Lines: 30} }
	m := func(p string, lines int) HistoryChange { return HistoryChange{Path: p, Status: "M", Lines: lines} }
	commits := []HistoryCommit{{SHA: "c00", Subject: "initial", Parents: 0, Changes: []HistoryChange{
		a("pkg/cmd/root/root.go"), a("pkg/cmd/issue/issue.go"), a("pkg/cmd/issue/list/list.go"),
		a("pkg/cmd/pr/pr.go"), a("pkg/cmd/pr/view/view.go"), a("CHANGES.md"), a("go.mod"),
	}}}
	subs := []struct{ cmd, sub string }{{"issue", "close"}, {"pr", "merge"}, {"issue", "edit"}, {"pr", "diff"}}
	for i, s := range subs {
		dir := "pkg/cmd/" + s.cmd + "/" + s.sub + "/"
		commits = append(commits, HistoryCommit{SHA: fmt.Sprintf("s%02d", i), Subject: "add " + s.cmd + " " + s.sub, Parents: 1,
			Changes: []HistoryChange{a(dir + s.sub + ".go"), a(dir + s.sub + "_test.go"),
				m("pkg/cmd/"+s.cmd+"/"+s.cmd+".go", registerLines), m("CHANGES.md", 3)}})
		// Ordinary work between additions: the changelog changes in
		// every commit, so it registers nothing.
		commits = append(commits, HistoryCommit{SHA: fmt.Sprintf("f%02d", i), Subject: "fix", Parents: 1,
			Changes: []HistoryChange{m("pkg/cmd/"+s.cmd+"/list/list.go", 4), m("CHANGES.md", 2)}})
	}
	// A merge repeats a branch's work without a diff of its own.
	commits = append(commits, HistoryCommit{SHA: "merge", Subject: "Merge", Parents: 2})
	return commits
}

// headOf is the files the commits leave, tests marked as a language
// plugin would mark them.
func headOf(commits []HistoryCommit) Head {
	head := Head{}
	for _, c := range commits {
		for _, ch := range c.Changes {
			if ch.Status == "D" {
				delete(head, ch.Path)
			} else {
				head[ch.Path] = strings.HasSuffix(ch.Path, "_test.go")
			}
		}
	}
	return head
}

func TestMinePatterns(t *testing.T) {
	t.Parallel()
	commits := cliHistory(2)
	head := headOf(commits)
	// A later commit on another branch removed the first subcommand.
	delete(head, "pkg/cmd/issue/close/close.go")
	delete(head, "pkg/cmd/issue/close/close_test.go")
	pats := MinePatterns(commits, head, DefaultPatternConfig())
	require.Len(t, pats, 1)
	p := pats[0]
	assert.Equal(t, "directory", p.Kind)
	assert.Equal(t, "pkg/cmd/<parent>/<name>/", p.Slot)
	assert.Equal(t, []PatternFile{
		{Path: "pkg/cmd/<parent>/<name>/<name>.go", Created: true, Commits: 4, Example: "pkg/cmd/pr/diff/diff.go"},
		{Path: "pkg/cmd/<parent>/<name>/<name>_test.go", Created: true, Commits: 4, Example: "pkg/cmd/pr/diff/diff_test.go"},
		{Path: "pkg/cmd/<parent>/<parent>.go", Commits: 4, Example: "pkg/cmd/pr/pr.go"},
	}, p.Files, "CHANGES.md changes in every commit: it is no registration")
	var shas, instances []string
	var atHead []bool
	for _, c := range p.Commits {
		shas, instances, atHead = append(shas, c.SHA), append(instances, c.Instance), append(atHead, c.AtHead)
	}
	assert.Equal(t, []bool{true, true, true, false}, atHead)
	assert.Equal(t, []string{"s03", "s02", "s01", "s00"}, shas, "newest first")
	assert.Equal(t, []string{"pkg/cmd/pr/diff/", "pkg/cmd/issue/edit/", "pkg/cmd/pr/merge/", "pkg/cmd/issue/close/"}, instances)
}

// A pattern no instance of which is at HEAD as it makes them is history,
// not a way to add code: each file it creates is at HEAD for some
// instance, but no instance has all of them.
func TestMinePatternsNeedsAWholeInstanceAtHead(t *testing.T) {
	t.Parallel()
	commits := cliHistory(2)
	head := headOf(commits)
	for _, p := range []string{"pkg/cmd/issue/close/close.go", "pkg/cmd/pr/merge/merge.go", "pkg/cmd/issue/edit/edit_test.go", "pkg/cmd/pr/diff/diff_test.go"} {
		delete(head, p)
	}
	assert.Empty(t, MinePatterns(commits, head, DefaultPatternConfig()))
	head["pkg/cmd/issue/close/close.go"] = false // close/ whole again
	pats := MinePatterns(commits, head, DefaultPatternConfig())
	require.Len(t, pats, 1)
	var at []string
	for _, c := range pats[0].Commits {
		if c.AtHead {
			at = append(at, c.Instance)
		}
	}
	assert.Equal(t, []string{"pkg/cmd/issue/close/"}, at, "the others each lost a file the pattern creates")
}

func TestMinePatternsNeedsEvidence(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		commits []HistoryCommit
		head    func(Head)
		cfg     func(*PatternConfig)
	}{
		"a registration file rewritten each time is a refactoring": {commits: cliHistory(120)},
		"too few commits": {commits: cliHistory(2), cfg: func(c *PatternConfig) { c.MinCommits = 5 }},
		"registration files gone from HEAD": {commits: cliHistory(2), head: func(h Head) {
			delete(h, "pkg/cmd/issue/issue.go")
			delete(h, "pkg/cmd/pr/pr.go")
		}},
		"commits too large to read as one change": {commits: cliHistory(2), cfg: func(c *PatternConfig) { c.MaxFiles = 3 }},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			head := headOf(tc.commits)
			if tc.head != nil {
				tc.head(head)
			}
			cfg := DefaultPatternConfig()
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			assert.Empty(t, MinePatterns(tc.commits, head, cfg))
		})
	}
}

func TestMinePatternsFileSlot(t *testing.T) {
	t.Parallel()
	a := func(p string) HistoryChange { return HistoryChange{Path: p, Status: "A", Lines: 40} }
	m := func(p string) HistoryChange { return HistoryChange{Path: p, Status: "M", Lines: 1} }
	commits := []HistoryCommit{{SHA: "c0", Changes: []HistoryChange{a("store/migrations/001_init.sql"),
		a("store/migrations/002_users.sql"), a("store/schema.go"), a("store/store.go"), a("README.md")}}}
	for i, n := range []string{"003_posts", "004_tags", "005_likes"} {
		changes := []HistoryChange{a("store/migrations/" + n + ".sql"), m("store/schema.go")}
		if i < 2 {
			// Two of them came with a rewrite of the engine: work beside
			// the migration, not a step of adding one.
			changes = append(changes, HistoryChange{Path: "store/engine.go", Status: "M", Lines: 200})
		}
		commits = append(commits, HistoryCommit{SHA: fmt.Sprintf("m%d", i), Parents: 1, Subject: "migration " + n,
			Changes: changes},
			HistoryCommit{SHA: fmt.Sprintf("w%d", i), Parents: 1, Subject: "work",
				Changes: []HistoryChange{m("store/store.go"), m("README.md")}})
	}
	pats := MinePatterns(commits, headOf(commits), DefaultPatternConfig())
	require.Len(t, pats, 1)
	assert.Equal(t, "file", pats[0].Kind)
	assert.Equal(t, "store/migrations/<name>.sql", pats[0].Slot)
	assert.Equal(t, []PatternFile{
		{Path: "store/migrations/<name>.sql", Created: true, Commits: 3, Example: "store/migrations/005_likes.sql"},
		{Path: "store/schema.go", Commits: 3, Example: "store/schema.go"},
	}, pats[0].Files)
	assert.Equal(t, "store/migrations/005_likes.sql", pats[0].Commits[0].Instance)
}

// historyCommits reads the stored history oldest first, each commit with
// its changes by path, and holds a path changed by many commits once.
func TestHistoryCommitsFromTheStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		node := func(kind, name string) int64 {
			id, err := tx.Node(kind, name)
			require.NoError(t, err)
			return id
		}
		alice := node(record.KindPerson, "alice")
		core, web := node(record.KindFile, "lib/core.go"), node(record.KindFile, "app/web.go")
		_, err := tx.AddCommits([]store.CommitRow{
			{Sha: "c2", Author: alice, AuthorTime: 20, CommitTime: 20, Parents: 1, Message: "Second\n\nbody",
				Changes: []store.ChangeRow{{File: core, Status: "M", Added: 1, Deleted: 2}}},
			{Sha: "c1", Author: alice, AuthorTime: 10, CommitTime: 10, Parents: 0, Message: "First",
				Changes: []store.ChangeRow{{File: web, Status: "A", Added: 3}, {File: core, Status: "A", Added: 5}}},
		})
		return err
	}))
	got, err := New(st.DB()).historyCommits(ctx)
	require.NoError(t, err)
	require.Equal(t, []HistoryCommit{
		{SHA: "c1", Time: 10, Parents: 0, Subject: "First", Changes: []HistoryChange{
			{Path: "app/web.go", Status: "A", Lines: 3}, {Path: "lib/core.go", Status: "A", Lines: 5}}},
		{SHA: "c2", Time: 20, Parents: 1, Subject: "Second", Changes: []HistoryChange{
			{Path: "lib/core.go", Status: "M", Lines: 3}}},
	}, got)
	require.Same(t, unsafe.StringData(got[0].Changes[1].Path), unsafe.StringData(got[1].Changes[0].Path),
		"one copy of a path however many commits change it")
}
