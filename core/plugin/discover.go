package plugin

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	homedir "github.com/mitchellh/go-homedir"

	"github.com/homer-dev/homer/core/config"
)

// Binary is a third-party plugin binary found for a repository, with the
// verdict on whether it may run.
//
// Running Homer in a freshly cloned repository must be as safe as running
// `git log` in it, so a binary the repository chose runs only once the user
// has allowed it (Allowlist). The repository chose a binary when
//   - its real path (symlinks resolved) lies inside the repository, however
//     it was named: from .homer/plugins/, homer.hcl, or a link in
//     ~/.homer/plugins/ into a checkout that the next pull may change;
//   - it was found in the repository's .homer/plugins/, wherever a link
//     there leads;
//   - a configuration file inside the repository names it, wherever it
//     lies, unless it is in ~/.homer/plugins/ (which runs anyway). A clone
//     cannot put a file outside itself, but its homer.hcl can name one
//     another clone put there (`../other/x`, the main checkout of a linked
//     worktree), or any program on the machine, which would then run with
//     homer's standard input.
//
// What the user chose runs as before: ~/.homer/plugins/, and binaries
// outside the repository named by a configuration outside it (--config,
// $HOMER_CONFIG).
type Binary struct {
	// Name and Kind are what the configuration expects; "" when only the
	// plugin's description will tell.
	Name, Kind string
	Origin     string
	// Path is absolute, as named or found; Real has its symlinks resolved
	// ("" when it cannot be).
	Path, Real string
	// Display names the binary to the user: relative to the working
	// directory when below it, else absolute, so it can be pasted into
	// `homer plugin allow`.
	Display string
	// Chosen says why the repository chose the binary ("inside the
	// repository"); "" when the user did.
	Chosen string
	// SHA256 is the hash of the file's content, for binaries the
	// repository chose.
	SHA256 string
	// Allowed: the user allowed this file with this content. Changed: the
	// user allowed it with another content.
	Allowed, Changed bool
	// Err says why the binary could not be checked.
	Err error
}

// NeedsAllow reports whether the repository chose the binary, so that it
// runs only once allowed.
func (b Binary) NeedsAllow() bool { return b.Chosen != "" }

// Runs reports whether the binary may be started.
func (b Binary) Runs() bool { return b.Chosen == "" || b.Allowed && b.Err == nil }

// Refusal is what a run reports about a binary that may not run: what it
// is and what to do about it. Nobody is asked on a terminal: hooks and CI
// have none.
func (b Binary) Refusal() error {
	if b.Runs() {
		return nil
	}
	return fmt.Errorf("`%s` is %w", b.Display, b.reason())
}

// reason is Refusal without the binary's name, for reports that name it
// already.
func (b Binary) reason() error {
	switch {
	case b.Err != nil:
		return fmt.Errorf("%s and cannot be checked: %w", b.Chosen, b.Err)
	case b.Changed:
		return fmt.Errorf("%s and changed since it was allowed: run `homer plugin allow %s` after reading it", b.Chosen, b.Display)
	}
	return fmt.Errorf("%s and not allowed: run `homer plugin allow %s` after reading it", b.Chosen, b.Display)
}

func (b Binary) candidate() candidate {
	return candidate{name: b.Name, kind: b.Kind, origin: b.Origin, path: b.Path, needsAllow: b.NeedsAllow()}
}

// Discover lists the third-party plugin binaries for a repository (those
// declared in its configuration, then those in .homer/plugins/ and
// home/.homer/plugins/) and checks each against the allowlist. It starts
// nothing. home "" skips the user's plugin directory; a nil allowlist
// allows nothing.
func Discover(cfg *config.Config, root, home string, allowed *Allowlist) []Binary {
	var out []Binary
	seen := map[string]bool{}
	add := func(b Binary) {
		if abs, err := filepath.Abs(b.Path); err == nil {
			b.Path = abs
		}
		if !seen[b.Path] {
			seen[b.Path] = true
			out = append(out, b)
		}
	}
	for _, d := range cfg.Plugins {
		add(Binary{Name: d.Name, Origin: OriginConfig, Path: expand(d.Path, root)})
	}
	for _, list := range [][]*config.Block{cfg.Sources, cfg.Languages, cfg.Renderers} {
		for _, b := range list {
			if b.Plugin != "" {
				add(Binary{Name: b.Name, Kind: b.Kind, Origin: OriginConfig, Path: expand(b.Plugin, root)})
			}
		}
	}
	dirs := []struct{ dir, origin string }{{filepath.Join(root, ".homer", "plugins"), OriginRepo}}
	homePlugins := ""
	if home != "" {
		homePlugins = filepath.Join(home, ".homer", "plugins")
		dirs = append(dirs, struct{ dir, origin string }{homePlugins, OriginHome})
	}
	for _, d := range dirs {
		entries, err := os.ReadDir(d.dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			info, err := e.Info()
			if err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
				continue
			}
			add(Binary{Origin: d.origin, Path: filepath.Join(d.dir, e.Name())})
		}
	}

	j := judge{root: absPath(root), homePlugins: realPath(homePlugins), configInRepo: false}
	j.realRoot = realPath(j.root)
	if cfg.File != "" {
		file := absPath(cfg.File)
		j.configInRepo = within(j.root, file) || within(j.realRoot, realPath(file))
		j.configName = filepath.Base(file)
	}
	wd, _ := os.Getwd()
	for i := range out {
		j.vet(&out[i], allowed, wd)
	}
	return out
}

// judge decides which binaries the repository chose.
type judge struct {
	root, realRoot string
	homePlugins    string // real; "" when there is none
	configInRepo   bool
	configName     string
}

func (j judge) vet(b *Binary, allowed *Allowlist, wd string) {
	b.Display = b.Path
	if within(wd, b.Path) {
		if rel, err := filepath.Rel(wd, b.Path); err == nil {
			b.Display = rel
		}
	}
	real, err := filepath.EvalSymlinks(b.Path)
	if err == nil {
		b.Real = real
	}
	switch {
	case b.Real != "" && within(j.realRoot, b.Real), b.Real == "" && within(j.root, b.Path):
		b.Chosen = "inside the repository"
	case b.Origin == OriginRepo:
		b.Chosen = "linked from the repository's .homer/plugins/"
	case b.Origin == OriginConfig && j.configInRepo && (b.Real == "" || j.homePlugins == "" || !within(j.homePlugins, b.Real)):
		b.Chosen = "named by the repository's " + j.configName
	}
	if b.Chosen == "" {
		return // the user's own: it runs, and a missing one fails to start as before
	}
	if b.Real == "" {
		b.Err = err
		return
	}
	if b.SHA256, b.Err = FileSHA256(b.Real); b.Err != nil {
		return
	}
	if sum, ok := allowed.Sum(b.Real); ok {
		b.Allowed = sum == b.SHA256
		b.Changed = !b.Allowed
	}
}

// within reports whether path is dir or lies below it; both are absolute
// and clean.
func within(dir, path string) bool {
	if dir == "" || path == "" {
		return false
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// realPath resolves symlinks; a path that cannot be resolved stays as it is.
func realPath(p string) string {
	if p == "" {
		return ""
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

func expand(p, root string) string {
	if e, err := homedir.Expand(p); err == nil {
		p = e
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(root, p)
	}
	return p
}
