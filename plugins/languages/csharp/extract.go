package csharp

import (
	"sort"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	tscs "github.com/smacker/go-tree-sitter/csharp"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/plugins/languages/internal/doccomment"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// kind is what the extractor needs to know about a node type; kOther, the
// zero kind, is every type kindNames does not name.
type kind uint8

const (
	kOther kind = iota
	kLeaf
	kComment
	kNamespace
	kFileNamespace
	kUsing
	kClass
	kStruct
	kRecord
	kInterface
	kEnum
	kDelegate
	kDeclList
	kBaseList
	kPrimaryBase
	kMethod
	kConstructor
	kDestructor
	kOperator
	kProperty
	kIndexer
	kField
	kEventField
	kEvent
	kModifier
	kParamList
	kParam
	kBracketParams
	kCtorInit
	kArrow
	kVarDecl
	kVarDeclarator
	kLocalFunc
	kInvocation
	kMemberAccess
	kCondAccess
	kMemberBinding
	kObjectCreation
	kIdentifier
	kGenericName
	kQualifiedName
	kAliasQualified
	kNullableType
	kPredefined
	kImplicitType
	kRefType
	kTypeArgs
	kTypeParams
	kTypeParam
	kConstraints
	kAttributeList
	kIf
	kSwitchSection
	kSwitchArm
	kLoop
	kCatch
	kCatchDecl
	kConditional
	kBinary
	kLambda
	kImplicitParam
	kDeclPattern
	kDeclExpr
	kForeach
	kFromClause
	kCast
	kAs
	kParen
	kElementAccess
	kAwait
	kTypeof
	kDiscard
	kTupleExpr
	kImplicitCreation
)

var kindNames = map[string]kind{
	"string_literal":                      kLeaf,
	"verbatim_string_literal":             kLeaf,
	"raw_string_literal":                  kLeaf,
	"character_literal":                   kLeaf,
	"integer_literal":                     kLeaf,
	"real_literal":                        kLeaf,
	"boolean_literal":                     kLeaf,
	"null_literal":                        kLeaf,
	"preproc_region":                      kLeaf,
	"preproc_endregion":                   kLeaf,
	"preproc_pragma":                      kLeaf,
	"preproc_nullable":                    kLeaf,
	"preproc_define":                      kLeaf,
	"preproc_undef":                       kLeaf,
	"preproc_error":                       kLeaf,
	"preproc_line":                        kLeaf,
	"comment":                             kComment,
	"namespace_declaration":               kNamespace,
	"file_scoped_namespace_declaration":   kFileNamespace,
	"using_directive":                     kUsing,
	"class_declaration":                   kClass,
	"struct_declaration":                  kStruct,
	"record_declaration":                  kRecord,
	"interface_declaration":               kInterface,
	"enum_declaration":                    kEnum,
	"delegate_declaration":                kDelegate,
	"declaration_list":                    kDeclList,
	"base_list":                           kBaseList,
	"primary_constructor_base_type":       kPrimaryBase,
	"method_declaration":                  kMethod,
	"constructor_declaration":             kConstructor,
	"destructor_declaration":              kDestructor,
	"operator_declaration":                kOperator,
	"conversion_operator_declaration":     kOperator,
	"property_declaration":                kProperty,
	"indexer_declaration":                 kIndexer,
	"field_declaration":                   kField,
	"event_field_declaration":             kEventField,
	"event_declaration":                   kEvent,
	"modifier":                            kModifier,
	"parameter_list":                      kParamList,
	"parameter":                           kParam,
	"bracketed_parameter_list":            kBracketParams,
	"constructor_initializer":             kCtorInit,
	"arrow_expression_clause":             kArrow,
	"variable_declaration":                kVarDecl,
	"variable_declarator":                 kVarDeclarator,
	"local_function_statement":            kLocalFunc,
	"invocation_expression":               kInvocation,
	"member_access_expression":            kMemberAccess,
	"conditional_access_expression":       kCondAccess,
	"member_binding_expression":           kMemberBinding,
	"object_creation_expression":          kObjectCreation,
	"identifier":                          kIdentifier,
	"generic_name":                        kGenericName,
	"qualified_name":                      kQualifiedName,
	"alias_qualified_name":                kAliasQualified,
	"nullable_type":                       kNullableType,
	"predefined_type":                     kPredefined,
	"implicit_type":                       kImplicitType,
	"ref_type":                            kRefType,
	"scoped_type":                         kRefType,
	"type_argument_list":                  kTypeArgs,
	"type_parameter_list":                 kTypeParams,
	"type_parameter":                      kTypeParam,
	"type_parameter_constraints_clause":   kConstraints,
	"attribute_list":                      kAttributeList,
	"if_statement":                        kIf,
	"switch_section":                      kSwitchSection,
	"switch_expression_arm":               kSwitchArm,
	"for_statement":                       kLoop,
	"while_statement":                     kLoop,
	"do_statement":                        kLoop,
	"foreach_statement":                   kForeach,
	"catch_clause":                        kCatch,
	"catch_declaration":                   kCatchDecl,
	"conditional_expression":              kConditional,
	"binary_expression":                   kBinary,
	"lambda_expression":                   kLambda,
	"anonymous_method_expression":         kLambda,
	"implicit_parameter":                  kImplicitParam,
	"declaration_pattern":                 kDeclPattern,
	"declaration_expression":              kDeclExpr,
	"from_clause":                         kFromClause,
	"cast_expression":                     kCast,
	"as_expression":                       kAs,
	"parenthesized_expression":            kParen,
	"element_access_expression":           kElementAccess,
	"await_expression":                    kAwait,
	"typeof_expression":                   kTypeof,
	"discard":                             kDiscard,
	"tuple_expression":                    kTupleExpr,
	"implicit_object_creation_expression": kImplicitCreation,
}

// grammar builds the tables once; they are read-only afterwards and shared
// by concurrent Parse calls.
var grammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
	return treesitter.NewGrammar(tscs.GetLanguage(), kindNames, nil)
})

