package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"
	kflate "github.com/klauspost/compress/flate"
	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/homer-dev/homer/core/record"
)

// Where volume is, the store keeps bytes compressed: analysis results (the
// render model and per-file JSON), the parse memo's facts, large memos.
// A packed value is one format byte and the payload:
//
//	0x00  the data as it is (short values, which DEFLATE would lengthen)
//	0x01  DEFLATE (RFC 1951) of the data
//	0x02  DEFLATE of JSON data with jsonDict as the preset dictionary
//	0x03  DEFLATE of prose (commit messages) with textDict as the preset
//	      dictionary (PackText)
//	0x04  a result whose first member's value is its node's name, with the
//	      name left out: then the rest packed (PackResult), as 0x02 or
//	      0x05
//	0x05  DEFLATE of a result with jsonDict and then its node's name as the
//	      preset dictionary (PackResult)
//	0x06  DEFLATE of a file's parse facts with its path as the preset
//	      dictionary (PackFacts)
//	0x07  where a file's parse facts lie in a pack of several files'
//	      (parse_packs, since schema 30): the pack's id, then the offset
//	      and the length of the facts in the pack's unpacked data, as
//	      uvarints (FactsInPack reads them)
//	0x08  a co-change row with its partners named by their file nodes'
//	      keys (since schema 34, PackPartners; the view results gives it
//	      back as JSON, looking the names up)
//	0x09  a behaviour row by its fields (since schema 39, PackBehaviour:
//	      then the fields packed as 0x05 or 0x00; UnpackResult, told the
//	      node's name, gives the JSON back)
//	0x0a  an entity or centrality row by its fields (since schema 48,
//	      PackScores: then the fields packed as 0x05 or 0x00; UnpackResult,
//	      told the node's name, gives the JSON back)
//	0x0b  DEFLATE of a file's metrics row with metricsDict and then its
//	      node's name as the preset dictionary (since schema 49,
//	      PackMetrics; also within 0x04)
//	0x0c  a source row by its fields (since schema 50, PackSource; Unpack
//	      gives the JSON back)
//	0x0d  a file's metrics row with the tests it lists named by their
//	      file nodes' keys (since schema 51, PackMetricsByKeys: then the
//	      row without them packed as 0x0b; the view results gives it back
//	      as JSON, looking the names up)
//	0x0e  a file's centrality row with its dependents named by their file
//	      nodes' keys (since schema 52, PackCentralityByKeys: then the row's
//	      fields as 0x0a holds them, packed as 0x05 or 0x00; the view
//	      results gives it back as JSON, looking the names up)
//
// 0x05 and 0x06 are read only with the name given again: what a result
// or a file's facts hold of other paths and names often shares a prefix
// or a word with their own (on spring-boot the results take 1.4 MB less,
// the facts 0.35 MB).
//
// The format byte lets a later encoding sit beside these without a
// migration of every row.
const (
	packRaw       = 0x00
	packDeflate   = 0x01
	packJSONDict  = 0x02
	packTextDict  = 0x03
	packNamed     = 0x04
	packPrimed    = 0x05
	packPath      = 0x06
	packInPack    = 0x07
	packPartners  = 0x08
	packBehaviour = 0x09
	packScores    = 0x0a
	packMetrics   = 0x0b
	packSource    = 0x0c
	// packMetricsByKeys is 0x0d (PackMetricsByKeys).
	packMetricsByKeys = 0x0d
	// packCentralityByKeys is 0x0e (PackCentralityByKeys).
	packCentralityByKeys = 0x0e
)

// jsonDict primes DEFLATE for the JSON results (one row of each per-file
// and per-definition kind, its values made up): a result of a few hundred
// bytes repeats few of its keys within itself, and the dictionary gives
// them. On spring-boot the packed JSON results take 18.0 MB with it and
// 24.3 MB without (zlib's level 6, the same DEFLATE). Rows written with it
// need exactly these bytes to be read: it never changes; a better one is a
// new format byte. It names no language (core names none).
const jsonDict = `{"lines":123,"definitions":11,"exported":11,"documented":11,"language":"","is_test":false,"test_role":"src/main/"}` +
	`{"pagerank":0.099,"betweenness":0,"salience":0.0693,"callers":7,"callees":0,"top_callers":["src/main/","src/main/"]}` +
	`{"pagerank":0.0141,"betweenness":0,"authority":0,"hub":0,"fan_in":10,"fan_out":0,"dependents":[{"path":"src/main/","weight":12,"count":12},{"path":"src/main/","weight":8,"count":8}]}` +
	`[{"Path":"src/main/","Count":59,"Revs":131,"Confidence":0.4957983193277311,"Strength":19.193250841,"Last":1738058966,"Reason":"history","Activity":3.087689711},{"Path":"src/main/","Count":18,"Revs":23,"Confidence":0.27692307692307694,"Strength":2.068439893,"Last":1757509303,"Reason":"history","Sweeps":1,"Activity":1.735269749}]` +
	`{"Path":"src/main/","Changes":98,"Changes30":0,"Changes90":1,"Changes365":4,"Percentile":0.9921821889870837,"Authors":[{"Author":"src/main/","Changes":11},{"Author":"src/main/","Changes":9}],"BusFactor":18,"FirstChanged":1395036012,"LastChanged":1784103921,"Added":621,"Deleted":505,"NetGrowth30":0,"NetGrowth90":0,"Monthly":[0,0],"Slope":-0.020979020979020973,"Trend":"stable","Weighted":7.995517819339367}` +
	`{"path":"src/main/","language":"","lines":111,"is_test":false,"changes":4,"changes_30d":0,"changes_90d":0,"changes_365d":0,"change_percentile":0.234,"bus_factor":3,"authors":["src/main/","src/main/"],"last_changed":1750464758,"trend":"quiescent","pagerank":0.0065,"betweenness":0,"authority":0,"hub":0,"fan_in":4,"fan_out":3,"dependents":[{"path":"src/main/","weight":5,"count":5},{"path":"src/main/","weight":3,"count":3}],"tested_by":null,"tested_indirectly_by":["src/main/"],"co_changes":[{"path":"src/main/","weight":0.00019462826002335538,"count":1,"revs":10273,"last":1705332029,"reason":"history"},{"path":"src/main/","weight":0.35294117647058826,"count":3,"revs":14,"last":1738583038,"reason":"history"}],"salience":0.0722,"class":"background","risk":{"score":0.315217,"level":"low","reasons":null,"recommendations":null}}`

