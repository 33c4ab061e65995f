package python

import (
	"path"
	"sort"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	tspy "github.com/smacker/go-tree-sitter/python"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// kind is what the extractor needs to know about a node type; the grammar
// looks it up by the node's symbol (x.g.Kind). kOther, the zero kind, is
// every type kindNames does not name.
type kind uint8

const (
	kOther kind = iota
	kLeaf       // nodes with nothing of interest below
	kFunction
	kClass
	kDecorated
	kBlock
	kCall
	kIdentifier
	kAttribute
	kSubscript
	kParen
	kImport
	kFromImport
	kDottedName
	kAliasedImport
	kRelativeImport
	kImportPrefix
	kWildcard
	kExprStatement
	kString
	kKeywordArgument
	kComment
	kAssignment
	kAwait
	// kBranch adds one to the enclosing function's complexity.
	kBranch
	kReturn
	kYield
	kComprehension
	// Kinds the prepass of bindings tells apart; kFor and kExcept are
	// branches too.
	kFor
	kExcept
	kWithItem
	kNamedExpression
	kLambda
	kGlobal
	kRaise
)

var kindNames = map[string]kind{
	"string_start":             kLeaf,
	"string_content":           kLeaf,
	"string_end":               kLeaf,
	"escape_sequence":          kLeaf,
	"integer":                  kLeaf,
	"float":                    kLeaf,
	"true":                     kLeaf,
	"false":                    kLeaf,
	"none":                     kLeaf,
	"ellipsis":                 kLeaf,
	"pass_statement":           kLeaf,
	"future_import_statement":  kLeaf,
	"comment":                  kComment,
	"function_definition":      kFunction,
	"class_definition":         kClass,
	"decorated_definition":     kDecorated,
	"block":                    kBlock,
	"call":                     kCall,
	"identifier":               kIdentifier,
	"attribute":                kAttribute,
	"subscript":                kSubscript,
	"parenthesized_expression": kParen,
	"import_statement":         kImport,
	"import_from_statement":    kFromImport,
	"dotted_name":              kDottedName,
	"aliased_import":           kAliasedImport,
	"relative_import":          kRelativeImport,
	"import_prefix":            kImportPrefix,
	"wildcard_import":          kWildcard,
	"expression_statement":     kExprStatement,
	"string":                   kString,
	"keyword_argument":         kKeywordArgument,
	"assignment":               kAssignment,
	"await":                    kAwait,
	"if_statement":             kBranch,
	"elif_clause":              kBranch,
	"for_statement":            kFor,
	"while_statement":          kBranch,
	"except_clause":            kExcept,
	"except_group_clause":      kExcept,
	"with_item":                kWithItem,
	"named_expression":         kNamedExpression,
	"lambda":                   kLambda,
	"global_statement":         kGlobal,
	"nonlocal_statement":       kGlobal,
	"case_clause":              kBranch,
	"conditional_expression":   kBranch,
	"boolean_operator":         kBranch,
	"for_in_clause":            kBranch,
	"if_clause":                kBranch,
	"return_statement":         kReturn,
	"raise_statement":          kRaise,
	"yield":                    kYield,
	"list_comprehension":       kComprehension,
	"set_comprehension":        kComprehension,
	"dictionary_comprehension": kComprehension,
	"generator_expression":     kComprehension,
}

// roles are the kinds the shared call extraction reads.
var roles = map[kind]treesitter.Role{
	kIdentifier: treesitter.RoleName,
	kAttribute:  treesitter.RoleMember,
	kCall:       treesitter.RoleCall,
	kSubscript:  treesitter.RoleIndex,
	kParen:      treesitter.RoleParen,
}

// grammar builds the tables once; they are read-only afterwards and shared
// by concurrent Parse calls.
var grammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
	return treesitter.NewGrammar(tspy.GetLanguage(), kindNames, roles)
})

// scope is a definition whose body the walk is in.
type scope struct {
	name, qn string
	def      *sdk.Definition
	// class is set in a class body, env in a function body.
	class *classInfo
	env   *env
	// local is set inside a function: what is defined there cannot be
	// imported, so it is not exported.
	local bool
	// returns is the type every return statement of a function agrees on,
	// "" once two disagree or one is unknown (see returned).
	returns   string
	returnsOK bool
	returned  int
	generator bool
}

