package store

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCheckWritable(t *testing.T) {
	t.Parallel()

	t.Run("a writable directory is created and left as it was", func(t *testing.T) {
		t.Parallel()
		db := filepath.Join(t.TempDir(), "sub", "homer.db")
		require.NoError(t, CheckWritable(db))
		entries, err := os.ReadDir(filepath.Dir(db))
		require.NoError(t, err)
		require.Empty(t, entries, "the probe is removed")
	})

	t.Run("a file in the directory's place", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), ".homer")
		require.NoError(t, os.WriteFile(dir, nil, 0o644))
		err := CheckWritable(filepath.Join(dir, "homer.db"))
		require.ErrorIs(t, err, ErrNotWritable)
		require.ErrorIs(t, err, syscall.ENOTDIR)
		require.Equal(t, "the store cannot be written: "+dir+": not a directory (make it writable, or set db in homer.hcl to a place that is)", err.Error())
	})

	t.Run("a read-only directory", func(t *testing.T) {
		t.Parallel()
		if os.Geteuid() == 0 {
			t.Skip("modes do not stop root; cmd/homer's end-to-end test uses a read-only mount instead")
		}
		dir := t.TempDir()
		require.NoError(t, os.Chmod(dir, 0o555))
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		err := CheckWritable(filepath.Join(dir, "homer.db"))
		require.ErrorIs(t, err, ErrNotWritable)
		require.ErrorIs(t, err, os.ErrPermission)
	})

	t.Run("Open says why, not SQLite", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), ".homer")
		require.NoError(t, os.WriteFile(dir, nil, 0o644))
		_, err := Open(t.Context(), filepath.Join(dir, "homer.db"))
		require.ErrorIs(t, err, ErrNotWritable)
	})
}