// textDict primes DEFLATE for commit messages (PackText): a message of a
// few lines repeats little within itself, and the words and trailers of
// commit messages in general are given here (on spring-boot the messages
// take 3.3 MB with it, 4.5 MB without, 5.7 MB as they are). The most
// common come last, nearest to the data. Like jsonDict it never changes.
const textDict = " is not  are  was  be  to the  in the  on the  for the  of the  from the  with the  " +
	"when the  and the  that  this  it  by  as  an  at  if  or  no  so  into  instead of  " +
	"should  would  can  could  only  also  more  some  all  any  new  now  use  used  using  " +
	"make  allow  avoid  ensure  prevent  handle  support  improve  simplify  rename  move  " +
	"replace  extract  introduce  deprecate  document  documentation  readme  changelog  " +
	"release  version  versions  dependency  dependencies  upgrade  downgrade  bump  update  " +
	"updated  upgrade to  test  tests  testing  build  config  configuration  property  " +
	"properties  value  default  option  error  errors  issue  bug  typo  wrong  missing  " +
	"unused  incorrect  broken  failing  flaky  cleanup  clean up  refactor  polish  format  " +
	"formatting  lint  warning  warnings  example  examples  message  messages  check  checks  " +
	"type  types  file  files  method  methods  function  functions  class  classes  field  " +
	"fields  code  name  names  path  paths  support for  add support for  \n" +
	"Fix  Fixed  Fixes  Add  Added  Adds  Remove  Removed  Removes  Update  Updated  Updates  " +
	"Upgrade  Bump  Use  Make  Improve  Polish  Refactor  Rename  Move  Revert  Merge  Document  " +
	"Prepare  Release  Start building  Next development version\n" +
	"Revert \"\n" +
	"This reverts commit \n" +
	"Merge branch 'main' into \n" +
	"Merge branch 'master' into \n" +
	"Merge remote-tracking branch 'origin/\n" +
	"Merge pull request #\n" +
	" from \n" +
	"See gh-\n" +
	"Closes gh-\n" +
	"Fixes gh-\n" +
	"Fixes #\n" +
	"Closes #\n" +
	"Co-authored-by: \n" +
	"Reviewed-by: \n" +
	"Signed-off-by: \n"

// metricsDict primes DEFLATE for a file's metrics row (PackMetrics), in
// jsonDict's place: the words of the row's fields and classes, the risk
// verdict's reasons and recommendations as the risk analysis words them
// (their numbers made up), and last, nearest the data, a row as most are,
// with its path left out as PackMetrics leaves it, and the verdicts most
// rows give. The verdicts' prose was 2.2 of the 5.8 MB of the rows' JSON
// on spring-boot (4,000 rows give reasons), and jsonDict holds none of it:
// DEFLATEd row by row the rows take 1.57 MB with this, 2.37 with jsonDict.
// Like jsonDict it never changes; it names no language.
const metricsDict = `"class":"hot-critical","class":"critical-silo","class":"foundational-stable","trend":"stable","trend":"accelerating","trend":"decelerating",` +
	`"generated":true,"test_role":"declarations","tested_by":null,"co_changes":null,"risk":{"score":0,"level":"","reasons":null,"recommendations":null}}` +
	`"bus_factor":1,"last_changed":1700000000,"trend":"accelerating","pagerank":0.0001,"betweenness":0,"authority":0,"hub":0,"fan_in":0,"fan_out":0,` +
	`"tested_by":null,"test_role":"declarations","generated":true,"co_changes":null,"salience":0,"class":"",` +
	`"risk":{"score":0,"level":"","reasons":null,"recommendations":null}}` +
	`{"type":"high-centrality-untested","detail":"salience 0.61 (critical from 0.60) and no test is linked to it by name, imports or calls","weight":0.1},` +
	`{"type":"volatile-critical","detail":"salience 0.61; ","weight":0.1},` +
	`{"type":"undocumented-critical","detail":"salience 0.61; 1 of its 2 exported definitions have a doc comment","weight":0.1},` +
	`{"type":"central","detail":"salience 0.61 (critical from 0.60): the composite of how central, changed, owned, large and tested it is","weight":0.1}` +
	`{"type":"subject-fixes","detail":"tests src/main/ (score 0.50), and 2 of that file's 5 bug-fix commits changed this file too: ` +
	`the next fix there is likely to land here as well; 50% of the difference in score is added","weight":0.1}` +
	`"add tests before changing","have each change reviewed; consider stabilising its interface","document its purpose and contract",` +
	`"read its dependents and run their tests","spread knowledge: have a second person review changes",` +
	`"recently written in one go: review it as new code","find out why it changes so often; consider splitting it",` +
	`"bugs keep being fixed here: test the change's edge cases"]` +
	`{"type":"burst","detail":"10 of its 12 changes came in 3 days, 2020-01-01 to 2020-01-03: one piece of work, counted once; ` +
	`90th percentile of this repository's files by recency-weighted change","weight":0.1},` +
	`{"type":"frequent-changes","detail":"3 changes in the last 90 days, 10 in all; 99th percentile of this repository's files by recency-weighted change (half-life 1 year)","weight":0.1},` +
	`{"type":"past-fixes","detail":"4 of its 10 changes (40%) were commits whose subject line names a fix (fix, bug, hotfix or regression; ` +
	`not docs, chore, ci, test, style or build commits); 95th percentile of this repository's files by recency-weighted fixes (half-life 1 year), ` +
	`84th by share of fixes","weight":0.1},` +
	`{"type":"large","detail":"728 lines (33.1 KB), 99th percentile of size","weight":0.1}],"recommendations":["find out why it changes so often",` +
	`"mostly written in one go, 2020: read that work's commits for its design","bugs have been fixed here: test the change's edge cases",` +
	`"keep changes to it small; consider splitting it"]` +
	`{"type":"knowledge-silo","detail":"1 author covers 2 authors cover 25 of its 30 changes (83%; most by ","weight":0.1}],"recommendations":["pair with  or spread knowledge"]` +
	`{"type":"many-authors","detail":"16 authors made its 106 changes; 98th percentile of this repository's files by authors","weight":0.1}],` +
	`"recommendations":["many hands change it: ask one of its regular authors to review"]` +
	`"risk":{"score":0.5,"level":"medium","reasons":[{"type":"past-changes","detail":"changed often before, not lately: 0 changes in the last 90 days, 30 in all; ` +
	`92nd percentile of this repository's files by recency-weighted change (half-life 1 year)","weight":0.3}],"recommendations":["read its history before changing it",` +
	`"risk":{"score":0.549742,"level":"medium","reasons":[{"type":"knowledge-silo","detail":"1 author covers 5 of its 6 changes (83%; most by ","weight":0.0225}],"recommendations":["pair with  or spread knowledge"]}}` +
	`"risk":{"score":0.549742,"level":"medium","reasons":[{"type":"past-changes","detail":"changed often before, not lately: 0 changes in the last 90 days, 30 in all; 92nd percentile of this repository's files by recency-weighted change (half-life 1 year)","weight":0.33264},` +
	`{"type":"many-authors","detail":"16 authors made its 106 changes; 98th percentile of this repository's files by authors","weight":0.08901}],"recommendations":["read its history before changing it","many hands change it: ask one of its regular authors to review"]}}` +
	`"tested_indirectly_by":["src/test/","src/test/"],"class":"active-localized",` +
	`{"path":"language":"","lines":12,"is_test":false,"changes":4,"changes_30d":0,"changes_90d":0,"changes_365d":0,"change_percentile":0.23,"bus_factor":3,` +
	`"last_changed":1552378564,"trend":"quiescent","pagerank":0.0048,"betweenness":0,"authority":0,"hub":0,"fan_in":0,"fan_out":0,"tested_by":["src/test/"],` +
	`"test_role":"support","salience":0.0722,"class":"background","risk":{"score":0.315217,"level":"low","reasons":null,"recommendations":null}}`

