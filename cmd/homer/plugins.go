package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	homedir "github.com/mitchellh/go-homedir"

	"github.com/homer-dev/homer/core/config"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/repo"
	"github.com/homer-dev/homer/core/session"
)

type pluginRow struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Version  string `json:"version"`
	Protocol int    `json:"protocol"`
	Origin   string `json:"origin"`
	Path     string `json:"path"`
	// NeedsAllow: the repository chose the binary, so it runs only once
	// the user allows it; Allowed: it may run now.
	NeedsAllow bool   `json:"needs_allow"`
	Allowed    bool   `json:"allowed"`
	SHA256     string `json:"sha256,omitempty"`
	Error      string `json:"error,omitempty"`
}

// allowedColumn is the ALLOWED column: "-" where no allowance is needed.
func (r pluginRow) allowedColumn() string {
	switch {
	case !r.NeedsAllow:
		return "-"
	case r.Allowed:
		return "yes"
	}
	return "no"
}

// loadConfig reads the configuration of the repository at root.
func (g *globals) loadConfig(root string) (*config.Config, error) {
	cfg, diags := config.Load(config.Locate(root, g.config))
	if diags.HasErrors() {
		g.printDiags(diags, cfg.Parser.Files())
		return nil, exitCode(session.ExitConfig)
	}
	return cfg, nil
}

// allowlist reads the user's allowlist; one that cannot be read allows
// nothing, which is said once.
func (g *globals) allowlist() *plugin.Allowlist {
	a, err := plugin.DefaultAllowlist()
	if err != nil {
		fmt.Fprintf(g.stderr, "homer: warning: %v\n", err)
	}
	return a
}