// typeScope is a type declaration whose body the walk is in.
type typeScope struct {
	qn, name  string
	def       *sdk.Definition
	iface     bool
	methods   map[string]bool   // methods declared in this file
	nested    map[string]bool   // nested types
	fields    map[string]string // fields and properties → type reference
	typeArgs  map[string]string // type parameters → their constraint's reference
	baseClass string            // the first base, when it may be a class
}

// body is a function-like body whose locals the walk tracks: a method, a
// constructor, an accessor. Lambdas and local functions share the body they
// are written in.
type body struct {
	def        *sdk.Definition // nil for bodies that are no definition
	locals     map[string]string
	localFuncs map[string]bool
	typeArgs   map[string]string
}

// extractor walks one tree once, collecting the file's facts.
type extractor struct {
	src    []byte
	facts  *sdk.FileFacts
	g      *treesitter.Grammar[kind]
	ns     string
	types  []*typeScope
	fn     *body
	caller string
	// fileTypes are the type names declared anywhere in the file, aliases
	// the names using directives bind: both shadow builtins.
	fileTypes map[string]bool
	aliases   map[string]bool
	refs      map[string]bool
}

func newExtractor(src []byte, facts *sdk.FileFacts) *extractor {
	return &extractor{src: src, facts: facts, g: grammar(), fileTypes: map[string]bool{},
		aliases: map[string]bool{}, refs: map[string]bool{}}
}

func (x *extractor) text(n *sitter.Node) string { return treesitter.Text(x.src, n) }

func (x *extractor) children(n *sitter.Node) { treesitter.EachNamedChild(n, x.visit) }

// file walks the compilation unit after noting the file's type names.
func (x *extractor) file(root *sitter.Node) {
	x.noteTypes(root, 0)
	x.children(root)
}

// noteTypes records every type name the file declares, through namespaces
// and type bodies only.
func (x *extractor) noteTypes(n *sitter.Node, depth int) {
	if depth > 64 {
		return
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kNamespace, kDeclList:
			x.noteTypes(c, depth+1)
		case kClass, kStruct, kRecord, kInterface, kEnum, kDelegate:
			if name := c.ChildByFieldName("name"); name != nil {
				x.fileTypes[x.text(name)] = true
			}
			if b := c.ChildByFieldName("body"); b != nil {
				x.noteTypes(b, depth+1)
			}
		}
	})
}

// finish writes the references the walk collected, sorted.
func (x *extractor) finish() {
	for r := range x.refs {
		x.facts.References = append(x.facts.References, r)
	}
	sort.Strings(x.facts.References)
}

func (x *extractor) visit(n *sitter.Node) {
	k := x.g.Kind(n)
	if x.fn != nil {
		x.branch(n, k)
	}
	switch k {
	case kLeaf, kComment, kIdentifier, kPredefined, kModifier:
		return
	case kAttributeList:
		x.attributes(n)
		return
	case kField, kEventField:
		x.fieldDecl(n)
		return
	case kOperator, kIndexer, kDestructor, kEvent:
		// Code of the type that is no definition of its own: its calls are
		// the type's, its parameters still locals.
		prev, caller := x.enter(n, nil)
		x.children(n)
		x.leave(prev, caller)
		return
	case kNamespace:
		x.namespace(n)
		return
	case kFileNamespace:
		if name := n.ChildByFieldName("name"); name != nil {
			x.ns = x.dotted(name)
		}
		x.children(n)
		return
	case kUsing:
		x.using(n)
		return
	case kClass, kStruct, kRecord, kInterface, kEnum:
		x.typeDecl(n, k)
		return
	case kDelegate:
		x.delegate(n)
		return
	case kMethod:
		x.method(n)
		return
	case kConstructor:
		x.constructor(n)
		return
	case kProperty:
		x.property(n)
		return
	case kLocalFunc:
		x.localFunc(n)
		return
	case kVarDecl:
		x.varDecl(n)
		return
	case kParam:
		x.param(n)
		return
	case kImplicitParam:
		x.local(x.text(n), "")
		return
	case kInvocation:
		x.invocation(n)
	case kObjectCreation:
		x.creation(n)
	case kCtorInit:
		x.ctorInit(n)
	case kDeclPattern, kDeclExpr, kCatchDecl:
		x.typedLocal(n)
	case kForeach:
		x.foreach(n)
	case kFromClause:
		if name := n.ChildByFieldName("name"); name != nil {
			x.local(x.text(name), "")
		}
	case kCast, kTypeof:
		x.typeRefs(n.ChildByFieldName("type"))
	case kTypeArgs: // M<Foo>(), typeof(List<Foo>)
		x.typeRefs(n)
		return
	case kAs:
		x.typeRefs(n.ChildByFieldName("right"))
	}
	x.children(n)
}

// branch counts the cyclomatic complexity of the body being walked.
func (x *extractor) branch(n *sitter.Node, k kind) {
	d := x.fn.def
	if d == nil {
		return
	}
	switch k {
	case kIf, kLoop, kForeach, kCatch, kConditional:
		d.Complexity++
	case kSwitchSection:
		for i := 0; i < int(n.ChildCount()); i++ {
			if n.Child(i).Type() == "case" {
				d.Complexity++
			}
		}
	case kSwitchArm:
		if p := n.NamedChild(0); p != nil && x.g.Kind(p) != kDiscard {
			d.Complexity++
		}
	case kBinary:
		if op := n.ChildByFieldName("operator"); op != nil {
			if t := op.Type(); t == "&&" || t == "||" {
				d.Complexity++
			}
		}
	}
}

func (x *extractor) namespace(n *sitter.Node) {
	outer := x.ns
	if name := n.ChildByFieldName("name"); name != nil {
		if x.ns != "" {
			x.ns += "."
		}
		x.ns += x.dotted(name)
	}
	if b := n.ChildByFieldName("body"); b != nil {
		x.children(b)
	}
	x.ns = outer
}

