package doccomment

import (
	"context"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/csharp"
	"github.com/stretchr/testify/require"
)

const src = `// a plain comment
/// <summary>Far.</summary>

/// <summary>
/// Near.
/// </summary>
/** Block. */
class A {}
/// Right above.
// not a doc comment
class B {}
class C {}
`

func TestLines(t *testing.T) {
	t.Parallel()
	root, err := sitter.ParseCtx(context.Background(), []byte(src), csharp.GetLanguage())
	require.NoError(t, err)
	isComment := func(n *sitter.Node) bool { return n.Type() == "comment" }
	class := func(i int) *sitter.Node {
		var found []*sitter.Node
		for j := 0; j < int(root.NamedChildCount()); j++ {
			if c := root.NamedChild(j); c.Type() == "class_declaration" {
				found = append(found, c)
			}
		}
		return found[i]
	}
	require.Equal(t, []string{"/// <summary>", "/// Near.", "/// </summary>", "/** Block. */"},
		Lines([]byte(src), class(0), isComment, "///", "/**"))
	require.Nil(t, Lines([]byte(src), class(1), isComment, "///", "/**"), "a plain comment ends the doc")
	require.Nil(t, Lines([]byte(src), class(2), isComment, "///", "/**"))
}
