package modctx

import (
	"path"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/homer-dev/homer/sdk"
)

// index holds the model with the per-directory lookups every section needs.
type index struct {
	m    *sdk.Model
	opts options

	files   map[string]*sdk.FileModel
	byDir   map[string][]*sdk.FileModel // every file of the model, by directory
	modules map[string]*sdk.ModuleModel
	// codeLines counts the lines of each directory's code files.
	codeLines map[string]int
	// imports[d][e] and importedBy[e][d]: the non-test files of d that
	// import a file of e, for code directories d != e.
	imports, importedBy map[string]map[string]map[string]bool
	// testImporters[e]: directories whose tests import e.
	testImporters map[string]map[string]bool
	// linked[d][e]: some file of d, test or not, imports a file of e.
	linked    map[string]map[string]bool
	documents map[string]bool
}

func newIndex(m *sdk.Model, opts options) *index {
	x := &index{m: m, opts: opts, files: map[string]*sdk.FileModel{}, byDir: map[string][]*sdk.FileModel{},
		modules: map[string]*sdk.ModuleModel{}, codeLines: map[string]int{},
		imports: map[string]map[string]map[string]bool{}, importedBy: map[string]map[string]map[string]bool{},
		testImporters: map[string]map[string]bool{}, linked: map[string]map[string]bool{}, documents: map[string]bool{}}
	for _, f := range m.GetFiles() {
		if x.homerOutput(f.GetPath()) {
			continue
		}
		x.files[f.GetPath()] = f
		d := path.Dir(f.GetPath())
		x.byDir[d] = append(x.byDir[d], f)
		if isCode(f) {
			x.codeLines[d] += int(f.GetLines())
		}
	}
	for _, mm := range m.GetModules() {
		x.modules[mm.GetPath()] = mm
	}
	for _, d := range m.GetDocuments() {
		if !x.homerOutput(d) {
			x.documents[d] = true
		}
	}
	add := func(m map[string]map[string]map[string]bool, a, b, file string) {
		if m[a] == nil {
			m[a] = map[string]map[string]bool{}
		}
		if m[a][b] == nil {
			m[a][b] = map[string]bool{}
		}
		m[a][b][file] = true
	}
	for _, e := range m.GetFileEdges() {
		if e.GetKind() != "imports" {
			continue
		}
		from, to := x.files[e.GetFrom()], x.files[e.GetTo()]
		if from == nil || to == nil {
			continue
		}
		fd, td := path.Dir(from.GetPath()), path.Dir(to.GetPath())
		if fd == td {
			continue
		}
		if x.linked[fd] == nil {
			x.linked[fd] = map[string]bool{}
		}
		x.linked[fd][td] = true
		if x.modules[td] == nil {
			continue
		}
		if from.GetIsTest() || from.GetTestRole() == "support" {
			if x.testImporters[td] == nil {
				x.testImporters[td] = map[string]bool{}
			}
			x.testImporters[td][fd] = true
			continue
		}
		if x.modules[fd] == nil {
			continue
		}
		add(x.imports, fd, td, from.GetPath())
		add(x.importedBy, td, fd, from.GetPath())
	}
	return x
}

// isCode is a file whose definitions are the directory's own code: not a
// test, not test support (mocks, fixtures), and parsed into definitions.
func isCode(f *sdk.FileModel) bool {
	return !f.GetIsTest() && f.GetTestRole() != "support" && len(f.GetDefinitions()) > 0
}

// homerOutput is a file Homer writes itself: agent files (this renderer's
// and agents-md's, and their .homer variants beside human files) and the
// risk map. Committed, they would change together at every regeneration;
// they are never history nor co-change evidence.
func (x *index) homerOutput(p string) bool {
	base := path.Base(p)
	names := []string{x.opts.filename, "AGENTS.md", "homer-risk.json"}
	for _, n := range names {
		ext := path.Ext(n)
		if base == n || base == strings.TrimSuffix(n, ext)+".homer"+ext {
			return true
		}
	}
	return strings.HasPrefix(p, ".homer/")
}

// selectDirs lists the directories that get a file, sorted. With dirs
// configured, the directories of the model's files that match a glob;
// otherwise the code directories with enough code or imported from
// enough other directories (by their code or their tests: a test helper
// package is central to the tests).
// The root is left to agents-md.
func (x *index) selectDirs() []string {
	var out []string
	if len(x.opts.dirs) > 0 {
		for d := range x.byDir {
			if d == "." {
				continue
			}
			for _, g := range x.opts.dirs {
				if ok, _ := doublestar.Match(strings.TrimSuffix(g, "/"), d); ok {
					out = append(out, d)
					break
				}
			}
		}
	} else {
		for d := range x.modules {
			if d == "." {
				continue
			}
			importers := len(x.importedBy[d])
			for t := range x.testImporters[d] {
				if x.importedBy[d][t] == nil {
					importers++
				}
			}
			if x.codeLines[d] > 0 && x.codeLines[d] >= x.opts.minLines || importers >= x.opts.minImporters {
				out = append(out, d)
			}
		}
	}
	sort.Strings(out)
	return out
}
