package store

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math"

	kflate "github.com/klauspost/compress/flate"
)

// Commit messages are packed several together (since schema 41): one
// message of a few lines repeats little within itself, while a run of
// consecutive commits shares words, trailers and names (on spring-boot the
// 62,000 messages took 3.5 MB packed one by one). A pack is a row of
// message_packs holding up to messagesPerPack messages of commits stored
// together, packed as one text (PackText of the payload packTexts
// makes). A commit whose message lies in a pack has message_at set to the
// pack's id times 1024 plus the message's place in it, and an empty text as its
// message; a commit stored alone (the only new commit of an update) keeps
// its message packed by itself and message_at NULL. A pack goes with the
// last commit that refers to it.
const messagesPerPack = 512

// MessageSQL is the SQL of the message of the commit whose row of commits
// the query names c, as text, for readers of a few commits (a search's
// hits, risk-check's shared commits). Readers of every commit read the
// columns raw through a MessageReader.
func MessageSQL(c string) string {
	return "CASE WHEN " + c + ".message_at IS NULL THEN unpack(" + c + ".message) ELSE text_in(" + c + ".message_at, " +
		"(SELECT p.data FROM message_packs p WHERE p.id = " + c + ".message_at >> 10)) END"
}

// MessageColumns are the columns a MessageReader reads of the commit the
// query names c, to scan into any and sql.NullInt64.
func MessageColumns(c string) string { return c + ".message, " + c + ".message_at" }

// MessagePacksSQL reads every pack of messages, for MessageReader.Add.
const MessagePacksSQL = "SELECT id, data FROM message_packs"

// packTexts is the payload of a pack of messages: their number and
// each one's length as uvarints, then the messages one after the other.
func packTexts(messages []string) []byte {
	n := binary.MaxVarintLen64 * (len(messages) + 1)
	for _, m := range messages {
		n += len(m)
	}
	out := make([]byte, 0, n)
	out = binary.AppendUvarint(out, uint64(len(messages)))
	for _, m := range messages {
		out = binary.AppendUvarint(out, uint64(len(m)))
	}
	for _, m := range messages {
		out = append(out, m...)
	}
	return out
}

// unpackTexts splits a pack's payload (packTexts) into its
// messages, which share one string's memory.
func unpackTexts(payload []byte) ([]string, error) {
	count, k := binary.Uvarint(payload)
	if k <= 0 || count > uint64(len(payload)) {
		return nil, fmt.Errorf("%w: a pack of messages without its count", ErrPacked)
	}
	rest := payload[k:]
	lens := make([]uint64, count)
	total := uint64(0)
	for i := range lens {
		n, k := binary.Uvarint(rest)
		if k <= 0 {
			return nil, fmt.Errorf("%w: a pack of messages without its lengths", ErrPacked)
		}
		lens[i], rest = n, rest[k:]
		if n > uint64(len(rest)) {
			return nil, fmt.Errorf("%w: a message beyond its pack", ErrPacked)
		}
		total += n
	}
	if total != uint64(len(rest)) {
		return nil, fmt.Errorf("%w: a pack of messages holds %d bytes, its lengths say %d", ErrPacked, len(rest), total)
	}
	all := string(rest)
	out := make([]string, count)
	off := uint64(0)
	for i, n := range lens {
		out[i] = all[off : off+n]
		off += n
	}
	return out, nil
}

// textPackCache keeps the last pack of messages read whole, by its stored
// bytes. A pack asked for once is read only as far as the message asked
// for (a search's hits lie in packs apart); asked for twice in a row (the
// deletion of many commits), it is read whole and kept.
type textPackCache struct {
	data     []byte
	messages []string
	asked    []byte // the stored bytes of the last pack read in part
}

// textIn is the text at place at&1023 of the pack whose stored bytes are
// data (SQL text_in(at, data)).
func (c *textPackCache) textIn(at int64, data []byte) (string, error) {
	if data == nil {
		return "", fmt.Errorf("%w: the pack of message %d is gone", ErrPacked, at)
	}
	i := int(at & 1023)
	if c.messages == nil || string(c.data) != string(data) {
		if string(c.asked) != string(data) {
			c.asked = append(c.asked[:0], data...)
			return textAt(data, i)
		}
		payload, err := Unpack(data)
		if err != nil {
			return "", err
		}
		messages, err := unpackTexts(payload)
		if err != nil {
			return "", err
		}
		c.data, c.messages = append(c.data[:0], data...), messages
	}
	if i >= len(c.messages) {
		return "", fmt.Errorf("%w: message %d of a pack of %d", ErrPacked, i, len(c.messages))
	}
	return c.messages[i], nil
}

