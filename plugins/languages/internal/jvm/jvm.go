package jvm

import (
	"path"
	"regexp"
	"strings"

	"github.com/homer-dev/homer/plugins/languages/internal/doccomment"
)

// IsTest reports whether path is a test source by the conventions of
// Maven, Gradle and the JUnit runners: a file under src/test/ (or any
// src/<name>Test/ set, such as androidTest or commonTest), or one named
// *Test, *Tests, *TestCase, *IT or Test<Name> outside src/main/ and the
// src/<name>Main/ sets of Kotlin Multiplatform.
func IsTest(p string) bool {
	segs := strings.Split(p, "/")
	for i := 0; i+1 < len(segs)-1; i++ {
		if segs[i] != "src" {
			continue
		}
		set := segs[i+1]
		if set == "test" || set == "tests" || (len(set) > 4 && strings.HasSuffix(set, "Test")) {
			return true
		}
		if set == "main" || (len(set) > 4 && strings.HasSuffix(set, "Main")) {
			return false // src/main, or a Kotlin Multiplatform main set (src/jvmMain)
		}
	}
	base := path.Base(p)
	stem := strings.TrimSuffix(base, path.Ext(base))
	for _, s := range []string{"Test", "Tests", "TestCase", "IT"} {
		if len(stem) > len(s) && strings.HasSuffix(stem, s) {
			return true
		}
	}
	return len(stem) > 4 && strings.HasPrefix(stem, "Test") && isUpper(stem[4])
}

// TestSupport reports whether a test source (IsTest) holds no test: its
// name ends as a test's does not (*Test, *Tests, *TestCase, *IT, *Spec),
// and no test annotation of JUnit 4 or 5, TestNG, jqwik or kotlin.test
// marks a method in it, nor a JUnit 3 method named test..., nor does it
// extend a Kotest spec. A helper, a fake or a fixture the tests share
// (retrofit's AlwaysNullConverterFactory beside its test). A Test<Name>
// with no test in it is one too: javapoet's TestFiler, jsoup's
// TestServer, gson's TestTypes.
func TestSupport(p string, src []byte) bool {
	base := path.Base(p)
	stem := strings.TrimSuffix(base, path.Ext(base))
	for _, s := range []string{"Test", "Tests", "TestCase", "IT", "Spec", "Specs"} {
		if len(stem) > len(s) && strings.HasSuffix(stem, s) {
			return false
		}
	}
	return !testMarks.Match(src)
}

// testMarks finds a test in a JVM source: a test annotation, a JUnit 3
// test method, or a class extending a Kotest spec (FunSpec({ ... })).
var testMarks = regexp.MustCompile(`@(?:org\.junit\.(?:jupiter\.api\.)?)?(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|Property|Theory|Example)\b|\bvoid\s+test[A-Z_0-9]\w*\s*\(|\bfun\s+test[A-Z_0-9]\w*\s*\(|:\s*(?:Fun|String|Describe|Should|Word|Free|Feature|Behavior|Expect)Spec\s*\(`)

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// IsTypeName tells a type from a package or a member by the naming
// convention both languages follow: types start with a capital letter.
func IsTypeName(s string) bool { return s != "" && isUpper(s[0]) }

// CleanDoc turns a /** ... */ comment into its text: the delimiters and
// each line's leading "*" dropped, blank lines at either end removed, its
// HTML read as text (doccomment.HTMLText) and inline tags written as the
// words they stand for (doccomment.InlineTags).
func CleanDoc(c string) string {
	c = strings.TrimPrefix(c, "/**")
	c = strings.TrimSuffix(c, "*/")
	lines := strings.Split(c, "\n")
	out := lines[:0]
	for _, l := range lines {
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(l, "*")
		out = append(out, strings.TrimSpace(l))
	}
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return doccomment.InlineTags(doccomment.HTMLText(strings.Join(out, "\n")))
}

