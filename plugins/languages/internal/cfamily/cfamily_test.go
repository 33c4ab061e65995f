package cfamily

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

func parseOne(t *testing.T, d Dialect, path, src string) *sdk.FileFacts {
	t.Helper()
	out, err := New(d, &sdk.Info{Name: "test"}).Parse(context.Background(), []*sdk.SourceFile{{Path: path, Content: []byte(src)}})
	require.NoError(t, err)
	require.Len(t, out, 1)
	return out[0]
}

func defByQN(t *testing.T, f *sdk.FileFacts, qn string) *sdk.Definition {
	t.Helper()
	for _, d := range f.GetDefinitions() {
		if d.GetQualifiedName() == qn {
			return d
		}
	}
	var have []string
	for _, d := range f.GetDefinitions() {
		have = append(have, d.GetQualifiedName())
	}
	t.Fatalf("no definition %s among %v", qn, have)
	return nil
}

// call is what the tests compare of a call.
type call struct {
	Name, Qualifier, Receiver string
	Builtin, Constructor      bool
}

func callsIn(f *sdk.FileFacts, caller string) []call {
	var out []call
	for _, c := range f.GetCalls() {
		if c.GetCaller() == caller {
			out = append(out, call{c.GetName(), c.GetQualifier(), c.GetReceiver(), c.GetBuiltin(), c.GetConstructor()})
		}
	}
	return out
}

const cSource = `#include "util.h"
#include <stdio.h>

/** Adds two numbers. */
int add(int a, int b);

// Plain comment above.
static int twice(int x) { return add(x, x); }

/// Frees what alloc made: the file's own free, not the C library's.
void free(void *p);

#define SQUARE(x) ((x) * (x))
#define LIMIT 10
#define GUARD_H

typedef struct point {
    int x, y;
    struct point *next;
} point_t;

typedef struct { double w; } anon_t;

extern int counter;
int total = 0;

int add(int a, int b) {
    if (a > 0 && b > 0) {
        for (int i = 0; i < 3; i++) {
            a += i;
        }
    } else if (a < 0 || b < 0) {
        return a ? b : 0;
    }
    switch (a) {
    case 1:
        break;
    case 2:
        break;
    default:
        break;
    }
    while (b--) {
    }
    return a + b;
}

int use(point_t *p, void (*cb)(int)) {
    cb(1);
    printf("%d\n", SQUARE(p->x));
    free(p);
    return twice(p->next->y);
}
`

func TestCDefinitions(t *testing.T) {
	f := parseOne(t, C, "src/a.c", cSource)
	require.Equal(t, "", f.GetNamespace())
	require.False(t, f.GetPackageScope())
	require.Equal(t, "c", f.GetLinkGroup())

	// The prototype above the definition is dropped: one name, one node.
	add := defByQN(t, f, "add")
	require.Equal(t, "function", add.GetKind())
	require.False(t, add.GetDeclaration())
	require.True(t, add.GetExported())
	// 1 + if + && + for + else-if + || + ?: + 2 cases + while
	require.Equal(t, int32(10), add.GetComplexity())

	twice := defByQN(t, f, "twice")
	require.False(t, twice.GetExported(), "static")
	require.Equal(t, "Plain comment above.", twice.GetDoc())
	require.Equal(t, "comment", twice.GetDocStyle())

	free := defByQN(t, f, "free")
	require.True(t, free.GetDeclaration())
	require.Equal(t, "doxygen", free.GetDocStyle())

	require.Equal(t, "macro", defByQN(t, f, "SQUARE").GetKind())
	require.Equal(t, "constant", defByQN(t, f, "LIMIT").GetKind())
	for _, d := range f.GetDefinitions() {
		require.NotEqual(t, "GUARD_H", d.GetName(), "an include guard is no definition")
	}

	point := defByQN(t, f, "point")
	require.Equal(t, "struct", point.GetKind())
	require.Equal(t, []*sdk.Field{{Name: "x"}, {Name: "y"}, {Name: "next", Type: "point"}}, point.GetFields())
	alias := defByQN(t, f, "point_t")
	require.Equal(t, "type", alias.GetKind())
	require.Equal(t, "point", alias.GetType())
	require.Equal(t, []string{"point"}, alias.GetBases())
	require.Equal(t, "struct", defByQN(t, f, "anon_t").GetKind(), "an anonymous struct takes its typedef's name")

	counter := defByQN(t, f, "counter")
	require.Equal(t, "variable", counter.GetKind())
	require.True(t, counter.GetDeclaration())
	require.False(t, defByQN(t, f, "total").GetDeclaration())

	require.Equal(t, []call{
		{Name: "printf", Builtin: true},
		{Name: "SQUARE"},
		{Name: "free"}, // declared by the file itself: not the C library's
		{Name: "twice"},
	}, callsIn(f, "use"), "cb(1) calls a parameter, which reaches no definition")
	require.Equal(t, []*sdk.Import{{Spec: "util.h", Line: 1}, {Spec: "<stdio.h>", Line: 2}}, f.GetImports())
}

