package query

import (
	"context"
	"database/sql"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// A recurring add-pattern is how a repository usually grows: commits that
// create a directory (or a file) beside siblings of its kind and, in the
// same commit, edit the same files elsewhere to register it. cli/cli adds
// a subcommand as a new directory pkg/cmd/<command>/<name>/ holding a
// source file named <name> and its test, and edits the command's own
// file, pkg/cmd/<command>/<command> plus extension, to register it. Paths are written as templates: <name> stands for the new
// directory's (or file's) name, <parent> for the name of the directory
// it was created in.

// Placeholders in pattern templates.
const (
	PlaceName   = "<name>"
	PlaceParent = "<parent>"
)

// AddPattern is one recurring add-pattern with the commits it was learnt
// from.
type AddPattern struct {
	// Kind is "directory" (a new directory beside sibling directories) or
	// "file" (a new file beside sibling files of its extension).
	Kind string `json:"kind"`
	// Slot is where the new thing goes, as a template:
	// "pkg/cmd/<parent>/<name>/" or "migrations/<name>.sql".
	Slot string `json:"slot"`
	// Files are the files such a commit creates or edits, each in at
	// least half of the pattern's commits.
	Files []PatternFile `json:"files"`
	// Commits are the evidence: every commit that added to the slot,
	// newest first. Their number is the sample size of every share.
	Commits []PatternCommit `json:"commits"`
}

// PatternFile is a file a pattern's commits create or edit.
type PatternFile struct {
	// Path is a template (with placeholders) or a plain path.
	Path string `json:"path"`
	// Created is true when most of the commits that changed it created
	// it.
	Created bool `json:"created"`
	// Commits is how many of the pattern's commits changed it.
	Commits int `json:"commits"`
	// Example is the path it had in the newest of those commits whose
	// file is still at HEAD.
	Example string `json:"example"`
}

// PatternCommit is a commit a pattern was learnt from.
type PatternCommit struct {
	SHA     string `json:"sha"`
	Subject string `json:"subject"`
	Time    int64  `json:"time"`
	// Instance is what the commit added: the new directory (with a
	// trailing slash) or file.
	Instance string `json:"instance"`
	// AtHead says whether it is still there at HEAD as the pattern makes
	// it, every file the pattern creates with it (a branch may have added
	// it and a later commit removed it or some of it).
	AtHead bool `json:"at_head"`
	// Partly says it is at HEAD without every file the pattern creates.
	Partly bool `json:"partly,omitempty"`
}

// PatternConfig bounds the mining.
type PatternConfig struct {
	// MinCommits is the fewest commits a pattern needs.
	MinCommits int
	// MinShare is the smallest share of a pattern's commits a file must
	// be changed in to belong to it.
	MinShare float64
	// MinLift is how many times more often than in an average commit a
	// plain (untemplated) file must change in the pattern's commits to be
	// one of its registration files: a changelog edited in every commit
	// registers nothing.
	MinLift float64
	// MinRegisterShare is the smallest share of the commits a
	// registration file (not a test) must be edited in.
	MinRegisterShare float64
	// MaxRegisterLines is the most lines a registration file's edit may
	// take in the median commit: registering is a line or two, and a file
	// rewritten each time something is added is being refactored.
	MaxRegisterLines int
	// MaxFiles leaves out commits that change more files (imports of
	// whole trees, mass renames).
	MaxFiles int
}

// DefaultPatternConfig is what the render model uses.
func DefaultPatternConfig() PatternConfig {
	return PatternConfig{MinCommits: 3, MinShare: 0.5, MinRegisterShare: 0.6, MinLift: 3, MaxRegisterLines: 20, MaxFiles: 40}
}

// HistoryChange is one file a commit changed.
type HistoryChange struct {
	Path string
	// Status is git's: A, M, D or R.
	Status string
	// Lines is the lines added and deleted.
	Lines int
	// From is the path a rename (status R) moved the file from.
	From string
}

// HistoryCommit is a commit as pattern mining reads it.
type HistoryCommit struct {
	SHA     string
	Subject string
	Time    int64
	Parents int
	Changes []HistoryChange
}

// Head is the files at HEAD, each with whether it is a test (as the
// language plugins said): examples and registration files must exist at
// HEAD, and a test is neither the thing a pattern adds nor what
// registers it. Test-ness is never guessed from a name here: file naming
// rules belong to the plugins.
type Head map[string]bool

func (h Head) has(p string) bool    { _, ok := h[p]; return ok }
func (h Head) isTest(p string) bool { return h[p] }

// AddPatterns mines the stored history for recurring add-patterns.
func (q *Q) AddPatterns(ctx context.Context, head Head, cfg PatternConfig) ([]AddPattern, error) {
	commits, err := q.historyCommits(ctx)
	if err != nil {
		return nil, err
	}
	return MinePatterns(commits, head, cfg), nil
}

// HistoryCommits reads every commit with its changes, oldest first: what
// MinePatterns and MineConventionFiles read, once for both.
func (q *Q) HistoryCommits(ctx context.Context) ([]HistoryCommit, error) {
	return q.historyCommits(ctx)
}

// historyCommits reads every commit with its changes, oldest first.
func (q *Q) historyCommits(ctx context.Context) ([]HistoryCommit, error) {
	byID := map[int64]int{}
	var out []HistoryCommit
	messages, err := q.messageReader(ctx)
	if err != nil {
		return nil, err
	}
	err = q.scan(ctx, `SELECT cm.node_id, `+store.ShaText("cm.sha")+` AS sha, cm.commit_time, cm.parents, `+store.MessageColumns("cm")+` FROM commits cm
		ORDER BY cm.commit_time, sha`, nil, func(rows *sql.Rows) error {
		var id int64
		var c HistoryCommit
		var packed any
		var at sql.NullInt64
		if err := rows.Scan(&id, &c.SHA, &c.Time, &c.Parents, &packed, &at); err != nil {
			return err
		}
		msg, err := messages.Message(packed, at)
		if err != nil {
			return err
		}
		c.Subject, _, _ = strings.Cut(strings.TrimSpace(msg), "\n")
		byID[id] = len(out)
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// A path changes in many commits: each is held once, not once per
	// change; the whole history is in memory here. The files' names are
	// read once, by id, and the changes in the table's order: joining
	// each change to its file's name cost a lookup per change (237,908 on
	// spring-boot).
	names := map[int64]string{}
	err = q.scan(ctx, `SELECT id, name FROM nodes WHERE kind_code = node_kind(?)`, []any{record.KindFile}, func(rows *sql.Rows) error {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		names[id] = name
		return nil
	})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	packed := map[int64][]byte{}
	err = q.scan(ctx, `SELECT node_id, changes FROM commits WHERE changes IS NOT NULL`, nil, func(rows *sql.Rows) error {
		var id int64
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return err
		}
		packed[id] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The changes by commit id, then by file id, as the table of changes
	// once gave them.
	for _, id := range ids {
		i := byID[id]
		err := store.EachPackedChange(id, packed[id], func(c store.ChangeRow) bool {
			ch := HistoryChange{Lines: c.Added + c.Deleted, Status: c.Status}
			if c.OldFile != 0 {
				ch.From = names[c.OldFile]
			}
			p, isFile := names[c.File]
			if !isFile {
				return true
			}
			ch.Path = p
			out[i].Changes = append(out[i].Changes, ch)
			return true
		})
		if err != nil {
			return nil, fmt.Errorf("changes of commit %s: %w", out[i].SHA, err)
		}
		delete(packed, id)
	}
	for i := range out {
		sort.Slice(out[i].Changes, func(a, b int) bool { return out[i].Changes[a].Path < out[i].Changes[b].Path })
	}
	return out, err
}

// event is one commit adding one thing to a slot, with the files it
// changed written as that slot's templates.
type event struct {
	commit   int
	instance string
	files    map[string]fileSeen
}

type fileSeen struct {
	created bool
	path    string
	lines   int
}

// candidate gathers the events of one slot.
type candidate struct {
	kind, slot string
	events     []event
}

// tree is what the history has created so far: directories with their
// child directories and how many files of each extension they hold.
type tree struct {
	dirs     map[string]bool
	children map[string]map[string]bool
	exts     map[string]map[string]int
}

func (t *tree) add(p string) {
	dir := path.Dir(p)
	if t.exts[dir] == nil {
		t.exts[dir] = map[string]int{}
	}
	t.exts[dir][path.Ext(p)]++
	for d := dir; ; d = path.Dir(d) {
		if t.dirs[d] {
			break
		}
		t.dirs[d] = true
		if d == "." {
			break
		}
		up := path.Dir(d)
		if t.children[up] == nil {
			t.children[up] = map[string]bool{}
		}
		t.children[up][d] = true
	}
}

// newTop is the outermost directory of p that the history has not seen,
// or "" when p's directory is known.
func (t *tree) newTop(p string) string {
	top := ""
	for d := path.Dir(p); d != "." && !t.dirs[d]; d = path.Dir(d) {
		top = d
	}
	return top
}

// MinePatterns finds the recurring add-patterns in commits (oldest
// first). It is pure: the store is read by AddPatterns.
func MinePatterns(commits []HistoryCommit, head Head, cfg PatternConfig) []AddPattern {
	t := &tree{dirs: map[string]bool{}, children: map[string]map[string]bool{}, exts: map[string]map[string]int{}}
	cands := map[string]*candidate{}
	touched := map[string]int{} // plain path → commits (within MaxFiles) that changed it
	counted := 0
	addEvent := func(kind, slot string, e event) {
		c := cands[kind+" "+slot]
		if c == nil {
			c = &candidate{kind: kind, slot: slot}
			cands[kind+" "+slot] = c
		}
		if k := len(c.events); k > 0 && c.events[k-1].commit == e.commit {
			return // one event per commit and slot: the first thing it added
		}
		c.events = append(c.events, e)
	}
	for ci, c := range commits {
		if c.Parents <= 1 && len(c.Changes) >= 2 && len(c.Changes) <= cfg.MaxFiles {
			counted++
			for _, ch := range c.Changes {
				touched[ch.Path]++
			}
			newDirs := map[string]bool{}
			newFiles := map[string]string{} // dir+ext → first added file
			for _, ch := range c.Changes {
				if ch.Status != "A" {
					continue
				}
				if top := t.newTop(ch.Path); top != "" {
					if p := path.Dir(top); t.dirs[p] && len(t.children[p]) >= 1 && !isTestData(top) {
						newDirs[top] = true
					}
					continue
				}
				dir, ext := path.Dir(ch.Path), path.Ext(ch.Path)
				if ext != "" && t.exts[dir][ext] >= 2 && !head.isTest(ch.Path) && !isTestData(dir) {
					if _, ok := newFiles[dir+"\x00"+ext]; !ok {
						newFiles[dir+"\x00"+ext] = ch.Path
					}
				}
			}
			for _, n := range sortedSet(newDirs) {
				p := path.Dir(n)
				addEvent("directory", joinSlot(p, PlaceName)+"/", event{commit: ci, instance: n + "/",
					files: templated(c.Changes, n, "")})
				if g := path.Dir(p); p != "." && t.dirs[g] && len(t.children[g]) >= 2 {
					addEvent("directory", joinSlot(g, PlaceParent, PlaceName)+"/", event{commit: ci, instance: n + "/",
						files: templated(c.Changes, n, p)})
				}
			}
			for _, k := range sortedKeysOf(newFiles) {
				f := newFiles[k]
				stem := strings.TrimSuffix(path.Base(f), path.Ext(f))
				addEvent("file", path.Join(path.Dir(f), PlaceName+path.Ext(f)), event{commit: ci, instance: f,
					files: templatedFile(c.Changes, f, stem)})
			}
		}
		for _, ch := range c.Changes {
			if ch.Status != "D" {
				t.add(ch.Path)
			}
		}
	}
	return selectPatterns(cands, commits, head, touched, counted, cfg)
}

// present says whether an instance (a file, or a directory with a
// trailing slash) exists at HEAD.
func present(head Head) func(string) bool {
	dirs := map[string]bool{}
	for p := range head {
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	return func(instance string) bool {
		if d, ok := strings.CutSuffix(instance, "/"); ok {
			return dirs[d]
		}
		return head.has(instance)
	}
}

func joinSlot(dir string, parts ...string) string {
	if dir == "." {
		return strings.Join(parts, "/")
	}
	return dir + "/" + strings.Join(parts, "/")
}

// templated writes the commit's changed files as templates of the new
// directory n (and, when parent is set, of its parent directory too).
func templated(changes []HistoryChange, n, parent string) map[string]fileSeen {
	out := make(map[string]fileSeen, len(changes))
	for _, ch := range changes {
		if ch.Status == "D" {
			continue
		}
		p := ch.Path
		if parent != "" {
			p = substitute(p, parent, PlaceParent)
		}
		p = substituteIn(p, ch.Path, n, PlaceName)
		out[p] = fileSeen{created: ch.Status == "A" || ch.Status == "R", path: ch.Path, lines: ch.Lines}
	}
	return out
}

// substituteIn replaces the segment naming dir (and a file stem equal to
// its name) in tmpl, a template of orig, when orig lies under dir.
func substituteIn(tmpl, orig, dir, place string) string {
	if !strings.HasPrefix(orig, dir+"/") {
		return tmpl
	}
	segs := strings.Split(tmpl, "/")
	depth := strings.Count(dir, "/")
	name := path.Base(dir)
	segs[depth] = place
	if len(segs) == depth+2 {
		segs[depth+1] = stemSubstitute(segs[depth+1], name, place)
	}
	return strings.Join(segs, "/")
}

// substitute does substituteIn for a template that is still the plain path.
func substitute(p, dir, place string) string { return substituteIn(p, p, dir, place) }

// stemSubstitute replaces a base name's stem when it is name, or name
// followed by "_" or ".": a file named after its directory, and its test
// files however a language names them.
func stemSubstitute(base, name, place string) string {
	if strings.HasPrefix(base, name) {
		rest := base[len(name):]
		if rest == "" || rest[0] == '.' || rest[0] == '_' {
			return place + rest
		}
	}
	return base
}

// templatedFile writes the commit's changed files as templates of the new
// file f, whose stem is stem: its test and other files named after it.
func templatedFile(changes []HistoryChange, f, stem string) map[string]fileSeen {
	out := make(map[string]fileSeen, len(changes))
	testStem := "test_" + stem + "."
	for _, ch := range changes {
		if ch.Status == "D" {
			continue
		}
		p := ch.Path
		base := path.Base(p)
		if strings.HasPrefix(base, testStem) {
			base = "test_" + PlaceName + base[len(testStem)-1:]
		} else {
			base = stemSubstitute(base, stem, PlaceName)
		}
		p = path.Join(path.Dir(p), base)
		out[p] = fileSeen{created: ch.Status == "A" || ch.Status == "R", path: ch.Path, lines: ch.Lines}
	}
	return out
}

// isTestData says whether a directory holds test data (fixtures,
// testdata, snapshots): a file added there is a test's input, not a new
// part of the code.
func isTestData(dir string) bool {
	for _, seg := range strings.Split(dir, "/") {
		switch strings.ToLower(seg) {
		case "testdata", "fixtures", "fixture", "__snapshots__", "snapshots", "golden", "test-data", "test_data":
			return true
		}
	}
	return false
}

// oneParent says whether every event of a <parent> template added to the
// same parent directory: then the template says less than the pattern
// with that parent written out.
func oneParent(c *candidate) bool {
	if !strings.Contains(c.slot, PlaceParent) {
		return false
	}
	first := path.Dir(strings.TrimSuffix(c.events[0].instance, "/"))
	for _, e := range c.events[1:] {
		if path.Dir(strings.TrimSuffix(e.instance, "/")) != first {
			return false
		}
	}
	return true
}

// selectPatterns keeps the candidates with enough commits and at least
// one registration file (a file outside what was added, edited in most of
// the commits), largest first, each covering commits the ones before it
// did not.
func selectPatterns(cands map[string]*candidate, commits []HistoryCommit, head Head, touched map[string]int,
	counted int, cfg PatternConfig) []AddPattern {
	type scored struct {
		p      AddPattern
		events []event
	}
	var valid []scored
	for _, c := range cands {
		if distinctCommits(c.events) < cfg.MinCommits || oneParent(c) {
			continue
		}
		p, ok := describe(c, commits, head, touched, counted, cfg)
		if ok {
			valid = append(valid, scored{p, c.events})
		}
	}
	sort.Slice(valid, func(i, j int) bool {
		if len(valid[i].p.Commits) != len(valid[j].p.Commits) {
			return len(valid[i].p.Commits) > len(valid[j].p.Commits)
		}
		return valid[i].p.Slot < valid[j].p.Slot
	})
	atHead := present(head)
	covered := map[string]bool{}
	var out []AddPattern
	for _, v := range valid {
		seen := 0
		for _, e := range v.events {
			if covered[e.instance] {
				seen++
			}
		}
		if 2*seen > len(v.events) {
			continue
		}
		for _, e := range v.events {
			covered[e.instance] = true
		}
		held := false
		for i := range v.p.Commits {
			c := &v.p.Commits[i]
			present := atHead(c.Instance)
			c.AtHead = present && createsAtHead(v.p, c.Instance, head)
			c.Partly = present && !c.AtHead
			held = held || c.AtHead
		}
		if !held {
			// No instance at HEAD is what the pattern says such a commit
			// makes: cobra's old docs (a <name>.md beside its <name>.go)
			// moved away, and CONTRIBUTING.md is no such instance.
			continue
		}
		out = append(out, v.p)
	}
	return out
}

// createsAtHead tells whether every file the pattern creates is at HEAD
// for the given instance (a directory or file one of its commits added).
// The placeholders are filled from the instance: <name> with its base
// name (a file's without its extension), <parent> with its parent
// directory's base name.
func createsAtHead(p AddPattern, instance string, head Head) bool {
	name := strings.TrimSuffix(instance, "/")
	parent, base := path.Base(path.Dir(name)), path.Base(name)
	if p.Kind == "file" {
		base = strings.TrimSuffix(base, path.Ext(base))
	}
	for _, f := range p.Files {
		if !f.Created {
			continue
		}
		t := strings.ReplaceAll(f.Path, PlaceParent, parent)
		if !head.has(strings.ReplaceAll(t, PlaceName, base)) {
			return false
		}
	}
	return true
}

func distinctCommits(events []event) int {
	seen := map[int]bool{}
	for _, e := range events {
		seen[e.commit] = true
	}
	return len(seen)
}

// describe turns a candidate into a pattern: the files changed in at
// least MinShare of its commits, and whether one of them registers the
// new thing. A plain path must exist at HEAD and change far more often in
// these commits than in others; a template must have an instance at HEAD.
func describe(c *candidate, commits []HistoryCommit, head Head, touched map[string]int, counted int,
	cfg PatternConfig) (AddPattern, bool) {
	type tally struct {
		lines      []int
		n, created int
		example    string
		exampleAt  int
	}
	tallies := map[string]*tally{}
	for _, e := range c.events {
		for tmpl, seen := range e.files {
			tl := tallies[tmpl]
			if tl == nil {
				tl = &tally{exampleAt: -1}
				tallies[tmpl] = tl
			}
			tl.n++
			tl.lines = append(tl.lines, seen.lines)
			if seen.created {
				tl.created++
			}
			if head.has(seen.path) && e.commit > tl.exampleAt {
				tl.example, tl.exampleAt = seen.path, e.commit
			}
		}
	}
	n := len(c.events)
	p := AddPattern{Kind: c.kind, Slot: c.slot}
	registers, creates := false, false
	for tmpl, tl := range tallies {
		if float64(tl.n) < cfg.MinShare*float64(n) || tl.n < 2 || tl.example == "" {
			continue
		}
		plain := !strings.Contains(tmpl, PlaceName) && !strings.Contains(tmpl, PlaceParent)
		if plain {
			// The base rate is of the other commits: a file edited only
			// in the pattern's commits has none.
			base := float64(touched[tmpl]-tl.n) / float64(max(counted-n, 1))
			if float64(tl.n)/float64(n) < cfg.MinLift*base {
				continue
			}
		}
		created := 2*tl.created > tl.n
		inside := strings.Contains(tmpl, PlaceName)
		if c.kind == "directory" {
			inside = strings.HasPrefix(tmpl, strings.TrimSuffix(c.slot, "/")+"/")
		} else {
			inside = inside && path.Dir(tmpl) == path.Dir(c.slot)
		}
		if created && inside {
			creates = true
		}
		small := median(tl.lines) <= cfg.MaxRegisterLines
		if !created && !inside && tl.n >= cfg.MinCommits && float64(tl.n) >= cfg.MinRegisterShare*float64(n) && !head.isTest(tl.example) && small {
			registers = true
		}
		if plain && !created && !inside && !small && !head.isTest(tl.example) {
			// Rewritten in the median such commit: work done beside the
			// addition (zod's benchmarks came with schema rewrites), not
			// a step that adding one takes. Tests are exempt: a new
			// binding's cases go into the bindings' test file.
			continue
		}
		p.Files = append(p.Files, PatternFile{Path: tmpl, Created: created, Commits: tl.n, Example: tl.example})
	}
	if !registers || !creates {
		return p, false
	}
	sort.Slice(p.Files, func(i, j int) bool {
		a, b := p.Files[i], p.Files[j]
		if a.Created != b.Created {
			return a.Created
		}
		if ta, tb := head.isTest(a.Example), head.isTest(b.Example); ta != tb {
			return tb
		}
		if a.Commits != b.Commits {
			return a.Commits > b.Commits
		}
		return a.Path < b.Path
	})
	for i := len(c.events) - 1; i >= 0; i-- {
		e := c.events[i]
		hc := commits[e.commit]
		p.Commits = append(p.Commits, PatternCommit{SHA: hc.SHA, Subject: hc.Subject, Time: hc.Time, Instance: e.instance})
	}
	return p, true
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedKeysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func median(xs []int) int {
	s := append([]int(nil), xs...)
	sort.Ints(s)
	return s[len(s)/2]
}
