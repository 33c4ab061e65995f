package pipeline

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/homer-dev/homer/sdk"
)

// Deprecated areas are what the repository's own documents say: a list
// item or table row that names one directory or file at HEAD and calls it
// deprecated (cli/cli's docs/project-layout.md: "[`utils/`](../utils) -
// DEPRECATED: use only for printing table output"). Prose that mentions a
// deprecated function is not a deprecated area, so only lines that are
// list items or table rows, and name exactly one path at HEAD before the
// word, count.

// maxDeprecationDocs bounds the documents read; maxDeprecationDocSize the
// size of one.
const (
	maxDeprecationDocs    = 60
	maxDeprecationDocSize = 256 << 10
)

var (
	deprecatedWord = regexp.MustCompile(`(?i)\bdeprecated\b`)
	// pathMention is a path in backticks or a link's target.
	pathMention = regexp.MustCompile("`([^`\\s]+)`|\\]\\(([^)\\s]+)\\)")
)

// deprecationDocs are the documents read for deprecations: Markdown and
// reStructuredText at the root, under docs/ or .github/, at most two
// directories deep, smallest path first.
func deprecationDocs(files []HeadFile) []HeadFile {
	var out []HeadFile
	for _, f := range files {
		ext := strings.ToLower(path.Ext(f.Path))
		if ext != ".md" && ext != ".rst" || f.Size > maxDeprecationDocSize {
			continue
		}
		dir := path.Dir(f.Path)
		top, _, _ := strings.Cut(dir, "/")
		if dir != "." && top != "docs" && top != ".github" || strings.Count(f.Path, "/") > 2 {
			continue
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	if len(out) > maxDeprecationDocs {
		out = out[:maxDeprecationDocs]
	}
	return out
}

// findDeprecations reads the documents through read (a blob's bytes by
// id) and returns the deprecated areas they name, by path; the first
// document to name a path wins.
func findDeprecations(files []HeadFile, read func(blob string) ([]byte, error)) []*sdk.Deprecation {
	isFile := make(map[string]bool, len(files))
	isDir := map[string]bool{}
	for _, f := range files {
		isFile[f.Path] = true
		for d := path.Dir(f.Path); d != "." && !isDir[d]; d = path.Dir(d) {
			isDir[d] = true
		}
	}
	seen := map[string]bool{}
	var out []*sdk.Deprecation
	for _, doc := range deprecationDocs(files) {
		data, err := read(doc.Blob)
		if err != nil || !utf8.Valid(data) {
			continue // a blob left out of a partial clone: nothing to say
		}
		for i, line := range strings.Split(string(data), "\n") {
			t := strings.TrimSpace(line)
			if !(strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "|")) {
				continue
			}
			loc := deprecatedWord.FindStringIndex(t)
			if loc == nil {
				continue
			}
			target := ""
			for _, m := range pathMention.FindAllStringSubmatch(t[:loc[0]], -1) {
				// A path in backticks is written from the root, or from the
				// document; a link's target from the document.
				var cands []string
				if m[1] != "" {
					cands = []string{path.Clean(m[1]), path.Join(path.Dir(doc.Path), m[1])}
				} else if !strings.Contains(m[2], "://") {
					cands = []string{path.Join(path.Dir(doc.Path), m[2])}
					if strings.HasPrefix(m[2], "/") {
						cands = []string{path.Clean(strings.TrimPrefix(m[2], "/"))}
					}
				}
				p := ""
				for _, c := range cands {
					switch c = strings.TrimSuffix(c, "/"); {
					case isDir[c]:
						p = c + "/"
					case isFile[c]:
						p = c
					default:
						continue
					}
					break
				}
				if p == "" {
					continue
				}
				if target != "" && target != p {
					target = "-" // two paths: which one is meant is not clear
				} else {
					target = p
				}
			}
			if target == "" || target == "-" || seen[target] {
				continue
			}
			seen[target] = true
			reason := strings.TrimSpace(strings.Trim(strings.TrimSpace(t[loc[1]:]), ":-–—|*_ "))
			out = append(out, &sdk.Deprecation{Path: target, Reason: reason, Origin: fmt.Sprintf("%s:%d", doc.Path, i+1)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].GetPath() < out[j].GetPath() })
	return out
}
