package config

import (
	"bytes"
	"os"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
)

// fuzzSchema has an attribute of every type a plugin can declare, so that
// CheckPlugin converts whatever value the fuzzer writes to each of them.
var fuzzSchema = []*sdk.Attribute{
	{Name: "output", Type: sdk.TypeString, DefaultValue: sdk.String("AGENTS.md")},
	{Name: "min_count", Type: sdk.TypeNumber},
	{Name: "use_git", Type: sdk.TypeBool},
	{Name: "exclude", Type: sdk.TypeList},
	{Name: "circularity", Type: sdk.TypeString, OneOf: []string{"auto", "always", "never"}},
	{Name: "token", Type: sdk.TypeString, Required: true},
}

// FuzzDecode feeds the homer.hcl decoder any bytes, then checks every
// plugin block the file declares against fuzzSchema, as the loader does
// with each plugin's schema. Beyond not panicking: every error is an HCL
// diagnostic that points into the file (name and line), so that a user can
// find it; the settings that survive are ones the rest of Homer accepts;
// and the values sent to a plugin marshal as protobuf.
func FuzzDecode(f *testing.F) {
	own, err := os.ReadFile("../../homer.hcl")
	require.NoError(f, err)
	f.Add(own)
	for _, seed := range []string{
		"homer {\n  db    = \"x/h.db\"\n  depth = \"shallow\"\n  plugin_timeout = 2.5\n}\n",
		"source \"git\" { max_commits = 10 }\nlanguage \"python\" { enabled = false }\n",
		"language \"lua\" {\n  plugin = \"./bin/homer-lang-lua\"\n  claim  = [\".luau\"]\n}\n",
		"analyzer \"co-change\" { min_count = 5 }\nanalyzer \"salience\" { risk_threshold = 0.7 }\n",
		"renderer \"agents-md\" {\n  output = \"CONTEXT.md\"\n  exclude = [\"a/**\", 1]\n  token = \"${x}\"\n}\n",
		"plugin \"extra\" { path = \"/opt/extra\" }\npipeline \"ci\" { renderers = [\"risk-map\"] }\n",
		"pipeline \"p\" {\n  sources = [\"git\"]\n  languages = [\"go\"]\n  analyzers = [\"magic\"]\n}\n",
		"source \"git\" {}\nsource \"git\" {}\nwidget \"x\" {}\n",
		"homer {\n  depth = \"bottomless\"\n  plugin_timeout = -5\n}\n",
		"renderer \"risk-map\" { circularity = \"sometimes\"\n use_git = \"yes\"\n min_count = [1] }\n",
	} {
		f.Add([]byte(seed))
	}

	const path = "repo/homer.hcl"
	f.Fuzz(func(t *testing.T, src []byte) {
		c := Defaults()
		c.File = path
		diags := c.decode(src, path)
		checkPositions(t, src, path, diags)

		_, ok := depths[c.Depth]
		require.True(t, ok, "depth %q kept", c.Depth)
		require.GreaterOrEqual(t, c.PluginTimeoutSeconds, 0.0, "a negative plugin_timeout kept")
		if diags.HasErrors() {
			return
		}
		for _, kind := range []string{"source", "language", "renderer"} {
			for _, b := range *c.blocks(kind) {
				if !b.Declared {
					continue // a built-in's default block: not in the file, nothing to point at
				}
				values, d := CheckPlugin(b, b.Name, fuzzSchema)
				checkPositions(t, src, path, d)
				if d.HasErrors() {
					continue
				}
				cfg := &sdk.ConfigureRequest{Values: values}
				_, err := proto.Marshal(cfg)
				require.NoError(t, err, "the values of %s %q do not marshal", kind, b.Name)
			}
		}
	})
}

// checkPositions asserts that every error diagnostic names the file and a
// line of it (the line after the last one is where the file ends).
func checkPositions(t *testing.T, src []byte, path string, diags hcl.Diagnostics) {
	t.Helper()
	lines := bytes.Count(src, []byte{'\n'}) + 1
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		require.NotNil(t, d.Subject, "error %q has no position", d.Summary+": "+d.Detail)
		require.Equal(t, path, d.Subject.Filename, "error %q", d.Summary)
		require.True(t, d.Subject.Start.Line >= 1 && d.Subject.Start.Line <= lines,
			"error %q at line %d of %d", d.Summary, d.Subject.Start.Line, lines)
	}
}