// The writers are klauspost/compress's DEFLATE encoder at level 6, and
// so are the readers: what is written is DEFLATE with the same preset
// dictionaries as the standard library's writer wrote before, so stores
// written by either encoder read alike and nothing is migrated. The
// standard library's writer cleared 640 KB of hash tables at every reset,
// once per packed row, which was most of a short row's cost; this one's
// reset moves an offset instead.
// On spring-boot's 78,000 results it packs in 0.6× the CPU and 2% fewer
// bytes (BENCHMARKS.md, "ninth pass").
const packLevel = 6

func newWriter(dict string) *kflate.Writer {
	var w *kflate.Writer
	var err error
	if dict == "" {
		w, err = kflate.NewWriter(nil, packLevel)
	} else {
		w, err = kflate.NewWriterDict(nil, packLevel, []byte(dict))
	}
	if err != nil {
		panic(err) // only for an invalid level
	}
	return w
}

var (
	writers     = sync.Pool{New: func() any { return newWriter("") }}
	dictWriters = sync.Pool{New: func() any { return newWriter(jsonDict) }}
	// metricsWriters pack metrics rows (PackMetrics).
	metricsWriters = sync.Pool{New: func() any { return newWriter(metricsDict) }}
	textWriters    = sync.Pool{New: func() any { return newWriter(textDict) }}
)

// readers inflate with klauspost/compress's decoder, which reads a
// bytes.Reader without going through io.ByteReader's interface for every
// byte: spring-boot's parse memo (593 packs, 40 MB of facts) inflated in
// 0.21-0.47× the standard library's time (three runs each at load 20),
// to the same bytes.
var readers = sync.Pool{New: func() any { return kflate.NewReader(bytes.NewReader(nil)) }}

// The preset dictionaries as bytes, made once: a reader copies its
// dictionary in when reset and keeps no hold on it, so one copy serves
// every read (made per read, they were a copy of 2 KB for each of
// spring-boot's 62,000 commit messages in every update's history read).
// A result's dictionary, jsonDict and its node's name, is made in a buffer
// kept for the next.
var (
	jsonDictBytes = []byte(jsonDict)
	textDictBytes = []byte(textDict)
	primedDicts   = sync.Pool{New: func() any { return new([]byte) }}
)

// Pack compresses data for storage; Unpack gives it back. Data that
// DEFLATE does not shorten is kept as it is, behind its format byte.
func Pack(data []byte) []byte {
	pool, format := &writers, byte(packDeflate)
	if len(data) > 0 && (data[0] == '{' || data[0] == '[') {
		pool, format = &dictWriters, packJSONDict
	}
	return pack(data, pool, format)
}

// PackText is Pack for prose, commit messages: DEFLATE primed with
// textDict.
func PackText(data []byte) []byte { return pack(data, &textWriters, packTextDict) }

func pack(data []byte, pool *sync.Pool, format byte) []byte {
	var b bytes.Buffer
	b.Grow(len(data)/3 + 16)
	b.WriteByte(format)
	w := pool.Get().(*kflate.Writer)
	w.Reset(&b) // keeps the writer's dictionary
	// Writing to a bytes.Buffer fails only by running out of memory,
	// which panics.
	_, _ = w.Write(data)
	_ = w.Close()
	pool.Put(w)
	if b.Len() > len(data) { // the raw form would be no longer
		return rawPacked(data)
	}
	return b.Bytes()
}

func rawPacked(data []byte) []byte {
	raw := make([]byte, 1+len(data))
	raw[0] = packRaw
	copy(raw[1:], data)
	return raw
}

