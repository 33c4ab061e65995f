package ruby

import (
	"path"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	tsrb "github.com/smacker/go-tree-sitter/ruby"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// kind is what the extractor needs to know about a node type, looked up
// by the node's symbol; kOther, the zero kind, is every other type.
type kind uint8

const (
	kOther kind = iota
	kLeaf       // nodes with nothing of interest below
	kComment
	kModule
	kClass
	kSingletonClass
	kMethod
	kSingletonMethod
	kCall
	kIdentifier
	kConstant
	kScopeRes
	kSelf
	kSuper
	kIvar
	kAssignment
	kOpAssignment
	kString
	kArgs
	kParams
	kBlock
	kBranch // a decision: if, unless, loops, when, rescue, ?:
	kBinary
	kSkip // alias, undef: names, not expressions
	kExceptionVar
	kFor
	kBody
	kRescue
	kRescueMod
)

var kindNames = map[string]kind{
	"string_content":           kLeaf,
	"escape_sequence":          kLeaf,
	"integer":                  kLeaf,
	"float":                    kLeaf,
	"simple_symbol":            kLeaf,
	"hash_key_symbol":          kLeaf,
	"nil":                      kLeaf,
	"true":                     kLeaf,
	"false":                    kLeaf,
	"character":                kLeaf,
	"heredoc_beginning":        kLeaf,
	"global_variable":          kLeaf,
	"class_variable":           kLeaf,
	"comment":                  kComment,
	"module":                   kModule,
	"class":                    kClass,
	"singleton_class":          kSingletonClass,
	"method":                   kMethod,
	"singleton_method":         kSingletonMethod,
	"call":                     kCall,
	"identifier":               kIdentifier,
	"constant":                 kConstant,
	"scope_resolution":         kScopeRes,
	"self":                     kSelf,
	"super":                    kSuper,
	"instance_variable":        kIvar,
	"assignment":               kAssignment,
	"operator_assignment":      kOpAssignment,
	"string":                   kString,
	"argument_list":            kArgs,
	"method_parameters":        kParams,
	"lambda_parameters":        kParams,
	"block_parameters":         kParams,
	"block":                    kBlock,
	"do_block":                 kBlock,
	"if":                       kBranch,
	"unless":                   kBranch,
	"elsif":                    kBranch,
	"if_modifier":              kBranch,
	"unless_modifier":          kBranch,
	"while":                    kBranch,
	"until":                    kBranch,
	"while_modifier":           kBranch,
	"until_modifier":           kBranch,
	"when":                     kBranch,
	"in_clause":                kBranch,
	"rescue":                   kRescue,
	"rescue_modifier":          kRescueMod,
	"conditional":              kBranch,
	"binary":                   kBinary,
	"alias":                    kSkip,
	"undef":                    kSkip,
	"exception_variable":       kExceptionVar,
	"for":                      kFor,
	"body_statement":           kBody,
	"program":                  kBody,
	"parenthesized_statements": kBody,
}

var grammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
	return treesitter.NewGrammar(tsrb.GetLanguage(), kindNames, nil)
})

type frameKind uint8

const (
	fTop frameKind = iota
	fType
	fMethod
)

// frame is a definition whose body the walk is in.
type frame struct {
	kind frameKind
	qn   string // the type's or method's qualified name
	name string // a method's name, for super
	def  *sdk.Definition
	// locals maps a local variable to its type reference ("" unknown).
	locals map[string]string
	// Types only.
	ivars   map[string]string // instance variable → type reference
	attrs   []*sdk.Definition // attr_* fields, typed from ivars at the end
	private bool              // after a bare `private` in the body
}

type extractor struct {
	src   []byte
	facts *sdk.FileFacts
	g     *treesitter.Grammar[kind]
	stack []*frame
	// rescued: the names the enclosing rescue clauses bind the exception
	// to ("" for none), innermost last.
	rescued []string
	// What the file defines, found before the walk, since Ruby resolves
	// names when the code runs: constants (modules, classes, constants)
	// by qualified name, true for modules; method names by owner ("" top
	// level).
	consts  map[string]bool
	methods map[string]map[string]bool
	// loaded holds the paths the file requires, normalised (see norm),
	// which tell which namespace a constant it names comes from.
	loaded []string
	// lead holds the comments right above leadNode, the statement being
	// visited: asking a node for its siblings costs its depth in
	// tree-sitter, which deeply nested files cannot afford.
	lead     []*sitter.Node
	leadNode *sitter.Node
	// underLib: the file is a library's (below a lib/ directory).
	underLib bool
	// blocks counts the blocks the walk is in.
	blocks int
}

