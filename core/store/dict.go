package store

import (
	"bytes"
	"compress/flate"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/cespare/xxhash/v2"
	sqlite3 "github.com/mattn/go-sqlite3"
)

// A store makes dictionaries from its own data where that data repeats
// words no fixed dictionary can know: the repository's paths, package and
// type names. The parse memo's facts have one (purpose "facts"; on
// spring-boot 10.7 MB packed one file at a time, about 9 with it), and
// each kind of result with enough rows one of its own ("result:KIND";
// spring-boot's co-change lists 3.7 MB with jsonDict, 2.2 with theirs).
// A dictionary is stored (table pack_dicts) and never changes. Rows
// packed with it (format 0x05) name it by its id, a hash of its bytes, so
// the dictionaries of every store a process opened sit side by side in
// one registry (dicts), which Unpack reads.
const (
	// dictSamples is how many values a dictionary is made from, and
	// dictPart how much of the start of each it takes: 32 KB, DEFLATE's
	// window.
	dictSamples = 64
	dictPart    = 512
)

// Purposes of dictionaries.
const dictFacts = "facts"

func resultDict(kind string) string { return "result:" + kind }

type storeDict struct {
	id      int64
	data    []byte
	writers sync.Pool
}

var dicts sync.Map // DictID -> *storeDict

// DictID is a dictionary's id: a 64-bit hash of its bytes.
func DictID(dict []byte) int64 { return int64(xxhash.Sum64(dict)) }

// MakeDict makes a dictionary from samples of the values it is to pack:
// the start of each (where a file's facts name its package and imports,
// and a result its path). Nil for fewer than dictSamples samples.
func MakeDict(samples [][]byte) []byte {
	if len(samples) < dictSamples {
		return nil
	}
	var dict []byte
	for _, s := range samples[:dictSamples] {
		dict = append(dict, s[:min(len(s), dictPart)]...)
	}
	return dict
}

// registerDict makes dict known to Unpack and returns it as registered.
func registerDict(dict []byte) *storeDict {
	id := DictID(dict)
	if d, ok := dicts.Load(id); ok {
		return d.(*storeDict)
	}
	d := &storeDict{id: id, data: bytes.Clone(dict)}
	d.writers.New = func() any {
		w, err := flate.NewWriterDict(nil, flate.DefaultCompression, d.data)
		if err != nil {
			panic(err)
		}
		return w
	}
	got, _ := dicts.LoadOrStore(id, d)
	return got.(*storeDict)
}

// PackDict is Pack with a store's dictionary (format 0x05: the format
// byte, the dictionary's id in 8 bytes big-endian, the payload). Data that
// DEFLATE does not shorten is kept as it is (0x00).
func PackDict(data, dict []byte) []byte {
	d := registerDict(dict)
	head := make([]byte, 9)
	head[0] = packDict
	binary.BigEndian.PutUint64(head[1:], uint64(d.id))
	return packHead(data, &d.writers, head)
}

// PackResultDict is PackResult with a store's dictionary for the rest
// (PackDict); without one (nil or empty) it is PackResult.
func PackResultDict(data []byte, name string, dict []byte) []byte {
	if len(dict) == 0 {
		return PackResult(data, name)
	}
	if i, ok := namedAt(data, name); ok {
		rest := make([]byte, 0, len(data)-len(name)-3)
		rest = append(append(rest, data[:i]...), data[i+len(name)+3:]...)
		return append([]byte{packNamed}, PackDict(rest, dict)...)
	}
	return PackDict(data, dict)
}

// repackDict packs a packed value again with dict, a result without its
// node's name (0x04) staying so. A value packed with a store dictionary
// already passes through, so a migration can run again.
func repackDict(packed, dict []byte) ([]byte, error) {
	if len(packed) > 0 && packed[0] == packNamed {
		rest, err := repackDict(packed[1:], dict)
		if err != nil {
			return nil, err
		}
		return append([]byte{packNamed}, rest...), nil
	}
	if len(packed) > 0 && packed[0] == packDict {
		return packed, nil
	}
	data, err := Unpack(packed)
	if err != nil {
		return nil, err
	}
	return PackDict(data, dict), nil
}

// dictOf is the dictionary a value of format 0x05 was packed with. One
// that is not registered yet was made by another process after this one
// opened its stores: they are read again.
func dictOf(packed []byte) ([]byte, error) {
	if len(packed) < 9 {
		return nil, fmt.Errorf("%w: a dictionary's id cut short", ErrPacked)
	}
	id := int64(binary.BigEndian.Uint64(packed[1:9]))
	if d, ok := dicts.Load(id); ok {
		return d.(*storeDict).data, nil
	}
	reloadDicts()
	if d, ok := dicts.Load(id); ok {
		return d.(*storeDict).data, nil
	}
	return nil, fmt.Errorf("%w: dictionary %016x is in no open store", ErrPacked, uint64(id))
}

// openPaths counts the stores open at each path, for reloadDicts.
var (
	openMu    sync.Mutex
	openPaths = map[string]int{}
)

