// Package sdktest checks a Homer plugin through the real protocol shims: the
// plugin is served over gRPC inside the test process and reached through the
// same client the core uses, so what passes here passes in Homer.
package sdktest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/host"
)

// Start serves p in-process and returns the core's client for it. The plugin
// is stopped when the test ends.
func Start(t testing.TB, p sdk.Plugin) *host.Client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach, closed, err := sdk.ServeInProcess(ctx, p)
	if err != nil {
		cancel()
		t.Fatalf("serve %T: %v", p, err)
	}
	c, err := host.Launch(ctx, host.Options{Name: fmt.Sprintf("%T", p), Reattach: reattach})
	if err != nil {
		cancel()
		t.Fatalf("attach to %T: %v", p, err)
	}
	t.Cleanup(func() {
		c.Kill()
		cancel()
		<-closed
	})
	return c
}

// Configure sends values to the plugin and fails the test on any error
// diagnostic.
func Configure(t testing.TB, c *host.Client, values map[string]*sdk.Value) {
	t.Helper()
	diags, err := c.Configure(context.Background(), sdk.Config{RepoRoot: t.TempDir(), Values: values})
	require.NoError(t, err)
	for _, d := range diags {
		require.NotEqual(t, sdk.SeverityError, d.GetSeverity(), "configure: %s", d.GetSummary())
	}
}

// Language starts a language plugin, configures it with its defaults and
// checks that it describes itself sensibly.
func Language(t testing.TB, p sdk.Language) sdk.Language {
	t.Helper()
	c := Start(t, p)
	info := c.Info()
	require.Equal(t, sdk.KindLanguage, info.GetKind())
	require.NotEmpty(t, info.GetName(), "a plugin needs a name")
	require.NotEmpty(t, info.GetVersion(), "a plugin needs a version")
	require.True(t, len(info.GetExtensions())+len(info.GetFilenames()) > 0, "a language plugin must claim some files")
	Configure(t, c, nil)
	return c.Language()
}

// Source starts a source plugin.
func Source(t testing.TB, p sdk.Source) sdk.Source {
	t.Helper()
	c := Start(t, p)
	require.Equal(t, sdk.KindSource, c.Info().GetKind())
	return c.Source()
}

// SourceWith starts a source plugin and configures it with values, failing
// the test on any error diagnostic.
func SourceWith(t testing.TB, p sdk.Source, values map[string]*sdk.Value) sdk.Source {
	t.Helper()
	c := Start(t, p)
	require.Equal(t, sdk.KindSource, c.Info().GetKind())
	Configure(t, c, values)
	return c.Source()
}

// Renderer starts a renderer plugin.
func Renderer(t testing.TB, p sdk.Renderer) sdk.Renderer {
	t.Helper()
	c := Start(t, p)
	require.Equal(t, sdk.KindRenderer, c.Info().GetKind())
	return c.Renderer()
}

// ParseOne parses one file through the shims and checks the facts are
// well formed: the path and blob id come back, spans lie inside the file,
// and every call's caller is a definition of the file (or empty).
func ParseOne(t testing.TB, lang sdk.Language, path, content string) *sdk.FileFacts {
	t.Helper()
	blob := fmt.Sprintf("blob-%d", len(content))
	facts, err := lang.Parse(context.Background(), []*sdk.SourceFile{{Path: path, BlobId: blob, Content: []byte(content)}})
	require.NoError(t, err)
	require.Len(t, facts, 1)
	f := facts[0]
	require.Equal(t, path, f.GetPath())
	require.Equal(t, blob, f.GetBlobId())
	lines := int32(strings.Count(content, "\n") + 1)
	defs := map[string]bool{}
	for _, d := range f.GetDefinitions() {
		require.NotEmpty(t, d.GetName(), "definition without a name")
		require.NotEmpty(t, d.GetQualifiedName(), "definition %s without a qualified name", d.GetName())
		require.NotEmpty(t, d.GetKind(), "definition %s without a kind", d.GetName())
		sp := d.GetSpan()
		require.True(t, sp.GetStartLine() >= 1 && sp.GetStartLine() <= sp.GetEndLine() && sp.GetEndLine() <= lines,
			"definition %s has span %d-%d outside the file's %d lines", d.GetQualifiedName(), sp.GetStartLine(), sp.GetEndLine(), lines)
		defs[d.GetQualifiedName()] = true
	}
	for _, c := range f.GetCalls() {
		require.NotEmpty(t, c.GetName(), "call without a name at line %d", c.GetLine())
		if c.GetCaller() != "" {
			require.True(t, defs[c.GetCaller()], "call to %s at line %d names caller %q, which the file does not define", c.GetName(), c.GetLine(), c.GetCaller())
		}
	}
	return f
}
