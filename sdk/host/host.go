// Package host is the core's side of the plugin protocol: it starts a plugin
// process (or attaches to one served in-process by a test), checks the
// handshake and protocol version, and hands back the plugin as the same plain
// Go interfaces a plugin author implements.
package host

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/internal/handshake"
	"github.com/homer-dev/homer/sdk/internal/pb"
)

// ErrExited reports that the plugin process is gone (crashed or killed).
var ErrExited = errors.New("plugin process exited")

// Error is a failure of one call to a named plugin.
type Error struct {
	Plugin string
	Op     string
	Err    error
}

func (e *Error) Error() string { return fmt.Sprintf("plugin %s: %s: %v", e.Plugin, e.Op, e.Err) }
func (e *Error) Unwrap() error { return e.Err }

// Options says how to reach a plugin. Exactly one of Cmd and Reattach is set.
type Options struct {
	// Name is used in errors and logs until the plugin has described itself.
	Name     string
	Cmd      *exec.Cmd
	Reattach *plugin.ReattachConfig
	Logger   hclog.Logger
	// StartTimeout bounds the handshake; zero means 10 s.
	StartTimeout time.Duration
	// Stderr receives the plugin's stderr lines that are not log records.
	Stderr io.Writer
	// Env, when not nil, is the whole environment the plugin gets (with
	// the handshake's own variables); nil passes homer's environment on.
	Env []string
	// DialOptions are added to the connection's, such as interceptors
	// that time each call.
	DialOptions []grpc.DialOption
}

// Client is a running plugin.
type Client struct {
	name string
	pc   *plugin.Client
	base pb.PluginClient
	conn *grpc.ClientConn
	info *sdk.Info
}

// Launch starts the plugin, completes the handshake and asks it to describe
// itself. On error the process is stopped.
func Launch(ctx context.Context, opts Options) (*Client, error) {
	logger := opts.Logger
	if logger == nil {
		logger = hclog.NewNullLogger()
	}
	timeout := opts.StartTimeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	if opts.Env != nil && opts.Cmd != nil {
		opts.Cmd.Env = append([]string(nil), opts.Env...)
	}
	cfg := &plugin.ClientConfig{
		HandshakeConfig: handshake.Config,
		VersionedPlugins: map[int]plugin.PluginSet{
			handshake.ProtocolVersion: {handshake.PluginName: &clientPlugin{}},
		},
		Cmd:              opts.Cmd,
		Reattach:         opts.Reattach,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		Logger:           lifecycleLogger{logger},
		StartTimeout:     timeout,
		SyncStderr:       opts.Stderr,
		SkipHostEnv:      opts.Env != nil,
		GRPCDialOptions: []grpc.DialOption{grpc.WithDefaultCallOptions(
			grpc.MaxCallRecvMsgSize(handshake.MaxMessageSize),
			grpc.MaxCallSendMsgSize(handshake.MaxMessageSize),
		)},
	}
	cfg.GRPCDialOptions = append(cfg.GRPCDialOptions, opts.DialOptions...)
	if opts.Reattach != nil {
		// A reattached plugin skips version negotiation; go-plugin then
		// dispenses from Plugins.
		cfg.Plugins = cfg.VersionedPlugins[handshake.ProtocolVersion]
	}
	pc := plugin.NewClient(cfg)
	fail := func(op string, err error) (*Client, error) {
		pc.Kill()
		return nil, &Error{Plugin: opts.Name, Op: op, Err: err}
	}
	rpc, err := pc.Client()
	if err != nil {
		return fail("handshake", shortHandshakeError(err))
	}
	raw, err := rpc.Dispense(handshake.PluginName)
	if err != nil {
		return fail("dispense", err)
	}
	conn := raw.(*grpc.ClientConn)
	c := &Client{name: opts.Name, pc: pc, conn: conn, base: pb.NewPluginClient(conn)}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	info, err := c.base.Describe(dctx, &pb.Empty{})
	if err != nil {
		return fail("describe", c.wrapErr(err))
	}
	if info.GetProtocolVersion() != handshake.ProtocolVersion {
		return fail("describe", fmt.Errorf("speaks protocol %d, Homer speaks %d", info.GetProtocolVersion(), handshake.ProtocolVersion))
	}
	switch info.GetKind() {
	case sdk.KindLanguage, sdk.KindSource, sdk.KindRenderer:
	default:
		return fail("describe", fmt.Errorf("unknown plugin kind %q", info.GetKind()))
	}
	c.info = info
	if info.GetName() != "" {
		c.name = info.GetName()
	}
	return c, nil
}

// Info is what the plugin said of itself.
func (c *Client) Info() *sdk.Info { return c.info }

// Name is the plugin's name.
func (c *Client) Name() string { return c.name }

// Exited reports whether the plugin process has gone.
func (c *Client) Exited() bool { return c.pc.Exited() }

// Kill stops the plugin process.
func (c *Client) Kill() { c.pc.Kill() }

// Configure sends the plugin its decoded configuration.
func (c *Client) Configure(ctx context.Context, cfg sdk.Config) ([]*sdk.Diagnostic, error) {
	resp, err := c.base.Configure(ctx, &pb.ConfigureRequest{Values: cfg.Values, RepoRoot: cfg.RepoRoot})
	if err != nil {
		return nil, c.wrap("configure", err)
	}
	return resp.GetDiagnostics(), nil
}

// Language returns the plugin as a Language, or nil if it is another kind.
func (c *Client) Language() sdk.Language {
	if c.info.GetKind() != sdk.KindLanguage {
		return nil
	}
	return &languageClient{Client: c, rpc: pb.NewLanguageClient(c.conn)}
}

