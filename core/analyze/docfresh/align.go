package docfresh

import (
	"strings"
	"unicode"
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
	// indent and afterIndent are the lines' indentation, when known: a
	// body span carried back ends where its block does, when that rule
	// finds the span's end in the after version too.
	indent, afterIndent []int
}

// align diffs the whole of before against the whole of after.
func align(before, after []string) *alignment {
	return alignWindow(before, after, 0, len(before), 0, len(after))
}

// alignWindow diffs before[b0:b1] against after[a0:a1], a patience
// diff: lines that occur once on each side are matched first, in order,
// and the stretches between them diffed in turn; a stretch without such
// lines gets a minimal diff. A minimal diff alone pairs a function's
// closing brace with the next one's and drags the doc comment between
// them into a hunk; anchoring on unique lines (a doc's first line, a
// signature) keeps them where they are. No time limit: a result never
// depends on the load of the machine.
func alignWindow(before, after []string, b0, b1, a0, a1 int) *alignment {
	// Sized for the longer side's lines: most of the other side's are
	// among them, and growing the map from empty was a tenth of the
	// walks' time.
	ids := make(map[string]rune, max(b1-b0, a1-a0))
	top := rune(0) // the largest id given
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
				top = id
			}
			out[i] = id
		}
		return out
	}
	bs, as := encode(before[b0:b1]), encode(after[a0:a1])
	al := &alignment{before: before, after: after, b0: b0, a0: a0,
		eq: make([]int, len(as)), hlo: make([]int, len(as)), hhi: make([]int, len(as)), kept: make([]bool, len(bs))}
	for i := range al.eq {
		al.eq[i] = -1
	}
	m := &matcher{b: bs, a: as, dmp: diffmatchpatch.New(),
		nb: make([]int32, top+1), na: make([]int32, top+1), ib: make([]int32, top+1)}
	m.dmp.DiffTimeout = 0
	m.match(0, len(bs), 0, len(as))
	for _, p := range m.pairs {
		al.eq[p[1]] = b0 + p[0]
		al.kept[p[0]] = true
	}
	// Each inserted line's hunk: the before lines between the kept lines
	// around it.
	bi := 0
	for ai := 0; ai < len(as); {
		if al.eq[ai] >= 0 {
			bi = al.eq[ai] - b0 + 1
			ai++
			continue
		}
		end := ai
		for end < len(as) && al.eq[end] < 0 {
			end++
		}
		next := len(bs)
		if end < len(as) {
			next = al.eq[end] - b0
		}
		for ; ai < end; ai++ {
			al.hlo[ai], al.hhi[ai] = b0+bi, b0+next
		}
	}
	return al
}

// matcher collects the matched line pairs (before, after) of a patience
// diff, in order.
type matcher struct {
	b, a  []rune
	dmp   *diffmatchpatch.DiffMatchPatch
	pairs [][2]int
	// Per line id: occurrences in before and after, and where in before.
	nb, na, ib []int32
}

func (m *matcher) match(b0, b1, a0, a1 int) {
	// Equal lines at the ends are not matched first: a function moved
	// to the end of a file ends in "}" as the last one did, and the
	// unique lines decide which "}" is whose.
	if b0 == b1 || a0 == a1 {
		return
	}
	anchors := m.unique(b0, b1, a0, a1)
	if len(anchors) == 0 {
		m.minimal(b0, b1, a0, a1)
		return
	}
	for _, p := range anchors {
		m.match(b0, p[0], a0, p[1])
		m.pairs = append(m.pairs, p)
		b0, a0 = p[0]+1, p[1]+1
	}
	m.match(b0, b1, a0, a1)
}

