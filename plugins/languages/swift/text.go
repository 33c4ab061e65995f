package swift

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/homer-dev/homer/plugins/languages/internal/repowalk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// moduleMap maps directories declared as a target's path in a package
// manifest to the target's module name.
type moduleMap struct {
	dirs  []string // longest first
	names map[string]string
}

var (
	targetDecl = regexp.MustCompile(`\.(?:target|testTarget|executableTarget|macro|plugin|binaryTarget)\s*\(\s*name\s*:\s*"([^"]+)"`)
	pathArg    = regexp.MustCompile(`\bpath\s*:\s*"([^"]+)"`)
)

// scanManifests reads every Package.swift (and Package@swift-*.swift)
// under root for targets with a custom path.
func scanManifests(root string) moduleMap {
	m := moduleMap{names: map[string]string{}}
	if root == "" {
		return m
	}
	skip := []string{".git", ".build", "Pods", "Carthage", "node_modules", ".homer", "DerivedData"}
	repowalk.Files(root, skip, func(p, name string) {
		if name != "Package.swift" && !(strings.HasPrefix(name, "Package@swift-") && strings.HasSuffix(name, ".swift")) {
			return
		}
		data, err := os.ReadFile(p)
		if err != nil || len(data) > 1<<20 {
			return
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return
		}
		m.add(filepath.ToSlash(rel), string(data))
	})
	sort.Slice(m.dirs, func(i, j int) bool { return len(m.dirs[i]) > len(m.dirs[j]) })
	return m
}

// add records the custom target paths of one manifest in directory dir.
func (m *moduleMap) add(dir, manifest string) {
	decls := targetDecl.FindAllStringSubmatchIndex(manifest, -1)
	for i, loc := range decls {
		end := len(manifest)
		if i+1 < len(decls) {
			end = decls[i+1][0]
		}
		name := manifest[loc[2]:loc[3]]
		if p := pathArg.FindStringSubmatch(manifest[loc[1]:end]); p != nil {
			d := path.Clean(path.Join(dir, p[1]))
			if _, ok := m.names[d]; !ok {
				m.dirs = append(m.dirs, d)
			}
			m.names[d] = name
		}
	}
}

// moduleOf is the module a file belongs to: the target whose manifest
// path holds it; else the directory under the last Sources/ or Tests/
// (SwiftPM's layout); else the file's top directory ("" at the root).
func (m moduleMap) moduleOf(p string) string {
	for _, d := range m.dirs {
		if d == "." || strings.HasPrefix(p, d+"/") {
			return m.names[d]
		}
	}
	parts := strings.Split(p, "/")
	for i := len(parts) - 3; i >= 0; i-- {
		if parts[i] == "Sources" || parts[i] == "Tests" {
			return parts[i+1]
		}
	}
	if len(parts) > 1 {
		return parts[0]
	}
	return ""
}

// isTest: files under a directory named Tests or ending in Tests
// (AppTests, UITests), or named *Tests.swift or *Test.swift.
func isTest(p string) bool {
	stem := strings.TrimSuffix(path.Base(p), ".swift")
	if strings.HasSuffix(stem, "Tests") || strings.HasSuffix(stem, "Test") {
		return true
	}
	dir := path.Dir(p)
	if dir == "." {
		return false
	}
	for _, c := range strings.Split(dir, "/") {
		if l := strings.ToLower(c); l == "tests" || l == "test" || strings.HasSuffix(c, "Tests") {
			return true
		}
	}
	return false
}

// cleanDoc strips the markers of /// lines or a /** */ block.
func cleanDoc(lines []string) string {
	var out []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "///"):
			l = strings.TrimPrefix(l, "///")
		case strings.HasPrefix(l, "/**"):
			l = strings.TrimPrefix(l, "/**")
		}
		l = strings.TrimSuffix(l, "*/")
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "*") {
			l = strings.TrimPrefix(t, "*")
		}
		if len(l) > 0 && l[0] == ' ' {
			l = l[1:]
		}
		out = append(out, strings.TrimRight(l, " \t\r"))
	}
	return strings.Trim(strings.Join(out, "\n"), "\n ")
}

// syntax is what folding a declaration header onto one line must know of
// Swift.
var syntax = treesitter.Syntax{
	Quotes:      "\"",
	LineComment: "//",
	BlockOpen:   "/*",
	BlockClose:  "*/",
	MaxLen:      300,
}

// builtinFuncs are the standard library's global functions.
var builtinFuncs = set("print", "debugPrint", "dump", "min", "max", "abs", "zip", "stride",
	"sequence", "precondition", "preconditionFailure", "fatalError", "assert",
	"assertionFailure", "type", "swap", "repeatElement", "numericCast", "unsafeBitCast",
	"unsafeDowncast", "withExtendedLifetime", "withUnsafePointer", "withUnsafeMutablePointer",
	"withUnsafeBytes", "withUnsafeMutableBytes", "withoutActuallyEscaping",
	"isKnownUniquelyReferenced", "readLine", "autoreleasepool", "withCheckedContinuation",
	"withCheckedThrowingContinuation", "withUnsafeContinuation", "withUnsafeThrowingContinuation",
	"withTaskGroup", "withThrowingTaskGroup", "withTaskCancellationHandler", "String", "Int",
	"Double", "Float", "Bool", "Character", "Array", "Dictionary", "Set", "Optional", "Result",
	"Range", "ClosedRange", "UInt", "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16",
	"UInt32", "UInt64", "Substring", "Error", "Never", "AnyHashable", "ObjectIdentifier",
	"Mirror", "MemoryLayout", "Unmanaged", "UnsafePointer", "UnsafeMutablePointer",
	"UnsafeRawPointer", "UnsafeMutableRawPointer", "UnsafeBufferPointer", "Task", "MainActor",
	"Data", "URL", "URLRequest", "URLSession", "URLComponents", "URLQueryItem", "Date", "UUID",
	"JSONDecoder", "JSONEncoder", "JSONSerialization", "PropertyListEncoder",
	"PropertyListDecoder", "DispatchQueue", "DispatchGroup", "DispatchSemaphore",
	"DispatchTime", "DispatchWorkItem", "NotificationCenter", "Notification", "NSError",
	"NSLock", "NSRecursiveLock", "NSCondition", "OperationQueue", "Operation", "Bundle",
	"FileManager", "ProcessInfo", "Thread", "Decimal", "CharacterSet", "Locale", "TimeZone",
	"Calendar", "NSString", "NSNumber", "NSNull", "HTTPURLResponse", "InputStream",
	"OutputStream", "DateFormatter", "ISO8601DateFormatter", "NumberFormatter", "Timer",
	"RunLoop", "XCTAssert", "XCTAssertEqual", "XCTAssertTrue", "XCTAssertFalse", "XCTAssertNil",
	"XCTAssertNotNil", "XCTFail", "XCTUnwrap", "XCTAssertThrowsError", "XCTAssertNoThrow",
	"XCTAssertGreaterThan", "XCTAssertLessThan", "XCTAssertNotEqual", "XCTAssertIdentical")

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