// using records a using directive: `using A.B;` brings every name of
// namespace A.B, `using static A.B.C;` every static member of type C,
// `using X = A.B.C;` binds X. `global using` holds for the whole project:
// it is marked Global, for every file under the declaring file's directory.
func (x *extractor) using(n *sitter.Node) {
	imp := &sdk.Import{Line: int32(n.StartPoint().Row) + 1}
	for i := 0; i < int(n.ChildCount()); i++ {
		if c := n.Child(i); !c.IsNamed() && c.Type() == "global" {
			imp.Global = true
		}
	}
	alias := n.ChildByFieldName("name")
	var target *sitter.Node
	for i := int(n.NamedChildCount()) - 1; i >= 0; i-- {
		c := n.NamedChild(i)
		if alias != nil && c.Equal(alias) {
			continue
		}
		switch x.g.Kind(c) {
		case kIdentifier, kQualifiedName, kGenericName, kAliasQualified:
			target = c
		}
		if target != nil {
			break
		}
	}
	if target == nil {
		return
	}
	imp.Spec = x.dotted(target)
	if alias != nil {
		imp.Alias = x.text(alias)
		x.aliases[imp.Alias] = true
	} else {
		imp.Names = []string{"*"}
	}
	if imp.Spec == "" {
		return
	}
	x.facts.Imports = append(x.facts.Imports, imp)
	root, _, _ := strings.Cut(x.ns, ".")
	if first, _, _ := strings.Cut(imp.Spec, "."); alias == nil && !imp.Global && first != root && first != "System" && first != "Microsoft" {
		// Inside namespace A.B, `using Internal;` may name A.B.Internal
		// or A.Internal before a namespace Internal of its own: each
		// reading is a using the core binds where a file declares that
		// namespace, and to nothing where none does (a name from the
		// namespace's own root, or the runtime's System and Microsoft,
		// is not read so).
		for ns := x.ns; ns != ""; {
			rel := proto.Clone(imp).(*sdk.Import)
			rel.Spec = ns + "." + imp.Spec
			x.facts.Imports = append(x.facts.Imports, rel)
			i := strings.LastIndexByte(ns, '.')
			if i < 0 {
				break
			}
			ns = ns[:i]
		}
	}
}

// dotted reads a name as a dotted path without generic arguments or a
// global:: prefix: "System.Collections.Generic", "List".
func (x *extractor) dotted(n *sitter.Node) string {
	switch x.g.Kind(n) {
	case kIdentifier:
		return x.text(n)
	case kGenericName:
		if id := n.NamedChild(0); id != nil {
			return x.text(id)
		}
	case kQualifiedName:
		q, name := n.ChildByFieldName("qualifier"), n.ChildByFieldName("name")
		if name == nil {
			return ""
		}
		if q == nil {
			return x.dotted(name)
		}
		if left := x.dotted(q); left != "" {
			return left + "." + x.dotted(name)
		}
		return x.dotted(name)
	case kAliasQualified:
		if name := n.ChildByFieldName("name"); name != nil {
			return x.dotted(name)
		}
	}
	return ""
}

// typeRef is the reference a type stands for: generic arguments,
// nullability and ref stripped, arrays, pointers and tuples unknown (their
// members are not the element's), type parameters their constraint.
func (x *extractor) typeRef(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	switch x.g.Kind(n) {
	case kNullableType, kRefType:
		return x.typeRef(n.ChildByFieldName("type"))
	case kPredefined:
		return x.text(n)
	case kIdentifier:
		name := x.text(n)
		if c, ok := x.typeArg(name); ok {
			return c
		}
		return name
	case kGenericName, kQualifiedName, kAliasQualified:
		return x.dotted(n)
	}
	return ""
}

// typeArg looks a name up among the type parameters in scope.
func (x *extractor) typeArg(name string) (string, bool) {
	if x.fn != nil {
		if c, ok := x.fn.typeArgs[name]; ok {
			return c, true
		}
	}
	for i := len(x.types) - 1; i >= 0; i-- {
		if c, ok := x.types[i].typeArgs[name]; ok {
			return c, true
		}
	}
	return "", false
}

// typeRefs adds the types a type expression names to the file's
// references: `Dictionary<string, Foo>` names Dictionary and Foo.
func (x *extractor) typeRefs(n *sitter.Node) {
	if n == nil {
		return
	}
	switch x.g.Kind(n) {
	case kIdentifier, kQualifiedName, kAliasQualified:
		if r := x.typeRef(n); r != "" && !predefined[r] {
			x.refs[r] = true
		}
		return
	case kGenericName:
		if r := x.dotted(n); r != "" {
			x.refs[r] = true
		}
	case kPredefined, kImplicitType:
		return
	}
	treesitter.EachNamedChild(n, x.typeRefs)
}

// attributes names each attribute's type among the references:
// [Fact] is the class FactAttribute, written either way.
func (x *extractor) attributes(n *sitter.Node) {
	treesitter.EachNamedChild(n, func(a *sitter.Node) {
		if name := a.ChildByFieldName("name"); name != nil {
			if r := x.dotted(name); r != "" {
				x.refs[r] = true
				if !strings.HasSuffix(r, "Attribute") {
					x.refs[r+"Attribute"] = true
				}
			}
		}
		x.children(a)
	})
}

// modifiers reads a declaration's modifiers.
func (x *extractor) modifiers(n *sitter.Node) map[string]bool {
	mods := map[string]bool{}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) == kModifier {
			mods[strings.TrimSpace(x.text(c))] = true
		}
	})
	return mods
}

// exported: public and internal members are visible outside their type's
// file; a member without an access modifier is private, except in an
// interface, and a top-level type without one is internal.
func (x *extractor) exported(mods map[string]bool, member bool) bool {
	if mods["private"] && !mods["protected"] {
		return false
	}
	if mods["public"] || mods["internal"] {
		return true
	}
	if mods["protected"] || mods["private"] {
		return false
	}
	if member {
		return len(x.types) > 0 && x.types[len(x.types)-1].iface
	}
	return len(x.types) == 0
}

