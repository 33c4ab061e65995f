package agentsmd

import (
	"testing"

	"github.com/stretchr/testify/assert"

	sdk "github.com/homer-dev/homer/sdk"
)

func share(count, total int32) *sdk.Share { return &sdk.Share{Count: count, Total: total} }

// Only conventions most of a large enough sample follows are stated; the
// exported and unexported names of a kind are said once when they agree;
// a test pattern takes the language's extension; the commit types shown
// are those of the form stated.
func TestConventionsStateWhatMostDo(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{
		Files: []*sdk.FileModel{{Path: "a.go", Language: "go"}, {Path: "b.go", Language: "go"}, {Path: "x.py", Language: "python"}},
		Conventions: &sdk.Conventions{
			Naming: []*sdk.NamingStyle{
				{Language: "go", Kind: "function", Visibility: "exported", Style: "PascalCase", Adherence: share(40, 40),
					Prefixes: []*sdk.Affix{{Affix: "New", Share: share(8, 40)}, {Affix: "Get", Share: share(2, 40)}}},
				{Language: "go", Kind: "function", Visibility: "unexported", Style: "camelCase", Adherence: share(30, 31)},
				{Language: "go", Kind: "constant", Visibility: "exported", Style: "PascalCase", Adherence: share(5, 5)},
				{Language: "python", Kind: "function", Visibility: "exported", Style: "snake_case", Adherence: share(20, 30)},
				{Language: "python", Kind: "type", Visibility: "exported", Style: "PascalCase", Adherence: share(14, 20)}, // 70%: not more
				{Language: "python", Kind: "type", Visibility: "unexported", Style: "PascalCase", Adherence: share(19, 20)},
			},
			Tests: []*sdk.TestStyle{{Language: "go", Pattern: "*_test.EXT", Adherence: share(12, 12),
				Frameworks: []*sdk.Affix{{Affix: "testing", Share: share(12, 12)}, {Affix: "assert", Share: share(6, 12)}}, InSource: share(0, 20)}},
			Docs: []*sdk.DocStyle{
				{Language: "go", Coverage: share(30, 40), Style: "godoc", Adherence: share(30, 30), StartsWithName: share(10, 30)},
				{Language: "python", Coverage: share(10, 40), Style: "docstring", Adherence: share(10, 10)},
			},
			Errors:  []*sdk.ErrorStyle{{Language: "go", Style: "returned", Adherence: share(80, 100)}},
			Commits: &sdk.CommitStyle{Style: "component", Conventional: share(10, 300), Component: share(250, 300), RecentConventional: share(100, 200), Types: []*sdk.Affix{{Affix: "core", Share: share(50, 300)}}},
		},
	}
	x := newIndex(m, options{maxEntries: 12})
	got := x.conventions()
	assert.Equal(t, "What most of the code and history already do (with how much of it does), to follow in new code:\n\n"+
		"- **go**\n"+
		"  - names: exported functions `PascalCase` (40 of 40), often starting `New`; unexported functions `camelCase` (30 of 31).\n"+
		"  - tests: test files are named `*_test.go` (12 of 12); they import `testing` (12 of 12 test files).\n"+
		"  - doc comments: 30 of 40 exported definitions have one (godoc, 30 of 30).\n"+
		"  - errors: returned to the caller as they are (80 of 100 error-handling sites).\n"+
		"- **python**\n"+
		"  - names: unexported types `PascalCase` (19 of 20).\n"+
		"- **commits**: subjects start with the area they change, `area: subject` (250 of 300 commits; the most used: `core`).\n", got)
}

// Agreeing styles of both visibilities are said once, their counts summed;
// a model without conventions gives no section.
func TestConventionsJoinVisibilities(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{Conventions: &sdk.Conventions{Naming: []*sdk.NamingStyle{
		{Language: "rust", Kind: "function", Visibility: "exported", Style: "snake_case", Adherence: share(30, 30)},
		{Language: "rust", Kind: "function", Visibility: "unexported", Style: "snake_case", Adherence: share(60, 61)},
	}}}
	assert.Contains(t, newIndex(m, options{}).conventions(), "  - names: functions `snake_case` (90 of 91).\n")
	assert.Empty(t, newIndex(&sdk.Model{}, options{}).conventions())
	assert.Empty(t, newIndex(&sdk.Model{Conventions: &sdk.Conventions{}}, options{}).conventions())
}
