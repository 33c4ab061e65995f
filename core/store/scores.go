package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/homer-dev/homer/core/record"
)

// A definition's entity row and a file's centrality row are mostly scores
// rounded to four decimals and counts: on spring-boot the 20,381 entity
// rows took 0.94 MB and the 11,868 centrality rows 0.45 MB packed as
// JSON, every key and digit DEFLATEd row by row. Since schema 48 a row
// is stored by its fields (format 0x0a, PackScores): a score as the
// integer of its ten-thousandths, counts as varints, names and paths as
// their bytes; the whole DEFLATEd with the result dictionary and the
// node's name, as any result is. The view results, and UnpackResult, give
// the JSON back as it was written, so every reader reads what it read
// before; the digest stays the JSON's. Only a row that reads back through
// this byte for byte is stored so: any other stays JSON.

// The kinds of result stored by their scores.
const (
	EntityKind     = "entity"
	CentralityKind = "centrality"
)

// The shapes of row a body of format 0x0a holds, its first byte.
const (
	scoresEntity     = 1
	scoresCentrality = 2
)

// PackScores packs an entity or centrality row (JSON, kind says which)
// of the node named name by its fields (format 0x0a); false for any other
// kind, or a row of another form (nothing a reader could read back byte
// for byte).
//
// After the format byte, as packPrimedBy leaves it (0x05 and DEFLATE
// primed with the result dictionary and name, or 0x00 and the bytes
// themselves): the shape (1 an entity row, 2 a centrality row); for an
// entity, its pagerank, betweenness and salience as scores (below), its
// callers and callees as varints, the number of top callers plus one (0
// for null) as a uvarint and each caller (its length, then its bytes);
// for a file, its pagerank, betweenness, authority and hub as scores, its
// fan-in and fan-out as varints, the number of dependents plus one (0 for
// null) and each one's path, weight (a score) and count. A score is a
// uvarint: twice the zigzag of its ten-thousandths where they give it
// back exactly, else twice the length of its shortest decimal plus one,
// then that decimal.
func PackScores(kind string, data []byte, name string) ([]byte, bool) {
	var body []byte
	switch kind {
	case EntityKind:
		// Read into the stage's own row types: a row is stored by its
		// fields only when it reads back as the bytes given, so a field
		// these types have and the format not (a dependent's revs) keeps
		// the row JSON.
		var r record.EntityMetrics
		if json.Unmarshal(data, &r) != nil {
			return nil, false
		}
		body = appendEntityBody([]byte{scoresEntity}, &r)
	case CentralityKind:
		var r record.Centrality
		if json.Unmarshal(data, &r) != nil {
			return nil, false
		}
		body = appendCentralityBody([]byte{scoresCentrality}, &r)
	default:
		return nil, false
	}
	back, err := scoresJSON(body)
	if err != nil || !bytes.Equal(back, data) {
		return nil, false
	}
	return append([]byte{packScores}, packPrimedBy(body, &dictWriters, name, packPrimed)...), true
}

func appendScore(b []byte, f float64) []byte {
	if n := math.Round(f * 1e4); math.Abs(n) < 1<<52 && n/1e4 == f && !(f == 0 && math.Signbit(f)) {
		v := int64(n)
		return binary.AppendUvarint(b, uint64(v<<1^v>>63)<<1)
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	return append(binary.AppendUvarint(b, uint64(len(s))<<1|1), s...)
}

func appendScoresText(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendEntityBody(b []byte, r *record.EntityMetrics) []byte {
	b = appendScore(appendScore(appendScore(b, r.PageRank), r.Betweenness), r.Salience)
	b = binary.AppendVarint(binary.AppendVarint(b, int64(r.Callers)), int64(r.Callees))
	if r.TopCallers == nil {
		return append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(r.TopCallers))+1)
	for _, c := range r.TopCallers {
		b = appendScoresText(b, c)
	}
	return b
}

func appendCentralityBody(b []byte, r *record.Centrality) []byte {
	b = appendScore(appendScore(appendScore(appendScore(b, r.PageRank), r.Betweenness), r.Authority), r.Hub)
	b = binary.AppendVarint(binary.AppendVarint(b, int64(r.FanIn)), int64(r.FanOut))
	if r.Dependents == nil {
		return append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Dependents))+1)
	for _, d := range r.Dependents {
		b = appendScore(appendScoresText(b, d.Path), d.Weight)
		b = binary.AppendVarint(b, int64(d.Count))
	}
	return b
}

// scoresReader reads a body of format 0x0a; the first error stops it.
type scoresReader struct {
	b   []byte
	err error
	// row names the row in errors: "a row of scores", "a source row".
	row string
}

func (r *scoresReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s cut short at its %s", ErrPacked, r.row, what)
	}
}

