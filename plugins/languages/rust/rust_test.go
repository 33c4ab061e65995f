package rust

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

func TestFixture(t *testing.T) {
	langtest.Check(t, "testdata/fixture", New())
}

// parse parses one file and checks its facts are well formed.
func parse(t *testing.T, path, src string) *sdk.FileFacts {
	t.Helper()
	return sdktest.ParseOne(t, New(), path, src)
}

// call is what the tests compare of a call site.
type call struct {
	Name, Qualifier, Caller, Receiver string
	Builtin                           bool
}

func callsOf(f *sdk.FileFacts) []call {
	var out []call
	for _, c := range f.GetCalls() {
		out = append(out, call{c.GetName(), c.GetQualifier(), c.GetCaller(), c.GetReceiver(), c.GetBuiltin()})
	}
	return out
}

func TestDefinitions(t *testing.T) {
	f := parse(t, "tokio/src/runtime/task/join.rs", `//! Join handles.

/// A handle.
///
/// Second paragraph.
#[derive(Debug)]
pub struct JoinHandle<T> {
    raw: Arc<RawTask>,
    id: u64,
    _p: PhantomData<T>,
}

pub(crate) trait Schedule: Sync + Sized {
    fn release(&self, task: &Task) -> Option<Task>;
    fn yield_now(&self) { self.release(&t); }
}

impl<T> JoinHandle<T> {
    /** Aborts the task. */
    pub fn abort(&self) {
        self.raw.remote_abort();
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T>;
    fn poll(self: Pin<&mut Self>) -> Poll<Result<T>> { loop {} }
}

pub type Handle = JoinHandle<()>;
pub const MAX: usize = 3;
static COUNT: AtomicUsize = AtomicUsize::new(0);

#[macro_export]
macro_rules! join { () => {} }

pub mod inner {
    //! Inner docs.
    pub fn helper() {}
}

extern "C" { fn abort_c(); }
`)
	h := langtest.Definition(f, "runtime.task.join.JoinHandle")
	require.NotNil(t, h)
	require.Equal(t, "struct", h.GetKind())
	require.Equal(t, "A handle.\n\nSecond paragraph.", h.GetDoc())
	require.Equal(t, "rustdoc", h.GetDocStyle())
	require.True(t, h.GetExported())
	require.Equal(t, int32(3), h.GetSpan().GetStartLine(), "the span starts at the doc comment")
	require.Equal(t, []string{"Future"}, h.GetBases())
	var fields []string
	for _, fl := range h.GetFields() {
		fields = append(fields, fl.GetName()+":"+fl.GetType())
	}
	require.Equal(t, []string{"raw:RawTask", "id:u64", "_p:PhantomData"}, fields)

	s := langtest.Definition(f, "runtime.task.join.Schedule")
	require.Equal(t, "trait", s.GetKind())
	require.False(t, s.GetExported(), "pub(crate) is not exported")
	require.Empty(t, s.GetBases(), "marker traits say nothing of methods")
	rel := langtest.Definition(f, "runtime.task.join.Schedule.release")
	require.True(t, rel.GetAbstract())
	require.Equal(t, "runtime.task.join.Schedule", rel.GetReceiver())
	require.Equal(t, "Task", rel.GetType(), "Option<Task> is unwrapped")
	require.False(t, langtest.Definition(f, "runtime.task.join.Schedule.yield_now").GetAbstract())

	abort := langtest.Definition(f, "runtime.task.join.JoinHandle.abort")
	require.Equal(t, "method", abort.GetKind())
	require.Equal(t, "Aborts the task.", abort.GetDoc())
	require.Equal(t, "pub fn abort(&self)", abort.GetSignature())
	require.Equal(t, "runtime.task.join.JoinHandle", langtest.Definition(f, "runtime.task.join.JoinHandle.poll").GetReceiver())

	require.Nil(t, langtest.Definition(f, "runtime.task.join.Output"),
		"an impl's associated type is no type of the module (nor a callee of Output(x))")
	alias := langtest.Definition(f, "runtime.task.join.Handle")
	require.Equal(t, "type", alias.GetKind())
	require.Equal(t, []string{"JoinHandle"}, alias.GetBases())
	require.Equal(t, "constant", langtest.Definition(f, "runtime.task.join.MAX").GetKind())
	require.Equal(t, "variable", langtest.Definition(f, "runtime.task.join.COUNT").GetKind())
	require.Equal(t, "AtomicUsize", langtest.Definition(f, "runtime.task.join.COUNT").GetType())
	m := langtest.Definition(f, "runtime.task.join.join")
	require.Equal(t, "macro", m.GetKind())
	require.True(t, m.GetExported(), "#[macro_export]")
	inner := langtest.Definition(f, "runtime.task.join.inner")
	require.Equal(t, "module", inner.GetKind())
	require.Equal(t, "Inner docs.", inner.GetDoc())
	require.Equal(t, "runtime.task.join.inner", langtest.Definition(f, "runtime.task.join.inner.helper").GetReceiver())
	require.True(t, langtest.Definition(f, "runtime.task.join.abort_c").GetDeclaration())

	require.Equal(t, "tokio.runtime.task.join", f.GetNamespace())
	require.False(t, f.GetPackageScope())
	require.Contains(t, callsOf(f), call{"remote_abort", "self.raw", "runtime.task.join.JoinHandle.abort", "JoinHandle.raw", false})
	require.Contains(t, callsOf(f), call{"release", "self", "runtime.task.join.Schedule.yield_now", "Schedule", false})
}

