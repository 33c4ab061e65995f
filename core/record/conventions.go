package record

// ConventionsVersion is the version of the conventions and stale-docs
// shapes below; it changes when a field changes meaning or goes away.
const ConventionsVersion = 1

// Result kinds of the conventions and documentation-freshness analyses.
const (
	// ResultConventions is stored once, on the repository node.
	ResultConventions = "conventions"
	// ResultDocFreshness is stored per file at HEAD that has documented
	// functions whose body changed after their doc comment.
	ResultDocFreshness = "doc-freshness"
)

// Conventions is how the repository's code and history are written, each
// convention with its adherence: the share of the cases it applies to that
// follow it, and the counts behind that share.
type Conventions struct {
	Naming  []NamingConvention `json:"naming"`
	Tests   []TestConvention   `json:"tests"`
	Docs    []DocConvention    `json:"docs"`
	Errors  []ErrorConvention  `json:"errors"`
	Commits CommitConvention   `json:"commits"`
}

// Share is a count out of a total, with the ratio.
type Share struct {
	Count int     `json:"count"`
	Total int     `json:"total"`
	Share float64 `json:"share"`
}

// NewShare makes a Share; the ratio of an empty total is 0.
func NewShare(count, total int) Share {
	s := Share{Count: count, Total: total}
	if total > 0 {
		s.Share = float64(count) / float64(total)
	}
	return s
}

// NamingConvention is the style of one kind of identifier (functions,
// types, constants) of one language, exported and unexported names judged
// apart, in non-test files.
type NamingConvention struct {
	Language string `json:"language"`
	// Kind is function, type or constant.
	Kind string `json:"kind"`
	// Visibility is exported or unexported.
	Visibility string `json:"visibility"`
	// Style is snake_case, camelCase, PascalCase or SCREAMING_SNAKE_CASE.
	Style string `json:"style"`
	// Adherence counts the names written in Style (a one-word name such
	// as "run" fits both snake_case and camelCase).
	Adherence Share `json:"adherence"`
	// Examples are names that do not follow Style, a few.
	Exceptions []string `json:"exceptions,omitempty"`
	Prefixes   []Affix  `json:"prefixes,omitempty"`
	Suffixes   []Affix  `json:"suffixes,omitempty"`
}

// Affix is a word many names of a kind begin or end with ("New",
// "Handler", "_"), with the share of the names that carry it: a Share's
// fields beside the word, spelled out rather than embedded, since a
// struct embedding a type of its field's name (Share.Share) loses that
// field in the JSON schema the MCP server derives from it.
type Affix struct {
	Affix string  `json:"affix"`
	Count int     `json:"count"`
	Total int     `json:"total"`
	Share float64 `json:"share"`
}

// NewAffix makes an Affix of count names out of total.
func NewAffix(affix string, count, total int) Affix {
	s := NewShare(count, total)
	return Affix{Affix: affix, Count: s.Count, Total: s.Total, Share: s.Share}
}

// Of is the affix's share as a Share.
func (a Affix) Of() Share { return Share{Count: a.Count, Total: a.Total, Share: a.Share} }

// TestConvention is how one language's tests are written.
type TestConvention struct {
	Language string `json:"language"`
	// Pattern is the test file name pattern most test files follow
	// ("*_test.EXT", "test_*.EXT", "tests/**", "tests/**/*.test.EXT",
	// EXT written as the extension most of them have where one has) and
	// Adherence the test files that follow it.
	Pattern   string `json:"pattern"`
	Adherence Share  `json:"adherence"`
	// Frameworks are the imports that mark test files: imported by many
	// test files and far fewer other files, each with its share of the
	// test files.
	Frameworks []Affix `json:"frameworks,omitempty"`
	// InSource counts the non-test files that hold tests of their own
	// (a test module inside a source file), out of the language's
	// non-test files, as their plugin reports them.
	InSource Share `json:"in_source"`
}

// DocConvention is how one language's public definitions are documented.
type DocConvention struct {
	Language string `json:"language"`
	// Coverage counts the exported functions, methods and types that have
	// a doc comment.
	Coverage Share `json:"coverage"`
	// Style is the doc-comment style most documented definitions use
	// (godoc, docstring, jsdoc, ... as the plugin names it) and Adherence
	// how many use it.
	Style     string `json:"style,omitempty"`
	Adherence Share  `json:"adherence"`
	// StartsWithName counts the doc comments whose first word is the
	// definition's name ("Open opens ...").
	StartsWithName Share `json:"starts_with_name"`
}

// ErrorConvention is how one language's functions deal with errors, from
// the shapes their plugin reports (returned, wrapped, thrown, caught,
// propagated, panicked, ...).
type ErrorConvention struct {
	Language string `json:"language"`
	// Style is the most frequent shape, Adherence its share of all error
	// sites; Shapes lists every shape with its count.
	Style     string  `json:"style"`
	Adherence Share   `json:"adherence"`
	Shapes    []Affix `json:"shapes"`
}

// CommitConvention is how commit messages are written, over non-merge
// commits.
type CommitConvention struct {
	// Style is "conventional" (type(scope): subject, the Conventional
	// Commits form with one of its usual types), "component" (area:
	// subject, a path or package before the colon) or "free" (neither is
	// followed by most commits).
	Style string `json:"style"`
	// Conventional and Component count the commits of each form.
	Conventional Share `json:"conventional"`
	Component    Share `json:"component"`
	// RecentConventional counts the Conventional Commits among the latest
	// non-merge commits (at most 200): a convention adopted late shows
	// here before it shows in the whole history's share.
	RecentConventional Share `json:"recent_conventional"`
	// Types are the most used Conventional Commits types, or the most used
	// components, by count.
	Types []Affix `json:"types,omitempty"`
	// Examples are subjects that break the dominant form, a few.
	Exceptions []string `json:"exceptions,omitempty"`
}

// StaleDoc is a documented function whose body changed after its doc
// comment last changed, with the commits that changed it.
type StaleDoc struct {
	Path string `json:"path"`
	// Name is the function's qualified name in its file.
	Name string `json:"name"`
	Line int    `json:"line"`
	// DocCommit is the last commit that changed the doc comment (or
	// brought the function in with it); DocTime its commit time.
	DocCommit string `json:"doc_commit"`
	DocTime   int64  `json:"doc_time"`
	// Changes are the commits after DocCommit that changed the function's
	// body but not its doc comment, newest first.
	Changes []StaleChange `json:"changes"`
	// Truncated: history was walked only so far back (the file's versions
	// beyond the limit were not read), so DocCommit is the oldest commit
	// read and Changes a lower bound.
	Truncated bool `json:"truncated,omitempty"`
}

// StaleChange is one commit that changed a function's body.
type StaleChange struct {
	Commit  string `json:"commit"`
	Time    int64  `json:"time"`
	Subject string `json:"subject"`
}
