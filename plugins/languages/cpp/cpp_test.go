package cpp

import (
	"testing"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/plugins/languages/c"
)

func TestFixture(t *testing.T) {
	langtest.Check(t, "testdata/fixture", New())
}

// TestMixedFixture resolves C and C++ files together. It has no .h file,
// which langtest would give to both plugins.
func TestMixedFixture(t *testing.T) {
	langtest.Check(t, "testdata/mixed", New(), c.New())
}
