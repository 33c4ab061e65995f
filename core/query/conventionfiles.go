package query

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// ConventionFile is a changelog (or a file like one) with the counts
// that tell whether source changes come with an entry in it, or whether it
// is written when a release is prepared.
type ConventionFile struct {
	Path string `json:"path"`
	// Scope is the source directory the counts are about, with a trailing
	// slash: the directory, under the file's own, holding most of the
	// non-test code at HEAD; the file's own directory when none does
	// ("" for the root).
	Scope string `json:"scope"`
	// SourceCommits changed non-test code at HEAD under Scope; WithSource
	// of them changed the file too. Merges are not counted.
	SourceCommits int `json:"source_commits"`
	WithSource    int `json:"with_source"`
	// Commits changed the file; ReleaseCommits of them prepared a release.
	Commits        int `json:"commits"`
	ReleaseCommits int `json:"release_commits"`
	// Fragments is a directory of changelog fragments beside the file or
	// at the top ("news/"), "" for none; WithFragment counts the source
	// commits that added a file there.
	Fragments    string `json:"fragments,omitempty"`
	WithFragment int    `json:"with_fragment,omitempty"`
}

// fragmentDirs name the directories changelog tools gather fragments in:
// towncrier's news/, newsfragments/, changelog.d/, changes/; changesets'
// .changeset/; changie's .changes/unreleased/.
var fragmentDirs = []string{"news", "newsfragments", "changelog.d", "changes", ".changeset", ".changes/unreleased", "changelog"}

var (
	// changelogFile names a changelog: CHANGES.rst, CHANGELOG.md, HISTORY,
	// NEWS, release-notes.md.
	changelogFile = regexp.MustCompile(`(?i)^(changelog|changes|history|news|release[-_]?notes)(\.[a-z]+)?$`)
	// releaseWord and versionNumber together make a release commit's
	// subject: "chore: prepare Tokio v1.53.1", "release version 3.1.3",
	// "Bump version to 2.0.0".
	releaseWord   = regexp.MustCompile(`(?i)\b(releases?|released|releasing|prepare[sd]?|preparing|perpare|bump(s|ed)?|version)\b`)
	versionNumber = regexp.MustCompile(`\bv?[0-9]+\.[0-9]+\b`)
)

// minConventionCommits is the fewest commits a changelog needs before its
// counts say anything.
const minConventionCommits = 5

// releaseOnly is a subject that is a release and nothing more: "chore:
// Release" (as cargo-release writes it), "Release", "chore(release): x",
// "Version Packages", the changesets bot's (formik), and a version alone
// (hyper's "v1.11.0").
var releaseOnly = regexp.MustCompile(`(?i)^(?:chore(?:\([^)]*\))?!?:[ \t]*)?release[ \t]*$|^chore\(release\)|^version packages\b|^v?[0-9]+\.[0-9]+(?:\.[0-9]+)*(?:[-+][\w.]+)?$`)

// IsReleaseSubject tells a commit subject that prepares a release.
func IsReleaseSubject(s string) bool {
	s = strings.TrimSpace(s)
	return releaseWord.MatchString(s) && versionNumber.MatchString(s) || releaseOnly.MatchString(s)
}