func newExtractor(src []byte, facts *sdk.FileFacts) *extractor {
	p := facts.GetPath()
	return &extractor{src: src, facts: facts, g: grammar(), consts: map[string]bool{},
		methods: map[string]map[string]bool{}, underLib: strings.HasPrefix(p, "lib/") || strings.Contains(p, "/lib/")}
}

func (x *extractor) run(root *sitter.Node) {
	x.prepass(root, "", 0)
	x.stack = []*frame{{kind: fTop, locals: map[string]string{}}}
	x.visit(root)
}

func (x *extractor) text(n *sitter.Node) string { return treesitter.Text(x.src, n) }

// children visits n's named children, noting for each the comments right
// above it (its doc, see doc).
func (x *extractor) children(n *sitter.Node) { x.statements(n, nil) }

// statements visits n's named children; lead holds comments above the
// first of them found outside n.
func (x *extractor) statements(n *sitter.Node, lead []*sitter.Node) {
	lastRow := -1
	pending := lead
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kComment {
			if int(c.StartPoint().Row) != lastRow { // not trailing code
				pending = append(pending, c)
			}
			return
		}
		x.lead, x.leadNode = pending, c
		pending = nil
		lastRow = int(c.EndPoint().Row)
		x.visit(c)
	})
}

func (x *extractor) top() *frame { return x.stack[len(x.stack)-1] }

// typeFrame is the innermost class or module, or nil at top level.
func (x *extractor) typeFrame() *frame {
	for i := len(x.stack) - 1; i >= 0; i-- {
		if x.stack[i].kind == fType {
			return x.stack[i]
		}
	}
	return nil
}

// methodFrame is the method the walk is in, or nil in a class body.
func (x *extractor) methodFrame() *frame {
	for i := len(x.stack) - 1; i >= 0; i-- {
		switch x.stack[i].kind {
		case fMethod:
			return x.stack[i]
		case fType:
			return nil
		}
	}
	return nil
}

func (x *extractor) caller() string { return x.top().qn }

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// maxPrepass bounds the recursion of the prepass on absurdly nested files.
const maxPrepass = 200

// prepass records the constants and methods the file defines, so that a
// name used before its definition is still known as the file's.
func (x *extractor) prepass(n *sitter.Node, owner string, depth int) {
	if depth > maxPrepass {
		return
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kModule, kClass:
			parts, _ := x.constParts(c.ChildByFieldName("name"))
			if len(parts) == 0 {
				return
			}
			qn := join(owner, strings.Join(parts, "."))
			x.consts[qn] = x.consts[qn] || x.g.Kind(c) == kModule
			if body := c.ChildByFieldName("body"); body != nil {
				x.prepass(body, qn, depth+1)
			}
		case kSingletonClass:
			if body := c.ChildByFieldName("body"); body != nil {
				x.prepass(body, owner, depth+1)
			}
		case kMethod, kSingletonMethod:
			if name := c.ChildByFieldName("name"); name != nil {
				if x.methods[owner] == nil {
					x.methods[owner] = map[string]bool{}
				}
				x.methods[owner][x.text(name)] = true
			}
		case kAssignment:
			if l := c.ChildByFieldName("left"); l != nil && x.g.Kind(l) == kConstant {
				if _, ok := x.consts[join(owner, x.text(l))]; !ok {
					x.consts[join(owner, x.text(l))] = false
				}
			}
		case kCall:
			// `private def x`, and requires, which tell what is loaded.
			if m := c.ChildByFieldName("method"); m != nil && c.ChildByFieldName("receiver") == nil {
				if spec, level := x.requireSpec(x.text(m), c); spec != "" {
					x.loaded = append(x.loaded, x.loadedPath(spec, level))
				}
			}
			if args := c.ChildByFieldName("arguments"); args != nil {
				x.prepass(args, owner, depth+1)
			}
		case kBody:
			x.prepass(c, owner, depth+1)
		}
	})
}

// loadedPath is a required path as the constants it defines would be
// named: "rack/utils" for require "rack/utils" or for require_relative
// "utils" in lib/rack/.
func (x *extractor) loadedPath(spec string, level int32) string {
	p := strings.TrimSuffix(spec, ".rb")
	if level > 0 {
		p = path.Join(path.Dir(x.facts.GetPath()), p)
		if i := strings.LastIndex(p, "lib/"); i >= 0 && (i == 0 || p[i-1] == '/') {
			p = p[i+len("lib/"):]
		}
	}
	return norm(p)
}

// norm folds a path or a constant path so that the two compare:
// "Rack::SessionId" and "rack/session_id" both read "rack/sessionid".
func norm(p string) string {
	return strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(p, "_", ""), ".", "/"))
}

