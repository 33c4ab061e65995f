package cochange

import (
	"bytes"
	"encoding/json"
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
