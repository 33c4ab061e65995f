package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/homer-dev/homer/core/engine"
	"github.com/homer-dev/homer/core/pipeline"
	"github.com/homer-dev/homer/core/session"
	"github.com/homer-dev/homer/core/trace"
	"github.com/homer-dev/homer/sdk"
)

type globals struct {
	verbose int
	quiet   bool
	config  string
	stdout  io.Writer
	stderr  io.Writer
	// trace: HOMER_LOG asks for a trace file.
	trace bool
}

// execute runs the command line args, writing to stdout and stderr, and
// returns the exit code.
func execute(args []string, stdout, stderr io.Writer) int {
	return executeLogging(args, stdout, stderr, os.Getenv("HOMER_LOG"))
}

// executeLogging is execute with HOMER_LOG's value given.
func executeLogging(args []string, stdout, stderr io.Writer, homerLog string) int {
	enableBuiltinLanguages()
	g := &globals{stdout: stdout, stderr: stderr, trace: tracing(homerLog)}
	root := &cobra.Command{
		Use:           "homer",
		Short:         "Mine a git repository into context for AI coding agents",
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().CountVarP(&g.verbose, "verbose", "v", "more output (-vv for debug logs)")
	root.PersistentFlags().BoolVarP(&g.quiet, "quiet", "q", false, "only errors")
	root.PersistentFlags().StringVar(&g.config, "config", "", "configuration file (default: $HOMER_CONFIG, homer.hcl, .homer/homer.hcl)")
	root.AddCommand(initCmd(g), updateCmd(g), runCmd(g), renderCmd(g), statusCmd(g), queryCmd(g), riskCheckCmd(g), searchCmd(g), serveCmd(g), graphCmd(g), hookCmd(g), pluginCmd(g), snapshotCmd(g), diffCmd(g), backtestCmd(g))
	root.SetArgs(args)
	root.SetOut(g.stdout)
	root.SetErr(g.stderr)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := root.ExecuteContext(ctx)
	if err == nil {
		return session.ExitOK
	}
	var code exitCode
	if errors.As(err, &code) {
		return int(code)
	}
	g.printError(err)
	if c := session.CodeOf(err); c != session.ExitError || !isUsage(err) {
		return c
	}
	return session.ExitError
}

// exitCode lets a command finish with a code after printing its own report.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func isUsage(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "unknown command") || strings.Contains(msg, "unknown flag") || strings.Contains(msg, "accepts")
}

func (g *globals) printError(err error) {
	var se *session.Error
	if errors.As(err, &se) && len(se.Diags) > 0 {
		g.printDiags(se.Diags, se.Files)
		return
	}
	fmt.Fprintf(g.stderr, "homer: %v\n", err)
}

// printDiags shows HCL diagnostics with file:line:column and the offending
// source line.
// Each diagnostic opens with a compiler-style file:line:column line, which
// editors and CI logs link, then HCL's rendering with the source line.
func (g *globals) printDiags(diags hcl.Diagnostics, files map[string]*hcl.File) {
	w := hcl.NewDiagnosticTextWriter(g.stderr, files, 100, false)
	for _, d := range diags {
		if d.Subject != nil {
			sev := "error"
			if d.Severity == hcl.DiagWarning {
				sev = "warning"
			}
			fmt.Fprintf(g.stderr, "%s:%d:%d: %s: %s\n", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, sev, d.Summary)
		}
		w.WriteDiagnostic(d)
	}
}

func (g *globals) logger() hclog.Logger {
	level := hclog.Warn
	switch {
	case g.quiet:
		level = hclog.Error
	case g.verbose == 1:
		level = hclog.Info
	case g.verbose > 1:
		level = hclog.Debug
	}
	return hclog.New(&hclog.LoggerOptions{Name: "homer", Output: g.stderr, Level: level, IndependentLevels: true})
}

