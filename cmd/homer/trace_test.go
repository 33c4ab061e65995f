package main

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/trace"
)

// HOMER_LOG=trace writes a Chrome trace of the run: it decodes, its spans
// nest on every thread, every stage -v lists as run has a span, and each
// plugin call sits inside the span of the stage that made it.
func TestTraceFile(t *testing.T) {
	t.Parallel()
	f := buildFixture(t)
	dir := f.dir()
	var stdout, stderr bytes.Buffer
	code := executeLogging([]string{"init", "-v", dir}, &stdout, &stderr, "homer=trace")
	require.Equal(t, 0, code, "%s\n%s", stdout.String(), stderr.String())

	m := regexp.MustCompile(`trace written to (\S+\.homer/trace-\S+\.json)`).FindStringSubmatch(stderr.String())
	require.NotNil(t, m, "the log says where the trace is:\n%s", stderr.String())
	data, err := os.ReadFile(m[1])
	require.NoError(t, err)
	var file trace.File
	require.NoError(t, json.Unmarshal(data, &file), "the trace is JSON")

	// The stages -v lists with a timeline are those that ran.
	var ran []string
	for _, line := range strings.Split(stdout.String(), "\n") {
		if mm := regexp.MustCompile(`^  (\S+)\s+\+\S+\s+\S+\s+\|`).FindStringSubmatch(line); mm != nil {
			ran = append(ran, mm[1])
		}
	}
	require.Greater(t, len(ran), 10, "-v lists the stages that ran:\n%s", stdout.String())

	procs := map[int]string{}
	threads := map[[2]int]string{}
	stages := map[string]trace.Event{}
	byThread := map[[2]int][]trace.Event{}
	var calls []trace.Event
	for _, e := range file.TraceEvents {
		switch e.Ph {
		case "M":
			if e.Name == "process_name" {
				procs[e.Pid] = e.Args["name"].(string)
			}
			if e.Name == "thread_name" {
				threads[[2]int{e.Pid, e.Tid}] = e.Args["name"].(string)
			}
		case "X":
			byThread[[2]int{e.Pid, e.Tid}] = append(byThread[[2]int{e.Pid, e.Tid}], e)
			if e.Cat == "stage" {
				require.NotContains(t, stages, e.Name, "one span per stage")
				stages[e.Name] = e
			}
			if e.Cat == "rpc" {
				calls = append(calls, e)
			}
		default:
			t.Fatalf("unexpected event %+v", e)
		}
	}
	var got []string
	for s := range stages {
		got = append(got, s)
	}
	sort.Strings(got)
	sort.Strings(ran)
	assert.Equal(t, ran, got, "every stage that ran has a span, and only those")
	for _, s := range stages {
		assert.Equal(t, trace.Core, procs[s.Pid])
		assert.Equal(t, "ran", s.Args["status"])
	}

	// On each thread, a span either ends before the next begins or holds
	// it whole: a viewer draws them as a stack.
	for th, evs := range byThread {
		assert.NotEmpty(t, threads[th], "thread %v is named", th)
		sort.SliceStable(evs, func(a, b int) bool { return evs[a].Ts < evs[b].Ts })
		var open []trace.Event
		for _, e := range evs {
			for len(open) > 0 && open[len(open)-1].Ts+open[len(open)-1].Dur <= e.Ts {
				open = open[:len(open)-1]
			}
			if len(open) > 0 {
				top := open[len(open)-1]
				assert.LessOrEqual(t, e.Ts+e.Dur, top.Ts+top.Dur, "%s crosses %s on thread %v", e.Name, top.Name, th)
			}
			open = append(open, e)
		}
	}

	// Each call names its plugin (the process it is drawn in) and method,
	// and the calls that do a stage's work lie within that stage.
	methods := map[string]bool{}
	for _, c := range calls {
		assert.Equal(t, procs[c.Pid], c.Args["plugin"])
		assert.Equal(t, c.Name, c.Args["method"])
		methods[procs[c.Pid]+" "+c.Name] = true
		if c.Name == "Configure" {
			continue // a plugin may be configured ahead, while another stage runs
		}
		st, ok := stages[c.Args["stage"].(string)]
		require.True(t, ok, "call %s of %s names a stage that ran: %v", c.Name, procs[c.Pid], c.Args)
		assert.GreaterOrEqual(t, c.Ts, st.Ts, "%s %s starts in %s", procs[c.Pid], c.Name, st.Name)
		assert.LessOrEqual(t, c.Ts+c.Dur, st.Ts+st.Dur, "%s %s ends in %s", procs[c.Pid], c.Name, st.Name)
		if c.Name == "Parse" {
			assert.Greater(t, c.Args["files"], 0.0, "a parse says how many files it carried")
		}
		if c.Name == "Extract" {
			assert.Greater(t, c.Args["records"], 0.0, "an extraction says how many records came back")
		}
	}
	for _, want := range []string{"git Extract", "go Parse", "go ResolveImports", "agents-md RenderModel"} {
		assert.True(t, methods[want], "the trace has a call %q: %v", want, methods)
	}
}

// Without HOMER_LOG=trace no trace file is written.
func TestNoTraceUnlessAsked(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"", "debug", "homer=info", "tracer"} {
		assert.False(t, tracing(v), v)
	}
	for _, v := range []string{"trace", "TRACE", "homer=trace", "info, homer=trace"} {
		assert.True(t, tracing(v), v)
	}
	f := buildFixture(t)
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, executeLogging([]string{"init", f.dir()}, &stdout, &stderr, ""))
	assert.NotContains(t, stderr.String(), "trace written")
	entries, err := os.ReadDir(f.dir() + "/.homer")
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasPrefix(e.Name(), "trace-"), e.Name())
	}
}