func (x *extractor) visit(n *sitter.Node) {
	switch x.g.Kind(n) {
	case kLeaf, kComment, kConstant, kSkip:
		return
	case kModule:
		x.typeDef(n, "module")
		return
	case kClass:
		x.typeDef(n, "class")
		return
	case kSingletonClass:
		// class << self: its methods are the enclosing type's.
		if body := n.ChildByFieldName("body"); body != nil {
			x.bodyOf(n, body)
		}
		return
	case kMethod, kSingletonMethod:
		x.method(n, n)
		return
	case kCall:
		x.call(n)
		return
	case kSuper:
		x.super(n)
		return
	case kIdentifier:
		x.bareCall(n)
		return
	case kAssignment, kOpAssignment:
		x.assignment(n)
		return
	case kParams:
		x.params(n)
		return
	case kBlock:
		x.blocks++
		x.children(n)
		x.blocks--
		return
	case kExceptionVar:
		x.declare(n)
		return
	case kFor:
		x.count()
		if p := n.ChildByFieldName("pattern"); p != nil {
			x.declare(p)
		}
		if v := n.ChildByFieldName("value"); v != nil {
			x.visit(v)
		}
		if b := n.ChildByFieldName("body"); b != nil {
			x.visit(b)
		}
		return
	case kBranch:
		x.count()
	case kRescue:
		x.count()
		x.rescue(n)
		return
	case kRescueMod:
		x.count()
		x.rescueModifier(n)
	case kBinary:
		if op := n.ChildByFieldName("operator"); op != nil {
			switch x.text(op) {
			case "&&", "||", "and", "or":
				x.count()
			}
		}
	}
	x.children(n)
}

// count adds a branch to the complexity of the method the walk is in.
func (x *extractor) count() {
	if m := x.methodFrame(); m != nil && m.def != nil {
		m.def.Complexity++
	}
}

// constParts reads a constant path: Foo::Bar → [Foo Bar]; abs is set for
// ::Foo. Nil when a part is not a constant (obj::Foo).
func (x *extractor) constParts(n *sitter.Node) (parts []string, abs bool) {
	for depth := 0; n != nil && depth < 32; depth++ {
		switch x.g.Kind(n) {
		case kConstant:
			parts = append(parts, x.text(n))
			reverse(parts)
			return parts, false
		case kScopeRes:
			name := n.ChildByFieldName("name")
			if name == nil || x.g.Kind(name) != kConstant {
				return nil, false
			}
			parts = append(parts, x.text(name))
			scope := n.ChildByFieldName("scope")
			if scope == nil {
				reverse(parts)
				return parts, true
			}
			n = scope
		default:
			return nil, false
		}
	}
	return nil, false
}

func reverse(s []string) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// resolveConst turns a constant path into a reference, searching as Ruby
// does from the innermost enclosing module outwards: a constant the file
// defines there, then one a required file would define there (Utils in
// module Rack after require "rack/utils" is Rack::Utils); else the path
// is taken as top-level.
func (x *extractor) resolveConst(parts []string, abs bool) string {
	if len(parts) == 0 {
		return ""
	}
	written := strings.Join(parts, ".")
	if abs {
		return written
	}
	var nesting []string
	for i := len(x.stack) - 1; i >= 0; i-- {
		if x.stack[i].kind == fType {
			nesting = append(nesting, x.stack[i].qn)
		}
	}
	for _, p := range nesting {
		if _, ok := x.consts[p+"."+parts[0]]; ok {
			return p + "." + written
		}
	}
	if _, ok := x.consts[parts[0]]; ok {
		return written
	}
	for _, p := range nesting {
		if x.isLoaded(norm(p + "." + parts[0])) {
			return p + "." + written
		}
	}
	// A library's code names its siblings in its top module (Utils in
	// module Rack is Rack::Utils, wherever it was loaded from), while an
	// application's names its top-level models: under lib/, a lone name
	// that is not Ruby's own is taken in the outermost module. A path
	// (Rack::Request) starts at the top: it names another library.
	if len(nesting) > 0 && len(parts) == 1 && !rubyConstants[parts[0]] && x.underLib {
		outer := x.outerModule()
		if outer != "" && outer != parts[0] {
			return outer + "." + written
		}
	}
	return written
}

// outerModule is the first segment of the outermost enclosing module, or
// "" when the outermost definition is a class.
func (x *extractor) outerModule() string {
	for _, f := range x.stack {
		if f.kind == fType {
			if f.def.Kind != "module" {
				return ""
			}
			first, _, _ := strings.Cut(f.qn, ".")
			return first
		}
	}
	return ""
}

