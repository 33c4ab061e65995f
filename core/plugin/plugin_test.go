package plugin

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Plugins get what tools need, not the user's tokens.
func TestPluginEnv(t *testing.T) {
	t.Parallel()
	got := pluginEnv([]string{"PATH=/bin", "HOME=/h", "GITHUB_TOKEN=secret", "AWS_SECRET_ACCESS_KEY=k", "LC_ALL=C",
		"HOMER_CPUPROFILE=/tmp/p", "GIT_CONFIG_GLOBAL=/g", "GIT_ASKPASS=/a", "SSH_AUTH_SOCK=/s", "GOGC=off", "TMPDIR=/t"})
	require.Equal(t, []string{"PATH=/bin", "HOME=/h", "LC_ALL=C", "HOMER_CPUPROFILE=/tmp/p", "GIT_CONFIG_GLOBAL=/g", "GOGC=off", "TMPDIR=/t"}, got)
}
