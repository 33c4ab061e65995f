package ecma

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// frame is a scope the walk is in: the file, a definition's body or an
// anonymous function's.
type frame struct {
	// qn is the qualified name of the definition the frame belongs to:
	// the caller of the calls in it and the prefix of what it defines.
	// Anonymous functions inherit their parent's.
	qn string
	// def is that definition, whose complexity the branches in the frame
	// raise when it is a function; nil at top level.
	def *sdk.Definition
	// class is what `this` is: a reference to the enclosing class (see
	// classRef), "" where it is not known (a plain function, an object
	// literal method).
	class string
	// classDef is the class whose constructor the frame is, for fields
	// assigned there (this.x = ...).
	classDef *sdk.Definition
	// owner is the qualified name members defined in the frame belong to
	// (a class, a namespace); "" elsewhere.
	owner string
	// vars are the names bound in the frame with their types as
	// references ("" unknown).
	vars map[string]binding
	// typeParams are the generic parameters in scope: a type named by one
	// says nothing.
	typeParams map[string]bool
	// exported: definitions made directly in the frame are exported when
	// marked so (the file and namespaces); never inside a function.
	exported bool
}

// extractor walks one tree once, collecting the file's facts.
type extractor struct {
	src    []byte
	facts  *sdk.FileFacts
	g      *treesitter.Grammar[kind]
	typed  bool
	frames []*frame
	caught []string // the names the enclosing catch clauses bind their error to
	// top are the names the file binds at top level: its definitions,
	// variables and imports. They shadow the runtime's globals.
	top map[string]bool
	// typeNames are the names the file binds as types only: its
	// interfaces and type aliases, and what type-only imports bind. They
	// shadow the runtime's types as top does its values.
	typeNames map[string]bool
	// exportedNames are top-level names exported by a separate clause
	// (export { a, b }, module.exports = { a }).
	exportedNames map[string]bool
	refs          map[string]bool
	// comments holds, by the start byte of a node children visited, the
	// comment that is its named sibling before it (decorators skipped), as
	// children found it: asking tree-sitter for a previous sibling walks
	// the parent's children from the first, quadratic in a wide body. A
	// node's first descendants start where it does, so exports.f =
	// function finds the comment above its statement.
	comments map[uint32]comment
	// objects are the top-level variables holding objects the file gives
	// methods (const api = { get() {} }, app.init = function () {}): each
	// is a definition its methods are members of.
	objects map[string]bool
	// protoClasses are the top-level functions given prototype methods.
	protoClasses map[string]bool
	objectDefs   map[string]*sdk.Definition
	// extends maps a class (by its reference) to the class it extends,
	// when the extends clause names one: what super is.
	extends map[string]string
}

func extract(src []byte, root *sitter.Node, facts *sdk.FileFacts, g *treesitter.Grammar[kind], typed bool) {
	x := &extractor{src: src, facts: facts, g: g, typed: typed,
		top: map[string]bool{}, typeNames: map[string]bool{}, exportedNames: map[string]bool{}, refs: map[string]bool{}, extends: map[string]string{}, objects: map[string]bool{}, objectDefs: map[string]*sdk.Definition{}, protoClasses: map[string]bool{}, comments: map[uint32]comment{}}
	file := &frame{vars: map[string]binding{}, exported: true}
	x.frames = []*frame{file}
	x.declareTop(root)
	x.children(root)
}

// children visits n's named children, telling each the sibling before it
// (see doc).
func (x *extractor) children(n *sitter.Node) { x.eachChild(n, x.visit) }

// eachChild calls fn with each named child of n, after telling it the
// sibling before.
func (x *extractor) eachChild(n *sitter.Node, fn func(*sitter.Node)) {
	var prev *sitter.Node
	decorated := -1 // the first line of the decorators before a member
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		row := int(c.StartPoint().Row)
		if decorated >= 0 {
			row = decorated
		}
		if prev != nil && x.g.Kind(prev) == kComment {
			x.comments[c.StartByte()] = comment{prev, row}
		}
		fn(c)
		if x.g.Kind(c) == kDecorator {
			if decorated < 0 {
				decorated = int(c.StartPoint().Row)
			}
			return // a doc comment stands above the decorators
		}
		prev, decorated = c, -1
	})
}

func (x *extractor) text(n *sitter.Node) string { return treesitter.Text(x.src, n) }

func (x *extractor) cur() *frame { return x.frames[len(x.frames)-1] }

// maxFrames bounds the scopes the walk keeps apart. Deeper scopes (a
// generated file nesting thousands of functions) share the deepest one,
// so names and lookups stay bounded.
const maxFrames = 64

// block enters a block: what it declares is its own (let, const, a for
// loop's variable), the rest is the enclosing frame's.
func (x *extractor) block() {
	f := *x.cur()
	f.vars = map[string]binding{}
	x.push(&f)
}

func (x *extractor) push(f *frame) {
	if len(x.frames) >= maxFrames {
		f = x.frames[len(x.frames)-1]
	}
	x.frames = append(x.frames, f)
}

func (x *extractor) pop() { x.frames = x.frames[:len(x.frames)-1] }

func (x *extractor) line(n *sitter.Node) int32 { return int32(n.StartPoint().Row) + 1 }

