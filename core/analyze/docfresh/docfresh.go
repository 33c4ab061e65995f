// Package docfresh finds documented functions whose body changed after
// their doc comment last changed: for each, the commits that changed the
// body since. It is pure: the pipeline reads, for each commit that touched
// a file, the file's blob after the commit and before it (its first
// parent), has each blob parsed once (the hashes are memoized by blob),
// and hands the hashes here (core/pipeline/conventions.go).
//
// A commit changed a function's doc when the doc text differs between the
// two blobs, or the function is not in the one before (it came in then);
// it changed the body when the function's lines differ and its doc does
// not. Walking back from HEAD, the first commit that changed the doc ends
// the walk for that function; the body changes met before it are the
// answer. Comparing each commit with its own parent keeps branches apart:
// two branches changing a function once each count twice, not once per
// alternation in time order.
package docfresh

import (
	"bytes"
	"sort"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/homer-dev/homer/core/record"
)

// Def is one function of one blob: hashes of its doc text and of its
// lines, and where it starts.
type Def struct {
	Doc  uint64 `json:"d"`
	Body uint64 `json:"b"`
	Line int    `json:"l"`
	// Documented: the doc text is not empty.
	Documented bool `json:"o,omitempty"`
}

// Version is the functions of one blob, by qualified name. Names defined
// twice in a blob are left out: they cannot be followed.
type Version map[string]Def

// Source is one function as its plugin reported it.
type Source struct {
	Name       string
	Doc        string
	Start, End int
}

// Hashes computes a blob's Version from its content and its functions.
// The body is hashed over the function's lines with each line's leading
// and trailing space dropped and blank lines skipped, so re-indenting
// alone is no change. Its doc comment may lie inside those lines (a
// docstring): a commit that changes the doc is then a doc change, which
// is what it is.
func Hashes(content []byte, defs []Source) Version {
	lines := bytes.Split(content, []byte("\n"))
	v := Version{}
	twice := map[string]bool{}
	for _, d := range defs {
		if _, dup := v[d.Name]; dup || twice[d.Name] {
			delete(v, d.Name)
			twice[d.Name] = true
			continue
		}
		h := xxhash.New()
		for i := d.Start; i <= d.End && i <= len(lines); i++ {
			if i < 1 {
				continue
			}
			l := bytes.TrimSpace(lines[i-1])
			if len(l) == 0 {
				continue
			}
			_, _ = h.Write(l)
			_, _ = h.Write([]byte{'\n'})
		}
		doc := strings.Join(strings.Fields(d.Doc), " ")
		v[d.Name] = Def{Doc: xxhash.Sum64String(doc), Body: h.Sum64(), Line: d.Start, Documented: doc != ""}
	}
	return v
}

// Change is one commit that touched a file: its version after the commit
// and before it.
type Change struct {
	Commit  string
	Time    int64
	Subject string
	After   Version
	// Before is nil when the file did not exist before the commit.
	Before Version
}

// File is a file at HEAD and the commits that touched it, newest first.
type File struct {
	Path string
	Head Version
	// Changes are newest first.
	Changes []Change
}

// Stale returns the documented functions of the file whose body changed
// after their doc comment, with those commits, most changes first.
func Stale(f File) []record.StaleDoc {
	s, _ := Walk(f)
	return s
}

// Walk is Stale, and how many documented functions the changes given did
// not reach back to the doc's last change for: with none open, older
// commits cannot change the answer, and need not be read.
func Walk(f File) ([]record.StaleDoc, int) {
	type open struct {
		doc     record.StaleDoc
		changes []record.StaleChange
	}
	pending := map[string]*open{}
	for name, d := range f.Head {
		if d.Documented {
			pending[name] = &open{doc: record.StaleDoc{Path: f.Path, Name: name, Line: d.Line}}
		}
	}
	var done []*open
	for _, c := range f.Changes {
		if len(pending) == 0 {
			break
		}
		for name, o := range pending {
			a, ok := c.After[name]
			if !ok {
				// Not in this commit's version: a branch that had not got
				// it yet, or it was renamed in later. Nothing to count.
				continue
			}
			b, had := c.Before[name]
			switch {
			case !had || b.Doc != a.Doc:
				o.doc.DocCommit, o.doc.DocTime = c.Commit, c.Time
				done = append(done, o)
				delete(pending, name)
			case b.Body != a.Body:
				o.changes = append(o.changes, record.StaleChange{Commit: c.Commit, Time: c.Time, Subject: c.Subject})
			}
		}
	}
	unsettled := len(pending)
	for _, o := range pending {
		// The doc's last change lies beyond what was read (a limit, or a
		// history cut short by the clone): the changes found are a lower
		// bound, counted from the oldest commit read.
		o.doc.Truncated = true
		if n := len(f.Changes); n > 0 {
			o.doc.DocCommit, o.doc.DocTime = f.Changes[n-1].Commit, f.Changes[n-1].Time
		}
		done = append(done, o)
	}
	var out []record.StaleDoc
	for _, o := range done {
		if len(o.changes) == 0 {
			continue
		}
		o.doc.Changes = o.changes
		out = append(out, o.doc)
	}
	Sort(out)
	return out, unsettled
}

// Sort orders stale docs by how many changes they missed, then by path
// and line.
func Sort(s []record.StaleDoc) {
	sort.Slice(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if len(a.Changes) != len(b.Changes) {
			return len(a.Changes) > len(b.Changes)
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Name < b.Name
	})
}
