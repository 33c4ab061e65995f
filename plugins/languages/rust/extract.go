package rust

import (
	"context"
	"path"
	"sort"
	"strconv"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// extractor walks one tree once, collecting the file's facts. Some facts
// depend on the whole file (a type defined below the impl that extends it,
// a `use` that shadows a prelude name), so they are settled in finish.
type extractor struct {
	src     []byte
	facts   *sdk.FileFacts
	g       *treesitter.Grammar[kind]
	mod     module
	rowBase int // lines inside a reparsed macro body start here

	// Where the walk is.
	inline   []string   // inline modules entered, within the file's module
	self     *implScope // the impl or trait whose body is walked
	caller   string     // qualified name of the enclosing definition
	cx       *int32     // complexity of the function walked; nil outside one
	locals   map[string]local
	undo     []undoEntry
	generics map[string]string // generic parameter → its first telling bound
	tests    int32             // functions with a test attribute
	inTest   int               // test functions and #[cfg(test)] modules entered

	// The file as a whole, settled in finish.
	defined     map[string]bool            // names of the file's top-level definitions
	typeNS      map[string]bool            // those that are modules or types
	topFns      map[string]bool            // free functions and macros among them
	macros      map[string]bool            // macro_rules! names
	bound       map[string]string          // name bound by use, mod or extern crate → spec
	boundStd    map[string]bool            // bound to an item of std, core or alloc
	types       map[string]*sdk.Definition // the file's types by qualified name
	impls       []*implScope
	declared    map[string]bool        // types the file defines at its top level
	paths       map[string]*sdk.Import // path qualifiers, by alias
	modRefs     map[string]int32       // single-segment module qualifiers → first line
	modRefsCode map[string]bool        // those of modRefs the code writes, not only its tests
	pending     []*sdk.Call            // calls whose builtin flag finish decides
	macroUse    map[*sdk.Call]bool     // those of them that invoke a macro
	unproven    map[*sdk.Call]bool     // those calling an Option method on what may be one
	inModule    map[*sdk.Call][]string // calls made inside inline modules: which
	members     map[string]bool        // "module QN\x00name": an inline module's items
	refs        map[string]bool
	// moduleReadings are the imports reading a lower-case use as a module.
	moduleReadings map[*sdk.Import]bool
	synthetic      map[*sdk.Import]bool // imports of path qualifiers
	childMods      map[string]bool      // "a::b": mod b; declared in inline module a

	parser   *sitter.Parser // for macro bodies, made on first use
	depth    int            // macro bodies being reparsed, one inside another
	inMacro  bool           // walking the arguments of a macro in a body
	reparses int
}

// implScope is an impl block or a trait body: what self and Self mean in
// it, and the methods it defines.
type implScope struct {
	typeName string // the implementing type's name: "Foo"
	selfRef  string // Self as a reference in the file's scope: "Foo", "a.Foo"
	qn       string // qualified-name prefix of its methods
	trait    string // `impl Trait for Foo`: Trait as a reference
	isTrait  bool   // a trait's own body
	exported bool
	path     []string // the type's path when written with one: crate::a::Foo
	methods  []*sdk.Definition
	generics map[string]string
}

// local is what the walk knows of a local variable: its type as a
// reference ("" unknown), and whether it holds a call's result taken
// without ? or unwrap, which may still be an Option or a Result.
type local struct {
	ref      string
	unproven bool
}

type undoEntry struct {
	name string
	old  local
	had  bool
}

func newExtractor(src []byte, facts *sdk.FileFacts) *extractor {
	return &extractor{
		src: src, facts: facts, g: grammar(), mod: moduleOf(facts.GetPath()),
		defined: map[string]bool{}, typeNS: map[string]bool{}, topFns: map[string]bool{}, macros: map[string]bool{},
		bound: map[string]string{}, boundStd: map[string]bool{}, types: map[string]*sdk.Definition{},
		paths: map[string]*sdk.Import{}, modRefs: map[string]int32{}, modRefsCode: map[string]bool{}, refs: map[string]bool{},
		macroUse: map[*sdk.Call]bool{}, unproven: map[*sdk.Call]bool{},
		inModule: map[*sdk.Call][]string{}, members: map[string]bool{},
		moduleReadings: map[*sdk.Import]bool{}, declared: map[string]bool{},
		synthetic: map[*sdk.Import]bool{}, childMods: map[string]bool{},
	}
}

// Limits on reparsing macro bodies: how deep one macro may sit in another,
// how many a file may have reparsed, and how large one may be.
const (
	maxMacroDepth = 3
	maxReparses   = 4000
	maxMacroBytes = 1 << 16
)

func (x *extractor) file(root *sitter.Node) {
	defer func() {
		if x.parser != nil {
			x.parser.Close()
		}
	}()
	// Types defined below an impl of them are the file's own too.
	treesitter.EachNamedChild(root, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kStruct, kEnum, kTrait, kTypeItem:
			if name := c.ChildByFieldName("name"); name != nil {
				x.declared[x.text(name)] = true
			}
		}
	})
	x.items(root)
	if !x.facts.GetIsTest() {
		x.facts.InlineTests = x.tests
	} else if x.tests == 0 && testSupportName(x.facts.GetPath()) {
		x.facts.TestSupport = true // tests/util.rs: what the tests share
	} else if integrationTest(x.facts.GetPath()) {
		// An integration test runs the crate's binary when the crate has
		// no library to import (fd's tests/tests.rs runs fd): resolution
		// links it to src/main.rs then, and to nothing otherwise.
		x.facts.Imports = append(x.facts.Imports, &sdk.Import{Spec: binarySpec, Line: 1})
	}
	// The //! comments of a crate root or a mod.rs document the directory.
	switch path.Base(x.facts.GetPath()) {
	case "lib.rs", "main.rs", "mod.rs":
		x.facts.PackageDoc = x.innerDoc(root)
	}
	x.finish()
}