// doc gathers the /// comment lines just above n.
func (x *extractor) doc(n *sitter.Node) string {
	return cleanDoc(doccomment.Lines(x.src, n, x.isComment, "///", "/**"))
}

func (x *extractor) isComment(n *sitter.Node) bool { return x.g.Kind(n) == kComment }

// signature is the declaration's header on one line, from its first
// modifier (attributes left out) to where its body starts.
func (x *extractor) signature(n, end *sitter.Node) string {
	start := n.StartByte()
	for i := 0; i < int(n.ChildCount()); i++ {
		c := n.Child(i)
		if k := x.g.Kind(c); !c.IsNamed() || (k != kAttributeList && k != kComment) {
			start = c.StartByte()
			break
		}
	}
	stop := n.EndByte()
	if end != nil {
		stop = end.StartByte()
	}
	if stop < start {
		stop = start
	}
	s := syntax.OneLine(x.src[start:stop])
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ";"))
}

func (x *extractor) owner() *typeScope {
	if len(x.types) == 0 {
		return nil
	}
	return x.types[len(x.types)-1]
}

// define records a definition named name; members get the enclosing
// type as receiver and a qualified name below it.
func (x *extractor) define(n *sitter.Node, name, kind string) *sdk.Definition {
	d := &sdk.Definition{Name: name, QualifiedName: name, Kind: kind, Span: treesitter.Span(n, n),
		Doc: x.doc(n), DocStyle: "xmldoc"}
	if t := x.owner(); t != nil {
		d.Receiver = t.qn
		d.QualifiedName = t.qn + "." + name
	}
	x.facts.Definitions = append(x.facts.Definitions, d)
	return d
}

var typeKinds = map[kind]string{kClass: "class", kStruct: "struct", kRecord: "class", kInterface: "interface", kEnum: "enum"}

func (x *extractor) typeDecl(n *sitter.Node, k kind) {
	name := n.ChildByFieldName("name")
	if name == nil {
		x.children(n)
		return
	}
	kindName := typeKinds[k]
	if k == kRecord {
		for i := 0; i < int(n.ChildCount()); i++ {
			if n.Child(i).Type() == "struct" {
				kindName = "struct"
			}
		}
	}
	if x.facts.Namespace == "" {
		x.facts.Namespace = x.ns // the namespace of the file's first type
	}
	mods := x.modifiers(n)
	def := x.define(n, x.text(name), kindName)
	def.Exported = x.exported(mods, len(x.types) > 0)
	bodyNode := n.ChildByFieldName("body")
	def.Signature = x.signature(n, bodyNode)
	ts := &typeScope{qn: def.QualifiedName, name: def.Name, def: def, iface: k == kInterface,
		methods: map[string]bool{}, nested: map[string]bool{}, fields: map[string]string{}, typeArgs: map[string]string{}}
	if o := x.owner(); o != nil {
		o.nested[def.Name] = true
	}
	x.typeParams(n, ts.typeArgs)
	outerCaller := x.caller
	x.types = append(x.types, ts)
	x.caller = def.QualifiedName
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kBaseList:
			x.bases(c, ts, k)
		case kParamList: // a record's primary constructor: its properties
			treesitter.EachNamedChild(c, func(p *sitter.Node) {
				if x.g.Kind(p) != kParam {
					return
				}
				pn, pt := p.ChildByFieldName("name"), p.ChildByFieldName("type")
				if pn != nil {
					ref := x.typeRef(pt)
					ts.fields[x.text(pn)] = ref
					def.Fields = append(def.Fields, &sdk.Field{Name: x.text(pn), Type: ref})
				}
				x.typeRefs(pt)
			})
		case kAttributeList:
			x.attributes(c)
		}
	})
	if bodyNode != nil {
		x.prescan(bodyNode, ts)
		x.children(bodyNode)
	}
	x.types = x.types[:len(x.types)-1]
	x.caller = outerCaller
}

// typeParams maps the type parameters of a declaration to the first type
// their constraint clause names ("" when none): a T constrained to IFoo is
// used as an IFoo.
func (x *extractor) typeParams(n *sitter.Node, into map[string]string) {
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kTypeParams:
			treesitter.EachNamedChild(c, func(p *sitter.Node) {
				if x.g.Kind(p) == kTypeParam {
					if id := p.ChildByFieldName("name"); id != nil {
						into[x.text(id)] = ""
					} else if id := p.NamedChild(int(p.NamedChildCount()) - 1); id != nil {
						into[x.text(id)] = ""
					}
				}
			})
		case kConstraints:
			var target string
			treesitter.EachNamedChild(c, func(p *sitter.Node) {
				switch x.g.Kind(p) {
				case kIdentifier:
					if target == "" {
						target = x.text(p)
					}
				default:
					if t := p.ChildByFieldName("type"); t != nil && target != "" && into[target] == "" {
						if r := x.typeRef(t); r != "" && !predefined[r] {
							into[target] = r
						}
					}
				}
			})
		}
	})
}

// bases records a type's base list. The first entry of a class is its
// base class when there is one; the rest are interfaces.
func (x *extractor) bases(n *sitter.Node, ts *typeScope, k kind) {
	first := true
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		t := c
		if x.g.Kind(c) == kPrimaryBase {
			t = c.ChildByFieldName("type")
			x.children(c)
		}
		ref := x.typeRef(t)
		x.typeRefs(t)
		if ref == "" || predefined[ref] {
			return
		}
		ts.def.Bases = append(ts.def.Bases, ref)
		if first && (k == kClass || k == kRecord) {
			ts.baseClass = ref
		}
		first = false
	})
}

