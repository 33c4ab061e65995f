package ecma

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

// parseBad parses src as a file of each dialect within a deadline: a file
// must never crash the plugin nor stall it. It returns the facts by
// dialect name.
func parseBad(t *testing.T, name string, src []byte) map[string]*sdk.FileFacts {
	t.Helper()
	out := map[string]*sdk.FileFacts{}
	for _, d := range []Dialect{TypeScript, JavaScript} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		start := time.Now()
		got, err := New(d).Parse(ctx, []*sdk.SourceFile{{Path: name + d.Extensions[0], BlobId: "x", Content: src}})
		cancel()
		require.NoError(t, err, d.Name)
		require.Len(t, got, 1, d.Name)
		for _, diag := range got[0].GetDiagnostics() {
			require.NotEqual(t, sdk.SeverityError, diag.GetSeverity(), "%s: %s", d.Name, diag.GetSummary())
		}
		t.Logf("%s: %d bytes in %v", d.Name, len(src), time.Since(start))
		out[d.Name] = got[0]
	}
	return out
}

func TestSyntaxErrors(t *testing.T) {
	t.Parallel()
	src := "function ok() { helper(); }\nclass { (((\nexport const = ;\nfunction after() { other(); }\n"
	for name, f := range parseBad(t, "broken", []byte(src)) {
		require.NotEmpty(t, f.GetDiagnostics(), name)
		require.EqualValues(t, sdk.SeverityWarning, f.GetDiagnostics()[0].GetSeverity(), name)
		var callees []string
		for _, c := range f.GetCalls() {
			callees = append(callees, c.GetName())
		}
		require.Contains(t, callees, "helper", name) // the part before the error
	}
}

func TestInvalidUTF8(t *testing.T) {
	t.Parallel()
	src := []byte("/** Caf\xe9 \xff. */\nexport function caf\xe9() { g\xfe(); }\nexport function ok() {}\n")
	for name, f := range parseBad(t, "latin1", src) {
		for _, d := range f.GetDefinitions() {
			require.True(t, utf8Valid(d.GetQualifiedName()+d.GetDoc()+d.GetSignature()), name)
		}
		for _, c := range f.GetCalls() {
			require.True(t, utf8Valid(c.GetName()), name)
		}
		require.NotNil(t, byQN(f, "ok"), name)
	}
}

func TestMinifiedLine(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	for i := 0; b.Len() < 5<<20; i++ {
		fmt.Fprintf(&b, "function f%d(a){return a&&g%d(a.b||c)?new X%d(a):this.h(a)}var v%d=f%d(1);", i, i, i, i, i)
	}
	for name, f := range parseBad(t, "bundle.min", b.Bytes()) {
		require.EqualValues(t, 1, f.GetLines(), name)
		require.Empty(t, f.GetDefinitions(), name)
		require.Len(t, f.GetDiagnostics(), 1, name)
		require.Contains(t, f.GetDiagnostics()[0].GetSummary(), "minified", name)
	}
	// A small minified file is parsed.
	small := b.Bytes()[:bytes.LastIndexByte(b.Bytes()[:100<<10], ';')+1]
	for name, f := range parseBad(t, "small.min", small) {
		require.Greater(t, len(f.GetDefinitions()), 1000, name)
	}
}

func TestBinaryFile(t *testing.T) {
	t.Parallel()
	src := make([]byte, 64<<10)
	for i := range src {
		src[i] = byte(i*7919 + i>>3)
	}
	for name, f := range parseBad(t, "image", src) {
		require.NotEmpty(t, f.GetDiagnostics(), name)
		require.Empty(t, f.GetDefinitions(), name)
	}
	// Without a NUL byte, binary noise goes to the parser, which must cope.
	for i := range src {
		if src[i] == 0 {
			src[i] = 1
		}
	}
	for name, f := range parseBad(t, "noise", src) {
		require.NotEmpty(t, f.GetDiagnostics(), name)
	}
}

func TestGeneratedFile(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("export class Generated {\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, "  m%d(x) { return this.m%d(x) + %d; }\n", i, (i+1)%20000, i)
	}
	b.WriteString("}\n")
	for name, f := range parseBad(t, "generated", []byte(b.String())) {
		require.EqualValues(t, 20002, f.GetLines(), name)
		require.Len(t, f.GetDefinitions(), 20001, name)
		require.Len(t, f.GetCalls(), 20000, name)
		require.Equal(t, "Generated", f.GetCalls()[0].GetReceiver(), name)
	}
}

func TestDeepNesting(t *testing.T) {
	t.Parallel()
	const depth = 10000
	cases := map[string]string{
		"arrays":    "const a = " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + ";\n",
		"calls":     "f(" + strings.Repeat("g(", depth) + strings.Repeat(")", depth) + ");\n",
		"functions": strings.Repeat("function f() {", depth) + strings.Repeat("}", depth) + "\n",
		"arrows":    "const h = " + strings.Repeat("() => ", depth) + "1;\n",
		"members":   "a" + strings.Repeat(".b", depth) + "();\n",
		"unclosed":  "if (x) {" + strings.Repeat("{(", depth) + "\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			parseBad(t, "deep-"+name, []byte(src))
		})
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

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
