package pipeline

import (
	"fmt"

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
// file), they take a fifth of that.
type packedCalls map[string][]byte

// take moves the calls and references of each of facts into pc, leaving
// the facts without them. A file with neither is not entered.
func (pc packedCalls) take(facts []*sdk.FileFacts) error {
	for _, f := range facts {
		if len(f.GetCalls()) == 0 && len(f.GetReferences()) == 0 {
			continue
		}
		data, err := proto.MarshalOptions{Deterministic: true}.Marshal(&sdk.FileFacts{Calls: f.GetCalls(), References: f.GetReferences()})
		if err != nil {
			return fmt.Errorf("calls of %s: %w", f.GetPath(), err)
		}
		if data, err = encodeCallers(data, f.GetDefinitions(), nil); err != nil {
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
