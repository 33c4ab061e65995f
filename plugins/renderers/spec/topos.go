package spec

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/homer-dev/homer/plugins/renderers/internal/prose"
	"github.com/homer-dev/homer/sdk"
)

const (
	componentsPerArea = 5
	flowsPerArea      = 4
	minFlowShare      = 0.05
	methodsListed     = 8
	fieldsListed      = 16
	sentenceMax       = 160
)

// typeKinds are the definition kinds a concept is made from.
var typeKinds = map[string]bool{"class": true, "struct": true, "interface": true, "enum": true, "type": true, "trait": true}

// memberKinds are the definition kinds that say little of what a file is
// for: members of a type, and variables.
var memberKinds = map[string]bool{"method": true, "field": true, "property": true, "constructor": true, "variable": true}

// fieldKinds are the type kinds whose fields a reader expects to see.
var fieldKinds = map[string]bool{"class": true, "struct": true}

// writeSpec is the whole .tps text.
func writeSpec(m *sdk.Model, maxAreas, maxConcepts int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "spec %s\n\n%s\n\n", specName(m.GetRepoName()), Marker)
	head := m.GetHead()
	if len(head) > 12 {
		head = head[:12]
	}
	fmt.Fprintf(&b, "Reverse-engineered by Homer from `%s`", m.GetRepoName())
	if head != "" {
		fmt.Fprintf(&b, " at `%s`", head)
	}
	if t := m.GetHeadTime(); t > 0 {
		fmt.Fprintf(&b, " (%s)", time.Unix(t, 0).UTC().Format("2006-01-02"))
	}
	if s := m.GetSummary(); s != nil {
		fmt.Fprintf(&b, ": %d files, %d commits", s.GetFiles(), s.GetCommits())
	}
	b.WriteString(". Homer reads structure and history, not intent: design areas are clusters of the import graph, " +
		"concepts the most central types, and `[? …]` marks what the code does not say.\n")

	files := map[string]*sdk.FileModel{}
	for _, f := range m.GetFiles() {
		files[f.GetPath()] = f
	}
	b.WriteString("\n# Principles\n\n")
	b.WriteString(principles(m))
	b.WriteString("\n# Design\n")
	b.WriteString(design(m, files, maxAreas))
	b.WriteString("\n# Concepts\n")
	b.WriteString(concepts(m, maxConcepts))
	return b.String()
}

