package modctx

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// Kinds of definitions shown as key entities: types (with their methods)
// and functions. Fields, variables and constants are not.
var (
	typeKinds = map[string]bool{"class": true, "struct": true, "interface": true, "trait": true, "enum": true,
		"type": true, "module": true}
	funcKinds = map[string]bool{"function": true, "constructor": true, "macro": true}
)

type entity struct {
	def     *sdk.DefinitionModel
	file    string
	score   float64
	methods []*sdk.DefinitionModel
}

// entities are the directory's most used types and functions outside
// tests, with their qualified names and where they are: its public ones
// first, then by callers outside tests (a type by its methods' callers;
// its busiest methods, exported first, are named with it), ties by
// salience.
func (x *index) entities(dir string) *section {
	var list []*entity
	types := map[string]*entity{}
	var methods []struct {
		d    *sdk.DefinitionModel
		file string
	}
	// A directory of test helpers only (fixtures, mocks, test support)
	// shows the helpers: they are what its importers use.
	use := isCode
	if !slices.ContainsFunc(x.byDir[dir], isCode) {
		use = func(f *sdk.FileModel) bool { return f.GetTestRole() == "support" }
	}
	for _, f := range x.byDir[dir] {
		if !use(f) {
			continue
		}
		for _, d := range f.GetDefinitions() {
			switch {
			case typeKinds[d.GetKind()]:
				e := &entity{def: d, file: f.GetPath()}
				types[d.GetQualifiedName()] = e
				list = append(list, e)
			case d.GetKind() == "method" || d.GetKind() == "constructor" && strings.Contains(d.GetQualifiedName(), "."):
				methods = append(methods, struct {
					d    *sdk.DefinitionModel
					file string
				}{d, f.GetPath()})
			case funcKinds[d.GetKind()]:
				list = append(list, &entity{def: d, file: f.GetPath(), score: float64(d.GetCallers())})
			}
		}
	}
	for _, m := range methods {
		qn := m.d.GetQualifiedName()
		owner := types[qn[:max(strings.LastIndex(qn, "."), 0)]]
		if owner == nil {
			list = append(list, &entity{def: m.d, file: m.file, score: float64(m.d.GetCallers())})
			continue
		}
		// A constructor (Python's __init__, Java's Name) speaks through
		// its class: its callers count for the class, and it is not
		// listed on its own beside it.
		if m.d.GetKind() != "constructor" {
			owner.methods = append(owner.methods, m.d)
		}
		owner.score += float64(m.d.GetCallers())
	}
	var kept []*entity
	for _, e := range list {
		sort.SliceStable(e.methods, func(i, j int) bool {
			a, b := e.methods[i], e.methods[j]
			if a.GetExported() != b.GetExported() {
				return a.GetExported()
			}
			return a.GetCallers() > b.GetCallers()
		})
		if e.def.GetExported() || e.def.GetCallers() > 0 || e.score > 0 {
			kept = append(kept, e)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		if ta, tb := a.public(), b.public(); ta != tb {
			return ta
		}
		if a.score != b.score {
			return a.score > b.score
		}
		if a.def.GetSalience() != b.def.GetSalience() {
			return a.def.GetSalience() > b.def.GetSalience()
		}
		if a.def.GetExported() != b.def.GetExported() {
			return a.def.GetExported()
		}
		if a.file != b.file {
			return a.file < b.file
		}
		return a.def.GetLine() < b.def.GetLine()
	})
	s := &section{title: "Key entities", limit: 10, tail: func(n int) string { return fmt.Sprintf("… and %d more", n) }}
	for _, e := range kept {
		s.items = append(s.items, entityLine(e))
	}
	return s
}

// public is the directory's interface to the rest of the code, as the
// language plugin reports it (exported). It ranks before internal helpers
// however often those are called: a JSON helper called 15 times is not
// what a newcomer needs first.
func (e *entity) public() bool { return e.def.GetExported() }

