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

// Agrees reports whether function fn of w stands where function ofn of o
// stands: both walks carry spans from the same blob and have placed their
// functions in the same blobs, and the two functions have the same span
// (or none) in each.
func (w *Walk) Agrees(o *Walk, fn, ofn int) bool {
	if w.ref != o.ref || len(w.at) != len(o.at) {
		return false
	}
	for blob, spans := range w.at {
		other, ok := o.at[blob]
		if !ok {
			return false
		}
		a, hasA := spanOf(spans, fn)
		b, hasB := spanOf(other, ofn)
		if hasA != hasB || a != b {
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
