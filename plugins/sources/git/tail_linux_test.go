package gitsource

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What has been read is given back to the file system.
func TestFreeReadPunchesTheReadPart(t *testing.T) {
	t.Parallel()
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	require.NoError(t, err)
	defer f.Close()
	_, err = f.Write(make([]byte, 1<<20))
	require.NoError(t, err)
	require.NoError(t, f.Sync())
	blocks := func() int64 {
		var st syscall.Stat_t
		require.NoError(t, syscall.Fstat(int(f.Fd()), &st))
		return st.Blocks
	}
	before := blocks()
	assert.Equal(t, int64(768<<10), freeRead(f, 0, 768<<10+100), "whole pages only")
	if blocks() == before {
		t.Skip("this file system does not punch holes")
	}
	assert.Less(t, blocks(), before/2)
	fi, err := f.Stat()
	require.NoError(t, err)
	assert.Equal(t, int64(1<<20), fi.Size(), "the size is kept")
}
