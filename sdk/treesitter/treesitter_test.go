package treesitter

import (
	"context"
	"strings"
	"testing"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
	tsgo "github.com/smacker/go-tree-sitter/golang"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter/flat"
)

type kind uint8

const (
	kOther kind = iota
	kFunction
	kCall
)

var testGrammar = NewGrammar(tsgo.GetLanguage(), map[string]kind{
	"function_declaration": kFunction,
	"call_expression":      kCall,
}, map[kind]Role{kCall: RoleCall})

// testParser records the kind of every node and panics on a file whose
// content asks it to.
func testParser(kinds map[kind]int) *Parser {
	return &Parser{
		Name:        "test",
		GrammarName: "Test",
		NewFacts: func(f *sdk.SourceFile) *sdk.FileFacts {
			return &sdk.FileFacts{Path: f.GetPath(), BlobId: f.GetBlobId(), Language: "test"}
		},
		Extract: func(src []byte, root *sitter.Node, facts *sdk.FileFacts) {
			if strings.Contains(string(src), "panic") {
				panic("asked to")
			}
			var walk func(n *sitter.Node)
			walk = func(n *sitter.Node) {
				kinds[testGrammar.Kind(n)]++
				EachNamedChild(n, walk)
			}
			walk(root)
			facts.Package = "caf\xe9"
		},
	}
}

func TestParser(t *testing.T) {
	t.Parallel()
	kinds := map[kind]int{}
	facts, err := testParser(kinds).Parse(context.Background(), testGrammar.Language(), []*sdk.SourceFile{
		{Path: "ok.go", BlobId: "1", Content: []byte("package p\n\nfunc F() { g(); h() }")},
		{Path: "panic.go", BlobId: "2", Content: []byte("package panic\n")},
		{Path: "broken.go", BlobId: "3", Content: []byte("package p\n\nvar x = ((\n")},
	})
	require.NoError(t, err)
	require.Len(t, facts, 3)

	require.Equal(t, 1, kinds[kFunction])
	require.Equal(t, 2, kinds[kCall])
	require.Positive(t, kinds[kOther])
	require.EqualValues(t, 3, facts[0].GetLines())
	require.Equal(t, "caf\uFFFD", facts[0].GetPackage(), "invalid UTF-8 is replaced")
	require.Empty(t, facts[0].GetDiagnostics())

	require.Equal(t, "2", facts[1].GetBlobId())
	require.Zero(t, facts[1].GetLines(), "a failed walk leaves fresh facts")
	require.Len(t, facts[1].GetDiagnostics(), 1)
	require.Equal(t, sdk.SeverityError, facts[1].GetDiagnostics()[0].GetSeverity())
	require.Equal(t, "test plugin failed on this file: asked to", facts[1].GetDiagnostics()[0].GetSummary())

	require.Len(t, facts[2].GetDiagnostics(), 1)
	d := facts[2].GetDiagnostics()[0]
	require.Equal(t, sdk.SeverityWarning, d.GetSeverity())
	require.Contains(t, d.GetSummary(), "syntax not understood by the Test grammar from line")
}

// A brace missing at the end of a file that ends with a newline is placed
// by tree-sitter on the line after the last: spans and the syntax warning
// must stay on the file's lines.
func TestFactsStayWithinTheFile(t *testing.T) {
	t.Parallel()
	p := &Parser{
		Name:        "test",
		GrammarName: "Test",
		NewFacts:    func(f *sdk.SourceFile) *sdk.FileFacts { return &sdk.FileFacts{Path: f.GetPath()} },
		Extract: func(_ []byte, root *sitter.Node, facts *sdk.FileFacts) {
			var walk func(n *sitter.Node)
			walk = func(n *sitter.Node) {
				if testGrammar.Kind(n) == kFunction {
					facts.Definitions = append(facts.Definitions, &sdk.Definition{Name: "F", Span: &sdk.Span{
						StartLine: int32(n.StartPoint().Row) + 1, EndLine: int32(n.EndPoint().Row) + 1}})
				}
				EachNamedChild(n, walk)
			}
			walk(root)
		},
	}
	facts, err := p.Parse(context.Background(), testGrammar.Language(), []*sdk.SourceFile{
		{Path: "open.go", Content: []byte("package p\n\nfunc F() {\n\tg()\n")},
	})
	require.NoError(t, err)
	f := facts[0]
	require.EqualValues(t, 4, f.GetLines())
	require.Len(t, f.GetDefinitions(), 1)
	require.Equal(t, &sdk.Span{StartLine: 3, EndLine: 4}, f.GetDefinitions()[0].GetSpan())
	require.Len(t, f.GetDiagnostics(), 1)
	require.EqualValues(t, 4, f.GetDiagnostics()[0].GetLine())
}