// declareTop binds the file's top-level names before the walk, since
// functions see names declared below them.
func (x *extractor) declareTop(root *sitter.Node) {
	file := x.frames[0]
	treesitter.EachNamedChild(root, func(n *sitter.Node) {
		if x.g.Kind(n) == kExport {
			if d := n.ChildByFieldName("declaration"); d != nil {
				n = d
			} else if n.ChildByFieldName("source") == nil {
				// export { a, b as c }: a and b are exported.
				treesitter.EachNamedChild(n, func(c *sitter.Node) {
					if x.g.Kind(c) == kExportClause {
						treesitter.EachNamedChild(c, func(s *sitter.Node) {
							if name := s.ChildByFieldName("name"); name != nil {
								x.exportedNames[x.text(name)] = true
							}
						})
					}
				})
				if v := n.ChildByFieldName("value"); v != nil && x.g.Kind(v) == kIdentifier {
					x.exportedNames[x.text(v)] = true // export default name
				}
				return
			}
		}
		switch x.g.Kind(n) {
		case kFunctionDecl, kClassDecl, kEnum, kNamespace:
			if name := n.ChildByFieldName("name"); name != nil {
				x.top[x.text(name)] = true
			}
		case kInterface, kTypeAlias:
			// Types only: they shadow no value (type Error = ... leaves
			// new Error() the runtime's), but the runtime's type.
			if name := n.ChildByFieldName("name"); name != nil {
				x.typeNames[x.text(name)] = true
			}
		case kLexical:
			treesitter.EachNamedChild(n, func(d *sitter.Node) {
				if x.g.Kind(d) != kDeclarator {
					return
				}
				name, value := d.ChildByFieldName("name"), d.ChildByFieldName("value")
				if name == nil {
					return
				}
				if x.g.Kind(name) != kIdentifier {
					for _, b := range x.bindings(name, nil) {
						x.top[b] = true
					}
					return
				}
				v := x.text(name)
				x.top[v] = true
				if requireSpec(x, value) != "" || isFunctionValue(x, value) {
					return
				}
				file.vars[v] = x.varBinding(d, value)
				if o := x.assigned(value); o != nil && x.g.Kind(o) == kObject && x.hasMethods(o) {
					x.objects[v] = true // const api = { get() {} }, koa's const proto = module.exports = { ... }
				}
			})
		case kImport:
			x.importBindings(n)
		case kExprStatement:
			x.commonJSExports(n.NamedChild(0))
			if o := x.methodTarget(n.NamedChild(0)); o != "" {
				x.objects[o] = true
			}
			if c := x.prototypeTarget(n.NamedChild(0)); c != "" {
				x.protoClasses[c] = true
			}
		}
	})
}

// importBindings adds the values an import statement binds to top; a
// type-only import (import type {A}, import {type B}) binds none, only
// types (typeNames).
func (x *extractor) importBindings(n *sitter.Node) {
	bind := x.top
	if typeOnly(n) {
		bind = x.typeNames
	}
	var walk func(n *sitter.Node, bind map[string]bool)
	walk = func(n *sitter.Node, bind map[string]bool) {
		treesitter.EachNamedChild(n, func(c *sitter.Node) {
			switch x.g.Kind(c) {
			case kIdentifier:
				bind[x.text(c)] = true
			case kImportSpecifier:
				b := bind
				if typeOnly(c) {
					b = x.typeNames
				}
				if a := c.ChildByFieldName("alias"); a != nil {
					b[x.text(a)] = true
				} else if nm := c.ChildByFieldName("name"); nm != nil {
					b[x.text(nm)] = true
				}
			case kImportClause, kNamedImports, kNamespaceImport, kImportRequire:
				walk(c, bind)
			}
		})
	}
	walk(n, bind)
}

// hasMethods: an object literal with a method or a function-valued
// property.
func (x *extractor) hasMethods(obj *sitter.Node) bool {
	found := false
	treesitter.EachNamedChild(obj, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kMethod:
			found = true
		case kPair:
			found = found || isFunctionValue(x, c.ChildByFieldName("value"))
		}
	})
	return found
}

// methodTarget is X in a top-level "X.m = function () {}" where X is a
// variable of the file, or "".
func (x *extractor) methodTarget(n *sitter.Node) string {
	if n == nil || x.g.Kind(n) != kAssignment {
		return ""
	}
	left, right := n.ChildByFieldName("left"), n.ChildByFieldName("right")
	if left == nil || x.g.Kind(left) != kMember || !isFunctionValue(x, right) || x.g.Kind(right) == kClassExpr {
		return ""
	}
	obj := left.ChildByFieldName("object")
	if obj == nil || x.g.Kind(obj) != kIdentifier {
		return ""
	}
	o := x.text(obj)
	if _, isVar := x.frames[0].vars[o]; !isVar || o == "exports" || o == "module" {
		return ""
	}
	return o
}

// prototypeTarget is C in a top-level "C.prototype.m = function", or "".
func (x *extractor) prototypeTarget(n *sitter.Node) string {
	if n == nil || x.g.Kind(n) != kAssignment {
		return ""
	}
	left, right := n.ChildByFieldName("left"), n.ChildByFieldName("right")
	if left == nil || x.g.Kind(left) != kMember || !isFunctionValue(x, right) {
		return ""
	}
	obj := left.ChildByFieldName("object")
	if obj == nil || x.g.Kind(obj) != kMember {
		return ""
	}
	c, p := obj.ChildByFieldName("object"), obj.ChildByFieldName("property")
	if c == nil || p == nil || x.g.Kind(c) != kIdentifier || x.text(p) != "prototype" {
		return ""
	}
	return x.text(c)
}

// typeOnly: n (an import statement or specifier) has the type keyword.
func typeOnly(n *sitter.Node) bool {
	for i := 0; i < int(n.ChildCount()); i++ {
		if c := n.Child(i); !c.IsNamed() && c.Type() == "type" {
			return true
		}
	}
	return false
}

// commonJSExports marks the names module.exports = { a, b } and
// module.exports = a export.
func (x *extractor) commonJSExports(n *sitter.Node) {
	if n == nil || x.g.Kind(n) != kAssignment {
		return
	}
	left, right := n.ChildByFieldName("left"), n.ChildByFieldName("right")
	if left == nil || right == nil || x.text(left) != "module.exports" {
		return
	}
	switch x.g.Kind(right) {
	case kIdentifier:
		x.exportedNames[x.text(right)] = true
	case kObject:
		treesitter.EachNamedChild(right, func(p *sitter.Node) {
			switch x.g.Kind(p) {
			case kShorthandProperty:
				x.exportedNames[x.text(p)] = true
			case kPair:
				if v := p.ChildByFieldName("value"); v != nil && x.g.Kind(v) == kIdentifier {
					x.exportedNames[x.text(v)] = true
				}
			}
		})
	}
}

