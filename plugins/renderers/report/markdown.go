package report

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// mermaidNodes bounds the Mermaid charts: past a few dozen nodes they stop
// being readable.
const mermaidNodes = 20

// Markdown renders the report as Markdown with Mermaid charts, for places
// that show Markdown but not an HTML file (a wiki, a pull request).
func Markdown(m *sdk.Model, top int) []byte {
	d := digestModel(m, top)
	var b strings.Builder
	b.WriteString("# Homer report: " + cmp.Or(m.GetRepoName(), "repository") + "\n\n")
	if h := m.GetHead(); h != "" {
		b.WriteString("HEAD `" + h[:min(len(h), 12)] + "`")
		if t := date(m.GetHeadTime()); t != "" {
			b.WriteString(" of " + t)
		}
		b.WriteString(".\n\n")
	}
	b.WriteString("## Summary\n\n| | | |\n|---|---:|---|\n")
	for _, s := range d.headline {
		b.WriteString("| " + cell(s.label) + " | " + cell(s.value) + " | " + cell(s.hint) + " |\n")
	}

	mdCommunities(&b, d)
	mdSalience(&b, d, top)
	mdCoupling(&b, d, top)
	mdRisks(&b, d, top)
	mdDocs(&b, d, top)
	mdTeam(&b, d, top)
	return []byte(b.String())
}

// cell makes text safe in a table cell.
func cell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ").Replace(s)
}

// label makes text safe in a quoted Mermaid label.
func label(s string) string {
	return strings.NewReplacer("\"", "#quot;", "\n", " ").Replace(s)
}

func mdCommunities(b *strings.Builder, d *digest) {
	b.WriteString("\n## Communities\n\n")
	cs := slices.Clone(d.m.GetCommunities())
	if len(cs) == 0 {
		b.WriteString("No communities: no file imports another.\n")
		return
	}
	slices.SortStableFunc(cs, func(x, y *sdk.Community) int {
		return cmp.Or(cmp.Compare(len(y.GetFiles()), len(x.GetFiles())), cmp.Compare(x.GetId(), y.GetId()))
	})
	shown := cs[:min(len(cs), mermaidNodes)]
	in := map[int32]bool{}
	b.WriteString(itoa(len(cs)) + " groups of files the import graph ties together (modularity " + fixed(d.m.GetModularity(), 2) + ")")
	if len(cs) > len(shown) {
		b.WriteString("; the " + itoa(len(shown)) + " largest are drawn")
	}
	b.WriteString(". An edge's label is the share of the links of the group it leaves that reach the other.\n\n```mermaid\ngraph LR\n")
	for _, c := range shown {
		in[c.GetId()] = true
		b.WriteString("  c" + itoa(int(c.GetId())) + "[\"" + label(c.GetLabel()) + " (" + itoa(len(c.GetFiles())) + " files)\"]\n")
	}
	for _, c := range shown {
		coupling := slices.Clone(c.GetCoupling())
		slices.SortStableFunc(coupling, func(x, y *sdk.Coupling) int { return cmp.Compare(x.GetTo(), y.GetTo()) })
		for _, cp := range coupling {
			if in[cp.GetTo()] && cp.GetTo() != c.GetId() && cp.GetShare() >= 0.05 {
				b.WriteString("  c" + itoa(int(c.GetId())) + " -->|\"" + fixed(cp.GetShare()*100, 0) + "%\"| c" + itoa(int(cp.GetTo())) + "\n")
			}
		}
	}
	b.WriteString("```\n")
}

