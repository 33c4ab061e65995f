package pipeline

import (
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// scopes is the generic model call resolution runs on: per file, what its
// names are bound to; per type, its members and bases. Nothing here knows a
// language: plugins describe their files in these terms (ARCHITECTURE.md,
// "The language seam").
type scopes struct {
	g     *Graph
	files map[string]*fileScope
	// top holds every file's top-level definitions (no receiver) by name.
	// members holds definitions by owner: owner key → name → defs.
	members map[string]map[string][]int
	// nsTop: group and namespace → name → top-level definitions, for files
	// whose namespace is shared without imports.
	nsTop map[string]map[string][]int
	// nsFiles: group and namespace → the files declaring it.
	nsFiles map[string][]string
	// byQName: group → qualified name → definitions, for declarations.
	byQName map[string]map[string][]int
	// methodOwners: group → member name → owner definitions (types).
	methodOwners map[string]map[string][]int
	// global: group → name → every definition of that name (the last
	// resort, at low confidence).
	global map[string]map[string][]int

	// byDir and byDirStem index the files by directory and by directory
	// and stem, for submodule (made on first use).
	byDir     map[string][]string
	byDirStem map[[2]string][]string

	// own holds each definition's members by name (members under its
	// owner key), looked up once: membersOf runs for every type a call may
	// dispatch through.
	own []map[string][]int

	subtypes      map[int][]int // type → types naming it among their bases
	basesMemo     map[int][]int
	structMemo    map[int][]int
	overridesMemo map[overrideKey][]int

	// variantCaller is the file whose calls are being resolved, when it
	// is left out of the default build itself: what it links are the
	// definitions built beside it, not the default's (see forCaller).
	variantCaller string
}

// overrideKey names what overrides answered: a type and a member name.
type overrideKey struct {
	t    int
	name string
}

// fileScope is one file's bindings.
type fileScope struct {
	facts *sdk.FileFacts
	group string
	top   map[string][]int // its own top-level definitions
	// locals holds definitions made inside a function, by the function's
	// qualified name: visible only to calls from within it.
	locals map[string]map[string][]int
	// first and end bound the indexes of its definitions in the graph's
	// Defs, which holds each file's together: its definitions of a
	// qualified name are those of its group's (byQName) in that range.
	first, end int
	aliases    map[string]*bound // import alias → what it binds
	names      map[string]*bound // imported name → where it comes from
	wild       []string          // files all of whose names are in scope
	// resolved lists each import that reached files, for import edges.
	resolved []*bound
	// traits are the abstract types the file defines or imports by name,
	// found on first use (see traitCall).
	traits     []int
	traitsDone bool
}

// stem is a path's file name without its extension.
func stem(p string) string {
	b := path.Base(p)
	if i := strings.LastIndexByte(b, '.'); i > 0 {
		return b[:i]
	}
	return b
}

// specNames reports whether name is one of an import spec's segments
// (`a.b.Foo`, `a.b.Foo.bar`, `App\\Models\\Foo`): then the import names what
// the file of that name defines, not the module.
func specNames(spec, name string) bool {
	// The segments are walked in place: this runs for every name a file
	// imports each time the name is looked up.
	if name == "" {
		return false // empty segments are not segments
	}
	for len(spec) > 0 {
		i := strings.IndexAny(spec, "./\\:")
		if i < 0 {
			return spec == name
		}
		if spec[:i] == name {
			return true
		}
		spec = spec[i+1:]
	}
	return false
}

// parentName is a qualified name without its last segment.
func parentName(qn string) string {
	if i := strings.LastIndexByte(qn, '.'); i > 0 {
		return qn[:i]
	}
	return ""
}

// local finds name among the definitions made inside the caller or the
// functions enclosing it, innermost first.
func (fs *fileScope) local(caller, name string) []int {
	for p := caller; p != "" && fs.locals != nil; p = parentName(p) {
		if ids := fs.locals[p][name]; len(ids) > 0 {
			return ids
		}
	}
	return nil
}

// named returns the file's definitions of a qualified name, in the order
// they were made: the run of its group's that lies in the file's range.
func (x *scopes) named(fs *fileScope, qn string) []int {
	ids := x.byQName[fs.group][qn]
	lo := sort.SearchInts(ids, fs.first)
	hi := lo
	for hi < len(ids) && ids[hi] < fs.end {
		hi++
	}
	return ids[lo:hi:hi]
}

// caller finds the definition a call is made from: among several of the
// same qualified name (overloads, repeats), the one whose span holds the
// call's line.
func (x *scopes) caller(fs *fileScope, c *sdk.Call) (int, bool) {
	g := x.g
	ids := x.named(fs, c.GetCaller())
	switch len(ids) {
	case 0:
		return 0, false
	case 1:
		return ids[0], true
	}
	best := ids[len(ids)-1]
	for _, i := range ids {
		sp := g.Defs[i].GetSpan()
		if c.GetLine() >= sp.GetStartLine() && c.GetLine() <= sp.GetEndLine() {
			best = i
		}
	}
	return best, true
}

// bound is what an import binds: files of the repository, or something
// outside it.
type bound struct {
	files    []string
	external bool
	// name is the name looked up in files when the import renamed it
	// (`from m import X as Y` binds Y to m's X).
	name string
	// spec is the import as written.
	spec string
	// global: the import is another file's, holding for this file too
	// (C#'s `global using`); it draws an edge only to files used.
	global bool
	// test: the file's own tests make the import; it binds names for
	// their calls and draws no edge.
	test bool
	// implicit: the file's project gives the import; like a global one it
	// draws an edge only to files used.
	implicit bool
}

// value is what a reference evaluates to.
type value struct {
	defs     []int    // types (or definitions whose members are looked up)
	files    []string // a module
	external bool
	via      string // the weakest step that produced it
	// A tuple: its elements' references, in the scope of the file that
	// wrote them. A numeric step ("f().1") takes one.
	tuple   []string
	tupleIn *fileScope
}

func (v value) empty() bool {
	return len(v.defs) == 0 && len(v.files) == 0 && len(v.tuple) == 0 && !v.external
}

// tupleElems splits a tuple type reference, "(a.B, C)", into its
// elements' references; nil when ref is not one.
func tupleElems(ref string) []string {
	if len(ref) < 2 || ref[0] != '(' || ref[len(ref)-1] != ')' {
		return nil
	}
	elems := strings.Split(ref[1:len(ref)-1], ",")
	for i, e := range elems {
		elems[i] = strings.TrimSpace(e)
	}
	return elems
}

// element is the type of a tuple's element named by a numeric step; ok is
// false when the step is not a number.
func (x *scopes) element(v value, step string, depth int) (value, bool) {
	i, err := strconv.Atoi(step)
	if err != nil || i < 0 {
		return value{}, false
	}
	if i >= len(v.tuple) || v.tuple[i] == "" {
		return value{}, true
	}
	out := x.eval(v.tupleIn, v.tuple[i], depth+1)
	out.via = v.via
	return out, true
}

// withTuple carries a tuple type from t into out, the first one found.
func withTuple(out, t value) value {
	if len(out.tuple) == 0 && len(t.tuple) > 0 {
		out.tuple, out.tupleIn = t.tuple, t.tupleIn
	}
	return out
}

// target is one definition a call reaches, with how, when weaker than the
// call's own way.
type target struct {
	def int
	via string
}

// unknownReceiver is the receiver a plugin gives a call on a value whose
// type it cannot tell (a local, a parameter without a type), so that its
// qualifier is not evaluated as if it named a definition.
const unknownReceiver = "?"

// topLevelReceiver marks a call that names the file's top level past the
// caller's locals and type (Call.receiver ".").
const topLevelReceiver = "."

// maxDepth bounds the evaluation of references that lead to references
// (a function's result type naming another function's result).
const maxDepth = 6

func groupOf(f *sdk.FileFacts) string {
	if g := f.GetLinkGroup(); g != "" {
		return g
	}
	return f.GetLanguage()
}

// scopeKey is where a file's members are keyed: its namespace when that is
// shared without imports (members may sit in any of its files), else the
// file itself.
func scopeKey(f *sdk.FileFacts) string {
	if f.GetPackageScope() && f.GetNamespace() != "" {
		return groupOf(f) + "\x00ns\x00" + f.GetNamespace()
	}
	if f.GetPackageScope() {
		return groupOf(f) + "\x00dir\x00" + path.Dir(f.GetPath())
	}
	return groupOf(f) + "\x00file\x00" + f.GetPath()
}

func ownerKey(f *sdk.FileFacts, receiver string) string { return scopeKey(f) + "\x00" + receiver }

func add(m map[string]map[string][]int, k, name string, i int) {
	if m[k] == nil {
		m[k] = map[string][]int{}
	}
	m[k][name] = append(m[k][name], i)
}

// newScopes makes the scopes of facts, whose imports lead where imports
// says. When spent is not nil, the imports are the caller's to give up as
// each file's are bound, before the walk over the files, the largest
// moment of resolve (on spring-boot, 78,000 imports in the facts and as
// many answers, 17 MB): each file's entry of imports is dropped, and the
// imports in its facts too when spent says so of them.
func newScopes(g *Graph, facts []*sdk.FileFacts, imports map[string][]*sdk.ResolvedImport, spent func(*sdk.FileFacts) bool) *scopes {
	x := &scopes{g: g, files: map[string]*fileScope{}, members: map[string]map[string][]int{},
		nsTop: map[string]map[string][]int{}, nsFiles: map[string][]string{}, byQName: map[string]map[string][]int{},
		methodOwners: map[string]map[string][]int{}, global: map[string]map[string][]int{},
		basesMemo: map[int][]int{}, structMemo: map[int][]int{}, overridesMemo: map[overrideKey][]int{}}
	sorted := append([]*sdk.FileFacts(nil), facts...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].GetPath() < sorted[j].GetPath() })
	// A link group's table of every qualified name is made at the size of
	// its definitions, nearly all of whose qualified names are distinct:
	// grown by doubling, a group of spring-boot's size rehashed it a dozen
	// times over. Its table of every name grows as it fills: the distinct
	// names are far fewer (40,900 of spring-boot's JVM group), and made at
	// the size of the definitions it held twice the memory it needs
	// (5.4 MB there) for the few milliseconds that growing costs.
	sizes := map[string]int{}
	for _, f := range sorted {
		sizes[groupOf(f)] += len(f.GetDefinitions())
	}
	for group, n := range sizes {
		x.byQName[group] = make(map[string][]int, n)
	}
	for _, f := range sorted {
		g.Files[f.GetPath()] = f
		fs := &fileScope{facts: f, group: groupOf(f), top: map[string][]int{}, first: len(g.Defs),
			aliases: map[string]*bound{}, names: map[string]*bound{}}
		x.files[f.GetPath()] = fs
		ns := nsKey(f)
		if f.GetNamespace() != "" {
			x.nsFiles[groupOf(f)+"\x00"+f.GetNamespace()] = append(x.nsFiles[groupOf(f)+"\x00"+f.GetNamespace()], f.GetPath())
		}
		funcs := map[string]bool{}
		for _, d := range f.GetDefinitions() {
			if callable(d.GetKind()) {
				funcs[d.GetQualifiedName()] = true
			}
		}
		plain := plainlyNamed(f.GetDefinitions())
		seen := map[string]int{}
		for j, d := range f.GetDefinitions() {
			i := len(g.Defs)
			qn := d.GetQualifiedName()
			repeat := 0
			if j != plain[qn] {
				seen[qn]++
				repeat = seen[qn]
			}
			g.Defs = append(g.Defs, Def{Path: f.GetPath(), Definition: d, Repeat: repeat})
			add(x.byQName, fs.group, qn, i)
			add(x.global, fs.group, d.GetName(), i)
			if r := d.GetReceiver(); r != "" {
				add(x.members, ownerKey(f, r), d.GetName(), i)
				continue
			}
			if parent := parentName(qn); parent != "" && funcs[parent] {
				if fs.locals == nil {
					fs.locals = map[string]map[string][]int{}
				}
				add(fs.locals, parent, d.GetName(), i)
				continue
			}
			fs.top[d.GetName()] = append(fs.top[d.GetName()], i)
			if ns != "" {
				add(x.nsTop, ns, d.GetName(), i)
			}
		}
		fs.end = len(g.Defs)
	}
	// Each definition's own members, and the owners of each member name,
	// for dispatch through structural types.
	x.own = make([]map[string][]int, len(g.Defs))
	for i, d := range g.Defs {
		f := g.Files[d.Path]
		own := x.members[ownerKey(f, d.GetQualifiedName())]
		x.own[i] = own
		if d.GetReceiver() != "" {
			continue
		}
		for name := range own {
			add(x.methodOwners, groupOf(f), name, i)
		}
	}
	x.bindImports(imports, spent)
	x.subtypes = map[int][]int{}
	for i, d := range g.Defs {
		if len(d.GetBases()) > 0 {
			for _, b := range x.bases(i) {
				x.subtypes[b] = append(x.subtypes[b], i)
			}
		}
	}
	return x
}

