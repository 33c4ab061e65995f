package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/homer-dev/homer/core/config"
	"github.com/homer-dev/homer/core/plugin"
	"github.com/homer-dev/homer/core/repo"
)

type pluginRow struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Version  string `json:"version"`
	Protocol int    `json:"protocol"`
	Origin   string `json:"origin"`
	Path     string `json:"path"`
	Error    string `json:"error,omitempty"`
}

// pluginList starts every plugin it can find to ask what it is. Outside a
// repository it still lists built-ins and ~/.homer/plugins.
func (g *globals) pluginList(ctx context.Context, path string, asJSON bool) error {
	root := path
	cfg := config.Defaults()
	if r, err := repo.Open(path); err == nil {
		root = r.Root
		loaded, diags := config.Load(config.Locate(root, g.config))
		cfg = loaded
		if diags.HasErrors() {
			g.printDiags(diags, cfg.Parser.Files())
			return exitCode(2)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	h := &plugin.Host{Self: self, Catalog: builtins, Logger: g.logger(), Stderr: g.stderr, StartTimeout: cfg.PluginTimeout()}
	set := h.List(ctx, cfg, root)
	defer set.Close()
	var rows []pluginRow
	for _, p := range set.Plugins {
		rows = append(rows, pluginRow{Name: p.Name, Kind: p.Kind, Version: p.Version, Protocol: p.Protocol, Origin: p.Origin, Path: p.Path})
	}
	for _, p := range set.Problems {
		rows = append(rows, pluginRow{Name: p.Plugin, Origin: p.Origin, Error: p.Err.Error()})
	}
	if asJSON {
		if err := writeJSON(g.stdout, rows); err != nil {
			return err
		}
		if len(set.Problems) > 0 {
			return exitCode(10)
		}
		return nil
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tVERSION\tPROTOCOL\tORIGIN")
	for _, r := range rows {
		if r.Error != "" {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t%s (failed: %s)\n", r.Name, r.Origin, r.Error)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", r.Name, r.Kind, r.Version, r.Protocol, r.Origin)
	}
	tw.Flush()
	if len(set.Problems) > 0 {
		return exitCode(10)
	}
	return nil
}
