package sdk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk/internal/handshake"
	"github.com/homer-dev/homer/sdk/internal/pb"
)

// ProtocolVersion is the plugin protocol this SDK speaks.
const ProtocolVersion = handshake.ProtocolVersion

// Serve runs p as a Homer plugin. It does not return: Homer starts the
// program, talks to it over stdin/stdout per the go-plugin protocol and stops
// it when done. Log to stderr (Logger does): stdout belongs to the protocol.
func Serve(p Plugin) {
	if KindOf(p) == "" {
		fmt.Fprintf(os.Stderr, "homer plugin %T implements none of sdk.Language, sdk.Source, sdk.Renderer\n", p)
		os.Exit(1)
	}
	if os.Getenv(handshake.Config.MagicCookieKey) != handshake.Config.MagicCookieValue {
		fmt.Fprintf(os.Stderr, "%s is a Homer plugin: name it in homer.hcl or put it in .homer/plugins/; Homer runs it.\n", os.Args[0])
		os.Exit(1)
	}
	go exitWithParent(os.Getppid())
	// GOGC or GOMEMLIMIT in the environment win over collectAbove.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		collectAbove(collection(KindOf(p)))
	}
	plugin.Serve(serveConfig(p, nil))
}

// heapFloor is the heap below which a plugin collects no garbage. A
// plugin lives for one run: collecting while its heap is small costs more
// than it frees (an update's plugins never collect). 256 MiB was no faster
// than 64 MiB (BENCHMARKS.md, session 2), and every plugin alive at once
// holds up to its floor in garbage, all of it counted in the run's memory.
const heapFloor = 64 << 20

// sourceHeapFloor and sourceGCPercent are a source plugin's: the git
// source runs beside the whole of init's first phase, with 13-20 MB live
// (the paths it interns, the batch being built), and the 64 MiB floor
// kept its heap at 64 MiB of mostly garbage (80 MB of RSS on
// spring-boot). It allocates little for that time, so collecting often
// costs it little.
const (
	sourceHeapFloor = 16 << 20
	sourceGCPercent = 50
)

// languageHeapFloor is a language plugin's: its parses keep little live
// (the trees and facts of the files under way), and on spring-boot the
// Java plugin sat at 64 MiB of mostly garbage through its parses, beside
// git's log and cat-file and the core at the run's first peak.
const languageHeapFloor = 32 << 20

// collection is the heap floor and GOGC (above it) of a plugin of kind.
func collection(kind string) (floor int64, percent int) {
	switch kind {
	case KindRenderer:
		return heapFloor, rendererGCPercent
	case KindSource:
		return sourceHeapFloor, sourceGCPercent
	}
	return languageHeapFloor, languageGCPercent
}

// languageGCPercent is a language plugin's GOGC once half its floor is
// live: while it resolves imports, with the decoded request live (Java's
// on spring-boot, from 16 MB received), at 100 its heap grew to twice
// that (the Java plugin's RSS peaked at 148 MB, 133 MB at 50).
const languageGCPercent = 50

// rendererGCPercent is a renderer's GOGC once its heap passes the floor.
// A renderer's live heap is the render model it decoded (70 MB from 36 MB
// encoded on spring-boot, received in parts of about 1 MiB),
// and Go's default would let its heap grow to twice that; two renderers
// run at once beside the core. A render is a second of CPU: the extra
// collections cost little of it.
const rendererGCPercent = 25

// collectAbove turns the collector off until the heap reaches floor, and
// keeps the heap there. Once a collection leaves more than half the floor
// live, holding the heap at the floor would make the collector run all the
// time: from then on it collects with GOGC percent, until a collection
// leaves less than a quarter of the floor live (a language plugin's
// ResolveImports decodes a request of 16 MB on spring-boot, received
// twice, then returns to parsing-sized heaps), when the floor holds again.
func collectAbove(floor int64, percent int) {
	setFloor(floor)
	watchLiveHeap(watchers.Add(1), floor, percent, false)
}

// CollectAbove is collectAbove for a process that is not a plugin: Homer's
// core runs each pipeline under it, so that an update, whose live heap
// stays small, collects a few times rather than dozens. The returned func
// ends it; once the last of the calls under way in the process has ended,
// the watcher stops and the collector's settings are restored as they
// were before the first (tests run pipelines concurrently in one process).
func CollectAbove(floor int64, percent int) (end func()) {
	outer.Lock()
	defer outer.Unlock()
	if outer.calls == 0 {
		outer.percent = debug.SetGCPercent(-1)
		debug.SetGCPercent(outer.percent)
		outer.limit = debug.SetMemoryLimit(-1)
		collectAbove(floor, percent)
	}
	outer.calls++
	var once sync.Once
	return func() {
		once.Do(func() {
			outer.Lock()
			defer outer.Unlock()
			if outer.calls--; outer.calls == 0 {
				watchers.Add(1) // the watcher stops at its next collection
				debug.SetGCPercent(outer.percent)
				debug.SetMemoryLimit(outer.limit)
			}
		})
	}
}

