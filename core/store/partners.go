package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/homer-dev/homer/core/record"
)

// A co-change row names each of a file's partners by its whole path,
// about 90 characters on spring-boot, ten or so partners a row: the
// paths were most of the 3.0 MB its 11,500 rows took, packed. Since
// schema 34 a row whose partners are all file nodes is stored with each
// partner named by its node's key instead (format 0x08, PackPartners),
// the rest of each partner in a few varints: the key, a hash of the
// path, names the same file in every store and is never another's, so
// an update's rows are an init's, byte for byte. The view results gives
// the row back as the JSON it was written as (partners_data, given the
// partners' names looked up by key), so every reader reads what it read
// before; a partner whose node is gone (a file history no longer names,
// between the node's deletion and the co-change stage's next write) is
// left out. The digest stays that of the JSON. A row of any other form
// is packed as any other result is.

// CoChangeKind is the kind of result stored with partner keys.
const CoChangeKind = record.EdgeCoChange

// CoChangeRow mirrors a co-change row (cochange.Row) as written: a row
// given as JSON is stored by keys only when it reads back through this,
// field for field, as the bytes given, so a field the row gains is never
// lost: such rows are stored as JSON until this learns it. The co-change
// stage hands its rows in this shape (Tx.ReplaceCoChange), which spares
// the JSON's decoding and the check that it encodes back.
type CoChangeRow struct {
	Revs     int               `json:"revs,omitempty"`
	Partners []CoChangePartner `json:"partners,omitempty"`
}

// CoChangePartner is a partner of a CoChangeRow (cochange.Partner).
type CoChangePartner struct {
	Path       string
	Count      int
	Revs       int `json:",omitempty"`
	Confidence float64
	Strength   float64 `json:",omitempty"`
	Last       int64   `json:",omitempty"`
	Reason     string
	Sweeps     int     `json:",omitempty"`
	Bots       int     `json:",omitempty"`
	Releases   int     `json:",omitempty"`
	Activity   float64 `json:",omitempty"`
}

// partnerReasons are the reasons a partner is listed for, each stored as
// its index (cochange.Reason*).
var partnerReasons = []string{"history", "test", "generated", "directory"}

// readPartners reads a co-change row as written; false when it is not of
// that form, byte for byte.
func readPartners(data []byte) (CoChangeRow, bool) {
	var row CoChangeRow
	if err := json.Unmarshal(data, &row); err != nil || row.Revs < 0 || row.Revs > math.MaxInt32 {
		return row, false
	}
	again, err := json.Marshal(row)
	return row, err == nil && bytes.Equal(again, data)
}

// PackPartners packs a co-change row (JSON) with each partner named by
// keyOf(path), the key of its file node (format 0x08); false when a
// partner has no node (keyOf's false) or the row is of another form
// (nothing a reader could read back byte for byte).
//
// After the format byte, as Pack leaves it (0x01 and DEFLATE, or 0x00
// and the bytes themselves where DEFLATE would lengthen them): the row's
// revs and the number of partners as uvarints, each partner's key (8
// bytes, little-endian), then for each partner its count, reason
// (index), sweeps, bots and releases as uvarints, its last shared
// commit's time as a varint and its strength as the shortest decimal
// that reads back as the same float (empty for 0), after its length.
func PackPartners(data []byte, keyOf func(path string) (int64, bool)) ([]byte, bool) {
	row, ok := readPartners(data)
	if !ok {
		return nil, false
	}
	return packPartnerRow(row, keyOf)
}

