package csharp

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/sdk"
)

func TestBadInput(t *testing.T) {
	langtest.BadInput(t, New(), langtest.BadInputCases{
		Ext:       ".cs",
		Neighbour: "class Good { void M() {} }\n",
		SyntaxError: langtest.Snippet{
			Source: "namespace A {\nclass C {\n  void M() { Foo(; int = ; }\n  void N() { Bar(); }\n}\n",
		},
		InvalidUTF8: langtest.Snippet{
			Source: "class Caf\xe9 { /// d\xffoc\n void M\xfe() { Fo\xfdo(); x\xff.Go(); } }",
		},
		Minified: langtest.Repeated{
			Before: "class C{void M(){",
			Unit:   `a.B(c.D(1),"x");`,
			After:  "}}",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Greater(t, len(f.GetCalls()), 100000)
			},
		},
		Generated: langtest.Repeated{
			Before: "namespace Gen {\npublic partial class Table {\n",
			Unit:   "    public int F{{i}}() {\n        return G{{i}}({{i}});\n    }\n\n",
			After:  "}\n}\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Equal(t, len(f.GetDefinitions())-1, len(f.GetCalls()), "one call a method")
			},
		},
		Nesting: []langtest.Nest{
			{Name: "blocks", Before: "class C { void M() { ", Open: "{ ", Close: "} ", After: "} }"},
			{Name: "parens", Before: "class C { void M() { var x = ", Open: "(", Middle: "a.B()", Close: ")", After: "; } }"},
		},
	})
}