// extractor walks one tree once, collecting the file's facts.
type extractor struct {
	src    []byte
	facts  *sdk.FileFacts
	g      *treesitter.Grammar[kind]
	module string
	scopes []scope
	// moduleNames are the names the module binds anywhere at top level:
	// definitions, imports, assignments. They shadow the builtins.
	moduleNames map[string]bool
	// classes and functions are the module's own top-level definitions.
	classes, functions map[string]bool
	variables          map[string]bool
	references         map[string]bool
	// hasTests is set by a test function or test class at top level.
	hasTests bool
	// dottedImports are the indexes of "import a.b" among the imports.
	dottedImports []int
	// moduleElems are what the module's annotated collections hold.
	moduleElems map[string]elem
	// stub is set for a .pyi file.
	stub bool
	// usedNames are the names the file reads outside its functions'
	// locals.
	usedNames map[string]bool
}

func newExtractor(src []byte, facts *sdk.FileFacts) *extractor {
	return &extractor{src: src, facts: facts, g: grammar(), module: facts.Package,
		moduleNames: map[string]bool{}, classes: map[string]bool{}, functions: map[string]bool{},
		variables: map[string]bool{}, references: map[string]bool{}, moduleElems: map[string]elem{},
		stub: strings.HasSuffix(facts.Path, ".pyi"), usedNames: map[string]bool{}}
}

// extract walks the module: first what it binds, then everything.
func (x *extractor) extract(root *sitter.Node) {
	x.bindings(root, 0, true, func(target, _, _ *sitter.Node) {
		x.moduleNames[x.text(target)] = true
	})
	x.visit(root)
	x.fixDottedImports()
	// A package's docstring is its __init__.py's: it says what the
	// directory is for.
	if path.Base(x.facts.GetPath()) == "__init__.py" {
		x.facts.PackageDoc = x.docstring(root)
	}
	// Imported names the file uses as values (a module's attribute, a
	// function passed along) tell the core which of an import's files
	// the file depends on, as its calls do.
	for _, imp := range x.facts.Imports {
		bound := imp.Names
		if imp.Alias != "" {
			bound = []string{imp.Alias}
		}
		for _, name := range bound {
			if x.usedNames[name] {
				x.reference(name)
			}
		}
	}
	for r := range x.references {
		x.facts.References = append(x.facts.References, r)
	}
	sort.Strings(x.facts.References)
}

func (x *extractor) text(n *sitter.Node) string { return treesitter.Text(x.src, n) }

func (x *extractor) top() *scope {
	if len(x.scopes) == 0 {
		return nil
	}
	return &x.scopes[len(x.scopes)-1]
}

func (x *extractor) caller() string {
	if s := x.top(); s != nil {
		return s.qn
	}
	return ""
}

// env is the innermost function's bindings; nil at module level and in a
// class body, whose names methods do not see.
func (x *extractor) env() *env {
	if s := x.top(); s != nil {
		return s.env
	}
	return nil
}

// function is the innermost definition when it is a function: branches
// count towards its complexity.
func (x *extractor) function() *sdk.Definition {
	if s := x.top(); s != nil && s.env != nil {
		return s.def
	}
	return nil
}

func (x *extractor) children(n *sitter.Node) { treesitter.EachNamedChild(n, x.visit) }

func (x *extractor) visit(n *sitter.Node) {
	switch x.g.Kind(n) {
	case kLeaf, kComment:
		return
	case kIdentifier:
		if name := x.text(n); !x.usedNames[name] {
			if _, local := x.env().lookup(name); !local {
				x.usedNames[name] = true
			}
		}
		return
	case kFunction:
		x.functionDef(n, n, nil)
		return
	case kClass:
		x.classDef(n, n)
		return
	case kDecorated:
		x.decorated(n)
		return
	case kImport:
		x.importStatement(n)
		return
	case kFromImport:
		x.fromImport(n)
		return
	case kCall:
		x.call(n)
	case kAssignment:
		x.assignment(n)
	case kBranch, kFor, kExcept:
		if d := x.function(); d != nil {
			d.Complexity++
		}
		if x.g.Kind(n) == kExcept {
			x.except(n)
		}
	case kRaise:
		x.raise(n)
	case kComprehension:
		if x.comprehension(n) {
			return
		}
	case kReturn:
		x.returned(n)
	case kYield:
		if s := x.top(); s != nil && s.env != nil {
			s.generator = true
		}
	}
	x.children(n)
}

// decorated visits the decorators in the enclosing scope, where Python
// evaluates them, and starts the definition's span at the first one.
func (x *extractor) decorated(n *sitter.Node) {
	var decorators []string
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch x.g.Kind(c) {
		case kFunction:
			x.functionDef(c, n, decorators)
		case kClass:
			x.classDef(c, n)
		default:
			if c.Type() == "decorator" && c.NamedChildCount() > 0 {
				decorators = append(decorators, x.text(c.NamedChild(0)))
			}
			x.visit(c)
		}
	}
}

