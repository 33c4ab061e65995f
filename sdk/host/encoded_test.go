package host

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"

	plugin "github.com/hashicorp/go-plugin"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/internal/pb"
)

// bigModel is a model whose files take several parts.
func bigModel() *sdk.Model {
	m := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: "shop", Head: "abc", Modularity: 0.5,
		Summary:   &sdk.Summary{Files: 4000, Languages: map[string]int32{"go": 3000, "python": 1000}},
		Documents: []string{"README.md", "docs/intro.md"}}
	for i := range 4000 {
		f := &sdk.FileModel{Path: fmt.Sprintf("pkg/mod%03d/file%04d.go", i%97, i), Language: "go", Lines: int32(i), Community: -1}
		for j := range 3 {
			f.Definitions = append(f.Definitions, &sdk.DefinitionModel{QualifiedName: fmt.Sprintf("mod%d.Func%d", i, j), Kind: "function",
				Line: int32(j * 10), Doc: strings.Repeat("does a thing ", 8)})
		}
		m.Files = append(m.Files, f)
		m.FileEdges = append(m.FileEdges, &sdk.Edge{From: f.Path, To: "main.go", Kind: "imports", Count: 1})
	}
	return m
}

// The parts, decoded one after another into one model, are the model;
// the files, larger than a part, take several, and every part but the
// last of a list is about partSize.
func TestEncodedModelPartsMakeTheModel(t *testing.T) {
	m := bigModel()
	e, err := EncodeModel(m)
	require.NoError(t, err)
	require.Greater(t, len(e.parts), 3)
	got, total := &sdk.Model{}, 0
	for _, p := range e.parts {
		require.LessOrEqual(t, len(p), 2*partSize)
		require.NoError(t, proto.UnmarshalOptions{Merge: true}.Unmarshal(p, got))
		total += len(p)
	}
	require.Equal(t, e.Size(), total)
	require.True(t, proto.Equal(m, got), "the parts merged are the model")
	require.Equal(t, proto.Size(m), e.Size())
}

// Encoded dropping, a model gives the same parts, and is left with its
// fields that are not lists alone.
func TestEncodeModelDropping(t *testing.T) {
	m := bigModel()
	want, err := EncodeModel(m)
	require.NoError(t, err)
	got, err := EncodeModelDropping(m)
	require.NoError(t, err)
	require.Equal(t, want.parts, got.parts)
	require.Empty(t, m.GetFiles())
	require.Empty(t, m.GetFileEdges())
	require.Empty(t, m.GetDocuments())
	require.Equal(t, "shop", m.GetRepoName())
	require.Equal(t, int32(4000), m.GetSummary().GetFiles())
}

// Sent whole, an encoded model is the request a renderer decodes back to
// that model, every time it is sent; sent in parts, each part is a
// ModelPart carrying the part's bytes.
func TestEncodedCodecSendsTheModel(t *testing.T) {
	m := bigModel()
	e, err := EncodeModel(m)
	require.NoError(t, err)
	for range 2 {
		sent, err := encodedCodec{}.Marshal(wholeModel{e})
		require.NoError(t, err)
		var req pb.RenderRequest
		require.NoError(t, proto.Unmarshal(sent.Materialize(), &req))
		require.True(t, proto.Equal(m, req.GetModel()), "the renderer receives the model that was encoded")
	}
	for _, p := range e.parts {
		sent, err := encodedCodec{}.Marshal(modelPart(p))
		require.NoError(t, err)
		var part pb.ModelPart
		require.NoError(t, proto.Unmarshal(sent.Materialize(), &part))
		require.Equal(t, p, part.GetModel())
	}
}

// Replies and any other request go through protobuf as usual.
func TestEncodedCodecDecodesReplies(t *testing.T) {
	reply := &pb.RenderResponse{Files: []*sdk.OutputFile{{Path: "AGENTS.md", Content: []byte("# shop\n")}}}
	data, err := proto.Marshal(reply)
	require.NoError(t, err)
	var got pb.RenderResponse
	require.NoError(t, encodedCodec{}.Unmarshal(mem.BufferSlice{mem.SliceBuffer(data)}, &got))
	require.True(t, proto.Equal(reply, &got))

	sent, err := encodedCodec{}.Marshal(reply)
	require.NoError(t, err)
	require.Equal(t, data, sent.Materialize())
}

// unaryRenderer serves Render alone, as a renderer built before
// RenderModel was added does, and keeps the model it was sent.
type unaryRenderer struct{ got chan *sdk.Model }

func (u unaryRenderer) render(_ any, ctx context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
	req := new(pb.RenderRequest)
	if err := dec(req); err != nil {
		return nil, err
	}
	u.got <- req.GetModel()
	return &pb.RenderResponse{Files: []*sdk.OutputFile{{Path: "OUT.md", Content: []byte("done\n")}}}, nil
}

// A renderer that does not know RenderModel answers Unimplemented, and
// is sent the whole model through Render.
func TestRenderEncodedFallsBackToRender(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "r.sock")
	lis, err := net.Listen("unix", sock)
	require.NoError(t, err)
	u := unaryRenderer{got: make(chan *sdk.Model, 1)}
	srv := grpc.NewServer()
	srv.RegisterService(&grpc.ServiceDesc{ServiceName: "homer.plugin.v1.Renderer", HandlerType: (*any)(nil),
		Methods: []grpc.MethodDesc{{MethodName: "Render", Handler: u.render}}}, u)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient("unix://"+sock, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	c := &Client{name: "old", pc: &plugin.Client{}, conn: conn}

	m := bigModel()
	e, err := EncodeModel(m)
	require.NoError(t, err)
	resp, err := c.RenderEncoded(context.Background(), e)
	require.NoError(t, err)
	require.Equal(t, "OUT.md", resp.GetFiles()[0].GetPath())
	require.True(t, proto.Equal(m, <-u.got), "the old renderer receives the model whole")
}

// A string that is not UTF-8, wherever it sits in the model, is encoded
// with U+FFFD in its bad bytes' place: protobuf would refuse the model.
func TestEncodeModelRepairsInvalidUTF8(t *testing.T) {
	bad := "tests/invalid/bad-utf8-\xff\xfe.toml"
	m := &sdk.Model{RepoName: "toml\xc3", Summary: &sdk.Summary{Languages: map[string]int32{"go\xff": 3}},
		Documents: []string{bad},
		Files:     []*sdk.FileModel{{Path: bad, Authors: []string{"J\xe9r\xf4me"}, Definitions: []*sdk.DefinitionModel{{Doc: "caf\xe9"}}}}}
	e, err := EncodeModel(m)
	require.NoError(t, err)
	got := &sdk.Model{}
	for _, p := range e.parts {
		require.NoError(t, proto.UnmarshalOptions{Merge: true}.Unmarshal(p, got))
	}
	want := "tests/invalid/bad-utf8-\uFFFD.toml"
	require.Equal(t, "toml\uFFFD", got.GetRepoName())
	require.Equal(t, []string{want}, got.GetDocuments())
	require.Equal(t, want, got.GetFiles()[0].GetPath())
	require.Equal(t, []string{"J\uFFFDr\uFFFDme"}, got.GetFiles()[0].GetAuthors())
	require.Equal(t, "caf\uFFFD", got.GetFiles()[0].GetDefinitions()[0].GetDoc())
	require.Equal(t, map[string]int32{"go\uFFFD": 3}, got.GetSummary().GetLanguages())
}
