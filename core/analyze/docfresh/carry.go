package docfresh

import "github.com/homer-dev/homer/core/record"

// Carrying a walk forward. An update's walk starts at a new HEAD, reads the
// new commits and then, for the most part, the commits the walk at the
// previous HEAD read. A function's walk depends only on its spans in the
// blobs the walk has placed it in, on which blobs those are and on the
// blob it carries spans from (ref): once a function of the new walk stands
// exactly where a function of the walk at the previous HEAD stood after
// the same older commit (Agrees), and both read the same commits from
// there, each will find what the other found. Its outcome from there on
// is the earlier one's, read off the stored Outcome, and it need not be
// followed further (Carry). Where they agree is found by replaying the
// earlier walk from its stored start beside the new one.

// Outcome is where one function's walk ended, by the Seq of the changes
// read: Settled is the change that last changed its doc (-1: not reached
// within the list), Changes those that changed its body after its doc.
type Outcome struct {
	Name    string
	Line    int
	Span    Span
	Settled int
	Changes []int
}

// Outcomes are the walk's functions' outcomes so far, in the order
// NewWalk was given them: final once the walk has read its list or has
// nothing open.
func (w *Walk) Outcomes() []Outcome {
	out := make([]Outcome, len(w.funcs))
	for i, f := range w.funcs {
		fl := w.all[i]
		out[i] = Outcome{Name: f.Name, Line: f.Line, Span: f.Span, Settled: fl.settled, Changes: append([]int(nil), fl.seqs...)}
	}
	return out
}

// Following reports whether function fn is still followed.
func (w *Walk) Following(fn int) bool {
	_, ok := w.pending[fn]
	return ok
}

// Placed is function fn's span in the blob the walk carries spans from,
// if it has one there.
func (w *Walk) Placed(fn int) (Span, bool) { return spanOf(w.at[w.ref], fn) }

// Agrees reports whether function fn of w stands where function ofn of o
// stands, for changes to come that name only the given blobs (after or
// before them): both walks carry spans from the same blob, each of those
// blobs is one both or neither have placed functions in, and the two
// functions have the same span (or none) in each and in the blob spans
// are carried from.
func (w *Walk) Agrees(o *Walk, fn, ofn int, blobs map[string]bool) bool {
	if w.ref != o.ref {
		return false
	}
	same := func(blob string) bool {
		x, inW := w.at[blob]
		y, inO := o.at[blob]
		if inW != inO {
			return false
		}
		a, hasA := spanOf(x, fn)
		b, hasB := spanOf(y, ofn)
		return hasA == hasB && a == b
	}
	if !same(w.ref) {
		return false
	}
	for blob := range blobs {
		if !same(blob) {
			return false
		}
	}
	return true
}

func spanOf(spans []placed, fn int) (Span, bool) {
	for _, p := range spans {
		if p.fn == fn {
			return p.span, true
		}
	}
	return Span{}, false
}

// Carry ends function fn's walk with an outcome found elsewhere: the doc's
// last change (nil: not reached within the list, as a depth limit leaves a
// function) and the changes to its body after the doc, newest first,
// after those this walk has found.
func (w *Walk) Carry(fn int, settled *Change, changes []Change) {
	f, ok := w.pending[fn]
	if !ok {
		return
	}
	for _, c := range changes {
		f.changes = append(f.changes, record.StaleChange{Commit: c.Commit, Time: c.Time, Subject: c.Subject})
		f.seqs = append(f.seqs, c.Seq)
	}
	if settled != nil {
		w.settle(fn, *settled)
		return
	}
	delete(w.pending, fn)
	w.open = append(w.open, f)
}

// Drop stops following function fn without an outcome.
func (w *Walk) Drop(fn int) { delete(w.pending, fn) }

// ReadThrough records that the walk's list was read through c, as a walk
// that had followed a function carried open (Carry) to the end would have:
// such a function's doc is dated from the oldest change read.
func (w *Walk) ReadThrough(c Change) {
	if w.read == 0 || c.Seq > w.last.Seq {
		w.last = c
	}
	w.read++
}

// CloseUnplaced stops following the functions the walk has placed in no
// blob that the changes still to come name (after or before them), nor in
// the blob it carries spans from: it reaches a function's spans only
// through those, so such a function will not be placed again (its spans
// could not be carried into a branch's tip, say, or lie in a blob no older
// version had) and its outcome is what it is, as one not reaching its
// doc's last change. It returns how many it closed; the caller then owes
// ReadThrough the list's oldest change read.
func (w *Walk) CloseUnplaced(named map[string]bool) int {
	n := 0
	for fn, f := range w.pending {
		placed := false
		for blob, spans := range w.at {
			if blob != w.ref && !named[blob] {
				continue
			}
			if _, ok := spanOf(spans, fn); ok {
				placed = true
				break
			}
		}
		if !placed {
			delete(w.pending, fn)
			w.open = append(w.open, f)
			n++
		}
	}
	return n
}
