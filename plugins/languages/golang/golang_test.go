package golang

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

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
}

type call struct {
	Name, Qualifier, Caller string
	Line                    int32
}

type imp struct {
	Spec, Alias string
	Line        int32
}

func defsOf(t *testing.T, f *sdk.FileFacts) []def {
	t.Helper()
	var out []def
	for _, d := range f.GetDefinitions() {
		require.Equal(t, "godoc", d.GetDocStyle(), d.GetQualifiedName())
		require.True(t, strings.HasSuffix(d.GetQualifiedName(), "."+d.GetName()), d.GetQualifiedName())
		out = append(out, def{d.GetKind(), d.GetQualifiedName(), d.GetSpan().GetStartLine(), d.GetSpan().GetEndLine(),
			d.GetExported(), d.GetReceiver(), d.GetDoc(), d.GetSignature()})
	}
	return out
}

func callsOf(f *sdk.FileFacts) []call { return treesittertest.Calls[call](f) }

func importsOf(f *sdk.FileFacts) []imp {
	var out []imp
	for _, i := range f.GetImports() {
		out = append(out, imp{i.GetSpec(), i.GetAlias(), i.GetLine()})
	}
	return out
}

const server = `// Package shop sells things.
package shop

import (
	"context"
	"fmt"
	yaml "gopkg.in/yaml.v3"
	_ "embed"
	"github.com/acme/shop/internal/store"
)

// MaxItems bounds a cart.
//
//go:generate stringer -type=Kind
const MaxItems = 10

var (
	// ErrEmpty is returned for an empty cart.
	ErrEmpty        = fmt.Errorf("empty")
	registry, _     = store.Open(context.Background())
	defaultCart Cart
)

/*
 * Cart holds items.
 */
type Cart struct {
	items []string
}

type (
	// Pricer prices items.
	Pricer interface {
		Price(item string) int
	}
	id = string
)

// Add appends an item.
// It never fails.
func (c *Cart) Add(ctx context.Context,
	item string,
) error {
	c.items = append(c.items, item)
	store.Save(ctx, item)
	go func() { notify(item) }()
	return c.check().Err()
}

func (s Set[K]) Len() int { return len(s) }

func Map[T, U any](xs []T, f func(T) U) []U {
	out := Convert[int, string](xs)
	return pkgx.Apply[T](out)
}

func init() { register() }
`

func TestParseDefinitions(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "shop/cart.go", server)

	require.Equal(t, "go", f.GetLanguage())
	require.Equal(t, "shop", f.GetPackage())
	require.True(t, f.GetPackageScope())
	require.False(t, f.GetIsTest())
	require.EqualValues(t, 57, f.GetLines())
	require.Empty(t, f.GetDiagnostics())
	require.Equal(t, []def{
		{"constant", "shop.MaxItems", 15, 15, true, "", "MaxItems bounds a cart.", "const MaxItems"},
		{"variable", "shop.ErrEmpty", 19, 19, true, "", "ErrEmpty is returned for an empty cart.", "var ErrEmpty"},
		{"variable", "shop.registry", 20, 20, false, "", "", "var registry"},
		{"variable", "shop.defaultCart", 21, 21, false, "", "", "var defaultCart Cart"},
		{"struct", "shop.Cart", 27, 29, true, "", "Cart holds items.", "type Cart struct"},
		{"interface", "shop.Pricer", 33, 35, true, "", "Pricer prices items.", "type Pricer interface"},
		{"method", "shop.Pricer.Price", 34, 34, true, "shop.Pricer", "", "Price(item string) int"},
		{"type", "shop.id", 36, 36, false, "", "", "type id = string"},
		{"method", "shop.Cart.Add", 41, 48, true, "shop.Cart", "Add appends an item.\nIt never fails.",
			"func (c *Cart) Add(ctx context.Context, item string) error"},
		{"method", "shop.Set.Len", 50, 50, true, "shop.Set", "", "func (s Set[K]) Len() int"},
		{"function", "shop.Map", 52, 55, true, "", "", "func Map[T, U any](xs []T, f func(T) U) []U"},
		{"function", "shop.init", 57, 57, false, "", "", "func init()"},
	}, defsOf(t, f))
}