func (g *globals) open(ctx context.Context, path string, noPlugins bool) (*session.Session, error) {
	s, err := session.Open(ctx, session.Options{Path: path, ConfigPath: g.config, Catalog: builtins,
		Logger: g.logger(), Stderr: g.stderr, NoPlugins: noPlugins})
	if err != nil {
		return nil, err
	}
	if len(s.Diags) > 0 {
		g.printDiags(s.Diags, s.Config.Parser.Files())
	}
	return s, nil
}

func pathArg(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return "."
}

// progress is the status line of a run: redrawn in place when stderr is
// a terminal, printed every progressEvery with -v elsewhere, else none.
func (g *globals) progress() *board {
	if g.quiet {
		return nil
	}
	if f, ok := g.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		width, _, err := term.GetSize(int(f.Fd()))
		if err != nil {
			width = 80
		}
		return newBoard(g.stderr, true, width, nil).run(200 * time.Millisecond)
	}
	if g.verbose > 0 {
		return newBoard(g.stderr, false, 0, nil).run(progressEvery)
	}
	return nil
}

// progressEvery is how often -v prints progress when stderr is not a
// terminal.
const progressEvery = 10 * time.Second

type runFlags struct {
	force, forceAnalysis bool
}

// runPipeline opens the repository, lets plan choose what to run from the
// open session, runs it and reports; every pipeline command goes through it.
func (g *globals) runPipeline(cmd *cobra.Command, path, label string, plan func(*session.Session) (session.RunOptions, error)) error {
	start := time.Now()
	ctx := cmd.Context()
	if label == "update" && os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		// The heap floor sets the memory limit itself: the soft limit's
		// watcher, which would raise it past the floor after the first
		// collection, rests until the update is done.
		pauseLimit()
		end := sdk.CollectAbove(coreHeapFloor, coreGCPercent)
		defer func() {
			end()
			limitMemory(coreMemoryLimit)
		}()
	}
	var rec *trace.Recorder
	if g.trace {
		rec = trace.New()
		ctx = trace.NewContext(ctx, rec)
	}
	opening := rec.Begin(trace.Core, "stage", "open", "session")
	s, err := g.open(ctx, path, false)
	opening.End(nil)
	if err != nil {
		return err
	}
	defer s.Close()
	if rec != nil {
		defer g.saveTrace(rec, s.Repo.Root, start)
	}
	opts, err := plan(s)
	if err != nil {
		return err
	}
	if b := g.progress(); b != nil {
		opts.Progress = b
		res, err := s.Run(ctx, opts)
		b.Close()
		return g.finish(s, opts, res, err, label, start)
	}
	res, err := s.Run(ctx, opts)
	return g.finish(s, opts, res, err, label, start)
}

// finish reports a run.
func (g *globals) finish(s *session.Session, opts session.RunOptions, res *pipeline.Result, err error, label string, start time.Time) error {
	if err != nil {
		return err
	}
	if opts.DryRun && !g.quiet {
		fmt.Fprintln(g.stdout, "dry run: nothing was written")
	}
	code := session.ExitFor(res)
	g.report(s, res, label, time.Since(start))
	if code != session.ExitOK {
		return exitCode(code)
	}
	return nil
}

// saveTrace writes the run's trace and says where.
func (g *globals) saveTrace(rec *trace.Recorder, root string, began time.Time) {
	path, err := writeTrace(rec, root, began)
	if err != nil {
		fmt.Fprintf(g.stderr, "homer: the trace could not be written: %v\n", err)
		return
	}
	if !g.quiet {
		fmt.Fprintf(g.stderr, "homer: trace written to %s (open it in ui.perfetto.dev or chrome://tracing)\n", path)
	}
}

