package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

type author struct {
	key, name, email string
	oldEmail         string  // used before switchAt (fraction of the history)
	switchAt         float64 //
	login, tz        string
	from, until      float64 // active between these fractions of the history
	weight           float64
	likes            func(*file) bool // the author's area
	commits          int
}

func (g *gen) newAuthors() []*author {
	nGoMid := 0
	for _, p := range g.pkgs {
		if p.lang == langGo && p.layer == layerMid {
			nGoMid++
		}
	}
	is := func(l lang, ly ...layer) func(*file) bool {
		return func(f *file) bool {
			if f.pkg.lang != l {
				return false
			}
			for _, y := range ly {
				if f.pkg.layer == y {
					return true
				}
			}
			return false
		}
	}
	goMidRange := func(lo, hi int) func(*file) bool {
		return func(f *file) bool {
			return f.pkg.lang == langGo && f.pkg.layer == layerMid && f.pkg.idx >= lo && f.pkg.idx < hi
		}
	}
	or := func(a, b func(*file) bool) func(*file) bool {
		return func(f *file) bool { return a(f) || b(f) }
	}
	return []*author{
		{key: "alice", name: "Alice Martin", email: "alice@synth.example", oldEmail: "alice.martin@oldcorp.example", switchAt: 0.4,
			login: "amartin", tz: "+0100", until: 99, weight: 3, likes: or(is(langGo, layerCore), goMidRange(0, nGoMid/3))},
		{key: "bob", name: "Bob Chen", email: "bob@synth.example", login: "bchen", tz: "-0800", from: 0.03, until: 99, weight: 2.5,
			likes: is(langGo, layerMid)},
		{key: "carol", name: "Carol Diaz", email: "carol@synth.example", login: "cdiaz", tz: "+0000", until: 99, weight: 2,
			likes: is(langPy, layerCore, layerMid)},
		{key: "dmitri", name: "Dmitri Ivanov", email: "dmitri@synth.example", login: "divanov", tz: "+0300", until: 0.7, weight: 1.5,
			likes: is(langGo, layerLeaf)},
		{key: "eve", name: "Eve Okafor", email: "eve@synth.example", login: "eokafor", tz: "+0530", from: 0.15, until: 99, weight: 1,
			likes: func(f *file) bool { return f.pkg.lang == langPy && (f.pkg.layer == layerLeaf || f.kind == kindTest) }},
		{key: "farid", name: "Farid Haddad", email: "farid@synth.example", login: "fhaddad", tz: "+0400", from: 0.5, until: 99, weight: 2,
			likes: or(is(langGo, layerLeaf), goMidRange(nGoMid/2, nGoMid))},
	}
}

// change collects the files one commit writes or deletes.
type change struct {
	touched []*file
	seen    map[*file]bool
	deleted []string
}

func newChange() *change { return &change{seen: map[*file]bool{}} }

func (c *change) touch(f *file) {
	if !c.seen[f] {
		c.seen[f] = true
		c.touched = append(c.touched, f)
	}
}

// episode is a feature branch: branch commits edit only its files, main
// commits in between avoid them, and a merge commit closes it.
type episode struct {
	a        *author
	branch   string
	title    string
	files    []*file
	reserved map[*file]bool
	steps    []bool // true: branch commit, false: main commit
	tip      string
	touched  *change
	pr       int
}

type gen struct {
	cfg       config
	rng       *rand.Rand
	out       *stream // nil while replaying
	pkgs      []*pkg
	files     []*file // every file ever created; id is the index
	created   int     // .go/.py files created, toward cfg.Files
	initCount int
	authors   []*author
	groupSet  [][]*file
	readme    *file
	makefile  *file
	ci        *file

	mark      int    // last fast-import mark
	seq       int    // commits emitted so far
	mainTip   string // ":mark" or a commit id
	lastTS    int64
	avgGap    float64
	formatAt  int
	formatted bool
	ep        *episode
	pr        int
	pick      picker

	// for the manifest
	groupCommits []int
	formatMark   string
	formatFiles  int
	merges       int
	renames      []string
	deletions    []string
	tags         [][2]string
}

func newGen(cfg config) *gen {
	g := &gen{cfg: cfg, rng: newRand(cfg.Seed, 0x686f6d6572), pr: 100}
	g.avgGap = float64(spanSecs) / float64(cfg.Commits)
	g.formatAt = cfg.Commits * 6 / 10
	g.planPackages()
	g.authors = g.newAuthors()
	g.groupCommits = make([]int, len(groups))
	return g
}