func entityLine(e *entity) string {
	d := e.def
	line := fmt.Sprintf("%s (%s, %s)", code(d.GetQualifiedName()), d.GetKind(), code(fmt.Sprintf("%s:%d", path.Base(e.file), d.GetLine())))
	if n := d.GetCallers(); n > 0 {
		line += fmt.Sprintf(", %d %s outside tests", n, plural(int(n), "caller", "callers"))
	}
	var busy []string
	for _, m := range e.methods {
		if len(busy) == 3 {
			break
		}
		if m.GetCallers() == 0 {
			continue
		}
		qn := m.GetQualifiedName()
		busy = append(busy, code(qn[strings.LastIndex(qn, ".")+1:]))
	}
	if len(busy) > 0 {
		line += "; methods " + strings.Join(busy, ", ")
	}
	if doc := firstSentence(d.GetDoc()); doc != "" {
		line += ": " + doc
	}
	return line
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// dirLinks lists the directories of links, most files first.
func dirLinks(links map[string]map[string]bool, what string) []string {
	dirs := make([]string, 0, len(links))
	for d := range links {
		dirs = append(dirs, d)
	}
	sort.Slice(dirs, func(i, j int) bool {
		if len(links[dirs[i]]) != len(links[dirs[j]]) {
			return len(links[dirs[i]]) > len(links[dirs[j]])
		}
		return dirs[i] < dirs[j]
	})
	out := make([]string, len(dirs))
	for i, d := range dirs {
		n := len(links[d])
		out[i] = fmt.Sprintf("%s (%d %s %s)", code(d+"/"), n, plural(n, "file", "files"), what)
	}
	return out
}

// importers is who depends on the directory: the code directories whose
// non-test files import it, and how many directories' tests do.
func (x *index) importers(dir string) *section {
	s := &section{title: "Imported by", limit: 10, items: dirLinks(x.importedBy[dir], "importing"),
		tail: func(n int) string { return fmt.Sprintf("… and %d more %s", n, plural(n, "directory", "directories")) }}
	if n := len(x.testImporters[dir]); n > 0 {
		s.intro = fmt.Sprintf("Tests in %d other %s import it too.", n, plural(n, "directory", "directories"))
		if len(s.items) == 0 {
			s.items = []string{"no code outside tests"}
		}
	}
	return s
}

// importsOf is what the directory's non-test code imports from the
// repository's other code directories.
func (x *index) importsOf(dir string) *section {
	return &section{title: "Imports", limit: 10, items: dirLinks(x.imports[dir], "here"),
		tail: func(n int) string { return fmt.Sprintf("… and %d more %s", n, plural(n, "directory", "directories")) }}
}

// coLink is the co-change evidence between the directory and another.
type coLink struct {
	dir       string
	pairs     int
	best      *sdk.Partner
	bestFile  string
	importing bool
}

// coChanges are the other directories whose files change with this one's,
// from the files' co-change partners (the pairs above the floors): per
// directory the number of file pairs and the strongest pair with its
// count. Pairs of two tests, and documents, are left out (documents go to
// related docs); so are Homer's own outputs.
func (x *index) coChanges(dir string) *section {
	links := map[string]*coLink{}
	for _, f := range x.byDir[dir] {
		for _, p := range f.GetCoChangePartners() {
			pf := x.files[p.GetPath()]
			if pf == nil || !codeOrTest(f) || !codeOrTest(pf) || f.GetIsTest() && pf.GetIsTest() {
				continue
			}
			pd := path.Dir(pf.GetPath())
			if pd == dir {
				continue
			}
			l := links[pd]
			if l == nil {
				l = &coLink{dir: pd, importing: x.linked[dir][pd] || x.linked[pd][dir]}
				links[pd] = l
			}
			l.pairs++
			if l.best == nil || p.GetSharedCommits() > l.best.GetSharedCommits() ||
				p.GetSharedCommits() == l.best.GetSharedCommits() && f.GetPath() < l.bestFile {
				l.best, l.bestFile = p, f.GetPath()
			}
		}
	}
	list := make([]*coLink, 0, len(links))
	for _, l := range links {
		list = append(list, l)
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.best.GetSharedCommits() != b.best.GetSharedCommits() {
			return a.best.GetSharedCommits() > b.best.GetSharedCommits()
		}
		return a.dir < b.dir
	})
	s := &section{title: "Changes with other directories", limit: 8,
		tail: func(n int) string { return fmt.Sprintf("… and %d more %s", n, plural(n, "directory", "directories")) }}
	for _, l := range list {
		item := fmt.Sprintf("%s: %s with %s in %d of its %d commits", code(l.dir+"/"), code(path.Base(l.bestFile)),
			code(path.Base(l.best.GetPath())), l.best.GetSharedCommits(), l.best.GetRevs())
		if l.pairs > 1 {
			item += fmt.Sprintf(" (%d file pairs)", l.pairs)
		}
		if pf := x.files[l.best.GetPath()]; pf.GetTestRole() == "support" {
			item += " (test support)"
		}
		// Only two files of code could import each other: a test script
		// or a data file never does, so its absence says nothing.
		if !l.importing && len(x.files[l.bestFile].GetDefinitions()) > 0 && len(x.files[l.best.GetPath()].GetDefinitions()) > 0 {
			item += "; no import between the two"
		}
		s.items = append(s.items, item)
	}
	return s
}