func (g *globals) report(s *session.Session, res *pipeline.Result, label string, took time.Duration) {
	if !g.quiet {
		ran, skipped := 0, 0
		for _, o := range res.Outcomes {
			switch o.Status {
			case engine.Unchanged:
				skipped++
			case engine.Ran:
				ran++
			}
		}
		head, _ := s.Repo.Head()
		if len(head) > 12 {
			head = head[:12]
		}
		if head == "" {
			head = "(no commits)"
		}
		fmt.Fprintf(g.stdout, "homer %s: %s at %s in %s (%d stages run, %d unchanged)\n", label, s.Repo.Root, head, took.Round(time.Millisecond), ran, skipped)
		if g.verbose > 0 {
			printTimings(g.stdout, res.Outcomes, took)
		}
		for _, d := range res.Diffs {
			fmt.Fprint(g.stdout, d)
		}
		for _, w := range res.Written {
			rel, err := filepath.Rel(s.Repo.Root, w)
			if err != nil || strings.HasPrefix(rel, "..") {
				rel = w
			}
			fmt.Fprintf(g.stdout, "  wrote %s\n", rel)
		}
	}
	for _, o := range res.Failed() {
		fmt.Fprintf(g.stderr, "homer: stage %s failed: %v\n", o.Stage, o.Err)
	}
	for _, o := range res.Outcomes {
		if o.Partial && o.Err == nil && !o.Inherited {
			fmt.Fprintf(g.stderr, "homer: stage %s is incomplete (%s): the next run does it again\n", o.Stage, o.Why)
		}
	}
	for _, p := range res.Problems {
		fmt.Fprintf(g.stderr, "homer: %v\n", p)
	}
	if !g.quiet {
		for _, n := range res.Notes {
			fmt.Fprintf(g.stderr, "homer: note: %s\n", n)
		}
	}
	if n := len(res.Warnings); n > 0 {
		show := res.Warnings
		if n > 20 && g.verbose == 0 {
			show = show[:20]
		}
		for _, w := range show {
			fmt.Fprintf(g.stderr, "homer: warning: %s\n", w)
		}
		if len(show) < n {
			fmt.Fprintf(g.stderr, "homer: %d more warnings (-v shows all)\n", n-len(show))
		}
	}
}

func fixed(o session.RunOptions) func(*session.Session) (session.RunOptions, error) {
	return func(*session.Session) (session.RunOptions, error) { return o, nil }
}

func initCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "init [path]",
		Short: "Analyse a repository from scratch and write the artifacts",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.runPipeline(cmd, pathArg(args), "init", fixed(session.RunOptions{Force: true}))
		},
	}
}

func updateCmd(g *globals) *cobra.Command {
	var f runFlags
	c := &cobra.Command{
		Use:   "update [path]",
		Short: "Bring the analysis up to date with new commits (only what changed is redone)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.runPipeline(cmd, pathArg(args), "update", fixed(session.RunOptions{Force: f.force, ForceAnalysis: f.forceAnalysis}))
		},
	}
	c.Flags().BoolVar(&f.force, "force", false, "redo every stage")
	c.Flags().BoolVar(&f.forceAnalysis, "force-analysis", false, "redo the analyses and renders, keep extraction")
	return c
}

func runCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "run NAME [path]",
		Short: "Run a pipeline named in homer.hcl (only its stages and what they depend on)",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := "."
			if len(args) > 1 {
				path = args[1]
			}
			return g.runPipeline(cmd, path, "run "+args[0], func(s *session.Session) (session.RunOptions, error) {
				p, ok := s.Config.Pipelines[args[0]]
				if ok {
					return session.RunOptions{Targets: pipeline.PipelineTargets(p)}, nil
				}
				var names []string
				for n := range s.Config.Pipelines {
					names = append(names, n)
				}
				sort.Strings(names)
				where := "homer.hcl has no pipeline blocks"
				if len(names) > 0 {
					where = "pipelines: " + strings.Join(names, ", ")
				}
				if s.Config.File == "" {
					where = "no homer.hcl was found"
				}
				fmt.Fprintf(g.stderr, "homer: no pipeline %q (%s)\n", args[0], where)
				return session.RunOptions{}, exitCode(session.ExitConfig)
			})
		},
	}
}

