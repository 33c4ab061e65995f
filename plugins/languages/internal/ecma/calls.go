package ecma

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// binding is what a name bound in a frame is known to hold.
type binding struct {
	t string // its type as a reference, "" unknown
	// builtin: a value of the runtime's (new Map(), JSON.parse(s)), whose
	// methods are builtins.
	builtin bool
	// def: the name is a definition of the file (a nested function).
	def bool
}

// typeState is how much is known of an expression's type.
type typeState uint8

const (
	tUnknown typeState = iota
	tKnown             // the type is the reference returned
	tBuiltin           // a value reached through a runtime global
	tLocal             // held by a local binding of unknown type
)

// maxDepth bounds the type of a long chain (a.b().c().d()...), which
// would otherwise be computed again for each call in it.
const maxDepth = 12

// local finds a name bound in a function's frame (the file's own
// top-level variables are not local).
func (x *extractor) local(name string) (binding, bool) {
	for i := len(x.frames) - 1; i >= 1; i-- {
		if b, ok := x.frames[i].vars[name]; ok {
			return b, true
		}
	}
	return binding{}, false
}

// exprType is the type of expression n as a reference, as far as the file
// tells it; for tLocal the reference is the local name.
func (x *extractor) exprType(n *sitter.Node, depth int) (string, typeState) {
	if n == nil || depth > maxDepth {
		return "", tUnknown
	}
	switch x.g.Kind(n) {
	case kIdentifier:
		name := x.text(n)
		if b, ok := x.local(name); ok {
			return bindingType(name, b, tLocal)
		}
		if b, ok := x.frames[0].vars[name]; ok {
			return bindingType(name, b, tUnknown)
		}
		if x.top[name] {
			return name, tKnown
		}
		if globals[name] {
			return "", tBuiltin
		}
		return name, tKnown
	case kThis:
		if c := x.cur().class; c != "" {
			return c, tKnown
		}
	case kSuper:
		if c := x.cur().class; c != "" {
			return x.superOf(c), tKnown
		}
	case kMember:
		obj, prop := n.ChildByFieldName("object"), n.ChildByFieldName("property")
		if obj == nil || prop == nil {
			return "", tUnknown
		}
		t, s := x.exprType(obj, depth+1)
		switch s {
		case tKnown:
			if k := x.g.Kind(prop); k == kPropertyIdentifier || k == kPrivateName || k == kIdentifier {
				return t + "." + x.text(prop), tKnown
			}
			return "", tUnknown
		case tBuiltin, tLocal:
			return t, s
		}
	case kCall:
		fn := n.ChildByFieldName("function")
		if fn != nil && x.g.Kind(fn) == kIdentifier && x.text(fn) == "require" {
			return "", tUnknown
		}
		t, s := x.exprType(fn, depth+1)
		switch s {
		case tKnown:
			if x.g.Kind(fn) == kSuper {
				return "", tUnknown // super(): no value of interest
			}
			return t + "()", tKnown
		case tBuiltin, tLocal:
			return t, s
		}
	case kNew:
		return x.exprType(n.ChildByFieldName("constructor"), depth+1)
	case kParen, kNonNull, kAwait, kSatisfies:
		return x.exprType(n.NamedChild(0), depth+1)
	case kBinary:
		// a ?? new B(), a || b: the one side whose type is known, when the
		// other's is not known to differ.
		op := n.ChildByFieldName("operator")
		if op == nil {
			break
		}
		switch x.text(op) {
		case "??", "||":
			lt, ls := x.exprType(n.ChildByFieldName("left"), depth+1)
			rt, rs := x.exprType(n.ChildByFieldName("right"), depth+1)
			switch {
			case ls == tKnown && (rs != tKnown || rt == lt):
				return lt, tKnown
			case rs == tKnown && ls != tKnown:
				return rt, tKnown
			}
		}
	case kTernary:
		ct, cs := x.exprType(n.ChildByFieldName("consequence"), depth+1)
		at, as := x.exprType(n.ChildByFieldName("alternative"), depth+1)
		if cs == tKnown && as == tKnown && ct == at {
			return ct, tKnown
		}
	case kAs, kTypeAssertion:
		// x as Foo, <Foo>x: the type written.
		for i := int(n.NamedChildCount()) - 1; i >= 0; i-- {
			c := n.NamedChild(i)
			switch x.g.Kind(c) {
			case kTypeIdentifier, kNestedTypeIdentifier, kGenericType, kUnionType, kParenType, kThisType:
				if t := x.typeRef(c); t != "" {
					return t, tKnown
				}
				return "", tUnknown
			}
		}
	}
	return "", tUnknown
}

