package pipeline

import (
	"fmt"
	"path"
	"regexp"
	"strings"
)

var (
	codeSpan = regexp.MustCompile("`([^`\n]+)`")
	// pathLike is a relative path a human file may name: a directory and
	// a name, or a name with an extension; no spaces, schemes or globs.
	pathLike = regexp.MustCompile(`^[A-Za-z0-9_.-][A-Za-z0-9_./-]*$`)
	fileExt  = regexp.MustCompile(`\.[A-Za-z][A-Za-z0-9]{0,5}$`)
)

// humanDiff compares a human-written file with what Homer would write in
// its place: the entries of Homer's file whose subject (its first code
// span) the human file never mentions, and the paths the human file names
// that HEAD does not hold (exists answers for a path relative to the
// file's directory or the repository root). Empty when there is nothing
// to say.
func humanDiff(name string, human, homer []byte, exists func(string) bool) string {
	text := string(human)
	var adds []string
	section := ""
	for _, l := range strings.Split(string(homer), "\n") {
		if t, ok := strings.CutPrefix(l, "## "); ok {
			section = t
			continue
		}
		if section == "" || !strings.HasPrefix(l, "- ") {
			continue // the summary, headings and prose
		}
		m := codeSpan.FindStringSubmatch(l)
		if m == nil || strings.Contains(text, m[1]) {
			continue
		}
		adds = append(adds, fmt.Sprintf("  + [%s] %s", section, strings.TrimPrefix(l, "- ")))
	}

	var wrong []string
	seen := map[string]bool{}
	inFence := false
	for i, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			inFence = !inFence
			continue
		}
		if inFence || strings.Contains(l, "homer:link") {
			continue
		}
		for _, m := range codeSpan.FindAllStringSubmatch(l, -1) {
			p := strings.TrimSuffix(strings.TrimPrefix(m[1], "./"), "/")
			if seen[p] || !pathLike.MatchString(p) || strings.HasPrefix(p, ".") && !strings.Contains(p, "/") || strings.Contains(p, "..") {
				continue
			}
			if !strings.Contains(p, "/") && !fileExt.MatchString(p) {
				continue // a word in code font, not a path
			}
			if strings.Count(p, ".") >= 2 && !strings.Contains(p, "/") {
				continue // a dotted name (pkg.Type.Method), not a file
			}
			seen[p] = true
			if !exists(p) {
				wrong = append(wrong, fmt.Sprintf("  ! %s:%d names `%s`, which is not in the repository at HEAD", name, i+1, p))
			}
		}
	}
	if len(adds) == 0 && len(wrong) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (written by a human)\n", name)
	if len(adds) > 0 {
		fmt.Fprintf(&b, "What Homer would add that %s does not mention (%d):\n%s\n", path.Base(name), len(adds), strings.Join(adds, "\n"))
	} else {
		b.WriteString("Nothing Homer found is missing from it.\n")
	}
	if len(wrong) > 0 {
		fmt.Fprintf(&b, "What it says that the repository contradicts (%d):\n%s\n", len(wrong), strings.Join(wrong, "\n"))
	}
	return b.String()
}
