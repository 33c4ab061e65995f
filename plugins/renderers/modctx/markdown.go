package modctx

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/homer-dev/homer/plugins/renderers/internal/prose"
	"github.com/homer-dev/homer/sdk/agentsfile"
)

var code = agentsfile.Code

// section is one part of a directory's file: a heading, an optional line
// under it, and items, the most valuable first. The word budget decides
// how many items are shown; tail says what the hidden ones were.
type section struct {
	title string
	intro string
	items []string
	// para joins the items into one paragraph (sentences of a purpose)
	// instead of a bulleted list.
	para  bool
	limit int
	tail  func(hidden int) string
	shown int
}

func (s *section) text() string {
	if s.shown == 0 {
		return ""
	}
	var b strings.Builder
	if s.title != "" {
		b.WriteString("## " + s.title + "\n\n")
	}
	if s.intro != "" {
		b.WriteString(s.intro + "\n\n")
	}
	if s.para {
		b.WriteString(strings.Join(s.items[:s.shown], " ") + "\n\n")
		return b.String()
	}
	for _, it := range s.items[:s.shown] {
		b.WriteString("- " + it + "\n")
	}
	if hidden := len(s.items) - s.shown; hidden > 0 && s.tail != nil {
		b.WriteString("- " + s.tail(hidden) + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

func words(s string) int { return len(strings.Fields(s)) }

// fit chooses how many items each section shows within budget words
// (besides fixed, the header's): first one item of each section in
// order of value, then one more item at a time in rounds, most valuable
// section first, as long as the file stays within the budget. A section
// that cannot show even one item is left out.
func fit(sections []*section, fixed, budget int) {
	total := fixed
	grow := func(s *section) bool {
		max := min(len(s.items), s.limit)
		if s.shown >= max {
			return false
		}
		before := words(s.text())
		s.shown++
		if total+words(s.text())-before > budget {
			s.shown--
			return false
		}
		total += words(s.text()) - before
		return true
	}
	for _, s := range sections {
		grow(s)
	}
	for more := true; more; {
		more = false
		for _, s := range sections {
			if s.shown > 0 && grow(s) {
				more = true
			}
		}
	}
}

// writeDir renders the context file of one directory.
func (x *index) writeDir(dir string) string {
	var head strings.Builder
	head.WriteString(agentsfile.Marker + "\n")
	head.WriteString("# " + code(dir+"/") + "\n\n")
	head.WriteString(x.provenance() + "\n\n")

	sections := []*section{
		x.purpose(dir),
		x.entities(dir),
		x.importers(dir),
		x.importsOf(dir),
		x.coChanges(dir),
		x.together(dir),
		x.profile(dir),
		x.docs(dir),
		x.dependencies(dir),
	}
	var kept []*section
	for _, s := range sections {
		if s != nil && len(s.items) > 0 {
			kept = append(kept, s)
		}
	}
	foot := "Regenerate with `homer render`; keep notes of your own inside `<!-- homer:preserve -->` blocks.\n"
	fit(kept, words(head.String())+words(foot), x.opts.maxWords)

	var b strings.Builder
	b.WriteString(head.String())
	for _, s := range kept {
		b.WriteString(s.text())
	}
	b.WriteString("---\n\n" + foot)
	return b.String()
}

// provenance says what the file was made from.
func (x *index) provenance() string {
	s := "Homer's notes on this directory, from the code"
	if h := x.m.GetHead(); h != "" {
		s += " at commit " + code(h[:min(len(h), 12)])
	}
	if t := x.m.GetHeadTime(); t > 0 {
		s += " (" + date(t) + ")"
	}
	if n := x.m.GetSummary().GetCommits(); n > 0 {
		s += fmt.Sprintf(" and %d commits of history", n)
	}
	return s + "."
}

func date(unix int64) string { return time.Unix(unix, 0).UTC().Format("2006-01-02") }

// purpose is what the directory is for, in its own documentation's words:
// the first paragraph of the module's doc comment, else of its README. Nothing is
// said when neither exists.
func (x *index) purpose(dir string) *section {
	mm := x.modules[dir]
	text, from := prose.DocLead(mm.GetDoc()), ""
	if text == "" && mm.GetReadme() != "" {
		text, from = prose.ReadmeLead(mm.GetReadme()), mm.GetReadmePath()
	}
	sentences := splitSentences(text)
	if len(sentences) == 0 {
		return nil
	}
	s := &section{title: "Purpose", items: sentences, para: true, limit: len(sentences)}
	if from != "" {
		s.title += " (from " + code(path.Base(from)) + ")"
	}
	return s
}

// splitSentences cuts text into sentences at ". ", "! " and "? ".
func splitSentences(text string) []string {
	text = strings.Join(strings.Fields(text), " ")
	var out []string
	for text != "" {
		cut := prose.SentenceEnd(text)
		if cut >= 0 {
			cut++
		}
		if cut < 0 {
			out = append(out, text)
			break
		}
		out = append(out, text[:cut])
		text = strings.TrimSpace(text[cut:])
	}
	return out
}

// firstSentence of a doc comment, cut at 25 words.
func firstSentence(doc string) string {
	s := splitSentences(doc)
	if len(s) == 0 {
		return ""
	}
	w := strings.Fields(s[0])
	if len(w) > 25 {
		return strings.Join(w[:25], " ") + " …"
	}
	return s[0]
}
