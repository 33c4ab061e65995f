package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// The planted structure. Paths derived from these lists do not depend on the
// seed, so tests can assert on them.
const (
	modulePath = "example.com/synth"
	pyRoot     = "pysynth"
	startUnix  = 1609750800 // 2021-01-04 09:00:00 UTC
	spanSecs   = 3 * 365 * 24 * 3600
)

// coreGo and corePy are the core utility files: one Go package per file,
// one Python package holding both Python files.
var coreGo = []struct {
	name  string
	funcs []string
}{
	{"strutil", []string{"Normalize", "Quote", "Split", "Join", "Pad"}},
	{"mathx", []string{"Clamp", "Scale", "Mix", "Round"}},
	{"logx", []string{"Trace", "Mark", "Count"}},
}

var corePy = []struct {
	name  string
	funcs []string
}{
	{"textutil", []string{"normalize", "quote", "split_words", "join_words"}},
	{"numutil", []string{"clamp", "scale", "mix", "round_half"}},
}

// Mid-layer packages in dependency order: a package may call packages before
// it, never after. The first four of each are needed by the co-change groups.
var (
	goMid  = []string{"storage", "query", "api", "proto", "cache", "config", "auth", "session", "index", "render", "metrics", "scheduler", "queue", "search", "notify", "report", "export", "ingest", "billing", "router", "audit", "catalog", "mailer", "tenant"}
	pyMid  = []string{"models", "views", "forms", "client", "services", "workers", "tasks", "pipelines", "adapters", "validators", "parsers", "reports", "exporters", "handlers", "events", "policies"}
	goLeaf = []string{"synthd", "synthctl", "migrate", "seeder", "loadgen", "inspect"}
	pyLeaf = []string{"scripts", "tools", "jobs", "notebooks"}
)

// groups are the planted co-change groups: their files change only together
// (and in the format commit), in about prob of all commits.
var groups = []struct {
	name  string
	files [][2]string // package name, base name
	prob  float64
	who   []string // author keys
	what  []string // commit subjects
}{
	{"schema", [][2]string{{"storage", "schema"}, {"query", "planner"}, {"api", "routes"}}, 0.05,
		[]string{"alice", "bob"}, []string{"add column to records schema", "index records by tenant", "change key layout of records", "add soft-delete flag"}},
	{"user", [][2]string{{"models", "user"}, {"views", "user_view"}, {"forms", "user_form"}}, 0.04,
		[]string{"carol", "eve"}, []string{"add display name to user", "validate user email", "split user name fields", "add user locale"}},
	{"wire", [][2]string{{"proto", "messages"}, {"client", "messages"}}, 0.02,
		[]string{"bob", "carol"}, []string{"add field to wire messages", "bump wire protocol version", "rename wire message field"}},
}

var fileWords = []string{"loader", "parser", "writer", "reader", "builder", "handler", "mapper", "encoder", "decoder", "worker", "pool", "store", "registry", "resolver", "validator", "tracker", "buffer", "codec", "matcher", "scanner", "walker", "emitter", "checker", "merger", "splitter", "sorter", "limiter", "retry", "backoff", "window", "ledger", "cursor", "batch", "shard", "bucket", "token", "record", "event", "signal", "policy", "rule", "task", "job", "stage", "pipeline", "source", "sink", "frame", "packet", "header", "digest", "hasher", "journal", "monitor", "gauge", "counter", "quota", "lease", "lock", "timer", "notifier", "dispatcher", "filter", "snapshot"}

var verbs = []string{"Load", "Apply", "Check", "Build", "Merge", "Reset", "Scan", "Flush", "Parse", "Emit", "Resolve", "Update", "Encode", "Decode", "Filter", "Sort", "Split", "Compute", "Render", "Sync"}

type lang int

const (
	langGo lang = iota
	langPy
)

type layer int

const (
	layerCore layer = iota
	layerMid
	layerLeaf
)

type fileKind int

const (
	kindSrc   fileKind = iota // Go or Python source with functions
	kindTest                  // the package's test file
	kindInit                  // Python __init__.py
	kindOther                 // scaffold: go.mod, Makefile, ci.yml, ...
)

