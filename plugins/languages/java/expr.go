package java

import (
	"strings"

	"github.com/homer-dev/homer/plugins/languages/internal/jvm"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
	"github.com/homer-dev/homer/sdk/treesitter/flat"
)

// javaLang lists the java.lang types, imported into every file: a
// receiver rooted in one the file does not declare or import is the
// language's own.
var javaLangTypes = setOf("Object", "String", "StringBuilder", "StringBuffer", "System", "Math", "StrictMath",
	"Integer", "Long", "Short", "Byte", "Double", "Float", "Boolean", "Character", "Number", "Void",
	"Thread", "ThreadLocal", "InheritableThreadLocal", "Runtime", "Process", "ProcessBuilder", "Class", "ClassLoader", "Enum", "Record",
	"Iterable", "Comparable", "CharSequence", "Appendable", "AutoCloseable", "Runnable", "Cloneable", "Readable",
	"Throwable", "Exception", "Error", "RuntimeException", "IllegalArgumentException", "IllegalStateException",
	"NullPointerException", "UnsupportedOperationException", "IndexOutOfBoundsException",
	"ArrayIndexOutOfBoundsException", "StringIndexOutOfBoundsException", "ClassCastException", "ArithmeticException",
	"NumberFormatException", "InterruptedException", "CloneNotSupportedException", "ReflectiveOperationException",
	"ClassNotFoundException", "NoSuchFieldException", "NoSuchMethodException", "InstantiationException",
	"IllegalAccessException", "SecurityException", "AssertionError", "OutOfMemoryError", "StackOverflowError",
	"LinkageError", "NoClassDefFoundError", "ExceptionInInitializerError", "VirtualMachineError", "InternalError",
	"Deprecated", "Override", "SuppressWarnings", "SafeVarargs", "FunctionalInterface", "Package", "Module",
	"StackTraceElement", "SecurityManager", "Compiler", "ThreadGroup", "StackWalker", "ProcessHandle")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// typeOfSyntax is the reference a type node names, resolved against the
// file's own nested types, its imports and the type parameters in scope.
func (x *extractor) typeOfSyntax(t *flat.Node) string {
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

// declared reports whether the file declares or imports a type named
// name, which then shadows a java.lang type.
func (x *extractor) declared(name string) bool {
	return len(x.types[name]) > 0 || x.bound[name] || x.imported[name] != ""
}

func (x *extractor) localType(name string) (string, bool) {
	for i := len(x.locals) - 1; i >= 0; i-- {
		if x.locals[i].name == name {
			return x.locals[i].typ, true
		}
	}
	return "", false
}

// named is the innermost type with a definition around the code walked.
func (x *extractor) named() *class {
	c := x.cls
	for c != nil && c.anon {
		c = c.parent
	}
	return c
}

// nameType is the type of a simple name used as a value.
func (x *extractor) nameType(name string) string {
	if t, ok := x.localType(name); ok {
		return t
	}
	for c := x.cls; c != nil; c = c.parent {
		if t, ok := c.fields[name]; ok {
			if c.anon {
				return orUnknown(t)
			}
			return c.qn + "." + name
		}
	}
	if q := x.statics[name]; q != "" {
		return q + "." + name
	}
	if jvm.IsTypeName(name) {
		return x.typePath(name)
	}
	if c := x.named(); c != nil {
		// a field the file does not declare: inherited
		return c.qn + "." + name
	}
	return "?"
}

// exprType is the type of an expression as a reference, "?" when the file
// does not tell.
func (x *extractor) exprType(n *flat.Node) string {
	switch x.g.KindOf(n) {
	case kIdentifier:
		return x.nameType(x.text(n))
	case kThis:
		return x.thisType()
	case kSuper:
		return x.superType()
	case kParen:
		if c := n.NamedChild(0); c != nil {
			return x.exprType(c)
		}
	case kCast:
		return orUnknown(x.typeOfSyntax(n.ChildByFieldName("type")))
	case kString:
		return "String"
	case kNew:
		return orUnknown(x.typeOfSyntax(n.ChildByFieldName("type")))
	case kFieldAccess:
		obj, f := n.ChildByFieldName("object"), n.ChildByFieldName("field")
		if obj == nil || f == nil {
			return "?"
		}
		if x.g.KindOf(obj) == kThis {
			if c := x.named(); c != nil && x.cls == c {
				return c.qn + "." + x.text(f)
			}
		}
		if x.g.KindOf(f) == kThis {
			// Outer.this
			return orUnknown(x.typePath(jvm.TypeRef(x.text(obj))))
		}
		return jvm.Join(x.exprType(obj), x.text(f))
	case kInvocation:
		name := x.textOf(n.ChildByFieldName("name"))
		if n.ChildByFieldName("object") == nil {
			for c := x.cls; c != nil && c.anon; c = c.parent {
				if c.methods[name] {
					return orUnknown(c.returns[name])
				}
			}
		}
		recv := x.callReceiver(n)
		if recv == "" && n.ChildByFieldName("object") == nil {
			if c := x.named(); c != nil {
				recv = c.qn // an inherited method's result
			}
		}
		return jvm.Join(recv, name+"()")
	}
	return "?"
}

// superType is what `super` stands for: "^Class" for a top-level class;
// a nested class's superclass as written, since the core reads "^" on a
// reference's first segment only.
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
	case x.hasSuperclass(c) && len(c.def.Bases) > 0:
		return c.def.Bases[0]
	}
	return "?"
}

