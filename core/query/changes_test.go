package query

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// Changes carry the path they had in their commit and the one renamed
// from, beside the HEAD path.
func TestChangePaths(t *testing.T) {
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
		ann := node(record.KindPerson, "ann@example.com")
		old, cur := node(record.KindFile, "old.go"), node(record.KindFile, "new.go")
		_, err := tx.AddCommits([]store.CommitRow{
			{Sha: "aaa", Author: ann, CommitTime: 10, Parents: 0, Message: "first\n\nbody", Changes: []store.ChangeRow{{File: old, Status: "A"}}},
			{Sha: "bbb", Author: ann, CommitTime: 20, Parents: 1, Message: "rename", Changes: []store.ChangeRow{{File: cur, Status: "R", OldFile: old}}},
			{Sha: "ccc", Author: ann, CommitTime: 30, Parents: 1, Message: "third", Changes: []store.ChangeRow{{File: cur, Status: "M"}}},
		})
		return err
	}))
	q := New(st.DB())
	// Carried forward to the HEAD path, with the path each change had.
	got := map[string]Change{}
	require.NoError(t, q.EachChange(ctx, map[string]bool{"new.go": true}, func(c Change) { got[c.Commit] = c }))
	require.Len(t, got, 3)
	for sha, want := range map[string][3]string{"aaa": {"new.go", "old.go", ""}, "bbb": {"new.go", "new.go", "old.go"}, "ccc": {"new.go", "new.go", ""}} {
		require.Equal(t, want, [3]string{got[sha].Path, got[sha].Then, got[sha].From}, sha)
	}
	require.Equal(t, 0, got["aaa"].Parents)
	require.Equal(t, 1, got["bbb"].Parents)
}

// EachCommitAndChange gives every stored commit from the read that gives
// the changes, a commit that changed no file (a merge here) among them,
// each with its time, parents and node id.
func TestEachCommitAndChangeGivesEveryCommit(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	ids := map[string]int64{}
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		node := func(kind, name string) int64 {
			id, err := tx.Node(kind, name)
			require.NoError(t, err)
			return id
		}
		ann := node(record.KindPerson, "ann@example.com")
		f := node(record.KindFile, "a.go")
		var err error
		ids, err = tx.AddCommits([]store.CommitRow{
			{Sha: "aaa", Author: ann, CommitTime: 10, Message: "first", Changes: []store.ChangeRow{{File: f, Status: "A", Added: 3}}},
			{Sha: "bbb", Author: ann, CommitTime: 20, Parents: 1, Message: "second", Changes: []store.ChangeRow{{File: f, Status: "M", Added: 1, Deleted: 1}}},
			{Sha: "mmm", Author: ann, CommitTime: 30, Parents: 2, Message: "Merge branch 'x'"},
		})
		return err
	}))
	commits := map[string]LoggedCommit{}
	changes := 0
	require.NoError(t, New(st.DB()).EachCommitAndChange(ctx, map[string]bool{"a.go": true},
		func(c LoggedCommit) { commits[c.Sha] = c },
		func(c Change) { changes++ }))
	require.Equal(t, 2, changes)
	count, err := New(st.DB()).ChangeCount(ctx)
	require.NoError(t, err)
	require.Equal(t, changes, count)
	require.Len(t, commits, 3)
	require.Equal(t, LoggedCommit{CommitMessage: CommitMessage{Sha: "mmm", Message: "Merge branch 'x'", Parents: 2}, ID: ids["mmm"], Time: 30}, commits["mmm"])
	require.Equal(t, "first", commits["aaa"].Message)
	require.Equal(t, int64(20), commits["bbb"].Time)
}

// The history's read gives every message back as it was stored, whichever
// way it was packed (short ones as they are, long ones with DEFLATE), one
// after another through the buffer the read reuses, to the commits and to
// their changes alike; and ChangeCount counts the changes it gives.
func TestEachCommitAndChangeGivesMessagesWhole(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	long := "Polish the reader\n\n" + strings.Repeat("The store keeps each message packed; a fix of the reader follows. ", 30)
	messages := map[string]string{
		"aaa": long,
		"bbb": "x",
		"ccc": "Fix the décodage of ünïcode messages\n\nSigned-off-by: Ann <ann@example.com>\n",
		"ddd": long[:200],
		"eee": "",
	}
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		ann, err := tx.Node(record.KindPerson, "ann@example.com")
		require.NoError(t, err)
		f, err := tx.Node(record.KindFile, "a.go")
		require.NoError(t, err)
		var commits []store.CommitRow
		for i, sha := range []string{"aaa", "bbb", "ccc", "ddd", "eee"} {
			commits = append(commits, store.CommitRow{Sha: sha, Author: ann, CommitTime: int64(10 * i), Parents: 1, Message: messages[sha],
				Changes: []store.ChangeRow{{File: f, Status: "M", Added: 1000 + i, Deleted: i}}})
		}
		_, err = tx.AddCommits(commits)
		return err
	}))
	q := New(st.DB())
	logged, changed := map[string]string{}, map[string]string{}
	lines := map[string][2]int{}
	require.NoError(t, q.EachCommitAndChange(ctx, map[string]bool{"a.go": true},
		func(c LoggedCommit) { logged[c.Sha] = c.Message },
		func(c Change) { changed[c.Commit] = c.Message; lines[c.Commit] = [2]int{c.Added, c.Deleted} }))
	require.Equal(t, messages, logged)
	require.Equal(t, messages, changed)
	require.Equal(t, [2]int{1002, 2}, lines["ccc"])
	n, err := q.ChangeCount(ctx)
	require.NoError(t, err)
	require.Equal(t, 5, n)
}

