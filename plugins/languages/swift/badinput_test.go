package swift

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/sdk"
)

func TestBadInput(t *testing.T) {
	langtest.BadInput(t, New(), langtest.BadInputCases{
		Ext:       ".swift",
		Neighbour: "class Good { func m() {} }\n",
		SyntaxError: langtest.Snippet{
			Source: "class C {\n  func m() { foo(; let = }\n  func n() { bar() }\n}\n",
		},
		InvalidUTF8: langtest.Snippet{
			Source: "/// d\xffoc\nclass Caf\xe9 { func m\xfe() { fo\xfdo(); x\xff.go() } }",
		},
		Minified: langtest.Repeated{
			Before: "class C{func m(){",
			Unit:   `a.b(c.d(1),"x");`,
			After:  "}}",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Greater(t, len(f.GetCalls()), 100000)
			},
		},
		Generated: langtest.Repeated{
			Before: "public final class Table {\n",
			Unit:   "    public func f{{i}}() -> Int {\n        return g{{i}}({{i}})\n    }\n\n",
			After:  "}\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Equal(t, len(f.GetDefinitions())-1, len(f.GetCalls()), "one call a method")
			},
		},
		Nesting: []langtest.Nest{
			{Name: "blocks", Before: "func m() { ", Open: "do { ", Close: "} ", After: "\n}"},
			{Name: "parens", Before: "func m() {\nlet x = ", Open: "(", Middle: "a.b()", Close: ")", After: "\n}"},
		},
	})
}
