package cfamily

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// class is what the file tells of a class, struct or union: the members
// its body declares and the types of its fields. A class met only through
// an out-of-line definition (`void Foo::bar() {}`) has no body here.
type class struct {
	qn      string // its qualified name: the receiver of its members
	ref     string // how the file's scope names it: qn less the namespace
	body    bool   // its body is in this file
	bases   bool   // it names bases (members may be inherited)
	members map[string]bool
	fields  map[string]string // field name → type reference
	def     *sdk.Definition   // its definition, when its body is here
}

// function is the function body the walk is in.
type function struct {
	qn     string
	def    *sdk.Definition
	cls    *class            // the class of a method, nil for a free function
	locals map[string]string // parameters and locals → type reference ("" unknown)
}

// pending is a call whose receiver or builtin flag is settled once the
// whole file is known (a global declared after the function, a member
// defined further down).
type pending struct {
	call *sdk.Call
	cls  *class
	// head is a name the receiver starts from that is neither a local nor
	// this: a field of the class, a global, or (with headCall) a function
	// called for its result. tail is the rest of the reference.
	head     string
	headCall bool
	tail     string
	// bare: an unqualified call f(), to settle between the class's member,
	// the file's function and a builtin.
	bare bool
	// global: ::f(), the top level's f, never a member of the caller's
	// class.
	global bool
	std    bool // the receiver is of a standard-library type
}

// extractor walks one tree once, collecting the file's facts.
type extractor struct {
	d      Dialect
	cpp    bool
	src    []byte
	facts  *sdk.FileFacts
	g      *treesitter.Grammar[kind]
	syntax *treesitter.Syntax

	ns         []string // enclosing namespaces
	anonNS     int      // depth of anonymous namespaces: nothing inside is exported
	namespaces map[string]bool
	classes    map[string]*class // by qualified name
	clsStack   []*class
	access     []bool // per class body: members are public at this point
	fn         *function
	outer      *sitter.Node // a template declaration around the definition
	skipBodies bool         // a huge file: definitions only

	globals map[string]string // file-scope variables → type reference
	topDefs map[string]bool   // names the file declares at top level
	calls   []pending
	nsOf    map[*sdk.Definition]string
}

var syntaxC = treesitter.Syntax{Quotes: "\"'", LineComment: "//", BlockOpen: "/*", BlockClose: "*/", MaxLen: 240}

func newExtractor(d Dialect, src []byte, facts *sdk.FileFacts) *extractor {
	return &extractor{d: d, cpp: d == CPP, src: src, facts: facts, g: grammarOf(d), syntax: &syntaxC,
		namespaces: map[string]bool{}, classes: map[string]*class{}, globals: map[string]string{},
		topDefs: map[string]bool{}, nsOf: map[*sdk.Definition]string{}}
}

func (x *extractor) text(n *sitter.Node) string { return treesitter.Text(x.src, n) }

func (x *extractor) children(n *sitter.Node) { treesitter.EachNamedChild(n, x.visit) }

func (x *extractor) cls() *class {
	if len(x.clsStack) == 0 {
		return nil
	}
	return x.clsStack[len(x.clsStack)-1]
}

func (x *extractor) caller() string {
	if x.fn != nil {
		return x.fn.qn
	}
	return ""
}

func (x *extractor) visit(n *sitter.Node) {
	switch x.g.Kind(n) {
	case kLeaf, kComment, kIdentifier, kTypeIdentifier, kFieldIdentifier, kAccess, kFriend:
		return
	case kInclude:
		x.include(n)
		return
	case kDefine:
		x.define(n, false)
		return
	case kFunctionMacro:
		x.define(n, true)
		return
	case kFunctionDef:
		x.functionDef(n)
		return
	case kTemplate:
		x.template(n)
		return
	case kDeclaration, kFieldDeclaration:
		x.declaration(n)
		return
	case kTypeDefinition:
		x.typedef(n)
		return
	case kAliasDeclaration:
		x.alias(n)
		return
	case kStruct, kUnion, kClass, kEnum:
		x.typeSpecifier(n, "")
		return
	case kNamespace:
		x.namespace(n)
		return
	case kNamespaceAlias:
		if name := n.ChildByFieldName("name"); name != nil {
			x.namespaces[x.text(name)] = true
		}
		return
	case kUsing:
		x.using(n)
		return
	case kCall:
		x.call(n)
	case kNew:
		x.newExpr(n)
	case kForRange:
		x.forRange(n)
	case kCatchClause:
		x.branch()
		if p := n.ChildByFieldName("parameters"); p != nil {
			x.params(p)
		}
	case kIf, kFor, kWhile, kDo, kConditional:
		x.branch()
	case kCase:
		if n.ChildByFieldName("value") != nil { // not default:
			x.branch()
		}
	case kBinary:
		if op := n.ChildByFieldName("operator"); op != nil {
			if t := op.Type(); t == "&&" || t == "||" {
				x.branch()
			}
		}
	}
	x.children(n)
}

