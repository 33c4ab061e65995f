package csharp

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/homer-dev/homer/plugins/languages/internal/repowalk"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// repoInfo is what the project files of a repository tell.
type repoInfo struct {
	// testDirs are the directories of projects named like test projects.
	testDirs []string
	// roots are the first segments (lower case) of the root namespaces and
	// assembly names the projects declare: namespaces the repository owns.
	roots map[string]bool
	// usings are the namespaces a project file (or a Directory.Build.props)
	// imports into every file under its directory: MSBuild's <Using
	// Include="X" />, a global using written in the project.
	usings map[string][]string
}

var (
	projectName = regexp.MustCompile(`<(?:RootNamespace|AssemblyName)>\s*([A-Za-z_][\w.]*)\s*</`)
	// usingItem is an MSBuild <Using> item; usingAttr one of its
	// attributes.
	usingItem = regexp.MustCompile(`<Using\s([^>]*?)/?>`)
	usingAttr = regexp.MustCompile(`(\w+)\s*=\s*"([^"]*)"`)
)

// projectUsings are the namespaces a project file's <Using> items import:
// not the static ones (a type's members) nor the aliased.
func projectUsings(data []byte) []string {
	var out []string
	for _, m := range usingItem.FindAllSubmatch(data, -1) {
		ns, plain := "", true
		for _, a := range usingAttr.FindAllSubmatch(m[1], -1) {
			switch string(a[1]) {
			case "Include":
				ns = strings.TrimSpace(string(a[2]))
			case "Static":
				plain = plain && !strings.EqualFold(string(a[2]), "true")
			case "Alias":
				plain = false
			}
		}
		if ns != "" && plain {
			out = append(out, ns)
		}
	}
	return out
}

// projectImports are the imports the projects' <Using> items give a file:
// those of every project file and Directory.Build.props in its directory
// and above.
func (r repoInfo) projectImports(p string) []*sdk.Import {
	var out []*sdk.Import
	for dir := path.Dir(p); ; dir = path.Dir(dir) {
		for _, ns := range r.usings[dir] {
			out = append(out, &sdk.Import{Spec: ns, Implicit: true})
		}
		if dir == "." || dir == "/" {
			return out
		}
	}
}

// scanProjects finds the .csproj files under root. A missing or unreadable
// root gives an empty repoInfo.
func scanProjects(root string) repoInfo {
	info := repoInfo{roots: map[string]bool{}}
	if root == "" {
		return info
	}
	skip := []string{".git", "bin", "obj", "node_modules", "packages", ".homer"}
	repowalk.Files(root, skip, func(p, name string) {
		props := name == "Directory.Build.props"
		if !strings.HasSuffix(name, ".csproj") && !props {
			return
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return
		}
		rel = filepath.ToSlash(rel)
		if data, err := os.ReadFile(p); err == nil && len(data) < 1<<20 {
			if ns := projectUsings(data); len(ns) > 0 {
				if info.usings == nil {
					info.usings = map[string][]string{}
				}
				info.usings[rel] = append(info.usings[rel], ns...)
			}
		}
		if props {
			return
		}
		stem := strings.TrimSuffix(name, ".csproj")
		info.roots[strings.ToLower(firstSegment(stem))] = true
		if testName(stem) {
			info.testDirs = append(info.testDirs, rel)
		}
		if data, err := os.ReadFile(p); err == nil && len(data) < 1<<20 {
			for _, m := range projectName.FindAllSubmatch(data, -1) {
				info.roots[strings.ToLower(firstSegment(string(m[1])))] = true
			}
		}
	})
	return info
}

func firstSegment(s string) string {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return s[:i]
	}
	return s
}

// testName reports whether a project or directory name is a test
// project's: "Tests", "App.Tests", "App.UnitTests", "AppTest",
// "App.Tests.Shared". The capital T keeps "Latest" out.
func testName(name string) bool {
	if l := strings.ToLower(name); l == "test" || l == "tests" {
		return true
	}
	for _, seg := range strings.Split(name, ".") {
		if strings.HasSuffix(seg, "Tests") || strings.HasSuffix(seg, "Test") {
			return true
		}
	}
	return false
}

// isTest decides whether a file is test code: a file named *Tests.cs or
// *Test.cs, a file under a directory named like a test project, or under a
// project directory whose .csproj is named like one.
func (r repoInfo) isTest(p string) bool {
	stem := strings.TrimSuffix(path.Base(p), ".cs")
	if strings.HasSuffix(stem, "Tests") || strings.HasSuffix(stem, "Test") {
		return true
	}
	dir := path.Dir(p)
	if dir != "." {
		for _, c := range strings.Split(dir, "/") {
			if testName(c) {
				return true
			}
		}
	}
	for _, t := range r.testDirs {
		if t == "." || dir == t || strings.HasPrefix(dir, t+"/") {
			return true
		}
	}
	return false
}