func TestImplOfATypeElsewhere(t *testing.T) {
	f := parse(t, "tokio/src/runtime/task/abort.rs", `
use super::join::JoinHandle;
/// Aborting.
impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { self.id(); Ok(()) }
}
impl<T> JoinHandle<T> {
    pub fn abort_now(&self) { self.fmt(); }
}
`)
	imp := langtest.Definition(f, "runtime.task.abort.impl fmt::Debug for JoinHandle")
	require.NotNil(t, imp)
	require.Equal(t, "impl", imp.GetKind())
	require.Equal(t, "Aborting.", imp.GetDoc())
	require.Equal(t, []string{"fmt.Debug", "JoinHandle"}, imp.GetBases())
	m := langtest.Definition(f, "runtime.task.abort.impl fmt::Debug for JoinHandle.fmt")
	require.Equal(t, "runtime.task.abort.impl fmt::Debug for JoinHandle", m.GetReceiver())
	require.Contains(t, callsOf(f), call{"id", "self", m.GetQualifiedName(), "impl fmt::Debug for JoinHandle", false})
	require.NotNil(t, langtest.Definition(f, "runtime.task.abort.impl JoinHandle.abort_now"))
}

func TestModulePaths(t *testing.T) {
	for p, want := range map[string]string{
		"tokio/src/lib.rs":               "tokio",
		"tokio/src/runtime/mod.rs":       "tokio.runtime",
		"tokio/src/runtime/task/join.rs": "tokio.runtime.task.join",
		"src/main.rs":                    "crate",
		"app/src/bin/tool.rs":            "app",
		"app/src/bin/tool/main.rs":       "app",
		"app/src/bin/tool/cli.rs":        "app.cli",
		"app/tests/it.rs":                "app",
		"app/tests/common/mod.rs":        "app.common",
		"my-crate/build.rs":              "my_crate",
	} {
		require.Equal(t, want, moduleOf(p).namespace(), p)
	}
}

func TestIsTest(t *testing.T) {
	for p, want := range map[string]bool{
		"tokio/tests/io_read.rs":           true,
		"tokio/tests/support/mod.rs":       true,
		"tokio/src/runtime/tests/queue.rs": true,
		"src/store_test.rs":                true,
		"src/parser/tests.rs":              true,
		"src/lib.rs":                       false,
		"benches/spawn.rs":                 false,
		"examples/echo.rs":                 false,
		"src/testing.rs":                   false,
	} {
		require.Equal(t, want, parse(t, p, "fn f() {}").GetIsTest(), p)
	}
	require.True(t, parse(t, "src/loom_tests.rs", "#![cfg(test)]\nfn f() {}").GetIsTest())
	require.True(t, parse(t, "src/x.rs", "//! Tests.\n#![cfg(test)]\nuse super::*;").GetIsTest())
	require.False(t, parse(t, "src/x.rs", "fn f() {}\n#[cfg(test)]\nmod tests {}").GetIsTest(),
		"a file with a test module is not a test file")
}