type pkg struct {
	lang    lang
	layer   layer
	idx     int    // position in goMid/pyMid order (mid packages only)
	dir     string // "pkg/storage", "pysynth/models", "cmd/synthd", "scripts"
	name    string // last element of dir
	target  int    // planned .go/.py files including the test file
	made    int    // .go/.py files created so far including the test file
	files   []*file
	test    *file
	words   []string
	next    int
	used    map[string]bool
	created bool
}

type file struct {
	id      int
	kind    fileKind
	pkg     *pkg
	base    string // original base name; function names derive from it
	path    string
	alive   bool
	group   int // 1 + index into groups, 0 if none
	hasMain bool
	renamed bool
	funcs   []*fn
	verbOff int
	nverbs  int
	deps    []*file
	pyStyle map[int]int     // import style per target file id (Python)
	goAlias map[string]bool // aliased import per package dir (Go)
	tests   []*testCase
	rev     int
	render  func(g *gen, f *file) string // kindOther and kindInit
}

type fn struct {
	name string
	ret  int // returned when n <= 0
	k, m int // v := n*k + m
	body []stmt
}

// stmt is one line of a function body: a call if to is set, otherwise
// arithmetic op on the accumulator with constants k and m.
type stmt struct {
	op   int
	k, m int
	to   *file
	fi   int
}

type testCase struct {
	to       *file
	fi       int
	arg      int
	want     int
	testName string
}

func (f *file) isCore() bool { return f.kind == kindSrc && f.pkg.layer == layerCore }

func (p *pkg) ext() string {
	if p.lang == langGo {
		return "go"
	}
	return "py"
}

// planPackages lays out the packages and how many files each will hold.
func (g *gen) planPackages() {
	nGo := int(math.Round(float64(g.cfg.Files) * 0.6))
	nPy := g.cfg.Files - nGo
	mk := func(l lang, ly layer, idx int, dir string, target int) *pkg {
		p := &pkg{lang: l, layer: ly, idx: idx, dir: dir, target: target, used: map[string]bool{}}
		p.name = dir[strings.LastIndex(dir, "/")+1:]
		// Rotate the word list per package so that names vary between
		// packages but never depend on the seed.
		off := (len(g.pkgs) * 11) % len(fileWords)
		p.words = append(append([]string{}, fileWords[off:]...), fileWords[:off]...)
		g.pkgs = append(g.pkgs, p)
		return p
	}
	split := func(total, n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = total / n
			if i < total%n {
				out[i]++
			}
		}
		return out
	}
	// Go: three single-file core packages, mid packages, cmd/ leaves.
	goPk := max(8, int(math.Round(float64(nGo)/25)))
	goLeafN := min(len(goLeaf), max(1, int(math.Round(float64(goPk)/8))))
	goMidN := min(len(goMid), max(4, goPk-len(coreGo)-goLeafN))
	for _, c := range coreGo {
		mk(langGo, layerCore, 0, "pkg/core/"+c.name, 2)
	}
	sizes := split(nGo-2*len(coreGo), goMidN+goLeafN)
	for i := 0; i < goMidN; i++ {
		mk(langGo, layerMid, i, "pkg/"+goMid[i], sizes[i])
	}
	for i := 0; i < goLeafN; i++ {
		mk(langGo, layerLeaf, 0, "cmd/"+goLeaf[i], sizes[goMidN+i])
	}
	// Python: one core package with two files, mid packages, top-level leaves.
	pyPk := max(6, int(math.Round(float64(nPy)/25)))
	pyLeafN := min(len(pyLeaf), max(1, int(math.Round(float64(pyPk)/8))))
	pyMidN := min(len(pyMid), max(4, pyPk-1-pyLeafN))
	mk(langPy, layerCore, 0, pyRoot+"/core", len(corePy)+1)
	sizes = split(nPy-len(corePy)-1, pyMidN+pyLeafN)
	for i := 0; i < pyMidN; i++ {
		mk(langPy, layerMid, i, pyRoot+"/"+pyMid[i], sizes[i])
	}
	for i := 0; i < pyLeafN; i++ {
		mk(langPy, layerLeaf, 0, pyLeaf[i], sizes[pyMidN+i])
	}
	for _, gr := range groups {
		for _, m := range gr.files {
			g.pkgNamed(m[0]).used[m[1]] = true
		}
	}
}

