package layout

import (
	"math"
	"sort"
)

// Rect is an axis-aligned rectangle: its top-left corner, width and height.
type Rect struct{ X, Y, W, H float64 }

// Squarify tiles r with one rectangle per weight, each with an area in
// proportion to its weight, keeping the rectangles as close to squares as
// the squarified algorithm (Bruls, Huizing, van Wijk, 2000) manages: weights
// are laid out largest first in rows along the shorter side, and a row is
// closed when adding the next weight would worsen its worst aspect ratio.
//
// The result is in the order of weights. A weight that is zero, negative or
// not a number gets an empty rectangle at r's corner; when no weight is
// positive, every rectangle is empty.
func Squarify(weights []float64, r Rect) []Rect {
	out := make([]Rect, len(weights))
	for i := range out {
		out[i] = Rect{X: r.X, Y: r.Y}
	}
	var idx []int
	total := 0.0
	for i, w := range weights {
		if w > 0 && !math.IsInf(w, 1) {
			idx = append(idx, i)
			total += w
		}
	}
	if len(idx) == 0 || r.W <= 0 || r.H <= 0 {
		return out
	}
	// Largest first; equal weights keep their input order.
	sort.SliceStable(idx, func(a, b int) bool { return weights[idx[a]] > weights[idx[b]] })
	scale := r.W * r.H / total
	areas := make([]float64, len(idx))
	for k, i := range idx {
		areas[k] = weights[i] * scale
	}

	free := r
	for start := 0; start < len(idx); {
		side := math.Min(free.W, free.H)
		end := start + 1
		sum := areas[start]
		best := worst(areas[start:end], sum, side)
		for end < len(idx) {
			next := worst(areas[start:end+1], sum+areas[end], side)
			if next > best {
				break
			}
			sum += areas[end]
			best = next
			end++
		}
		free = place(out, idx[start:end], areas[start:end], sum, free)
		start = end
	}
	return out
}

// worst is the largest aspect ratio among a row of areas laid along a side.
func worst(row []float64, sum, side float64) float64 {
	if sum <= 0 || side <= 0 {
		return math.Inf(1)
	}
	hi, lo := row[0], row[0]
	for _, a := range row {
		hi, lo = math.Max(hi, a), math.Min(lo, a)
	}
	s2, w2 := sum*sum, side*side
	return math.Max(w2*hi/s2, s2/(w2*lo))
}

// place lays a row along the shorter side of free and returns what is left.
func place(out []Rect, idx []int, areas []float64, sum float64, free Rect) Rect {
	if free.W >= free.H {
		// A column at the left edge, as wide as the row's area needs.
		w := sum / free.H
		y := free.Y
		for k, i := range idx {
			h := areas[k] / w
			out[i] = Rect{X: free.X, Y: y, W: w, H: h}
			y += h
		}
		return Rect{X: free.X + w, Y: free.Y, W: math.Max(0, free.W-w), H: free.H}
	}
	h := sum / free.W
	x := free.X
	for k, i := range idx {
		w := areas[k] / h
		out[i] = Rect{X: x, Y: free.Y, W: w, H: h}
		x += w
	}
	return Rect{X: free.X, Y: free.Y + h, W: free.W, H: math.Max(0, free.H-h)}
}

// Group is one level of a two-level treemap: a named group and the weights
// of its members.
type Group struct {
	Name    string
	Members []Item
}

// Item is a weighted member of a group.
type Item struct {
	Name   string
	Weight float64
}

// Cell is a rectangle of a two-level treemap. Parent is empty for a group's
// own cell and names the group for a member's.
type Cell struct {
	Name   string
	Parent string
	Rect
}

// Treemap tiles r with the groups, each sized by the sum of its members'
// weights, and then each group's rectangle with its members. Groups and
// members without positive weight are left out. Cells come group by group,
// largest group first, its own cell before its members, largest first.
func Treemap(groups []Group, r Rect) []Cell {
	type sized struct {
		g     Group
		total float64
	}
	var gs []sized
	for _, g := range groups {
		t := 0.0
		for _, m := range g.Members {
			if m.Weight > 0 && !math.IsInf(m.Weight, 1) {
				t += m.Weight
			}
		}
		if t > 0 {
			gs = append(gs, sized{g, t})
		}
	}
	sort.SliceStable(gs, func(a, b int) bool {
		if gs[a].total != gs[b].total {
			return gs[a].total > gs[b].total
		}
		return gs[a].g.Name < gs[b].g.Name
	})
	weights := make([]float64, len(gs))
	for i, g := range gs {
		weights[i] = g.total
	}
	var cells []Cell
	for i, gr := range Squarify(weights, r) {
		g := gs[i].g
		cells = append(cells, Cell{Name: g.Name, Rect: gr})
		members := append([]Item(nil), g.Members...)
		sort.SliceStable(members, func(a, b int) bool {
			if members[a].Weight != members[b].Weight {
				return members[a].Weight > members[b].Weight
			}
			return members[a].Name < members[b].Name
		})
		mw := make([]float64, len(members))
		for k, m := range members {
			mw[k] = m.Weight
		}
		for k, mr := range Squarify(mw, gr) {
			if mw[k] > 0 && !math.IsInf(mw[k], 1) {
				cells = append(cells, Cell{Name: members[k].Name, Parent: g.Name, Rect: mr})
			}
		}
	}
	return cells
}