// specName is the repository's name in PascalCase, as Topos names specs.
func specName(repo string) string {
	var b strings.Builder
	up := true
	for _, r := range repo {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 || !unicode.IsLetter([]rune(b.String())[0]) {
		return "Repository" + b.String()
	}
	return b.String()
}

// principles lists decision records and design documents by title. The
// model holds their paths only, so what each decides is a hole that names
// the document to read.
func principles(m *sdk.Model) string {
	var b strings.Builder
	for _, d := range m.GetDocuments() {
		if !isDecisionDoc(d) {
			continue
		}
		fmt.Fprintf(&b, "- %s: [? what it decides is written in `%s`]\n", docTitle(d), d)
	}
	if b.Len() == 0 {
		return "- [? no decision records or design documents were found: the principles this code follows are unwritten]\n"
	}
	return b.String()
}

// isDecisionDoc says whether a document records decisions or design:
// ADRs, decision logs, design and architecture documents.
func isDecisionDoc(p string) bool {
	lower := strings.ToLower(p)
	switch path.Ext(lower) {
	case ".md", ".rst", ".txt", ".adoc", ".markdown":
	default:
		return false // an architecture diagram is no decision written down
	}
	for _, dir := range []string{"/adr/", "/adrs/", "/decisions/", "/decision-records/", "/design/", "/rfcs/", "/rfc/"} {
		if strings.Contains("/"+lower, dir) {
			return true
		}
	}
	base := path.Base(lower)
	return strings.HasPrefix(base, "design") || strings.HasPrefix(base, "architecture") || strings.HasPrefix(base, "adr-")
}

// docTitle turns a document's file name into a title: 0003-use-sqlite.md
// gives "Use sqlite".
func docTitle(p string) string {
	base := strings.TrimSuffix(path.Base(p), path.Ext(p))
	base = strings.TrimLeftFunc(base, func(r rune) bool { return unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' })
	base = strings.TrimPrefix(strings.TrimPrefix(base, "adr-"), "ADR-")
	words := strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	if len(words) == 0 {
		return p
	}
	t := strings.Join(words, " ")
	rs := []rune(t)
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

type area struct {
	c        *sdk.Community
	label    string
	salience float64
}

// design writes the communities as design areas, the most salient first.
func design(m *sdk.Model, files map[string]*sdk.FileModel, maxAreas int) string {
	var areas []*area
	for _, c := range m.GetCommunities() {
		if len(c.GetFiles()) < 2 {
			continue
		}
		a := &area{c: c, label: c.GetLabel()}
		if a.label == "" {
			a.label = c.GetDirectory()
		}
		for _, p := range c.GetFiles() {
			a.salience += files[p].GetSalience()
		}
		areas = append(areas, a)
	}
	sort.Slice(areas, func(i, j int) bool {
		if areas[i].salience != areas[j].salience {
			return areas[i].salience > areas[j].salience
		}
		return areas[i].c.GetId() < areas[j].c.GetId()
	})
	byID := map[int32]*area{}
	for _, a := range areas {
		byID[a.c.GetId()] = a
	}
	if len(areas) == 0 {
		return "\n[? the import graph has no cluster of two or more files: Homer cannot tell the design areas]\n"
	}
	modules := map[string]*sdk.ModuleModel{}
	for _, mod := range m.GetModules() {
		modules[mod.GetPath()] = mod
	}
	// Labels repeat (two clusters in one directory): titles, which data
	// flows refer to, must not.
	labels := map[string]int{}
	for _, a := range areas {
		if labels[a.label]++; labels[a.label] > 1 {
			a.label = fmt.Sprintf("%s (%d)", a.label, labels[a.label])
		}
	}
	var b strings.Builder
	for i, a := range areas {
		if i == maxAreas {
			fmt.Fprintf(&b, "\n%d smaller areas are left out.\n", len(areas)-maxAreas)
			break
		}
		c := a.c
		fmt.Fprintf(&b, "\n## %s\n\n", a.label)
		dir := c.GetDirectory()
		fmt.Fprintf(&b, "%d files, %d%% of them in `%s`.", len(c.GetFiles()), int(c.GetDirectoryShare()*100+0.5), dirRef(dir))
		home := dir
		if c.GetDirectoryShare() < 0.5 {
			home = homeOf(c.GetFiles())
			if home != "" {
				fmt.Fprintf(&b, " %d%% are under `%s`.", int(100*under(c.GetFiles(), home)+0.5), dirRef(home))
			}
		}
		if dirs := topDirs(c.GetFiles(), 4); home == "" && len(dirs) > 1 {
			fmt.Fprintf(&b, " [~ spread over %s]", strings.Join(dirs, ", "))
		}
		if home == "" {
			b.WriteString(" [? purpose: no one directory holds most of this area, and the import graph alone does not say what ties it together]")
		} else {
			b.WriteString(" " + purpose(modules[home], home))
		}
		b.WriteString("\n\n")
		for _, p := range salientFiles(c.GetFiles(), files, componentsPerArea) {
			fmt.Fprintf(&b, "- `%s`: %s\n", p, component(files[p]))
		}
		var flows []string
		for _, cp := range c.GetCoupling() {
			to := byID[cp.GetTo()]
			if to == nil || cp.GetShare() < minFlowShare || len(flows) == flowsPerArea {
				continue
			}
			flows = append(flows, fmt.Sprintf("`%s` (%d%% of its links)", to.label, int(cp.GetShare()*100+0.5)))
		}
		if len(flows) > 0 {
			fmt.Fprintf(&b, "\ndata flow: depends on %s\n", strings.Join(flows, ", "))
		}
	}
	return b.String()
}

func dirRef(dir string) string {
	if dir == "" || dir == "." {
		return "./"
	}
	return dir + "/"
}

// homeShare is the share of an area's files a directory must hold, itself
// or below it, to be the area's home, whose purpose is the area's.
const homeShare = 0.75

// homeOf is the deepest directory holding homeShare of files at any
// depth, or "" when only the root does.
func homeOf(files []string) string {
	count := map[string]int{}
	for _, f := range files {
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			count[d]++
		}
	}
	best := ""
	for d, n := range count {
		if float64(n) < homeShare*float64(len(files)) {
			continue
		}
		if depth, bestDepth := strings.Count(d, "/"), strings.Count(best, "/"); best == "" || depth > bestDepth || depth == bestDepth && d < best {
			best = d
		}
	}
	return best
}

// under is the share of files at or below dir.
func under(files []string, dir string) float64 {
	n := 0
	for _, f := range files {
		if strings.HasPrefix(f, dir+"/") {
			n++
		}
	}
	return float64(n) / float64(len(files))
}

// purpose is an area's purpose from its directory's package doc comment
// or README, or a hole saying neither exists.
func purpose(mod *sdk.ModuleModel, dir string) string {
	if s := firstSentence(prose.DocLead(mod.GetDoc())); s != "" {
		return s
	}
	if s := firstSentence(prose.ReadmeLead(mod.GetReadme())); s != "" {
		return s + " (" + mod.GetReadmePath() + ")"
	}
	return fmt.Sprintf("[? purpose of `%s`: neither a package doc comment nor a README states it]", dirRef(dir))
}

// firstSentence is the first sentence of s, at most sentenceMax bytes.
func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := prose.SentenceEnd(s); i >= 0 {
		s = s[:i+1]
	}
	if len(s) > sentenceMax {
		cut := strings.LastIndexByte(s[:sentenceMax], ' ')
		if cut < sentenceMax/2 {
			cut = sentenceMax
		}
		s = s[:cut] + " …"
	}
	s = strings.ReplaceAll(s, "[?", "[ ?")
	return prose.Closed(s)
}

// topDirs are the directories most of files are in, largest first.
func topDirs(files []string, n int) []string {
	count := map[string]int{}
	for _, f := range files {
		count[path.Dir(f)]++
	}
	dirs := make([]string, 0, len(count))
	for d := range count {
		dirs = append(dirs, d)
	}
	sort.Slice(dirs, func(i, j int) bool {
		if count[dirs[i]] != count[dirs[j]] {
			return count[dirs[i]] > count[dirs[j]]
		}
		return dirs[i] < dirs[j]
	})
	var out []string
	for _, d := range dirs[:min(n, len(dirs))] {
		out = append(out, "`"+dirRef(d)+"`")
	}
	if len(dirs) > n {
		out = append(out, fmt.Sprintf("%d more", len(dirs)-n))
	}
	return out
}

// salientFiles are an area's most salient files that are not tests.
func salientFiles(paths []string, files map[string]*sdk.FileModel, n int) []string {
	var out []string
	for _, p := range paths {
		if f := files[p]; f != nil && !f.GetIsTest() && f.GetTestRole() != "support" {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := files[out[i]].GetSalience(), files[out[j]].GetSalience()
		if a != b {
			return a > b
		}
		return out[i] < out[j]
	})
	return out[:min(n, len(out))]
}

// component says what a file defines: its most salient exported
// definitions that are not members of another.
func component(f *sdk.FileModel) string {
	pick := func(exported, private bool) []*sdk.DefinitionModel {
		var defs []*sdk.DefinitionModel
		for _, d := range f.GetDefinitions() {
			if d.GetExported() == exported && !memberKinds[d.GetKind()] && private == strings.HasPrefix(shortName(d.GetQualifiedName()), "_") {
				defs = append(defs, d)
			}
		}
		return defs
	}
	verb, defs := "defines", pick(true, false)
	if len(defs) == 0 {
		verb, defs = "defines, unexported,", pick(false, false)
	}
	if len(defs) == 0 {
		// Only names private by convention (a module of _Option,
		// _unpack_args): still what the file is.
		verb, defs = "defines, private,", append(pick(true, true), pick(false, true)...)
	}
	if len(defs) == 0 {
		// Only variables (zap's bufferpool: Get and _pool): they are what
		// the file is, exported first.
		for _, exported := range []bool{true, false} {
			for _, d := range f.GetDefinitions() {
				if d.GetKind() == "variable" && d.GetExported() == exported {
					defs = append(defs, d)
				}
			}
		}
		verb = "defines variables"
	}
	if len(defs) == 0 {
		return "[? no definitions reported]"
	}
	sort.SliceStable(defs, func(i, j int) bool { return defs[i].GetSalience() > defs[j].GetSalience() })
	var names []string
	for _, d := range defs[:min(4, len(defs))] {
		names = append(names, "`"+shortName(d.GetQualifiedName())+"`")
	}
	more := ""
	if len(defs) > 4 {
		more = fmt.Sprintf(" and %d more", len(defs)-4)
	}
	return verb + " " + strings.Join(names, ", ") + more
}

func shortName(qn string) string {
	if i := strings.LastIndexByte(qn, '.'); i >= 0 {
		return qn[i+1:]
	}
	return qn
}

type concept struct {
	def    *sdk.DefinitionModel
	file   *sdk.FileModel
	weight float64
}

// weight ranks a type: its own salience, its methods' (a type is used
// through them, so its own call edges are few) and its file's.
func weight(c concept) float64 {
	w := c.def.GetSalience() + c.file.GetSalience()
	prefix := c.def.GetQualifiedName() + "."
	for _, d := range c.file.GetDefinitions() {
		if strings.HasPrefix(d.GetQualifiedName(), prefix) {
			w += d.GetSalience()
		}
	}
	return w
}

// concepts writes the most salient types outside tests, one concept
// each, with their fields, bases and methods.
func concepts(m *sdk.Model, max int) string {
	var all []concept
	for _, f := range m.GetFiles() {
		if f.GetIsTest() || f.GetTestRole() == "support" {
			continue
		}
		for _, d := range f.GetDefinitions() {
			if typeKinds[d.GetKind()] {
				all = append(all, concept{def: d, file: f})
			}
		}
	}
	if len(all) == 0 {
		return "\n[? no types were reported by the language plugins]\n"
	}
	for i := range all {
		all[i].weight = weight(all[i])
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i].def, all[j].def
		if a.GetExported() != b.GetExported() {
			return a.GetExported()
		}
		if all[i].weight != all[j].weight {
			return all[i].weight > all[j].weight
		}
		if all[i].file.GetPath() != all[j].file.GetPath() {
			return all[i].file.GetPath() < all[j].file.GetPath()
		}
		return a.GetLine() < b.GetLine()
	})
	var b strings.Builder
	seen := map[string]bool{}
	for _, c := range all {
		if len(seen) == max {
			break
		}
		name := conceptName(c.def.GetQualifiedName())
		if seen[name] {
			continue // one concept per name; the more salient type keeps it
		}
		seen[name] = true
		writeConcept(&b, name, c)
	}
	return b.String()
}

