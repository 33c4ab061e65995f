package cochange

import (
	"path"
	"strings"
)

// Reasons a file is on another's partner list.
const (
	// ReasonHistory: they changed together in analysed commits.
	ReasonHistory = "history"
	// ReasonTest: one is the other's test by name (x.go and x_test.go,
	// x.py and test_x.py, x.ts and x.test.ts, Foo.java and FooTest.java).
	ReasonTest = "test"
	// ReasonGenerated: one is generated from the other by name (x.proto
	// and x.pb.go or x_pb2.py; parser.y and parser.y.go).
	ReasonGenerated = "generated"
	// ReasonDirectory: they sit in the same directory, the partner
	// changed recently; given only to fill a list history leaves short.
	ReasonDirectory = "directory"
)

// namePairs finds the test and generated pairs among paths: for each
// path, its counterparts with the reason. A test or generated file whose
// subject's name is shared by several files takes the one in its own
// directory, else the one with the longest common directory prefix; a tie
// there is ambiguous and pairs nothing.
func namePairs(paths []string) map[string][]named {
	byBase := map[string][]string{}
	for _, p := range paths {
		b := path.Base(p)
		byBase[b] = append(byBase[b], p)
	}
	out := map[string][]named{}
	link := func(a, b, reason string) {
		out[a] = append(out[a], named{b, reason})
		out[b] = append(out[b], named{a, reason})
	}
	for _, p := range paths {
		dir, base := path.Dir(p), path.Base(p)
		for _, s := range testSubjects(base) {
			if q := closest(p, byBase[s]); q != "" {
				link(p, q, ReasonTest)
				break
			}
		}
		if s := protoSource(base); s != "" {
			if q := closest(p, byBase[s]); q != "" {
				link(p, q, ReasonGenerated)
			}
		} else if ext := path.Ext(base); sourceExt[ext] && strings.Contains(strings.TrimSuffix(base, ext), ".") {
			// parser.y.go is generated from parser.y beside it.
			src := path.Join(dir, strings.TrimSuffix(base, ext))
			if len(byBase[path.Base(src)]) > 0 && contains(byBase[path.Base(src)], src) && !isTestName(base) {
				link(p, src, ReasonGenerated)
			}
		}
	}
	return out
}

type named struct {
	path, reason string
}

var sourceExt = map[string]bool{".go": true, ".py": true, ".js": true, ".jsx": true, ".ts": true, ".tsx": true, ".mjs": true, ".cjs": true,
	".java": true, ".kt": true, ".rb": true, ".rs": true, ".c": true, ".cc": true, ".cpp": true, ".h": true, ".hpp": true, ".cs": true, ".php": true, ".swift": true}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// testSubjects are the base names a test file's subject may have, most
// likely first; none when base is not a test by name.
func testSubjects(base string) []string {
	ext := path.Ext(base)
	if !sourceExt[ext] {
		return nil
	}
	stem := strings.TrimSuffix(base, ext)
	switch {
	case strings.HasSuffix(stem, "_test") && len(stem) > len("_test"):
		return []string{strings.TrimSuffix(stem, "_test") + ext}
	case strings.HasPrefix(stem, "test_") && len(stem) > len("test_"):
		return []string{strings.TrimPrefix(stem, "test_") + ext}
	case strings.HasSuffix(stem, "_spec") && len(stem) > len("_spec"):
		return []string{strings.TrimSuffix(stem, "_spec") + ext}
	case strings.HasSuffix(stem, ".test"), strings.HasSuffix(stem, ".spec"):
		s := stem[:len(stem)-5]
		if s == "" {
			return nil
		}
		// x.test.ts may test x.ts or x.tsx, x.test.js x.js or x.jsx.
		out := []string{s + ext}
		for _, e := range []string{".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs"} {
			if e != ext {
				out = append(out, s+e)
			}
		}
		return out
	case strings.HasSuffix(stem, "Tests") && len(stem) > len("Tests") && (ext == ".java" || ext == ".kt" || ext == ".cs"):
		return []string{strings.TrimSuffix(stem, "Tests") + ext}
	case strings.HasSuffix(stem, "Test") && len(stem) > len("Test") && (ext == ".java" || ext == ".kt" || ext == ".cs"):
		return []string{strings.TrimSuffix(stem, "Test") + ext}
	}
	return nil
}

func isTestName(base string) bool { return testSubjects(base) != nil }

// protoSource is the .proto base name a protoc output is generated from,
// or "".
func protoSource(base string) string {
	for _, suf := range []string{"_grpc.pb.go", ".pb.gw.go", ".pb.go", "_pb2_grpc.py", "_pb2.pyi", "_pb2.py", ".pb.cc", ".pb.h", "_pb.js", "_pb.d.ts"} {
		if s, ok := strings.CutSuffix(base, suf); ok && s != "" {
			return s + ".proto"
		}
	}
	return ""
}

// closest picks, among candidates, the one in p's directory, else the one
// sharing the longest directory prefix with p; "" when none or tied.
func closest(p string, candidates []string) string {
	best, bestLen, tied := "", -1, false
	for _, c := range candidates {
		if c == p {
			continue
		}
		n := commonDirs(path.Dir(p), path.Dir(c))
		if path.Dir(c) == path.Dir(p) {
			n = 1 << 20
		}
		switch {
		case n > bestLen:
			best, bestLen, tied = c, n, false
		case n == bestLen:
			tied = true
		}
	}
	if tied {
		return ""
	}
	return best
}

// commonDirs counts the leading directory names a and b share.
func commonDirs(a, b string) int {
	if a == "." || b == "." {
		return 0
	}
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	return n
}
