package pipeline

import (
	"github.com/homer-dev/homer/core/layout"
	"github.com/homer-dev/homer/sdk"
)

// treemapWidth is the width of the treemap's canvas (its height is 1): the
// shape of a report page's chart, so cells drawn there stay square.
const treemapWidth = 1.6

// addLayouts places the model's charts once, in the core, so every renderer
// draws the same picture: the community graph (force-directed, discs sized
// by files, pulled together by coupling) and the salience treemap.
func addLayouts(m *sdk.Model) {
	index := map[int32]int{}
	nodes := make([]layout.Node, len(m.Communities))
	for i, c := range m.Communities {
		index[c.GetId()] = i
		nodes[i] = layout.Node{Size: float64(len(c.GetFiles()))}
	}
	var links []layout.Link
	for i, c := range m.Communities {
		for _, cp := range c.GetCoupling() {
			if j, ok := index[cp.GetTo()]; ok {
				// A share of this community's links, weighed by its size, so
				// two big communities tied loosely still pull each other.
				links = append(links, layout.Link{A: i, B: j, Weight: cp.GetShare() * float64(len(c.GetFiles()))})
			}
		}
	}
	for i, d := range layout.Force(nodes, links) {
		m.Communities[i].X, m.Communities[i].Y, m.Communities[i].Radius = d.X, d.Y, d.R
	}

	// Documents, data, tests, fixtures and declaration-only files are not
	// what the treemap weighs: it shows where the load-bearing code is.
	var groups []layout.Group
	at := map[string]int{}
	for _, f := range m.Files {
		if !f.GetCode() || f.GetIsTest() || f.GetTestRole() != "" || f.GetSalience() <= 0 {
			continue
		}
		mod := f.GetModule()
		g, ok := at[mod]
		if !ok {
			g = len(groups)
			at[mod] = g
			groups = append(groups, layout.Group{Name: mod})
		}
		groups[g].Members = append(groups[g].Members, layout.Item{Name: f.GetPath(), Weight: f.GetSalience()})
	}
	m.Treemap = nil
	for _, c := range layout.Treemap(groups, layout.Rect{W: treemapWidth, H: 1}) {
		m.Treemap = append(m.Treemap, &sdk.TreemapCell{Path: c.Name, Parent: c.Parent, X: c.X, Y: c.Y, W: c.W, H: c.H})
	}
}
