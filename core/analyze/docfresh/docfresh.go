// Package docfresh finds documented functions whose body changed after
// their doc comment last changed: for each, the commits that changed the
// body since. Only the version at HEAD is parsed (by the normal parse
// stage); older versions are never parsed. Each function's doc span and
// body span at HEAD are carried back through the file's history, commit
// by commit, along a line diff of the file's blob before the commit
// against its blob after it, like a blame restricted to those spans.
//
// Walking back from HEAD, newest first: a commit whose diff changes the
// lines of a function's doc span (or that brought the function in) is the
// doc's last change, and ends the walk for that function; one that changes
// the lines of its body span and not its doc is a body change. Lines are
// compared with surrounding space trimmed, inner runs of space collapsed
// and blank lines dropped, so a re-indent or a blank line is no change;
// docs are compared by their words, so a re-wrapped doc is the same doc.
// Comparing each commit with its own first parent keeps branches apart: a
// branch's change counts once.
//
// The diff is a patience diff (align.go): lines unique on both sides
// anchor it, so a function's closing line is not paired with another's.
// A function whose first line the diff did not keep, and which was
// removed from exactly one place, was moved within the file and is
// followed there. A body span carried back ends where its block ends by
// indentation, where that rule finds the known end in the newer version.
// A commit whose blob after it was never a blob before a newer commit
// (the tip of a branch merged later) has its spans carried over from the
// blob read last; across long-lived branches merged back and forth this
// can lose a change.
//
// The pipeline (core/pipeline/docfresh.go) finds the blobs around each
// commit and reads them; this package is pure.
package docfresh

import (
	"bytes"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/homer-dev/homer/core/record"
)

// Source is one function as its plugin reported it at HEAD: its doc text
// and the lines of its definition (1-based, inclusive).
type Source struct {
	Name       string
	Doc        string
	Start, End int
}

// Span is where a function's doc and body lie in one version of a file,
// 0-based line indexes, inclusive. A doc written above the definition
// (Above) runs from DocStart to the line before Start, so that lines
// between the comment and the definition (directives, annotations) are
// the doc's; a doc inside the body (a docstring) runs from DocStart to
// DocEnd.
type Span struct {
	DocStart, DocEnd int
	Start, End       int
	Above            bool
}

// Text is one version of a file as the walk compares it: its lines with
// surrounding space trimmed and runs of space inside collapsed to one
// (re-indenting, or re-aligning a column as a formatter does, is no
// change), and each line's indentation, by which a block's end is found.
type Text struct {
	Lines  []string
	Indent []int
}

// Read splits a blob into a Text. The lines are slices of the blob's
// own memory, not of a copy of it, so content must not change once read:
// the walks read tens of thousands of blobs, each once, and the copies
// were a seventh of what they allocated on spring-boot. Each line is
// looked at once: a string and three scans per line were a third of the
// walks' time.
func Read(content []byte) *Text {
	n := bytes.Count(content, []byte("\n")) + 1
	if len(content) == 0 || content[len(content)-1] == '\n' {
		n-- // no line after the last newline
	}
	all := unsafe.String(unsafe.SliceData(content), len(content))
	t := &Text{Lines: make([]string, n), Indent: make([]int, n)}
	for i := range n {
		end := strings.IndexByte(all, '\n')
		if end < 0 {
			end = len(all)
		}
		l := all[:end]
		all = all[min(end+1, len(all)):]
		for j := 0; j < len(l); j++ {
			if l[j] == '\t' {
				t.Indent[i] += 8
			} else if l[j] == ' ' {
				t.Indent[i]++
			} else {
				break
			}
		}
		l = strings.TrimSpace(l)
		if spaced(l) {
			l = collapse(l)
		}
		t.Lines[i] = l
	}
	return t
}

