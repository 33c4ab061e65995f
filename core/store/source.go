package store

import (
	"encoding/binary"
	"fmt"
	"strconv"
)

// A file's source row (what resolve read of its parse facts: lines,
// definitions, exported and documented ones, language, test or not, test
// role, generated or not) is a few small numbers and two short words, 33
// bytes a row packed as JSON on spring-boot (9,163 rows, 0.31 MB), where
// DEFLATE finds little to shorten in a row of 100 bytes. Since schema 50
// a row is stored by its fields (format 0x0c, PackSource), about 12
// bytes; Unpack, and so the view results, gives the JSON back as it was
// written, so every reader reads what it read before; the digest stays
// the JSON's. Only a row that reads back byte for byte is stored so: any
// other stays JSON.

// SourceKind is the kind of result stored by its fields (PackSource).
const SourceKind = "source"

// The flags of a source row by its fields.
const (
	sourceTest      = 1 << iota // "is_test":true
	sourceGenerated             // "generated":true
	sourceRole                  // a "test_role" follows the language
)

// PackSource packs a source row (JSON) by its fields (format 0x0c); false
// for a row of another form (nothing a reader could read back byte for
// byte).
//
// After the format byte: the lines, definitions, exported and documented
// counts as varints, a byte of flags (1 a test, 2 generated, 4 a test
// role), the language (its length as a uvarint, then its bytes) and, with
// flag 4, the test role so. No DEFLATE: it would lengthen a body this
// short.
func PackSource(data []byte) ([]byte, bool) {
	body, ok := readSourceJSON(data)
	if !ok {
		return nil, false
	}
	back, err := sourceJSON(body)
	if err != nil || string(back) != string(data) {
		return nil, false
	}
	return append([]byte{packSource}, body...), true
}

// readSourceJSON reads a row written as {"lines":N,"definitions":N,
// "exported":N,"documented":N,"language":S,"is_test":B[,"test_role":S]
// [,"generated":true]} into a body of format 0x0c; false for any other
// text. The caller checks that the body gives the bytes back.
func readSourceJSON(data []byte) ([]byte, bool) {
	s := string(data)
	b := make([]byte, 0, 16)
	for _, key := range []string{`{"lines":`, `,"definitions":`, `,"exported":`, `,"documented":`} {
		if len(s) < len(key) || s[:len(key)] != key {
			return nil, false
		}
		s = s[len(key):]
		end := 0
		for end < len(s) && (s[end] == '-' || s[end] >= '0' && s[end] <= '9') {
			end++
		}
		n, err := strconv.ParseInt(s[:end], 10, 64)
		if err != nil {
			return nil, false
		}
		b = binary.AppendVarint(b, n)
		s = s[end:]
	}
	lang, s, ok := cutJSONWord(s, `,"language":`)
	if !ok {
		return nil, false
	}
	var flags byte
	switch {
	case len(s) >= 15 && s[:15] == `,"is_test":true`:
		flags, s = sourceTest, s[15:]
	case len(s) >= 16 && s[:16] == `,"is_test":false`:
		s = s[16:]
	default:
		return nil, false
	}
	role, rest, hasRole := cutJSONWord(s, `,"test_role":`)
	if hasRole {
		flags, s = flags|sourceRole, rest
	}
	if len(s) >= 17 && s[:17] == `,"generated":true` {
		flags, s = flags|sourceGenerated, s[17:]
	}
	if s != "}" {
		return nil, false
	}
	b = appendScoresText(append(b, flags), lang)
	if hasRole {
		b = appendScoresText(b, role)
	}
	return b, true
}

// cutJSONWord reads key and then a string of printable ASCII without a
// character JSON escapes, from the front of s.
func cutJSONWord(s, key string) (word, rest string, ok bool) {
	if len(s) < len(key)+2 || s[:len(key)] != key || s[len(key)] != '"' {
		return "", s, false
	}
	s = s[len(key)+1:]
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return s[:i], s[i+1:], true
		case c < 0x20 || c >= 0x7f || c == '\\' || c == '<' || c == '>' || c == '&':
			return "", s, false
		}
	}
	return "", s, false
}

// sourceJSON gives back the JSON of a body of format 0x0c as
// json.Marshal writes the row.
func sourceJSON(body []byte) ([]byte, error) {
	r := &scoresReader{b: body, row: "a source row"}
	b := make([]byte, 0, 128)
	for _, key := range []string{`{"lines":`, `,"definitions":`, `,"exported":`, `,"documented":`} {
		b = strconv.AppendInt(append(b, key...), r.varint(key[2:len(key)-2]), 10)
	}
	var flags byte
	if f := r.bytes(1, "flags"); r.err == nil {
		flags = f[0]
	}
	if r.err == nil && flags&^(sourceTest|sourceGenerated|sourceRole) != 0 {
		return nil, fmt.Errorf("%w: a source row's flags %#x", ErrPacked, flags)
	}
	word := func(what string) string { return string(r.bytes(r.uvarint(what), what)) }
	b = appendJSONString(append(b, `,"language":`...), word("language"))
	if flags&sourceTest != 0 {
		b = append(b, `,"is_test":true`...)
	} else {
		b = append(b, `,"is_test":false`...)
	}
	if flags&sourceRole != 0 {
		b = appendJSONString(append(b, `,"test_role":`...), word("test role"))
	}
	if flags&sourceGenerated != 0 {
		b = append(b, `,"generated":true`...)
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after a source row", ErrPacked, len(r.b))
	}
	return append(b, '}'), nil
}