// The renames read by node id and named in Go give the aliases the join
// in SQL gave (kept here as the reference): chains followed to HEAD, a
// path at HEAD keeping its own history, a cycle cut, and renames of one
// path at one time taken in the index's order, the last winning.
func TestRenameAliasesAsJoinedInSQL(t *testing.T) {
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
		ann := node(record.KindPerson, "ann@example.com")
		f := map[string]int64{}
		for _, p := range []string{"a.go", "b.go", "c.go", "head.go", "moved.go", "x.go", "y.go", "p.go", "q.go", "t1.go", "t2.go", "t0.go"} {
			f[p] = node(record.KindFile, p)
		}
		var commits []store.CommitRow
		add := func(sha string, time int64, renames ...[2]string) {
			c := store.CommitRow{Sha: sha, Author: ann, CommitTime: time, Parents: 1, Message: sha}
			for _, r := range renames {
				c.Changes = append(c.Changes, store.ChangeRow{File: f[r[1]], Status: "R", OldFile: f[r[0]]})
			}
			commits = append(commits, c)
		}
		add("c1", 10, [2]string{"a.go", "b.go"})
		add("c2", 20, [2]string{"b.go", "c.go"})
		add("c3", 30, [2]string{"head.go", "moved.go"}) // head.go is at HEAD: its own history
		add("c4", 40, [2]string{"x.go", "y.go"})
		add("c5", 50, [2]string{"y.go", "x.go"}) // a cycle, neither at HEAD
		// One path renamed twice at one time, by two commits: t1.go's
		// commit is stored first, so its id is the smaller.
		add("c6", 60, [2]string{"t0.go", "t1.go"})
		add("c7", 60, [2]string{"t0.go", "t2.go"})
		add("c8", 70, [2]string{"p.go", "q.go"})
		_, err := tx.AddCommits(commits)
		return err
	}))
	head := map[string]bool{"c.go": true, "head.go": true, "moved.go": true, "t1.go": true, "t2.go": true, "q.go": true}
	q := New(st.DB())

	// The reference: the rename read as it was, names joined in SQL.
	next := map[string]string{}
	require.NoError(t, q.scan(ctx, `SELECT o.name, n.name FROM changes ch
		JOIN commits c ON c.node_id = ch.commit_id
		JOIN nodes o ON o.id = ch.old_file_id JOIN nodes n ON n.id = ch.file_id
		WHERE ch.old_file_id IS NOT NULL ORDER BY c.commit_time`, nil, func(rows *sql.Rows) error {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			return err
		}
		if !head[from] {
			next[from] = to
		}
		return nil
	}))
	want := map[string]string{}
	for from := range next {
		to, seen := from, map[string]bool{}
		for {
			n, ok := next[to]
			if !ok || seen[n] {
				break
			}
			seen[to] = true
			to = n
		}
		if head[to] {
			want[from] = to
		}
	}
	require.Equal(t, map[string]string{"a.go": "c.go", "b.go": "c.go", "t0.go": "t2.go", "p.go": "q.go"}, want)

	renames, err := q.renameIDs(ctx)
	require.NoError(t, err)
	names := map[int64]string{}
	require.NoError(t, q.scan(ctx, `SELECT id, name FROM nodes WHERE kind = 'file'`, nil, func(rows *sql.Rows) error {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		names[id] = name
		return nil
	}))
	require.Equal(t, want, renameAliases(renames, names, head))

	// And the changes carry them: a.go's first change is c.go's.
	paths := map[string]string{}
	require.NoError(t, q.EachChange(ctx, head, func(c Change) { paths[c.Commit+" "+c.Then] = c.Path }))
	require.Equal(t, "c.go", paths["c1 b.go"])
	require.Equal(t, "moved.go", paths["c3 moved.go"])
	require.Equal(t, "t1.go", paths["c6 t1.go"], "t1.go is at HEAD: its own path")
	require.Equal(t, "t2.go", paths["c7 t2.go"])
}

// One person who committed under several emails with one full name is one
// author, in the history and in the count of contributors; people of one
// single-word name stay apart.
func TestIdentitiesJoinOneFullName(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		person := func(email, name string) int64 {
			id, err := tx.SetNode(record.KindPerson, email, "", `{"name":"`+name+`"}`)
			require.NoError(t, err)
			return id
		}
		work, home := person("jl@work.example", "Jérôme Lafréchoux"), person("jerome@home.example", "Jérôme  lafréchoux")
		root1, root2 := person("root@a.example", "root"), person("root@b.example", "root")
		f, err := tx.Node(record.KindFile, "a.go")
		require.NoError(t, err)
		var commits []store.CommitRow
		for i, who := range []int64{work, home, root1, root2} {
			commits = append(commits, store.CommitRow{Sha: strings.Repeat(string(rune('a'+i)), 3), Author: who, CommitTime: int64(10 * (i + 1)), Message: "change",
				Changes: []store.ChangeRow{{File: f, Status: "M", Added: 1}}})
		}
		_, err = tx.AddCommits(commits)
		return err
	}))
	q := New(st.DB())
	authors := map[string]string{}
	require.NoError(t, q.EachChange(ctx, map[string]bool{"a.go": true}, func(c Change) { authors[c.Commit] = c.Author }))
	require.Equal(t, map[string]string{"aaa": "jerome@home.example", "bbb": "jerome@home.example", "ccc": "root@a.example", "ddd": "root@b.example"}, authors)
	counts, err := q.Counts(ctx)
	require.NoError(t, err)
	require.Equal(t, 3, counts.Contributors)
}
