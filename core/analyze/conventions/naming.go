package conventions

import (
	"sort"
	"strings"
	"unicode"

	"github.com/homer-dev/homer/core/record"
)

// The naming styles a name may be written in.
const (
	Snake     = "snake_case"
	Camel     = "camelCase"
	Pascal    = "PascalCase"
	Screaming = "SCREAMING_SNAKE_CASE"
)

var styles = []string{Snake, Camel, Pascal, Screaming}

// Styles returns every style a name fits. Leading and trailing underscores
// are markers (privacy, magic names), not style: "_parse_args" is
// snake_case, "__new__" a single lower-case word. A one-word lower-case
// name fits both snake_case and camelCase; a one-word upper-case name
// ("ID", "URL") both PascalCase and SCREAMING_SNAKE_CASE. A name with
// neither letters nor a consistent form fits none. A trailing "?", "!" or
// "=" marks a predicate, a mutating variant or a setter ("finished?",
// "merge!", "name="), not a style.
func Styles(name string) []string {
	core := strings.Trim(strings.TrimRight(name, "?!="), "_")
	if core == "" {
		return nil
	}
	var upper, lower, under, letter bool
	for _, r := range core {
		switch {
		case r == '_':
			under = true
		case unicode.IsUpper(r):
			upper, letter = true, true
		case unicode.IsLower(r):
			lower, letter = true, true
		case unicode.IsDigit(r):
		default:
			return nil
		}
	}
	if !letter {
		return nil
	}
	first := []rune(core)[0]
	var out []string
	switch {
	case !upper:
		out = append(out, Snake)
		if !under {
			out = append(out, Camel)
		}
	case !lower:
		out = append(out, Screaming)
		if !under && unicode.IsUpper(first) {
			out = append(out, Pascal)
		}
	case under:
		// Mixed case with underscores (Test_foo, getX_y) follows none.
	case unicode.IsUpper(first):
		out = append(out, Pascal)
	default:
		out = append(out, Camel)
	}
	return out
}

// Words splits a name into its words: at underscores and at case changes
// ("parseHTTPRequest" → parse, HTTP, Request). Leading underscores become
// a word "_" of their own, so a private marker shows as a prefix.
func Words(name string) []string {
	var words []string
	// A name wrapped in underscores on both sides (a magic name) is not
	// marked private by them.
	if strings.HasPrefix(name, "_") && !strings.HasSuffix(name, "_") && strings.Trim(name, "_") != "" {
		words = append(words, "_")
	}
	rs := []rune(strings.Trim(name, "_"))
	start := 0
	flush := func(end int) {
		if end > start {
			words = append(words, string(rs[start:end]))
		}
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '_' {
			flush(i)
			start = i + 1
			continue
		}
		if i == start {
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			// The last capital of an acronym starts the next word.
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

// Name is one identifier to judge.
type Name struct {
	Language string
	// Kind is the definition kind as the plugin reported it.
	Kind     string
	Name     string
	Exported bool
}

// KindGroup maps a definition kind to the group its names are judged in:
// function, type or constant; "" for kinds left out (fields, variables,
// modules, constructors named after their type).
func KindGroup(kind string) string {
	switch kind {
	case "function", "method":
		return "function"
	case "class", "struct", "interface", "trait", "enum", "type":
		return "type"
	case "constant":
		return "constant"
	}
	return ""
}

// Thresholds of the naming report.
const (
	// MinNames is the fewest names a group needs to be reported.
	MinNames = 5
	// MinAffix is the fewest names, and AffixShare the least share of its
	// group, an affix needs to be reported; at most MaxAffixes are.
	MinAffix   = 3
	AffixShare = 0.05
	MaxAffixes = 5
	// MaxExceptions is how many names breaking a convention are shown.
	MaxExceptions = 5
)

// Naming judges each (language, kind group, visibility) group of names:
// its dominant style, how many names follow it, and the words many of its
// names begin or end with.
func Naming(names []Name) []record.NamingConvention {
	type key struct{ lang, kind, vis string }
	groups := map[key][]string{}
	for _, n := range names {
		g := KindGroup(n.Kind)
		if g == "" || !strings.ContainsFunc(n.Name, unicode.IsLetter) {
			continue // an operator ("<=>", "[]=") has no style to follow
		}
		vis := "unexported"
		if n.Exported {
			vis = "exported"
		}
		k := key{n.Language, g, vis}
		groups[k] = append(groups[k], n.Name)
	}
	var out []record.NamingConvention
	for k, list := range groups {
		if len(list) < MinNames {
			continue
		}
		sort.Strings(list)
		fits := map[string]int{}
		only := map[string]int{}
		for _, n := range list {
			s := Styles(n)
			for _, st := range s {
				fits[st]++
			}
			if len(s) == 1 {
				only[s[0]]++
			}
		}
		// The dominant style is the one most names fit; between equals,
		// the one more names fit alone (so "run", "stop" and "startAll"
		// are camelCase), then the order of styles.
		best := ""
		for _, st := range styles {
			if best == "" || fits[st] > fits[best] || (fits[st] == fits[best] && only[st] > only[best]) {
				best = st
			}
		}
		if fits[best] == 0 {
			continue
		}
		c := record.NamingConvention{Language: k.lang, Kind: k.kind, Visibility: k.vis, Style: best,
			Adherence: record.NewShare(fits[best], len(list))}
		for _, n := range list {
			if len(c.Exceptions) == MaxExceptions {
				break
			}
			if !contains(Styles(n), best) {
				c.Exceptions = append(c.Exceptions, n)
			}
		}
		c.Prefixes, c.Suffixes = affixes(list)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Language != b.Language {
			return a.Language < b.Language
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Visibility < b.Visibility
	})
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// affixes finds the first and last words many names of several words
// share, compared without case and shown in their most frequent spelling.
func affixes(names []string) (pre, suf []record.Affix) {
	preCount, sufCount := map[string]int{}, map[string]int{}
	spelling := map[string]map[string]int{}
	note := func(w string) string {
		k := strings.ToLower(w)
		if spelling[k] == nil {
			spelling[k] = map[string]int{}
		}
		spelling[k][w]++
		return k
	}
	for _, n := range names {
		w := Words(n)
		if len(w) < 2 {
			continue
		}
		preCount[note(w[0])]++
		sufCount[note(w[len(w)-1])]++
	}
	pick := func(counts map[string]int) []record.Affix {
		var out []record.Affix
		for k, c := range counts {
			if c < MinAffix || float64(c) < AffixShare*float64(len(names)) {
				continue
			}
			out = append(out, record.NewAffix(mostSpelled(spelling[k]), c, len(names)))
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Count != out[j].Count {
				return out[i].Count > out[j].Count
			}
			return out[i].Affix < out[j].Affix
		})
		if len(out) > MaxAffixes {
			out = out[:MaxAffixes]
		}
		return out
	}
	return pick(preCount), pick(sufCount)
}

func mostSpelled(m map[string]int) string {
	best, n := "", -1
	for s, c := range m {
		if c > n || (c == n && s < best) {
			best, n = s, c
		}
	}
	return best
}
