package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// A commit's file changes are stored in its row of commits (schema 32,
// column changes), packed into one value: for each change, by file id
// ascending, a varint of the id's distance from the previous one (from 0)
// shifted left by two bits, whose low two bits say what follows:
//   - 0: a modification ("M"): the added and deleted line counts;
//   - 1: an addition ("A") of no deleted lines: the added lines;
//   - 2: a deletion ("D") of no added lines: the deleted lines;
//   - 3: anything else (binary, renamed or copied, another status, a
//     negative count): a tag byte, then the two counts and what the tag
//     says follows.
//
// Every number is a varint. The tag's low three bits are the status
// (statusCodes; 7 is followed by the status's length and bytes), then:
const (
	changeBinary     = 1 << 3 // a binary file
	changeOld        = 1 << 4 // renamed or copied: the old file's id follows the line counts
	changeSimilarity = 1 << 5 // the similarity (percent) follows
	changeSigned     = 1 << 6 // the line counts are zig-zag coded (a negative count)
	changeOtherCode  = 7
)

// The low two bits of a change's first varint.
const (
	changeModified = 0
	changeAdded    = 1
	changeDeleted  = 2
	changeTagged   = 3
)

// statusCodes are git's statuses by their code in a tag; a status not
// listed is written out.
var statusCodes = [...]string{"M", "A", "D", "R", "C", "T", "U"}

// PackChanges packs one commit's changes (Commit is not read). Of two
// changes of one file the first is kept, as the table's key once did.
func PackChanges(changes []ChangeRow) []byte {
	if len(changes) == 0 {
		return nil
	}
	rows := make([]ChangeRow, 0, len(changes))
	seen := make(map[int64]bool, len(changes))
	for _, c := range changes {
		if !seen[c.File] {
			seen[c.File] = true
			rows = append(rows, c)
		}
	}
	slices.SortFunc(rows, func(a, b ChangeRow) int {
		switch {
		case a.File < b.File:
			return -1
		case a.File > b.File:
			return 1
		}
		return 0
	})
	out := make([]byte, 0, 5*len(rows))
	var prev int64
	for _, c := range rows {
		dist := uint64(c.File-prev) << 2
		prev = c.File
		plain := !c.Binary && c.OldFile == 0 && !c.HasSimilarity && c.Added >= 0 && c.Deleted >= 0
		switch {
		case plain && c.Status == "M":
			out = binary.AppendUvarint(out, dist|changeModified)
			out = binary.AppendUvarint(out, uint64(c.Added))
			out = binary.AppendUvarint(out, uint64(c.Deleted))
			continue
		case plain && c.Status == "A" && c.Deleted == 0:
			out = binary.AppendUvarint(out, dist|changeAdded)
			out = binary.AppendUvarint(out, uint64(c.Added))
			continue
		case plain && c.Status == "D" && c.Added == 0:
			out = binary.AppendUvarint(out, dist|changeDeleted)
			out = binary.AppendUvarint(out, uint64(c.Deleted))
			continue
		}
		out = binary.AppendUvarint(out, dist|changeTagged)
		code := slices.Index(statusCodes[:], c.Status)
		tag := byte(code)
		if code < 0 {
			tag = changeOtherCode
		}
		if c.Binary {
			tag |= changeBinary
		}
		if c.OldFile != 0 {
			tag |= changeOld
		}
		if c.HasSimilarity {
			tag |= changeSimilarity
		}
		if c.Added < 0 || c.Deleted < 0 {
			tag |= changeSigned
		}
		out = append(out, tag)
		if code < 0 {
			out = binary.AppendUvarint(out, uint64(len(c.Status)))
			out = append(out, c.Status...)
		}
		if tag&changeSigned != 0 {
			out = binary.AppendVarint(out, int64(c.Added))
			out = binary.AppendVarint(out, int64(c.Deleted))
		} else {
			out = binary.AppendUvarint(out, uint64(c.Added))
			out = binary.AppendUvarint(out, uint64(c.Deleted))
		}
		if c.OldFile != 0 {
			out = binary.AppendUvarint(out, uint64(c.OldFile))
		}
		if c.HasSimilarity {
			out = binary.AppendVarint(out, int64(c.Similarity))
		}
	}
	return out
}

var errChangePack = errors.New("store: malformed packed changes")