const cppHeader = `#pragma once
#include <memory>
#include <string>
#include <vector>

namespace geo {

class API_EXPORT Shape {
public:
    virtual ~Shape();
    virtual double area() const = 0;
    std::string name() const { return name_; }
protected:
    std::string name_;
    Shape *parent_;
private:
    void secret();
};

struct Circle final : public Shape, private Mixin<int> {
    explicit Circle(double r);
    double area() const override;
    double r;
};

}  // namespace geo
`

func TestCPPDefinitions(t *testing.T) {
	f := parseOne(t, CPP, "include/geo/shape.hpp", cppHeader)
	require.Equal(t, "geo", f.GetNamespace())
	shape := defByQN(t, f, "geo.Shape")
	require.Equal(t, "class", shape.GetKind())
	require.Equal(t, []*sdk.Field{{Name: "name_", Type: "std.string"}, {Name: "parent_", Type: "Shape"}}, shape.GetFields())

	area := defByQN(t, f, "geo.Shape.area")
	require.Equal(t, "method", area.GetKind())
	require.Equal(t, "geo.Shape", area.GetReceiver())
	require.True(t, area.GetAbstract())
	require.True(t, area.GetDeclaration())
	require.True(t, area.GetExported())

	name := defByQN(t, f, "geo.Shape.name")
	require.False(t, name.GetDeclaration())
	require.Equal(t, int32(1), name.GetComplexity())
	require.False(t, defByQN(t, f, "geo.Shape.secret").GetExported(), "private")

	circle := defByQN(t, f, "geo.Circle")
	require.Equal(t, "struct", circle.GetKind())
	require.Equal(t, []string{"Shape", "Mixin"}, circle.GetBases())
	require.Equal(t, "constructor", defByQN(t, f, "geo.Circle.Circle").GetKind())
	require.True(t, defByQN(t, f, "geo.Circle.area").GetExported(), "a struct's members are public")
	require.False(t, defByQN(t, f, "geo.Circle.area").GetAbstract())
}

const cppSource = `#include "geo/shape.hpp"
#include <algorithm>

using namespace geo;

namespace geo {

Circle::Circle(double r) : r(r) {}

double Circle::area() const {
    helper();
    return this->scale() * r * radius_of(*this);
}

}  // namespace geo

static double radius_of(const Circle &c) { return c.r; }

class Local : public Base {
public:
    void run(Shape *s, std::vector<int> &v) {
        s->area();
        size();
        v.size();
        widget_->draw();
        Base::run(s, v);
        geo::free_fn();
    }
    int size() const;
private:
    Widget *widget_;
    std::unique_ptr<Shape> owned_;
};

void drive() {
    auto c = new Circle(2.0);
    c->area();
    Circle d(3.0);
    d.area();
    auto e = make_circle();
    e.area();
    auto u = std::make_unique<Circle>(1.0);
    u->area();
    std::sort(nullptr, nullptr);
    Local l;
    l.run(nullptr, v);
}
`