// define records a definition of name in the current scope; outer is the
// node whose start begins the span (the decorated definition, if any).
func (x *extractor) define(n, outer *sitter.Node, name, kind string) (*sdk.Definition, scope) {
	parent := scope{qn: x.module}
	if s := x.top(); s != nil {
		parent = *s
	}
	qn := name
	if parent.qn != "" {
		qn = parent.qn + "." + name
	}
	def := &sdk.Definition{
		Name:          name,
		QualifiedName: qn,
		Kind:          kind,
		Span:          treesitter.Span(outer, n),
		Exported:      !parent.local && isPublic(name),
		DocStyle:      "docstring",
	}
	if parent.class != nil {
		def.Receiver = parent.qn
		parent.class.members[name] = true
		if kind == "function" {
			def.Kind = "method"
		}
	}
	if len(x.scopes) == 0 && (kind == "function" && (name == "test" || strings.HasPrefix(name, "test_")) ||
		kind == "class" && strings.HasPrefix(name, "Test")) {
		x.hasTests = true
	}
	x.facts.Definitions = append(x.facts.Definitions, def)
	return def, scope{name: name, qn: qn, def: def, local: parent.local || kind == "function"}
}

func (x *extractor) functionDef(n, outer *sitter.Node, decorators []string) {
	name := n.ChildByFieldName("name")
	body := x.body(n)
	if name == nil || body == nil {
		x.children(n)
		return
	}
	owner := x.top()
	def, sc := x.define(n, outer, x.text(name), "function")
	def.Signature = strings.TrimSuffix(oneLine(x.src[n.StartByte():body.StartByte()]), ":")
	def.Doc = x.docstring(body)
	def.Complexity = 1
	// A stub's functions declare those of the module it describes, which
	// has the same qualified names: calls reaching them go on to the code.
	def.Declaration = x.stub

	// Defaults and annotations run in the enclosing scope.
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if c := n.NamedChild(i); !c.Equal(body) && !c.Equal(name) {
			x.visit(c)
		}
	}
	static, classMethod := false, false
	for _, d := range decorators {
		switch {
		case d == "abstractmethod", d == "abc.abstractmethod":
			def.Abstract = true
		case d == "overload", strings.HasSuffix(d, ".overload"):
			def.Declaration = true // the implementation follows under the same name
		case d == "staticmethod":
			static = true
		case d == "classmethod":
			classMethod = true
		case def.Kind == "method" && (d == "property" || d == "cached_property" || strings.HasSuffix(d, ".cached_property") ||
			strings.HasSuffix(d, ".setter") || strings.HasSuffix(d, ".getter") || strings.HasSuffix(d, ".deleter")):
			// Read as an attribute: its value is what the getter returns.
			def.Kind = "property"
		}
	}
	if def.Kind == "method" && def.Name == "__init__" {
		def.Kind = "constructor"
	}
	if owner != nil && owner.class != nil && owner.class.def.Structural {
		def.Abstract = true // a protocol's methods are what implementations provide
	}
	if !def.Abstract && x.onlyRaisesNotImplemented(body) {
		def.Abstract = true
	}
	def.Type = x.typeRef(n.ChildByFieldName("return_type"), 0)
	if owner != nil && owner.class != nil && (def.Type == "Self" || strings.HasSuffix(def.Type, ".Self")) {
		def.Type = owner.class.ref
	}
	x.reference(def.Type)

	e := newEnv(x.env())
	var cls *classInfo
	if owner != nil && !static {
		cls = owner.class
	}
	x.parameters(n.ChildByFieldName("parameters"), e, cls)
	e.classObject = classMethod
	sc.env = e
	x.scopes = append(x.scopes, sc)
	x.bindings(body, 0, false, func(target, typ, value *sitter.Node) {
		name := x.text(target)
		if typ == nil && value == nil {
			switch p := target.Parent(); {
			case p == nil:
			case x.g.Kind(p) == kFor:
				// for x in items: x is what items holds.
				if el, ok := x.collection(p.ChildByFieldName("right"), 0); ok {
					x.bindType(e, name, el.iter)
					return
				}
			case x.g.Kind(p) == kClass:
				// A class defined in the function: found by its name
				// alone, as it has no owner.
				e.vars[name], e.classes[name] = name, true
				return
			}
		}
		x.bindLocal(e, name, typ, value)
	})
	x.children(body)
	if s := x.top(); def.Type == "" && s.returned > 0 && s.returnsOK && !s.generator {
		def.Type = s.returns // what the file tells without an annotation
	}
	x.scopes = x.scopes[:len(x.scopes)-1]
}