func (x *extractor) visit(n *sitter.Node) {
	switch x.g.Kind(n) {
	case kLeaf, kComment, kIdentifier, kPropertyIdentifier, kString:
		return
	case kImport:
		x.importStatement(n)
		return
	case kExport:
		x.export(n)
		return
	case kFunctionDecl:
		x.function(n, n, x.nameOf(n), false)
		return
	case kClassDecl:
		x.class(n, n, x.nameOf(n), false)
		return
	case kClassExpr:
		x.class(n, n, "", false)
		return
	case kInterface:
		x.iface(n, n, false)
		return
	case kTypeAlias:
		x.typeAlias(n, n, false)
		return
	case kEnum:
		x.enum(n, n, false)
		return
	case kNamespace:
		x.namespace(n, n, false)
		return
	case kAmbient, kFunctionSignature:
		return // declarations for the type checker: nothing runs
	case kLexical:
		x.lexical(n, n, false)
		return
	case kFunctionExpr, kArrow:
		x.anonymous(n)
		return
	case kMethod:
		// An object literal's method: its calls belong to the enclosing
		// definition, and `this` is the object, whose type is unknown.
		x.anonymous(n)
		return
	case kCatch:
		x.branch()
		name := ""
		if p := n.ChildByFieldName("parameter"); p != nil {
			x.bind(p, "")
			if x.g.Kind(p) == kIdentifier {
				name = x.text(p)
			}
		}
		x.errorShape(caughtOrIgnored(x, n.ChildByFieldName("body")))
		x.caught = append(x.caught, name)
		x.children(n)
		x.caught = x.caught[:len(x.caught)-1]
		return
	case kThrow:
		x.throw(n)
	case kForIn:
		x.branch()
		x.block()
		if l := n.ChildByFieldName("left"); l != nil {
			x.bind(l, "")
		}
		x.children(n)
		x.pop()
		return
	case kStatementBlock:
		x.block()
		x.children(n)
		x.pop()
		return
	case kCall:
		x.call(n)
	case kNew:
		x.newCall(n)
	case kAssignment:
		if x.assignment(n) {
			return
		}
	case kJSXOpen, kJSXSelfClosing:
		x.jsx(n)
	case kLoop:
		x.branch()
		x.block() // for (let i = ...): i is the loop's
		x.children(n)
		x.pop()
		return
	case kIf, kSwitchCase, kTernary:
		x.branch()
	case kBinary:
		if op := n.ChildByFieldName("operator"); op != nil {
			switch x.text(op) {
			case "&&", "||":
				x.branch()
			}
		}
	}
	x.children(n)
}

// branch raises the complexity of the function the walk is in.
func (x *extractor) branch() {
	if d := x.cur().def; d != nil && d.Complexity > 0 {
		d.Complexity++
	}
}

func (x *extractor) nameOf(n *sitter.Node) string {
	if name := n.ChildByFieldName("name"); name != nil {
		return x.text(name)
	}
	return ""
}

// export visits what an export statement declares, exported, and records
// re-exports (export ... from) as imports.
func (x *extractor) export(n *sitter.Node) {
	if src := n.ChildByFieldName("source"); src != nil {
		x.reexport(n, src)
		return
	}
	if d := n.ChildByFieldName("declaration"); d != nil {
		x.declaration(d, n, true)
		return
	}
	v := n.ChildByFieldName("value")
	if v == nil {
		x.children(n)
		return
	}
	// export default ...: a named function or class keeps its name, an
	// anonymous one takes its module's (see defaultName).
	name := x.nameOf(v)
	if name == "" {
		name = defaultName(x.facts.GetPath(), x.top)
	}
	switch x.g.Kind(v) {
	case kFunctionExpr, kArrow:
		x.function(v, n, name, true)
	case kClassExpr, kClassDecl:
		x.class(v, n, name, true)
	case kFunctionDecl:
		x.function(v, n, name, true)
	default:
		x.visit(v)
	}
}

// declaration visits a declaration, exported or not; outer is the node its
// span and doc comment start from.
func (x *extractor) declaration(d, outer *sitter.Node, exported bool) {
	switch x.g.Kind(d) {
	case kFunctionDecl:
		x.function(d, outer, x.nameOf(d), exported)
	case kClassDecl:
		x.class(d, outer, x.nameOf(d), exported)
	case kInterface:
		x.iface(d, outer, exported)
	case kTypeAlias:
		x.typeAlias(d, outer, exported)
	case kEnum:
		x.enum(d, outer, exported)
	case kNamespace:
		x.namespace(d, outer, exported)
	case kLexical:
		x.lexical(d, outer, exported)
	case kAmbient, kFunctionSignature:
	default:
		x.visit(d)
	}
}

// loose: the walk is in a callback at top level (describe(() => {...})),
// where nothing defined has a name of its own: a helper there would take
// a top-level name it does not have.
func (x *extractor) loose() bool { return len(x.frames) > 1 && x.cur().qn == "" }

// define records a definition in the current frame.
func (x *extractor) define(n, outer *sitter.Node, name, kind string, exported bool) *sdk.Definition {
	f := x.cur()
	qn := name
	if f.qn != "" {
		qn = f.qn + "." + name
	}
	def := &sdk.Definition{
		Name:          name,
		QualifiedName: qn,
		Kind:          kind,
		Span:          treesitter.Span(outer, n),
		Exported:      f.exported && (exported || (len(x.frames) == 1 && x.exportedNames[name])),
		Receiver:      f.owner,
		DocStyle:      "jsdoc",
		Doc:           x.doc(outer),
	}
	x.facts.Definitions = append(x.facts.Definitions, def)
	return def
}

