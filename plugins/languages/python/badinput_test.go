package python

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/sdk"
)

func TestBadInput(t *testing.T) {
	langtest.BadInput(t, New(), langtest.BadInputCases{
		Ext:       ".py",
		Neighbour: "def good():\n    pass\n",
		SyntaxError: langtest.Snippet{
			Source: "class A(:\n    def f(self\n        return self.g(\n\ndef ok():\n    helper()\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				var names []string
				for _, c := range f.GetCalls() {
					names = append(names, c.GetName())
				}
				require.Contains(t, names, "helper", "what parses is kept")
			},
		},
		InvalidUTF8: langtest.Snippet{
			Source: "class Caf\xe9(Base\xff):\n    x: T\xfe = Foo\xe9()\n    def m(self, a: B\xe9):\n        self.y = Z\xe9()\n        a.call\xe9()\n",
		},
		Minified: langtest.Repeated{
			Unit:  "x{{i}} = f(a.b(c), [1, 2, {'k': g()}]); ",
			Check: func(t *testing.T, f *sdk.FileFacts) { require.NotEmpty(t, f.GetCalls()) },
		},
		Generated: langtest.Repeated{
			Before: "class Table(Base):\n",
			Unit:   "    def m{{i}}(self, x: Row) -> Row:\n        return self.m{{i}}(x.next())\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Len(t, f.GetCalls(), 2*(len(f.GetDefinitions())-1), "two calls a method")
			},
		},
		Nesting: []langtest.Nest{
			{Name: "parentheses", Before: "x = ", Open: "(", Middle: "f()", Close: ")", After: "\n"},
			{Name: "calls", Before: "x = ", Open: "f(", Middle: "1", Close: ")", After: "\n"},
			{Name: "attributes", Before: "x = a", Open: ".b()", After: "\n"},
			{Name: "lists", Before: "x = ", Open: "[", Middle: "f()", Close: "]", After: "\n"},
			// Functions and if statements in turn, each indented one
			// step deeper.
			{Name: "blocks", Open: "def f(a: T):\nif a.g():\n", Indent: " ", Levels: nestingLevels / 2, Middle: "pass\n"},
		},
	})
}

const nestingLevels = 10000
