package kotlin

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/plugins/languages/internal/jvm"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// builtinTypes are the types every Kotlin file sees without an import:
// kotlin.*, kotlin.collections.* and the java.lang classes.
var builtinTypes = setOf("Any", "Unit", "Nothing", "String", "CharSequence", "Int", "Long", "Short", "Byte",
	"Double", "Float", "Boolean", "Char", "Number", "Array", "IntArray", "LongArray", "ByteArray", "CharArray",
	"ShortArray", "DoubleArray", "FloatArray", "BooleanArray", "List", "MutableList", "Map", "MutableMap", "Set",
	"MutableSet", "Collection", "MutableCollection", "Iterable", "MutableIterable", "Iterator", "Sequence",
	"Pair", "Triple", "Regex", "Result", "Lazy", "Comparable", "Comparator", "Throwable", "Exception", "Error",
	"RuntimeException", "IllegalArgumentException", "IllegalStateException", "UnsupportedOperationException",
	"IndexOutOfBoundsException", "NullPointerException", "NoSuchElementException", "ClassCastException",
	"ArithmeticException", "NumberFormatException", "ConcurrentModificationException", "AssertionError",
	"ArrayList", "HashMap", "HashSet", "LinkedHashMap", "LinkedHashSet", "StringBuilder", "System", "Math",
	"Thread", "Runtime", "Class", "Object", "Integer", "Character", "Enum", "Annotation", "Function", "KClass",
	"UInt", "ULong", "UByte", "UShort")

// builtinFuns are the standard library's top-level functions every file
// sees without an import.
var builtinFuns = setOf("println", "print", "readLine", "readln", "readlnOrNull", "listOf", "listOfNotNull",
	"mutableListOf", "arrayListOf", "emptyList", "mapOf", "mutableMapOf", "hashMapOf", "linkedMapOf", "emptyMap",
	"setOf", "mutableSetOf", "hashSetOf", "linkedSetOf", "emptySet", "setOfNotNull", "arrayOf", "emptyArray",
	"arrayOfNulls", "intArrayOf", "longArrayOf", "byteArrayOf", "charArrayOf", "shortArrayOf", "doubleArrayOf",
	"floatArrayOf", "booleanArrayOf", "sequenceOf", "emptySequence", "generateSequence", "sequence", "iterator",
	"buildList", "buildMap", "buildSet", "buildString", "require", "requireNotNull", "check", "checkNotNull",
	"error", "TODO", "repeat", "run", "let", "apply", "also", "with", "takeIf", "takeUnless", "lazy", "lazyOf",
	"maxOf", "minOf", "assert", "synchronized", "runCatching", "suspend", "enumValues", "enumValueOf",
	"Pair", "Triple", "to", "use", "compareValues", "compareBy", "Comparator", "Regex", "StringBuilder",
	"ArrayList", "HashMap", "HashSet", "LinkedHashMap", "LinkedHashSet", "Exception", "RuntimeException",
	"IllegalArgumentException", "IllegalStateException", "UnsupportedOperationException", "Error",
	"NoSuchElementException", "IndexOutOfBoundsException", "NullPointerException", "Any", "Array",
	"IntArray", "ByteArray", "LongArray", "CharArray", "Thread", "Object", "Result", "UninitializedPropertyAccessException",
	"AssertionError", "NumberFormatException", "ArithmeticException", "ClassCastException")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func (x *extractor) typeOfSyntax(t *sitter.Node) string {
	if t == nil {
		return ""
	}
	return x.typePath(jvm.TypeRef(x.text(t)))
}

// typePath rewrites a type path as written to a reference in the file's
// scope (jvm.TypePath).
func (x *extractor) typePath(p string) string { return jvm.TypePath(x, p) }

// Imported is the type path an imported simple name stands for.
func (x *extractor) Imported(name string) string { return x.imported[name] }

func (x *extractor) TypeParam(name string) (string, bool) {
	return jvm.TypeParam(x.cls, x.methodTP, name)
}

