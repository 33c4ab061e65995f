package agentsmd

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	sdk "github.com/homer-dev/homer/sdk"
)

// A convention is stated only when most of the code or history follows it
// (SPEC: more than 70%) and there is enough of it to tell: a style four
// names share is no convention.
const (
	conventionShare = 0.7
	minNames        = 20 // names of one kind and language
	minTestFiles    = 10
	minDocumentable = 20 // exported definitions of a language
	minErrorSites   = 20
	minCommits      = 50
	// affixShare is the least share of a kind's names a prefix or suffix
	// must carry to be named beside its style.
	affixShare = 0.1
)

// followed reports whether a share makes a convention.
func followed(s *sdk.Share, least int) bool {
	return s.GetTotal() >= int32(least) && float64(s.GetCount()) > conventionShare*float64(s.GetTotal())
}

func ofTotal(s *sdk.Share) string { return fmt.Sprintf("%d of %d", s.GetCount(), s.GetTotal()) }

// conventions states what most of the code and history already do, per
// language, each with the share that follows it: the names, tests, doc
// comments and error handling to write so that new code reads like the
// rest.
func (x *index) conventions() string {
	c := x.m.GetConventions()
	if c == nil {
		return ""
	}
	byLang := map[string][]string{}
	for lang, parts := range x.namingParts(c.GetNaming()) {
		byLang[lang] = append(byLang[lang], "names: "+strings.Join(parts, "; "))
	}
	for _, t := range c.GetTests() {
		if part := testPart(t, x.extension(t.GetLanguage())); part != "" {
			byLang[t.GetLanguage()] = append(byLang[t.GetLanguage()], part)
		}
	}
	for _, d := range c.GetDocs() {
		if part := docPart(d); part != "" {
			byLang[d.GetLanguage()] = append(byLang[d.GetLanguage()], part)
		}
	}
	for _, e := range c.GetErrors() {
		if followed(e.GetAdherence(), minErrorSites) {
			byLang[e.GetLanguage()] = append(byLang[e.GetLanguage()],
				fmt.Sprintf("errors: %s (%s error-handling sites)", errorShape(e.GetStyle()), ofTotal(e.GetAdherence())))
		}
	}
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	var b strings.Builder
	for _, l := range langs {
		fmt.Fprintf(&b, "- **%s**\n", l)
		for _, part := range byLang[l] {
			fmt.Fprintf(&b, "  - %s.\n", part)
		}
	}
	if s := commitPart(c.GetCommits()); s != "" {
		b.WriteString("- " + s + "\n")
	}
	if b.Len() == 0 {
		return ""
	}
	return "What most of the code and history already do (with how much of it does), to follow in new code:\n\n" + b.String()
}

// namingParts gives each language's followed name styles: "functions
// `snake_case` (591 of 591)", with exported and unexported names of a kind
// said once when they agree.
func (x *index) namingParts(ns []*sdk.NamingStyle) map[string][]string {
	type key struct{ lang, kind string }
	byKind := map[key][]*sdk.NamingStyle{}
	var keys []key
	for _, n := range ns {
		k := key{n.GetLanguage(), n.GetKind()}
		if byKind[k] == nil {
			keys = append(keys, k)
		}
		byKind[k] = append(byKind[k], n)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].lang != keys[j].lang {
			return keys[i].lang < keys[j].lang
		}
		return kindOrder(keys[i].kind) < kindOrder(keys[j].kind)
	})
	out := map[string][]string{}
	for _, k := range keys {
		group := byKind[k]
		var kept []*sdk.NamingStyle
		for _, n := range group {
			if followed(n.GetAdherence(), minNames) {
				kept = append(kept, n)
			}
		}
		if len(kept) == 0 {
			continue
		}
		plural := k.kind + "s"
		if len(kept) == len(group) && len(kept) > 1 && sameStyle(kept) {
			sum := &sdk.Share{}
			for _, n := range kept {
				sum.Count += n.GetAdherence().GetCount()
				sum.Total += n.GetAdherence().GetTotal()
			}
			out[k.lang] = append(out[k.lang], fmt.Sprintf("%s `%s` (%s)%s", plural, kept[0].GetStyle(), ofTotal(sum), affixNote(kept)))
			continue
		}
		for _, n := range kept {
			out[k.lang] = append(out[k.lang], fmt.Sprintf("%s %s `%s` (%s)%s", n.GetVisibility(), plural, n.GetStyle(),
				ofTotal(n.GetAdherence()), affixNote([]*sdk.NamingStyle{n})))
		}
	}
	return out
}

func kindOrder(k string) int {
	switch k {
	case "function":
		return 0
	case "type":
		return 1
	case "constant":
		return 2
	}
	return 3
}

func sameStyle(ns []*sdk.NamingStyle) bool {
	for _, n := range ns[1:] {
		if n.GetStyle() != ns[0].GetStyle() {
			return false
		}
	}
	return true
}