func (r *scoresReader) uvarint(what string) uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail(what)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *scoresReader) varint(what string) int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail(what)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *scoresReader) bytes(n uint64, what string) []byte {
	if r.err != nil || n > uint64(len(r.b)) {
		r.fail(what)
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// score appends the JSON of a score to b.
func (r *scoresReader) score(b []byte, what string) []byte {
	v := r.uvarint(what)
	if v&1 == 0 {
		z := v >> 1
		return appendJSONFloat(b, float64(int64(z>>1)^-int64(z&1))/1e4)
	}
	s := r.bytes(v>>1, what)
	f, err := strconv.ParseFloat(string(s), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		r.fail(what)
		return b
	}
	return appendJSONFloat(b, f)
}

// count is the count of a list, or -1 for null.
func (r *scoresReader) count(what string) int {
	n := r.uvarint(what)
	if n > uint64(len(r.b))+1 { // each element takes a byte at least
		r.fail(what)
		return -1
	}
	return int(n) - 1
}

// scoresJSON gives back the JSON of a body of format 0x0a as
// json.Marshal writes the row (appendJSONString, appendJSONFloat).
func scoresJSON(body []byte) ([]byte, error) { return scoresJSONNamed(body, nil) }

// scoresJSONNamed is scoresJSON with pathOf(i), when not nil, the path of
// a centrality row's dependent i in place of the one the body holds; a
// dependent it gives none (false) is left out.
func scoresJSONNamed(body []byte, pathOf func(i int) (string, bool)) ([]byte, error) {
	if len(body) == 0 {
		return nil, fmt.Errorf("%w: an empty row of scores", ErrPacked)
	}
	r := &scoresReader{b: body[1:], row: "a row of scores"}
	b := make([]byte, 0, 4*len(body)+64)
	num := func(key string) {
		b = strconv.AppendInt(append(b, key...), r.varint(key), 10)
	}
	// list writes key and a JSON array of the count's items, or null; an
	// item that says it is left out (false) is taken back.
	list := func(key, what string, item func(i int) bool) {
		b = append(b, key...)
		n := r.count(what)
		if n < 0 {
			b = append(b, "null"...)
			return
		}
		b = append(b, '[')
		written := 0
		for i := 0; i < n && r.err == nil; i++ {
			at := len(b)
			if written > 0 {
				b = append(b, ',')
			}
			if item(i) {
				written++
			} else {
				b = b[:at]
			}
		}
		b = append(b, ']')
	}
	switch body[0] {
	case scoresEntity:
		b = r.score(append(b, `{"pagerank":`...), "pagerank")
		b = r.score(append(b, `,"betweenness":`...), "betweenness")
		b = r.score(append(b, `,"salience":`...), "salience")
		num(`,"callers":`)
		num(`,"callees":`)
		list(`,"top_callers":`, "top callers", func(int) bool {
			b = appendJSONString(b, string(r.bytes(r.uvarint("caller"), "caller")))
			return true
		})
	case scoresCentrality:
		b = r.score(append(b, `{"pagerank":`...), "pagerank")
		b = r.score(append(b, `,"betweenness":`...), "betweenness")
		b = r.score(append(b, `,"authority":`...), "authority")
		b = r.score(append(b, `,"hub":`...), "hub")
		num(`,"fan_in":`)
		num(`,"fan_out":`)
		list(`,"dependents":`, "dependents", func(i int) bool {
			p, keep := string(r.bytes(r.uvarint("dependent"), "dependent")), true
			if pathOf != nil {
				p, keep = pathOf(i)
			}
			b = appendJSONString(append(b, `{"path":`...), p)
			b = r.score(append(b, `,"weight":`...), "weight")
			num(`,"count":`)
			b = append(b, '}')
			return keep
		})
	default:
		return nil, fmt.Errorf("%w: a row of scores of unknown shape %d", ErrPacked, body[0])
	}
	if r.err == nil && len(r.b) > 0 {
		r.err = fmt.Errorf("%w: a row of scores with %d bytes left over", ErrPacked, len(r.b))
	}
	if r.err != nil {
		return nil, r.err
	}
	return append(b, '}'), nil
}

// unpackScores gives back the JSON of a row PackScores packed for the
// node named name.
func unpackScores(packed []byte, name string) ([]byte, error) {
	if len(packed) < 2 || packed[0] != packScores || packed[1] != packPrimed && packed[1] != packRaw {
		return nil, fmt.Errorf("%w: not a row of scores by its fields", ErrPacked)
	}
	body, err := UnpackResult(packed[1:], name)
	if err != nil {
		return nil, err
	}
	return scoresJSON(body)
}

// A centrality row names the files that depend on its file by their whole
// paths: on spring-boot 7,618 dependents, 0.96 MB of the rows' JSON and
// half the 0.35 MB they took stored by their fields. Since schema 52 a
// row whose dependents are all file nodes is stored with each named by
// its node's key instead (format 0x0e, PackCentralityByKeys), as a
// co-change row names its partners (0x08) and a metrics row its tests
// (0x0d): the view results gives the row back as the JSON it was written
// as (centrality_data, given the dependents' names looked up by key); a
// dependent whose node is gone is left out. The digest stays the JSON's.

// CentralityDependents are the paths of the dependents a centrality row
// (JSON) lists, in order; nil for a row that lists none or is not one.
func CentralityDependents(data []byte) []string {
	var r record.Centrality
	if json.Unmarshal(data, &r) != nil {
		return nil
	}
	paths := make([]string, len(r.Dependents))
	for i, d := range r.Dependents {
		paths[i] = d.Path
	}
	return paths
}

// PackCentralityByKeys packs the centrality row (JSON) of the file named
// name by its fields with each dependent named by keyOf(path), the key of
// its file node (format 0x0e); false when it lists no dependent, one has
// no node (keyOf's false), the row would not read back byte for byte, or
// it would not be shorter than PackScores stores it.
//
// After the format byte: the number of dependents as a uvarint, each
// one's key (8 bytes, little-endian), then the row's body as PackScores
// packs it (0x05 or 0x00 and the body), each dependent's path empty.
func PackCentralityByKeys(data []byte, name string, keyOf func(path string) (int64, bool)) ([]byte, bool) {
	var r record.Centrality
	if json.Unmarshal(data, &r) != nil || len(r.Dependents) == 0 {
		return nil, false
	}
	b := binary.AppendUvarint([]byte{packCentralityByKeys}, uint64(len(r.Dependents)))
	paths := make([]string, len(r.Dependents))
	for i, d := range r.Dependents {
		k, ok := keyOf(d.Path)
		if !ok {
			return nil, false
		}
		b = binary.LittleEndian.AppendUint64(b, uint64(k))
		paths[i] = d.Path
		r.Dependents[i].Path = ""
	}
	body := appendCentralityBody([]byte{scoresCentrality}, &r)
	back, err := scoresJSONNamed(body, func(i int) (string, bool) { return paths[i], true })
	if err != nil || !bytes.Equal(back, data) {
		return nil, false
	}
	// Dependents beside the file (a package's other files) DEFLATE
	// primed with its name into fewer bytes than their keys: such a row
	// stays as PackScores stores it.
	packed := append(b, packPrimedBy(body, &dictWriters, name, packPrimed)...)
	if byFields, ok := PackScores(CentralityKind, data, name); ok && len(byFields) <= len(packed) {
		return nil, false
	}
	return packed, true
}

// centralityKeysHead reads the keys of a row PackCentralityByKeys packed,
// and where its body begins.
func centralityKeysHead(packed []byte) (keys []int64, rest []byte, err error) {
	if len(packed) == 0 || packed[0] != packCentralityByKeys {
		return nil, nil, fmt.Errorf("%w: not a centrality row by keys", ErrPacked)
	}
	n, w := binary.Uvarint(packed[1:])
	if w <= 0 || n > uint64(len(packed)-1-w)/8 {
		return nil, nil, fmt.Errorf("%w: a centrality row's dependents", ErrPacked)
	}
	rest = packed[1+w:]
	keys = make([]int64, n)
	for i := range keys {
		keys[i] = int64(binary.LittleEndian.Uint64(rest[8*i:]))
	}
	return keys, rest[8*n:], nil
}

// CentralityKeys are the keys of the dependents of a row
// PackCentralityByKeys packed, in order.
func CentralityKeys(packed []byte) ([]int64, error) {
	keys, _, err := centralityKeysHead(packed)
	return keys, err
}

// UnpackCentralityByKeys gives back the JSON of the centrality row of the
// file named name that PackCentralityByKeys packed, with nameOf(key) the
// path of a dependent's node; a dependent without one (its node is gone)
// is left out.
func UnpackCentralityByKeys(packed []byte, name string, nameOf func(key int64) (string, bool)) ([]byte, error) {
	keys, rest, err := centralityKeysHead(packed)
	if err != nil {
		return nil, err
	}
	if len(rest) == 0 || rest[0] != packPrimed && rest[0] != packRaw {
		return nil, fmt.Errorf("%w: a centrality row by keys without its body", ErrPacked)
	}
	body, err := UnpackResult(rest, name)
	if err != nil {
		return nil, err
	}
	if len(body) == 0 || body[0] != scoresCentrality {
		return nil, fmt.Errorf("%w: a centrality row by keys of another shape", ErrPacked)
	}
	extra := false
	data, err := scoresJSONNamed(body, func(i int) (string, bool) {
		if i >= len(keys) {
			extra = true
			return "", false
		}
		return nameOf(keys[i])
	})
	if err == nil && extra {
		err = fmt.Errorf("%w: a centrality row with more dependents than keys", ErrPacked)
	}
	return data, err
}
