package python

import (
	"strings"
	"unicode"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
)

// What the file alone tells about the types of names, written as the
// references of language.proto: a parameter's annotation, what a local
// variable was assigned, the class that self and cls stand for.

// env is what a function body binds: its parameters and local variables,
// each with its type as a reference, "" when the file does not tell.
type env struct {
	vars   map[string]string
	parent *env // the enclosing function's: closures see its names
	// class is the class whose instance (or the class itself, in a
	// classmethod) the parameter self names.
	class *classInfo
	self  string
	// classObject: self is the class itself (a classmethod's cls).
	classObject bool
	// weak marks parameters without an annotation: an assignment in the
	// body tells their type rather than contradicting it.
	weak map[string]bool
	// classes are the classes the function defines.
	classes map[string]bool
	// annotated names keep their annotation over what they are assigned.
	annotated map[string]bool
	// elems are what the collections among vars hold.
	elems map[string]elem
}

func newEnv(parent *env) *env {
	return &env{vars: map[string]string{}, parent: parent, weak: map[string]bool{}, classes: map[string]bool{},
		annotated: map[string]bool{}, elems: map[string]elem{}}
}

// elemOf is what the collection named name holds, when its annotation
// said.
func (e *env) elemOf(name string) (elem, bool) {
	for ; e != nil; e = e.parent {
		if _, ok := e.vars[name]; ok {
			el, ok := e.elems[name]
			return el, ok
		}
	}
	return elem{}, false
}

// isClass is whether name is a class the function (or one around it)
// defines.
func (e *env) isClass(name string) bool {
	for ; e != nil; e = e.parent {
		if _, ok := e.vars[name]; ok {
			return e.classes[name]
		}
	}
	return false
}

// classObjectNamed is whether name is a classmethod's cls.
func (e *env) classObjectNamed(name string) bool {
	for ; e != nil; e = e.parent {
		if _, ok := e.vars[name]; ok {
			return e.self == name && e.classObject
		}
	}
	return false
}

func (e *env) lookup(name string) (string, bool) {
	for ; e != nil; e = e.parent {
		if t, ok := e.vars[name]; ok {
			return t, true
		}
	}
	return "", false
}

// selfClass is the class a name stands for when it is the first parameter
// of a method, in that method or a function nested in it.
func (e *env) selfClass(name string) *classInfo {
	for ; e != nil; e = e.parent {
		if _, ok := e.vars[name]; ok {
			if e.self == name {
				return e.class
			}
			return nil
		}
	}
	return nil
}

// enclosingClass is the class of the nearest method around, for super().
func (e *env) enclosingClass() *classInfo {
	for ; e != nil; e = e.parent {
		if e.class != nil {
			return e.class
		}
	}
	return nil
}

// classInfo is a class being walked: its definition, how the module's
// scope reaches it, and what its body and methods assign.
type classInfo struct {
	def *sdk.Definition
	// ref is the class as a reference in the module's scope: its name,
	// after its outer classes' ("Outer.Inner"). A class defined in a
	// function has no owner, so the core finds it by its name alone.
	ref       string
	fields    map[string]int // index in def.Fields
	annotated map[string]bool
	members   map[string]bool // methods and nested classes: not fields
	elems     map[string]elem // what the collections among fields hold
}

func (c *classInfo) addField(name, typ string, annotated bool) {
	if typ == "" || c.members[name] {
		return
	}
	if i, ok := c.fields[name]; ok {
		// An annotation says what the attribute is; an assignment only
		// what one value was. Two assignments that disagree say nothing.
		switch {
		case c.annotated[name]:
		case annotated:
			c.def.Fields[i].Type = typ
			c.annotated[name] = true
		case c.def.Fields[i].Type != typ:
			c.def.Fields[i].Type = ""
		}
		return
	}
	c.fields[name] = len(c.def.Fields)
	c.annotated[name] = annotated
	c.def.Fields = append(c.def.Fields, &sdk.Field{Name: name, Type: typ})
}

// finish drops the fields that stayed unknown or that name a method.
func (c *classInfo) finish() {
	kept := c.def.Fields[:0]
	for _, f := range c.def.Fields {
		if f.Type != "" && !c.members[f.Name] {
			kept = append(kept, f)
		}
	}
	c.def.Fields = kept
	if len(kept) == 0 {
		c.def.Fields = nil
	}
}

// elem is what a collection gives when iterated and when indexed: a
// list[Foo] gives Foo both ways, a dict[str, Foo] str and Foo. References
// cannot say it (List[Foo] is List to the core), so the plugin applies it
// within the file: for loops, comprehensions and subscripts.
type elem struct{ iter, item string }

