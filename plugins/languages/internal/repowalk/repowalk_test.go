package repowalk

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFiles(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, f := range []string{"a.txt", "src/b.txt", "bin/c.txt", "src/bin/d.txt", "src/obj.txt"} {
		p := filepath.Join(root, f)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, nil, 0o644))
	}
	var got []string
	Files(root, []string{"bin", "obj"}, func(p, name string) {
		rel, err := filepath.Rel(root, p)
		require.NoError(t, err)
		require.Equal(t, filepath.Base(p), name)
		got = append(got, filepath.ToSlash(rel))
	})
	require.Equal(t, []string{"a.txt", "src/b.txt", "src/obj.txt"}, got)

	Files(filepath.Join(root, "missing"), nil, func(p, _ string) { t.Fatalf("visited %s", p) })
}