// branch counts a branch in the enclosing function's complexity.
func (x *extractor) branch() {
	if x.fn != nil && x.fn.def != nil {
		x.fn.def.Complexity++
	}
}

func (x *extractor) namespace(n *sitter.Node) {
	body := n.ChildByFieldName("body")
	if body == nil {
		return
	}
	name := n.ChildByFieldName("name")
	var segs []string
	if name != nil {
		segs = strings.Split(strings.ReplaceAll(strings.ReplaceAll(x.text(name), " ", ""), "::", "."), ".")
		for _, s := range segs {
			x.namespaces[s] = true
		}
	} else {
		x.anonNS++
	}
	saved := x.ns
	x.ns = append(append([]string(nil), x.ns...), segs...)
	x.children(body)
	x.ns = saved
	if name == nil {
		x.anonNS--
	}
}

// using records `using namespace X`: X's names are reached unqualified
// and a qualifier X:: names a namespace, not a type.
func (x *extractor) using(n *sitter.Node) {
	isNS := false
	for i := 0; i < int(n.ChildCount()); i++ {
		if c := n.Child(i); !c.IsNamed() && c.Type() == "namespace" {
			isNS = true
		}
	}
	if !isNS {
		return
	}
	if c := n.NamedChild(0); c != nil {
		for _, s := range strings.Split(pathOf(x.text(c)), ".") {
			x.namespaces[s] = true
		}
	}
}

func (x *extractor) template(n *sitter.Node) {
	saved := x.outer
	if x.outer == nil {
		x.outer = n
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kOther && c.Type() == "template_parameter_list" {
			return
		}
		x.visit(c)
	})
	x.outer = saved
}

// take returns the node a definition's span and doc start from: the
// template declaration around it, if any, consumed by this definition.
func (x *extractor) take(n *sitter.Node) *sitter.Node {
	if x.outer != nil {
		o := x.outer
		x.outer = nil
		return o
	}
	return n
}

func (x *extractor) include(n *sitter.Node) {
	p := n.ChildByFieldName("path")
	if p == nil {
		return
	}
	spec := ""
	switch p.Type() {
	case "string_literal":
		spec = strings.Trim(x.text(p), "\"")
	case "system_lib_string":
		spec = x.text(p)
	}
	if strings.TrimSpace(spec) == "" || strings.ContainsAny(spec, "\n") {
		return
	}
	x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: spec, Line: int32(n.StartPoint().Row) + 1})
}

// define records a macro: a function-like macro is a macro, an object-like
// one with a value a constant (include guards have none).
func (x *extractor) define(n *sitter.Node, function bool) {
	name := n.ChildByFieldName("name")
	if name == nil {
		return
	}
	k := "macro"
	value := n.ChildByFieldName("value")
	alias := ""
	if !function {
		if value == nil {
			return
		}
		k = "constant"
		// `#define s_malloc hi_malloc`: an alias of a function, called
		// through the macro.
		if v := strings.TrimSpace(x.text(value)); isIdentifier(v) && !isMacroName(v) {
			k, alias = "macro", v
		}
	}
	def := x.add(n, n, x.text(name), x.text(name), k)
	if ps := n.ChildByFieldName("parameters"); function && ps != nil {
		def.MinArguments, def.MaxArguments, _ = x.arity(ps)
	}
	if alias != "" {
		x.macroCall(alias, def.QualifiedName, value)
	} else if function && value != nil {
		x.macroBodyCalls(n, value, def.QualifiedName)
	}
	def.Exported = true
	if v := n.ChildByFieldName("value"); v != nil {
		def.Signature = x.syntax.OneLine(x.src[n.StartByte():v.StartByte()])
	} else {
		def.Signature = x.syntax.OneLine(x.src[n.StartByte():n.EndByte()])
	}
	x.topDefs[def.Name] = true
}

// add appends a definition spanning outer..n with its doc comment.
func (x *extractor) add(n, outer *sitter.Node, name, qn, k string) *sdk.Definition {
	def := &sdk.Definition{Name: name, QualifiedName: qn, Kind: k, Span: treesitter.Span(outer, n)}
	def.Doc, def.DocStyle = x.docAbove(outer)
	x.facts.Definitions = append(x.facts.Definitions, def)
	return def
}

// qualify joins the enclosing namespace or class with name.
func (x *extractor) qualify(name string) string {
	if c := x.cls(); c != nil {
		return c.qn + "." + name
	}
	if len(x.ns) == 0 || !x.cpp {
		return name
	}
	return strings.Join(x.ns, ".") + "." + name
}

// nested names a type written bare inside class c (or its methods) through
// c when c declares it: `CompactionStats stats_;` in DBImpl is the
// reference DBImpl.CompactionStats, since a nested type is no top-level
// name.
func (x *extractor) nested(t string, c *class) string {
	if c == nil || t == "" || strings.Contains(t, ".") {
		return t
	}
	if inner := x.classes[c.qn+"."+t]; inner != nil {
		return c.ref + "." + t
	}
	return t
}