// isLoaded reports whether a required path defines the constant path c.
func (x *extractor) isLoaded(c string) bool {
	for _, l := range x.loaded {
		if l == c || strings.HasPrefix(l, c+"/") || strings.HasSuffix(l, "/"+c) || strings.Contains(l, "/"+c+"/") {
			return true
		}
		// rack/auth/abstract/request defines Rack::Auth::AbstractRequest.
		if i := strings.LastIndex(l, "/"); i > 0 && l[:i]+l[i+1:] == c {
			return true
		}
	}
	return false
}

// typeDef records a module or class and walks its body.
func (x *extractor) typeDef(n *sitter.Node, kindName string) {
	nameNode := n.ChildByFieldName("name")
	parts, _ := x.constParts(nameNode)
	if len(parts) == 0 || len(x.stack) > maxFrames {
		x.children(n)
		return
	}
	owner := ""
	if t := x.typeFrame(); t != nil {
		owner = t.qn
	}
	qn := join(owner, strings.Join(parts, "."))
	receiver := ""
	if i := strings.LastIndex(qn, "."); i >= 0 {
		receiver = qn[:i]
	}
	body := n.ChildByFieldName("body")
	header := n.EndByte()
	if body != nil {
		header = body.StartByte()
	}
	def := &sdk.Definition{
		Name:          parts[len(parts)-1],
		QualifiedName: qn,
		Kind:          kindName,
		Span:          treesitter.Span(n, n),
		Exported:      true,
		Receiver:      receiver,
		Signature:     oneLine(x.src[n.StartByte():header]),
	}
	def.Doc, def.DocStyle = x.doc(n)
	if sc := n.ChildByFieldName("superclass"); sc != nil {
		// The superclass is named in the enclosing scope.
		if p, abs := x.constParts(sc.NamedChild(0)); len(p) > 0 {
			def.Bases = append(def.Bases, x.resolveConst(p, abs))
		} else {
			x.visit(sc)
		}
	}
	x.facts.Definitions = append(x.facts.Definitions, def)
	f := &frame{kind: fType, qn: qn, def: def, locals: map[string]string{}, ivars: map[string]string{}}
	x.stack = append(x.stack, f)
	if body != nil {
		x.bodyOf(n, body)
	}
	x.stack = x.stack[:len(x.stack)-1]
	for _, a := range f.attrs {
		a.Type = f.ivars["@"+a.Name]
	}
	for _, iv := range sortedKeys(f.ivars) {
		if t := f.ivars[iv]; t != "" {
			def.Fields = append(def.Fields, &sdk.Field{Name: iv, Type: t})
		}
	}
}

// maxFrames bounds the nesting of definitions recorded: a generated file
// nesting thousands of modules would otherwise make names of quadratic
// total length. Deeper code is walked for calls only.
const maxFrames = 100

// bodyOf walks a class or module body; the grammar puts the comments
// between the header and the first statement in the class node, so they
// are that statement's lead.
func (x *extractor) bodyOf(n, body *sitter.Node) {
	var lead []*sitter.Node
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kComment && c.StartByte() < body.StartByte() && c.StartPoint().Row > n.StartPoint().Row {
			lead = append(lead, c)
		}
	})
	x.statements(body, lead)
}

// method records a method (or a top-level function) and walks its body;
// outer is the node its doc comment sits above (`private def x`).
func (x *extractor) method(n, outer *sitter.Node) {
	nameNode := n.ChildByFieldName("name")
	if nameNode == nil || len(x.stack) > maxFrames {
		x.children(n)
		return
	}
	name := x.text(nameNode)
	t := x.typeFrame()
	obj := n.ChildByFieldName("object")
	objConst := obj != nil && (x.g.Kind(obj) == kConstant || x.g.Kind(obj) == kScopeRes)
	if (t == nil && x.blocks > 0 && obj == nil) || (obj != nil && x.g.Kind(obj) != kSelf && !objConst) {
		// A def in a block outside any class (RSpec's describe, Class.new
		// do ... end) belongs to an object the block makes, and `def
		// obj.m` to that object: never to the global scope. No definition;
		// its calls are the enclosing code's.
		f := &frame{kind: fMethod, qn: x.caller(), name: name, locals: map[string]string{}}
		x.stack = append(x.stack, f)
		treesitter.EachNamedChild(n, func(c *sitter.Node) {
			if !c.Equal(nameNode) {
				x.visit(c)
			}
		})
		x.stack = x.stack[:len(x.stack)-1]
		return
	}
	owner := ""
	if obj := n.ChildByFieldName("object"); obj != nil && x.g.Kind(obj) != kSelf {
		// def Foo.bar: a method of Foo.
		if p, abs := x.constParts(obj); len(p) > 0 {
			owner = x.resolveConst(p, abs)
		}
	} else if t != nil {
		owner = t.qn
	}
	def := &sdk.Definition{
		Name:          name,
		QualifiedName: join(owner, name),
		Kind:          "function",
		Span:          treesitter.Span(outer, n),
		Exported:      t == nil || !t.private,
		Receiver:      owner,
		Complexity:    1,
	}
	if owner != "" {
		def.Kind = "method"
		if name == "initialize" && n.ChildByFieldName("object") == nil {
			def.Kind = "constructor"
		}
	}
	header := nameNode.EndByte()
	if p := n.ChildByFieldName("parameters"); p != nil {
		header = p.EndByte()
	}
	def.Signature = oneLine(x.src[n.StartByte():header])
	def.Doc, def.DocStyle = x.doc(outer)
	x.facts.Definitions = append(x.facts.Definitions, def)

	f := &frame{kind: fMethod, qn: def.QualifiedName, name: name, def: def, locals: map[string]string{}}
	for param, typ := range yardTypes(def.Doc, "@param") {
		if p := x.constRef(typ); p != "" {
			f.locals[param] = p
		}
	}
	if ret := yardTypes(def.Doc, "@return")[""]; ret != "" {
		def.Type = x.constRef(ret)
	}
	x.stack = append(x.stack, f)
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if !c.Equal(nameNode) && (obj == nil || !c.Equal(obj)) {
			x.visit(c)
		}
	})
	x.stack = x.stack[:len(x.stack)-1]
}

