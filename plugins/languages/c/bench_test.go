package c

import (
	"testing"

	"github.com/homer-dev/homer/sdk/treesitter/treesittertest"
)

const sample = `#include <stdio.h>
#include "strbuf.h"

/** Appends s to b, growing it as needed. */
static void append(strbuf *b, const char *s) {
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        grow(b, b->len + n + 1);
    }
    memcpy(b->data + b->len, s, n + 1);
    b->len += n;
}

int main(int argc, char **argv) {
    strbuf *b = strbuf_new();
    for (int i = 1; i < argc; i++) {
        append(b, argv[i]);
    }
    printf("%s\n", b->data);
    return 0;
}
`

// BenchmarkParse measures extraction throughput (MB/s) in process. Point
// HOMER_BENCH_DIR at a source tree to measure its .c files.
func BenchmarkParse(b *testing.B) {
	treesittertest.BenchmarkParse(b, New(), ".c", "sample.c", sample)
}
