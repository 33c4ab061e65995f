package report

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// digest is what both formats print, read once from the model: every list
// sorted, so output does not depend on the model's order.
type digest struct {
	m        *sdk.Model
	files    map[string]*sdk.FileModel
	headline []stat
	risks    []*sdk.FileModel
	levels   map[string]int
	pairs    []pair
	modules  []moduleRow
	matrix   moduleMatrix
	authors  []string // the team topology's columns, most files first
}

type stat struct {
	label, value, hint string
}

// pair is two files that usually change together, with the evidence.
type pair struct {
	a, b       string
	shared     int
	revs       int
	confidence float64
	// linked: an import or call joins them, so the code explains the coupling.
	linked bool
	kind   string // "source ↔ test", "cross-module", "same module"
}

// moduleRow is a module as the documentation and team tables show it.
type moduleRow struct {
	path       string
	salience   float64
	files      int // source files (isSource)
	exported   int // exported definitions
	documented int // of which with a doc comment
	readme     string
	doc        bool
	staleDocs  int // files with a stale-docs risk reason
	silos      int // files with bus factor 1: one person made 80% of the changes
	knows      map[string]*knowledge
}

type knowledge struct {
	main    int // files where the person made the most changes
	touched int // files the person changed
}

// moduleMatrix is coupling between the most salient modules: import and
// call links from row to column, and commits that changed both.
type moduleMatrix struct {
	modules []string
	links   [][]int
	shared  [][]int
}

const matrixSize = 12

func digestModel(m *sdk.Model, top int) *digest {
	d := &digest{m: m, files: map[string]*sdk.FileModel{}, levels: map[string]int{}}
	var files []*sdk.FileModel
	for _, f := range m.GetFiles() {
		if f.GetPath() == "" || d.files[f.GetPath()] != nil {
			continue
		}
		d.files[f.GetPath()] = f
		files = append(files, f)
	}
	slices.SortFunc(files, func(a, b *sdk.FileModel) int { return strings.Compare(a.GetPath(), b.GetPath()) })

	// Risks: everything above low, highest first.
	for _, f := range files {
		lvl := level(f)
		if f.GetRisk() == nil {
			continue
		}
		d.levels[lvl]++
		if lvl != "low" {
			d.risks = append(d.risks, f)
		}
	}
	slices.SortStableFunc(d.risks, func(a, b *sdk.FileModel) int {
		return cmp.Or(cmp.Compare(round(b.GetRisk().GetScore(), 3), round(a.GetRisk().GetScore(), 3)), strings.Compare(a.GetPath(), b.GetPath()))
	})

	d.pairs = pairs(m, d.files)
	d.modules = modules(m, files)
	d.matrix = matrix(m, d.modules, d.pairs)
	d.authors = topAuthors(d.modules)

	s := m.GetSummary()
	tests, tested, source := 0, 0, 0
	exported, documented := 0, 0
	for _, f := range files {
		if f.GetIsTest() {
			tests++
		}
		if !isSource(f) {
			continue
		}
		source++
		if len(f.GetTestedBy()) > 0 || len(f.GetTestedIndirectlyBy()) > 0 {
			tested++
		}
		for _, def := range f.GetDefinitions() {
			if def.GetExported() {
				exported++
				if strings.TrimSpace(def.GetDoc()) != "" {
					documented++
				}
			}
		}
	}
	d.headline = []stat{
		{"files", itoa(int(s.GetFiles())), itoa(source) + " source, " + itoa(tests) + " test files"},
		{"commits", itoa(int(s.GetCommits())), span(s.GetFirstCommitTime(), s.GetLastCommitTime())},
		{"contributors", itoa(int(s.GetContributors())), ""},
		{"definitions", itoa(int(s.GetDefinitions())), itoa(int(s.GetCallEdges())) + " calls, " + itoa(int(s.GetImportEdges())) + " imports"},
		{"communities", itoa(len(m.GetCommunities())), "modularity " + fixed(m.GetModularity(), 2)},
		{"tested source files", percent(tested, source), itoa(tested) + " of " + itoa(source) + ", directly or through the code they use"},
		{"documented exports", percent(documented, exported), itoa(documented) + " of " + itoa(exported)},
		{"risky files", itoa(len(d.risks)), levelsLine(d.levels)},
	}
	return d
}