func TestParseCalls(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "shop/cart.go", server)
	require.Equal(t, []call{
		{"Errorf", "fmt", "", 19},
		{"Open", "store", "", 20},
		{"Background", "context", "", 20},
		{"append", "", "shop.Cart.Add", 44},
		{"Save", "store", "shop.Cart.Add", 45},
		{"notify", "", "shop.Cart.Add", 46}, // inside a func literal: the enclosing method
		{"Err", "c.check()", "shop.Cart.Add", 47},
		{"check", "c", "shop.Cart.Add", 47},
		{"len", "", "shop.Set.Len", 50},
		{"Convert", "", "shop.Map", 53}, // instantiated generic, parsed as a conversion
		{"Apply", "pkgx", "shop.Map", 54},
		{"register", "", "shop.init", 57},
	}, callsOf(f))
}

func TestParseImports(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "shop/cart.go", server)
	require.Equal(t, []imp{
		{"context", "context", 5},
		{"fmt", "fmt", 6},
		{"gopkg.in/yaml.v3", "yaml", 7},
		{"embed", "_", 8},
		{"github.com/acme/shop/internal/store", "store", 9},
	}, importsOf(f))
}

func TestCallQualifiers(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "q.go", `package q

func F() {
	a.b.C()
	x.(Doer).Do()
	m[k].Run()
	(f)()
	fns[0]() // no name to give
	func() {}()
	pkg.Make[int]()
}
`)
	require.Equal(t, []call{
		{"C", "a.b", "q.F", 4},
		{"Do", "x.(Doer)", "q.F", 5},
		{"Run", "m[]", "q.F", 6},
		{"f", "", "q.F", 7},
		{"Make", "pkg", "q.F", 10},
	}, callsOf(f))
}

func TestFileFlags(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	for path, want := range map[string]bool{
		"a/b_test.go":   true,
		"a/b.go":        false,
		"a/test.go":     false,
		"testdata/x.go": false,
	} {
		f := sdktest.ParseOne(t, lang, path, "package b_test\n\nfunc TestX(t *testing.T) {}")
		require.Equal(t, want, f.GetIsTest(), path)
		require.Equal(t, "b_test", f.GetPackage())
		require.EqualValues(t, 3, f.GetLines())
	}
}

// The bundled grammar predates new(expr) and generic aliases: the error
// must stay local and cost no other fact of the file.
func TestNewerSyntaxKeepsTheRest(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "n.go", `package n

func Ptr(v int) *int {
	p := new(v + 1)
	return p
}

type Alias[T any] = List[T]

// After is still found.
func After() { Ptr(1) }
`)
	require.Len(t, f.GetDiagnostics(), 1)
	d := f.GetDiagnostics()[0]
	require.Equal(t, sdk.SeverityWarning, d.GetSeverity())
	require.Equal(t, "n.go", d.GetPath())
	require.EqualValues(t, 4, d.GetLine())
	require.Equal(t, []def{
		{"function", "n.Ptr", 3, 6, true, "", "", "func Ptr(v int) *int"},
		{"type", "n.Alias", 8, 8, true, "", "", "type Alias[T any] = List[T]"},
		{"function", "n.After", 11, 11, true, "", "After is still found.", "func After()"},
	}, defsOf(t, f))
	require.Contains(t, callsOf(f), call{"Ptr", "", "n.After", 11})
}

func TestBrokenFilesDoNotFailTheBatch(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	files := []*sdk.SourceFile{
		{Path: "garbage.go", BlobId: "1", Content: []byte("}}}{{{ this is not go at all ((( \x00\x01")},
		{Path: "good.go", BlobId: "2", Content: []byte("package good\n\nfunc Good() { bad() }\n")},
		{Path: "latin1.go", BlobId: "3", Content: []byte("package l\n\n// Caf\xe9 au lait.\nfunc Caf\xe9() {}\n")},
		{Path: "empty.go", BlobId: "4", Content: []byte{}},
	}
	facts, err := lang.Parse(context.Background(), files)
	require.NoError(t, err)
	require.Len(t, facts, 4)

	require.Equal(t, "garbage.go", facts[0].GetPath())
	require.NotEmpty(t, facts[0].GetDiagnostics())

	require.Equal(t, "2", facts[1].GetBlobId())
	require.Empty(t, facts[1].GetDiagnostics())
	require.Equal(t, "good.Good", facts[1].GetDefinitions()[0].GetQualifiedName())

	// Invalid UTF-8 would make protobuf refuse the whole response.
	require.Len(t, facts[2].GetDefinitions(), 1)
	require.Equal(t, "Caf\uFFFD au lait.", facts[2].GetDefinitions()[0].GetDoc())

	require.Equal(t, "empty.go", facts[3].GetPath())
	require.Zero(t, facts[3].GetLines())
}