// comprehension walks a comprehension in a function with its variables
// bound, so that they shadow the module's names and take what they
// iterate over: [t.check(v) for t in self.tags].
func (x *extractor) comprehension(n *sitter.Node) bool {
	s := x.top()
	if s == nil || s.env == nil {
		return false
	}
	outer := s.env
	inner := newEnv(outer)
	s.env = inner
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if c.Type() != "for_in_clause" {
			return
		}
		// Each clause's iterable sees the variables of the clauses before.
		el, ok := x.collection(c.ChildByFieldName("right"), 0)
		x.bindTarget(c.ChildByFieldName("left"), nil, nil, func(target, _, _ *sitter.Node) {
			if ok && target.Equal(c.ChildByFieldName("left")) {
				x.bindType(inner, x.text(target), el.iter)
			} else {
				x.bindType(inner, x.text(target), "")
			}
		})
	})
	x.children(n)
	s.env = outer
	return true
}

// returned notes the type a function returns, when the file tells it:
// "app = Flask(); return app" returns Flask(). A bare return or None
// leaves it optional, which references do not write.
func (x *extractor) returned(n *sitter.Node) {
	s := x.top()
	if s == nil || s.env == nil {
		return
	}
	v := n.NamedChild(0)
	if v == nil || v.Type() == "none" {
		return
	}
	t, rt := x.ref(v, 0)
	if rt == rootNone {
		t = ""
	}
	switch {
	case s.returned == 0:
		s.returns, s.returnsOK = t, t != ""
	case t != s.returns:
		s.returnsOK = false
	}
	s.returned++
}

// parameters binds a function's parameters in e, with their annotations;
// a method's first parameter is its class.
func (x *extractor) parameters(params *sitter.Node, e *env, cls *classInfo) {
	if params == nil {
		return
	}
	for i := 0; i < int(params.NamedChildCount()); i++ {
		p := params.NamedChild(i)
		var name, typ *sitter.Node
		switch p.Type() {
		case "identifier":
			name = p
		case "typed_parameter":
			name, typ = p.NamedChild(0), p.ChildByFieldName("type")
		case "default_parameter", "typed_default_parameter":
			name, typ = p.ChildByFieldName("name"), p.ChildByFieldName("type")
		case "list_splat_pattern", "dictionary_splat_pattern":
			name = p
		default:
			continue
		}
		if name == nil {
			continue
		}
		t := ""
		switch name.Type() {
		case "identifier":
			t = x.typeRef(typ, 0)
			x.reference(t)
			if el, ok := x.elemOf(typ, 0); ok {
				e.elems[x.text(name)] = el
			}
		case "list_splat_pattern": // *args is a tuple
			name, t = name.NamedChild(0), "tuple"
		case "dictionary_splat_pattern": // **kwargs a dict
			name, t = name.NamedChild(0), "dict"
		}
		if name == nil || name.Type() != "identifier" {
			continue
		}
		if i == 0 && cls != nil {
			t = cls.ref
			e.self, e.class = x.text(name), cls
		}
		e.vars[x.text(name)] = t
		e.weak[x.text(name)] = t == "" // what an assignment in the body may tell
	}
}

// bindLocal records a local variable: its annotation, or the type of what
// it is assigned when every assignment agrees.
func (x *extractor) bindLocal(e *env, name string, typ, value *sitter.Node) {
	if typ != nil {
		t := x.typeRef(typ, 0)
		x.reference(t)
		e.vars[name] = t
		e.annotated[name] = true
		if el, ok := x.elemOf(typ, 0); ok {
			e.elems[name] = el
		}
		return
	}
	if value != nil && value.Type() == "none" {
		// x = None before x = Foo(): the type is Foo's, optional.
		if _, ok := e.vars[name]; !ok {
			e.vars[name], e.weak[name] = "", true
		}
		return
	}
	t := ""
	if value != nil {
		if r, rt := x.ref(value, 0); rt != rootNone {
			t = r
		}
	}
	x.bindType(e, name, t)
}

// bindType records one more assignment of a local: its type stays known
// while every assignment agrees.
func (x *extractor) bindType(e *env, name, t string) {
	if e.annotated[name] {
		return
	}
	if old, ok := e.vars[name]; ok && old != t && !e.weak[name] {
		t = ""
	}
	e.vars[name] = t
	delete(e.weak, name)
}