// affixNote names the prefixes and suffixes at least affixShare of the
// kind's names carry, at most two of each: ", often starting `New`".
func affixNote(ns []*sdk.NamingStyle) string {
	pick := func(get func(*sdk.NamingStyle) []*sdk.Affix) []string {
		var out []string
		for _, n := range ns {
			for _, a := range get(n) {
				s := a.GetShare()
				w := "`" + a.GetAffix() + "`"
				if s.GetTotal() > 0 && float64(s.GetCount()) >= affixShare*float64(s.GetTotal()) && len(out) < 2 && !slices.Contains(out, w) {
					out = append(out, w)
				}
			}
		}
		return out
	}
	var parts []string
	if p := pick(func(n *sdk.NamingStyle) []*sdk.Affix { return n.GetPrefixes() }); len(p) > 0 {
		parts = append(parts, "often starting "+strings.Join(p, " or "))
	}
	if s := pick(func(n *sdk.NamingStyle) []*sdk.Affix { return n.GetSuffixes() }); len(s) > 0 {
		parts = append(parts, "often ending "+strings.Join(s, " or "))
	}
	if len(parts) == 0 {
		return ""
	}
	return ", " + strings.Join(parts, ", ")
}

// extension is the file extension most of a language's files have
// (".go"), "" when none does.
func (x *index) extension(lang string) string {
	n := map[string]int{}
	for _, f := range x.m.GetFiles() {
		if f.GetLanguage() == lang {
			if e := path.Ext(f.GetPath()); e != "" {
				n[e]++
			}
		}
	}
	best := ""
	for e, k := range n {
		if k > n[best] || k == n[best] && e < best {
			best = e
		}
	}
	return best
}

// testPart states where a language's tests go and what they use; a
// pattern's EXT is the language's usual extension, ext.
func testPart(t *sdk.TestStyle, ext string) string {
	var parts []string
	if p := t.GetPattern(); p != "" && followed(t.GetAdherence(), minTestFiles) {
		if ext != "" {
			p = strings.ReplaceAll(p, ".EXT", ext)
		}
		parts = append(parts, fmt.Sprintf("test files are named `%s` (%s)", p, ofTotal(t.GetAdherence())))
	}
	var fw []string
	for _, f := range t.GetFrameworks() {
		if followed(f.GetShare(), minTestFiles) {
			fw = append(fw, fmt.Sprintf("`%s` (%s test files)", f.GetAffix(), ofTotal(f.GetShare())))
		}
	}
	if len(fw) > 0 {
		parts = append(parts, "they import "+joinAnd(fw))
	}
	if in := t.GetInSource(); in.GetCount() > 0 && float64(in.GetCount()) >= affixShare*float64(in.GetTotal()) {
		parts = append(parts, fmt.Sprintf("%s source files hold tests of their own", ofTotal(in)))
	}
	if len(parts) == 0 {
		return ""
	}
	return "tests: " + strings.Join(parts, "; ")
}

// docPart states how far exported definitions are documented, and how.
func docPart(d *sdk.DocStyle) string {
	cov := d.GetCoverage()
	if !followed(cov, minDocumentable) {
		return ""
	}
	s := fmt.Sprintf("doc comments: %s exported definitions have one", ofTotal(cov))
	if d.GetStyle() != "" && followed(d.GetAdherence(), minDocumentable) {
		s += fmt.Sprintf(" (%s, %s)", d.GetStyle(), ofTotal(d.GetAdherence()))
	}
	if followed(d.GetStartsWithName(), minDocumentable) {
		s += fmt.Sprintf("; they start with the definition's name (%s)", ofTotal(d.GetStartsWithName()))
	}
	return s
}

// errorShape says an error-handling shape in words.
func errorShape(s string) string {
	switch s {
	case "returned":
		return "returned to the caller as they are"
	case "wrapped":
		return "wrapped with context before they are passed on"
	case "propagated":
		return "propagated to the caller by the language's operator"
	case "thrown":
		return "thrown"
	case "caught":
		return "caught where they happen"
	case "panicked":
		return "ended in a panic"
	}
	return "`" + s + "`"
}

// commitPart states the commit message form most commits follow.
func commitPart(c *sdk.CommitStyle) string {
	types := func(style string) string {
		if c.GetStyle() != style {
			return "" // the types listed are of the style most commits follow
		}
		var ts []string
		for i, t := range c.GetTypes() {
			if i == 4 {
				break
			}
			ts = append(ts, "`"+t.GetAffix()+"`")
		}
		if len(ts) == 0 {
			return ""
		}
		return "; the most used: " + strings.Join(ts, ", ")
	}
	switch {
	case followed(c.GetConventional(), minCommits):
		return fmt.Sprintf("**commits**: subjects follow Conventional Commits, `type(scope): subject` (%s commits%s).", ofTotal(c.GetConventional()), types("conventional"))
	case followed(c.GetRecentConventional(), minCommits):
		return fmt.Sprintf("**commits**: recent subjects follow Conventional Commits, `type(scope): subject` (%s of the latest commits%s).", ofTotal(c.GetRecentConventional()), types("conventional"))
	case followed(c.GetComponent(), minCommits):
		return fmt.Sprintf("**commits**: subjects start with the area they change, `area: subject` (%s commits%s).", ofTotal(c.GetComponent()), types("component"))
	}
	return ""
}
