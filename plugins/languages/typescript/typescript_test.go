package typescript

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// TestThroughTheProtocol serves the plugin over gRPC as Homer runs it.
func TestThroughTheProtocol(t *testing.T) {
	t.Parallel()
	lang := sdktest.Language(t, New())
	f := sdktest.ParseOne(t, lang, "src/a.ts", "import { b } from './b';\nexport function a() { return b(); }\n")
	require.Equal(t, "typescript", f.GetLanguage())
	require.Equal(t, "ecmascript", f.GetLinkGroup())
	require.Equal(t, "a", f.GetDefinitions()[0].GetQualifiedName())
	require.Equal(t, "b", f.GetCalls()[0].GetName())
	resp, err := lang.ResolveImports(context.Background(), &sdk.ResolveRequest{
		Files:   []string{"src/a.ts", "src/b.ts"},
		Imports: []*sdk.ImportSite{{FromPath: "src/a.ts", Import: f.GetImports()[0]}},
	})
	require.NoError(t, err)
	require.Equal(t, []string{"src/b.ts"}, resp.GetImports()[0].GetToPaths())
}

func TestInfo(t *testing.T) {
	t.Parallel()
	info := New().Info()
	require.Equal(t, "typescript", info.GetName())
	require.Equal(t, []string{".ts", ".mts", ".cts", ".tsx"}, info.GetExtensions())
	require.Empty(t, info.GetSharedExtensions())
}