func TestCPPCalls(t *testing.T) {
	f := parseOne(t, CPP, "src/circle.cpp", cppSource)

	ctor := defByQN(t, f, "geo.Circle.Circle")
	require.Equal(t, "constructor", ctor.GetKind())
	require.Equal(t, "geo.Circle", ctor.GetReceiver())
	area := defByQN(t, f, "geo.Circle.area")
	require.Equal(t, "method", area.GetKind())
	require.Equal(t, "geo.Circle", area.GetReceiver())

	// Circle's body is in another file: helper may be its member or a
	// free function, which the file cannot tell; radius_of is the file's.
	require.Equal(t, []call{
		{Name: "helper"},
		{Name: "scale", Qualifier: "this", Receiver: "Circle"},
		{Name: "radius_of"},
	}, callsIn(f, "geo.Circle.area"))

	require.Equal(t, []call{
		{Name: "area", Qualifier: "s", Receiver: "Shape"},
		{Name: "size", Receiver: "Local"},
		{Name: "size", Qualifier: "v", Receiver: "std.vector", Builtin: true},
		{Name: "draw", Qualifier: "widget_", Receiver: "Widget"},
		{Name: "run", Qualifier: "Base"},
		// geo is a namespace the file declares: looked up as written bare.
		{Name: "free_fn"},
	}, callsIn(f, "Local.run"))

	require.Equal(t, []call{
		{Name: "Circle", Constructor: true},
		{Name: "area", Qualifier: "c", Receiver: "Circle"},
		{Name: "Circle", Constructor: true},
		{Name: "area", Qualifier: "d", Receiver: "Circle"},
		{Name: "make_circle"},
		{Name: "area", Qualifier: "e", Receiver: "make_circle()"},
		{Name: "make_unique", Qualifier: "std", Builtin: true},
		{Name: "area", Qualifier: "u", Receiver: "Circle"},
		{Name: "sort", Qualifier: "std", Builtin: true},
		{Name: "run", Qualifier: "l", Receiver: "Local"},
	}, callsIn(f, "drive"))
}

func TestCPPOutOfLineNested(t *testing.T) {
	f := parseOne(t, CPP, "table/builder.cc", `namespace leveldb {
struct TableBuilder::Rep {
  Rep(int n) : n(n) {}
  int n;
};
void TableBuilder::Add(int k) { rep_->n += k; }
TEST_F(BuilderTest, Empty) { ASSERT_TRUE(true); }
}
`)
	rep := defByQN(t, f, "leveldb.TableBuilder.Rep")
	require.Equal(t, "leveldb.TableBuilder", rep.GetReceiver())
	require.Equal(t, "leveldb.TableBuilder.Rep", defByQN(t, f, "leveldb.TableBuilder.Rep.Rep").GetReceiver())
	require.Equal(t, "leveldb.TableBuilder", defByQN(t, f, "leveldb.TableBuilder.Add").GetReceiver())
	defByQN(t, f, "leveldb.TEST_F(BuilderTest,Empty)")
}

func TestDocStyles(t *testing.T) {
	f := parseOne(t, CPP, "a.hpp", `int x; // trailing, not a doc
int a();

/*!
 * Qt style.
 */
int b();
//! Line one.
//! Line two.
int c();

// Separated by a blank line.

int d();
/* Plain
 * block. */
int e();
`)
	for _, tc := range []struct{ qn, doc, style string }{
		{"a", "", "comment"},
		{"b", "Qt style.", "doxygen"},
		{"c", "Line one.\nLine two.", "doxygen"},
		{"d", "", "comment"},
		{"e", "Plain\nblock.", "comment"},
	} {
		d := defByQN(t, f, tc.qn)
		require.Equal(t, tc.doc, d.GetDoc(), tc.qn)
		require.Equal(t, tc.style, d.GetDocStyle(), tc.qn)
	}
}

