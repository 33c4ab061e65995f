package skills

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/homer-dev/homer/sdk"
)

// Placeholders the core writes in pattern templates.
const (
	placeName   = "<name>"
	placeParent = "<parent>"
)

const (
	maxNameLen     = 64 // the skill format's limit on a name
	maxDescLen     = 1024
	evidenceListed = 12
	parentsListed  = 8
	testsListed    = 4
	subjectMax     = 100
)

// skillName names a pattern's skill from its slot: homer-add-pkg-cmd-subdir
// for pkg/cmd/<parent>/<name>/, homer-add-cmd-homer-go-file for
// cmd/homer/<name>.go. Names are lower-case letters, digits and hyphens.
func skillName(p *sdk.AddPattern) string {
	slot := p.GetSlot()
	prefix, _, _ := strings.Cut(slot, "<")
	words := slug(prefix)
	if words == "" {
		words = "top"
	}
	var kind string
	switch {
	case p.GetKind() == "file":
		kind = slug(strings.TrimPrefix(path.Ext(slot), ".")) + "-file"
	case strings.Contains(slot, placeParent):
		kind = "subdir"
	default:
		kind = "dir"
	}
	// Too long for the format: keep the innermost words that fit, whole.
	for len("homer-add-")+len(words)+1+len(kind) > maxNameLen {
		_, rest, ok := strings.Cut(words, "-")
		if !ok {
			words = words[len(words)-(maxNameLen-len("homer-add-")-1-len(kind)):]
			break
		}
		words = rest
	}
	return "homer-add-" + words + "-" + kind
}

// slug is s in lower case with every run of other characters one hyphen.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

func uniqueName(name string, used map[string]bool) string {
	out := name
	for i := 2; used[out]; i++ {
		suffix := fmt.Sprintf("-%d", i)
		out = name[:min(len(name), maxNameLen-len(suffix))] + suffix
	}
	used[out] = true
	return out
}

// what says what the pattern adds, for the title and the description.
func what(p *sdk.AddPattern) string {
	slot := p.GetSlot()
	if p.GetKind() == "file" {
		return fmt.Sprintf("%s file in `%s/`", path.Ext(slot), path.Dir(slot))
	}
	return fmt.Sprintf("directory in `%s/`", path.Dir(strings.TrimSuffix(slot, "/")))
}

// writeSkill is the SKILL.md of one pattern.
func writeSkill(m *sdk.Model, p *sdk.AddPattern, name string) string {
	commits := p.GetCommits()
	n := len(commits)
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "name: %s\n", name)
	fmt.Fprintf(&b, "description: %s\n", yamlString(description(p)))
	b.WriteString("---\n")
	b.WriteString(Marker + "\n\n")

	fmt.Fprintf(&b, "# Add a %s\n\n", what(p))
	fmt.Fprintf(&b, "%d commits of this repository created a new %s and changed the files below with it. ", n, what(p))
	if newest := newestAtHead(commits); newest != nil {
		fmt.Fprintf(&b, "The newest that is still at HEAD added `%s` (%s).\n", newest.GetInstance(), commitRef(newest))
	} else {
		b.WriteString("None of what they added is still at HEAD: read the files below as history, not as examples.\n")
	}
	b.WriteString("\nIn the paths below, `" + placeName + "` stands for the new ")
	if p.GetKind() == "file" {
		b.WriteString("file's name without its extension")
	} else {
		b.WriteString("directory's name")
	}
	if strings.Contains(p.GetSlot(), placeParent) {
		b.WriteString(" and `" + placeParent + "` for the directory it goes in")
		if ps := parents(commits); len(ps) > 0 {
			fmt.Fprintf(&b, " (so far: %s)", ps)
		}
	}
	b.WriteString(".\n")

	b.WriteString("\n## Files, in order\n\n")
	b.WriteString("Created files first, their tests next, then the files edited alongside. Each shows how many of the ")
	fmt.Fprintf(&b, "%d commits changed it and the file it was in the newest of them, to read before writing.\n\n", n)
	for i, f := range p.GetFiles() {
		verb := "Edit"
		if f.GetCreated() {
			verb = "Create"
		}
		like := ""
		if ex := f.GetExample(); ex != "" && ex != f.GetPath() {
			like = fmt.Sprintf(", like `%s`", ex)
		}
		fmt.Fprintf(&b, "%d. %s `%s`%s (%d of %d commits).\n", i+1, verb, f.GetPath(), like, f.GetCommits(), n)
	}

	b.WriteString("\n## Tests to run\n\n")
	tests := testCommands(m)
	if len(tests) == 0 {
		b.WriteString("Homer found no test command in this repository's build files, scripts or CI.\n")
	}
	for _, c := range tests {
		fmt.Fprintf(&b, "- `%s` (from %s)\n", c.GetCommand(), c.GetOrigin())
	}

	b.WriteString("\n## Learnt from\n\n")
	for i, c := range commits {
		if i == evidenceListed {
			fmt.Fprintf(&b, "- and %d older commits\n", n-evidenceListed)
			break
		}
		gone := ""
		switch {
		case c.GetPartly():
			gone = " (still here, without every file above)"
		case !c.GetAtHead():
			gone = " (removed since)"
		}
		fmt.Fprintf(&b, "- %s: `%s`%s\n", commitRef(c), c.GetInstance(), gone)
	}
	return b.String()
}