// Source returns the plugin as a Source, or nil if it is another kind.
func (c *Client) Source() sdk.Source {
	if c.info.GetKind() != sdk.KindSource {
		return nil
	}
	return &sourceClient{Client: c, rpc: pb.NewSourceClient(c.conn)}
}

// Renderer returns the plugin as a Renderer, or nil if it is another kind.
func (c *Client) Renderer() sdk.Renderer {
	if c.info.GetKind() != sdk.KindRenderer {
		return nil
	}
	return &rendererClient{Client: c, rpc: pb.NewRendererClient(c.conn)}
}

// wrapErr turns transport failures of a dead plugin into ErrExited.
func (c *Client) wrapErr(err error) error {
	if err == nil {
		return nil
	}
	if c.pc.Exited() {
		return fmt.Errorf("%w: %v", ErrExited, err)
	}
	if s, ok := status.FromError(err); ok {
		switch s.Code() {
		case codes.Unavailable:
			return fmt.Errorf("%w: %s", ErrExited, s.Message())
		case codes.DeadlineExceeded:
			return fmt.Errorf("%w (the call's deadline passed)", context.DeadlineExceeded)
		case codes.Unknown:
			return errors.New(s.Message())
		}
	}
	return err
}

func (c *Client) wrap(op string, err error) error {
	return &Error{Plugin: c.name, Op: op, Err: c.wrapErr(err)}
}

// configureFromBase lets the kind clients satisfy sdk.Plugin.
func (c *Client) configureDiags(ctx context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	diags, err := c.Configure(ctx, cfg)
	if err != nil {
		return []*sdk.Diagnostic{{Severity: sdk.SeverityError, Summary: err.Error()}}
	}
	return diags
}

type languageClient struct {
	*Client
	rpc pb.LanguageClient
}

var _ sdk.Language = (*languageClient)(nil)

func (l *languageClient) Configure(ctx context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	return l.configureDiags(ctx, cfg)
}

func (l *languageClient) Parse(ctx context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	resp, err := l.rpc.Parse(ctx, &pb.ParseRequest{Files: files})
	if err != nil {
		return nil, l.wrap("parse", err)
	}
	return resp.GetFiles(), nil
}

func (l *languageClient) ResolveImports(ctx context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	resp, err := l.rpc.ResolveImports(ctx, req)
	if err != nil {
		return nil, l.wrap("resolve imports", err)
	}
	return resp, nil
}

type sourceClient struct {
	*Client
	rpc pb.SourceClient
}

var _ sdk.Source = (*sourceClient)(nil)

func (s *sourceClient) Configure(ctx context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	return s.configureDiags(ctx, cfg)
}

func (s *sourceClient) Extract(ctx context.Context, req *sdk.ExtractRequest, emit func(*sdk.RecordBatch) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := s.rpc.Extract(ctx, req)
	if err != nil {
		return s.wrap("extract", err)
	}
	for {
		batch, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return s.wrap("extract", err)
		}
		if err := emit(batch); err != nil {
			return err
		}
	}
}

type rendererClient struct {
	*Client
	rpc pb.RendererClient
}

var _ sdk.Renderer = (*rendererClient)(nil)

func (r *rendererClient) Configure(ctx context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	return r.configureDiags(ctx, cfg)
}

// Render encodes the model and sends it as RenderEncoded does: in parts,
// or whole to a plugin that takes it only so.
func (r *rendererClient) Render(ctx context.Context, model *sdk.Model) (*sdk.RenderResponse, error) {
	e, err := EncodeModel(model)
	if err != nil {
		return nil, err
	}
	return r.RenderEncoded(ctx, e)
}

// clientPlugin is the host side of the go-plugin glue: it hands back the
// connection, on which the kind clients are built once the kind is known.
type clientPlugin struct {
	plugin.NetRPCUnsupportedPlugin
}

func (clientPlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error {
	return errors.New("the host side serves nothing")
}

func (clientPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, conn *grpc.ClientConn) (any, error) {
	return conn, nil
}

// lifecycleLogger is the logger go-plugin is given. Its own messages about
// a plugin's start and end ("plugin process exited", "plugin failed to
// exit gracefully") are logged at debug level whatever level go-plugin
// chose: every failure they tell of reaches the caller as an error, which
// the host reports once, in its words, and at warning or error level they
// would repeat it even when the user asked for errors only. What the
// plugin itself logs goes through the sub-logger go-plugin names after the
// binary, which Named returns undemoted, so it keeps its levels.
type lifecycleLogger struct{ hclog.Logger }

func (l lifecycleLogger) Log(level hclog.Level, msg string, args ...any) {
	if level > hclog.Debug {
		level = hclog.Debug
	}
	l.Logger.Log(level, msg, args...)
}

func (l lifecycleLogger) Info(msg string, args ...any)  { l.Logger.Debug(msg, args...) }
func (l lifecycleLogger) Warn(msg string, args ...any)  { l.Logger.Debug(msg, args...) }
func (l lifecycleLogger) Error(msg string, args ...any) { l.Logger.Debug(msg, args...) }

// shortHandshakeError keeps the first line of go-plugin's error for a
// binary that did not answer with a handshake (what it printed instead, if
// anything); the dozen lines of advice after it (architecture, libraries,
// permissions, the file's owner) would fill every report that names the
// plugin.
func shortHandshakeError(err error) error {
	const unrecognized = "Unrecognized remote plugin message: "
	msg := err.Error()
	if !strings.HasPrefix(msg, unrecognized) {
		return err
	}
	line, _, _ := strings.Cut(strings.TrimPrefix(msg, unrecognized), "\n")
	if line == "" {
		return errors.New("it closed its standard output without printing the handshake")
	}
	return fmt.Errorf("it printed %q on its standard output where the handshake was expected", line)
}
