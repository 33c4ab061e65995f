package host

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding"
	grpcproto "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/internal/pb"
)

// EncodedModel is a render model encoded once, for a host that sends one
// model to several renderers: gRPC would otherwise encode the whole model
// again for each of them (36 MB on spring-boot, six times). It is held in
// parts of about partSize bytes, each a whole encoding of a Model with
// some of the model's fields (ModelPart in renderer.proto), which is how
// RenderEncoded streams it: a renderer decodes each part as it arrives and
// never holds the model's bytes beside the model.
type EncodedModel struct {
	parts [][]byte
	size  int
}

// partSize is the length at which EncodeModel closes a part. A part is
// what a renderer holds encoded at once (twice, as gRPC receives and
// copies it), so small beside the model; thousands of them would cost a
// message's overhead each for nothing.
const partSize = 1 << 20

// EncodeModel encodes m in parts. The model must not change afterwards:
// what is sent is m as it was here. Fields that are not lists go into
// one part; a list's elements go, in order, into parts of their own.
func EncodeModel(m *sdk.Model) (*EncodedModel, error) { return encodeModel(m, false) }

// EncodeModelDropping is EncodeModel for a model nobody reads afterwards:
// each list is cleared from m once its elements are encoded, so that the
// collector can take them while the rest is encoded, rather than the
// whole model being held to the end beside its encoding (on spring-boot,
// the model and its 36 MB of parts were the core's largest moment).
func EncodeModelDropping(m *sdk.Model) (*EncodedModel, error) { return encodeModel(m, true) }

func encodeModel(m *sdk.Model, drop bool) (*EncodedModel, error) {
	e := &EncodedModel{}
	add := func(part *pb.Model) error {
		// Deterministic: a map field (the summary's languages) in one
		// order, so that one model always gives the same bytes.
		data, err := proto.MarshalOptions{Deterministic: true}.Marshal(part)
		if err != nil {
			// Protobuf refuses a string that is not UTF-8, and one would
			// fail the whole model: a repository's bytes reach it in many
			// fields (a test file's name, a commit's author, a document's
			// excerpt; BurntSushi/toml's model did not encode). The part is
			// repaired and encoded again; walking every model for it would
			// cost a large one seconds.
			validStrings(part.ProtoReflect())
			data, err = proto.MarshalOptions{Deterministic: true}.Marshal(part)
		}
		if err != nil {
			return fmt.Errorf("encode the render model: %w", err)
		}
		e.parts = append(e.parts, data)
		e.size += len(data)
		return nil
	}
	from := m.ProtoReflect()
	rest := &pb.Model{}
	var lists []protoreflect.FieldDescriptor
	fields := from.Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		switch {
		case !from.Has(fd):
		case fd.IsList():
			lists = append(lists, fd)
		default:
			rest.ProtoReflect().Set(fd, from.Get(fd))
		}
	}
	if err := add(rest); err != nil {
		return nil, err
	}
	for _, fd := range lists {
		list := from.Get(fd).List()
		for i := 0; i < list.Len(); {
			part := &pb.Model{}
			to := part.ProtoReflect().Mutable(fd).List()
			for size := 0; i < list.Len() && size < partSize; i++ {
				v := list.Get(i)
				to.Append(v)
				size += elementSize(fd, v)
			}
			if err := add(part); err != nil {
				return nil, err
			}
		}
		if drop {
			from.Clear(fd)
		}
	}
	return e, nil
}

// validStrings replaces the invalid UTF-8 in every string of m and of
// the messages it holds with U+FFFD.
func validStrings(m protoreflect.Message) {
	fix := func(v protoreflect.Value) (protoreflect.Value, bool) {
		if s := v.String(); !utf8.ValidString(s) {
			return protoreflect.ValueOfString(strings.ToValidUTF8(s, "\uFFFD")), true
		}
		return v, false
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList():
			l := v.List()
			for i := range l.Len() {
				switch fd.Kind() {
				case protoreflect.StringKind:
					if w, ok := fix(l.Get(i)); ok {
						l.Set(i, w)
					}
				case protoreflect.MessageKind, protoreflect.GroupKind:
					validStrings(l.Get(i).Message())
				}
			}
		case fd.IsMap():
			mp := v.Map()
			var bad []protoreflect.MapKey
			mp.Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				if fd.MapKey().Kind() == protoreflect.StringKind && !utf8.ValidString(k.String()) {
					bad = append(bad, k)
				}
				switch fd.MapValue().Kind() {
				case protoreflect.StringKind:
					if w, ok := fix(mv); ok {
						mp.Set(k, w)
					}
				case protoreflect.MessageKind:
					validStrings(mv.Message())
				}
				return true
			})
			for _, k := range bad {
				mv := mp.Get(k)
				mp.Clear(k)
				mp.Set(protoreflect.ValueOfString(strings.ToValidUTF8(k.String(), "\uFFFD")).MapKey(), mv)
			}
		case fd.Kind() == protoreflect.StringKind:
			if w, ok := fix(v); ok {
				m.Set(fd, w)
			}
		case fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind:
			validStrings(v.Message())
		}
		return true
	})
}

