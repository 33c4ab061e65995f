package gitsource

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/homer-dev/homer/sdk"
)

// rawCommit is a commit as read from git log (or from go-git), before it
// becomes an sdk.Commit: header fields, the diff's --raw entries and the
// --numstat counts in the same order.
type rawCommit struct {
	sha        string
	parents    []string
	author     *sdk.Person
	committer  *sdk.Person
	authorTime int64
	commitTime int64
	message    string
	raws       []rawEntry
	nums       []numEntry
}

// rawEntry is one changed path. Modes are 0 for an absent side. IDs are
// the blobs before and after (hex from git, with zeros for an absent side;
// raw bytes from go-git, empty for an absent side): exact rename pairing
// compares them, and the record carries them in hex (hexID).
type rawEntry struct {
	oldMode, newMode uint32
	status           byte
	score            int32
	path, oldPath    string
	oldID, newID     string
}

type numEntry struct {
	added, deleted int32
	binary         bool
}

const (
	modeGitlink = 0o160000
	modeTree    = 0o040000
)

// commit turns the raw form into the record. Gitlinks (submodules) are not
// files and are dropped; a path that turns from a gitlink into a file (or
// back) is an addition (deletion) of that file.
func (rc *rawCommit) commit() *sdk.Commit {
	c := &sdk.Commit{
		Sha: rc.sha, Parents: rc.parents, Author: rc.author, Committer: rc.committer,
		AuthorTime: rc.authorTime, CommitTime: rc.commitTime, Message: rc.message,
	}
	if len(rc.raws) == 0 {
		return c
	}
	counted := len(rc.nums) == len(rc.raws)
	c.Changes = make([]*sdk.FileChange, 0, len(rc.raws))
	for i := range rc.raws {
		r := &rc.raws[i]
		oldLink, newLink := r.oldMode == modeGitlink, r.newMode == modeGitlink
		if (oldLink || r.oldMode == 0) && (newLink || r.newMode == 0) {
			continue
		}
		fc := &sdk.FileChange{Path: sdk.ProtoPath(r.path)}
		if counted {
			n := rc.nums[i]
			fc.Added, fc.Deleted, fc.Binary = n.added, n.deleted, n.binary
		}
		switch {
		case oldLink:
			fc.Status, fc.Deleted = "A", 0
		case newLink:
			fc.Status, fc.Added = "D", 0
		default:
			switch r.status {
			case 'A', 'C': // a copy is a new file (git log -M does not report copies anyway)
				fc.Status = "A"
			case 'D':
				fc.Status = "D"
			case 'R':
				fc.Status, fc.OldPath, fc.Similarity = "R", sdk.ProtoPath(r.oldPath), r.score
			default: // M, T (type change), anything newer
				fc.Status = "M"
			}
		}
		if fc.Binary {
			fc.Added, fc.Deleted = 0, 0
		}
		// The blobs on either side, none for a submodule's side.
		if !oldLink {
			fc.OldBlobId = hexID(r.oldID)
		}
		if !newLink {
			fc.BlobId = hexID(r.newID)
		}
		c.Changes = append(c.Changes, fc)
	}
	c.Changes = pairMovedByName(pairNamedRenames(pairConversions(c.Changes), c.Message))
	return c
}

// renameSubject is a commit subject that renames one name to another:
// "Rename Predicate to Matcher (#1090)", "rename `Foo` -> `Bar`".
var renameSubject = regexp.MustCompile("(?i)^\\s*(?:\\w+(?:\\([^)]*\\))?!?:\\s*)?renam(?:e|es|ed|ing)\\s+`?([A-Za-z_][A-Za-z0-9_]*)`?\\s+(?:to|->|→|=>)\\s+`?([A-Za-z_][A-Za-z0-9_]*)`?")

