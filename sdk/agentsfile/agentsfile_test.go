package agentsfile

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
)

func TestCheckCircularity(t *testing.T) {
	t.Parallel()
	for _, v := range Circularities {
		require.Nil(t, CheckCircularity(v), v)
	}
	for _, v := range []string{"", "Merge", "sometimes"} {
		d := CheckCircularity(v)
		require.NotNil(t, d, v)
		require.Equal(t, sdk.SeverityError, d.GetSeverity())
		require.Equal(t, Attribute, d.GetAttribute())
	}
	a := CircularityAttribute("AGENTS.md")
	require.Equal(t, Attribute, a.GetName())
	require.Equal(t, Circularities, a.GetOneOf())
	require.Equal(t, `"auto"`, sdk.ValueString(a.GetDefaultValue()))
}

func TestCode(t *testing.T) {
	t.Parallel()
	require.Equal(t, "`plain.go`", Code("plain.go"))
	require.Equal(t, "`a\\nb.go`", Code("a\nb.go"))
	require.Equal(t, "`x\\x1b[31m.go`", Code("x\x1b[31m.go"))
	require.Equal(t, "`` a`b ``", Code("a`b"))
	require.Equal(t, "``` a``b ```", Code("a``b"))
}
