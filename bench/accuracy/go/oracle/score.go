package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// score compares Homer's edges (homerPath: "call CONF CALLER CALLEE" and
// "import CONF FROM TO" lines) with the oracle's, and writes the misses and
// the wrong edges beside homerPath (missed-*.tsv, wrong-*.tsv).
//
// Only edges whose caller (or importing file) is a file the default build
// compiles are compared: the oracle knows nothing of the others.
//
// Calls: an edge of Homer's is right when it is a static call, an interface
// method call or a dispatch the oracle found. Recall is given for static
// calls (the headline figure) and, apart, for interface methods and their
// dispatch. Imports: at file level (FROM uses a name TO defines), and at
// package level (FROM imports the package in TO's directory).
func score(oraclePath, homerPath string, out io.Writer) error {
	truth := map[string]map[string]bool{}
	files := map[string]bool{}
	err := readTSV(oraclePath, func(f []string) {
		switch {
		case f[0] == "file" && len(f) == 2:
			files[f[1]] = true
		case len(f) == 4:
			class := f[0] + "/" + f[1]
			if truth[class] == nil {
				truth[class] = map[string]bool{}
			}
			truth[class][f[2]+"\t"+f[3]] = true
		}
	})
	if err != nil {
		return err
	}
	type edge struct {
		from, to string
		conf     float64
	}
	var calls, imports []edge
	skipped := 0
	err = readTSV(homerPath, func(f []string) {
		if len(f) != 4 {
			return
		}
		conf, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return
		}
		from := f[2]
		if i := strings.IndexByte(from, '#'); i >= 0 {
			from = from[:i]
		}
		if !files[from] {
			skipped++
			return
		}
		switch f[0] {
		case "call":
			calls = append(calls, edge{f[2], f[3], conf})
		case "import":
			imports = append(imports, edge{f[2], f[3], conf})
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "files compared: %d (Homer edges from other files, left out: %d)\n", len(files), skipped)
	dir := filepath.Dir(homerPath)

	right := union(truth["call/static"], truth["call/iface"], truth["call/dispatch"], truth["call/dispatchx"], truth["call/value"])
	for _, min := range []float64{0, 0.5} {
		got := map[string]bool{}
		for _, e := range calls {
			if e.conf >= min {
				got[e.from+"\t"+e.to] = true
			}
		}
		label := "all"
		if min > 0 {
			label = fmt.Sprintf("confidence >= %.1f", min)
		}
		fmt.Fprintf(out, "calls, %s: %d edges\n", label, len(got))
		fmt.Fprintf(out, "  precision %s (right: static, interface, dispatch or function variable)\n", ratio(count(got, right), len(got)))
		for _, class := range []string{"static", "iface", "dispatch", "value"} {
			t := truth["call/"+class]
			fmt.Fprintf(out, "  recall %-8s %s\n", class, ratio(count(t, got), len(t)))
		}
		suffix := strings.NewReplacer(" ", "", ">=", "ge").Replace(label)
		if err := writeDiff(filepath.Join(dir, "wrong-calls-"+suffix+".tsv"), got, right); err != nil {
			return err
		}
		if err := writeDiff(filepath.Join(dir, "missed-calls-"+suffix+".tsv"), truth["call/static"], got); err != nil {
			return err
		}
	}

	fileEdges, pkgEdges := map[string]bool{}, map[string]bool{}
	for _, e := range imports {
		fileEdges[e.from+"\t"+e.to] = true
		pkgEdges[e.from+"\t"+pathDir(e.to)] = true
	}
	for _, level := range []struct {
		name string
		got  map[string]bool
	}{{"file", fileEdges}, {"package", pkgEdges}} {
		t := truth["import/"+level.name]
		fmt.Fprintf(out, "imports, %s level: %d edges, oracle %d\n", level.name, len(level.got), len(t))
		fmt.Fprintf(out, "  precision %s\n", ratio(count(level.got, t), len(level.got)))
		fmt.Fprintf(out, "  recall    %s\n", ratio(count(t, level.got), len(t)))
		if err := writeDiff(filepath.Join(dir, "wrong-imports-"+level.name+".tsv"), level.got, t); err != nil {
			return err
		}
		if err := writeDiff(filepath.Join(dir, "missed-imports-"+level.name+".tsv"), t, level.got); err != nil {
			return err
		}
	}
	return nil
}

func readTSV(path string, line func([]string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 1<<20), 1<<20)
	for s.Scan() {
		if t := s.Text(); t != "" {
			line(strings.Split(t, "\t"))
		}
	}
	return s.Err()
}

func union(sets ...map[string]bool) map[string]bool {
	u := map[string]bool{}
	for _, s := range sets {
		for k := range s {
			u[k] = true
		}
	}
	return u
}

// count is how many of a are in b.
func count(a, b map[string]bool) int {
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return n
}

func ratio(n, d int) string {
	if d == 0 {
		return "n/a (0 of 0)"
	}
	return fmt.Sprintf("%.3f (%d of %d)", float64(n)/float64(d), n, d)
}

// writeDiff writes the members of a that b lacks, sorted.
func writeDiff(path string, a, b map[string]bool) error {
	var lines []string
	for k := range a {
		if !b[k] {
			lines = append(lines, k)
		}
	}
	sort.Strings(lines)
	data := strings.Join(lines, "\n")
	if data != "" {
		data += "\n"
	}
	return os.WriteFile(path, []byte(data), 0o644)
}
