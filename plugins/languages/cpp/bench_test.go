package cpp

import (
	"testing"

	"github.com/homer-dev/homer/sdk/treesitter/treesittertest"
)

const sample = `#include "shape.hpp"

namespace geo {

/// The area of a circle.
double Circle::area() const { return 3.14159 * r_ * r_; }

std::string Shape::describe() const {
    auto s = std::make_unique<Circle>(1.0);
    for (const auto &c : children_) {
        if (c && c->visible()) {
            s->merge(*c);
        }
    }
    return name_ + std::to_string(this->area());
}

}  // namespace geo
`

// BenchmarkParse measures extraction throughput (MB/s) in process. Point
// HOMER_BENCH_DIR at a source tree to measure its .cc files.
func BenchmarkParse(b *testing.B) {
	treesittertest.BenchmarkParse(b, New(), ".cc", "sample.cc", sample)
}
