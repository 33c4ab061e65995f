package gitsource

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tail reads what a slow writer appends, up to its last byte after it
// exits, through pauses shorter and longer than its waits.
func TestTailReadsAGrowingFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "out")
	w, err := os.Create(path)
	require.NoError(t, err)
	r, err := os.Open(path)
	require.NoError(t, err)
	defer r.Close()
	exited := make(chan struct{})
	var want bytes.Buffer
	go func() {
		defer close(exited)
		defer w.Close()
		for i := range 50 {
			line := fmt.Sprintf("commit %d\n", i)
			want.WriteString(line)
			_, _ = w.WriteString(line)
			switch {
			case i == 25: // past the longest wait
				time.Sleep(2 * tailPollMax)
			case i%10 == 0:
				time.Sleep(3 * tailPoll)
			}
		}
	}()
	got, err := io.ReadAll(&tail{f: r, exited: exited})
	require.NoError(t, err)
	<-exited
	assert.Equal(t, want.String(), string(got))
}

// git's output goes to a temporary file where one can be made, and
// through a pipe where not.
func TestStartLogFallsBackToAPipe(t *testing.T) {
	read := func() (string, bool) {
		cmd := exec.Command("sh", "-c", "printf 'one'; sleep 0.01; printf ' two'")
		part, err := startLog(context.Background(), cmd, &tailBuffer{max: 1024})
		require.NoError(t, err)
		out, err := io.ReadAll(part.out)
		require.NoError(t, err)
		require.NoError(t, part.wait())
		_, isTail := part.out.(*tail)
		return string(out), isTail
	}
	out, isTail := read()
	assert.Equal(t, "one two", out)
	assert.True(t, isTail)
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	out, isTail = read()
	assert.Equal(t, "one two", out)
	assert.False(t, isTail)
}
