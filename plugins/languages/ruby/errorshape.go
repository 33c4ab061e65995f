package ruby

import (
	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// rescue counts a rescue clause, ignored when it has no body (comments
// aside), caught otherwise, and walks it with the name it binds the
// exception to.
func (x *extractor) rescue(n *sitter.Node) {
	shape := sdk.ErrorIgnored
	if body := n.ChildByFieldName("body"); body != nil {
		treesitter.EachNamedChild(body, func(c *sitter.Node) {
			if x.g.Kind(c) != kComment {
				shape = sdk.ErrorCaught
			}
		})
	}
	sdk.CountErrorShape(x.facts, shape)
	name := ""
	if v := n.ChildByFieldName("variable"); v != nil {
		if id := v.NamedChild(0); id != nil && x.g.Kind(id) == kIdentifier {
			name = x.text(id)
		}
	}
	x.rescued = append(x.rescued, name)
	x.children(n)
	x.rescued = x.rescued[:len(x.rescued)-1]
}

// rescueModifier counts `expr rescue fallback`: ignored when the fallback
// is nil, caught otherwise.
func (x *extractor) rescueModifier(n *sitter.Node) {
	if h := n.ChildByFieldName("handler"); h != nil && h.Type() == "nil" {
		sdk.CountErrorShape(x.facts, sdk.ErrorIgnored)
		return
	}
	sdk.CountErrorShape(x.facts, sdk.ErrorCaught)
}

// raise counts a raise (or fail) given those arguments: the exception a
// rescue clause caught raised again, bare or by its name, is propagated;
// one raised with cause: wrapped; any other thrown.
func (x *extractor) raise(args *sitter.Node) {
	shape := sdk.ErrorThrown
	if args == nil {
		if len(x.rescued) > 0 {
			shape = sdk.ErrorPropagated
		}
		sdk.CountErrorShape(x.facts, shape)
		return
	}
	first := true
	treesitter.EachNamedChild(args, func(a *sitter.Node) {
		switch {
		case first && x.g.Kind(a) == kIdentifier && x.isRescued(x.text(a)):
			shape = sdk.ErrorPropagated
		case a.Type() == "pair":
			if k := a.ChildByFieldName("key"); k != nil && (x.text(k) == "cause:" || x.text(k) == "cause") {
				shape = sdk.ErrorWrapped
			}
		}
		first = false
	})
	sdk.CountErrorShape(x.facts, shape)
}

// isRescued reports whether a name is the exception an enclosing rescue
// clause binds.
func (x *extractor) isRescued(name string) bool {
	for _, r := range x.rescued {
		if r == name && r != "" {
			return true
		}
	}
	return false
}
