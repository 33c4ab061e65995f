// Package prose reads the prose the renderers quote: a README's lead.
package prose

import (
	"regexp"
	"strings"
)

var (
	mdLink = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	// mdRefLink is a reference link, "[arguments][`Arg`]", or a link to
	// code by its name alone, "[`Command`]": their text.
	mdRefLink = regexp.MustCompile("\\[([^\\]]*)\\]\\[[^\\]]*\\]|\\[(`[^`\\]]+`)\\]")
	// linkDefinition is a reference link's target, on a line of its own:
	// "[Build Status]: https://img.shields.io/...".
	linkDefinition = regexp.MustCompile(`^\[[^\]]+\]:\s*\S`)
	// orderedItem opens an item of a numbered list: "1. [Overview](#o)".
	orderedItem = regexp.MustCompile(`^[0-9]+[.)] `)
	htmlTag     = regexp.MustCompile(`<[^>]+>`)
	rstRole     = regexp.MustCompile(":[a-z]+:`([^`<]*)(?:<[^>]*>)?`")
	emphasis    = regexp.MustCompile("[*_`]{1,3}")
)

// linkOnly is a line that is a link and nothing else but separators;
// pointsOn a line
// that announces one: "See the presentation here:".
var (
	linkOnly = regexp.MustCompile(`^[•|·,–—\s-]*\[[^\]]*\]\([^)]*\)[•|·,\s]*\.?$`)
	pointsOn = regexp.MustCompile(`(?i)^(view|see|read|visit|check out|find|watch|go to)\b.*:$`)
)

// navLink is a line that only points elsewhere: "View the
// [documentation](...)", "See [the docs](...)".
var navLink = regexp.MustCompile(`(?i)^(view|see|read|visit|check out|find|go to|for more)\b[^.]{0,40}\[[^\]]*\]\([^)]*\)[^.]{0,20}\.?$`)

// ReadmeLead is a README's first paragraph of prose: headings, badges,
// HTML, directives, code and lines that only point elsewhere are skipped.
// A README with no such paragraph gives its first heading that reads as
// a sentence (four words or more), if any.
func ReadmeLead(text string) string {
	text = joinSplitMarkup(text)
	var para []string
	heading := ""
	inFence := false
	boxed := 0
	// done ends the paragraph read so far: its text, unless it is one
	// word alone, a title ("rest_framework.schemas", "schemas:") that
	// the prose comes after, or one sentence that opens a list (plug's
	// "Plug is:", whose items say what it is in parts).
	done := func() (string, bool) {
		if len(para) == 1 && !strings.ContainsAny(para[0], " \t") {
			para = nil
		}
		if j := strings.Join(para, " "); strings.HasSuffix(j, ":") && !strings.Contains(j, ". ") {
			para = nil
		}
		if n := len(para); n > 0 {
			// A sentence the list below it ends: fmt's "This directory
			// contains build support files such as" reads without the
			// list's lead-in.
			for _, tail := range []string{" such as", " including", " like", " e.g."} {
				if t, ok := strings.CutSuffix(para[n-1], tail); ok && t != "" {
					para[n-1] = t
					break
				}
			}
		}
		if len(para) == 0 {
			return "", false
		}
		return strings.Join(para, " "), true
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			inFence = !inFence
			continue
		}
		if inBox := boxed > 0; !inFence {
			boxed = max(0, boxed+boxDepth(t))
			if inBox {
				// A banner, a footnote or a folded block: "<kbd>Show your
				// love for fzf -- T-shirts, mugs...</kbd>" is no lead.
				if len(para) > 0 {
					return strings.Join(para, " ")
				}
				continue
			}
		}
		next := ""
		if i+1 < len(lines) {
			next = strings.TrimSpace(lines[i+1])
		}
		switch {
		case inFence:
			continue
		case t == "":
			if lead, ok := done(); ok {
				return lead
			}
			continue
		case strings.Count(t, "|") >= 2:
			// A table row, with or without its outer pipes ("--- | ---",
			// "Latest ✔ | Latest ✔").
			if lead, ok := done(); ok {
				return lead
			}
			continue
		case len(para) == 0 && htmlParagraph(t) != "":
			// A centred description: <p align="center">Promise based
			// HTTP client for the browser and node.js</p>.
			return htmlParagraph(t)
		case linkOnly.MatchString(t):
			// A link alone is a pointer ("• [简体中文 readme](...)", a
			// list of translations), and so is "See the presentation
			// here:" with its link on the next line.
			if len(para) > 0 && pointsOn.MatchString(para[len(para)-1]) {
				para = nil
			}
			continue
		case navLink.MatchString(t):
			if lead, ok := done(); ok {
				return lead
			}
			continue
		case strings.HasPrefix(t, "#") && heading == "":
			if h := strings.TrimSpace(strings.TrimLeft(t, "#")); len(strings.Fields(h)) >= 4 {
				heading = emphasis.ReplaceAllString(mdLink.ReplaceAllString(h, "$1"), "")
			}
			if lead, ok := done(); ok {
				return lead
			}
			continue
		case linkDefinition.MatchString(t):
			if lead, ok := done(); ok {
				return lead
			}
			continue
		case strings.HasPrefix(t, "#") || strings.HasPrefix(t, "..") || strings.HasPrefix(t, "<") || strings.HasPrefix(t, "[!") ||
			strings.HasPrefix(t, "!") || strings.HasPrefix(t, "|") || strings.HasPrefix(t, ">") || rstUnderline(t) || rstUnderline(next) ||
			strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || orderedItem.MatchString(t) || indentedCode(l, i, lines) ||
			rstField.MatchString(t): // a directive's option (bleach's badge ":target: https://…") or a field list
			if lead, ok := done(); ok {
				return lead
			}
			continue
		}
		t = mdLink.ReplaceAllString(t, "$1")
		t = mdRefLink.ReplaceAllString(t, "$1$2")
		t = rstRole.ReplaceAllString(t, "$1")
		t = htmlTag.ReplaceAllString(t, "")
		t = emphasis.ReplaceAllString(t, "")
		if t = strings.TrimSpace(t); t != "" {
			para = append(para, t)
		}
	}
	if lead, ok := done(); ok {
		return lead
	}
	return heading
}

