package python

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
	"github.com/homer-dev/homer/sdk/treesitter/treesittertest"
)

// def, call and imp project facts onto what the tests compare, so a
// failure shows a readable diff.
type def struct {
	Kind, QN   string
	Start, End int32
	Exported   bool
	Receiver   string
	Doc, Sig   string
	Bases      []string
}

type call struct {
	Name, Qualifier, Caller string
	Line                    int32
}

type imp struct {
	Spec, Alias string
	Names       []string
	Level       int32
	Line        int32
}

func defsOf(t *testing.T, f *sdk.FileFacts) []def {
	t.Helper()
	var out []def
	for _, d := range f.GetDefinitions() {
		require.Equal(t, "docstring", d.GetDocStyle(), d.GetQualifiedName())
		out = append(out, def{d.GetKind(), d.GetQualifiedName(), d.GetSpan().GetStartLine(), d.GetSpan().GetEndLine(),
			d.GetExported(), d.GetReceiver(), d.GetDoc(), d.GetSignature(), d.GetBases()})
	}
	return out
}

func callsOf(f *sdk.FileFacts) []call { return treesittertest.Calls[call](f) }

func importsOf(f *sdk.FileFacts) []imp {
	var out []imp
	for _, i := range f.GetImports() {
		out = append(out, imp{i.GetSpec(), i.GetAlias(), i.GetNames(), i.GetLevel(), i.GetLine()})
	}
	return out
}

const service = `"""Order service."""
from __future__ import annotations

import os, json as j
import shop.db.models
from shop.db import session, engine as eng
from . import util
from ..core.base import Base as B
from .helpers import *


def load(path: str,
         strict: bool = default_strict()) -> dict:
    """Load an order.

    Args:
        path: where it is.
    """
    data = json.loads(os.path.join(path))
    def parse(raw):
        return decode(raw)
    return parse(data)


@register("orders")
class OrderService(Base, mixins.Audit, metaclass=Meta):
    '''Serves orders.'''
    cache = make_cache()

    def __init__(self, db):
        super().__init__(db)
        self._db = db

    @property
    def _count(self):
        return self._db.query(Order).filter(x).count()

    async def fetch(self, order_id):
        """Fetch one."""
        return await self.client.get(order_id)

    class Meta:
        def ordering(self): pass


def _private(): pass

if __name__ == "__main__":
    main()
`

func TestParseDefinitions(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "src/shop/orders/service.py", service)

	require.Equal(t, "python", f.GetLanguage())
	require.Equal(t, "shop.orders.service", f.GetPackage())
	require.False(t, f.GetPackageScope())
	require.False(t, f.GetIsTest())
	require.EqualValues(t, 49, f.GetLines())
	require.Empty(t, f.GetDiagnostics())
	const svc = "shop.orders.service.OrderService"
	require.Equal(t, []def{
		{"function", "shop.orders.service.load", 12, 22, true, "", "Load an order.\n\nArgs:\n    path: where it is.",
			"def load(path: str, strict: bool = default_strict()) -> dict", nil},
		{"function", "shop.orders.service.load.parse", 20, 21, false, "", "", "def parse(raw)", nil},
		{"class", "shop.orders.service.OrderService", 25, 43, true, "", "Serves orders.",
			"class OrderService(Base, mixins.Audit, metaclass=Meta)", []string{"Base", "mixins.Audit"}},
		{"constructor", svc + ".__init__", 30, 32, true, svc, "", "def __init__(self, db)", nil},
		{"property", svc + "._count", 34, 36, false, svc, "", "def _count(self)", nil},
		{"method", svc + ".fetch", 38, 40, true, svc, "Fetch one.", "async def fetch(self, order_id)", nil},
		{"class", svc + ".Meta", 42, 43, true, svc, "", "class Meta", nil},
		{"method", svc + ".Meta.ordering", 43, 43, true, svc + ".Meta", "", "def ordering(self)", nil},
		{"function", "shop.orders.service._private", 46, 46, false, "", "", "def _private()", nil},
	}, defsOf(t, f))
}

func TestParseCalls(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "src/shop/orders/service.py", service)
	const svc = "shop.orders.service.OrderService"
	require.Equal(t, []call{
		{"default_strict", "", "", 13}, // defaults run where the def is
		{"loads", "json", "shop.orders.service.load", 19},
		{"join", "os.path", "shop.orders.service.load", 19},
		{"decode", "", "shop.orders.service.load.parse", 21},
		{"parse", "", "shop.orders.service.load", 22},
		{"register", "", "", 25}, // decorators too
		{"make_cache", "", svc, 28},
		{"__init__", "super()", svc + ".__init__", 31},
		{"super", "", svc + ".__init__", 31},
		{"count", "self._db.query().filter()", svc + "._count", 36},
		{"filter", "self._db.query()", svc + "._count", 36},
		{"query", "self._db", svc + "._count", 36},
		{"get", "self.client", svc + ".fetch", 40},
		{"main", "", "", 49},
	}, callsOf(f))
}

