package structure

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/homer-dev/homer/sdk"
)

// DefaultExcludes are applied unless use_default_excludes is false:
// dependencies checked into the tree (vendor/, third_party/, a bundled/
// copy of a library: spdlog's include/spdlog/fmt/bundled/; Yarn's own
// release and loader), build output, virtual environments,
// generated and minified files, lockfiles. Dependency and cache directories
// match at any depth; build output directories (build, dist, target, out)
// only at the root, because a source package named build or dist is common
// (Go's cmd/dist, internal/build) and losing real code is worse than
// keeping some output.
var DefaultExcludes = []string{
	"**/.git/**",
	"**/vendor/**",
	"**/_vendor/**",
	"**/third_party/**",
	"**/third-party/**",
	"**/thirdparty/**",
	"**/3rdparty/**",
	"**/bundled/**",
	"**/node_modules/**",
	"**/bower_components/**",
	"**/.yarn/**",
	"**/.pnp.cjs",
	"**/.pnp.loader.mjs",
	"**/.venv/**",
	"**/venv/**",
	"**/__pycache__/**",
	"**/.tox/**",
	"**/.mypy_cache/**",
	"**/.pytest_cache/**",
	"**/.gradle/**",
	"target/**",
	"dist/**",
	"build/**",
	"out/**",
	"**/*.min.js",
	"**/*.min.css",
	"**/*.map",
	"**/*.pb.go",
	"**/*.pb.gw.go",
	"**/*_pb2.py",
	"**/*_pb2_grpc.py",
	"**/*.pb.cc",
	"**/*.pb.h",
	"**/*.generated.*",
	"**/zz_generated*",
	"**/*.lock",
	"**/package-lock.json",
	"**/npm-shrinkwrap.json",
	"**/pnpm-lock.yaml",
	"**/bun.lockb",
	"**/go.sum",
}

// filter decides which files are part of the structure. Exclusions win
// over inclusions; default exclusions cannot be undone by include (turn
// them off with use_default_excludes = false).
type filter struct {
	include, exclude matchers
}

func newFilter(include, exclude []string, useDefaults bool) filter {
	f := filter{include: compileGlobs(include)}
	if useDefaults {
		exclude = append(slices.Clip(exclude), DefaultExcludes...)
	}
	f.exclude = compileGlobs(exclude)
	return f
}

// validateGlobs returns one message per invalid pattern.
func validateGlobs(patterns []string) []string {
	var bad []string
	for _, p := range patterns {
		if !doublestar.ValidatePattern(p) {
			bad = append(bad, fmt.Sprintf("%q is not a valid glob", p))
		} else if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "./") {
			bad = append(bad, fmt.Sprintf("%q: globs are relative to the repository root, without a leading / or ./", p))
		}
	}
	return bad
}

// A matcher is a glob, with the common shapes ("**/dir/**", "dir/**",
// "**/*.ext", "**/name", "**/prefix*", "**/*part*") matched by string
// operations: doublestar costs about 100 ns per pattern and path, which
// adds up to seconds on a large tree with the default list. The shapes match exactly
// what doublestar matches (TestCompiledGlobsAgree).
type matcher struct {
	shape int
	s     string // the literal part, or the whole glob for shapeGlob
}

const (
	shapeGlob         = iota // anything else: doublestar
	shapeAnyDir              // **/s/**: some path component is s
	shapeRootDir             // s/**: the first component is s
	shapeBaseSuffix          // **/*s
	shapeBase                // **/s
	shapeBasePrefix          // **/s*
	shapeBaseContains        // **/*s*
)

func compileGlob(g string) matcher {
	literal := func(s string) bool { return s != "" && !strings.ContainsAny(s, "*?[]{}\\/") }
	switch {
	case strings.HasPrefix(g, "**/") && strings.HasSuffix(g, "/**") && len(g) > 6 && literal(g[3:len(g)-3]):
		return matcher{shapeAnyDir, g[3 : len(g)-3]}
	case strings.HasSuffix(g, "/**") && literal(g[:len(g)-3]):
		return matcher{shapeRootDir, g[:len(g)-3]}
	case strings.HasPrefix(g, "**/*") && literal(g[4:]):
		return matcher{shapeBaseSuffix, g[4:]}
	case strings.HasPrefix(g, "**/") && literal(g[3:]):
		return matcher{shapeBase, g[3:]}
	case strings.HasPrefix(g, "**/") && strings.HasSuffix(g, "*") && literal(g[3:len(g)-1]):
		return matcher{shapeBasePrefix, g[3 : len(g)-1]}
	case strings.HasPrefix(g, "**/*") && strings.HasSuffix(g, "*") && len(g) > 5 && literal(g[4:len(g)-1]):
		return matcher{shapeBaseContains, g[4 : len(g)-1]}
	}
	return matcher{shapeGlob, g}
}

func (m matcher) match(p string) bool {
	base := p[strings.LastIndexByte(p, '/')+1:]
	switch m.shape {
	case shapeAnyDir:
		for rest := p; ; {
			comp, after, more := strings.Cut(rest, "/")
			if comp == m.s {
				return true
			}
			if !more {
				return false
			}
			rest = after
		}
	case shapeRootDir:
		return p == m.s || strings.HasPrefix(p, m.s) && p[len(m.s)] == '/'
	case shapeBaseSuffix:
		return strings.HasSuffix(base, m.s)
	case shapeBase:
		return base == m.s
	case shapeBasePrefix:
		return strings.HasPrefix(base, m.s)
	case shapeBaseContains:
		return strings.Contains(base, m.s)
	}
	return doublestar.MatchUnvalidated(m.s, p)
}

// matchers matches a path against any of a list of globs. Those of shape
// **/s/** are kept as one set of names, met in one pass over the path's
// components: the default list has eighteen, each of which walked every
// path of the tree on its own.
type matchers struct {
	anyDir map[string]bool
	others []matcher
}

func compileGlobs(globs []string) matchers {
	var ms matchers
	for _, g := range globs {
		m := compileGlob(g)
		if m.shape != shapeAnyDir {
			ms.others = append(ms.others, m)
			continue
		}
		if ms.anyDir == nil {
			ms.anyDir = map[string]bool{}
		}
		ms.anyDir[m.s] = true
	}
	return ms
}

func (ms matchers) empty() bool { return len(ms.anyDir) == 0 && len(ms.others) == 0 }

func (ms matchers) match(p string) bool {
	if len(ms.anyDir) > 0 {
		for rest := p; ; {
			comp, after, more := strings.Cut(rest, "/")
			if ms.anyDir[comp] {
				return true
			}
			if !more {
				break
			}
			rest = after
		}
	}
	for _, m := range ms.others {
		if m.match(p) {
			return true
		}
	}
	return false
}

// excluded reports whether p is excluded (by default or user patterns).
func (f filter) excluded(p string) bool { return f.exclude.match(p) }

// keep reports whether p is a file of the structure.
func (f filter) keep(p string) bool {
	if f.excluded(p) {
		return false
	}
	return f.include.empty() || f.include.match(p)
}

// Keep is the filter of a configuration of this source, for the core's
// snapshots of past commits: a past commit's files are kept or left out by
// the rule HEAD's are.
func Keep(cfg sdk.Config) func(string) bool {
	return newFilter(cfg.List("include", nil), cfg.List("exclude", nil), cfg.Bool("use_default_excludes", true)).keep
}