// NestedType finds a type of the file named name as the code in x.cls
// sees it (jvm.NestedType).
func (x *extractor) NestedType(name string) string { return jvm.NestedType(x.cls, x.types, name) }

// Enclosing is what the type lookups read of c, and the class around it.
func (c *class) Enclosing() (jvm.Enclosing, *class) {
	return jvm.Enclosing{Name: c.name, QN: c.qn, Anon: c.anon, Nested: c.nested, TypeParams: c.typeParams}, c.parent
}

// declared reports whether the file declares or imports name, which then
// shadows the standard library's.
func (x *extractor) declared(name string) bool {
	return len(x.types[name]) > 0 || x.bound[name] || x.imported[name] != "" || x.topFuns[name] ||
		x.topProps[name] || x.renamed[name] != "" || x.localFuns[name]
}

func (x *extractor) localType(name string) (string, bool) {
	for i := len(x.locals) - 1; i >= 0; i-- {
		if x.locals[i].name == name {
			return x.locals[i].typ, true
		}
	}
	return "", false
}

func (x *extractor) named() *class {
	c := x.cls
	for c != nil && c.anon {
		c = c.parent
	}
	return c
}

// implicit is the type an unqualified name the file does not declare is
// looked up in: inside an extension function the extended type, whose
// members are the usual callees there. Elsewhere it is "", the name is
// looked up in the file's scope (its package's top-level functions):
// the core takes one receiver, and in a class with supertypes the name may
// as well be inherited, which the file cannot tell.
func (x *extractor) implicit() string {
	if t := x.lambdaReceiver(); t != "" {
		return t
	}
	return x.extension
}

func (x *extractor) nameType(name string) string {
	if t, ok := x.localType(name); ok {
		return t
	}
	for c := x.cls; c != nil; c = c.parent {
		if t, ok := c.fields[name]; ok {
			if c.anon {
				return orUnknown(t)
			}
			return c.owner + "." + name
		}
	}
	if q := x.statics[name]; q != "" {
		return q + "." + name
	}
	if jvm.IsTypeName(name) {
		return x.typePath(name)
	}
	if x.topProps[name] || x.bound[name] {
		return name
	}
	if r := x.implicit(); r != "" && !x.topFuns[name] {
		return r + "." + name
	}
	return name
}

// superType is what `super` stands for: "^Class" for a top-level class; a
// nested class's superclass, since the core reads "^" on a reference's
// first segment only.
func (x *extractor) superType() string {
	if x.cls != nil && x.cls.anon {
		return orUnknown(x.cls.base)
	}
	c := x.named()
	switch {
	case c == nil:
		return "?"
	case !strings.Contains(c.qn, "."):
		return "^" + c.qn
	case c.superclass != "":
		return c.superclass
	case len(c.def.Bases) == 1:
		return c.def.Bases[0]
	}
	return "?"
}

func (x *extractor) thisType(n *sitter.Node) string {
	if label := x.child(n, kTypeIdentifier); label != nil {
		if q := x.NestedType(x.text(label)); q != "" {
			return q
		}
		return "?"
	}
	if t := x.implicit(); t != "" {
		return t
	}
	if c := x.cls; c != nil {
		if c.anon {
			return orUnknown(c.base)
		}
		return c.qn
	}
	return "?"
}