// withNamespace qualifies a path written inside the current namespace,
// unless it is written from the namespace down already.
func (x *extractor) withNamespace(p string) string {
	ns := strings.Join(x.ns, ".")
	if ns == "" || p == ns || strings.HasPrefix(p, ns+".") {
		return p
	}
	return ns + "." + p
}

// localRef is how the file's scope names the definition qualified qn: its
// qualified name less the enclosing namespace.
func (x *extractor) localRef(qn string) string {
	if p := strings.Join(x.ns, "."); p != "" && strings.HasPrefix(qn, p+".") {
		return qn[len(p)+1:]
	}
	return qn
}

// exported reports whether a definition at this point is visible outside
// its file (C: not static) or its class (C++: public).
func (x *extractor) exported(static bool) bool {
	if len(x.access) > 0 {
		return x.access[len(x.access)-1]
	}
	return !static && x.anonNS == 0
}

// ---- types ----

// typeSpecifier defines a struct, union, class or enum that has a body;
// alias names an anonymous one (typedef struct {...} name). It returns the
// qualified name of the type, or "" when it defines none.
func (x *extractor) typeSpecifier(n *sitter.Node, alias string) string {
	body := n.ChildByFieldName("body")
	if body == nil {
		return ""
	}
	name, owner := alias, ""
	if nn := n.ChildByFieldName("name"); nn != nil {
		name = x.text(nn)
		switch x.g.Kind(nn) {
		case kQualified:
			// `struct Outer::Inner {...}`: a nested type defined outside.
			name = lastSegment(pathOf(name))
			owner = x.withNamespace(strings.Join(x.scopeSegments(nn), "."))
		case kTemplateType:
			name = lastSegment(pathOf(name))
		}
	}
	outer := x.take(n)
	k := x.g.Kind(n)
	if name == "" {
		// An anonymous type: its fields belong to the enclosing one, and
		// any calls in it to the enclosing scope.
		x.children(body)
		return ""
	}
	qn := x.qualify(name)
	if !x.cpp {
		qn = name // C has one tag namespace: nested structs are global
	}
	kindName := map[kind]string{kStruct: "struct", kUnion: "struct", kClass: "class", kEnum: "enum"}[k]
	var def *sdk.Definition
	if owner != "" && x.cpp && x.cls() == nil {
		qn = owner + "." + name
		def = x.add(n, outer, name, qn, kindName)
		def.Receiver = owner
		def.Exported = x.anonNS == 0
	} else if c := x.cls(); c != nil && x.cpp {
		def = x.add(n, outer, name, qn, kindName)
		def.Receiver = c.qn
		def.Exported = x.exported(false)
		c.members[name] = true
	} else {
		def = x.add(n, outer, name, qn, kindName)
		def.Exported = x.anonNS == 0
		x.topDefs[name] = true
		x.nsOf[def] = strings.Join(x.ns, ".")
	}
	def.Signature = x.syntax.OneLine(x.src[n.StartByte():body.StartByte()])
	if k == kEnum {
		return qn
	}
	c := x.classes[qn]
	if c == nil {
		c = &class{qn: qn, ref: x.localRef(qn), members: map[string]bool{}, fields: map[string]string{}}
		x.classes[qn] = c
	}
	c.body, c.def = true, def
	treesitter.EachNamedChild(n, func(b *sitter.Node) {
		if x.g.Kind(b) == kBaseClause {
			treesitter.EachNamedChild(b, func(t *sitter.Node) {
				if ref := x.typeRef(t); ref != "" {
					def.Bases = append(def.Bases, ref)
					c.bases = true
				}
			})
		}
	})
	x.clsStack = append(x.clsStack, c)
	x.access = append(x.access, k != kClass)
	savedFn := x.fn
	x.fn = nil // a class body inside a function is not the function's
	x.classBody(body, c, def)
	x.fn = savedFn
	x.access = x.access[:len(x.access)-1]
	x.clsStack = x.clsStack[:len(x.clsStack)-1]
	return qn
}

// classBody walks the members of a class, struct or union body.
func (x *extractor) classBody(body *sitter.Node, c *class, def *sdk.Definition) {
	treesitter.EachNamedChild(body, func(m *sitter.Node) {
		switch x.g.Kind(m) {
		case kAccess:
			t := strings.TrimSpace(x.text(m))
			x.access[len(x.access)-1] = strings.HasPrefix(t, "public")
		case kFieldDeclaration, kDeclaration:
			x.member(m, c, def)
		default:
			x.visit(m)
		}
	})
}

