package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// A file's behaviour row (behavior.File as JSON) is mostly numbers and
// its authors: on spring-boot the 11,746 rows took 2.17 MB packed as JSON,
// the key of every field and every digit of its times DEFLATEd row by row.
// Since schema 39 a row is stored by its fields (format 0x09,
// PackBehaviour): numbers as varints, each time of the last year's changes
// as the distance from the one before, the authors' ids and the floats as
// their text; the whole DEFLATEd with the result dictionary and the file's
// path, as any result is. The view results, and UnpackResult, give the
// JSON back as it was written, so every reader reads what it read before;
// the digest stays the JSON's. Only a row that reads back through this
// byte for byte, whose path is its node's name, is stored so: any other
// stays JSON.

// BehaviourKind is the kind of result stored by its fields.
const BehaviourKind = "behavior"

// behaviourRow mirrors a behaviour row (behavior.File) as written: a row
// is stored by its fields only when it reads back through this, field for
// field, as the bytes given, so a field the row gains is never lost: such
// rows are stored as JSON until this learns it.
type behaviourRow struct {
	Path                             string
	Changes                          int
	Changes30, Changes90, Changes365 int
	Percentile                       float64
	Authors                          []behaviourAuthor
	BusFactor                        int
	FirstChanged, LastChanged        int64
	Added, Deleted                   int
	NetGrowth30, NetGrowth90         int
	Monthly                          []int
	Slope                            float64
	Trend                            string
	Weighted                         float64
	Burst                            *behaviourBurst `json:",omitempty"`
	Recent                           [][2]int64      `json:",omitempty"`
}

type behaviourAuthor struct {
	Author  string
	Changes int
}

type behaviourBurst struct {
	Changes    int
	Start, End int64
}

// PackBehaviour packs a behaviour row (JSON) of the node named name by
// its fields (format 0x09); false when the row is of another form, or
// names another path (nothing a reader could read back byte for byte).
//
// After the format byte, as packPrimedBy leaves it (0x05 and DEFLATE
// primed with the result dictionary and name, or 0x00 and the bytes
// themselves): Changes, Changes30, Changes90, Changes365 as varints; the
// percentile as a float (below); the number of authors plus one (0 for
// null) as a uvarint, and each author's id (its length, then its bytes)
// and changes; BusFactor, FirstChanged, LastChanged less FirstChanged,
// Added, Deleted, NetGrowth30 and NetGrowth90 as varints; the months'
// count plus one (0 for null) and each month's; the slope; the trend
// (its length, then its bytes); the weighted count; a byte saying whether
// a burst follows, then its changes, its start less FirstChanged and its
// end less its start; the number of recent changes, then each one's time
// less the time before it (LastChanged for the first) and its net lines.
// A float is the shortest decimal that reads back as it, after its
// length (none for 0).
func PackBehaviour(data []byte, name string) ([]byte, bool) {
	var row behaviourRow
	if err := json.Unmarshal(data, &row); err != nil || name == "" || row.Path != name {
		return nil, false
	}
	body := appendBehaviourBody(nil, &row)
	back, err := behaviourJSON(body, name)
	if err != nil || !bytes.Equal(back, data) {
		return nil, false
	}
	return append([]byte{packBehaviour}, packPrimedBy(body, &dictWriters, name, packPrimed)...), true
}

func appendBehaviourBody(b []byte, r *behaviourRow) []byte {
	varints := func(vs ...int64) {
		for _, v := range vs {
			b = binary.AppendVarint(b, v)
		}
	}
	text := func(s string) {
		b = append(binary.AppendUvarint(b, uint64(len(s))), s...)
	}
	float := func(f float64) {
		if f == 0 && !math.Signbit(f) {
			text("")
			return
		}
		text(strconv.FormatFloat(f, 'g', -1, 64))
	}
	varints(int64(r.Changes), int64(r.Changes30), int64(r.Changes90), int64(r.Changes365))
	float(r.Percentile)
	if r.Authors == nil {
		b = append(b, 0)
	} else {
		b = binary.AppendUvarint(b, uint64(len(r.Authors))+1)
		for _, a := range r.Authors {
			text(a.Author)
			varints(int64(a.Changes))
		}
	}
	varints(int64(r.BusFactor), r.FirstChanged, r.LastChanged-r.FirstChanged, int64(r.Added), int64(r.Deleted), int64(r.NetGrowth30), int64(r.NetGrowth90))
	if r.Monthly == nil {
		b = append(b, 0)
	} else {
		b = binary.AppendUvarint(b, uint64(len(r.Monthly))+1)
		for _, m := range r.Monthly {
			varints(int64(m))
		}
	}
	float(r.Slope)
	text(r.Trend)
	float(r.Weighted)
	if r.Burst == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		varints(int64(r.Burst.Changes), r.Burst.Start-r.FirstChanged, r.Burst.End-r.Burst.Start)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Recent)))
	prev := r.LastChanged
	for _, c := range r.Recent {
		varints(c[0]-prev, c[1])
		prev = c[0]
	}
	return b
}

// behaviourReader reads a body appendBehaviourBody wrote; the first
// error stops it.
type behaviourReader struct {
	b   []byte
	err error
}

func (r *behaviourReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = fmt.Errorf("%w: a behaviour row's number", ErrPacked)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *behaviourReader) count() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	// Each element takes a byte at least: a count beyond what is left is
	// no row's.
	if n <= 0 || v > uint64(len(r.b)-n)+1 {
		r.err = fmt.Errorf("%w: a behaviour row's count", ErrPacked)
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *behaviourReader) text() string {
	l := r.count()
	if r.err != nil {
		return ""
	}
	// A row stored so read back as JSON byte for byte: its texts are
	// valid UTF-8 (JSON would have replaced any other).
	if l > len(r.b) || !utf8.Valid(r.b[:l]) {
		r.err = fmt.Errorf("%w: a behaviour row's text", ErrPacked)
		return ""
	}
	s := string(r.b[:l])
	r.b = r.b[l:]
	return s
}