// outer is what CollectAbove's calls under way share.
var outer struct {
	sync.Mutex
	calls   int
	percent int
	limit   int64
}

// watchers counts collectAbove's calls: a watcher started by an earlier
// call stops (tests call it more than once in a process).
var watchers atomic.Int64

func setFloor(floor int64) {
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(floor)
}

// gcSentinel is garbage whose finalizer runs after each collection that
// finds it.
type gcSentinel struct{ _ [16]byte }

func watchLiveHeap(id, floor int64, percent int, above bool) {
	runtime.SetFinalizer(new(gcSentinel), func(*gcSentinel) {
		if watchers.Load() != id {
			return
		}
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		live := int64(sample[0].Value.Uint64())
		switch {
		case !above && live > floor/2:
			debug.SetGCPercent(percent)
			debug.SetMemoryLimit(math.MaxInt64)
			above = true
		case above && live < floor/4:
			setFloor(floor)
			above = false
		}
		watchLiveHeap(id, floor, percent, above)
	})
}

// releaseHeap collects twice and returns the free heap to the system. The
// bytes gRPC received a request in are garbage once it is decoded, but
// they sit in gRPC's buffer pools, and a sync.Pool keeps what it holds
// through one collection: a single collection (debug.FreeOSMemory alone)
// would find them live.
func releaseHeap() {
	runtime.GC()
	debug.FreeOSMemory()
}

// exitWithParent ends the plugin when the process that started it is gone
// (killed without a chance to stop its plugins): an orphaned plugin would
// otherwise wait for requests forever.
func exitWithParent(parent int) {
	for range time.Tick(time.Second) {
		if os.Getppid() != parent {
			os.Exit(1)
		}
	}
}

// ServeInProcess serves p inside this process, for tests (see sdktest). It
// returns how to attach to it and a channel closed when it stops; cancel ctx
// to stop it.
func ServeInProcess(ctx context.Context, p Plugin) (*plugin.ReattachConfig, <-chan struct{}, error) {
	if KindOf(p) == "" {
		return nil, nil, fmt.Errorf("%T implements no plugin kind", p)
	}
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	go plugin.Serve(serveConfig(p, &plugin.ServeTestConfig{
		Context:          ctx,
		ReattachConfigCh: reattach,
		CloseCh:          closed,
	}))
	select {
	case rc := <-reattach:
		return rc, closed, nil
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}

func serveConfig(p Plugin, test *plugin.ServeTestConfig) *plugin.ServeConfig {
	return &plugin.ServeConfig{
		HandshakeConfig: handshake.Config,
		VersionedPlugins: map[int]plugin.PluginSet{
			handshake.ProtocolVersion: {handshake.PluginName: &serverPlugin{impl: p}},
		},
		GRPCServer: func(opts []grpc.ServerOption) *grpc.Server {
			opts = append(opts, grpc.MaxRecvMsgSize(handshake.MaxMessageSize), grpc.MaxSendMsgSize(handshake.MaxMessageSize))
			return grpc.NewServer(opts...)
		},
		Logger: hclog.New(&hclog.LoggerOptions{Output: os.Stderr, Level: hclog.Warn, JSONFormat: true}),
		Test:   test,
	}
}

// Logger returns a logger that writes to stderr, which Homer shows under the
// plugin's name with -v.
func Logger(name string) hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{Name: name, Output: os.Stderr, Level: hclog.Info, JSONFormat: true})
}

// serverPlugin is the plugin side of the go-plugin glue.
type serverPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	impl Plugin
}

func (s *serverPlugin) GRPCServer(_ *plugin.GRPCBroker, srv *grpc.Server) error {
	pb.RegisterPluginServer(srv, &baseServer{impl: s.impl})
	switch impl := s.impl.(type) {
	case Language:
		pb.RegisterLanguageServer(srv, &languageServer{impl: impl})
	case Source:
		pb.RegisterSourceServer(srv, &sourceServer{impl: impl})
	case Renderer:
		pb.RegisterRendererServer(srv, &rendererServer{impl: impl})
	}
	return nil
}

