package host

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a buffer go-plugin's goroutines may log into while the
// test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// notAPlugin writes a script that logs a warning of its own on stderr
// (a JSON record, as a plugin's hclog writes them), prints a line on
// stdout where the handshake belongs, and exits.
func notAPlugin(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "not-a-plugin")
	script := "#!/bin/sh\n" +
		`echo '{"@level":"warn","@message":"a warning of its own"}' >&2` + "\n" +
		"echo 'hello'\nexit 3\n"
	require.NoError(t, os.WriteFile(path, []byte(script), 0o755))
	// A process another test forks while the file is open for writing
	// holds it open until it execs: running it then fails with "text file
	// busy". Wait until it runs.
	for range 100 {
		if err := exec.Command(path).Run(); !errors.Is(err, syscall.ETXTBSY) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	return path
}

func TestLaunchReportsAFailedHandshakeOnce(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		level hclog.Level
		shown []string
		not   []string
	}{
		// At the user's default level, go-plugin's words about the process
		// stay out of the log: the error says it all. The plugin's own
		// warning is its to give, and shows.
		"warnings": {level: hclog.Warn, shown: []string{"a warning of its own"}, not: []string{"plugin process exited", "failed to exit gracefully", "[ERROR]"}},
		// -q: errors only.
		"errors only": {level: hclog.Error, not: []string{"a warning of its own", "plugin process exited", "failed to exit gracefully"}},
		// -vv shows everything, go-plugin's lifecycle included.
		"debug": {level: hclog.Debug, shown: []string{"a warning of its own", "plugin process exited"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var log syncBuffer
			logger := hclog.New(&hclog.LoggerOptions{Name: "test", Output: &log, Level: c.level, IndependentLevels: true})
			_, err := Launch(t.Context(), Options{Name: "np", Cmd: exec.Command(notAPlugin(t)), Logger: logger.Named("np")})
			require.Error(t, err)
			require.Equal(t, `plugin np: handshake: it printed "hello" on its standard output where the handshake was expected`, err.Error())
			for _, s := range c.shown {
				require.Contains(t, log.String(), s)
			}
			for _, s := range c.not {
				require.NotContains(t, log.String(), s)
			}
		})
	}
}

func TestShortHandshakeError(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct{ in, want string }{
		"printed nothing": {"Unrecognized remote plugin message: \nFailed to read any lines from plugin's stdout\nThis usually means\n  the plugin was not compiled for this architecture,",
			"it closed its standard output without printing the handshake"},
		"printed a line": {"Unrecognized remote plugin message: usage: tool [flags]\nThis usually means",
			`it printed "usage: tool [flags]" on its standard output where the handshake was expected`},
		"another error": {"timeout while waiting for plugin to start", "timeout while waiting for plugin to start"},
	} {
		t.Run(name, func(t *testing.T) {
			require.Equal(t, c.want, shortHandshakeError(errString(c.in)).Error())
		})
	}
}

type errString string

func (e errString) Error() string { return string(e) }