// pluginList starts every plugin it may to ask what it is; a binary the
// repository chose and the user has not allowed is listed from its path
// alone and never started. Outside a repository it still lists built-ins
// and ~/.homer/plugins.
func (g *globals) pluginList(ctx context.Context, path string, asJSON bool) error {
	root, cfg := path, config.Defaults()
	if r, err := repo.Open(path); err == nil {
		root = r.Root
		if cfg, err = g.loadConfig(root); err != nil {
			return err
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	h := &plugin.Host{Self: self, Catalog: builtins, Logger: g.logger(), Stderr: g.stderr, StartTimeout: cfg.PluginTimeout(),
		Allowed: g.allowlist()}
	set := h.List(ctx, cfg, root)
	defer set.Close()
	var rows []pluginRow
	for _, p := range set.Plugins {
		rows = append(rows, pluginRow{Name: p.Name, Kind: p.Kind, Version: p.Version, Protocol: p.Protocol, Origin: p.Origin, Path: p.Path,
			NeedsAllow: p.NeedsAllow, Allowed: true})
	}
	for _, b := range set.Blocked {
		rows = append(rows, pluginRow{Name: b.Display, Origin: b.Origin, Path: b.Path, NeedsAllow: true, SHA256: b.SHA256})
	}
	for _, p := range set.Problems {
		rows = append(rows, pluginRow{Name: p.Plugin, Origin: p.Origin, NeedsAllow: p.NeedsAllow, Allowed: true, Error: p.Err.Error()})
	}
	if asJSON {
		if err := writeJSON(g.stdout, rows); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tKIND\tVERSION\tPROTOCOL\tALLOWED\tORIGIN")
		for _, r := range rows {
			switch {
			case r.Error != "":
				fmt.Fprintf(tw, "%s\t-\t-\t-\t%s\t%s (failed: %s)\n", r.Name, r.allowedColumn(), r.Origin, r.Error)
			case !r.Allowed:
				fmt.Fprintf(tw, "%s\t?\t?\t?\t%s\t%s (not started)\n", r.Name, r.allowedColumn(), r.Origin)
			default:
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", r.Name, r.Kind, r.Version, r.Protocol, r.allowedColumn(), r.Origin)
			}
		}
		tw.Flush()
	}
	if !g.quiet {
		for _, b := range set.Blocked {
			fmt.Fprintf(g.stderr, "homer: %v\n", b.Refusal())
		}
	}
	if len(set.Problems) > 0 {
		return exitCode(session.ExitPartial)
	}
	return nil
}

// pluginAllow records binaries in the user's allowlist with the hash of
// their content. Named paths are taken as the shell gives them; without
// any, every binary the repository at repoPath chose and the user has not
// allowed is allowed, each listed with its hash.
func (g *globals) pluginAllow(repoPath string, paths []string) error {
	type pick struct{ display, real, sum string }
	var picks []pick
	failed := false
	if len(paths) == 0 {
		bins, err := g.repoBinaries(repoPath)
		if err != nil {
			return err
		}
		for _, b := range bins {
			switch {
			case !b.NeedsAllow() || b.Allowed:
			case b.Err != nil:
				fmt.Fprintf(g.stderr, "homer: %v\n", b.Refusal())
				failed = true
			default:
				picks = append(picks, pick{b.Display, b.Real, b.SHA256})
			}
		}
		if len(picks) == 0 && !failed && !g.quiet {
			fmt.Fprintln(g.stdout, "nothing to allow: every plugin binary this repository chose is allowed")
		}
	}
	for _, p := range paths {
		real, err := filepath.EvalSymlinks(p)
		if err == nil {
			real, err = filepath.Abs(real)
		}
		var sum string
		if err == nil {
			sum, err = plugin.FileSHA256(real)
		}
		if err != nil {
			fmt.Fprintf(g.stderr, "homer: cannot allow %s: %v\n", p, err)
			failed = true
			continue
		}
		picks = append(picks, pick{p, real, sum})
	}
	if len(picks) > 0 {
		home, err := homedir.Dir()
		if err != nil {
			return err
		}
		if _, err := plugin.UpdateAllowlist(plugin.AllowlistPath(home), func(a *plugin.Allowlist) error {
			for _, p := range picks {
				if err := a.Allow(p.real, p.sum); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		if !g.quiet {
			for _, p := range picks {
				fmt.Fprintf(g.stdout, "allowed %s (sha256 %s)\n", p.display, p.sum)
			}
		}
	}
	if failed {
		return exitCode(session.ExitError)
	}
	return nil
}

// pluginRevoke removes binaries from the user's allowlist: the named ones,
// or without any, every binary the repository at repoPath chose.
func (g *globals) pluginRevoke(repoPath string, paths []string) error {
	type pick struct{ display, real string }
	var picks []pick
	if len(paths) == 0 {
		bins, err := g.repoBinaries(repoPath)
		if err != nil {
			return err
		}
		for _, b := range bins {
			if b.NeedsAllow() && b.Real != "" {
				picks = append(picks, pick{b.Display, b.Real})
			}
		}
	}
	for _, p := range paths {
		// A binary already deleted can still be revoked by the path it had.
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			real = p
		}
		if real, err = filepath.Abs(real); err != nil {
			return err
		}
		picks = append(picks, pick{p, real})
	}
	home, err := homedir.Dir()
	if err != nil {
		return err
	}
	revoked := map[string]bool{}
	if _, err := plugin.UpdateAllowlist(plugin.AllowlistPath(home), func(a *plugin.Allowlist) error {
		for _, p := range picks {
			revoked[p.real] = a.Revoke(p.real)
		}
		return nil
	}); err != nil {
		return err
	}
	if !g.quiet {
		for _, p := range picks {
			if revoked[p.real] {
				fmt.Fprintf(g.stdout, "revoked %s\n", p.display)
			} else if len(paths) > 0 {
				fmt.Fprintf(g.stdout, "%s was not allowed\n", p.display)
			}
		}
	}
	return nil
}

// repoBinaries discovers the third-party binaries of the repository at
// path, with their verdicts; it starts nothing.
func (g *globals) repoBinaries(path string) ([]plugin.Binary, error) {
	r, err := repo.Open(path)
	if errors.Is(err, repo.ErrNotRepository) {
		return nil, &session.Error{Code: session.ExitNotRepo, Err: err}
	}
	if err != nil {
		return nil, err
	}
	cfg, err := g.loadConfig(r.Root)
	if err != nil {
		return nil, err
	}
	home, _ := homedir.Dir()
	return plugin.Discover(cfg, r.Root, home, g.allowlist()), nil
}
