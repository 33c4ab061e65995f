package php

import (
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	tsphp "github.com/smacker/go-tree-sitter/php"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// kind is what the extractor needs to know about a node type, looked up
// by the node's symbol; kOther, the zero kind, is every other type.
type kind uint8

const (
	kOther kind = iota
	kLeaf
	kComment
	kNamespace
	kUseDecl
	kClass
	kInterface
	kTrait
	kEnum
	kFunction
	kMethod
	kProperty
	kConst
	kEnumCase
	kTraitUse
	kFuncCall
	kMemberCall
	kScopedCall
	kNew
	kAssign
	kVariable
	kMemberAccess
	kParen
	kName
	kQualifiedName
	kRelativeScope
	kNamedType
	kOptionalType
	kUnionType
	kPrimitiveType
	kParams
	kParam
	kPromoted
	kCatch
	kBranch
	kBinary
	kInclude
	kString
	kCompound
	kDeclList
	kBaseClause
	kInterfaceClause
	kVisibility
	kAbstract
	kStatic
	kClosure
)

var kindNames = map[string]kind{
	"integer":                                kLeaf,
	"float":                                  kLeaf,
	"boolean":                                kLeaf,
	"null":                                   kLeaf,
	"text":                                   kLeaf,
	"php_tag":                                kLeaf,
	"text_interpolation":                     kLeaf,
	"string_content":                         kLeaf,
	"escape_sequence":                        kLeaf,
	"comment":                                kComment,
	"namespace_definition":                   kNamespace,
	"namespace_use_declaration":              kUseDecl,
	"class_declaration":                      kClass,
	"interface_declaration":                  kInterface,
	"trait_declaration":                      kTrait,
	"enum_declaration":                       kEnum,
	"function_definition":                    kFunction,
	"method_declaration":                     kMethod,
	"property_declaration":                   kProperty,
	"const_declaration":                      kConst,
	"enum_case":                              kEnumCase,
	"use_declaration":                        kTraitUse,
	"function_call_expression":               kFuncCall,
	"member_call_expression":                 kMemberCall,
	"nullsafe_member_call_expression":        kMemberCall,
	"scoped_call_expression":                 kScopedCall,
	"object_creation_expression":             kNew,
	"assignment_expression":                  kAssign,
	"variable_name":                          kVariable,
	"member_access_expression":               kMemberAccess,
	"nullsafe_member_access_expression":      kMemberAccess,
	"parenthesized_expression":               kParen,
	"name":                                   kName,
	"qualified_name":                         kQualifiedName,
	"relative_scope":                         kRelativeScope,
	"named_type":                             kNamedType,
	"optional_type":                          kOptionalType,
	"union_type":                             kUnionType,
	"primitive_type":                         kPrimitiveType,
	"formal_parameters":                      kParams,
	"simple_parameter":                       kParam,
	"variadic_parameter":                     kParam,
	"property_promotion_parameter":           kPromoted,
	"catch_clause":                           kCatch,
	"if_statement":                           kBranch,
	"else_if_clause":                         kBranch,
	"while_statement":                        kBranch,
	"do_statement":                           kBranch,
	"for_statement":                          kBranch,
	"foreach_statement":                      kBranch,
	"case_statement":                         kBranch,
	"conditional_expression":                 kBranch,
	"match_conditional_expression":           kBranch,
	"binary_expression":                      kBinary,
	"include_expression":                     kInclude,
	"include_once_expression":                kInclude,
	"require_expression":                     kInclude,
	"require_once_expression":                kInclude,
	"string":                                 kString,
	"encapsed_string":                        kString,
	"compound_statement":                     kCompound,
	"declaration_list":                       kDeclList,
	"enum_declaration_list":                  kDeclList,
	"base_clause":                            kBaseClause,
	"class_interface_clause":                 kInterfaceClause,
	"visibility_modifier":                    kVisibility,
	"abstract_modifier":                      kAbstract,
	"static_modifier":                        kStatic,
	"anonymous_function_creation_expression": kClosure,
	"arrow_function":                         kClosure,
}

var grammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
	return treesitter.NewGrammar(tsphp.GetLanguage(), kindNames, nil)
})

type frameKind uint8

const (
	fTop frameKind = iota
	fType
	fFunc
)

type frame struct {
	kind   frameKind
	qn     string
	def    *sdk.Definition
	locals map[string]string // "$x" → type reference
	// declared: locals a @var comment types, which an assignment the
	// plugin cannot type does not untype.
	declared map[string]bool
	// Types only: the declared fields (name without $ → type reference).
	fields map[string]string
}

