package skills

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

func pattern(slot, kind string, commits int) *sdk.AddPattern {
	p := &sdk.AddPattern{Kind: kind, Slot: slot, Files: []*sdk.PatternFile{
		{Path: strings.TrimSuffix(slot, "/") + "/x.go", Created: true, Commits: int32(commits), Example: "a/x.go"},
		{Path: "a/register.go", Commits: int32(commits), Example: "a/register.go"},
	}}
	for i := range commits {
		p.Commits = append(p.Commits, &sdk.PatternCommit{Sha: strings.Repeat(string(rune('a'+i)), 40), Subject: `add "thing": yes`,
			Time: 1700000000 + int64(i), Instance: "a/x" + string(rune('0'+i)) + "/", AtHead: i > 1, Partly: i == 1})
	}
	return p
}

func render(t *testing.T, cfg map[string]*sdk.Value, m *sdk.Model) []*sdk.OutputFile {
	t.Helper()
	r := New()
	require.Empty(t, r.Configure(context.Background(), sdk.Config{Values: cfg}))
	resp, err := r.(sdk.Renderer).Render(context.Background(), m)
	require.NoError(t, err)
	return resp.GetFiles()
}

func TestRender(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		cfg   map[string]*sdk.Value
		pats  []*sdk.AddPattern
		paths []string
	}{
		"no pattern, no skill": {},
		"too few commits":      {pats: []*sdk.AddPattern{pattern("a/<name>/", "directory", 3)}},
		"one per pattern, names unique": {pats: []*sdk.AddPattern{pattern("a/<name>/", "directory", 5), pattern("a/<name>/", "directory", 4),
			pattern("a/<parent>/<name>/", "directory", 4), pattern("cmd/<name>.go", "file", 4)},
			paths: []string{".claude/skills/homer-add-a-dir/SKILL.md", ".claude/skills/homer-add-a-dir-2/SKILL.md",
				".claude/skills/homer-add-a-subdir/SKILL.md", ".claude/skills/homer-add-cmd-go-file/SKILL.md"}},
		"budget and directory": {cfg: map[string]*sdk.Value{"dir": sdk.String("agents/skills"), "max_skills": sdk.Number(1), "min_commits": sdk.Number(2)},
			pats:  []*sdk.AddPattern{pattern("a/<name>/", "directory", 2), pattern("b/<name>/", "directory", 2)},
			paths: []string{"agents/skills/homer-add-a-dir/SKILL.md"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var paths []string
			for _, f := range render(t, tc.cfg, &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, AddPatterns: tc.pats}) {
				paths = append(paths, f.GetPath())
				assert.True(t, f.GetHumanEditable(), "a skill a human wrote or took over is never overwritten")
			}
			assert.Equal(t, tc.paths, paths)
		})
	}
}

func TestSkillDocument(t *testing.T) {
	t.Parallel()
	m := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, AddPatterns: []*sdk.AddPattern{pattern("a/<name>/", "directory", 5)},
		Commands: []*sdk.BuildCommand{
			{Kind: "test", Command: "./scripts/integration.sh", Origin: ".github/workflows/ci.yml:9"},
			{Kind: "build", Command: "make build", Origin: "Makefile:3"},
			{Kind: "test", Command: "go test ./...", Origin: ".github/workflows/ci.yml:7"},
			{Kind: "test", Command: "make test", Origin: "Makefile:1"},
			{Kind: "test", Command: "make bench", Origin: "Makefile:5"},
			{Kind: "test", Command: "npm run cover", Origin: "package.json:7"},
			{Kind: "test", Command: "tox -e lint", Origin: "tox.ini:3"},
		}}
	text := string(render(t, nil, m)[0].GetContent())
	front, body, ok := strings.Cut(strings.TrimPrefix(text, "---\n"), "\n---\n")
	require.True(t, ok, "front matter closed")
	lines := strings.Split(front, "\n")
	require.Len(t, lines, 2)
	assert.Equal(t, "name: homer-add-a-dir", lines[0])
	assert.True(t, strings.HasPrefix(lines[1], `description: "Use when adding a new directory in a/ of this repository (like a/x2/).`), lines[1])
	assert.True(t, strings.HasPrefix(body, Marker))
	assert.Contains(t, body, "The newest that is still at HEAD added `a/x2/`", "a/x0/ is gone from HEAD, a/x1/ lacks a file")
	assert.Contains(t, body, ": `a/x0/` (removed since)")
	assert.Contains(t, body, ": `a/x1/` (still here, without every file above)", "zap's internal/readme/ has no test")
	assert.Contains(t, body, "1. Create `a/<name>/x.go`, like `a/x.go` (5 of 5 commits).\n2. Edit `a/register.go` (5 of 5 commits).")
	tests := body[strings.Index(body, "## Tests to run"):strings.Index(body, "## Learnt from")]
	assert.Equal(t, "## Tests to run\n\n- `make test` (from Makefile:1)\n- `go test ./...` (from .github/workflows/ci.yml:7)\n"+
		"- `tox -e lint` (from tox.ini:3)\n- `./scripts/integration.sh` (from .github/workflows/ci.yml:9)\n\n", tests,
		"commands that say test first, documents before CI, whole suites before scripts; no build, benchmark or coverage commands")
}

func TestYAMLString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, `"a: \"b\" \\ c # d"`, yamlString("a: \"b\" \\ c\n# d"))
}

func TestSkillName(t *testing.T) {
	t.Parallel()
	for slot, want := range map[string]string{
		"pkg/cmd/<parent>/<name>/": "homer-add-pkg-cmd-subdir",
		"<name>/":                  "homer-add-top-dir",
		"docs/patterns/<name>.rst": "homer-add-docs-patterns-rst-file",
		// Too long for the format: the innermost whole words that fit.
		"storage/remote/otlptranslator/prometheusremotewrite/<name>.go": "homer-add-remote-otlptranslator-prometheusremotewrite-go-file",
		strings.Repeat("x", 80) + "/<name>/":                            "",
	} {
		kind := "directory"
		if !strings.HasSuffix(slot, "/") {
			kind = "file"
		}
		got := skillName(&sdk.AddPattern{Kind: kind, Slot: slot})
		assert.LessOrEqual(t, len(got), maxNameLen)
		assert.Regexp(t, `^[a-z0-9]+(-[a-z0-9]+)*$`, got)
		if want != "" {
			assert.Equal(t, want, got)
		}
	}
}

func TestConfigureAndSchema(t *testing.T) {
	t.Parallel()
	r := New()
	diags := r.Configure(context.Background(), sdk.Config{Values: map[string]*sdk.Value{
		"dir": sdk.String("../outside"), "max_skills": sdk.Number(0), "min_commits": sdk.Number(1.5)}})
	var attrs []string
	for _, d := range diags {
		attrs = append(attrs, d.GetAttribute())
	}
	assert.ElementsMatch(t, []string{"dir", "max_skills", "min_commits"}, attrs, "every problem at once")

	_, err := r.(sdk.Renderer).Render(context.Background(), &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion + 1})
	require.ErrorContains(t, err, "newer than this renderer understands")
}

func TestDescriptionFitsTheFormat(t *testing.T) {
	t.Parallel()
	p := pattern("é/<name>/", "directory", 4)
	for i := range 200 {
		p.Files = append(p.Files, &sdk.PatternFile{Path: fmt.Sprintf("é/é%d.go", i), Commits: 4})
	}
	d := description(p)
	assert.LessOrEqual(t, len(d), maxDescLen)
	assert.True(t, utf8.ValidString(d))
	assert.True(t, strings.HasSuffix(d, "…"))
}