var sequenceTypes, mappingTypes = func() (map[string]bool, map[string]bool) {
	seq, maps := map[string]bool{}, map[string]bool{}
	for _, n := range strings.Fields(`list List Sequence MutableSequence Iterable Iterator Collection
		Reversible set Set frozenset FrozenSet AbstractSet MutableSet KeysView ValuesView deque Deque
		Generator AsyncIterator AsyncIterable AsyncGenerator tuple Tuple`) {
		seq[n] = true
	}
	for _, n := range strings.Fields(`dict Dict Mapping MutableMapping defaultdict DefaultDict
		OrderedDict ChainMap`) {
		maps[n] = true
	}
	return seq, maps
}()

// elemOf reads an annotation for what the collection it types holds.
func (x *extractor) elemOf(n *sitter.Node, depth int) (elem, bool) {
	if n == nil || depth > maxRef {
		return elem{}, false
	}
	switch n.Type() {
	case "type", "parenthesized_expression", "type_parameter":
		return x.elemOf(n.NamedChild(0), depth+1)
	case "binary_operator": // list[Foo] | None
		if r := n.ChildByFieldName("right"); r != nil && r.Type() == "none" {
			return x.elemOf(n.ChildByFieldName("left"), depth+1)
		}
		return elem{}, false
	case "subscript", "generic_type":
	default:
		return elem{}, false
	}
	origin, ok := x.dottedRef(n.NamedChild(0))
	if !ok {
		return elem{}, false
	}
	var args []*sitter.Node
	if n.Type() == "subscript" {
		for i := 1; i < int(n.NamedChildCount()); i++ {
			args = append(args, n.NamedChild(i))
		}
	} else if p := n.NamedChild(1); p != nil {
		for i := 0; i < int(p.NamedChildCount()); i++ {
			args = append(args, p.NamedChild(i))
		}
	}
	switch last := origin[strings.LastIndexByte(origin, '.')+1:]; {
	case last == "Optional" && len(args) == 1:
		return x.elemOf(args[0], depth+1)
	case sequenceTypes[last] && len(args) > 0:
		if (last == "tuple" || last == "Tuple") && len(args) > 1 && x.text(args[1]) != "..." {
			return elem{}, false // a record of several types
		}
		t := x.typeRef(args[0], depth+1)
		return elem{t, t}, t != ""
	case mappingTypes[last] && len(args) == 2:
		k, v := x.typeRef(args[0], depth+1), x.typeRef(args[1], depth+1)
		return elem{k, v}, k != "" || v != ""
	}
	return elem{}, false
}

// collection is what the expression n holds, when the file annotated it:
// a parameter or local, a field of self's class, a module variable, or one
// of those through reversed(), sorted(), list() or a mapping's values().
func (x *extractor) collection(n *sitter.Node, depth int) (elem, bool) {
	if n == nil || depth > maxRef {
		return elem{}, false
	}
	switch x.g.Kind(n) {
	case kIdentifier:
		name := x.text(n)
		if el, ok := x.env().elemOf(name); ok {
			return el, true
		}
		if _, local := x.env().lookup(name); !local {
			el, ok := x.moduleElems[name]
			return el, ok
		}
	case kAttribute:
		obj, attr := n.ChildByFieldName("object"), n.ChildByFieldName("attribute")
		if obj != nil && attr != nil && x.g.Kind(obj) == kIdentifier {
			if c := x.env().selfClass(x.text(obj)); c != nil {
				el, ok := c.elems[x.text(attr)]
				return el, ok
			}
		}
	case kParen:
		return x.collection(n.NamedChild(0), depth+1)
	case kCall:
		fn, args := n.ChildByFieldName("function"), n.ChildByFieldName("arguments")
		if fn == nil || args == nil {
			break
		}
		switch x.g.Kind(fn) {
		case kIdentifier:
			switch name := x.text(fn); name {
			case "reversed", "sorted", "list", "tuple", "set", "frozenset", "iter":
				if !x.shadowed(name) && args.NamedChildCount() > 0 {
					return x.collection(args.NamedChild(0), depth+1)
				}
			}
		case kAttribute:
			if attr := fn.ChildByFieldName("attribute"); attr != nil && x.text(attr) == "values" {
				if el, ok := x.collection(fn.ChildByFieldName("object"), depth+1); ok {
					return elem{el.item, el.item}, el.item != ""
				}
			}
		}
	}
	return elem{}, false
}

// root says where a reference starts, which decides whether a call's
// receiver is set: the core evaluates the qualifier itself when it starts
// at a name of the module's scope.
type root uint8

const (
	rootNone   root = iota // unknown: a local of unknown type, an expression
	rootModule             // a name of the module's scope
	rootLocal              // self, cls, super(), a typed parameter or local
)