type extractor struct {
	src   []byte
	facts *sdk.FileFacts
	g     *treesitter.Grammar[kind]
	ns    string // the namespace being walked, "" for the global one
	// uses maps a name a use statement binds (its alias, or its last
	// segment) to the full name; refName to the name the core knows it by
	// (an import's Names hold the imported name, never the alias).
	uses, fnUses map[string]string
	refName      map[string]string
	// imported maps an imported name to its full name, for conflicts;
	// added the imports the plugin adds for qualified names, by their
	// short name; bare the class names the file writes unqualified
	// without a use, which in a namespace name that namespace's class.
	imported map[string]string
	added    map[string]*sdk.Import
	bare     map[string]bool
	// defined: the file's own classes and functions.
	defined map[string]bool
	stack   []*frame
	anon    int // inside anonymous classes
	// lead holds the comments right above leadNode (see doc).
	lead     []*sitter.Node
	leadNode *sitter.Node
}

func newExtractor(src []byte, facts *sdk.FileFacts) *extractor {
	return &extractor{src: src, facts: facts, g: grammar(), uses: map[string]string{}, fnUses: map[string]string{},
		refName: map[string]string{}, imported: map[string]string{}, defined: map[string]bool{},
		added: map[string]*sdk.Import{}, bare: map[string]bool{}}
}

func (x *extractor) run(root *sitter.Node) {
	x.prepass(root, 0)
	x.stack = []*frame{{kind: fTop, locals: map[string]string{}}}
	x.children(root)
	x.dropShadowed()
}

// dropShadowed removes an import the plugin added for a qualified name
// whose short name the file also writes bare for its own namespace's
// class: PHPMailer's `catch (\Exception $e)` would bind Exception to the
// global class in a file whose twenty `new Exception` are
// PHPMailer\PHPMailer\Exception. The qualified uses lose their binding,
// which a global class outside the repository never had.
func (x *extractor) dropShadowed() {
	if x.ns == "" {
		return
	}
	drop := map[*sdk.Import]bool{}
	for short, imp := range x.added {
		if x.bare[short] && imp.GetSpec() != join(x.ns, short) {
			drop[imp] = true
		}
	}
	if len(drop) == 0 {
		return
	}
	kept := x.facts.Imports[:0]
	for _, imp := range x.facts.Imports {
		if !drop[imp] {
			kept = append(kept, imp)
		}
	}
	x.facts.Imports = kept
}

func (x *extractor) text(n *sitter.Node) string { return treesitter.Text(x.src, n) }

func (x *extractor) top() *frame { return x.stack[len(x.stack)-1] }

func (x *extractor) typeFrame() *frame {
	for i := len(x.stack) - 1; i >= 0; i-- {
		if x.stack[i].kind == fType {
			return x.stack[i]
		}
	}
	return nil
}

func (x *extractor) funcFrame() *frame {
	for i := len(x.stack) - 1; i >= 0; i-- {
		if x.stack[i].kind == fFunc {
			return x.stack[i]
		}
	}
	return nil
}

func (x *extractor) caller() string { return x.top().qn }

// funcDef is the function the walk is in, which counts the branches of
// the closures and anonymous classes inside it.
func (x *extractor) funcDef() *sdk.Definition {
	if f := x.funcFrame(); f != nil {
		return f.def
	}
	return nil
}

// maxFrames bounds the nesting of definitions recorded (closures in
// closures in generated code); deeper code is walked for calls only.
const maxFrames = 100

// prepass records the classes and functions the file defines, so that a
// use before the definition is known as the file's own.
func (x *extractor) prepass(n *sitter.Node, depth int) {
	if depth > 4 {
		return
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kClass, kInterface, kTrait, kEnum, kFunction:
			if name := c.ChildByFieldName("name"); name != nil {
				x.defined[x.text(name)] = true
			}
		case kNamespace, kCompound:
			x.prepass(c, depth+1)
		}
	})
}

// children visits n's named children, noting for each the comments right
// above it (its doc).
func (x *extractor) children(n *sitter.Node) {
	lastRow := -1
	var pending []*sitter.Node
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kComment {
			if int(c.StartPoint().Row) != lastRow {
				pending = append(pending, c)
			}
			return
		}
		x.lead, x.leadNode = pending, c
		if len(pending) > 0 {
			x.inlineVar(pending[len(pending)-1])
		}
		pending = nil
		lastRow = int(c.EndPoint().Row)
		x.visit(c)
	})
}

