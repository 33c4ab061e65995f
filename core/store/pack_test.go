package store

import (
	"bytes"
	"compress/flate"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPackRoundTrips(t *testing.T) {
	t.Parallel()
	long := []byte(strings.Repeat(`{"path":"src/main/java/Foo.java","churn":12,"authors":3},`, 200))
	for _, data := range [][]byte{nil, {}, []byte("{}"), []byte(`{"n":1}`), long, {0, 1, 2, 0xff}} {
		packed := Pack(data)
		got, err := Unpack(packed)
		require.NoError(t, err)
		require.True(t, bytes.Equal(data, got), "%q came back as %q", data, got)
	}
	packed := Pack(long)
	require.Equal(t, byte(packJSONDict), packed[0])
	require.Less(t, len(packed), len(long)/10, "repetitive JSON shrinks")
	binary := bytes.Repeat([]byte{0x0a, 0x05, 'h', 'e', 'l', 'l', 'o'}, 100)
	require.Equal(t, byte(packDeflate), Pack(binary)[0], "data that is not JSON is packed without the dictionary")

	// The dictionary pays on a short result, whose keys it holds.
	row := []byte(`{"path":"lib/x.go","language":"go","lines":80,"is_test":false,"changes":3,"changes_30d":0,"changes_90d":1,"changes_365d":2,"bus_factor":1}`)
	var plain bytes.Buffer
	w, err := flate.NewWriter(&plain, flate.DefaultCompression)
	require.NoError(t, err)
	_, err = w.Write(row)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	require.Less(t, len(Pack(row)), plain.Len()*2/3)
	short := Pack([]byte(`{"n":1}`))
	require.Equal(t, byte(packRaw), short[0], "a value DEFLATE would lengthen is kept as it is")
	require.Len(t, short, 1+len(`{"n":1}`))
}

// UnpackReusing gives what Unpack gives, in the memory it was handed
// once that is large enough, and never in the packed value's (a raw one
// included): a reader passes each result back for the next.
func TestUnpackReusing(t *testing.T) {
	t.Parallel()
	long := []byte(strings.Repeat(`{"path":"src/main/java/Foo.java","churn":12,"authors":3},`, 400))
	values := [][]byte{long, []byte(`{"n":1}`), long[:len(long)/2], bytes.Repeat([]byte{0x0a, 0x05, 'h', 'e', 'l', 'l', 'o'}, 300), {}}
	var buf []byte
	for i, data := range values {
		packed := Pack(data)
		kept := bytes.Clone(packed)
		prev := buf
		got, err := UnpackReusing(buf, packed)
		require.NoError(t, err)
		require.True(t, bytes.Equal(data, got), "value %d", i)
		require.Equal(t, kept, packed, "value %d: the packed value is left alone", i)
		if cap(prev) >= 3*len(packed) && cap(got) > 0 {
			require.Same(t, &prev[:1][0], &got[:1][0], "value %d: unpacked into the memory handed", i)
		}
		buf = got
	}
	raw := Pack([]byte(`{"n":1}`))
	require.Equal(t, byte(packRaw), raw[0])
	got, err := UnpackReusing(make([]byte, 0, 64), raw)
	require.NoError(t, err)
	got[0] = 'x'
	require.Equal(t, byte('{'), raw[1], "a raw value is copied, not aliased")
	_, err = UnpackReusing(buf, []byte{0x7f, 1})
	require.ErrorIs(t, err, ErrPacked)
}

func TestUnpackRefusesWhatPackDidNotWrite(t *testing.T) {
	t.Parallel()
	for _, bad := range [][]byte{nil, {0x07, 'a'}, {packDeflate, 0xff, 0xff, 0xff}} {
		_, err := Unpack(bad)
		require.ErrorIs(t, err, ErrPacked, "%x", bad)
	}
}

// The SQL functions give queries what Go reads: unpack passes through the
// text values stores held before schema 8, and json_extract reads what it
// returns.
func TestSQLFunctions(t *testing.T) {
	t.Parallel()
	s := open(t)
	var got string
	require.NoError(t, s.DB().QueryRow("SELECT json_extract(unpack(?), '$.a')", Pack([]byte(`{"a":"b"}`))).Scan(&got))
	require.Equal(t, "b", got)
	require.NoError(t, s.DB().QueryRow("SELECT unpack(?)", `{"text":1}`).Scan(&got))
	require.Equal(t, `{"text":1}`, got)
	require.NoError(t, s.DB().QueryRow("SELECT unpack(pack(?))", strings.Repeat("ab", 100)).Scan(&got))
	require.Equal(t, strings.Repeat("ab", 100), got)
	var null sql.NullString
	require.NoError(t, s.DB().QueryRow("SELECT unpack(NULL)").Scan(&null))
	require.False(t, null.Valid, "NULL stays NULL")
	require.NoError(t, s.DB().QueryRow("SELECT coalesce(unpack(NULL), 'none')").Scan(&got))
	require.Equal(t, "none", got)
	var id int64
	require.NoError(t, s.DB().QueryRow("SELECT edge_id(?)", "calls|a|b").Scan(&id))
	require.Equal(t, EdgeID("calls|a|b"), id)
	require.NotEqual(t, EdgeID("calls|a|c"), id)
	require.Error(t, s.DB().QueryRow("SELECT unpack(?)", []byte{0x09}).Scan(&got))
}

// UnpackText reads what unpack() gives in SQL: packed prose, JSON
// and raw values, text stored before packing, one after another through
// its reused buffer; and it refuses what Pack did not write.
func TestUnpackTextIsUnpackInSQL(t *testing.T) {
	t.Parallel()
	s := open(t)
	long := strings.Repeat("Fix the flaky test of the store\n\nSee gh-12. ", 40)
	for _, v := range []any{PackText([]byte(long)), PackText([]byte("Fix")), PackText([]byte("x")), Pack([]byte(`{"a":"b"}`)),
		PackText([]byte(long[:300])), "text stored before schema 8", PackText(nil)} {
		want := ""
		var null sql.NullString
		require.NoError(t, s.DB().QueryRow("SELECT unpack(?)", v).Scan(&null))
		if null.Valid {
			want = null.String
		}
		got, err := UnpackText(v)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	got, err := UnpackText(nil)
	require.NoError(t, err)
	require.Empty(t, got, "NULL reads as empty")
	_, err = UnpackText([]byte{0x09})
	require.ErrorIs(t, err, ErrPacked)
	_, err = UnpackText(int64(1))
	require.Error(t, err)
}

// A result that begins with its node's name is packed without it and
// read back whole when told the name; any other result, or a name JSON
// would have escaped, is packed as Pack does. PackText reads back too.
func TestPackResultLeavesTheNameOut(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		data, name string
		named      bool
	}{
		{`{"path":"a/b.go","lines":3}`, "a/b.go", true},
		{`{"Path":"","x":1}`, "", true},
		{`{"path":"a/b.go"}`, "a/b.go", false}, // no member after it
		{`{"path":"a/c.go","lines":3}`, "a/b.go", false},
		{`{"pa:th":"a/b.go","lines":3}`, "a/b.go", false},
		{`{"path":"a\"b","lines":3}`, `a"b`, false},
		{`{"path": "a/b.go","lines":3}`, "a/b.go", false},
		{`["a/b.go"]`, "a/b.go", false},
		{``, "", false},
	} {
		packed := PackResult([]byte(c.data), c.name)
		require.Equal(t, c.named, len(packed) > 0 && packed[0] == packNamed, c.data)
		got, err := UnpackResult(packed, c.name)
		require.NoError(t, err, c.data)
		require.Equal(t, c.data, string(got))
		if c.named {
			require.Less(t, len(Pack([]byte(c.data[len(c.name)+3:]))), len(Pack([]byte(c.data)))+len(c.name)+3)
			_, err := Unpack(packed)
			require.ErrorIs(t, err, ErrPacked, "a named result is not read without its name")
		}
	}
	msg := "Fix the parser\n\nSigned-off-by: Ann <ann@example.com>"
	got, err := Unpack(PackText([]byte(msg)))
	require.NoError(t, err)
	require.Equal(t, msg, string(got))
	require.Less(t, len(PackText([]byte(msg))), len(Pack([]byte(msg))), "the dictionary shortens a commit message")
}

// A result is packed with its node's name as a dictionary and a file's
// facts with its path: read back when told the name, never without it,
// the same bytes every time, and shorter where the data repeats the name.
func TestPackPrimedByTheName(t *testing.T) {
	t.Parallel()
	const name = "core/src/main/java/org/example/boot/Application.java"
	partners := `{"revs":3,"partners":[{"Path":"core/src/main/java/org/example/boot/ApplicationTests.java","Count":2}]}`
	for _, c := range []struct {
		data, name string
		format     byte
	}{
		{partners, name, packPrimed},
		{`{"path":"` + name + `","dependents":[{"path":"core/src/main/java/org/example/boot/Other.java"}]}`, name, packNamed},
		{`{"x":1}`, name, packRaw},
		{partners, "", packJSONDict},
	} {
		packed := PackResult([]byte(c.data), c.name)
		require.Equal(t, c.format, packed[0], c.data)
		require.Equal(t, packed, PackResult([]byte(c.data), c.name), "deterministic")
		got, err := UnpackResult(packed, c.name)
		require.NoError(t, err)
		require.Equal(t, c.data, string(got))
		if c.format == packPrimed {
			require.Less(t, len(packed), len(Pack([]byte(c.data))), "the name shortens what repeats it")
			_, err := Unpack(packed)
			require.ErrorIs(t, err, ErrPacked, "a primed result is not read without its name")
			got, err := UnpackResult(packed, name+"x")
			if err == nil {
				require.NotEqual(t, c.data, string(got), "nor with another")
			}
		}
		if c.format == packNamed {
			require.Equal(t, byte(packPrimed), packed[1], "the rest is primed too")
		}
	}

	facts := []byte("\x0a\x04main\x12\x1forg.example.boot.Application.run" + strings.Repeat("\x1a\x03abc", 20))
	packed := PackFacts(facts, name)
	require.Equal(t, byte(packPath), packed[0])
	require.Equal(t, packed, PackFacts(facts, name))
	got, err := UnpackFacts(packed, name)
	require.NoError(t, err)
	require.Equal(t, facts, got)
	_, err = Unpack(packed)
	require.ErrorIs(t, err, ErrPacked, "facts are not read without their path")
	got, err = UnpackFacts(Pack(facts), name)
	require.NoError(t, err, "facts packed before read as they were")
	require.Equal(t, facts, got)
}

// TestUnpackAtOnceKeepsEachDictionary: results of many names and commit
// messages read at once, each reader's dictionary made in a buffer kept
// for the next or shared read-only, come back as they were packed (a
// buffer handed on while still read shows under the race detector).
func TestUnpackAtOnceKeepsEachDictionary(t *testing.T) {
	type packed struct {
		name       string
		data, text []byte
		result     []byte
	}
	var all []packed
	for i := range 64 {
		name := fmt.Sprintf("src/pkg%02d/file%02d.go", i%7, i)
		data := []byte(fmt.Sprintf(`{"path":%q,"lines":%d,"authors":["a%d@example.com"],"pagerank":0.%04d}`, name, 10*i, i, i))
		text := []byte(fmt.Sprintf("fix the %d-th handler of %s\n\nthe body of the message %d", i, name, i))
		all = append(all, packed{name: name, data: data, text: text, result: PackResult(data, name)})
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 50 {
				p := all[(g*13+round*7)%len(all)]
				got, err := UnpackResult(p.result, p.name)
				if !assert.NoError(t, err) || !assert.Equal(t, string(p.data), string(got)) {
					return
				}
				msg, err := UnpackText(PackText(p.text))
				if !assert.NoError(t, err) || !assert.Equal(t, string(p.text), msg) {
					return
				}
			}
		}()
	}
	wg.Wait()
}

