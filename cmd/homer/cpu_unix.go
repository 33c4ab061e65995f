//go:build unix

package main

import (
	"fmt"
	"io"
	"syscall"
	"time"
)

// reportCPU tells how the CPU time of a profiled process divides between
// itself and its children (the core's plugins and git; a plugin's git),
// which the profile cannot show.
func reportCPU(w io.Writer, self, children string) {
	var own, theirs syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &own) != nil || syscall.Getrusage(syscall.RUSAGE_CHILDREN, &theirs) != nil {
		return
	}
	cpu := func(u syscall.Rusage) string {
		return fmt.Sprintf("%.2fs user %.2fs system", time.Duration(u.Utime.Nano()).Seconds(), time.Duration(u.Stime.Nano()).Seconds())
	}
	fmt.Fprintf(w, "homer: CPU: %s %s; %s %s\n", self, cpu(own), children, cpu(theirs))
}