// A file among the tests named for what they share, holding no test, is
// test support; one holding tests is a test whatever its name.
func TestTestSupport(t *testing.T) {
	require.True(t, parse(t, "crates/matcher/tests/util.rs", "pub struct RegexMatcher;\nimpl RegexMatcher { pub fn new() -> Self { Self } }").GetTestSupport())
	require.True(t, parse(t, "tests/common/mod.rs", "pub fn setup() {}").GetTestSupport())
	require.False(t, parse(t, "tests/util.rs", "#[test]\nfn checks() {}").GetTestSupport())
	require.False(t, parse(t, "tests/feature.rs", "fn helper() {}").GetTestSupport(), "named as no helper")
	// What a compile test compiles: axum-macros' trybuild cases.
	require.True(t, parse(t, "axum-macros/tests/debug_handler/fail/json_not_deserialize.rs", "fn main() {}").GetTestSupport())
	require.True(t, parse(t, "tests/ui/missing_field.rs", "fn main() {}").GetTestSupport())
	require.False(t, parse(t, "tests/ui.rs", "#[test]\nfn ui() { trybuild::TestCases::new().compile_fail(\"tests/ui/*.rs\"); }").GetTestSupport(), "the driver is a test")
	require.False(t, parse(t, "src/util.rs", "pub fn f() {}").GetTestSupport(), "not among the tests")
}

// A source file's own test functions are counted; a test file's are not,
// and neither are functions whose attributes only mention tests.
func TestInlineTests(t *testing.T) {
	src := `fn f() {}
#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn plain() { f(); }
    #[test]
    #[should_panic]
    fn panics() {}
    #[tokio::test(flavor = "multi_thread")]
    async fn runtime() {}
    #[rstest]
    fn cases() {}
    #[cfg_attr(test, allow(dead_code))]
    fn helper() {}
    fn not_a_test() {}
}
`
	require.EqualValues(t, 4, parse(t, "src/lib.rs", src).GetInlineTests())
	require.Zero(t, parse(t, "tests/it.rs", src).GetInlineTests(), "a test file's tests are the file's, not inline")
	require.Zero(t, parse(t, "src/lib.rs", "fn f() {}").GetInlineTests())
	macroMade := "fn f() {}\n#[cfg(test)]\nmod tests {\n    macro_rules! check {\n        ($n:ident) => {\n            #[test]\n            fn $n() { super::f(); }\n        };\n    }\n    check!(one);\n    check!(two);\n}\n"
	require.EqualValues(t, 1, parse(t, "src/glob.rs", macroMade).GetInlineTests(), "tests a macro makes count as one")
	require.Zero(t, parse(t, "src/lib.rs", "#[cfg(test)]\nmod tests;\n").GetInlineTests(), "tests in a file of their own are not inline")
}

func TestComplexity(t *testing.T) {
	f := parse(t, "src/lib.rs", `
fn straight() { a(); b(); }
fn branches(x: Option<u32>) -> u32 {
    if let Some(v) = x { return v; } else if y() && z() || w() { return 1; }
    for i in 0..3 { while g() { loop { break; } } }
    let Some(q) = x else { return 0 };
    match q { 0 => 0, 1 => 1, _ => f()? }
}
fn closures() { let f = |x| if x { 1 } else { 2 }; }
`)
	require.Equal(t, int32(1), langtest.Definition(f, "straight").GetComplexity())
	// if, else if, && and ||, for, while, loop, let-else, 3 arms (2); ? is not a branch.
	require.Equal(t, int32(1+2+2+3+1+2), langtest.Definition(f, "branches").GetComplexity())
	require.Equal(t, int32(2), langtest.Definition(f, "closures").GetComplexity())
}