var tagPlan = []struct {
	at   float64
	name string
}{{0.08, "v0.1.0"}, {0.2, "v0.2.0"}, {0.35, "v0.3.0"}, {0.5, "v0.4.0"}, {0.65, "v1.0.0"}, {0.8, "v1.1.0"}, {0.95, "v1.2.0"}}

// run generates the whole recorded history: exactly cfg.Commits commits.
func (g *gen) run() {
	g.initialCommit()
	t := 0
	for c := 1; c < g.cfg.Commits; c++ {
		g.step(c)
		for t < len(tagPlan) && c >= int(tagPlan[t].at*float64(g.cfg.Commits)) {
			g.tag(tagPlan[t].name)
			t++
		}
	}
	if g.ep != nil {
		panic("episode left open")
	}
}

// appendCommit adds one ordinary commit on main. Its randomness depends only
// on the seed and its position, so appends can be split any way.
func (g *gen) appendCommit() {
	g.rng = newRand(g.cfg.Seed, 1<<32+uint64(g.seq))
	g.plainStep(nil, true)
}

func (g *gen) frac() float64 { return float64(g.seq) / float64(g.cfg.Commits) }

func (g *gen) step(c int) {
	if g.ep != nil {
		g.episodeStep()
		return
	}
	if c == g.formatAt {
		g.formatCommit()
		return
	}
	if c > g.cfg.Commits/20 && g.rng.Float64() < 0.015 {
		l, m := 2+g.rng.IntN(3), 1+g.rng.IntN(3)
		end := c + l + m // the merge
		if end < g.cfg.Commits && (g.formatAt < c || g.formatAt > end) && g.startEpisode(l, m) {
			g.episodeStep()
			return
		}
	}
	g.plainStep(nil, false)
}

// plainStep makes a co-change group commit or an ordinary one.
func (g *gen) plainStep(excl map[*file]bool, inEpisode bool) {
	r := g.rng.Float64()
	for i, gr := range groups {
		if r < gr.prob {
			g.groupCommit(i, excl)
			return
		}
		r -= gr.prob
	}
	g.normalCommit(excl, inEpisode)
}

func (g *gen) initialCommit() {
	ch := newChange()
	other := func(path string, r func(*gen, *file) string) *file {
		f := g.newFile(kindOther, nil, path, path)
		f.render = r
		ch.touch(f)
		return f
	}
	other("go.mod", renderGoMod)
	other(".gitignore", renderGitignore)
	other(".mailmap", renderMailmap)
	g.readme = other("README.md", renderReadme)
	g.makefile = other("Makefile", renderMakefile)
	g.ci = other(".github/workflows/ci.yml", renderCI)
	other(pyRoot+"/__init__.py", renderInit).kind = kindInit
	for i, c := range coreGo {
		g.createSrc(g.pkgs[i], c.name, c.funcs, ch)
	}
	pyCore := g.pkgNamed("core")
	for _, c := range corePy {
		g.createSrc(pyCore, c.name, c.funcs, ch)
	}
	for gi, gr := range groups {
		var set []*file
		for _, m := range gr.files {
			f := g.createSrc(g.pkgNamed(m[0]), m[1], nil, ch)
			f.group = gi + 1
			g.pickUpdate(f)
			set = append(set, f)
		}
		g.groupSet = append(g.groupSet, set)
	}
	g.initCount = g.created
	g.mainCommit(g.authors[0], "Initial commit: scaffold, core utilities and first modules\n", ch)
}

func (g *gen) growthTarget() int {
	t := g.initCount + (g.cfg.Files-g.initCount)*g.seq/max(1, g.cfg.Commits/2)
	return min(t, g.cfg.Files)
}

