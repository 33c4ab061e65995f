package cfamily

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

// parseWithin parses one file with each dialect and fails when that takes
// longer than limit: bad input must neither crash nor stall a run.
func parseWithin(t *testing.T, name string, src []byte, limit time.Duration) map[Dialect]*sdk.FileFacts {
	t.Helper()
	out := map[Dialect]*sdk.FileFacts{}
	for _, d := range []Dialect{C, CPP} {
		l := New(d, &sdk.Info{Name: "test"})
		done := make(chan []*sdk.FileFacts, 1)
		errs := make(chan error, 1)
		start := time.Now()
		go func() {
			facts, err := l.Parse(context.Background(), []*sdk.SourceFile{{Path: name, Content: src}})
			errs <- err
			done <- facts
		}()
		select {
		case err := <-errs:
			require.NoError(t, err)
			facts := <-done
			require.Len(t, facts, 1)
			out[d] = facts[0]
			t.Logf("dialect %d: %d bytes in %v, %d definitions, %d calls", d, len(src), time.Since(start), len(facts[0].GetDefinitions()), len(facts[0].GetCalls()))
		case <-time.After(limit):
			t.Fatalf("dialect %d: parsing %s took more than %v", d, name, limit)
		}
	}
	return out
}

func TestBadInputSyntaxErrors(t *testing.T) {
	src := []byte("int ok(void) { return 1; }\nint broken( { if (;; }\nstruct { int x\nint after(void) { return ok(); }\n")
	for d, f := range parseWithin(t, "broken.c", src, 10*time.Second) {
		var names []string
		for _, def := range f.GetDefinitions() {
			names = append(names, def.GetName())
		}
		require.Contains(t, names, "ok", "dialect %d", d)
		require.NotEmpty(t, f.GetDiagnostics(), "dialect %d: a syntax error is reported", d)
	}
}

func TestBadInputInvalidUTF8(t *testing.T) {
	src := []byte("/** caf\xe9 \xff\xfe */\nint caf\xe9(void) { return g\xff(); }\nint fine(void) { return 0; }\n")
	for d, f := range parseWithin(t, "latin1.c", src, 10*time.Second) {
		for _, def := range f.GetDefinitions() {
			require.True(t, isValidUTF8(def.GetName()+def.GetDoc()+def.GetSignature()), "dialect %d: %q", d, def.GetName())
		}
		for _, c := range f.GetCalls() {
			require.True(t, isValidUTF8(c.GetName()+c.GetCaller()), "dialect %d", d)
		}
	}
}

func TestBadInputMinifiedLine(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 5<<20; i++ {
		fmt.Fprintf(&b, "static int f%d(int a){if(a>%d&&a<%d)return g(a)+f%d(a-1);return a;}", i, i, i+7, i)
	}
	for d, f := range parseWithin(t, "min.c", []byte(b.String()), 30*time.Second) {
		require.NotEmpty(t, f.GetDefinitions(), "dialect %d", d)
		require.Equal(t, int32(1), f.GetLines())
		require.Empty(t, f.GetCalls(), "dialect %d: a file this large is read for its definitions only", d)
		require.Contains(t, f.GetDiagnostics()[0].GetSummary(), "larger than")
	}
}

func TestBadInputBinary(t *testing.T) {
	src := make([]byte, 256<<10)
	x := uint32(2463534242)
	for i := range src {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		src[i] = byte(x)
	}
	parseWithin(t, "blob.c", src, 60*time.Second)
}

func TestBadInputGenerated(t *testing.T) {
	var b strings.Builder
	b.WriteString("#include \"gen.h\"\n")
	for i := 0; i < 20000/4; i++ {
		fmt.Fprintf(&b, "int gen_%d(int x) {\n  return helper(x, %d);\n}\n\n", i, i)
	}
	for d, f := range parseWithin(t, "gen.c", []byte(b.String()), 60*time.Second) {
		require.Len(t, f.GetDefinitions(), 5000, "dialect %d", d)
		require.Len(t, f.GetCalls(), 5000, "dialect %d", d)
	}
}

func TestBadInputDeepNesting(t *testing.T) {
	const depth = 10000
	src := "int deep(int x) {\n" + strings.Repeat("if (x) {\n", depth) + "f(x);\n" + strings.Repeat("}\n", depth) + "return 0;\n}\n" +
		"int expr(void) { return " + strings.Repeat("(", depth) + "1" + strings.Repeat(")", depth) + "; }\n"
	for d, f := range parseWithin(t, "deep.c", []byte(src), 60*time.Second) {
		require.NotEmpty(t, f.GetDefinitions(), "dialect %d", d)
	}
}

func isValidUTF8(s string) bool { return strings.ToValidUTF8(s, "?") == s }
