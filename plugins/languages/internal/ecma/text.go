package ecma

import (
	"path"
	"strings"
	"unicode"

	"github.com/homer-dev/homer/plugins/languages/internal/doccomment"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// sourceExts are the extensions of the family's source files, which test
// file names end in.
var sourceExts = []string{".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"}

// IsTest follows the conventions of Jest, Vitest, Mocha and Jasmine: a name
// ending in .test.<ext> or .spec.<ext> (x.test.ts, x.spec.jsx; type tests
// x.test-d.ts too), or a file under a __tests__, test, tests or test-d
// directory.
func IsTest(p string) bool {
	if testName(p) {
		return true
	}
	for _, dir := range strings.Split(path.Dir(p), "/") {
		switch dir {
		case "__tests__", "test", "tests", "test-d": // test-d: tsd's type tests, x.ts among x.test-d.ts
			return true
		}
	}
	return false
}

// testName tells a file whose name says it holds tests: x.test.ts,
// x.spec.jsx, x.test-d.ts.
func testName(p string) bool {
	base := path.Base(p)
	for _, ext := range sourceExts {
		if stem, ok := strings.CutSuffix(base, ext); ok {
			stem = strings.TrimSuffix(stem, ".d") // x.test.d.ts: types for tests
			// x.test-d.ts, x.spec-d.ts: Vitest's and tsd's type tests.
			stem = strings.TrimSuffix(stem, "-d")
			return strings.HasSuffix(stem, ".test") || strings.HasSuffix(stem, ".spec")
		}
	}
	return false
}

// defaultName names a file's anonymous default export by its module, as
// its importers usually bind it (import parseHeaders from
// './parseHeaders.js' finds it): the file's stem in camel case, the
// directory's for an index file. It is "default" where that is no
// identifier or names something else of the file.
func defaultName(p string, taken map[string]bool) string {
	stem := path.Base(p)
	for _, ext := range sourceExts {
		if s, ok := strings.CutSuffix(stem, ext); ok {
			stem = strings.TrimSuffix(s, ".d")
			break
		}
	}
	if stem == "index" {
		stem = path.Base(path.Dir(p))
	}
	var b strings.Builder
	upper := false
	for i, r := range stem {
		switch {
		case r == '-' || r == '_' && i > 0:
			upper = true
		case r == '_' || r == '$' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r)):
			if upper {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
			upper = false
		default:
			return "default"
		}
	}
	name := b.String()
	if name == "" || taken[name] {
		return "default"
	}
	return name
}

// jsdoc cleans a /** */ comment: the delimiters go, and so does each line's
// leading " * "; blank edges are trimmed; inline tags read as their words
// (doccomment.InlineTags). Other comments give "".
func jsdoc(c string) string {
	if !strings.HasPrefix(c, "/**") || !strings.HasSuffix(c, "*/") || len(c) < 5 {
		return ""
	}
	c = c[3 : len(c)-2]
	lines := strings.Split(c, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "*") {
			l = strings.TrimPrefix(strings.TrimPrefix(l, "*"), " ")
		}
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return doccomment.InlineTags(strings.Trim(strings.Join(lines, "\n"), "\n "))
}

// fileDoc reports a JSDoc that documents its file, not what follows it:
// it carries one of JSDoc's file-level tags.
func fileDoc(doc string) bool {
	for _, tag := range []string{"@license", "@file", "@fileoverview", "@overview", "@module", "@copyright", "@preserve"} {
		if i := strings.Index(doc, tag); i >= 0 {
			rest := doc[i+len(tag):]
			if rest == "" || !unicode.IsLetter(rune(rest[0])) {
				return true
			}
		}
	}
	return false
}

// syntax is what folding a definition header onto one line must know of
// the family: three kinds of quotes, // and /* */ comments.
var syntax = treesitter.Syntax{
	Quotes:      "\"'`",
	LineComment: "//",
	BlockOpen:   "/*",
	BlockClose:  "*/",
	// Headers with long default values or inline object types must not
	// bloat every fact built on them.
	MaxLen: 300,
}

func oneLine(b []byte) string {
	if len(b) > 4*syntax.MaxLen {
		b = b[:4*syntax.MaxLen] // a minified header: the start says enough
	}
	return strings.TrimSpace(syntax.OneLine(b))
}