// prescan notes the members of a type body before its methods are walked,
// since a method may use a field declared below it.
func (x *extractor) prescan(body *sitter.Node, ts *typeScope) {
	treesitter.EachNamedChild(body, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kMethod:
			if name := c.ChildByFieldName("name"); name != nil {
				ts.methods[x.text(name)] = true
			}
		case kClass, kStruct, kRecord, kInterface, kEnum, kDelegate:
			if name := c.ChildByFieldName("name"); name != nil {
				ts.nested[x.text(name)] = true
			}
		case kProperty:
			if name := c.ChildByFieldName("name"); name != nil {
				ts.fields[x.text(name)] = x.typeRef(c.ChildByFieldName("type"))
			}
		case kField, kEventField:
			treesitter.EachNamedChild(c, func(v *sitter.Node) {
				if x.g.Kind(v) != kVarDecl {
					return
				}
				ref := x.typeRef(v.ChildByFieldName("type"))
				treesitter.EachNamedChild(v, func(d *sitter.Node) {
					if x.g.Kind(d) == kVarDeclarator {
						if name := d.ChildByFieldName("name"); name != nil {
							ts.fields[x.text(name)] = ref
						}
					}
				})
			})
		}
	})
}

// enter starts a function-like body; leave ends it.
func (x *extractor) enter(def *sitter.Node, d *sdk.Definition) (prevFn *body, prevCaller string) {
	prevFn, prevCaller = x.fn, x.caller
	x.fn = &body{def: d, locals: map[string]string{}, localFuncs: map[string]bool{}, typeArgs: map[string]string{}}
	if d != nil {
		x.caller = d.QualifiedName
	}
	if def != nil {
		x.typeParams(def, x.fn.typeArgs)
		x.noteLocalFuncs(def)
	}
	return prevFn, prevCaller
}

func (x *extractor) leave(prevFn *body, prevCaller string) { x.fn, x.caller = prevFn, prevCaller }

// noteLocalFuncs records the names of the local functions of a body, which
// may be called above their declaration.
func (x *extractor) noteLocalFuncs(n *sitter.Node) {
	b := n.ChildByFieldName("body")
	if b == nil {
		return
	}
	treesitter.EachNamedChild(b, func(c *sitter.Node) {
		if x.g.Kind(c) == kLocalFunc {
			if name := c.ChildByFieldName("name"); name != nil {
				x.fn.localFuncs[x.text(name)] = true
			}
		}
	})
}

func (x *extractor) method(n *sitter.Node) {
	name := n.ChildByFieldName("name")
	t := x.owner()
	if name == nil || t == nil {
		x.children(n)
		return
	}
	mods := x.modifiers(n)
	d := x.define(n, x.text(name), "method")
	d.Exported = x.exported(mods, true)
	bodyNode := n.ChildByFieldName("body")
	d.Signature = x.signature(n, bodyNode)
	d.Abstract = mods["abstract"] || (t.iface && bodyNode == nil)
	d.MinArguments, d.MaxArguments = x.arity(n.ChildByFieldName("parameters"))
	prev, caller := x.enter(n, d)
	d.Complexity = 1
	ret := n.ChildByFieldName("returns")
	if ret == nil {
		ret = n.ChildByFieldName("type")
	}
	if d.Type = x.typeRef(ret); d.Type == "void" {
		d.Type = ""
	}
	x.typeRefs(ret)
	x.visitRest(n, name, ret)
	x.leave(prev, caller)
}

// visitRest walks a declaration's children other than those given.
func (x *extractor) visitRest(n *sitter.Node, skip ...*sitter.Node) {
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		for _, s := range skip {
			if s != nil && c.Equal(s) {
				return
			}
		}
		x.visit(c)
	})
}

func (x *extractor) constructor(n *sitter.Node) {
	name := n.ChildByFieldName("name")
	if name == nil || x.owner() == nil {
		x.children(n)
		return
	}
	mods := x.modifiers(n)
	d := x.define(n, x.text(name), "constructor")
	d.Exported = x.exported(mods, true)
	d.Signature = x.signature(n, n.ChildByFieldName("body"))
	d.MinArguments, d.MaxArguments = x.arity(n.ChildByFieldName("parameters"))
	prev, caller := x.enter(n, d)
	d.Complexity = 1
	x.visitRest(n, name)
	x.leave(prev, caller)
}

// ctorInit is `: base(...)` or `: this(...)`, a call of the base class's
// or the type's own constructor.
func (x *extractor) ctorInit(n *sitter.Node) {
	t := x.owner()
	if t == nil {
		return
	}
	kw := ""
	for i := 0; i < int(n.ChildCount()); i++ {
		if ty := n.Child(i).Type(); ty == "base" || ty == "this" {
			kw = ty
		}
	}
	c := &sdk.Call{Caller: x.caller, Line: int32(n.StartPoint().Row) + 1, Constructor: true, Arguments: x.arguments(n)}
	switch kw {
	case "this":
		c.Name = t.name
		if len(x.types) > 1 {
			c.Receiver = x.types[len(x.types)-2].qn
		}
	case "base":
		if t.baseClass == "" {
			return
		}
		ref := t.baseClass
		if i := strings.LastIndexByte(ref, '.'); i >= 0 {
			c.Name, c.Qualifier = ref[i+1:], ref[:i]
		} else {
			c.Name = ref
		}
	default:
		return
	}
	x.facts.Calls = append(x.facts.Calls, c)
}