func (g *gen) normalCommit(excl map[*file]bool, inEpisode bool) {
	a := g.pickAuthor()
	ch := newChange()
	var subject string
	adds := 0
	for g.created < g.growthTarget() {
		f := g.addFile(ch)
		if subject == "" {
			subject = fmt.Sprintf("feat(%s): add %s", f.pkg.name, fileName(f))
		}
		adds++
	}
	if !inEpisode && g.seq > g.cfg.Commits/5 && g.rng.Float64() < 0.005 {
		if old, f := g.rename(ch); f != nil {
			subject = fmt.Sprintf("refactor(%s): rename %s to %s", f.pkg.name, old, fileName(f))
		}
	}
	if !inEpisode && g.seq > g.cfg.Commits*3/10 && g.rng.Float64() < 0.002 {
		if f := g.deleteFile(ch); f != nil {
			subject = fmt.Sprintf("refactor(%s): remove unused %s", f.pkg.name, fileName(f))
		}
	}
	if g.rng.Float64() < 0.006 {
		f := g.makefile
		if g.rng.IntN(2) == 0 {
			f = g.ci
		}
		f.rev++
		ch.touch(f)
		if subject == "" {
			subject = "chore(ci): update build configuration"
		}
	}
	if g.rng.Float64() < 0.008 {
		g.readme.rev++
		ch.touch(g.readme)
		if subject == "" && len(ch.touched) == 1 {
			subject = "docs: update README"
		}
	}
	k := commitSize(g.rng)
	if adds > 0 {
		k = max(0, k-adds-1)
	}
	if k > 0 {
		picked := g.pickFiles(a, k, excl)
		var scope, fname string
		for _, f := range picked {
			name := g.edit(f, true)
			ch.touch(f)
			if scope == "" {
				scope, fname = f.pkg.name, name
			}
			if f.kind == kindSrc && g.rng.Float64() < 0.1 && !excl[f.pkg.test] {
				g.edit(f.pkg.test, true)
				ch.touch(f.pkg.test)
			}
		}
		if subject == "" && scope != "" {
			if allTests(ch) {
				subject = fmt.Sprintf("test(%s): cover %s", scope, fname)
			} else {
				subject = g.subject(scope, fname)
			}
		}
	}
	if len(ch.touched)+len(ch.deleted) == 0 {
		g.readme.rev++
		ch.touch(g.readme)
		subject = "docs: update README"
	}
	g.mainCommit(a, g.decorate(subject, strings.HasPrefix(subject, "fix")), ch)
}

func allTests(ch *change) bool {
	for _, f := range ch.touched {
		if f.kind != kindTest {
			return false
		}
	}
	return true
}

// commitSize: mostly 1-5 files, sometimes up to 12.
func commitSize(r *rand.Rand) int {
	x := r.Float64()
	switch {
	case x < 0.35:
		return 1
	case x < 0.60:
		return 2
	case x < 0.78:
		return 3
	case x < 0.90:
		return 4
	case x < 0.97:
		return 5
	}
	return 6 + r.IntN(7)
}

func (g *gen) addFile(ch *change) *file {
	tot := 0
	for _, p := range g.pkgs {
		tot += p.target - p.made
	}
	r := g.rng.IntN(tot)
	for _, p := range g.pkgs {
		if r < p.target-p.made {
			return g.createSrc(p, p.nextBase(), nil, ch)
		}
		r -= p.target - p.made
	}
	panic("unreachable")
}

// edit changes a few lines of f and returns the name of a function it
// touched. Structural edits (new calls, new functions, new test cases) are
// left out on feature branches so that branch trees never reference files
// created on main after the fork.
func (g *gen) edit(f *file, structural bool) string {
	if f.kind == kindTest {
		if structural && g.rng.Float64() < 0.3 {
			src := f.pkg.files[g.rng.IntN(len(f.pkg.files))]
			n := len(f.tests)
			g.addTest(f, src, g.rng.IntN(len(src.funcs)))
			if len(f.tests) > n {
				return f.tests[n].testName
			}
		}
		tc := f.tests[g.rng.IntN(len(f.tests))]
		tc.want = g.rng.IntN(100000)
		if g.rng.IntN(3) == 0 {
			tc.arg = 1 + g.rng.IntN(3)
		}
		return tc.testName
	}
	var name string
	for ops := 1 + g.rng.IntN(3); ops > 0; ops-- {
		fu := f.funcs[g.rng.IntN(len(f.funcs))]
		name = fu.name
		r := g.rng.Float64()
		switch {
		case structural && !f.isCore() && r < 0.015 && len(f.funcs) < maxFuncs:
			nf := g.newFunc(f, f.nextFuncName())
			f.funcs = append(f.funcs, nf)
			name = nf.name
		case structural && r < 0.06 && len(f.deps) > 0:
			g.insert(fu, g.callTo(f, f.deps[g.rng.IntN(len(f.deps))]))
		case r < 0.25:
			g.insert(fu, g.arith())
		case r < 0.45 && arithCount(fu) > 2:
			var idx []int
			for i, s := range fu.body {
				if s.to == nil {
					idx = append(idx, i)
				}
			}
			i := idx[g.rng.IntN(len(idx))]
			fu.body = append(fu.body[:i], fu.body[i+1:]...)
		default:
			var idx []int
			for i, s := range fu.body {
				if s.to == nil {
					idx = append(idx, i)
				}
			}
			if len(idx) == 0 {
				fu.k, fu.m = 2+g.rng.IntN(9), g.rng.IntN(100)
			} else {
				s := &fu.body[idx[g.rng.IntN(len(idx))]]
				s.k, s.m = 2+g.rng.IntN(97), g.rng.IntN(1000)
			}
		}
	}
	return name
}