// unique returns the longest run, in order on both sides, of lines that
// occur exactly once in before[b0:b1] and once in after[a0:a1].
func (m *matcher) unique(b0, b1, a0, a1 int) [][2]int {
	// Counts by line id, cleared again on the way out.
	for i := b0; i < b1; i++ {
		m.nb[m.b[i]]++
		m.ib[m.b[i]] = int32(i)
	}
	for i := a0; i < a1; i++ {
		m.na[m.a[i]]++
	}
	var cand [][2]int // ordered by after line
	for i := a0; i < a1; i++ {
		if id := m.a[i]; m.nb[id] == 1 && m.na[id] == 1 {
			cand = append(cand, [2]int{int(m.ib[id]), i})
		}
	}
	for i := b0; i < b1; i++ {
		m.nb[m.b[i]] = 0
	}
	for i := a0; i < a1; i++ {
		m.na[m.a[i]] = 0
	}
	if len(cand) == 0 {
		return nil
	}
	// Longest increasing run of before lines (patience sorting).
	var tops []int // index into cand of the smallest end of each length
	prev := make([]int, len(cand))
	for k, c := range cand {
		lo, hi := 0, len(tops)
		for lo < hi {
			mid := (lo + hi) / 2
			if cand[tops[mid]][0] < c[0] {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		prev[k] = -1
		if lo > 0 {
			prev[k] = tops[lo-1]
		}
		if lo == len(tops) {
			tops = append(tops, k)
		} else {
			tops[lo] = k
		}
	}
	out := make([][2]int, len(tops))
	for k, i := tops[len(tops)-1], len(tops)-1; k >= 0; k, i = prev[k], i-1 {
		out[i] = cand[k]
	}
	return out
}

// minimal matches before[b0:b1] and after[a0:a1] with a minimal diff.
func (m *matcher) minimal(b0, b1, a0, a1 int) {
	bi, ai := b0, a0
	for _, d := range m.dmp.DiffMainRunes(m.b[b0:b1], m.a[a0:a1], false) {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			for range n {
				m.pairs = append(m.pairs, [2]int{bi, ai})
				bi, ai = bi+1, ai+1
			}
		case diffmatchpatch.DiffDelete:
			bi += n
		default:
			ai += n
		}
	}
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
	if blockEnd(al.after, al.afterIndent, s.Start, -1) == s.End {
		out.End = blockEnd(al.before, al.indent, out.Start, out.End)
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
			sub.indent, sub.afterIndent = al.indent, al.afterIndent
			if out, ok := sub.carry(s); ok {
				return out, true
			}
		}
	}
	return al.carry(s)
}

// blockEnd is where a body span carried back ends: where the block that
// begins at its first line ends in the version before, found by
// indentation, rather than where the diff maps its last line. A hunk's
// removed lines run past the function when the commit also removed what
// followed it; a commit that moved a function's tail up leaves its old
// tail unkept. Lines after the first that stay at its indentation before
// any deeper line continue the header (decorators, a long signature);
// lines indented deeper are the body, and a closing line ("}", "end")
// back at the first line's indentation ends it. Without indentation to go
// by, the mapped end stands.
func blockEnd(lines []string, indent []int, start, end int) int {
	if indent == nil || start < 0 || start >= len(lines) {
		return end
	}
	n := len(lines)
	h := indent[start]
	nextLine := func(k int) int {
		for k++; k < n && lines[k] == ""; k++ {
		}
		return k
	}
	k := start
	for {
		cur := lines[k]
		if strings.HasSuffix(cur, "{") || strings.HasSuffix(cur, ":") {
			break
		}
		j := nextLine(k)
		if j >= n {
			return k
		}
		if indent[j] > h {
			break
		}
		if strings.HasPrefix(cur, "@") || strings.HasSuffix(cur, "(") || strings.HasSuffix(cur, ",") || strings.HasPrefix(lines[j], ")") {
			k = j
			continue
		}
		// A one-line function, or a declaration.
		return k
	}
	last := k
	for j := k + 1; j < n; j++ {
		l := lines[j]
		switch {
		case l == "":
			continue
		case indent[j] > h:
			last = j
			continue
		case strings.HasPrefix(l, "#") || label(l):
			// A preprocessor line, a comment at the margin, a label.
			continue
		case strings.HasPrefix(l, "}") || strings.HasPrefix(l, ")") || strings.HasPrefix(l, "]") || strings.HasPrefix(l, "end"):
			last = j
			if strings.HasSuffix(l, "{") || strings.HasSuffix(l, ":") {
				// The end of a long signature, opening the body.
				continue
			}
		}
		break
	}
	if last == start {
		return end
	}
	return last
}

// label reports whether a line is a label alone ("outer:"), which some
// styles write at the margin inside a function.
func label(l string) bool {
	name, ok := strings.CutSuffix(l, ":")
	if !ok || name == "" {
		return false
	}
	for _, r := range name {
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
