package pipeline

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/klauspost/compress/flate"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/homer-dev/homer/sdk"
)

// packedCalls holds the calls and references of parse facts encoded, by
// file path, from the parse that reported them to resolve, the only stage
// that reads them, which decodes one file's at a time as it walks the
// files. Decoded, every call is a message of its own: on spring-boot
// 292,000 of them, about 40 MB of the core's heap while the last parses
// ended and resolve built its scopes, the run's peak. Encoded as the parse
// memo encodes them (each caller a short reference to a definition of the
// file), they take a fifth of that; DEFLATEd at its fastest level, with
// their length before them, a quarter of that again (16.6 MB to 4.2 on
// spring-boot, for a few tenths of a second of CPU). The calls of files
// read from the parse memo are held as the memo encodes them, not
// DEFLATEd (hold): 7 MB on spring-boot, and packing them again would cost
// what decoding them whole did. Each value's first byte says which it is.
type packedCalls map[string][]byte

// The first byte of a held value: the calls as the memo encodes them
// (hold), or DEFLATEd with their length before them (take).
const (
	heldEncoded  byte = 0
	heldDeflated byte = 1
)

// heldLevel is the DEFLATE level the held calls and definitions are
// packed at: the fastest, a level that packs them much better costs far
// more time.
const heldLevel = flate.BestSpeed

var (
	heldWriters = sync.Pool{New: func() any {
		w, err := flate.NewWriter(nil, heldLevel)
		if err != nil {
			panic(err) // only for a level out of range
		}
		return w
	}}
	heldReaders = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}
)

// deflateHeld packs a file's encoded calls or definitions: heldDeflated,
// their length as a varint, then their DEFLATE.
func deflateHeld(data []byte) ([]byte, error) {
	out := bytes.NewBuffer(binary.AppendUvarint(append(make([]byte, 0, len(data)/3+16), heldDeflated), uint64(len(data))))
	w := heldWriters.Get().(*flate.Writer)
	defer heldWriters.Put(w)
	w.Reset(out)
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return bytes.Clone(out.Bytes()), nil
}

// inflateHeld reads back what deflateHeld packed.
func inflateHeld(packed []byte) ([]byte, error) {
	if len(packed) == 0 || packed[0] != heldDeflated {
		return nil, errors.New("held facts of no known form")
	}
	packed = packed[1:]
	n, k := binary.Uvarint(packed)
	if k <= 0 || n > 1<<31 {
		return nil, errors.New("held facts without their length")
	}
	r := heldReaders.Get().(io.ReadCloser)
	defer heldReaders.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(packed[k:]), nil); err != nil {
		return nil, err
	}
	data := make([]byte, n)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, err
	}
	return data, nil
}

// take moves the calls and references of each of facts into pc, leaving
// the facts without them. encoded holds each file's memo encoding
// (memoFacts), whose calls already name their callers by reference: the
// calls are cut from it rather than encoded again. A file with neither
// calls nor references is not entered.
func (pc packedCalls) take(facts []*sdk.FileFacts, encoded [][]byte) error {
	for i, f := range facts {
		if len(f.GetCalls()) == 0 && len(f.GetReferences()) == 0 {
			continue
		}
		data, err := packFields(encoded[i], callsField, referencesField)
		if err != nil {
			return fmt.Errorf("calls of %s: %w", f.GetPath(), err)
		}
		pc[f.GetPath()] = data
		f.Calls, f.References = nil, nil
	}
	return nil
}

// of returns the calls and references of f: those pc holds for its path,
// decoded, or else its own. What pc held for it is dropped: each file's
// are read once.
func (pc packedCalls) of(f *sdk.FileFacts) ([]*sdk.Call, []string, error) {
	data, ok := pc[f.GetPath()]
	if !ok {
		return f.GetCalls(), f.GetReferences(), nil
	}
	delete(pc, f.GetPath())
	if len(data) > 0 && data[0] == heldEncoded {
		data = data[1:]
	} else {
		var err error
		if data, err = inflateHeld(data); err != nil {
			return nil, nil, fmt.Errorf("calls of %s: %w", f.GetPath(), err)
		}
	}
	got := &sdk.FileFacts{}
	if err := proto.Unmarshal(data, got); err != nil {
		return nil, nil, fmt.Errorf("calls of %s: %w", f.GetPath(), err)
	}
	// The callers refer to f's definitions (memoCallers).
	got.Definitions = f.GetDefinitions()
	if err := decodeCallers(got); err != nil {
		return nil, nil, fmt.Errorf("calls of %s: %w", f.GetPath(), err)
	}
	return got.GetCalls(), got.GetReferences(), nil
}