// nsKey is the key of the namespace whose top-level names a file sees
// without imports, or "".
func nsKey(f *sdk.FileFacts) string {
	if !f.GetPackageScope() {
		return ""
	}
	if n := f.GetNamespace(); n != "" {
		return groupOf(f) + "\x00" + n
	}
	return groupOf(f) + "\x00dir\x00" + path.Dir(f.GetPath())
}

// bindImports records what each file's imports bind. An import the plugin
// could not place is tried against the namespaces files declare: the
// namespace itself, or a type in one. A global import binds in every file
// of its group under the directory of the file that writes it, that file
// included, and in none of them draws an edge to files it does not use.
// With spent, each file's imports are given up once bound (newScopes).
func (x *scopes) bindImports(imports map[string][]*sdk.ResolvedImport, spent func(*sdk.FileFacts) bool) {
	type globalImport struct {
		from string
		imp  *sdk.Import
		b    *bound
		name string
	}
	var globals []globalImport
	for from, fs := range x.files {
		list := imports[from]
		bySpec := map[string]*sdk.ResolvedImport{}
		for _, ri := range list {
			if prev := bySpec[ri.GetSpec()]; prev != nil {
				merged := &sdk.ResolvedImport{Spec: ri.GetSpec(), External: prev.GetExternal() && ri.GetExternal(),
					ToPaths: append(append([]string(nil), prev.GetToPaths()...), ri.GetToPaths()...)}
				bySpec[ri.GetSpec()] = merged
				continue
			}
			bySpec[ri.GetSpec()] = ri
		}
		for _, imp := range fs.facts.GetImports() {
			ri := bySpec[imp.GetSpec()]
			b := &bound{spec: imp.GetSpec(), test: imp.GetTest(), implicit: imp.GetImplicit()}
			if ri != nil {
				b.files, b.external = dedupe(ri.GetToPaths(), from), ri.GetExternal()
			}
			name := ""
			if len(b.files) == 0 && !b.external {
				b.files, name = x.namespaceImport(fs, imp.GetSpec())
			}
			if imp.GetGlobal() {
				globals = append(globals, globalImport{from, imp, b, name})
				continue
			}
			fs.bind(imp, b, name)
		}
		if spent != nil {
			delete(imports, from)
			if spent(fs.facts) {
				fs.facts.Imports = nil
			}
		}
	}
	if len(globals) == 0 {
		return
	}
	// In the order written, so that every run binds alike.
	sort.Slice(globals, func(i, j int) bool {
		if globals[i].from != globals[j].from {
			return globals[i].from < globals[j].from
		}
		return globals[i].imp.GetLine() < globals[j].imp.GetLine()
	})
	for p, fs := range x.files {
		for _, g := range globals {
			dir := path.Dir(g.from)
			if fs.group != x.files[g.from].group || dir != "." && p != dir && !strings.HasPrefix(p, dir+"/") {
				continue
			}
			b := &bound{files: dedupe(g.b.files, p), external: g.b.external, spec: g.b.spec, global: true}
			fs.bind(g.imp, b, g.name)
		}
	}
}

