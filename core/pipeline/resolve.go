package pipeline

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/sdk"
)

// Node and edge kinds written by resolve.
const (
	KindDefinition = record.KindDefinition
	EdgeCalls      = record.EdgeCalls
	EdgeImports    = record.EdgeImports
	EdgeFileCalls  = record.EdgeFileCalls
	EdgeTests      = record.EdgeTests
)

// How a call edge was found, and the confidence each way earns
// (ARCHITECTURE.md, "The language seam").
const (
	viaScope    = "scope"    // an unqualified name in the file's scope
	viaImport   = "import"   // through an import alias or an imported name
	viaReceiver = "receiver" // a member of the one type the receiver evaluates to
	viaDispatch = "dispatch" // one of several a call through a type may reach
	viaName     = "name"     // nothing narrowed it; a name defined once, visible
)

// centralCall: a call found this way weighs in the definitions' centrality
// and caller counts. Centrality weighs what code depends on: the method an
// interface call names, not every implementation it may dispatch to, and
// not a guess by name, which on an untyped receiver is as often another
// type's method of that name (on one repository measured against its
// compiler, 63% of them were right; BENCHMARKS.md).
func centralCall(via string) bool { return via != viaDispatch && via != viaName }

var viaConfidence = map[string]float64{
	viaScope:    1.0,
	viaImport:   0.95,
	viaReceiver: 0.95,
	viaDispatch: 0.6,
	viaName:     0.3,
}

// Graph is the resolved structure of the code at HEAD.
type Graph struct {
	Files   map[string]*sdk.FileFacts
	Defs    []Def
	Calls   map[[2]int]*Link    // def index → def index
	Imports map[[2]string]*Link // file → file
	// FileCalls aggregates calls between files, including top-level calls.
	FileCalls map[[2]string]*Link
	// Unresolved counts calls that reached no definition, by why: a builtin,
	// an external module or type, or nothing in the repository.
	Unresolved map[string]int

	names []string // node names of Defs, made once (NodeNames)
}

// eachFileLink calls fn for every import and file-level call between two
// files the store knows (fileIDs).
func (g *Graph) eachFileLink(fileIDs map[string]int64, fn func(kind string, k [2]string, l *Link)) {
	eachFileLink(g.Imports, g.FileCalls, fileIDs, fn)
}

// eachFileLink calls fn for every import and file-level call of imports
// and fileCalls between two files the store knows (fileIDs).
func eachFileLink(imports, fileCalls map[[2]string]*Link, fileIDs map[string]int64, fn func(kind string, k [2]string, l *Link)) {
	for _, kind := range []string{EdgeImports, EdgeFileCalls} {
		m := imports
		if kind == EdgeFileCalls {
			m = fileCalls
		}
		for k, l := range m {
			if fileIDs[k[0]] != 0 && fileIDs[k[1]] != 0 {
				fn(kind, k, l)
			}
		}
	}
}

// testCaller reports whether a definition is test code: in a test file,
// or marked so in a file that is not one.
func (g *Graph) testCaller(def int) bool {
	d := g.Defs[def]
	return d.GetTest() || g.Files[d.Path].GetIsTest()
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
	// Repeat numbers a definition whose qualified name another of the
	// same file has (several initialisers of one name, an overload's
	// stubs): 0 for the one named plainly, the first with a body.
	Repeat int
}

// Node is the definition's node name: unique across the repository.
func (d Def) Node() string {
	n := d.Path + "#" + d.GetQualifiedName()
	if d.Repeat > 0 {
		n += "~" + strconv.Itoa(d.Repeat+1)
	}
	return n
}

// Link is an aggregated edge.
type Link struct {
	Count      int
	Confidence float64
	Via        string // how the strongest of its calls was found
}

// Resolve joins per-file facts into a graph: imports to files (through each
// language's ResolveImports, then the namespaces files declare), and calls
// to definitions by evaluating what the plugins report in each file's scope.
func Resolve(facts []*sdk.FileFacts, imports map[string][]*sdk.ResolvedImport) *Graph {
	g, _ := resolvePacked(facts, imports, nil, nil) // facts' own calls decode nothing, and cannot fail
	return g
}