// EachPackedChange calls fn for each change PackChanges packed, by file id
// ascending, with Commit set to commit; fn returning false stops it.
func EachPackedChange(commit int64, data []byte, fn func(ChangeRow) bool) error {
	var file int64
	for len(data) > 0 {
		head, n := binary.Uvarint(data)
		if n <= 0 || len(data) == n {
			return errChangePack
		}
		if head>>2 > uint64(math.MaxInt64-file) {
			return errChangePack
		}
		file += int64(head >> 2)
		data = data[n:]
		c := ChangeRow{Commit: commit, File: file}
		var err error
		switch head & 3 {
		case changeModified:
			var a, b uint64
			if a, data, err = uvarint(data); err != nil {
				return err
			}
			if b, data, err = uvarint(data); err != nil {
				return err
			}
			c.Status, c.Added, c.Deleted = "M", int(a), int(b)
		case changeAdded:
			var a uint64
			if a, data, err = uvarint(data); err != nil {
				return err
			}
			c.Status, c.Added = "A", int(a)
		case changeDeleted:
			var b uint64
			if b, data, err = uvarint(data); err != nil {
				return err
			}
			c.Status, c.Deleted = "D", int(b)
		}
		if head&3 != changeTagged {
			if !fn(c) {
				return nil
			}
			continue
		}
		tag := data[0]
		data = data[1:]
		c.Binary, c.HasSimilarity = tag&changeBinary != 0, tag&changeSimilarity != 0
		if code := tag & 7; code == changeOtherCode {
			l, n := binary.Uvarint(data)
			if n <= 0 || uint64(len(data)-n) < l {
				return errChangePack
			}
			c.Status = string(data[n : n+int(l)])
			data = data[n+int(l):]
		} else if int(code) < len(statusCodes) {
			c.Status = statusCodes[code]
		} else {
			return errChangePack
		}
		if tag&changeSigned != 0 {
			var a, b int64
			if a, data, err = varint(data); err != nil {
				return err
			}
			if b, data, err = varint(data); err != nil {
				return err
			}
			c.Added, c.Deleted = int(a), int(b)
		} else {
			var a, b uint64
			if a, data, err = uvarint(data); err != nil {
				return err
			}
			if b, data, err = uvarint(data); err != nil {
				return err
			}
			c.Added, c.Deleted = int(a), int(b)
		}
		if tag&changeOld != 0 {
			var old uint64
			if old, data, err = uvarint(data); err != nil {
				return err
			}
			c.OldFile = int64(old)
		}
		if tag&changeSimilarity != 0 {
			var s int64
			if s, data, err = varint(data); err != nil {
				return err
			}
			c.Similarity = int(s)
		}
		if !fn(c) {
			return nil
		}
	}
	return nil
}

// UnpackChanges returns the changes PackChanges packed.
func UnpackChanges(commit int64, data []byte) ([]ChangeRow, error) {
	var out []ChangeRow
	err := EachPackedChange(commit, data, func(c ChangeRow) bool { out = append(out, c); return true })
	return out, err
}

// CountPackedChanges is how many changes a packed value holds.
func CountPackedChanges(data []byte) (int, error) {
	n := 0
	err := EachPackedChange(0, data, func(ChangeRow) bool { n++; return true })
	return n, err
}

func uvarint(data []byte) (uint64, []byte, error) {
	v, n := binary.Uvarint(data)
	if n <= 0 {
		return 0, nil, errChangePack
	}
	return v, data[n:], nil
}

func varint(data []byte) (int64, []byte, error) {
	v, n := binary.Varint(data)
	if n <= 0 {
		return 0, nil, errChangePack
	}
	return v, data[n:], nil
}

// changeRowsJSON is change_rows(changes) in SQL, what the view changes
// reads: the packed changes as a JSON array of [file_id, status, added,
// deleted, binary, old_file_id, similarity] (NULL for no old file or no
// similarity), for json_each.
func changeRowsJSON(data []byte) (string, error) {
	var b strings.Builder
	b.WriteByte('[')
	first := true
	err := EachPackedChange(0, data, func(c ChangeRow) bool {
		if !first {
			b.WriteByte(',')
		}
		first = false
		status, _ := json.Marshal(c.Status)
		bin := 0
		if c.Binary {
			bin = 1
		}
		old, sim := "null", "null"
		if c.OldFile != 0 {
			old = fmt.Sprint(c.OldFile)
		}
		if c.HasSimilarity {
			sim = fmt.Sprint(c.Similarity)
		}
		fmt.Fprintf(&b, "[%d,%s,%d,%d,%d,%s,%s]", c.File, status, c.Added, c.Deleted, bin, old, sim)
		return true
	})
	b.WriteByte(']')
	return b.String(), err
}

// changePacker is the aggregate pack_changes(file_id, status, added,
// deleted, binary, old_file_id, similarity): the migration to schema 32
// packs each commit's rows of the old table with it.
type changePacker struct{ rows []ChangeRow }

func (p *changePacker) Step(file int64, status string, added, deleted int64, bin bool, old, similarity any) {
	c := ChangeRow{File: file, Status: status, Added: int(added), Deleted: int(deleted), Binary: bin}
	if o, ok := old.(int64); ok {
		c.OldFile = o
	}
	if s, ok := similarity.(int64); ok {
		c.Similarity, c.HasSimilarity = int(s), true
	}
	p.rows = append(p.rows, c)
}

func (p *changePacker) Done() []byte { return PackChanges(p.rows) }