func packPartnerRow(row CoChangeRow, keyOf func(path string) (int64, bool)) ([]byte, bool) {
	b := binary.AppendUvarint(nil, uint64(row.Revs))
	b = binary.AppendUvarint(b, uint64(len(row.Partners)))
	for _, p := range row.Partners {
		k, ok := keyOf(p.Path)
		if !ok {
			return nil, false
		}
		b = binary.LittleEndian.AppendUint64(b, uint64(k))
	}
	for _, p := range row.Partners {
		reason := -1
		for i, r := range partnerReasons {
			if p.Reason == r {
				reason = i
			}
		}
		if reason < 0 || p.Revs != 0 || p.Confidence != 0 || p.Activity != 0 || p.Count < 0 || p.Sweeps < 0 || p.Bots < 0 || p.Releases < 0 ||
			math.IsInf(p.Strength, 0) || math.IsNaN(p.Strength) {
			return nil, false
		}
		for _, v := range []int{p.Count, reason, p.Sweeps, p.Bots, p.Releases} {
			if v > math.MaxInt32 {
				return nil, false
			}
			b = binary.AppendUvarint(b, uint64(v))
		}
		b = binary.AppendVarint(b, p.Last)
		var s string
		if p.Strength != 0 {
			s = strconv.FormatFloat(p.Strength, 'g', -1, 64)
		}
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return append([]byte{packPartners}, pack(b, &writers, packDeflate)...), true
}

// partnerBody is the body of a row PackPartners packed.
func partnerBody(packed []byte) ([]byte, error) {
	if len(packed) == 0 || packed[0] != packPartners {
		return nil, fmt.Errorf("%w: not a co-change row by keys", ErrPacked)
	}
	return Unpack(packed[1:])
}

// PartnerKeys are the keys of a row PackPartners packed, in order.
func PartnerKeys(packed []byte) ([]int64, error) {
	body, err := partnerBody(packed)
	if err != nil {
		return nil, err
	}
	_, keys, _, err := partnerHead(body)
	return keys, err
}

// partnerHead reads a body's revs and keys, and where the rest begins.
func partnerHead(body []byte) (revs int, keys []int64, rest []byte, err error) {
	r, n := binary.Uvarint(body)
	if n <= 0 || r > math.MaxInt32 {
		return 0, nil, nil, fmt.Errorf("%w: a co-change row's revs", ErrPacked)
	}
	body = body[n:]
	count, n := binary.Uvarint(body)
	if n <= 0 || count > uint64(len(body)-n)/8 {
		return 0, nil, nil, fmt.Errorf("%w: a co-change row's partners", ErrPacked)
	}
	body = body[n:]
	keys = make([]int64, count)
	for i := range keys {
		keys[i] = int64(binary.LittleEndian.Uint64(body[8*i:]))
	}
	return int(r), keys, body[8*count:], nil
}

// UnpackPartners gives back the JSON of a row PackPartners packed, with
// nameOf(key) the path of a partner's node; a partner without one (its
// node is gone) is left out.
func UnpackPartners(packed []byte, nameOf func(key int64) (string, bool)) ([]byte, error) {
	body, err := partnerBody(packed)
	if err != nil {
		return nil, err
	}
	revs, keys, rest, err := partnerHead(body)
	if err != nil {
		return nil, err
	}
	row := CoChangeRow{Revs: revs}
	uv := func() int {
		v, n := binary.Uvarint(rest)
		if n <= 0 || v > math.MaxInt32 {
			err = fmt.Errorf("%w: a co-change partner", ErrPacked)
			return 0
		}
		rest = rest[n:]
		return int(v)
	}
	for i := range keys {
		var p CoChangePartner
		var reason int
		p.Count, reason, p.Sweeps, p.Bots, p.Releases = uv(), uv(), uv(), uv(), uv()
		last, n := binary.Varint(rest)
		if err != nil || n <= 0 || reason >= len(partnerReasons) {
			return nil, fmt.Errorf("%w: a co-change partner", ErrPacked)
		}
		rest = rest[n:]
		p.Last, p.Reason = last, partnerReasons[reason]
		if l := uv(); err != nil || l > len(rest) {
			return nil, fmt.Errorf("%w: a co-change partner's strength", ErrPacked)
		} else if l > 0 {
			if p.Strength, err = strconv.ParseFloat(string(rest[:l]), 64); err != nil {
				return nil, fmt.Errorf("%w: a co-change partner's strength: %v", ErrPacked, err)
			}
			rest = rest[l:]
		}
		name, ok := nameOf(keys[i])
		if !ok {
			continue
		}
		p.Path = name
		row.Partners = append(row.Partners, p)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after a co-change row", ErrPacked, len(rest))
	}
	return appendPartnerRow(make([]byte, 0, 64+160*len(row.Partners)), row), nil
}

// coChangeJSON is the JSON of a row handed typed, as json.Marshal writes
// it, and whether the row is one PackPartners could store by keys (its
// partners without Revs, Confidence and Activity, which only such rows
// leave out, and every float finite): appendPartnerRow writes those, and
// Marshal any other.
func coChangeJSON(b []byte, row CoChangeRow) ([]byte, bool, error) {
	plain := row.Revs >= 0 && row.Revs <= math.MaxInt32
	for _, p := range row.Partners {
		if p.Revs != 0 || p.Confidence != 0 || p.Activity != 0 || math.IsInf(p.Strength, 0) || math.IsNaN(p.Strength) {
			plain = false
			break
		}
	}
	if plain {
		return appendPartnerRow(b, row), true, nil
	}
	data, err := json.Marshal(row)
	return append(b, data...), false, err
}

// appendPartnerRow appends the row as json.Marshal writes it (readers of
// all 11,500 rows of spring-boot spent most of their decoding in
// Marshal's reflection): PackPartners stores only rows that Marshal
// writes back as they were given, and rows decoded here have no Revs,
// Confidence or Activity, so only the fields below are written, in
// Marshal's order; paths and floats as Marshal writes them
// (appendJSONString, appendJSONFloat).
func appendPartnerRow(b []byte, row CoChangeRow) []byte {
	b = append(b, '{')
	if row.Revs != 0 {
		b = strconv.AppendInt(append(b, `"revs":`...), int64(row.Revs), 10)
	}
	if len(row.Partners) > 0 {
		if row.Revs != 0 {
			b = append(b, ',')
		}
		b = append(b, `"partners":[`...)
		for i, p := range row.Partners {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(append(b, `{"Path":`...), p.Path)
			b = strconv.AppendInt(append(b, `,"Count":`...), int64(p.Count), 10)
			b = append(b, `,"Confidence":0`...)
			if p.Strength != 0 {
				b = appendJSONFloat(append(b, `,"Strength":`...), p.Strength)
			}
			if p.Last != 0 {
				b = strconv.AppendInt(append(b, `,"Last":`...), p.Last, 10)
			}
			b = appendJSONString(append(b, `,"Reason":`...), p.Reason)
			for _, f := range []struct {
				key string
				v   int
			}{{`,"Sweeps":`, p.Sweeps}, {`,"Bots":`, p.Bots}, {`,"Releases":`, p.Releases}} {
				if f.v != 0 {
					b = strconv.AppendInt(append(b, f.key...), int64(f.v), 10)
				}
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendJSONString appends s as json.Marshal writes a string: a string
// of printable ASCII without the characters it escapes as it is, any
// other through Marshal itself.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	return append(append(append(b, '"'), s...), '"')
}

// appendJSONFloat appends f as json.Marshal writes a float64 (finite):
// the shortest decimal, in exponent form below 1e-6 and from 1e21 on,
// with an exponent of one digit unpadded.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-07 becomes e-7, as Marshal writes it.
		if n := len(b) - start; n >= 4 && b[len(b)-4] == 'e' && b[len(b)-3] == '-' && b[len(b)-2] == '0' {
			b[len(b)-2] = b[len(b)-1]
			b = b[:len(b)-1]
		}
	}
	return b
}

// CoChangeRevs is the revs of a stored co-change row of the node named
// name (its data as result_rows holds it): read from a row by keys
// without its partners' names, from any other as JSON.
func CoChangeRevs(stored []byte, name string) (int, error) {
	if len(stored) > 0 && stored[0] == packPartners {
		body, err := partnerBody(stored)
		if err != nil {
			return 0, err
		}
		revs, _, _, err := partnerHead(body)
		return revs, err
	}
	data, err := UnpackResult(stored, name)
	if err != nil {
		return 0, err
	}
	var row struct {
		Revs int `json:"revs"`
	}
	if b := bytes.TrimLeft(data, " \t\r\n"); len(b) > 0 && b[0] == '[' {
		return 0, nil // the bare partner list of old: no revs
	}
	err = json.Unmarshal(data, &row)
	return row.Revs, err
}

// CoChangeData is the JSON of a stored co-change row of the node named
// name (its data as result_rows holds it), as the view results gives it,
// with nameOf(key) the path of a partner's node for a row by keys: a
// reader of every row that knows the file nodes' names spares the view's
// look-up of each partner.
func CoChangeData(stored []byte, name string, nameOf func(key int64) (string, bool)) ([]byte, error) {
	if len(stored) > 0 && stored[0] == packPartners {
		return UnpackPartners(stored, nameOf)
	}
	return UnpackResult(stored, name)
}

// partnerNames reads the names the view results gives partners_data:
// "key name" for each partner, joined by NUL (NULL: none); a name that is
// empty is of a node that is gone.
func partnerNames(v any) func(key int64) (string, bool) {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	}
	names := map[int64]string{}
	for s != "" {
		pair, rest, _ := strings.Cut(s, "\x00")
		s = rest
		k, name, _ := strings.Cut(pair, " ")
		key, err := strconv.ParseInt(k, 10, 64)
		if err == nil && name != "" {
			names[key] = name
		}
	}
	return func(key int64) (string, bool) { n, ok := names[key]; return n, ok }
}

// fileKeys are the keys of the file nodes, among those of paths, that
// exist.
func (t *Tx) fileKeys(paths []string) (map[string]int64, error) {
	keys := make([]int64, len(paths))
	for i, p := range paths {
		keys[i] = NodeKey(record.KindFile, p)
	}
	rows, err := t.Query("SELECT key FROM node_rows WHERE key IN (SELECT value FROM json_each(?)) AND kind = node_kind(?)", idJSON(keys), record.KindFile)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[int64]bool{}
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		have[k] = true
	}
	out := make(map[string]int64, len(paths))
	for i, p := range paths {
		if have[keys[i]] {
			out[p] = keys[i]
		}
	}
	return out, rows.Err()
}
