package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"

	"github.com/homer-dev/homer/sdk"
)

// Misbehaving plugins for the end-to-end tests. TestMain serves one when
// the test binary runs with HOMER_TEST_PLUGIN=<name>; homer.hcl names a
// wrapper script that sets it (see testPluginWrapper).
//
//   - crash: language "crashlang" for .crash files; Parse exits the
//     process in the middle of the request.
//   - hang: language "hanglang" for .hang files; Parse never returns.
//   - wrongproto: completes the go-plugin handshake announcing protocol 99
//     (Homer speaks 1).
//   - mark: language "marklang" for .mark files; a well-behaved plugin
//     that reports each file with no definitions.
//   - flaky: language "flakylang" for .flaky files, whose lines are
//     "def NAME", "call NAME" (from the file's last def) and "import PATH";
//     a file containing CRASH makes it exit in the middle of Parse, and
//     a line "slow PATH" while PATH exists gives the file a transient
//     diagnostic and no facts (a parse stopped at its time budget).

// The go-plugin handshake cookie, copied from sdk/internal/handshake
// (internal to sdk/, so not importable here).
const (
	magicCookieKey   = "HOMER_PLUGIN_MAGIC_COOKIE"
	magicCookieValue = "b3f1c0de-homer-plugin-protocol"
)

func serveTestPlugin(name string) {
	switch name {
	case "crash":
		sdk.Serve(&badLang{name: "crashlang", ext: ".crash", parse: func() { os.Exit(3) }})
	case "hang":
		sdk.Serve(&badLang{name: "hanglang", ext: ".hang", parse: func() { select {} }})
	case "wrongproto":
		serveWrongProtocol()
	case "mark":
		sdk.Serve(&markLang{})
	case "flaky":
		sdk.Serve(flakyLang{})
	default:
		fmt.Fprintf(os.Stderr, "no test plugin %q\n", name)
		os.Exit(1)
	}
	os.Exit(0)
}

// badLang is a language plugin whose Parse misbehaves.
type badLang struct {
	name, ext string
	parse     func()
}

func (b *badLang) Info() *sdk.Info {
	return &sdk.Info{Name: b.name, Version: "0.0.1", Description: "misbehaving test plugin", Extensions: []string{b.ext}}
}

func (b *badLang) Configure(context.Context, sdk.Config) []*sdk.Diagnostic { return nil }

func (b *badLang) Parse(context.Context, []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	b.parse()
	return nil, errors.New("unreachable")
}

func (b *badLang) ResolveImports(context.Context, *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	return &sdk.ResolveResponse{}, nil
}

// markLang is a language plugin that parses without fault and finds
// nothing.
type markLang struct{}

func (markLang) Info() *sdk.Info {
	return &sdk.Info{Name: "marklang", Version: "0.0.1", Description: "well-behaved test plugin", Extensions: []string{".mark"}}
}

func (markLang) Configure(context.Context, sdk.Config) []*sdk.Diagnostic { return nil }

func (markLang) Parse(_ context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	out := make([]*sdk.FileFacts, 0, len(files))
	for _, f := range files {
		out = append(out, &sdk.FileFacts{Path: f.GetPath(), BlobId: f.GetBlobId(), Language: "marklang"})
	}
	return out, nil
}

func (markLang) ResolveImports(context.Context, *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	return &sdk.ResolveResponse{}, nil
}

// serveWrongProtocol speaks go-plugin with Homer's cookie but only
// protocol version 99.
func serveWrongProtocol() {
	goplugin.Serve(&goplugin.ServeConfig{
		HandshakeConfig: goplugin.HandshakeConfig{ProtocolVersion: 99, MagicCookieKey: magicCookieKey, MagicCookieValue: magicCookieValue},
		VersionedPlugins: map[int]goplugin.PluginSet{
			99: {"homer": &nothingPlugin{}},
		},
		GRPCServer: goplugin.DefaultGRPCServer,
		Logger:     hclog.New(&hclog.LoggerOptions{Output: os.Stderr, Level: hclog.Warn, JSONFormat: true}),
	})
}

