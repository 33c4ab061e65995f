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
var exportMacro = regexp.MustCompile(`\b(?:class|struct|union)\s+([A-Z][A-Z0-9_]+)\s+[A-Za-z_]\w*\s*(?:\{|:[^:]|final\b)|\bclass\s+([A-Z][A-Z0-9_]+)\s+[A-Za-z_]\w*\s*;|(?m:^[ \t]*([A-Z][A-Z0-9_]*_(?:EXPORT|API|EXTERN|DLL|PUBLIC|DECL))[ \t]+[A-Za-z_])`)

// withoutExportMacros returns the files with such macros blanked out,
// byte for byte, so every position and line stays where it was. Files
// without one are returned as they are.
func withoutExportMacros(files []*sdk.SourceFile) []*sdk.SourceFile {
	out := files
	copied := false
	for i, f := range files {
		src := f.GetContent()
		if !bytes.Contains(src, []byte("class")) && !bytes.Contains(src, []byte("struct")) && !bytes.Contains(src, []byte("union")) &&
			!annotationMacro.Match(src) {
			continue
		}
		var fixed []byte
		for _, m := range annotationMacro.FindAllIndex(src, -1) {
			start, end := m[0], annotationEnd(src, m[1])
			if end < 0 || !afterDeclarator(src, start) || onDirectiveLine(src, start) {
				continue
			}
			if fixed == nil {
				fixed = append([]byte(nil), src...)
			}
			for j := start; j < end; j++ {
				if fixed[j] != '\n' {
					fixed[j] = ' '
				}
			}
		}
		for _, m := range exportMacro.FindAllSubmatchIndex(src, -1) {
			start, end := -1, -1
			for g := 2; g+1 < len(m); g += 2 {
				if m[g] >= 0 {
					start, end = m[g], m[g+1]
					break
				}
			}
			if start < 0 || onDirectiveLine(src, start) {
				continue
			}
			if fixed == nil {
				fixed = append([]byte(nil), src...)
			}
			for j := start; j < end; j++ {
				fixed[j] = ' '
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
