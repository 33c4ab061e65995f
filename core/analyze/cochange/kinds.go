package cochange

import (
	"regexp"
	"strings"
)

// Kind is what a commit was, as far as co-change is concerned.
type Kind uint8

const (
	// Ordinary is a commit made by a person for its own sake.
	Ordinary Kind = iota
	// Sweep is a commit of many files, each changed by a few lines at
	// most: a formatting pass, a licence header, a mass rename or an
	// import path change. Its files changed because of the sweep, not
	// because of each other.
	Sweep
	// Bot is a commit by an automated author (dependency updaters, CI).
	Bot
	// Release is a release or version bump commit.
	Release
)

// String is the kind's name in evidence.
func (k Kind) String() string {
	switch k {
	case Sweep:
		return "sweep"
	case Bot:
		return "bot"
	case Release:
		return "release"
	}
	return "ordinary"
}

// Sweep thresholds: at least sweepFiles paths, and nine in ten of those
// with a known line count changed by at most sweepLines lines.
const (
	sweepFiles = 8
	sweepLines = 4
)

// SweepWeight scales what a sweep commit adds to the strength of its
// pairs. Its pairs are still counted, and shown as such in the evidence.
const SweepWeight = 0.1

var (
	botAuthor = regexp.MustCompile(`(?i)\[bot\]|^(dependabot|renovate|greenkeeper|github-actions|pre-commit-ci|snyk-bot|mergify)\b`)
	// releaseMessage is a first line announcing a release or a version
	// bump: "Release 2.3.0", "release version 3.0.1", "Bump version to
	// 1.2", "Prepare release 2.3", "v1.9.0", "1.9.0".
	// sweepMessage is a first line naming a pass over the tree: a
	// formatter or linter run, a language edition or tool migration,
	// typo, link and licence-header rounds, a mass rename or move.
	// Such a commit of sweepFiles paths or more is a sweep however many
	// lines it changed: a formatter rewrites whole files.
	sweepMessage   = regexp.MustCompile(`(?i)^\s*(style|chore\((fmt|format|lint|style)\))\s*(\(.*?\))?!?:|\b(rustfmt|gofmt|goimports|gofumpt|prettier|black|isort|clang-format|ktlint|spotless|reformat(s|ted|ting)?|run (cargo |go )?fmt|apply (fmt|formatting|automated fixes)|cargo fix|go fix|clippy|typos?|spelling|misspell(ed|ings?)?|copyright|licen[cs]e headers?|edition|(update|remove|fix)\b.{0,30}\blinks|rename[sd]? all|move all)\b`)
	releaseMessage = regexp.MustCompile(`(?i)^\s*(release\b|releasing\b|bump(ed)? (the )?version\b|version bump\b|version packages\b|prepare (for )?(the )?(release|v?\d)|v?\d+\.\d+(\.\d+)*(\s+release)?\s*$)`)
)

// Classify says what kind of commit touched paths, given each path's
// changed lines (added plus deleted; negative when unknown; lines may be
// nil), the author's name and the message. A bot's commit is Bot
// whatever it touched; a release commit Release; then a commit of
// sweepFiles paths or more is a Sweep when its first line names a pass over
// the tree (sweepMessage) or when nearly all its files changed by a few
// lines.
func Classify(paths []string, lines []int, author, message string) Kind {
	return classifier{}.classify(paths, lines, author, message)
}

// classifier is Classify with what it learnt of each author kept, for
// the commits of one history: the bot pattern is matched once an author,
// not once a commit (spring-boot has 62,000 commits by about 1,500).
type classifier struct {
	bots map[string]bool // nil: nothing kept
}

func (c classifier) isBot(author string) bool {
	if c.bots == nil {
		return botAuthor.MatchString(strings.TrimSpace(author))
	}
	bot, ok := c.bots[author]
	if !ok {
		bot = botAuthor.MatchString(strings.TrimSpace(author))
		c.bots[author] = bot
	}
	return bot
}

func (c classifier) classify(paths []string, lines []int, author, message string) Kind {
	if c.isBot(author) {
		return Bot
	}
	first, _, _ := strings.Cut(message, "\n")
	if mayRelease(first) && releaseMessage.MatchString(first) {
		return Release
	}
	if len(paths) < sweepFiles {
		return Ordinary
	}
	if sweepMessage.MatchString(first) {
		return Sweep
	}
	if len(lines) != len(paths) {
		return Ordinary
	}
	known, tiny := 0, 0
	for _, n := range lines {
		if n < 0 {
			continue
		}
		known++
		if n <= sweepLines {
			tiny++
		}
	}
	if known >= sweepFiles && tiny*10 >= known*9 {
		return Sweep
	}
	return Ordinary
}

// mayRelease says whether a first line can match releaseMessage at all:
// after its leading white space (the pattern's \s) it must begin as one of
// the pattern's words does (release, releasing, bump, version, prepare,
// v1.9.0) or with a digit. Case is ignored, and no other letter folds to
// r, b, v or p. Most first lines begin otherwise, and the pattern,
// backtracking over each, was most of a history's classification.
func mayRelease(first string) bool {
	first = strings.TrimLeft(first, "\t\n\f\r ")
	if first == "" {
		return false
	}
	switch c := first[0]; {
	case c >= '0' && c <= '9':
		return true
	default:
		switch c | 0x20 {
		case 'r', 'b', 'v', 'p':
			return true
		}
	}
	return false
}