// doc is the /** */ comment above n, decorators skipped, when n starts
// where a node children visited does (other definitions have none). As the
// TypeScript compiler reads JSDoc, blank lines between do not part them
// (express writes every doc that way), except that a comment tagged as the
// file's own (@license, @fileoverview...) is not a definition's.
func (x *extractor) doc(n *sitter.Node) string {
	c, ok := x.comments[n.StartByte()]
	if !ok {
		return ""
	}
	doc := jsdoc(x.text(c.node))
	if c.row-int(c.node.EndPoint().Row) > 1 && fileDoc(doc) {
		return ""
	}
	return doc
}

// comment is a comment before a node, and the line that node's doc
// comment must end just above (its first decorator's).
type comment struct {
	node *sitter.Node
	row  int
}

// function defines a function (or a method, inside a class body) and walks
// its body in a frame of its own.
func (x *extractor) function(n, outer *sitter.Node, name string, exported bool) *sdk.Definition {
	if name == "" || x.loose() {
		x.anonymous(n)
		return nil
	}
	def := x.define(n, outer, name, "function", exported)
	this := x.cur().class
	if len(x.frames) == 1 && x.protoClasses[name] {
		// function View() {} with View.prototype.m = ...: a class, whose
		// instances this stands for in the function too. Its complexity
		// stays the function's.
		def.Kind, this = "class", name
	}
	x.functionBody(n, def, this)
	if k := x.g.Kind(n); k == kArrow || k == kFunctionExpr {
		// const f = (a) => ...: the binding names it.
		end := n.EndByte()
		if body := n.ChildByFieldName("body"); body != nil {
			end = body.StartByte()
		}
		def.Signature = strings.TrimSpace(strings.TrimSuffix(oneLine(x.src[outer.StartByte():end]), "=>"))
	}
	return def
}

// functionBody fills in a function's signature, result type and
// complexity and walks its parameters and body. this is the class `this`
// stands for in it.
func (x *extractor) functionBody(n *sitter.Node, def *sdk.Definition, this string) {
	body := n.ChildByFieldName("body")
	end := n.EndByte()
	if body != nil {
		end = body.StartByte()
	}
	def.Signature = strings.TrimSuffix(strings.TrimSpace(oneLine(x.src[n.StartByte():end])), "=>")
	def.Signature = strings.TrimSpace(def.Signature)
	def.Complexity = 1
	f := &frame{qn: def.QualifiedName, def: def, class: this, vars: map[string]binding{}}
	x.push(f)
	x.typeParameters(n, f)
	if rt := n.ChildByFieldName("return_type"); rt != nil {
		def.Type = x.typeRef(rt)
	}
	x.parameters(n, nil)
	if body != nil {
		x.visit(body)
	}
	x.pop()
}

// anonymous walks a function that is no definition (a callback, an IIFE,
// an object literal's method): its parameters are bound in a frame of its
// own, its calls belong to the enclosing definition. Arrow functions keep
// the enclosing `this`; others do not know it.
func (x *extractor) anonymous(n *sitter.Node) {
	parent := x.cur()
	f := &frame{qn: parent.qn, def: parent.def, vars: map[string]binding{}}
	if x.g.Kind(n) == kArrow {
		f.class = parent.class
	}
	x.push(f)
	x.typeParameters(n, f)
	x.parameters(n, nil)
	if body := n.ChildByFieldName("body"); body != nil {
		x.visit(body)
	}
	x.pop()
}

func (x *extractor) typeParameters(n *sitter.Node, f *frame) {
	tp := n.ChildByFieldName("type_parameters")
	if tp == nil {
		return
	}
	treesitter.EachNamedChild(tp, func(p *sitter.Node) {
		if name := p.ChildByFieldName("name"); name != nil {
			if f.typeParams == nil {
				f.typeParams = map[string]bool{}
			}
			f.typeParams[x.text(name)] = true
		}
	})
}

// parameters binds a function's parameters in the current frame with
// their declared types; an arrow's lone parameter has no parentheses.
// Parameter properties (constructor(private c: Client)) are added to
// class as fields.
func (x *extractor) parameters(n *sitter.Node, class *sdk.Definition) {
	if p := n.ChildByFieldName("parameter"); p != nil {
		x.bind(p, "")
		return
	}
	params := n.ChildByFieldName("parameters")
	if params == nil {
		return
	}
	treesitter.EachNamedChild(params, func(p *sitter.Node) {
		switch x.g.Kind(p) {
		case kRequiredParam, kOptionalParam:
			x.decorators(p) // constructor(@Inject(TOKEN) x: X)
			pattern := p.ChildByFieldName("pattern")
			if pattern == nil {
				return
			}
			t := ""
			if ta := p.ChildByFieldName("type"); ta != nil {
				t = x.typeRef(ta)
			}
			if v := p.ChildByFieldName("value"); v != nil {
				if t == "" {
					t = x.valueType(v)
				}
				x.visit(v)
			}
			x.bind(pattern, t)
			if x.g.Kind(pattern) == kObjectPattern {
				x.destructure(pattern, t) // ({client}: Deps): client is Deps.client
			}
			if class != nil && x.g.Kind(pattern) == kIdentifier && x.isParameterProperty(p) {
				addField(class, x.text(pattern), t)
			}
		case kAssignPattern:
			if v := p.ChildByFieldName("right"); v != nil {
				x.visit(v)
			}
			x.bind(p, "")
		default:
			x.bind(p, "")
		}
	})
}

func (x *extractor) isParameterProperty(p *sitter.Node) bool {
	found := false
	treesitter.EachNamedChild(p, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kAccessibility, kReadonly:
			found = true
		}
	})
	if !found {
		// readonly is an anonymous token in some grammar versions.
		for i := 0; i < int(p.ChildCount()); i++ {
			if c := p.Child(i); !c.IsNamed() && c.Type() == "readonly" {
				return true
			}
		}
	}
	return found
}

