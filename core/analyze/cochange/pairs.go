package cochange

import (
	"path"
	"strings"

	"github.com/homer-dev/homer/core/analyze/testlink"
)

// Reasons a file is on another's partner list.
const (
	// ReasonHistory: they changed together in analysed commits.
	ReasonHistory = "history"
	// ReasonTest: one is named as the other's test (the naming
	// conventions of testlink: test_foo, foo_test, foo.test, FooTest...),
	// with the same extension.
	ReasonTest = "test"
	// ReasonGenerated: one is the other's name with one more extension
	// beside it (a grammar and the parser generated from it).
	ReasonGenerated = "generated"
	// ReasonDirectory: they sit in the same directory, the partner
	// changed recently; given only to fill a list history leaves short.
	ReasonDirectory = "directory"
)

type named struct {
	path, reason string
}

// namePairs finds the test and generated pairs among paths: for each
// path, its counterparts with the reason. A test whose subject's name is
// shared by several files takes the one in its own directory, else the
// one with the longest common directory prefix; a tie there is ambiguous
// and pairs nothing.
func namePairs(paths []string) map[string][]named {
	set := make(map[string]bool, len(paths))
	byStem := map[string][]string{} // stem + extension → paths
	for _, p := range paths {
		set[p] = true
		base := path.Base(p)
		if testlink.SubjectStems(base) == nil {
			byStem[base] = append(byStem[base], p)
		}
	}
	out := map[string][]named{}
	link := func(a, b, reason string) {
		out[a] = append(out[a], named{b, reason})
		out[b] = append(out[b], named{a, reason})
	}
	for _, p := range paths {
		base := path.Base(p)
		ext := path.Ext(base)
		stems := testlink.SubjectStems(base)
		for _, s := range stems {
			if q := closest(p, byStem[s+ext]); q != "" {
				link(p, q, ReasonTest)
				break
			}
		}
		// name.ext2 beside name.ext1 is generated from it.
		if src := strings.TrimSuffix(p, ext); stems == nil && ext != "" && path.Ext(src) != "" && set[src] {
			link(p, src, ReasonGenerated)
		}
	}
	return out
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
