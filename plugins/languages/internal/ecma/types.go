package ecma

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk/treesitter"
)

// typeRef renders a type annotation as a reference: Foo, api.Client;
// generic arguments dropped (Map<K, V> is Map) except that a promise is
// what it resolves to (Promise<Foo> is Foo, since callers await it);
// nullable unions reduced to their one other member (Foo | undefined);
// `this` the enclosing class. Anything else (string, Foo[], object
// literals, a type parameter) is "". Every type named is added to the
// file's references.
func (x *extractor) typeRef(n *sitter.Node) string {
	return x.typeRefDepth(n, 0)
}

func (x *extractor) typeRefDepth(n *sitter.Node, depth int) string {
	if n == nil || depth > maxDepth {
		return ""
	}
	switch x.g.Kind(n) {
	case kTypeAnnotation, kParenType:
		return x.typeRefDepth(n.NamedChild(0), depth+1)
	case kTypeIdentifier, kIdentifier:
		name := x.text(n)
		if x.typeParam(name) {
			return ""
		}
		x.ref(name)
		return name
	case kNestedTypeIdentifier:
		r := strings.Join(strings.Fields(x.text(n)), "")
		x.ref(r)
		return r
	case kGenericType:
		name := n.ChildByFieldName("name")
		if name == nil {
			return ""
		}
		r := x.typeRefDepth(name, depth+1)
		if args := n.ChildByFieldName("type_arguments"); args != nil {
			// The arguments are references too.
			var first string
			treesitter.EachNamedChild(args, func(a *sitter.Node) {
				t := x.typeRefDepth(a, depth+1)
				if first == "" {
					first = t
				}
			})
			if r == "Promise" || r == "PromiseLike" {
				return first
			}
		}
		return r
	case kUnionType:
		var only string
		count := 0
		treesitter.EachNamedChild(n, func(m *sitter.Node) {
			switch strings.TrimSpace(x.text(m)) {
			case "null", "undefined", "void":
				return
			}
			count++
			only = x.typeRefDepth(m, depth+1)
		})
		if count == 1 {
			return only
		}
	case kThisType:
		return x.cur().class
	default:
		// Arrays, tuples, function and object types: their members'
		// names are still references of the file.
		if n.NamedChildCount() > 0 && n.NamedChildCount() < 64 {
			treesitter.EachNamedChild(n, func(c *sitter.Node) { x.typeRefDepth(c, depth+1) })
		}
	}
	return ""
}

func (x *extractor) typeParam(name string) bool {
	for i := len(x.frames) - 1; i >= 0; i-- {
		if x.frames[i].typeParams[name] {
			return true
		}
	}
	return false
}

// ref adds a reference to the file's, once.
func (x *extractor) ref(r string) {
	if r == "" || x.refs[r] {
		return
	}
	x.refs[r] = true
	x.facts.References = append(x.facts.References, r)
}
