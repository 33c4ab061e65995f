package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// A file's metrics row lists the tests that cover it by their whole
// paths (tested_by, tested_indirectly_by): on spring-boot 29,300 paths,
// 4.0 MB of the rows' JSON and a third of the 1.56 MB they took packed.
// Since schema 51 a row whose listed tests are all file nodes is stored
// with each named by its node's key instead (format 0x0d,
// PackMetricsByKeys), as a co-change row names its partners (0x08): the
// key, a hash of the path, names the same file in every store, so an
// update's rows are an init's, byte for byte. The view results gives the
// row back as the JSON it was written as (metrics_data, given the tests'
// names looked up by key); a test whose node is gone is left out of its
// list, as a partner is. The digest stays that of the JSON.

// testLists are the members of a metrics row that list tests, in the
// order their keys are stored.
var testLists = [...]string{`"tested_by":`, `"tested_indirectly_by":`}

// metricsTests are the lists of testLists, as a metrics row holds them.
type metricsTests struct {
	TestedBy           []string `json:"tested_by"`
	TestedIndirectlyBy []string `json:"tested_indirectly_by"`
}

// MetricsTests are the paths a metrics row (JSON) lists as its tests, in
// the order PackMetricsByKeys stores their keys; nil for a row that lists
// none or is not an object.
func MetricsTests(data []byte) []string {
	var lists metricsTests
	if json.Unmarshal(data, &lists) != nil {
		return nil
	}
	return append(lists.TestedBy, lists.TestedIndirectlyBy...)
}

// PackMetricsByKeys packs the metrics row (JSON) of the file named name
// with each test it lists named by keyOf(path), the key of its file node
// (format 0x0d); false when it lists no test, a test has no node
// (keyOf's false), the row would not read back byte for byte, or it
// would not be shorter than PackMetrics makes it.
//
// After the format byte: the length of each list of testLists as
// uvarints, each test's key (8 bytes, little-endian), then the row with
// those lists left empty ([]) packed as PackMetrics packs it.
func PackMetricsByKeys(data []byte, name string, keyOf func(path string) (int64, bool)) ([]byte, bool) {
	var lists metricsTests
	if json.Unmarshal(data, &lists) != nil {
		return nil, false
	}
	listed := [len(testLists)][]string{lists.TestedBy, lists.TestedIndirectlyBy}
	if len(listed[0])+len(listed[1]) == 0 {
		return nil, false
	}
	b := []byte{packMetricsByKeys}
	for _, l := range listed {
		b = binary.AppendUvarint(b, uint64(len(l)))
	}
	for _, l := range listed {
		for _, p := range l {
			k, ok := keyOf(p)
			if !ok {
				return nil, false
			}
			b = binary.LittleEndian.AppendUint64(b, uint64(k))
		}
	}
	rest := data
	for i, l := range listed {
		if len(l) == 0 {
			continue
		}
		whole := appendStringList(append([]byte(nil), testLists[i]...), l)
		at := bytes.Index(rest, whole)
		if at < 0 {
			return nil, false
		}
		emptied := make([]byte, 0, len(rest)-len(whole)+len(testLists[i])+2)
		emptied = append(append(append(emptied, rest[:at+len(testLists[i])]...), "[]"...), rest[at+len(whole):]...)
		rest = emptied
	}
	// What a reader makes of it: the lists filled in again, where the
	// reader finds them.
	back, err := fillTests(rest, listed)
	if err != nil || !bytes.Equal(back, data) {
		return nil, false
	}
	// Where the tests' paths are near the file's own (a test beside its
	// source, as most of prometheus's are), DEFLATE primed with the name
	// takes each in fewer bytes than its key: the row stays as
	// PackMetrics packs it.
	packed := append(b, PackMetrics(rest, name)...)
	if len(packed) >= len(PackMetrics(data, name)) {
		return nil, false
	}
	return packed, true
}

// metricsKeysHead reads the lists' lengths and the keys of a row
// PackMetricsByKeys packed, and where the packed row begins.
func metricsKeysHead(packed []byte) (counts [len(testLists)]int, keys []int64, rest []byte, err error) {
	if len(packed) == 0 || packed[0] != packMetricsByKeys {
		return counts, nil, nil, fmt.Errorf("%w: not a metrics row by keys", ErrPacked)
	}
	rest = packed[1:]
	total := 0
	for i := range counts {
		c, n := binary.Uvarint(rest)
		if n <= 0 || c > uint64(len(rest)-n)/8 {
			return counts, nil, nil, fmt.Errorf("%w: a metrics row's tests", ErrPacked)
		}
		rest = rest[n:]
		counts[i] = int(c)
		total += int(c)
	}
	if total > len(rest)/8 {
		return counts, nil, nil, fmt.Errorf("%w: a metrics row's tests", ErrPacked)
	}
	keys = make([]int64, total)
	for i := range keys {
		keys[i] = int64(binary.LittleEndian.Uint64(rest[8*i:]))
	}
	return counts, keys, rest[8*total:], nil
}

// MetricsKeys are the keys of the tests a row PackMetricsByKeys packed
// lists, in order.
func MetricsKeys(packed []byte) ([]int64, error) {
	_, keys, _, err := metricsKeysHead(packed)
	return keys, err
}

// UnpackMetricsByKeys gives back the JSON of the metrics row of the file
// named name that PackMetricsByKeys packed, with nameOf(key) the path of
// a test's node; a test without one (its node is gone) is left out.
func UnpackMetricsByKeys(packed []byte, name string, nameOf func(key int64) (string, bool)) ([]byte, error) {
	counts, keys, rest, err := metricsKeysHead(packed)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 && rest[0] == packMetricsByKeys {
		return nil, fmt.Errorf("%w: a metrics row by keys within another", ErrPacked)
	}
	row, err := UnpackResult(rest, name)
	if err != nil {
		return nil, err
	}
	var listed [len(testLists)][]string
	for i, c := range counts {
		for _, k := range keys[:c] {
			if p, ok := nameOf(k); ok {
				listed[i] = append(listed[i], p)
			}
		}
		if listed[i] == nil && c > 0 {
			listed[i] = []string{}
		}
		keys = keys[c:]
	}
	return fillTests(row, listed)
}

// fillTests puts each non-nil list of listed in place of the first empty
// list ([]) of its member in row.
func fillTests(row []byte, listed [len(testLists)][]string) ([]byte, error) {
	for i, l := range listed {
		if l == nil {
			continue
		}
		empty := append([]byte(testLists[i]), "[]"...)
		at := bytes.Index(row, empty)
		if at < 0 {
			return nil, fmt.Errorf("%w: a metrics row without its list %s", ErrPacked, testLists[i])
		}
		filled := make([]byte, 0, len(row)+100*len(l))
		filled = appendStringList(append(filled, row[:at+len(testLists[i])]...), l)
		row = append(filled, row[at+len(empty):]...)
	}
	return row, nil
}

// appendStringList appends l as json.Marshal writes a list of strings.
func appendStringList(b []byte, l []string) []byte {
	b = append(b, '[')
	for i, s := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}
