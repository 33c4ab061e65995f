package treesittertest

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// maxSeed leaves large fixture files out of the seed corpus: the fuzzer
// mutates small inputs far faster, and a large file teaches it nothing a
// small one does not.
const maxSeed = 64 << 10

// FuzzParse fuzzes lang's Parse, the function its gRPC Parse handler
// calls, with one file named name (whose extension picks the grammar) at a
// time. The seed corpus is every file under testdata whose name ends in
// one of lang's extensions, shared ones included. Beyond not panicking,
// the facts of any content must hold what the core relies on:
//
//   - a parse that ends, within parseLimit;
//   - one FileFacts for the file, with its path and its line count;
//   - no error diagnostic (a walker panic is contained as one);
//   - every definition's span, call and import within the file's lines
//     (an import may have none), and a definition's span not ending
//     before it starts;
//   - facts protobuf can marshal (every string valid UTF-8);
//   - the same facts when the same file is parsed again.
func FuzzParse(f *testing.F, lang sdk.Language, name string) {
	info := lang.Info()
	exts := append(slices.Clone(info.GetExtensions()), info.GetSharedExtensions()...)
	seeds := 0
	err := filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !slices.Contains(exts, filepath.Ext(p)) {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if len(src) <= maxSeed {
			f.Add(src)
			seeds++
		}
		return nil
	})
	require.NoError(f, err)
	require.Positive(f, seeds, "no seed under testdata for %s", strings.Join(exts, " "))

	f.Fuzz(func(t *testing.T, src []byte) {
		facts := parseOne(t, lang, name, src)
		CheckFacts(t, src, facts)
		again := parseOne(t, lang, name, src)
		if !proto.Equal(facts, again) {
			t.Fatalf("the same file gave different facts on a second parse:\nfirst:  %v\nsecond: %v", facts, again)
		}
	})
}

// parseLimit bounds one parse of a fuzzed file, far above what any input
// the fuzzer makes needs. Grammars have looped forever on odd bytes; the
// parse stops at the context's end, which turns a hang into a failure that
// names its input rather than a fuzzing process that stops answering.
const parseLimit = 30 * time.Second

func parseOne(t *testing.T, lang sdk.Language, name string, src []byte) *sdk.FileFacts {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), parseLimit)
	defer cancel()
	out, err := lang.Parse(ctx, []*sdk.SourceFile{{Path: name, BlobId: "fuzz", Content: src}})
	require.NoError(t, err, "the parse failed or did not end within %s", parseLimit)
	require.Len(t, out, 1)
	return out[0]
}

// CheckFacts asserts what holds of the facts of any file, whatever its
// content: see FuzzParse.
func CheckFacts(t *testing.T, src []byte, facts *sdk.FileFacts) {
	t.Helper()
	lines := treesitter.CountLines(src)
	require.Equal(t, lines, facts.GetLines(), "line count")
	for _, d := range facts.GetDiagnostics() {
		require.NotEqual(t, sdk.SeverityError, d.GetSeverity(), "an error diagnostic (a contained panic?): %s", d.GetSummary())
		require.True(t, d.GetLine() >= 0 && d.GetLine() <= lines, "diagnostic %q at line %d of %d", d.GetSummary(), d.GetLine(), lines)
	}
	for _, d := range facts.GetDefinitions() {
		s := d.GetSpan()
		require.NotNil(t, s, "definition %s has no span", d.GetQualifiedName())
		require.True(t, 1 <= s.GetStartLine() && s.GetStartLine() <= s.GetEndLine() && s.GetEndLine() <= lines,
			"definition %s spans lines %d-%d of %d", d.GetQualifiedName(), s.GetStartLine(), s.GetEndLine(), lines)
	}
	for _, c := range facts.GetCalls() {
		require.True(t, 1 <= c.GetLine() && c.GetLine() <= lines, "call %s at line %d of %d", c.GetName(), c.GetLine(), lines)
	}
	for _, i := range facts.GetImports() {
		// Line 0 is an import the plugin adds for a name written in full
		// (PHP's \App\Models\User): it has no line of its own.
		require.True(t, 0 <= i.GetLine() && i.GetLine() <= lines, "import %q at line %d of %d", i.GetSpec(), i.GetLine(), lines)
	}
	_, err := proto.Marshal(facts)
	require.NoError(t, err, "the facts do not marshal (a string that is not UTF-8?)")
}