// inlineVar types a local from `/** @var Foo $x */` above a statement.
func (x *extractor) inlineVar(c *sitter.Node) {
	t := x.text(c)
	if !strings.HasPrefix(t, "/**") || !strings.Contains(t, "@var") {
		return
	}
	for _, m := range inlineVarTag.FindAllStringSubmatch(cleanDocBlock(t), -1) {
		if ref := x.docTypeRef(m[1]); ref != "" {
			f := x.top()
			f.locals[m[2]] = ref
			if f.declared == nil {
				f.declared = map[string]bool{}
			}
			f.declared[m[2]] = true
		}
	}
}

func (x *extractor) visit(n *sitter.Node) {
	switch x.g.Kind(n) {
	case kLeaf, kComment, kName, kQualifiedName, kPrimitiveType, kNamedType, kVisibility:
		return
	case kNamespace:
		x.namespace(n)
		return
	case kUseDecl:
		x.useDecl(n)
		return
	case kClass:
		x.typeDef(n, "class")
		return
	case kInterface:
		x.typeDef(n, "interface")
		return
	case kTrait:
		x.typeDef(n, "trait")
		return
	case kEnum:
		x.typeDef(n, "enum")
		return
	case kFunction, kMethod:
		x.function(n)
		return
	case kProperty:
		if x.anon == 0 {
			x.property(n)
		}
		return
	case kConst, kEnumCase:
		if x.anon == 0 {
			x.constant(n)
		}
		return
	case kTraitUse:
		if t := x.typeFrame(); t != nil && x.top() == t {
			treesitter.EachNamedChild(n, func(c *sitter.Node) {
				if k := x.g.Kind(c); k == kName || k == kQualifiedName {
					if ref := x.classRef(x.text(c)); ref != "" {
						t.def.Bases = append(t.def.Bases, ref)
					}
				}
			})
		}
		return
	case kFuncCall:
		x.funcCall(n)
	case kMemberCall:
		x.memberCall(n)
	case kScopedCall:
		x.scopedCall(n)
	case kNew:
		x.newCall(n)
		if n.NamedChildCount() > 0 && x.g.Kind(n.NamedChild(int(n.NamedChildCount())-1)) == kDeclList {
			// An anonymous class: its methods' calls are the enclosing
			// definition's, its members nobody's.
			x.anon++
			x.children(n)
			x.anon--
			return
		}
	case kAssign:
		x.assign(n)
	case kCatch:
		x.count()
		if t, v := n.ChildByFieldName("type"), n.ChildByFieldName("name"); t != nil && v != nil && t.NamedChildCount() == 1 {
			x.top().locals[x.text(v)] = x.typeRef(t.NamedChild(0))
		}
	case kParams:
		x.params(n, false)
		return
	case kInclude:
		x.include(n)
	case kBranch:
		x.count()
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

func (x *extractor) count() {
	if f := x.funcFrame(); f != nil && f.def != nil {
		f.def.Complexity++
	}
}

// namespace sets the namespace of what follows (`namespace A;`) or of its
// block (`namespace A { }`). The file's namespace is the first it declares.
func (x *extractor) namespace(n *sitter.Node) {
	ns := ""
	if name := n.ChildByFieldName("name"); name != nil {
		ns = strings.Join(strings.Fields(x.text(name)), "")
	}
	if x.facts.Namespace == globalNamespace && ns != "" {
		x.facts.Namespace = ns
	}
	body := n.ChildByFieldName("body")
	if body == nil {
		x.ns = ns
		return
	}
	prev := x.ns
	x.ns = ns
	x.children(body)
	x.ns = prev
}

// useDecl records `use A\B;`, `use A\B as C;`, `use A\{B, C as D};`,
// `use function A\f;` and `use const A\X;`.
func (x *extractor) useDecl(n *sitter.Node) {
	fn := false
	prefix := ""
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		if !c.IsNamed() {
			switch c.Type() {
			case "function", "const":
				fn = true
			}
			continue
		}
		switch c.Type() {
		case "namespace_name":
			prefix = x.text(c)
		case "namespace_use_clause":
			x.useClause(n, c, "", fn)
		case "namespace_use_group":
			treesitter.EachNamedChild(c, func(g *sitter.Node) {
				gfn := fn
				for j := 0; j < int(g.ChildCount()); j++ {
					if t := g.Child(j).Type(); t == "function" || t == "const" {
						gfn = true
					}
				}
				x.useClause(n, g, prefix, gfn)
			})
		}
	}
}

func (x *extractor) useClause(decl, c *sitter.Node, prefix string, fn bool) {
	full, alias := "", ""
	treesitter.EachNamedChild(c, func(p *sitter.Node) {
		switch p.Type() {
		case "namespace_aliasing_clause":
			if p.NamedChildCount() > 0 {
				alias = x.text(p.NamedChild(0))
			}
		case "name", "qualified_name", "namespace_name":
			full = x.text(p)
		}
	})
	full = strings.TrimPrefix(strings.Join(strings.Fields(full), ""), `\`)
	if prefix != "" {
		full = strings.TrimPrefix(strings.Join(strings.Fields(prefix), ""), `\`) + `\` + full
	}
	if full == "" {
		return
	}
	short := lastSegment(full)
	if alias == "" {
		alias = short
	}
	if fn {
		x.fnUses[alias] = full
	} else {
		x.uses[alias] = full
	}
	imp := &sdk.Import{Spec: full, Line: int32(decl.StartPoint().Row) + 1}
	if prev, ok := x.imported[short]; !ok || prev == full {
		// The core binds the imported name; an alias is used through it.
		x.imported[short] = full
		x.refName[alias] = short
		imp.Names = []string{short}
	}
	x.facts.Imports = append(x.facts.Imports, imp)
}

func lastSegment(full string) string {
	if i := strings.LastIndex(full, `\`); i >= 0 {
		return full[i+1:]
	}
	return full
}

// classRef is the reference of a class name as written, in the file's
// scope: an imported name by the name its import binds, a name of the
// file's namespace as it is, a qualified name through an import the
// plugin adds for it. "" when it cannot be told apart from another.
func (x *extractor) classRef(name string) string {
	name = strings.Join(strings.Fields(name), "")
	switch strings.ToLower(name) {
	case "self", "static", "$this":
		if t := x.typeFrame(); t != nil {
			return t.qn
		}
		return ""
	case "parent":
		if t := x.typeFrame(); t != nil {
			return "^" + t.qn
		}
		return ""
	case "":
		return ""
	}
	if _, used := x.uses[name]; !used && !strings.Contains(name, `\`) {
		x.bare[name] = true
	}
	return x.nameRef(name, x.uses)
}

// nameRef resolves a class or function name against the file's uses.
func (x *extractor) nameRef(name string, uses map[string]string) string {
	if strings.HasPrefix(name, `\`) {
		return x.bindFull(name[1:])
	}
	if i := strings.Index(name, `\`); i >= 0 {
		first, rest := name[:i], name[i+1:]
		if strings.EqualFold(first, "namespace") {
			return x.bindFull(join(x.ns, rest))
		}
		if full, ok := x.uses[first]; ok {
			return x.bindFull(full + `\` + rest)
		}
		return x.bindFull(join(x.ns, name))
	}
	if _, ok := uses[name]; ok {
		return x.refName[name]
	}
	return name
}

func join(ns, name string) string {
	if ns == "" {
		return name
	}
	return ns + `\` + name
}

// bindFull makes a fully qualified name usable as a reference: its last
// segment, bound by an import the plugin adds, unless that name means
// something else in the file.
func (x *extractor) bindFull(full string) string {
	short := lastSegment(full)
	if short == "" {
		return ""
	}
	if prev, ok := x.imported[short]; ok {
		if prev == full {
			return short
		}
		return ""
	}
	if x.defined[short] || x.uses[short] != "" || x.fnUses[short] != "" {
		if join(x.ns, short) == full {
			return short
		}
		return ""
	}
	if join(x.ns, short) == full && x.ns != "" {
		return short // the file's own namespace
	}
	x.imported[short] = full
	imp := &sdk.Import{Spec: full, Names: []string{short}}
	x.added[short] = imp
	x.facts.Imports = append(x.facts.Imports, imp)
	return short
}

// typeRef reads a declared type: named and nullable types; a union of one
// class with null. Primitive types have no reference.
func (x *extractor) typeRef(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	switch x.g.Kind(n) {
	case kNamedType:
		if n.NamedChildCount() > 0 {
			return x.classRef(x.text(n.NamedChild(0)))
		}
		return x.classRef(x.text(n))
	case kName, kQualifiedName:
		return x.classRef(x.text(n))
	case kOptionalType:
		if n.NamedChildCount() > 0 {
			return x.typeRef(n.NamedChild(0))
		}
	case kUnionType:
		ref := ""
		classes := 0
		treesitter.EachNamedChild(n, func(c *sitter.Node) {
			switch x.g.Kind(c) {
			case kPrimitiveType:
				if x.text(c) != "null" {
					classes += 2 // int|Foo is no one class
				}
			default:
				ref = x.typeRef(c)
				classes++
			}
		})
		if classes == 1 {
			return ref
		}
	}
	return ""
}

// docTypeRef reads a type written in PHPDoc: "Foo", "?Foo", "Foo|null",
// "\App\Foo". Arrays, generics and unions of classes have none.
func (x *extractor) docTypeRef(t string) string {
	t = strings.TrimPrefix(t, "?")
	var one string
	for _, part := range strings.Split(t, "|") {
		if part == "null" || part == "" {
			continue
		}
		if one != "" {
			return ""
		}
		one = part
	}
	if one == "" || primitive[strings.ToLower(one)] {
		return ""
	}
	for _, r := range one {
		if !(r == '\\' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	if s := strings.ToLower(one); s == "self" || s == "static" || s == "$this" {
		return x.classRef(s)
	}
	return x.classRef(one)
}

// typeDef records a class, interface, trait or enum and walks its body.
func (x *extractor) typeDef(n *sitter.Node, kindName string) {
	nameNode, body := n.ChildByFieldName("name"), n.ChildByFieldName("body")
	if nameNode == nil || len(x.stack) > maxFrames {
		x.children(n)
		return
	}
	name := x.text(nameNode)
	header := n.EndByte()
	if body != nil {
		header = body.StartByte()
	}
	def := &sdk.Definition{
		Name:          name,
		QualifiedName: name,
		Kind:          kindName,
		Span:          treesitter.Span(n, n),
		Exported:      true,
		Signature:     oneLine(x.src[n.StartByte():header]),
	}
	def.Doc, def.DocStyle = x.doc(n)
	x.facts.Definitions = append(x.facts.Definitions, def)
	f := &frame{kind: fType, qn: name, def: def, locals: map[string]string{}, fields: map[string]string{}}
	x.stack = append(x.stack, f)
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kBaseClause, kInterfaceClause:
			treesitter.EachNamedChild(c, func(b *sitter.Node) {
				if ref := x.classRef(x.text(b)); ref != "" {
					def.Bases = append(def.Bases, ref)
				}
			})
		}
	})
	if body != nil {
		x.children(body)
	}
	x.stack = x.stack[:len(x.stack)-1]
	for _, name := range sortedKeys(f.fields) {
		def.Fields = append(def.Fields, &sdk.Field{Name: name, Type: f.fields[name]})
	}
}

// modifiers reads a member's visibility, abstract and static modifiers.
func (x *extractor) modifiers(n *sitter.Node) (exported, abstract bool) {
	exported = true
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kVisibility:
			exported = x.text(c) == "public"
		case kAbstract:
			abstract = true
		}
	})
	return exported, abstract
}

// function records a function or method and walks its body.
func (x *extractor) function(n *sitter.Node) {
	nameNode, body := n.ChildByFieldName("name"), n.ChildByFieldName("body")
	if nameNode == nil || len(x.stack) > maxFrames || x.anon > 0 {
		f := &frame{kind: fFunc, qn: x.caller(), def: x.funcDef(), locals: map[string]string{}}
		x.stack = append(x.stack, f)
		x.children(n)
		x.stack = x.stack[:len(x.stack)-1]
		return
	}
	name := x.text(nameNode)
	def := &sdk.Definition{
		Name:          name,
		QualifiedName: name,
		Kind:          "function",
		Span:          treesitter.Span(n, n),
		Exported:      true,
		Complexity:    1,
	}
	t := x.typeFrame()
	if x.g.Kind(n) == kMethod && t != nil {
		def.Kind = "method"
		if strings.EqualFold(name, "__construct") {
			def.Kind = "constructor"
		}
		def.QualifiedName = t.qn + "." + name
		def.Receiver = t.qn
		def.Exported, def.Abstract = x.modifiers(n)
		if t.def.Kind == "interface" || body == nil {
			def.Abstract = true
		}
	}
	header := n.EndByte()
	if body != nil {
		header = body.StartByte()
	}
	def.Signature = oneLine(x.src[n.StartByte():header])
	def.Doc, def.DocStyle = x.doc(n)
	tags := docTags(def.Doc)
	def.Type = x.typeRef(n.ChildByFieldName("return_type"))
	if def.Type == "" && tags.ret != "" {
		def.Type = x.docTypeRef(tags.ret)
	}
	x.facts.Definitions = append(x.facts.Definitions, def)

	f := &frame{kind: fFunc, qn: def.QualifiedName, def: def, locals: map[string]string{}}
	for v, typ := range tags.params {
		f.locals[v] = x.docTypeRef(typ)
	}
	if t != nil {
		f.locals["$this"] = t.qn
	}
	x.stack = append(x.stack, f)
	if p := n.ChildByFieldName("parameters"); p != nil {
		x.params(p, true)
	}
	if body != nil {
		x.children(body)
	}
	x.stack = x.stack[:len(x.stack)-1]
}

// params types parameters as locals (a declared type, else for a
// function's own PHPDoc's; a closure's shadow the enclosing locals);
// promoted constructor parameters are fields too.
func (x *extractor) params(n *sitter.Node, own bool) {
	f := x.top()
	treesitter.EachNamedChild(n, func(p *sitter.Node) {
		name := p.ChildByFieldName("name")
		if name == nil {
			return
		}
		v := x.text(name)
		if typ := x.typeRef(p.ChildByFieldName("type")); typ != "" || !own || f.locals[v] == "" {
			f.locals[v] = typ
		}
		if x.g.Kind(p) == kPromoted {
			if t := x.typeFrame(); t != nil && f.kind == fFunc && len(x.stack) >= 2 && x.stack[len(x.stack)-2] == t {
				t.fields[strings.TrimPrefix(v, "$")] = f.locals[v]
			}
		}
		if d := p.ChildByFieldName("default_value"); d != nil {
			x.visit(d)
		}
	})
}

// property records a class's properties as its fields, with their
// declared type, or PHPDoc's @var.
func (x *extractor) property(n *sitter.Node) {
	t := x.typeFrame()
	if t == nil {
		return
	}
	typ := x.typeRef(n.ChildByFieldName("type"))
	if typ == "" {
		doc, _ := x.doc(n)
		if v := docTags(doc).varType; v != "" {
			typ = x.docTypeRef(v)
		}
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if c.Type() != "property_element" {
			return
		}
		treesitter.EachNamedChild(c, func(e *sitter.Node) {
			switch x.g.Kind(e) {
			case kVariable:
				t.fields[strings.TrimPrefix(x.text(e), "$")] = typ
			default:
				x.visit(e) // initializers
			}
		})
	})
}

// constant records class constants, enum cases and namespace constants.
func (x *extractor) constant(n *sitter.Node) {
	t := x.typeFrame()
	record := func(nameNode, at *sitter.Node) {
		def := &sdk.Definition{
			Name:          x.text(nameNode),
			QualifiedName: x.text(nameNode),
			Kind:          "constant",
			Span:          treesitter.Span(at, at),
			Exported:      true,
		}
		if t != nil {
			def.QualifiedName = t.qn + "." + def.Name
			def.Receiver = t.qn
			def.Exported, _ = x.modifiers(n)
		}
		def.Doc, def.DocStyle = x.doc(n)
		x.facts.Definitions = append(x.facts.Definitions, def)
	}
	if x.g.Kind(n) == kEnumCase {
		if name := n.ChildByFieldName("name"); name != nil {
			record(name, n)
		}
		return
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if c.Type() != "const_element" {
			return
		}
		for i := 0; i < int(c.NamedChildCount()); i++ {
			e := c.NamedChild(i)
			if i == 0 && x.g.Kind(e) == kName {
				record(e, c)
				continue
			}
			x.visit(e)
		}
	})
}

// exprType is the type reference of an expression as far as the file
// tells: new Foo, a typed variable or property, a call's result.
func (x *extractor) exprType(n *sitter.Node) string {
	for depth := 0; n != nil && depth < 8; depth++ {
		switch x.g.Kind(n) {
		case kParen:
			n = n.NamedChild(0)
			continue
		case kNew:
			if c := n.NamedChild(0); c != nil && (x.g.Kind(c) == kName || x.g.Kind(c) == kQualifiedName) {
				return x.classRef(x.text(c))
			}
		case kVariable:
			return x.top().locals[x.text(n)]
		case kMemberAccess:
			obj, name := n.ChildByFieldName("object"), n.ChildByFieldName("name")
			if obj != nil && name != nil && x.g.Kind(name) == kName {
				if t := x.exprType(obj); t != "" {
					return t + "." + x.text(name)
				}
			}
		case kMemberCall:
			obj, name := n.ChildByFieldName("object"), n.ChildByFieldName("name")
			if obj != nil && name != nil && x.g.Kind(name) == kName {
				if t := x.exprType(obj); t != "" {
					return t + "." + x.text(name) + "()"
				}
			}
		case kScopedCall:
			scope, name := n.ChildByFieldName("scope"), n.ChildByFieldName("name")
			if scope != nil && name != nil && x.g.Kind(name) == kName {
				if t := x.scopeRef(scope); t != "" {
					return t + "." + x.text(name) + "()"
				}
			}
		case kFuncCall:
			if fn := n.ChildByFieldName("function"); fn != nil && x.g.Kind(fn) == kName {
				if ref := x.nameRef(x.text(fn), x.fnUses); ref != "" && !builtins[strings.ToLower(ref)] {
					return ref + "()"
				}
			}
		}
		return ""
	}
	return ""
}

// scopeRef is the class a :: call is made on.
func (x *extractor) scopeRef(scope *sitter.Node) string {
	switch x.g.Kind(scope) {
	case kRelativeScope, kName, kQualifiedName:
		return x.classRef(x.text(scope))
	case kVariable:
		return x.top().locals[x.text(scope)]
	}
	return ""
}

func (x *extractor) assign(n *sitter.Node) {
	left, right := n.ChildByFieldName("left"), n.ChildByFieldName("right")
	if left == nil || right == nil {
		return
	}
	typ := x.exprType(right)
	switch x.g.Kind(left) {
	case kVariable:
		if f := x.top(); typ != "" || !f.declared[x.text(left)] {
			f.locals[x.text(left)] = typ
		}
	case kMemberAccess:
		obj, name := left.ChildByFieldName("object"), left.ChildByFieldName("name")
		t := x.typeFrame()
		if t != nil && typ != "" && obj != nil && name != nil && x.text(obj) == "$this" && x.g.Kind(name) == kName {
			if prev, ok := t.fields[x.text(name)]; !ok || prev == "" {
				t.fields[x.text(name)] = typ
			}
		}
	}
}

// qualifier renders what a call is made on, for display.
func (x *extractor) qualifier(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	q := oneLine(x.src[n.StartByte():n.EndByte()])
	if len(q) > 80 {
		return "?"
	}
	return q
}

func (x *extractor) funcCall(n *sitter.Node) {
	fn := n.ChildByFieldName("function")
	if fn == nil {
		return
	}
	switch x.g.Kind(fn) {
	case kName:
		name := x.text(fn)
		c := treesitter.CallAt(fn, name, "", x.caller())
		if _, ok := x.fnUses[name]; ok {
			c.Name = x.refName[name]
		} else {
			c.Builtin = builtins[strings.ToLower(name)] && !x.defined[name]
		}
		if c.Name != "" {
			x.facts.Calls = append(x.facts.Calls, c)
		}
	case kQualifiedName:
		text := strings.Join(strings.Fields(x.text(fn)), "")
		last := lastSegment(text)
		c := treesitter.CallAt(fn, last, "", x.caller())
		if text == `\`+last && builtins[strings.ToLower(last)] {
			c.Builtin = true // \strlen(): PHP's own, needing no import
		} else if ref := x.nameRef(text, x.fnUses); ref == "" {
			c.Qualifier = strings.TrimSuffix(text, `\`+last)
		} else {
			c.Name = ref
		}
		x.facts.Calls = append(x.facts.Calls, c)
	}
}

func (x *extractor) memberCall(n *sitter.Node) {
	obj, name := n.ChildByFieldName("object"), n.ChildByFieldName("name")
	if obj == nil || name == nil || x.g.Kind(name) != kName {
		return
	}
	c := treesitter.CallAt(name, x.text(name), x.qualifier(obj), x.caller())
	c.Receiver = x.exprType(obj)
	if c.Receiver == "" && x.g.Kind(obj) == kVariable {
		c.Receiver = "?" // a variable the file does not type
	}
	x.facts.Calls = append(x.facts.Calls, c)
}

func (x *extractor) scopedCall(n *sitter.Node) {
	scope, name := n.ChildByFieldName("scope"), n.ChildByFieldName("name")
	if scope == nil || name == nil || x.g.Kind(name) != kName {
		return
	}
	c := treesitter.CallAt(name, x.text(name), x.qualifier(scope), x.caller())
	c.Receiver = x.scopeRef(scope)
	x.facts.Calls = append(x.facts.Calls, c)
}

// newCall is `new Foo(...)`: a constructor call named by the class.
func (x *extractor) newCall(n *sitter.Node) {
	c := n.NamedChild(0)
	if c == nil {
		return
	}
	switch x.g.Kind(c) {
	case kName, kQualifiedName:
	default:
		return // new $class, anonymous classes
	}
	ref := x.classRef(x.text(c))
	if ref == "" || strings.HasPrefix(ref, "^") {
		return
	}
	call := treesitter.CallAt(c, ref, "", x.caller())
	call.Constructor = true
	x.facts.Calls = append(x.facts.Calls, call)
}

// include records require and include of a literal path: Level 1 relative
// to the file (__DIR__ . '/x.php', dirname(__DIR__) . '/x.php'), Level 2
// as written (PHP's include path: the file's directory, then the root).
func (x *extractor) include(n *sitter.Node) {
	arg := n.NamedChild(0)
	for arg != nil && x.g.Kind(arg) == kParen {
		arg = arg.NamedChild(0)
	}
	if arg == nil {
		return
	}
	imp := &sdk.Import{Line: int32(n.StartPoint().Row) + 1}
	switch x.g.Kind(arg) {
	case kString:
		imp.Spec, imp.Level = x.literal(arg), 2
	case kBinary:
		left, right := arg.ChildByFieldName("left"), arg.ChildByFieldName("right")
		if left == nil || right == nil || x.g.Kind(right) != kString {
			return
		}
		dir := x.dirOf(left)
		if dir == "" {
			return
		}
		imp.Spec, imp.Level = dir+"/"+strings.TrimPrefix(x.literal(right), "/"), 1
	}
	if imp.Spec == "" || strings.Contains(imp.Spec, "$") {
		return
	}
	// An include brings no name into the including file's namespace:
	// PHP's namespaces decide what a name means. Without names or an alias
	// the core would take every name of the included file as in scope; the
	// alias is the path, which no PHP name can spell.
	imp.Alias = imp.Spec
	x.facts.Imports = append(x.facts.Imports, imp)
}

// dirOf reads __DIR__ as "." and dirname(__DIR__[, levels]) as "..".
func (x *extractor) dirOf(n *sitter.Node) string {
	t := strings.Join(strings.Fields(x.text(n)), "")
	switch {
	case t == "__DIR__":
		return "."
	case t == "dirname(__DIR__)" || t == "dirname(__DIR__,1)":
		return ".."
	case strings.HasPrefix(t, "dirname(__DIR__,") && len(t) == len("dirname(__DIR__,2)") && t[16] >= '2' && t[16] <= '9':
		return strings.TrimSuffix(strings.Repeat("../", int(t[16]-'0')), "/")
	}
	return ""
}

func (x *extractor) literal(s *sitter.Node) string {
	if s.NamedChildCount() == 1 && s.NamedChild(0).Type() == "string_content" {
		return x.text(s.NamedChild(0))
	}
	if s.NamedChildCount() == 0 {
		return ""
	}
	return ""
}

// doc reads the comment right above n: a /** */ block (phpdoc), or
// consecutive // or # lines (comment).
func (x *extractor) doc(n *sitter.Node) (string, string) {
	if x.leadNode == nil || len(x.lead) == 0 || !x.leadNode.Equal(n) {
		return "", ""
	}
	last := x.lead[len(x.lead)-1]
	if last.EndPoint().Row+1 < n.StartPoint().Row {
		return "", ""
	}
	if t := x.text(last); strings.HasPrefix(t, "/**") {
		return cleanDocBlock(t), "phpdoc"
	}
	var lines []string
	row := n.StartPoint().Row
	for i := len(x.lead) - 1; i >= 0; i-- {
		p := x.lead[i]
		t := x.text(p)
		if p.EndPoint().Row+1 != row || !(strings.HasPrefix(t, "//") || strings.HasPrefix(t, "#")) {
			break
		}
		lines = append(lines, strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(t, "//"), "#"), " "))
		row = p.StartPoint().Row
	}
	if len(lines) == 0 {
		return "", ""
	}
	for i, j := 0, len(lines)-1; i < j; i, j = i+1, j-1 {
		lines[i], lines[j] = lines[j], lines[i]
	}
	return strings.TrimSpace(strings.Join(lines, "\n")), "comment"
}