// constRef resolves a type written in a comment ("Rack::Request").
func (x *extractor) constRef(typ string) string {
	parts := strings.Split(strings.TrimPrefix(typ, "::"), "::")
	for _, p := range parts {
		if p == "" || p[0] < 'A' || p[0] > 'Z' {
			return ""
		}
	}
	return x.resolveConst(parts, strings.HasPrefix(typ, "::"))
}

// params declares a method's, block's or lambda's parameters as locals
// and walks their default values.
func (x *extractor) params(n *sitter.Node) {
	// A method's parameters keep the types YARD gave them; a block's
	// shadow the method's locals of the same name.
	declare := x.param
	if n.Type() != "method_parameters" {
		declare = func(name string) { x.local(name, "") }
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kIdentifier {
			declare(x.text(c))
			return
		}
		if name := c.ChildByFieldName("name"); name != nil && x.g.Kind(name) == kIdentifier {
			declare(x.text(name))
		} else {
			x.declare(c) // destructured parameters
		}
		if v := c.ChildByFieldName("value"); v != nil {
			x.visit(v)
		}
	})
}

// declare makes every identifier under n a local (assignment targets).
func (x *extractor) declare(n *sitter.Node) {
	if x.g.Kind(n) == kIdentifier {
		x.local(x.text(n), "")
		return
	}
	treesitter.EachNamedChild(n, x.declare)
}

// local declares name with its type; an assignment the plugin cannot type
// untypes it, a parameter keeps the type YARD gave it.
func (x *extractor) local(name, typ string) { x.top().locals[name] = typ }

func (x *extractor) param(name string) {
	f := x.top()
	if _, ok := f.locals[name]; !ok {
		f.locals[name] = ""
	}
}

func (x *extractor) isLocal(name string) (string, bool) {
	t, ok := x.top().locals[name]
	return t, ok
}

// assignment declares locals, types instance variables and records
// constants.
func (x *extractor) assignment(n *sitter.Node) {
	left, right := n.ChildByFieldName("left"), n.ChildByFieldName("right")
	if left == nil {
		x.children(n)
		return
	}
	typ := ""
	if right != nil {
		typ = x.exprType(right)
	}
	switch x.g.Kind(left) {
	case kIdentifier:
		x.local(x.text(left), typ)
	case kIvar:
		if t := x.typeFrame(); t != nil {
			if prev, ok := t.ivars[x.text(left)]; !ok || prev == "" {
				t.ivars[x.text(left)] = typ
			} else if typ != "" && prev != typ {
				t.ivars[x.text(left)] = "" // two types: unknown
			}
		}
	case kConstant:
		if x.methodFrame() == nil {
			x.constant(n, left, typ)
		}
	default:
		x.declareTargets(left)
	}
	if right != nil {
		x.visit(right)
	}
}

// declareTargets declares the plain names of a multiple assignment and
// walks the rest (a.b, x[i] are calls).
func (x *extractor) declareTargets(n *sitter.Node) {
	switch x.g.Kind(n) {
	case kIdentifier:
		x.local(x.text(n), "")
	case kCall, kIvar, kConstant, kScopeRes:
		x.visit(n)
	default:
		treesitter.EachNamedChild(n, x.declareTargets)
	}
}

