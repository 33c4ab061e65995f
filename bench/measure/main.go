// Command measure runs a command and reports its wall time and memory, the
// way bench/run.sh needs it for Homer, whose core starts plugin and git
// subprocesses.
//
// Usage:
//
//	measure [-o FILE] [-interval 50ms] -- command [args...]
//
// It writes one line of key=value pairs to FILE (default standard error):
//
//	wall=1.234 cpu=2.345 exit=0 maxrss_kb=123456 tree_peak_kb=234567 samples=25 procs=homer/init:120000,git:45000
//
// The fields:
//
//   - wall: seconds from start to exit of the command.
//   - cpu: user plus system seconds of the command and of every descendant
//     it waited for (wait4's rusage, as "User time" plus "System time" of
//     /usr/bin/time -v). On a machine shared with other work this moves far
//     less with the load than wall does.
//   - maxrss_kb: ru_maxrss from wait4, the number /usr/bin/time -v prints as
//     "Maximum resident set size". Linux reports the peak of the largest single
//     process among the command and every descendant it waited for; it is not
//     a sum, and processes nobody waited for are not in it.
//   - tree_peak_kb: the largest sum of RSS over the command's whole process
//     tree, sampled from /proc every -interval (Linux only, else 0). Short
//     peaks between samples are missed; maxrss_kb is exact for one process.
//     Sampling reads /proc for every process twenty times a second, which
//     on two cores slows a CPU-bound command by several percent: -interval 0
//     turns it off for runs that measure time.
//   - procs: per kind of process the largest RSS sampled, largest first. A
//     kind is argv[0]'s base name; for homer, up to three more arguments that
//     are neither flags nor paths are added ("homer/init", and for plugins
//     whatever subcommand Homer re-executes itself with:
//     "homer/__plugin/language/go").
//   - at_peak: the processes of the sample that set tree_peak_kb, each kind
//     with its RSS then (kinds that ran more than once are summed), largest
//     first: what the peak is made of.
//
// The command's own output passes through; measure exits with its status.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	out := flag.String("o", "", "append the result line to this file instead of standard error")
	interval := flag.Duration("interval", 50*time.Millisecond, "how often to sample /proc (0: never)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: measure [-o FILE] [-interval 50ms] -- command [args...]")
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		os.Exit(127)
	}
	done := make(chan struct{})
	res := make(chan sampler, 1)
	go func() {
		s := sampler{procs: map[string]int64{}}
		if *interval <= 0 {
			<-done
			res <- s
			return
		}
		t := time.NewTicker(*interval)
		defer t.Stop()
		for {
			s.sample(cmd.Process.Pid)
			select {
			case <-done:
				res <- s
				return
			case <-t.C:
			}
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	close(done)
	s := <-res
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		code = 1
	}
	var maxrss int64
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxrss = int64(ru.Maxrss) // kilobytes on Linux
	}
	procs := joinSorted(s.procs)
	line := fmt.Sprintf("wall=%.3f cpu=%.3f exit=%d maxrss_kb=%d tree_peak_kb=%d samples=%d procs=%s at_peak=%s\n",
		wall.Seconds(), cpu.Seconds(), code, maxrss, s.peak, s.n, procs, joinSorted(s.atPeak))
	if *out == "" {
		os.Stderr.WriteString(line)
	} else if f, err := os.OpenFile(*out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
		f.WriteString(line)
		f.Close()
	}
	os.Exit(code)
}

type sampler struct {
	peak   int64            // largest tree RSS sum, KiB
	procs  map[string]int64 // largest RSS per process kind, KiB
	atPeak map[string]int64 // RSS per process kind in the sample of peak, KiB
	n      int
}

// joinSorted lists m as kind:KiB pairs, largest first.
func joinSorted(m map[string]int64) string {
	var names []string
	for k := range m {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if m[names[i]] != m[names[j]] {
			return m[names[i]] > m[names[j]]
		}
		return names[i] < names[j]
	})
	var out []string
	for _, k := range names {
		out = append(out, fmt.Sprintf("%s:%d", k, m[k]))
	}
	return strings.Join(out, ",")
}

var pageKB = int64(os.Getpagesize() / 1024)

// sample adds up the RSS of root and its descendants.
func (s *sampler) sample(root int) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	kids := map[int][]int{}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// The command name is in parentheses and may contain spaces.
		i := strings.LastIndexByte(string(b), ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		kids[ppid] = append(kids[ppid], pid)
	}
	var sum int64
	now := map[string]int64{}
	type seen struct {
		statm, cmdline string
	}
	parent := map[int]int{}
	for ppid, ps := range kids {
		for _, p := range ps {
			parent[p] = ppid
		}
	}
	tree := map[int]seen{}
	queue := []int{root}
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		queue = append(queue, kids[pid]...)
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
		if err != nil {
			continue
		}
		f := strings.Fields(string(b))
		if len(f) < 2 {
			continue
		}
		cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		me := seen{string(b), string(cmdline)}
		tree[pid] = me
		// A child caught between fork and exec shares its parent's memory
		// (Go starts processes with CLONE_VM): the same command line and
		// the same pages, not counted twice. Its statm, read a moment after
		// the parent's, may differ from it while the parent runs: the
		// command line alone tells (one such sample made spring-boot's
		// init peak at twice the core's RSS, 698 MB).
		if p, ok := tree[parent[pid]]; ok && pid != root && p.cmdline == me.cmdline {
			continue
		}
		pages, _ := strconv.ParseInt(f[1], 10, 64)
		rss := pages * pageKB
		sum += rss
		if k := kind(pid); k != "" {
			s.procs[k] = max(s.procs[k], rss)
			now[k] += rss
		}
	}
	if sum > s.peak {
		s.peak, s.atPeak = sum, now
	}
	s.n++
}

// kind names a process by argv[0]'s base name, adding argv[1] when the
// program is homer (its plugins re-execute the same binary).
func kind(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(b) == 0 {
		return "" // exiting, or a kernel thread
	}
	args := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
	name := filepath.Base(args[0])
	if strings.HasPrefix(name, "homer") {
		for _, a := range args[1:min(len(args), 4)] {
			if strings.HasPrefix(a, "-") || strings.Contains(a, "/") {
				break
			}
			name += "/" + a
		}
	}
	return strings.NewReplacer(",", ";", " ", "_", "=", "_").Replace(name)
}
