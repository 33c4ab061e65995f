package golang

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// rcall is a call with what the core resolves it by.
type rcall struct {
	Name, Qualifier, Receiver string
	Builtin                   bool
}

func rcallsOf(f *sdk.FileFacts, caller string) []rcall {
	var out []rcall
	for _, c := range f.GetCalls() {
		if c.GetCaller() == caller {
			out = append(out, rcall{c.GetName(), c.GetQualifier(), c.GetReceiver(), c.GetBuiltin()})
		}
	}
	return out
}

const receivers = `package srv

import (
	"net/http"

	"example.com/app/api"
	cfg "example.com/app/config"
)

type Server struct {
	client *api.Client
	hooks  []*Hook
	byName map[string]Hook
	make   func(string) *api.Client
}

func (s *Server) Get(c *api.Client, names ...string) (*Result, error) {
	s.client.Do()
	c.Do()
	s.Close()
	x := NewFoo()
	x.Bar()
	y := api.NewClient()
	y.Do()
	var z api.Client
	z.Do()
	w := &Result{}
	w.Print()
	v := Result{}
	v.Print()
	r, err := api.Open()
	r.Read()
	err.Error()
	for _, h := range s.hooks {
		h.Run()
	}
	for i, n := range names {
		i.Bad()
		n.Bad()
	}
	hs := []*Hook{}
	for _, h := range hs {
		h.Run()
	}
	hs[0].Run()
	if c := cfg.Load(); c != nil {
		c.Apply()
	}
	c.Do()
	s.make("x").Do()
	fn := func(q *Query) *Query { q.Exec(); return q }
	fn(nil).Exec()
	http.Get("u")
	cfg.Load().Apply()
	switch t := v.Any().(type) {
	case *Hook:
		t.Run()
	case *Result, nil:
		t.Print()
	}
	u := s.client
	u.Do()
	return nil, nil
}
`

// Each receiver is what the file tells of the value the method is called
// on; a local of unknown type, a package alias and a call with no receiver
// leave it empty.
func TestReceivers(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "srv/srv.go", receivers)
	require.Equal(t, []rcall{
		{"Do", "s.client", "Server.client", false}, // a field of the method's receiver
		{"Do", "c", "api.Client", false},           // a parameter
		{"Close", "s", "Server", false},            // the receiver
		{"NewFoo", "", "", false},
		{"Bar", "x", "NewFoo()", false}, // x := NewFoo()
		{"NewClient", "api", "", false}, // a package: the qualifier says it
		{"Do", "y", "api.NewClient()", false},
		{"Do", "z", "api.Client", false}, // var z api.Client
		{"Print", "w", "Result", false},  // &Result{}
		{"Print", "v", "Result", false},  // Result{}
		{"Open", "api", "", false},
		{"Read", "r", "api.Open()", false}, // the first of two results
		{"Error", "err", "", false},        // the second: unknown
		{"Run", "h", "", false},            // ranging over a field: its elements are not told
		{"Bad", "i", "", false},            // an index
		{"Bad", "n", "", false},            // ...string: a basic type
		{"Run", "h", "Hook", false},        // ranging over a local []*Hook
		{"Run", "hs[]", "Hook", false},     // indexing it
		{"Load", "cfg", "", false},
		{"Apply", "c", "cfg.Load()", false}, // the if's c shadows the parameter
		{"Do", "c", "api.Client", false},    // and the parameter is back after it
		{"Do", "s.make()", "Server.make()", false},
		{"make", "s", "Server", false},     // a field's function, not the builtin
		{"Exec", "q", "Query", false},      // a closure's parameter
		{"Exec", "fn()", "Query()", false}, // what the closure returns; fn(nil) itself calls a local
		{"Get", "http", "", false},
		{"Apply", "cfg.Load()", "cfg.Load()", false},
		{"Load", "cfg", "", false},
		{"Any", "v", "Result", false},
		{"Run", "t", "Hook", false}, // a type switch case of one type
		{"Print", "t", "", false},   // of two: unknown
		{"Do", "u", "Server.client", false},
	}, rcallsOf(f, "srv.Server.Get"))
}

