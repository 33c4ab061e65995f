// Package doccomment finds the doc comment written above a declaration in
// the languages whose doc comments are comment nodes preceding it: Homer's
// C# and Swift plugins (/// lines, /** */ blocks). Like them, it imports
// only sdk/.
package doccomment

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk/treesitter"
)

// Lines gathers the doc comment just above n: the comments among n's
// preceding siblings (isComment), each starting with one of markers and
// ending on the line before the next one's start (or on its line), nearest
// first until a gap. It returns their lines top down, nil when there is
// none.
func Lines(src []byte, n *sitter.Node, isComment func(*sitter.Node) bool, markers ...string) []string {
	var comments []string // bottom up
	row := n.StartPoint().Row
	for p := n.PrevSibling(); p != nil && isComment(p); p = p.PrevSibling() {
		if p.EndPoint().Row+1 < row {
			break
		}
		t := treesitter.Text(src, p)
		if !hasPrefix(t, markers) {
			break
		}
		comments = append(comments, t)
		row = p.StartPoint().Row
	}
	var lines []string
	for i := len(comments) - 1; i >= 0; i-- {
		lines = append(lines, strings.Split(comments[i], "\n")...)
	}
	return lines
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