// xmlTag matches one XML tag of a doc comment, with the attribute value
// that stands for its text when it is empty (<see cref="Foo"/>).
var xmlTag = regexp.MustCompile(`<(/?)([A-Za-z]+)((?:\s+[A-Za-z]+\s*=\s*"[^"]*")*)\s*(/?)>`)

var xmlAttr = regexp.MustCompile(`(?:cref|name|langword|href)\s*=\s*"([^"]*)"`)

// cleanDoc turns the lines of a /// comment into text: the slashes go,
// <summary> and <remarks> leave their content, <param name="x"> reads
// "x: ", <returns> "Returns: ", <see cref="T:App.Foo"/> "App.Foo".
func cleanDoc(lines []string) string {
	for i, l := range lines {
		l = strings.TrimPrefix(strings.TrimSpace(l), "///")
		l = strings.TrimPrefix(l, "/**")
		l = strings.TrimSuffix(l, "*/")
		l = strings.TrimPrefix(strings.TrimSpace(l), "* ")
		lines[i] = strings.TrimSpace(l)
	}
	text := strings.Join(lines, "\n")
	text = xmlTag.ReplaceAllStringFunc(text, func(tag string) string {
		m := xmlTag.FindStringSubmatch(tag)
		closing, name, attrs, empty := m[1] == "/", strings.ToLower(m[2]), m[3], m[4] == "/"
		value := ""
		if a := xmlAttr.FindStringSubmatch(attrs); a != nil {
			value = a[1]
			if len(value) > 2 && value[1] == ':' {
				value = value[2:] // a documentation id: "T:App.Foo"
			}
		}
		switch {
		case closing:
			return ""
		case empty:
			return value
		case name == "param" || name == "typeparam":
			return "\n" + value + ": "
		case name == "returns":
			return "\nReturns: "
		case name == "exception":
			return "\nThrows " + value + ": "
		case name == "para" || name == "remarks" || name == "example":
			return "\n"
		case name == "see" || name == "seealso":
			return value
		}
		return ""
	})
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// syntax is what folding a declaration header onto one line must know of
// C#.
var syntax = treesitter.Syntax{
	Quotes:      "\"'",
	LineComment: "//",
	BlockOpen:   "/*",
	BlockClose:  "*/",
	MaxLen:      300,
}

// builtinTypes are the types of the base class library whose static
// members C# code calls by the type's name. A call on one of them, or on
// a value of one, is the runtime's unless the file names something so.
var builtinTypes = set("Console", "Math", "MathF", "String", "Convert", "Guid", "DateTime",
	"DateTimeOffset", "TimeSpan", "Task", "ValueTask", "Enumerable", "Queryable", "Environment",
	"Path", "File", "Directory", "Array", "Object", "Int16", "Int32", "Int64", "UInt32",
	"UInt64", "Double", "Single", "Decimal", "Boolean", "Char", "Byte", "Type", "Activator",
	"GC", "Interlocked", "Volatile", "Monitor", "Thread", "ThreadPool", "Debug", "Trace",
	"Encoding", "Regex", "BitConverter", "Buffer", "Nullable", "Tuple", "ValueTuple",
	"KeyValuePair", "Enum", "Marshal", "Unsafe", "MemoryMarshal", "Stopwatch", "Uri",
	"JsonSerializer", "Expression", "Assembly", "Attribute", "Delegate", "Random", "Parallel",
	"Process", "ImmutableArray", "ImmutableList", "ImmutableDictionary", "Debugger",
	"ArgumentNullException", "ArgumentException", "ArgumentOutOfRangeException",
	"ObjectDisposedException", "ExceptionDispatchInfo", "RuntimeHelpers", "CultureInfo",
	"StringComparer", "EqualityComparer", "Comparer", "Timeout", "CancellationToken",
	"Array", "List", "Dictionary", "HashSet", "Span", "ReadOnlySpan", "Memory", "Lazy",
	"Func", "Action", "IntPtr", "BindingFlags", "Interlocked")

// builtinFuncs are called without a qualifier.
var builtinFuncs = set("nameof")

// predefined are C#'s keywords for types.
var predefined = set("bool", "byte", "sbyte", "char", "decimal", "double", "float", "int",
	"uint", "long", "ulong", "short", "ushort", "object", "string", "void", "dynamic", "nint", "nuint")

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