// elementSize is about what one element of a list field takes encoded.
func elementSize(fd protoreflect.FieldDescriptor, v protoreflect.Value) int {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return proto.Size(v.Message().Interface())
	case protoreflect.StringKind:
		return len(v.String())
	case protoreflect.BytesKind:
		return len(v.Bytes())
	}
	return 8
}

// Size is the encoded model's length in bytes.
func (e *EncodedModel) Size() int { return e.size }

// RenderEncoded is Render with a model encoded by EncodeModel. It streams
// the model's parts (RenderModel); a plugin built before that call was
// added answers Unimplemented, and is sent the whole model (Render) as
// the same bytes gRPC would have encoded from it.
func (c *Client) RenderEncoded(ctx context.Context, e *EncodedModel) (*sdk.RenderResponse, error) {
	resp, err := c.renderParts(ctx, e)
	if status.Code(err) == codes.Unimplemented {
		resp = new(pb.RenderResponse)
		err = c.conn.Invoke(ctx, pb.Renderer_Render_FullMethodName, wholeModel{e}, resp, grpc.ForceCodecV2(encodedCodec{}))
	}
	if err != nil {
		return nil, c.wrap("render", err)
	}
	return resp, nil
}

// renderParts sends the model's parts one after another: gRPC's flow
// control holds each send until the renderer has taken the bytes before.
func (c *Client) renderParts(ctx context.Context, e *EncodedModel) (*pb.RenderResponse, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	desc := &grpc.StreamDesc{StreamName: "RenderModel", ClientStreams: true}
	stream, err := c.conn.NewStream(ctx, desc, pb.Renderer_RenderModel_FullMethodName, grpc.ForceCodecV2(encodedCodec{}))
	if err != nil {
		return nil, err
	}
	for _, p := range e.parts {
		if err := stream.SendMsg(modelPart(p)); err != nil {
			if errors.Is(err, io.EOF) {
				// The plugin ended the call (Unimplemented, a failure):
				// RecvMsg says how.
				break
			}
			return nil, err
		}
	}
	if err := stream.CloseSend(); err != nil {
		return nil, err
	}
	out := new(pb.RenderResponse)
	if err := stream.RecvMsg(out); err != nil {
		return nil, err
	}
	return out, nil
}

// modelPart is one part of an EncodedModel, sent as a ModelPart.
type modelPart []byte

// Size is the part's length, for a host that traces what it sends.
func (p modelPart) Size() int { return len(p) }

// wholeModel is an EncodedModel sent as one RenderRequest: the parts one
// after another are an encoding of the model.
type wholeModel struct{ e *EncodedModel }

// lengthPrefix is the start of a message whose field 1 holds n bytes, in
// ModelPart and RenderRequest alike.
func lengthPrefix(n int) mem.Buffer {
	return mem.SliceBuffer(protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.BytesType), uint64(n)))
}

// encodedCodec sends an EncodedModel's bytes as they are; anything else,
// and every reply, goes through gRPC's protobuf codec.
type encodedCodec struct{}

func (encodedCodec) Marshal(v any) (mem.BufferSlice, error) {
	// A SliceBuffer is never returned to a pool: the bytes stay the
	// model's, for the next renderer.
	switch v := v.(type) {
	case modelPart:
		return mem.BufferSlice{lengthPrefix(len(v)), mem.SliceBuffer(v)}, nil
	case wholeModel:
		out := mem.BufferSlice{lengthPrefix(v.e.size)}
		for _, p := range v.e.parts {
			out = append(out, mem.SliceBuffer(p))
		}
		return out, nil
	}
	return encoding.GetCodecV2(grpcproto.Name).Marshal(v)
}

func (encodedCodec) Unmarshal(data mem.BufferSlice, v any) error {
	return encoding.GetCodecV2(grpcproto.Name).Unmarshal(data, v)
}

func (encodedCodec) Name() string { return grpcproto.Name }
