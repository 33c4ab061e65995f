package plugin

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"
	homedir "github.com/mitchellh/go-homedir"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/core/config"
	"github.com/homer-dev/homer/core/trace"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/host"
)

// Origins of a plugin.
const (
	OriginBuiltin = "built-in"
	OriginConfig  = "homer.hcl"
	OriginRepo    = ".homer/plugins"
	OriginHome    = "~/.homer/plugins"
)

// Builtin is a plugin compiled into the homer binary.
type Builtin struct {
	Kind string
	Name string
	New  func() sdk.Plugin
}

// Catalog is the set of built-in plugins, passed explicitly (no init-time
// registry).
type Catalog []Builtin

// Lookup finds a built-in by kind and name.
func (c Catalog) Lookup(kind, name string) (Builtin, bool) {
	for _, b := range c {
		if b.Kind == kind && b.Name == name {
			return b, true
		}
	}
	return Builtin{}, false
}

// ServeCommand is the hidden command that runs a built-in plugin.
const ServeCommand = "__plugin"

// Plugin is a described plugin. Its process starts on first use
// (Connect): a run whose stages are all unchanged starts none, using the
// descriptions cached from earlier runs.
type Plugin struct {
	Name     string
	Kind     string
	Version  string
	Protocol int
	Origin   string
	Path     string // binary; the homer binary for built-ins
	// Build identifies the binary (path, size, modification time): a
	// rebuilt plugin may behave differently under the same version, so
	// memoized results keyed by it are redone.
	Build string
	Info  *sdk.Info
	// Values is the plugin's configuration after CheckPlugin.
	Values map[string]*sdk.Value
	// Claim: extensions homer.hcl gives this language plugin over others.
	Claim []string
	// NeedsAllow: the repository chose this binary, and it runs because
	// the user allowed it (see Binary).
	NeedsAllow bool

	host *Host
	cand candidate
	root string

	mu         sync.Mutex
	client     *host.Client
	configured bool
	err        error
}

// Connect returns the running plugin, starting and configuring it on
// first use. A plugin that cannot start or refuses its configuration keeps
// failing with the same error.
func (p *Plugin) Connect(ctx context.Context) (*host.Client, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return nil, p.err
	}
	if p.client == nil {
		if p.host.Logger != nil {
			p.host.Logger.Debug("plugin start", "kind", p.Kind, "plugin", p.Name)
		}
		sp := trace.From(ctx).Begin(p.cand.display(), "call", "start", "plugin")
		c, err := p.host.launch(ctx, p.cand)
		args := map[string]any{"plugin": p.Name}
		if err != nil {
			args["error"] = err.Error()
		}
		sp.End(args)
		if err != nil {
			p.err = err
			return nil, err
		}
		p.client = c
	}
	if !p.configured {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		diags, err := p.client.Configure(cctx, sdk.Config{RepoRoot: p.root, Values: p.Values})
		cancel()
		var msgs []string
		for _, d := range diags {
			if d.GetSeverity() == sdk.SeverityError {
				msgs = append(msgs, d.GetSummary())
			}
		}
		if err == nil && len(msgs) > 0 {
			err = fmt.Errorf("configuration rejected: %s", strings.Join(msgs, "; "))
		}
		if err != nil {
			p.client.Kill()
			p.err = err
			return nil, err
		}
		p.configured = true
	}
	return p.client, nil
}

// Exited reports whether the plugin's process was started and is gone.
func (p *Plugin) Exited() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.client != nil && p.client.Exited()
}

// Kill stops the plugin's process if it runs.
func (p *Plugin) Kill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.client != nil {
		// The plugin is asked to exit first; what it started is killed
		// after it, or, should its children hold its pipes and keep the
		// exit waiting, after a grace period.
		cmd, _ := p.host.groups.LoadAndDelete(p.client)
		done := make(chan struct{})
		if cmd != nil {
			go func() {
				select {
				case <-done:
				case <-time.After(killGrace):
					killGroup(cmd.(*exec.Cmd))
				}
			}()
		}
		p.client.Kill()
		close(done)
		if cmd != nil {
			killGroup(cmd.(*exec.Cmd))
		}
		// A later Connect starts it again.
		p.client, p.configured = nil, false
	}
}