// codeOrTest is a file parsed into definitions: code, tests, test support.
// Data files (fixtures, JSON, YAML) are not co-change evidence between
// directories of code.
func codeOrTest(f *sdk.FileModel) bool { return len(f.GetDefinitions()) > 0 || f.GetIsTest() }

// isDoc is a document: a file the model lists as one, or prose by its
// language.
func (x *index) isDoc(f *sdk.FileModel) bool {
	if x.documents[f.GetPath()] {
		return true
	}
	switch strings.ToLower(f.GetLanguage()) {
	case "markdown", "restructuredtext", "text", "asciidoc":
		return true
	}
	return false
}

// profile is how the directory changes: when it last did, how much
// lately, its most changed files, and files only one person has changed.
func (x *index) profile(dir string) *section {
	var last int64
	var c90, c365, all int
	authors := map[string]bool{}
	var files []*sdk.FileModel
	for _, f := range x.byDir[dir] {
		if f.GetChanges() == 0 {
			continue
		}
		files = append(files, f)
		last = max(last, f.GetLastChanged())
		c90 += int(f.GetChanges_90D())
		c365 += int(f.GetChanges_365D())
		all += int(f.GetChanges())
		for _, a := range f.GetAuthors() {
			authors[a] = true
		}
	}
	if len(files) == 0 {
		return nil
	}
	s := &section{title: "Change profile", limit: 4}
	summary := fmt.Sprintf("%d file changes by %d %s", all, len(authors), plural(len(authors), "author", "authors"))
	if c365 == 0 {
		summary += "; none in the last year"
	} else {
		summary += fmt.Sprintf("; %d in the last year, %d in the last 90 days", c365, c90)
	}
	if last > 0 {
		summary += "; last on " + date(last)
	}
	s.items = append(s.items, summary+" (a commit changing two files here counts twice).")
	sort.SliceStable(files, func(i, j int) bool {
		if files[i].GetChanges() != files[j].GetChanges() {
			return files[i].GetChanges() > files[j].GetChanges()
		}
		return files[i].GetPath() < files[j].GetPath()
	})
	var most []string
	for _, f := range files[:min(3, len(files))] {
		most = append(most, fmt.Sprintf("%s %d (%d in the last year)", code(path.Base(f.GetPath())), f.GetChanges(), f.GetChanges_365D()))
	}
	s.items = append(s.items, "Most changed: "+strings.Join(most, ", ")+".")
	var silos []string
	for _, f := range files {
		if f.GetBusFactor() == 1 && f.GetChanges() >= 10 && len(f.GetAuthors()) == 1 {
			silos = append(silos, fmt.Sprintf("%s (%d changes)", code(path.Base(f.GetPath())), f.GetChanges()))
		}
	}
	if len(silos) > 0 {
		s.items = append(s.items, "Changed by one author only: "+strings.Join(silos[:min(3, len(silos))], ", ")+".")
	}
	return s
}

