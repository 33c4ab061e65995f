package gitsource

import (
	"bytes"
	"strings"
)

// mailmap maps commit identities to canonical ones, as git's .mailmap does
// (see gitmailmap(5)). Its four line forms:
//
//	Proper Name <commit@email>
//	<proper@email> <commit@email>
//	Proper Name <proper@email> <commit@email>
//	Proper Name <proper@email> Commit Name <commit@email>
//
// Emails and names match case-insensitively. The last form applies only
// when both name and email match; otherwise the email's simple entry, if
// any, applies.
type mailmap struct {
	byEmail map[string]*mailmapEntry
}

type mailmapEntry struct {
	name, email string                   // simple replacement; "" keeps the original
	byName      map[string]*mailmapEntry // replacements for a given commit name
}

func parseMailmap(data []byte) *mailmap {
	m := &mailmap{byEmail: map[string]*mailmapEntry{}}
	for _, line := range bytes.Split(data, []byte{'\n'}) {
		s := string(line)
		if strings.HasPrefix(s, "#") {
			continue
		}
		name1, email1, rest, ok := parseNameEmail(s, false)
		if !ok {
			continue
		}
		name2, email2, _, ok2 := parseNameEmail(rest, true)
		if !ok2 {
			name2, email2 = "", ""
		}
		m.add(name1, email1, name2, email2, ok2)
	}
	return m
}

// parseNameEmail reads "Name <email>" from s and returns what follows.
func parseNameEmail(s string, allowEmptyEmail bool) (name, email, rest string, ok bool) {
	left := strings.IndexByte(s, '<')
	if left < 0 {
		return "", "", "", false
	}
	right := strings.IndexByte(s[left+1:], '>')
	if right < 0 {
		return "", "", "", false
	}
	right += left + 1
	if !allowEmptyEmail && right == left+1 {
		return "", "", "", false
	}
	return strings.TrimSpace(s[:left]), s[left+1 : right], s[right+1:], true
}

// add records a line: new identity (name1, email1) for old (name2, email2);
// with no old email the line maps email1 itself.
func (m *mailmap) add(newName, newEmail, oldName, oldEmail string, hasOld bool) {
	if !hasOld {
		oldEmail, newEmail = newEmail, ""
	}
	key := strings.ToLower(oldEmail)
	me := m.byEmail[key]
	if me == nil {
		me = &mailmapEntry{}
		m.byEmail[key] = me
	}
	if oldName == "" {
		if newName != "" {
			me.name = newName
		}
		if newEmail != "" {
			me.email = newEmail
		}
		return
	}
	if me.byName == nil {
		me.byName = map[string]*mailmapEntry{}
	}
	me.byName[strings.ToLower(oldName)] = &mailmapEntry{name: newName, email: newEmail}
}

// lookup returns the canonical name and email.
func (m *mailmap) lookup(name, email string) (string, string) {
	me := m.byEmail[strings.ToLower(email)]
	if me == nil {
		return name, email
	}
	if sub := me.byName[strings.ToLower(name)]; sub != nil {
		me = sub
	}
	if me.name != "" {
		name = me.name
	}
	if me.email != "" {
		email = me.email
	}
	return name, email
}
