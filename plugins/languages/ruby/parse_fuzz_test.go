package ruby

import (
	"testing"

	"github.com/homer-dev/homer/sdk/treesitter/treesittertest"
)

// FuzzParse feeds the plugin's Parse arbitrary content as lib/fuzz.rb, seeded
// with the fixture files; see treesittertest.FuzzParse for what it checks.
func FuzzParse(f *testing.F) {
	treesittertest.FuzzParse(f, New(), "lib/fuzz.rb")
}
