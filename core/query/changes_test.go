package query

import (
	"cmp"
	"context"
	"database/sql"
	"path/filepath"
	"slices"
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
	changes, count := 0, -1
	require.NoError(t, New(st.DB()).EachCommitAndChangeSized(ctx, map[string]bool{"a.go": true},
		func(c LoggedCommit) { commits[c.Sha] = c },
		func(n int) { require.Zero(t, changes, "sized before the first change"); count = n },
		func(c Change) { changes++ }))
	require.Equal(t, 2, changes)
	require.Equal(t, changes, count)
	require.Len(t, commits, 3)
	require.Equal(t, LoggedCommit{CommitMessage: CommitMessage{Sha: "mmm", Message: "Merge branch 'x'", Parents: 2}, ID: ids["mmm"], Time: 30}, commits["mmm"])
	require.Equal(t, "first", commits["aaa"].Message)
	require.Equal(t, int64(20), commits["bbb"].Time)
}

// The history's read gives every message back as it was stored, whichever
// way it was packed (short ones as they are, long ones with DEFLATE), one
// after another through the buffer the read reuses, to the commits and to
// their changes alike; and the count it gives first is of the changes.
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
	n := 0
	require.NoError(t, q.EachCommitAndChangeSized(ctx, map[string]bool{"a.go": true},
		func(c LoggedCommit) { logged[c.Sha] = c.Message },
		func(count int) { n = count },
		func(c Change) { changed[c.Commit] = c.Message; lines[c.Commit] = [2]int{c.Added, c.Deleted} }))
	require.Equal(t, messages, logged)
	require.Equal(t, messages, changed)
	require.Equal(t, [2]int{1002, 2}, lines["ccc"])
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
		// Changes of the old paths before they were renamed.
		c0 := store.CommitRow{Sha: "c0", Author: ann, CommitTime: 5, Parents: 0, Message: "c0"}
		for _, p := range []string{"a.go", "t0.go", "x.go", "head.go"} {
			c0.Changes = append(c0.Changes, store.ChangeRow{File: f[p], Status: "A", Added: 1})
		}
		commits = append(commits, c0)
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

	// The renames by id as the history's read takes them from each
	// commit's packed changes (EachCommitAndChangeSized).
	var renames []rename
	require.NoError(t, q.scan(ctx, `SELECT node_id, commit_time, changes FROM commits WHERE changes IS NOT NULL`, nil, func(rows *sql.Rows) error {
		var id, time int64
		var data []byte
		if err := rows.Scan(&id, &time, &data); err != nil {
			return err
		}
		return store.EachPackedChange(id, data, func(c store.ChangeRow) bool {
			if c.OldFile != 0 {
				renames = append(renames, rename{time: time, commit: id, from: c.OldFile, to: c.File})
			}
			return true
		})
	}))
	sortRenames(renames)
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
	// The old paths' own changes are carried to where the renames lead,
	// the tie at one time broken as above; a cycle leads nowhere at HEAD,
	// and a path at HEAD keeps its own.
	require.Equal(t, "c.go", paths["c0 a.go"])
	require.Equal(t, "t2.go", paths["c0 t0.go"])
	require.Equal(t, "x.go", paths["c0 x.go"])
	require.Equal(t, "head.go", paths["c0 head.go"])
}

// One person who committed under several emails with one full name is one
// author, in the history and in the count of contributors, named by the
// email of most of their commits; people of one single-word name stay
// apart.
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
		for i, who := range []int64{work, home, root1, root2, work} {
			commits = append(commits, store.CommitRow{Sha: strings.Repeat(string(rune('a'+i)), 3), Author: who, CommitTime: int64(10 * (i + 1)), Message: "change",
				Changes: []store.ChangeRow{{File: f, Status: "M", Added: 1}}})
		}
		_, err = tx.AddCommits(commits)
		return err
	}))
	q := New(st.DB())
	authors := map[string]string{}
	require.NoError(t, q.EachChange(ctx, map[string]bool{"a.go": true}, func(c Change) { authors[c.Commit] = c.Author }))
	require.Equal(t, map[string]string{"aaa": "jl@work.example", "bbb": "jl@work.example", "ccc": "root@a.example", "ddd": "root@b.example", "eee": "jl@work.example"},
		authors, "one name's email is the one it committed under most")
	counts, err := q.Counts(ctx)
	require.NoError(t, err)
	require.Equal(t, 3, counts.Contributors)
}

// PathBlobs gives the memoized pairs of the paths asked for, as the read
// of the whole memo gave them (kept here as the reference): a path kept
// as its file node's key, one kept as text for want of a node, one with
// pairs in both forms (stored as text before its node was made), and
// paths not asked for left out; a path whose node is gone has none.
func TestPathBlobsOfPaths(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "homer.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	sha := func(c byte) string { return strings.Repeat(string(c), 40) }
	require.NoError(t, st.Write(ctx, func(tx *store.Tx) error {
		for _, p := range []string{"a.go", "d.go", "gone.go"} {
			if _, err := tx.Node(record.KindFile, p); err != nil {
				return err
			}
		}
		for _, p := range [][4]string{{sha('1'), "a.go", sha('a'), ""}, {sha('2'), "a.go", sha('b'), sha('a')}, {sha('1'), "b.go", sha('c'), ""},
			{sha('3'), "c.go", sha('d'), ""}, {sha('1'), "d.go", sha('e'), ""}, {sha('1'), "gone.go", sha('f'), ""}} {
			if err := tx.AddPathBlob(p[0], p[1], p[2], p[3]); err != nil {
				return err
			}
		}
		if _, err := tx.Node(record.KindFile, "b.go"); err != nil {
			return err
		}
		if err := tx.AddPathBlob(sha('2'), "b.go", sha('9'), sha('c')); err != nil {
			return err
		}
		return tx.DeleteNode(record.KindFile, "gone.go")
	}))
	q := New(st.DB())
	var all []BlobPair
	require.NoError(t, q.scan(ctx, `SELECT `+hexText("commit_sha")+`, p, `+hexText("after")+`, `+hexText("before")+` FROM (SELECT *,
		CASE typeof(path) WHEN 'integer' THEN (SELECT n.name FROM nodes n WHERE n.key = path AND n.kind_code = node_kind('file')) ELSE path END AS p
		FROM path_blobs) WHERE p IS NOT NULL`, nil, func(rows *sql.Rows) error {
		var b BlobPair
		err := rows.Scan(&b.Commit, &b.Path, &b.After, &b.Before)
		all = append(all, b)
		return err
	}))
	require.Len(t, all, 6, "every pair but the gone file's")
	byKey := func(list []BlobPair) []BlobPair {
		slices.SortFunc(list, func(a, b BlobPair) int {
			return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Commit, b.Commit))
		})
		return list
	}
	asked := []string{"a.go", "b.go", "c.go", "gone.go", "none.go"}
	var want []BlobPair
	for _, b := range all {
		if slices.Contains(asked, b.Path) {
			want = append(want, b)
		}
	}
	got, err := q.PathBlobs(ctx, asked)
	require.NoError(t, err)
	require.Len(t, want, 5)
	require.Equal(t, byKey(want), byKey(got))
	got, err = q.PathBlobs(ctx, nil)
	require.NoError(t, err)
	require.Empty(t, got)
}
