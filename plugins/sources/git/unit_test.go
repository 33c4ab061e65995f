package gitsource

import (
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/internal/testrepo"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

func TestMailmapForms(t *testing.T) {
	t.Parallel()
	m := parseMailmap([]byte(`# comment
Proper Name <commit@example.com>
<proper@example.com> <Old@Example.com>
Both Name <both@example.com> <both-old@example.com>
Pair Name <pair@example.com> Commit Name <pair-old@example.com>
Other Pair <other@example.com> Someone Else <pair-old@example.com>
  Spaced   Name   <spaced@example.com>   # trailing comment
broken line without email
`))
	cases := []struct{ name, email, wantName, wantEmail string }{
		{"commit name", "commit@example.com", "Proper Name", "commit@example.com"},
		{"x", "COMMIT@example.com", "Proper Name", "COMMIT@example.com"},
		{"Kept", "old@example.com", "Kept", "proper@example.com"},
		{"Kept", "both-old@example.com", "Both Name", "both@example.com"},
		{"commit name", "pair-old@example.com", "Pair Name", "pair@example.com"},
		{"someone else", "pair-old@example.com", "Other Pair", "other@example.com"},
		{"Third", "pair-old@example.com", "Third", "pair-old@example.com"},
		{"x", "spaced@example.com", "Spaced   Name", "spaced@example.com"},
		{"Unknown", "unknown@example.com", "Unknown", "unknown@example.com"},
	}
	for _, c := range cases {
		name, email := m.lookup(c.name, c.email)
		assert.Equal(t, c.wantName+" <"+c.wantEmail+">", name+" <"+email+">", "%s <%s>", c.name, c.email)
	}
}

func TestLineCounts(t *testing.T) {
	t.Parallel()
	var lc lineCounter
	cases := []struct {
		a, b           string
		added, deleted int
	}{
		{"", "a\nb\n", 2, 0},
		{"a\nb\n", "", 0, 2},
		{"a\nb\nc\n", "a\nc\n", 0, 1},
		{"a\nb\nc\n", "a\nB\nc\n", 1, 1},
		{"a\nb", "a\nb\n", 1, 1}, // the last line gains its newline
		{"x\ny\nx\ny\n", "y\nx\ny\nx\n", 1, 1},
		{strings.Repeat("a\n", 100), strings.Repeat("a\n", 98) + "b\n", 1, 2},
		{"a\r\nb\r\n", "a\nb\n", 2, 2},
	}
	for _, c := range cases {
		added, deleted := lc.diff([]byte(c.a), []byte(c.b))
		assert.Equal(t, [2]int{c.added, c.deleted}, [2]int{added, deleted}, "%q -> %q", c.a, c.b)
	}
	// Beyond maxEditDistance the multiset count takes over: every line
	// differs here, so it is exact anyway.
	var a, b strings.Builder
	for i := range maxEditDistance {
		a.WriteString("a" + strings.Repeat("x", i%7) + "\n")
		b.WriteString("b" + strings.Repeat("y", i%5) + "\n")
	}
	added, deleted := lc.diff([]byte(a.String()), []byte(b.String()))
	assert.Equal(t, maxEditDistance, added)
	assert.Equal(t, maxEditDistance, deleted)
}

func TestUnusualNamesAndMessages(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	names := []string{"with space.txt", "tab\there.txt", "new\nline.txt", "ünïcödé/文件.md", "-dash.txt", "quote\"d.txt"}
	for _, n := range names {
		r.Write(n, "x\n")
	}
	r.WriteBytes("latin1-\xe9.txt", []byte("y\n"))
	r.Commit(testrepo.Person{Name: "Zoë \x01 Ünicode", Email: "zoe@example.com"}, testrepo.Day(0),
		"subject\x01with control\n\n\tbody line\n\n\n")
	for name, cfg := range binaryAndGoGit() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := extract(t, sdktest.SourceWith(t, newSource(defaultBatchCommits), cfg), r.Dir(), "")
			require.NoError(t, res.err)
			require.Len(t, res.commits, 1)
			c := res.commits[0]
			assert.Equal(t, "subject\x01with control\n\n\tbody line", c.GetMessage())
			assert.Equal(t, "Zoë \x01 Ünicode", c.GetAuthor().GetName())
			got := paths(c)
			for _, n := range names {
				assert.Contains(t, got, n)
			}
			assert.Contains(t, got, `latin1-\xe9.txt`, "invalid UTF-8 is escaped byte by byte, as protobuf strings must be valid and names distinct")
		})
	}
}