// property: an auto-property is a field of its type; one with code (an
// expression body, an accessor with a body) is a definition whose calls
// are its own.
func (x *extractor) property(n *sitter.Node) {
	name := n.ChildByFieldName("name")
	t := x.owner()
	if name == nil || t == nil {
		x.children(n)
		return
	}
	typ := n.ChildByFieldName("type")
	ref := x.typeRef(typ)
	x.typeRefs(typ)
	code := false
	if v := n.ChildByFieldName("value"); v != nil && x.g.Kind(v) == kArrow {
		code = true
	}
	if acc := n.ChildByFieldName("accessors"); acc != nil {
		treesitter.EachNamedChild(acc, func(a *sitter.Node) {
			if a.ChildByFieldName("body") != nil {
				code = true
			}
		})
	}
	if !code {
		t.def.Fields = append(t.def.Fields, &sdk.Field{Name: x.text(name), Type: ref})
		x.visitRest(n, name, typ)
		return
	}
	mods := x.modifiers(n)
	d := x.define(n, x.text(name), "property")
	d.Exported = x.exported(mods, true)
	d.Type = ref
	d.Signature = x.signature(n, n.ChildByFieldName("accessors"))
	if v := n.ChildByFieldName("value"); v != nil && x.g.Kind(v) == kArrow {
		d.Signature = x.signature(n, v)
	}
	d.Abstract = mods["abstract"]
	prev, caller := x.enter(nil, d)
	x.fn.locals["value"] = ref
	x.visitRest(n, name, typ)
	x.leave(prev, caller)
	d.Complexity = 0 // functions and methods only
}

// fieldDecl adds a field declaration's names, with their type, to the
// enclosing type's fields; initializers run in the type's scope.
func (x *extractor) fieldDecl(n *sitter.Node) {
	t := x.owner()
	treesitter.EachNamedChild(n, func(v *sitter.Node) {
		if x.g.Kind(v) != kVarDecl {
			x.visit(v)
			return
		}
		if t != nil {
			ref := x.typeRef(v.ChildByFieldName("type"))
			treesitter.EachNamedChild(v, func(d *sitter.Node) {
				if x.g.Kind(d) == kVarDeclarator {
					if name := d.ChildByFieldName("name"); name != nil {
						t.def.Fields = append(t.def.Fields, &sdk.Field{Name: x.text(name), Type: ref})
					}
				}
			})
		}
		x.varDecl(v)
	})
}

func (x *extractor) delegate(n *sitter.Node) {
	name := n.ChildByFieldName("name")
	if name == nil {
		return
	}
	d := x.define(n, x.text(name), "type")
	d.Exported = x.exported(x.modifiers(n), len(x.types) > 0)
	d.Signature = x.signature(n, nil)
	if o := x.owner(); o != nil {
		o.nested[d.Name] = true
	}
	x.typeRefs(n.ChildByFieldName("type"))
	if ps := n.ChildByFieldName("parameters"); ps != nil {
		treesitter.EachNamedChild(ps, func(p *sitter.Node) { x.typeRefs(p.ChildByFieldName("type")) })
	}
}

// localFunc: a local function belongs to the body it is declared in; its
// calls are that body's.
func (x *extractor) localFunc(n *sitter.Node) {
	name := n.ChildByFieldName("name")
	if name != nil && x.fn != nil {
		x.fn.localFuncs[x.text(name)] = true
		x.typeParams(n, x.fn.typeArgs)
	}
	x.typeRefs(n.ChildByFieldName("type"))
	x.visitRest(n, name, n.ChildByFieldName("type"))
}

// local binds a name in the body being walked to a reference ("" when
// its type is unknown: it still hides a field of that name).
func (x *extractor) local(name, ref string) {
	if x.fn != nil && name != "" {
		x.fn.locals[name] = ref
	}
}

func (x *extractor) param(n *sitter.Node) {
	typ := n.ChildByFieldName("type")
	x.typeRefs(typ)
	if name := n.ChildByFieldName("name"); name != nil {
		x.local(x.text(name), x.typeRef(typ))
	}
	x.visitRest(n, n.ChildByFieldName("name"), typ)
}

// varDecl: a declaration's names take its declared type, or for var the
// type of the value: `var x = new Foo()` is a Foo. Fields were noted
// by prescan; their initializers run in the type's scope.
func (x *extractor) varDecl(n *sitter.Node) {
	typ := n.ChildByFieldName("type")
	x.typeRefs(typ)
	implicit := typ == nil || x.g.Kind(typ) == kImplicitType
	declared := x.typeRef(typ)
	treesitter.EachNamedChild(n, func(d *sitter.Node) {
		if x.g.Kind(d) != kVarDeclarator {
			return
		}
		name := d.ChildByFieldName("name")
		var value *sitter.Node
		treesitter.EachNamedChild(d, func(c *sitter.Node) {
			if name == nil || !c.Equal(name) {
				value = c
			}
		})
		if value != nil {
			x.visit(value)
			if x.g.Kind(value) == kImplicitCreation && !implicit {
				x.construct(declared, value) // Foo f = new();
			}
		}
		if name == nil {
			return
		}
		ref := declared
		if implicit {
			ref = ""
			if value != nil {
				ref = x.refOf(value, 0)
			}
		}
		x.local(x.text(name), ref)
	})
}

// typedLocal: `is Foo f`, `out Foo f`, `catch (IOException e)`.
func (x *extractor) typedLocal(n *sitter.Node) {
	typ := n.ChildByFieldName("type")
	x.typeRefs(typ)
	if name := n.ChildByFieldName("name"); name != nil && x.g.Kind(name) == kIdentifier {
		x.local(x.text(name), x.typeRef(typ))
	}
}

func (x *extractor) foreach(n *sitter.Node) {
	typ := n.ChildByFieldName("type")
	x.typeRefs(typ)
	left := n.ChildByFieldName("left")
	if left != nil && x.g.Kind(left) == kIdentifier {
		ref := ""
		if typ != nil && x.g.Kind(typ) != kImplicitType {
			ref = x.typeRef(typ)
		}
		x.local(x.text(left), ref)
	}
}

// lookupName says what a bare name in an expression is: a local's type, a
// field's, a type, or unknown. known is false when the name is none of the
// file's own.
func (x *extractor) lookupName(name string) (ref string, known bool) {
	if x.fn != nil {
		if r, ok := x.fn.locals[name]; ok {
			return r, true
		}
	}
	for i := len(x.types) - 1; i >= 0; i-- {
		t := x.types[i]
		if r, ok := t.fields[name]; ok {
			return r, true
		}
		if t.nested[name] {
			return t.qn + "." + name, true
		}
	}
	if c, ok := x.typeArg(name); ok {
		return c, true
	}
	return "", false
}