// bindings calls bind with each name a body binds, its annotation and its
// value when one is assigned, without entering nested scopes. At module
// level imports bind too; in a function their names are left to the
// module's scope, where the core finds them.
func (x *extractor) bindings(n *sitter.Node, depth int, module bool, bind func(target, typ, value *sitter.Node)) {
	if depth > maxRef*4 {
		return
	}
	switch k := x.g.Kind(n); k {
	case kLeaf, kComment, kIdentifier, kString, kDottedName, kGlobal:
		return
	case kFunction, kClass:
		if name := n.ChildByFieldName("name"); name != nil {
			bind(name, nil, nil)
			if module && depth <= 2 {
				if k == kClass {
					x.classes[x.text(name)] = true
				} else {
					x.functions[x.text(name)] = true
				}
			}
		}
		return
	case kLambda, kComprehension:
		return
	case kAssignment:
		left, typ, value := n.ChildByFieldName("left"), n.ChildByFieldName("type"), n.ChildByFieldName("right")
		for value != nil && x.g.Kind(value) == kAssignment { // a = b = f()
			x.bindings(value, depth+1, module, bind)
			value = value.ChildByFieldName("right")
		}
		x.bindTarget(left, typ, value, bind)
		return
	case kFor:
		x.bindTarget(n.ChildByFieldName("left"), nil, nil, bind)
	case kWithItem:
		if v := n.ChildByFieldName("value"); v != nil && v.Type() == "as_pattern" {
			if alias := v.ChildByFieldName("alias"); alias != nil && alias.NamedChildCount() > 0 {
				x.bindTarget(alias.NamedChild(0), nil, v.NamedChild(0), bind)
			}
		}
	case kExcept:
		for i := 0; i < int(n.NamedChildCount()); i++ {
			if v := n.NamedChild(i); v.Type() == "as_pattern" {
				if alias := v.ChildByFieldName("alias"); alias != nil && alias.NamedChildCount() > 0 {
					x.bindTarget(alias.NamedChild(0), v.NamedChild(0), nil, bind)
				}
			}
		}
	case kNamedExpression:
		if name := n.ChildByFieldName("name"); name != nil {
			bind(name, nil, n.ChildByFieldName("value"))
		}
	case kImport, kFromImport:
		if module {
			x.importBindings(n, bind)
		}
		return
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) { x.bindings(c, depth+1, module, bind) })
}

func (x *extractor) bindTarget(t, typ, value *sitter.Node, bind func(target, typ, value *sitter.Node)) {
	if t == nil {
		return
	}
	switch t.Type() {
	case "identifier":
		bind(t, typ, value)
	case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "parenthesized_expression",
		"list_splat_pattern", "list_splat":
		for i := 0; i < int(t.NamedChildCount()); i++ {
			x.bindTarget(t.NamedChild(i), nil, nil, bind)
		}
	}
}

// importBindings binds the names an import statement brings into the
// module: "import a.b" binds a, "from m import x as y" binds y.
func (x *extractor) importBindings(n *sitter.Node, bind func(target, typ, value *sitter.Node)) {
	from := n.Type() == "import_from_statement"
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		if from && c.Equal(n.ChildByFieldName("module_name")) {
			continue
		}
		switch c.Type() {
		case "dotted_name":
			if c.NamedChildCount() > 0 {
				bind(c.NamedChild(0), nil, nil)
			}
		case "aliased_import":
			if a := c.ChildByFieldName("alias"); a != nil {
				bind(a, nil, nil)
			}
		}
	}
}

// onlyRaisesNotImplemented is a body that, past its docstring, only raises
// NotImplementedError: a method subclasses are meant to override.
func (x *extractor) onlyRaisesNotImplemented(body *sitter.Node) bool {
	var stmts []*sitter.Node
	treesitter.EachNamedChild(body, func(c *sitter.Node) {
		if x.g.Kind(c) != kComment && len(stmts) < 3 {
			stmts = append(stmts, c)
		}
	})
	if len(stmts) > 0 && x.g.Kind(stmts[0]) == kExprStatement && stmts[0].NamedChildCount() == 1 &&
		x.g.Kind(stmts[0].NamedChild(0)) == kString {
		stmts = stmts[1:]
	}
	if len(stmts) != 1 || stmts[0].Type() != "raise_statement" || stmts[0].NamedChildCount() == 0 {
		return false
	}
	exc := stmts[0].NamedChild(0)
	if x.g.Kind(exc) == kCall {
		exc = exc.ChildByFieldName("function")
	}
	return exc != nil && x.text(exc) == "NotImplementedError"
}

