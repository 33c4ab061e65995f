package golang

import (
	"bytes"
	"go/build/constraint"
	"path"
	"strings"
)

// The default build a file is judged against: what `go build` compiles
// with GOOS=linux, GOARCH=amd64, cgo enabled and no tags. A file it leaves
// out is a variant: its definitions never outrank the default build's.
var (
	knownOS = setOf("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
		"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos")
	knownArch = setOf("386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips",
		"mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv",
		"riscv64", "s390", "s390x", "sparc", "sparc64", "wasm")
	defaultTags = setOf("linux", "amd64", "amd64.v1", "unix", "cgo", "gc")
)

// isVariant tells whether the default build leaves the file out: by its
// name (_windows.go, _arm64.go, a leading _ or .) or by its build
// constraint.
func isVariant(file string, src []byte) bool {
	return nameExcludes(path.Base(file)) || !constraintHolds(src)
}

// nameExcludes applies go build's file name rules: name_GOOS, name_GOARCH
// and name_GOOS_GOARCH (before _test), and names go build ignores.
func nameExcludes(base string) bool {
	if strings.HasPrefix(base, "_") || strings.HasPrefix(base, ".") {
		return true
	}
	name := strings.TrimSuffix(strings.TrimSuffix(base, ".go"), "_test")
	parts := strings.Split(name, "_")
	n := len(parts)
	if n < 2 {
		return false
	}
	last := parts[n-1]
	if n >= 3 && knownOS[parts[n-2]] && knownArch[last] {
		return parts[n-2] != "linux" || last != "amd64"
	}
	if knownOS[last] {
		return last != "linux"
	}
	if knownArch[last] {
		return last != "amd64"
	}
	return false
}

// constraintHolds evaluates the file's //go:build line, or its // +build
// lines when it has none, for the default build. Only the comments before
// the package clause count.
func constraintHolds(src []byte) bool {
	var plus []constraint.Expr
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		line = bytes.TrimSpace(line)
		switch {
		case len(line) == 0:
			continue
		case !bytes.HasPrefix(line, []byte("//")):
			// The package clause, or a /* */ comment: no constraint
			// comes after it.
			return evalAll(plus)
		}
		text := string(line)
		if constraint.IsGoBuild(text) {
			if expr, err := constraint.Parse(text); err == nil {
				return expr.Eval(defaultTag)
			}
			continue
		}
		if constraint.IsPlusBuild(text) {
			if expr, err := constraint.Parse(text); err == nil {
				plus = append(plus, expr)
			}
		}
	}
	return evalAll(plus)
}

func evalAll(exprs []constraint.Expr) bool {
	for _, e := range exprs {
		if !e.Eval(defaultTag) {
			return false
		}
	}
	return true
}

// defaultTag is whether a build tag is set in the default build: any Go
// release tag is (go1.21), "ignore" and unknown tags are not.
func defaultTag(tag string) bool {
	return defaultTags[tag] || strings.HasPrefix(tag, "go1.")
}
