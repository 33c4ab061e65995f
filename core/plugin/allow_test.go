package plugin

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/config"
)

// writeExec writes an executable file and returns its path.
func writeExec(t *testing.T, path, content string) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o755))
	return path
}

func sumOf(t *testing.T, path string) string {
	t.Helper()
	s, err := FileSHA256(path)
	require.NoError(t, err)
	return s
}

func TestAllowlistRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin := writeExec(t, filepath.Join(dir, "bin", "p"), "#!/bin/sh\n")
	path := AllowlistPath(filepath.Join(dir, "home"))

	a, err := LoadAllowlist(path)
	require.NoError(t, err, "a missing list is an empty one")
	require.False(t, a.Allows(bin, sumOf(t, bin)))

	_, err = UpdateAllowlist(path, func(a *Allowlist) error { return a.Allow(bin, sumOf(t, bin)) })
	require.NoError(t, err)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, sumOf(t, bin)+"  "+bin+"\n", string(data), "sha256sum's format")

	a, err = LoadAllowlist(path)
	require.NoError(t, err)
	require.True(t, a.Allows(bin, sumOf(t, bin)))
	require.False(t, a.Allows(bin, strings.Repeat("0", 64)), "another content is not allowed")

	_, err = UpdateAllowlist(path, func(a *Allowlist) error {
		require.True(t, a.Revoke(bin))
		require.False(t, a.Revoke(bin))
		return nil
	})
	require.NoError(t, err)
	a, err = LoadAllowlist(path)
	require.NoError(t, err)
	require.False(t, a.Allows(bin, sumOf(t, bin)))
}

func TestAllowlistRefusesWhatItCannotWrite(t *testing.T) {
	t.Parallel()
	a := &Allowlist{sums: map[string]string{}}
	sum := strings.Repeat("ab", 32)
	require.Error(t, a.Allow("relative/p", sum))
	require.Error(t, a.Allow("/x\n"+sum+"  /evil", sum), "a line break would smuggle in an entry")
	require.Error(t, a.Allow("/x", "not-a-sum"))
	require.NoError(t, a.Allow("/x", strings.ToUpper(sum)))
	require.True(t, a.Allows("/x", sum))
}

func TestAllowlistSkipsMalformedLines(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "allowed")
	good := strings.Repeat("cd", 32)
	content := strings.Join([]string{
		good + "  /good",
		good + " */binary-mode",
		"zz" + good[2:] + "  /not-hex",
		good + "  relative",
		good + " /one-space",
		"short  /x",
		"",
	}, "\n")
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	a, err := LoadAllowlist(path)
	require.NoError(t, err)
	for p, want := range map[string]bool{"/good": true, "/binary-mode": true, "/not-hex": false, "relative": false, "/one-space": false, "/x": false} {
		require.Equal(t, want, a.Allows(p, good), p)
	}
}

// Commands allowing plugins at once keep each other's entries.
func TestUpdateAllowlistConcurrently(t *testing.T) {
	t.Parallel()
	path := AllowlistPath(t.TempDir())
	sum := strings.Repeat("ef", 32)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := UpdateAllowlist(path, func(a *Allowlist) error { return a.Allow(fmt.Sprintf("/p%d", i), sum) })
			require.NoError(t, err)
		}()
	}
	wg.Wait()
	a, err := LoadAllowlist(path)
	require.NoError(t, err)
	for i := range 20 {
		require.True(t, a.Allows(fmt.Sprintf("/p%d", i), sum), "entry %d lost", i)
	}
}

// discoverEnv is a repository, a home and a place outside both.
type discoverEnv struct {
	root, home, outside string
}

func newDiscoverEnv(t *testing.T) discoverEnv {
	base := t.TempDir()
	e := discoverEnv{root: filepath.Join(base, "repo"), home: filepath.Join(base, "home"), outside: filepath.Join(base, "elsewhere")}
	for _, d := range []string{e.root, e.home, e.outside} {
		require.NoError(t, os.MkdirAll(d, 0o755))
	}
	return e
}

func loadConfig(t *testing.T, path, hcl string) *config.Config {
	t.Helper()
	if path == "" {
		return config.Defaults()
	}
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(hcl), 0o644))
	cfg, diags := config.Load(path)
	require.False(t, diags.HasErrors(), "%v", diags)
	return cfg
}

