package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A store that cannot be written is reported as such, by its path, with
// the database's exit code; SQLite's "no such file or directory" never
// reaches the user.
func TestStoreThatCannotBeWritten(t *testing.T) {
	t.Parallel()

	t.Run("a file where .homer should be", func(t *testing.T) {
		t.Parallel()
		f := smallRepo(t, nil)
		homerDir := filepath.Join(f.dir(), ".homer")
		require.NoError(t, os.WriteFile(homerDir, []byte("in the way\n"), 0o644))
		r := mustHomer(t, 4, "init", f.dir())
		require.Contains(t, r.stderr, "the store cannot be written: "+homerDir+": not a directory", r)
	})

	t.Run("a read-only .homer", func(t *testing.T) {
		t.Parallel()
		f := smallRepo(t, nil)
		mustHomer(t, 0, "init", f.dir())
		homerDir := filepath.Join(f.dir(), ".homer")
		// Even to read a database in WAL mode SQLite creates an index
		// beside it, unless a connection still open has left one: status
		// is tried while none is, before dumpStore opens one.
		r := homerReadOnly(t, homerDir, "status", f.dir())
		require.Equal(t, 4, r.code, "homer status on a read-only store\n%s", r)
		require.Contains(t, r.stderr, "the store cannot be written: "+homerDir+": ", r)
		before := dumpStore(t, f.dir())
		for _, args := range [][]string{{"update", "--force"}, {"init"}, {"render"}} {
			r := homerReadOnly(t, homerDir, append(args, f.dir())...)
			require.Equal(t, 4, r.code, "homer %v on a read-only store\n%s", args, r)
			require.Contains(t, r.stderr, "the store cannot be written: "+homerDir+": ", r)
			require.NotContains(t, r.stderr, "no such file", r)
		}
		require.Equal(t, before, dumpStore(t, f.dir()))
		mustHomer(t, 0, "update", f.dir())
	})

	t.Run("a read-only database file", func(t *testing.T) {
		t.Parallel()
		if os.Geteuid() == 0 {
			t.Skip("a file's mode does not stop root, and a bind mount of one file is the directory case again")
		}
		f := smallRepo(t, nil)
		mustHomer(t, 0, "init", f.dir())
		require.NoError(t, os.Chmod(dbPath(f.dir()), 0o444))
		r := mustHomer(t, 4, "update", "--force", f.dir())
		require.Contains(t, r.stderr, "the store cannot be written: "+dbPath(f.dir())+": permission denied", r)
	})
}

// homerReadOnly runs homer while dir is read-only. For a user, its mode
// makes it so. Modes do not stop root (the tests' user on build machines),
// so for root it is a read-only bind mount over dir in a mount namespace of
// the command's own: nothing outside it sees the mount, and it goes away
// with the command. The test is skipped where neither can be had.
func homerReadOnly(t *testing.T, dir string, args ...string) result {
	t.Helper()
	if os.Geteuid() != 0 {
		require.NoError(t, os.Chmod(dir, 0o555))
		defer os.Chmod(dir, 0o755)
		return homer(t, args...)
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("running as root without unshare: no way to make a directory read-only")
	}
	self, err := os.Executable()
	require.NoError(t, err)
	// Exit 97 (no homer exit code) says the mount could not be made.
	const script = `mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 97; shift; exec "$@"`
	cmd := exec.Command("unshare", append([]string{"--mount", "--propagation", "private", "sh", "-c", script, "sh", dir, self}, args...)...)
	cmd.Env = append(os.Environ(), "HOMER_TEST_AS_MAIN=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	if code == 97 || strings.HasPrefix(stderr.String(), "unshare: ") {
		t.Skipf("running as root, and a read-only bind mount cannot be made here: %s", stderr.String())
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}
