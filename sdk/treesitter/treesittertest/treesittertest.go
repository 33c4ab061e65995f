// Package treesittertest holds what the tests of the tree-sitter language
// plugins share: a readable projection of call sites, the Parse benchmark
// and the Parse fuzz target. Only tests import it.
package treesittertest

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/homer-dev/homer/sdk"
)

// Call is what the tests compare of a call site, so a failure shows a
// readable diff. A test declares its own struct of this shape, which keeps
// its unkeyed literals local.
type Call interface {
	~struct {
		Name, Qualifier, Caller string
		Line                    int32
	}
}

// Calls projects the call sites of f, in order.
func Calls[C Call](f *sdk.FileFacts) []C {
	var out []C
	for _, c := range f.GetCalls() {
		out = append(out, C{c.GetName(), c.GetQualifier(), c.GetCaller(), c.GetLine()})
	}
	return out
}

// BenchmarkParse measures lang's extraction throughput (MB/s) in process,
// without the gRPC hop. Point HOMER_BENCH_DIR at a source tree to measure
// the real code in it, the files whose names end in ext; by default it
// parses 50 copies of sample, named name.
func BenchmarkParse(b *testing.B, lang sdk.Language, ext, name, sample string) {
	var files []*sdk.SourceFile
	total := int64(0)
	if dir := os.Getenv("HOMER_BENCH_DIR"); dir != "" {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ext) {
				if src, err := os.ReadFile(p); err == nil {
					files = append(files, &sdk.SourceFile{Path: p, Content: src})
					total += int64(len(src))
				}
			}
			return nil
		})
	} else {
		for range 50 {
			files = append(files, &sdk.SourceFile{Path: name, Content: []byte(sample)})
			total += int64(len(sample))
		}
	}
	if len(files) == 0 {
		b.Skip("no " + ext + " files")
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lang.Parse(context.Background(), files); err != nil {
			b.Fatal(err)
		}
	}
}
