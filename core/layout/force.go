package layout

import (
	"math"
	"sort"
)

// Node is a thing to place: its size sets the area of the disc it is drawn as.
type Node struct{ Size float64 }

// Link pulls two nodes together in proportion to its weight.
type Link struct {
	A, B   int
	Weight float64
}

// Disc is a placed node: its centre and radius, in the unit square.
type Disc struct{ X, Y, R float64 }

// Force places nodes as discs in the unit square: a force-directed layout
// (Fruchterman and Reingold's repulsion between every pair and attraction
// along links, here scaled by the link's weight relative to the heaviest),
// with a pull towards the centre so unlinked nodes stay near, and overlaps
// between discs pushed apart after every step.
//
// Disc areas are in proportion to node sizes and together cover about a
// sixth of the square, so links and labels fit between them. The start is a golden
// angle spiral, largest node in the middle, and the steps are a fixed
// number: the same nodes and links always give the same picture. Links to
// nodes out of range, self-links and links without positive weight are
// ignored.
func Force(nodes []Node, links []Link) []Disc {
	n := len(nodes)
	out := make([]Disc, n)
	if n == 0 {
		return out
	}
	total := 0.0
	for _, nd := range nodes {
		total += math.Max(nd.Size, 0)
	}
	// Radii: areas in proportion to size, summing to a sixth of the
	// square (room for links and labels), with a floor so a tiny node stays
	// visible.
	r := make([]float64, n)
	for i, nd := range nodes {
		share := 1.0 / float64(n)
		if total > 0 {
			share = math.Max(nd.Size, 0) / total
		}
		r[i] = math.Max(math.Sqrt(share*0.16/math.Pi), 0.008)
	}
	if n == 1 {
		out[0] = Disc{X: 0.5, Y: 0.5, R: math.Min(r[0], 0.45)}
		return out
	}

	// Spiral start, largest first, so the big nodes begin central.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return nodes[order[a]].Size > nodes[order[b]].Size })
	x, y := make([]float64, n), make([]float64, n)
	golden := math.Pi * (3 - math.Sqrt(5))
	for k, i := range order {
		rad := 0.5 * math.Sqrt((float64(k)+0.5)/float64(n))
		x[i] = 0.5 + rad*math.Cos(float64(k)*golden)
		y[i] = 0.5 + rad*math.Sin(float64(k)*golden)
	}

	var ls []Link
	maxW := 0.0
	for _, l := range links {
		if l.A < 0 || l.B < 0 || l.A >= n || l.B >= n || l.A == l.B || !(l.Weight > 0) || math.IsInf(l.Weight, 1) {
			continue
		}
		ls = append(ls, l)
		maxW = math.Max(maxW, l.Weight)
	}

	k := math.Sqrt(1.0 / float64(n)) // ideal distance
	// O(n²) per step: fewer steps for big graphs, never fewer than 40.
	steps := int(math.Max(40, math.Min(300, 4e6/float64(n*n))))
	gravity := float64(n) * k * k / (0.3 * 0.3)
	dx, dy := make([]float64, n), make([]float64, n)
	for s := 0; s < steps; s++ {
		temp := 0.1 * (1 - float64(s)/float64(steps))
		for i := range dx {
			dx[i], dy[i] = 0, 0
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				ex, ey := x[i]-x[j], y[i]-y[j]
				d := math.Max(math.Hypot(ex, ey), 1e-6)
				f := k * k / d
				dx[i] += ex / d * f
				dy[i] += ey / d * f
				dx[j] -= ex / d * f
				dy[j] -= ey / d * f
			}
		}
		for _, l := range ls {
			ex, ey := x[l.A]-x[l.B], y[l.A]-y[l.B]
			d := math.Max(math.Hypot(ex, ey), 1e-6)
			f := d * d / k * (0.2 + 0.8*l.Weight/maxW)
			dx[l.A] -= ex / d * f
			dy[l.A] -= ey / d * f
			dx[l.B] += ex / d * f
			dy[l.B] += ey / d * f
		}
		for i := 0; i < n; i++ {
			// Gravity keeps unlinked nodes from drifting off: as strong as
			// the repulsion of all the others at a distance of 0.3, so a
			// loner stays beside the linked mass rather than in a corner.
			dx[i] -= (x[i] - 0.5) * gravity
			dy[i] -= (y[i] - 0.5) * gravity
			d := math.Hypot(dx[i], dy[i])
			if d > 0 {
				step := math.Min(d, temp)
				x[i] += dx[i] / d * step
				y[i] += dy[i] / d * step
			}
		}
		separate(x, y, r)
	}
	for i := 0; i < 50; i++ {
		if !separate(x, y, r) {
			break
		}
	}
	return fit(x, y, r)
}

// separate pushes overlapping discs apart (a small gap between them) and
// reports whether any overlapped.
func separate(x, y, r []float64) bool {
	moved := false
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			ex, ey := x[i]-x[j], y[i]-y[j]
			d := math.Hypot(ex, ey)
			min := r[i] + r[j] + 0.01
			if d >= min {
				continue
			}
			moved = true
			if d < 1e-9 {
				// Coincident: part them along a direction fixed by their indices.
				a := float64(i*7+j*13) * 0.618
				ex, ey, d = math.Cos(a), math.Sin(a), 1
			}
			push := (min - d) / 2
			x[i] += ex / d * push
			y[i] += ey / d * push
			x[j] -= ex / d * push
			y[j] -= ey / d * push
		}
	}
	return moved
}

// fit scales and centres the discs into the unit square, radii included.
func fit(x, y, r []float64) []Disc {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := range x {
		minX, maxX = math.Min(minX, x[i]-r[i]), math.Max(maxX, x[i]+r[i])
		minY, maxY = math.Min(minY, y[i]-r[i]), math.Max(maxY, y[i]+r[i])
	}
	span := math.Max(maxX-minX, maxY-minY)
	scale := 1.0
	if span > 0 {
		scale = 1 / span
	}
	offX := (1 - (maxX-minX)*scale) / 2
	offY := (1 - (maxY-minY)*scale) / 2
	out := make([]Disc, len(x))
	for i := range x {
		out[i] = Disc{X: offX + (x[i]-minX)*scale, Y: offY + (y[i]-minY)*scale, R: r[i] * scale}
	}
	return out
}