// docs are the documents that belong with the directory: its README and
// the documents under it (not in a code subdirectory), then documents elsewhere that change with its
// files, with the count.
func (x *index) docs(dir string) *section {
	s := &section{title: "Related docs", limit: 6, tail: func(n int) string { return fmt.Sprintf("… and %d more", n) }}
	seen := map[string]bool{}
	var inside []string
	for d := range x.documents {
		// A document in a code subdirectory is that directory's, not
		// this one's (it gets its own context file).
		if owner := path.Dir(d); strings.HasPrefix(d, dir+"/") && (owner == dir || x.modules[owner] == nil) {
			inside = append(inside, d)
		}
	}
	if rp := x.modules[dir].GetReadmePath(); rp != "" && !x.documents[rp] {
		inside = append(inside, rp)
	}
	sort.Strings(inside)
	for _, d := range inside {
		if !seen[d] {
			seen[d] = true
			s.items = append(s.items, code(d))
		}
	}
	type docLink struct {
		doc, file string
		shared    int32
	}
	best := map[string]docLink{}
	for _, f := range x.byDir[dir] {
		if x.isDoc(f) {
			continue
		}
		for _, p := range f.GetCoChangePartners() {
			pf := x.files[p.GetPath()]
			if pf == nil || !x.isDoc(pf) || seen[pf.GetPath()] {
				continue
			}
			if b, ok := best[pf.GetPath()]; !ok || p.GetSharedCommits() > b.shared || p.GetSharedCommits() == b.shared && f.GetPath() < b.file {
				best[pf.GetPath()] = docLink{pf.GetPath(), f.GetPath(), p.GetSharedCommits()}
			}
		}
	}
	links := make([]docLink, 0, len(best))
	for _, l := range best {
		links = append(links, l)
	}
	sort.Slice(links, func(i, j int) bool {
		if links[i].shared != links[j].shared {
			return links[i].shared > links[j].shared
		}
		return links[i].doc < links[j].doc
	})
	for _, l := range links {
		s.items = append(s.items, fmt.Sprintf("%s changes with %s (%d commits)", code(l.doc), code(path.Base(l.file)), l.shared))
	}
	return s
}

// dependencies are the external dependencies declared by manifests in the
// directory itself; a manifest higher up serves the whole tree and is the
// root guide's to list.
func (x *index) dependencies(dir string) *section {
	s := &section{title: "External dependencies", limit: 12, tail: func(n int) string { return fmt.Sprintf("… and %d more", n) }}
	for _, mf := range x.m.GetManifests() {
		if path.Dir(mf.GetPath()) != dir {
			continue
		}
		deps := append([]*sdk.Dependency(nil), mf.GetDependencies()...)
		sort.SliceStable(deps, func(i, j int) bool { return !deps[i].GetDev() && deps[j].GetDev() })
		for _, d := range deps {
			item := code(d.GetName())
			if v := d.GetVersion(); v != "" {
				item += " " + v
			}
			if d.GetDev() {
				item += " (dev)"
			}
			s.items = append(s.items, item+" — "+code(path.Base(mf.GetPath())))
		}
	}
	return s
}

