package python

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk/sdktest"
)

// A package's docstring is its __init__.py's first statement; another
// module's docstring documents that module, not the directory.
func TestPackageDoc(t *testing.T) {
	t.Parallel()
	src := "# comment\n\"\"\"Helpers for the command line.\n\nMore.\n\"\"\"\nimport os\n"
	require.Equal(t, "Helpers for the command line.\n\nMore.", sdktest.ParseOne(t, New(), "pkg/cli/__init__.py", src).GetPackageDoc())
	require.Empty(t, sdktest.ParseOne(t, New(), "pkg/cli/main.py", src).GetPackageDoc())
	require.Empty(t, sdktest.ParseOne(t, New(), "pkg/cli/__init__.py", "import os\n\"\"\"Not first.\"\"\"\n").GetPackageDoc())
}