func (x *extractor) classDef(n, outer *sitter.Node) {
	name := n.ChildByFieldName("name")
	body := x.body(n)
	if name == nil || body == nil {
		x.children(n)
		return
	}
	def, sc := x.define(n, outer, x.text(name), "class")
	def.Signature = strings.TrimSuffix(oneLine(x.src[n.StartByte():body.StartByte()]), ":")
	def.Doc = x.docstring(body)
	if supers := n.ChildByFieldName("superclasses"); supers != nil {
		for i := 0; i < int(supers.NamedChildCount()); i++ {
			b := supers.NamedChild(i)
			switch x.g.Kind(b) {
			case kKeywordArgument, kComment: // metaclass=..., not a base
				continue
			}
			r := x.typeRef(b, 0)
			if r == "" {
				continue
			}
			if last := r[strings.LastIndexByte(r, '.')+1:]; last == "Protocol" {
				def.Structural = true
			}
			def.Bases = append(def.Bases, r)
			x.reference(r)
			if len(x.scopes) == 0 && strings.HasSuffix(r, "TestCase") {
				x.hasTests = true
			}
		}
		x.visit(supers)
	}
	ref := def.Name
	if s := x.top(); s != nil && s.class != nil {
		ref = s.class.ref + "." + ref
	}
	sc.class = &classInfo{def: def, ref: ref, fields: map[string]int{}, annotated: map[string]bool{},
		members: map[string]bool{}, elems: map[string]elem{}}
	x.scopes = append(x.scopes, sc)
	x.children(body)
	x.scopes = x.scopes[:len(x.scopes)-1]
	sc.class.finish()
}

// assignment records what an assignment tells of types: a class body's
// attributes and a method's self.x are fields of the class, a module's
// variables holding instances or classes are definitions.
func (x *extractor) assignment(n *sitter.Node) {
	left, typ, value := n.ChildByFieldName("left"), n.ChildByFieldName("type"), n.ChildByFieldName("right")
	if left == nil {
		return
	}
	for value != nil && x.g.Kind(value) == kAssignment {
		value = value.ChildByFieldName("right")
	}
	t, annotated := x.typeRef(typ, 0), typ != nil
	x.reference(t)
	if !annotated && value != nil {
		if r, rt := x.ref(value, 0); rt != rootNone {
			t = r
		}
	}
	el, hasElem := x.elemOf(typ, 0)
	s := x.top()
	switch {
	case s == nil:
		x.variable(n, left, t, value, annotated)
		if hasElem && x.g.Kind(left) == kIdentifier {
			x.moduleElems[x.text(left)] = el
		}
	case s.class != nil && x.g.Kind(left) == kIdentifier:
		s.class.addField(x.text(left), t, annotated)
		if hasElem {
			s.class.elems[x.text(left)] = el
		}
	case s.env != nil && x.g.Kind(left) == kAttribute:
		obj, attr := left.ChildByFieldName("object"), left.ChildByFieldName("attribute")
		if obj == nil || attr == nil || x.g.Kind(obj) != kIdentifier {
			return
		}
		if c := s.env.selfClass(x.text(obj)); c != nil {
			c.addField(x.text(attr), t, annotated)
			if hasElem {
				c.elems[x.text(attr)] = el
			}
		}
	}
}

// variable defines a module-level name assigned an instance or a class:
// app = Flask(__name__), or an annotated name. Other values (numbers,
// strings, collections) type nothing worth a definition.
func (x *extractor) variable(stmt, left *sitter.Node, t string, value *sitter.Node, annotated bool) {
	if x.g.Kind(left) != kIdentifier || t == "" {
		return
	}
	name := x.text(left)
	if strings.HasPrefix(name, "__") || x.variables[name] || x.classes[name] || x.functions[name] {
		return
	}
	if !annotated && value != nil && x.g.Kind(value) != kCall {
		last := t[strings.LastIndexByte(t, '.')+1:]
		if !looksLikeClass(last) {
			return // an alias of a function or a module: not a typed value
		}
	}
	x.variables[name] = true
	qn := name
	if x.module != "" {
		qn = x.module + "." + name
	}
	x.facts.Definitions = append(x.facts.Definitions, &sdk.Definition{
		Name:          name,
		QualifiedName: qn,
		Kind:          "variable",
		Span:          treesitter.Span(stmt, stmt),
		Exported:      isPublic(name),
		Type:          t,
	})
}

