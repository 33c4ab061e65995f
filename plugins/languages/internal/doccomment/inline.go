package doccomment

import (
	"regexp"
	"strings"
)

// inlineTag is an inline tag of a /** */ doc comment: "{@link x.y.Gson}",
// "{@link Foo#bar(int) the bar method}", "{@link Foo|label}",
// "{@code new Gson()}". A code tag's body may hold one level of braces.
var inlineTag = regexp.MustCompile(`\{@(link|linkplain|linkcode|code|literal|value|inheritdoc|inheritDoc)(?:\s+([^{}]*(?:\{[^{}]*\}[^{}]*)*))?\}`)

// InlineTags writes a doc comment's inline tags as the words they stand
// for, so that a summary quoted from it reads as its reader would see it:
// code as `code`, a link as its label or else the name it links to, short
// ("{@link x.y.Gson}" reads `Gson`, "{@link Foo#bar(int)}" `Foo.bar`);
// "{@inheritDoc}" says nothing of its own.
func InlineTags(doc string) string {
	if !strings.Contains(doc, "{@") {
		return doc
	}
	return inlineTag.ReplaceAllStringFunc(doc, func(tag string) string {
		m := inlineTag.FindStringSubmatch(tag)
		body := strings.TrimSpace(m[2])
		switch m[1] {
		case "inheritdoc", "inheritDoc":
			return "" // the overridden member's doc, not words of this one
		case "code", "linkcode":
			if m[1] == "code" {
				return "`" + body + "`"
			}
		case "literal", "value":
			return body
		}
		ref, label := splitLink(body)
		switch {
		case label != "":
			return label
		case strings.Contains(ref, "://"):
			return ref
		}
		return "`" + shortRef(ref) + "`"
	})
}

// splitLink parts a link tag's body into its reference and its label: the
// label follows the first space outside the reference's parameters, or a
// "|".
func splitLink(body string) (ref, label string) {
	depth := 0
	for i, r := range body {
		switch {
		case r == '(':
			depth++
		case r == ')':
			depth--
		case (r == ' ' || r == '\n' || r == '|') && depth <= 0:
			return body[:i], strings.TrimSpace(body[i+1:])
		}
	}
	return body, ""
}

// shortRef is a link's reference without its qualifier and parameters, a
// member joined to its type by a dot: "x.y.Foo#bar(int)" is "Foo.bar",
// "#bar()" is "bar".
func shortRef(ref string) string {
	if i := strings.IndexByte(ref, '('); i >= 0 {
		ref = ref[:i]
	}
	typ, member, hasMember := strings.Cut(ref, "#")
	if i := strings.LastIndexByte(typ, '.'); i >= 0 && i < len(typ)-1 {
		typ = typ[i+1:]
	}
	switch {
	case !hasMember:
		return typ
	case typ == "":
		return member
	}
	return typ + "." + member
}

var (
	// htmlTag is an HTML tag a doc comment formats its prose with; other
	// text between angle brackets (a type's parameters, "List<String>")
	// is left alone.
	htmlTag = regexp.MustCompile(`(?i)</?(a|p|b|i|u|em|strong|br|ul|ol|li|pre|tt|code|blockquote|h[1-6]|table|thead|tbody|tr|td|th|dl|dt|dd|span|div|sup|sub|small|big|hr|var|kbd|cite|s|strike)(\s[^<>]*)?/?>`)
	// htmlEntity are the character references doc comments use most.
	htmlEntity = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&nbsp;", " ", "&amp;", "&")
)

// HTMLText writes a doc comment written in HTML (Javadoc) as the text its
// reader sees: code elements as `code`, other formatting tags dropped
// (a paragraph or line break leaves a line break), character references
// read.
func HTMLText(doc string) string {
	if !strings.ContainsAny(doc, "<&") {
		return doc
	}
	doc = htmlTag.ReplaceAllStringFunc(doc, func(tag string) string {
		name := strings.ToLower(strings.Trim(strings.Fields(strings.Trim(tag, "</>"))[0], "/"))
		switch name {
		case "code", "tt":
			return "`"
		case "p", "br", "li", "pre", "ul", "ol", "dl", "dt", "dd", "blockquote", "hr", "table", "tr":
			return "\n"
		}
		return ""
	})
	return htmlEntity.Replace(doc)
}
