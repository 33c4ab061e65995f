package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/homer-dev/homer/core/repo"
)

// hookMark identifies a pre-commit hook Homer wrote.
const hookMark = "# homer-hook: written by `homer hook install`"

// chainedSuffix names the hook that was there before Homer's, which
// Homer's runs first and `homer hook uninstall` puts back.
const chainedSuffix = ".before-homer"

// hookScript is the pre-commit hook. It runs the hook that was there
// before, then `homer risk-check --staged`: it warns about risky staged
// files and missing partners, and blocks only when git config
// homer.blockAbove sets a threshold and a file is above it. Homer's own
// trouble never blocks a commit: no binary is checked for here, and
// risk-check --hook turns the rest (no store, a store being written, a
// failed update) into warnings, so its exit 1 means a risky file only; any
// other failure (a crash) lets the commit through with a warning.
const hookScript = `#!/bin/sh
` + hookMark + `
# Remove it with: homer hook uninstall
hooks=$(dirname "$0")
if [ -x "$hooks/pre-commit` + chainedSuffix + `" ]; then
	"$hooks/pre-commit` + chainedSuffix + `" "$@" || exit $?
fi
homer=${HOMER:-%s}
if ! command -v "$homer" >/dev/null 2>&1; then
	echo "homer: $homer not found; commit not checked" >&2
	exit 0
fi
top=$(git rev-parse --show-toplevel) || exit 0
block=$(git config --get homer.blockAbove)
# Variables git sets for hooks would redirect Homer's own git calls; the
# index to judge is read before they go.
unset GIT_DIR GIT_WORK_TREE
if [ -n "$block" ]; then
	"$homer" risk-check --hook --staged --repo "$top" --threshold "$block" -q
	code=$?
	if [ "$code" -eq 1 ]; then
		echo "homer: a staged file is riskier than homer.blockAbove ($block); commit with --no-verify to go ahead" >&2
		exit 1
	fi
else
	"$homer" risk-check --hook --staged --repo "$top" --threshold 1 -q
	code=$?
fi
if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
	echo "homer: risk-check exited $code; the commit goes ahead" >&2
fi
exit 0
`

func hookCmd(g *globals) *cobra.Command {
	var repoDir string
	c := &cobra.Command{
		Use:   "hook",
		Short: "Install or remove Homer's git pre-commit hook",
	}
	install := &cobra.Command{
		Use:   "install",
		Short: "Write a pre-commit hook that runs homer risk-check --staged (an existing hook is kept and run first)",
		Long: `Writes the pre-commit hook in the hooks directory git uses (core.hooksPath is
respected). An existing hook is kept, renamed pre-commit` + chainedSuffix + `, and run
first; homer hook uninstall puts it back. The hook warns about risky staged files and
about usual partners missing from the commit; it blocks a commit only when
git config homer.blockAbove sets a threshold (e.g. 0.8) and a staged file is above it,
and never over Homer's own trouble.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := hooksDir(repoDir)
			if err != nil {
				return err
			}
			self, err := os.Executable()
			if err != nil {
				return err
			}
			hook := filepath.Join(dir, "pre-commit")
			old, err := os.ReadFile(hook)
			switch {
			case err == nil && bytes.Contains(old, []byte(hookMark)):
				// Ours already: rewritten, in case the binary moved.
			case err == nil:
				if _, err := os.Stat(hook + chainedSuffix); err == nil {
					return fmt.Errorf("%s and %s both exist: move one away first", hook, hook+chainedSuffix)
				}
				if err := os.Rename(hook, hook+chainedSuffix); err != nil {
					return err
				}
				fmt.Fprintf(g.stdout, "kept the existing hook as %s; it runs first\n", hook+chainedSuffix)
			case !errors.Is(err, os.ErrNotExist):
				return err
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			script := fmt.Sprintf(hookScript, shellQuote(self))
			if err := os.WriteFile(hook, []byte(script), 0o755); err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "wrote %s\n", hook)
			return nil
		},
	}
	uninstall := &cobra.Command{
		Use:   "uninstall",
		Short: "Remove Homer's pre-commit hook and put back the one it kept",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := hooksDir(repoDir)
			if err != nil {
				return err
			}
			hook := filepath.Join(dir, "pre-commit")
			data, err := os.ReadFile(hook)
			if errors.Is(err, os.ErrNotExist) {
				fmt.Fprintln(g.stdout, "no pre-commit hook")
				return nil
			}
			if err != nil {
				return err
			}
			if !bytes.Contains(data, []byte(hookMark)) {
				return fmt.Errorf("%s is not Homer's hook: left alone", hook)
			}
			if err := os.Remove(hook); err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "removed %s\n", hook)
			if _, err := os.Stat(hook + chainedSuffix); err == nil {
				if err := os.Rename(hook+chainedSuffix, hook); err != nil {
					return err
				}
				fmt.Fprintf(g.stdout, "put back the hook that was there before\n")
			}
			return nil
		},
	}
	for _, sub := range []*cobra.Command{install, uninstall} {
		sub.Flags().StringVar(&repoDir, "repo", "", "the repository (default: the current directory's)")
		c.AddCommand(sub)
	}
	return c
}

// hooksDir is where git looks for hooks in the repository: core.hooksPath
// when set, else the git directory's hooks.
func hooksDir(dir string) (string, error) {
	if dir == "" {
		dir = "."
	}
	r, err := repo.Open(dir)
	if err != nil {
		return "", err
	}
	cmd := exec.Command("git", "rev-parse", "--git-path", "hooks")
	cmd.Dir = r.Root
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git rev-parse --git-path hooks in %s: %w", r.Root, err)
	}
	p := strings.TrimSpace(string(out))
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.Root, p)
	}
	return p, nil
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