// member is a field declaration in a class body: methods declared there,
// or fields (several declarators may share one type).
func (x *extractor) member(n *sitter.Node, c *class, def *sdk.Definition) {
	typ := n.ChildByFieldName("type")
	if typ != nil && x.isTypeWithBody(typ) {
		x.typeSpecifier(typ, "")
	}
	decls := x.declarators(n)
	if len(decls) == 0 && typ != nil && x.isTypeWithBody(typ) && typ.ChildByFieldName("name") == nil {
		// An anonymous struct or union member: its fields are reached
		// through the enclosing type; typeSpecifier walked them already.
		return
	}
	for _, d := range decls {
		if fd, ok := x.functionDeclarator(d); ok {
			x.methodDeclaration(n, fd, c)
			continue
		}
		name := x.declaratorName(d)
		if name == "" {
			continue
		}
		t := ""
		if !x.isFunctionPointer(d) {
			t = x.nested(x.typeRef(typ), c)
		}
		c.fields[name] = t
		c.members[name] = true
		def.Fields = append(def.Fields, &sdk.Field{Name: name, Type: t})
		if v := d; x.g.Kind(v) == kInitDeclarator {
			if val := v.ChildByFieldName("value"); val != nil {
				x.visit(val)
			}
		}
	}
	if dv := n.ChildByFieldName("default_value"); dv != nil {
		x.visit(dv)
	}
}

// methodDeclaration records a method declared in a class body without a
// body of its own.
func (x *extractor) methodDeclaration(n, fd *sitter.Node, c *class) {
	nameNode := fd.ChildByFieldName("declarator")
	if nameNode == nil {
		return
	}
	name := x.callableName(nameNode)
	if name == "" || (n.ChildByFieldName("type") == nil && name != lastSegment(c.qn) && isMacroName(name)) {
		return // a macro invoked in the class body: DISALLOW_COPY(Foo)
	}
	outer := x.take(n)
	k := "method"
	if name == lastSegment(c.qn) {
		k = "constructor"
	}
	def := x.add(n, outer, name, c.qn+"."+name, k)
	def.Receiver = c.qn
	def.Declaration = true
	def.Exported = x.exported(false)
	def.Signature = strings.TrimSuffix(x.syntax.OneLine(x.src[n.StartByte():n.EndByte()]), ";")
	def.Abstract = x.hasChild(n, kPureVirtual) || x.hasChild(fd, kPureVirtual)
	def.MinArguments, def.MaxArguments, _ = x.arity(fd.ChildByFieldName("parameters"))
	def.Type = x.nested(x.typeRef(n.ChildByFieldName("type")), c)
	c.members[name] = true
}

func (x *extractor) hasChild(n *sitter.Node, k kind) bool {
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if x.g.Kind(n.NamedChild(i)) == k {
			return true
		}
	}
	return false
}

func (x *extractor) isTypeWithBody(t *sitter.Node) bool {
	switch x.g.Kind(t) {
	case kStruct, kUnion, kClass, kEnum:
		return t.ChildByFieldName("body") != nil
	}
	return false
}

// typedef defines each declared name as a type standing for the aliased
// one. The aliased type is also its base, so members are found through it.
func (x *extractor) typedef(n *sitter.Node) {
	typ := n.ChildByFieldName("type")
	decls := x.declarators(n)
	target := ""
	if typ != nil && x.isTypeWithBody(typ) {
		alias := ""
		if typ.ChildByFieldName("name") == nil && len(decls) > 0 {
			alias = x.declaratorName(decls[0])
			decls = decls[1:]
		}
		saved := x.outer
		x.outer = n
		if qn := x.typeSpecifier(typ, alias); qn != "" {
			target = x.localRef(qn)
		}
		x.outer = saved
	} else {
		target = x.typeRef(typ)
	}
	for _, d := range decls {
		name := x.declaratorName(d)
		if name == "" {
			continue
		}
		ref := target
		if x.isFunctionPointer(d) {
			ref = ""
		}
		x.typeAlias(n, name, ref)
	}
}

// alias is C++'s `using Name = Type;`.
func (x *extractor) alias(n *sitter.Node) {
	name := n.ChildByFieldName("name")
	if name == nil {
		return
	}
	x.typeAlias(n, x.text(name), x.typeRef(n.ChildByFieldName("type")))
}

func (x *extractor) typeAlias(n *sitter.Node, name, target string) {
	outer := x.take(n)
	def := x.add(n, outer, name, x.qualify(name), "type")
	def.Type = target
	if target != "" && !isStdRef(target) {
		def.Bases = []string{target}
	}
	def.Signature = strings.TrimSuffix(x.syntax.OneLine(x.src[n.StartByte():n.EndByte()]), ";")
	if c := x.cls(); c != nil && x.cpp {
		def.Receiver = c.qn
		def.Exported = x.exported(false)
		c.members[name] = true
		return
	}
	def.Exported = x.anonNS == 0
	x.topDefs[name] = true
	x.nsOf[def] = strings.Join(x.ns, ".")
}

// ---- functions ----

