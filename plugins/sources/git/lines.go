package gitsource

import (
	"bytes"
	"hash/maphash"
)

// maxEditDistance bounds the exact line diff: beyond it (a rewrite of a
// file of tens of thousands of lines) the counts come from the multiset of
// lines instead, a lower bound on the true difference. git's own diff gives
// up on minimality much earlier (xdiff's cost heuristic), so for such files
// both are approximations.
const maxEditDistance = 10000

// lineCounter counts added and deleted lines between two versions of a
// file, as the length of a minimal line diff (Myers' greedy algorithm, edit
// distance only, so O(N) memory). Lines keep their newline, so a last line
// that gains or loses its newline counts as changed, as in git. The buffers
// are reused between calls.
type lineCounter struct {
	seed maphash.Seed
	a, b []uint64
	v    []int
}

func (lc *lineCounter) hashLines(data []byte, out []uint64) []uint64 {
	if lc.seed == (maphash.Seed{}) {
		lc.seed = maphash.MakeSeed()
	}
	out = out[:0]
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		line := data
		if i >= 0 {
			line = data[:i+1]
		}
		out = append(out, maphash.Bytes(lc.seed, line))
		data = data[len(line):]
	}
	return out
}

// diff returns (added, deleted) lines from a to b.
func (lc *lineCounter) diff(a, b []byte) (int, int) {
	lc.a = lc.hashLines(a, lc.a)
	lc.b = lc.hashLines(b, lc.b)
	x, y := lc.a, lc.b
	for len(x) > 0 && len(y) > 0 && x[0] == y[0] {
		x, y = x[1:], y[1:]
	}
	for len(x) > 0 && len(y) > 0 && x[len(x)-1] == y[len(y)-1] {
		x, y = x[:len(x)-1], y[:len(y)-1]
	}
	if len(x) == 0 || len(y) == 0 {
		return len(y), len(x)
	}
	d, ok := lc.editDistance(x, y)
	if !ok {
		d = multisetDistance(x, y)
	}
	// d = added + deleted and added - deleted = len(y) - len(x).
	return (d + len(y) - len(x)) / 2, (d - len(y) + len(x)) / 2
}

func (lc *lineCounter) editDistance(a, b []uint64) (int, bool) {
	n, m := len(a), len(b)
	maxD := min(n+m, maxEditDistance)
	off := maxD + 1
	if cap(lc.v) < 2*maxD+3 {
		lc.v = make([]int, 2*maxD+3)
	}
	v := lc.v[:2*maxD+3]
	v[off+1] = 0
	for d := 0; d <= maxD; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return d, true
			}
		}
	}
	return 0, false
}

// multisetDistance is the edit distance if every line common to both sides
// (counted with multiplicity) could be kept.
func multisetDistance(a, b []uint64) int {
	count := make(map[uint64]int, len(a))
	for _, h := range a {
		count[h]++
	}
	common := 0
	for _, h := range b {
		if count[h] > 0 {
			count[h]--
			common++
		}
	}
	return len(a) + len(b) - 2*common
}
