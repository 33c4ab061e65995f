package layout

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

const eps = 1e-9

func overlap(a, b Rect) float64 {
	w := math.Min(a.X+a.W, b.X+b.W) - math.Max(a.X, b.X)
	h := math.Min(a.Y+a.H, b.Y+b.H) - math.Max(a.Y, b.Y)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

func aspect(r Rect) float64 { return math.Max(r.W/r.H, r.H/r.W) }

func TestSquarify(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		weights []float64
		r       Rect
	}{
		"the paper's example": {[]float64{6, 6, 4, 3, 2, 2, 1}, Rect{W: 6, H: 4}},
		"unsorted, offset":    {[]float64{1, 9, 3, 3, 0.5, 7}, Rect{X: 10, Y: 20, W: 3, H: 8}},
		"one":                 {[]float64{5}, Rect{W: 2, H: 1}},
		"many equal":          {[]float64{1, 1, 1, 1, 1, 1, 1, 1, 1}, Rect{W: 3, H: 3}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := Squarify(tc.weights, tc.r)
			require.Len(t, got, len(tc.weights))
			total := 0.0
			for _, w := range tc.weights {
				total += w
			}
			for i, g := range got {
				require.InDelta(t, tc.weights[i]/total*tc.r.W*tc.r.H, g.W*g.H, 1e-6, "area of %d", i)
				require.GreaterOrEqual(t, g.X, tc.r.X-eps)
				require.GreaterOrEqual(t, g.Y, tc.r.Y-eps)
				require.LessOrEqual(t, g.X+g.W, tc.r.X+tc.r.W+1e-6)
				require.LessOrEqual(t, g.Y+g.H, tc.r.Y+tc.r.H+1e-6)
				for j := i + 1; j < len(got); j++ {
					require.InDelta(t, 0, overlap(g, got[j]), 1e-6, "%d and %d overlap", i, j)
				}
			}
		})
	}
}

// The paper's example tiles a 6×4 rectangle with worst aspect ratio 25/9
// (the last, smallest cell, 0.6 × 5/3); slicing it in strips would give 24.
func TestSquarifyKeepsCellsSquare(t *testing.T) {
	t.Parallel()
	got := Squarify([]float64{6, 6, 4, 3, 2, 2, 1}, Rect{W: 6, H: 4})
	worstRatio := 0.0
	for _, g := range got {
		worstRatio = math.Max(worstRatio, aspect(g))
	}
	require.InDelta(t, 25.0/9, worstRatio, 1e-6)
	// The two largest share the first column, each 3×2.
	require.InDelta(t, 3, got[0].W, 1e-9)
	require.InDelta(t, 2, got[0].H, 1e-9)
	require.InDelta(t, 0, got[1].X, 1e-9)
	require.InDelta(t, 2, got[1].Y, 1e-9)
}

func TestSquarifySkipsEmptyWeights(t *testing.T) {
	t.Parallel()
	got := Squarify([]float64{0, 2, math.NaN(), -1, 2}, Rect{X: 1, Y: 1, W: 4, H: 1})
	for _, i := range []int{0, 2, 3} {
		require.Zero(t, got[i].W*got[i].H, "cell %d", i)
	}
	require.InDelta(t, 2, got[1].W*got[1].H, 1e-9)
	require.InDelta(t, 2, got[4].W*got[4].H, 1e-9)
	require.Len(t, Squarify(nil, Rect{W: 1, H: 1}), 0)
	for _, c := range Squarify([]float64{0, 0}, Rect{W: 1, H: 1}) {
		require.Zero(t, c.W)
	}
}

func TestTreemapNestsMembersInTheirGroup(t *testing.T) {
	t.Parallel()
	groups := []Group{
		{Name: "small", Members: []Item{{"small/a", 1}}},
		{Name: "big", Members: []Item{{"big/x", 3}, {"big/y", 5}, {"big/zero", 0}}},
		{Name: "empty", Members: []Item{{"empty/z", 0}}},
	}
	cells := Treemap(groups, Rect{W: 1.6, H: 1})
	var names []string
	byName := map[string]Cell{}
	for _, c := range cells {
		names = append(names, c.Name)
		byName[c.Name] = c
	}
	require.Equal(t, []string{"big", "big/y", "big/x", "small", "small/a"}, names)
	big := byName["big"]
	require.InDelta(t, 8.0/9*1.6, big.W*big.H, 1e-9)
	for _, m := range []string{"big/x", "big/y"} {
		c := byName[m]
		require.Equal(t, "big", c.Parent)
		require.GreaterOrEqual(t, c.X, big.X-eps)
		require.LessOrEqual(t, c.X+c.W, big.X+big.W+eps)
		require.GreaterOrEqual(t, c.Y, big.Y-eps)
		require.LessOrEqual(t, c.Y+c.H, big.Y+big.H+eps)
	}
	require.InDelta(t, 5.0/9*1.6, byName["big/y"].W*byName["big/y"].H, 1e-9)
}

func TestForce(t *testing.T) {
	t.Parallel()
	// Two triangles joined by one weak link, and a loner.
	nodes := []Node{{10}, {4}, {4}, {8}, {3}, {3}, {1}}
	links := []Link{{0, 1, 5}, {1, 2, 5}, {0, 2, 5}, {3, 4, 5}, {4, 5, 5}, {3, 5, 5}, {2, 3, 0.5},
		{0, 0, 9}, {0, 99, 9}, {1, 4, 0}}
	got := Force(nodes, links)
	require.Len(t, got, len(nodes))
	require.Equal(t, got, Force(nodes, links), "deterministic")

	for i, d := range got {
		require.GreaterOrEqual(t, d.X-d.R, -eps, "disc %d leaves the square", i)
		require.GreaterOrEqual(t, d.Y-d.R, -eps)
		require.LessOrEqual(t, d.X+d.R, 1+eps)
		require.LessOrEqual(t, d.Y+d.R, 1+eps)
		for j := i + 1; j < len(got); j++ {
			e := got[j]
			require.Greater(t, math.Hypot(d.X-e.X, d.Y-e.Y), d.R+e.R, "discs %d and %d overlap", i, j)
		}
	}
	// Areas follow sizes.
	require.InDelta(t, 10.0/8, (got[0].R*got[0].R)/(got[3].R*got[3].R), 1e-9)

	dist := func(a, b int) float64 { return math.Hypot(got[a].X-got[b].X, got[a].Y-got[b].Y) }
	// Members of a triangle sit closer to each other than to the other triangle's.
	within := (dist(0, 1) + dist(1, 2) + dist(0, 2)) / 3
	across := (dist(0, 4) + dist(1, 5) + dist(0, 5) + dist(1, 4)) / 4
	require.Less(t, within, across)
}

func TestForceEdgeCases(t *testing.T) {
	t.Parallel()
	require.Empty(t, Force(nil, nil))
	one := Force([]Node{{3}}, nil)
	require.Equal(t, 0.5, one[0].X)
	require.Equal(t, 0.5, one[0].Y)
	// Sizes of zero still give visible, separate discs.
	two := Force([]Node{{0}, {0}}, nil)
	require.Greater(t, two[0].R, 0.0)
	require.Greater(t, math.Hypot(two[0].X-two[1].X, two[0].Y-two[1].Y), two[0].R+two[1].R)
}

func BenchmarkForce(b *testing.B) {
	nodes := make([]Node, 150)
	var links []Link
	for i := range nodes {
		nodes[i] = Node{Size: float64(1 + i%17)}
		links = append(links, Link{i, (i*7 + 3) % len(nodes), float64(1 + i%5)})
	}
	for b.Loop() {
		Force(nodes, links)
	}
}