func (x *extractor) functionDef(n *sitter.Node) {
	outer := x.take(n)
	body := n.ChildByFieldName("body")
	fd, ok := x.functionDeclarator(n.ChildByFieldName("declarator"))
	if !ok {
		x.children(n)
		return
	}
	nameNode := fd.ChildByFieldName("declarator")
	if nameNode == nil {
		x.children(n)
		return
	}
	static := x.hasStorage(n, "static")
	def, cls := x.function(n, outer, nameNode, static)
	if def == nil {
		x.children(n)
		return
	}
	var defaults bool
	def.MinArguments, def.MaxArguments, defaults = x.arity(fd.ChildByFieldName("parameters"))
	if x.cpp && body != nil && !defaults && (x.g.Kind(nameNode) == kQualified || cls == nil) && !static && x.anonNS == 0 {
		// Declared elsewhere too, perhaps with default arguments, which a
		// definition does not repeat: how few it takes is unknown here.
		def.MinArguments = 0
	}
	if body == nil {
		// `= 0`, `= default`, `= delete`: declared, never defined here.
		def.Declaration = true
		def.Abstract = x.hasChild(n, kPureVirtual)
		def.Signature = strings.TrimSuffix(x.syntax.OneLine(x.src[n.StartByte():n.EndByte()]), ";")
		return
	}
	def.Signature = x.syntax.OneLine(x.src[n.StartByte():body.StartByte()])
	def.Complexity = 1
	def.Type = x.nested(x.typeRef(n.ChildByFieldName("type")), cls)
	if x.skipBodies {
		return
	}

	saved := x.fn
	x.fn = &function{qn: def.QualifiedName, def: def, cls: cls, locals: map[string]string{}}
	if p := fd.ChildByFieldName("parameters"); p != nil {
		x.params(p)
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kFieldInitializerList, kCompound:
			x.visit(c)
		case kOther:
			if c.Type() == "try_statement" || c.Type() == "function_try_block" {
				x.visit(c)
			}
		}
	})
	x.fn = saved
}

// function defines the function or method named by nameNode and returns
// its definition and, for a method, its class.
func (x *extractor) function(n, outer, nameNode *sitter.Node, static bool) (*sdk.Definition, *class) {
	c := x.cls()
	if x.g.Kind(nameNode) == kQualified && x.cpp {
		// An out-of-line definition: `void ns::Foo::bar() {}`.
		segs := x.scopeSegments(nameNode)
		name := x.callableName(lastQualifiedName(nameNode, x.g))
		if name == "" || len(segs) == 0 {
			return nil, nil
		}
		ownerQN := x.withNamespace(strings.Join(segs, "."))
		if x.namespaces[segs[len(segs)-1]] && x.classes[ownerQN] == nil {
			// A function of a namespace defined from outside it.
			def := x.add(n, outer, name, ownerQN+"."+name, "function")
			def.Exported = !static && x.anonNS == 0
			x.topDefs[name] = true
			x.nsOf[def] = ownerQN
			return def, nil
		}
		owner := x.classes[ownerQN]
		if owner == nil {
			owner = &class{qn: ownerQN, ref: x.localRef(ownerQN), members: map[string]bool{}, fields: map[string]string{}}
			x.classes[ownerQN] = owner
		}
		k := "method"
		if name == lastSegment(ownerQN) {
			k = "constructor"
		}
		def := x.add(n, outer, name, ownerQN+"."+name, k)
		def.Receiver = ownerQN
		def.Exported = !static && x.anonNS == 0
		owner.members[name] = true
		return def, owner
	}
	name := x.callableName(nameNode)
	if name == "" {
		return nil, nil
	}
	if m := x.macroDefinitionName(n, nameNode); m != "" {
		name = m
	}
	if c != nil && x.cpp {
		k := "method"
		if name == lastSegment(c.qn) {
			k = "constructor"
		}
		def := x.add(n, outer, name, c.qn+"."+name, k)
		def.Receiver = c.qn
		def.Exported = x.exported(false)
		c.members[name] = true
		return def, c
	}
	def := x.add(n, outer, name, x.qualify(name), "function")
	def.Exported = x.exported(static)
	x.topDefs[name] = true
	x.nsOf[def] = strings.Join(x.ns, ".")
	return def, nil
}

// params records a function's parameters as locals with their types.
func (x *extractor) params(list *sitter.Node) {
	if x.fn == nil {
		return
	}
	treesitter.EachNamedChild(list, func(p *sitter.Node) {
		switch x.g.Kind(p) {
		case kParameterDecl, kOptionalParameterDecl, kVariadicParameterDecl:
		default:
			return
		}
		d := p.ChildByFieldName("declarator")
		if d == nil {
			return
		}
		name := x.declaratorName(d)
		if name == "" {
			return
		}
		t := ""
		if !x.isFunctionPointer(d) {
			t = x.nested(x.typeRef(p.ChildByFieldName("type")), x.fn.cls)
		}
		x.fn.locals[name] = t
		if dv := p.ChildByFieldName("default_value"); dv != nil {
			x.visit(dv)
		}
	})
}

func (x *extractor) forRange(n *sitter.Node) {
	x.branch()
	if x.fn == nil {
		return
	}
	if d := n.ChildByFieldName("declarator"); d != nil {
		if name := x.declaratorName(d); name != "" {
			t := ""
			if typ := n.ChildByFieldName("type"); typ != nil && x.g.Kind(typ) != kPlaceholderType {
				t = x.typeRef(typ)
			}
			x.fn.locals[name] = t
		}
	}
}

