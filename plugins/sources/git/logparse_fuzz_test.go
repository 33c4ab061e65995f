package gitsource

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/internal/testrepo"
	"github.com/homer-dev/homer/sdk"
)

// logSeeds returns what git log prints, with the arguments the source uses,
// for a small history that has what the parser must handle: additions,
// edits, a rename, a deletion, a binary file, a path and a message that are
// not plain ASCII, a merge, and a commit without changes.
func logSeeds(tb testing.TB) [][]byte {
	r := testrepo.New(tb)
	r.Write("README.md", "# demo\n")
	r.Write("src/main.go", "package main\n\nfunc main() {}\n")
	r.Commit(testrepo.Alice, testrepo.Day(0), "start")
	r.Write("src/main.go", "package main\n\nfunc main() { run() }\n\nfunc run() {}\n")
	r.WriteBytes("assets/logo.bin", []byte{0, 1, 2, 3, 0xff, 0})
	r.Commit(testrepo.Bob, testrepo.Day(1), "run, and a logo\n\nWith a body.\n")
	r.Branch("side")
	r.Rename("src/main.go", "cmd/app/main.go")
	r.Write("docs/ünïcode name.txt", "text\twith a tab\n")
	r.Commit(testrepo.Carol, testrepo.Day(2), "move the entry point — déplacé")
	r.Checkout("side")
	r.Remove("README.md")
	r.Commit(testrepo.Alice, testrepo.Day(3), "drop the readme")
	r.Checkout("main")
	r.Merge("side", testrepo.Bob, testrepo.Day(4), "merge side")
	r.Commit(testrepo.Bob, testrepo.Day(5), "empty")

	var seeds [][]byte
	for _, mode := range []int{diffFull, diffRaw, diffHeader} {
		seeds = append(seeds, []byte(r.Git(logArgs(mode, 0, false, "HEAD")...)))
	}
	return seeds
}

// FuzzLogParser feeds the git log parser any output, with and without
// the blob ids that pair exact renames. Beyond not panicking, it must end,
// and every commit it yields must be one the core can take: it marshals
// as protobuf (every string valid UTF-8), its changes have a path, a known
// status and no negative line count, and a rename has the path it had.
func FuzzLogParser(f *testing.F) {
	for i, s := range logSeeds(f) {
		f.Add(s, i == 1)
	}
	f.Add([]byte("\x01abc\x00\x00A\x00a@x\x00C\x00c@x\x00-5\x00x\x00msg\n\x00:100644 000000 e69d 0000 D\x00gone\x00-\t-\tgone\x00"), true)

	f.Fuzz(func(t *testing.T, out []byte, keepIDs bool) {
		p := newLogParser(bytes.NewReader(out))
		p.keepIDs = keepIDs
		// Each call reads at least one token, so more calls than NUL bytes
		// (plus the end) mean the parser is stuck.
		limit := bytes.Count(out, []byte{0}) + 2
		for n := 0; ; n++ {
			require.Less(t, n, limit, "the parser does not end")
			c, err := p.next()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					require.Nil(t, c)
					again, err2 := p.next()
					require.Nil(t, again, "a commit after an error")
					require.Equal(t, err, err2, "the error is not kept")
				}
				break
			}
			checkCommit(t, c)
		}
		if p.pending != nil {
			checkCommit(t, p.finish(p.pending))
		}
	})
}

func checkCommit(t *testing.T, c *sdk.Commit) {
	t.Helper()
	require.NotNil(t, c)
	_, err := proto.Marshal(c)
	require.NoError(t, err, "commit %q does not marshal", c.GetSha())
	for _, fc := range c.GetChanges() {
		require.NotEmpty(t, fc.GetPath(), "a change without a path")
		require.Contains(t, []string{"A", "D", "M", "R"}, fc.GetStatus(), "path %q", fc.GetPath())
		require.GreaterOrEqual(t, fc.GetAdded(), int32(0), "path %q", fc.GetPath())
		require.GreaterOrEqual(t, fc.GetDeleted(), int32(0), "path %q", fc.GetPath())
		if fc.GetStatus() == "R" {
			require.NotEmpty(t, fc.GetOldPath(), "a rename of %q from nowhere", fc.GetPath())
		}
	}
}

// FuzzMailmap feeds the .mailmap parser any file. Beyond not panicking, an
// identity whose email the file does not mention keeps its name and
// email.
func FuzzMailmap(f *testing.F) {
	f.Add([]byte("# comment\nProper Name <commit@example.com>\n<proper@example.com> <Old@Example.com>\n" +
		"Both Name <both@example.com> <both-old@example.com>\n" +
		"Pair Name <pair@example.com> Commit Name <pair-old@example.com>\n  Spaced   Name   <spaced@example.com>   # trailing\n" +
		"broken line without email\n<> <empty@example.com>\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m := parseMailmap(data)
		const name, email = "Nobody Mentioned", "nobody@homer.invalid"
		if !strings.Contains(strings.ToLower(string(data)), email) {
			gotName, gotEmail := m.lookup(name, email)
			require.Equal(t, name+" <"+email+">", gotName+" <"+gotEmail+">")
		}
		for _, line := range strings.Split(string(data), "\n") {
			_, e, _, ok := parseNameEmail(line, false)
			if ok {
				m.lookup("Someone", e) // must not panic, whatever the entry
			}
		}
	})
}