func TestCalls(t *testing.T) {
	f := parse(t, "src/net/tcp.rs", `
use std::collections::HashMap;
use crate::io::{self, Registration as Reg};
use super::addr::Resolver;

struct Listener { reg: Reg, map: HashMap<u32, Conn> }

impl Listener {
    fn accept<R: Resolve + Send>(&self, r: R, conn: &mut Conn, boxed: Box<dyn Sink>) {
        let s = Stream::connect(addr)?;
        s.write();
        let m = HashMap::new();
        m.insert(1);
        self.map.get(&1);
        r.resolve();
        conn.close();
        boxed.flush();
        io::copy();
        crate::util::trace::emit();
        Self::helper();
        let opt = Resolver::find();
        opt.map(|x| x);
        opt.resolve_all();
        let cb = |v: u32| v;
        cb(3);
        tokio::spawn(async move { self.reg.poll(); });
        std::mem::drop(conn);
        vec![1].len();
        String::from("x");
        debug!("{}", self.reg.name());
        if let Some(s) = other { s.write(); }
    }
}
`)
	got := callsOf(f)
	c := "net.tcp.Listener.accept"
	for _, want := range []call{
		{"connect", "Stream", c, "Stream", false},
		{"write", "s", c, "Stream.connect()", false},
		{"new", "HashMap", c, "HashMap", true},
		{"insert", "m", c, "HashMap.new()", true},
		{"get", "self.map", c, "Listener.map", true}, // a HashMap, the struct says
		{"resolve", "r", c, "Resolve", false},
		{"close", "conn", c, "Conn", false},
		{"flush", "boxed", c, "Sink", false},
		{"copy", "io", c, "io", false},
		{"emit", "crate.util.trace", c, "crate::util::trace", false},
		{"helper", "Self", c, "Listener", false},
		{"map", "opt", c, "?", false},
		{"resolve_all", "opt", c, "Resolver.find()", false},
		{"spawn", "tokio", c, "tokio", false},
		{"poll", "self.reg", c, "Listener.reg", false},
		{"drop", "std.mem", c, "std::mem", false},
		{"from", "String", c, "String", true},
		{"debug", "", c, "", false},
		{"name", "self.reg", c, "Listener.reg", false},
		{"write", "s", c, "?", false},
	} {
		require.Contains(t, got, want)
	}
	for _, g := range got {
		require.NotEqual(t, "cb", g.Name, "a closure in a local is not a definition")
	}
	var specs []string
	for _, imp := range f.GetImports() {
		specs = append(specs, imp.GetSpec()+" "+imp.GetAlias()+" "+strings.Join(imp.GetNames(), ","))
	}
	require.Equal(t, []string{
		"std::collections::HashMap  HashMap",
		"crate::io io ",
		"crate::{io}  io",
		"crate::io::Registration Reg Registration",
		"super::addr::Resolver  Resolver",
		"crate::util::trace crate::util::trace ",
		"std::mem std::mem ",
		"tokio tokio ",
	}, specs)
}

func TestMacroBodies(t *testing.T) {
	f := parse(t, "tokio/src/lib.rs", `
cfg_rt! {
    pub mod runtime;
    /// Spawns.
    pub fn spawn() { task::spawn_inner(); }
}
fn f(h: Handle) {
    ready!(h.poll_ready());
    assert_eq!(h.count(), 1);
    println!("{}", format!("{}", h.name()));
}
`)
	require.NotNil(t, langtest.Definition(f, "spawn"))
	require.Equal(t, int32(4), langtest.Definition(f, "spawn").GetSpan().GetStartLine(), "from its doc comment")
	require.Equal(t, "Spawns.", langtest.Definition(f, "spawn").GetDoc())
	require.Equal(t, "mod runtime", f.GetImports()[0].GetSpec())
	got := callsOf(f)
	require.Contains(t, got, call{"spawn_inner", "task", "spawn", "task", false})
	require.Contains(t, got, call{"poll_ready", "h", "f", "Handle", false})
	require.Contains(t, got, call{"count", "h", "f", "Handle", false})
	require.Contains(t, got, call{"name", "h", "f", "Handle", false})
	require.Contains(t, got, call{"assert_eq", "", "f", "", true})
	for _, c := range f.GetCalls() {
		if c.GetName() == "count" {
			require.Equal(t, int32(9), c.GetLine())
		}
	}
}

