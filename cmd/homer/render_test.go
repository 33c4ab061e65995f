package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// homer render's flags, on a repository analysed once.
func TestRenderFlags(t *testing.T) {
	t.Parallel()
	f := smallRepo(t, nil)
	dir := f.dir()
	mustHomer(t, 0, "init", dir)
	agents := filepath.Join(dir, "AGENTS.md")
	risk := filepath.Join(dir, "homer-risk.json")
	require.NoError(t, os.Remove(agents))
	require.NoError(t, os.Remove(risk))

	// --dry-run writes nothing but says what it would write.
	r := mustHomer(t, 0, "render", "--dry-run", dir)
	require.Contains(t, r.stdout, "dry run: nothing was written")
	require.NoFileExists(t, agents)
	require.NoFileExists(t, risk)

	// --format picks renderers; --exclude leaves some out.
	mustHomer(t, 0, "render", "--format", "risk-map", dir)
	require.FileExists(t, risk)
	require.NoFileExists(t, agents)
	require.NoError(t, os.Remove(risk))
	mustHomer(t, 0, "render", "--exclude", "risk-map", dir)
	require.FileExists(t, agents)
	require.NoFileExists(t, risk)

	// --output-dir writes elsewhere and leaves the repository alone.
	out := t.TempDir()
	mustHomer(t, 0, "render", "--output-dir", out, dir)
	require.FileExists(t, filepath.Join(out, "AGENTS.md"))
	require.FileExists(t, filepath.Join(out, "homer-risk.json"))
	require.NoFileExists(t, risk)
	// A directory that does not exist yet is made.
	deeper := filepath.Join(t.TempDir(), "not", "yet")
	mustHomer(t, 0, "render", "--output-dir", deeper, dir)
	require.FileExists(t, filepath.Join(deeper, "AGENTS.md"))

	// An unknown renderer is a configuration error.
	r = mustHomer(t, 2, "render", "--format", "nope", dir)
	require.Contains(t, r.stderr, `no renderer "nope"`)

	// --merge puts Homer's text inside a human-written file, between
	// markers, keeping the human's words; a second merge replaces the section.
	human := "# Team rules\n\nNever push on Fridays.\n"
	require.NoError(t, os.WriteFile(agents, []byte(human), 0o644))
	mustHomer(t, 0, "render", "--merge", "--format", "agents-md", dir)
	merged := readFile(t, agents)
	require.True(t, strings.HasPrefix(merged, human), "the human's text comes first, untouched")
	require.Equal(t, 1, strings.Count(merged, "<!-- homer:begin -->"))
	mustHomer(t, 0, "render", "--merge", "--format", "agents-md", dir)
	require.Equal(t, merged, readFile(t, agents), "merging twice changes nothing")
}