// superOf is what super is in class: the class its extends clause names
// (Base, ns.Base), else "^class", its bases. The class extended, not
// "^class", since a class's bases include the interfaces it implements,
// which super never reaches.
func (x *extractor) superOf(class string) string {
	if b := x.extends[class]; b != "" {
		return b
	}
	return "^" + class
}

func bindingType(name string, b binding, opaque typeState) (string, typeState) {
	switch {
	case b.builtin:
		return "", tBuiltin
	case b.t != "":
		return b.t, tKnown
	case opaque == tLocal:
		return name, tLocal
	}
	return "", tUnknown
}

// valueType is the type of a value as a reference, "" when unknown.
func (x *extractor) valueType(v *sitter.Node) string {
	if t, s := x.exprType(v, 0); s == tKnown {
		return t
	}
	return ""
}

// receiver is a call's receiver reference and whether the call is a
// builtin's. A local or parameter of unknown type gets "?": the plugin
// knows it cannot type it, and the core must not read the qualifier as
// one of the file's names (a parameter named like an import).
func (x *extractor) receiver(obj *sitter.Node) (string, bool) {
	t, s := x.exprType(obj, 0)
	switch s {
	case tKnown:
		if x.runtimeType(t) {
			return "", true
		}
		return t, false
	case tBuiltin:
		return "", true
	case tLocal:
		return "?", false
	}
	return "", false
}

// runtimeType: reference t is a type of the runtime's or one of its
// properties (a value annotated WeakMap<K, V> or Headers, url.searchParams)
// that the file does not bind itself; its methods are builtins, as those
// of the values the runtime's globals make. What a method of one returns
// is not: a container's m.get(k) may be a value of the repository's.
func (x *extractor) runtimeType(t string) bool {
	if strings.ContainsAny(t, "(^") {
		return false
	}
	root, _, _ := strings.Cut(t, ".")
	return globals[root] && !x.top[root] && !x.typeNames[root]
}

// unwrap skips parentheses and non-null assertions around a callee.
func (x *extractor) unwrap(n *sitter.Node) *sitter.Node {
	for n != nil {
		switch x.g.Kind(n) {
		case kParen, kNonNull:
			n = n.NamedChild(0)
		default:
			return n
		}
	}
	return n
}

// call records a call expression.
func (x *extractor) call(n *sitter.Node) {
	fn := x.unwrap(n.ChildByFieldName("function"))
	if fn == nil {
		return
	}
	caller := x.cur().qn
	switch x.g.Kind(fn) {
	case kIdentifier:
		name := x.text(fn)
		if name == "require" && !x.top[name] {
			if _, local := x.local(name); !local {
				if spec := stringArg(x, n); spec != "" && !x.requireHandled(n) {
					x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: spec, Line: x.line(n)})
				}
			}
		}
		x.plainCall(fn, name, caller, false)
	case kMember:
		prop, obj := fn.ChildByFieldName("property"), fn.ChildByFieldName("object")
		if prop == nil || obj == nil {
			return
		}
		c := treesitter.CallAt(prop, x.text(prop), x.g.Qualifier(x.src, obj), caller)
		c.Receiver, c.Builtin = x.receiver(obj)
		x.facts.Calls = append(x.facts.Calls, c)
		if c.Name == "catch" {
			x.promiseCatch(n)
		}
	case kSuper:
		// super(...): the base class's constructor.
		if class := x.cur().class; class != "" {
			c := treesitter.CallAt(fn, "constructor", "super", caller)
			c.Receiver = x.superOf(class)
			c.Constructor = true
			x.facts.Calls = append(x.facts.Calls, c)
		}
	case kDynamicImport:
		if spec := stringArg(x, n); spec != "" && !x.requireHandled(n) {
			x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: spec, Line: x.line(n)})
		}
	}
}

// plainCall records a call of a name: a builtin unless the file binds it;
// a local binding's (a callback parameter) only when it cannot be taken for
// a top-level name of the same spelling.
func (x *extractor) plainCall(name *sitter.Node, callee, caller string, ctor bool) {
	if b, local := x.local(callee); local && !b.def {
		// A parameter or variable holding a function: what it holds is
		// unknown, and its name must not be taken for a definition's.
		return
	}
	c := treesitter.CallAt(name, callee, "", caller)
	c.Constructor = ctor
	if globals[callee] && !x.top[callee] {
		if _, local := x.local(callee); !local {
			c.Builtin = true
		}
	}
	x.facts.Calls = append(x.facts.Calls, c)
}

