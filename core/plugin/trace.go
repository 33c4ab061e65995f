package plugin

import (
	"context"
	"io"
	"path"
	"runtime/pprof"
	"sync"
	"sync/atomic"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/core/trace"
	"github.com/homer-dev/homer/sdk"
)

// Spans of plugin calls (HOMER_LOG=trace): each call a plugin is made is a
// span of that plugin's process in the trace the call's context carries,
// with the method, the stage that made it (from the stage's profiler
// label), the files or records it carried and the bytes sent. Calls made
// with no recorder in their context cost one context lookup.

// traceOptions are the dial options that time a plugin's calls.
func traceOptions(plugin string) []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithChainUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoke grpc.UnaryInvoker, opts ...grpc.CallOption) error {
			rec := trace.From(ctx)
			name := path.Base(method)
			if rec == nil || name == "Describe" { // Describe is part of the start, timed as such
				return invoke(ctx, method, req, reply, cc, opts...)
			}
			sp := rec.Begin(plugin, "call", name, "rpc")
			err := invoke(ctx, method, req, reply, cc, opts...)
			args := callArgs(ctx, plugin, name, req)
			if err != nil {
				args["error"] = err.Error()
			}
			sp.End(args)
			return err
		}),
		grpc.WithChainStreamInterceptor(func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, stream grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
			rec := trace.From(ctx)
			if rec == nil {
				return stream(ctx, desc, cc, method, opts...)
			}
			name := path.Base(method)
			sp := rec.Begin(plugin, "call", name, "rpc")
			cs, err := stream(ctx, desc, cc, method, opts...)
			args := callArgs(ctx, plugin, name, nil)
			if err != nil {
				args["error"] = err.Error()
				sp.End(args)
				return nil, err
			}
			ts := &tracedStream{ClientStream: cs, sp: sp, args: args, oneReply: !desc.ServerStreams}
			// A caller that stops reading cancels the stream's context:
			// the span ends then.
			context.AfterFunc(ctx, func() { ts.end(nil) })
			return ts, nil
		}),
	}
}

// callArgs describes a call: plugin, method, stage, and what the request
// carried.
func callArgs(ctx context.Context, plugin, method string, req any) map[string]any {
	args := map[string]any{"plugin": plugin, "method": method}
	if stage, ok := pprof.Label(ctx, "stage"); ok {
		args["stage"] = stage
	}
	switch r := req.(type) {
	case interface{ GetImports() []*sdk.ImportSite }:
		args["imports"] = len(r.GetImports())
	case interface{ GetFiles() []*sdk.SourceFile }:
		args["files"] = len(r.GetFiles())
	}
	switch m := req.(type) {
	case proto.Message:
		args["bytes_sent"] = proto.Size(m)
	case interface{ Size() int }: // a request encoded already (a render model)
		args["bytes_sent"] = m.Size()
	}
	return args
}

// tracedStream ends its call's span when the stream ends, counting the
// batches and records received, and the bytes sent (the render model's
// parts).
type tracedStream struct {
	grpc.ClientStream
	sp      *trace.Span
	args    map[string]any
	batches atomic.Int64
	records atomic.Int64
	sent    atomic.Int64
	once    sync.Once
	// oneReply: the plugin answers the stream once (RenderModel), and the
	// call ends with that answer.
	oneReply bool
}

func (s *tracedStream) SendMsg(m any) error {
	if p, ok := m.(interface{ Size() int }); ok {
		s.sent.Add(int64(p.Size()))
	}
	return s.ClientStream.SendMsg(m)
}

func (s *tracedStream) RecvMsg(m any) error {
	err := s.ClientStream.RecvMsg(m)
	if err == io.EOF {
		s.end(nil)
		return err
	}
	if err != nil {
		s.end(err)
		return err
	}
	s.batches.Add(1)
	if b, ok := m.(interface{ GetRecords() []*sdk.Record }); ok {
		s.records.Add(int64(len(b.GetRecords())))
	}
	if s.oneReply {
		s.end(nil)
	}
	return nil
}

func (s *tracedStream) end(err error) {
	s.once.Do(func() {
		s.args["batches"] = s.batches.Load()
		s.args["records"] = s.records.Load()
		if n := s.sent.Load(); n > 0 {
			s.args["bytes_sent"] = n
		}
		if err != nil {
			s.args["error"] = err.Error()
		}
		s.sp.End(s.args)
	})
}
