package longline

import (
	"context"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/ruby"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/treesitter"
)

func TestLongest(t *testing.T) {
	t.Parallel()
	require.Equal(t, 0, Longest(nil))
	require.Equal(t, 3, Longest([]byte("abc")))
	require.Equal(t, 4, Longest([]byte("ab\nabcd\n\nx")))
	require.Equal(t, 2, Longest([]byte("ab\n")))
}

func TestParseSetsAsideLongLines(t *testing.T) {
	t.Parallel()
	extracted := 0
	p := treesitter.Parser{
		Name:        "test",
		GrammarName: "Ruby",
		NewFacts: func(f *sdk.SourceFile) *sdk.FileFacts {
			return &sdk.FileFacts{Path: f.GetPath(), Language: "test"}
		},
		Extract: func([]byte, *sitter.Node, *sdk.FileFacts) { extracted++ },
	}
	long := "x = '" + strings.Repeat("a", Max) + "'\n"
	files := []*sdk.SourceFile{
		{Path: "a.rb", Content: []byte("a = 1\n")},
		{Path: "long.rb", Content: []byte("b = 2\n" + long + "c = 3\n")},
		{Path: "c.rb", Content: []byte("c = 3\n")},
	}
	out, err := Parse(context.Background(), &p, ruby.GetLanguage(), files)
	require.NoError(t, err)
	require.Len(t, out, 3)
	require.Equal(t, 2, extracted)
	for i, f := range files {
		require.Equal(t, f.GetPath(), out[i].GetPath())
		require.Equal(t, "test", out[i].GetLanguage())
	}
	require.Empty(t, out[0].GetDiagnostics())
	require.Equal(t, int32(3), out[1].GetLines(), "counted as a parsed file's lines are")
	require.Len(t, out[1].GetDiagnostics(), 1)
	require.Contains(t, out[1].GetDiagnostics()[0].GetSummary(), "longer than 512 KB")
	require.Empty(t, out[2].GetDiagnostics())
}