// fixDottedImports keeps "import a" the binding of a where the file has
// it: the core binds an alias to one import's files, and a.b is reached
// from package a as its submodule. "import a.b" then keeps a.b as its
// alias, which no reference names.
func (x *extractor) fixDottedImports() {
	plain := map[string]bool{}
	for _, imp := range x.facts.Imports {
		if imp.Level == 0 && len(imp.Names) == 0 && imp.Alias == imp.Spec {
			plain[imp.Spec] = true
		}
	}
	for _, i := range x.dottedImports {
		if imp := x.facts.Imports[i]; plain[imp.Alias] {
			imp.Alias = imp.Spec
		}
	}
}

// reference notes a type the file names outside calls.
func (x *extractor) reference(r string) {
	if r != "" {
		x.references[r] = true
	}
}

// body finds the block by kind: the grammar also tags a comment between
// the colon and the block as "body".
func (x *extractor) body(n *sitter.Node) *sitter.Node {
	for i := int(n.NamedChildCount()) - 1; i >= 0; i-- {
		if c := n.NamedChild(i); x.g.Kind(c) == kBlock {
			return c
		}
	}
	return nil
}

// docstring is the string literal that is the body's first statement.
func (x *extractor) docstring(body *sitter.Node) string {
	for i := 0; i < int(body.NamedChildCount()); i++ {
		st := body.NamedChild(i)
		switch x.g.Kind(st) {
		case kComment:
			continue
		case kExprStatement:
			if s := st.NamedChild(0); s != nil && st.NamedChildCount() == 1 && x.g.Kind(s) == kString {
				return cleanDocstring(x.text(s))
			}
		}
		return ""
	}
	return ""
}

// call records a call site with what the file tells of its receiver: a
// builtin, a constructor, or the type the call is made on.
func (x *extractor) call(n *sitter.Node) {
	c := x.g.Call(x.src, n, x.caller())
	if c == nil {
		return
	}
	x.facts.Calls = append(x.facts.Calls, c)
	fn := n.ChildByFieldName("function")
	for fn != nil && x.g.Kind(fn) == kParen {
		fn = fn.NamedChild(0)
	}
	if fn == nil {
		return
	}
	var class string // the class constructed, as a reference
	switch x.g.Kind(fn) {
	case kIdentifier:
		name := c.Name
		if x.shadowed(name) {
			if _, local := x.env().lookup(name); !local && (x.classes[name] || calledLikeClass(name) && !x.functions[name]) {
				class = name
			} else if e := x.env(); local && e.isClass(name) {
				class = name
			} else if local && e.selfClass(name) != nil && e.classObjectNamed(name) {
				class = e.selfClass(name).ref // cls() in a classmethod
			}
		} else if builtinNames[name] {
			c.Builtin = true
		} else if calledLikeClass(name) {
			class = name
		}
	case kAttribute:
		r, rt := x.ref(fn.ChildByFieldName("object"), 0)
		if rt == rootLocal {
			c.Receiver = r
			// A method of str, dict, list...: the language's, which no
			// repository method of the same name may stand in for.
			c.Builtin = x.onBuiltin(r)
		}
		if rt != rootNone && calledLikeClass(c.Name) {
			class = r + "." + c.Name
		}
	}
	if class == "" {
		return
	}
	// Foo() runs Foo.__init__, found on Foo or its bases.
	c.Constructor = true
	qual := c.Name
	if c.Qualifier != "" {
		qual = c.Qualifier + "." + c.Name
	}
	x.facts.Calls = append(x.facts.Calls, &sdk.Call{Name: "__init__", Qualifier: qual, Caller: c.Caller,
		Line: c.Line, Receiver: class})
}

// importStatement: "import a.b, c as d" is one Import per module.
func (x *extractor) importStatement(n *sitter.Node) {
	line := int32(n.StartPoint().Row) + 1
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch x.g.Kind(c) {
		case kDottedName:
			spec := x.dotted(c)
			// "import a.b" binds a, through which a.b is reached (but see
			// dottedImports).
			alias, _, dotted := strings.Cut(spec, ".")
			if dotted {
				x.dottedImports = append(x.dottedImports, len(x.facts.Imports))
			}
			x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: spec, Alias: alias, Line: line})
		case kAliasedImport:
			name, alias := x.aliased(c)
			x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: name, Alias: alias, Line: line})
		}
	}
}

