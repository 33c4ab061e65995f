package ecma

import (
	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
)

func (x *extractor) errorShape(shape string) { sdk.CountErrorShape(x.facts, shape) }

// caughtOrIgnored is the shape of a handler with that body: ignored when
// it is an empty block (comments aside), caught otherwise.
func caughtOrIgnored(x *extractor, body *sitter.Node) string {
	if body == nil || x.g.Kind(body) != kStatementBlock {
		return sdk.ErrorCaught
	}
	for i := 0; i < int(body.NamedChildCount()); i++ {
		if x.g.Kind(body.NamedChild(i)) != kComment {
			return sdk.ErrorCaught
		}
	}
	return sdk.ErrorIgnored
}

// promiseCatch counts p.catch(handler), a promise's rejection handled: a
// function handler with an empty body ignores it.
func (x *extractor) promiseCatch(call *sitter.Node) {
	args := call.ChildByFieldName("arguments")
	if args == nil || args.NamedChildCount() != 1 {
		return
	}
	h := args.NamedChild(0)
	switch x.g.Kind(h) {
	case kArrow, kFunctionExpr:
		x.errorShape(caughtOrIgnored(x, h.ChildByFieldName("body")))
	default:
		x.errorShape(sdk.ErrorCaught)
	}
}

// throw counts a throw statement: the error an enclosing catch clause
// caught thrown again as is (propagated), a new error given it as an
// argument or as its cause (wrapped), anything else thrown.
func (x *extractor) throw(n *sitter.Node) {
	var e *sitter.Node
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if c := n.NamedChild(i); x.g.Kind(c) != kComment {
			e = c
			break
		}
	}
	shape := sdk.ErrorThrown
	switch {
	case e == nil:
	case x.g.Kind(e) == kIdentifier && x.isCaught(x.text(e)):
		shape = sdk.ErrorPropagated
	case x.g.Kind(e) == kNew || x.g.Kind(e) == kCall:
		if x.passesCaught(e.ChildByFieldName("arguments")) {
			shape = sdk.ErrorWrapped
		}
	}
	x.errorShape(shape)
}

// passesCaught reports whether a call's arguments hand on a caught error:
// new Error(msg, err), new Error(msg, { cause: err }).
func (x *extractor) passesCaught(args *sitter.Node) bool {
	if args == nil {
		return false
	}
	for i := 0; i < int(args.NamedChildCount()); i++ {
		a := args.NamedChild(i)
		switch x.g.Kind(a) {
		case kIdentifier:
			if x.isCaught(x.text(a)) {
				return true
			}
		case kObject:
			for j := 0; j < int(a.NamedChildCount()); j++ {
				p := a.NamedChild(j)
				switch x.g.Kind(p) {
				case kPair:
					if k := p.ChildByFieldName("key"); k != nil && x.text(k) == "cause" {
						return true
					}
				case kShorthandProperty:
					if x.text(p) == "cause" {
						return true
					}
				}
			}
		}
	}
	return false
}

// isCaught reports whether a name is the error an enclosing catch clause
// binds.
func (x *extractor) isCaught(name string) bool {
	for _, c := range x.caught {
		if c == name && c != "" {
			return true
		}
	}
	return false
}
