package ecma

import (
	"context"
	"regexp"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk/treesitter"
)

// The grammar Homer bundles predates some TypeScript syntax, and a file
// using it can lose most of its facts to one error near the top (the
// error swallows what follows). repair rewrites such syntax in place,
// byte for byte, so lines, columns and every other byte stay where they
// were:
//   - "export type * from" (TypeScript 5.0) loses its "type";
//   - a generic call signature starting a line in an interface or object
//     type ("<T>(v: T): T") after a member without a semicolon gets one in
//     its indentation: the grammar reads the line before it as a type with
//     type arguments.
var (
	exportTypeStar = regexp.MustCompile(`\bexport\s+(type)\s+\*`)
	callSignature  = regexp.MustCompile(`(?m)[\w)\]>?][ \t]*\r?\n[ \t]*([ \t])<[A-Za-z_][\w ,]*(?:extends[^>\n]*)?>\(`)
)

func repair(src []byte) []byte {
	out := append([]byte(nil), src...)
	for _, m := range exportTypeStar.FindAllSubmatchIndex(src, -1) {
		for i := m[2]; i < m[3]; i++ {
			out[i] = ' '
		}
	}
	for _, m := range callSignature.FindAllSubmatchIndex(src, -1) {
		out[m[2]] = ';'
	}
	return out
}

// reparse parses the repaired source of a file whose tree has errors, and
// returns it with its tree when it parses further than the original; nil
// otherwise. The caller closes the tree.
func reparse(ctx context.Context, g *treesitter.Grammar[kind], src []byte, root *sitter.Node) ([]byte, *sitter.Tree) {
	fixed := repair(src)
	if string(fixed) == string(src) {
		return nil, nil
	}
	parser := sitter.NewParser()
	defer parser.Close()
	parser.SetLanguage(g.Language())
	tree, err := parser.ParseCtx(ctx, nil, fixed)
	if err != nil {
		return nil, nil
	}
	if r := tree.RootNode(); !r.HasError() || errorRow(r) > errorRow(root) {
		return fixed, tree
	}
	tree.Close()
	return nil, nil
}

// errorRow is the first line of a tree's first error, descending only into
// subtrees that hold one.
func errorRow(n *sitter.Node) uint32 {
	for {
		if n.IsError() || n.IsMissing() {
			return n.StartPoint().Row
		}
		var next *sitter.Node
		for i := 0; i < int(n.ChildCount()); i++ {
			if c := n.Child(i); c.IsError() || c.IsMissing() || c.HasError() {
				next = c
				break
			}
		}
		if next == nil {
			return n.StartPoint().Row
		}
		n = next
	}
}
