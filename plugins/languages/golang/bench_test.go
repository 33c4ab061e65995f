package golang

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/homer-dev/homer/sdk"
)

// BenchmarkParse measures extraction throughput (MB/s) in process, without
// the gRPC hop. Point HOMER_BENCH_DIR at a source tree to measure real code;
// by default it parses the test sample.
func BenchmarkParse(b *testing.B) {
	var files []*sdk.SourceFile
	total := int64(0)
	if dir := os.Getenv("HOMER_BENCH_DIR"); dir != "" {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
				if src, err := os.ReadFile(p); err == nil {
					files = append(files, &sdk.SourceFile{Path: p, Content: src})
					total += int64(len(src))
				}
			}
			return nil
		})
	} else {
		for range 50 {
			files = append(files, &sdk.SourceFile{Path: "sample.go", Content: []byte(server)})
			total += int64(len(server))
		}
	}
	if len(files) == 0 {
		b.Skip("no .go files")
	}
	lang := New()
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lang.Parse(context.Background(), files); err != nil {
			b.Fatal(err)
		}
	}
}
