package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Plugins that fail are reported once, by homer, in its words: go-plugin's
// own log lines about the process ("plugin process exited", "plugin failed
// to exit gracefully") and its advice on handshakes show only at -vv, and
// -q prints nothing but homer's error lines.
func TestFailingPluginsAreReportedOnceAndQuietly(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		ext    string
		plugin func(t *testing.T) string
		extra  string
		says   string
	}{
		"not a plugin": {ext: ".np", plugin: func(t *testing.T) string {
			return script(t, "homer-lang-np", "echo 'hello from a script'\necho 'a line on stderr' >&2\nexit 3\n")
		}, says: `it printed "hello from a script" on its standard output where the handshake was expected`},
		"crashes in parse": {ext: ".crash", plugin: func(t *testing.T) string { return testPluginWrapper(t, "crash") }, says: "crashlang"},
		"its child holds the pipes": {ext: ".stuck", plugin: func(t *testing.T) string {
			return script(t, "homer-lang-stuck", "sleep 30 &\nsleep 30\n")
		}, extra: "homer {\n  plugin_timeout = 1\n}\n", says: "timeout"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := smallRepo(t, map[string]string{"x" + c.ext: "anything\n"})
			bin := c.plugin(t)
			writeConfig(t, f.dir(), c.extra+fmt.Sprintf("plugin \"p\" {\n  path = %q\n}\n", bin))
			allowPlugins(t, bin)

			r := mustHomer(t, 10, "-q", "init", f.dir())
			require.Empty(t, r.stdout, "-q prints no report")
			require.Contains(t, r.stderr, c.says, r)
			onlyHomerLines(t, r)

			r = mustHomer(t, 10, "update", "--force", f.dir())
			require.Contains(t, r.stdout, "wrote AGENTS.md")
			require.Contains(t, r.stderr, c.says, r)
			onlyHomerLines(t, r)
		})
	}
}

// onlyHomerLines requires every line on stderr to be one of homer's own
// ("homer: ..."), not a log line of go-plugin's or its advice.
func onlyHomerLines(t *testing.T, r result) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimRight(r.stderr, "\n"), "\n") {
		require.True(t, strings.HasPrefix(line, "homer: "), "a line that is not homer's: %q\n%s", line, r)
	}
	require.NotContains(t, r.stderr, "This usually means", r)
}

// script writes an executable shell script with the given body.
func script(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755))
	return path
}