// collapse is strings.Join(strings.Fields(l), " ") for a trimmed line,
// without the slice of fields where the line is ASCII.
func collapse(l string) string {
	b := make([]byte, 0, len(l))
	for j := 0; j < len(l); j++ {
		c := l[j]
		switch {
		case c >= utf8.RuneSelf:
			return strings.Join(strings.Fields(l), " ")
		case asciiSpace(c):
			if n := len(b); n > 0 && b[n-1] != ' ' {
				b = append(b, ' ')
			}
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// asciiSpace is unicode.IsSpace for a byte below utf8.RuneSelf.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// spaced reports whether a trimmed line holds a run of two spaces or a
// tab, carriage return, vertical tab or form feed: space that Read
// collapses.
func spaced(l string) bool {
	prev := false // the byte before was a space
	for j := 0; j < len(l); j++ {
		switch spaceClass[l[j]] {
		case 0:
			prev = false
		case 1:
			if prev {
				return true
			}
			prev = true
		default:
			return true
		}
	}
	return false
}

// spaceClass is 1 for a space and 2 for the other bytes spaced looks for.
var spaceClass = [256]uint8{' ': 1, '\t': 2, '\r': 2, '\v': 2, '\f': 2}

// maxDocGap is how far above a definition its doc comment may begin to be
// looked for, past the doc's own lines: attributes, directives,
// annotations between the comment and the definition.
const maxDocGap = 12

// Locate finds a documented function's doc span and body span in the
// lines of the blob it was parsed from (see Lines). The doc is looked for
// first in the block of non-blank lines just above the definition (the
// comment styles), then inside the definition (docstrings): the first line
// holding the doc's first line of text, through the line holding its last.
// A doc whose text is not found there (rewritten by the plugin beyond
// recognition) is taken to be the comment block just above the definition;
// without one, the function cannot be followed and ok is false.
func Locate(lines []string, s Source) (Span, bool) {
	var text []string
	for _, l := range strings.Split(s.Doc, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			text = append(text, l)
		}
	}
	start, end := s.Start-1, s.End-1
	if len(text) == 0 || start < 0 || start >= len(lines) || end < start {
		return Span{}, false
	}
	end = min(end, len(lines)-1)
	first, last := text[0], text[len(text)-1]
	top := start
	for top > 0 && lines[top-1] != "" && start-top < len(text)+maxDocGap {
		top--
	}
	// Above: the nearest line holding the doc's last line, then the
	// nearest at or above it holding its first.
	for b := start - 1; b >= top; b-- {
		if !strings.Contains(lines[b], last) {
			continue
		}
		for a := b; a >= top; a-- {
			if strings.Contains(lines[a], first) {
				return Span{DocStart: a, DocEnd: start - 1, Start: start, End: end, Above: true}, true
			}
		}
		break
	}
	// Inside: a docstring.
	for a := start; a <= end; a++ {
		if !strings.Contains(lines[a], first) {
			continue
		}
		for b := a; b <= end; b++ {
			if strings.Contains(lines[b], last) {
				return Span{DocStart: a, DocEnd: b, Start: start, End: end}, true
			}
		}
		break
	}
	if top < start {
		return Span{DocStart: top, DocEnd: start - 1, Start: start, End: end, Above: true}, true
	}
	return Span{}, false
}

// Change is one commit that touched a file: the file's blob after the
// commit, and before it in its first parent ("" when the commit added the
// file).
type Change struct {
	Commit  string
	Time    int64
	Subject string
	After   string
	Before  string
	// Seq is the change's place in the list the walk reads (0: the
	// newest), by which an outcome names it (Outcome).
	Seq int
}

// Func is a documented function at HEAD.
type Func struct {
	Name string
	// Line is where the plugin says it starts (1-based).
	Line int
	Span Span
}

// Walk follows one file's documented functions back through its history.
type Walk struct {
	path string
	// at holds, per blob, the spans of the functions still followed, as
	// far as they are known in that blob (absent: not in that version).
	at map[string][]placed
	// ref is the blob spans were last carried into: a commit whose blob
	// after it is not known (the tip of a branch merged later) has its
	// spans carried over from there.
	ref     string
	pending map[int]*follow
	done    []*follow
	// open are functions carried forward as not reaching their doc's
	// last change within the list (Carry): truncated like those still
	// pending, but not followed.
	open  []*follow
	funcs []Func
	all   []*follow
	last  Change
	read  int
	// diff is the scratch of the walk's diffs.
	diff differ
}

type placed struct {
	fn   int
	span Span
}

type follow struct {
	doc     record.StaleDoc
	changes []record.StaleChange
	// seqs are the changes' Seq, settled the Seq of the doc's last
	// change (-1: not reached).
	seqs    []int
	settled int
}

// NewWalk starts a walk at HEAD, whose blob is head with the given lines.
func NewWalk(path, head string, funcs []Func) *Walk {
	w := &Walk{path: path, at: map[string][]placed{}, ref: head, pending: map[int]*follow{}, funcs: funcs}
	for i, f := range funcs {
		fl := &follow{doc: record.StaleDoc{Path: path, Name: f.Name, Line: f.Line}, settled: -1}
		w.pending[i] = fl
		w.all = append(w.all, fl)
		w.at[head] = append(w.at[head], placed{i, f.Span})
	}
	return w
}

// Open is how many functions have not reached their doc's last change.
func (w *Walk) Open() int { return len(w.pending) }

// Step reads the next older commit that touched the file; read returns a
// blob's Text. A blob that cannot be read makes the commit
// count nothing: the error is returned for the caller to report.
func (w *Walk) Step(c Change, read func(blob string) (*Text, error)) error {
	if len(w.pending) == 0 {
		return nil
	}
	spans, known := w.at[c.After]
	if !known {
		ref, err := read(w.ref)
		if err != nil {
			return err
		}
		after, err := read(c.After)
		if err != nil {
			return err
		}
		al := w.diff.align(after.Lines, ref.Lines)
		al.indent, al.afterIndent = after.Indent, ref.Indent
		for _, p := range w.at[w.ref] {
			if s, ok := al.track(p.span); ok {
				spans = append(spans, placed{p.fn, s})
			}
		}
		w.at[c.After] = spans
	}
	w.read++
	w.last = c
	if c.Before == "" {
		// The file came in: so did every function it had.
		for _, p := range spans {
			w.settle(p.fn, c)
		}
		return nil
	}
	at, err := read(c.After)
	if err != nil {
		return err
	}
	bt, err := read(c.Before)
	if err != nil {
		return err
	}
	after, before := at.Lines, bt.Lines
	// A function wholly within the lines both versions begin or end with
	// is unchanged, and only shifts: most commits change a small part of
	// a file, and most functions need no diff.
	head, tail := 0, 0
	for head < len(before) && head < len(after) && before[head] == after[head] {
		head++
	}
	for tail < len(before)-head && tail < len(after)-head && before[len(before)-1-tail] == after[len(after)-1-tail] {
		tail++
	}
	var al *alignment
	var carried []placed
	for _, p := range spans {
		f, ok := w.pending[p.fn]
		if !ok {
			continue
		}
		top, bottom := min(p.span.DocStart, p.span.Start), max(p.span.DocEnd, p.span.End)
		switch {
		case bottom < head:
			carried = append(carried, p)
			continue
		case top-1 >= len(after)-tail:
			// The line above stays too: lines removed just above a doc
			// would be the top of it.
			d := len(before) - len(after)
			s := p.span
			s.DocStart, s.DocEnd, s.Start, s.End = s.DocStart+d, s.DocEnd+d, s.Start+d, s.End+d
			carried = append(carried, placed{p.fn, s})
			continue
		}
		if al == nil {
			al = w.diff.align(before, after)
			al.indent, al.afterIndent = bt.Indent, at.Indent
		}
		s, ok := al.track(p.span)
		switch {
		case !ok || !sameWords(p.span.docLines(after), s.docLines(before)):
			w.settle(p.fn, c)
			continue
		case !same(p.span.bodyLines(after), s.bodyLines(before)):
			f.changes = append(f.changes, record.StaleChange{Commit: c.Commit, Time: c.Time, Subject: c.Subject})
			f.seqs = append(f.seqs, c.Seq)
		}
		carried = append(carried, placed{p.fn, s})
	}
	if _, seen := w.at[c.Before]; !seen {
		w.at[c.Before] = carried
	}
	w.ref = c.Before
	if c.After != w.ref {
		delete(w.at, c.After)
	}
	return nil
}

// settle ends the walk of a function at the commit that last changed its
// doc.
func (w *Walk) settle(fn int, c Change) {
	f, ok := w.pending[fn]
	if !ok {
		return
	}
	f.doc.DocCommit, f.doc.DocTime = c.Commit, c.Time
	f.settled = c.Seq
	w.done = append(w.done, f)
	delete(w.pending, fn)
}

// Stale ends the walk: the documented functions whose body changed after
// their doc, most changes first. A function whose doc's last change lies
// beyond what was read (a depth limit, a history cut short by the clone)
// is a lower bound, marked Truncated and counted from the oldest commit
// read.
func (w *Walk) Stale() []record.StaleDoc {
	var out []record.StaleDoc
	add := func(f *follow) {
		if len(f.changes) > 0 {
			f.doc.Changes = f.changes
			out = append(out, f.doc)
		}
	}
	for _, f := range w.done {
		add(f)
	}
	truncated := slices.Collect(maps.Values(w.pending))
	for _, f := range append(truncated, w.open...) {
		f.doc.Truncated = true
		if w.read > 0 {
			f.doc.DocCommit, f.doc.DocTime = w.last.Commit, w.last.Time
		}
		add(f)
	}
	Sort(out)
	return out
}

// docLines and bodyLines are a span's doc and body among a version's
// lines.
func (s Span) docLines(l []string) []string {
	if s.Above {
		return slice(l, s.DocStart, s.Start-1)
	}
	return slice(l, s.DocStart, s.DocEnd)
}

func (s Span) bodyLines(l []string) []string { return slice(l, s.Start, s.End) }

// slice is lines lo to hi inclusive, clipped; empty when lo > hi.
func slice(l []string, lo, hi int) []string {
	lo, hi = max(lo, 0), min(hi, len(l)-1)
	if lo > hi {
		return nil
	}
	return l[lo : hi+1]
}

// same reports whether two runs of lines are equal once blank lines are
// dropped.
func same(a, b []string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && a[i] == "" {
			i++
		}
		for j < len(b) && b[j] == "" {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i, j = i+1, j+1
	}
}

// sameWords reports whether two docs say the same words, comment markers
// aside: a doc re-wrapped, or re-spaced as a formatter does to lists, is the
// same doc.
func sameWords(a, b []string) bool {
	wa, wb := wordScan{lines: a}, wordScan{lines: b}
	for {
		x, okx := wa.next()
		y, oky := wb.next()
		if okx != oky || x != y {
			return false
		}
		if !okx {
			return true
		}
	}
}

// wordScan gives the words of lines one at a time, as strings.Fields
// splits each line (at runs of unicode.IsSpace), each without the comment
// marks it begins with, and those left empty skipped: two docs are
// compared word by word without a list of either's words (which was a
// sixth of what the walks allocated).
type wordScan struct {
	lines []string
	line  string // what is left of the line being read
}

func (s *wordScan) next() (string, bool) {
	for {
		s.line = strings.TrimLeftFunc(s.line, unicode.IsSpace)
		if s.line == "" {
			if len(s.lines) == 0 {
				return "", false
			}
			s.line, s.lines = s.lines[0], s.lines[1:]
			continue
		}
		end := strings.IndexFunc(s.line, unicode.IsSpace)
		if end < 0 {
			end = len(s.line)
		}
		w := strings.TrimLeft(s.line[:end], commentMarks)
		s.line = s.line[end:]
		if w != "" {
			return w, true
		}
	}
}

// commentMarks are the characters comment markers are made of (//, ///,
// /**, */, *, #, --, """): they are dropped from the start of each word.
const commentMarks = "/*#!-;%\"'`"

// Sort orders stale docs by how many changes they missed, then by path
// and line.
func Sort(s []record.StaleDoc) {
	sort.Slice(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if len(a.Changes) != len(b.Changes) {
			return len(a.Changes) > len(b.Changes)
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Name < b.Name
	})
}