// pluginEnv is the environment a plugin gets: what tools and the runtime
// need (the search path, home, temporary directory, locale, git's and
// homer's own settings), and not the rest of homer's: a plugin from a
// cloned repository must not read the user's tokens and keys.
func pluginEnv(env []string) []string {
	keep := map[string]bool{"PATH": true, "HOME": true, "USER": true, "LOGNAME": true, "TMPDIR": true, "TMP": true,
		"TEMP": true, "LANG": true, "LANGUAGE": true, "TZ": true, "TERM": true, "XDG_CONFIG_HOME": true,
		"XDG_CACHE_HOME": true, "GIT_CEILING_DIRECTORIES": true, "GOGC": true, "GOMEMLIMIT": true, "GODEBUG": true,
		"GOMAXPROCS": true, "GOTRACEBACK": true, "GOCOVERDIR": true}
	out := make([]string, 0, len(keep))
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if keep[k] || strings.HasPrefix(k, "LC_") || strings.HasPrefix(k, "HOMER_") || strings.HasPrefix(k, "GIT_CONFIG_") {
			out = append(out, kv)
		}
	}
	return out
}

// killGrace is how long a plugin being stopped may take before what it
// started is killed with it.
const killGrace = 3 * time.Second

// Cache keeps plugin descriptions between runs, keyed by the binary's
// identity (path, size, modification time), so unchanged plugins need not
// be started just to say what they are.
type Cache interface {
	Get(key string) []byte
	Put(key string, data []byte)
}

// Problem is a plugin that could not be used.
type Problem struct {
	Plugin string
	Origin string
	Err    error
	// NeedsAllow: the repository chose the binary (see Binary).
	NeedsAllow bool
}

func (p Problem) Error() string { return fmt.Sprintf("plugin %s (%s): %v", p.Plugin, p.Origin, p.Err) }

// Host starts plugin processes.
type Host struct {
	// Cache, when set, remembers descriptions between runs.
	Cache Cache
	// Self is the homer executable, re-executed for built-ins.
	Self    string
	Catalog Catalog
	Logger  hclog.Logger
	// groups maps a running plugin's client to its command, whose process
	// group is killed with it.
	groups sync.Map
	// Stderr receives plugin output that is not a log record.
	Stderr       io.Writer
	StartTimeout time.Duration
	// Allowed is the user's allowlist: a binary the repository chose runs
	// only when it is there with its current hash. Nil allows none.
	Allowed *Allowlist
	// Home is the user's home directory, for ~/.homer/plugins/; "" looks
	// it up.
	Home string
}

func (h *Host) home() string {
	if h.Home != "" {
		return h.Home
	}
	home, err := homedir.Dir()
	if err != nil {
		return ""
	}
	return home
}

// candidate is a plugin to start: a built-in or a binary.
type candidate struct {
	name, kind string // expected; kind "" when only Describe will tell
	origin     string
	path       string
	builtin    *Builtin
	needsAllow bool
}

// display names the candidate before it has described itself.
func (c candidate) display() string {
	if c.name == "" {
		return filepath.Base(c.path)
	}
	return c.name
}

// cacheKey identifies a candidate's binary; "" when it cannot be read.
func (h *Host) cacheKey(c candidate) string {
	path, what := c.path, "bin"
	if c.builtin != nil {
		path, what = h.Self, "builtin:"+c.builtin.Kind+"/"+c.builtin.Name
	}
	fi, err := os.Stat(path)
	if err != nil {
		return ""
	}
	// The path is hashed: the key is stored, and the store holds no path
	// of the machine.
	return fmt.Sprintf("plugin-info:%s:%x:%d:%d:%d", what, sha256.Sum256([]byte(path)), fi.Size(), fi.ModTime().UnixNano(), sdk.ProtocolVersion)
}

