package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

func write(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "homer.hcl")
	require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	return p
}

func TestDefaultsWithoutFile(t *testing.T) {
	t.Parallel()
	c, diags := Load("")
	require.False(t, diags.HasErrors())
	require.Equal(t, DefaultDB, c.DB)
	require.Equal(t, 0, c.MaxCommits())
	for kind, names := range BuiltinDefaults {
		for _, n := range names {
			b := c.Find(kind, n)
			require.NotNil(t, b, "%s %s", kind, n)
			require.True(t, b.Enabled)
		}
	}
	require.Equal(t, 50, c.Analyzers.CoChange.MaxFilesPerCommit)
}

func TestFullFile(t *testing.T) {
	t.Parallel()
	c, diags := Load(write(t, `
homer {
  db    = "x/h.db"
  depth = "shallow"
}
source "git" { max_commits = 10 }
language "python" { enabled = false }
language "lua" {
  plugin = "./bin/homer-lang-lua"
  claim  = [".luau"]
}
analyzer "co-change" { min_count = 5 }
renderer "agents-md" { output = "CONTEXT.md" }
plugin "extra" { path = "/opt/extra" }
pipeline "ci" { renderers = ["risk-map"] }
`))
	require.False(t, diags.HasErrors(), diags.Error())
	require.Equal(t, "x/h.db", c.DB)
	require.Equal(t, 500, c.MaxCommits())
	require.False(t, c.Find("language", "python").Enabled)
	require.True(t, c.Find("source", "structure").Enabled, "built-ins not mentioned stay on")
	require.Equal(t, []string{".luau"}, c.Find("language", "lua").Claim)
	require.Equal(t, "./bin/homer-lang-lua", c.Find("language", "lua").Plugin)
	require.Equal(t, 5, c.Analyzers.CoChange.MinCount)
	require.Equal(t, 0.3, c.Analyzers.CoChange.MinConfidence, "unset analyzer settings keep their defaults")
	require.Contains(t, c.Find("source", "git").Attrs, "max_commits")
	require.Equal(t, []string{"risk-map"}, c.Pipelines["ci"].Renderers)
	require.Equal(t, "/opt/extra", c.Plugins[0].Path)
}

// Every error names the file and line, as a diagnostic with a subject.
func TestErrorsPointAtTheLine(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		src     string
		line    int
		summary string
	}{
		"syntax":            {"homer {\n  db = \n}\n", 2, ""},
		"unknown block":     {"homer {}\n\nwidget \"x\" {}\n", 3, "Unsupported block type"},
		"unknown homer arg": {"homer {\n  colour = 1\n}\n", 2, "Unsupported argument"},
		"bad depth":         {"homer {\n  depth = \"bottomless\"\n}\n", 2, "Unknown depth"},
		"negative timeout":  {"homer {\n\n  plugin_timeout = -5\n}\n", 3, "Invalid plugin_timeout"},
		"claim elsewhere":   {"source \"git\" {\n  claim = [\".h\"]\n}\n", 2, "claim is for language blocks"},
		"unknown analyzer":  {"\nanalyzer \"magic\" {}\n", 2, "Unknown analyzer"},
		"analyzer arg":      {"analyzer \"co-change\" {\n  nope = 1\n}\n", 2, "Unsupported argument"},
		"analyzer type":     {"analyzer \"co-change\" {\n  min_count = \"many\"\n}\n", 2, ""},
		"duplicate block":   {"source \"git\" {}\nsource \"git\" {}\n", 2, "Duplicate block"},
		"pipeline unknown":  {"pipeline \"p\" {\n  renderers = [\"nope\"]\n}\n", 2, "Unknown renderer"},
		"plugin needs path": {"plugin \"x\" {\n}\n", 1, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := write(t, tc.src)
			_, diags := Load(path)
			require.True(t, diags.HasErrors(), "expected an error")
			d := diags[0]
			for _, dd := range diags {
				if dd.Severity == hcl.DiagError {
					d = dd
					break
				}
			}
			require.NotNil(t, d.Subject, "diagnostic %q has no source range", d.Summary)
			require.Equal(t, path, d.Subject.Filename)
			require.Equal(t, tc.line, d.Subject.Start.Line, d.Summary+": "+d.Detail)
			if tc.summary != "" {
				require.Equal(t, tc.summary, d.Summary)
			}
		})
	}
}

func TestCheckPluginAgainstSchema(t *testing.T) {
	t.Parallel()
	path := write(t, `source "structure" {
  include = ["src/**"]
  bogus   = true
  depth   = "x"
}
`)
	c, diags := Load(path)
	require.False(t, diags.HasErrors())
	schema := []*sdk.Attribute{
		{Name: "include", Type: sdk.TypeList},
		{Name: "exclude", Type: sdk.TypeList, DefaultValue: sdk.List("vendor/**")},
		{Name: "depth", Type: sdk.TypeNumber},
		{Name: "token", Type: sdk.TypeString, Required: true, Description: "API token"},
	}
	values, diags := CheckPlugin(c.Find("source", "structure"), "structure", schema)
	require.Len(t, diags, 3, diags.Error())
	// A string with a fixed set of values.
	c2, _ := Load(write(t, "renderer \"agents-md\" {\n  circularity = \"sideways\"\n}\n"))
	_, d2 := CheckPlugin(c2.Find("renderer", "agents-md"), "agents-md",
		[]*sdk.Attribute{{Name: "circularity", Type: sdk.TypeString, OneOf: []string{"auto", "merge"}}})
	require.Len(t, d2, 1)
	require.Equal(t, 2, d2[0].Subject.Start.Line)
	require.Contains(t, d2[0].Detail, "auto, merge")
	byLine := map[int]string{}
	for _, d := range diags {
		byLine[d.Subject.Start.Line] = d.Summary + ": " + d.Detail
	}
	require.Contains(t, byLine[3], "Unsupported argument")
	require.Contains(t, byLine[3], "It accepts: depth, exclude, include, token")
	require.Contains(t, byLine[4], "a number is required")
	require.Contains(t, byLine[1], "Missing required argument")
	require.Equal(t, []string{"src/**"}, sdk.Config{Values: values}.List("include", nil))
	require.Equal(t, []string{"vendor/**"}, sdk.Config{Values: values}.List("exclude", nil), "defaults are filled")
}

func TestLocateOrder(t *testing.T) {
	root := t.TempDir()
	require.Equal(t, "", Locate(root, ""))
	require.NoError(t, os.MkdirAll(filepath.Join(root, ".homer"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, ".homer", "homer.hcl"), nil, 0o644))
	require.True(t, strings.HasSuffix(Locate(root, ""), filepath.Join(".homer", "homer.hcl")))
	require.NoError(t, os.WriteFile(filepath.Join(root, "homer.hcl"), nil, 0o644))
	require.Equal(t, filepath.Join(root, "homer.hcl"), Locate(root, ""))
	t.Setenv("HOMER_CONFIG", "/env/homer.hcl")
	require.Equal(t, "/env/homer.hcl", Locate(root, ""))
	require.Equal(t, "/flag.hcl", Locate(root, "/flag.hcl"))
}
