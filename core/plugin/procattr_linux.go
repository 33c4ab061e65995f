package plugin

import (
	"os/exec"
	"syscall"
)

// dieWithParent asks the kernel to kill the plugin if homer dies, even by
// SIGKILL, so no plugin process outlives the run. (The SDK's Serve also
// watches its parent, for plugins started some other way.)
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