// maxRef bounds the reference of a long call chain.
const maxRef = 12

// refOf is the reference of an expression's value, as far as the file
// tells: "" when unknown.
func (x *extractor) refOf(n *sitter.Node, depth int) string {
	if n == nil || depth > maxRef {
		return ""
	}
	switch x.kindOf(n) {
	case kIdentifier:
		name := x.text(n)
		if r, known := x.lookupName(name); known {
			return r
		}
		t := x.owner()
		switch {
		case x.fileTypes[name] || x.aliases[name] || isUpper(name):
			return name // a type: a static member's qualifier
		case t != nil:
			return t.qn + "." + name // a field inherited from a base
		}
		return ""
	case kGenericName:
		return x.dotted(n)
	case kPredefined:
		return x.text(n)
	case kThis:
		if t := x.owner(); t != nil {
			return t.qn
		}
	case kBase:
		if t := x.owner(); t != nil && !strings.Contains(t.qn, ".") {
			return "^" + t.qn
		}
	case kMemberAccess:
		left, name := n.ChildByFieldName("expression"), n.ChildByFieldName("name")
		if name == nil {
			return ""
		}
		if l := x.refOf(left, depth+1); l != "" {
			return l + "." + x.dotted(name)
		}
	case kCondAccess:
		cond := n.ChildByFieldName("condition")
		bind := n.NamedChild(int(n.NamedChildCount()) - 1)
		if bind != nil && x.g.Kind(bind) == kMemberBinding {
			if l, name := x.refOf(cond, depth+1), bind.ChildByFieldName("name"); l != "" && name != nil {
				return l + "." + x.dotted(name)
			}
		}
	case kInvocation:
		fn := n.ChildByFieldName("function")
		if fn == nil {
			return ""
		}
		switch x.g.Kind(fn) {
		case kIdentifier, kGenericName:
			name := x.dotted(fn)
			if owner := x.implicitOwner(name); owner != "" {
				return owner + "." + name + "()"
			}
		case kMemberAccess, kCondAccess:
			if r := x.refOf(fn, depth+1); r != "" {
				return r + "()"
			}
		}
	case kObjectCreation:
		return x.typeRef(n.ChildByFieldName("type"))
	case kCast:
		return x.typeRef(n.ChildByFieldName("type"))
	case kAs:
		return x.typeRef(n.ChildByFieldName("right"))
	case kParen:
		return x.refOf(n.NamedChild(0), depth+1)
	}
	return ""
}

// implicitOwner is the type an unqualified call inside a type runs on: the
// innermost enclosing type declaring the method in this file, else the
// innermost type (the method may be inherited). "" for a local function or
// delegate, or outside any type.
func (x *extractor) implicitOwner(name string) string {
	if x.fn != nil {
		if x.fn.localFuncs[name] {
			return ""
		}
		if _, ok := x.fn.locals[name]; ok {
			return ""
		}
	}
	if len(x.types) == 0 {
		return ""
	}
	for i := len(x.types) - 1; i >= 0; i-- {
		if x.types[i].methods[name] {
			return x.types[i].qn
		}
	}
	if _, ok := x.types[len(x.types)-1].fields[name]; ok {
		return "" // a delegate-typed field or property
	}
	return x.types[len(x.types)-1].qn
}

// path renders an expression as written, for a call's qualifier: "a.b",
// "f()", "x[]", "?" for anything else.
func (x *extractor) path(n *sitter.Node, depth int) string {
	if n == nil || depth > maxRef {
		return "?"
	}
	switch x.kindOf(n) {
	case kIdentifier, kPredefined:
		return x.text(n)
	case kGenericName, kQualifiedName, kAliasQualified:
		return x.dotted(n)
	case kThis:
		return "this"
	case kBase:
		return "base"
	case kMemberAccess:
		if name := n.ChildByFieldName("name"); name != nil {
			return x.path(n.ChildByFieldName("expression"), depth+1) + "." + x.dotted(name)
		}
	case kCondAccess:
		bind := n.NamedChild(int(n.NamedChildCount()) - 1)
		if bind != nil && x.g.Kind(bind) == kMemberBinding {
			if name := bind.ChildByFieldName("name"); name != nil {
				return x.path(n.ChildByFieldName("condition"), depth+1) + "." + x.dotted(name)
			}
		}
	case kInvocation:
		return x.path(n.ChildByFieldName("function"), depth+1) + "()"
	case kElementAccess:
		return x.path(n.ChildByFieldName("expression"), depth+1) + "[]"
	case kParen:
		return x.path(n.NamedChild(0), depth+1)
	}
	return "?"
}

// invocation records a call: M(), x.M(), x?.M(), M<T>().
func (x *extractor) invocation(n *sitter.Node) {
	fn := n.ChildByFieldName("function")
	if fn == nil {
		return
	}
	c := &sdk.Call{Caller: x.caller}
	var nameNode, left *sitter.Node
	switch x.g.Kind(fn) {
	case kIdentifier, kGenericName:
		nameNode = fn
		c.Name = x.dotted(fn)
		if x.fn != nil {
			if _, ok := x.fn.locals[c.Name]; ok || x.fn.localFuncs[c.Name] {
				return // a delegate or a local function: no definition of its own
			}
		}
		c.Receiver = x.implicitOwner(c.Name)
		if builtinFuncs[c.Name] && !x.methodInScope(c.Name) {
			c.Builtin, c.Receiver = true, ""
		}
		if c.Receiver == "" && !c.Builtin && len(x.types) > 0 {
			return // a delegate-typed field called
		}
	case kMemberAccess:
		nameNode, left = fn.ChildByFieldName("name"), fn.ChildByFieldName("expression")
	case kCondAccess:
		bind := fn.NamedChild(int(fn.NamedChildCount()) - 1)
		if bind == nil || x.g.Kind(bind) != kMemberBinding {
			return
		}
		nameNode, left = bind.ChildByFieldName("name"), fn.ChildByFieldName("condition")
	default:
		return
	}
	if nameNode == nil {
		return
	}
	c.Line = int32(nameNode.StartPoint().Row) + 1
	c.Arguments = x.arguments(n.ChildByFieldName("arguments"))
	if left != nil {
		c.Name = x.dotted(nameNode)
		c.Qualifier = x.path(left, 0)
		c.Receiver = x.refOf(left, 0)
		c.Builtin = x.builtinReceiver(left)
	}
	if c.Name != "" {
		x.facts.Calls = append(x.facts.Calls, c)
	}
}