// isSource: program source that is not a test, a fixture or a file of
// declarations only.
func isSource(f *sdk.FileModel) bool {
	return f.GetCode() && !f.GetIsTest() && f.GetTestRole() == ""
}

// anyModuleDoc tells whether the model states module docs at all.
func (d *digest) anyModuleDoc() bool {
	for _, r := range d.modules {
		if r.doc {
			return true
		}
	}
	return false
}

// anyStaleDocs tells whether the model's risks report stale docs at all:
// without that reason a column of zeros would claim every doc is fresh.
func (d *digest) anyStaleDocs() bool {
	for _, r := range d.modules {
		if r.staleDocs > 0 {
			return true
		}
	}
	return false
}

func level(f *sdk.FileModel) string {
	l := strings.ToLower(strings.TrimSpace(f.GetRisk().GetLevel()))
	if l == "" {
		return "low"
	}
	return l
}

func levelsLine(levels map[string]int) string {
	var parts []string
	for _, l := range []string{"critical", "high", "medium"} {
		if levels[l] > 0 {
			parts = append(parts, itoa(levels[l])+" "+l)
		}
	}
	if len(parts) == 0 {
		return "none above low"
	}
	return strings.Join(parts, ", ")
}

// pairs are the co-change pairs above the analyzer's floors (the model's
// partner lists hold only those), each once, strongest evidence first;
// pairs of two tests are left out.
func pairs(m *sdk.Model, files map[string]*sdk.FileModel) []pair {
	linked := map[[2]string]bool{}
	for _, e := range m.GetFileEdges() {
		linked[[2]string{e.GetFrom(), e.GetTo()}] = true
		linked[[2]string{e.GetTo(), e.GetFrom()}] = true
	}
	seen := map[[2]string]int{}
	var out []pair
	for _, p := range sortedPaths(files) {
		f := files[p]
		for _, c := range f.GetCoChangePartners() {
			a, b := p, c.GetPath()
			g := files[b]
			// Two tests changing together say nothing about the code.
			if a == b || b == "" || f.GetIsTest() && g != nil && g.GetIsTest() {
				continue
			}
			key := [2]string{min(a, b), max(a, b)}
			if i, ok := seen[key]; ok {
				// Seen from the other side: keep the higher confidence.
				if c.GetConfidence() > out[i].confidence {
					out[i].confidence, out[i].revs = c.GetConfidence(), int(c.GetRevs())
				}
				continue
			}
			seen[key] = len(out)
			kind := "same module"
			switch {
			case f.GetIsTest() != (g != nil && g.GetIsTest()):
				kind = "source ↔ test"
			case path.Dir(a) != path.Dir(b):
				kind = "cross-module"
			}
			out = append(out, pair{a: key[0], b: key[1], shared: int(c.GetSharedCommits()), revs: int(c.GetRevs()),
				confidence: c.GetConfidence(), linked: linked[key], kind: kind})
		}
	}
	slices.SortStableFunc(out, func(x, y pair) int {
		return cmp.Or(cmp.Compare(y.shared, x.shared), cmp.Compare(y.confidence, x.confidence), strings.Compare(x.a, y.a), strings.Compare(x.b, y.b))
	})
	return out
}