func TestParseImports(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "src/shop/orders/service.py", service)
	require.Equal(t, []imp{
		{"os", "os", nil, 0, 4},
		{"json", "j", nil, 0, 4},
		{"shop.db.models", "shop", nil, 0, 5},                // binds shop
		{"shop.db", "", []string{"session", "engine"}, 0, 6}, // two names: the alias has no place
		{".", "", []string{"util"}, 1, 7},
		{"..core.base", "B", []string{"Base"}, 2, 8},
		{".helpers", "", []string{"*"}, 1, 9},
	}, importsOf(f))
}

func TestModuleNamesAndTests(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		module string
		test   bool
	}{
		"pkg/mod.py":                {"pkg.mod", false},
		"src/pkg/mod.py":            {"pkg.mod", false},
		"pkg/__init__.py":           {"pkg", false},
		"__init__.py":               {"", false},
		"lib/src/x.py":              {"lib.src.x", false},
		"stubs/pkg/mod.pyi":         {"stubs.pkg.mod", false},
		"pkg/test_mod.py":           {"pkg.test_mod", true},
		"pkg/mod_test.py":           {"pkg.mod_test", true},
		"conftest.py":               {"conftest", false},
		"tests/unit/helpers.py":     {"tests.unit.helpers", false}, // unless it defines tests
		"pkg/test/fixtures.py":      {"pkg.test.fixtures", false},
		"pkg/testing_utils/mod.py":  {"pkg.testing_utils.mod", false},
		"pkg/contest.py":            {"pkg.contest", false},
		"src/pkg/tests/__init__.py": {"pkg.tests", false},
	}
	for path, tc := range tests {
		require.Equal(t, tc.module, moduleName(path), path)
		require.Equal(t, tc.test, isTest(path), path)
	}

	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "__init__.py", "def top(): pass\n")
	require.Equal(t, "top", f.GetDefinitions()[0].GetQualifiedName())
}

func TestDocstrings(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`"""One line."""`: "One line.",
		`'single'`:        "single",
		`r"""Raw \d."""`:  `Raw \d.`,
		"\"\"\"\n    Indented.\n\n      More.\n    \"\"\"": "Indented.\n\n  More.",
		"'''First.\n    Second.\n    '''":                  "First.\nSecond.",
	} {
		require.Equal(t, want, cleanDocstring(in), in)
	}
}

func TestBrokenFilesDoNotFailTheBatch(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	files := []*sdk.SourceFile{
		{Path: "garbage.py", BlobId: "1", Content: []byte("def (((:\n  ]]] class\n\x00\x01 return return")},
		{Path: "half.py", BlobId: "2", Content: []byte("def broken(:\n    pass\n\ndef ok():\n    helper()\n")},
		{Path: "latin1.py", BlobId: "3", Content: []byte("def caf\xe9():\n    \"\"\"Caf\xe9.\"\"\"\n")},
		{Path: "empty.py", BlobId: "4"},
	}
	facts, err := lang.Parse(context.Background(), files)
	require.NoError(t, err)
	require.Len(t, facts, 4)

	require.NotEmpty(t, facts[0].GetDiagnostics())

	require.Len(t, facts[1].GetDiagnostics(), 1)
	require.EqualValues(t, 1, facts[1].GetDiagnostics()[0].GetLine())
	require.Contains(t, callsOf(facts[1]), call{"helper", "", "half.ok", 5})

	require.Equal(t, "Caf\uFFFD.", facts[2].GetDefinitions()[0].GetDoc())

	require.Equal(t, "4", facts[3].GetBlobId())
	require.Empty(t, facts[3].GetDefinitions())
}

