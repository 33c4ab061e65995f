package typescript

import (
	"testing"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/plugins/languages/javascript"
)

// TestFixture resolves the fixture project with both plugins of the
// ecmascript link group, as a run over a mixed repository would.
func TestFixture(t *testing.T) {
	langtest.Check(t, "testdata/fixture", New(), javascript.New())
}