func (x *extractor) constant(n, name *sitter.Node, typ string) {
	owner := ""
	if t := x.typeFrame(); t != nil {
		owner = t.qn
	}
	def := &sdk.Definition{
		Name:          x.text(name),
		QualifiedName: join(owner, x.text(name)),
		Kind:          "constant",
		Span:          treesitter.Span(n, n),
		Exported:      true,
		Receiver:      owner,
		Type:          typ,
	}
	def.Doc, def.DocStyle = x.doc(n)
	x.facts.Definitions = append(x.facts.Definitions, def)
}

// exprType is the type reference of an expression, when the file tells:
// Foo.new, a typed local, a class itself (`@tester = Faker::Omniauth`,
// whose calls are the class's own methods: faker's tests, all 300).
func (x *extractor) exprType(n *sitter.Node) string {
	switch x.g.Kind(n) {
	case kConstant, kScopeRes:
		if p, abs := x.constParts(n); len(p) > 0 {
			return x.resolveConst(p, abs)
		}
	case kCall:
		recv, m := n.ChildByFieldName("receiver"), n.ChildByFieldName("method")
		if m != nil && x.text(m) == "new" && (recv == nil || x.g.Kind(recv) == kSelf) {
			if t := x.typeFrame(); t != nil {
				return t.qn
			}
		}
		if m == nil || x.g.Kind(m) != kIdentifier {
			return ""
		}
		name := x.text(m)
		if recv == nil || x.g.Kind(recv) == kSelf {
			// A method of self: its result, which YARD's @return may type.
			if t := x.typeFrame(); t != nil {
				return t.qn + "." + name + "()"
			}
			return ""
		}
		if p, abs := x.constParts(recv); len(p) > 0 {
			ref := x.resolveConst(p, abs)
			if name == "new" || ref == "" {
				return ref
			}
			return ref + "." + name + "()" // Foo.create: its result
		}
	case kIdentifier:
		name := x.text(n)
		t, ok := x.isLocal(name)
		if ok {
			return t
		}
		if f := x.typeFrame(); f != nil {
			if name == "new" {
				return f.qn
			}
			if x.isAttr(f, name) {
				return f.qn + "." + name
			}
			return f.qn + "." + name + "()"
		}
	}
	return ""
}

// call handles a method call: its receiver decides the reference.
func (x *extractor) call(n *sitter.Node) {
	recv, m := n.ChildByFieldName("receiver"), n.ChildByFieldName("method")
	args, block := n.ChildByFieldName("arguments"), n.ChildByFieldName("block")
	walkRest := func() {
		if args != nil {
			x.visit(args)
		}
		if block != nil {
			x.visit(block)
		}
	}
	if m == nil {
		x.children(n)
		return
	}
	if x.g.Kind(m) == kSuper {
		x.super(m)
		walkRest()
		return
	}
	name := x.text(m)
	if recv == nil {
		if name == "raise" || name == "fail" {
			x.raise(args)
		}
		if x.declarative(n, name, args) {
			return
		}
		x.receiverless(m, name)
		walkRest()
		return
	}
	c := treesitter.CallAt(m, name, x.qualifier(recv), x.caller())
	switch x.g.Kind(recv) {
	case kSelf:
		if t := x.typeFrame(); t != nil {
			c.Receiver = t.qn
			if name == "new" && !x.methods[t.qn][name] {
				c = x.selfNew(c, t)
			}
		}
	case kConstant, kScopeRes:
		parts, abs := x.constParts(recv)
		ref := x.resolveConst(parts, abs)
		if ref == "" {
			break
		}
		c.Receiver = ref
		if name == "new" && !x.consts[ref] {
			x.construct(c)
		}
	case kIdentifier:
		id := x.text(recv)
		if t, ok := x.isLocal(id); ok {
			c.Receiver = t
			if t == "" {
				c.Receiver = "?" // a local the file does not type
			}
			break
		}
		// A method's result: an attribute has its field's type, new makes
		// an instance, another method's result may be typed by YARD.
		c.Receiver = x.exprType(recv)
		x.visit(recv)
	case kIvar:
		if t := x.typeFrame(); t != nil {
			c.Receiver = t.qn + "." + x.text(recv)
		}
	case kCall:
		// Foo.new.bar: an instance of Foo.
		c.Receiver = x.exprType(recv)
		x.visit(recv)
	default:
		x.visit(recv)
	}
	if x.g.Kind(recv) != kSelf {
		// A method of Ruby's collections and strings on a value (or a
		// constant holding one): the language's own unless the file
		// defines one of that name. A receiver the core can type, a class
		// of the repository, still takes the type's method.
		c.Builtin = coreMethods[name] && !x.definesMethod(name)
	}
	x.facts.Calls = append(x.facts.Calls, c)
	walkRest()
}

