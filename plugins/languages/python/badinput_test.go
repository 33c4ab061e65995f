package python

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

// parseAlone parses one file in process and fails when it takes longer than
// a run could afford for a single file.
func parseAlone(t *testing.T, path string, src []byte) *sdk.FileFacts {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	facts, err := New().Parse(ctx, []*sdk.SourceFile{{Path: path, BlobId: "b", Content: src}})
	require.NoError(t, err, "parse of %s stopped after %s", path, time.Since(start))
	t.Logf("%s: %s", path, time.Since(start))
	require.Len(t, facts, 1)
	return facts[0]
}

func TestBadInputSyntaxErrors(t *testing.T) {
	t.Parallel()
	f := parseAlone(t, "broken.py", []byte("class A(:\n    def f(self\n        return self.g(\n\ndef ok():\n    helper()\n"))
	require.NotEmpty(t, f.GetDiagnostics())
	var names []string
	for _, c := range f.GetCalls() {
		names = append(names, c.GetName())
	}
	require.Contains(t, names, "helper", "what parses is kept")
}

func TestBadInputInvalidUTF8(t *testing.T) {
	t.Parallel()
	src := []byte("class Caf\xe9(Base\xff):\n    x: T\xfe = Foo\xe9()\n    def m(self, a: B\xe9):\n        self.y = Z\xe9()\n        a.call\xe9()\n")
	f := parseAlone(t, "latin1.py", src)
	for _, d := range f.GetDefinitions() {
		require.True(t, utf8Valid(d.GetQualifiedName(), d.GetType(), strings.Join(d.GetBases(), ",")), d.GetQualifiedName())
		for _, fl := range d.GetFields() {
			require.True(t, utf8Valid(fl.GetName(), fl.GetType()), fl.GetName())
		}
	}
	for _, c := range f.GetCalls() {
		require.True(t, utf8Valid(c.GetName(), c.GetQualifier(), c.GetReceiver()), c.GetName())
	}
	for _, r := range f.GetReferences() {
		require.True(t, utf8Valid(r), r)
	}
}

func TestBadInputMinifiedLine(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for b.Len() < 5<<20 {
		fmt.Fprintf(&b, "x%d = f(a.b(c), [1, 2, {'k': g()}]); ", b.Len())
	}
	f := parseAlone(t, "min.py", []byte(b.String()))
	require.EqualValues(t, 1, f.GetLines())
	require.NotEmpty(t, f.GetCalls())
}

func TestBadInputBinary(t *testing.T) {
	t.Parallel()
	src := make([]byte, 64<<10)
	for i := range src {
		src[i] = byte(i*7 + i/13)
	}
	f := parseAlone(t, "blob.py", src)
	require.Equal(t, "blob.py", f.GetPath())
}

func TestBadInputGenerated(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("class Table(Base):\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, "    def m%d(self, x: Row) -> Row:\n        return self.m%d(x.next())\n", i, i+1)
	}
	f := parseAlone(t, "gen.py", []byte(b.String()))
	require.Len(t, f.GetDefinitions(), 20001)
	require.Len(t, f.GetCalls(), 40000)
}

func TestBadInputDeepNesting(t *testing.T) {
	t.Parallel()
	const depth = 10000
	for name, src := range map[string]string{
		"parentheses": "x = " + strings.Repeat("(", depth) + "f()" + strings.Repeat(")", depth) + "\n",
		"calls":       "x = " + strings.Repeat("f(", depth) + "1" + strings.Repeat(")", depth) + "\n",
		"attributes":  "x = a" + strings.Repeat(".b()", depth) + "\n",
		"lists":       "x = " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n",
		"blocks":      nestedBlocks(depth),
	} {
		f := parseAlone(t, name+".py", []byte(src))
		require.Equal(t, name+".py", f.GetPath())
	}
}

// nestedBlocks is depth levels of if statements inside functions.
func nestedBlocks(depth int) string {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		indent := strings.Repeat(" ", i)
		if i%2 == 0 {
			fmt.Fprintf(&b, "%sdef f%d(a: T):\n", indent, i)
		} else {
			fmt.Fprintf(&b, "%sif a.g():\n", indent)
		}
	}
	fmt.Fprintf(&b, "%spass\n", strings.Repeat(" ", depth))
	return b.String()
}

func utf8Valid(ss ...string) bool {
	for _, s := range ss {
		if strings.ToValidUTF8(s, "") != s {
			return false
		}
	}
	return true
}
