package java

import (
	"testing"

	"github.com/homer-dev/homer/sdk/treesitter/treesittertest"
)

// BenchmarkParse measures extraction throughput (MB/s) in process, without
// the gRPC hop. Point HOMER_BENCH_DIR at a source tree to measure real code;
// by default it parses the test sample.
func BenchmarkParse(b *testing.B) {
	treesittertest.BenchmarkParse(b, New(), ".java", "Sample.java", sample)
}
