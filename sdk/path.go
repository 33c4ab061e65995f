package sdk

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// ProtoPath returns a repository path as protobuf can carry it, in valid
// UTF-8: each byte that is not part of a valid sequence is written as \xHH,
// so that distinct paths stay distinct (x\377.go and x\376.go are two
// files). A valid path is returned unchanged. Sources that report paths
// from history and from HEAD use it alike, so the two join.
func ProtoPath(p string) string {
	if utf8.ValidString(p) {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		if r == utf8.RuneError && n <= 1 {
			fmt.Fprintf(&b, `\x%02x`, p[i])
			i++
			continue
		}
		b.WriteString(p[i : i+n])
		i += n
	}
	return b.String()
}

// exampleWords name directories of example apps, alone or as the start or
// end of a directory's name.
var exampleWords = []string{"examples", "example", "samples", "sample", "demos", "demo", "playgrounds", "playground", "tutorials", "tutorial"}

// DocsDir tells the repository's documentation directory by its name, at
// the top of the tree: docs/, documentation/, the project's website/ and
// its book/ (an mdBook or GitBook guide), its guides/. Code below it illustrates the
// documentation (libuv's docs/code/ guide programs, CLI11's book/code/)
// or builds the site (formik's website/ was ten of its twelve most
// salient modules); it is not the product. A doc/ may be a package of the
// product (cobra's doc/ writes man pages).
func DocsDir(name string) bool {
	switch n := strings.ToLower(name); {
	case n == "docs", n == "documentation", n == "website", n == "book", n == "guides":
		return true
	case strings.HasPrefix(n, "docs-") || strings.HasPrefix(n, "docs_"):
		return true // the documentation's tooling (cpp-httplib's docs-util/)
	}
	return false
}

// InDocsDir tells a path below the repository's documentation directory
// (DocsDir, at the top of the tree).
func InDocsDir(p string) bool {
	top, _, ok := strings.Cut(p, "/")
	return ok && DocsDir(top)
}

// sourceSetRoots are the directories a Gradle or Maven source set keeps
// its files in: below them the directories name a package.
var sourceSetRoots = map[string]bool{"java": true, "kotlin": true, "scala": true, "groovy": true, "resources": true, "res": true, "assets": true, "aidl": true}

// SourceSetCut is the index at which dirs (a path's directories, in order)
// enter a source set: the set's name right below a src/ directory, when it
// is main or holds a java/, kotlin/ (and the like) root. Below it the
// names are a source set's and a package's, never an example's or a
// benchmark's: nowinandroid's core/analytics/src/demo/ is its demo
// flavour and src/prod/kotlin/com/google/samples/ a package. len(dirs)
// when none.
func SourceSetCut(dirs []string) int {
	for i := 0; i+1 < len(dirs); i++ {
		if !strings.EqualFold(dirs[i], "src") {
			continue
		}
		if dirs[i+1] == "main" || i+2 < len(dirs) && sourceSetRoots[strings.ToLower(dirs[i+2])] {
			return i + 1
		}
	}
	return len(dirs)
}

// BenchTree tells a path under a directory of benchmarks or fuzzing
// harnesses: bench/, benches/, benchmarks/, Polly.Core.Benchmarks/,
// profiling/, fuzz/, fuzzing/ (programs that measure or probe the code,
// not the code).
func BenchTree(p string) bool {
	dirs := strings.Split(path.Dir(p), "/")
	inSource := false
	for _, d := range dirs {
		d = strings.ToLower(d)
		if d == "src" || d == "lib" {
			inSource = true
			continue
		}
		project := len(d) > len("benchmarks") && strings.HasSuffix(d, "benchmarks") // Polly.Core.Benchmarks
		if project || d == "fuzz" || d == "fuzzing" || d == "fuzzers" {
			return true
		}
		if !inSource && (strings.HasPrefix(d, "bench") || BenchDir(d)) {
			// Inside the product's source, a package named so is the
			// product: hyperfine's src/benchmark/ is the tool itself.
			return true
		}
	}
	stem := strings.ToLower(strings.TrimSuffix(path.Base(p), path.Ext(p)))
	return !inSource && BenchFile(stem) // chalk's benchmark.js
}