// describe returns a plugin's description: a built-in's from the code
// compiled in; another's from the cache when its binary is unchanged, else
// by starting it (and then keeping the process).
func (h *Host) describe(ctx context.Context, c candidate, root string) (*Plugin, error) {
	key := ""
	if h.Cache != nil {
		key = h.cacheKey(c)
	}
	var client *host.Client
	info := &sdk.Info{}
	if c.builtin != nil {
		// Compiled into this binary: its description is at hand, and a
		// process starts only when there is work for it.
		var err error
		if info, err = sdk.Describe(c.builtin.New()); err != nil {
			return nil, fmt.Errorf("built-in %s %s: %w", c.builtin.Kind, c.builtin.Name, err)
		}
	} else if data := h.cacheGet(key); data == nil || proto.Unmarshal(data, info) != nil || info.GetName() == "" {
		// A cached description that does not decode is a miss: the
		// plugin describes itself again and the cache is rewritten.
		var err error
		if client, err = h.launch(ctx, c); err != nil {
			return nil, err
		}
		info = client.Info()
		if key != "" {
			if data, err := proto.Marshal(info); err == nil {
				h.Cache.Put(key, data)
			}
		}
	}
	if c.kind != "" && info.GetKind() != c.kind {
		if client != nil {
			client.Kill()
		}
		return nil, fmt.Errorf("%s is a %s plugin, not a %s plugin", c.path, info.GetKind(), c.kind)
	}
	path := c.path
	if c.builtin != nil {
		path = h.Self
	}
	return &Plugin{Name: info.GetName(), Kind: info.GetKind(), Version: info.GetVersion(), Protocol: int(info.GetProtocolVersion()),
		Origin: c.origin, Path: path, Build: h.cacheKey(c), Info: info, NeedsAllow: c.needsAllow, host: h, cand: c, root: root, client: client}, nil
}

func (h *Host) cacheGet(key string) []byte {
	if key == "" {
		return nil
	}
	return h.Cache.Get(key)
}

// launch starts a plugin process and completes the handshake.
func (h *Host) launch(ctx context.Context, c candidate) (*host.Client, error) {
	var cmd *exec.Cmd
	path := c.path
	if c.builtin != nil {
		path = h.Self
		cmd = exec.Command(h.Self, ServeCommand, c.builtin.Kind, c.builtin.Name)
	} else {
		cmd = exec.Command(c.path)
	}
	dieWithParent(cmd)
	name := c.display()
	logger := h.Logger
	if logger == nil {
		logger = hclog.NewNullLogger()
	}
	// The plugin's logger inherits the user's level (-q: errors only);
	// host.Launch keeps go-plugin's own start and exit messages at debug.
	pl := logger.Named(name)
	// A plugin that misses its handshake is killed with everything it
	// started: a child holding its pipes would keep the launch waiting.
	started := make(chan struct{})
	go func() {
		timeout := h.StartTimeout
		if timeout == 0 {
			timeout = 10 * time.Second
		}
		select {
		case <-started:
		case <-time.After(timeout + time.Second):
			killGroup(cmd)
		}
	}()
	client, err := host.Launch(ctx, host.Options{Name: name, Cmd: cmd, Logger: pl, Stderr: h.Stderr, StartTimeout: h.StartTimeout,
		Env: pluginEnv(os.Environ()), DialOptions: traceOptions(name)})
	close(started)
	if err != nil {
		killGroup(cmd)
		return nil, err
	}
	h.groups.Store(client, cmd)
	if c.kind != "" && client.Info().GetKind() != c.kind {
		client.Kill()
		return nil, fmt.Errorf("%s is a %s plugin, not a %s plugin", path, client.Info().GetKind(), c.kind)
	}
	return client, nil
}

// Set is the plugins of one run. Stages running in parallel may fail
// plugins; the set is safe for that.
type Set struct {
	mu       sync.Mutex
	Plugins  []*Plugin
	Problems []Problem
	// Blocked are the binaries the repository chose and the user has not
	// allowed (or not with their current content): never started.
	Blocked []Binary
}

// Get returns the plugin of a kind and name, or nil.
func (s *Set) Get(kind, name string) *Plugin {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.Plugins {
		if p.Kind == kind && p.Name == name {
			return p
		}
	}
	return nil
}