// decorators visits the decorators among n's children.
func (x *extractor) decorators(n *sitter.Node) {
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kDecorator {
			x.visit(c)
		}
	})
}

func addField(class *sdk.Definition, name, t string) {
	for _, f := range class.Fields {
		if f.GetName() == name {
			if f.Type == "" {
				f.Type = t
			}
			return
		}
	}
	class.Fields = append(class.Fields, &sdk.Field{Name: name, Type: t})
}

// bind binds the names of a pattern in the current frame: an identifier
// gets type t, the names a destructuring pattern binds get none.
func (x *extractor) bind(p *sitter.Node, t string) {
	f := x.cur()
	if x.g.Kind(p) == kIdentifier {
		f.vars[x.text(p)] = binding{t: t}
		return
	}
	for _, name := range x.bindings(p, nil) {
		f.vars[name] = binding{}
	}
}

// bindings lists the names a pattern binds.
func (x *extractor) bindings(p *sitter.Node, out []string) []string {
	switch x.g.Kind(p) {
	case kIdentifier, kShorthandPattern:
		return append(out, x.text(p))
	case kPairPattern:
		if v := p.ChildByFieldName("value"); v != nil {
			return x.bindings(v, out)
		}
		return out
	case kAssignPattern, kObjectAssignPattern:
		if l := p.ChildByFieldName("left"); l != nil {
			return x.bindings(l, out)
		}
		if c := p.NamedChild(0); c != nil {
			return x.bindings(c, out)
		}
		return out
	case kObjectPattern, kArrayPattern, kRestPattern, kRequiredParam, kOptionalParam:
		treesitter.EachNamedChild(p, func(c *sitter.Node) {
			if x.g.Kind(c) != kTypeAnnotation {
				out = x.bindings(c, out)
			}
		})
	}
	return out
}

// class defines a class, its members and its fields.
func (x *extractor) class(n, outer *sitter.Node, name string, exported bool) {
	body := n.ChildByFieldName("body")
	if name == "" || body == nil || x.loose() {
		// An anonymous class expression: its methods are no definitions
		// of the file; its calls belong to the enclosing definition.
		parent := x.cur()
		x.push(&frame{qn: parent.qn, def: parent.def, vars: map[string]binding{}})
		x.children(n)
		x.pop()
		return
	}
	def := x.define(n, outer, name, "class", exported)
	def.Signature = oneLine(x.src[n.StartByte():body.StartByte()])
	f := &frame{qn: def.QualifiedName, class: classRef(def), owner: def.QualifiedName,
		vars: map[string]binding{}, exported: def.Exported}
	x.typeParameters(n, f)
	x.push(f)
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kClassHeritage:
			x.heritage(c, def)
		case kDecorator:
			x.visitIn(c, len(x.frames)-2) // decorators run where the class is declared
		}
	})
	x.classBody(body, def)
	x.pop()
}

// classRef is the reference that names class def in its file: its name,
// through its owner when it has one (NS.Foo). A class declared in a
// function is no member of it, so its name alone finds it.
func classRef(def *sdk.Definition) string {
	if def.Receiver != "" {
		return def.Receiver + "." + def.Name
	}
	return def.Name
}

// visitIn walks n as if in frame i.
func (x *extractor) visitIn(n *sitter.Node, i int) {
	saved := x.frames
	x.frames = saved[: i+1 : i+1]
	x.visit(n)
	x.frames = saved
}

// heritage adds a class's bases: what it extends and implements.
func (x *extractor) heritage(n *sitter.Node, def *sdk.Definition) {
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kExtendsClause:
			// TypeScript: extends_clause holds the value and its type
			// arguments.
			if v := c.ChildByFieldName("value"); v != nil {
				x.extends[classRef(def)] = x.exprPath(v)
				x.addBase(def, v)
				x.visitIn(v, len(x.frames)-2)
			}
		case kImplementsClause:
			treesitter.EachNamedChild(c, func(t *sitter.Node) {
				if r := x.typeRef(t); r != "" {
					def.Bases = append(def.Bases, r)
				}
			})
		default:
			// JavaScript: class_heritage holds the expression itself.
			x.extends[classRef(def)] = x.exprPath(c)
			x.addBase(def, c)
			x.visitIn(c, len(x.frames)-2)
		}
	})
}

// addBase adds an extended expression when it names a class (Base,
// ns.Base); a mixin call says nothing the core can follow.
func (x *extractor) addBase(def *sdk.Definition, v *sitter.Node) {
	if r := x.exprPath(v); r != "" {
		def.Bases = append(def.Bases, r)
		x.ref(r)
	}
}

// exprPath is a dotted name (a, a.b.c) written as an expression, or "".
func (x *extractor) exprPath(n *sitter.Node) string {
	switch x.g.Kind(n) {
	case kIdentifier, kTypeIdentifier:
		return x.text(n)
	case kMember:
		obj, prop := n.ChildByFieldName("object"), n.ChildByFieldName("property")
		if obj == nil || prop == nil {
			return ""
		}
		if p := x.exprPath(obj); p != "" {
			return p + "." + x.text(prop)
		}
	case kParen:
		if c := n.NamedChild(0); c != nil {
			return x.exprPath(c)
		}
	}
	return ""
}

func (x *extractor) classBody(body *sitter.Node, class *sdk.Definition) {
	x.eachChild(body, func(m *sitter.Node) {
		switch x.g.Kind(m) {
		case kMethod:
			x.method(m, class)
		case kAbstractMethod:
			if def := x.member(m, class, "method"); def != nil {
				def.Abstract = true
				def.Signature = oneLine(x.src[m.StartByte():m.EndByte()])
				if rt := m.ChildByFieldName("return_type"); rt != nil {
					def.Type = x.typeRef(rt)
				}
			}
		case kField:
			x.field(m, class)
		case kMethodSignature:
			// An overload's signature: the implementation follows.
		case kDecorator:
			x.visit(m)
		default:
			x.visit(m)
		}
	})
}