// maxFuncs caps how many functions edits may grow a file to.
const maxFuncs = 8

func arithCount(fu *fn) int {
	n := 0
	for _, s := range fu.body {
		if s.to == nil {
			n++
		}
	}
	return n
}

// rename moves a source file within its directory; for Python it also
// rewrites the imports of every file that uses it.
func (g *gen) rename(ch *change) (string, *file) {
	var cands []*file
	for _, f := range g.files {
		if f.alive && f.kind == kindSrc && f.pkg.layer != layerCore && f.group == 0 && !f.renamed {
			cands = append(cands, f)
		}
	}
	for try := 0; try < 10 && len(cands) > 0; try++ {
		f := cands[g.rng.IntN(len(cands))]
		nb := strings.TrimSuffix(fileName(f), "."+f.pkg.ext()) + "_impl"
		if f.pkg.used[nb] {
			continue
		}
		var refs []*file
		if f.pkg.lang == langPy {
			refs = g.referencers(f)
		}
		ok := true
		for _, r := range refs {
			ok = ok && r.group == 0
		}
		if !ok {
			continue
		}
		old := fileName(f)
		f.pkg.used[nb] = true
		ch.deleted = append(ch.deleted, f.path)
		g.renames = append(g.renames, f.path+" -> "+f.pkg.srcPath(nb))
		f.path = f.pkg.srcPath(nb)
		f.renamed = true
		ch.touch(f)
		for _, r := range refs {
			ch.touch(r)
		}
		if g.rng.IntN(2) == 0 {
			g.edit(f, false)
		}
		return old, f
	}
	return "", nil
}

// deleteFile removes a source file nothing calls or tests.
func (g *gen) deleteFile(ch *change) *file {
	var cands []*file
	for _, f := range g.files {
		if f.alive && f.kind == kindSrc && f.pkg.layer != layerCore && f.group == 0 && f != f.pkg.files[0] {
			cands = append(cands, f)
		}
	}
	for try := 0; try < 10 && len(cands) > 0; try++ {
		f := cands[g.rng.IntN(len(cands))]
		if len(g.referencers(f)) > 0 {
			continue
		}
		f.alive = false
		g.pickUpdate(f)
		ch.deleted = append(ch.deleted, f.path)
		g.deletions = append(g.deletions, f.path)
		p := f.pkg
		for i, o := range p.files {
			if o == f {
				p.files = append(p.files[:i], p.files[i+1:]...)
				break
			}
		}
		for _, o := range g.files {
			for i, d := range o.deps {
				if d == f {
					o.deps = append(o.deps[:i], o.deps[i+1:]...)
					break
				}
			}
		}
		return f
	}
	return nil
}

func (g *gen) groupCommit(i int, excl map[*file]bool) {
	gr := groups[i]
	var who []*author
	for _, a := range g.authors {
		if contains(gr.who, a.key) && g.active(a) {
			who = append(who, a)
		}
	}
	a := g.authors[0]
	if len(who) > 0 {
		a = who[g.rng.IntN(len(who))]
	}
	ch := newChange()
	for _, f := range g.groupSet[i] {
		g.edit(f, true)
		ch.touch(f)
	}
	if g.rng.Float64() < 0.3 {
		for _, f := range g.pickFiles(a, 1, excl) {
			g.edit(f, true)
			ch.touch(f)
		}
	}
	types := []string{"feat", "fix", "refactor"}
	subject := fmt.Sprintf("%s(%s): %s", types[g.rng.IntN(3)], gr.name, gr.what[g.rng.IntN(len(gr.what))])
	g.groupCommits[i]++
	g.mainCommit(a, g.decorate(subject, strings.HasPrefix(subject, "fix")), ch)
}

func (g *gen) formatCommit() {
	g.formatted = true
	ch := newChange()
	for _, f := range g.files {
		if f.alive && (f.kind == kindSrc || f.kind == kindTest) {
			ch.touch(f)
		}
	}
	g.formatFiles = len(ch.touched)
	g.mainCommit(g.authors[0], "style: add license headers and rename accumulators\n\nMechanical change across every source file; no behaviour change.\n", ch)
	g.formatMark = g.mainTip
}