// pairNamedRenames turns a deletion and an addition that a commit's
// subject says are one name renamed into renames with similarity 0: the
// added file's path is the deleted one's with the old name replaced by the
// new in its file name, and no other change of the commit has that path.
// Nimble's "Rename Predicate to Matcher" rewrote Predicate.swift into
// Matcher.swift beyond what git pairs, and Matcher.swift, the center of
// the library, then had one change and one author.
func pairNamedRenames(cs []*sdk.FileChange, message string) []*sdk.FileChange {
	subject, _, _ := strings.Cut(message, "\n")
	m := renameSubject.FindStringSubmatch(subject)
	if m == nil || m[1] == m[2] {
		return cs
	}
	from, to := m[1], m[2]
	added := map[string]int{}
	for i, fc := range cs {
		if fc.Status == "A" {
			added[fc.Path] = i
		}
	}
	drop := map[int]bool{}
	for i, fc := range cs {
		base := baseName(fc.Path)
		if fc.Status != "D" || !strings.Contains(base, from) {
			continue
		}
		want := fc.Path[:len(fc.Path)-len(base)] + strings.ReplaceAll(base, from, to)
		j, ok := added[want]
		if !ok {
			continue
		}
		renameFrom(cs[j], fc)
		delete(added, want)
		drop[i] = true
	}
	return without(cs, drop)
}

// pairMovedByName turns a deletion and an addition of one file name into
// a rename with similarity 0 where the commit deletes one file of that
// name and adds one, in other directories, and the name is not one every
// package has (index.js, __init__.py, mod.rs, a README): Alamofire's
// "Refactor Project Structure" moved Source/Request.swift to
// Source/Core/Request.swift while splitting it, beyond what git pairs, and
// the file then had 12 changes of its 168.
func pairMovedByName(cs []*sdk.FileChange) []*sdk.FileChange {
	if !slices.ContainsFunc(cs, func(fc *sdk.FileChange) bool { return fc.Status == "D" }) ||
		!slices.ContainsFunc(cs, func(fc *sdk.FileChange) bool { return fc.Status == "A" }) {
		return cs // most commits delete nothing or add nothing
	}
	deleted, added := map[string][]int{}, map[string][]int{}
	for i, fc := range cs {
		switch fc.Status {
		case "D":
			deleted[baseName(fc.Path)] = append(deleted[baseName(fc.Path)], i)
		case "A":
			added[baseName(fc.Path)] = append(added[baseName(fc.Path)], i)
		}
	}
	drop := map[int]bool{}
	for name, ds := range deleted {
		as := added[name]
		if len(ds) != 1 || len(as) != 1 || everyPackageHas(name) {
			continue
		}
		renameFrom(cs[as[0]], cs[ds[0]])
		drop[ds[0]] = true
	}
	return without(cs, drop)
}

// everyPackageHas tells a file name that many directories hold, each its
// own file: a package's entry or manifest, a directory's README.
func everyPackageHas(name string) bool {
	if name == "" {
		return true
	}
	stem := name
	if i := strings.IndexByte(name[1:], '.'); i >= 0 {
		stem = name[:i+1]
	}
	switch strings.ToLower(stem) {
	case "index", "__init__", "__main__", "mod", "main", "lib", "init", "package", "readme", "license", "changelog", "makefile",
		"cmakelists", "build", "setup", "conftest", "pom", "cargo", "go", "gemfile", "rakefile", "dockerfile", "project", "module",
		"utils", "util", "helpers", "types", "constants", "config", "settings", "test", "tests", "spec", "doc", "docs", "version":
		return true
	}
	return strings.HasPrefix(name, ".") // .gitignore, .eslintrc
}

// renameFrom makes addition a a rename of deletion d, with similarity 0:
// the old path, its blob and its deleted lines come from d.
func renameFrom(a, d *sdk.FileChange) {
	a.Status, a.OldPath, a.Similarity = "R", d.Path, 0
	a.Deleted, a.OldBlobId = d.Deleted, d.OldBlobId
	a.Binary = a.Binary || d.Binary
	if a.Binary {
		a.Added, a.Deleted = 0, 0
	}
}

// without is cs without the changes at the indexes in drop, in place.
func without(cs []*sdk.FileChange, drop map[int]bool) []*sdk.FileChange {
	if len(drop) == 0 {
		return cs
	}
	out := cs[:0]
	for i, fc := range cs {
		if !drop[i] {
			out = append(out, fc)
		}
	}
	return out
}

