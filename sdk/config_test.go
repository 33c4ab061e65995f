package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

func TestConfigWhole(t *testing.T) {
	c := sdk.Config{Values: map[string]*sdk.Value{
		"ok": sdk.Number(7), "frac": sdk.Number(2.5), "low": sdk.Number(0), "high": sdk.Number(99),
	}}
	var diags []*sdk.Diagnostic
	assert.Equal(t, 7, c.Whole("ok", 3, 1, 10, &diags))
	assert.Equal(t, 3, c.Whole("unset", 3, 1, 10, &diags))
	assert.Empty(t, diags)

	assert.Equal(t, 3, c.Whole("frac", 3, 1, 10, &diags))
	assert.Equal(t, 3, c.Whole("low", 3, 1, 10, &diags))
	assert.Equal(t, 3, c.Whole("high", 3, 1, 10, &diags))
	require.Len(t, diags, 3)
	assert.Contains(t, diags[0].GetSummary()+diags[0].GetDetail(), "frac must be a whole number from 1 to 10, not 2.5")
}

func TestConfigLocalPath(t *testing.T) {
	c := sdk.Config{Values: map[string]*sdk.Value{
		"ok": sdk.String("docs/AGENTS.md"), "abs": sdk.String("/etc/passwd"),
		"up": sdk.String("../x.md"), "empty": sdk.String(""),
	}}
	var diags []*sdk.Diagnostic
	assert.Equal(t, "docs/AGENTS.md", c.LocalPath("ok", "AGENTS.md", &diags))
	assert.Equal(t, "AGENTS.md", c.LocalPath("unset", "AGENTS.md", &diags))
	assert.Empty(t, diags)
	assert.Equal(t, "AGENTS.md", c.LocalPath("empty", "AGENTS.md", &diags), "an empty string is the default")
	assert.Empty(t, diags)
	for _, name := range []string{"abs", "up"} {
		assert.Equal(t, "AGENTS.md", c.LocalPath(name, "AGENTS.md", &diags), name)
	}
	c.LocalPath("empty", "", &diags)
	assert.Len(t, diags, 3, "no path at all is an error")
}

func TestCheckModel(t *testing.T) {
	assert.NoError(t, sdk.CheckModel("r", &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion}))
	err := sdk.CheckModel("r", &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion + 1})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "newer than this renderer understands")
}