// MineConventionFiles counts, for each changelog at HEAD with enough
// history, how many commits that changed source changed it too and how
// many of its own commits prepared a release. Code is the non-test code
// at HEAD (examples, test data and documentation left out): a file's
// history under an older path is not counted, so the counts describe the
// code as it is laid out now.
func MineConventionFiles(commits []HistoryCommit, head []HeadFile) []ConventionFile {
	var logs []string
	var code []string
	for _, f := range head {
		if skippedForConventions(f.Path) {
			continue
		}
		if changelogFile.MatchString(path.Base(f.Path)) && (!f.Code || mavenChanges(f.Path)) {
			logs = append(logs, f.Path)
		}
		if f.Code && !f.IsTest && !mavenChanges(f.Path) {
			code = append(code, f.Path)
		}
	}
	present := fragmentDirsPresent(logs, head, commits)
	var out []ConventionFile
	for _, log := range logs {
		// Code under a directory with a changelog of its own (a crate of a
		// workspace) is that changelog's business.
		var mine []string
		for _, p := range code {
			if nearestLog(p, logs) == log {
				mine = append(mine, p)
			}
		}
		cf := ConventionFile{Path: log, Scope: conventionScope(logHome(log), mine)}
		for _, at := range fragmentCandidates(log) {
			if cf.Fragments == "" && present[at] {
				cf.Fragments = at + "/"
			}
		}
		inScope := map[string]bool{}
		for _, p := range mine {
			if cf.Scope == "" || strings.HasPrefix(p, cf.Scope) {
				inScope[p] = true
			}
		}
		names := formerNames(commits, log)
		for _, c := range commits {
			if c.Parents > 1 {
				continue
			}
			touchesLog, touchesSource, addsFragment := false, false, false
			for _, ch := range c.Changes {
				touchesLog = touchesLog || names[ch.Path]
				touchesSource = touchesSource || inScope[ch.Path]
				addsFragment = addsFragment || cf.Fragments != "" && ch.Status == "A" && strings.HasPrefix(ch.Path, cf.Fragments)
			}
			if touchesSource {
				cf.SourceCommits++
				if touchesLog {
					cf.WithSource++
				}
				if addsFragment {
					cf.WithFragment++
				}
			}
			if touchesLog {
				cf.Commits++
				if IsReleaseSubject(c.Subject) {
					cf.ReleaseCommits++
				}
			}
		}
		if cf.Commits >= minConventionCommits && cf.SourceCommits > 0 {
			out = append(out, cf)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// fragmentCandidates are where a changelog's fragments may gather, best
// first: each of fragmentDirs beside the changelog, then at the top.
func fragmentCandidates(log string) []string {
	var out []string
	for _, d := range fragmentDirs {
		out = append(out, path.Join(path.Dir(log), d), d)
	}
	return out
}

// fragmentDirsPresent tells which of the changelogs' fragment candidates
// hold a file at HEAD or had one added: a release removes the fragments it
// gathers, so the directory may be empty at HEAD, and history knows it.
func fragmentDirsPresent(logs []string, head []HeadFile, commits []HistoryCommit) map[string]bool {
	want := map[string]bool{}
	for _, log := range logs {
		for _, c := range fragmentCandidates(log) {
			want[c] = true
		}
	}
	present := map[string]bool{}
	if len(want) == 0 {
		return present
	}
	mark := func(p string) {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if want[d] {
				present[d] = true
			}
		}
	}
	for _, f := range head {
		mark(f.Path)
	}
	for _, c := range commits {
		for _, ch := range c.Changes {
			if ch.Status == "A" {
				mark(ch.Path)
			}
		}
	}
	return present
}

// formerNames is a file's path and the paths it was renamed from, back to
// its first: the renames are followed from the newest commit to the oldest.
func formerNames(commits []HistoryCommit, p string) map[string]bool {
	names := map[string]bool{p: true}
	for i := len(commits) - 1; i >= 0; i-- {
		for _, ch := range commits[i].Changes {
			if ch.Status == "R" && ch.From != "" && names[ch.Path] {
				names[ch.From] = true
			}
		}
	}
	return names
}

// mavenChanges tells Maven's changes file, src/changes/changes.xml, the
// project's changelog (commons-lang's: 18 of the 22 commits that added a
// class to function/ wrote an entry in it).
func mavenChanges(p string) bool {
	return p == "src/changes/changes.xml" || strings.HasSuffix(p, "/src/changes/changes.xml")
}

// logHome is the directory whose code a changelog is about: its own, or for
// Maven's changes file the project's, two levels up.
func logHome(log string) string {
	if mavenChanges(log) {
		return path.Dir(path.Dir(path.Dir(log)))
	}
	return path.Dir(log)
}

// nearestLog is the changelog of the deepest directory above p that has
// one, or "": of two in one directory, the deeper path (a Maven changes
// file over the release notes beside the project's pom).
func nearestLog(p string, logs []string) string {
	best, home, depth := "", -1, -1
	for _, l := range logs {
		d := logHome(l)
		if d != "." && !strings.HasPrefix(p, d+"/") {
			continue
		}
		h := 0
		if d != "." {
			h = strings.Count(d, "/") + 1
		}
		if n := strings.Count(l, "/"); h > home || h == home && n > depth {
			best, home, depth = l, h, n
		}
	}
	return best
}

// skippedForConventions: examples, fixtures and documentation trees hold
// neither the changelog that matters nor the source it is about, and
// translations are no source (PHPMailer's 57 language files made its
// changelog's scope language/, not src/).
func skippedForConventions(p string) bool {
	if sdk.Translation(p) {
		return true
	}
	for _, d := range strings.Split(path.Dir(p), "/") {
		switch d {
		case "examples", "example", "testdata", "fixtures", "docs", "doc", "vendor", "node_modules", "third_party":
			return true
		}
	}
	return false
}

// conventionScope is the child directory of dir that holds most (at
// least 60%) of the non-test code under dir, with a trailing slash
// ("src/", "tokio/src/"); dir itself when none does ("" for the root).
func conventionScope(dir string, code []string) string {
	prefix := ""
	if dir != "." {
		prefix = dir + "/"
	}
	total := 0
	byChild := map[string]int{}
	for _, p := range code {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		total++
		if first, _, nested := strings.Cut(rest, "/"); nested {
			byChild[first]++
		}
	}
	best, n := "", 0
	for c, k := range byChild {
		if k > n || k == n && c < best {
			best, n = c, k
		}
	}
	if total == 0 || n*10 < total*6 {
		return prefix
	}
	return prefix + best + "/"
}