// textAt reads the message at place i of a pack from its stored bytes,
// inflating no further than the message's end.
func textAt(data []byte, i int) (string, error) {
	if len(data) == 0 {
		return "", fmt.Errorf("%w: empty", ErrPacked)
	}
	var src io.Reader
	switch data[0] {
	case packRaw:
		src = bytes.NewReader(data[1:])
	case packTextDict:
		r := readers.Get().(io.ReadCloser)
		defer readers.Put(r)
		if err := r.(kflate.Resetter).Reset(bytes.NewReader(data[1:]), textDictBytes); err != nil {
			return "", fmt.Errorf("%w: %v", ErrPacked, err)
		}
		src = r
	default:
		return "", fmt.Errorf("%w: a pack of messages of format %#x", ErrPacked, data[0])
	}
	buf := make([]byte, 0, 2048)
	start, end := -1, -1
	for {
		if end < 0 {
			var err error
			if start, end, err = placeOf(buf, i); err != nil {
				return "", err
			}
		}
		if end >= 0 && len(buf) >= end {
			return string(buf[start:end]), nil
		}
		if len(buf) == cap(buf) {
			buf = append(buf, make([]byte, len(buf))...)[:len(buf)]
		}
		n, err := src.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF && n == 0 {
			return "", fmt.Errorf("%w: a pack of messages ends before message %d", ErrPacked, i)
		} else if err != nil && err != io.EOF {
			return "", fmt.Errorf("%w: %v", ErrPacked, err)
		}
	}
}

// placeOf finds, in the first bytes of a pack's payload (packTexts),
// where message i lies: start and end are -1 while prefix holds too few
// bytes to tell.
func placeOf(prefix []byte, i int) (start, end int, err error) {
	count, k := binary.Uvarint(prefix)
	if k < 0 {
		return 0, 0, fmt.Errorf("%w: a pack of messages without its count", ErrPacked)
	}
	if k == 0 {
		return -1, -1, nil
	}
	if uint64(i) >= count {
		return 0, 0, fmt.Errorf("%w: message %d of a pack of %d", ErrPacked, i, count)
	}
	off, before, n := k, uint64(0), uint64(0)
	for j := uint64(0); j < count; j++ {
		v, k := binary.Uvarint(prefix[off:])
		if k < 0 {
			return 0, 0, fmt.Errorf("%w: a pack of messages without its lengths", ErrPacked)
		}
		if k == 0 {
			return -1, -1, nil
		}
		off += k
		switch {
		case j < uint64(i):
			before += v
		case j == uint64(i):
			n = v
		}
		if before > math.MaxInt32 || n > math.MaxInt32 {
			return 0, 0, fmt.Errorf("%w: a message beyond its pack", ErrPacked)
		}
	}
	return off + int(before), off + int(before) + int(n), nil
}

// MessageReader gives the messages of every commit of a read back: Add
// each pack (MessagePacksSQL) first, then Message of each commit's columns
// (MessageColumns). A read in the order of the commits' ids unpacks each
// pack once.
type MessageReader struct {
	packs  map[int64][]byte
	lastID int64
	last   []string
}

// NewMessageReader is a reader with no pack yet.
func NewMessageReader() *MessageReader { return &MessageReader{packs: map[int64][]byte{}} }

// Add keeps a pack's stored bytes (it copies them).
func (r *MessageReader) Add(id int64, data []byte) {
	r.packs[id] = append([]byte(nil), data...)
}

// Message is the message of a commit whose columns message and message_at
// are stored and at.
func (r *MessageReader) Message(stored any, at sql.NullInt64) (string, error) {
	if !at.Valid {
		return UnpackText(stored)
	}
	id := at.Int64 >> 10
	if r.last == nil || r.lastID != id {
		data, ok := r.packs[id]
		if !ok {
			return "", fmt.Errorf("%w: the pack of message %d is gone", ErrPacked, at.Int64)
		}
		payload, err := Unpack(data)
		if err != nil {
			return "", err
		}
		messages, err := unpackTexts(payload)
		if err != nil {
			return "", err
		}
		r.lastID, r.last = id, messages
	}
	i := int(at.Int64 & 1023)
	if i >= len(r.last) {
		return "", fmt.Errorf("%w: message %d of a pack of %d", ErrPacked, i, len(r.last))
	}
	return r.last[i], nil
}

// messageRows gives the stored form of messages written together:
// for each, its message column (hex of the packed bytes, or "") and its
// message_at (nil when stored alone); and the packs to store, by id, their
// ids from first on. A lone message is packed by itself.
func messageRows(messages []string, first int64) (stored []string, at []any, packs map[int64]string) {
	stored = make([]string, len(messages))
	if len(messages) == 1 {
		stored[0] = hex.EncodeToString(PackText([]byte(messages[0])))
		return stored, make([]any, 1), nil
	}
	at, packs = packGroups(messages, first, messagesPerPack)
	return stored, at, packs
}

// packGroups packs texts per to a pack, the packs' ids from first on: each
// text's place (its pack's id shifted 10 bits, then its index in the pack)
// and the packs, the hex of their packed bytes, by id.
func packGroups(texts []string, first int64, per int) (at []any, packs map[int64]string) {
	at, packs = make([]any, len(texts)), map[int64]string{}
	id := first
	for i := 0; i < len(texts); i += per {
		j := min(i+per, len(texts))
		packs[id] = hex.EncodeToString(PackText(packTexts(texts[i:j])))
		for k := i; k < j; k++ {
			at[k] = id<<10 | int64(k-i)
		}
		id++
	}
	return at, packs
}