func renderCmd(g *globals) *cobra.Command {
	var formats, exclude []string
	var all, dryRun, merge, diff bool
	var outDir string
	c := &cobra.Command{
		Use:   "render [path]",
		Short: "Write the artifacts again from the stored analysis",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.runPipeline(cmd, pathArg(args), "render", func(s *session.Session) (session.RunOptions, error) {
				var targets []string
				skip := map[string]bool{}
				for _, e := range exclude {
					skip[e] = true
				}
				for _, p := range s.Plugins.OfKind("renderer") {
					if (all || len(formats) == 0 || contains(formats, p.Name)) && !skip[p.Name] {
						targets = append(targets, "render."+p.Name)
					}
				}
				for _, f := range formats {
					if s.Plugins.Get("renderer", f) == nil {
						fmt.Fprintf(g.stderr, "homer: no renderer %q is configured\n", f)
						return session.RunOptions{}, exitCode(session.ExitConfig)
					}
				}
				dir := outDir
				if dir != "" {
					var err error
					if dir, err = filepath.Abs(dir); err != nil {
						return session.RunOptions{}, err
					}
					// The user named the directory: it is made, as
					// `mkdir -p` would, unless nothing is to be written.
					if !dryRun {
						if err := os.MkdirAll(dir, 0o777); err != nil {
							return session.RunOptions{}, fmt.Errorf("--output-dir: %w", err)
						}
					}
				}
				return session.RunOptions{Targets: targets, ForceRender: true, OutDir: dir, DryRun: dryRun || diff, Merge: merge, Diff: diff}, nil
			})
		},
	}
	c.Flags().StringSliceVar(&formats, "format", nil, "renderers to run, comma-separated (default: all configured)")
	c.Flags().BoolVar(&all, "all", false, "run every configured renderer")
	c.Flags().StringSliceVar(&exclude, "exclude", nil, "renderers to leave out")
	c.Flags().StringVar(&outDir, "output-dir", "", "write artifacts here instead of the repository root")
	c.Flags().BoolVar(&dryRun, "dry-run", false, "render but write nothing")
	c.Flags().BoolVar(&merge, "merge", false, "merge into human-written files between homer:begin/homer:end markers")
	c.Flags().BoolVar(&diff, "diff", false, "write nothing; for each human-written file, show what Homer would add and the paths it names that no longer exist")
	return c
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func pluginCmd(g *globals) *cobra.Command {
	c := &cobra.Command{Use: "plugin", Short: "Inspect plugins, and allow the ones a repository brings"}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [path]",
		Short: "List built-in and discovered plugins with kind, version, protocol, origin and whether they are allowed",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.pluginList(cmd.Context(), pathArg(args), asJSON)
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	var repoPath string
	allow := &cobra.Command{
		Use:   "allow [PLUGIN...]",
		Short: "Let plugin binaries the repository brings run, as they are now (read them first)",
		Long: `Plugin binaries that a repository brings (in its .homer/plugins/, inside it, or
named by its own homer.hcl) run only once allowed. allow records each named
binary's real path and SHA-256 in ~/.homer/allowed; a binary that changes
afterwards is refused again until allowed anew. Without PLUGIN, every such
binary of the repository (--repo) not yet allowed is allowed.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.pluginAllow(repoPath, args)
		},
	}
	allow.Flags().StringVar(&repoPath, "repo", ".", "the repository whose plugins to allow when none is named")
	revoke := &cobra.Command{
		Use:   "revoke [PLUGIN...]",
		Short: "Take back what allow recorded: for the named binaries, or for every one the repository brings",
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.pluginRevoke(repoPath, args)
		},
	}
	revoke.Flags().StringVar(&repoPath, "repo", ".", "the repository whose plugins to revoke when none is named")
	c.AddCommand(list, allow, revoke)
	return c
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
