package structure

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/homer-dev/homer/sdk"
)

// KindTestOne is the kind of a command that runs one test: a real test of
// the repository, named by its file and function.
const KindTestOne = "test-one"

var (
	// goTestFunc is a Go test with a name past "Test": a bare Test(t)
	// hands the whole suite to a framework (go-yaml's gocheck
	// "func Test(t *testing.T) { TestingT(t) }"), no one test.
	goTestFunc = regexp.MustCompile(`(?m)^func (Test[A-Za-z0-9_]+)\(t \*testing\.T\)`)
	goBuildTag = regexp.MustCompile(`(?m)^//go:build `)
	pyTestFunc = regexp.MustCompile(`(?m)^(?:async )?def (test_[A-Za-z0-9_]*)\(`)
	// rustTestFunc is a test function: #[test] or a runtime's test
	// attribute (#[tokio::test]), maybe with arguments, then the fn.
	rustTestFunc = regexp.MustCompile(`(?m)^[ \t]*#\[(?:[a-z_]+::)?test(?:\([^)\n]*\))?\][ \t]*\n[ \t]*(?:async[ \t]+)?fn[ \t]+([A-Za-z0-9_]+)[ \t]*\(`)
	// rustGated marks a test file whose tests, or some of them, build only
	// with some features or cfg (#![cfg(feature = "full")] on the file,
	// #[cfg(feature = "full")] on a test, compile_error!): run without
	// them, the test named may not exist.
	// mochaTest is an it() with a plain title, which --grep takes as is.
	mochaTest = regexp.MustCompile(`(?m)^[ \t]*it\([ \t]*(?:'([A-Za-z0-9 ,]+)'|"([A-Za-z0-9 ,]+)")`)
	rustGated = regexp.MustCompile(`(?m)^[ \t]*(?:#!\[cfg|#\[cfg\((?:feature|all|any|not)|compile_error!)`)
)

