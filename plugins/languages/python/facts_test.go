package python

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// site is what the receiver tests compare of a call.
type site struct {
	Name, Qualifier, Receiver string
	Builtin, Constructor      bool
}

func sitesIn(f *sdk.FileFacts, caller string) []site {
	var out []site
	for _, c := range f.GetCalls() {
		if c.GetCaller() == caller {
			out = append(out, site{c.GetName(), c.GetQualifier(), c.GetReceiver(), c.GetBuiltin(), c.GetConstructor()})
		}
	}
	return out
}

func defNamed(t *testing.T, f *sdk.FileFacts, qn string) *sdk.Definition {
	t.Helper()
	for _, d := range f.GetDefinitions() {
		if d.GetQualifiedName() == qn {
			return d
		}
	}
	require.Failf(t, "no definition", "%s", qn)
	return nil
}

const receivers = `import json
from .models import Model
from . import store as st


def len(x):  # shadows the builtin in this file
    return 0


class Client:
    def get(self): pass


class Service(Model):
    session: Session

    def __init__(self, client: Client, other=None):
        super().__init__()
        super(Service, self).setup()
        self.client = client
        self.backup = Client()
        self.store = st.Store()
        self.count = 0

    def run(self, c: "Client", d: Optional[Client], items):
        self.client.get()
        self.backup.get()
        self.session.commit()
        self.helper()
        c.get()
        d.get()
        items.pop()
        local = Client()
        local.get()
        s = st.Store()
        s.put()
        json.dumps(s)
        Model.build()
        print(len(items))
        open("f")
        other = items
        other.get()

        def inner():
            self.helper()
            local.get()

    @classmethod
    def make(cls):
        cls.check()
        return cls()


def build(open):
    open()
    x = make()
    x.close()
    with Client() as conn:
        conn.get()
    try:
        pass
    except ValueError as err:
        err.add_note("x")
`

func TestReceivers(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "pkg/service.py", receivers)

	require.Equal(t, []site{
		{"__init__", "super()", "^Service", false, false},
		{"super", "", "", true, false},
		{"setup", "super()", "^Service", false, false},
		{"super", "", "", true, false},
		{"Client", "", "", false, true},
		{"__init__", "Client", "Client", false, false},
		{"Store", "st", "", false, true},
		{"__init__", "st.Store", "st.Store", false, false},
	}, sitesIn(f, "pkg.service.Service.__init__"))

	require.Equal(t, []site{
		{"get", "self.client", "Service.client", false, false},
		{"get", "self.backup", "Service.backup", false, false},
		{"commit", "self.session", "Service.session", false, false},
		{"helper", "self", "Service", false, false},
		{"get", "c", "Client", false, false},
		{"get", "d", "Client", false, false},
		{"pop", "items", "", false, false}, // a parameter without annotation
		{"Client", "", "", false, true},
		{"__init__", "Client", "Client", false, false},
		{"get", "local", "Client()", false, false},
		{"Store", "st", "", false, true},
		{"__init__", "st.Store", "st.Store", false, false},
		{"put", "s", "st.Store()", false, false},
		{"dumps", "json", "", false, false}, // a module: the core evaluates it
		{"build", "Model", "", false, false},
		{"print", "", "", true, false},
		{"len", "", "", false, false}, // defined in the file
		{"open", "", "", true, false},
		{"get", "other", "", false, false},
	}, sitesIn(f, "pkg.service.Service.run"))

	require.Equal(t, []site{
		{"helper", "self", "Service", false, false},
		{"get", "local", "Client()", false, false},
	}, sitesIn(f, "pkg.service.Service.run.inner"), "a closure sees its function's names")

	require.Equal(t, []site{
		{"check", "cls", "Service", false, false},
		{"cls", "", "", false, true},
		{"__init__", "cls", "Service", false, false},
	}, sitesIn(f, "pkg.service.Service.make"))

	require.Equal(t, []site{
		{"open", "", "", false, false}, // a parameter named open
		{"make", "", "", false, false},
		{"close", "x", "make()", false, false},
		{"Client", "", "", false, true},
		{"__init__", "Client", "Client", false, false},
		{"get", "conn", "Client()", false, false},
		{"add_note", "err", "ValueError", false, false},
	}, sitesIn(f, "pkg.service.build"))

	svc := defNamed(t, f, "pkg.service.Service")
	var fields []string
	for _, fl := range svc.GetFields() {
		fields = append(fields, fl.GetName()+":"+fl.GetType())
	}
	require.Equal(t, []string{"session:Session", "client:Client", "backup:Client()", "store:st.Store()", "count:int"}, fields,
		"annotated attributes and self.x assignments with a known type")
	require.Equal(t, []string{"Model"}, svc.GetBases())
	require.Contains(t, f.GetReferences(), "Session")
	require.Contains(t, f.GetReferences(), "Client")
}