// rstField is a reStructuredText field or directive option line.
var rstField = regexp.MustCompile(`^:[A-Za-z][\w-]*:(\s|$)`)

var (
	// multiLineTag is an HTML tag whose attributes run over lines:
	// "<img\n  src=...\n/>".
	multiLineTag = regexp.MustCompile(`<[A-Za-z/!][^<>]*\n[^<>]*>`)
	// splitLinkText is a link's text broken over two lines:
	// "[![NPM\nversion](badge.svg)](...)".
	splitLinkText = regexp.MustCompile(`(\[[^\[\]\n]*)\n([^\[\]\n]*\]\()`)
)

// joinSplitMarkup puts an HTML tag or a link's text that a README breaks
// over lines back on one line, so that the line is read as the markup it
// is rather than as prose ("src=..." or "CI](...)" is no sentence).
func joinSplitMarkup(text string) string {
	if !strings.Contains(text, "\n") {
		return text
	}
	text = multiLineTag.ReplaceAllStringFunc(text, func(tag string) string {
		return strings.Join(strings.Fields(tag), " ")
	})
	return splitLinkText.ReplaceAllString(text, "$1 $2")
}

// DocLead is a doc comment's lead, read as ReadmeLead reads a README but
// with quoted lines read as prose: a module's doc comment may open with
// "> **Command Line Argument Parser for Rust**".
func DocLead(doc string) string {
	lines := strings.Split(doc, "\n")
	for i, l := range lines {
		if t := strings.TrimLeft(l, " "); strings.HasPrefix(t, ">") {
			lines[i] = strings.TrimSpace(strings.TrimPrefix(t, ">"))
		}
	}
	return ReadmeLead(strings.Join(lines, "\n"))
}

// indentedCode tells a line of code by its indent: four spaces or a tab,
// after a blank line or a line that introduces it ("schemas:"), as
// Markdown and docstrings set code apart. An indented line right after an
// HTML tag is the tag's text (<p align="center">\n    Zod's lead).
func indentedCode(l string, i int, lines []string) bool {
	if !strings.HasPrefix(l, "    ") && !strings.HasPrefix(l, "\t") {
		return false
	}
	for j := i - 1; j >= 0; j-- {
		prev := strings.TrimSpace(lines[j])
		switch {
		case prev == "" || strings.HasSuffix(prev, ":"):
			return true
		case strings.HasPrefix(prev, "<"):
			return false
		case strings.HasPrefix(lines[j], "    ") || strings.HasPrefix(lines[j], "\t"):
			continue // the block goes on
		default:
			return false // a paragraph's continuation
		}
	}
	return true
}

// boxTag opens or closes an HTML element whose text is aside from the
// prose around it: a keyboard-key box READMEs use as a banner, small
// print, a folded block, a table.
var boxTag = regexp.MustCompile(`(?i)<(/?)(kbd|sub|sup|small|details|table)\b`)

// boxDepth is how many such elements a line opens, less those it closes.
func boxDepth(t string) int {
	d := 0
	for _, m := range boxTag.FindAllStringSubmatch(t, -1) {
		if m[1] == "" {
			d++
		} else {
			d--
		}
	}
	return d
}

// htmlParagraph is the text of a line that is one HTML paragraph of prose
// (four words or more, no links), else "".
func htmlParagraph(t string) string {
	low := strings.ToLower(t)
	if !strings.HasPrefix(low, "<p") || !strings.HasSuffix(low, "</p>") || strings.Contains(low, "<a ") || strings.Contains(low, "<img") {
		return ""
	}
	text := strings.TrimSpace(emphasis.ReplaceAllString(htmlTag.ReplaceAllString(t, ""), ""))
	if len(strings.Fields(text)) < 4 {
		return ""
	}
	return text
}

func rstUnderline(s string) bool {
	if len(s) < 3 || !strings.ContainsRune("=-~^\"'`#*+", rune(s[0])) {
		return false
	}
	return strings.Count(s, s[:1]) == len(s)
}

// abbreviations end in a dot without ending a sentence ("Ex. /dev/log",
// "e.g. a file").
var abbreviations = map[string]bool{"e.g": true, "i.e": true, "ex": true, "etc": true, "vs": true, "cf": true,
	"approx": true, "incl": true, "eg": true, "ie": true}

// SentenceEnd is the index of the mark that ends s's first sentence: a
// ".", "!" or "?" followed by a space, outside parentheses and not closing
// an abbreviation; -1 when s is one sentence.
func SentenceEnd(s string) int {
	depth := 0
	for i := 0; i+1 < len(s); i++ {
		switch c := s[i]; c {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case '.', '!', '?':
			if s[i+1] != ' ' || depth > 0 {
				continue
			}
			if c == '.' {
				word := s[strings.LastIndexByte(s[:i], ' ')+1 : i]
				if abbreviations[strings.ToLower(strings.TrimLeft(word, "(\"'"))] {
					continue
				}
			}
			return i
		}
	}
	return -1
}

// Closed ends s as a sentence: a full stop added unless it already ends
// with one, a question or exclamation mark, or an ellipsis ("Should the
// given file name be excluded from the list?" stays as it is).
func Closed(s string) string {
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "…") {
		return s
	}
	return s + "."
}