func TestStdMacroShadowedByFunction(t *testing.T) {
	f := parse(t, "src/lib.rs", "fn write() {}\nfn g() { write!(w, \"x\"); vec![1]; }\n")
	for _, c := range f.GetCalls() {
		require.NotEqual(t, "write", c.GetName(), "write! must not reach fn write")
	}
}

// An integration test imports its crate's binary; a support file among the
// tests and a source file do not.
func TestIntegrationTestImportsTheBinary(t *testing.T) {
	binary := func(f *sdk.FileFacts) bool {
		for _, imp := range f.GetImports() {
			if imp.GetSpec() == binarySpec {
				return true
			}
		}
		return false
	}
	require.True(t, binary(parse(t, "tests/cli.rs", "#[test]\nfn runs() {}\n")))
	require.False(t, binary(parse(t, "tests/common/mod.rs", "pub fn env() {}\n")))
	require.False(t, binary(parse(t, "tests/util.rs", "pub fn env() {}\n")))
	require.False(t, binary(parse(t, "src/main.rs", "fn main() {}\n")))
}

func TestResolveImports(t *testing.T) {
	files := []string{
		"Cargo.toml", "tokio/Cargo.toml", "tokio-util/Cargo.toml",
		"tokio/src/lib.rs", "tokio/src/runtime/mod.rs", "tokio/src/runtime/task/mod.rs",
		"tokio/src/runtime/task/join.rs", "tokio/src/runtime/handle.rs", "tokio/src/io.rs",
		"tokio/src/io/util.rs", "tokio/src/net/mod.rs", "tokio/src/net/gen.rs",
		"tokio/tests/rt.rs", "tokio/tests/support/mod.rs",
		"tokio-util/src/lib.rs", "tokio-util/src/codec/mod.rs",
		"app/src/main.rs", "app/src/cli.rs", "app/src/bin/tool.rs", "app/tests/cli.rs",
	}
	manifests := []*sdk.Manifest{
		{Path: "tokio/Cargo.toml", Kind: "cargo", Name: "tokio"},
		{Path: "tokio-util/Cargo.toml", Kind: "cargo", Name: "tokio-util"},
	}
	site := func(from, spec string, alias string, names ...string) *sdk.ImportSite {
		return &sdk.ImportSite{FromPath: from, Import: &sdk.Import{Spec: spec, Alias: alias, Names: names}}
	}
	type want struct {
		to       string
		external bool
	}
	cases := map[*sdk.ImportSite]want{
		site("tokio/src/lib.rs", "mod runtime", "runtime"):                                        {"tokio/src/runtime/mod.rs", false},
		site("tokio/src/lib.rs", "mod io", "io"):                                                  {"tokio/src/io.rs", false},
		site("tokio/src/io.rs", "mod util", "util"):                                               {"tokio/src/io/util.rs", false},
		site("tokio/src/runtime/mod.rs", "mod handle", "handle"):                                  {"tokio/src/runtime/handle.rs", false},
		site("tokio/src/net/mod.rs", `#[path="gen.rs"] mod generated`, ""):                        {"tokio/src/net/gen.rs", false},
		site("tokio/src/lib.rs", "mod missing", "missing"):                                        {"", false},
		site("tokio/src/runtime/handle.rs", "crate::runtime::task::JoinHandle", "", "JoinHandle"): {"tokio/src/runtime/task/mod.rs", false},
		site("tokio/src/runtime/handle.rs", "crate::runtime::task::join", "join", "join"):         {"tokio/src/runtime/task/join.rs", false},
		site("tokio/src/runtime/handle.rs", "super::task", "task", "task"):                        {"tokio/src/runtime/task/mod.rs", false},
		site("tokio/src/runtime/task/join.rs", "super::super::Handle", "", "Handle"):              {"tokio/src/runtime/mod.rs", false},
		site("tokio/src/runtime/task/join.rs", "self::Inner", "", "Inner"):                        {"tokio/src/runtime/task/join.rs", false},
		site("tokio/src/runtime/handle.rs", "crate", "crate"):                                     {"tokio/src/lib.rs", false},
		site("tokio/src/io/util.rs", "crate::io::util::Buf", "", "Buf"):                           {"tokio/src/io/util.rs", false},
		site("tokio/src/lib.rs", "runtime::Handle", "", "Handle"):                                 {"tokio/src/runtime/mod.rs", false},
		site("tokio/src/runtime/handle.rs", "std::sync::Arc", "", "Arc"):                          {"", true},
		site("tokio/src/runtime/handle.rs", "pin_project_lite::pin_project", "pin_project"):       {"", true},
		site("tokio/tests/rt.rs", "tokio::runtime::Runtime", "", "Runtime"):                       {"tokio/src/runtime/mod.rs", false},
		site("tokio/tests/rt.rs", "mod support", "support"):                                       {"tokio/tests/support/mod.rs", false},
		site("tokio/tests/rt.rs", "tokio_util::codec", "codec", "codec"):                          {"tokio-util/src/codec/mod.rs", false},
		site("app/src/main.rs", "crate::cli::run", "run", "run"):                                  {"app/src/cli.rs", false},
		site("app/src/bin/tool.rs", "crate::Args", "", "Args"):                                    {"app/src/bin/tool.rs", false},
		site("tokio/src/runtime/task/join.rs", "super::super::super::super::X", "", "X"):          {"", false},
		// The two readings of a lower-case use: the one the files confirm.
		site("tokio/src/runtime/handle.rs", "crate::runtime::task", "task"):       {"tokio/src/runtime/task/mod.rs", false},
		site("tokio/src/runtime/handle.rs", "crate::runtime::{task}", "", "task"): {"", false},
		site("app/src/main.rs", "crate::cli::run", "run"):                         {"", false},
		site("app/src/main.rs", "crate::cli::{run}", "", "run"):                   {"app/src/cli.rs", false},
		site("tokio/src/io.rs", "std::{fs}", "", "fs"):                            {"", true},
		site("tokio/src/io.rs", "std::fs", "fs"):                                  {"", true},
		// An integration test runs the binary of a crate with no library.
		site("app/tests/cli.rs", binarySpec, ""):  {"app/src/main.rs", false},
		site("tokio/tests/rt.rs", binarySpec, ""): {"", false},
	}
	var sites []*sdk.ImportSite
	for s := range cases {
		sites = append(sites, s)
	}
	// Bindings of the same file continue paths: `use runtime::Handle`
	// in lib.rs goes through `mod runtime`.
	sites = append(sites, site("tokio/src/lib.rs", "mod runtime", "runtime"))
	resp, err := New().ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Manifests: manifests, Imports: sites})
	require.NoError(t, err)
	require.Len(t, resp.GetImports(), len(sites))
	for i, r := range resp.GetImports()[:len(cases)] {
		w := cases[sites[i]]
		got := ""
		if len(r.GetToPaths()) > 0 {
			got = r.GetToPaths()[0]
		}
		require.Equal(t, w.to, got, "%s: %s", r.GetFromPath(), r.GetSpec())
		require.Equal(t, w.external, r.GetExternal(), "%s: %s", r.GetFromPath(), r.GetSpec())
	}
}