func (s *serverPlugin) GRPCClient(context.Context, *plugin.GRPCBroker, *grpc.ClientConn) (any, error) {
	return nil, errors.New("the plugin side has no client")
}

type baseServer struct {
	pb.UnimplementedPluginServer
	impl Plugin
}

func (s *baseServer) Describe(context.Context, *pb.Empty) (*pb.Info, error) {
	return Describe(s.impl)
}

// Describe is what a plugin says of itself over the protocol: its Info
// with its kind and the protocol version filled in. Homer asks built-in
// plugins, compiled into it, directly rather than start a process for it.
func Describe(p Plugin) (*Info, error) {
	info := p.Info()
	if info == nil {
		return nil, errors.New("plugin returned no Info")
	}
	out := proto.Clone(info).(*pb.Info)
	out.Kind = KindOf(p)
	out.ProtocolVersion = handshake.ProtocolVersion
	return out, nil
}

func (s *baseServer) Configure(ctx context.Context, req *pb.ConfigureRequest) (*pb.ConfigureResponse, error) {
	diags := s.impl.Configure(ctx, Config{RepoRoot: req.GetRepoRoot(), Values: req.GetValues()})
	return &pb.ConfigureResponse{Diagnostics: diags}, nil
}

type languageServer struct {
	pb.UnimplementedLanguageServer
	impl Language
}

func (s *languageServer) Parse(ctx context.Context, req *pb.ParseRequest) (*pb.ParseResponse, error) {
	facts, err := s.impl.Parse(ctx, req.GetFiles())
	if err != nil {
		return nil, err
	}
	return &pb.ParseResponse{Files: facts}, nil
}

func (s *languageServer) ResolveImports(ctx context.Context, req *pb.ResolveRequest) (*pb.ResolveResponse, error) {
	// Resolution comes once the parses are done: their garbage (up to the
	// heap floor, all of it trees' nodes and facts already sent) and the
	// request's received bytes (twice 16 MB on spring-boot's Java, enough
	// to lift the heap above its floor) are given back before resolving,
	// which allocates its indexes on top of the decoded request.
	releaseHeap()
	resp, err := s.impl.ResolveImports(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp == nil {
		resp = &pb.ResolveResponse{}
	}
	return resp, nil
}

type sourceServer struct {
	pb.UnimplementedSourceServer
	impl Source
}

func (s *sourceServer) Extract(req *pb.ExtractRequest, stream grpc.ServerStreamingServer[pb.RecordBatch]) error {
	return s.impl.Extract(stream.Context(), req, stream.Send)
}

type rendererServer struct {
	pb.UnimplementedRendererServer
	impl Renderer
}

func (s *rendererServer) Render(ctx context.Context, req *pb.RenderRequest) (*pb.RenderResponse, error) {
	return s.render(ctx, req.GetModel())
}

// RenderModel takes the model in parts, each decoded into the model as it
// arrives (protobuf's merge), so the received bytes are never more than a
// part: Render's request is received, then copied whole (36 MB each on
// spring-boot), beside the model it decodes to. The renderer sees one
// Model either way.
// A ModelReader's parts are decoded without the fields it does not read.
func (s *rendererServer) RenderModel(stream grpc.ClientStreamingServer[pb.ModelPart, pb.RenderResponse]) error {
	var keep fieldFilter
	if r, ok := s.impl.(ModelReader); ok {
		var err error
		if keep, err = modelFilter(r.ModelFields()); err != nil {
			return status.Errorf(codes.Internal, "%v", err)
		}
	}
	model := new(pb.Model)
	merge := proto.UnmarshalOptions{Merge: true}
	for {
		part, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		data := part.GetModel()
		if keep != nil {
			if data, err = keep.keep(data); err != nil {
				return status.Errorf(codes.InvalidArgument, "render model part: %v", err)
			}
		}
		if err := merge.Unmarshal(data, model); err != nil {
			return status.Errorf(codes.InvalidArgument, "render model part: %v", err)
		}
	}
	resp, err := s.render(stream.Context(), model)
	if err != nil {
		return err
	}
	return stream.SendAndClose(resp)
}

func (s *rendererServer) render(ctx context.Context, model *pb.Model) (*pb.RenderResponse, error) {
	// What the model was received in is garbage now, and the heap grew
	// to hold it beside the model: give that back before rendering, which
	// holds the model for the rest of the process's life.
	releaseHeap()
	resp, err := s.impl.Render(ctx, model)
	if err != nil {
		return nil, err
	}
	if resp == nil {
		resp = &pb.RenderResponse{}
	}
	return resp, nil
}
