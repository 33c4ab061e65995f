//go:build !linux

package plugin

import "os/exec"

// dieWithParent has no kernel support here; the SDK's Serve watches its
// parent instead.
func dieWithParent(*exec.Cmd) {}

// killGroup kills the plugin process alone here.
func killGroup(cmd *exec.Cmd) {
	if cmd != nil && cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}