// together are pairs of files of the directory that change together in
// most of their commits (a grammar and the parser generated from it, a
// type and its registry): at least 5 shared commits, filling 60% of one
// file's commits, most shared commits first. A file and its namesake test (x.go, x_test.go), two tests, and
// platform or build variants of one file are left out: nobody needs
// telling.
func (x *index) together(dir string) *section {
	type pair struct {
		a, b         string
		shared, revs int32
	}
	best := map[[2]string]pair{}
	for _, f := range x.byDir[dir] {
		for _, p := range f.GetCoChangePartners() {
			pf := x.files[p.GetPath()]
			if pf == nil || path.Dir(pf.GetPath()) != dir || f.GetIsTest() && pf.GetIsTest() || p.GetSharedCommits() < 5 {
				continue
			}
			if float64(p.GetSharedCommits()) < 0.6*float64(p.GetRevs()) || x.isDoc(f) || x.isDoc(pf) {
				continue
			}
			if namesakeTest(f, pf) || namesakeTest(pf, f) || variants(f.GetPath(), pf.GetPath()) {
				continue
			}
			// One line per pair, told from the side whose commits it
			// fills more.
			k := [2]string{min(f.GetPath(), pf.GetPath()), max(f.GetPath(), pf.GetPath())}
			c := pair{a: f.GetPath(), b: pf.GetPath(), shared: p.GetSharedCommits(), revs: p.GetRevs()}
			if o, ok := best[k]; !ok || float64(c.shared)/float64(c.revs) > float64(o.shared)/float64(o.revs) {
				best[k] = c
			}
		}
	}
	pairs := make([]pair, 0, len(best))
	for _, p := range best {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].shared != pairs[j].shared {
			return pairs[i].shared > pairs[j].shared
		}
		return pairs[i].a+pairs[i].b < pairs[j].a+pairs[j].b
	})
	s := &section{title: "Files here that change together", limit: 5,
		tail: func(n int) string { return fmt.Sprintf("… and %d more %s", n, plural(n, "pair", "pairs")) }}
	for _, p := range pairs {
		s.items = append(s.items, fmt.Sprintf("%s with %s in %d of its %d commits", code(path.Base(p.a)), code(path.Base(p.b)), p.shared, p.revs))
	}
	return s
}

// namesakeTest is test t named after file f: x_test.go, test_x.py,
// x.test.ts, x.spec.js, XTest.java.
func namesakeTest(f, t *sdk.FileModel) bool {
	if !t.GetIsTest() {
		return false
	}
	stem := strings.ToLower(strings.TrimSuffix(path.Base(f.GetPath()), path.Ext(f.GetPath())))
	tb := strings.ToLower(path.Base(t.GetPath()))
	return stem != "" && strings.Contains(tb, stem)
}

// variants are two builds of one file, or a pair with a platform's file:
// the same name up to the first underscore (statfs.go and statfs_linux.go),
// or a platform suffix (dir_unix.go with sync.go): they change together
// because one change is made for every platform.
func variants(a, b string) bool {
	stem := func(p string) string {
		base := strings.TrimSuffix(path.Base(p), path.Ext(p))
		s, _, _ := strings.Cut(base, "_")
		return s
	}
	if path.Ext(a) == path.Ext(b) && stem(a) != "" && stem(a) == stem(b) {
		return true
	}
	return platform(a) || platform(b)
}

// platformSuffixes mark a file built for one platform or build only.
var platformSuffixes = []string{"windows", "unix", "linux", "darwin", "freebsd", "openbsd", "netbsd", "solaris", "aix",
	"plan9", "bsd", "posix", "js", "wasm", "386", "amd64", "arm", "arm64", "default", "other"}

// platform is a file of one platform or build (limits_windows.go,
// dir_unix.go, statfs_default.go).
func platform(p string) bool {
	base := strings.TrimSuffix(path.Base(p), path.Ext(p))
	base = strings.TrimSuffix(base, "_test")
	for _, s := range platformSuffixes {
		if strings.HasSuffix(base, "_"+s) {
			return true
		}
	}
	return false
}