// singleTest adds one way to run a single test, for Go (a root go.mod),
// for pytest (when a pytest command was found) and for Rust (a crate's
// integration tests, tests/*.rs beside its Cargo.toml): it picks a small
// test file near the root, reads it, and names its first test function,
// so that the command runs as given.
func singleTest(ctx context.Context, snap snapshot, entries []entry, f filter, manifests []*sdk.Manifest, out *commandSet) {
	hasRootGoMod := false
	crates := map[string]string{} // directory -> crate name
	for _, m := range manifests {
		hasRootGoMod = hasRootGoMod || m.GetPath() == "go.mod"
		if path.Base(m.GetPath()) == "Cargo.toml" && m.GetName() != "" {
			crates[path.Dir(m.GetPath())] = m.GetName()
		}
	}
	crateOfTest := func(p string) (string, bool) {
		if !strings.HasSuffix(p, ".rs") || path.Base(path.Dir(p)) != "tests" {
			return "", false
		}
		name, ok := crates[path.Dir(path.Dir(p))]
		return name, ok
	}
	usesPytest := false
	for _, c := range out.list {
		usesPytest = usesPytest || c.Kind == KindTest && strings.Contains(c.Command, "pytest")
	}
	type lang struct {
		ok    bool
		match func(p string) bool
		name  *regexp.Regexp
		cmd   func(p, fn string, data []byte) string
	}
	// A directory with a go.mod of its own is another module: `go test
	// ./sdk` from the root fails there ("main module does not contain
	// package"), so its tests are not the example.
	var nested []string
	for _, e := range entries {
		if path.Base(e.path) == "go.mod" && path.Dir(e.path) != "." {
			nested = append(nested, path.Dir(e.path))
		}
	}
	inRootModule := func(p string) bool {
		for _, d := range nested {
			if strings.HasPrefix(p, d+"/") {
				return false
			}
		}
		return true
	}
	mochaFlags, mochaDirs := rootMocha(ctx, snap, entries)
	inMochaDirs := func(p string) bool {
		for _, d := range mochaDirs {
			if path.Dir(p) == d {
				return true
			}
		}
		return false
	}
	langs := []lang{
		{hasRootGoMod, func(p string) bool { return strings.HasSuffix(p, "_test.go") && inRootModule(p) }, goTestFunc,
			func(p, fn string, _ []byte) string {
				dir := "./" + path.Dir(p)
				if dir == "./." {
					dir = "."
				}
				return "go test " + dir + " -run '^" + fn + "$'"
			}},
		{usesPytest, func(p string) bool {
			b := path.Base(p)
			return strings.HasSuffix(b, ".py") && (strings.HasPrefix(b, "test_") || strings.HasSuffix(b, "_test.py"))
		}, pyTestFunc,
			func(p, fn string, _ []byte) string { return "pytest " + p + "::" + fn }},
		{len(crates) > 0, func(p string) bool { _, ok := crateOfTest(p); return ok }, rustTestFunc,
			func(p, fn string, data []byte) string {
				stem := strings.TrimSuffix(path.Base(p), ".rs")
				features := ""
				if f := rustFeatureGate(data); f != "" {
					features = " --features " + f
				}
				if path.Dir(path.Dir(p)) == "." {
					return "cargo test" + features + " --test " + stem + " " + fn
				}
				name, _ := crateOfTest(p)
				return "cargo test -p " + name + features + " --test " + stem + " " + fn
			}},
		{len(mochaDirs) > 0, func(p string) bool {
			ext := path.Ext(p)
			return (ext == ".js" || ext == ".mjs" || ext == ".cjs" || ext == ".ts") && inMochaDirs(p)
		}, mochaTest,
			func(p, title string, _ []byte) string {
				return "npx mocha " + mochaFlags + p + " --grep '" + title + "'"
			}},
	}
	for _, l := range langs {
		if !l.ok {
			continue
		}
		var cands []entry
		for _, e := range entries {
			if l.match(e.path) && !f.excluded(e.path) && !inDirs(e.path, fixtureDirs) && e.size > 0 {
				cands = append(cands, e)
			}
		}
		// Near the root first, then small: a small test file is most
		// likely a quick unit test.
		sort.Slice(cands, func(i, j int) bool {
			di, dj := strings.Count(cands[i].path, "/"), strings.Count(cands[j].path, "/")
			if di != dj {
				return di < dj
			}
			if cands[i].size != cands[j].size {
				return cands[i].size < cands[j].size
			}
			return cands[i].path < cands[j].path
		})
		if len(cands) > 8 {
			cands = cands[:8]
		}
		ids := make([]string, len(cands))
		for i, e := range cands {
			ids[i] = e.id
		}
		contents, err := snap.read(ctx, ids)
		if err != nil {
			continue
		}
		for _, e := range cands {
			data := contents[e.id]
			if l.name == goTestFunc && goBuildTag.Match(data) || l.name == rustTestFunc && rustGated.Match(data) && rustFeatureGate(data) == "" {
				continue // needs build tags, features or cfg to run
			}
			var loc []int
			for _, m := range l.name.FindAllSubmatchIndex(data, -1) {
				if !skippedAbove(data, m[0]) && !skipsAtOnce(data, m[1]) {
					loc = m
					break
				}
			}
			if loc == nil {
				continue
			}
			fn := ""
			for k := 2; k+1 < len(loc); k += 2 {
				if loc[k] >= 0 {
					fn = string(data[loc[k]:loc[k+1]]) // the first group that matched
					break
				}
			}
			out.add(KindTestOne, l.cmd(e.path, fn, data), fmt.Sprintf("%s:%d", e.path, lineOf(data, loc[0])))
			break
		}
	}
}