// hold cuts the calls and references out of data, a file's facts as the
// parse memo encodes them, and holds them for path as they are encoded
// (their callers referring to the file's definitions, as of reads them).
// It appends the rest of data to rest and returns it. A file with neither
// is not entered.
func (pc packedCalls) hold(path string, data, rest []byte) ([]byte, error) {
	held := 0
	err := eachField(data, func(num protowire.Number, typ protowire.Type, field []byte) {
		if heldField(num, typ) {
			held += len(field)
		}
	})
	if err != nil || held == 0 {
		return append(rest, data...), err
	}
	cut := append(make([]byte, 0, 1+held), heldEncoded)
	_ = eachField(data, func(num protowire.Number, typ protowire.Type, field []byte) {
		if heldField(num, typ) {
			cut = append(cut, field...)
		} else {
			rest = append(rest, field...)
		}
	})
	pc[path] = cut
	return rest, nil
}

// heldField tells whether a field of encoded facts is one packedCalls
// holds: the calls or the references.
func heldField(num protowire.Number, typ protowire.Type) bool {
	return typ == protowire.BytesType && (num == callsField || num == referencesField)
}

// eachField calls fn with each top-level field of an encoded message, its
// tag and value together.
func eachField(data []byte, fn func(num protowire.Number, typ protowire.Type, field []byte)) error {
	for len(data) > 0 {
		num, typ, n := protowire.ConsumeTag(data)
		if n < 0 {
			return protowire.ParseError(n)
		}
		m := protowire.ConsumeFieldValue(num, typ, data[n:])
		if m < 0 {
			return protowire.ParseError(m)
		}
		fn(num, typ, data[:n+m])
		data = data[n+m:]
	}
	return nil
}

// packFields cuts the fields nums out of data, an encoded FileFacts, and
// packs them (deflateHeld): an encoded FileFacts of those fields alone.
// The fields come out in data's order, which a deterministic encoding
// makes the order of their numbers.
func packFields(data []byte, nums ...protowire.Number) ([]byte, error) {
	scratch := encodeScratch.Get().(*[]byte)
	defer encodeScratch.Put(scratch)
	out := (*scratch)[:0]
	defer func() { *scratch = out[:0] }()
	err := eachField(data, func(num protowire.Number, _ protowire.Type, field []byte) {
		if slices.Contains(nums, num) {
			out = append(out, field...)
		}
	})
	if err != nil {
		return nil, err
	}
	return deflateHeld(out)
}

// packedDefs holds the definitions of parse facts encoded, by file path,
// from the parse that reported them to the start of resolve, the first
// stage that reads them; restore puts them back. Between the two, the
// parse stage reads of its facts only where their imports lead. Decoded,
// the definitions (a 300-byte message each, with its span and strings)
// were most of the facts the core held as the last parses ended, the
// moment of the whole process tree's largest figures on spring-boot.
type packedDefs map[string][]byte

// take moves the definitions of each of facts into pd, cut from encoded
// (as packedCalls.take), leaving the facts without them.
func (pd packedDefs) take(facts []*sdk.FileFacts, encoded [][]byte) error {
	for i, f := range facts {
		if len(f.GetDefinitions()) == 0 {
			continue
		}
		data, err := packFields(encoded[i], definitionsField)
		if err != nil {
			return fmt.Errorf("definitions of %s: %w", f.GetPath(), err)
		}
		pd[f.GetPath()] = data
		f.Definitions = nil
	}
	return nil
}

// restore gives each of facts the definitions pd holds for its path, and
// drops them from pd.
func (pd packedDefs) restore(facts []*sdk.FileFacts) error {
	for _, f := range facts {
		data, ok := pd[f.GetPath()]
		if !ok {
			continue
		}
		delete(pd, f.GetPath())
		data, err := inflateHeld(data)
		if err != nil {
			return fmt.Errorf("definitions of %s: %w", f.GetPath(), err)
		}
		got := &sdk.FileFacts{}
		if err := proto.Unmarshal(data, got); err != nil {
			return fmt.Errorf("definitions of %s: %w", f.GetPath(), err)
		}
		f.Definitions = got.GetDefinitions()
	}
	return nil
}
