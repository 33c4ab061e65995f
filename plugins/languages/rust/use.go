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
// gives "crate::a::b" (alias b) and "crate::a::{b}" (names b), the two
// readings of a lower-case name (see useLeaf), "crate::a::c::D" (names D,
// alias E) and "crate::a" (names *). An upper-case name is a type, a trait
// or a constant, never a module: its import names it, with an alias only
// when renamed.
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
			x.addImport(&sdk.Import{Spec: strings.Join(x.normalize(segs), "::"), Names: []string{"*"}, Line: line})
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
	if len(x.inline) > 0 && x.childMods[strings.Join(append(append([]string(nil), x.inline...), segs[0]), "::")] {
		segs = append([]string{"self"}, segs...) // a module the inline module declares
	}
	segs = x.normalize(segs)
	leaf := segs[len(segs)-1]
	spec := strings.Join(segs, "::")
	bound := leaf
	switch {
	case alias == "_":
		// use Trait as _: the trait's methods, no name.
		x.addImport(&sdk.Import{Spec: spec, Line: line})
		return
	case alias != "":
		bound = alias
		x.addImport(&sdk.Import{Spec: spec, Alias: alias, Names: []string{leaf}, Line: line})
	case isUpper(leaf) || leaf == "crate" || leaf == "self" || leaf == "super":
		x.addImport(&sdk.Import{Spec: spec, Names: []string{leaf}, Line: line})
	default:
		// A module or an item (a function, a macro): which one, only the
		// files can tell. Both readings are reported, each under its own
		// spec, and ResolveImports resolves the one that holds: the
		// module's file for "a::b" (alias b), or the file defining b for
		// "a::{b}" (names b).
		reading := &sdk.Import{Spec: spec, Alias: leaf, Line: line}
		x.addImport(reading)
		x.moduleReadings[reading] = true
		if len(segs) > 1 {
			item := strings.Join(segs[:len(segs)-1], "::") + "::{" + leaf + "}"
			x.addImport(&sdk.Import{Spec: item, Names: []string{leaf}, Line: line})
		}
	}
	x.bound[bound] = spec
	if stdRoots[segs[0]] {
		x.boundStd[bound] = true
	} else {
		delete(x.boundStd, bound)
	}
}
