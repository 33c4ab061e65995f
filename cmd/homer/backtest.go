package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/homer-dev/homer/core/analyze/cochange"
	"github.com/homer-dev/homer/core/backtest"
	"github.com/homer-dev/homer/core/pipeline"
	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/core/session"
)

func backtestCmd(g *globals) *cobra.Command {
	var format, since string
	var holdout float64
	var k int
	c := &cobra.Command{
		Use:   "backtest [path]",
		Short: "Score co-change and risk advice on the repository's own held-out history",
		Long: `Cuts the history before the newest --holdout share of first-parent commits
(or at --since), analyses the part before the cut with the full pipeline in a
temporary store (the repository's own store is not touched), and compares what
that store answers with the commits after the cut:
  co-change: for each held-out non-merge commit of 2-10 files (leaving out files
    of the cut the analysis excludes, such as vendored files and lockfiles) and
    each of its files analysed at the cut, recall@k and precision@k of the file's
    "usually changes with" list against the rest of the commit; beside it the
    pairwise baseline (analysed files ranked by raw shared-commit count); the
    same list as risk-check and the artifacts show it (partners under their
    shared-commit and confidence floors left out); an oracle (Homer's stored
    list with the partners that recur put first: what ranking alone could
    win); the ceiling (share of partners that ever changed with the file
    before the cut) and the ceiling at k (the best any list of k could
    recall); and where the missed partners went (never together before the
    cut, new since the cut, ranked below k);
  risk: the share of held-out bug-fix touches (subject line with fix, bug,
    hotfix or regression, not a docs, chore, ci, test, style or build commit;
    commits of at most 50 files) on the top 10% of the files risk
    assessed (source code, not docs or manifests) by risk score, by past change
    count and by the touches themselves; the first over the second with a 90%
    bootstrap interval (the fix commits drawn again); touches per file per
    level; Spearman correlation of score and touches.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			so := backtest.SplitOptions{Holdout: holdout}
			if since != "" {
				t, err := time.Parse(time.DateOnly, since)
				if err != nil {
					return &session.Error{Code: session.ExitError, Err: fmt.Errorf("--since %q: give a date as YYYY-MM-DD", since)}
				}
				so.Since = t
			}
			if k < 1 {
				return &session.Error{Code: session.ExitError, Err: fmt.Errorf("-k %d: give 1 or more", k)}
			}
			ctx := cmd.Context()
			user, err := session.Open(ctx, session.Options{Path: pathArg(args), ConfigPath: g.config, Logger: g.logger(), NoPlugins: true, NoCreate: true})
			if err != nil {
				return err
			}
			root, cfgFile := user.Repo.Root, user.Config.File
			user.Close()
			split, err := backtest.SplitHistory(ctx, root, so)
			if err != nil {
				return err
			}
			rep, err := g.backtest(ctx, root, cfgFile, split, backtest.Options{K: k})
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(g.stdout, rep)
			}
			printBacktest(g.stdout, rep)
			return nil
		},
	}
	c.Flags().Float64Var(&holdout, "holdout", 0.1, "share of the newest first-parent commits held out")
	c.Flags().StringVar(&since, "since", "", "hold out the first-parent commits from this date (YYYY-MM-DD) on")
	c.Flags().IntVarP(&k, "k", "k", 5, "length of the co-change lists compared")
	c.Flags().StringVar(&format, "format", "text", "text or json")
	return c
}

// backtest trains a temporary store at the cut with the real pipeline and
// scores it.
func (g *globals) backtest(ctx context.Context, root, cfgFile string, split *backtest.Split, o backtest.Options) (*backtest.Report, error) {
	tmp, err := os.MkdirTemp("", "homer-backtest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	dir := tmp + "/repo"
	if err := backtest.Checkout(ctx, root, split.Cut, dir); err != nil {
		return nil, err
	}
	s, err := session.Open(ctx, session.Options{Path: dir, ConfigPath: cfgFile, Catalog: builtins, Logger: g.logger(), Stderr: g.stderr})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	// A nil *board must not become a non-nil pipeline.Progress.
	var progress pipeline.Progress
	if b := g.progress(); b != nil {
		defer b.Close()
		progress = b
	}
	res, err := s.Run(ctx, session.RunOptions{Targets: []string{"analyze.salience"}, Progress: progress})
	if err != nil {
		return nil, err
	}
	if code := session.ExitFor(res); code != session.ExitOK && code != session.ExitPartial {
		why := ""
		for _, f := range res.Failed() {
			why += fmt.Sprintf("; %s: %v", f.Stage, f.Err)
		}
		return nil, &session.Error{Code: code, Err: fmt.Errorf("the analysis at the cut %s failed%s", split.Cut, why)}
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(g.stderr, "homer: at the cut: %s\n", w)
	}
	if cc := s.Config.Analyzers.CoChange; cc.MinCount > 0 || cc.MinConfidence > 0 {
		d := cochange.DefaultConfig()
		o.ArtifactFloor = backtest.Floor{MinTogether: cmp.Or(cc.MinCount, d.MinCount), MinConfidence: cmp.Or(cc.MinConfidence, d.MinConfidence)}
	}
	if progress != nil {
		bar := progress.Start("backtest", len(split.Future))
		last := 0
		o.Progress = func(done int) { bar.Add(done - last); last = done }
		defer bar.Done()
	}
	return backtest.Score(ctx, split, backtest.Store{Q: query.New(s.Store.DB())}, o)
}

func printBacktest(w io.Writer, r *backtest.Report) {
	fmt.Fprintf(w, "cut: %s (%s), %d of %d first-parent commits held out\n", r.Cut[:min(12, len(r.Cut))],
		time.Unix(r.CutTime, 0).UTC().Format(time.DateOnly), r.HeldOut, r.FirstParent)
	fmt.Fprintf(w, "training: %d non-merge commits; held out: %d non-merge commits\n\n", r.Train, r.Future)
	c := r.CoChange
	fmt.Fprintf(w, "co-change (k=%d): %d commits of 2-10 files, %d queries, %d more of files new since the cut (scored apart)\n", c.K, c.Commits, c.Queries, c.NewFiles)
	fmt.Fprintf(w, "  %-9s %9s %11s %9s\n", "", "recall", "precision", "coverage")
	fmt.Fprintf(w, "  %-9s %9.3f %11.3f %9.3f\n", "homer", c.Homer.Recall, c.Homer.Precision, c.Homer.Coverage)
	fmt.Fprintf(w, "  %-9s %9.3f %11.3f %9.3f\n", "baseline", c.Baseline.Recall, c.Baseline.Precision, c.Baseline.Coverage)
	fmt.Fprintf(w, "  %-9s %9.3f %11.3f %9.3f  (risk-check's list: partners with >= %d shared commits and confidence >= %.2f)\n",
		"check", c.Check.Recall, c.Check.Precision, c.Check.Coverage, c.CheckFloor.MinTogether, c.CheckFloor.MinConfidence)
	fmt.Fprintf(w, "  %-9s %9.3f %11.3f %9.3f  (the artifacts' list: >= %d shared commits, confidence >= %.2f)\n",
		"artifacts", c.Artifacts.Recall, c.Artifacts.Precision, c.Artifacts.Coverage, c.ArtifactFloor.MinTogether, c.ArtifactFloor.MinConfidence)
	fmt.Fprintf(w, "  %-9s %9.3f %11.3f %9.3f  (homer's stored list, recurring partners first)\n", "oracle", c.Oracle.Recall, c.Oracle.Precision, c.Oracle.Coverage)
	fmt.Fprintf(w, "  %-9s %9.3f  (best recall of any %d-file list: partners seen with the file before the cut, at most %d)\n", "ceil@k", c.CeilingAtK, c.K, c.K)
	fmt.Fprintf(w, "  %-9s %9.3f  (partners seen with the file before the cut, any number)\n", "ceiling", c.Ceiling)
	if c.Ceiling > 0 && c.CeilingAtK > 0 {
		fmt.Fprintf(w, "  recall as a share of the ceiling (target 85%%) / of the ceiling at k: homer %.0f%% / %.0f%%, baseline %.0f%% / %.0f%%, oracle %.0f%% / %.0f%%\n",
			100*c.Homer.Recall/c.Ceiling, 100*c.Homer.Recall/c.CeilingAtK, 100*c.Baseline.Recall/c.Ceiling, 100*c.Baseline.Recall/c.CeilingAtK,
			100*c.Oracle.Recall/c.Ceiling, 100*c.Oracle.Recall/c.CeilingAtK)
	}
	fmt.Fprintf(w, "  held-out partners: %.3f found; lost: %.3f never changed with the file before the cut, %.3f new since the cut, %.3f ranked below %d\n",
		c.Homer.Recall, c.Lost.Never, c.Lost.New, c.Lost.BelowK, c.K)
	if c.NewFiles > 0 {
		fmt.Fprintf(w, "  %-9s %9.3f %11.3f %9.3f  (new files: name and directory partners; no history to compare with)\n", "new", c.New.Recall, c.New.Precision, c.New.Coverage)
	}
	k := r.Risk
	fmt.Fprintf(w, "\nrisk: %d files assessed at the cut, top 10%% = %d; %d held-out fix commits, %d touches of those files\n", k.Files, k.Top, k.FixCommits, k.Touches)
	fmt.Fprintf(w, "  share of fix touches on the top 10%%: homer %.3f, hotspot %.3f, oracle %.3f\n", k.Homer, k.Hotspot, k.Oracle)
	if k.Ratio > 0 {
		fmt.Fprintf(w, "  homer / hotspot %.3f (90%% interval %.3f to %.3f, the fix commits drawn again %d times)\n", k.Ratio, k.Interval[0], k.Interval[1], backtest.Resamples)
	}
	for _, l := range k.Levels {
		fmt.Fprintf(w, "  %-10s %6d files %6d touches %7.3f per file\n", cmpOr(l.Level, "(none)"), l.Files, l.Touches, l.Mean)
	}
	fmt.Fprintf(w, "  Spearman (risk score, fix touches): %.3f\n", k.Spearman)
}

func cmpOr(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