// member defines a member of class named by n's name field, or returns nil
// when the name is computed ([Symbol.iterator]).
func (x *extractor) member(n *sitter.Node, class *sdk.Definition, kind string) *sdk.Definition {
	nameNode := n.ChildByFieldName("name")
	if nameNode == nil {
		nameNode = n.ChildByFieldName("property")
	}
	if nameNode == nil {
		return nil
	}
	switch x.g.Kind(nameNode) {
	case kPropertyIdentifier, kPrivateName, kIdentifier:
	default:
		return nil
	}
	name := x.text(nameNode)
	def := x.define(n, n, name, kind, class.Exported && !x.private(n, name))
	return def
}

// private: #names and TypeScript's private members are not exported.
func (x *extractor) private(n *sitter.Node, name string) bool {
	if strings.HasPrefix(name, "#") {
		return true
	}
	private := false
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kAccessibility && x.text(c) == "private" {
			private = true
		}
	})
	return private
}

func (x *extractor) method(m *sitter.Node, class *sdk.Definition) {
	def := x.member(m, class, "method")
	if def == nil {
		x.anonymous(m)
		return
	}
	ctor := def.Name == "constructor"
	if ctor {
		def.Kind = "constructor"
	}
	body := m.ChildByFieldName("body")
	end := m.EndByte()
	if body != nil {
		end = body.StartByte()
	}
	def.Signature = oneLine(x.src[m.StartByte():end])
	def.Complexity = 1
	f := &frame{qn: def.QualifiedName, def: def, class: classRef(class), vars: map[string]binding{}}
	if ctor {
		f.classDef = class
	}
	x.push(f)
	x.typeParameters(m, f)
	if rt := m.ChildByFieldName("return_type"); rt != nil {
		def.Type = x.typeRef(rt)
	}
	if ctor {
		x.parameters(m, class)
	} else {
		x.parameters(m, nil)
	}
	if body != nil {
		x.visit(body)
	}
	x.pop()
}

// field adds a class field with its declared or initial type; a field
// holding an arrow function is a method.
func (x *extractor) field(m *sitter.Node, class *sdk.Definition) {
	x.decorators(m) // they run in the class body
	name := m.ChildByFieldName("name")
	if name == nil {
		name = m.ChildByFieldName("property")
	}
	value := m.ChildByFieldName("value")
	if name == nil {
		if value != nil {
			x.visit(value)
		}
		return
	}
	if value != nil && (x.g.Kind(value) == kArrow || x.g.Kind(value) == kFunctionExpr) {
		if def := x.member(m, class, "method"); def != nil {
			x.functionBody(value, def, classRef(class))
			return
		}
	}
	t := ""
	if ta := m.ChildByFieldName("type"); ta != nil {
		t = x.typeRef(ta)
	}
	if value != nil {
		if t == "" {
			t = x.valueType(value)
		}
		x.visit(value) // initializers run with `this` the instance
	}
	switch x.g.Kind(name) {
	case kPropertyIdentifier, kPrivateName, kIdentifier:
		addField(class, x.text(name), t)
	}
}

// iface defines an interface: structural in TypeScript, its method
// signatures abstract members, its properties fields.
func (x *extractor) iface(n, outer *sitter.Node, exported bool) {
	name := x.nameOf(n)
	if name == "" {
		return
	}
	def := x.define(n, outer, name, "interface", exported)
	def.Structural = true
	body := n.ChildByFieldName("body")
	if body != nil {
		def.Signature = oneLine(x.src[n.StartByte():body.StartByte()])
	}
	f := &frame{qn: def.QualifiedName, owner: def.QualifiedName, vars: map[string]binding{}, exported: def.Exported}
	x.typeParameters(n, f)
	x.push(f)
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kExtendsTypeClause {
			treesitter.EachNamedChild(c, func(t *sitter.Node) {
				if r := x.typeRef(t); r != "" {
					def.Bases = append(def.Bases, r)
				}
			})
		}
	})
	if body != nil {
		x.objectType(body, def)
	}
	x.pop()
}

// objectType adds the members of an interface body or object type to def.
func (x *extractor) objectType(body *sitter.Node, def *sdk.Definition) {
	x.eachChild(body, func(m *sitter.Node) {
		switch x.g.Kind(m) {
		case kMethodSignature:
			if md := x.member(m, def, "method"); md != nil {
				md.Abstract = true
				md.Signature = oneLine(x.src[m.StartByte():m.EndByte()])
				if rt := m.ChildByFieldName("return_type"); rt != nil {
					md.Type = x.typeRef(rt)
				}
			}
		case kPropertySignature:
			name := m.ChildByFieldName("name")
			if name == nil {
				return
			}
			t := ""
			if ta := m.ChildByFieldName("type"); ta != nil {
				t = x.typeRef(ta)
			}
			addField(def, x.text(name), t)
		}
	})
}

func (x *extractor) typeAlias(n, outer *sitter.Node, exported bool) {
	name := x.nameOf(n)
	if name == "" {
		return
	}
	def := x.define(n, outer, name, "type", exported)
	def.Signature = oneLine(x.src[n.StartByte():n.EndByte()])
	if v := n.ChildByFieldName("value"); v != nil && x.g.Kind(v) == kObjectType {
		def.Structural = true
		f := &frame{qn: def.QualifiedName, owner: def.QualifiedName, vars: map[string]binding{}, exported: def.Exported}
		x.typeParameters(n, f)
		x.push(f)
		x.objectType(v, def)
		x.pop()
	} else if v != nil {
		x.typeRef(v) // for its references
	}
}

