package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/homer-dev/homer/core/engine"
)

// timelineWidth is how many columns the -v timeline spans.
const timelineWidth = 40

// printTimings is -v's table: each stage that ran, when it began and how
// long it took, and a timeline of the run on which stages that overlap
// are the ones that ran in parallel; then the stages that did not run,
// and how much stage time fitted in the wall time.
func printTimings(w io.Writer, outcomes []engine.Outcome, wall time.Duration) {
	var ran, other []engine.Outcome
	for _, o := range outcomes {
		if o.Status == engine.Ran || (o.Status != engine.Unchanged && o.Took > 0) {
			ran = append(ran, o)
		} else {
			other = append(other, o)
		}
	}
	sort.SliceStable(ran, func(a, b int) bool { return ran[a].Began < ran[b].Began })
	span := wall
	var sum time.Duration
	for _, o := range ran {
		if end := o.Began + o.Took; end > span {
			span = end
		}
		sum += o.Took
	}
	if len(ran) > 0 {
		fmt.Fprintf(w, "  %-26s %9s %9s  %s\n", "stage", "began", "took", "timeline (each mark "+perMark(span)+"; marks in one column ran in parallel)")
	}
	for _, o := range ran {
		state := ""
		if o.Status != engine.Ran {
			state = " " + o.Status.String()
		}
		if o.Partial {
			state += " (on partial input: it runs again next time)"
		}
		fmt.Fprintf(w, "  %-26s %9s %9s  |%s|%s\n", o.Stage, "+"+dur(o.Began), dur(o.Took), timeline(o.Began, o.Took, span), state)
	}
	for _, o := range other {
		fmt.Fprintf(w, "  %-26s %s\n", o.Stage, o.Status.String())
	}
	if len(ran) > 0 && wall > 0 {
		fmt.Fprintf(w, "  %s of stage time in %s of wall time: %.1f stages at once on average, at most %d\n",
			dur(sum), dur(wall), float64(sum)/float64(wall), mostAtOnce(ran))
	}
}

// timeline draws [began, began+took) on a line of timelineWidth columns
// standing for [0, span); a stage shorter than a column still gets one.
func timeline(began, took, span time.Duration) string {
	if span <= 0 {
		return strings.Repeat(" ", timelineWidth)
	}
	col := func(d time.Duration) int { return int(int64(d) * timelineWidth / int64(span)) }
	from, to := col(began), col(began+took)
	if from >= timelineWidth {
		from = timelineWidth - 1
	}
	if to <= from {
		to = from + 1
	}
	if to > timelineWidth {
		to = timelineWidth
	}
	return strings.Repeat(" ", from) + strings.Repeat("#", to-from) + strings.Repeat(" ", timelineWidth-to)
}

func perMark(span time.Duration) string {
	return dur(span / timelineWidth)
}

// mostAtOnce is the largest number of stages that ran at the same time.
func mostAtOnce(ran []engine.Outcome) int {
	type edge struct {
		at    time.Duration
		delta int
	}
	var edges []edge
	for _, o := range ran {
		edges = append(edges, edge{o.Began, 1}, edge{o.Began + o.Took, -1})
	}
	// Ends before starts at the same instant: touching is not overlapping.
	sort.Slice(edges, func(a, b int) bool {
		if edges[a].at != edges[b].at {
			return edges[a].at < edges[b].at
		}
		return edges[a].delta < edges[b].delta
	})
	n, most := 0, 0
	for _, e := range edges {
		n += e.delta
		most = max(most, n)
	}
	return most
}

// dur prints a duration with about three significant figures.
func dur(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond).String()
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= 10*time.Millisecond:
		return d.Round(time.Millisecond).String()
	default:
		return d.Round(10 * time.Microsecond).String()
	}
}
