package sdk

import (
	"fmt"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// ModelReader is a Renderer that reads only some of the render model's
// fields. The SDK then decodes only those of the model the core streams to
// it (RenderModel), leaving the rest as bytes it drops: the risk map reads
// a few fields of each file, and decoded the whole model (about 60 MB of
// heap on spring-boot) for them. A renderer that implements it must render
// the same from the whole model, which a model sent through Render (by an
// older core) still is; SelectModel gives a test the model as the SDK
// would.
type ModelReader interface {
	// ModelFields names the fields read, each as the path of proto field
	// names from Model ("head", "files.path"); a message field named
	// without a field of it after is kept whole. schema_version is always
	// kept, for CheckModel.
	ModelFields() []string
}

// fieldFilter selects a message's fields by number: a field mapped to nil
// is kept whole, one mapped to a filter keeps, of each of its messages,
// only the fields that filter selects.
type fieldFilter map[protowire.Number]fieldFilter

// modelFilter is the filter of the model's fields paths name.
func modelFilter(paths []string) (fieldFilter, error) {
	root := fieldFilter{}
	model := (&Model{}).ProtoReflect().Descriptor()
	root[model.Fields().ByName("schema_version").Number()] = nil
	for _, p := range paths {
		cur, md := root, model
		names := strings.Split(p, ".")
		for i, name := range names {
			fd := md.Fields().ByName(protoreflect.Name(name))
			if fd == nil {
				return nil, fmt.Errorf("model field %q: %s has no field %s", p, md.Name(), name)
			}
			n := fd.Number()
			if i == len(names)-1 {
				cur[n] = nil
				break
			}
			if fd.Message() == nil || fd.IsMap() {
				return nil, fmt.Errorf("model field %q: %s is not a message", p, name)
			}
			sub, seen := cur[n]
			if seen && sub == nil {
				break // kept whole already
			}
			if !seen {
				sub = fieldFilter{}
				cur[n] = sub
			}
			cur, md = sub, fd.Message()
		}
	}
	return root, nil
}

// keep returns the wire encoding of a message with only the fields f
// selects, in their order.
func (f fieldFilter) keep(b []byte) ([]byte, error) {
	var out []byte
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		m := protowire.ConsumeFieldValue(num, typ, b[n:])
		if m < 0 {
			return nil, protowire.ParseError(m)
		}
		field := b[:n+m]
		b = b[n+m:]
		sub, ok := f[num]
		switch {
		case !ok:
		case sub == nil || typ != protowire.BytesType:
			out = append(out, field...)
		default:
			v, _ := protowire.ConsumeBytes(field[n:])
			kept, err := sub.keep(v)
			if err != nil {
				return nil, err
			}
			out = protowire.AppendTag(out, num, typ)
			out = protowire.AppendBytes(out, kept)
		}
	}
	return out, nil
}

// SelectModel is m with only the fields paths name (ModelReader), as the
// SDK hands a ModelReader the model the core streams.
func SelectModel(m *Model, paths []string) (*Model, error) {
	f, err := modelFilter(paths)
	if err != nil {
		return nil, err
	}
	data, err := proto.Marshal(m)
	if err != nil {
		return nil, err
	}
	if data, err = f.keep(data); err != nil {
		return nil, err
	}
	out := &Model{}
	return out, proto.Unmarshal(data, out)
}
