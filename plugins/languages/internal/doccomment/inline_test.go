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
