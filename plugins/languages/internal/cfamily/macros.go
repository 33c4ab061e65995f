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
		if !bytes.Contains(src, []byte("class")) && !bytes.Contains(src, []byte("struct")) && !bytes.Contains(src, []byte("union")) {
			continue
		}
		var fixed []byte
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

// onDirectiveLine reports whether offset i is on a preprocessor line.
func onDirectiveLine(src []byte, i int) bool {
	start := bytes.LastIndexByte(src[:i], '\n') + 1
	return len(bytes.TrimLeft(src[start:i], " \t")) > 0 && bytes.TrimLeft(src[start:i], " \t")[0] == '#'
}
