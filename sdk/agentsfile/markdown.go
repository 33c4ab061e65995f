package agentsfile

import (
	"strconv"
	"strings"
	"unicode"
)

// Code writes s as inline Markdown code: a path or a name with a backtick
// gets a longer fence, and control characters are escaped (\n, \x1b), so a
// file name with a line break stays on its line and prints no terminal
// escapes.
func Code(s string) string {
	if strings.ContainsFunc(s, unicode.IsControl) {
		var b strings.Builder
		for _, r := range s {
			if unicode.IsControl(r) {
				q := strconv.QuoteRune(r)
				b.WriteString(q[1 : len(q)-1])
				continue
			}
			b.WriteRune(r)
		}
		s = b.String()
	}
	if !strings.Contains(s, "`") {
		return "`" + s + "`"
	}
	fence := "``"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	return fence + " " + s + " " + fence
}