// packPrimedBy packs data with the dictionary of the pool's writers and
// then name as the preset dictionary: the writer, primed with its own
// dictionary, compresses name and flushes, and what it writes after the
// flush is the DEFLATE of data that a reader given both as its
// dictionary reads. Deterministic, as DEFLATE is.
func packPrimedBy(data []byte, pool *sync.Pool, name string, format byte) []byte {
	var b bytes.Buffer
	b.Grow(len(name) + len(data)/3 + 16)
	w := pool.Get().(*kflate.Writer)
	w.Reset(&b)
	_, _ = w.Write([]byte(name))
	_ = w.Flush()
	skip := b.Len()
	_, _ = w.Write(data)
	_ = w.Close()
	pool.Put(w)
	out := b.Bytes()[skip-1:]
	if len(out)-1 >= len(data) {
		return rawPacked(data)
	}
	out[0] = format
	return out
}

// PackFacts packs a file's encoded parse facts with its path as the
// preset dictionary (format 0x06); UnpackFacts, told the path again,
// gives them back.
func PackFacts(data []byte, path string) []byte {
	if path == "" {
		return Pack(data)
	}
	return packPrimedBy(data, &writers, path, packPath)
}

// UnpackFacts gives back facts PackFacts packed for path (any other
// packed value as Unpack does).
func UnpackFacts(packed []byte, path string) ([]byte, error) {
	if len(packed) > 0 && packed[0] == packPath {
		return inflate(packed, []byte(path))
	}
	return Unpack(packed)
}

// packRef is the stored form (0x07) of facts that lie at off, n bytes
// long, in the unpacked data of the pack of id pack.
func packRef(pack int64, off, n int) []byte {
	ref := []byte{packInPack}
	ref = binary.AppendUvarint(ref, uint64(pack))
	ref = binary.AppendUvarint(ref, uint64(off))
	return binary.AppendUvarint(ref, uint64(n))
}

// readPackRef reads a stored form packRef wrote; ok is false for any
// other value.
func readPackRef(ref []byte) (pack int64, off, n uint64, ok bool) {
	if len(ref) < 4 || ref[0] != packInPack {
		return 0, 0, 0, false
	}
	rest := ref[1:]
	var vals [3]uint64
	for i := range vals {
		v, k := binary.Uvarint(rest)
		if k <= 0 {
			return 0, 0, 0, false
		}
		vals[i], rest = v, rest[k:]
	}
	if len(rest) != 0 || vals[0] > math.MaxInt64 {
		return 0, 0, 0, false
	}
	return int64(vals[0]), vals[1], vals[2], true
}

// PackOf is the id of the pack that stored parse facts lie in (SQL
// memo_pack); false for facts stored by themselves.
func PackOf(stored []byte) (int64, bool) {
	id, _, _, ok := readPackRef(stored)
	return id, ok
}

// FactsInPack gives back the facts that stored, a reference into a pack
// (format 0x07), names within unpacked, the pack's data as Unpack gives
// it back. The facts share unpacked's memory.
func FactsInPack(stored, unpacked []byte) ([]byte, error) {
	_, off, n, ok := readPackRef(stored)
	if !ok {
		return nil, fmt.Errorf("%w: not a reference into a pack", ErrPacked)
	}
	if off > uint64(len(unpacked)) || n > uint64(len(unpacked))-off {
		return nil, fmt.Errorf("%w: facts beyond their pack's %d bytes", ErrPacked, len(unpacked))
	}
	return unpacked[off : off+n : off+n], nil
}

// PackResult packs the JSON result of the node named name, with jsonDict
// and the name as the preset dictionary (format 0x05). A result that
// begins with a member whose value is that name, {"key":"name",..., as a
// file's metrics and behaviour do, is stored without it (format 0x04,
// then the rest so packed). UnpackResult, told the name again, gives it
// back whole.
func PackResult(data []byte, name string) []byte {
	return packResultBy(data, name, &dictWriters, packPrimed)
}

// MetricsKind is the kind of result PackMetrics packs.
const MetricsKind = "metrics"

// PackMetrics is PackResult for a file's metrics row, with metricsDict in
// jsonDict's place (format 0x0b; within 0x04, as the rows begin with the
// file's path). UnpackResult, told the name again, gives it back whole.
func PackMetrics(data []byte, name string) []byte {
	return packResultBy(data, name, &metricsWriters, packMetrics)
}

// packResultBy is PackResult with the dictionary of the pool's writers,
// and format the byte that says which.
func packResultBy(data []byte, name string, pool *sync.Pool, format byte) []byte {
	i, ok := namedAt(data, name)
	if !ok {
		return packResultPrimed(data, name, pool, format)
	}
	rest := make([]byte, 0, len(data)-len(name)-3)
	rest = append(append(rest, data[:i]...), data[i+len(name)+3:]...)
	return append([]byte{packNamed}, packResultPrimed(rest, name, pool, format)...)
}

func packResultPrimed(data []byte, name string, pool *sync.Pool, format byte) []byte {
	if name == "" || len(data) == 0 || data[0] != '{' && data[0] != '[' {
		return Pack(data)
	}
	return packPrimedBy(data, pool, name, format)
}

// namedAt reports where the value of data's first member begins, if data
// begins {"key":"name", with a key of no quote, backslash or colon and the
// name as JSON writes it unescaped.
func namedAt(data []byte, name string) (int, bool) {
	if len(data) < 2 || data[0] != '{' || data[1] != '"' {
		return 0, false
	}
	end := bytes.IndexByte(data[2:], '"')
	if end < 0 || bytes.ContainsAny(data[2:2+end], `\:`) {
		return 0, false
	}
	i := 2 + end + 1
	if i >= len(data) || data[i] != ':' {
		return 0, false
	}
	i++
	v := data[i:]
	if len(v) < len(name)+3 || v[0] != '"' || string(v[1:1+len(name)]) != name || v[1+len(name)] != '"' || v[2+len(name)] != ',' ||
		strings.ContainsAny(name, "\"\\") {
		return 0, false
	}
	return i, true
}