func (g *gen) pkgNamed(name string) *pkg {
	for _, p := range g.pkgs {
		if p.name == name {
			return p
		}
	}
	panic("no package " + name)
}

// nextBase returns the next unused file base name of p.
func (p *pkg) nextBase() string {
	for {
		i := p.next
		p.next++
		w := p.words[i%len(p.words)]
		if i >= len(p.words) {
			w = fmt.Sprintf("%s_%d", w, i/len(p.words)+1)
		}
		if !p.used[w] {
			p.used[w] = true
			return w
		}
	}
}

func (p *pkg) srcPath(base string) string {
	return p.dir + "/" + base + "." + p.ext()
}

func (g *gen) newFile(kind fileKind, p *pkg, base, path string) *file {
	f := &file{id: len(g.files), kind: kind, pkg: p, base: base, path: path, alive: true}
	g.files = append(g.files, f)
	return f
}

// createPkg adds the package's test file (and __init__.py).
func (g *gen) createPkg(p *pkg, ch *change) {
	p.created = true
	if p.lang == langPy {
		init := g.newFile(kindInit, p, "__init__", p.dir+"/__init__.py")
		init.render = renderInit
		ch.touch(init)
		p.test = g.newFile(kindTest, p, "test_"+p.name, p.dir+"/test_"+p.name+".py")
	} else {
		p.test = g.newFile(kindTest, p, p.name+"_test", p.dir+"/"+p.name+"_test.go")
	}
	p.made++
	g.created++
}

// createSrc adds a source file to p with the given function names, or with
// 3-6 verb-derived names if names is nil, and wires its calls.
func (g *gen) createSrc(p *pkg, base string, names []string, ch *change) *file {
	if !p.created {
		g.createPkg(p, ch)
	}
	f := g.newFile(kindSrc, p, base, p.srcPath(base))
	f.pyStyle = map[int]int{}
	f.goAlias = map[string]bool{}
	p.files = append(p.files, f)
	p.made++
	g.created++
	g.chooseDeps(f)
	f.verbOff = g.rng.IntN(len(verbs))
	if names == nil {
		n := 3 + g.rng.IntN(4)
		for i := 0; i < n; i++ {
			f.funcs = append(f.funcs, g.newFunc(f, f.nextFuncName()))
		}
	} else {
		for _, n := range names {
			f.funcs = append(f.funcs, g.newFunc(f, n))
		}
	}
	if p.layer == layerLeaf && len(p.files) == 1 {
		f.hasMain = true
	}
	if n := len(p.test.tests); n < 3 {
		if g.addTest(p.test, f, 0); len(p.test.tests) > n {
			ch.touch(p.test)
		}
	}
	ch.touch(f)
	return f
}

func (f *file) nextFuncName() string {
	v := verbs[(f.verbOff+f.nverbs)%len(verbs)]
	f.nverbs++
	if f.pkg.lang == langGo {
		return camel(f.base) + v
	}
	return f.base + "_" + strings.ToLower(v)
}

func (g *gen) addTest(t, to *file, fi int) {
	name := to.funcs[fi].name
	for _, tc := range t.tests {
		if tc.testName == name {
			return
		}
	}
	t.tests = append(t.tests, &testCase{to: to, fi: fi, arg: 1 + g.rng.IntN(3), want: g.rng.IntN(100000), testName: name})
}