const typed = `from abc import ABC, abstractmethod
import typing as t


class Store(ABC):
    @abstractmethod
    def put(self, item) -> None: ...

    def get(self, key):
        """Subclasses fetch."""
        raise NotImplementedError

    def keys(self) -> "t.List[str]":
        return []

    @property
    def size(self) -> t.Optional[int]:
        return 0

    @size.setter
    def size(self, v): pass

    def copy(self) -> t.Self:
        return self

    def mirror(self):
        return Store()

    def either(self, flag):
        if flag:
            return Store()
        return Other()

    @t.overload
    def fetch(self, k: int) -> int: ...
    def fetch(self, k): return k

    class Entry:
        def touch(self):
            return self


class Reader(t.Protocol):
    def read(self) -> bytes: ...


app = Store()
name: str = "x"
Alias = Store
helper = make_helper
count = 3
__all__ = ["Store"]
`

func TestTypesAndAbstract(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "pkg/store.py", typed)

	type fact struct {
		Kind, Type              string
		Abstract, Decl, Structl bool
	}
	got := map[string]fact{}
	for _, d := range f.GetDefinitions() {
		got[d.GetQualifiedName()] = fact{d.GetKind(), d.GetType(), d.GetAbstract(), d.GetDeclaration(), d.GetStructural()}
	}
	require.Equal(t, map[string]fact{
		"pkg.store.Store":             {"class", "", false, false, false},
		"pkg.store.Store.put":         {"method", "", true, false, false},
		"pkg.store.Store.get":         {"method", "", true, false, false},
		"pkg.store.Store.keys":        {"method", "t.List", false, false, false},
		"pkg.store.Store.size":        {"property", "", false, false, false}, // the setter's, last
		"pkg.store.Store.copy":        {"method", "Store", false, false, false},
		"pkg.store.Store.mirror":      {"method", "Store()", false, false, false},
		"pkg.store.Store.either":      {"method", "", false, false, false},
		"pkg.store.Store.fetch":       {"method", "", false, false, false},
		"pkg.store.Store.Entry":       {"class", "", false, false, false},
		"pkg.store.Store.Entry.touch": {"method", "Store.Entry", false, false, false},
		"pkg.store.Reader":            {"class", "", false, false, true},
		"pkg.store.Reader.read":       {"method", "bytes", true, false, false},
		"pkg.store.app":               {"variable", "Store()", false, false, false},
		"pkg.store.name":              {"variable", "str", false, false, false},
		"pkg.store.Alias":             {"variable", "Store", false, false, false},
	}, got)

	// Repeated qualified names keep their own facts.
	var sizes, fetches []*sdk.Definition
	for _, d := range f.GetDefinitions() {
		switch d.GetQualifiedName() {
		case "pkg.store.Store.size":
			sizes = append(sizes, d)
		case "pkg.store.Store.fetch":
			fetches = append(fetches, d)
		}
	}
	require.Len(t, sizes, 2)
	require.Equal(t, "int", sizes[0].GetType(), "the getter's type, Optional dropped")
	require.Len(t, fetches, 2)
	require.True(t, fetches[0].GetDeclaration(), "an @overload stub declares the implementation")
	require.Equal(t, "int", fetches[0].GetType())
	require.False(t, fetches[1].GetDeclaration())
}

func TestComplexity(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "m.py", `def flat():
    return 1

def branches(xs, a, b):
    for x in xs:
        if x and a or b:
            continue
        elif x:
            pass
    while a:
        try:
            pass
        except ValueError:
            pass
        except (KeyError, TypeError):
            pass
    y = [v for v in xs if v]
    z = a if b else None
    match a:
        case 1:
            pass
        case _:
            pass
    def inner():
        if a:
            pass
    return y, z

class C:
    if True:
        x = 1
`)
	got := map[string]int32{}
	for _, d := range f.GetDefinitions() {
		got[d.GetQualifiedName()] = d.GetComplexity()
	}
	require.Equal(t, map[string]int32{
		// for, if, and, or, elif, while, two excepts, the comprehension's
		// for and if, the conditional, two cases: 13 branches.
		"m.flat": 1, "m.branches": 14, "m.branches.inner": 2, "m.C": 0,
	}, got)
}