// OfKind returns the plugins of a kind in configuration order.
func (s *Set) OfKind(kind string) []*Plugin {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Plugin
	for _, p := range s.Plugins {
		if p.Kind == kind {
			out = append(out, p)
		}
	}
	return out
}

// Fail drops a plugin after a failure, killing it and recording why.
func (s *Set) Fail(p *Plugin, err error) {
	p.Kill()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, q := range s.Plugins {
		if q == p {
			s.Plugins = append(s.Plugins[:i], s.Plugins[i+1:]...)
			break
		}
	}
	s.Problems = append(s.Problems, Problem{Plugin: p.Name, Origin: p.Origin, Err: err, NeedsAllow: p.NeedsAllow})
}

// ProblemList returns the problems so far.
func (s *Set) ProblemList() []Problem {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Problem(nil), s.Problems...)
}

// Close stops every plugin, all at once: each takes a few milliseconds
// to wind down.
func (s *Set) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	var wg sync.WaitGroup
	for _, p := range s.Plugins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.Kill()
		}()
	}
	wg.Wait()
}

// Load starts every plugin the configuration enables, checks each plugin's
// block against its schema and configures it. Plugins that fail to start or
// describe themselves become Problems; configuration errors come back as
// diagnostics (the caller stops with exit 2).
func (h *Host) Load(ctx context.Context, cfg *config.Config, root string) (*Set, hcl.Diagnostics) {
	set := &Set{}
	var diags hcl.Diagnostics

	// Third-party binaries first: only Describe tells their kind and name.
	// Those the user has not allowed are reported and never started; the
	// run goes on without them (exit 10).
	bins := h.runnable(cfg, root, set)
	for _, b := range set.Blocked {
		set.Problems = append(set.Problems, Problem{Plugin: b.Display, Origin: b.Origin, Err: b.reason(), NeedsAllow: true})
	}
	started := h.startAll(ctx, bins, set, root)
	byKey := map[string]*Plugin{}
	for _, p := range started {
		key := p.Kind + "/" + p.Name
		if _, dup := byKey[key]; dup {
			p.Kill()
			continue
		}
		byKey[key] = p
	}

	var wanted []candidate
	var chosen []*Plugin
	for _, list := range [][]*config.Block{cfg.Sources, cfg.Languages, cfg.Renderers} {
		for _, b := range list {
			if !b.Enabled {
				continue
			}
			if p, ok := byKey[b.Kind+"/"+b.Name]; ok {
				chosen = append(chosen, p)
				delete(byKey, b.Kind+"/"+b.Name)
				continue
			}
			if b.Plugin != "" {
				continue // it failed to start; already a Problem
			}
			if bi, ok := h.Catalog.Lookup(b.Kind, b.Name); ok {
				bi := bi
				wanted = append(wanted, candidate{name: bi.Name, kind: bi.Kind, origin: OriginBuiltin, builtin: &bi})
				continue
			}
			if b.Declared && !mayBeBlocked(set.Blocked, b) {
				r := b.DefRange
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown plugin",
					Detail:  fmt.Sprintf("No %s plugin named %q: it is not built in, and no plugin binary (plugin = \"...\", a plugin block, .homer/plugins/ or ~/.homer/plugins/) describes itself by that name.", b.Kind, b.Name),
					Subject: &r})
			}
		}
	}
	// Binaries nobody configured are enabled unless a block disables them.
	for _, p := range sortedPlugins(byKey) {
		if b := cfg.Find(p.Kind, p.Name); b != nil && !b.Enabled {
			p.Kill()
			continue
		}
		chosen = append(chosen, p)
	}
	chosen = append(chosen, h.startAll(ctx, wanted, set, root)...)

	for _, p := range chosen {
		b := cfg.Find(p.Kind, p.Name)
		if b == nil {
			b = &config.Block{Kind: p.Kind, Name: p.Name, Enabled: true}
		}
		values, d := config.CheckPlugin(b, p.Name, p.Info.GetSchema())
		diags = append(diags, d...)
		if d.HasErrors() {
			p.Kill()
			continue
		}
		p.Values = values
		p.Claim = b.Claim
		set.Plugins = append(set.Plugins, p)
	}
	sortByConfig(set.Plugins, cfg)
	applyDepth(set, cfg)
	return set, diags
}