// skippedAbove tells a test whose attributes or decorators, the lines
// just above where its match starts, skip or ignore it: serde's
// compiletest ui has #[rustversion::attr(not(nightly), ignore = "requires
// nightly")] over its #[test]; pytest's @pytest.mark.skip.
func skippedAbove(data []byte, start int) bool {
	lines := strings.Split(string(data[:start]), "\n")
	for i := len(lines) - 2; i >= 0 && i >= len(lines)-8; i-- { // the last is the match's own line
		l := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(l, "#[") && !strings.HasPrefix(l, "@") {
			break
		}
		if low := strings.ToLower(l); strings.Contains(low, "ignore") || strings.Contains(low, "skip") {
			return true
		}
	}
	return false
}

// skipsAtOnce tells a test whose first lines, after where its match
// ends, skip it unless something is set: Go's "if os.Getenv(...) == \"\" {
// t.Skip(...) }", pytest's "pytest.skip(...)", a test runner's skip. The
// first six lines are read, or up to a line closing a block at the
// margin.
func skipsAtOnce(data []byte, end int) bool {
	rest := string(data[end:])
	for i, l := range strings.SplitN(rest, "\n", 8) {
		if i == 0 {
			continue // the rest of the match's own line
		}
		t := strings.TrimSpace(l)
		if strings.HasPrefix(l, "}") || i > 6 {
			break
		}
		if strings.HasPrefix(t, "t.Skip") || strings.HasPrefix(t, "pytest.skip(") || strings.HasPrefix(t, "self.skipTest(") {
			return true
		}
	}
	return false
}

// rustFeatureOnly is a test file's one gate when it is a single feature
// (#![cfg(feature = "full")], as most of tokio's tests have).
var rustFeatureOnly = regexp.MustCompile(`(?m)^#!\[cfg\(feature = "([A-Za-z0-9_-]+)"\)\][ \t]*$`)

// rustFeatureGate is the feature a test file needs when that is its only
// gate (one match of rustGated, and it is rustFeatureOnly); "" otherwise.
func rustFeatureGate(data []byte) string {
	if len(rustGated.FindAllIndex(data, 2)) != 1 {
		return ""
	}
	if m := rustFeatureOnly.FindSubmatch(data); m != nil {
		return string(m[1])
	}
	return ""
}

// rootMocha reads the root package.json's test script and, when it runs
// mocha, returns its options (each followed by a space: "--require
// test/support/env --check-leaks ") and the directories it names (test,
// test/acceptance): a single test runs with the same setup.
func rootMocha(ctx context.Context, snap snapshot, entries []entry) (string, []string) {
	var id string
	for _, e := range entries {
		if e.path == "package.json" {
			id = e.id
		}
	}
	if id == "" {
		return "", nil
	}
	contents, err := snap.read(ctx, []string{id})
	if err != nil {
		return "", nil
	}
	var doc struct {
		Scripts map[string]json.RawMessage `json:"scripts"`
	}
	if json.Unmarshal(contents[id], &doc) != nil {
		return "", nil
	}
	var script string
	if json.Unmarshal(doc.Scripts["test"], &script) != nil {
		return "", nil
	}
	words := strings.Fields(script)
	if len(words) == 0 || words[0] != "mocha" {
		return "", nil
	}
	var flags strings.Builder
	var dirs []string
	for i := 1; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "&&" || w == "||" || w == ";" || w == "|":
			i = len(words)
		case mochaValueFlags[w] && i+1 < len(words):
			if w != "--reporter" && w != "-R" {
				flags.WriteString(w + " " + words[i+1] + " ")
			}
			i++
		case strings.HasPrefix(w, "-"):
			if w != "--bail" && w != "-b" {
				flags.WriteString(w + " ")
			}
		case !strings.ContainsAny(w, "*{$"):
			dirs = append(dirs, strings.TrimSuffix(strings.TrimPrefix(w, "./"), "/"))
		}
	}
	if len(dirs) == 0 {
		dirs = []string{"test"} // mocha's default
	}
	return flags.String(), dirs
}

// mochaValueFlags take the next word as their value.
var mochaValueFlags = set("--require", "-r", "--reporter", "-R", "--timeout", "-t", "--ui", "-u", "--config", "--extension",
	"--file", "--ignore", "--slow", "-s", "--exit-code")
