package gitsource

import (
	"slices"
	"strings"
)

// cover is what a checkpoint says of the commits the core has stored, as
// two sets of tips: every commit reachable from a lower tip is stored, and
// every stored commit is reachable from an upper tip. A checkpoint of one
// sha (what a finished run leaves) has that sha as its only lower and upper
// tip; while a run is under way, or after it dropped commits, the bounds
// differ and the checkpoint reads "LOWER... | UPPER...".
type cover struct {
	lower, upper []string
}

// parseCover reads a checkpoint; "" has no tips at all.
func parseCover(checkpoint string) cover {
	lo, up, two := strings.Cut(checkpoint, "|")
	if !two {
		tips := strings.Fields(checkpoint)
		return cover{lower: tips, upper: tips}
	}
	return cover{lower: strings.Fields(lo), upper: strings.Fields(up)}
}

// String is the checkpoint that states the cover.
func (c cover) String() string {
	if len(c.lower) == 1 && slices.Equal(c.lower, c.upper) {
		return c.lower[0]
	}
	return strings.Join(c.lower, " ") + " | " + strings.Join(c.upper, " ")
}

// tips is every tip the cover names, once.
func (c cover) tips() []string {
	all := slices.Concat(c.lower, c.upper)
	slices.Sort(all)
	return slices.Compact(all)
}

// with returns the cover once the commits reachable from last are stored
// too (a batch ending at last was applied).
func (c cover) with(last string) cover {
	if last == "" || slices.Contains(c.lower, last) {
		return c
	}
	return cover{lower: append(slices.Clip(c.lower), last), upper: c.upper}
}