// ExampleRoot is the directory of example apps p lies under, up to and
// with its name ("samples", "site/examples", the documentation's
// "docs_src"), "" for none. Below a source set the directories are its
// name and a package's: org/springframework/samples/petclinic,
// nowinandroid's src/demo/.
func ExampleRoot(p string) string {
	parts := strings.Split(p, "/")
	dirs := parts[:len(parts)-1]
	for i, d := range dirs[:SourceSetCut(dirs)] {
		if ExampleDir(d) { // Kingfisher's Demo/, SnapKit's Example-iOS/, a DocC catalog's tutorial code
			return strings.Join(parts[:i+1], "/")
		}
	}
	return ""
}

// localeDirs name directories of translations.
var localeDirs = []string{"language", "languages", "lang", "langs", "locale", "locales", "i18n", "l10n", "translations", "translation"}

// localeStem is a file name's stem that ends in a language code, with a
// region or script or not: en, zh_CN, pt-BR, phpmailer.lang-zh,
// messages_fr.
var localeStem = regexp.MustCompile(`(?:^|[-_.])[a-z]{2}(?:[-_][A-Za-z]{2,4})?$`)

// Translation tells a file that translates the product's messages into
// one language: named for the language, in a directory of translations
// (PHPMailer's language/phpmailer.lang-zh.php, a Rails app's
// config/locales/fr.yml). Both are asked: a package named language/ or
// i18n/ may be the product's code (golang.org/x/text's language/). Its
// many authors and edits say nothing of the code's risk.
func Translation(p string) bool {
	dirs := strings.Split(path.Dir(p), "/")
	if !slices.ContainsFunc(dirs, func(d string) bool { return slices.Contains(localeDirs, strings.ToLower(d)) }) {
		return false
	}
	base := path.Base(p)
	return localeStem.MatchString(strings.TrimSuffix(base, path.Ext(base)))
}

// BenchFile tells a file named for benchmarks by its name without its
// extension, in any case: bench, benchmark, benchmarks (chalk's
// benchmark.js).
func BenchFile(stem string) bool {
	switch strings.ToLower(stem) {
	case "bench", "benchmark", "benchmarks":
		return true
	}
	return false
}

// benchWords name directories of benchmarks and profiles, alone or joined
// to another word.
var benchWords = []string{"benchmarks", "benchmark", "benchmarking", "benches", "bench", "performance", "perf", "profiling"}

// BenchDir tells a directory name, in any case, that holds benchmarks or
// profiling programs: bench/, benches/, benchmarks/, perf/, profiling/,
// and names built on them (perf-testing, __performance_tests__,
// Polly.Core.Benchmarks). What measures the code is neither the product
// nor its tests. Whether such a directory inside the product's source
// (hyperfine's src/benchmark/) is the product is the caller's to judge.
func BenchDir(name string) bool {
	l := strings.Trim(strings.ToLower(name), "_")
	for _, w := range benchWords {
		if rest, ok := strings.CutPrefix(l, w); ok && (rest == "" || strings.ContainsAny(rest[:1], "-_.")) {
			return true
		}
		if len(l) > len(w) && strings.HasSuffix(l, w) && strings.ContainsAny(l[len(l)-len(w)-1:len(l)-len(w)], "-_.") {
			return true
		}
	}
	return false
}

// ExampleDir tells a directory name, in any case, that holds example apps
// rather than the product: examples/, samples/, Demo/, tutorials/, a
// playground, the documentation's docs_src/, a DocC catalog, and names
// built on them (Example-iOS, react-example, SampleApp). Language plugins,
// the core and the renderers judge examples by it alike.
func ExampleDir(name string) bool {
	l := strings.TrimPrefix(strings.ToLower(name), "_")
	if l == "docs_src" || strings.HasSuffix(l, ".docc") || strings.HasSuffix(l, ".playground") {
		return true
	}
	for _, w := range exampleWords {
		rest, ok := strings.CutPrefix(l, w)
		switch {
		case ok && (rest == "" || rest == "app" || rest == "apps" || strings.ContainsAny(rest[:1], "-_. ")):
			return true
		case len(l) > len(w) && strings.HasSuffix(l, w) && (l[len(l)-len(w)-1] == '-' || l[len(l)-len(w)-1] == '_'):
			return true // "-" or "_" and the word, told without building either
		}
	}
	return false
}