// definesMethod tells whether the file defines a method named name in any
// of its types or at top level.
func (x *extractor) definesMethod(name string) bool {
	for _, ms := range x.methods {
		if ms[name] {
			return true
		}
	}
	return false
}

// selfNew is `new` on the class itself: a constructor call of t.
func (x *extractor) selfNew(c *sdk.Call, t *frame) *sdk.Call {
	c.Receiver = t.qn
	if t.def.Kind == "module" {
		c.Name = "new" // a module's own new
		return c
	}
	x.construct(c)
	return c
}

// construct makes c, a call of new on the class c.Receiver, the call of
// the initialize Class#new runs: the class's own or an inherited one, none
// when only Object's would run. A module's new (Sinatra.new) is a method
// like any; a name the file does not define is taken for a class.
func (x *extractor) construct(c *sdk.Call) {
	c.Name = "initialize"
	c.Constructor = true
}

func (x *extractor) isAttr(t *frame, name string) bool {
	for _, a := range t.attrs {
		if a.Name == name {
			return true
		}
	}
	return false
}

// receiverless is a call without a receiver: a method of self, the
// enclosing type, unless the file defines it at top level only.
func (x *extractor) receiverless(m *sitter.Node, name string) {
	c := treesitter.CallAt(m, name, "", x.caller())
	t := x.typeFrame()
	ownTop := x.methods[""][name]
	if name == "new" && t != nil && !x.methods[t.qn][name] {
		x.facts.Calls = append(x.facts.Calls, x.selfNew(c, t))
		return
	}
	switch {
	case t != nil && x.methods[t.qn][name]:
		c.Receiver = t.qn
	case ownTop:
	case t != nil:
		c.Receiver = t.qn
		c.Builtin = kernel[name]
	default:
		c.Builtin = kernel[name]
	}
	x.facts.Calls = append(x.facts.Calls, c)
}

// bareCall is a lone identifier: a local variable, or else a call of a
// method without arguments.
func (x *extractor) bareCall(n *sitter.Node) {
	name := x.text(n)
	if _, ok := x.isLocal(name); ok {
		return
	}
	if name == "raise" || name == "fail" {
		x.raise(nil)
	}
	if t := x.typeFrame(); t != nil && x.methodFrame() == nil && !x.methods[t.qn][name] {
		switch name {
		case "private", "protected":
			t.private = true
			return
		case "public":
			t.private = false
			return
		}
	}
	x.receiverless(n, name)
}

// super calls the enclosing method's name in the bases of its type.
func (x *extractor) super(n *sitter.Node) {
	m, t := x.methodFrame(), x.typeFrame()
	if m == nil || t == nil {
		return
	}
	c := treesitter.CallAt(n, m.name, "super", x.caller())
	c.Receiver = "^" + t.qn
	if i := strings.LastIndex(t.qn, "."); i >= 0 {
		c.Receiver = t.qn[:i] + ".^" + t.qn[i+1:] // Shop.^Cart: Cart's bases
	}
	x.facts.Calls = append(x.facts.Calls, c)
}

// declarative handles the calls that declare: requires, attributes,
// mixins, visibility. It reports whether it handled n.
func (x *extractor) declarative(n *sitter.Node, name string, args *sitter.Node) bool {
	if spec, level := x.requireSpec(name, n); spec != "" {
		x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: spec, Level: level, Line: int32(n.StartPoint().Row) + 1})
		return true
	}
	t := x.typeFrame()
	if t == nil || x.methodFrame() != nil || x.methods[t.qn][name] {
		return false
	}
	switch name {
	case "attr_accessor", "attr_reader", "attr_writer", "attr":
		if args == nil {
			return true
		}
		treesitter.EachNamedChild(args, func(a *sitter.Node) {
			field := strings.Trim(strings.TrimPrefix(x.text(a), ":"), `"'`)
			if field == "" || strings.ContainsAny(field, " .#{") {
				return
			}
			def := &sdk.Definition{
				Name:          field,
				QualifiedName: t.qn + "." + field,
				Kind:          "field",
				Span:          treesitter.Span(n, n),
				Exported:      !t.private,
				Receiver:      t.qn,
			}
			def.Doc, def.DocStyle = x.doc(n)
			x.facts.Definitions = append(x.facts.Definitions, def)
			t.attrs = append(t.attrs, def)
		})
		return true
	case "include", "extend", "prepend":
		if args == nil {
			return true
		}
		treesitter.EachNamedChild(args, func(a *sitter.Node) {
			if p, abs := x.constParts(a); len(p) > 0 {
				t.def.Bases = append(t.def.Bases, x.resolveConst(p, abs))
			} else {
				x.visit(a)
			}
		})
		return true
	case "private", "protected", "public":
		if args == nil {
			t.private = name != "public"
			return true
		}
		treesitter.EachNamedChild(args, func(a *sitter.Node) {
			switch x.g.Kind(a) {
			case kMethod, kSingletonMethod:
				before := len(x.facts.Definitions)
				x.method(a, n)
				if len(x.facts.Definitions) > before {
					x.facts.Definitions[before].Exported = name == "public"
				}
			default:
				x.hide(t, strings.TrimPrefix(x.text(a), ":"), name != "public")
			}
		})
		return true
	}
	return false
}

