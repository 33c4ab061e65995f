package pipeline

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/homer-dev/homer/sdk"
)

// A list item or table row naming one path at HEAD before "deprecated" is
// a deprecated area, with what follows the word as its reason; prose, a
// path HEAD lacks, two paths on a line, a document too deep and a missing
// blob say nothing.
func TestFindDeprecations(t *testing.T) {
	t.Parallel()
	docs := map[string]string{
		"b-layout": "# Layout\n\n- [`api/`](../api) - main utilities\n" +
			"- [`context/`](../context) - DEPRECATED: use only for referencing git remotes\n" +
			"- [`utils/`](../utils) - DEPRECATED: use only for printing table output\n" +
			"- [`gone/`](../gone) - DEPRECATED: removed long ago\n" +
			"- `api/` and `utils/` are both deprecated, says a confused line\n" +
			"The `script/old.sh` helper is deprecated.\n",
		"b-readme": "| path | state |\n|---|---|\n| `script/old.sh` | Deprecated |\n",
		"b-deep":   "- `api/` - deprecated\n",
	}
	files := []HeadFile{
		{Path: "docs/project-layout.md", Blob: "b-layout"},
		{Path: "README.md", Blob: "b-readme"},
		{Path: "docs/a/b/deep.md", Blob: "b-deep"},
		{Path: "docs/missing.md", Blob: "b-missing"},
		{Path: "api/client.go"}, {Path: "context/remote.go"}, {Path: "utils/table.go"}, {Path: "script/old.sh"},
	}
	read := func(blob string) ([]byte, error) {
		if d, ok := docs[blob]; ok {
			return []byte(d), nil
		}
		return nil, errors.New("missing")
	}
	got := findDeprecations(files, read)
	var summary []string
	for _, d := range got {
		summary = append(summary, d.GetPath()+" | "+d.GetReason()+" | "+d.GetOrigin())
	}
	assert.Equal(t, []string{
		"context/ | use only for referencing git remotes | docs/project-layout.md:4",
		"script/old.sh |  | README.md:3",
		"utils/ | use only for printing table output | docs/project-layout.md:5",
	}, summary)
	assert.Empty(t, findDeprecations(files[4:], read), "no documents")
	var none []*sdk.Deprecation
	assert.Equal(t, none, findDeprecations(nil, read))
}
