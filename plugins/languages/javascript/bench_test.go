package javascript

import (
	"os"
	"testing"

	"github.com/homer-dev/homer/sdk/treesitter/treesittertest"
)

// BenchmarkParse measures extraction throughput (MB/s) in process, without
// the gRPC hop. Point HOMER_BENCH_DIR at a source tree to measure real code;
// by default it parses the fixture's app.jsx.
func BenchmarkParse(b *testing.B) {
	sample, err := os.ReadFile("testdata/fixture/lib/app.jsx")
	if err != nil {
		b.Fatal(err)
	}
	treesittertest.BenchmarkParse(b, New(), ".js", "app.jsx", string(sample))
}
