package docfresh

import (
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// alignment is a line diff of one version of a file (before) against a
// later one (after), over windows of each (the whole file, or the region
// around a moved function). Indexes are the file's line indexes.
type alignment struct {
	before, after []string
	// b0 and a0 are where the windows start.
	b0, a0 int
	// eq is, per after line of the window, the before line it equals, or
	// -1 when the diff inserted it.
	eq []int
	// For an inserted after line, the before lines its hunk removed:
	// [hlo, hhi), empty for a pure insertion (hlo is then where it went).
	hlo, hhi []int
	// kept is, per before line of the window, whether it is kept.
	kept []bool
}

// align diffs the whole of before against the whole of after.
func align(before, after []string) *alignment {
	return alignWindow(before, after, 0, len(before), 0, len(after))
}

// alignWindow diffs before[b0:b1] against after[a0:a1]. The diff is
// minimal (no time limit), so that a result never depends on the load of
// the machine.
func alignWindow(before, after []string, b0, b1, a0, a1 int) *alignment {
	ids := map[string]rune{}
	encode := func(lines []string) []rune {
		out := make([]rune, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = rune(len(ids) + 1)
				if id >= 0xD800 {
					// Surrogates do not survive the diff's round trip
					// through strings: skip them.
					id += 0x800
				}
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	bs, as := encode(before[b0:b1]), encode(after[a0:a1])
	al := &alignment{before: before, after: after, b0: b0, a0: a0,
		eq: make([]int, len(as)), hlo: make([]int, len(as)), hhi: make([]int, len(as)), kept: make([]bool, len(bs))}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMainRunes(bs, as, false)
	bi, ai := 0, 0
	for k := 0; k < len(diffs); {
		d := diffs[k]
		n := utf8.RuneCountInString(d.Text)
		if d.Type == diffmatchpatch.DiffEqual {
			for range n {
				al.eq[ai] = b0 + bi
				al.kept[bi] = true
				ai, bi = ai+1, bi+1
			}
			k++
			continue
		}
		// A hunk: the deletions and insertions up to the next equal run.
		del, ins := 0, 0
		for ; k < len(diffs) && diffs[k].Type != diffmatchpatch.DiffEqual; k++ {
			m := utf8.RuneCountInString(diffs[k].Text)
			if diffs[k].Type == diffmatchpatch.DiffDelete {
				del += m
			} else {
				ins += m
			}
		}
		for range ins {
			al.eq[ai] = -1
			al.hlo[ai], al.hhi[ai] = b0+bi, b0+bi+del
			ai++
		}
		bi += del
	}
	return al
}

// lo and hi map the first and the last after line of a range to the
// before lines that range starts and ends at: an inserted line goes to
// its hunk's removed lines, so that a changed line maps onto the line it
// replaced.
func (al *alignment) lo(i int) int {
	i -= al.a0
	if al.eq[i] >= 0 {
		return al.eq[i]
	}
	return al.hlo[i]
}

func (al *alignment) hi(i int) int {
	i -= al.a0
	if al.eq[i] >= 0 {
		return al.eq[i]
	}
	return al.hhi[i] - 1
}

func (al *alignment) isKept(b int) bool {
	b -= al.b0
	return b >= 0 && b < len(al.kept) && al.kept[b]
}

func (al *alignment) inAfter(i int) bool { return i >= al.a0 && i-al.a0 < len(al.eq) }

// carry maps a span of the after version onto the before version; ok is
// false when the function is not there (the diff inserted all of it).
func (al *alignment) carry(s Span) (Span, bool) {
	if !al.inAfter(s.Start) || !al.inAfter(s.End) || !al.inAfter(s.DocStart) {
		return Span{}, false
	}
	out := Span{Start: al.lo(s.Start), End: al.hi(s.End), Above: s.Above}
	if out.Start > out.End {
		return Span{}, false
	}
	if s.Above {
		// Lines removed just above the doc were the top of it.
		d := al.lo(s.DocStart)
		for d > 0 && !al.isKept(d-1) && d-1 >= al.b0 && al.before[d-1] != "" {
			d--
		}
		out.DocStart, out.DocEnd = d, out.Start-1
	} else {
		if !al.inAfter(s.DocEnd) {
			return Span{}, false
		}
		out.DocStart, out.DocEnd = al.lo(s.DocStart), al.hi(s.DocEnd)
	}
	return out, true
}

// moveSlack is how many lines around a moved function's old place are
// diffed against it, beyond its own length.
const moveSlack = 8

// track maps a span of the after version onto the before version as
// carry does, and follows a function moved within the file: when the
// diff did not keep its first line, and that line was removed from
// exactly one place, the function is aligned with the lines around that
// place instead.
func (al *alignment) track(s Span) (Span, bool) {
	if al.inAfter(s.Start) && al.eq[s.Start-al.a0] < 0 && al.after[s.Start] != "" {
		head := al.after[s.Start]
		from := -1
		for b := al.b0; b < al.b0+len(al.kept); b++ {
			if !al.isKept(b) && al.before[b] == head {
				if from >= 0 {
					from = -2
					break
				}
				from = b
			}
		}
		if from >= 0 {
			top := min(s.DocStart, s.Start)
			bottom := max(s.DocEnd, s.End)
			b0 := max(0, from-(s.Start-top)-moveSlack)
			b1 := min(len(al.before), from+(s.End-s.Start)+moveSlack+1)
			sub := alignWindow(al.before, al.after, b0, b1, top, bottom+1)
			if out, ok := sub.carry(s); ok {
				return out, true
			}
		}
	}
	return al.carry(s)
}