// runnable discovers the third-party binaries and returns those that may
// start, recording the others in set.Blocked.
func (h *Host) runnable(cfg *config.Config, root string, set *Set) []candidate {
	var out []candidate
	for _, b := range Discover(cfg, root, h.home(), h.Allowed) {
		if !b.Runs() {
			set.Blocked = append(set.Blocked, b)
			continue
		}
		out = append(out, b.candidate())
	}
	return out
}

// mayBeBlocked reports whether a configured plugin that no binary
// provides may be one of the binaries not allowed, whose name only its
// description would tell. The refusal already says what to do; an
// "unknown plugin" error on top would stop the run the refusal means to
// let go on.
func mayBeBlocked(blocked []Binary, b *config.Block) bool {
	for _, x := range blocked {
		if (x.Name == "" || x.Name == b.Name) && (x.Kind == "" || x.Kind == b.Kind) {
			return true
		}
	}
	return false
}

func (h *Host) startAll(ctx context.Context, cands []candidate, set *Set, root string) []*Plugin {
	out := make([]*Plugin, len(cands))
	errs := make([]error, len(cands))
	var wg sync.WaitGroup
	for i, c := range cands {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = h.describe(ctx, c, root)
		}()
	}
	wg.Wait()
	var ok []*Plugin
	for i, p := range out {
		if errs[i] != nil {
			name := cands[i].name
			if name == "" {
				name = cands[i].path
			}
			set.Problems = append(set.Problems, Problem{Plugin: name, Origin: cands[i].origin, Err: errs[i], NeedsAllow: cands[i].needsAllow})
			continue
		}
		ok = append(ok, p)
	}
	return ok
}

// applyDepth lets the depth preset bound history unless the git block
// sets max_commits itself.
func applyDepth(set *Set, cfg *config.Config) {
	if cfg.MaxCommits() == 0 {
		return
	}
	for _, p := range set.Plugins {
		if p.Kind == sdk.KindSource && p.Name == "git" {
			if b := cfg.Find("source", "git"); b == nil || b.Attrs["max_commits"] == nil {
				p.Values["max_commits"] = sdk.Number(float64(cfg.MaxCommits()))
			}
		}
	}
}

func sortedPlugins(m map[string]*Plugin) []*Plugin {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*Plugin, 0, len(keys))
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}

// sortByConfig orders plugins as homer.hcl lists them, so runs are
// reproducible whatever order processes started in.
func sortByConfig(ps []*Plugin, cfg *config.Config) {
	rank := map[string]int{}
	i := 0
	for _, list := range [][]*config.Block{cfg.Sources, cfg.Languages, cfg.Renderers} {
		for _, b := range list {
			rank[b.Kind+"/"+b.Name] = i
			i++
		}
	}
	sort.SliceStable(ps, func(a, b int) bool {
		ra, oka := rank[ps[a].Kind+"/"+ps[a].Name]
		rb, okb := rank[ps[b].Kind+"/"+ps[b].Name]
		if oka != okb {
			return oka
		}
		if ra != rb {
			return ra < rb
		}
		return ps[a].Kind+"/"+ps[a].Name < ps[b].Kind+"/"+ps[b].Name
	})
}

// List describes every built-in and starts every discoverable binary that
// may run to describe it, for `homer plugin list`; those not allowed are
// listed in Blocked from their paths alone. Nothing is configured.
func (h *Host) List(ctx context.Context, cfg *config.Config, root string) *Set {
	set := &Set{}
	var cands []candidate
	for _, b := range h.Catalog {
		b := b
		cands = append(cands, candidate{name: b.Name, kind: b.Kind, origin: OriginBuiltin, builtin: &b})
	}
	cands = append(cands, h.runnable(cfg, root, set)...)
	set.Plugins = h.startAll(ctx, cands, set, root)
	return set
}