// exprType is the type of an expression as a reference, "?" when the file
// does not tell.
func (x *extractor) exprType(n *sitter.Node) string {
	if n == nil {
		return "?"
	}
	switch x.g.Kind(n) {
	case kSimpleIdentifier:
		return x.nameType(x.text(n))
	case kThis:
		return x.thisType(n)
	case kSuper:
		if t := x.typeChild(n); t != nil {
			return orUnknown(x.typeOfSyntax(t))
		}
		return x.superType()
	case kParen, kPostfix:
		if c := n.NamedChild(0); c != nil {
			return x.exprType(c)
		}
	case kAs:
		return orUnknown(x.typeOfSyntax(x.typeChild(n)))
	case kString:
		return "String"
	case kNavigation:
		recv, name := x.navigation(n)
		if name == "" {
			return "?"
		}
		return jvm.Join(x.exprType(recv), name)
	case kCall:
		callee := n.NamedChild(0)
		if callee == nil {
			return "?"
		}
		switch x.g.Kind(callee) {
		case kSimpleIdentifier:
			name := x.text(callee)
			if r := x.renamed[name]; r != "" {
				name = r
			}
			if jvm.IsTypeName(name) {
				return orUnknown(x.typePath(name)) + "()"
			}
			recv := x.unqualifiedReceiver(name)
			if recv == "" {
				return name + "()"
			}
			return jvm.Join(recv, name+"()")
		case kNavigation:
			recv, name := x.navigation(callee)
			return jvm.Join(x.exprType(recv), name+"()")
		}
	}
	return "?"
}

// navigation splits `a.b` (or `a?.b`) into a and b's name.
func (x *extractor) navigation(n *sitter.Node) (*sitter.Node, string) {
	recv := n.NamedChild(0)
	suffix := n.NamedChild(int(n.NamedChildCount()) - 1)
	if recv == nil || suffix == nil || x.g.Kind(suffix) != kNavSuffix {
		return nil, ""
	}
	nm := x.child(suffix, kSimpleIdentifier)
	if nm == nil {
		return nil, ""
	}
	return recv, strings.Trim(x.text(nm), "`")
}

// unqualifiedReceiver is the receiver of an unqualified call of name: ""
// for a top-level, imported, local or standard-library function, else the
// type declaring or inheriting it; "?" for a local function.
func (x *extractor) unqualifiedReceiver(name string) string {
	if x.localFuns[name] {
		return "?"
	}
	for c := x.cls; c != nil; c = c.parent {
		if c.methods[name] {
			if c.anon {
				return "?"
			}
			return c.owner
		}
		if c.companion != nil && c.companion.methods[name] {
			return c.owner
		}
	}
	if q := x.statics[name]; q != "" {
		return q
	}
	if x.topFuns[name] || x.bound[name] || builtinFuns[name] {
		return ""
	}
	if _, ok := x.localType(name); ok {
		return "?" // invoking a local of function type
	}
	return x.implicit()
}

func (x *extractor) qualifier(n *sitter.Node, depth int) string {
	if n == nil || depth > 12 {
		return "?"
	}
	switch x.g.Kind(n) {
	case kSimpleIdentifier, kThis, kSuper, kTypeIdentifier:
		return x.text(n)
	case kNavigation:
		recv, name := x.navigation(n)
		return x.qualifier(recv, depth+1) + "." + name
	case kCall:
		callee := n.NamedChild(0)
		if callee != nil && (x.g.Kind(callee) == kSimpleIdentifier || x.g.Kind(callee) == kNavigation) {
			return x.qualifier(callee, depth+1) + "()"
		}
	case kParen, kPostfix:
		return x.qualifier(n.NamedChild(0), depth+1)
	}
	return "?"
}

func (x *extractor) addCall(at *sitter.Node, name, qualifier, receiver string) *sdk.Call {
	c := treesitter.CallAt(at, name, qualifier, x.caller)
	c.Receiver = receiver
	x.facts.Calls = append(x.facts.Calls, c)
	return c
}

// isBuiltinType: ref is rooted in a standard type, or in the result of a
// standard function (`listOf(1).map()`), that the file does not shadow.
func (x *extractor) isBuiltinType(ref string) bool {
	root, _, _ := strings.Cut(ref, ".")
	if fn, ok := strings.CutSuffix(root, "()"); ok {
		return builtinFuns[fn] && !x.declared(fn)
	}
	return builtinTypes[root] && !x.declared(root)
}