func TestBadInput(t *testing.T) {
	langtest.BadInput(t, New(), langtest.BadInputCases{
		Ext:       ".rs",
		Neighbour: "fn good() {}\n",
		SyntaxError: langtest.Snippet{
			Source: "fn ok() { a(); }\nfn broken( { let = ; }\nstruct After;\nfn later() { b(); }\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.NotNil(t, langtest.Definition(f, "syntax-error.ok"))
				require.NotNil(t, langtest.Definition(f, "syntax-error.later"))
			},
		},
		InvalidUTF8: langtest.Snippet{
			Source: "/// doc \xff\xfe\nfn f\xffo() { g(\"\xc3\x28\"); }\nfn h() {}\n",
			Check:  func(t *testing.T, f *sdk.FileFacts) { require.NotNil(t, langtest.Definition(f, "invalid-utf8.h")) },
		},
		Minified: langtest.Repeated{
			Unit:  "fn f(){a.b().c();let x=Foo::new();x.m();if y&&z{g!(h(1));}}",
			Check: func(t *testing.T, f *sdk.FileFacts) { require.NotEmpty(t, f.GetDefinitions()) },
		},
		Generated: langtest.Repeated{
			Unit:  "pub const C{{i}}: u32 = f(1);\n",
			Check: func(t *testing.T, f *sdk.FileFacts) { require.Len(t, f.GetDefinitions(), 20000) },
		},
		Nesting: []langtest.Nest{
			{Name: "calls", Before: "fn f() { ", Open: "g(", Close: ")", After: "; }\n"},
			{Name: "blocks", Before: "fn f() { ", Open: "{ ", Close: "} ", After: "}\n"},
			{Name: "macro", Before: "fn f() {}\nm! ", Open: "( ", Close: ") ", After: ";\n"},
		},
	})
}

