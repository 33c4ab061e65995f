package doccomment

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Inline tags read as the words a rendered doc shows: code as code, a
// link as its label or the short name it links to.
func TestInlineTags(t *testing.T) {
	for doc, want := range map[string]string{
		"Provides the {@link com.google.gson.Gson} class.":  "Provides the `Gson` class.",
		"See {@link Foo#bar(int, String)}.":                 "See `Foo.bar`.",
		"Like {@link #peek()} but consumes.":                "Like `peek` but consumes.",
		"Calls {@link Foo#bar(int, String) the bar} first.": "Calls the bar first.",
		"Returns {@linkplain java.util.List lists}.":        "Returns lists.",
		"Uses {@link Client|the client}.":                   "Uses the client.",
		"Create with {@code new Gson()}.":                   "Create with `new Gson()`.",
		"A {@code Map<String, Map<K, V>>} of {@code {a}}.":  "A `Map<String, Map<K, V>>` of `{a}`.",
		"Fields marked {@literal @Expose} are kept.":        "Fields marked @Expose are kept.",
		"See {@link https://example.com/a.html}.":           "See https://example.com/a.html.",
		"{@inheritdoc}":           "",
		"{@inheritDoc} And more.": " And more.",
		"No tags { here } @link.": "No tags { here } @link.",
	} {
		assert.Equal(t, want, InlineTags(doc), doc)
	}
}

// HTML in a doc comment reads as its text: a link as its words, code as
// code, a paragraph as a line break; angle brackets of types stay.
func TestHTMLText(t *testing.T) {
	for doc, want := range map[string]string{
		`Reads a JSON (<a href="https://www.ietf.org/rfc/rfc8259.txt">RFC 8259</a>) encoded value.`: "Reads a JSON (RFC 8259) encoded value.",
		"Returns <code>null</code> or a <b>List&lt;String&gt;</b>.":                                 "Returns `null` or a List<String>.",
		"First.<p>Second.<br/>Third.":                   "First.\nSecond.\nThird.",
		"A Map<String, List<Integer>> of <i>x</i> & y.": "A Map<String, List<Integer>> of x & y.",
	} {
		assert.Equal(t, want, HTMLText(doc), doc)
	}
}
