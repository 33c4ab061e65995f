package csharp

import (
	"context"
	"math/rand"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
)

// parseBad parses one hostile file within a deadline: it must neither
// crash, nor stall, nor fail the batch, and its facts must marshal.
func parseBad(t *testing.T, src []byte) *sdk.FileFacts {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	facts, err := New().Parse(ctx, []*sdk.SourceFile{{Path: "bad.cs", BlobId: "b", Content: src}})
	require.NoError(t, err, "the parse must finish before the deadline")
	require.Len(t, facts, 1)
	for _, d := range facts[0].GetDiagnostics() {
		require.NotEqual(t, sdk.SeverityError, d.GetSeverity(), d.GetSummary())
	}
	_, err = proto.Marshal(facts[0])
	require.NoError(t, err)
	return facts[0]
}

func TestSyntaxErrors(t *testing.T) {
	t.Parallel()
	f := parseBad(t, []byte("namespace A {\nclass C {\n  void M() { Foo(; int = ; }\n  void N() { Bar(); }\n}\n"))
	require.NotEmpty(t, f.GetDiagnostics(), "a warning names the region not understood")
	require.NotEmpty(t, f.GetDefinitions(), "what parses is still reported")
}

func TestInvalidUTF8(t *testing.T) {
	t.Parallel()
	f := parseBad(t, []byte("class Caf\xe9 { /// d\xffoc\n void M\xfe() { Fo\xfdo(); x\xff.Go(); } }"))
	for _, d := range f.GetDefinitions() {
		require.True(t, utf8.ValidString(d.GetQualifiedName()+d.GetDoc()+d.GetSignature()))
	}
	for _, c := range f.GetCalls() {
		require.True(t, utf8.ValidString(c.GetName()+c.GetQualifier()+c.GetReceiver()+c.GetCaller()))
	}
}

func TestMinifiedFile(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("class C{void M(){")
	for b.Len() < 5<<20 {
		b.WriteString("a.B(c.D(1),\"x\");")
	}
	b.WriteString("}}")
	f := parseBad(t, []byte(b.String()))
	require.Greater(t, len(f.GetCalls()), 100000)
	require.EqualValues(t, 1, f.GetLines())
}

func TestBinaryFile(t *testing.T) {
	t.Parallel()
	data := make([]byte, 256<<10)
	rand.New(rand.NewSource(1)).Read(data)
	parseBad(t, data)
}

func TestGeneratedFile(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("namespace Gen {\npublic partial class Table {\n")
	for i := 0; i < 5000; i++ {
		b.WriteString("    public int F" + itoa(i) + "() {\n        return G" + itoa(i) + "(" + itoa(i) + ");\n    }\n\n")
	}
	b.WriteString("}\n}\n")
	f := parseBad(t, []byte(b.String()))
	require.GreaterOrEqual(t, f.GetLines(), int32(20000))
	require.Len(t, f.GetDefinitions(), 5001)
	require.Len(t, f.GetCalls(), 5000)
}

func TestDeepNesting(t *testing.T) {
	t.Parallel()
	const depth = 10000
	src := "class C { void M() { " + strings.Repeat("{ ", depth) + strings.Repeat("} ", depth) +
		"var x = " + strings.Repeat("(", depth) + "a.B()" + strings.Repeat(")", depth) + "; } }"
	parseBad(t, []byte(src))
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var d []byte
	for ; i > 0; i /= 10 {
		d = append([]byte{byte('0' + i%10)}, d...)
	}
	return string(d)
}
