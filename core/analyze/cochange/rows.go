package cochange

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
)

// Row is a file's co-change result as stored: the file's own count of
// analysed commits, and its partner list without each partner's count and
// the confidence that follows from it. Those move whenever the partner
// gains a commit, and stored they rewrote the rows of every file listing a
// partner the new commits touched (2,715 rows after 10 commits on
// spring-boot); a reader works them out from the partners' own rows
// (Row.Complete).
type Row struct {
	Revs     int       `json:"revs,omitempty"`
	Partners []Partner `json:"partners,omitempty"`
}

// Rows are the rows of the files at HEAD (paths) that have analysed
// commits or a partner list: revs are the files' commit counts
// (Result.Revisions), partners the lists by path with their partners' Revs
// and Confidence, as Analyze gives them.
func Rows(paths []string, revs map[string]int, partners map[string][]Partner) map[string]Row {
	rows := map[string]Row{}
	for _, p := range paths {
		list := partners[p]
		if revs[p] == 0 && len(list) == 0 {
			continue
		}
		row := Row{Revs: revs[p]}
		if len(list) > 0 {
			row.Partners = make([]Partner, len(list))
			for i, pt := range list {
				pt.Revs, pt.Confidence = 0, 0
				row.Partners[i] = pt
			}
		}
		rows[p] = row
	}
	return rows
}

// Complete is the row's partner list with what the row leaves out: each
// partner's commit count, revsOf(path) (the Revs of the partner's own row;
// 0 for a file without one), and the pair's confidence, as Analyze works
// it out.
func (r Row) Complete(revsOf func(path string) int) []Partner {
	if len(r.Partners) == 0 {
		return nil
	}
	list := make([]Partner, len(r.Partners))
	for i, pt := range r.Partners {
		pt.Revs = revsOf(pt.Path)
		pt.Confidence = Confidence(pt.Count, r.Revs, pt.Revs)
		list[i] = pt
	}
	return list
}

// DecodeRow reads a stored row. A row written before rows left the
// partners' counts out is the bare partner list, counts included: it
// comes back as Partners with Revs 0, and complete is true (the list needs
// no Complete).
func DecodeRow(data []byte) (row Row, complete bool, err error) {
	if b := bytes.TrimLeft(data, " \t\r\n"); len(b) > 0 && b[0] == '[' {
		err = json.Unmarshal(b, &row.Partners)
		return row, true, err
	}
	err = json.Unmarshal(data, &row)
	return row, false, err
}

// AppendJSON appends the row as encoding/json encodes it (json.Marshal
// of the Row, byte for byte: the stored form and its digest), written
// field by field. An update encodes every file's row to compare it with
// the stored one, and through reflection that was 0.14 s and 72 MB of
// allocations on spring-boot. Strings that need escaping, and floats
// encoding/json writes with an exponent or cannot write, are left to
// json.Marshal (an error from it, for a NaN, is returned).
func (r Row) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, '{')
	comma := false
	if r.Revs != 0 {
		b = append(b, `"revs":`...)
		b = strconv.AppendInt(b, int64(r.Revs), 10)
		comma = true
	}
	if len(r.Partners) > 0 {
		if comma {
			b = append(b, ',')
		}
		b = append(b, `"partners":[`...)
		for i, p := range r.Partners {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = p.appendJSON(b); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

// appendJSON appends the partner as encoding/json encodes it.
func (p Partner) appendJSON(b []byte) ([]byte, error) {
	var err error
	b = append(b, `{"Path":`...)
	if b, err = appendJSONString(b, p.Path); err != nil {
		return nil, err
	}
	b = append(b, `,"Count":`...)
	b = strconv.AppendInt(b, int64(p.Count), 10)
	b = appendOmitInt(b, `,"Revs":`, int64(p.Revs))
	b = append(b, `,"Confidence":`...)
	if b, err = appendJSONFloat(b, p.Confidence); err != nil {
		return nil, err
	}
	if p.Strength != 0 {
		b = append(b, `,"Strength":`...)
		if b, err = appendJSONFloat(b, p.Strength); err != nil {
			return nil, err
		}
	}
	b = appendOmitInt(b, `,"Last":`, p.Last)
	b = append(b, `,"Reason":`...)
	if b, err = appendJSONString(b, p.Reason); err != nil {
		return nil, err
	}
	b = appendOmitInt(b, `,"Sweeps":`, int64(p.Sweeps))
	b = appendOmitInt(b, `,"Bots":`, int64(p.Bots))
	b = appendOmitInt(b, `,"Releases":`, int64(p.Releases))
	if p.Activity != 0 {
		b = append(b, `,"Activity":`...)
		if b, err = appendJSONFloat(b, p.Activity); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendOmitInt appends key and v unless v is 0 (omitempty).
func appendOmitInt(b []byte, key string, v int64) []byte {
	if v == 0 {
		return b
	}
	return strconv.AppendInt(append(b, key...), v, 10)
}

// appendJSONString appends s quoted: as it is when no byte of it needs
// escaping by encoding/json's rules (printable ASCII but for '"', '\\'
// and the HTML characters '<', '>', '&'), else as json.Marshal quotes it.
func appendJSONString(b []byte, s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, err := json.Marshal(s)
			return append(b, q...), err
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}

// appendJSONFloat appends f as encoding/json writes a float64: the
// shortest decimal that reads back as f, without an exponent for 0 and
// magnitudes from 1e-6 up to 1e21; the others (an exponent, a NaN or an
// infinity) as json.Marshal writes them or fails.
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) || math.IsNaN(f) {
		q, err := json.Marshal(f)
		return append(b, q...), err
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64), nil
}