func (x *extractor) hasSuperclass(c *class) bool {
	decl := x.declNode(c)
	return decl != nil && decl.ChildByFieldName("superclass") != nil
}

// thisType is what `this` stands for: the class, or an anonymous class's
// supertype.
func (x *extractor) thisType() string {
	if x.cls == nil {
		return "?"
	}
	if x.cls.anon {
		return orUnknown(x.cls.base)
	}
	return x.cls.qn
}

// callReceiver is the receiver of a method invocation: its object's type,
// or for an unqualified call the type that declares the method.
func (x *extractor) callReceiver(n *flat.Node) string {
	if obj := n.ChildByFieldName("object"); obj != nil {
		return x.exprType(obj)
	}
	name := x.textOf(n.ChildByFieldName("name"))
	for c := x.cls; c != nil; c = c.parent {
		if c.methods[name] {
			if c.anon {
				return "?"
			}
			return c.qn
		}
	}
	if q := x.statics[name]; q != "" {
		return q
	}
	if c := x.cls; c != nil && c.anon && c.base != "" {
		// inherited from the anonymous class's supertype, unless that is
		// a java.lang interface, which brings none worth calling bare
		if root, _, _ := strings.Cut(c.base, "."); !javaLangTypes[root] || x.declared(root) {
			return c.base
		}
	}
	// Not declared in the file: inherited, or statically imported on
	// demand. The core looks in the caller's class and its bases first.
	return ""
}

// qualifier renders the receiver expression as written, as a dotted path.
func (x *extractor) qualifier(n *flat.Node, depth int) string {
	if n == nil || depth > 12 {
		return "?"
	}
	switch x.g.KindOf(n) {
	case kIdentifier, kThis, kSuper, kTypeIdentifier:
		return x.text(n)
	case kFieldAccess:
		return x.qualifier(n.ChildByFieldName("object"), depth+1) + "." + x.textOf(n.ChildByFieldName("field"))
	case kInvocation:
		name := x.textOf(n.ChildByFieldName("name")) + "()"
		if obj := n.ChildByFieldName("object"); obj != nil {
			return x.qualifier(obj, depth+1) + "." + name
		}
		return name
	case kParen:
		return x.qualifier(n.NamedChild(0), depth+1)
	case kScopedTypeIdentifier, kScopedIdentifier, kGenericType:
		return jvm.TypeRef(x.text(n))
	}
	return "?"
}

// builtin reports whether a receiver as written is rooted in a java.lang
// type the file does not shadow, or is a literal string.
func (x *extractor) builtin(obj *flat.Node, recv string) bool {
	if obj != nil {
		switch x.g.KindOf(obj) {
		case kString:
			return true
		case kIdentifier:
			// a field of the file's typed by a java.lang type
			name := x.text(obj)
			if _, ok := x.localType(name); !ok {
				if t := x.fieldType(name); t != "" {
					recv = t
				}
			}
		case kFieldAccess:
			if o := obj.ChildByFieldName("object"); o != nil && x.g.KindOf(o) == kThis {
				if t := x.fieldType(x.textOf(obj.ChildByFieldName("field"))); t != "" {
					recv = t
				}
			}
		}
	}
	root, _, _ := strings.Cut(recv, ".")
	return javaLangTypes[root] && !x.declared(root)
}

// fieldType is the declared type of a field of the enclosing types.
func (x *extractor) fieldType(name string) string {
	for c := x.cls; c != nil; c = c.parent {
		if t, ok := c.fields[name]; ok {
			return t
		}
	}
	return ""
}

// arguments counts the arguments of a call, plus one (0: none to count).
func (x *extractor) arguments(call *flat.Node) int32 {
	args := call.ChildByFieldName("arguments")
	if args == nil {
		return 0
	}
	n := int32(1)
	flat.EachNamedChild(args, func(a *flat.Node) {
		if x.g.KindOf(a) != kComment {
			n++
		}
	})
	return n
}