// declaration is a declaration outside a class body: a prototype, an
// extern or a global variable at file scope, a local inside a function.
func (x *extractor) declaration(n *sitter.Node) {
	if c := x.cls(); c != nil && x.fn == nil {
		x.member(n, c, x.classDef(c))
		return
	}
	typ := n.ChildByFieldName("type")
	if typ != nil && x.isTypeWithBody(typ) {
		x.typeSpecifier(typ, "")
	}
	static := x.hasStorage(n, "static")
	extern := x.hasStorage(n, "extern") || x.inLinkage(n)
	for _, d := range x.declarators(n) {
		if x.fn != nil {
			x.local(d, typ)
			continue
		}
		if fd, ok := x.functionDeclarator(d); ok {
			x.prototype(n, fd, static)
			continue
		}
		name := x.declaratorName(d)
		if name == "" || x.g.Kind(x.innermost(d)) == kQualified {
			x.visitValue(d)
			continue
		}
		t := ""
		if !x.isFunctionPointer(d) {
			t = x.typeRef(typ)
		}
		x.globals[name] = t
		outer := x.take(n)
		def := x.add(n, outer, name, x.qualify(name), "variable")
		def.Type = t
		def.Exported = x.exported(static)
		def.Declaration = extern && x.g.Kind(d) != kInitDeclarator
		def.Signature = strings.TrimSuffix(x.syntax.OneLine(x.src[n.StartByte():n.EndByte()]), ";")
		if len(def.Signature) > 120 {
			def.Signature = x.syntax.OneLine(x.src[n.StartByte():d.EndByte()])
		}
		x.topDefs[name] = true
		x.nsOf[def] = strings.Join(x.ns, ".")
		x.visitValue(d)
	}
}

// inLinkage reports whether n sits in an `extern "C"` block.
func (x *extractor) inLinkage(n *sitter.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch x.g.Kind(p) {
		case kLinkage:
			return true
		case kDeclarationList:
			continue
		default:
			return false
		}
	}
	return false
}

func (x *extractor) classDef(c *class) *sdk.Definition {
	if c.def == nil {
		c.def = &sdk.Definition{} // fields of a body not seen go nowhere
	}
	return c.def
}

// prototype is a function declared without a body: the core sends calls on
// it to the definitions of the same qualified name.
func (x *extractor) prototype(n, fd *sitter.Node, static bool) {
	nameNode := fd.ChildByFieldName("declarator")
	if nameNode == nil {
		return
	}
	outer := x.take(n)
	def, _ := x.function(n, outer, nameNode, static)
	if def == nil {
		return
	}
	def.Declaration = true
	def.Type = x.typeRef(n.ChildByFieldName("type"))
	def.Signature = strings.TrimSuffix(x.syntax.OneLine(x.src[n.StartByte():n.EndByte()]), ";")
	def.MinArguments, def.MaxArguments, _ = x.arity(fd.ChildByFieldName("parameters"))
}

// local records a local variable and walks its initializer: `Foo x(1)`
// constructs a Foo, `auto x = new Foo()` is a Foo, `auto x = make()` is
// what make returns.
func (x *extractor) local(d, typ *sitter.Node) {
	name := x.declaratorName(d)
	t := ""
	if !x.isFunctionPointer(d) && typ != nil {
		if x.g.Kind(typ) == kPlaceholderType {
			if x.g.Kind(d) == kInitDeclarator {
				if v := d.ChildByFieldName("value"); v != nil {
					t = x.exprType(v).static()
				}
			}
		} else {
			t = x.nested(x.typeRef(typ), x.fn.cls)
		}
	}
	if name != "" {
		x.fn.locals[name] = t
	}
	if x.g.Kind(d) == kInitDeclarator && x.cpp && typ != nil {
		if v := d.ChildByFieldName("value"); v != nil {
			if k := x.g.Kind(v); (k == kArgumentList || k == kInitializerList) && t != "" && !isStdRef(t) && x.g.Kind(typ) != kPrimitiveType {
				call := treesitter.CallAt(typ, lastSegment(t), qualifierOf(t), x.caller())
				call.Constructor = true
				call.Arguments = x.arguments(v)
				x.facts.Calls = append(x.facts.Calls, call)
			}
		}
	}
	x.visitValue(d)
}

func (x *extractor) visitValue(d *sitter.Node) {
	if x.g.Kind(d) == kInitDeclarator {
		if v := d.ChildByFieldName("value"); v != nil {
			x.visit(v)
		}
	}
}

func (x *extractor) hasStorage(n *sitter.Node, word string) bool {
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if c := n.NamedChild(i); x.g.Kind(c) == kStorageClass && x.text(c) == word {
			return true
		}
	}
	return false
}

// declarators returns the declarator children of a declaration.
func (x *extractor) declarators(n *sitter.Node) []*sitter.Node {
	var out []*sitter.Node
	for i := 0; i < int(n.ChildCount()); i++ {
		if n.FieldNameForChild(i) == "declarator" {
			out = append(out, n.Child(i))
		}
	}
	return out
}