// Line counts and scores are never negative, and a count too large for
// int32 is capped rather than wrapped; output that does not start with a
// commit stops the parser for good; a sha that is not UTF-8 still makes a
// record protobuf can carry. Found by FuzzLogParser.
func TestLogParserOddOutput(t *testing.T) {
	t.Parallel()
	out := "\x01ab\xfe\x00p1 p\xff2\x00A\x00a@x\x00C\x00c@x\x001\x002\x00msg\n\x00" +
		":100644 100644 aa bb M\x00big\x00:100644 100644 aa bb R-7\x00old\x00new\x00" +
		"99999999999\t-5\tbig\x00-3\t4\t\x00old\x00new\x00"
	p := newLogParser(strings.NewReader(out))
	_, err := p.next()
	require.ErrorIs(t, err, io.EOF)
	c := p.finish(p.pending)
	_, err = proto.Marshal(c)
	require.NoError(t, err)
	require.Equal(t, "ab\uFFFD", c.GetSha())
	require.Equal(t, []string{"p1", "p\uFFFD2"}, c.GetParents())
	require.Len(t, c.GetChanges(), 2)
	assert.Equal(t, [2]int32{math.MaxInt32, 0}, [2]int32{c.GetChanges()[0].GetAdded(), c.GetChanges()[0].GetDeleted()})
	assert.Equal(t, [2]int32{0, 4}, [2]int32{c.GetChanges()[1].GetAdded(), c.GetChanges()[1].GetDeleted()})
	assert.Zero(t, c.GetChanges()[1].GetSimilarity())

	p = newLogParser(strings.NewReader("stray\x00\x01abc\x00"))
	_, err = p.next()
	require.ErrorContains(t, err, "unexpected output")
	_, again := p.next()
	require.Equal(t, err, again, "the parser reads on after an error")

	// git never prints an empty path: an entry with one is bad output,
	// not a change of the file "" (found by FuzzLogParser).
	p = newLogParser(strings.NewReader("\x01abc\x00\x00A\x00a@x\x00C\x00c@x\x001\x002\x00msg\n\x00" +
		":100644 100644 aa bb R100\x00old\x00\x001\t1\t\x00old\x00\x00"))
	_, err = p.next()
	require.ErrorContains(t, err, "without its new path")
}

// A file converted to another extension in one commit keeps its history:
// the deletion and the addition become one rename; a name deleted or added
// twice over, a file without an extension and another directory are left.
func TestPairConversions(t *testing.T) {
	t.Parallel()
	ch := func(status, p string, added, deleted int32) *sdk.FileChange {
		return &sdk.FileChange{Status: status, Path: p, Added: added, Deleted: deleted, BlobId: "new-" + p, OldBlobId: "old-" + p}
	}
	got := pairConversions([]*sdk.FileChange{
		ch("M", "src/Adapter.kt", 2, 2),
		ch("D", "src/Reader.java", 0, 701),
		ch("A", "src/Reader.kt", 671, 0),
		ch("D", "lib/a.c", 0, 10), ch("D", "lib/a.h", 0, 5), ch("A", "lib/a.cc", 12, 0),
		ch("D", "Makefile", 0, 3), ch("A", "other/Makefile.in", 4, 0),
		ch("D", "x/util.js", 0, 30), ch("A", "y/util.ts", 31, 0),
	})
	var summary []string
	for _, c := range got {
		summary = append(summary, fmt.Sprintf("%s %s<-%s +%d -%d %s %s", c.Status, c.Path, c.OldPath, c.Added, c.Deleted, c.BlobId, c.OldBlobId))
	}
	assert.Equal(t, []string{
		"M src/Adapter.kt<- +2 -2 new-src/Adapter.kt old-src/Adapter.kt",
		"R src/Reader.kt<-src/Reader.java +671 -701 new-src/Reader.kt old-src/Reader.java",
		"D lib/a.c<- +0 -10 new-lib/a.c old-lib/a.c", "D lib/a.h<- +0 -5 new-lib/a.h old-lib/a.h", "A lib/a.cc<- +12 -0 new-lib/a.cc old-lib/a.cc",
		"D Makefile<- +0 -3 new-Makefile old-Makefile", "A other/Makefile.in<- +4 -0 new-other/Makefile.in old-other/Makefile.in",
		"D x/util.js<- +0 -30 new-x/util.js old-x/util.js", "A y/util.ts<- +31 -0 new-y/util.ts old-y/util.ts",
	}, summary)
}

