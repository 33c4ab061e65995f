package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/plugin"
)

// markedPlugin writes a working language plugin (marklang, for .mark
// files) at path, as a script that first adds a line to marker: the
// marker's lines count the plugin's starts.
func markedPlugin(t *testing.T, path, marker, comment string) {
	t.Helper()
	writeTestPluginScript(t, path, "mark", fmt.Sprintf("# %s\necho started >> '%s'\n", comment, marker))
}

// starts counts the starts a marker recorded.
func starts(t *testing.T, marker string) int {
	t.Helper()
	data, err := os.ReadFile(marker)
	if os.IsNotExist(err) {
		return 0
	}
	require.NoError(t, err)
	return strings.Count(string(data), "started\n")
}

// listed returns plugin list --json's row for the binary at path.
func listed(t *testing.T, dir, path string) pluginRow {
	t.Helper()
	r := mustHomer(t, 0, "plugin", "list", "--json", dir)
	var rows []pluginRow
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rows))
	for _, row := range rows {
		if row.Path == path {
			return row
		}
	}
	t.Fatalf("plugin list has no row for %s:\n%s", path, r.stdout)
	return pluginRow{}
}

// A plugin a cloned repository brings in .homer/plugins/ runs on no
// command until the user allows it, and again on none once it changed
// until the user allows the new content.
func TestRepositoryPluginRunsOnlyOnceAllowed(t *testing.T) {
	t.Parallel()
	f := smallRepo(t, map[string]string{"notes.mark": "anything\n"})
	dir := f.dir()
	marker := filepath.Join(t.TempDir(), "marker")
	bin := filepath.Join(dir, ".homer", "plugins", "homer-lang-mark")
	markedPlugin(t, bin, marker, "first")
	advice := "run `homer plugin allow " + bin + "` after reading it"

	// Not allowed: every command goes on without it and says what to do.
	for _, args := range [][]string{{"init"}, {"update"}, {"update", "--force"}, {"render"}} {
		r := mustHomer(t, 10, append(args, dir)...)
		require.Contains(t, r.stderr, "inside the repository and not allowed: "+advice, "homer %v", args)
		require.Zero(t, starts(t, marker), "homer %v started a plugin nobody allowed", args)
	}
	require.FileExists(t, filepath.Join(dir, "AGENTS.md"), "the run went on without the plugin")
	r := mustHomer(t, 0, "plugin", "list", dir)
	require.Regexp(t, `(?m)^\S*homer-lang-mark\s+\?\s+\?\s+\?\s+no\s+\.homer/plugins`, r.stdout)
	require.Contains(t, r.stderr, advice)
	row := listed(t, dir, bin)
	sum, err := plugin.FileSHA256(bin)
	require.NoError(t, err)
	require.Equal(t, pluginRow{Name: bin, Origin: plugin.OriginRepo, Path: bin, NeedsAllow: true, SHA256: sum}, row,
		"listed from its path alone")
	require.Zero(t, starts(t, marker), "plugin list started a plugin nobody allowed")

	// Allowed: it runs, and the allowance is recorded outside the
	// repository with the binary's hash.
	r = mustHomer(t, 0, "plugin", "allow", "--repo", dir)
	require.Contains(t, r.stdout, "allowed "+bin+" (sha256 "+sum+")")
	allowed, err := os.ReadFile(plugin.AllowlistPath(e2eHome))
	require.NoError(t, err)
	require.Contains(t, string(allowed), sum+"  "+bin+"\n")
	mustHomer(t, 0, "update", dir)
	require.Positive(t, starts(t, marker), "the allowed plugin parsed the .mark file")
	row = listed(t, dir, bin)
	require.Equal(t, "marklang", row.Name)
	require.True(t, row.NeedsAllow && row.Allowed)
	r = mustHomer(t, 0, "plugin", "allow", "--repo", dir)
	require.Contains(t, r.stdout, "nothing to allow")

	// Changed (as a pull would change it): refused again.
	markedPlugin(t, bin, marker, "second")
	before := starts(t, marker)
	for _, args := range [][]string{{"update", "--force"}, {"render"}} {
		r := mustHomer(t, 10, append(args, dir)...)
		require.Contains(t, r.stderr, "changed since it was allowed: "+advice, "homer %v", args)
	}
	row = listed(t, dir, bin)
	require.False(t, row.Allowed)
	require.Equal(t, before, starts(t, marker), "a changed plugin ran before it was allowed again")

	// Allowed anew, by its path.
	allowPlugins(t, bin)
	mustHomer(t, 0, "update", "--force", dir)
	require.Greater(t, starts(t, marker), before)

	// Revoked: refused again.
	r = mustHomer(t, 0, "plugin", "revoke", bin)
	require.Contains(t, r.stdout, "revoked "+bin)
	before = starts(t, marker)
	r = mustHomer(t, 10, "update", "--force", dir)
	require.Contains(t, r.stderr, "not allowed: "+advice)
	require.Equal(t, before, starts(t, marker))
}

// A plugin the repository's own homer.hcl names is the repository's
// choice, inside the repository or out of it; the user's --config is the
// user's.
func TestRepositoryConfigNamesPluginsOnlyOnceAllowed(t *testing.T) {
	t.Parallel()
	marker := filepath.Join(t.TempDir(), "marker")
	outside := filepath.Join(t.TempDir(), "homer-lang-mark")
	markedPlugin(t, outside, marker, "outside")
	hcl := fmt.Sprintf("language \"marklang\" {\n  plugin = %q\n}\n", outside)

	f := smallRepo(t, map[string]string{"notes.mark": "anything\n"})
	writeConfig(t, f.dir(), hcl)
	r := mustHomer(t, 10, "init", f.dir())
	require.Contains(t, r.stderr, "named by the repository's homer.hcl and not allowed")
	require.Zero(t, starts(t, marker))

	g := smallRepo(t, map[string]string{"notes.mark": "anything\n"})
	mine := filepath.Join(t.TempDir(), "mine.hcl")
	require.NoError(t, os.WriteFile(mine, []byte(hcl), 0o644))
	mustHomer(t, 0, "--config", mine, "init", g.dir())
	require.Positive(t, starts(t, marker), "the user's own configuration needs no allowance")
}

// Allowing names what it cannot allow, and outside a repository there is
// nothing to allow by default.
func TestPluginAllowFailures(t *testing.T) {
	t.Parallel()
	r := mustHomer(t, 1, "plugin", "allow", filepath.Join(t.TempDir(), "missing"))
	require.Contains(t, r.stderr, "cannot allow")
	mustHomer(t, 3, "plugin", "allow", "--repo", t.TempDir())
}
