//go:build unix

package main

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// reportCPU tells how the CPU time of a profiled run divides between the
// core and its children (plugins and git), which the profile cannot show.
func reportCPU() {
	var self, children syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &self) != nil || syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children) != nil {
		return
	}
	cpu := func(u syscall.Rusage) string {
		return fmt.Sprintf("%.2fs user %.2fs system", time.Duration(u.Utime.Nano()).Seconds(), time.Duration(u.Stime.Nano()).Seconds())
	}
	fmt.Fprintf(os.Stderr, "homer: CPU: core %s; plugins and git %s\n", cpu(self), cpu(children))
}