func TestIsTest(t *testing.T) {
	for p, want := range map[string]bool{
		"test/foo.c":              true,
		"tests/unit/bar.cc":       true,
		"src/Test/x.cpp":          true,
		"src/db_test.cc":          true,
		"src/db_unittest.cc":      true,
		"src/test_db.c":           true,
		"src/db_tests.cpp":        true,
		"src/testing.c":           false,
		"src/test.c":              true, // hiredis's test program
		"tests.cc":                true,
		"src/contest.c":           false,
		"src/latest_version.h":    false,
		"include/test_helpers.hh": true,
	} {
		require.Equal(t, want, IsTest(p), p)
	}
}

func TestResolveImports(t *testing.T) {
	root := t.TempDir()
	write := func(p, s string) {
		full := filepath.Join(root, filepath.FromSlash(p))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(s), 0o644))
	}
	write("CMakeLists.txt", "project(x)\nadd_subdirectory(lib)\ninclude_directories(${PROJECT_SOURCE_DIR}/third_party/json/single \"${CMAKE_BINARY_DIR}/gen\")\n")
	write("lib/CMakeLists.txt", "target_include_directories(core PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/api> $<INSTALL_INTERFACE:include> PRIVATE detail)\n")
	write("build/compile_commands.json", `[{"directory": "`+filepath.ToSlash(root)+`/build", "command": "cc -I../vendor/zz -isystem /usr/include -c ../src/a.c", "file": "../src/a.c"}]`)
	files := []string{
		"CMakeLists.txt", "lib/CMakeLists.txt",
		"src/a.c", "src/a.h", "src/sub/b.h",
		"include/proj/core.h",
		"lib/api/core_api.h", "lib/detail/impl.h",
		"third_party/json/single/json.hpp",
		"vendor/zz/zz.h",
		"x/common.h", "y/common.h",
		"src/deep/nested/unique_name.h",
		"src/string.h",
	}
	l := New(C, &sdk.Info{Name: "c"})
	require.Empty(t, l.Configure(context.Background(), sdk.Config{RepoRoot: root}))
	specs := map[string]struct {
		to       []string
		external bool
	}{
		"a.h":                  {to: []string{"src/a.h"}},
		"sub/b.h":              {to: []string{"src/sub/b.h"}},
		"proj/core.h":          {to: []string{"include/proj/core.h"}},
		"<proj/core.h>":        {to: []string{"include/proj/core.h"}},
		"core_api.h":           {to: []string{"lib/api/core_api.h"}},
		"impl.h":               {to: []string{"lib/detail/impl.h"}},
		"<json.hpp>":           {to: []string{"third_party/json/single/json.hpp"}},
		"zz.h":                 {to: []string{"vendor/zz/zz.h"}},
		"nested/unique_name.h": {to: []string{"src/deep/nested/unique_name.h"}},
		"common.h":             {}, // two equally near: unknown
		"<stdio.h>":            {external: true},
		"<string.h>":           {external: true}, // the standard one, not src/string.h
		"<openssl/ssl.h>":      {external: true},
		"config.h":             {}, // quoted, not in the repository: generated
	}
	var sites []*sdk.ImportSite
	for spec := range specs {
		sites = append(sites, &sdk.ImportSite{FromPath: "src/a.c", Import: &sdk.Import{Spec: spec}})
	}
	resp, err := l.ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Imports: sites})
	require.NoError(t, err)
	require.Len(t, resp.GetImports(), len(specs))
	for _, r := range resp.GetImports() {
		want := specs[r.GetSpec()]
		require.Equal(t, want.to, r.GetToPaths(), r.GetSpec())
		require.Equal(t, want.external, r.GetExternal(), r.GetSpec())
	}
}

func TestCPPMacrosInClassAndStdNames(t *testing.T) {
	f := parseOne(t, CPP, "a.cc", `class Foo {
 public:
  Foo();
  DISALLOW_COPY_AND_ASSIGN(Foo);
};
void Foo::run() { find(1); swap(a, b); }
`)
	for _, d := range f.GetDefinitions() {
		require.NotEqual(t, "DISALLOW_COPY_AND_ASSIGN", d.GetName())
	}
	// Without `using namespace std`, find and swap may be the repository's.
	require.Equal(t, []call{{Name: "find", Receiver: ""}, {Name: "swap"}}, callsIn(f, "Foo.run"))
	g := parseOne(t, CPP, "b.cc", "using namespace std;\nvoid run() { find(1); }\n")
	require.Equal(t, []call{{Name: "find", Builtin: true}}, callsIn(g, "run"))
}