func TestInlineModules(t *testing.T) {
	f := parse(t, "src/queue.rs", `
pub fn push() {}
#[cfg(test)]
mod tests {
    use super::*;
    struct Probe;
    impl Probe { fn check(&self) {} fn run(&self) { self.check(); } }
    fn helper() {}
    #[test]
    fn works() { helper(); push(); }
}
`)
	got := callsOf(f)
	require.Contains(t, got, call{"helper", "", "queue.tests.works", "tests", false})
	require.Contains(t, got, call{"push", "", "queue.tests.works", "", false})
	require.Contains(t, got, call{"check", "self", "queue.tests.Probe.run", "tests.Probe", false})
	require.Equal(t, "queue.tests", langtest.Definition(f, "queue.tests.helper").GetReceiver())
	require.Equal(t, "queue.tests", langtest.Definition(f, "queue.tests.Probe").GetReceiver())
}

func TestUseInBody(t *testing.T) {
	f := parse(t, "src/a.rs", "fn f() {\n    use crate::b::helpers;\n    helpers::go();\n}\n")
	require.Equal(t, "crate::b::helpers", f.GetImports()[0].GetSpec())
	require.Contains(t, callsOf(f), call{"go", "helpers", "a.f", "helpers", false})
	for _, imp := range f.GetImports() {
		require.NotEqual(t, "helpers", imp.GetSpec(), "a name a body's use binds is not a crate")
	}
}

func TestUsePathsFromTheFile(t *testing.T) {
	f := parse(t, "tokio/tests/signal.rs", `
fn io() {}
use std::io;
use io::Write;
use support::signal::send_signal;
use Kind::*;
enum Kind { A, B }
mod support {
    pub mod signal;
}
`)
	var specs []string
	for _, imp := range f.GetImports() {
		specs = append(specs, imp.GetSpec())
	}
	require.Contains(t, specs, "io::Write", "a function named io does not hide the module")
	require.Contains(t, specs, "self::support::signal::send_signal")
	require.Contains(t, specs, "self::Kind")
	require.Contains(t, specs, "mod support::signal")
}

func TestArgumentCounts(t *testing.T) {
	f := parse(t, "src/task.rs", `
struct Spawn;
impl Spawn { fn poll(&mut self) -> u32 { 0 } }
impl Future for Spawn { fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> { Poll::Pending } }
fn run(s: Spawn, cx: &mut Context<'_>) { s.poll(); Pin::new(&mut s).poll(cx); helper(1, /* two */ 2); }
`)
	var counts []int32
	for _, d := range f.GetDefinitions() {
		if d.GetName() == "poll" {
			counts = append(counts, d.GetMinArguments(), d.GetMaxArguments())
		}
	}
	require.Equal(t, []int32{1, 1, 2, 2}, counts, "self is not counted")
	got := map[string]int32{}
	for _, c := range f.GetCalls() {
		got[c.GetName()+" "+c.GetQualifier()] = c.GetArguments()
	}
	require.Equal(t, int32(1), got["poll s"])
	require.Equal(t, int32(3), got["helper "])
	require.Equal(t, int32(0), got["new Pin"], "a path call may pass the receiver as an argument")
}

