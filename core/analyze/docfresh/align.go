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
	// d is the differ that made it, for the windows track diffs again.
	d *differ
}

// align diffs the whole of before against the whole of after.
func (d *differ) align(before, after []string) *alignment {
	return d.alignWindow(before, after, 0, len(before), 0, len(after))
}

// differ holds what one diff needs only while it runs (line ids, the
// counts by id, the matched pairs and the longest run's work), kept for
// the next diff of the same walk: made anew for each diff it was more
// than half of what the walks allocated. A differ serves one goroutine;
// the zero value is ready. The alignment a diff returns owns its slices.
type differ struct {
	ids    map[string]rune
	bs, as []rune
	// nb, na: zero for every id between diffs (unique clears what it
	// counted); ib is read only where nb was set in the same call.
	nb, na, ib []int32
	pairs      [][2]int
	cand       [][2]int
	// anchors: a stack of the anchors of the stretches being matched.
	anchors    [][2]int
	prev, tops []int
	dmp        *diffmatchpatch.DiffMatchPatch
	// most is the most ids a diff gave since the map was made: a map
	// sized for a far larger file is made anew rather than cleared
	// whole for a small one.
	most int
}

// lineIDs is the id map cleared for a diff of up to n distinct lines.
func (d *differ) lineIDs(n int) map[string]rune {
	if d.ids == nil || d.most > 4*n+1024 {
		d.ids, d.most = make(map[string]rune, n), 0
	} else {
		clear(d.ids)
	}
	return d.ids
}

// alignWindow diffs before[b0:b1] against after[a0:a1], a patience
// diff: lines that occur once on each side are matched first, in order,
// and the stretches between them diffed in turn; a stretch without such
// lines gets a minimal diff. A minimal diff alone pairs a function's
// closing brace with the next one's and drags the doc comment between
// them into a hunk; anchoring on unique lines (a doc's first line, a
// signature) keeps them where they are. No time limit: a result never
// depends on the load of the machine.
func (d *differ) alignWindow(before, after []string, b0, b1, a0, a1 int) *alignment {
	// Sized for the longer side's lines: most of the other side's are
	// among them, and growing the map from empty was a tenth of the
	// walks' time.
	ids := d.lineIDs(max(b1-b0, a1-a0))
	top := rune(0) // the largest id given
	encode := func(out []rune, lines []string) []rune {
		out = out[:0]
		for _, l := range lines {
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
			out = append(out, id)
		}
		return out
	}
	d.bs = encode(d.bs, before[b0:b1])
	d.as = encode(d.as, after[a0:a1])
	d.most = max(d.most, len(ids))
	bs, as := d.bs, d.as
	al := &alignment{before: before, after: after, b0: b0, a0: a0,
		eq: make([]int, len(as)), hlo: make([]int, len(as)), hhi: make([]int, len(as)), kept: make([]bool, len(bs))}
	for i := range al.eq {
		al.eq[i] = -1
	}
	if d.dmp == nil {
		d.dmp = diffmatchpatch.New()
		d.dmp.DiffTimeout = 0
	}
	if n := int(top) + 1; n > len(d.nb) {
		d.nb, d.na, d.ib = make([]int32, n), make([]int32, n), make([]int32, n)
	}
	m := &matcher{d: d, b: bs, a: as, pairs: d.pairs[:0]}
	m.match(0, len(bs), 0, len(as))
	d.pairs = m.pairs
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
	al.d = d
	return al
}

// matcher collects the matched line pairs (before, after) of a patience
// diff, in order.
type matcher struct {
	d     *differ
	b, a  []rune
	pairs [][2]int
}

func (m *matcher) match(b0, b1, a0, a1 int) {
	// Equal lines at the ends are not matched first: a function moved
	// to the end of a file ends in "}" as the last one did, and the
	// unique lines decide which "}" is whose.
	if b0 == b1 || a0 == a1 {
		return
	}
	// The anchors go on the differ's stack, above those of the stretches
	// this one lies in, and come off it on the way out.
	start := len(m.d.anchors)
	m.d.anchors = m.unique(b0, b1, a0, a1, m.d.anchors)
	anchors := m.d.anchors[start:]
	defer func() { m.d.anchors = m.d.anchors[:start] }()
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

// unique appends to out the longest run, in order on both sides, of
// lines that occur exactly once in before[b0:b1] and once in
// after[a0:a1].
func (m *matcher) unique(b0, b1, a0, a1 int, out [][2]int) [][2]int {
	d := m.d
	nb, na, ib := d.nb, d.na, d.ib
	// Counts by line id, cleared again on the way out.
	for i := b0; i < b1; i++ {
		nb[m.b[i]]++
		ib[m.b[i]] = int32(i)
	}
	for i := a0; i < a1; i++ {
		na[m.a[i]]++
	}
	cand := d.cand[:0] // ordered by after line
	for i := a0; i < a1; i++ {
		if id := m.a[i]; nb[id] == 1 && na[id] == 1 {
			cand = append(cand, [2]int{int(ib[id]), i})
		}
	}
	for i := b0; i < b1; i++ {
		nb[m.b[i]] = 0
	}
	for i := a0; i < a1; i++ {
		na[m.a[i]] = 0
	}
	d.cand = cand
	if len(cand) == 0 {
		return out
	}
	// Longest increasing run of before lines (patience sorting).
	tops := d.tops[:0] // index into cand of the smallest end of each length
	prev := d.prev[:0]
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
		p := -1
		if lo > 0 {
			p = tops[lo-1]
		}
		prev = append(prev, p)
		if lo == len(tops) {
			tops = append(tops, k)
		} else {
			tops[lo] = k
		}
	}
	d.tops, d.prev = tops, prev
	base := len(out)
	out = append(out, make([][2]int, len(tops))...)
	for k, i := tops[len(tops)-1], len(tops)-1; k >= 0; k, i = prev[k], i-1 {
		out[base+i] = cand[k]
	}
	return out
}

// minimal matches before[b0:b1] and after[a0:a1] with a minimal diff.
func (m *matcher) minimal(b0, b1, a0, a1 int) {
	bi, ai := b0, a0
	for _, d := range m.d.dmp.DiffMainRunes(m.b[b0:b1], m.a[a0:a1], false) {
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
			sub := al.d.alignWindow(al.before, al.after, b0, b1, top, bottom+1)
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