func addOpenPath(path string) {
	openMu.Lock()
	openPaths[path]++
	openMu.Unlock()
}

func removeOpenPath(path string) {
	openMu.Lock()
	if openPaths[path]--; openPaths[path] <= 0 {
		delete(openPaths, path)
	}
	openMu.Unlock()
}

// reloadDicts reads the dictionaries of every open store again, each on a
// connection of its own (Unpack may run inside a query of any of the
// store's connections). Errors leave the dictionary unknown, which
// Unpack reports.
func reloadDicts() {
	openMu.Lock()
	paths := make([]string, 0, len(openPaths))
	for p := range openPaths {
		paths = append(paths, p)
	}
	openMu.Unlock()
	for _, p := range paths {
		db, err := sql.Open(driverName, dsn(p, true))
		if err != nil {
			continue
		}
		_ = loadDicts(db)
		db.Close()
	}
}

// loadDicts makes a store's packing dictionaries known to Unpack. A store
// whose schema has no table of them yet has none.
func loadDicts(db *sql.DB) error {
	rows, err := db.Query("SELECT dict FROM pack_dicts")
	if err != nil {
		var exists int
		if db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'pack_dicts'").Scan(&exists) == nil && exists == 0 {
			return nil
		}
		return fmt.Errorf("packing dictionaries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var dict []byte
		if err := rows.Scan(&dict); err != nil {
			return fmt.Errorf("packing dictionaries: %w", err)
		}
		registerDict(dict)
	}
	return rows.Err()
}

// dictFor is the store's dictionary for purpose, nil while it has none.
// A store without one makes it from the first dictSamples values it packs
// for the purpose (each given here as sample; MakeDict), then repack
// packs again the rows written before it.
func (t *Tx) dictFor(purpose string, sample []byte, repack func(dict []byte) error) ([]byte, error) {
	dict, err := t.dict(purpose)
	if err != nil || dict != nil {
		return dict, err
	}
	s := t.s
	if s.dictSamples == nil {
		s.dictSamples = map[string][][]byte{}
	}
	// Samples stay once there are enough: a transaction that made the
	// dictionary and rolled back makes the same one again.
	if len(s.dictSamples[purpose]) < dictSamples {
		s.dictSamples[purpose] = append(s.dictSamples[purpose], bytes.Clone(sample[:min(len(sample), dictPart)]))
	}
	made := MakeDict(s.dictSamples[purpose])
	if made == nil {
		return nil, nil
	}
	if _, err := t.Exec("INSERT INTO pack_dicts (purpose, id, dict) VALUES (?, ?, ?)", purpose, DictID(made), made); err != nil {
		return nil, fmt.Errorf("dictionary %s: %w", purpose, err)
	}
	registerDict(made)
	if err := repack(made); err != nil {
		return nil, fmt.Errorf("dictionary %s: %w", purpose, err)
	}
	t.dicts[purpose] = made
	return made, nil
}

// dict is the store's dictionary for purpose, nil while it has none; read
// once a transaction.
func (t *Tx) dict(purpose string) ([]byte, error) {
	if d, ok := t.dicts[purpose]; ok {
		return d, nil
	}
	var d []byte
	err := t.QueryRow("SELECT dict FROM pack_dicts WHERE purpose = ?", purpose).Scan(&d)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("dictionary %s: %w", purpose, err)
	}
	if d != nil {
		registerDict(d)
	}
	if t.dicts == nil {
		t.dicts = map[string][]byte{}
	}
	t.dicts[purpose] = d
	return d, nil
}

// registerDictFuncs gives SQL the dictionaries: dict_sample(data) is the
// aggregate MakeDict of the values given (NULL for too few),
// repack_dict(packed, dict) is repackDict (a NULL dict passes the value
// through), result_pack_dict(data, name, dict) is PackResultDict, and
// dict_id(dict) is DictID.
func registerDictFuncs(c *sqlite3.SQLiteConn) error {
	if err := c.RegisterAggregator("dict_sample", func() *dictSampler { return &dictSampler{} }, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("repack_dict", func(packed []byte, dict any) ([]byte, error) {
		d, _ := dict.([]byte)
		if len(d) == 0 {
			return packed, nil
		}
		return repackDict(packed, d)
	}, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("result_pack_dict", func(data, name, dict any) ([]byte, error) {
		s, _ := name.(string)
		dd, _ := dict.([]byte)
		switch d := data.(type) {
		case []byte:
			return PackResultDict(d, s, dd), nil
		case string:
			return PackResultDict([]byte(d), s, dd), nil
		}
		return nil, fmt.Errorf("result_pack_dict: %T is not data", data)
	}, true); err != nil {
		return err
	}
	return c.RegisterFunc("dict_id", DictID, true)
}

// dictSampler is the SQL aggregate dict_sample.
type dictSampler struct{ samples [][]byte }

func (a *dictSampler) Step(data []byte) {
	if len(a.samples) < dictSamples {
		a.samples = append(a.samples, bytes.Clone(data[:min(len(data), dictPart)]))
	}
}

func (a *dictSampler) Done() []byte { return MakeDict(a.samples) }