func (r *behaviourReader) float() float64 {
	s := r.text()
	if r.err != nil || s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		r.err = fmt.Errorf("%w: a behaviour row's float %q", ErrPacked, s)
	}
	return f
}

func (r *behaviourReader) byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.err = fmt.Errorf("%w: a behaviour row ends early", ErrPacked)
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// behaviourJSON gives back the JSON of a body appendBehaviourBody wrote
// for the node named name.
func behaviourJSON(body []byte, name string) ([]byte, error) {
	r := behaviourReader{b: body}
	row := behaviourRow{Path: name}
	row.Changes, row.Changes30, row.Changes90, row.Changes365 = int(r.varint()), int(r.varint()), int(r.varint()), int(r.varint())
	row.Percentile = r.float()
	if n := r.count(); n > 0 {
		row.Authors = make([]behaviourAuthor, n-1)
		for i := range row.Authors {
			row.Authors[i].Author = r.text()
			row.Authors[i].Changes = int(r.varint())
		}
	}
	row.BusFactor, row.FirstChanged = int(r.varint()), r.varint()
	row.LastChanged = row.FirstChanged + r.varint()
	row.Added, row.Deleted, row.NetGrowth30, row.NetGrowth90 = int(r.varint()), int(r.varint()), int(r.varint()), int(r.varint())
	if n := r.count(); n > 0 {
		row.Monthly = make([]int, n-1)
		for i := range row.Monthly {
			row.Monthly[i] = int(r.varint())
		}
	}
	row.Slope = r.float()
	row.Trend = r.text()
	row.Weighted = r.float()
	switch r.byte() {
	case 0:
	case 1:
		bu := behaviourBurst{Changes: int(r.varint())}
		bu.Start = row.FirstChanged + r.varint()
		bu.End = bu.Start + r.varint()
		row.Burst = &bu
	default:
		if r.err == nil {
			r.err = fmt.Errorf("%w: a behaviour row's burst", ErrPacked)
		}
	}
	if n := r.count(); n > 0 {
		row.Recent = make([][2]int64, n)
		prev := row.LastChanged
		for i := range row.Recent {
			row.Recent[i][0] = prev + r.varint()
			row.Recent[i][1] = r.varint()
			prev = row.Recent[i][0]
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after a behaviour row", ErrPacked, len(r.b))
	}
	return appendBehaviourRow(make([]byte, 0, 400+32*len(row.Authors)+24*len(row.Recent)), &row), nil
}

// appendBehaviourRow appends the row as json.Marshal writes it (a reader
// of every row, as the model's read is, would spend most of its decoding
// in Marshal's reflection): the fields in Marshal's order, strings and
// floats as Marshal writes them (appendJSONString, appendJSONFloat).
func appendBehaviourRow(b []byte, r *behaviourRow) []byte {
	num := func(key string, v int64) {
		b = strconv.AppendInt(append(b, key...), v, 10)
	}
	b = appendJSONString(append(b, `{"Path":`...), r.Path)
	num(`,"Changes":`, int64(r.Changes))
	num(`,"Changes30":`, int64(r.Changes30))
	num(`,"Changes90":`, int64(r.Changes90))
	num(`,"Changes365":`, int64(r.Changes365))
	b = appendJSONFloat(append(b, `,"Percentile":`...), r.Percentile)
	b = append(b, `,"Authors":`...)
	if r.Authors == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, a := range r.Authors {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(append(b, `{"Author":`...), a.Author)
			num(`,"Changes":`, int64(a.Changes))
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	num(`,"BusFactor":`, int64(r.BusFactor))
	num(`,"FirstChanged":`, r.FirstChanged)
	num(`,"LastChanged":`, r.LastChanged)
	num(`,"Added":`, int64(r.Added))
	num(`,"Deleted":`, int64(r.Deleted))
	num(`,"NetGrowth30":`, int64(r.NetGrowth30))
	num(`,"NetGrowth90":`, int64(r.NetGrowth90))
	b = append(b, `,"Monthly":`...)
	if r.Monthly == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, m := range r.Monthly {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(m), 10)
		}
		b = append(b, ']')
	}
	b = appendJSONFloat(append(b, `,"Slope":`...), r.Slope)
	b = appendJSONString(append(b, `,"Trend":`...), r.Trend)
	b = appendJSONFloat(append(b, `,"Weighted":`...), r.Weighted)
	if r.Burst != nil {
		num(`,"Burst":{"Changes":`, int64(r.Burst.Changes))
		num(`,"Start":`, r.Burst.Start)
		num(`,"End":`, r.Burst.End)
		b = append(b, '}')
	}
	if len(r.Recent) > 0 {
		b = append(b, `,"Recent":[`...)
		for i, c := range r.Recent {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(append(b, '['), c[0], 10)
			b = append(strconv.AppendInt(append(b, ','), c[1], 10), ']')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// unpackBehaviour gives back the JSON of a row PackBehaviour packed for
// the node named name.
func unpackBehaviour(packed []byte, name string) ([]byte, error) {
	if len(packed) < 2 || packed[0] != packBehaviour || packed[1] != packPrimed && packed[1] != packRaw {
		return nil, fmt.Errorf("%w: not a behaviour row by its fields", ErrPacked)
	}
	body, err := UnpackResult(packed[1:], name)
	if err != nil {
		return nil, err
	}
	return behaviourJSON(body, name)
}