// resolvePacked is Resolve with the calls and references of some files
// in calls, decoded one file at a time as the walk reaches it (and
// dropped from calls). It fails only when one of those does not decode.
// spent, when not nil, gives up the imports as the scopes bind them
// (newScopes).
func resolvePacked(facts []*sdk.FileFacts, imports map[string][]*sdk.ResolvedImport, calls packedCalls, spent func(*sdk.FileFacts) bool) (*Graph, error) {
	g := &Graph{Files: map[string]*sdk.FileFacts{}, Calls: map[[2]int]*Link{}, Imports: map[[2]string]*Link{},
		FileCalls: map[[2]string]*Link{}, Unresolved: map[string]int{}}
	x := newScopes(g, facts, imports, spent)

	paths := make([]string, 0, len(x.files))
	for p := range x.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	// used[file] is the set of files a file's calls and references reach:
	// it narrows imports of several files (a package) to those used.
	used := map[string]map[string]bool{}
	for _, p := range paths {
		fs := x.files[p]
		use := map[string]bool{}
		used[p] = use
		fileCalls, refs, err := calls.of(fs.facts)
		if err != nil {
			return nil, err
		}
		for _, c := range fileCalls {
			caller, hasCaller := x.caller(fs, c)
			targets, via, why := x.resolveCall(fs, c, caller, hasCaller)
			if len(targets) == 0 {
				if why != "" {
					g.Unresolved[why]++
				}
				continue
			}
			conf := viaConfidence[via]
			// Test code in a file that is not a test is the tests': a
			// library's tests may use what is built on the library.
			tests := hasCaller && g.Defs[caller].GetTest()
			// A call that may dispatch to several definitions reaches
			// each with a share of the dispatch confidence: one of n runs.
			dispatched := 0
			oneFile := true // every target in one file: overloads the call cannot tell apart
			for _, t := range targets {
				if t.via == viaDispatch || t.via == "" && via == viaDispatch {
					dispatched++
				}
				oneFile = oneFile && g.Defs[t.def].Path == g.Defs[targets[0].def].Path
			}
			for _, t := range targets {
				tv := via
				if t.via != "" {
					tv = t.via
				}
				tc := viaConfidence[tv]
				if tv == viaDispatch && dispatched > 1 {
					tc /= float64(dispatched)
				}
				if tc > conf {
					tc = conf
				}
				defConf, defVia := tc, tv // which definition runs stays as unsure
				to := g.Defs[t.def].Path
				if tv == viaDispatch && oneFile && via != viaDispatch && via != viaName {
					// Which of a class's overloads runs, the call does not
					// tell; that it runs one of that file's is as sure as
					// the call: the file is used (a static factory with
					// four two-argument overloads, javapoet's
					// TypeVariableName.get, left its file no dependent).
					tv, tc = via, conf
				}
				if tv != viaDispatch && tv != viaName && !tests {
					// What a call may reach through dispatch, or a guess,
					// is no use of the file defining it.
					use[to] = true
				}
				if to != p && tv != viaDispatch && tv != viaName && !tests {
					// A file depends on what it calls, not on every type
					// an interface call may dispatch to, nor on the file
					// a guess by name lands in (centralCall): koa's
					// search parameters module, calling append on a
					// URLSearchParams, was made a dependent of its
					// response module, the one file defining an append.
					addLink(g.FileCalls, [2]string{p, to}, tc, tv)
				}
				if hasCaller && caller != t.def {
					addLink(g.Calls, [2]int{caller, t.def}, defConf, defVia)
				}
			}
		}
		for _, ref := range refs {
			for _, f := range x.touched(fs, ref) {
				use[f] = true
			}
		}
	}
	for _, p := range paths {
		fs := x.files[p]
		for _, b := range fs.resolved {
			if b.test {
				continue
			}
			to := b.files
			if len(to) > 1 || b.global || b.implicit {
				var narrowed []string
				for _, f := range to {
					if used[p][f] {
						narrowed = append(narrowed, f)
					}
				}
				if len(narrowed) > 0 || b.global || b.implicit {
					to = narrowed
				}
			}
			for _, f := range to {
				if f != p {
					addLink(g.Imports, [2]string{p, f}, 1, viaImport)
				}
			}
		}
	}
	// Imports from files no plugin's facts cover still link (a language
	// whose facts are missing keeps its import edges).
	for from, list := range imports {
		if x.files[from] != nil {
			continue
		}
		for _, ri := range list {
			for _, to := range ri.GetToPaths() {
				if to != from {
					addLink(g.Imports, [2]string{from, to}, 1, viaImport)
				}
			}
		}
	}
	return g, nil
}

func addLink[K comparable](m map[K]*Link, k K, conf float64, via string) {
	l := m[k]
	if l == nil {
		l = &Link{}
		m[k] = l
	}
	l.Count++
	if conf > l.Confidence {
		l.Confidence = conf
		l.Via = via
	}
}

func callable(kind string) bool {
	switch kind {
	case "function", "method", "constructor", "macro":
		return true
	}
	return false
}

// valueKind reports whether a definition stands for a value of its type.
func valueKind(kind string) bool {
	switch kind {
	case "variable", "constant", "field", "property":
		return true
	}
	return false
}