func (x *extractor) text(n *sitter.Node) string { return treesitter.Text(x.src, n) }

func (x *extractor) line(n *sitter.Node) int32 { return int32(int(n.StartPoint().Row) + 1 + x.rowBase) }

func (x *extractor) span(outer, n *sitter.Node) *sdk.Span {
	s := treesitter.Span(outer, n)
	s.StartLine += int32(x.rowBase)
	s.EndLine += int32(x.rowBase)
	return s
}

// scope is the qualified-name prefix where the walk is: the file's module
// path, then the inline modules entered.
func (x *extractor) scope() []string {
	return append(append([]string(nil), x.mod.path...), x.inline...)
}

func (x *extractor) qualify(names ...string) string {
	return strings.Join(append(x.scope(), names...), ".")
}

// owner is the qualified name of the inline module the walk is in, which
// owns the items defined there; "" at the file's top level.
func (x *extractor) owner() string {
	if len(x.inline) == 0 {
		return ""
	}
	return x.qualify()
}

// itemMeta is what precedes an item: its doc comment and attributes.
type itemMeta struct {
	first *sitter.Node // the first attribute or doc line, for the span
	docs  []string
	attrs []string
}

func (m *itemMeta) has(attr string) bool {
	for _, a := range m.attrs {
		if a == attr || strings.HasPrefix(a, attr+"(") {
			return true
		}
	}
	return false
}

// items walks the items of a file, a module body, an impl, a trait or an
// extern block, handing each its doc comment and attributes.
func (x *extractor) items(n *sitter.Node) {
	var meta itemMeta
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kLineComment, kBlockComment:
			if doc, outer := x.docComment(c); outer {
				if meta.first == nil {
					meta.first = c
				}
				meta.docs = append(meta.docs, doc)
			}
			return
		case kAttribute:
			if meta.first == nil {
				meta.first = c
			}
			meta.attrs = append(meta.attrs, attrText(x.text(c)))
			return
		case kInnerAttribute:
			if attrText(x.text(c)) == "cfg(test)" && n.Parent() == nil && x.depth == 0 && len(x.inline) == 0 {
				x.facts.IsTest = true
			}
			return
		}
		m := meta
		meta = itemMeta{}
		if m.first == nil {
			m.first = c
		}
		x.item(c, &m)
	})
}