func mdSalience(b *strings.Builder, d *digest, top int) {
	b.WriteString("\n## Most salient files\n\n")
	var files []*sdk.FileModel
	for _, p := range sortedPaths(d.files) {
		f := d.files[p]
		if isSource(f) && f.GetSalience() > 0 {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		b.WriteString("No source file has a salience score.\n")
		return
	}
	slices.SortStableFunc(files, func(x, y *sdk.FileModel) int {
		return cmp.Compare(round(y.GetSalience(), 3), round(x.GetSalience(), 3))
	})
	b.WriteString("| file | salience | class | dependents | changes | risk |\n|---|---:|---|---:|---:|---|\n")
	for _, f := range files[:min(len(files), top)] {
		b.WriteString("| `" + cell(f.GetPath()) + "` | " + fixed(f.GetSalience(), 3) + " | " + cell(f.GetSalienceClass()) + " | " + itoa(int(f.GetFanIn())) +
			" | " + itoa(int(f.GetChanges())) + " | " + level(f) + " |\n")
	}
}

func mdCoupling(b *strings.Builder, d *digest, top int) {
	b.WriteString("\n## Coupling\n\n")
	mm := d.matrix
	if n := len(mm.modules); n >= 2 {
		b.WriteString("Between the " + itoa(n) + " modules most coupled to others: solid edges are import and call links (their count), " +
			"dotted ones shared commits of files that usually change together with no link that way.\n\n```mermaid\ngraph LR\n")
		for i, mod := range mm.modules {
			b.WriteString("  m" + itoa(i) + "[\"" + label(mod) + "\"]\n")
		}
		for i := range n {
			for j := range n {
				switch {
				case i == j:
				case mm.links[i][j] > 0:
					b.WriteString("  m" + itoa(i) + " -- " + itoa(mm.links[i][j]) + " --> m" + itoa(j) + "\n")
				case i < j && mm.shared[i][j] > 0 && mm.links[j][i] == 0:
					b.WriteString("  m" + itoa(i) + " -. " + itoa(mm.shared[i][j]) + " .- m" + itoa(j) + "\n")
				}
			}
		}
		b.WriteString("```\n\n")
	}
	if len(d.pairs) == 0 {
		b.WriteString("No pair of files changes together often enough to report.\n")
		return
	}
	b.WriteString("Files that change together (" + itoa(len(d.pairs)) + " pairs clear the co-change floors):\n\n")
	b.WriteString("| files | shared commits | confidence | kind | linked in code |\n|---|---:|---:|---|---|\n")
	for _, p := range d.pairs[:min(len(d.pairs), top)] {
		linked := "no"
		if p.linked {
			linked = "yes"
		}
		b.WriteString("| `" + cell(p.a) + "` ↔ `" + cell(p.b) + "` | " + itoa(p.shared) + " | " + fixed(p.confidence, 2) + " | " + p.kind + " | " + linked + " |\n")
	}
}

func mdRisks(b *strings.Builder, d *digest, top int) {
	b.WriteString("\n## Risks\n\n")
	if len(d.risks) == 0 {
		b.WriteString("No file is above low risk.\n")
		return
	}
	b.WriteString(levelsLine(d.levels) + ".\n\n| level | file | score | why |\n|---|---|---:|---|\n")
	for _, f := range d.risks[:min(len(d.risks), top)] {
		var why []string
		for _, r := range f.GetRisk().GetReasons() {
			why = append(why, "**"+cell(r.GetType())+"** "+cell(r.GetDetail()))
		}
		b.WriteString("| " + level(f) + " | `" + cell(f.GetPath()) + "` | " + fixed(f.GetRisk().GetScore(), 2) + " | " + cmp.Or(strings.Join(why, "; "), "–") + " |\n")
	}
	if len(d.risks) > top {
		b.WriteString("\n" + itoa(len(d.risks)-top) + " more in homer-risk.json.\n")
	}
}

func mdDocs(b *strings.Builder, d *digest, top int) {
	b.WriteString("\n## Documentation health\n\n")
	if len(d.modules) == 0 {
		b.WriteString("No source module.\n")
		return
	}
	pkgCol, staleCol := d.anyModuleDoc(), d.anyStaleDocs()
	head, rule := "| module | files | documented exports | README |", "|---|---:|---:|---|"
	if pkgCol {
		head, rule = head+" package doc |", rule+"---|"
	}
	if staleCol {
		head, rule = head+" stale docs |", rule+"---:|"
	}
	b.WriteString(head + "\n" + rule + "\n")
	for _, r := range d.modules[:min(len(d.modules), top)] {
		docs, readme, pkg := "–", "–", "–"
		if r.exported > 0 {
			docs = itoa(r.documented) + " of " + itoa(r.exported)
		}
		if r.readme != "" {
			readme = "`" + cell(path.Base(r.readme)) + "`"
		}
		if r.doc {
			pkg = "yes"
		}
		row := []string{"`" + cell(r.path) + "`", itoa(r.files), docs, readme}
		if pkgCol {
			row = append(row, pkg)
		}
		if staleCol {
			row = append(row, itoa(r.staleDocs))
		}
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
}

func mdTeam(b *strings.Builder, d *digest, top int) {
	b.WriteString("\n## Team topology\n\n")
	if len(d.authors) == 0 {
		b.WriteString("No history: nobody to show.\n")
		return
	}
	b.WriteString("Per module, who made the most changes to how many of its files, and how many files have a bus factor of 1 " +
		"(one person made 80% of their changes).\n\n")
	b.WriteString("| module | who knows it | bus factor 1 |\n|---|---|---:|\n")
	for _, r := range d.modules[:min(len(d.modules), top)] {
		var people []string
		for a, k := range r.knows {
			if k.main > 0 {
				people = append(people, a)
			}
		}
		slices.SortFunc(people, func(x, y string) int {
			return cmp.Or(cmp.Compare(r.knows[y].main, r.knows[x].main), strings.Compare(x, y))
		})
		var parts []string
		for _, a := range people[:min(len(people), 3)] {
			parts = append(parts, cell(a)+" ("+itoa(r.knows[a].main)+" of "+itoa(r.files)+")")
		}
		b.WriteString("| `" + cell(r.path) + "` | " + strings.Join(parts, ", ") + " | " + itoa(r.silos) + " of " + itoa(r.files) + " |\n")
	}
}