func TestIsTest(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	tests := map[string]struct {
		path, src string
		test      bool
	}{
		"named test_":              {"pkg/test_mod.py", "x = 1\n", true},
		"named _test":              {"pkg/mod_test.py", "x = 1\n", true},
		"test function in tests/":  {"tests/unit/checks.py", "def test_it():\n    pass\n", true},
		"test class in test/":      {"test/checks.py", "class TestIt:\n    pass\n", true},
		"TestCase in tests/":       {"tests/checks.py", "import unittest\nclass Checks(unittest.TestCase):\n    pass\n", true},
		"conftest":                 {"tests/conftest.py", "import pytest\n@pytest.fixture\ndef app():\n    pass\ndef test_helper():\n    pass\n", false},
		"fixture app in tests/":    {"tests/test_apps/blueprintapp/__init__.py", "from flask import Flask\napp = Flask(__name__)\n", false},
		"helpers in tests/":        {"tests/helpers.py", "def make_app():\n    pass\n", false},
		"nested test function":     {"tests/helpers.py", "def make():\n    def test_inner(): pass\n", false},
		"test function elsewhere":  {"pkg/checks.py", "def test_connection():\n    pass\n", false},
		"testing helpers in tests": {"tests/util.py", "def testing_app():\n    pass\n", false},
	}
	for name, tc := range tests {
		f := sdktest.ParseOne(t, lang, tc.path, tc.src)
		require.Equal(t, tc.test, f.GetIsTest(), name)
	}
}

func TestDottedImportAliases(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	alone := sdktest.ParseOne(t, lang, "m.py", "import a.b\nimport c.d as e\n")
	require.Equal(t, []imp{{"a.b", "a", nil, 0, 1}, {"c.d", "e", nil, 0, 2}}, importsOf(alone), "import a.b binds a")
	both := sdktest.ParseOne(t, lang, "m.py", "import a\nimport a.b\n")
	require.Equal(t, []imp{{"a", "a", nil, 0, 1}, {"a.b", "a.b", nil, 0, 2}}, importsOf(both),
		"a stays bound to import a; a.b is reached from it")
}

func TestCollections(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "m.py", `import typing as t

registry: dict[str, Tag] = {}


class Serializer:
    order: list[Tag]

    def __init__(self):
        self.tags: dict[str, Tag] = {}
        self.count = 0

    def run(self, items: t.Sequence[Item], pairs: tuple[A, B], t=None):
        for tag in self.order:
            tag.check()
        for item in reversed(items):
            item.save()
        for key in self.tags:
            key.lower()
        self.tags["k"].to_python()
        for v in self.tags.values():
            v.to_json()
        for p in pairs:
            p.first()
        [x.check() for x in self.order]
        registry["a"].load()
        t.get()

    def more(self, *args, **kw):
        found = None
        if args:
            found = Tag()
        found.check()
        kw.get("a")
        args.index(1)
        "-".join(args)
        self.count.bit_length()
`)
	require.Equal(t, []site{
		{"check", "tag", "Tag", false, false},
		{"reversed", "", "", true, false},
		{"save", "item", "Item", false, false},
		{"lower", "key", "str", true, false}, // str's own method
		{"to_python", "self.tags[]", "Tag", false, false},
		{"values", "self.tags", "Serializer.tags", true, false},
		{"to_json", "v", "Tag", false, false},
		{"first", "p", "", false, false}, // a tuple of several types
		{"check", "x", "Tag", false, false},
		{"load", "registry[]", "Tag", false, false},
		{"get", "t", "", false, false}, // the parameter, not the module
	}, sitesIn(f, "m.Serializer.run"))
	require.Equal(t, []site{
		{"Tag", "", "", false, true},
		{"__init__", "Tag", "Tag", false, false},
		{"check", "found", "Tag()", false, false}, // None first: optional
		{"get", "kw", "dict", true, false},
		{"index", "args", "tuple", true, false},
		{"join", "?", "str", true, false},
		{"bit_length", "self.count", "Serializer.count", true, false},
	}, sitesIn(f, "m.Serializer.more"), "methods of builtin types are the language's")
}

func TestStubsDeclare(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "pkg/mod.pyi", "class C:\n    def m(self) -> int: ...\ndef f(x: int) -> C: ...\n")
	for _, d := range f.GetDefinitions() {
		require.Equal(t, d.GetKind() != "class", d.GetDeclaration(), d.GetQualifiedName())
	}
	require.Equal(t, "pkg.mod.C.m", f.GetDefinitions()[1].GetQualifiedName(), "the module's own qualified names")
}
