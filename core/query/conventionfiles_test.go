package query

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Two changelogs: the root one written with most source changes (flask's
// CHANGES.rst), a crate's written only when a release is prepared
// (tokio's). Merges, tests, examples and code under an old path are not
// counted; a changelog with too few commits is not reported.
func TestMineConventionFiles(t *testing.T) {
	t.Parallel()
	ch := func(paths ...string) []HistoryChange {
		var out []HistoryChange
		for _, p := range paths {
			out = append(out, HistoryChange{Path: p, Status: "M", Lines: 3})
		}
		return out
	}
	head := []HeadFile{
		{Path: "CHANGES.rst"}, {Path: "src/app/core.py", Code: true}, {Path: "src/app/cli.py", Code: true},
		{Path: "setup.py", Code: true}, {Path: "tests/test_core.py", Code: true, IsTest: true},
		{Path: "examples/demo/app.py", Code: true}, {Path: "examples/demo/CHANGES.md"}, {Path: "docs/changes.rst"},
		{Path: "crate/CHANGELOG.md"}, {Path: "crate/src/lib.rs", Code: true}, {Path: "crate/src/io.rs", Code: true},
		{Path: "NEWS"},
		// Maven's changes file is its project's changelog, over release
		// notes beside the pom (commons-lang).
		{Path: "maven/src/changes/changes.xml", Code: true}, {Path: "maven/RELEASE-NOTES.txt"},
		{Path: "maven/src/main/java/A.java", Code: true}, {Path: "maven/src/main/java/B.java", Code: true},
		// Translations are no source: were they, most of the root's code
		// would be in language/ (PHPMailer's).
		{Path: "language/app.lang-de.php", Code: true}, {Path: "language/app.lang-fr.php", Code: true},
		{Path: "language/app.lang-es.php", Code: true}, {Path: "language/app.lang-it.php", Code: true},
		{Path: "language/app.lang-nl.php", Code: true}, {Path: "language/app.lang-pl.php", Code: true},
	}
	var commits []HistoryCommit
	add := func(n int, subject string, parents int, paths ...string) {
		for i := 0; i < n; i++ {
			commits = append(commits, HistoryCommit{SHA: fmt.Sprintf("c%d", len(commits)), Subject: subject, Parents: parents, Changes: ch(paths...)})
		}
	}
	add(12, "fix the parser", 1, "src/app/core.py", "CHANGES.rst", "tests/test_core.py")
	add(8, "refactor the cli", 1, "src/app/cli.py")
	add(5, "merge branch", 2, "src/app/core.py") // merges are not counted
	add(6, "test only", 1, "tests/test_core.py", "CHANGES.rst")
	add(3, "old layout", 1, "app/core.py", "CHANGES.rst") // code not at HEAD
	add(2, "release version 3.1.2", 1, "CHANGES.rst", "src/app/__init__.py")
	add(9, "io: read faster", 1, "crate/src/io.rs")
	add(1, "io: note it", 1, "crate/src/io.rs", "crate/CHANGELOG.md")
	add(6, "chore: prepare crate v1.4.0", 1, "crate/CHANGELOG.md", "crate/Cargo.toml")
	add(4, "examples: tidy", 1, "examples/demo/app.py", "examples/demo/CHANGES.md")
	add(2, "news", 1, "NEWS")
	add(7, "update the Polish translation", 1, "language/app.lang-pl.php")
	add(6, "Add A", 1, "maven/src/main/java/A.java", "maven/src/changes/changes.xml")
	add(2, "Fix B", 1, "maven/src/main/java/B.java")
	add(3, "Prepare release 3.18.0", 1, "maven/RELEASE-NOTES.txt", "maven/src/changes/changes.xml")
	// The crate's changelog was HISTORY.txt before a rename: its entries
	// then count.
	commits = append(commits[:len(commits):len(commits)], HistoryCommit{SHA: "r0", Subject: "io: faster again", Parents: 1,
		Changes: []HistoryChange{{Path: "crate/HISTORY.txt", Status: "M"}, {Path: "crate/src/io.rs", Status: "M"}}},
		HistoryCommit{SHA: "r1", Subject: "rename the history", Parents: 1,
			Changes: []HistoryChange{{Path: "crate/CHANGELOG.md", Status: "R", From: "crate/HISTORY.txt"}}})
	commits = append(commits[len(commits)-2:], commits[:len(commits)-2]...) // oldest first

	got := MineConventionFiles(commits, head)
	assert.Equal(t, []ConventionFile{
		// The root's code is mostly under src/: 12+8 source commits.
		{Path: "CHANGES.rst", Scope: "src/", SourceCommits: 20, WithSource: 12, Commits: 23, ReleaseCommits: 2},
		{Path: "crate/CHANGELOG.md", Scope: "crate/src/", SourceCommits: 11, WithSource: 2, Commits: 9, ReleaseCommits: 6},
		{Path: "maven/src/changes/changes.xml", Scope: "maven/src/", SourceCommits: 8, WithSource: 6, Commits: 9, ReleaseCommits: 3},
	}, got)
}

func TestReleaseSubjects(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"chore: prepare Tokio v1.53.1 (#8303)": true,
		"release version 3.1.3":                true,
		"Bump version to 2.0.0":                true,
		"start version 3.2.0":                  true,
		"fix the version check":                false, // no number
		"handle 1.5 second timeouts":           false, // no release word
		"deprecate should_ignore_error":        false,
		"chore: Release":                       true, // cargo-release's own subject
		"Release":                              true,
		"chore(release): publish":              true,
		"Release notes for the CLI":            false,
		"chore: release the lock earlier":      false,
		"Version Packages (#3985)":             true, // the changesets bot's
		"v1.11.0":                              true, // hyper's: a version alone
		"2.0.0-rc.1":                           true,
		"1.5 seconds":                          false,
	} {
		assert.Equal(t, want, IsReleaseSubject(s), s)
	}
}

// Fragments a release gathers: the directory is found beside the
// changelog or at the top even when the last release emptied it, and the
// source commits that added a file there are counted.
func TestConventionFragments(t *testing.T) {
	t.Parallel()
	var commits []HistoryCommit
	for i := range 12 {
		c := HistoryCommit{Subject: "change", Changes: []HistoryChange{{Path: "src/a.py", Status: "M"}}}
		if i%2 == 0 {
			c.Changes = append(c.Changes, HistoryChange{Path: fmt.Sprintf("news/%d.bugfix.rst", i), Status: "A"})
		}
		commits = append(commits, c)
	}
	for range 6 {
		commits = append(commits, HistoryCommit{Subject: "Bump version to 1.2", Changes: []HistoryChange{{Path: "NEWS.rst", Status: "M"}, {Path: "news/0.bugfix.rst", Status: "D"}}})
	}
	head := []HeadFile{{Path: "src/a.py", Code: true}, {Path: "NEWS.rst"}}
	got := MineConventionFiles(commits, head)
	require.Len(t, got, 1)
	assert.Equal(t, "news/", got[0].Fragments)
	assert.Equal(t, 6, got[0].WithFragment)
	assert.Equal(t, 12, got[0].SourceCommits)
}