// Which binaries the repository chose, whatever names them.
func TestDiscoverJudgesWhoChose(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		// setup places binaries and returns the configuration file (""
		// for none, relative to the repository when it starts with
		// "repo:") with its text.
		setup  func(t *testing.T, e discoverEnv) (file, hcl string)
		chosen map[string]string // base name → Chosen ("" for the user's own)
	}{
		"in .homer/plugins": {
			setup: func(t *testing.T, e discoverEnv) (string, string) {
				writeExec(t, filepath.Join(e.root, ".homer", "plugins", "x"), "#!/bin/sh\n")
				return "", ""
			},
			chosen: map[string]string{"x": "inside the repository"},
		},
		"linked from .homer/plugins to outside": {
			setup: func(t *testing.T, e discoverEnv) (string, string) {
				target := writeExec(t, filepath.Join(e.outside, "tool"), "#!/bin/sh\n")
				require.NoError(t, os.MkdirAll(filepath.Join(e.root, ".homer", "plugins"), 0o755))
				require.NoError(t, os.Symlink(target, filepath.Join(e.root, ".homer", "plugins", "link")))
				return "", ""
			},
			chosen: map[string]string{"link": "linked from the repository's .homer/plugins/"},
		},
		"in ~/.homer/plugins": {
			setup: func(t *testing.T, e discoverEnv) (string, string) {
				writeExec(t, filepath.Join(e.home, ".homer", "plugins", "mine"), "#!/bin/sh\n")
				return "", ""
			},
			chosen: map[string]string{"mine": ""},
		},
		"linked from ~/.homer/plugins into the repository": {
			setup: func(t *testing.T, e discoverEnv) (string, string) {
				target := writeExec(t, filepath.Join(e.root, "bin", "built"), "#!/bin/sh\n")
				require.NoError(t, os.MkdirAll(filepath.Join(e.home, ".homer", "plugins"), 0o755))
				require.NoError(t, os.Symlink(target, filepath.Join(e.home, ".homer", "plugins", "built")))
				return "", ""
			},
			chosen: map[string]string{"built": "inside the repository"},
		},
		"the repository's homer.hcl names a binary inside it": {
			setup: func(t *testing.T, e discoverEnv) (string, string) {
				writeExec(t, filepath.Join(e.root, "bin", "lua"), "#!/bin/sh\n")
				return "repo:homer.hcl", "language \"lua\" {\n  plugin = \"./bin/lua\"\n}\n"
			},
			chosen: map[string]string{"lua": "inside the repository"},
		},
		"the repository's homer.hcl names a binary outside it": {
			setup: func(t *testing.T, e discoverEnv) (string, string) {
				p := writeExec(t, filepath.Join(e.outside, "other-clone", "evil"), "#!/bin/sh\n")
				return "repo:.homer/homer.hcl", fmt.Sprintf("plugin \"evil\" {\n  path = %q\n}\n", p)
			},
			chosen: map[string]string{"evil": "named by the repository's homer.hcl"},
		},
		"the repository's homer.hcl names the user's own plugin": {
			setup: func(t *testing.T, e discoverEnv) (string, string) {
				p := writeExec(t, filepath.Join(e.home, ".homer", "plugins", "kotlin"), "#!/bin/sh\n")
				return "repo:homer.hcl", fmt.Sprintf("language \"kotlin\" {\n  plugin = %q\n}\n", p)
			},
			chosen: map[string]string{"kotlin": ""},
		},
		"the user's --config names a binary outside the repository": {
			setup: func(t *testing.T, e discoverEnv) (string, string) {
				p := writeExec(t, filepath.Join(e.outside, "tool"), "#!/bin/sh\n")
				return filepath.Join(e.outside, "my.hcl"), fmt.Sprintf("plugin \"tool\" {\n  path = %q\n}\n", p)
			},
			chosen: map[string]string{"tool": ""},
		},
		"the user's --config names a binary inside the repository": {
			setup: func(t *testing.T, e discoverEnv) (string, string) {
				p := writeExec(t, filepath.Join(e.root, "tool"), "#!/bin/sh\n")
				return filepath.Join(e.outside, "my.hcl"), fmt.Sprintf("plugin \"tool\" {\n  path = %q\n}\n", p)
			},
			chosen: map[string]string{"tool": "inside the repository"},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newDiscoverEnv(t)
			file, hcl := c.setup(t, e)
			if rest, ok := strings.CutPrefix(file, "repo:"); ok {
				file = filepath.Join(e.root, rest)
			}
			bins := Discover(loadConfig(t, file, hcl), e.root, e.home, nil)
			got := map[string]string{}
			for _, b := range bins {
				got[filepath.Base(b.Path)] = b.Chosen
				require.NoError(t, b.Err)
				require.Equal(t, b.NeedsAllow(), b.SHA256 != "", "only what the repository chose is hashed")
				require.Equal(t, !b.NeedsAllow(), b.Runs(), "nothing is allowed yet")
			}
			require.Equal(t, c.chosen, got)
		})
	}
}