// The parser interns the paths it met last, not every path of a history:
// past internPaths it begins again, keeping the generation before, and
// gives the same strings throughout.
func TestInternKeepsTheLastPaths(t *testing.T) {
	p := newLogParser(strings.NewReader(""))
	p.internPaths = 4
	first := p.intern([]byte("a/one.go"))
	for i := range 20 {
		require.Equal(t, fmt.Sprintf("dir/f%d.go", i), p.intern([]byte(fmt.Sprintf("dir/f%d.go", i))))
		require.LessOrEqual(t, len(p.strs), 4)
		require.LessOrEqual(t, len(p.older), 4)
	}
	require.NotContains(t, p.strs, "a/one.go")
	require.NotContains(t, p.older, "a/one.go")
	require.Equal(t, first, p.intern([]byte("a/one.go")))
	// A path of the generation before is kept, as the same string.
	again := p.intern([]byte("dir/f17.go"))
	require.Contains(t, p.strs, "dir/f17.go")
	require.Equal(t, "dir/f17.go", again)
	// A path protobuf could not carry is made valid, as before.
	require.Equal(t, sdk.ProtoPath("bad\xffname"), p.intern([]byte("bad\xffname")))
}

// A commit whose subject renames a name pairs the files it deleted and
// added under the old and the new name (Nimble's "Rename Predicate to
// Matcher"); without such a subject, or for a name elsewhere, nothing.
func TestPairNamedRenames(t *testing.T) {
	t.Parallel()
	ch := func(status, p string) *sdk.FileChange {
		return &sdk.FileChange{Status: status, Path: p, Added: 3, Deleted: 2, BlobId: "new-" + p, OldBlobId: "old-" + p}
	}
	changes := func() []*sdk.FileChange {
		return []*sdk.FileChange{
			ch("D", "Sources/Matchers/Predicate.swift"), ch("A", "Sources/Matchers/Matcher.swift"),
			ch("D", "Sources/Matchers/AsyncPredicate.swift"), ch("A", "Sources/Matchers/AsyncMatcher.swift"),
			ch("D", "Tests/PredicateTest.swift"), ch("A", "Tests/Other/MatcherTest.swift"),
			ch("M", "README.md"),
		}
	}
	summary := func(cs []*sdk.FileChange) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Status+" "+c.Path+"<-"+c.OldPath)
		}
		return out
	}
	assert.Equal(t, []string{
		"R Sources/Matchers/Matcher.swift<-Sources/Matchers/Predicate.swift",
		"R Sources/Matchers/AsyncMatcher.swift<-Sources/Matchers/AsyncPredicate.swift",
		"D Tests/PredicateTest.swift<-", "A Tests/Other/MatcherTest.swift<-", "M README.md<-",
	}, summary(pairNamedRenames(changes(), "Rename Predicate to Matcher (#1090)\n\nLong body.")))
	assert.Len(t, pairNamedRenames(changes(), "refactor!: rename `Predicate` -> `Matcher`"), 5)
	assert.Len(t, pairNamedRenames(changes(), "Add Matcher, remove Predicate"), 7)
}

// A commit that deletes one file of a name and adds one elsewhere moved
// it, however much it changed on the way; a name every package has is
// paired by nothing but content.
func TestPairMovedByName(t *testing.T) {
	t.Parallel()
	ch := func(status, p string) *sdk.FileChange {
		return &sdk.FileChange{Status: status, Path: p, Added: 3, Deleted: 2, BlobId: "new-" + p, OldBlobId: "old-" + p}
	}
	var out []string
	for _, c := range pairMovedByName([]*sdk.FileChange{
		ch("D", "Source/Request.swift"), ch("A", "Source/Core/Request.swift"), ch("A", "Source/Core/DataRequest.swift"),
		ch("D", "lib/index.js"), ch("A", "src/index.js"),
		ch("D", "a/Util.swift"), ch("A", "b/Util.swift"), ch("A", "c/Util.swift"),
		ch("D", "x/.gitignore"), ch("A", "y/.gitignore"),
		ch("M", "README.md"),
	}) {
		out = append(out, c.Status+" "+c.Path+"<-"+c.OldPath)
	}
	assert.Equal(t, []string{
		"R Source/Core/Request.swift<-Source/Request.swift", "A Source/Core/DataRequest.swift<-",
		"D lib/index.js<-", "A src/index.js<-",
		"D a/Util.swift<-", "A b/Util.swift<-", "A c/Util.swift<-",
		"D x/.gitignore<-", "A y/.gitignore<-", "M README.md<-",
	}, out)
}