// Stores written before the writers changed encoder hold the standard
// library's DEFLATE: they read through klauspost/compress's reader as
// ever, and what is packed now reads through the standard library's
// reader with the same dictionaries. A
// pooled writer's earlier rows leave no trace in the next row's bytes.
func TestPackReadsAcrossEncoders(t *testing.T) {
	t.Parallel()
	const name = "core/src/main/java/org/example/boot/Application.java"
	result := []byte(`{"revs":3,"partners":[{"Path":"core/src/main/java/org/example/boot/ApplicationTests.java","Count":2,"Reason":"history"}]}`)
	message := []byte("Polish the handler of " + name + "\n\nSee gh-1234\n")

	stdlib := func(dict, data []byte) []byte {
		var b bytes.Buffer
		w, err := flate.NewWriterDict(&b, flate.DefaultCompression, dict)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
		require.NoError(t, w.Close())
		return b.Bytes()
	}
	old := append([]byte{packPrimed}, stdlib([]byte(jsonDict+name), result)...)
	got, err := UnpackResult(old, name)
	require.NoError(t, err)
	require.Equal(t, string(result), string(got), "a result packed by the standard library's writer")
	got, err = Unpack(append([]byte{packTextDict}, stdlib(textDictBytes, message)...))
	require.NoError(t, err)
	require.Equal(t, string(message), string(got), "a message packed by the standard library's writer")

	first, firstText := PackResult(result, name), PackText(message)
	for i := range 50 { // other rows through the same pooled writers
		PackResult([]byte(fmt.Sprintf(`{"revs":%d,"partners":[{"Path":"x%d.java"}]}`, i, i)), fmt.Sprintf("y%d.java", i))
		PackText(bytes.Repeat([]byte("Fix a typo "), i+1))
	}
	require.Equal(t, first, PackResult(result, name), "a result's bytes do not depend on the rows before it")
	require.Equal(t, firstText, PackText(message))

	r := flate.NewReader(bytes.NewReader(firstText[1:]))
	require.NoError(t, r.(flate.Resetter).Reset(bytes.NewReader(firstText[1:]), textDictBytes))
	var out bytes.Buffer
	_, err = out.ReadFrom(r)
	require.NoError(t, err)
	require.Equal(t, string(message), out.String(), "the standard library reads what is packed now")
}