// scopeFunction walks a call's parts, giving the trailing lambda of
// `x.apply {}`, `x.run {}` and `with(x) {}` the receiver x, and that of
// `x.let {}` and `x.also {}` an `it` of x's type.
func (x *extractor) scopeFunction(n *sitter.Node) {
	callee := n.NamedChild(0)
	var this, it string
	if callee != nil {
		switch x.g.Kind(callee) {
		case kNavigation:
			recv, name := x.navigation(callee)
			switch name {
			case "apply", "run":
				this = x.exprType(recv)
			case "let", "also", "takeIf", "takeUnless":
				it = x.exprType(recv)
			default:
				if elementLambdas[name] {
					it = x.elemOf(recv)
				}
			}
		case kCall:
			// `with(x) { }` is the call `with(x)` called with the lambda
			inner := callee.NamedChild(0)
			if inner != nil && x.g.Kind(inner) == kSimpleIdentifier && x.text(inner) == "with" && !x.declared("with") {
				if args := x.child(callee, kCallSuffix); args != nil {
					if va := x.child(args, kValueArgs); va != nil && va.NamedChildCount() > 0 {
						if a := va.NamedChild(0).NamedChild(0); a != nil {
							this = x.exprType(a)
						}
					}
				}
			}
		}
	}
	treesitter.EachNamedChild(n, func(c *sitter.Node) {
		if x.g.Kind(c) != kCallSuffix {
			x.walk(c)
			return
		}
		treesitter.EachNamedChild(c, func(a *sitter.Node) {
			if x.g.Kind(a) == kOther && a.Type() == "annotated_lambda" {
				x.nextThis, x.nextIt = orEmpty(this), orEmpty(it)
			}
			x.walk(a)
			x.nextThis, x.nextIt = "", ""
		})
	})
}

// elementLambdas are the collection functions whose lambda's `it` is an
// element.
var elementLambdas = setOf("forEach", "onEach", "map", "mapNotNull", "flatMap", "filter", "filterNot", "any", "all",
	"none", "first", "firstOrNull", "last", "lastOrNull", "find", "findLast", "count", "sumOf", "associate",
	"associateBy", "associateWith", "groupBy", "sortedBy", "sortedByDescending", "maxByOrNull", "minByOrNull",
	"maxBy", "minBy", "takeWhile", "dropWhile", "partition", "distinctBy", "single", "singleOrNull")

func orEmpty(t string) string {
	if t == "?" {
		return ""
	}
	return t
}

// call records a call expression with the number of arguments it passes.
func (x *extractor) call(n *sitter.Node) {
	if callee := n.NamedChild(0); callee != nil && x.g.Kind(callee) == kCall {
		// `f(a) { }`: the lambda is an argument of the inner call
		if suffix := x.child(n, kCallSuffix); suffix != nil {
			if x.trailing == nil {
				x.trailing = map[uintptr]int32{}
			}
			x.trailing[callee.ID()] = x.suffixArguments(suffix)
		}
	}
	before := len(x.facts.Calls)
	x.callSite(n)
	if len(x.facts.Calls) > before {
		x.facts.Calls[len(x.facts.Calls)-1].Arguments = x.callArguments(n)
	}
}

// callArguments counts a call's arguments, plus one: those in parentheses
// and a trailing lambda, which the grammar may hang on an enclosing call
// (`f(a) { }` is the call `f(a)` called with the lambda).
func (x *extractor) callArguments(n *sitter.Node) int32 {
	suffix := x.child(n, kCallSuffix)
	if suffix == nil {
		return 0
	}
	count := int32(1) + x.suffixArguments(suffix)
	if extra, ok := x.trailing[n.ID()]; ok {
		count += extra
		delete(x.trailing, n.ID())
	}
	return count
}

func (x *extractor) suffixArguments(suffix *sitter.Node) int32 {
	var count int32
	treesitter.EachNamedChild(suffix, func(c *sitter.Node) {
		switch {
		case x.g.Kind(c) == kValueArgs:
			treesitter.EachNamedChild(c, func(a *sitter.Node) {
				if x.g.Kind(a) != kComment {
					count++
				}
			})
		case x.g.Kind(c) == kOther && c.Type() == "annotated_lambda":
			count++
		}
	})
	return count
}