func TestParseIsSafeConcurrently(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			src := fmt.Sprintf("package p\n\nfunc F%d() { G() }\n", i)
			facts, err := lang.Parse(context.Background(), []*sdk.SourceFile{{Path: "p.go", Content: []byte(src)}})
			if !(err == nil && len(facts) == 1 && facts[0].GetDefinitions()[0].GetName() == fmt.Sprintf("F%d", i)) {
				t.Errorf("goroutine %d: %v %v", i, err, facts)
			}
		})
	}
	wg.Wait()
}

func TestResolveImports(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	files := []string{
		"go.mod", "main.go",
		"internal/store/store.go", "internal/store/sql.go", "internal/store/store_test.go",
		"internal/store/mem/mem.go",
		"tools/go.mod", "tools/gen/gen.go",
		"docs/README.md",
	}
	manifests := []*sdk.Manifest{
		{Path: "go.mod", Kind: "go.mod", Name: "github.com/acme/shop"},
		{Path: "tools/go.mod", Kind: "go.mod", Name: "github.com/acme/shop/tools"},
	}
	tests := map[string]struct {
		spec     string
		to       []string
		external bool
	}{
		"package of the module":          {"github.com/acme/shop/internal/store", []string{"internal/store/sql.go", "internal/store/store.go"}, false},
		"only that directory":            {"github.com/acme/shop/internal/store/mem", []string{"internal/store/mem/mem.go"}, false},
		"module root":                    {"github.com/acme/shop", []string{"main.go"}, false},
		"nested go.mod wins":             {"github.com/acme/shop/tools/gen", []string{"tools/gen/gen.go"}, false},
		"standard library":               {"fmt", nil, true},
		"dependency":                     {"github.com/other/lib", nil, true},
		"prefix is not a path prefix":    {"github.com/acme/shopping", nil, true},
		"inside the module but no files": {"github.com/acme/shop/gen/pb", nil, false},
	}
	var sites []*sdk.ImportSite
	for _, tc := range tests {
		sites = append(sites, &sdk.ImportSite{FromPath: "main.go", Import: &sdk.Import{Spec: tc.spec}})
	}
	resp, err := lang.ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Manifests: manifests, Imports: sites})
	require.NoError(t, err)
	require.Len(t, resp.GetImports(), len(sites))
	got := map[string]*sdk.ResolvedImport{}
	for _, r := range resp.GetImports() {
		require.Equal(t, "main.go", r.GetFromPath())
		got[r.GetSpec()] = r
	}
	for name, tc := range tests {
		r := got[tc.spec]
		require.NotNil(t, r, name)
		require.Equal(t, tc.to, r.GetToPaths(), name)
		require.Equal(t, tc.external, r.GetExternal(), name)
	}
}

func TestGuessPackageName(t *testing.T) {
	t.Parallel()
	for spec, want := range map[string]string{
		"fmt":                                   "fmt",
		"net/http":                              "http",
		"gopkg.in/yaml.v3":                      "yaml",
		"github.com/mattn/go-sqlite3":           "sqlite3",
		"github.com/hashicorp/go-plugin":        "plugin",
		"github.com/go-chi/chi/v5":              "chi",
		"github.com/smacker/go-tree-sitter":     "sitter",
		"github.com/opentracing/opentracing-go": "opentracing",
		"github.com/satori/go.uuid":             "uuid",
		"github.com/hashicorp/golang-lru":       "lru",
		"github.com/acme/lib/v2":                "lib",
	} {
		require.Equal(t, want, guessPackageName(spec), spec)
	}
}

func TestOneLine(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"func f(\n\ta int, // the a\n\tb string,\n) (int, error) ": "func f(a int, b string) (int, error)",
		"func (r *T) M(s string /* tag */, t []byte)":              "func (r *T) M(s string, t []byte)",
		"func g(sep string = \"//\")":                              "func g(sep string = \"//\")",
	} {
		require.Equal(t, want, oneLine([]byte(in)), in)
	}
}

func TestClosuresInInitialisers(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "h.go", `package h

// Handler handles.
var Handler = func() {
	var local = compute()
	type inner struct{}
	register(local)
}
`)
	require.Equal(t, []def{
		{"variable", "h.Handler", 4, 8, true, "", "Handler handles.", "var Handler"},
	}, defsOf(t, f))
	require.Equal(t, []call{{"compute", "", "", 5}, {"register", "", "", 7}}, callsOf(f))
}