func (x *extractor) enum(n, outer *sitter.Node, exported bool) {
	if name := x.nameOf(n); name != "" {
		def := x.define(n, outer, name, "enum", exported)
		if body := n.ChildByFieldName("body"); body != nil {
			def.Signature = oneLine(x.src[n.StartByte():body.StartByte()])
		}
	}
}

// namespace defines a TypeScript namespace, whose members are found
// through it (NS.f()); an ambient module ('declare module "x"') declares
// nothing that runs.
func (x *extractor) namespace(n, outer *sitter.Node, exported bool) {
	nameNode, body := n.ChildByFieldName("name"), n.ChildByFieldName("body")
	if nameNode == nil || body == nil || x.g.Kind(nameNode) == kString {
		return
	}
	def := x.define(n, outer, x.text(nameNode), "module", exported)
	x.push(&frame{qn: def.QualifiedName, owner: def.QualifiedName, vars: map[string]binding{}, exported: def.Exported})
	x.children(body)
	x.pop()
}

// lexical handles const/let/var: functions and classes bound to a name
// are defined under it, require() and import() are imports, and other
// variables are bound with their types, defined when exported at top
// level.
func (x *extractor) lexical(n, outer *sitter.Node, exported bool) {
	constant := strings.HasPrefix(x.text(n), "const")
	treesitter.EachNamedChild(n, func(d *sitter.Node) {
		if x.g.Kind(d) != kDeclarator {
			x.visit(d)
			return
		}
		name, value := d.ChildByFieldName("name"), d.ChildByFieldName("value")
		if name == nil {
			return
		}
		// A lone declarator's span and doc start at the statement.
		o := d
		if n.NamedChildCount() == 1 {
			o = outer
		}
		if spec := requireSpec(x, value); spec != "" {
			x.requireImport(name, spec, value)
			return
		}
		if spec, ok := x.dynamicImportSpec(value); ok {
			imp := &sdk.Import{Spec: spec, Line: x.line(value)}
			if x.g.Kind(name) == kIdentifier {
				imp.Alias = x.text(name)
			}
			x.facts.Imports = append(x.facts.Imports, imp)
			x.bind(name, "")
			if len(x.frames) == 1 {
				delete(x.frames[0].vars, x.text(name))
			}
			return
		}
		if x.g.Kind(name) != kIdentifier {
			if value != nil {
				x.visit(value)
			}
			x.bind(name, "")
			if x.g.Kind(name) == kObjectPattern {
				// const {a, b: c} = v: a is v.a, c is v.b.
				x.destructure(name, x.varBinding(d, value).t)
			}
			return
		}
		v := x.text(name)
		if value != nil {
			switch x.g.Kind(value) {
			case kArrow, kFunctionExpr:
				loose := x.loose()
				x.function(value, o, v, exported)
				if len(x.frames) > 1 {
					x.cur().vars[v] = binding{def: !loose}
				}
				return
			case kClassExpr:
				loose := x.loose()
				x.class(value, o, v, exported)
				if len(x.frames) > 1 {
					x.cur().vars[v] = binding{def: !loose}
				}
				return
			}
		}
		if len(x.frames) == 1 && x.objects[v] {
			x.object(d, o, v, value, exported)
			return
		}
		b := x.varBinding(d, value)
		t := b.t
		top := len(x.frames) == 1
		if top && (exported || x.exportedNames[v]) || (x.cur().owner != "" && exported) {
			kind := "variable"
			if constant {
				kind = "constant"
			}
			def := x.define(d, o, v, kind, exported)
			def.Type = t
			if value != nil {
				// Calls in the initializer belong to the constant.
				x.push(&frame{qn: def.QualifiedName, vars: map[string]binding{}})
				x.visit(value)
				x.pop()
			}
		} else if value != nil {
			x.visit(value)
		}
		x.cur().vars[v] = b
	})
}

// destructure types the names an object pattern binds from a value of
// type t: {a} is t.a, {b: c} binds c to t.b.
func (x *extractor) destructure(p *sitter.Node, t string) {
	if t == "" {
		return
	}
	f := x.cur()
	treesitter.EachNamedChild(p, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kShorthandPattern:
			f.vars[x.text(c)] = binding{t: t + "." + x.text(c)}
		case kPairPattern:
			k, v := c.ChildByFieldName("key"), c.ChildByFieldName("value")
			if k != nil && v != nil && x.g.Kind(v) == kIdentifier && x.g.Kind(k) == kPropertyIdentifier {
				f.vars[x.text(v)] = binding{t: t + "." + x.text(k)}
			}
		}
	})
}

// object defines a top-level variable holding an object with methods: a
// definition its methods are members of, `this` in them. An object
// literal's methods are defined here; methods assigned later
// (app.init = function) by assignment.
func (x *extractor) object(d, outer *sitter.Node, name string, value *sitter.Node, exported bool) {
	exported = exported || x.exportedNames[name] || (value != nil && strings.Contains(x.text(value), "module.exports"))
	def := x.define(d, outer, name, "module", exported)
	x.objectDefs[name] = def
	x.frames[0].vars[name] = binding{t: name}
	if value == nil {
		return
	}
	x.push(&frame{qn: def.QualifiedName, owner: def.QualifiedName, class: name, vars: map[string]binding{}, exported: def.Exported})
	defer x.pop()
	value = x.assigned(value)
	if x.g.Kind(value) != kObject {
		x.visit(value)
		return
	}
	x.eachChild(value, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kMethod:
			if m := x.member(c, def, "method"); m != nil {
				x.functionBody(c, m, name)
				return
			}
		case kPair:
			k, v := c.ChildByFieldName("key"), c.ChildByFieldName("value")
			if k != nil && v != nil && x.g.Kind(k) == kPropertyIdentifier && isFunctionValue(x, v) && x.g.Kind(v) != kClassExpr {
				m := x.define(c, c, x.text(k), "method", def.Exported)
				x.functionBody(v, m, name)
				return
			}
		}
		x.visit(c)
	})
}