// functionDeclarator finds the function declarator a declarator declares
// a function with (through pointers and references to its result), or
// reports false for anything else, function pointers included.
func (x *extractor) functionDeclarator(d *sitter.Node) (*sitter.Node, bool) {
	for depth := 0; d != nil && depth < 16; depth++ {
		switch x.g.Kind(d) {
		case kFunctionDeclarator:
			inner := d.ChildByFieldName("declarator")
			for inner != nil && x.g.Kind(inner) == kParenDeclarator {
				inner = inner.NamedChild(0)
			}
			if inner == nil || x.g.Kind(inner) == kPointerDeclarator || x.g.Kind(inner) == kReferenceDeclarator {
				return nil, false
			}
			return d, true
		case kPointerDeclarator, kReferenceDeclarator:
			d = d.ChildByFieldName("declarator")
			if d == nil {
				return nil, false
			}
			if x.g.Kind(d) != kFunctionDeclarator && x.g.Kind(d) != kPointerDeclarator && x.g.Kind(d) != kReferenceDeclarator {
				// reference_declarator keeps its inner one unnamed
				return nil, false
			}
		default:
			if x.g.Kind(d) == kReferenceDeclarator {
				d = d.NamedChild(0)
				continue
			}
			return nil, false
		}
	}
	return nil, false
}

// innermost returns the name node a declarator declares.
func (x *extractor) innermost(d *sitter.Node) *sitter.Node {
	for depth := 0; d != nil && depth < 32; depth++ {
		switch x.g.Kind(d) {
		case kInitDeclarator, kPointerDeclarator, kArrayDeclarator, kFunctionDeclarator:
			next := d.ChildByFieldName("declarator")
			if next == nil {
				return nil
			}
			d = next
		case kReferenceDeclarator, kParenDeclarator:
			next := d.ChildByFieldName("declarator")
			if next == nil {
				next = d.NamedChild(0)
			}
			d = next
		default:
			return d
		}
	}
	return nil
}

func (x *extractor) declaratorName(d *sitter.Node) string {
	n := x.innermost(d)
	if n == nil {
		return ""
	}
	switch x.g.Kind(n) {
	case kIdentifier, kFieldIdentifier, kTypeIdentifier:
		return x.text(n)
	}
	return ""
}

// isFunctionPointer reports whether a declarator declares a pointer to a
// function rather than a value of the declaration's type.
func (x *extractor) isFunctionPointer(d *sitter.Node) bool {
	for depth := 0; d != nil && depth < 32; depth++ {
		switch x.g.Kind(d) {
		case kFunctionDeclarator:
			return true
		case kInitDeclarator, kPointerDeclarator, kArrayDeclarator:
			d = d.ChildByFieldName("declarator")
		case kReferenceDeclarator, kParenDeclarator:
			next := d.ChildByFieldName("declarator")
			if next == nil {
				next = d.NamedChild(0)
			}
			d = next
		default:
			return false
		}
	}
	return false
}

// callableName is the name a function declarator's name node gives:
// `f`, `~Foo`, `operator==`; "" for anything else.
func (x *extractor) callableName(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	switch x.g.Kind(n) {
	case kIdentifier, kFieldIdentifier, kTypeIdentifier:
		return x.text(n)
	case kDestructorName, kOperatorName:
		return strings.Join(strings.Fields(x.text(n)), "")
	case kTemplateFunction:
		return x.callableName(n.ChildByFieldName("name"))
	case kQualified:
		return x.callableName(lastQualifiedName(n, x.g))
	}
	return ""
}

// lastQualifiedName descends a qualified identifier to its final name.
func lastQualifiedName(n *sitter.Node, g *treesitter.Grammar[kind]) *sitter.Node {
	for depth := 0; n != nil && g.Kind(n) == kQualified && depth < 32; depth++ {
		n = n.ChildByFieldName("name")
	}
	return n
}

// scopeSegments returns the scopes a qualified identifier names, template
// arguments dropped: `ns::Foo<T>::bar` gives [ns Foo].
func (x *extractor) scopeSegments(n *sitter.Node) []string {
	var segs []string
	for depth := 0; n != nil && x.g.Kind(n) == kQualified && depth < 32; depth++ {
		if s := n.ChildByFieldName("scope"); s != nil {
			segs = append(segs, lastSegment(pathOf(x.text(s))))
		}
		n = n.ChildByFieldName("name")
	}
	return segs
}

// macroDefinitionName names a function defined through a test macro,
// `TEST_F(DBTest, Empty) {...}`, by the macro and its arguments, so the
// tests of a file are told apart; "" for an ordinary function.
func (x *extractor) macroDefinitionName(n, nameNode *sitter.Node) string {
	if n.ChildByFieldName("type") != nil || x.g.Kind(nameNode) != kIdentifier {
		return ""
	}
	name := x.text(nameNode)
	if !isMacroName(name) {
		return ""
	}
	params := nameNode.Parent().ChildByFieldName("parameters")
	if params == nil || params.NamedChildCount() == 0 {
		return ""
	}
	var args []string
	for i := 0; i < int(params.NamedChildCount()); i++ {
		p := params.NamedChild(i)
		if x.g.Kind(p) != kParameterDecl || p.ChildByFieldName("declarator") != nil {
			return ""
		}
		args = append(args, x.text(p))
	}
	return name + "(" + strings.Join(args, ",") + ")"
}

