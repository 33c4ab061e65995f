//go:build !linux

package plugin

import "os/exec"

// dieWithParent has no kernel support here; the SDK's Serve watches its
// parent instead.
func dieWithParent(*exec.Cmd) {}
