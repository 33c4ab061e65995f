package pipeline

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/sdk"
)

func langPlugin(name string, own, shared []string) *plugin.Plugin {
	return &plugin.Plugin{Name: name, Kind: sdk.KindLanguage, Info: &sdk.Info{Name: name, Extensions: own, SharedExtensions: shared}}
}

func owners(files []HeadFile, langs ...*plugin.Plugin) map[string]string {
	out := map[string]string{}
	for name, fs := range languageFiles(files, langs) {
		for _, f := range fs {
			out[f.Path] = name
		}
	}
	return out
}

// An extension two plugins share goes to the one whose own files dominate,
// the same way whatever their order; homer.hcl's claim overrides that.
func TestLanguageFilesSharedClaims(t *testing.T) {
	t.Parallel()
	small := langPlugin("small", []string{".s1"}, []string{".h"})
	big := langPlugin("big", []string{".b1", ".b2"}, []string{".h"})
	files := []HeadFile{{Path: "a.s1"}, {Path: "b.b1"}, {Path: "c.b2"}, {Path: "d.h"}, {Path: "e.txt"}}
	want := map[string]string{"a.s1": "small", "b.b1": "big", "c.b2": "big", "d.h": "big"}
	require.Equal(t, want, owners(files, small, big))
	require.Equal(t, want, owners(files, big, small))

	small.Claim = []string{".h"}
	want["d.h"] = "small"
	require.Equal(t, want, owners(files, big, small))

	// A plugin's own extension beats another's shared one.
	js := langPlugin("js", []string{".js"}, nil)
	ts := langPlugin("ts", []string{".ts"}, []string{".js"})
	require.Equal(t, map[string]string{"x.js": "js", "y.ts": "ts"}, owners([]HeadFile{{Path: "x.js"}, {Path: "y.ts"}}, ts, js))
}