// modules gathers, per module holding scored source files, documentation
// and knowledge, most salient first.
func modules(m *sdk.Model, files []*sdk.FileModel) []moduleRow {
	info := map[string]*sdk.ModuleModel{}
	for _, mm := range m.GetModules() {
		info[mm.GetPath()] = mm
	}
	rows := map[string]*moduleRow{}
	for _, f := range files {
		if !isSource(f) {
			continue
		}
		mod := f.GetModule()
		if mod == "" {
			mod = path.Dir(f.GetPath())
		}
		r := rows[mod]
		if r == nil {
			r = &moduleRow{path: mod, knows: map[string]*knowledge{}}
			if mm := info[mod]; mm != nil {
				r.readme = mm.GetReadmePath()
				r.doc = strings.TrimSpace(mm.GetDoc()) != ""
				r.salience = mm.GetSalience()
			}
			rows[mod] = r
		}
		r.files++
		for _, def := range f.GetDefinitions() {
			if def.GetExported() {
				r.exported++
				if strings.TrimSpace(def.GetDoc()) != "" {
					r.documented++
				}
			}
		}
		for _, rr := range f.GetRisk().GetReasons() {
			if rr.GetType() == "stale-docs" {
				r.staleDocs++
				break
			}
		}
		if f.GetBusFactor() == 1 && f.GetChanges() > 0 {
			r.silos++
		}
		for i, a := range f.GetAuthors() {
			k := r.knows[a]
			if k == nil {
				k = &knowledge{}
				r.knows[a] = k
			}
			k.touched++
			if i == 0 {
				k.main++
			}
		}
	}
	out := make([]moduleRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b moduleRow) int {
		return cmp.Or(cmp.Compare(b.salience, a.salience), cmp.Compare(b.files, a.files), strings.Compare(a.path, b.path))
	})
	return out
}

// matrix picks the modules most coupled to others: first by shared commits
// of file pairs across modules (what only history shows), then by import
// and call links, then by salience; so the matrix shows where coupling is,
// not the most salient modules, whose coupling may lie elsewhere.
func matrix(m *sdk.Model, mods []moduleRow, pairs []pair) moduleMatrix {
	shared, links := map[string]int{}, map[string]int{}
	for _, p := range pairs {
		if a, b := path.Dir(p.a), path.Dir(p.b); a != b && p.kind != "source ↔ test" {
			shared[a] += p.shared
			shared[b] += p.shared
		}
	}
	for _, e := range m.GetModuleEdges() {
		if e.GetFrom() != e.GetTo() {
			links[e.GetFrom()] += int(e.GetCount())
			links[e.GetTo()] += int(e.GetCount())
		}
	}
	order := slices.Clone(mods)
	slices.SortStableFunc(order, func(a, b moduleRow) int {
		return cmp.Or(cmp.Compare(shared[b.path], shared[a.path]), cmp.Compare(links[b.path], links[a.path]))
	})
	var mm moduleMatrix
	at := map[string]int{}
	for _, r := range order[:min(len(order), matrixSize)] {
		at[r.path] = len(mm.modules)
		mm.modules = append(mm.modules, r.path)
	}
	n := len(mm.modules)
	mm.links, mm.shared = make([][]int, n), make([][]int, n)
	for i := range n {
		mm.links[i], mm.shared[i] = make([]int, n), make([]int, n)
	}
	for _, e := range m.GetModuleEdges() {
		i, ok1 := at[e.GetFrom()]
		j, ok2 := at[e.GetTo()]
		if ok1 && ok2 && i != j {
			mm.links[i][j] += int(e.GetCount())
		}
	}
	for _, p := range pairs {
		i, ok1 := at[path.Dir(p.a)]
		j, ok2 := at[path.Dir(p.b)]
		if ok1 && ok2 && i != j {
			mm.shared[i][j] += p.shared
			mm.shared[j][i] += p.shared
		}
	}
	return mm
}

// topAuthors are the people who are main author of the most files across
// the modules the team table shows.
func topAuthors(mods []moduleRow) []string {
	count := map[string]int{}
	for _, r := range mods {
		for a, k := range r.knows {
			count[a] += k.main*4 + k.touched
		}
	}
	var out []string
	for a := range count {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(count[b], count[a]), strings.Compare(a, b)) })
	return out[:min(len(out), 10)]
}

func sortedPaths(files map[string]*sdk.FileModel) []string {
	out := make([]string, 0, len(files))
	for p := range files {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