// UnpackResult gives back a result PackResult or PackMetrics wrote for
// the node named name (any other packed value as Unpack does).
func UnpackResult(packed []byte, name string) ([]byte, error) {
	if len(packed) > 0 && packed[0] == packBehaviour {
		return unpackBehaviour(packed, name)
	}
	if len(packed) > 0 && packed[0] == packScores {
		return unpackScores(packed, name)
	}
	if len(packed) > 0 && (packed[0] == packPrimed || packed[0] == packMetrics) {
		dict := jsonDict
		if packed[0] == packMetrics {
			dict = metricsDict
		}
		d := primedDicts.Get().(*[]byte)
		defer primedDicts.Put(d)
		*d = append(append((*d)[:0], dict...), name...)
		return inflate(packed, *d)
	}
	if len(packed) == 0 || packed[0] != packNamed {
		return Unpack(packed)
	}
	if len(packed) > 1 && packed[1] == packNamed {
		return nil, fmt.Errorf("%w: a named result within another", ErrPacked)
	}
	rest, err := UnpackResult(packed[1:], name)
	if err != nil {
		return nil, err
	}
	i := bytes.IndexByte(rest, ':')
	if i < 0 {
		return nil, fmt.Errorf("%w: a named result without its first member", ErrPacked)
	}
	out := make([]byte, 0, len(rest)+len(name)+3)
	out = append(append(out, rest[:i+1]...), '"')
	out = append(append(append(out, name...), '"', ','), rest[i+1:]...)
	return out, nil
}

// ErrPacked is wrapped by the errors of Unpack: the stored bytes are not
// a packed value this build reads.
var ErrPacked = errors.New("stored value is not packed data")

// Unpack decompresses a value written by Pack.
func Unpack(packed []byte) ([]byte, error) {
	if len(packed) > 0 && packed[0] == packRaw {
		return packed[1:], nil
	}
	return UnpackReusing(nil, packed)
}

// UnpackReusing is Unpack into buf's memory where it is large enough
// (what buf held is overwritten), else into new memory, never packed's: a
// reader that unpacks many values one after another, each done with
// before the next, passes each result back as the next buf and allocates
// once rather than once per value.
func UnpackReusing(buf, packed []byte) ([]byte, error) {
	if need := 3 * len(packed); cap(buf) < need {
		buf = make([]byte, 0, need)
	}
	out := bytes.NewBuffer(buf[:0])
	if err := unpackInto(out, packed); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// unpackInto appends the value written by Pack to out.
func unpackInto(out *bytes.Buffer, packed []byte) error {
	if len(packed) == 0 {
		return fmt.Errorf("%w: empty", ErrPacked)
	}
	var dict []byte
	switch packed[0] {
	case packRaw:
		out.Write(packed[1:])
		return nil
	case packDeflate:
	case packJSONDict:
		dict = jsonDictBytes
	case packTextDict:
		dict = textDictBytes
	case packNamed, packPrimed, packMetrics:
		return fmt.Errorf("%w: a result read without its node's name", ErrPacked)
	case packPath:
		return fmt.Errorf("%w: parse facts read without their path", ErrPacked)
	case packInPack:
		return fmt.Errorf("%w: parse facts read without their pack", ErrPacked)
	case packPartners:
		return fmt.Errorf("%w: a co-change row read without its partners' names", ErrPacked)
	case packBehaviour:
		return fmt.Errorf("%w: a behaviour row read without its node's name", ErrPacked)
	case packScores:
		return fmt.Errorf("%w: a row of scores read without its node's name", ErrPacked)
	case packMetricsByKeys:
		return fmt.Errorf("%w: a metrics row read without its tests' names", ErrPacked)
	case packCentralityByKeys:
		return fmt.Errorf("%w: a centrality row read without its dependents' names", ErrPacked)
	case packSource:
		data, err := sourceJSON(packed[1:])
		out.Write(data)
		return err
	default:
		return fmt.Errorf("%w: unknown format %#x", ErrPacked, packed[0])
	}
	return inflateInto(out, packed, dict)
}

// inflate reads the DEFLATE data after a packed value's format byte,
// with dict as the preset dictionary.
func inflate(packed, dict []byte) ([]byte, error) {
	out := bytes.NewBuffer(make([]byte, 0, 3*len(packed)))
	if err := inflateInto(out, packed, dict); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// inflateInto appends what inflate reads to out.
func inflateInto(out *bytes.Buffer, packed, dict []byte) error {
	r := readers.Get().(io.ReadCloser)
	defer readers.Put(r)
	if err := r.(kflate.Resetter).Reset(bytes.NewReader(packed[1:]), dict); err != nil {
		return fmt.Errorf("%w: %v", ErrPacked, err)
	}
	if _, err := out.ReadFrom(r); err != nil {
		return fmt.Errorf("%w: %v", ErrPacked, err)
	}
	return nil
}

// EdgeID is an edge's row id: a 64-bit hash of its identity (the kind and
// the members' names), so the identity itself need not be stored or
// indexed. Two identities meeting in one hash would be one edge; among
// the 10^6 edges of a large repository that happens with a chance of
// about 3 in 10^8.
func EdgeID(identity string) int64 { return int64(xxhash.Sum64String(identity)) }

// NodeKey is a node's key: a 64-bit hash of its kind and name, unique
// among nodes and indexed in place of the names themselves (on
// spring-boot the index of names took 26 MB). A name with a '#' (a
// definition, "path#qualified.name") keys in the range of its file: the
// top 24 bits hash the kind and the part before the first '#', the other
// 40 the kind and whole name, so the nodes of one file are read by a key
// range (NodeKeyRange). Two nodes meeting in one key would be one node:
// with 10^5 nodes, a chance of about 3 in 10^10 (1 in 10^7 among the
// definitions of one file bucket).
func NodeKey(kind, name string) int64 {
	h := xxhash.New()
	_, _ = h.WriteString(kind)
	_, _ = h.WriteString("\x00")
	_, _ = h.WriteString(name)
	full := h.Sum64()
	i := strings.IndexByte(name, '#')
	if i < 0 {
		return int64(full)
	}
	return int64(fileBucket(kind, name[:i]) | full&(1<<40-1))
}

// fileBucket is the top 24 bits of the keys of a file's nodes.
func fileBucket(kind, path string) uint64 {
	h := xxhash.New()
	_, _ = h.WriteString(kind)
	_, _ = h.WriteString("\x00")
	_, _ = h.WriteString(path)
	_, _ = h.WriteString("#")
	return h.Sum64() &^ (1<<40 - 1)
}

// NodeKeyRange is the range of keys (lo and hi included) that holds the
// nodes of kind named path#...: other files' nodes may share it, so a
// reader checks the names.
func NodeKeyRange(kind, path string) (lo, hi int64) {
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path = path[:i]
	}
	b := fileBucket(kind, path)
	return int64(b), int64(b | (1<<40 - 1))
}

// DirKey is the key of a directory in the table dirs (SQL dir_key): a
// 64-bit hash of its path. Since schema 29 a file node whose path has a
// '/' is stored by the name after its last '/' and the key of the
// directory before it (SplitPath); the view nodes puts "dir/" back. Two
// directories meeting in one key are refused when the second is stored
// (the trigger node_file_dir), not taken for one another.
func DirKey(dir string) int64 {
	h := xxhash.New()
	_, _ = h.WriteString("dir\x00")
	_, _ = h.WriteString(dir)
	return int64(h.Sum64())
}

// SplitPath is a path's directory, the part before its last '/', and its
// name, the part after it (SQL path_dir, path_base); ok is false when the
// path has no '/'.
func SplitPath(path string) (dir, name string, ok bool) {
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return "", path, false
	}
	return path[:i], path[i+1:], true
}