// maxRef bounds the recursion through long chains and deep nesting.
const maxRef = 16

// ref is the value of the expression n as a reference.
func (x *extractor) ref(n *sitter.Node, depth int) (string, root) {
	if n == nil || depth > maxRef {
		return "", rootNone
	}
	switch x.g.Kind(n) {
	case kIdentifier:
		name := x.text(n)
		if t, ok := x.env().lookup(name); ok {
			if t == "" {
				return "", rootNone
			}
			return t, rootLocal
		}
		if builtinNames[name] && !x.moduleNames[name] {
			return "", rootNone
		}
		return name, rootModule
	case kAttribute:
		obj, attr := n.ChildByFieldName("object"), n.ChildByFieldName("attribute")
		if attr == nil {
			return "", rootNone
		}
		r, rt := x.ref(obj, depth+1)
		if rt == rootNone {
			return "", rootNone
		}
		return r + "." + x.text(attr), rt
	case kCall:
		fn := n.ChildByFieldName("function")
		if fn != nil && x.g.Kind(fn) == kIdentifier && x.text(fn) == "super" && !x.shadowed("super") {
			return x.superRef(n)
		}
		r, rt := x.ref(fn, depth+1)
		if rt == rootNone {
			return "", rootNone
		}
		return r + "()", rt
	case kParen, kAwait:
		return x.ref(n.NamedChild(0), depth+1)
	case kSubscript:
		if el, ok := x.collection(n.ChildByFieldName("value"), depth+1); ok && el.item != "" {
			return el.item, rootLocal
		}
	default:
		if t := literalTypes[n.Type()]; t != "" && !x.moduleNames[t] {
			return t, rootLocal
		}
	}
	return "", rootNone
}

// literalTypes are the builtin types of literals.
var literalTypes = map[string]string{
	"string": "str", "concatenated_string": "str", "integer": "int", "float": "float",
	"true": "bool", "false": "bool", "dictionary": "dict", "dictionary_comprehension": "dict",
	"list": "list", "list_comprehension": "list", "set": "set", "set_comprehension": "set",
	"tuple": "tuple",
}

// builtinTypes are the builtin types whose methods a call on their values
// runs: the language's own code, never the repository's.
var builtinTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields("str bytes bytearray int float complex bool dict list set frozenset tuple memoryview range slice") {
		m[n] = true
	}
	return m
}()

// onBuiltin is whether a receiver reference is a value of a builtin type
// the file does not shadow: a literal, an annotated str or dict, *args,
// or a field of the enclosing class typed so.
func (x *extractor) onBuiltin(ref string) bool {
	first, rest, _ := strings.Cut(ref, ".")
	if builtinTypes[strings.TrimSuffix(first, "()")] && !x.moduleNames[strings.TrimSuffix(first, "()")] {
		return true
	}
	c := x.env().enclosingClass()
	if c == nil || first != c.ref || rest == "" || strings.Contains(rest, ".") {
		return false
	}
	if i, ok := c.fields[rest]; ok {
		t, _, _ := strings.Cut(c.def.Fields[i].Type, ".")
		return builtinTypes[t] && !x.moduleNames[t]
	}
	return false
}

// superRef is super() in a method: the bases of its class, or of the class
// named in super(Class, self).
func (x *extractor) superRef(call *sitter.Node) (string, root) {
	if args := call.ChildByFieldName("arguments"); args != nil && args.NamedChildCount() > 0 {
		if r, rt := x.ref(args.NamedChild(0), 1); rt != rootNone {
			return "^" + r, rootLocal
		}
		return "", rootNone
	}
	// The core reads ^ on a reference's first segment only: the bases of a
	// nested class (Outer.Inner) cannot be written.
	if c := x.env().enclosingClass(); c != nil && !strings.Contains(c.ref, ".") {
		return "^" + c.ref, rootLocal
	}
	return "", rootNone
}

// shadowed is whether name is bound in the file, locally or at module
// level, so that it is not the builtin of that name.
func (x *extractor) shadowed(name string) bool {
	if _, ok := x.env().lookup(name); ok {
		return true
	}
	return x.moduleNames[name]
}