// chooseDeps picks the files f may call: core files of its language, earlier
// files of its package, and files of packages below it.
func (g *gen) chooseDeps(f *file) {
	var core, same, lower []*file
	p := f.pkg
	for _, o := range g.files {
		if !o.alive || o.kind != kindSrc || o == f || o.pkg.lang != p.lang {
			continue
		}
		switch {
		case o.pkg.layer == layerCore:
			core = append(core, o)
		case o.pkg == p:
			same = append(same, o)
		case o.pkg.layer == layerMid && (p.layer == layerLeaf || (p.layer == layerMid && o.pkg.idx < p.idx)):
			lower = append(lower, o)
		}
	}
	switch p.layer {
	case layerCore:
		return
	case layerMid:
		if g.rng.Float64() < 0.9 {
			f.deps = append(f.deps, g.sample(core, 1+g.rng.IntN(2))...)
		}
		f.deps = append(f.deps, g.sample(same, g.rng.IntN(3))...)
		f.deps = append(f.deps, g.sample(lower, g.rng.IntN(3))...)
	case layerLeaf:
		if g.rng.Float64() < 0.6 {
			f.deps = append(f.deps, g.sample(core, 1)...)
		}
		f.deps = append(f.deps, g.sample(lower, 1+g.rng.IntN(3))...)
		f.deps = append(f.deps, g.sample(same, g.rng.IntN(2))...)
	}
}

// sample returns k distinct elements of s in random order.
func (g *gen) sample(s []*file, k int) []*file {
	k = min(k, len(s))
	idx := g.rng.Perm(len(s))[:k]
	out := make([]*file, k)
	for i, j := range idx {
		out[i] = s[j]
	}
	return out
}

func (g *gen) arith() stmt {
	return stmt{op: g.rng.IntN(5), k: 2 + g.rng.IntN(97), m: g.rng.IntN(1000)}
}

func (g *gen) newFunc(f *file, name string) *fn {
	fu := &fn{name: name, ret: 1 + g.rng.IntN(9), k: 2 + g.rng.IntN(9), m: g.rng.IntN(100)}
	for n := 1 + g.rng.IntN(4); n > 0; n-- {
		fu.body = append(fu.body, g.arith())
	}
	if len(f.deps) > 0 {
		// Call every dependency at least once over the file's functions.
		calls := 1 + g.rng.IntN(3)
		for i := 0; i < calls; i++ {
			var to *file
			if i == 0 && len(f.funcs) < len(f.deps) {
				to = f.deps[len(f.funcs)]
			} else {
				to = f.deps[g.rng.IntN(len(f.deps))]
			}
			g.insert(fu, g.callTo(f, to))
		}
	}
	if len(f.funcs) > 0 && g.rng.Float64() < 0.15 {
		g.insert(fu, stmt{to: f, fi: g.rng.IntN(len(f.funcs))})
	}
	return fu
}

// callTo makes a call statement from f into a random function of to, fixing
// how f imports to the first time.
func (g *gen) callTo(f, to *file) stmt {
	if f.pkg.lang == langPy {
		if _, ok := f.pyStyle[to.id]; !ok {
			r := g.rng.Float64()
			style := pyFrom
			if to.pkg == f.pkg {
				switch {
				case r < 0.3:
					style = pyRelFrom
				case r < 0.5:
					style = pyRelModule
				case r < 0.6:
					style = pyImport
				}
			} else {
				switch {
				case r < 0.25:
					style = pyImport
				case r < 0.5:
					style = pyFromModule
				}
			}
			f.pyStyle[to.id] = style
		}
	} else if to.pkg != f.pkg {
		if _, ok := f.goAlias[to.pkg.dir]; !ok {
			f.goAlias[to.pkg.dir] = g.rng.Float64() < 0.1
		}
	}
	return stmt{to: to, fi: g.rng.IntN(len(to.funcs))}
}

func (g *gen) insert(fu *fn, s stmt) {
	i := g.rng.IntN(len(fu.body) + 1)
	fu.body = append(fu.body, stmt{})
	copy(fu.body[i+1:], fu.body[i:])
	fu.body[i] = s
}

// referencers lists the alive files that call into f or test it.
func (g *gen) referencers(f *file) []*file {
	var out []*file
	for _, o := range g.files {
		if !o.alive || o == f {
			continue
		}
		found := false
		for _, fu := range o.funcs {
			for _, s := range fu.body {
				found = found || s.to == f
			}
		}
		for _, tc := range o.tests {
			found = found || tc.to == f
		}
		if found {
			out = append(out, o)
		}
	}
	return out
}

func camel(s string) string {
	var b strings.Builder
	for _, part := range strings.Split(s, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}