// An allowance holds for the content allowed, not for the next one.
func TestDiscoverFollowsTheHash(t *testing.T) {
	t.Parallel()
	e := newDiscoverEnv(t)
	bin := writeExec(t, filepath.Join(e.root, ".homer", "plugins", "x"), "#!/bin/sh\nexit 0\n")
	list := AllowlistPath(e.home)
	discover := func() Binary {
		a, err := LoadAllowlist(list)
		require.NoError(t, err)
		bins := Discover(config.Defaults(), e.root, e.home, a)
		require.Len(t, bins, 1)
		return bins[0]
	}

	b := discover()
	require.False(t, b.Runs())
	require.False(t, b.Changed)
	require.ErrorContains(t, b.Refusal(), "inside the repository and not allowed: run `homer plugin allow ")

	real, err := filepath.EvalSymlinks(bin)
	require.NoError(t, err)
	_, err = UpdateAllowlist(list, func(a *Allowlist) error { return a.Allow(real, b.SHA256) })
	require.NoError(t, err)
	b = discover()
	require.True(t, b.Allowed)
	require.True(t, b.Runs())
	require.NoError(t, b.Refusal())

	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\nexit 1\n"), 0o755))
	b = discover()
	require.False(t, b.Runs(), "changed content runs only once allowed again")
	require.True(t, b.Changed)
	require.ErrorContains(t, b.Refusal(), "changed since it was allowed")
}

// A binary the repository names but that is not there cannot be checked,
// so it is refused rather than started.
func TestDiscoverRefusesWhatItCannotCheck(t *testing.T) {
	t.Parallel()
	e := newDiscoverEnv(t)
	cfg := loadConfig(t, filepath.Join(e.root, "homer.hcl"), "language \"lua\" {\n  plugin = \"./bin/missing\"\n}\n")
	bins := Discover(cfg, e.root, e.home, nil)
	require.Len(t, bins, 1)
	require.Equal(t, "inside the repository", bins[0].Chosen)
	require.Error(t, bins[0].Err)
	require.False(t, bins[0].Runs())
	require.ErrorContains(t, bins[0].Refusal(), "cannot be checked")
}

// Load never starts a binary the repository chose until it is allowed;
// it reports it, and a block configuring it is no configuration error.
func TestLoadStartsOnlyAllowedRepositoryPlugins(t *testing.T) {
	t.Parallel()
	e := newDiscoverEnv(t)
	marker := filepath.Join(e.outside, "marker")
	// Not a plugin: it leaves a mark and exits, so a start fails after the
	// mark is made.
	bin := writeExec(t, filepath.Join(e.root, ".homer", "plugins", "x"), fmt.Sprintf("#!/bin/sh\necho started >> %q\nexit 1\n", marker))
	cfg := loadConfig(t, filepath.Join(e.root, "homer.hcl"), "language \"x\" {}\n")
	list := AllowlistPath(e.home)
	load := func() (*Set, hcl.Diagnostics) {
		a, err := LoadAllowlist(list)
		require.NoError(t, err)
		h := &Host{Self: "/nonexistent", Home: e.home, Allowed: a}
		set, diags := h.Load(context.Background(), cfg, e.root)
		t.Cleanup(set.Close)
		return set, diags
	}

	set, diags := load()
	require.False(t, diags.HasErrors(), "%v", diags)
	require.NoFileExists(t, marker)
	require.Len(t, set.Blocked, 1)
	require.Len(t, set.Problems, 1)
	require.True(t, set.Problems[0].NeedsAllow)
	require.Contains(t, set.Problems[0].Error(), "not allowed: run `homer plugin allow")
	require.Empty(t, (&Host{Self: "/nonexistent", Home: e.home}).List(context.Background(), cfg, e.root).Plugins)
	require.NoFileExists(t, marker, "listing does not start it either")

	_, err := UpdateAllowlist(list, func(a *Allowlist) error { return a.Allow(realPath(bin), sumOf(t, bin)) })
	require.NoError(t, err)
	set, _ = load()
	require.FileExists(t, marker, "an allowed binary is started")
	require.Empty(t, set.Blocked)
	require.Len(t, set.Problems, 1, "it is no plugin, so it fails to start")
	require.NotContains(t, set.Problems[0].Error(), "not allowed")
}