// fromImport: "from ..a.b import c, d as e" is one Import with Spec "a.b",
// Level 2 and Names ["c", "d"].
func (x *extractor) fromImport(n *sitter.Node) {
	count := int(n.NamedChildCount())
	if count == 0 {
		return
	}
	imp := &sdk.Import{Line: int32(n.StartPoint().Row) + 1}
	module := n.NamedChild(0)
	switch x.g.Kind(module) {
	case kDottedName:
		imp.Spec = x.dotted(module)
	case kRelativeImport:
		for i := 0; i < int(module.NamedChildCount()); i++ {
			c := module.NamedChild(i)
			switch x.g.Kind(c) {
			case kImportPrefix:
				imp.Level = int32(strings.Count(x.text(c), "."))
			case kDottedName:
				imp.Spec = x.dotted(c)
			}
		}
		// The spec keeps its dots, as written: "from .json import x" and
		// "import json" in one file are different modules.
		imp.Spec = strings.Repeat(".", int(imp.Level)) + imp.Spec
	default:
		return
	}
	aliases := 0
	for i := 1; i < count; i++ {
		c := n.NamedChild(i)
		switch x.g.Kind(c) {
		case kDottedName:
			imp.Names = append(imp.Names, x.dotted(c))
		case kAliasedImport:
			name, alias := x.aliased(c)
			imp.Names = append(imp.Names, name)
			imp.Alias = alias
			aliases++
		case kWildcard:
			imp.Names = append(imp.Names, "*")
		}
	}
	if len(imp.Names) != 1 || aliases != 1 {
		imp.Alias = "" // one alias field cannot say which name it renames
	}
	x.facts.Imports = append(x.facts.Imports, imp)
}

// dotted reads a dotted_name without the spaces or comments Python allows
// inside one.
func (x *extractor) dotted(n *sitter.Node) string {
	count := int(n.NamedChildCount())
	if count == 1 {
		return x.text(n.NamedChild(0))
	}
	parts := make([]string, 0, count)
	for i := 0; i < count; i++ {
		if c := n.NamedChild(i); x.g.Kind(c) == kIdentifier {
			parts = append(parts, x.text(c))
		}
	}
	return strings.Join(parts, ".")
}

func (x *extractor) aliased(n *sitter.Node) (name, alias string) {
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch x.g.Kind(c) {
		case kDottedName:
			name = x.dotted(c)
		case kIdentifier:
			alias = x.text(c)
		}
	}
	return name, alias
}

// isPublic follows Python's convention: a leading underscore marks a name
// private, except for dunder names, which are part of the public protocol.
func isPublic(name string) bool {
	if !strings.HasPrefix(name, "_") {
		return true
	}
	return len(name) > 4 && strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__")
}

// except counts an except clause: ignored when its body only passes
// (pass, ..., continue), caught otherwise.
func (x *extractor) except(n *sitter.Node) {
	body := n.NamedChild(int(n.NamedChildCount()) - 1)
	if body == nil || x.g.Kind(body) != kBlock {
		return
	}
	dropped := true
	treesitter.EachNamedChild(body, func(c *sitter.Node) {
		switch {
		case x.g.Kind(c) == kComment, c.Type() == "pass_statement", c.Type() == "continue_statement":
		case x.g.Kind(c) == kExprStatement && c.NamedChildCount() == 1 && c.NamedChild(0).Type() == "ellipsis":
		default:
			dropped = false
		}
	})
	if dropped {
		sdk.CountErrorShape(x.facts, sdk.ErrorIgnored)
	} else {
		sdk.CountErrorShape(x.facts, sdk.ErrorCaught)
	}
}

// raise counts a raise statement: a bare raise passes the error being
// handled on as is (propagated), raise X from e wraps e, and any other
// raises X (thrown; from None too, which hides the cause). raise
// NotImplementedError marks a method to override, not an error handled:
// it is left out.
func (x *extractor) raise(n *sitter.Node) {
	var exc *sitter.Node
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if exc == nil && x.g.Kind(c) != kComment {
			exc = c
		}
	})
	if exc == nil {
		sdk.CountErrorShape(x.facts, sdk.ErrorPropagated)
		return
	}
	name := exc
	if x.g.Kind(name) == kCall {
		name = name.ChildByFieldName("function")
	}
	if name != nil && x.text(name) == "NotImplementedError" {
		return
	}
	if cause := n.ChildByFieldName("cause"); cause != nil && cause.Type() != "none" {
		sdk.CountErrorShape(x.facts, sdk.ErrorWrapped)
		return
	}
	sdk.CountErrorShape(x.facts, sdk.ErrorThrown)
}
