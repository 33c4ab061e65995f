package host

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/internal/pb"
)

// What the codec sends for an encoded model is the request a renderer
// decodes back to that model, every time it is sent.
func TestEncodedModelSendsTheModel(t *testing.T) {
	m := &sdk.Model{SchemaVersion: sdk.ModelSchemaVersion, RepoName: "shop", Head: "abc",
		Summary: &sdk.Summary{Files: 2, Languages: map[string]int32{"go": 1, "python": 1}},
		Files:   []*sdk.FileModel{{Path: "main.go", Language: "go", Lines: 12}, {Path: "app.py", Language: "python", Lines: 3}}}
	e, err := EncodeModel(m)
	require.NoError(t, err)
	for range 2 {
		sent, err := encodedCodec{}.Marshal(e)
		require.NoError(t, err)
		require.Equal(t, e.Size(), sent.Len())
		var req pb.RenderRequest
		require.NoError(t, proto.Unmarshal(sent.Materialize(), &req))
		require.True(t, proto.Equal(m, req.GetModel()), "the renderer receives the model that was encoded")
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
