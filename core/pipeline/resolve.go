package pipeline

import (
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// Node and edge kinds written by resolve.
const (
	KindDefinition = "definition"
	EdgeCalls      = "calls"
	EdgeImports    = "imports"
	EdgeFileCalls  = "file-calls"
	EdgeTests      = "tests"
)

// Confidence of a resolved call, by how the callee was found.
const (
	confSameFile   = 1.0
	confImported   = 0.9
	confPackage    = 0.9
	confReceiver   = 0.8
	confUniqueName = 0.5
)

// Graph is the resolved structure of the code at HEAD.
type Graph struct {
	Files   map[string]*sdk.FileFacts
	Defs    []Def
	Calls   map[[2]int]*Link    // def index → def index
	Imports map[[2]string]*Link // file → file
	// FileCalls aggregates calls between files, including top-level calls.
	FileCalls map[[2]string]*Link

	names []string // node names of Defs, made once (NodeNames)
}

// eachFileLink calls fn for every import and file-level call between two
// files the store knows (fileIDs).
func (g *Graph) eachFileLink(fileIDs map[string]int64, fn func(kind string, k [2]string, l *Link)) {
	for _, kind := range []string{EdgeImports, EdgeFileCalls} {
		m := g.Imports
		if kind == EdgeFileCalls {
			m = g.FileCalls
		}
		for k, l := range m {
			if fileIDs[k[0]] != 0 && fileIDs[k[1]] != 0 {
				fn(kind, k, l)
			}
		}
	}
}

// NodeNames returns the node name of every definition, by index.
func (g *Graph) NodeNames() []string {
	if g.names == nil {
		g.names = make([]string, len(g.Defs))
		for i, d := range g.Defs {
			g.names[i] = d.Node()
		}
	}
	return g.names
}

// Def is a definition with its file.
type Def struct {
	Path string
	*sdk.Definition
}

// Node is the definition's node name: unique across the repository.
func (d Def) Node() string { return d.Path + "#" + d.GetQualifiedName() }

// Link is an aggregated edge.
type Link struct {
	Count      int
	Confidence float64
}

type fileIndex struct {
	facts   *sdk.FileFacts
	byName  map[string][]int
	aliases map[string][]string // import alias → files
	names   map[string][]string // from-imported name → files
}

// Resolve joins per-file facts into a graph: imports to files (through each
// language's ResolveImports), calls to definitions (same file, then imported
// files or the same package, then a unique name in the repository).
func Resolve(facts []*sdk.FileFacts, imports map[string][]*sdk.ResolvedImport) *Graph {
	g := &Graph{Files: map[string]*sdk.FileFacts{}, Calls: map[[2]int]*Link{}, Imports: map[[2]string]*Link{}, FileCalls: map[[2]string]*Link{}}
	idx := map[string]*fileIndex{}
	// Names are looked up within the caller's language: a Python call
	// never lands on a Go function, however unique its name.
	byDir := map[string]map[string][]int{}
	global := map[string][]int{}
	for _, f := range facts {
		g.Files[f.GetPath()] = f
		fi := &fileIndex{facts: f, byName: map[string][]int{}, aliases: map[string][]string{}, names: map[string][]string{}}
		idx[f.GetPath()] = fi
		dir := langKey(f, path.Dir(f.GetPath()))
		for _, d := range f.GetDefinitions() {
			i := len(g.Defs)
			g.Defs = append(g.Defs, Def{Path: f.GetPath(), Definition: d})
			fi.byName[d.GetName()] = append(fi.byName[d.GetName()], i)
			global[langKey(f, d.GetName())] = append(global[langKey(f, d.GetName())], i)
			if f.GetPackageScope() {
				if byDir[dir] == nil {
					byDir[dir] = map[string][]int{}
				}
				byDir[dir][d.GetName()] = append(byDir[dir][d.GetName()], i)
			}
		}
	}
	for from, list := range imports {
		fi := idx[from]
		for _, ri := range list {
			for _, to := range ri.GetToPaths() {
				if to != from {
					addLink(g.Imports, [2]string{from, to}, 1)
				}
			}
			if fi == nil {
				continue
			}
			for _, imp := range fi.facts.GetImports() {
				if imp.GetSpec() != ri.GetSpec() {
					continue
				}
				if a := imp.GetAlias(); a != "" && a != "_" && a != "." {
					fi.aliases[a] = append(fi.aliases[a], ri.GetToPaths()...)
				}
				for _, n := range imp.GetNames() {
					fi.names[n] = append(fi.names[n], ri.GetToPaths()...)
				}
			}
		}
	}
	paths := make([]string, 0, len(idx))
	for p := range idx {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	dirFiles := map[string][]string{}
	for _, p := range paths {
		dirFiles[path.Dir(p)] = append(dirFiles[path.Dir(p)], p)
	}
	for _, p := range paths {
		fi := idx[p]
		callerIdx := map[string]int{}
		for _, i := range fi.byNameAll(g) {
			callerIdx[g.Defs[i].GetQualifiedName()] = i
		}
		for _, c := range fi.facts.GetCalls() {
			callee, conf := resolveCall(g, idx, fi, dirFiles, byDir, global, c)
			if callee < 0 {
				continue
			}
			to := g.Defs[callee].Path
			if to != p {
				addLink(g.FileCalls, [2]string{p, to}, conf)
			}
			if caller, ok := callerIdx[c.GetCaller()]; ok && caller != callee {
				addLink(g.Calls, [2]int{caller, callee}, conf)
			}
		}
	}
	return g
}

func (fi *fileIndex) byNameAll(g *Graph) []int {
	var out []int
	for _, ids := range fi.byName {
		out = append(out, ids...)
	}
	return out
}

func addLink[K comparable](m map[K]*Link, k K, conf float64) {
	l := m[k]
	if l == nil {
		l = &Link{}
		m[k] = l
	}
	l.Count++
	if conf > l.Confidence {
		l.Confidence = conf
	}
}

func inFiles(g *Graph, cands []int, files []string) []int {
	if len(files) == 0 {
		return nil
	}
	set := map[string]bool{}
	for _, f := range files {
		set[f] = true
	}
	var out []int
	for _, i := range cands {
		if set[g.Defs[i].Path] {
			out = append(out, i)
		}
	}
	return out
}

// pick chooses among candidates: a callable over a type, then the first by
// file and line, so resolution is deterministic.
func pick(g *Graph, cands []int) int {
	if len(cands) == 0 {
		return -1
	}
	best := cands[0]
	for _, i := range cands[1:] {
		if less(g.Defs[i], g.Defs[best]) {
			best = i
		}
	}
	return best
}

func less(a, b Def) bool {
	ac, bc := callable(a.GetKind()), callable(b.GetKind())
	if ac != bc {
		return ac
	}
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	return a.GetSpan().GetStartLine() < b.GetSpan().GetStartLine()
}

func callable(kind string) bool { return kind == "function" || kind == "method" }

// langKey scopes a name to a file's language.
func langKey(f *sdk.FileFacts, name string) string { return f.GetLanguage() + "\x00" + name }

func resolveCall(g *Graph, idx map[string]*fileIndex, fi *fileIndex, dirFiles map[string][]string, byDir map[string]map[string][]int, global map[string][]int, c *sdk.Call) (int, float64) {
	name, q := c.GetName(), c.GetQualifier()
	all := global[langKey(fi.facts, name)]
	if len(all) == 0 {
		return -1, 0
	}
	// A name looked for in imported files may be defined further on: a
	// package's __init__.py that imports it from a module re-exports it.
	imported := func(files []string) []int {
		if ids := inFiles(g, all, files); len(ids) > 0 {
			return ids
		}
		return inFiles(g, all, reexporters(idx, files, name))
	}
	if q == "" {
		if ids := fi.byName[name]; len(ids) > 0 {
			return pick(g, ids), confSameFile
		}
		if files := fi.names[name]; len(files) > 0 {
			if ids := imported(files); len(ids) > 0 {
				return pick(g, ids), confImported
			}
		}
		if fi.facts.GetPackageScope() {
			if ids := byDir[langKey(fi.facts, path.Dir(fi.facts.GetPath()))][name]; len(ids) > 0 {
				return pick(g, ids), confPackage
			}
		}
	} else {
		if files := fi.aliases[q]; len(files) > 0 {
			if ids := imported(files); len(ids) > 0 {
				return pick(g, ids), confImported
			}
			return -1, 0 // a call into an imported module we know: not elsewhere
		}
		// from pkg import mod; mod.f()
		if files := fi.names[lastDot(q)]; len(files) > 0 {
			if ids := inFiles(g, all, submodules(files, lastDot(q), dirFiles)); len(ids) > 0 {
				return pick(g, ids), confImported
			}
		}
		if q == "self" || q == "cls" || q == "this" {
			if ids := fi.byName[name]; len(ids) > 0 {
				return pick(g, ids), confReceiver
			}
		}
	}
	// Last resort, a name defined once in the repository; but only where
	// the caller can see it (its own directory or a file it imports), so a
	// same-named function in an unrelated package is never taken.
	// In a package-scoped language (Go) an unqualified name is the
	// package's own or a builtin; the package step above has looked.
	if q == "" && fi.facts.GetPackageScope() {
		return -1, 0
	}
	if len(all) == 1 && visible(fi, g.Defs[all[0]].Path) {
		return all[0], confUniqueName
	}
	return -1, 0
}

// maxReexport bounds how many files a re-exported name is followed
// through (a package's __init__.py, its subpackage's, the module).
const maxReexport = 3

// reexporters returns the files that files import name from, and the files
// those import it from, up to maxReexport steps: where a name imported
// from a package is defined when the package only re-exports it.
func reexporters(idx map[string]*fileIndex, files []string, name string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range files {
		seen[f] = true
	}
	for step := 0; step < maxReexport && len(files) > 0; step++ {
		var next []string
		for _, f := range files {
			fi := idx[f]
			if fi == nil {
				continue
			}
			for _, to := range fi.names[name] {
				if !seen[to] {
					seen[to] = true
					next = append(next, to)
				}
			}
		}
		out = append(out, next...)
		files = next
	}
	return out
}

func visible(fi *fileIndex, target string) bool {
	if path.Dir(target) == path.Dir(fi.facts.GetPath()) {
		return true
	}
	for _, files := range fi.aliases {
		for _, f := range files {
			if f == target {
				return true
			}
		}
	}
	for _, files := range fi.names {
		for _, f := range files {
			if f == target {
				return true
			}
		}
	}
	return false
}

// submodules widens "from pkg import mod" targets to pkg/mod.py and
// pkg/mod/__init__.py-style files named after the module.
func submodules(files []string, mod string, dirFiles map[string][]string) []string {
	out := append([]string(nil), files...)
	for _, f := range files {
		dir := path.Dir(f)
		out = append(out, dirFiles[path.Join(dir, mod)]...)
		for _, p := range dirFiles[dir] {
			if strings.TrimSuffix(path.Base(p), path.Ext(p)) == mod {
				out = append(out, p)
			}
		}
	}
	return out
}

func lastDot(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// defMeta is a definition node's metadata.
type defMeta struct {
	Path     string `json:"path"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Line     int32  `json:"line"`
	End      int32  `json:"end"`
	Exported bool   `json:"exported"`
	Doc      string `json:"doc,omitempty"`
}

// countMeta is an edge's metadata, written by hand: tens of thousands of
// edges are compared on every resolve.
func countMeta(count int, test bool) string {
	if test {
		return `{"count":` + strconv.Itoa(count) + `,"test":1}`
	}
	return `{"count":` + strconv.Itoa(count) + `}`
}

func firstSentence(doc string) string {
	doc = strings.Join(strings.Fields(doc), " ")
	if i := strings.Index(doc, ". "); i > 0 {
		doc = doc[:i+1]
	}
	if len(doc) > 200 {
		doc = doc[:197] + "..."
	}
	return doc
}