// bind records what one import binds in the file: b is where it leads,
// name the name it names in a namespace, if it names one.
func (fs *fileScope) bind(imp *sdk.Import, b *bound, name string) {
	if len(b.files) > 0 {
		fs.resolved = append(fs.resolved, b)
	}
	alias := imp.GetAlias()
	if alias == "" && name != "" && len(imp.GetNames()) == 0 {
		alias = name
	}
	star := false
	names := imp.GetNames()
	if alias != "" && alias != "_" && alias != "." && len(names) == 1 && names[0] != "*" && names[0] != alias {
		// One name imported under another: the alias is that name.
		fs.names[alias] = &bound{files: b.files, external: b.external, name: names[0], spec: b.spec, global: b.global}
		return
	}
	for _, n := range names {
		if n == "*" {
			star = true
			continue
		}
		fs.names[n] = b
	}
	switch {
	case alias == "." || star:
		fs.wild = append(fs.wild, b.files...)
	case alias != "" && alias != "_":
		if alias == name {
			fs.names[alias] = b // an import of a type binds its name
		} else if prev := fs.aliases[alias]; prev != nil {
			// Several imports binding one alias: all their files.
			fs.aliases[alias] = &bound{files: uniq(append(append([]string(nil), prev.files...), b.files...)),
				external: prev.external && b.external}
		} else {
			fs.aliases[alias] = b
		}
	case len(imp.GetNames()) == 0:
		// Binds nothing by name: everything it reaches is in scope
		// (an include, a namespace `using`).
		fs.wild = append(fs.wild, b.files...)
	}
}

// namespaceImport places an import spec among the namespaces of the file's
// group: the files of the namespace it names, or the file defining the name
// it names in one (then name is that name).
func (x *scopes) namespaceImport(fs *fileScope, spec string) (files []string, name string) {
	if spec == "" {
		return nil, ""
	}
	if files := x.nsFiles[fs.group+"\x00"+spec]; len(files) > 0 {
		return files, ""
	}
	cut := -1
	sepLen := 0
	for _, sep := range []string{".", "\\", "::", "/"} {
		if i := strings.LastIndex(spec, sep); i > cut {
			cut, sepLen = i, len(sep)
		}
	}
	if cut <= 0 {
		return nil, ""
	}
	ns, n := spec[:cut], spec[cut+sepLen:]
	for _, d := range x.nsTop[fs.group+"\x00"+ns][n] {
		files = append(files, x.g.Defs[d].Path)
	}
	return uniq(files), n
}