// description is the front matter's description: what the skill is for,
// so that an agent loads it when it is about to add one.
func description(p *sdk.AddPattern) string {
	var created, edited []string
	for _, f := range p.GetFiles() {
		if f.GetCreated() {
			created = append(created, f.GetPath())
		} else {
			edited = append(edited, f.GetPath())
		}
	}
	d := fmt.Sprintf("Use when adding a new %s of this repository", strings.ReplaceAll(what(p), "`", ""))
	if c := newestAtHead(p.GetCommits()); c != nil {
		d += fmt.Sprintf(" (like %s)", c.GetInstance())
	}
	d += ". "
	if len(created) > 0 {
		d += "Creates " + strings.Join(created, ", ")
	}
	if len(edited) > 0 {
		if len(created) > 0 {
			d += " and edits "
		} else {
			d += "Edits "
		}
		d += strings.Join(edited, ", ")
	}
	d += fmt.Sprintf(". Learnt by Homer from %d commits.", len(p.GetCommits()))
	if len(d) > maxDescLen {
		cut := maxDescLen - len("…")
		for cut > 0 && !utf8.RuneStart(d[cut]) {
			cut--
		}
		d = d[:cut] + "…"
	}
	return d
}

// yamlString quotes s for YAML: a double-quoted scalar with backslashes
// and quotes escaped, safe whatever s holds (colons, brackets, #).
func yamlString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ", "\t", " ")
	return `"` + r.Replace(s) + `"`
}

// commitRef is a commit as the skill cites it: short SHA, date, subject.
func commitRef(c *sdk.PatternCommit) string {
	sha := c.GetSha()
	if len(sha) > 10 {
		sha = sha[:10]
	}
	ref := "`" + sha + "`"
	if c.GetTime() > 0 {
		ref += " " + time.Unix(c.GetTime(), 0).UTC().Format("2006-01-02")
	}
	if s := c.GetSubject(); s != "" {
		if len(s) > subjectMax {
			cut := strings.LastIndexByte(s[:subjectMax], ' ')
			if cut < subjectMax/2 {
				cut = subjectMax
			}
			s = s[:cut] + " …"
		}
		ref += " \"" + strings.ReplaceAll(s, "`", "'") + "\""
	}
	return ref
}

// parents lists the directories a <parent> pattern's commits added to,
// most used first.
func parents(commits []*sdk.PatternCommit) string {
	count := map[string]int{}
	for _, c := range commits {
		count[path.Base(path.Dir(strings.TrimSuffix(c.GetInstance(), "/")))]++
	}
	names := make([]string, 0, len(count))
	for k := range count {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if count[names[i]] != count[names[j]] {
			return count[names[i]] > count[names[j]]
		}
		return names[i] < names[j]
	})
	more := ""
	if len(names) > parentsListed {
		more = fmt.Sprintf(" and %d more", len(names)-parentsListed)
		names = names[:parentsListed]
	}
	return strings.Join(names, ", ") + more
}

func newestAtHead(commits []*sdk.PatternCommit) *sdk.PatternCommit {
	for _, c := range commits {
		if c.GetAtHead() {
			return c
		}
	}
	return nil
}

// testCommands are the model's test commands, each once: those the
// repository's documents and build files give before CI steps, and
// whole-suite commands before scripts a path names (a CI job's
// integration script tests one area, not what the skill adds).
func testCommands(m *sdk.Model) []*sdk.BuildCommand {
	var out []*sdk.BuildCommand
	seen := map[string]bool{}
	for _, c := range m.GetCommands() {
		if c.GetKind() != "test" || seen[c.GetCommand()] || benchmark(c.GetCommand()) {
			continue
		}
		seen[c.GetCommand()] = true
		out = append(out, c)
	}
	rank := func(c *sdk.BuildCommand) int {
		r := 0
		if !hasWord(c.GetCommand(), "test") {
			r += 4
		}
		if fromCI(c.GetOrigin()) {
			r += 2
		}
		if first, _, _ := strings.Cut(c.GetCommand(), " "); strings.Contains(first, "/") {
			r++
		}
		return r
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out[:min(len(out), testsListed)]
}

// benchmark says whether a command measures rather than checks:
// benchmarks, fuzzing and coverage reports are not what to run after a
// change.
func benchmark(cmd string) bool {
	for _, w := range []string{"bench", "benchmark", "benchmarks", "fuzz", "coverage", "cover"} {
		if hasWord(cmd, w) {
			return true
		}
	}
	return false
}

// hasWord says whether w is one of the words of s (split at anything but
// letters and digits), ignoring case.
func hasWord(s, w string) bool {
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if f == w {
			return true
		}
	}
	return false
}

// fromCI says whether a command's origin is a CI configuration.
func fromCI(origin string) bool {
	for _, dir := range []string{".github/workflows/", ".gitlab-ci", ".circleci/", "azure-pipelines", ".travis", "Jenkinsfile", ".buildkite/"} {
		if strings.Contains(origin, dir) {
			return true
		}
	}
	return false
}