// typeRef turns an annotation into a reference: Optional[Foo], Foo | None
// and "Foo" are Foo; type[Foo] is Foo, whose methods a class object has as
// well; other generics are their origin (List[Foo] is List).
func (x *extractor) typeRef(n *sitter.Node, depth int) string {
	if n == nil || depth > maxRef {
		return ""
	}
	switch n.Type() {
	case "type", "parenthesized_expression":
		return x.typeRef(n.NamedChild(0), depth+1)
	case "identifier", "attribute":
		if r, ok := x.dottedRef(n); ok {
			return r
		}
	case "string": // a forward reference: "Foo", "Foo[int]", "Foo | None"
		s := strings.Trim(x.text(n), `"'`)
		if i := strings.IndexAny(s, "[| "); i >= 0 {
			s = s[:i]
		}
		if isDotted(s) {
			return s
		}
	case "binary_operator": // A | None
		l, r := n.ChildByFieldName("left"), n.ChildByFieldName("right")
		if l != nil && r != nil {
			if r.Type() == "none" {
				return x.typeRef(l, depth+1)
			}
			if l.Type() == "none" {
				return x.typeRef(r, depth+1)
			}
		}
	case "subscript", "generic_type":
		origin := n.NamedChild(0)
		name, ok := x.dottedRef(origin)
		if !ok {
			return ""
		}
		last := name[strings.LastIndexByte(name, '.')+1:]
		switch last {
		case "Optional", "type", "Type", "ClassVar", "Final", "Annotated":
			if n.NamedChildCount() > 1 {
				return x.typeRef(n.NamedChild(1), depth+1)
			}
			return ""
		case "Union":
			var only string
			for i := 1; i < int(n.NamedChildCount()); i++ {
				c := n.NamedChild(i)
				if c.Type() == "none" || x.text(c) == "None" {
					continue
				}
				if only != "" {
					return "" // one of several types
				}
				only = x.typeRef(c, depth+1)
			}
			return only
		}
		return name
	case "type_parameter":
		return x.typeRef(n.NamedChild(0), depth+1)
	}
	return ""
}

// dottedRef is a name or a chain of attributes on a name, as written.
func (x *extractor) dottedRef(n *sitter.Node) (string, bool) {
	switch n.Type() {
	case "identifier":
		return x.text(n), true
	case "attribute":
		obj, attr := n.ChildByFieldName("object"), n.ChildByFieldName("attribute")
		if obj == nil || attr == nil {
			return "", false
		}
		r, ok := x.dottedRef(obj)
		return r + "." + x.text(attr), ok
	}
	return "", false
}

func isDotted(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for i, r := range part {
			if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
				return false
			}
		}
	}
	return true
}

// calledLikeClass tells a called name that constructs: CapWords, or an
// acronym (URL, UUID). A constant, all upper case as well, is not called,
// but its words are joined by underscores (MAX_SIZE), which no class's
// name has.
func calledLikeClass(name string) bool {
	if looksLikeClass(name) {
		return true
	}
	if len(name) < 2 || !unicode.IsUpper(rune(name[0])) {
		return false
	}
	return strings.IndexFunc(name, func(r rune) bool { return !unicode.IsUpper(r) && !unicode.IsDigit(r) }) < 0
}

// looksLikeClass follows PEP 8: classes are CapWords; constants, also
// capitalised, are all upper case.
func looksLikeClass(name string) bool {
	name = strings.TrimLeft(name, "_")
	if name == "" || !unicode.IsUpper(rune(name[0])) {
		return false
	}
	return strings.IndexFunc(name, unicode.IsLower) >= 0
}

// builtinNames are the names of Python's builtins module: what a file sees
// without importing or defining anything.
var builtinNames = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`
		abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr
		classmethod compile complex copyright credits delattr dict dir divmod enumerate
		eval exec exit filter float format frozenset getattr globals hasattr hash help
		hex id input int isinstance issubclass iter len license list locals map max
		memoryview min next object oct open ord pow print property quit range repr
		reversed round set setattr slice sorted staticmethod str sum super tuple type
		vars zip __import__ __build_class__
		BaseException BaseExceptionGroup Exception ExceptionGroup ArithmeticError
		AssertionError AttributeError BlockingIOError BrokenPipeError BufferError
		ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError
		ConnectionResetError EOFError EnvironmentError FileExistsError
		FileNotFoundError FloatingPointError GeneratorExit IOError ImportError
		IndentationError IndexError InterruptedError IsADirectoryError KeyError
		KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError
		NotADirectoryError NotImplementedError OSError OverflowError PermissionError
		ProcessLookupError RecursionError ReferenceError RuntimeError StopAsyncIteration
		StopIteration SyntaxError SystemError SystemExit TabError TimeoutError TypeError
		UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError
		UnicodeTranslateError ValueError ZeroDivisionError EncodingWarning Warning
		BytesWarning DeprecationWarning FutureWarning ImportWarning
		PendingDeprecationWarning ResourceWarning RuntimeWarning SyntaxWarning
		UnicodeWarning UserWarning`) {
		m[n] = true
	}
	return m
}()
