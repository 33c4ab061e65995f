package ecma

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/sdk"
)

func TestBadInput(t *testing.T) {
	for _, d := range []Dialect{TypeScript, JavaScript} {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			langtest.BadInput(t, New(d), badInput(d))
		})
	}
}

func badInput(d Dialect) langtest.BadInputCases {
	return langtest.BadInputCases{
		Ext:       d.Extensions[0],
		Neighbour: "export function good() {}\n",
		SyntaxError: langtest.Snippet{
			Source: "function ok() { helper(); }\nclass { (((\nexport const = ;\nfunction after() { other(); }\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.EqualValues(t, sdk.SeverityWarning, f.GetDiagnostics()[0].GetSeverity())
				var callees []string
				for _, c := range f.GetCalls() {
					callees = append(callees, c.GetName())
				}
				require.Contains(t, callees, "helper") // the part before the error
			},
		},
		InvalidUTF8: langtest.Snippet{
			Source: "/** Caf\xe9 \xff. */\nexport function caf\xe9() { g\xfe(); }\nexport function ok() {}\n",
			Check:  func(t *testing.T, f *sdk.FileFacts) { require.NotNil(t, byQN(f, "ok")) },
		},
		// A bundle: reported, not parsed (its names are the minifier's).
		Minified: langtest.Repeated{
			Unit: minifiedUnit,
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Empty(t, f.GetDefinitions())
				require.Len(t, f.GetDiagnostics(), 1)
				require.Contains(t, f.GetDiagnostics()[0].GetSummary(), "minified")
			},
		},
		Generated: langtest.Repeated{
			Before: "export class Generated {\n",
			Unit:   "  m{{i}}(x) { return this.m{{i}}(x) + {{i}}; }\n",
			After:  "}\n",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Len(t, f.GetCalls(), len(f.GetDefinitions())-1)
				require.Equal(t, "Generated", f.GetCalls()[0].GetReceiver())
			},
		},
		Binary: func(t *testing.T, f *sdk.FileFacts) { require.Empty(t, f.GetDefinitions()) },
		Nesting: []langtest.Nest{
			{Name: "arrays", Before: "const a = ", Open: "[", Middle: "f()", Close: "]", After: ";\n"},
			{Name: "calls", Before: "f(", Open: "g(", Close: ")", After: ");\n"},
			{Name: "functions", Open: "function f() {", Close: "}", After: "\n"},
			{Name: "arrows", Before: "const h = ", Open: "() => ", Middle: "1;\n"},
			{Name: "members", Before: "a", Open: ".b", After: "();\n"},
			{Name: "unclosed", Before: "if (x) {", Open: "{(", After: "\n"},
		},
	}
}

// minifiedUnit is a piece of a bundle, repeated into one long line.
const minifiedUnit = "function f{{i}}(a){return a&&g{{i}}(a.b||c)?new X{{i}}(a):this.h(a)}var v{{i}}=f{{i}}(1);"

// A small minified file is parsed.
func TestSmallMinifiedFile(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := 0; b.Len() < 100<<10; i++ {
		b.WriteString(strings.ReplaceAll(minifiedUnit, "{{i}}", strconv.Itoa(i)))
	}
	for _, d := range []Dialect{TypeScript, JavaScript} {
		f := parse(t, d, "small.min"+d.Extensions[0], b.String())
		require.EqualValues(t, 1, f.GetLines(), d.Name)
		require.Greater(t, len(f.GetDefinitions()), 1000, d.Name)
	}
}

// Syntax newer than the bundled grammar is repaired in place, so the file
// keeps the facts after it; the file still gets its warning.
func TestNewerSyntaxRepaired(t *testing.T) {
	t.Parallel()
	const src = `export type * from './types';
export interface Factory extends Base {
    // nameless
    <T extends Function | undefined>(fn: T): T
    // named
    <T>(name: string, fn: T): T
}

export function make(): Factory {
    return build();
}
`
	f := parse(t, TypeScript, "src/f.ts", src)
	require.NotEmpty(t, f.GetDiagnostics())
	require.NotNil(t, byQN(f, "Factory"))
	mk := byQN(f, "make")
	require.NotNil(t, mk)
	require.Equal(t, "function make(): Factory", mk.GetSignature())
	require.EqualValues(t, 9, mk.GetSpan().GetStartLine())
	require.Equal(t, []imp{{"./types", "", []string{"*"}}}, importsOf(f))
	require.Equal(t, []call{{"build", "", "make", "", false, false}}, callsOf(f))

	require.Equal(t, "export      * from 'x';\ninterface I {\n  m(): T\n ;<T>(v: T): T\n}",
		string(repair([]byte("export type * from 'x';\ninterface I {\n  m(): T\n  <T>(v: T): T\n}"))))
}