func (g *gen) startEpisode(l, m int) bool {
	a := g.pickAuthor()
	files := g.pickFiles(a, 2+g.rng.IntN(4), nil)
	if len(files) == 0 {
		return false
	}
	steps := make([]bool, l+m)
	for i := 0; i < l; i++ {
		steps[i] = true
	}
	g.rng.Shuffle(len(steps), func(i, j int) { steps[i], steps[j] = steps[j], steps[i] })
	g.pr++
	ep := &episode{a: a, files: files, steps: steps, tip: g.mainTip, touched: newChange(), pr: g.pr, reserved: map[*file]bool{}}
	for _, f := range files {
		ep.reserved[f] = true
	}
	scope := files[0].pkg.name
	ep.branch = fmt.Sprintf("%s-%d", scope, g.pr)
	ep.title = fmt.Sprintf("feat(%s): support %s", scope, featThings[g.rng.IntN(len(featThings))])
	g.ep = ep
	return true
}

func (g *gen) episodeStep() {
	ep := g.ep
	if len(ep.steps) == 0 {
		g.ep = nil
		msg := fmt.Sprintf("Merge pull request #%d from %s/%s\n\n%s\n", ep.pr, ep.a.login, ep.branch, ep.title)
		g.mainCommit(ep.a, msg, ep.touched, ep.tip)
		g.merges++
		return
	}
	branch := ep.steps[0]
	ep.steps = ep.steps[1:]
	if !branch {
		g.plainStep(ep.reserved, true)
		return
	}
	ch := newChange()
	var fname string
	for _, f := range g.sample(ep.files, 1+g.rng.IntN(len(ep.files))) {
		fname = g.edit(f, false)
		ch.touch(f)
		ep.touched.touch(f)
	}
	ep.tip = g.emit(ep.a, g.subject(ep.files[0].pkg.name, fname), []string{ep.tip}, ch)
}

func (g *gen) active(a *author) bool {
	x := g.frac()
	return x >= a.from && x < a.until
}

func (g *gen) pickAuthor() *author {
	var tot float64
	for _, a := range g.authors {
		if g.active(a) {
			tot += a.weight
		}
	}
	r := g.rng.Float64() * tot
	var last *author
	for _, a := range g.authors {
		if g.active(a) {
			if r < a.weight {
				return a
			}
			r -= a.weight
			last = a
		}
	}
	return last
}

func fileWeight(f *file) float64 {
	switch {
	case f.pkg.layer == layerCore:
		return 0.08
	case f.kind == kindTest:
		return 0.2
	case f.pkg.layer == layerLeaf:
		return 3
	}
	return 1
}

func (g *gen) weighted(fs []*file) *file {
	var tot float64
	for _, f := range fs {
		tot += fileWeight(f)
	}
	r := g.rng.Float64() * tot
	for _, f := range fs {
		if r < fileWeight(f) {
			return f
		}
		r -= fileWeight(f)
	}
	return fs[len(fs)-1]
}

// pickFiles chooses up to k files for a commit by a: the first from a's area
// most of the time, the rest mostly from the same package or its callees.
// Group files and excluded files are never picked.
func (g *gen) pickFiles(a *author, k int, excl map[*file]bool) []*file {
	g.pickSync()
	ok := func(f *file) bool { return isCandidate(f) && !excl[f] }
	ai := 0
	for i, o := range g.authors {
		if o == a {
			ai = 1 + i
		}
	}
	var first *file
	if g.rng.Float64() < 0.75 && ai > 0 {
		first = g.pickFrom(ai, excl)
	}
	if first == nil {
		if first = g.pickFrom(0, excl); first == nil {
			return nil
		}
	}
	picked := []*file{first}
	in := map[*file]bool{first: true}
	for tries := 0; len(picked) < k && tries < 4*k; tries++ {
		var pool []*file
		switch r := g.rng.Float64(); {
		case r < 0.6:
			for _, f := range first.pkg.files {
				if ok(f) {
					pool = append(pool, f)
				}
			}
		case r < 0.8:
			for _, f := range picked[g.rng.IntN(len(picked))].deps {
				if ok(f) && !f.isCore() {
					pool = append(pool, f)
				}
			}
		}
		var f *file
		if len(pool) == 0 {
			if f = g.pickFrom(0, excl); f == nil {
				break // every candidate is excluded
			}
		} else {
			f = g.weighted(pool)
		}
		if !in[f] {
			in[f] = true
			picked = append(picked, f)
		}
	}
	return picked
}