// nodeKinds are the kinds of nodes Homer makes, in the order of their
// codes (KindCode): the digit of a kind's position.
var nodeKinds = [...]string{record.KindCommit, record.KindDefinition, record.KindFile, record.KindPerson, record.KindRelease,
	record.KindModule, record.KindManifest, record.KindCommand, record.KindRepository, record.KindOutput}

// KindCode is the kind of a node as node_rows stores it (SQL node_kind):
// one digit for a kind Homer makes, any other kind as it is. A kind of
// one character could be taken for a code, and is refused.
func KindCode(kind string) (string, error) {
	for i, k := range nodeKinds {
		if k == kind {
			return strconv.Itoa(i), nil
		}
	}
	if len(kind) < 2 {
		return "", fmt.Errorf("node kind %q: too short to be told from a stored code", kind)
	}
	return kind, nil
}

// indexedKinds is the least code the index of node kinds holds
// (nodes_kind, partial since schema 27): the kinds of few nodes (persons,
// releases, modules, manifests, commands, the repository, outputs) and any
// kind stored as its word. Commits, definitions and files, most of the
// rows, are read whole by scanning the table.
const indexedKinds = "3"

// OfKind is the SQL condition that the kind code in col (node_rows.kind,
// or the view nodes' kind_code) is that of the kind bound to the next
// parameter, kind. For a kind the index holds it names the index's own
// condition too, without which SQLite would not use a partial index.
func OfKind(col, kind string) string {
	cond := col + " = node_kind(?)"
	if code, err := KindCode(kind); err == nil && code >= indexedKinds {
		cond += " AND " + col + " >= '" + indexedKinds + "'"
	}
	return cond
}

// kindCode is KindCode of a kind Homer makes.
func kindCode(kind string) string {
	code, err := KindCode(kind)
	if err != nil {
		panic(err) // only for a kind not among nodeKinds, which callers never pass
	}
	return code
}

// MemoKey is a parse memo row's id: a 64-bit hash of the blob, the
// parser and the path that key it, so the three need no index of their
// own. Readers check the columns as well: two keys meeting in one hash
// would be one row, a chance of about 1 in 10^10 among 10^5 rows.
func MemoKey(blob, parser, path string) int64 {
	h := xxhash.New()
	_, _ = h.WriteString(blob)
	_, _ = h.WriteString("\x00")
	_, _ = h.WriteString(parser)
	_, _ = h.WriteString("\x00")
	_, _ = h.WriteString(path)
	return int64(h.Sum64())
}

// hexBytes is how the store keeps an object id (a commit's or a blob's),
// 40 hexadecimal digits: as the bytes they spell, where hex.EncodeToString
// gives the same text back (lower case, an even count, not empty); any
// other text as it is. Readers write the bytes out as digits again (SQL
// lower(hex(...)) where typeof is 'blob').
func hexBytes(id string) any {
	if !isHexID(id) {
		return id
	}
	b, err := hex.DecodeString(id)
	if err != nil {
		return id
	}
	return b
}