type nothingPlugin struct {
	goplugin.NetRPCUnsupportedPlugin
}

func (nothingPlugin) GRPCServer(*goplugin.GRPCBroker, *grpc.Server) error { return nil }

func (nothingPlugin) GRPCClient(context.Context, *goplugin.GRPCBroker, *grpc.ClientConn) (any, error) {
	return nil, errors.New("no client")
}

// testPluginWrapper writes an executable script that runs this test binary
// as the named test plugin, and returns its path.
func testPluginWrapper(t testing.TB, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "homer-test-"+name)
	writeTestPluginScript(t, path, name, "")
	return path
}

// writeTestPluginScript writes an executable script at path that runs the
// shell lines in before, then this test binary as the named test plugin.
func writeTestPluginScript(t testing.TB, path, name, before string) {
	t.Helper()
	self, err := os.Executable()
	require.NoError(t, err)
	script := fmt.Sprintf("#!/bin/sh\n%sHOMER_TEST_PLUGIN=%s exec '%s' \"$@\"\n", before, name, self)
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(script), 0o755))
}

// flakyLang parses a line-based toy language, and crashes on request.
type flakyLang struct{}

func (flakyLang) Info() *sdk.Info {
	return &sdk.Info{Name: "flakylang", Version: "0.0.1", Description: "test plugin that crashes on request", Extensions: []string{".flaky"}}
}

func (flakyLang) Configure(context.Context, sdk.Config) []*sdk.Diagnostic { return nil }

func (flakyLang) Parse(_ context.Context, files []*sdk.SourceFile) ([]*sdk.FileFacts, error) {
	var out []*sdk.FileFacts
	for _, f := range files {
		text := string(f.GetContent())
		if strings.Contains(text, "CRASH") {
			os.Exit(3)
		}
		ff := &sdk.FileFacts{Path: f.GetPath(), BlobId: f.GetBlobId(), Language: "flakylang"}
		lines := strings.Split(text, "\n")
		ff.Lines = int32(len(lines))
		if slow := slowMark(lines); slow != "" {
			if _, err := os.Stat(slow); err == nil {
				d := sdk.Warnf(f.GetPath(), 0, "did not finish parsing this file within its budget: not parsed")
				d.Transient = true
				ff.Diagnostics = append(ff.Diagnostics, d)
				out = append(out, ff)
				continue
			}
		}
		caller := ""
		for i, line := range lines {
			word, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
			switch word {
			case "def":
				ff.Definitions = append(ff.Definitions, &sdk.Definition{Name: arg, QualifiedName: arg, Kind: "function", Exported: true,
					Span: &sdk.Span{StartLine: int32(i + 1), EndLine: int32(i + 1)}})
				caller = arg
			case "call":
				ff.Calls = append(ff.Calls, &sdk.Call{Name: arg, Caller: caller, Line: int32(i + 1)})
			case "import":
				ff.Imports = append(ff.Imports, &sdk.Import{Spec: arg, Line: int32(i + 1)})
			}
		}
		out = append(out, ff)
	}
	return out, nil
}

// slowMark is the PATH of a "slow PATH" line, "" when there is none.
func slowMark(lines []string) string {
	for _, line := range lines {
		if p, ok := strings.CutPrefix(strings.TrimSpace(line), "slow "); ok {
			return p
		}
	}
	return ""
}

func (flakyLang) ResolveImports(_ context.Context, req *sdk.ResolveRequest) (*sdk.ResolveResponse, error) {
	out := &sdk.ResolveResponse{}
	for _, site := range req.GetImports() {
		spec := site.GetImport().GetSpec()
		out.Imports = append(out.Imports, &sdk.ResolvedImport{FromPath: site.GetFromPath(), Spec: spec, ToPaths: []string{spec}})
	}
	return out, nil
}