// hide marks the methods of t named name private (`private :x`).
func (x *extractor) hide(t *frame, name string, hidden bool) {
	for _, d := range x.facts.Definitions {
		if d.Receiver == t.qn && d.Name == name && (d.Kind == "method" || d.Kind == "field") {
			d.Exported = !hidden
		}
	}
}

// requireSpec reads require, require_relative, load and autoload with a
// literal path; level is 1 for a path relative to the file.
func (x *extractor) requireSpec(name string, n *sitter.Node) (spec string, level int32) {
	arg := 0
	switch name {
	case "require", "load":
	case "require_relative":
		level = 1
	case "autoload":
		arg = 1
	default:
		return "", 0
	}
	args := n.ChildByFieldName("arguments")
	if args == nil || int(args.NamedChildCount()) <= arg {
		return "", 0
	}
	s := args.NamedChild(arg)
	if x.g.Kind(s) == kCall && level == 0 {
		// require File.expand_path('helper', __dir__): relative to the file.
		if rel, ok := x.expandPath(s); ok {
			return rel, 1
		}
	}
	return x.literal(s), level
}

// literal is a plain string literal's text, or "".
func (x *extractor) literal(s *sitter.Node) string {
	if x.g.Kind(s) != kString || s.NamedChildCount() != 1 || s.NamedChild(0).Type() != "string_content" {
		return ""
	}
	return x.text(s.NamedChild(0))
}

// expandPath reads File.expand_path('x', __dir__), File.expand_path('../x',
// __FILE__) and File.join(__dir__, 'x') as the path x relative to the
// file's directory.
func (x *extractor) expandPath(call *sitter.Node) (string, bool) {
	recv, method, args := call.ChildByFieldName("receiver"), call.ChildByFieldName("method"), call.ChildByFieldName("arguments")
	if recv == nil || method == nil || args == nil || x.text(recv) != "File" || args.NamedChildCount() != 2 {
		return "", false
	}
	first, second := args.NamedChild(0), args.NamedChild(1)
	switch x.text(method) {
	case "expand_path":
		rel := x.literal(first)
		switch x.text(second) {
		case "__dir__":
			return rel, rel != ""
		case "__FILE__":
			// Relative to the file itself: its first ".." is its directory.
			rel, ok := strings.CutPrefix(rel, "../")
			return rel, ok && rel != ""
		}
	case "join":
		rel := x.literal(second)
		return rel, x.text(first) == "__dir__" && rel != ""
	}
	return "", false
}

// qualifier renders a receiver as written, for display: "self", "Foo::Bar",
// "@client", "x.items".
func (x *extractor) qualifier(n *sitter.Node) string {
	switch x.g.Kind(n) {
	case kIdentifier, kConstant, kScopeRes, kSelf, kIvar:
		return oneLine(x.src[n.StartByte():n.EndByte()])
	case kCall:
		m := n.ChildByFieldName("method")
		if r := n.ChildByFieldName("receiver"); r != nil && m != nil {
			q := x.qualifier(r)
			if len(q) > 80 {
				return "?"
			}
			return q + "." + x.text(m)
		}
		if m != nil {
			return x.text(m)
		}
	}
	return "?"
}

// doc reads the # comments right above n, without a blank line between.
func (x *extractor) doc(n *sitter.Node) (string, string) {
	if x.leadNode == nil || len(x.lead) == 0 || !x.leadNode.Equal(n) {
		return "", ""
	}
	var lines []string
	row := n.StartPoint().Row
	for i := len(x.lead) - 1; i >= 0; i-- {
		p := x.lead[i]
		if p.EndPoint().Row+1 != row {
			break
		}
		t := x.text(p)
		if !strings.HasPrefix(t, "#") || magicComment(t) {
			break
		}
		lines = append(lines, t)
		row = p.StartPoint().Row
	}
	if len(lines) == 0 {
		return "", ""
	}
	reverse(lines)
	return cleanComment(lines)
}