var (
	fixThings  = []string{"empty input", "nil map", "integer overflow", "off-by-one", "timeout", "data race", "zero value", "negative size", "stale cache", "retry loop"}
	featThings = []string{"batching", "streaming", "pagination", "compression", "a dry-run mode", "retries", "metrics", "tracing"}
)

func (g *gen) subject(scope, fname string) string {
	switch r := g.rng.Float64(); {
	case r < 0.34:
		return fmt.Sprintf("fix(%s): handle %s in %s", scope, fixThings[g.rng.IntN(len(fixThings))], fname)
	case r < 0.58:
		return fmt.Sprintf("feat(%s): support %s in %s", scope, featThings[g.rng.IntN(len(featThings))], fname)
	case r < 0.76:
		return fmt.Sprintf("refactor(%s): simplify %s", scope, fname)
	case r < 0.84:
		return fmt.Sprintf("perf(%s): speed up %s", scope, fname)
	case r < 0.92:
		return fmt.Sprintf("chore(%s): tidy %s", scope, fname)
	}
	return fmt.Sprintf("style(%s): clean up %s", scope, fname)
}

// decorate adds a pull-request number and sometimes a body.
func (g *gen) decorate(subject string, fix bool) string {
	if g.rng.Float64() < 0.4 {
		g.pr++
		subject += fmt.Sprintf(" (#%d)", g.pr)
	}
	switch r := g.rng.Float64(); {
	case fix && r < 0.5:
		return fmt.Sprintf("%s\n\nFixes #%d.\n", subject, 1+g.rng.IntN(g.pr))
	case r < 0.2:
		return subject + "\n\nFollow-up to the previous change; see the package docs.\n"
	}
	return subject + "\n"
}

// mainCommit writes a commit on main whose first parent is the main tip.
func (g *gen) mainCommit(a *author, msg string, ch *change, merge ...string) {
	var parents []string
	if g.mainTip != "" {
		parents = []string{g.mainTip}
	}
	g.mainTip = g.emit(a, msg, append(parents, merge...), ch)
}

// emit writes one commit and returns its mark. Every commit is written on
// refs/heads/main with explicit parents; only the last one written stays
// there, and that is always a main commit.
func (g *gen) emit(a *author, msg string, parents []string, ch *change) string {
	g.mark++
	mark := fmt.Sprintf(":%d", g.mark)
	x := g.frac()
	base := float64(startUnix) + float64(g.seq)*g.avgGap
	ts := int64(base + (g.rng.Float64()-0.5)*0.8*g.avgGap)
	if ts <= g.lastTS {
		ts = g.lastTS + 1
	}
	g.lastTS = ts
	g.seq++
	a.commits++
	if g.out == nil {
		return mark
	}
	email := a.email
	if a.oldEmail != "" && x < a.switchAt {
		email = a.oldEmail
	}
	s := g.out
	s.printf("commit refs/heads/main\nmark %s\n", mark)
	s.printf("author %s <%s> %d %s\n", a.name, email, ts, a.tz)
	s.printf("committer %s <%s> %d %s\n", a.name, email, ts, a.tz)
	s.data(msg)
	for i, p := range parents {
		if i == 0 {
			s.printf("from %s\n", p)
		} else {
			s.printf("merge %s\n", p)
		}
	}
	for _, p := range ch.deleted {
		s.printf("D %s\n", p)
	}
	for _, f := range ch.touched {
		if f.alive {
			s.printf("M 100644 inline %s\n", f.path)
			s.data(g.render(f))
		}
	}
	s.printf("\n")
	return mark
}

func (g *gen) tag(name string) {
	g.tags = append(g.tags, [2]string{name, g.mainTip})
	if g.out == nil {
		return
	}
	a := g.authors[0]
	g.out.printf("tag %s\nfrom %s\ntagger %s <%s> %d %s\n", name, g.mainTip, a.name, a.email, g.lastTS+60, a.tz)
	g.out.data("Release " + name + "\n")
}

type stream struct{ w *bufio.Writer }

func (s *stream) printf(format string, args ...any) { fmt.Fprintf(s.w, format, args...) }

func (s *stream) data(b string) {
	fmt.Fprintf(s.w, "data %d\n", len(b))
	io.WriteString(s.w, b)
	s.w.WriteByte('\n')
}