// A tuple's names take their elements' types, and a smart pointer made by
// Arc::new or Box::pin is used as what it holds.
func TestTuplesAndWrappedValues(t *testing.T) {
	f := parse(t, "src/sync/mpsc.rs", `
pub fn channel(n: usize) -> (Sender, Receiver) { todo!() }
pub fn pair() -> io::Result<(Sender, (u8, u8))> { todo!() }

fn use_it() {
    let (tx, mut rx) = channel(1);
    tx.send(1);
    rx.recv();
    let (a, _, c) = pair()?;
    a.close();
    c.len();
    let sem = Arc::new(Semaphore::new(3));
    sem.acquire();
    let other = sem.clone();
    other.release();
    let fut = Box::pin(Sleep::new());
    fut.reset();
}
`)
	require.Equal(t, "(Sender, Receiver)", langtest.Definition(f, "sync.mpsc.channel").GetType())
	require.Equal(t, "(Sender, )", langtest.Definition(f, "sync.mpsc.pair").GetType(), "a nested tuple is not followed")
	got := callsOf(f)
	c := "sync.mpsc.use_it"
	for _, want := range []call{
		{"send", "tx", c, "channel().0", false},
		{"recv", "rx", c, "channel().1", false},
		{"close", "a", c, "pair().0", false},
		{"len", "c", c, "pair().2", false}, // no third element: the core finds none
		{"acquire", "sem", c, "Semaphore.new()", false},
		{"release", "other", c, "Semaphore.new()", false},
		{"reset", "fut", c, "Sleep.new()", false},
	} {
		require.Contains(t, got, want)
	}
}

// A file's unit tests are its tests', not its code's: what they define and
// import is marked so, and nothing else of the file is.
func TestTestCodeMarked(t *testing.T) {
	f := parse(t, "axum-core/src/extract/parts.rs", `use crate::body::Body;
pub fn extract() { Body::new(); }
#[cfg(test)]
mod tests;
#[cfg(test)]
mod unit {
    use axum::Router;
    fn helper() { Router::new(); }
    #[test]
    fn routes() { helper(); axum::serve(); }
}
#[test]
fn top() { extract(); }
`)
	test := map[string]bool{}
	for _, d := range f.GetDefinitions() {
		test[d.GetQualifiedName()] = d.GetTest()
	}
	require.Equal(t, map[string]bool{"extract.parts.extract": false, "extract.parts.unit": true,
		"extract.parts.unit.helper": true, "extract.parts.unit.routes": true, "extract.parts.top": true}, test)
	test = map[string]bool{}
	for _, imp := range f.GetImports() {
		test[imp.GetSpec()] = imp.GetTest()
	}
	require.Equal(t, map[string]bool{"crate::body::Body": false, "mod tests": true, "axum::Router": true, "axum": true}, test)
}

// The code a procedural macro quotes is its output: it calls and uses
// nothing of the macro's crate.
func TestQuotedCodeIsNotParsed(t *testing.T) {
	f := parse(t, "macros/src/lib.rs", `fn expand(ident: Ident) -> TokenStream {
    let ty = parse_quote!(::axum::body::Body);
    quote! { impl ::axum::extract::FromRequest for #ident { fn f() { ::axum::serve(); } } }
}
`)
	for _, imp := range f.GetImports() {
		require.NotContains(t, imp.GetSpec(), "axum")
	}
	for _, c := range f.GetCalls() {
		require.Contains(t, []string{"quote", "parse_quote"}, c.GetName())
	}
}
