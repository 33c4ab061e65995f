package rust

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// use records a use declaration, one import per name it binds:
//
//	use crate::a::{b, c::D as E, *};
//
// gives "crate::a::b" (names b, alias b), "crate::a::c::D" (names D,
// alias E) and "crate::a" (names *). The spec is the whole path; the names
// hold the path's last segment, the item looked up in the module the path
// resolves to. A lower-case name may be a module as well as a function, so
// it is also the import's alias; an upper-case one is a type, a trait or
// a constant, never a module, and has an alias only when renamed.
func (x *extractor) use(c *sitter.Node) {
	if arg := c.ChildByFieldName("argument"); arg != nil {
		x.useTree(arg, nil, x.line(c), 0)
	}
}

func (x *extractor) useTree(n *sitter.Node, prefix []string, line int32, depth int) {
	if n == nil || depth > 32 {
		return
	}
	with := func(segs []string) []string {
		return append(append([]string(nil), prefix...), segs...)
	}
	switch x.g.Kind(n) {
	case kIdent, kScoped, kSelf, kCrate, kSuper:
		x.useLeaf(with(x.segments(n)), "", line)
	case kUseAs:
		alias := ""
		if a := n.ChildByFieldName("alias"); a != nil {
			alias = x.text(a)
		}
		x.useLeaf(with(x.segments(n.ChildByFieldName("path"))), alias, line)
	case kUseWildcard:
		segs := prefix
		if p := n.NamedChild(0); p != nil {
			segs = with(x.segments(p))
		}
		if len(segs) > 0 {
			x.facts.Imports = append(x.facts.Imports, &sdk.Import{
				Spec: strings.Join(x.normalize(segs), "::"), Names: []string{"*"}, Line: line})
		}
	case kScopedUseList:
		p := prefix
		if path := n.ChildByFieldName("path"); path != nil {
			p = with(x.segments(path))
		}
		x.useTree(n.ChildByFieldName("list"), p, line, depth+1)
	case kUseList:
		treesitter.EachNamedChild(n, func(c *sitter.Node) { x.useTree(c, prefix, line, depth+1) })
	}
}

func (x *extractor) useLeaf(segs []string, alias string, line int32) {
	if len(segs) > 0 && segs[len(segs)-1] == "self" {
		segs = segs[:len(segs)-1] // use a::b::{self}
	}
	if len(segs) == 0 {
		return
	}
	segs = x.normalize(segs)
	leaf := segs[len(segs)-1]
	imp := &sdk.Import{Spec: strings.Join(segs, "::"), Names: []string{leaf}, Line: line}
	bound := leaf
	switch {
	case alias == "_":
		bound = "" // use Trait as _: the trait's methods, no name
	case alias != "":
		imp.Alias, bound = alias, alias
	case !isUpper(leaf) && leaf != "crate" && leaf != "self" && leaf != "super":
		imp.Alias = leaf
	}
	if bound != "" {
		x.bound[bound] = imp.Spec
		if stdRoots[segs[0]] {
			x.boundStd[bound] = true
		} else {
			delete(x.boundStd, bound)
		}
	}
	x.facts.Imports = append(x.facts.Imports, imp)
}
