package host

import (
	"context"
	"fmt"

	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
	grpcproto "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/internal/pb"
)

// EncodedModel is a render request encoded once, for a host that sends
// one model to several renderers: gRPC would otherwise encode the whole
// model again for each of them (36 MB on spring-boot, six times).
type EncodedModel struct{ data []byte }

// EncodeModel encodes the render request that carries m. The model must
// not change afterwards: what is sent is m as it was here.
func EncodeModel(m *sdk.Model) (*EncodedModel, error) {
	data, err := proto.Marshal(&pb.RenderRequest{Model: m})
	if err != nil {
		return nil, fmt.Errorf("encode the render model: %w", err)
	}
	return &EncodedModel{data: data}, nil
}

// Size is the encoded request's length in bytes.
func (e *EncodedModel) Size() int { return len(e.data) }

// RenderEncoded is Render with a model encoded by EncodeModel: the
// renderer receives the same bytes gRPC would have encoded from it.
func (c *Client) RenderEncoded(ctx context.Context, e *EncodedModel) (*sdk.RenderResponse, error) {
	out := new(pb.RenderResponse)
	if err := c.conn.Invoke(ctx, pb.Renderer_Render_FullMethodName, e, out, grpc.ForceCodecV2(encodedCodec{})); err != nil {
		return nil, c.wrap("render", err)
	}
	return out, nil
}

// encodedCodec sends an EncodedModel's bytes as they are; anything else,
// and every reply, goes through gRPC's protobuf codec.
type encodedCodec struct{}

func (encodedCodec) Marshal(v any) (mem.BufferSlice, error) {
	if e, ok := v.(*EncodedModel); ok {
		// A SliceBuffer is never returned to a pool: the bytes stay the
		// model's, for the next renderer.
		return mem.BufferSlice{mem.SliceBuffer(e.data)}, nil
	}
	return encoding.GetCodecV2(grpcproto.Name).Marshal(v)
}

func (encodedCodec) Unmarshal(data mem.BufferSlice, v any) error {
	return encoding.GetCodecV2(grpcproto.Name).Unmarshal(data, v)
}

func (encodedCodec) Name() string { return grpcproto.Name }
