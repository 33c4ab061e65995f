package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/engine"
)

// -v's table: stages that ran in the order they began, each with a bar
// over its share of the run (40 columns for 4s: a column is 100ms); those
// that did not run below; the columns line up whatever the units.
func TestPrintTimings(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	outcomes := []engine.Outcome{
		{Stage: "parse.go", Status: engine.Ran, Began: 100 * ms, Took: 2 * time.Second},
		{Stage: "source.git", Status: engine.Ran, Began: 0, Took: 4 * time.Second},
		{Stage: "parse.c", Status: engine.Ran, Began: 100 * ms, Took: 730 * time.Microsecond},
		{Stage: "render.agents-md", Status: engine.Unchanged},
		{Stage: "analyze.co-change", Status: engine.Ran, Began: 2100 * ms, Took: 1 * time.Second, Partial: true},
	}
	var w bytes.Buffer
	printTimings(&w, outcomes, 4*time.Second)
	lines := strings.Split(strings.TrimRight(w.String(), "\n"), "\n")
	require.Len(t, lines, 7, w.String())
	assert.Contains(t, lines[0], "each mark 100ms")
	var stages []string
	for _, l := range lines[1:6] {
		stages = append(stages, strings.Fields(l)[0])
	}
	assert.Equal(t, []string{"source.git", "parse.go", "parse.c", "analyze.co-change", "render.agents-md"}, stages)
	bar := func(l string) string { return l[strings.Index(l, "|")+1 : strings.LastIndex(l, "|")] }
	assert.Equal(t, strings.Repeat("#", 40), bar(lines[1]))
	assert.Equal(t, " "+strings.Repeat("#", 20)+strings.Repeat(" ", 19), bar(lines[2]))
	assert.Equal(t, " #"+strings.Repeat(" ", 38), bar(lines[3]), "a stage shorter than a column still gets one")
	assert.Equal(t, strings.Repeat(" ", 21)+strings.Repeat("#", 10)+strings.Repeat(" ", 9), bar(lines[4]))
	assert.Contains(t, lines[4], "(on partial input: it runs again next time)")
	assert.Contains(t, lines[3], "730µs")
	col := utf8.RuneCountInString(lines[1][:strings.Index(lines[1], "|")])
	for _, l := range lines[2:5] {
		assert.Equal(t, col, utf8.RuneCountInString(l[:strings.Index(l, "|")]), "timelines start in one column: %q", l)
	}
	assert.Equal(t, "  render.agents-md           unchanged", lines[5])
	assert.Equal(t, "  7s of stage time in 4s of wall time: 1.8 stages at once on average, at most 3", lines[6])
}

func TestMostAtOnceTouchingIsNotOverlapping(t *testing.T) {
	t.Parallel()
	s := time.Second
	assert.Equal(t, 1, mostAtOnce([]engine.Outcome{{Began: 0, Took: s}, {Began: s, Took: s}}))
	assert.Equal(t, 2, mostAtOnce([]engine.Outcome{{Began: 0, Took: 2 * s}, {Began: s, Took: s}, {Began: 2 * s, Took: s}}))
}
