package pipeline

import (
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
)

// The model's layouts: every community placed inside the unit square, and
// the treemap's file cells inside their module's cell, covering the canvas
// in proportion to salience; tests and non-code files left out.
func TestAddLayouts(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{
		Files: []*sdk.FileModel{
			{Path: "a/x.go", Module: "a", Code: true, Salience: 0.6},
			{Path: "a/y.go", Module: "a", Code: true, Salience: 0.2},
			{Path: "b/z.go", Module: "b", Code: true, Salience: 0.2},
			{Path: "b/z_test.go", Module: "b", Code: true, IsTest: true, Salience: 0.9},
			{Path: "b/README.md", Module: "b", Salience: 0.9},
			{Path: "b/conftest.py", Module: "b", Code: true, TestRole: "support", Salience: 0.9},
		},
		Communities: []*sdk.Community{
			{Id: 0, Files: []string{"a/x.go", "a/y.go"}, Coupling: []*sdk.Coupling{{To: 1, Share: 0.5}}},
			{Id: 1, Files: []string{"b/z.go"}, Coupling: []*sdk.Coupling{{To: 0, Share: 1}}},
		},
	}
	addLayouts(m)
	for _, c := range m.Communities {
		require.Greater(t, c.GetRadius(), 0.0)
		require.GreaterOrEqual(t, c.GetX()-c.GetRadius(), -1e-9)
		require.LessOrEqual(t, c.GetX()+c.GetRadius(), 1+1e-9)
	}
	cells := map[string]*sdk.TreemapCell{}
	for _, c := range m.Treemap {
		cells[c.GetPath()] = c
	}
	require.Len(t, cells, 5, "modules a and b, files x, y and z")
	require.Equal(t, "a", cells["a/x.go"].GetParent())
	require.Empty(t, cells["a"].GetParent())
	area := func(c *sdk.TreemapCell) float64 { return c.GetW() * c.GetH() }
	require.InDelta(t, treemapWidth, area(cells["a"])+area(cells["b"]), 1e-9)
	require.InDelta(t, 0.6/1.0*treemapWidth, area(cells["a/x.go"]), 1e-9)
	require.InDelta(t, 3.0, area(cells["a/x.go"])/area(cells["b/z.go"]), 1e-9)
	require.False(t, math.IsNaN(cells["b/z.go"].GetX()))
}

// BenchmarkAddLayouts lays out a stored render model (REPORT_MODEL: its
// protobuf bytes, as plugins/renderers/report's benchmark takes them).
func BenchmarkAddLayouts(b *testing.B) {
	path := os.Getenv("REPORT_MODEL")
	if path == "" {
		b.Skip("REPORT_MODEL names no stored render model")
	}
	data, err := os.ReadFile(path)
	require.NoError(b, err)
	m := &sdk.Model{}
	require.NoError(b, proto.Unmarshal(data, m))
	for b.Loop() {
		addLayouts(m)
	}
}