// isMacroName reports whether name is written like a macro: capitals,
// digits and underscores, with at least one capital.
func isMacroName(name string) bool {
	caps := false
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= 'A' && c <= 'Z':
			caps = true
		case c >= '0' && c <= '9' || c == '_':
		default:
			return false
		}
	}
	return caps
}

func isIdentifier(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// macroKeywords are words followed by a parenthesis in macro bodies that
// call nothing.
var macroKeywords = setOf(`if while for switch return sizeof do defined typeof __typeof__ alignof _Alignof
__attribute__ __builtin_expect __extension__ decltype static_assert _Static_assert catch`)

// macroBodyCalls records the calls a function-like macro's body makes,
// read from its text (the grammar leaves a macro body unparsed): a name
// followed by "(" that is neither a keyword, a parameter, nor pasted with
// ## or stringified with #.
func (x *extractor) macroBodyCalls(n, value *sitter.Node, caller string) {
	params := map[string]bool{}
	if p := n.ChildByFieldName("parameters"); p != nil {
		treesitter.EachNamedChild(p, func(c *sitter.Node) { params[x.text(c)] = true })
	}
	body := x.src[value.StartByte():value.EndByte()]
	line := int32(value.StartPoint().Row) + 1
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '\n':
			line++
		case c == '"' || c == '\'':
			for i++; i < len(body) && body[i] != c; i++ {
				if body[i] == '\\' {
					i++
				}
			}
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(body) && (body[j] == '_' || body[j] >= 'a' && body[j] <= 'z' || body[j] >= 'A' && body[j] <= 'Z' || body[j] >= '0' && body[j] <= '9') {
				j++
			}
			name := string(body[i:j])
			k := j
			for k < len(body) && (body[k] == ' ' || body[k] == '\t') {
				k++
			}
			pasted := (i > 0 && body[i-1] == '#') || (k+1 < len(body) && body[k] == '#' && body[k+1] == '#')
			if k < len(body) && body[k] == '(' && !pasted && !params[name] && !macroKeywords[name] &&
				(i == 0 || (body[i-1] != '.' && !(i > 1 && body[i-2] == '-' && body[i-1] == '>'))) {
				call := &sdk.Call{Name: name, Caller: caller, Line: line}
				x.facts.Calls = append(x.facts.Calls, call)
				x.calls = append(x.calls, pending{call: call, bare: true})
			}
			i = j - 1
		}
	}
}

// macroCall records the call an alias macro stands for.
func (x *extractor) macroCall(name, caller string, at *sitter.Node) {
	call := &sdk.Call{Name: name, Caller: caller, Line: int32(at.StartPoint().Row) + 1}
	x.facts.Calls = append(x.facts.Calls, call)
	x.calls = append(x.calls, pending{call: call, bare: true})
}

// arity is how many arguments a parameter list takes, each plus one as
// Definition.min_arguments and max_arguments want them, and whether a
// parameter has a default value (which lowers the minimum). `(void)` takes
// none; `...` and a parameter pack any number.
func (x *extractor) arity(list *sitter.Node) (lo, hi int32, defaults bool) {
	if list == nil || (!x.cpp && list.NamedChildCount() == 0 && list.Type() == "parameter_list") {
		return 0, 0, false // in C, `f()` says nothing of its arguments
	}
	var required, all int32
	variadic := false
	for i := 0; i < int(list.ChildCount()); i++ {
		p := list.Child(i)
		if !p.IsNamed() || p.Type() == "variadic_parameter" {
			variadic = variadic || p.Type() == "..." || p.Type() == "variadic_parameter"
			continue
		}
		switch x.g.Kind(p) {
		case kParameterDecl:
			if p.ChildByFieldName("declarator") == nil && strings.TrimSpace(x.text(p)) == "void" {
				continue
			}
			required++
			all++
		case kOptionalParameterDecl:
			all++
			defaults = true
		case kVariadicParameterDecl:
			variadic = true
		case kIdentifier: // a function-like macro's parameter
			required++
			all++
		}
	}
	if variadic {
		return required + 1, 0, defaults
	}
	return required + 1, all + 1, defaults
}

// arguments counts the arguments of a call's argument or initializer
// list, plus one as Call.arguments wants them (none without a list).
func (x *extractor) arguments(list *sitter.Node) int32 {
	if list == nil {
		return 1
	}
	if k := x.g.Kind(list); k != kArgumentList && k != kInitializerList {
		return 0
	}
	n := int32(1)
	treesitter.EachNamedChild(list, func(c *sitter.Node) {
		if x.g.Kind(c) != kComment {
			n++
		}
	})
	return n
}
