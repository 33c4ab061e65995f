package rust

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/homer-dev/homer/sdk"
)

func TestZZAll(t *testing.T) {
	root := os.Getenv("ALLROOT")
	if root == "" {
		t.Skip()
	}
	var files []*sdk.SourceFile
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".rs") && !strings.Contains(p, "/.git/") {
			src, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			files = append(files, &sdk.SourceFile{Path: rel, Content: src})
		}
		return nil
	})
	start := time.Now()
	out, _ := New().Parse(context.Background(), files)
	el := time.Since(start)
	defs, calls, unknown, builtin, recv, imps, warn, errs := 0, 0, 0, 0, 0, 0, 0, 0
	for _, f := range out {
		defs += len(f.GetDefinitions())
		imps += len(f.GetImports())
		for _, c := range f.GetCalls() {
			calls++
			switch {
			case c.GetBuiltin():
				builtin++
			case c.GetReceiver() == "?":
				unknown++
			case c.GetReceiver() != "":
				recv++
			}
		}
		for _, d := range f.GetDiagnostics() {
			if d.GetSeverity() == sdk.SeverityError {
				errs++
				fmt.Println("ERR", f.GetPath(), d.GetSummary())
			} else {
				warn++
			}
		}
	}
	fmt.Printf("files %d defs %d calls %d (receiver %d, builtin %d, unknown %d) imports %d warnings %d errors %d in %s\n", len(out), defs, calls, recv, builtin, unknown, imps, warn, errs, el)
}
