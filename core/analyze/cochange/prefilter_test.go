package cochange

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"
)

// mayRelease never turns away a first line the release pattern matches:
// checked on lines beginning with every ASCII character and with
// characters that fold, after white space of each kind, followed by the
// pattern's own words and by noise.
func TestMayReleaseKeepsEveryMatch(t *testing.T) {
	t.Parallel()
	// No character outside ASCII folds to a letter a release line may
	// begin with (as K and S do, to the Kelvin sign and the long s).
	for _, c := range "rbvpRBVP" {
		for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
			require.Less(t, f, rune(0x80), "%c folds to %c", c, f)
		}
	}
	starts := []string{"", " ", "\t", "\n", "\f", "\r", "\v", "\u00a0", "  \t"}
	words := []string{"release 2.3.0", "Releasing", "bump version to 1.2", "BUMPED the version", "version bump", "Version packages",
		"prepare release 2.3", "Prepare for the v3", "v1.9.0", "1.9.0", "1.9.0 release", "polish", "Fix typo", "ſelease", "Ｒelease",
		"merge branch", "\u212a", "ǅ", ""}
	r := rand.New(rand.NewPCG(1, 2))
	var lines []string
	for c := range rune(0x80) {
		for _, s := range starts {
			lines = append(lines, s+string(c)+words[r.IntN(len(words))])
		}
	}
	for _, s := range starts {
		for _, w := range words {
			lines = append(lines, s+w, s+strings.ToUpper(w), s+w+" \t")
		}
	}
	matched := 0
	for _, line := range lines {
		if releaseMessage.MatchString(line) {
			matched++
			require.True(t, mayRelease(line), "%q", line)
		}
	}
	require.Greater(t, matched, 100)
}

// A classifier that keeps each author's answer classifies as Classify
// does, an author met again as when first met.
func TestClassifierKeepsAuthors(t *testing.T) {
	t.Parallel()
	c := classifier{bots: map[string]bool{}}
	paths := []string{"a.go", "b.go"}
	for _, a := range []string{"dependabot[bot]", "Jane", " renovate", "Jane", "dependabot[bot]", "mergify ", "Mergify", "snyk-bot", ""} {
		for _, msg := range []string{"Release 1.2", "fix it", "1.0.0"} {
			require.Equal(t, Classify(paths, nil, a, msg), c.classify(paths, nil, a, msg), "%q %q", a, msg)
		}
	}
	require.Len(t, c.bots, 7)
}
