package plugin

import (
	"os/exec"
	"syscall"
)

// dieWithParent asks the kernel to kill the plugin if homer dies, even by
// SIGKILL, so no plugin process outlives the run. (The SDK's Serve also
// watches its parent, for plugins started some other way.) The plugin
// leads a process group of its own, so that what it starts can be killed
// with it (killGroup).
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
}

// killGroup kills the process group a plugin leads: a wrapper script's
// children would otherwise hold its pipes open after it is gone.
func killGroup(cmd *exec.Cmd) {
	if cmd != nil && cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