// A NUL byte makes a file binary content: it is reported, not parsed
// (the Swift grammar looped on one until cancelled; found by fuzzing).
func TestNULIsBinary(t *testing.T) {
	t.Parallel()
	kinds := map[kind]int{}
	facts, err := testParser(kinds).Parse(context.Background(), testGrammar.Language(), []*sdk.SourceFile{
		{Path: "bin.go", Content: []byte("package p\n\nfunc F() {}\nvar s = \"a\x00b\"\n")},
	})
	require.NoError(t, err)
	f := facts[0]
	require.Zero(t, kinds[kFunction], "the file was parsed")
	require.EqualValues(t, 4, f.GetLines())
	require.Len(t, f.GetDiagnostics(), 1)
	d := f.GetDiagnostics()[0]
	require.Equal(t, sdk.SeverityWarning, d.GetSeverity())
	require.EqualValues(t, 4, d.GetLine())
	require.Equal(t, "a NUL byte on line 4: binary content, not parsed", d.GetSummary())
}

// A file whose parse outlasts its budget is reported and left without
// facts, and the next file of the batch parses in full: a grammar that
// loops costs one file, not the batch.
func TestParseOverBudget(t *testing.T) {
	t.Parallel()
	kinds := map[kind]int{}
	p := testParser(kinds)
	p.budget = func(size int) time.Duration {
		if size > 100_000 {
			return time.Microsecond
		}
		return FileBudget(size)
	}
	big := "package p\n\n" + strings.Repeat("func F() { g(); h(); k(1, 2, 3) }\n", 20_000)
	facts, err := p.Parse(context.Background(), testGrammar.Language(), []*sdk.SourceFile{
		{Path: "big.go", Content: []byte(big)},
		{Path: "ok.go", Content: []byte("package p\n\nfunc F() { g() }\n")},
	})
	require.NoError(t, err)
	require.Len(t, facts, 2)
	require.Len(t, facts[0].GetDiagnostics(), 1)
	require.Equal(t, sdk.SeverityWarning, facts[0].GetDiagnostics()[0].GetSeverity())
	require.Contains(t, facts[0].GetDiagnostics()[0].GetSummary(), "did not finish parsing this file within 1µs")
	require.True(t, facts[0].GetDiagnostics()[0].GetTransient(), "a busy machine may have stopped it: the core parses it again next run")
	require.EqualValues(t, 20_002, facts[0].GetLines())
	require.Empty(t, facts[1].GetDiagnostics())
	require.Equal(t, 1, kinds[kFunction], "only the second file was walked")
}

func TestParserStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := testParser(map[kind]int{}).Parse(ctx, testGrammar.Language(), []*sdk.SourceFile{{Path: "a.go"}})
	require.ErrorIs(t, err, context.Canceled)
}