func TestIsVariant(t *testing.T) {
	for p, want := range map[string]bool{
		"util/env_windows.cc": true,
		"util/env_posix.cc":   false,
		"src/win32/io.c":      true,
		"net_darwin.c":        true,
		"port/port_win.h":     true,
		"src/window.c":        false,
		"src/macro.h":         false,
		"src/win.c":           false, // a file named after windows of a UI, not a platform
		"src/ios_base.cc":     false,
		"win32.h":             true,
	} {
		require.Equal(t, want, IsVariant(p), p)
	}
}

func TestMacroCalls(t *testing.T) {
	f := parseOne(t, C, "m.h", `#define CHECK(x, cb) do { if (!(x)) { log_fail(#x, "a(b)"); cb(x); (o)->fn(1); } } while (0)
#define PASTE(a) a##_init(a)
#define s_malloc hi_malloc
#define LIMIT MAX_SIZE
`)
	require.Equal(t, []call{{Name: "log_fail"}}, callsIn(f, "CHECK"),
		"not the keyword, the string, the parameter cb or the member fn")
	require.Empty(t, callsIn(f, "PASTE"))
	require.Equal(t, "macro", defByQN(t, f, "s_malloc").GetKind())
	require.Equal(t, []call{{Name: "hi_malloc"}}, callsIn(f, "s_malloc"))
	require.Equal(t, "constant", defByQN(t, f, "LIMIT").GetKind())
	require.Empty(t, callsIn(f, "LIMIT"))
}

func TestCPPAnnotationsAndNestedTypes(t *testing.T) {
	f := parseOne(t, CPP, "db_impl.h", `namespace leveldb {
class DBImpl {
 public:
  void Compact() EXCLUSIVE_LOCKS_REQUIRED(mutex_);
 private:
  struct CompactionStats { void Add(int n); };
  port::Mutex mutex_;
  MemTable* mem_ GUARDED_BY(mutex_);
  CompactionStats stats_[7] GUARDED_BY(mutex_);
};
}
`)
	def := defByQN(t, f, "leveldb.DBImpl")
	require.Equal(t, []*sdk.Field{{Name: "mutex_", Type: "port.Mutex"}, {Name: "mem_", Type: "MemTable"},
		{Name: "stats_", Type: "DBImpl.CompactionStats"}}, def.GetFields())
	require.True(t, defByQN(t, f, "leveldb.DBImpl.Compact").GetDeclaration())
	for _, d := range f.GetDefinitions() {
		require.NotEqual(t, "GUARDED_BY", d.GetName())
	}
	g := parseOne(t, CPP, "a.cc", "int f(int x) { if (x) return REQUIRES(x); return 0; }\n")
	require.Equal(t, []call{{Name: "REQUIRES"}}, callsIn(g, "f"), "a macro called in a statement stays")
}

func TestExportMacros(t *testing.T) {
	f := parseOne(t, CPP, "cache.h", `namespace leveldb {
class LEVELDB_EXPORT Cache;
LEVELDB_EXPORT Cache* NewLRUCache(size_t capacity);
class LEVELDB_EXPORT Cache {
 public:
  virtual ~Cache();
};
struct LEVELDB_EXPORT Options : Base {
  int n;
};
}
#define LEVELDB_EXPORT __attribute__((visibility("default")))
`)
	require.Equal(t, "class", defByQN(t, f, "leveldb.Cache").GetKind())
	require.Equal(t, []string{"Base"}, defByQN(t, f, "leveldb.Options").GetBases())
	require.Equal(t, "Cache", defByQN(t, f, "leveldb.NewLRUCache").GetType())
	require.Equal(t, "constant", defByQN(t, f, "LEVELDB_EXPORT").GetKind(), "the macro's own #define is left alone")

	// A specifier macro before an out-of-line definition (CLI11's).
	g := parseOne(t, CPP, "App_inl.hpp", `namespace CLI {
CLI11_INLINE App::App(std::string app_description, std::string app_name) : App(app_description, app_name, nullptr) {
    set_help_flag("-h,--help", "Print this help message and exit");
}
CLI11_NODISCARD CLI11_INLINE std::vector<ConfigItem> ConfigBase::from_config(std::istream &input) const {
    return {};
}
}
`)
	require.Equal(t, "constructor", defByQN(t, g, "CLI.App.App").GetKind())
	require.Equal(t, "method", defByQN(t, g, "CLI.ConfigBase.from_config").GetKind())
}