// pairConversions turns a deletion and an addition of one name in one
// directory under another extension, each the only one of that name in the
// commit, into a rename with similarity 0: a file converted to another
// language (moshi's "Convert JsonReader to Kotlin" deletes JsonReader.java
// and adds JsonReader.kt; git pairs no rename, as the text is new). The
// rename keeps the file's history: without it, JsonReader.kt's 6 commits
// hide JsonReader.java's 59.
func pairConversions(cs []*sdk.FileChange) []*sdk.FileChange {
	type side struct{ del, add, n int }
	var names map[string]*side
	for i, fc := range cs {
		if fc.Status != "A" && fc.Status != "D" {
			continue
		}
		stem, ok := convertible(fc.Path)
		if !ok {
			continue
		}
		if names == nil {
			names = map[string]*side{}
		}
		sd := names[stem]
		if sd == nil {
			sd = &side{del: -1, add: -1}
			names[stem] = sd
		}
		sd.n++
		if fc.Status == "D" {
			sd.del = i
		} else {
			sd.add = i
		}
	}
	drop := map[int]bool{}
	for _, sd := range names {
		if sd.n != 2 || sd.del < 0 || sd.add < 0 {
			continue
		}
		renameFrom(cs[sd.add], cs[sd.del])
		drop[sd.del] = true
	}
	return without(cs, drop)
}

// convertible gives a path without its extension, when it has one.
func convertible(p string) (string, bool) {
	base := baseName(p)
	i := strings.LastIndexByte(base, '.')
	if i <= 0 || i == len(base)-1 {
		return "", false
	}
	return p[:len(p)-len(base)+i], true
}

// hexID is an object id as the record carries it: git's hex as it is,
// go-git's raw 20 or 32 bytes in hex, and "" for no object (git's zeros).
func hexID(id string) string {
	switch len(id) {
	case 20, 32:
		return hex.EncodeToString([]byte(id))
	case 40, 64:
		if strings.Trim(id, "0") == "" {
			return ""
		}
		return id
	}
	return ""
}

// emptyBlob is the id of the empty blob, in git's hex and go-git's raw form.
// git never treats empty files as rename sources.
const emptyBlobHex = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"

var emptyBlobRaw = string([]byte{0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1, 0xd6, 0x43, 0x4b, 0x8b, 0x29, 0xae, 0x77, 0x5a, 0xd8, 0xc2, 0xe4, 0x8c, 0x53, 0x91})

// pairExactRenames turns a deletion and an addition of the same blob into a
// rename with similarity 100, preferring a source with the same base name,
// as git's exact rename detection does. It needs the entries' IDs.
func pairExactRenames(es []rawEntry) []rawEntry {
	var dels map[string][]int
	for i := range es {
		e := &es[i]
		if e.status == 'D' && e.oldID != "" && e.oldID != emptyBlobHex && e.oldID != emptyBlobRaw && e.oldMode != modeGitlink {
			if dels == nil {
				dels = map[string][]int{}
			}
			dels[e.oldID] = append(dels[e.oldID], i)
		}
	}
	if dels == nil {
		return es
	}
	used := map[int]bool{}
	for j := range es {
		e := &es[j]
		if e.status != 'A' || e.newMode == modeGitlink {
			continue
		}
		best := -1
		for _, i := range dels[e.newID] {
			if used[i] {
				continue
			}
			if best < 0 {
				best = i
			}
			if baseName(es[i].path) == baseName(e.path) {
				best = i
				break
			}
		}
		if best >= 0 {
			used[best] = true
			e.status, e.score, e.oldPath, e.oldMode, e.oldID = 'R', 100, es[best].path, es[best].oldMode, es[best].oldID
		}
	}
	if len(used) == 0 {
		return es
	}
	out := es[:0]
	for i := range es {
		if !used[i] {
			out = append(out, es[i])
		}
	}
	return out
}