func TestResolveImports(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	files := []string{
		"app/__init__.py", "app/main.py", "app/util.py", "app/json.py",
		"app/core/__init__.py", "app/core/base.py", "app/core/models.py",
		"app/api/__init__.py", "app/api/views.py",
		"src/lib/__init__.py", "src/lib/tools.py",
		"services/worker/pyproject.toml", "services/worker/jobs/__init__.py", "services/worker/jobs/run.py",
		"nsp/plugins/extra.py", // namespace package: no __init__.py
		"scripts/helper.py", "scripts/run.py",
	}
	manifests := []*sdk.Manifest{
		{Path: "services/worker/pyproject.toml", Kind: "pyproject.toml", Name: "worker"},
	}
	tests := map[string]struct {
		from     string
		imp      *sdk.Import
		to       []string
		external bool
	}{
		"module file":             {"app/main.py", &sdk.Import{Spec: "app.util", Alias: "app.util"}, []string{"app/util.py"}, false},
		"dotted binds package":    {"app/main.py", &sdk.Import{Spec: "app.core.base", Alias: "app"}, []string{"app/__init__.py", "app/core/base.py"}, false},
		"package __init__":        {"app/main.py", &sdk.Import{Spec: "app.core"}, []string{"app/core/__init__.py"}, false},
		"from-import submodules":  {"app/main.py", &sdk.Import{Spec: "app.core", Names: []string{"models", "Thing"}}, []string{"app/core/__init__.py", "app/core/models.py"}, false},
		"namespace package":       {"app/main.py", &sdk.Import{Spec: "nsp.plugins", Names: []string{"extra"}}, []string{"nsp/plugins/extra.py"}, false},
		"src layout":              {"app/main.py", &sdk.Import{Spec: "lib.tools"}, []string{"src/lib/tools.py"}, false},
		"manifest root":           {"services/worker/jobs/run.py", &sdk.Import{Spec: "jobs"}, []string{"services/worker/jobs/__init__.py"}, false},
		"script directory":        {"scripts/run.py", &sdk.Import{Spec: "helper"}, []string{"scripts/helper.py"}, false},
		"relative submodule":      {"app/api/views.py", &sdk.Import{Spec: ".", Level: 1, Names: []string{"views"}}, []string{"app/api/views.py"}, false},
		"relative package":        {"app/api/views.py", &sdk.Import{Spec: ".", Level: 1, Names: []string{"helper"}}, []string{"app/api/__init__.py"}, false},
		"relative parent":         {"app/api/views.py", &sdk.Import{Spec: "..core.base", Level: 2, Names: []string{"Base"}}, []string{"app/core/base.py"}, false},
		"relative names":          {"app/api/views.py", &sdk.Import{Spec: "..core", Level: 2, Names: []string{"base", "models"}}, []string{"app/core/base.py", "app/core/models.py"}, false},
		"relative star":           {"app/api/views.py", &sdk.Import{Spec: "..core", Level: 2, Names: []string{"*"}}, []string{"app/core/__init__.py"}, false},
		"relative too high":       {"app/main.py", &sdk.Import{Spec: "....x", Level: 4}, nil, false},
		"relative missing":        {"app/main.py", &sdk.Import{Spec: ".nothing", Level: 1}, nil, false},
		"standard library":        {"app/main.py", &sdk.Import{Spec: "os.path"}, nil, true},
		"not shadowed in package": {"app/main.py", &sdk.Import{Spec: "json"}, nil, true},
		"third party":             {"app/main.py", &sdk.Import{Spec: "requests", Names: []string{"get"}}, nil, true},
	}
	var sites []*sdk.ImportSite
	for _, tc := range tests {
		sites = append(sites, &sdk.ImportSite{FromPath: tc.from, Import: tc.imp})
	}
	resp, err := lang.ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Manifests: manifests, Imports: sites})
	require.NoError(t, err)
	require.Len(t, resp.GetImports(), len(sites))
	for name, tc := range tests {
		// Responses come in the order of the sites.
		var got *sdk.ResolvedImport
		for k, s := range sites {
			if s.GetImport() == tc.imp {
				got = resp.GetImports()[k]
			}
		}
		require.NotNil(t, got, name)
		require.Equal(t, tc.from, got.GetFromPath(), name)
		require.Equal(t, tc.imp.GetSpec(), got.GetSpec(), name)
		require.Equal(t, tc.to, got.GetToPaths(), name)
		require.Equal(t, tc.external, got.GetExternal(), name)
	}
}

func TestOneLine(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"def f(\n    a,  # the a\n    b=\"#\",\n):": "def f(a, b=\"#\"):",
		"class C(\n    Base,\n    Mixin\n)":         "class C(Base, Mixin)",
		"def g(x: int = 1) -> None":                 "def g(x: int = 1) -> None",
	} {
		require.Equal(t, want, oneLine([]byte(in)), in)
	}
}

func TestFixture(t *testing.T) {
	langtest.Check(t, "testdata/fixture", New())
}

// A called acronym constructs as CapWords do (URL(x), UUID(x)); a called
// name with underscores, a constant's form, is not taken for a class.
func TestCalledAcronymConstructs(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "pkg/_client.py", "from ._urls import URL\nfrom .limits import MAX_SIZE\n\n"+
		"def top(u):\n    MAX_SIZE(u)\n    return URL(u)\n")
	var got []string
	for _, c := range f.GetCalls() {
		got = append(got, fmt.Sprintf("%s %s %v", c.GetQualifier(), c.GetName(), c.GetConstructor()))
	}
	assert.Equal(t, []string{" MAX_SIZE false", " URL true", "URL __init__ false"}, got)
}