// dedupe is the files an import reached, each once and without the
// importing file itself, unless that is all it reached.
func dedupe(files []string, self string) []string {
	if len(files) < 2 {
		return files
	}
	seen := map[string]bool{self: true}
	out := files[:0:0]
	for _, f := range files {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// maxReexport bounds how many files a re-exported name is followed
// through (a package's index module, its subpackage's, the module).
const maxReexport = 3

// topIn returns the top-level definitions named name in files, following
// names those files only import (re-exports) up to maxReexport files on.
//
// Each file is visited once, and put on the next step's list once: the
// files a namespace imports wholesale import the same namespaces again,
// and a list of every such file's imports grew as their square at each
// step (a name found nowhere cost minutes on a repository of 900 files).
func (x *scopes) topIn(files []string, name string) []int {
	var seen smallSet[string]
	var cur []string
	for _, f := range files {
		if seen.add(f) {
			cur = append(cur, f)
		}
	}
	for step := 0; step <= maxReexport && len(cur) > 0; step++ {
		var found []int
		var next []string
		for _, f := range cur {
			fs := x.files[f]
			if fs == nil {
				continue
			}
			found = append(found, fs.top[name]...)
			if b := fs.names[name]; b != nil {
				for _, g := range b.files {
					if seen.add(g) {
						next = append(next, g)
					}
				}
			}
			for _, g := range fs.wild {
				if seen.add(g) {
					next = append(next, g)
				}
			}
		}
		if len(found) > 0 {
			return found
		}
		cur = next
	}
	return nil
}

// submodule returns the files of module name below the directories of
// files: `from pkg import mod` binds mod to pkg/mod.* or pkg/mod/*.
func (x *scopes) submodule(files []string, name string) []string {
	if x.byDir == nil {
		x.byDir, x.byDirStem = map[string][]string{}, map[[2]string][]string{}
		for p := range x.files {
			d := path.Dir(p)
			x.byDir[d] = append(x.byDir[d], p)
			k := [2]string{d, stem(p)}
			x.byDirStem[k] = append(x.byDirStem[k], p)
		}
	}
	var out []string
	for _, f := range files {
		dir := path.Dir(f)
		out = append(out, x.byDir[path.Join(dir, name)]...)
		out = append(out, x.byDirStem[[2]string{dir, name}]...)
	}
	sort.Strings(out)
	return uniq(out)
}

// lookup evaluates a bare name in a file's scope.
func (x *scopes) lookup(fs *fileScope, name string) value {
	if ids := fs.top[name]; len(ids) > 0 {
		return value{defs: ids, via: viaScope}
	}
	if b := fs.names[name]; b != nil {
		if b.external {
			return value{external: true}
		}
		orig := name
		if b.name != "" {
			orig = b.name
		}
		// `from pkg import mod` may resolve to the module itself, or to
		// a subpackage's own module in directory mod: it is the module,
		// unless the package's other files define the name. (An import
		// whose spec holds the name, `import a.b.Foo`, names what its
		// file defines.)
		var mods, others []string
		for _, f := range b.files {
			// A subpackage's own module, not a module the spec names
			// (`from .std import tqdm` in package tqdm is std's tqdm).
			sub := path.Base(path.Dir(f)) == orig && !specNames(b.spec, stem(f))
			if (stem(f) == orig || sub) && !specNames(b.spec, orig) {
				mods = append(mods, f)
			} else {
				others = append(others, f)
			}
		}
		if len(mods) > 0 {
			if ids := x.topIn(others, orig); len(ids) > 0 {
				return value{defs: ids, via: viaImport}
			}
			return value{files: mods, via: viaImport}
		}
		if ids := x.topIn(b.files, orig); len(ids) > 0 {
			return value{defs: ids, via: viaImport}
		}
		if files := x.submodule(b.files, orig); len(files) > 0 {
			return value{files: files, via: viaImport}
		}
	}
	if b := fs.aliases[name]; b != nil {
		if b.external {
			return value{external: true}
		}
		if len(b.files) > 0 {
			return value{files: b.files, via: viaImport}
		}
	}
	if ns := nsKey(fs.facts); ns != "" {
		if ids := x.nsTop[ns][name]; len(ids) > 0 {
			return value{defs: ids, via: viaScope}
		}
		if fs.facts.GetNestedNamespaces() {
			for n := parentName(fs.facts.GetNamespace()); n != ""; n = parentName(n) {
				if ids := x.nsTop[fs.group+"\x00"+n][name]; len(ids) > 0 {
					return value{defs: ids, via: viaScope}
				}
			}
		}
	}
	if len(fs.wild) > 0 {
		if ids := x.topIn(fs.wild, name); len(ids) > 0 {
			return value{defs: ids, via: viaImport}
		}
	}
	// A namespace of the group, named from within an enclosing one or
	// from the top (`log.Writer` in namespace `db` may be `db.log`).
	for ns := fs.facts.GetNamespace(); ; {
		full := name
		if ns != "" {
			full = ns + "." + name
		}
		if files := x.nsFiles[fs.group+"\x00"+full]; len(files) > 0 {
			return value{files: files, via: viaImport}
		}
		if ns == "" {
			break
		}
		if i := strings.LastIndexByte(ns, '.'); i >= 0 {
			ns = ns[:i]
		} else {
			ns = ""
		}
	}
	return value{}
}

// segment is one step of a reference.
type segment struct {
	name  string
	call  bool // name() : the result of calling it
	super bool // ^name : the bases of the type
}

func parseRef(ref string) []segment {
	parts := strings.Split(ref, ".")
	out := make([]segment, 0, len(parts))
	for _, p := range parts {
		s := segment{name: p}
		if strings.HasSuffix(s.name, "()") {
			s.name, s.call = strings.TrimSuffix(s.name, "()"), true
		}
		if strings.HasPrefix(s.name, "^") {
			s.name, s.super = s.name[1:], true
		}
		if s.name == "" {
			return nil
		}
		out = append(out, s)
	}
	return out
}

// eval evaluates a reference in a file's scope to a type or a module.
func (x *scopes) eval(fs *fileScope, ref string, depth int) value {
	if elems := tupleElems(ref); elems != nil {
		return value{tuple: elems, tupleIn: fs}
	}
	segs := parseRef(ref)
	if len(segs) == 0 || depth > maxDepth {
		return value{}
	}
	v := x.typeOf(x.lookup(fs, segs[0].name), segs[0].call, depth)
	v = x.super(v, segs[0].super)
	rest := segs[1:]
	if v.empty() && !v.external && len(segs) > 2 {
		// A name written in full (`com.acme.util.Strings.pad`): its
		// longest prefix that is a namespace of the group.
		for n := len(segs) - 1; n >= 2; n-- {
			var parts []string
			for _, sg := range segs[:n] {
				parts = append(parts, sg.name)
			}
			if files := x.nsFiles[fs.group+"\x00"+strings.Join(parts, ".")]; len(files) > 0 {
				v, rest = value{files: files, via: viaImport}, segs[n:]
				break
			}
		}
	}
	for _, s := range rest {
		if v.external || v.empty() {
			return v
		}
		v = x.super(x.typeOf(x.member(v, s.name, s.call, depth), s.call, depth), s.super)
	}
	return v
}

// touched returns the files defining what a reference names at each step
// (a constant, a variable, a type), before the step takes its type: what a
// file uses when it writes the reference.
func (x *scopes) touched(fs *fileScope, ref string) []string {
	segs := parseRef(ref)
	if len(segs) == 0 {
		return nil
	}
	var out []string
	mark := func(v value) {
		for _, d := range v.defs {
			out = append(out, x.g.Defs[d].Path)
		}
	}
	v := x.lookup(fs, segs[0].name)
	mark(v)
	for _, s := range segs[1:] {
		v = x.typeOf(v, false, 0)
		if v.external || v.empty() {
			break
		}
		v = x.member(v, s.name, false, 0)
		mark(v)
	}
	// A reference that ends at a module (`worker`, used as a value) uses
	// the module's files.
	out = append(out, v.files...)
	return out
}

// super replaces a value's types by their bases, for a ^ segment.
func (x *scopes) super(v value, super bool) value {
	if !super {
		return v
	}
	var bases []int
	for _, d := range v.defs {
		bases = append(bases, x.bases(d)...)
	}
	v.defs = bases
	return v
}

// typeOf turns the definitions a name reached into the type of the value
// it stands for: a type stays itself (called, it makes an instance), a
// function called gives its result type, a variable its declared type.
func (x *scopes) typeOf(v value, call bool, depth int) value {
	if len(v.defs) == 0 {
		return v
	}
	out := value{via: v.via}
	for _, d := range x.preferDefault(v.defs) {
		def := x.g.Defs[d]
		switch k := def.GetKind(); {
		case callable(k):
			if call && def.GetType() != "" {
				t := x.eval(x.files[def.Path], def.GetType(), depth+1)
				out.defs = append(out.defs, t.defs...)
				out.external = out.external || t.external
				out = withTuple(out, t)
			}
		case valueKind(k):
			if def.GetType() != "" {
				t := x.eval(x.files[def.Path], def.GetType(), depth+1)
				out.defs = append(out.defs, t.defs...)
				out.files = append(out.files, t.files...)
				out.external = out.external || t.external
				out = withTuple(out, t)
			}
		default:
			if def.GetDeclaration() {
				if full := x.definitionsOf(d); len(full) > 0 {
					out.defs = append(out.defs, full...)
					continue
				}
			}
			out.defs = append(out.defs, d)
		}
	}
	if len(out.defs) > 0 || len(out.files) > 0 {
		out.external = false
	}
	// Overloads and repeated types lead to the same types: keep each once,
	// or a chain of calls multiplies them at every step.
	out.defs = uniq(out.defs)
	return out
}

// member looks name up in a value: a module's top-level definitions, or a
// type's members, fields and bases.
func (x *scopes) member(v value, name string, call bool, depth int) value {
	if len(v.tuple) > 0 {
		if e, ok := x.element(v, name, depth); ok {
			return e
		}
	}
	if len(v.files) > 0 {
		if ids := x.topIn(v.files, name); len(ids) > 0 {
			return value{defs: ids, via: v.via}
		}
		if files := x.submodule(v.files, name); len(files) > 0 {
			return value{files: files, via: v.via}
		}
		return value{}
	}
	out := value{via: v.via}
	for _, t := range v.defs {
		ids, field, owner := x.findMember(t, name)
		// A field and a method of one name: a call means the method, a
		// plain step the field.
		var methods []int
		for _, i := range ids {
			if callable(x.g.Defs[i].GetKind()) == call {
				methods = append(methods, i)
			}
		}
		if len(methods) > 0 || field == "" {
			out.defs = append(out.defs, ids...)
			if len(methods) > 0 && call {
				continue
			}
		}
		if field != "" {
			fv := x.eval(x.files[x.g.Defs[owner].Path], field, depth+1)
			out.defs = append(out.defs, fv.defs...)
			out.files = append(out.files, fv.files...)
			out.external = out.external || fv.external
			out = withTuple(out, fv)
		}
	}
	out.defs = uniq(out.defs)
	return out
}

// membersOf returns a type's own members named name.
func (x *scopes) membersOf(t int, name string) []int { return x.own[t][name] }

// findMember looks name up in type t, then breadth first through its bases:
// the nearest definitions, or the nearest field's type reference and the
// type declaring it.
func (x *scopes) findMember(t int, name string) (ids []int, field string, owner int) {
	var seen smallSet[int]
	level := []int{t}
	for depth := 0; depth <= maxDepth && len(level) > 0; depth++ {
		var next []int
		for _, c := range level {
			if !seen.add(c) {
				continue
			}
			ids = append(ids, x.membersOf(c, name)...)
			if field == "" {
				for _, f := range x.g.Defs[c].GetFields() {
					if f.GetName() == name && f.GetType() != "" {
						field, owner = f.GetType(), c
						break
					}
				}
			}
			next = append(next, x.bases(c)...)
		}
		if len(ids) > 0 || field != "" {
			return ids, field, owner
		}
		level = next
	}
	return nil, "", 0
}

// bases evaluates a type's base references, once.
func (x *scopes) bases(t int) []int {
	if b, ok := x.basesMemo[t]; ok {
		return b
	}
	x.basesMemo[t] = nil // cuts cycles
	d := x.g.Defs[t]
	fs := x.files[d.Path]
	var out []int
	for _, ref := range d.GetBases() {
		for _, b := range x.eval(fs, ref, 1).defs {
			if b != t {
				out = append(out, b)
			}
		}
	}
	x.basesMemo[t] = out
	return out
}

// preferDefault drops definitions in variant files when any candidate is
// in the default build.
func (x *scopes) preferDefault(ids []int) []int {
	if len(ids) < 2 {
		return ids
	}
	var def []int
	for _, i := range ids {
		if !x.g.Files[x.g.Defs[i].Path].GetVariant() {
			def = append(def, i)
		}
	}
	if len(def) == 0 || len(def) == len(ids) {
		return ids
	}
	return def
}

// forCaller chooses among the definitions a call reaches: those of the
// default build, unless the calling file is a variant itself. A variant is
// built with the variants beside it, so among the definitions of one
// qualified name (a declaration's, a name defined per platform) its calls
// reach the nearest: those sharing the most of its directory, then the
// last word of its file name ("windows" of env_windows), then the
// default's. libuv's src/win/tcp calls the uv_translate_sys_error of
// src/win/error, not that of src/unix/core. Definitions of different
// names (the overrides a call may dispatch to) are each kept.
func (x *scopes) forCaller(ids []int) []int {
	if x.variantCaller == "" || len(ids) < 2 {
		return x.preferDefault(ids)
	}
	from, suffix := x.variantCaller, stemSuffix(x.variantCaller)
	groups := map[string][]int{}
	var names []string
	for _, i := range ids {
		qn := x.g.Defs[i].GetQualifiedName()
		if _, ok := groups[qn]; !ok {
			names = append(names, qn)
		}
		groups[qn] = append(groups[qn], i)
	}
	var out []int
	for _, qn := range names {
		g := nearest(groups[qn], func(i int) int { return sharedDirs(from, x.g.Defs[i].Path) })
		g = nearest(g, func(i int) int {
			if suffix != "" && stemSuffix(x.g.Defs[i].Path) == suffix {
				return 1
			}
			return 0
		})
		out = append(out, x.preferDefault(g)...)
	}
	return out
}

// nearest keeps the ids of the highest score.
func nearest(ids []int, score func(int) int) []int {
	best, out := -1, []int(nil)
	for _, i := range ids {
		switch s := score(i); {
		case s > best:
			best, out = s, append(out[:0], i)
		case s == best:
			out = append(out, i)
		}
	}
	return out
}

// sharedDirs counts the leading directories two paths share.
func sharedDirs(a, b string) int {
	da, db := strings.Split(path.Dir(a), "/"), strings.Split(path.Dir(b), "/")
	n := 0
	for n < len(da) && n < len(db) && da[n] == db[n] && da[n] != "." {
		n++
	}
	return n
}

// stemSuffix is the last word of a file's stem after an underscore, a
// hyphen or a dot ("windows" of env_windows, "android" of
// Image.android), "" when it has one word.
func stemSuffix(p string) string {
	s := stem(p)
	if i := strings.LastIndexAny(s, "_-."); i > 0 {
		return strings.ToLower(s[i+1:])
	}
	return ""
}

// resolveCall finds what a call reaches, how, and when it reaches nothing,
// why ("builtin", "external", "unknown"). Among overloads only those taking
// the call's arguments are kept; several left are told apart no further,
// and each is reached at dispatch confidence.
func (x *scopes) resolveCall(fs *fileScope, c *sdk.Call, caller int, hasCaller bool) ([]target, string, string) {
	if fs.facts.GetVariant() {
		x.variantCaller = fs.facts.GetPath()
		defer func() { x.variantCaller = "" }()
	}
	targets, via, why := x.resolveCallAny(fs, c, caller, hasCaller)
	if c.GetMacro() {
		kept := targets[:0]
		for _, t := range targets {
			if x.g.Defs[t.def].GetKind() == "macro" {
				kept = append(kept, t)
			}
		}
		if targets = kept; len(targets) == 0 {
			return nil, "", "unknown"
		}
	}
	return x.overloads(targets, c.GetArguments()), via, why
}

// overloads keeps the targets that can take n arguments (n counted plus
// one, 0: unknown), unless none can; targets left sharing a qualified name
// are overloads the call cannot tell apart.
func (x *scopes) overloads(targets []target, n int32) []target {
	if len(targets) < 2 {
		return targets
	}
	if n > 0 {
		// Those that take n; failing any, those whose count is unknown
		// (a count the plugin could not state); failing those, all.
		var fit, unknown []target
		for _, t := range targets {
			d := x.g.Defs[t.def]
			lo, hi := d.GetMinArguments(), d.GetMaxArguments()
			switch {
			case lo == 0 && hi == 0:
				unknown = append(unknown, t)
				fit = append(fit, t)
			case (lo == 0 || n >= lo) && (hi == 0 || n <= hi):
				fit = append(fit, t)
			}
		}
		switch {
		case len(fit) > len(unknown):
			targets = fit
		case len(unknown) > 0:
			targets = unknown
		}
	}
	if len(targets) > smallSetMax {
		byName := map[string]int{}
		for _, t := range targets {
			byName[x.g.Defs[t.def].GetQualifiedName()]++
		}
		for i, t := range targets {
			if d := x.g.Defs[t.def]; byName[d.GetQualifiedName()] > 1 && callable(d.GetKind()) {
				targets[i].via = viaDispatch
			}
		}
		return targets
	}
	// Few: compared pairwise, with no map.
	for i, t := range targets {
		d := x.g.Defs[t.def]
		if !callable(d.GetKind()) {
			continue
		}
		qn := d.GetQualifiedName()
		for j, u := range targets {
			if j != i && x.g.Defs[u.def].GetQualifiedName() == qn {
				targets[i].via = viaDispatch
				break
			}
		}
	}
	return targets
}

func (x *scopes) resolveCallAny(fs *fileScope, c *sdk.Call, caller int, hasCaller bool) ([]target, string, string) {
	name := c.GetName()
	ref := c.GetReceiver()
	topLevel := ref == topLevelReceiver
	if topLevel {
		ref = ""
	} else if ref == "" {
		ref = c.GetQualifier()
	}
	if ref == "" {
		if ids := fs.local(c.GetCaller(), name); len(ids) > 0 && !topLevel {
			return x.callTargets(ids, c.GetConstructor()), viaScope, ""
		}
		if hasCaller && fs.facts.GetImplicitReceiver() && !topLevel {
			// An implicit receiver: the caller's owner and its bases
			// come before the file's scope.
			if owners := x.ownerTypes(caller); len(owners) > 0 {
				if targets, via, _ := x.memberCall(owners, name, c.GetConstructor()); len(targets) > 0 {
					return targets, via, ""
				}
			}
		}
		v := x.lookup(fs, name)
		if v.external {
			return nil, "", "external"
		}
		if len(v.defs) > 0 {
			// A builtin's name the file can see defined in the repository
			// (its own, its namespace's, an import's) is that definition.
			return x.callTargets(v.defs, c.GetConstructor()), v.via, ""
		}
		if c.GetBuiltin() {
			return nil, "", "builtin"
		}
		if fs.facts.GetPackageScope() {
			// Everything an unqualified call can reach in such a file is
			// in its scope: a miss is not a repository definition.
			return nil, "", "unknown"
		}
		return x.byName(fs, name, false)
	}
	if ref == unknownReceiver {
		if c.GetBuiltin() {
			// A method of the language's own types on a value the plugin
			// cannot type: no repository method stands in for it.
			return nil, "", "builtin"
		}
		// A value the plugin knows it cannot type: its name says nothing,
		// but for a trait in scope declaring it, which is a guess (1 wrong
		// in 4 where measured against a compiler, BENCHMARKS.md: untyped
		// values are as often of other libraries' types).
		if targets := x.traitCall(fs, name); len(targets) > 0 {
			return targets, viaName, ""
		}
		return x.byName(fs, name, true)
	}
	v := x.eval(fs, ref, 0)
	switch {
	case v.external:
		return nil, "", "external"
	case len(v.files) > 0:
		ids := x.topIn(v.files, name)
		if len(ids) == 0 {
			return nil, "", "unknown"
		}
		return x.callTargets(ids, c.GetConstructor()), viaImport, ""
	case len(v.defs) > 0:
		targets, via, why := x.memberCall(v.defs, name, c.GetConstructor())
		if len(targets) == 0 {
			// A type of the repository without the method: a trait in
			// scope gives it (1 wrong in 70 where measured against a
			// compiler, BENCHMARKS.md).
			if t := x.traitCall(fs, name); len(t) > 0 {
				return t, viaImport, ""
			}
		}
		return targets, via, why
	}
	if c.GetBuiltin() {
		return nil, "", "builtin"
	}
	if targets := x.traitCall(fs, name); len(targets) > 0 {
		return targets, viaName, "" // an untyped value: a guess (see above)
	}
	return x.byName(fs, name, true)
}

// traitCall resolves a method call the receiver did not settle to the one
// method of that name among the traits in the file's scope, in a language
// whose traits work so (trait_methods_in_scope); nil when none or several
// declare it.
func (x *scopes) traitCall(fs *fileScope, name string) []target {
	if !fs.facts.GetTraitMethodsInScope() {
		return nil
	}
	if !fs.traitsDone {
		fs.traitsDone = true
		add := func(ids []int) {
			for _, i := range ids {
				if abstractType(x.g.Defs[i].GetKind()) {
					fs.traits = append(fs.traits, i)
				}
			}
		}
		for _, ids := range fs.top {
			add(ids)
		}
		for n := range fs.names {
			add(x.lookup(fs, n).defs)
		}
		fs.traits = uniq(fs.traits)
	}
	var found []int
	for _, t := range fs.traits {
		found = append(found, x.membersOf(t, name)...)
	}
	if found = uniq(found); len(found) != 1 {
		return nil
	}
	return x.callTargets(found, false)
}

// ownerTypes returns the type definitions a member definition belongs to,
// wherever in its group they are defined (a method defined out of its
// class's file names the class by qualified name).
func (x *scopes) ownerTypes(member int) []int {
	d := x.g.Defs[member]
	r := d.GetReceiver()
	if r == "" {
		return nil
	}
	var out []int
	for _, i := range x.byQName[groupOf(x.g.Files[d.Path])][r] {
		if k := x.g.Defs[i].GetKind(); !callable(k) && !valueKind(k) {
			out = append(out, i)
		}
	}
	return x.preferDefault(x.sameNamespace(d.Path, out))
}

// memberCall resolves a call of name on values of the given types.
func (x *scopes) memberCall(types []int, name string, ctor bool) ([]target, string, string) {
	types = x.sameType(x.preferDefault(uniq(types)))
	var out []target
	var seen smallSet[int]
	addT := func(d int, via string) {
		if seen.add(d) {
			out = append(out, target{def: d, via: via})
		}
	}
	via := viaReceiver
	if len(types) > 1 {
		via = viaDispatch
	}
	for _, t := range types {
		ids, _, _ := x.findMember(t, name)
		for _, d := range x.callTargets(ids, ctor) {
			addT(d.def, d.via)
			if x.g.Defs[d.def].GetAbstract() || x.structural(t) {
				for _, o := range x.callTargets(x.overrides(t, name), ctor) {
					addT(o.def, viaDispatch)
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, "", "external"
	}
	return out, via, ""
}

// sameType keeps one of several definitions of one type: a type reopened
// in other files of its namespace, a partial class, generic-arity twins.
// They share their members (their owner key), so they are one receiver.
func (x *scopes) sameType(types []int) []int {
	if len(types) < 2 {
		return types
	}
	seen := map[string]bool{}
	out := types[:0:0]
	for _, t := range types {
		d := x.g.Defs[t]
		k := ownerKey(x.g.Files[d.Path], d.GetQualifiedName())
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}

// uniq keeps the first of each value, in order.
func uniq[T comparable](xs []T) []T {
	var seen smallSet[T]
	out := xs[:0:0]
	for _, x := range xs {
		if seen.add(x) {
			out = append(out, x)
		}
	}
	return out
}

// smallSet is a set that stays a slice while it holds few values: the
// sets resolution makes for each name it evaluates (the definitions it
// reached, the files it looked in) nearly always do, and a map each was
// a fifth of Resolve's time.
type smallSet[T comparable] struct {
	list []T
	m    map[T]bool
}

// smallSetMax is how many values a smallSet holds before it takes a map.
const smallSetMax = 16

// add adds v and reports whether it was not there.
func (s *smallSet[T]) add(v T) bool {
	if s.m != nil {
		if s.m[v] {
			return false
		}
		s.m[v] = true
		return true
	}
	for _, w := range s.list {
		if w == v {
			return false
		}
	}
	s.list = append(s.list, v)
	if len(s.list) > smallSetMax {
		s.m = make(map[T]bool, 2*len(s.list))
		for _, w := range s.list {
			s.m[w] = true
		}
		s.list = nil
	}
	return true
}

func (x *scopes) structural(t int) bool { return x.g.Defs[t].GetStructural() }

// overrides returns the members named name of the types that may stand in
// for t: its subtypes (transitively) and, for a structural type, every type
// of its group with all of its members.
func (x *scopes) overrides(t int, name string) []int {
	k := overrideKey{t, name}
	if out, ok := x.overridesMemo[k]; ok {
		return out
	}
	out := x.overridesOf(t, name)
	x.overridesMemo[k] = out
	return out
}

// overridesOf is overrides, worked out: its callers only read the slice,
// so one answer serves every call of name on t.
func (x *scopes) overridesOf(t int, name string) []int {
	var out []int
	seen := map[int]bool{t: true}
	queue := append([]int(nil), x.subtypes[t]...)
	if x.structural(t) {
		queue = append(queue, x.implementers(t)...)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, x.membersOf(s, name)...)
		queue = append(queue, x.subtypes[s]...)
	}
	return out
}

// implementers returns the types having every member a structural type
// declares.
func (x *scopes) implementers(t int) []int {
	if m, ok := x.structMemo[t]; ok {
		return m
	}
	own := x.own[t]
	var names []string
	for n := range own {
		names = append(names, n)
	}
	var out []int
	if len(names) > 0 {
		sort.Strings(names)
		group := groupOf(x.g.Files[x.g.Defs[t].Path])
	candidates:
		for _, c := range x.methodOwners[group][names[0]] {
			if c == t || x.structural(c) {
				continue
			}
			for _, n := range names[1:] {
				if len(x.membersOf(c, n)) == 0 {
					continue candidates
				}
			}
			out = append(out, c)
		}
	}
	x.structMemo[t] = out
	return out
}

// callTargets maps the definitions a call's name reached to what the call
// runs: a type's constructors (the type itself without any), a
// declaration's definitions.
func (x *scopes) callTargets(ids []int, ctor bool) []target {
	var out []target
	for _, d := range x.forCaller(uniq(ids)) {
		def := x.g.Defs[d]
		switch {
		case callable(def.GetKind()) && def.GetDeclaration():
			impl := x.definitionsOf(d)
			if len(impl) == 0 {
				out = append(out, target{def: d})
			}
			for _, i := range impl {
				out = append(out, target{def: i})
			}
		case callable(def.GetKind()) || valueKind(def.GetKind()):
			out = append(out, target{def: d})
		case !ctor:
			// A type named by a call that constructs nothing is a
			// conversion (or a call the plugin could not tell apart):
			// no edge.
		case abstractType(def.GetKind()):
			// Nothing constructs an interface.
		case def.GetKind() == "type" && def.GetType() != "":
			// An alias constructs what it names.
			// (One step: an alias of an alias constructs nothing here,
			// which also keeps a cycle of aliases finite.)
			v := x.typeOf(x.eval(x.files[def.Path], def.GetType(), 1), false, 1)
			var named []int
			for _, n := range v.defs {
				if x.g.Defs[n].GetKind() != "type" {
					named = append(named, n)
				}
			}
			out = append(out, x.callTargets(named, ctor)...)
		default:
			ctors := 0
			for _, m := range x.ctorsOf(d) {
				if x.g.Defs[m].GetDeclaration() {
					if full := x.definitionsOf(m); len(full) > 0 {
						for _, f := range full {
							out = append(out, target{def: f})
						}
						ctors++
						continue
					}
				}
				out = append(out, target{def: m})
				ctors++
			}
			if ctors == 0 {
				out = append(out, target{def: d})
			}
		}
	}
	return out
}

// abstractType reports kinds of types no call constructs.
func abstractType(kind string) bool {
	switch kind {
	case "interface", "trait", "protocol":
		return true
	}
	return false
}

func (x *scopes) ctorsOf(t int) []int {
	var out []int
	for _, ids := range x.own[t] {
		for _, i := range ids {
			if x.g.Defs[i].GetKind() == "constructor" {
				out = append(out, i)
			}
		}
	}
	sort.Ints(out)
	return out
}

// definitionsOf returns the definitions (with bodies) of what a declaration
// declares: the same qualified name in the same group.
func (x *scopes) definitionsOf(decl int) []int {
	d := x.g.Defs[decl]
	var out []int
	for _, i := range x.byQName[groupOf(x.g.Files[d.Path])][d.GetQualifiedName()] {
		if e := x.g.Defs[i]; !e.GetDeclaration() && callable(e.GetKind()) == callable(d.GetKind()) {
			out = append(out, i)
		}
	}
	return x.forCaller(x.sameNamespace(d.Path, out))
}

// sameNamespace keeps the definitions in the namespace of the file at
// path, when any is: qualified names that leave the namespace out repeat
// across namespaces.
func (x *scopes) sameNamespace(path string, ids []int) []int {
	ns := x.g.Files[path].GetNamespace()
	if ns == "" || len(ids) < 2 {
		return ids
	}
	var same []int
	for _, i := range ids {
		if x.g.Files[x.g.Defs[i].Path].GetNamespace() == ns {
			same = append(same, i)
		}
	}
	if len(same) == 0 {
		return ids
	}
	return same
}

// byName is the last resort when nothing narrowed a call: a name defined
// once in the group, and only where the caller can see it (its own
// directory or a file it imports). Members count only for a call with a
// receiver.
func (x *scopes) byName(fs *fileScope, name string, members bool) ([]target, string, string) {
	var cands []int
	for _, i := range x.global[fs.group][name] {
		d := x.g.Defs[i]
		if (d.GetReceiver() != "") != members || !callable(d.GetKind()) {
			continue
		}
		cands = append(cands, i)
	}
	if len(cands) != 1 || !x.visible(fs, x.g.Defs[cands[0]].Path, members) {
		return nil, "", "unknown"
	}
	return []target{{def: cands[0]}}, viaName, ""
}

// visible tells whether a guess by name may reach a definition in target:
// the file's own, one its imports reach, or one beside it. A method beside
// it counts only where a directory shares its names without imports
// (package_scope) or files link through declarations (link_group): where
// every module imports what it uses, a method call on a value of unknown
// type (`key.decode()` on bytes) is no use of a sibling module that
// defines the only method of that name.
func (x *scopes) visible(fs *fileScope, target string, member bool) bool {
	if target == fs.facts.GetPath() {
		return true
	}
	if path.Dir(target) == path.Dir(fs.facts.GetPath()) && (!member || fs.facts.GetPackageScope() || fs.facts.GetLinkGroup() != "") {
		return true
	}
	for _, b := range fs.resolved {
		for _, f := range b.files {
			if f == target {
				return true
			}
		}
	}
	return false
}

// plainlyNamed returns, for each qualified name of a file's definitions,
// the index of the one whose node takes the name without a "~n": the first
// with a body, else the first. An overloaded function's stubs come before
// its code, and a query for the name must reach the code and its callers.
func plainlyNamed(defs []*sdk.Definition) map[string]int {
	plain := make(map[string]int, len(defs))
	for j, d := range defs {
		qn := d.GetQualifiedName()
		if k, ok := plain[qn]; !ok || defs[k].GetDeclaration() && !d.GetDeclaration() {
			plain[qn] = j
		}
	}
	return plain
}