// valueArguments counts the arguments of a value_arguments node, plus one.
func (x *extractor) valueArguments(va *sitter.Node) int32 {
	if va == nil {
		return 0
	}
	count := int32(1)
	treesitter.EachNamedChild(va, func(a *sitter.Node) {
		if x.g.Kind(a) != kComment {
			count++
		}
	})
	return count
}

// callSite records a call expression: `f()`, `Foo()`, `a.b()`.
func (x *extractor) callSite(n *sitter.Node) {
	callee := n.NamedChild(0)
	if callee == nil {
		return
	}
	switch x.g.Kind(callee) {
	case kSimpleIdentifier:
		name := strings.Trim(x.text(callee), "`")
		if r := x.renamed[name]; r != "" {
			name = r
		}
		if jvm.IsTypeName(name) && !x.localFuns[name] {
			if _, local := x.localType(name); !local {
				x.constructorCall(callee, x.typePath(name))
				return
			}
		}
		recv := x.unqualifiedReceiver(name)
		c := x.addCall(callee, name, "", recv)
		c.Builtin = recv == "" && builtinFuns[name] && !x.declared(name)
	case kNavigation:
		recv, name := x.navigation(callee)
		if name == "" {
			return
		}
		rt := x.exprType(recv)
		if jvm.IsTypeName(name) && rt != "?" {
			// a nested type constructed through its outer type
			c := x.addCall(callee, name, x.qualifier(recv, 0), rt)
			c.Constructor = true
			return
		}
		c := x.addCall(callee, name, x.qualifier(recv, 0), rt)
		c.Builtin = x.g.Kind(recv) == kString || x.isBuiltinRecv(recv, rt)
	}
}

// isBuiltinRecv: the receiver's type is a standard type the file does not
// shadow, also when it is a field of the file's typed so.
func (x *extractor) isBuiltinRecv(recv *sitter.Node, rt string) bool {
	if x.g.Kind(recv) == kSimpleIdentifier {
		name := x.text(recv)
		if _, ok := x.localType(name); !ok {
			for c := x.cls; c != nil; c = c.parent {
				if t, ok := c.fields[name]; ok {
					rt = t
					break
				}
			}
		}
	}
	return x.isBuiltinType(rt)
}

// constructorCall records a call constructing ref.
func (x *extractor) constructorCall(at *sitter.Node, ref string) {
	if ref == "" {
		return
	}
	name, owner := ref, ""
	if i := strings.LastIndexByte(ref, '.'); i >= 0 {
		owner, name = ref[:i], ref[i+1:]
	}
	c := x.addCall(at, name, "", owner)
	c.Constructor = true
	c.Builtin = owner == "" && x.isBuiltinType(name)
}

// callableRef records `Foo::bar`, `::bar`, `this::bar` and `::Foo`.
func (x *extractor) callableRef(n *sitter.Node) {
	nm := x.child(n, kSimpleIdentifier)
	if nm == nil {
		return
	}
	name := x.text(nm)
	var recvNode *sitter.Node
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if c := n.NamedChild(i); !c.Equal(nm) {
			recvNode = c
			break
		}
	}
	if recvNode == nil {
		if jvm.IsTypeName(name) {
			x.constructorCall(nm, x.typePath(name))
			return
		}
		recv := x.unqualifiedReceiver(name)
		c := x.addCall(nm, name, "", recv)
		c.Builtin = recv == "" && builtinFuns[name] && !x.declared(name)
		return
	}
	var recv string
	switch x.g.Kind(recvNode) {
	case kTypeIdentifier, kUserType, kNullableType:
		recv = orUnknown(x.typePath(jvm.TypeRef(x.text(recvNode))))
	default:
		recv = x.exprType(recvNode)
	}
	c := x.addCall(nm, name, x.textOf(recvNode), recv)
	c.Builtin = x.isBuiltinType(recv)
}