// newCall records new Foo() and new ns.Foo() as constructor calls of Foo.
func (x *extractor) newCall(n *sitter.Node) {
	ctor := x.unwrap(n.ChildByFieldName("constructor"))
	if ctor == nil {
		return
	}
	caller := x.cur().qn
	switch x.g.Kind(ctor) {
	case kThis:
		// new this(...) in a static method: the class's constructor.
		if class := x.cur().class; class != "" {
			c := treesitter.CallAt(ctor, "constructor", "this", caller)
			c.Receiver, c.Constructor = class, true
			x.facts.Calls = append(x.facts.Calls, c)
		}
	case kIdentifier:
		x.plainCall(ctor, x.text(ctor), caller, true)
	case kMember:
		prop, obj := ctor.ChildByFieldName("property"), ctor.ChildByFieldName("object")
		if prop == nil || obj == nil {
			return
		}
		c := treesitter.CallAt(prop, x.text(prop), x.g.Qualifier(x.src, obj), caller)
		c.Receiver, c.Builtin = x.receiver(obj)
		c.Constructor = true
		x.facts.Calls = append(x.facts.Calls, c)
	}
}

// requireHandled: the require() or import() call is the value of a
// declarator, which lexical recorded with its bindings.
func (x *extractor) requireHandled(call *sitter.Node) bool {
	p := call.Parent()
	for p != nil {
		switch x.g.Kind(p) {
		case kAwait, kParen:
			p = p.Parent()
			continue
		case kMember:
			if obj := p.ChildByFieldName("object"); obj != nil && obj.Equal(call) {
				p = p.Parent()
				continue
			}
		case kDeclarator:
			return true
		}
		return false
	}
	return false
}

// stringArg is the first argument of a call when it is a plain string.
func stringArg(x *extractor, call *sitter.Node) string {
	args := call.ChildByFieldName("arguments")
	if args == nil || args.NamedChildCount() == 0 {
		return ""
	}
	a := args.NamedChild(0)
	switch x.g.Kind(a) {
	case kString:
		return x.stringValue(a)
	case kTemplateString:
		if a.NamedChildCount() == 0 { // `./x` without substitutions
			return strings.Trim(x.text(a), "`")
		}
	}
	return ""
}

// stringValue is a string literal's content.
func (x *extractor) stringValue(s *sitter.Node) string {
	t := x.text(s)
	if len(t) >= 2 {
		return t[1 : len(t)-1]
	}
	return ""
}

// requireSpec is the module v requires (require('x'), require('x').y),
// or "" when v is no such call.
func requireSpec(x *extractor, v *sitter.Node) string {
	spec, _ := x.requireOf(v)
	return spec
}

func (x *extractor) requireOf(v *sitter.Node) (spec, prop string) {
	if v == nil {
		return "", ""
	}
	if x.g.Kind(v) == kMember {
		obj, p := v.ChildByFieldName("object"), v.ChildByFieldName("property")
		if obj == nil || p == nil {
			return "", ""
		}
		spec, _ = x.requireOf(obj)
		if spec == "" || x.g.Kind(obj) != kCall {
			return "", ""
		}
		return spec, x.text(p)
	}
	if x.g.Kind(v) != kCall {
		return "", ""
	}
	fn := v.ChildByFieldName("function")
	if fn == nil || x.g.Kind(fn) != kIdentifier || x.text(fn) != "require" {
		return "", ""
	}
	if _, local := x.local("require"); local {
		return "", ""
	}
	return stringArg(x, v), ""
}

// requireImport records const x = require('m') (x is the module, or what
// it exports as x: module.exports = x), const {a, b: c} = require('m')
// and const y = require('m').y.
func (x *extractor) requireImport(name *sitter.Node, spec string, value *sitter.Node) {
	_, prop := x.requireOf(value)
	line := x.line(value)
	add := func(imp *sdk.Import) {
		imp.Spec, imp.Line = spec, line
		x.facts.Imports = append(x.facts.Imports, imp)
	}
	x.visitArgs(value)
	switch x.g.Kind(name) {
	case kIdentifier:
		v := x.text(name)
		switch {
		case prop == "default":
			add(&sdk.Import{Names: []string{v}})
		case prop != "" && prop != v:
			add(&sdk.Import{Names: []string{prop}, Alias: v})
		case prop != "":
			add(&sdk.Import{Names: []string{v}})
		default:
			// The module itself, or what it exports under that name
			// (module.exports = v): two imports, each unambiguous.
			add(&sdk.Import{Alias: v})
			add(&sdk.Import{Names: []string{v}})
		}
	case kObjectPattern:
		var plain []string
		treesitter.EachNamedChild(name, func(p *sitter.Node) {
			switch x.g.Kind(p) {
			case kShorthandPattern:
				plain = append(plain, x.text(p))
			case kPairPattern:
				k, v := p.ChildByFieldName("key"), p.ChildByFieldName("value")
				if k != nil && v != nil && x.g.Kind(v) == kIdentifier {
					add(&sdk.Import{Names: []string{x.text(k)}, Alias: x.text(v)})
				}
			case kObjectAssignPattern:
				if l := p.ChildByFieldName("left"); l != nil {
					plain = append(plain, x.text(l))
				}
			}
		})
		if len(plain) > 0 {
			add(&sdk.Import{Names: plain})
		}
	default:
		add(&sdk.Import{})
	}
	if len(x.frames) > 1 {
		// A require inside a function binds module names locally; they
		// are found as imports, not as untyped locals.
		for _, b := range x.bindings(name, nil) {
			delete(x.cur().vars, b)
		}
	}
}