func baseName(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// logParser reads the output of git log as built by logArgs. Commits come
// out complete: a commit is complete when the next one starts or when git
// exits successfully (then it is left in pending for the caller, who knows
// the exit status).
type logParser struct {
	r       *bufio.Reader
	long    []byte // a token longer than the reader's buffer
	pending *rawCommit
	err     error
	// keepIDs is set for output without rename detection (--no-renames):
	// finish pairs exact renames by their blob ids.
	keepIDs bool

	// strs and older are the paths interned: the ones met since strs
	// was begun, and before that, until strs holds internPaths.
	strs, older map[string]string
	internPaths int
	people      map[string]*sdk.Person
}

// internPaths is how many paths a parser interns before it begins again,
// keeping the last ones met: a path that changes often stays interned,
// and a long history's every path is not held. On spring-boot (62,000
// commits) the table of every path grew to 13 MB, most of the git
// source's live heap by the end of the history.
const internPaths = 16 << 10

func newLogParser(r io.Reader) *logParser {
	return &logParser{
		r:           bufio.NewReaderSize(r, 1<<20),
		strs:        map[string]string{},
		internPaths: internPaths,
		people:      map[string]*sdk.Person{},
	}
}

// token returns the bytes up to the next NUL, valid until the next call.
// A final token without its NUL is an unexpected EOF: git died mid-output.
func (p *logParser) token() ([]byte, error) {
	b, err := p.r.ReadSlice(0)
	if err == nil {
		return b[:len(b)-1], nil
	}
	if errors.Is(err, bufio.ErrBufferFull) {
		p.long = append(p.long[:0], b...)
		for {
			b, err = p.r.ReadSlice(0)
			p.long = append(p.long, b...)
			if err == nil {
				return p.long[:len(p.long)-1], nil
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
	}
	if errors.Is(err, io.EOF) {
		if len(b) > 0 || len(p.long) > 0 {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, io.EOF
	}
	return nil, err
}

// finish turns a complete raw commit into the record.
func (p *logParser) finish(rc *rawCommit) *sdk.Commit {
	if p.keepIDs {
		rc.raws = pairExactRenames(rc.raws)
	}
	return rc.commit()
}

// next returns the next complete commit, or io.EOF at the end of output
// (p.pending then holds the last commit, complete only if git succeeded).
func (p *logParser) next() (*sdk.Commit, error) {
	if p.err != nil {
		return nil, p.err
	}
	for {
		tok, err := p.token()
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = io.EOF // a cut-off entry: the pending commit is incomplete, which the exit status will tell
			}
			p.err = err
			return nil, err
		}
		if len(tok) > 0 && tok[0] == 0x01 {
			done := p.pending
			if err := p.header(tok[1:]); err != nil {
				p.err = err
				if errors.Is(err, io.ErrUnexpectedEOF) {
					p.err = io.EOF
				}
				if done != nil {
					return p.finish(done), nil
				}
				return nil, p.err
			}
			if done != nil {
				return p.finish(done), nil
			}
			continue
		}
		if p.pending == nil {
			// Kept like every other error: output that does not start with
			// a commit is not read on from some later marker.
			p.err = fmt.Errorf("git log: unexpected output %q", trunc(tok))
			return nil, p.err
		}
		tok = bytes.TrimLeft(tok, "\n")
		if len(tok) > 0 && tok[0] == ':' {
			if err := p.rawEntry(tok[1:]); err != nil {
				p.err = err
				return nil, err
			}
			continue
		}
		if err := p.numstat(tok); err != nil {
			p.err = err
			return nil, err
		}
	}
}

// header reads a commit's fields; sha is the first token without marker.
// The commit becomes pending as soon as its sha is known, so that a git
// failure can be attributed to it.
func (p *logParser) header(sha []byte) error {
	// Hex from a sound git; checked all the same, as a record that is not
	// valid UTF-8 would fail its whole batch.
	rc := &rawCommit{sha: validUTF8b(sha)}
	p.pending = rc
	var f [8][]byte
	for i := range f {
		tok, err := p.token()
		if err != nil {
			return err
		}
		if i < 7 {
			f[i] = append([]byte(nil), tok...)
		} else {
			f[i] = tok
		}
	}
	if len(f[0]) > 0 {
		rc.parents = strings.Fields(validUTF8b(f[0]))
	}
	rc.author = p.person(f[1], f[2])
	rc.committer = p.person(f[3], f[4])
	rc.authorTime = parseInt(f[5])
	rc.commitTime = parseInt(f[6])
	rc.message = validUTF8b(bytes.TrimRight(f[7], "\n"))
	return nil
}

// rawEntry parses ":oldmode newmode oldid newid status" and its path(s).
func (p *logParser) rawEntry(tok []byte) error {
	fields := bytes.Fields(tok)
	if len(fields) != 5 || len(fields[4]) == 0 {
		return fmt.Errorf("git log: bad raw diff entry %q", trunc(tok))
	}
	e := rawEntry{oldMode: parseOctal(fields[0]), newMode: parseOctal(fields[1]), status: fields[4][0]}
	if len(fields[4]) > 1 {
		e.score = parseCount(fields[4][1:])
	}
	e.oldID, e.newID = p.id(fields[2]), p.id(fields[3])
	path, err := p.token()
	if err != nil {
		return err
	}
	if len(path) == 0 { // git never prints an empty path
		return fmt.Errorf("git log: raw diff entry %q without a path", trunc(tok))
	}
	e.path = p.intern(path)
	if e.status == 'R' || e.status == 'C' {
		path, err = p.token()
		if err != nil {
			return err
		}
		if len(path) == 0 {
			return fmt.Errorf("git log: raw diff entry %q without its new path", trunc(tok))
		}
		e.oldPath, e.path = e.path, p.intern(path)
	}
	p.pending.raws = append(p.pending.raws, e)
	return nil
}

// numstat parses "added\tdeleted\tpath", or "added\tdeleted\t" followed by
// the old and new paths of a rename. Paths come from the raw entries.
func (p *logParser) numstat(tok []byte) error {
	a, rest, ok1 := bytes.Cut(tok, []byte{'\t'})
	d, path, ok2 := bytes.Cut(rest, []byte{'\t'})
	if !ok1 || !ok2 {
		return fmt.Errorf("git log: bad numstat entry %q", trunc(tok))
	}
	n := numEntry{}
	if len(a) == 1 && a[0] == '-' {
		n.binary = true
	} else {
		n.added, n.deleted = parseCount(a), parseCount(d)
	}
	if len(path) == 0 {
		for range 2 {
			if _, err := p.token(); err != nil {
				return err
			}
		}
	}
	p.pending.nums = append(p.pending.nums, n)
	return nil
}

// id returns an object id from a raw entry, sharing one string for git's
// zeros (an absent side).
func (p *logParser) id(b []byte) string {
	if len(b) == len(zeroID) && string(b) == zeroID {
		return zeroID
	}
	return string(b)
}

// zeroID is how git's raw output names no object.
const zeroID = "0000000000000000000000000000000000000000"

// intern returns a path as protobuf carries it (sdk.ProtoPath), once per
// distinct path among the last met (internPaths).
func (p *logParser) intern(b []byte) string {
	if s, ok := p.strs[string(b)]; ok {
		return s
	}
	s, ok := p.older[string(b)]
	if !ok {
		s = sdk.ProtoPath(string(b))
	}
	if len(p.strs) >= p.internPaths {
		p.older, p.strs = p.strs, make(map[string]string, len(p.strs))
	}
	// The path is its own key unless it was repaired: one copy of its
	// bytes, not two (a path of spring-boot's history is about 100).
	if s == string(b) {
		p.strs[s] = s
	} else {
		p.strs[string(b)] = s
	}
	return s
}

func (p *logParser) person(name, email []byte) *sdk.Person {
	key := make([]byte, 0, len(name)+len(email)+1)
	key = append(append(append(key, name...), 0), email...)
	if pp, ok := p.people[string(key)]; ok {
		return pp
	}
	pp := &sdk.Person{Name: validUTF8b(name), Email: validUTF8b(email)}
	p.people[string(key)] = pp
	return pp
}

func parseInt(b []byte) int64 {
	var n int64
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg, b = true, b[1:]
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		return -n
	}
	return n
}

// parseCount reads a line count or a similarity score: digits only, so
// never negative, and at most MaxInt32, where converting a larger number
// would wrap it negative.
func parseCount(b []byte) int32 {
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		n = min(n*10+int64(c-'0'), math.MaxInt32)
	}
	return int32(n)
}

func parseOctal(b []byte) uint32 {
	var n uint32
	for _, c := range b {
		if c < '0' || c > '7' {
			break
		}
		n = n*8 + uint32(c-'0')
	}
	return n
}

// validUTF8b and validUTF8 make strings protobuf can carry: git names,
// messages and paths are bytes, usually but not always UTF-8.
func validUTF8b(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

func trunc(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "..."
	}
	return string(b)
}
