package cfamily_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/plugins/languages/c"
	"github.com/homer-dev/homer/plugins/languages/cpp"
	"github.com/homer-dev/homer/sdk"
)

// TestBadInput runs the hostile files through both dialects: C and C++
// share the extraction but not the grammar.
func TestBadInput(t *testing.T) {
	for _, d := range []struct {
		name, ext string
		lang      sdk.Language
	}{{"c", ".c", c.New()}, {"cpp", ".cpp", cpp.New()}} {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			langtest.BadInput(t, d.lang, badInputCases(d.ext))
		})
	}
}

func badInputCases(ext string) langtest.BadInputCases {
	hasDefinitions := func(t *testing.T, f *sdk.FileFacts) { require.NotEmpty(t, f.GetDefinitions()) }
	return langtest.BadInputCases{
		Ext:       ext,
		Neighbour: "int good(void) { return 0; }\n",
		SyntaxError: langtest.Snippet{
			Source: "int ok(void) { return 1; }\nint broken( { if (;; }\nstruct { int x\nint after(void) { return ok(); }\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.NotNil(t, langtest.Definition(f, "ok"), "the definition before the error")
			},
		},
		InvalidUTF8: langtest.Snippet{
			Source: "/** caf\xe9 \xff\xfe */\nint caf\xe9(void) { return g\xff(); }\nint fine(void) { return 0; }\n",
		},
		Minified: langtest.Repeated{
			Unit: "static int f{{i}}(int a){if(a>{{i}}&&a<{{i}}+7)return g(a)+f{{i}}(a-1);return a;}",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.NotEmpty(t, f.GetDefinitions())
				require.Empty(t, f.GetCalls(), "a file this large is read for its definitions only")
				require.Contains(t, f.GetDiagnostics()[0].GetSummary(), "larger than")
			},
		},
		Generated: langtest.Repeated{
			Before: "#include \"gen.h\"\n",
			Unit:   "int gen_{{i}}(int x) {\n  return helper(x, {{i}});\n}\n\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Equal(t, len(f.GetDefinitions()), len(f.GetCalls()), "one call a function")
			},
		},
		Nesting: []langtest.Nest{
			{Name: "blocks", Before: "int deep(int x) {\n", Open: "if (x) {\n", Middle: "f(x);\n", Close: "}\n", After: "return 0;\n}\n", Check: hasDefinitions},
			{Name: "parens", Before: "int expr(void) { return ", Open: "(", Middle: "1", Close: ")", After: "; }\n", Check: hasDefinitions},
		},
	}
}