// Arity: `(void)` takes none, defaults lower the minimum, `...` and packs
// lift the maximum; a definition that may be declared elsewhere with
// defaults does not say its minimum, unless the file declares it.
func TestArity(t *testing.T) {
	type arity struct{ Min, Max int32 }
	of := func(f *sdk.FileFacts) map[string][]arity {
		out := map[string][]arity{}
		for _, d := range f.GetDefinitions() {
			out[d.GetQualifiedName()] = append(out[d.GetQualifiedName()], arity{d.GetMinArguments(), d.GetMaxArguments()})
		}
		return out
	}
	c := of(parseOne(t, C, "a.c", `int none(void);
int old();
int log_it(const char *fmt, ...);
static int two(int a, int b) { return none() + log_it("%d", a, b); }
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define LOG(...) log_it(__VA_ARGS__)
`))
	require.Equal(t, []arity{{1, 1}}, c["none"])
	require.Equal(t, []arity{{0, 0}}, c["old"])
	require.Equal(t, []arity{{2, 0}}, c["log_it"])
	require.Equal(t, []arity{{3, 3}}, c["two"])
	require.Equal(t, []arity{{3, 3}}, c["MAX"])
	require.Equal(t, []arity{{1, 0}}, c["LOG"])

	f := parseOne(t, CPP, "a.cc", `class A {
public:
    void f(int a) { f(a, 1); }
    void f(int a, int b, int c = 0);
    template <typename... T> void g(int a, T... rest);
};
void A::f(int a, int b, int c) { A x(1, 2); new A{}; }
void free_fn(int a, int b) {}
void with_default(int a, int b = 2) {}
namespace { void hidden(int a) {} }
`)
	cpp := of(f)
	require.Equal(t, []arity{{2, 2}, {3, 4}}, cpp["A.f"])
	require.Equal(t, []arity{{2, 0}}, cpp["A.g"])
	require.Equal(t, []arity{{0, 3}}, cpp["free_fn"])
	require.Equal(t, []arity{{2, 3}}, cpp["with_default"])
	require.Equal(t, []arity{{2, 2}}, cpp["hidden"])
	args := map[string]int32{}
	for _, c := range f.GetCalls() {
		args[c.GetName()] += c.GetArguments()
	}
	require.Equal(t, map[string]int32{"f": 3, "A": 3 + 1}, args)
}

// A header among the tests is their support unless it defines a test case
// itself; a source file there stays a test.
func TestHeadersAmongTestsAreSupport(t *testing.T) {
	t.Parallel()
	common := parseOne(t, C, "tests/common.h", "#include \"../cJSON.h\"\nvoid reset(cJSON *item);\n")
	require.True(t, common.GetIsTest())
	require.True(t, common.GetTestSupport(), "cJSON's tests/common.h")
	cases := parseOne(t, CPP, "tests/cases.hpp", "#include <doctest.h>\nTEST_CASE(\"adds\") { CHECK(1 + 1 == 2); }\n")
	require.False(t, cases.GetTestSupport(), "a header with its own test cases")
	test := parseOne(t, C, "tests/parse_array.c", "#include \"common.h\"\nint main(void) { return 0; }\n")
	require.False(t, test.GetTestSupport())
	product := parseOne(t, C, "cJSON.h", "int cJSON_Version(void);\n")
	require.False(t, product.GetTestSupport())
}