func TestEachNamedChildOfWideNodes(t *testing.T) {
	t.Parallel()
	for _, n := range []int{3, wideNode, wideNode + 1, 200} {
		src := "package p\n\nvar x = []int{" + strings.Repeat("1, ", n) + "}\n"
		parser := sitter.NewParser()
		parser.SetLanguage(testGrammar.Language())
		tree, err := parser.ParseCtx(context.Background(), nil, []byte(src))
		require.NoError(t, err)
		var list *sitter.Node
		var find func(n *sitter.Node)
		find = func(n *sitter.Node) {
			if n.Type() == "literal_value" {
				list = n
			}
			EachNamedChild(n, find)
		}
		find(tree.RootNode())
		require.NotNil(t, list)
		var texts []string
		EachNamedChild(list, func(c *sitter.Node) { texts = append(texts, Text([]byte(src), c)) })
		require.Len(t, texts, n)
		tree.Close()
		parser.Close()
	}
}

func TestOneLine(t *testing.T) {
	t.Parallel()
	s := Syntax{Quotes: `"'`, LineComment: "--", BlockOpen: "{-", BlockClose: "-}", MaxLen: 24}
	for in, want := range map[string]string{
		"f (\n  a, -- first\n  b,\n)": "f (a, b)",
		"g {- note -} x '--'":         "g x '--'",
		"h \"a\\\"--\" {- open":       "h \"a\\\"--\"",
		strings.Repeat("é", 20):       strings.Repeat("é", 12) + "…",
	} {
		require.Equal(t, want, s.OneLine([]byte(in)), in)
	}
}

func TestCountLines(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int32{"": 0, "a": 1, "a\n": 1, "a\nb": 2, "\n\n": 2} {
		require.Equal(t, want, CountLines([]byte(in)), "%q", in)
	}
}

// The qualifier of a flat copy's node is the tree's: every receiver shape
// the path names (member, call, index, parenthesis, type assertion), one
// it does not, and a chain longer than maxPath.
func TestQualifierOfFlatIsQualifier(t *testing.T) {
	t.Parallel()
	g := NewGrammar(tsgo.GetLanguage(), map[string]kind{"call_expression": kCall}, map[kind]Role{
		kFunction: RoleName, kCall: RoleCall,
	})
	names := map[string]Role{
		"identifier": RoleName, "field_identifier": RoleName, "type_identifier": RoleTypeName,
		"selector_expression": RoleMember, "call_expression": RoleCall, "index_expression": RoleIndex,
		"parenthesized_expression": RoleParen, "type_assertion_expression": RoleAssert,
	}
	for sym := range g.roles {
		g.roles[sym] = names[g.lang.SymbolName(sitter.Symbol(sym))]
	}
	src := []byte("package p\n\nfunc F() {\n\ta.b.c()\n\tx.f().g()\n\tm[k].h()\n\t(p).q()\n\tv.(T).w()\n\t" +
		"[]int{1}.z()\n\t" + strings.Repeat("o.", maxPath+3) + "end()\n}\n")
	parser := sitter.NewParser()
	defer parser.Close()
	parser.SetLanguage(g.Language())
	tree, err := parser.ParseCtx(context.Background(), nil, src)
	require.NoError(t, err)
	defer tree.Close()

	var fromTree []string
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		if n.Type() == "selector_expression" && n.Parent().Type() == "call_expression" {
			fromTree = append(fromTree, g.Qualifier(src, n.NamedChild(0)))
		}
		EachNamedChild(n, walk)
	}
	walk(tree.RootNode())
	var fromFlat []string
	var walkFlat func(n *flat.Node)
	walkFlat = func(n *flat.Node) {
		if n.Type() == "selector_expression" && n.Parent().Type() == "call_expression" {
			fromFlat = append(fromFlat, g.QualifierOf(src, n.NamedChild(0)))
		}
		flat.EachNamedChild(n, walkFlat)
	}
	walkFlat(flat.Flatten(tree.RootNode(), g.Flat(), len(src)).Root())

	require.Contains(t, fromTree, "a.b")
	require.Contains(t, fromTree, "x.f()")
	require.Contains(t, fromTree, "m[]")
	require.Contains(t, fromTree, "p")
	require.Contains(t, fromTree, "v.(T)")
	require.Contains(t, fromTree, "?")
	require.Contains(t, fromTree, "?"+strings.Repeat(".o", maxPath+1))
	require.Equal(t, fromTree, fromFlat)
}
