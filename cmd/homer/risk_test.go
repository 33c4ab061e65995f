package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/internal/testrepo"
)

// TestRiskRanksFixedFilesAndCore plants a history, runs the pipeline and
// reads the risk back through risk-check:
//   - core/busy.go: 12 changes by one author, none a fix;
//   - core/buggy.go: 10 changes by three authors, all of them bug fixes;
//   - core/core.go: 30 changes over a year by three authors;
//   - core/fresh.go: a new file written in 13 commits within 11 days,
//     at the end of the history;
//   - five quiet files.
//
// Every file has the same size and none imports another, so only history
// tells them apart. The file bugs were fixed in, by many hands, must rank
// above the merely busy one (its activity alone is lower); the burst,
// counted as one piece of work, must stay below the core file.
func TestRiskRanksFixedFilesAndCore(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	people := []testrepo.Person{testrepo.Alice, testrepo.Bob, testrepo.Carol}
	type change struct {
		day  int
		path string
		who  testrepo.Person
		msg  string
	}
	var changes []change
	for i := range 30 {
		changes = append(changes, change{1 + i*12, "core/core.go", people[i%3], fmt.Sprintf("core: refine step %d", i)})
	}
	for i := range 12 {
		changes = append(changes, change{3 + i*25, "core/busy.go", testrepo.Alice, fmt.Sprintf("busy: tidy wording %d", i)})
	}
	for i := range 10 {
		changes = append(changes, change{5 + i*30, "core/buggy.go", people[i%3], fmt.Sprintf("fix: buggy edge case %d", i)})
	}
	for i, p := range []string{"core/a.go", "core/b.go", "core/c.go", "core/d.go", "core/e.go"} {
		changes = append(changes, change{7 + i*40, p, people[i%3], "add " + p})
	}
	for i := range 13 {
		changes = append(changes, change{360 + i*10/12, "core/fresh.go", testrepo.Alice, fmt.Sprintf("fresh: write the new command, part %d", i)})
	}
	// Commit in time order, one file per commit; every version of every
	// file has 10 lines.
	for day := 0; day <= 370; day++ {
		for _, c := range changes {
			if c.day != day {
				continue
			}
			body := strings.Repeat(fmt.Sprintf("// %s\n", c.msg), 8)
			r.Write(c.path, "package core\n\n"+body)
			r.Commit(c.who, testrepo.Day(day), c.msg)
		}
	}
	mustHomer(t, 0, "init", "-q", r.Dir())

	out := mustHomer(t, 0, "risk-check", "--repo", r.Dir(), "--threshold", "1", "--format", "json",
		"core/busy.go", "core/buggy.go", "core/core.go", "core/fresh.go")
	var c query.Check
	require.NoError(t, json.Unmarshal([]byte(out.stdout), &c), out.stdout)
	byPath := map[string]query.Changed{}
	for _, f := range c.Files {
		byPath[f.Path] = f
	}
	busy, buggy, core, fresh := byPath["core/busy.go"], byPath["core/buggy.go"], byPath["core/core.go"], byPath["core/fresh.go"]
	require.Equal(t, 12, busy.Commits)
	require.Equal(t, 10, buggy.Commits)
	assert.Greater(t, buggy.Score, busy.Score, "past fixes and authors outweigh a few more changes")
	assert.Greater(t, core.Score, fresh.Score, "a burst on a new file stays below the core file")

	reason := func(f query.Changed, kind string) string {
		for _, r := range f.Reasons {
			if r.Type == kind {
				assert.Positive(t, r.Weight, kind)
				return r.Detail
			}
		}
		return ""
	}
	assert.Equal(t, "10 of its 10 changes (100%) were commits whose subject line names a fix (fix, bug, hotfix or regression; not docs, chore, ci, test, style or build commits); 100th percentile of this repository's files by recency-weighted fixes (half-life 1 year), 100th by share of fixes",
		reason(buggy, "past-fixes"))
	assert.Contains(t, reason(buggy, "many-authors"), "3 authors made its 10 changes")
	assert.Contains(t, reason(fresh, "burst"), "13 of its 13 changes came in 11 days, ")
	assert.Empty(t, reason(busy, "past-fixes"), "no commit of busy.go is a fix")
	assert.Empty(t, reason(busy, "many-authors"), "one author is not many")
	assert.Empty(t, reason(fresh, "frequent-changes"), "a burst is one piece of work, not frequent change")
}

// TestTestSharesItsSubjectsFixes plants a Go package whose parse.go was
// fixed four times with its test, parse_test.go, and whose other.go was
// fixed twice with other_test.go: the first test takes half the gap to
// parse.go's score, with the shared count, and stays low; the second,
// with fewer than 3 shared fixes, keeps its own score and no such reason.
func TestTestSharesItsSubjectsFixes(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	code := func(msg string) string { return "package core\n\n" + strings.Repeat("// "+msg+"\n", 8) }
	test := func(msg string) string {
		return "package core\n\nimport \"testing\"\n\nfunc TestIt(t *testing.T) {}\n\n" + strings.Repeat("// "+msg+"\n", 4)
	}
	day := 0
	commit := func(who testrepo.Person, msg string, files map[string]string) {
		for p, body := range files {
			r.Write(p, body)
		}
		day++
		r.Commit(who, testrepo.Day(day), msg)
	}
	people := []testrepo.Person{testrepo.Alice, testrepo.Bob, testrepo.Carol}
	for i := range 12 {
		commit(people[i%3], fmt.Sprintf("parse: handle case %d", i), map[string]string{"core/parse.go": code(fmt.Sprintf("case %d", i))})
	}
	for i := range 4 {
		m := fmt.Sprintf("fix: parse edge %d", i)
		commit(people[i%3], m, map[string]string{"core/parse.go": code(m), "core/parse_test.go": test(m)})
	}
	for i := range 2 {
		m := fmt.Sprintf("fix: other edge %d", i)
		commit(people[i%3], m, map[string]string{"core/other.go": code(m), "core/other_test.go": test(m)})
	}
	mustHomer(t, 0, "init", "-q", r.Dir())

	out := mustHomer(t, 0, "risk-check", "--repo", r.Dir(), "--threshold", "1", "--format", "json",
		"core/parse.go", "core/parse_test.go", "core/other_test.go")
	var c query.Check
	require.NoError(t, json.Unmarshal([]byte(out.stdout), &c), out.stdout)
	byPath := map[string]query.Changed{}
	for _, f := range c.Files {
		byPath[f.Path] = f
	}
	subject, linked, few := byPath["core/parse.go"], byPath["core/parse_test.go"], byPath["core/other_test.go"]
	reason := func(f query.Changed, kind string) (string, float64) {
		for _, r := range f.Reasons {
			if r.Type == kind {
				return r.Detail, r.Weight
			}
		}
		return "", 0
	}
	detail, w := reason(linked, "subject-fixes")
	assert.Contains(t, detail, "tests core/parse.go (score ")
	assert.Contains(t, detail, "and 4 of that file's 4 bug-fix commits changed this file too")
	assert.Positive(t, w)
	own := linked.Score - w
	assert.InDelta(t, (subject.Score-own)/2, w, 1e-5, "the raise is half the gap between its own score and its subject's")
	assert.Equal(t, "test", linked.Exempt, "a test stays out of the danger levels")
	assert.False(t, linked.Over)
	detail, _ = reason(few, "subject-fixes")
	assert.Empty(t, detail, "2 shared fixes are not enough evidence")
}