// DocBefore returns the doc comment (/** ... */) that ends just before
// offset start in src, with only whitespace between, or "".
func DocBefore(src []byte, start uint32) string {
	i := int(start)
	for i > 0 && isSpace(src[i-1]) {
		i--
	}
	if i < 4 || src[i-1] != '/' || src[i-2] != '*' {
		return ""
	}
	end := i
	open := strings.LastIndex(string(src[:end-2]), "/*")
	if open < 0 || end-open < 5 || src[open+2] != '*' {
		return ""
	}
	return string(src[open:end])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// TypeRef turns type syntax into a reference: generic arguments,
// nullability, annotations, wildcards and spaces dropped ("Map.Entry<K, V>"
// gives "Map.Entry", "Foo?" gives "Foo"). Arrays, primitives and function
// types give "": a reference names a declared type.
func TypeRef(t string) string {
	var b strings.Builder
	depth := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '<':
			depth++
		case c == '>':
			depth--
		case depth > 0:
		case c == '[' || c == '(' || c == '-':
			return "" // an array or a function type
		case c == '@':
			// an annotation: skip its name and any arguments
			j := i + 1
			for j < len(t) && (isIdent(t[j]) || t[j] == '.') {
				j++
			}
			if j < len(t) && t[j] == '(' {
				if k := strings.IndexByte(t[j:], ')'); k >= 0 {
					j += k + 1
				}
			}
			i = j - 1
		case isIdent(c) || c == '.':
			b.WriteByte(c)
		case isSpace(c):
			// "final Foo" cannot reach here; a space ends a word
			if b.Len() > 0 && i+1 < len(t) && isIdent(t[i+1]) && !strings.HasSuffix(b.String(), ".") {
				b.Reset()
			}
		}
	}
	r := strings.Trim(b.String(), ".")
	if r == "" || strings.Contains(r, "..") {
		return ""
	}
	switch r {
	case "int", "long", "short", "byte", "char", "boolean", "float", "double", "void", "var", "val":
		return ""
	}
	return r
}

func isIdent(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// SplitSpec cuts an import spec at its first type segment: the package
// before it ("a.b") and the type path from it on ("C", "C.D", "C.m").
// A spec without a capitalised segment is all package.
func SplitSpec(spec string) (pkg string, typ []string) {
	segs := strings.Split(spec, ".")
	for i, s := range segs {
		if IsTypeName(s) {
			return strings.Join(segs[:i], "."), segs[i:]
		}
	}
	return spec, nil
}

// MaxChainCalls bounds the calls a receiver reference goes through
// (`a.b().c().d()` has three). The core evaluates each step against every
// overload and every declaration of the type reached, so a long builder
// chain over overloaded methods costs it the product of their counts;
// past the bound the receiver is unknown ("?").
const MaxChainCalls = 3

// Join makes the reference to member of recv: "?" when recv is unknown or
// the chain grows past MaxChainCalls.
func Join(recv, member string) string {
	if recv == "?" || recv == "" || member == "" || member == "()" {
		return "?"
	}
	if strings.HasSuffix(member, "()") && strings.Count(recv, "()") >= MaxChainCalls {
		return "?"
	}
	return recv + "." + member
}

// IsVariant reports whether path is in a Kotlin Multiplatform source set
// for a platform other than the JVM (src/jsMain, src/nativeMain,
// src/iosTest...): the JVM build, taken as the default one, leaves it out.
// common and jvm source sets, and Gradle's main and test, are the default.
func IsVariant(p string) bool {
	segs := strings.Split(p, "/")
	for i := 0; i+1 < len(segs)-1; i++ {
		if segs[i] != "src" {
			continue
		}
		set := segs[i+1]
		platform, ok := strings.CutSuffix(set, "Main")
		if !ok {
			platform, ok = strings.CutSuffix(set, "Test")
		}
		if !ok || platform == "" || isUpper(platform[0]) {
			return false
		}
		return !strings.HasPrefix(platform, "common") && !strings.HasPrefix(platform, "jvm")
	}
	return false
}

// collections are the standard types whose generic argument is the type
// of their elements.
var collections = map[string]bool{
	"List": true, "MutableList": true, "ArrayList": true, "LinkedList": true, "Set": true, "MutableSet": true,
	"HashSet": true, "LinkedHashSet": true, "TreeSet": true, "SortedSet": true, "Collection": true,
	"MutableCollection": true, "Iterable": true, "Iterator": true, "Sequence": true, "Array": true, "Stream": true,
	"Deque": true, "Queue": true, "ArrayDeque": true,
}

// ElementType is the element type written in a collection type's syntax
// ("List<Foo>" gives "Foo", "Array<out Foo?>" gives "Foo"), or "".
func ElementType(t string) string {
	open := strings.IndexByte(t, '<')
	if open < 0 || !strings.HasSuffix(strings.TrimRight(t, "?! "), ">") {
		return ""
	}
	base := TypeRef(t[:open])
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		base = base[i+1:]
	}
	if !collections[base] {
		return ""
	}
	arg := strings.TrimSpace(t[open+1 : strings.LastIndexByte(t, '>')])
	if strings.ContainsAny(arg, ",<") {
		return "" // several arguments, or nested generics: not an element
	}
	for _, p := range []string{"out ", "in ", "? extends ", "? super "} {
		arg = strings.TrimPrefix(arg, p)
	}
	return TypeRef(arg)
}