// isTestAttr reports whether attributes mark a test function: #[test],
// an async runtime's (#[tokio::test], #[async_std::test]) and the test
// crates' (#[rstest], #[quickcheck]).
func isTestAttr(attrs []string) bool {
	for _, a := range attrs {
		if i := strings.IndexByte(a, '('); i >= 0 {
			a = a[:i]
		}
		if a == "test" || strings.HasSuffix(a, "::test") || a == "rstest" || a == "quickcheck" {
			return true
		}
	}
	return false
}

// attrText is an attribute without #[ ] and spaces: "cfg(test)".
func attrText(s string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "#!"), "#")
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	return strings.Join(strings.Fields(s), "")
}

func (x *extractor) item(c *sitter.Node, m *itemMeta) {
	switch x.g.Kind(c) {
	case kFunction:
		x.function(c, m, false)
	case kSignature:
		x.function(c, m, true)
	case kStruct, kEnum, kTrait, kTypeItem:
		if x.g.Kind(c) == kTypeItem && x.self != nil {
			// `type Err = Error;` in an impl binds the trait's associated
			// type: no type of the module, and no name `Err(e)` calls.
			return
		}
		x.typeItem(c, m)
	case kImpl:
		x.impl(c, m)
	case kConst, kStatic:
		x.value(c, m)
	case kMacroDef:
		x.macroDef(c, m)
	case kMod:
		x.module(c, m)
	case kUse:
		x.use(c)
	case kExternCrate:
		x.externCrate(c)
	case kForeignMod:
		if body := c.ChildByFieldName("body"); body != nil {
			x.items(body)
		}
	case kMacroCall:
		x.itemMacro(c)
	}
}

// docComment returns the text of a doc comment and whether it is an outer
// one (/// or /** */), documenting the item below it. Inner ones (//!,
// /*! */) document the module they are in.
func (x *extractor) docComment(c *sitter.Node) (string, bool) {
	doc := c.ChildByFieldName("doc")
	if doc == nil {
		return "", false
	}
	return x.text(doc), c.ChildByFieldName("outer") != nil
}

// innerDoc is the //! documentation at the start of a module body.
func (x *extractor) innerDoc(body *sitter.Node) string {
	var docs []string
	treesitter.EachNamedChild(body, func(c *sitter.Node) {
		switch x.g.Kind(c) {
		case kLineComment, kBlockComment:
			if doc, outer := x.docComment(c); !outer && c.ChildByFieldName("inner") != nil {
				docs = append(docs, doc)
			}
		}
	})
	return joinDoc(docs)
}