func (x *extractor) addCall(nameNode *flat.Node, name, qualifier, receiver string) *sdk.Call {
	c := treesitter.CallAt(nameNode, name, qualifier, x.caller)
	c.Receiver = receiver
	x.facts.Calls = append(x.facts.Calls, c)
	return c
}

func (x *extractor) invocation(n *flat.Node) {
	nm := n.ChildByFieldName("name")
	if nm == nil {
		return
	}
	obj := n.ChildByFieldName("object")
	q := ""
	if obj != nil {
		q = x.qualifier(obj, 0)
	}
	recv := x.callReceiver(n)
	c := x.addCall(nm, x.text(nm), q, recv)
	c.Arguments = x.arguments(n)
	c.Builtin = x.builtin(obj, recv)
}

// creation records `new T(...)` as a call of T's constructor and walks its
// arguments and anonymous body.
func (x *extractor) creation(n *flat.Node) {
	t := n.ChildByFieldName("type")
	if t == nil {
		x.walkChildren(n)
		return
	}
	written := jvm.TypeRef(x.text(t))
	ref := x.typePath(written)
	if ref != "" {
		name, owner := ref, ""
		if i := strings.LastIndexByte(ref, '.'); i >= 0 {
			owner, name = ref[:i], ref[i+1:]
		}
		q := ""
		if i := strings.LastIndexByte(written, '.'); i >= 0 {
			q = written[:i]
		}
		c := x.addCall(t, name, q, owner)
		c.Arguments = x.arguments(n)
		c.Constructor = true
		root, _, _ := strings.Cut(ref, ".")
		c.Builtin = javaLangTypes[root] && !x.declared(root)
	}
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		switch x.g.KindOf(c) {
		case kClassBody:
			x.anonBody(c, ref)
		default:
			if !c.Equal(t) {
				x.walk(c)
			}
		}
	}
}

// explicitCtor records `super(...)` and `this(...)` as calls of the base's
// and the class's own constructors.
func (x *extractor) explicitCtor(n *flat.Node) {
	ctor := n.ChildByFieldName("constructor")
	c := x.named()
	if ctor == nil || c == nil {
		return
	}
	switch x.g.KindOf(ctor) {
	case kThis:
		call := x.addCall(ctor, c.name, "this", c.qn)
		call.Arguments = x.arguments(n)
		call.Constructor = true
	case kSuper:
		if len(c.def.Bases) == 0 || c.def.Kind != "class" {
			return
		}
		base := c.def.Bases[0]
		if !x.hasSuperclass(c) {
			return // no superclass: Object's constructor
		}
		name := base[strings.LastIndexByte(base, '.')+1:]
		call := x.addCall(ctor, name, "super", x.superType())
		call.Arguments = x.arguments(n)
		call.Constructor = true
	}
}

// methodRef records `Foo::bar`, `this::bar` and `Foo::new` as calls.
func (x *extractor) methodRef(n *flat.Node) {
	count := int(n.NamedChildCount())
	if count < 1 {
		return
	}
	obj := n.NamedChild(0)
	last := n.Child(int(n.ChildCount()) - 1)
	if last == nil {
		return
	}
	name := x.text(last)
	if name == "new" {
		ref := x.typePath(jvm.TypeRef(x.text(obj)))
		if ref == "" {
			return
		}
		owner := ""
		if i := strings.LastIndexByte(ref, '.'); i >= 0 {
			owner, ref = ref[:i], ref[i+1:]
		}
		c := x.addCall(last, ref, "", owner)
		c.Constructor = true
		return
	}
	if count < 2 || !last.IsNamed() {
		return
	}
	var recv string
	switch x.g.KindOf(obj) {
	case kIdentifier:
		name := x.text(obj)
		if _, ok := x.localType(name); ok || !jvm.IsTypeName(name) {
			recv = x.nameType(name)
		} else {
			recv = x.typePath(name)
		}
	case kTypeIdentifier, kScopedTypeIdentifier, kGenericType:
		recv = orUnknown(x.typeOfSyntax(obj))
	case kFieldAccess:
		// a.b::m is either a field's value or a nested type
		w := jvm.TypeRef(x.text(obj))
		if root, _, _ := strings.Cut(w, "."); jvm.IsTypeName(root) && w != "" {
			recv = x.typePath(w)
		} else {
			recv = x.exprType(obj)
		}
	default:
		recv = x.exprType(obj)
	}
	c := x.addCall(last, name, x.qualifier(obj, 0), recv)
	c.Builtin = x.builtin(obj, recv)
}
