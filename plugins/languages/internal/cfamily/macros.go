package cfamily

import (
	"bytes"
	"regexp"

	"github.com/homer-dev/homer/sdk"
)

// exportMacro finds an all-caps macro between `class`/`struct`/`union` and
// the type's name (`class LEVELDB_EXPORT Cache {`), or one named like an
// export macro opening a declaration (`FOO_API int f();`): the grammar
// does not expand macros and would read the first as the type's name, and
// the class body as a function's, the second as the result type.
var exportMacro = regexp.MustCompile(`^(?:class|struct|union)\s+([A-Z][A-Z0-9_]+)\s+[A-Za-z_]\w*\s*(?:\{|:[^:]|final\b)|^class\s+([A-Z][A-Z0-9_]+)\s+[A-Za-z_]\w*\s*;`)

// withoutExportMacros returns the files with such macros blanked out,
// byte for byte, so every position and line stays where it was. Files
// without one are returned as they are.
func withoutExportMacros(files []*sdk.SourceFile) []*sdk.SourceFile {
	out := files
	copied := false
	for i, f := range files {
		src := f.GetContent()
		var fixed []byte
		blank := func(start, end int) {
			if fixed == nil {
				fixed = append([]byte(nil), src...)
			}
			for j := start; j < end; j++ {
				if fixed[j] != '\n' {
					fixed[j] = ' '
				}
			}
		}
		if mayHaveAnnotations(src) {
			for _, m := range annotationMacro.FindAllIndex(src, -1) {
				if end := annotationEnd(src, m[1]); end >= 0 && afterDeclarator(src, m[0]) && !onDirectiveLine(src, m[0]) {
					blank(m[0], end)
				}
			}
		}
		// The regular expression runs only where a type keyword starts:
		// over a whole file it would cost more than the parse.
		for _, kw := range [][]byte{[]byte("class"), []byte("struct"), []byte("union")} {
			for at := 0; ; {
				k := bytes.Index(src[at:], kw)
				if k < 0 {
					break
				}
				start := at + k
				at = start + len(kw)
				if start > 0 && isWordByte(src[start-1]) {
					continue
				}
				m := exportMacro.FindSubmatchIndex(src[start:min(len(src), start+256)])
				if m == nil || m[0] != 0 {
					continue
				}
				for g := 2; g+1 < len(m); g += 2 {
					if m[g] >= 0 {
						if !onDirectiveLine(src, start+m[g]) {
							blank(start+m[g], start+m[g+1])
						}
						break
					}
				}
			}
		}
		for _, w := range declMacroWords {
			lastLine := -1
			for at := 0; ; {
				k := bytes.Index(src[at:], w)
				if k < 0 {
					break
				}
				hit := at + k
				at = hit + len(w)
				lineStart := bytes.LastIndexByte(src[:hit], '\n') + 1
				if lineStart == lastLine {
					continue
				}
				lastLine = lineStart
				lineEnd := bytes.IndexByte(src[hit:], '\n')
				if lineEnd < 0 {
					lineEnd = len(src)
				} else {
					lineEnd += hit
				}
				// One after another: `CLI11_NODISCARD CLI11_INLINE int f()`.
				for from := lineStart; from < lineEnd; {
					m := declMacro.FindSubmatchIndex(src[from:min(lineEnd, from+256)])
					if m == nil {
						break
					}
					blank(from+m[2], from+m[3])
					from += m[3]
				}
			}
		}
		if fixed == nil {
			continue
		}
		if !copied {
			out = append([]*sdk.SourceFile(nil), files...)
			copied = true
		}
		out[i] = &sdk.SourceFile{Path: f.GetPath(), BlobId: f.GetBlobId(), Content: fixed}
	}
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// annotationWords are substrings every annotation macro contains: a file
// without any is not searched.
var annotationWords = [][]byte{[]byte("GUARDED_BY"), []byte("LOCK"), []byte("THREAD_"), []byte("REQUIRES"),
	[]byte("EXCLUDES"), []byte("ACQUIRE"), []byte("RELEASE"), []byte("CAPABILITY")}

func mayHaveAnnotations(src []byte) bool {
	for _, w := range annotationWords {
		if bytes.Contains(src, w) {
			return true
		}
	}
	return false
}

// declMacro is an export or specifier macro opening a declaration
// (`FOO_API int f();`, CLI11's `CLI11_INLINE App::App(...)`), which the
// grammar would read as the result type; declMacroWords are the endings
// that make a line worth matching.
var (
	declMacro      = regexp.MustCompile(`^[ \t]*([A-Z][A-Z0-9_]*_(?:EXPORT|API|EXTERN|DLL|PUBLIC|DECL|INLINE|FORCEINLINE|NODISCARD|CONSTEXPR))[ \t]+[A-Za-z_]`)
	declMacroWords = [][]byte{[]byte("_EXPORT "), []byte("_API "), []byte("_EXTERN "), []byte("_DLL "), []byte("_PUBLIC "), []byte("_DECL "),
		[]byte("_INLINE "), []byte("_FORCEINLINE "), []byte("_NODISCARD "), []byte("_CONSTEXPR ")}
)

// annotationMacro finds the thread-safety and similar annotations Google
// style code writes after a declarator (`Mutex* mu GUARDED_BY(lock);`,
// `void f() EXCLUSIVE_LOCKS_REQUIRED(mu);`): the grammar reads the first
// as a method named GUARDED_BY, losing the field.
var annotationMacro = regexp.MustCompile(`\b(?:ABSL_|GOOGLE_|LEVELDB_)?(?:PT_GUARDED_BY|GUARDED_BY|ACQUIRED_AFTER|ACQUIRED_BEFORE|EXCLUSIVE_LOCKS_REQUIRED|SHARED_LOCKS_REQUIRED|LOCKS_EXCLUDED|LOCK_RETURNED|EXCLUSIVE_LOCK_FUNCTION|SHARED_LOCK_FUNCTION|UNLOCK_FUNCTION|EXCLUSIVE_TRYLOCK_FUNCTION|SHARED_TRYLOCK_FUNCTION|ASSERT_EXCLUSIVE_LOCK|ASSERT_SHARED_LOCK|NO_THREAD_SAFETY_ANALYSIS|REQUIRES_SHARED|REQUIRES|EXCLUDES|ACQUIRE_SHARED|RELEASE_SHARED|ACQUIRE|RELEASE|RETURN_CAPABILITY|THREAD_ANNOTATION_ATTRIBUTE__)\b`)

// annotationEnd is where an annotation starting with its name ending at i
// ends: after its balanced parenthesised arguments, if any; -1 when what
// follows is not the end of a declaration.
func annotationEnd(src []byte, i int) int {
	j := i
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	end := i
	if j < len(src) && src[j] == '(' {
		depth := 0
		for ; j < len(src); j++ {
			if src[j] == '(' {
				depth++
			} else if src[j] == ')' {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		if j >= len(src) {
			return -1
		}
		end = j + 1
		j++
	}
	for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') {
		j++
	}
	if j < len(src) && bytes.IndexByte([]byte(";{=,:"), src[j]) >= 0 || bytes.HasPrefix(src[j:], []byte("const")) ||
		bytes.HasPrefix(src[j:], []byte("override")) || annotationMacro.Match(src[j:min(len(src), j+40)]) {
		return end
	}
	return -1
}

// afterDeclarator reports whether the code before offset i ends a
// declarator: a name (not a statement keyword), ")" or "]".
func afterDeclarator(src []byte, i int) bool {
	j := i - 1
	for j >= 0 && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') {
		j--
	}
	if j < 0 {
		return false
	}
	if src[j] == ')' || src[j] == ']' {
		return true
	}
	k := j
	for k >= 0 && (src[k] == '_' || src[k] >= 'a' && src[k] <= 'z' || src[k] >= 'A' && src[k] <= 'Z' || src[k] >= '0' && src[k] <= '9') {
		k--
	}
	word := string(src[k+1 : j+1])
	return word != "" && !statementWords[word]
}

var statementWords = setOf(`return case else do throw goto new delete co_return co_yield typedef using operator`)

// onDirectiveLine reports whether offset i is on a preprocessor line.
func onDirectiveLine(src []byte, i int) bool {
	start := bytes.LastIndexByte(src[:i], '\n') + 1
	return len(bytes.TrimLeft(src[start:i], " \t")) > 0 && bytes.TrimLeft(src[start:i], " \t")[0] == '#'
}