// methodInScope reports whether an enclosing type of this file declares a
// method name.
func (x *extractor) methodInScope(name string) bool {
	for _, t := range x.types {
		if t.methods[name] {
			return true
		}
	}
	return false
}

// builtinReceiver reports whether a call is made on the runtime's types: a
// qualifier rooted at a type keyword (string.Join), a namespace of the
// runtime, or a library type the file does not name otherwise
// (Console.WriteLine).
func (x *extractor) builtinReceiver(left *sitter.Node) bool {
	root := left
	for i := 0; i < maxRef && root != nil; i++ {
		switch x.g.Kind(root) {
		case kMemberAccess:
			root = root.ChildByFieldName("expression")
			continue
		case kInvocation:
			root = root.ChildByFieldName("function")
			continue
		}
		break
	}
	if root == nil {
		return false
	}
	switch x.g.Kind(root) {
	case kPredefined:
		return true
	case kIdentifier:
		name := x.text(root)
		if _, known := x.lookupName(name); !known {
			return (builtinTypes[name] || name == "System" || name == "Microsoft") && !x.fileTypes[name] && !x.aliases[name]
		}
	}
	// A value of the runtime's types is not marked: the method may be one
	// of the repository's extension methods (type.IsOpenGeneric()).
	return false
}

// creation records `new Foo()` as a constructor call of Foo; `new
// A.B.Foo()` has qualifier A.B.
func (x *extractor) creation(n *sitter.Node) {
	typ := n.ChildByFieldName("type")
	x.typeRefs(typ)
	x.construct(x.typeRef(typ), n)
}

// construct records a constructor call of the type ref at n.
func (x *extractor) construct(ref string, n *sitter.Node) {
	if ref == "" || predefined[ref] {
		return
	}
	args := n.ChildByFieldName("arguments")
	if x.g.Kind(n) == kImplicitCreation {
		args = n
	}
	c := &sdk.Call{Caller: x.caller, Line: int32(n.StartPoint().Row) + 1, Constructor: true, Name: ref,
		Arguments: x.arguments(args)}
	if i := strings.LastIndexByte(ref, '.'); i >= 0 {
		c.Name, c.Qualifier = ref[i+1:], ref[:i]
	} else if r, known := x.lookupName(ref); known && strings.Contains(r, ".") {
		c.Receiver = r[:strings.LastIndexByte(r, '.')] // a nested type of this file
	}
	c.Builtin = builtinTypes[c.Name] && c.Qualifier == "" && !x.fileTypes[c.Name] && !x.aliases[c.Name]
	x.facts.Calls = append(x.facts.Calls, c)
}

// The keywords this and base are anonymous nodes in the grammar, which the
// kind table does not name.
const (
	kThis kind = 255 - iota
	kBase
)

// kindOf is Kind that also tells this and base apart.
func (x *extractor) kindOf(n *sitter.Node) kind {
	if !n.IsNamed() {
		switch n.Type() {
		case "this":
			return kThis
		case "base":
			return kBase
		}
	}
	return x.g.Kind(n)
}

func isUpper(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

// arity is the number of arguments a parameter list takes, each plus one
// as Definition.min_arguments and max_arguments want them: optional
// parameters lower the minimum, a params array lifts the maximum, and an
// extension method may be called without its `this` argument (t.M()) or
// with it (Ext.M(t)).
func (x *extractor) arity(ps *sitter.Node) (lo, hi int32) {
	if ps == nil {
		return 0, 0
	}
	var required, all int32
	variadic, extension := false, false
	for i := 0; i < int(ps.ChildCount()); i++ {
		c := ps.Child(i)
		switch {
		case !c.IsNamed() && c.Type() == "params":
			variadic = true
		case x.g.Kind(c) == kParam:
			all++
			optional := false
			for j := 0; j < int(c.ChildCount()); j++ {
				switch m := c.Child(j); {
				case !m.IsNamed() && m.Type() == "=":
					optional = true
				case i == 1 && x.g.Kind(m) == kModifier && x.text(m) == "this":
					extension = true
				}
			}
			if !optional {
				required++
			}
		}
	}
	if extension && required > 0 {
		required--
	}
	if variadic {
		return required + 1, 0
	}
	return required + 1, all + 1
}

// arguments counts the arguments of an argument list, plus one as
// Call.arguments wants them; a call without a list (new Foo { X = 1 })
// passes none.
func (x *extractor) arguments(list *sitter.Node) int32 {
	if list == nil {
		return 1
	}
	if k := x.g.Kind(list); k == kCtorInit || k == kImplicitCreation {
		var inner *sitter.Node
		treesitter.EachNamedChild(list, func(c *sitter.Node) {
			if c.Type() == "argument_list" {
				inner = c
			}
		})
		if inner == nil {
			return 0
		}
		list = inner
	}
	if list.Type() != "argument_list" {
		return 0
	}
	n := int32(1)
	treesitter.EachNamedChild(list, func(c *sitter.Node) {
		if c.Type() == "argument" {
			n++
		}
	})
	return n
}