// defMeta is a definition node's metadata.
type defMeta struct {
	// Path is set only when the file's path holds a '#': otherwise it is
	// the node name's part before the first '#' (record.DefinitionPath).
	Path     string `json:"path,omitempty"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Line     int32  `json:"line"`
	End      int32  `json:"end"`
	Exported bool   `json:"exported"`
	Doc      string `json:"doc,omitempty"`
	// Complexity is the cyclomatic complexity the plugin counted.
	Complexity int32 `json:"complexity,omitempty"`
	// Variant: the file is left out of the default build.
	Variant bool `json:"variant,omitempty"`
}

// countMeta is an edge's metadata, written by hand: tens of thousands of
// edges are compared on every resolve.
func countMeta(count int, test bool, via string) string {
	m := `{"count":` + strconv.Itoa(count)
	if test {
		m += `,"test":1`
	}
	if via != "" {
		m += `,"via":"` + via + `"`
	}
	return m + "}"
}

// firstSentence is a doc's first sentence (sentence) in plain words
// (plainMarkup), before its block tags: a doc's prose ends where a line
// opens with a tag ("@param", "@return", "@package").
func firstSentence(doc string) string {
	if sectionLabel.MatchString(doc) {
		return ""
	}
	return plainMarkup(sentence(withoutVisibility(beforeTags(doc))))
}

// sectionLabel is a comment that heads a run of definitions rather than
// saying what the next one does: spdlog's "// protected methods" above
// logger::log_it_, "Private helpers", "--- Accessors ---".
var sectionLabel = regexp.MustCompile(`(?i)^[\s\-=*/#]*((public|protected|private|internal|static|exported|unexported)(\s+(static|virtual|instance|class|helper|utility))?\s+(methods|functions|members|member functions|fields|properties|helpers|api|interface|accessors|constructors|types|constants|variables|operators)|(helpers|accessors|getters|setters|getters and setters|constructors|operators|overrides|utilities|callbacks))[\s:.\-=*/#]*$`)

// withoutVisibility is doc without a leading visibility marker, which
// says who may call the definition, not what it does: TomDoc's "Public:
// Fetch the logger" (jekyll's), a "Public" line alone (faraday's).
func withoutVisibility(doc string) string {
	t := strings.TrimLeft(doc, " \t\n")
	for _, m := range []string{"Public", "Internal", "Private"} {
		rest, ok := strings.CutPrefix(t, m)
		if !ok {
			continue
		}
		if r, ok := strings.CutPrefix(rest, ":"); ok {
			return r
		}
		if strings.TrimSpace(rest) == "" || rest[0] == '\n' || strings.HasPrefix(rest, "\r\n") {
			return rest
		}
	}
	return doc
}

// beforeTags is doc up to its first line that opens with a tag: "@" and a
// letter.
func beforeTags(doc string) string {
	for i := 0; i < len(doc); {
		line := strings.TrimLeft(doc[i:], " \t")
		if len(line) > 1 && line[0] == '@' && (line[1] >= 'a' && line[1] <= 'z' || line[1] >= 'A' && line[1] <= 'Z') {
			return doc[:i]
		}
		j := strings.IndexByte(doc[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return doc
}

var (
	// docRole is documentation markup naming a code entity by its role:
	// ":class:`Option`", ":meth:`~x.Y.z`", ":py:func:`f <x.f>`".
	docRole = regexp.MustCompile("(?::[a-z]+)+:`~?([^`<]*?)\\s*(?:<[^>]*>)?`")
	// escapedAfterCode is a backslash escape closing up a word to code
	// ("`Option`\s" reads "`Option`s").
	escapedAfterCode = regexp.MustCompile("`\\\\+")
)

// plainMarkup writes documentation markup that names code as code:
// ":class:`Option`\s" reads "`Option`s".
func plainMarkup(s string) string {
	if !strings.Contains(s, ":`") && !strings.Contains(s, "`\\") {
		return s
	}
	s = docRole.ReplaceAllString(s, "`$1`")
	return escapedAfterCode.ReplaceAllString(s, "`")
}

// sentence is a doc's words joined by single spaces up to the first
// ". " (unless that is its very start), at most 200 bytes (197 and
// "..." when longer). It reads the doc only as far as the sentence or the
// 200 bytes reach, without splitting all of it into words: resolve runs
// it for every documented definition (13,000 on spring-boot).
func sentence(doc string) string {
	const most = 200
	out := make([]byte, 0, min(len(doc), most+1))
	cut := true // the first ". " decides: at the very start, no cut
	for i := 0; i < len(doc); {
		// The next word: a run of what unicode.IsSpace is not (as
		// strings.Fields splits).
		r, n := utf8.DecodeRuneInString(doc[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		start := i
		for i < len(doc) {
			r, n := utf8.DecodeRuneInString(doc[i:])
			if unicode.IsSpace(r) {
				break
			}
			i += n
		}
		if len(out) > 0 {
			if cut && out[len(out)-1] == '.' {
				if len(out) > 1 {
					return string(out) // the sentence ends at that "."
				}
				cut = false
			}
			out = append(out, ' ')
		}
		out = append(out, doc[start:i]...)
		if len(out) > most {
			// Longer than the limit whether or not a sentence ends
			// further on.
			return string(out[:most-3]) + "..."
		}
	}
	return string(out)
}