// isHexID says hexBytes keeps id as bytes: an even count of digits, not
// none, in lower case (what hex.EncodeToString gives back as it was).
func isHexID(id string) bool {
	if id == "" || len(id)%2 != 0 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// callVias are the ways a call was resolved that the calls table holds
// as numbers (0: none); any other is kept as its text. Numbers are never
// reused: a new way is a new number.
var callVias = []string{"", "receiver", "dispatch", "scope", "import", "name"}

// callVia is how the calls table holds a call's way (a number of
// callVias, or the text); a number passes through.
func callVia(v any) any {
	if s, ok := v.(string); ok {
		for i, w := range callVias {
			if w == s {
				return int64(i)
			}
		}
	}
	return v
}

// callConfidence is how the calls table holds a call's confidence: in
// hundredths where that gives the float back exactly (the view divides by
// 100.0; both divisions round to the nearest float), else the float; an
// integer passes through.
func callConfidence(v any) any {
	if f, ok := v.(float64); ok {
		if k := math.Round(f * 100); k >= 0 && k <= 1<<20 && k/100.0 == f {
			return int64(k)
		}
	}
	return v
}

// registerFuncs gives SQL the store's encodings: unpack(data) reads a
// packed result (a text value, as results held before schema 8, passes
// through), pack(data) writes one, and edge_id(identity) is EdgeID.
func registerFuncs(c *sqlite3.SQLiteConn) error {
	if err := c.RegisterFunc("unpack", sqlUnpack, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("pack", sqlPack, true); err != nil {
		return err
	}
	// pack_text(text) is PackText; a value already packed (bytes) passes
	// through, so a migration can run again.
	if err := c.RegisterFunc("pack_text", func(v any) any {
		if s, ok := v.(string); ok {
			return PackText([]byte(s))
		}
		return v
	}, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("node_kind", KindCode, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("node_key", NodeKey, true); err != nil {
		return err
	}
	// node_range_lo(kind, path) and node_range_hi are NodeKeyRange's
	// bounds.
	if err := c.RegisterFunc("node_range_lo", func(kind, path string) int64 { lo, _ := NodeKeyRange(kind, path); return lo }, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("node_range_hi", func(kind, path string) int64 { _, hi := NodeKeyRange(kind, path); return hi }, true); err != nil {
		return err
	}
	// partner_keys(packed) is a JSON array of the keys of a co-change
	// row's partners (PartnerKeys); partners_data(packed, names) the row
	// as JSON (UnpackPartners, given each partner's key and name, the
	// name empty for a node that is gone, "key name" joined by NUL: by
	// key, as the order of an aggregate's rows is not SQLite's promise
	// and its ORDER BY is newer than the shell many have), as 0x00 so
	// that unpack reads it;
	// partners_pack(data) is PackPartners of a row whose partners are all
	// file nodes (the migration asks that first), NULL for a row of
	// another form.
	if err := c.RegisterFunc("partner_keys", func(packed []byte) (string, error) {
		keys, err := PartnerKeys(packed)
		if err != nil {
			return "", err
		}
		return idJSON(keys), nil
	}, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("partners_data", func(packed []byte, names any) ([]byte, error) {
		data, err := UnpackPartners(packed, partnerNames(names))
		if err != nil {
			return nil, err
		}
		return append([]byte{packRaw}, data...), nil
	}, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("partners_pack", func(data []byte) any {
		packed, ok := PackPartners(data, func(p string) (int64, bool) { return NodeKey(record.KindFile, p), true })
		if !ok {
			return nil
		}
		return packed
	}, true); err != nil {
		return err
	}
	// result_pack(data, name) is PackResult; result_data(packed, name)
	// gives a result PackResult packed for its node's name back whole
	// (format 0x00), so that unpack reads it.
	if err := c.RegisterFunc("result_pack", func(data, name any) ([]byte, error) {
		s, _ := name.(string)
		switch d := data.(type) {
		case []byte:
			return PackResult(d, s), nil
		case string:
			return PackResult([]byte(d), s), nil
		}
		return nil, fmt.Errorf("result_pack: %T is not data", data)
	}, true); err != nil {
		return err
	}
	// source_pack(data) is PackSource, NULL for a row of another form.
	if err := c.RegisterFunc("source_pack", func(data any) any {
		d, ok := sqlBytes(data)
		if !ok {
			return nil
		}
		if packed, ok := PackSource(d); ok {
			return packed
		}
		return nil
	}, true); err != nil {
		return err
	}
	// metrics_pack(data, name) is PackMetrics.
	if err := c.RegisterFunc("metrics_pack", func(data, name any) ([]byte, error) {
		s, _ := name.(string)
		d, ok := sqlBytes(data)
		if !ok {
			return nil, fmt.Errorf("metrics_pack: %T is not data", data)
		}
		return PackMetrics(d, s), nil
	}, true); err != nil {
		return err
	}
	// metrics_keys(packed) is a JSON array of the keys of the tests a
	// metrics row by keys lists (MetricsKeys); metrics_data(packed, name,
	// names) the row as JSON (UnpackMetricsByKeys, the names given as
	// partners_data's are), as 0x00 so that unpack reads it;
	// metrics_keys_pack(data, name) is PackMetricsByKeys of a row whose
	// tests are all file nodes (the migration asks that first), NULL for
	// any other.
	if err := c.RegisterFunc("metrics_keys", func(packed []byte) (string, error) {
		keys, err := MetricsKeys(packed)
		if err != nil {
			return "", err
		}
		return idJSON(keys), nil
	}, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("metrics_data", func(packed []byte, name, names any) ([]byte, error) {
		s, _ := name.(string)
		data, err := UnpackMetricsByKeys(packed, s, partnerNames(names))
		if err != nil {
			return nil, err
		}
		return append([]byte{packRaw}, data...), nil
	}, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("metrics_keys_pack", func(data, name any) any {
		s, _ := name.(string)
		d, ok := sqlBytes(data)
		if !ok {
			return nil
		}
		packed, ok := PackMetricsByKeys(d, s, func(p string) (int64, bool) { return NodeKey(record.KindFile, p), true })
		if !ok {
			return nil
		}
		return packed
	}, true); err != nil {
		return err
	}
	// centrality_keys, centrality_data and centrality_keys_pack are
	// metrics_keys, metrics_data and metrics_keys_pack for a centrality
	// row's dependents (PackCentralityByKeys).
	if err := c.RegisterFunc("centrality_keys", func(packed []byte) (string, error) {
		keys, err := CentralityKeys(packed)
		if err != nil {
			return "", err
		}
		return idJSON(keys), nil
	}, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("centrality_data", func(packed []byte, name, names any) ([]byte, error) {
		s, _ := name.(string)
		data, err := UnpackCentralityByKeys(packed, s, partnerNames(names))
		if err != nil {
			return nil, err
		}
		return append([]byte{packRaw}, data...), nil
	}, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("centrality_keys_pack", func(data, name any) any {
		s, _ := name.(string)
		d, ok := sqlBytes(data)
		if !ok {
			return nil
		}
		packed, ok := PackCentralityByKeys(d, s, func(p string) (int64, bool) { return NodeKey(record.KindFile, p), true })
		if !ok {
			return nil
		}
		return packed
	}, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("result_data", func(packed []byte, name any) ([]byte, error) {
		s, _ := name.(string)
		data, err := UnpackResult(packed, s)
		if err != nil {
			return nil, err
		}
		return append([]byte{packRaw}, data...), nil
	}, true); err != nil {
		return err
	}
	// behaviour_pack(data, name) is PackBehaviour, NULL for a row of
	// another form.
	if err := c.RegisterFunc("behaviour_pack", func(data, name any) any {
		s, _ := name.(string)
		d, ok := sqlBytes(data)
		if !ok {
			return nil
		}
		if packed, ok := PackBehaviour(d, s); ok {
			return packed
		}
		return nil
	}, true); err != nil {
		return err
	}
	// scores_pack(kind, data, name) is PackScores, NULL for a row of
	// another form.
	if err := c.RegisterFunc("scores_pack", func(kind string, data, name any) any {
		s, _ := name.(string)
		d, ok := sqlBytes(data)
		if !ok {
			return nil
		}
		if packed, ok := PackScores(kind, d, s); ok {
			return packed
		}
		return nil
	}, true); err != nil {
		return err
	}
	// pack_facts(facts, path) is PackFacts, unpack_facts(packed, path)
	// UnpackFacts.
	if err := c.RegisterFunc("pack_facts", func(facts []byte, path string) []byte { return PackFacts(facts, path) }, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("unpack_facts", UnpackFacts, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("memo_key", MemoKey, true); err != nil {
		return err
	}
	// hex_bytes(text) is hexBytes; a value that is not text passes
	// through (a migration run again finds bytes).
	if err := c.RegisterFunc("hex_bytes", func(v any) any {
		if s, ok := v.(string); ok {
			return hexBytes(s)
		}
		return v
	}, true); err != nil {
		return err
	}
	// dir_key(dir) is DirKey; path_dir(path) the directory SplitPath
	// finds (NULL without one), path_base(path) the name after it.
	if err := c.RegisterFunc("dir_key", DirKey, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("path_dir", func(path string) any {
		if dir, _, ok := SplitPath(path); ok {
			return dir
		}
		return nil
	}, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("path_base", func(path string) string { _, name, _ := SplitPath(path); return name }, true); err != nil {
		return err
	}
	// memo_pack(facts) is PackOf (NULL for facts stored by themselves);
	// memo_facts(facts, data) the facts a reference names in the pack of
	// that data, as a raw packed value (unpack and unpack_facts read it).
	// A read of many files' facts in pack order unpacks each pack once.
	if err := c.RegisterFunc("memo_pack", func(stored []byte) any {
		if id, ok := PackOf(stored); ok {
			return id
		}
		return nil
	}, true); err != nil {
		return err
	}
	var last packCache
	if err := c.RegisterFunc("memo_facts", func(stored, data []byte) ([]byte, error) {
		unpacked, err := last.unpack(data)
		if err != nil {
			return nil, err
		}
		facts, err := FactsInPack(stored, unpacked)
		if err != nil {
			return nil, err
		}
		return rawPacked(facts), nil
	}, true); err != nil {
		return err
	}
	// text_in(at, data) is the text at its place in the pack of texts of
	// that data: a commit's message (MessageSQL), a node's text in
	// search_texts (textSQL). A read of several texts of one pack in turn
	// unpacks it once.
	var lastMessages textPackCache
	if err := c.RegisterFunc("text_in", func(at int64, data any) (string, error) {
		b, _ := data.([]byte)
		return lastMessages.textIn(at, b)
	}, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("call_confidence", callConfidence, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("call_via", callVia, true); err != nil {
		return err
	}
	// pack_changes(...) packs a commit's changes (changePacker),
	// change_rows(changes) gives them back as JSON (changeRowsJSON).
	if err := c.RegisterAggregator("pack_changes", func() *changePacker { return &changePacker{} }, true); err != nil {
		return err
	}
	if err := c.RegisterFunc("change_rows", changeRowsJSON, true); err != nil {
		return err
	}
	return c.RegisterFunc("edge_id", EdgeID, true)
}

// sqlUnpack returns text: json_extract reads it as JSON (a blob would be
// taken for SQLite's binary JSON), and a binary value scans into []byte
// unchanged. NULL (which the driver hands over as an empty []byte) stays
// NULL, so coalesce over a LEFT JOIN works.
func sqlUnpack(v any) (any, error) {
	switch v := v.(type) {
	case []byte:
		if len(v) == 0 {
			return nil, nil
		}
		data, err := Unpack(v)
		return string(data), err
	case string:
		return v, nil
	default:
		return nil, fmt.Errorf("unpack: %T is not stored data", v)
	}
}

// UnpackText is what unpack(v) gives in SQL, for a reader that scans the
// column raw: a packed value (bytes) unpacked, a text value as it is, NULL
// as "". Unpacking here spares SQLite a call back into the store's
// function (through reflection) per row, as in the history's read of every
// commit message; the text is made once at its length from a buffer kept
// for the next value.
func UnpackText(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case []byte:
		if len(v) == 0 {
			return "", nil
		}
		b := textBuffers.Get().(*bytes.Buffer)
		defer textBuffers.Put(b)
		b.Reset()
		if err := unpackInto(b, v); err != nil {
			return "", err
		}
		return b.String(), nil
	case string:
		return v, nil
	default:
		return "", fmt.Errorf("unpack: %T is not stored data", v)
	}
}

var textBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func sqlPack(v any) ([]byte, error) {
	switch v := v.(type) {
	case []byte:
		return Pack(v), nil
	case string:
		return Pack([]byte(v)), nil
	default:
		return nil, fmt.Errorf("pack: %T is not data", v)
	}
}

// packCache keeps the last pack of parse facts unpacked, by its stored
// bytes, for reads that take several files' facts from one pack in turn.
type packCache struct {
	data     []byte
	unpacked []byte
}

// unpack is Unpack of data, from the cache when data is the last pack's.
func (c *packCache) unpack(data []byte) ([]byte, error) {
	if c.unpacked != nil && bytes.Equal(c.data, data) {
		return c.unpacked, nil
	}
	unpacked, err := Unpack(data)
	if err != nil {
		return nil, err
	}
	c.data, c.unpacked = append(c.data[:0], data...), unpacked
	return unpacked, nil
}

// sqlBytes is an SQL function's argument as bytes, a blob's or a text's;
// false for any other value (NULL, a number).
func sqlBytes(v any) ([]byte, bool) {
	switch v := v.(type) {
	case []byte:
		return v, true
	case string:
		return []byte(v), true
	}
	return nil, false
}