// varBinding is a declarator's type: its annotation, else its initial
// value's.
func (x *extractor) varBinding(d, value *sitter.Node) binding {
	if ta := d.ChildByFieldName("type"); ta != nil {
		if t := x.typeRef(ta); t != "" {
			return binding{t: t}
		}
	}
	if value == nil {
		return binding{}
	}
	t, s := x.exprType(value, 0)
	switch s {
	case tKnown:
		return binding{t: t}
	case tBuiltin:
		return binding{builtin: true}
	}
	return binding{}
}

// isFunctionValue: the value is a function or class the binding names.
func isFunctionValue(x *extractor, v *sitter.Node) bool {
	if v == nil {
		return false
	}
	switch x.g.Kind(v) {
	case kArrow, kFunctionExpr, kClassExpr:
		return true
	}
	return false
}

// assignment handles the assignments that define something: this.x = v in
// a constructor adds field x; exports.f = function, module.exports.f = ...
// and C.prototype.m = function define f and C.m. It reports whether it
// walked n itself.
func (x *extractor) assignment(n *sitter.Node) bool {
	left, right := n.ChildByFieldName("left"), n.ChildByFieldName("right")
	if left == nil || right == nil || x.g.Kind(left) != kMember {
		return false
	}
	obj, prop := left.ChildByFieldName("object"), left.ChildByFieldName("property")
	if obj == nil || prop == nil {
		return false
	}
	f := x.cur()
	if x.g.Kind(obj) == kThis && f.classDef != nil {
		addField(f.classDef, x.text(prop), x.fieldValueType(right))
		return false
	}
	if len(x.frames) != 1 {
		return false
	}
	name := x.text(prop)
	fn := x.g.Kind(right) == kArrow || x.g.Kind(right) == kFunctionExpr
	moduleExports := x.g.Kind(obj) == kIdentifier && x.text(obj) == "module" && name == "exports"
	if fn && moduleExports {
		// module.exports = function () {}: the module's default export.
		own := x.nameOf(right)
		if own == "" {
			own = defaultName(x.facts.GetPath(), x.top)
		}
		x.function(right, n.Parent(), own, true)
		return true
	}
	if moduleExports && x.g.Kind(right) == kClassExpr {
		// module.exports = class Application extends Emitter { ... }:
		// koa's application, its methods the file's.
		own := ""
		if nm := right.ChildByFieldName("name"); nm != nil {
			own = x.text(nm)
		}
		if own == "" {
			own = defaultName(x.facts.GetPath(), x.top)
		}
		x.class(right, n.Parent(), own, true)
		return true
	}
	if moduleExports && x.g.Kind(right) == kObject && x.hasMethods(right) {
		// module.exports = { get header () { ... }, is (type) { ... } }:
		// an object named for the file (koa's request and response).
		x.object(n, n.Parent(), defaultName(x.facts.GetPath(), x.top), right, true)
		return true
	}
	switch o := x.text(obj); {
	case (o == "exports" || o == "module.exports") && fn:
		x.function(right, n.Parent(), name, true)
		return true
	case fn && x.objects[o]:
		// app.init = function () {}: a method of the object app.
		saved := f.owner
		f.owner, f.qn = o, o
		def := x.define(right, n.Parent(), name, "method", x.exportedNames[o] || x.objectExported(o))
		f.owner, f.qn = saved, ""
		x.functionBody(right, def, o)
		return true
	case strings.HasSuffix(o, ".prototype") && fn:
		class := strings.TrimSuffix(o, ".prototype")
		if strings.Contains(class, ".") || !x.top[class] {
			return false
		}
		saved := f.owner
		f.owner, f.qn = class, class
		def := x.define(right, n.Parent(), name, "method", x.exportedNames[class])
		f.owner, f.qn = saved, ""
		x.functionBody(right, def, class)
		return true
	}
	return false
}

// assigned is the value an assignment chain gives (a = b = {} gives {}),
// or n itself when it is no assignment.
func (x *extractor) assigned(n *sitter.Node) *sitter.Node {
	for n != nil && x.g.Kind(n) == kAssignment {
		n = n.ChildByFieldName("right")
	}
	return n
}

// objectExported: the object's definition is exported.
func (x *extractor) objectExported(o string) bool {
	d := x.objectDefs[o]
	return d != nil && d.Exported
}

// fieldValueType is the type a field assigned v gets: new Foo() gives
// Foo().
func (x *extractor) fieldValueType(v *sitter.Node) string {
	if x.g.Kind(v) == kNew {
		if t := x.valueType(v); t != "" {
			return t + "()"
		}
	}
	return x.valueType(v)
}

// jsx records a component used in JSX (<Button />, <ui.Card>) as a call of
// it: a lower-case tag is an HTML element.
func (x *extractor) jsx(n *sitter.Node) {
	name := n.ChildByFieldName("name")
	if name == nil {
		return
	}
	switch x.g.Kind(name) {
	case kIdentifier:
		tag := x.text(name)
		if tag == "" || tag[0] < 'A' || tag[0] > 'Z' {
			return
		}
		c := treesitter.CallAt(name, tag, "", x.cur().qn)
		if _, local := x.local(tag); local {
			return // a component passed in: unknown
		}
		x.facts.Calls = append(x.facts.Calls, c)
	case kMember:
		prop, obj := name.ChildByFieldName("property"), name.ChildByFieldName("object")
		if prop == nil || obj == nil {
			return
		}
		c := treesitter.CallAt(prop, x.text(prop), x.g.Qualifier(x.src, obj), x.cur().qn)
		c.Receiver, c.Builtin = x.receiver(obj)
		x.facts.Calls = append(x.facts.Calls, c)
	}
}