// conceptName is a type's name as a Topos identifier.
func conceptName(qn string) string {
	name := shortName(qn)
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			return r
		}
		return -1
	}, name)
}

func writeConcept(b *strings.Builder, name string, c concept) {
	d := c.def
	fmt.Fprintf(b, "\nConcept %s:\n", name)
	article := "A"
	if strings.ContainsRune("aeiou", rune(d.GetKind()[0])) {
		article = "An"
	}
	fmt.Fprintf(b, "  %s %s in `%s` (line %d).", article, d.GetKind(), c.file.GetPath(), d.GetLine())
	if s := firstSentence(d.GetDoc()); s != "" {
		b.WriteString(" " + s + "\n")
	} else {
		b.WriteString(" [? no doc comment says what it is for]\n")
	}
	if bases := d.GetBases(); len(bases) > 0 {
		var refs []string
		for _, base := range bases {
			refs = append(refs, typeRef(base))
		}
		fmt.Fprintf(b, "  Builds on %s.\n", strings.Join(refs, ", "))
	}
	if methods := methodsOf(c); len(methods) > 0 {
		fmt.Fprintf(b, "  Methods: %s.\n", strings.Join(methods, ", "))
	}
	fields := d.GetFields()
	if len(fields) > 0 {
		b.WriteString("\n")
	}
	more := 0
	if len(fields) > fieldsListed {
		fields, more = fields[:fieldsListed], len(fields)-fieldsListed
	}
	for _, f := range fields {
		// Language plugins record a field's type when it names a type of
		// the code (a reference), not a built-in one: no type is shown
		// rather than a hole on every string and integer.
		switch t := f.GetType(); {
		case t == "":
			fmt.Fprintf(b, "  field %s\n", f.GetName())
		case strings.HasSuffix(t, "()"):
			// Set from a call: a class's constructor names the type, a
			// function's result type is not known.
			if name := shortName(strings.TrimSuffix(t, "()")); name != "" && unicode.IsUpper([]rune(name)[0]) {
				fmt.Fprintf(b, "  field %s (%s)\n", f.GetName(), typeRef(name))
			} else {
				fmt.Fprintf(b, "  field %s [? set from %s]\n", f.GetName(), typeRef(t))
			}
		default:
			fmt.Fprintf(b, "  field %s (%s)\n", f.GetName(), typeRef(t))
		}
	}
	if more > 0 {
		var names []string
		for _, f := range d.GetFields()[fieldsListed:] {
			names = append(names, f.GetName())
		}
		fmt.Fprintf(b, "  %d more fields: %s.\n", more, strings.Join(names, ", "))
	}
	if len(fields) == 0 && fieldKinds[d.GetKind()] {
		b.WriteString("\n  field [? no fields reported by the language plugin]\n")
	}
}

// methodsOf lists a type's methods defined in its file, most salient first.
func methodsOf(c concept) []string {
	prefix := c.def.GetQualifiedName() + "."
	var ms []*sdk.DefinitionModel
	for _, d := range c.file.GetDefinitions() {
		if d.GetKind() == "method" && strings.HasPrefix(d.GetQualifiedName(), prefix) && !strings.Contains(d.GetQualifiedName()[len(prefix):], ".") {
			ms = append(ms, d)
		}
	}
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].GetExported() != ms[j].GetExported() {
			return ms[i].GetExported()
		}
		return ms[i].GetSalience() > ms[j].GetSalience()
	})
	var out []string
	for _, d := range ms[:min(methodsListed, len(ms))] {
		out = append(out, "`"+shortName(d.GetQualifiedName())+"`")
	}
	if len(ms) > methodsListed {
		out = append(out, fmt.Sprintf("%d more", len(ms)-methodsListed))
	}
	return out
}

// typeRef is a type as Topos writes it: in backticks.
func typeRef(t string) string { return "`" + strings.ReplaceAll(t, "`", "'") + "`" }