func TestBuiltins(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "b/b.go", `package b

type Buf struct{}

func (b *Buf) len() int { return 0 }

func max(a, b int) int { return a }

func F(xs []int, b *Buf) {
	_ = len(xs)
	_ = b.len()
	_ = max(1, 2)
	_ = min(1, 2)
	p := new(Buf)
	p.len()
	m := make(map[string]int)
	_ = append(xs, 1)
	_ = string(xs)
	_ = Buf(*b)
	clear(m)
	print := func() {}
	print()
}
`)
	require.Equal(t, []rcall{
		{"len", "", "", true},
		{"len", "b", "Buf", false},
		{"max", "", "", false}, // the file defines max
		{"min", "", "", true},
		{"new", "", "", true},
		{"len", "p", "Buf", false}, // new(Buf) is a *Buf
		{"make", "", "", true},
		{"append", "", "", true},
		{"clear", "", "", true}, // conversions and the local print are no calls
	}, rcallsOf(f, "b.F"))
}

func TestReferences(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "r/r.go", `package r

import (
	"net/http"

	"example.com/app/api"
	"example.com/app/cmdutil"
)

var Default = api.Options{Retries: api.MaxRetries}

type T struct {
	f   cmdutil.Factory
	m   map[string]*api.Client
	api int
}

func New(h http.Handler) *T {
	api := 3
	_ = api.Field
	run(cmdutil.FlagErrorf)
	return &T{}
}
`)
	// api.Field is a local's field: the local shadows the import.
	require.Equal(t, []string{"api.Options", "api.MaxRetries", "cmdutil.Factory", "api.Client", "http.Handler", "cmdutil.FlagErrorf"},
		f.GetReferences())
}

// ddef is what the core joins a definition by.
type ddef struct {
	Kind, QN, Receiver, Type string
	Bases                    []string
	Fields                   map[string]string
	Structural, Abstract     bool
	Complexity               int32
}

func TestDefinitionFacts(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "d/d.go", `package d

import "example.com/app/api"

type Server struct {
	Base
	*api.Client
	name, addr string
	opts       *Options
	hook       func() *Hook
	items      []Item
}

type Store interface {
	io.Closer
	Get(key string) (*Item, error)
	List() []Item
}

type ID = api.ID

type Count int

const Max = 3

var Current *Server

var fallback = NewServer()

func NewServer() (*Server, error) { return nil, nil }

func (s *Server) Run(n int) api.Result {
	if n > 0 && s != nil || n < -1 {
		for i := 0; i < n; i++ {
		}
	}
	switch n {
	case 1, 2:
	case 3:
	default:
	}
	go func() {
		if n == 0 {
		}
	}()
	return api.Result{}
}
`)
	var got []ddef
	for _, d := range f.GetDefinitions() {
		dd := ddef{Kind: d.GetKind(), QN: d.GetQualifiedName(), Receiver: d.GetReceiver(), Type: d.GetType(),
			Bases: d.GetBases(), Structural: d.GetStructural(), Abstract: d.GetAbstract(), Complexity: d.GetComplexity()}
		for _, fl := range d.GetFields() {
			if dd.Fields == nil {
				dd.Fields = map[string]string{}
			}
			dd.Fields[fl.GetName()] = fl.GetType()
		}
		got = append(got, dd)
	}
	require.Equal(t, []ddef{
		{Kind: "struct", QN: "d.Server", Bases: []string{"Base", "api.Client"}, Fields: map[string]string{
			"Base": "Base", "Client": "api.Client", "name": "", "addr": "", "opts": "Options", "hook": "Hook", "items": ""}},
		{Kind: "interface", QN: "d.Store", Bases: []string{"io.Closer"}, Structural: true},
		{Kind: "method", QN: "d.Store.Get", Receiver: "d.Store", Type: "Item", Abstract: true},
		{Kind: "method", QN: "d.Store.List", Receiver: "d.Store", Abstract: true},
		{Kind: "type", QN: "d.ID", Bases: []string{"api.ID"}},
		{Kind: "type", QN: "d.Count"},
		{Kind: "constant", QN: "d.Max"},
		{Kind: "variable", QN: "d.Current", Type: "Server"},
		{Kind: "variable", QN: "d.fallback", Type: "NewServer()"},
		{Kind: "function", QN: "d.NewServer", Type: "Server", Complexity: 1},
		// 1, if, &&, ||, for, two cases (default is none), the closure's if.
		{Kind: "method", QN: "d.Server.Run", Receiver: "d.Server", Type: "api.Result", Complexity: 8},
	}, got)
}