// visitArgs walks the arguments of require('x')(args) and the like,
// whatever wraps the require itself.
func (x *extractor) visitArgs(v *sitter.Node) {
	if v == nil {
		return
	}
	if args := v.ChildByFieldName("arguments"); args != nil {
		treesitter.EachNamedChild(args, func(a *sitter.Node) {
			if x.g.Kind(a) != kString {
				x.visit(a)
			}
		})
	}
}

// dynamicImportSpec: v is import('x') or await import('x').
func (x *extractor) dynamicImportSpec(v *sitter.Node) (string, bool) {
	for v != nil && (x.g.Kind(v) == kAwait || x.g.Kind(v) == kParen) {
		v = v.NamedChild(0)
	}
	if v == nil || x.g.Kind(v) != kCall {
		return "", false
	}
	fn := v.ChildByFieldName("function")
	if fn == nil || x.g.Kind(fn) != kDynamicImport {
		return "", false
	}
	spec := stringArg(x, v)
	return spec, spec != ""
}

// importStatement records an ES import. A default import binds the module's
// default export, which is found by the local name (import Button from
// './Button' finds Button there); names renamed on import get an Import of
// their own, since one Import holds one alias.
func (x *extractor) importStatement(n *sitter.Node) {
	src := n.ChildByFieldName("source")
	line := x.line(n)
	var clause *sitter.Node
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kImportClause:
			clause = c
		case kImportRequire:
			// import fs = require("fs")
			var alias, spec string
			treesitter.EachNamedChild(c, func(cc *sitter.Node) {
				switch x.g.Kind(cc) {
				case kIdentifier:
					alias = x.text(cc)
				case kString:
					spec = x.stringValue(cc)
				}
			})
			if spec != "" {
				x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: spec, Alias: alias, Line: line})
			}
		}
	})
	if src == nil {
		return
	}
	spec := x.stringValue(src)
	if clause == nil {
		x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: spec, Line: line})
		return
	}
	var plain []string
	var renamed []*sdk.Import
	treesitter.EachNamedChild(clause, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kIdentifier:
			plain = append(plain, x.text(c))
		case kNamespaceImport:
			if id := c.NamedChild(0); id != nil {
				renamed = append(renamed, &sdk.Import{Spec: spec, Alias: x.text(id), Line: line})
			}
		case kNamedImports:
			treesitter.EachNamedChild(c, func(s *sitter.Node) {
				name, alias := s.ChildByFieldName("name"), s.ChildByFieldName("alias")
				if name == nil {
					return
				}
				switch {
				case alias == nil:
					plain = append(plain, x.text(name))
				case x.text(name) == "default":
					plain = append(plain, x.text(alias))
				default:
					renamed = append(renamed, &sdk.Import{Spec: spec, Names: []string{x.text(name)}, Alias: x.text(alias), Line: line})
				}
			})
		}
	})
	if len(plain) > 0 || len(renamed) == 0 {
		x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: spec, Names: plain, Line: line})
	}
	x.facts.Imports = append(x.facts.Imports, renamed...)
}

// reexport records export ... from 'm' as an import of the names it passes
// on, so the core follows them to the module defining them: export * is
// Names ["*"], export * as ns an alias.
func (x *extractor) reexport(n, src *sitter.Node) {
	spec, line := x.stringValue(src), x.line(n)
	var plain []string
	var renamed []*sdk.Import
	star := true
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kNamespaceExport:
			star = false
			if id := c.NamedChild(0); id != nil {
				renamed = append(renamed, &sdk.Import{Spec: spec, Alias: x.text(id), Line: line})
			}
		case kExportClause:
			star = false
			treesitter.EachNamedChild(c, func(s *sitter.Node) {
				name, alias := s.ChildByFieldName("name"), s.ChildByFieldName("alias")
				if name == nil {
					return
				}
				if alias == nil || x.text(alias) == x.text(name) {
					plain = append(plain, x.text(name))
				} else {
					renamed = append(renamed, &sdk.Import{Spec: spec, Names: []string{x.text(name)}, Alias: x.text(alias), Line: line})
				}
			})
		}
	})
	if star {
		plain = []string{"*"}
	}
	if len(plain) > 0 {
		x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: spec, Names: plain, Line: line})
	}
	x.facts.Imports = append(x.facts.Imports, renamed...)
}
