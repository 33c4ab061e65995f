package cfamily

import (
	"context"
	"path"
	"regexp"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// Dialect is the language a plugin parses: C or C++.
type Dialect uint8

const (
	C Dialect = iota
	CPP
)

// LinkGroup is the group C and C++ files resolve in together: C++ calls C
// functions and the reverse, and a prototype in one may be defined in the
// other.
const LinkGroup = "c"

// Lang is the C or the C++ language plugin. Parse holds no state; the
// include directories read from the repository's build files are found once
// per repository root and kept.
type Lang struct {
	dialect Dialect
	info    *sdk.Info
	parser  treesitter.Parser

	mu       sync.Mutex
	root     string
	includes *includeDirs // read lazily from root, under mu
}

var _ sdk.Language = (*Lang)(nil)

// New returns the plugin of dialect d, described by info.
func New(d Dialect, info *sdk.Info) *Lang {
	l := &Lang{dialect: d, info: info}
	name := info.GetName()
	grammarName := "C"
	if d == CPP {
		grammarName = "C++"
	}
	l.parser = treesitter.Parser{
		Name:        name,
		GrammarName: grammarName,
		NewFacts: func(f *sdk.SourceFile) *sdk.FileFacts {
			return &sdk.FileFacts{
				Path:      f.GetPath(),
				BlobId:    f.GetBlobId(),
				Language:  name,
				IsTest:    IsTest(f.GetPath()),
				LinkGroup: LinkGroup,
				Variant:   IsVariant(f.GetPath()),
				// Inside a C++ method an unqualified name is looked up
				// in the class (and its bases) before the namespace.
				ImplicitReceiver: d == CPP,
			}
		},
		Extract: func(src []byte, root *sitter.Node, facts *sdk.FileFacts) {
			x := newExtractor(d, src, facts)
			if len(src) > bodyLimit {
				x.skipBodies = true
				facts.Diagnostics = append(facts.Diagnostics, sdk.Warnf(facts.GetPath(), 0,
					"file larger than %d MiB (generated or minified?): its definitions are read, the calls in its function bodies are not", bodyLimit>>20))
			}
			x.visit(root)
			x.finish()
			if facts.GetIsTest() && isHeader(facts.GetPath()) && !testMacro.Match(src) {
				// A header among the tests is what they include, not a
				// test: cJSON's tests/common.h, included by all its tests.
				facts.TestSupport = true
			}
		},
	}
	return l
}

func (l *Lang) Info() *sdk.Info { return l.info }

// Configure keeps the repository root: ResolveImports reads CMakeLists.txt
// and compile_commands.json from it.
func (l *Lang) Configure(_ context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	l.mu.Lock()
	defer l.mu.Unlock()
	if cfg.RepoRoot != l.root {
		l.root, l.includes = cfg.RepoRoot, nil
	}
	return nil
}

// Parse extracts the facts of each file; a file that fails gets a
// diagnostic, only cancellation fails the batch.
func (l *Lang) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	return l.parser.Parse(ctx, language(l.dialect), withoutExportMacros(files))
}

// bodyLimit is the size above which function bodies are not walked: the
// tree-sitter binding costs microseconds per node visited, and a file this
// large is generated or minified (a 5 MB single line would take tens of
// seconds), while its definitions remain worth knowing.
const bodyLimit = 2 << 20

// isHeader tells a C or C++ header by its extension.
func isHeader(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".h", ".hh", ".hpp", ".hxx", ".h++", ".inl", ".ipp", ".tpp":
		return true
	}
	return false
}

// testMacro finds a test case a header defines itself (GoogleTest's
// TEST and TEST_F, Catch2's and doctest's TEST_CASE, Boost.Test's,
// Check's START_TEST).
var testMacro = regexp.MustCompile(`\b(?:TEST|TEST_F|TEST_P|TYPED_TEST|TEST_CASE|TEST_CASE_TEMPLATE|SCENARIO|BOOST_AUTO_TEST_CASE|START_TEST|CTEST)\s*\(`)

// testDirs are directory names whose files are tests.
var testDirs = map[string]bool{"test": true, "tests": true, "testing": true, "unittest": true, "unittests": true}

// IsTest tells a test file by the conventions of C and C++ projects: a
// file under a test/ or tests/ directory, or named test.c (a library's
// one test program, as hiredis's), *_test.c, *_tests.cc, *_unittest.cc or
// test_*.c (any C or C++ extension).
func IsTest(p string) bool {
	dir, base := path.Split(p)
	for _, seg := range strings.Split(strings.Trim(dir, "/"), "/") {
		if testDirs[strings.ToLower(seg)] {
			return true
		}
	}
	stem := strings.ToLower(strings.TrimSuffix(base, path.Ext(base)))
	if stem == "test" || stem == "tests" {
		return true
	}
	for _, suffix := range []string{"_test", "_tests", "_unittest", "-test"} {
		if strings.HasSuffix(stem, suffix) && len(stem) > len(suffix) {
			return true
		}
	}
	return strings.HasPrefix(stem, "test_")
}

// platforms are the names a platform-specific source carries in its file or
// directory name. The default build is taken to be Linux's (POSIX): a file
// for another platform is a variant, whose definitions lose to the
// default's of the same name (env_windows.cc's Env::Default against
// env_posix.cc's).
var platforms = setOf(`win win32 win64 windows msvc mingw cygwin darwin mac macos osx ios android bsd freebsd
openbsd netbsd dragonfly solaris sunos illumos aix haiku fuchsia zos vxworks wasm emscripten`)

// IsVariant reports whether a file is for a platform other than the
// default one, by its name: a directory named for a platform (win32/), a
// file named for one (win32.h), or a file whose name ends with one
// (env_windows.cc, net_darwin.c, port_win.h).
func IsVariant(p string) bool {
	p = strings.ToLower(p)
	dir, base := path.Split(p)
	for _, seg := range strings.Split(strings.Trim(dir, "/"), "/") {
		if platforms[seg] {
			return true
		}
	}
	stem := strings.TrimSuffix(base, path.Ext(base))
	if stem != "win" && platforms[stem] {
		return true
	}
	parts := strings.FieldsFunc(stem, func(r rune) bool { return r == '_' || r == '-' || r == '.' })
	return len(parts) > 1 && platforms[parts[len(parts)-1]]
}
