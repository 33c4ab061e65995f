package structure

import (
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// byExtension maps a lower-case file extension to a language name. Names
// follow the tree-sitter grammar names the language plugins use.
var byExtension = map[string]string{
	".go":         "go",
	".py":         "python",
	".pyi":        "python",
	".pyw":        "python",
	".ts":         "typescript",
	".mts":        "typescript",
	".cts":        "typescript",
	".tsx":        "tsx",
	".js":         "javascript",
	".mjs":        "javascript",
	".cjs":        "javascript",
	".jsx":        "javascript",
	".rs":         "rust",
	".java":       "java",
	".rb":         "ruby",
	".rake":       "ruby",
	".gemspec":    "ruby",
	".c":          "c",
	".h":          "c",
	".cc":         "cpp",
	".cpp":        "cpp",
	".cxx":        "cpp",
	".c++":        "cpp",
	".hh":         "cpp",
	".hpp":        "cpp",
	".hxx":        "cpp",
	".ipp":        "cpp",
	".cs":         "csharp",
	".php":        "php",
	".kt":         "kotlin",
	".kts":        "kotlin",
	".swift":      "swift",
	".lua":        "lua",
	".sh":         "shell",
	".bash":       "shell",
	".zsh":        "shell",
	".bats":       "shell",
	".scala":      "scala",
	".sc":         "scala",
	".groovy":     "groovy",
	".gradle":     "groovy",
	".ex":         "elixir",
	".exs":        "elixir",
	".erl":        "erlang",
	".hrl":        "erlang",
	".elm":        "elm",
	".ml":         "ocaml",
	".mli":        "ocaml",
	".hs":         "haskell",
	".clj":        "clojure",
	".cljs":       "clojure",
	".dart":       "dart",
	".r":          "r",
	".jl":         "julia",
	".zig":        "zig",
	".nim":        "nim",
	".pl":         "perl",
	".pm":         "perl",
	".m":          "objc",
	".mm":         "objc",
	".vue":        "vue",
	".svelte":     "svelte",
	".proto":      "protobuf",
	".sql":        "sql",
	".tf":         "hcl",
	".hcl":        "hcl",
	".cue":        "cue",
	".ps1":        "powershell",
	".md":         "markdown",
	".markdown":   "markdown",
	".mdx":        "markdown",
	".rst":        "rst",
	".txt":        "text",
	".yml":        "yaml",
	".yaml":       "yaml",
	".json":       "json",
	".jsonc":      "json",
	".toml":       "toml",
	".xml":        "xml",
	".html":       "html",
	".htm":        "html",
	".css":        "css",
	".scss":       "scss",
	".sass":       "scss",
	".less":       "css",
	".ini":        "ini",
	".cfg":        "ini",
	".mk":         "make",
	".dockerfile": "dockerfile",
}

// byName maps exact file names to a language.
var byName = map[string]string{
	"Makefile":       "make",
	"makefile":       "make",
	"GNUmakefile":    "make",
	"Dockerfile":     "dockerfile",
	"Containerfile":  "dockerfile",
	"Rakefile":       "ruby",
	"Gemfile":        "ruby",
	"Vagrantfile":    "ruby",
	"Jenkinsfile":    "groovy",
	"justfile":       "just",
	"Justfile":       "just",
	".justfile":      "just",
	"BUILD":          "starlark",
	"BUILD.bazel":    "starlark",
	"WORKSPACE":      "starlark",
	"CMakeLists.txt": "cmake",
}

// nonSource are languages of data, documentation and build glue: a
// directory holding only these is not a module.
var nonSource = map[string]bool{
	"markdown": true, "rst": true, "text": true, "yaml": true, "json": true, "toml": true,
	"xml": true, "html": true, "css": true, "scss": true, "ini": true, "make": true,
	"dockerfile": true, "just": true, "starlark": true, "cmake": true, "sql": true,
}

// languageOf names the language of a path, or "" when unknown.
func languageOf(p string) string {
	base := path.Base(p)
	if l, ok := byName[base]; ok {
		return l
	}
	if strings.HasPrefix(base, "Dockerfile.") {
		return "dockerfile"
	}
	if l, ok := byExtension[strings.ToLower(path.Ext(base))]; ok {
		return l
	}
	return ""
}

func isSource(lang string) bool { return lang != "" && !nonSource[lang] }

// headerLanguage is the language of the repository's .h files: C++ where
// its C++ sources outnumber its C ones (fmt's include/fmt/*.h), else C;
// the core gives them to the language plugin by the same count.
func headerLanguage(entries []entry, f filter) string {
	n := map[string]int{}
	for _, e := range entries {
		if f.keep(e.path) && strings.ToLower(path.Ext(e.path)) != ".h" {
			n[languageOf(e.path)]++
		}
	}
	if n["cpp"] > n["c"] {
		return "cpp"
	}
	return "c"
}

// testDirs are directory names that hold tests (or their fixtures) in
// common layouts: Go testdata, Python and Rust tests/, Ruby spec/,
// JavaScript __tests__, Maven src/test.
var testDirs = map[string]bool{
	"test": true, "tests": true, "__tests__": true, "__test__": true, "spec": true, "specs": true,
	"testdata": true, "test_data": true, "testing_data": true, "e2e": true, "integration_tests": true,
}

// isTest tells whether a file is test code (or test data) by the naming
// conventions of the common languages.
func isTest(p string) bool {
	dir, base := path.Split(p)
	for _, d := range strings.Split(strings.TrimSuffix(dir, "/"), "/") {
		if d == "lib" && path.Ext(base) == ".ex" {
			return false // Mix compiles lib/ into the package: plug's lib/plug/adapters/test/conn.ex is its users' test adapter
		}
		if testDirs[d] || strings.HasSuffix(d, ".Tests") || strings.HasSuffix(d, ".Test") || strings.HasSuffix(d, "Tests") && isUpper(d) {
			return true
		}
	}
	stem, ext := base, path.Ext(base)
	stem = strings.TrimSuffix(stem, ext)
	lower := strings.ToLower(stem)
	switch ext {
	case ".go":
		return strings.HasSuffix(stem, "_test")
	case ".py":
		return strings.HasPrefix(stem, "test_") || strings.HasSuffix(stem, "_test") || stem == "conftest"
	case ".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte":
		return strings.HasSuffix(lower, ".test") || strings.HasSuffix(lower, ".spec") ||
			strings.HasSuffix(lower, ".e2e") || strings.HasSuffix(lower, "-test") || strings.HasSuffix(lower, "_test")
	case ".rb":
		// Under lib/ is a gem's code, whatever its name (test_helpers.rb
		// is what its users test with); lib/ inside test/ was seen above.
		return !slices.Contains(strings.Split(dir, "/"), "lib") &&
			(strings.HasSuffix(stem, "_spec") || strings.HasSuffix(stem, "_test") || strings.HasPrefix(stem, "test_"))
	case ".java", ".kt", ".kts", ".scala", ".groovy", ".cs", ".php", ".swift", ".dart":
		return strings.HasSuffix(stem, "Test") || strings.HasSuffix(stem, "Tests") || strings.HasSuffix(stem, "IT") ||
			strings.HasSuffix(stem, "Spec") || strings.HasPrefix(stem, "Test") && len(stem) > 4 && isUpperRune(stem[4:]) ||
			strings.HasSuffix(stem, "_test")
	case ".rs":
		return stem == "tests" || strings.HasSuffix(stem, "_test") || strings.HasSuffix(stem, "_tests")
	case ".c", ".cc", ".cpp", ".cxx", ".h", ".hpp":
		return strings.HasSuffix(lower, "_test") || strings.HasSuffix(lower, "_unittest") || strings.HasSuffix(lower, "_tests") ||
			strings.HasPrefix(lower, "test_") || lower == "test" || lower == "tests"
	case ".lua":
		return strings.HasSuffix(stem, "_spec") || strings.HasSuffix(stem, "_test")
	case ".sh", ".bats":
		return ext == ".bats" || strings.HasPrefix(stem, "test_") || strings.HasSuffix(stem, "_test")
	case ".ex", ".exs":
		return strings.HasSuffix(stem, "_test")
	}
	return false
}

func isUpper(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

func isUpperRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 'A' && r <= 'Z' || r == '_'
}