// joinDoc turns the text of doc comments into the documentation: one space
// after /// dropped, a block's " * " gutter dropped.
func joinDoc(parts []string) string {
	var lines []string
	for _, p := range parts {
		for _, l := range strings.Split(strings.TrimRight(p, "\n"), "\n") {
			l = strings.TrimRight(l, " \t\r")
			if t := strings.TrimLeft(l, " \t"); strings.HasPrefix(t, "*") && len(parts) == 1 && strings.Contains(p, "\n") {
				l = strings.TrimPrefix(t, "*")
			}
			lines = append(lines, strings.TrimPrefix(l, " "))
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func (x *extractor) isPub(c *sitter.Node) bool {
	for i := 0; i < int(c.NamedChildCount()); i++ {
		if v := c.NamedChild(i); x.g.Kind(v) == kVisibility {
			return x.text(v) == "pub"
		}
	}
	return false
}

// syntax is what folding a header onto one line must know of Rust. The
// single quote is left out: it opens lifetimes far more often than chars.
var syntax = treesitter.Syntax{Quotes: `"`, LineComment: "//", BlockOpen: "/*", BlockClose: "*/", MaxLen: 400}

// header is c's source up to its body, on one line, from its first
// non-attribute token.
func (x *extractor) header(c *sitter.Node, body *sitter.Node) string {
	end := c.EndByte()
	if body != nil {
		end = body.StartByte()
	}
	return strings.TrimSpace(syntax.OneLine(x.src[c.StartByte():end]))
}

func (x *extractor) newDef(c *sitter.Node, m *itemMeta, name, kind string) *sdk.Definition {
	return &sdk.Definition{
		Name:     name,
		Kind:     kind,
		Span:     x.span(m.first, c),
		Exported: x.isPub(c),
		Doc:      joinDoc(m.docs),
		DocStyle: "rustdoc",
		Test:     x.inTest > 0 || m.has("cfg(test)") || isTestAttr(m.attrs),
	}
}

// addImport records an import, as the tests' when test code makes it.
func (x *extractor) addImport(imp *sdk.Import) {
	imp.Test = x.inTest > 0
	x.facts.Imports = append(x.facts.Imports, imp)
}

// topLevel records a definition that is not a member: its name is in the
// file's scope.
func (x *extractor) topLevel(def *sdk.Definition) {
	def.QualifiedName = x.qualify(def.Name)
	def.Receiver = x.owner()
	if def.Receiver == "" {
		x.defined[def.Name] = true
	} else {
		x.members[def.Receiver+"\x00"+def.Name] = true
	}
	x.facts.Definitions = append(x.facts.Definitions, def)
}

func (x *extractor) function(c *sitter.Node, m *itemMeta, signature bool) {
	name := c.ChildByFieldName("name")
	if name == nil {
		return
	}
	body := c.ChildByFieldName("body")
	test := isTestAttr(m.attrs)
	if test {
		x.tests++
	}
	def := x.newDef(c, m, x.text(name), "function")
	def.Signature = x.header(c, body)
	if s := x.self; s != nil {
		def.Kind = "method"
		def.QualifiedName = s.qn + "." + def.Name
		def.Receiver = s.qn
		if s.isTrait {
			def.Exported = s.exported
			def.Abstract = signature
		} else if s.trait != "" {
			def.Exported = s.exported // a trait's methods are as public as it is
		}
		s.methods = append(s.methods, def)
		x.facts.Definitions = append(x.facts.Definitions, def)
	} else {
		def.Declaration = signature // a foreign function
		x.topLevel(def)
		if def.Receiver == "" {
			x.topFns[def.Name] = true
		}
	}
	generics := x.genericBounds(c)
	def.Type = x.resultType(c.ChildByFieldName("return_type"), generics)
	if params := c.ChildByFieldName("parameters"); params != nil {
		// No overloading, defaults or variadics (but extern "C" ones):
		// the parameters besides self, plus one, as the protocol counts.
		n := int32(1)
		variadic := false
		treesitter.EachNamedChild(params, func(p *sitter.Node) {
			switch {
			case x.g.Kind(p) == kParam:
				// self: Pin<&mut Self> is a typed self, not an argument.
				if pat := p.ChildByFieldName("pattern"); pat == nil || x.g.Kind(pat) != kSelf {
					n++
				}
			case p.Type() == "variadic_parameter":
				variadic = true
			}
		})
		def.MinArguments = n
		if !variadic {
			def.MaxArguments = n
		}
	}
	x.reference(def.Type)
	if body != nil {
		if test {
			x.inTest++
		}
		x.body(def, c, body, generics)
		if test {
			x.inTest--
		}
	} else if params := c.ChildByFieldName("parameters"); params != nil {
		x.paramRefs(params, generics)
	}
}

// typeItem records a struct, union, enum, trait or type alias.
func (x *extractor) typeItem(c *sitter.Node, m *itemMeta) {
	name := c.ChildByFieldName("name")
	if name == nil {
		return
	}
	k := x.g.Kind(c)
	body := c.ChildByFieldName("body")
	kindName := map[kind]string{kStruct: "struct", kEnum: "enum", kTrait: "trait", kTypeItem: "type"}[k]
	def := x.newDef(c, m, x.text(name), kindName)
	def.Signature = x.header(c, body)
	x.topLevel(def)
	x.types[def.QualifiedName] = def
	if len(x.inline) == 0 {
		x.typeNS[def.Name] = true
	}
	generics := x.genericBounds(c)
	switch k {
	case kStruct:
		if body != nil {
			def.Fields = x.fields(body, generics)
		}
	case kTypeItem:
		// An alias's methods are its target's: the target is its base.
		def.Signature = x.header(c, nil)
		if ref := x.typeRefIn(c.ChildByFieldName("type"), generics); ref != "" {
			def.Bases = append(def.Bases, ref)
			x.reference(ref)
		}
	case kTrait:
		if bounds := c.ChildByFieldName("bounds"); bounds != nil {
			treesitter.EachNamedChild(bounds, func(b *sitter.Node) {
				if ref := x.typeRefIn(b, generics); ref != "" && !markerTraits[ref] {
					def.Bases = append(def.Bases, ref)
					x.reference(ref)
				}
			})
		}
		if body != nil {
			s := &implScope{typeName: def.Name, selfRef: x.localRef(def.Name), qn: def.QualifiedName,
				isTrait: true, exported: def.Exported, generics: generics}
			x.walkImpl(s, body)
		}
	}
}

// localRef is a reference to a name defined where the walk is: the name
// itself at the file's top level, else through its inline modules.
func (x *extractor) localRef(name string) string {
	return strings.Join(append(append([]string(nil), x.inline...), name), ".")
}

// fields lists a struct's fields with their types; a tuple struct's are
// named by position, as `self.0` reads them.
func (x *extractor) fields(body *sitter.Node, generics map[string]string) []*sdk.Field {
	var out []*sdk.Field
	switch x.g.Kind(body) {
	case kFieldDecls:
		treesitter.EachNamedChild(body, func(f *sitter.Node) {
			if x.g.Kind(f) != kFieldDecl {
				return
			}
			name := f.ChildByFieldName("name")
			if name == nil {
				return
			}
			ref := x.typeRefIn(f.ChildByFieldName("type"), generics)
			x.reference(ref)
			out = append(out, &sdk.Field{Name: x.text(name), Type: ref})
		})
	case kOrderedFields:
		i := 0
		for j := 0; j < int(body.ChildCount()); j++ {
			if body.FieldNameForChild(j) != "type" {
				continue
			}
			ref := x.typeRefIn(body.Child(j), generics)
			x.reference(ref)
			out = append(out, &sdk.Field{Name: strconv.Itoa(i), Type: ref})
			i++
		}
	}
	return out
}

// impl walks an impl block. Its methods are members of the implementing
// type; a trait impl makes the trait a base of that type (settled in
// finish, since the type may be defined further down, or elsewhere).
func (x *extractor) impl(c *sitter.Node, m *itemMeta) {
	body := c.ChildByFieldName("body")
	t := c.ChildByFieldName("type")
	if body == nil || t == nil {
		return
	}
	generics := x.genericBounds(c)
	name, path := x.typeName(t)
	if name == "" {
		return
	}
	s := &implScope{typeName: name, path: path, generics: generics}
	s.selfRef = x.typeRefIn(t, nil)
	if len(x.inline) > 0 && len(path) == 0 && x.types[x.qualify(name)] != nil {
		s.selfRef = x.localRef(name) // a type of the inline module, defined above
	}
	s.qn = x.qualify(name)
	tr := c.ChildByFieldName("trait")
	if tr != nil {
		s.trait = x.typeRefIn(tr, generics)
		x.reference(s.trait)
	}
	x.reference(s.selfRef)
	if len(path) == 0 && (x.types[s.qn] != nil || (len(x.inline) == 0 && x.declared[name])) {
		x.impls = append(x.impls, s)
		x.walkImpl(s, body)
		return
	}
	// The type is defined in another file, whose members the core looks up
	// there only. The impl becomes a definition of its own, named as
	// written ("impl Future for JoinHandle": no name of the file's scope
	// can be spelled so), holding its methods, with the trait and the type
	// as its bases: self reaches this block's methods, then the trait's and
	// the type's, and the trait's callers reach this block's methods.
	label := "impl " + name
	if tr != nil {
		if segs := x.segments(tr); len(segs) > 0 {
			label = "impl " + strings.Join(segs, "::") + " for " + name
		}
	}
	def := x.newDef(c, m, label, "impl")
	def.Exported = false
	def.Signature = x.header(c, body)
	if s.trait != "" {
		def.Bases = append(def.Bases, s.trait)
	}
	if s.selfRef != "" {
		def.Bases = append(def.Bases, s.selfRef)
	}
	x.topLevel(def)
	s.qn = def.QualifiedName
	s.selfRef = x.localRef(label)
	x.walkImpl(s, body)
}

func (x *extractor) walkImpl(s *implScope, body *sitter.Node) {
	saved := x.self
	x.self = s
	x.items(body)
	x.self = saved
}

// typeName is the name of the type an impl is for, through references,
// generics and paths, with the path's segments when it has some.
func (x *extractor) typeName(t *sitter.Node) (string, []string) {
	for t != nil {
		switch x.g.Kind(t) {
		case kTypeIdent, kPrimitive:
			return x.text(t), nil
		case kScopedType:
			segs := x.segments(t)
			if len(segs) == 0 {
				return "", nil
			}
			return segs[len(segs)-1], segs
		case kGenericType:
			t = t.ChildByFieldName("type")
		case kRefType, kPointerType:
			t = t.ChildByFieldName("type")
		default:
			return "", nil
		}
	}
	return "", nil
}

func (x *extractor) value(c *sitter.Node, m *itemMeta) {
	name := c.ChildByFieldName("name")
	if name == nil {
		return
	}
	kindName := "constant"
	if x.g.Kind(c) == kStatic {
		kindName = "variable"
	}
	val := c.ChildByFieldName("value")
	def := x.newDef(c, m, x.text(name), kindName)
	def.Signature = x.header(c, val)
	def.Signature = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(def.Signature), "="))
	var generics map[string]string
	if s := x.self; s != nil {
		generics = s.generics
	}
	def.Type = x.typeRefIn(c.ChildByFieldName("type"), generics)
	x.reference(def.Type)
	if s := x.self; s != nil {
		def.QualifiedName = s.qn + "." + def.Name
		def.Receiver = s.qn
		x.facts.Definitions = append(x.facts.Definitions, def)
	} else {
		x.topLevel(def)
	}
	if val != nil {
		// An initialiser's calls belong to the constant.
		x.body(def, nil, val, generics)
		def.Complexity = 0
	}
}

func (x *extractor) macroDef(c *sitter.Node, m *itemMeta) {
	name := c.ChildByFieldName("name")
	if name == nil {
		return
	}
	def := x.newDef(c, m, x.text(name), "macro")
	def.Exported = m.has("macro_export")
	def.Signature = "macro_rules! " + def.Name
	x.topLevel(def)
	x.macros[def.Name] = true
	x.topFns[def.Name] = true
}

// module handles `mod x;`, an import of the module's file, and `mod x {}`,
// a module definition whose items are its members.
func (x *extractor) module(c *sitter.Node, m *itemMeta) {
	name := c.ChildByFieldName("name")
	if name == nil {
		return
	}
	n := x.text(name)
	body := c.ChildByFieldName("body")
	if body == nil {
		spec := "mod " + strings.Join(append(append([]string(nil), x.inline...), n), "::")
		for _, a := range m.attrs {
			if strings.HasPrefix(a, "path=") {
				spec = sdk.MarkerSpec + a + "] " + spec
			}
		}
		imp := &sdk.Import{Spec: spec, Line: x.line(c)}
		if len(x.inline) > 0 {
			x.childMods[strings.Join(append(append([]string(nil), x.inline...), n), "::")] = true
		}
		if len(x.inline) == 0 {
			imp.Alias = n
			x.bound[n] = spec
			x.bound["mod:"+n] = spec // kept when a use rebinds the name
		}
		x.addImport(imp)
		imp.Test = imp.Test || m.has("cfg(test)") // the file's tests, kept apart
		return
	}
	def := x.newDef(c, m, n, "module")
	if len(x.inline) == 0 {
		x.typeNS[n] = true
	}
	if def.Doc == "" {
		def.Doc = x.innerDoc(body)
	}
	def.Signature = x.header(c, body)
	x.topLevel(def)
	saved := x.self
	x.self = nil
	x.inline = append(x.inline, n)
	tests := x.tests
	testMod := m.has("cfg(test)")
	if testMod {
		x.inTest++
	}
	x.items(body)
	if testMod {
		x.inTest--
	}
	if x.tests == tests && testMod && body.NamedChildCount() > 0 {
		x.tests++ // its tests come out of macros the walk does not expand
	}
	x.inline = x.inline[:len(x.inline)-1]
	x.self = saved
}

func (x *extractor) externCrate(c *sitter.Node) {
	name := c.ChildByFieldName("name")
	if name == nil {
		return
	}
	imp := &sdk.Import{Spec: x.text(name), Alias: x.text(name), Line: x.line(c)}
	if a := c.ChildByFieldName("alias"); a != nil {
		imp.Alias = x.text(a)
	}
	if imp.Spec == "self" {
		imp.Spec = "crate"
	}
	x.bound[imp.Alias] = imp.Spec
	if stdRoots[imp.Spec] {
		x.boundStd[imp.Alias] = true
	}
	x.addImport(imp)
}

// itemMacro handles a macro invoked where items go (cfg_rt! { mod x; }):
// a call of the macro, and the items of its body, which are parsed again
// on their own, since tree-sitter leaves a macro's body as tokens.
func (x *extractor) itemMacro(c *sitter.Node) {
	x.macroCall(c)
	tt := lastTokenTree(x.g, c)
	if tt == nil {
		return
	}
	x.reparse(tt, "", "", func(root *sitter.Node) { x.items(root) })
}

func lastTokenTree(g *treesitter.Grammar[kind], c *sitter.Node) *sitter.Node {
	for i := int(c.NamedChildCount()) - 1; i >= 0; i-- {
		if n := c.NamedChild(i); g.Kind(n) == kTokenTree {
			return n
		}
	}
	return nil
}

// reparse parses the inside of a macro's token tree, between prefix and
// suffix, and walks it with the extractor's state. Lines stay right: the
// inside is parsed from its first line, which rowBase shifts.
func (x *extractor) reparse(tt *sitter.Node, prefix, suffix string, walk func(root *sitter.Node)) {
	size := int(tt.EndByte() - tt.StartByte())
	if x.depth >= maxMacroDepth || x.reparses >= maxReparses || size < 3 || size > maxMacroBytes {
		return
	}
	x.reparses++
	inner := x.src[tt.StartByte()+1 : tt.EndByte()-1]
	buf := make([]byte, 0, len(prefix)+len(inner)+len(suffix))
	buf = append(append(append(buf, prefix...), inner...), suffix...)
	if x.parser == nil {
		x.parser = sitter.NewParser()
		x.parser.SetLanguage(x.g.Language())
	}
	tree, err := x.parser.ParseCtx(context.Background(), nil, buf)
	if err != nil {
		return
	}
	defer tree.Close()
	src, base := x.src, x.rowBase
	x.src, x.rowBase = buf, base+int(tt.StartPoint().Row)
	x.depth++
	walk(tree.RootNode())
	x.depth--
	x.src, x.rowBase = src, base
}

// reference records a type the file uses, for FileFacts.references.
func (x *extractor) reference(ref string) {
	if ref != "" {
		x.refs[ref] = true
	}
}

// finish settles what needed the whole file: which impls extend which of
// the file's types, which path qualifiers need an import of their own,
// which calls are builtins, and the file's references.
func (x *extractor) finish() {
	for _, s := range x.impls {
		if def := x.types[s.qn]; def != nil {
			if s.trait != "" && !contains(def.Bases, s.trait) {
				def.Bases = append(def.Bases, s.trait)
			}
			if s.trait != "" {
				for _, m := range s.methods {
					m.Exported = def.Exported
				}
			}
			continue
		}
	}
	// A name a `mod` declares is that module: a use binding the same name
	// brings in an item (a function, a macro), never a second module.
	imports := x.facts.Imports[:0]
	for _, imp := range x.facts.Imports {
		if x.moduleReadings[imp] && strings.HasPrefix(x.bound["mod:"+imp.GetAlias()], "mod ") {
			continue
		}
		imports = append(imports, imp)
	}
	x.facts.Imports = imports
	// A use path starting from an item of the file (an inline module, an
	// enum whose variants it imports) starts from the file's module. Only
	// names of the type namespace count: a function named like a crate
	// does not hide it.
	for _, imp := range x.facts.Imports {
		if x.synthetic[imp] {
			continue
		}
		spec := imp.GetSpec()
		head, _, _ := strings.Cut(spec, "::")
		if x.typeNS[head] && !strings.HasPrefix(spec, "mod ") && !strings.HasPrefix(spec, "#[") {
			imp.Spec = "self::" + spec
		}
	}
	for alias, line := range x.modRefs {
		if _, ok := x.bound[alias]; ok || x.defined[alias] {
			continue
		}
		x.addPath([]string{alias}, line, !x.modRefsCode[alias])
	}
	aliases := make([]string, 0, len(x.paths))
	for a := range x.paths {
		aliases = append(aliases, a)
	}
	sort.Strings(aliases)
	for _, a := range aliases {
		x.facts.Imports = append(x.facts.Imports, x.paths[a])
	}
	for _, c := range x.pending {
		x.settleBuiltin(c)
	}
	for c, inline := range x.inModule {
		x.siblingCall(c, inline)
	}
	calls := x.facts.Calls[:0]
	for _, c := range x.facts.Calls {
		if c.GetName() != "" {
			calls = append(calls, c)
		}
	}
	x.facts.Calls = calls
	for r := range x.refs {
		if !x.isStd(firstSegment(r)) {
			x.facts.References = append(x.facts.References, r)
		}
	}
	sort.Strings(x.facts.References)
}

// siblingCall gives a bare call made inside an inline module (mod tests
// { ... }) the module as its receiver when the module defines the name: an
// inline module's items are its members, out of the file's scope, yet in
// scope for each other.
func (x *extractor) siblingCall(c *sdk.Call, inline []string) {
	if c.GetQualifier() != "" || c.GetReceiver() != "" || c.GetBuiltin() || x.macroUse[c] {
		return
	}
	for k := len(inline); k > 0; k-- {
		owner := strings.Join(append(append([]string(nil), x.mod.path...), inline[:k]...), ".")
		if x.members[owner+"\x00"+c.GetName()] {
			c.Receiver = strings.Join(inline[:k], ".")
			return
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func firstSegment(ref string) string {
	if i := strings.IndexAny(ref, ".("); i >= 0 {
		return ref[:i]
	}
	return ref
}

// isStd says whether a name in the file's scope is the standard library's:
// a primitive type, a prelude name the file neither defines nor imports,
// or a name it imports from std, core or alloc.
func (x *extractor) isStd(name string) bool {
	if primitives[name] || x.boundStd[name] {
		return true
	}
	_, bound := x.bound[name]
	return preludeTypes[name] && !bound && !x.defined[name]
}

// fieldType is the type of a field of one of the file's own types, for a
// receiver "Type.field": self.items is a Vec when the file says so.
func (x *extractor) fieldType(ref string) string {
	typ, field, ok := strings.Cut(ref, ".")
	if !ok || strings.ContainsAny(field, ".(") || strings.Contains(typ, "(") {
		return ""
	}
	if def := x.types[x.qualify(typ)]; def != nil {
		for _, f := range def.GetFields() {
			if f.GetName() == field {
				return f.GetType()
			}
		}
	}
	return ""
}

// settleBuiltin marks a call builtin when what it is made on, or its name,
// is the standard library's and nothing in the file shadows the name. A
// builtin resolves only to a definition of the file's own module, so a
// std macro whose name a function of the file shares is dropped rather
// than left to reach that function: macros and functions are apart in Rust.
func (x *extractor) settleBuiltin(c *sdk.Call) {
	name := c.GetName()
	_, bound := x.bound[name]
	switch {
	case x.macroUse[c]:
		if c.GetQualifier() == "" && stdMacros[name] && !x.macros[name] && !bound {
			c.Builtin = true
			if x.defined[name] {
				c.Name = "" // dropped in finish
			}
		}
	case c.GetReceiver() != "":
		if (x.isStd(firstSegment(c.GetReceiver())) || x.isStd(firstSegment(x.fieldType(c.GetReceiver())))) && !x.topFns[name] {
			// The receiver stays: it names the std type, which evaluates
			// to nothing in the repository ("?" would send the core to the
			// method's name alone, and a repository method named len).
			c.Builtin = true
		} else if x.unproven[c] {
			c.Receiver = unknownRef // maybe an Option's or a Result's method
		}
	case c.GetQualifier() == "":
		if preludeCalls[name] && !bound && !x.defined[name] {
			c.Builtin = true
		}
	}
}
