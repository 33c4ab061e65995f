// Command parse measures each built-in language plugin's parse throughput
// on a real repository, in the plugin's own code and through the plugin
// boundary (a `homer __plugin language NAME` subprocess over gRPC), and the
// share of the second's wall time the boundary costs.
//
//	go run ./bench/parse -homer bin/homer -repo /path/to/repo
//
// Files are those at the repository's HEAD that the plugin claims by its own
// extensions, read from the work tree, in the batches the core sends (48
// files or 1 MiB) with as many calls in flight as the core keeps.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/homer-dev/homer/plugins/languages/c"
	"github.com/homer-dev/homer/plugins/languages/cpp"
	"github.com/homer-dev/homer/plugins/languages/csharp"
	"github.com/homer-dev/homer/plugins/languages/golang"
	"github.com/homer-dev/homer/plugins/languages/java"
	"github.com/homer-dev/homer/plugins/languages/javascript"
	"github.com/homer-dev/homer/plugins/languages/kotlin"
	"github.com/homer-dev/homer/plugins/languages/php"
	"github.com/homer-dev/homer/plugins/languages/python"
	"github.com/homer-dev/homer/plugins/languages/ruby"
	"github.com/homer-dev/homer/plugins/languages/rust"
	"github.com/homer-dev/homer/plugins/languages/swift"
	"github.com/homer-dev/homer/plugins/languages/typescript"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/host"
)

// The core's batching (core/pipeline/parse.go).
const (
	batchFiles   = 48
	batchBytes   = 1 << 20
	maxFileBytes = 2 << 20
	inFlight     = 4
)

func plugins() []sdk.Language {
	return []sdk.Language{golang.New(), python.New(), typescript.New(), javascript.New(), rust.New(), java.New(),
		kotlin.New(), csharp.New(), ruby.New(), php.New(), swift.New(), c.New(), cpp.New()}
}

func main() {
	homer := flag.String("homer", "bin/homer", "the homer binary whose built-in plugins are measured through the boundary")
	repo := flag.String("repo", ".", "a git repository")
	runs := flag.Int("runs", 3, "runs of each measurement; the median is reported")
	only := flag.String("lang", "", "measure only these plugins (comma-separated names)")
	flag.Parse()
	files, err := headFiles(*repo)
	if err != nil {
		fmt.Fprintln(os.Stderr, "parse bench:", err)
		os.Exit(1)
	}
	fmt.Printf("%-11s %6s %8s %12s %12s %9s\n", "plugin", "files", "MB", "in-process", "via plugin", "boundary")
	for _, l := range plugins() {
		info := l.Info()
		if *only != "" && !strings.Contains(","+*only+",", ","+info.GetName()+",") {
			continue
		}
		batches, size := batch(*repo, files, info)
		if len(batches) == 0 {
			continue
		}
		ctx := context.Background()
		l.Configure(ctx, sdk.Config{RepoRoot: *repo})
		in := median(*runs, func() time.Duration { return parseAll(ctx, l, batches, 2) })
		client, err := launch(ctx, *homer, info.GetName(), *repo)
		if err != nil {
			fmt.Fprintln(os.Stderr, "parse bench:", info.GetName(), err)
			continue
		}
		out := median(*runs, func() time.Duration { return parseAll(ctx, client.Language(), batches, inFlight) })
		client.Kill()
		n := 0
		for _, b := range batches {
			n += len(b)
		}
		mb := float64(size) / (1 << 20)
		share := 1 - in.Seconds()/out.Seconds()
		if share < 0 {
			share = 0
		}
		fmt.Printf("%-11s %6d %8.2f %7.2f MB/s %7.2f MB/s %8.0f%%\n", info.GetName(), n, mb,
			mb/in.Seconds(), mb/out.Seconds(), 100*share)
	}
}

// headFiles lists the files at HEAD.
func headFiles(repo string) ([]string, error) {
	out, err := exec.Command("git", "-C", repo, "ls-files", "-z").Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-files in %s: %w", repo, err)
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	sort.Strings(files)
	return files, nil
}

// batch reads the files a plugin claims by its own extensions into the
// core's batches.
func batch(repo string, files []string, info *sdk.Info) ([][]*sdk.SourceFile, int) {
	var out [][]*sdk.SourceFile
	var cur []*sdk.SourceFile
	size, total := 0, 0
	for _, f := range files {
		if !claims(info, f) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(repo, f))
		if err != nil || len(data) > maxFileBytes {
			continue
		}
		cur = append(cur, &sdk.SourceFile{Path: f, BlobId: f, Content: data})
		size += len(data)
		total += len(data)
		if len(cur) >= batchFiles || size >= batchBytes {
			out, cur, size = append(out, cur), nil, 0
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out, total
}

func claims(info *sdk.Info, p string) bool {
	for _, e := range info.GetExtensions() {
		if strings.HasSuffix(p, e) {
			return true
		}
	}
	return false
}

// parseAll parses every batch with workers calls in flight and returns the
// wall time.
func parseAll(ctx context.Context, l sdk.Language, batches [][]*sdk.SourceFile, workers int) time.Duration {
	start := time.Now()
	work := make(chan []*sdk.SourceFile)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				if _, err := l.Parse(ctx, b); err != nil {
					fmt.Fprintln(os.Stderr, "parse bench:", err)
				}
			}
		}()
	}
	for _, b := range batches {
		work <- b
	}
	close(work)
	wg.Wait()
	return time.Since(start)
}

func launch(ctx context.Context, homer, name, repo string) (*host.Client, error) {
	cmd := exec.Command(homer, "__plugin", sdk.KindLanguage, name)
	c, err := host.Launch(ctx, host.Options{Name: name, Cmd: cmd})
	if err != nil {
		return nil, err
	}
	if _, err := c.Configure(ctx, sdk.Config{RepoRoot: repo}); err != nil {
		c.Kill()
		return nil, err
	}
	return c, nil
}

func median(runs int, f func() time.Duration) time.Duration {
	if runs < 1 {
		runs = 1
	}
	d := make([]time.Duration, runs)
	for i := range d {
		d[i] = f()
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[(runs-1)/2]
}