// nextPack is the id a new pack of table (message_packs, text_packs)
// takes.
func (t *Tx) nextPack(table string) (int64, error) {
	var id int64
	err := t.QueryRow("SELECT coalesce(max(id), 0) + 1 FROM " + table).Scan(&id)
	return id, err
}

// storePacks writes packs packGroups made into table.
func (t *Tx) storePacks(table string, packs map[int64]string) error {
	if len(packs) == 0 {
		return nil
	}
	rows := make([][]any, 0, len(packs))
	for id, data := range packs {
		rows = append(rows, []any{id, data})
	}
	return t.ExecRaw("INSERT INTO "+table+" (id, data) SELECT value->>0, unhex(value->>1) FROM json_each(?)", mustMarshal(rows))
}

// pruneMessagePacks deletes the packs no commit refers to.
func (t *Tx) pruneMessagePacks() error {
	return t.ExecRaw("DELETE FROM message_packs WHERE id NOT IN (SELECT message_at >> 10 FROM commits WHERE message_at IS NOT NULL)")
}

// PackMessages packs the messages of the commits stored alone, in the
// order of their ids, messagesPerPack a pack (the migration to schema 41
// packs a store's messages so).
func (t *Tx) PackMessages() error {
	return t.packAlone("commits", "message", "message_at", "message_packs", messagesPerPack, "message of commit")
}

// packAlone packs the texts of table stored each by itself (column text,
// column at NULL), in the order of their node ids, per to a row of packs,
// and points each row at its place in its pack; what names a row in an
// error.
func (t *Tx) packAlone(table, text, at, packs string, per int, what string) error {
	ids, texts, err := t.unpackedRows("SELECT node_id, "+text+" FROM "+table+" WHERE "+at+" IS NULL ORDER BY node_id", what)
	if err != nil {
		return err
	}
	if len(ids) < 2 {
		return nil
	}
	first, err := t.nextPack(packs)
	if err != nil {
		return err
	}
	places, made := packGroups(texts, first, per)
	if err := t.storePacks(packs, made); err != nil {
		return err
	}
	update := make([][]any, len(ids))
	for i, id := range ids {
		update[i] = []any{id, places[i]}
	}
	return t.ExecRaw(`UPDATE `+table+` SET `+text+` = '', `+at+` = u.value->>1
		FROM json_each(?) u WHERE `+table+`.node_id = u.value->>0`, mustMarshal(update))
}

// The texts of search_texts (a definition's doc, its name first) are
// packed the same way since schema 43: those SetDefinitions writes in one
// call, textsPerPack a row of text_packs; such a row's body is empty and
// body_at names its pack and place as message_at does. A text indexed
// alone (Index) keeps its body packed by itself. A pack no row refers to
// is deleted at the end of a run (PruneTextPacks).
const textsPerPack = 256

// textSQL is the SQL of the text of the row of search_texts the query
// names t.
func textSQL(t string) string {
	return "CASE WHEN " + t + ".body_at IS NULL THEN unpack(" + t + ".body) ELSE text_in(" + t + ".body_at, " +
		"(SELECT p.data FROM text_packs p WHERE p.id = " + t + ".body_at >> 10)) END"
}

// packedTexts gives the stored form of texts written together, as
// messageRows does for messages: each one's body (the packed bytes, or
// "" for a text in a pack) and body_at (nil for a text packed alone), and
// the packs to store, their ids from first on.
func packedTexts(texts []string, first int64) (body []any, at []any, packs map[int64]string) {
	body = make([]any, len(texts))
	if len(texts) == 1 {
		body[0] = PackText([]byte(texts[0]))
		return body, make([]any, 1), nil
	}
	for k := range body {
		body[k] = ""
	}
	at, packs = packGroups(texts, first, textsPerPack)
	return body, at, packs
}

// unpackedRows reads query's rows of an id and a text stored packed by
// itself (PackText), unpacked; what names a row in an error.
func (t *Tx) unpackedRows(query, what string) ([]int64, []string, error) {
	rows, err := t.Query(query)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ids []int64
	var texts []string
	for rows.Next() {
		var id int64
		var stored any
		if err := rows.Scan(&id, &stored); err != nil {
			return nil, nil, err
		}
		text, err := UnpackText(stored)
		if err != nil {
			return nil, nil, fmt.Errorf("%s %d: %w", what, id, err)
		}
		ids = append(ids, id)
		texts = append(texts, text)
	}
	return ids, texts, rows.Err()
}

// PruneTextPacks deletes the packs of search_texts no row refers to (the
// rows of definitions deleted or indexed again), at the end of a run.
func (t *Tx) PruneTextPacks() error {
	return t.ExecRaw("DELETE FROM text_packs WHERE id NOT IN (SELECT body_at >> 10 FROM search_texts WHERE body_at IS NOT NULL)")
}

// PackSearchTexts packs the texts of search_texts stored alone, in the
// order of their nodes' ids, textsPerPack a pack (the migration to schema
// 43 packs a store's texts so).
func (t *Tx) PackSearchTexts() error {
	return t.packAlone("search_texts", "body", "body_at", "text_packs", textsPerPack, "text of node")
}
