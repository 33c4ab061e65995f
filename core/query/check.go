package query

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/homer-dev/homer/core/analyze/risk"
	"github.com/homer-dev/homer/core/record"
	"github.com/homer-dev/homer/core/store"
)

// Changed is one file of a change, judged.
type Changed struct {
	Path string `json:"path"`
	// Known is false for a file the store has no analysis of (new, or not
	// analysed yet): it is then neither risky nor safe, only unknown.
	Known bool    `json:"known"`
	Score float64 `json:"score"`
	Level string  `json:"level,omitempty"`
	// Reasons carry their evidence in their text; Commits is the sample
	// size behind the history figures.
	Reasons []record.RiskReason `json:"reasons,omitempty"`
	Commits int                 `json:"commits"`
	// Exempt names why the file gets no danger level and never trips the
	// threshold ("test", "example", "mock", "fixture", "generated").
	Exempt string `json:"exempt,omitempty"`
	Over   bool   `json:"over_threshold"`
}

// Missing is a file that usually changes with files of the change but is
// not part of it.
type Missing struct {
	Path string `json:"path"`
	// With is the changed file it usually changes with; Together the
	// commits that changed both, of Of commits that changed With.
	With       string  `json:"with"`
	Together   int     `json:"together"`
	Of         int     `json:"of"`
	Confidence float64 `json:"confidence"`
	// Commits are the latest commits that changed both (at most three),
	// the evidence to look at.
	Commits []Evidence `json:"commits"`
}

// Evidence is a commit behind a figure: its hash and its subject line.
type Evidence struct {
	Commit  string `json:"commit"`
	Subject string `json:"subject"`
}

// Check is the verdict on a change.
type Check struct {
	Version   int       `json:"version"`
	Threshold float64   `json:"threshold"`
	Files     []Changed `json:"files"`
	Missing   []Missing `json:"missing_partners"`
	// Affected are the files the change reaches most through what depends
	// on it (personalised PageRank).
	Affected []Affected `json:"most_affected"`
	// Over is set when a file's risk is above the threshold.
	Over bool `json:"over_threshold"`
}

// Partner advice below these floors is not given by risk-check (and the
// hook, which runs it): a pair seen once is chance, and a partner that
// comes along in under a third of the commits is not "usually". homer
// backtest scores the list these floors leave.
const (
	CheckMinTogether   = 2
	CheckMinConfidence = 0.3
)

// Check judges a change: each changed file's risk with its reasons, and
// the files that usually change with them but are missing from it.
func (q *Q) Check(ctx context.Context, paths []string, threshold float64) (*Check, error) {
	c := &Check{Version: Version, Threshold: threshold}
	inChange := map[string]bool{}
	for _, p := range paths {
		inChange[path.Clean(p)] = true
	}
	best := map[string]Missing{}
	for _, p := range sortedKeys(inChange) {
		ch := Changed{Path: p}
		f, err := q.File(ctx, p, 1)
		switch {
		case errors.Is(err, ErrNotFound):
			c.Files = append(c.Files, ch)
			continue
		case err != nil:
			return nil, err
		}
		if f.Analysed {
			ch.Known = true
			ch.Score, ch.Level, ch.Commits = f.Risk.Score, f.Risk.Level, f.History.Commits
			for _, r := range f.Risk.Reasons {
				if r.Weight > 0 {
					ch.Reasons = append(ch.Reasons, r)
				}
			}
			// Tests, examples, mocks and generated files are kept out of
			// the danger levels, so out of the gate too: the level "low"
			// and "over the threshold" are never said of one file.
			ch.Exempt = risk.Exempt(p, f.IsTest)
			ch.Over = ch.Score > threshold && ch.Exempt == ""
			c.Over = c.Over || ch.Over
		}
		c.Files = append(c.Files, ch)
		for _, pt := range f.ChangesWith {
			if inChange[pt.Path] || pt.Together < CheckMinTogether || pt.Confidence < CheckMinConfidence {
				continue
			}
			// Tests that change with tests are swept along by the same
			// refactorings; a test left out of a test's change is not
			// advice. A test that goes with the code, or code with its
			// test, is.
			if f.IsTest {
				test, err := q.isTest(ctx, pt.Path)
				if err != nil {
					return nil, err
				}
				if test {
					continue
				}
			}
			m := Missing{Path: pt.Path, With: p, Together: pt.Together, Of: f.History.Commits, Confidence: pt.Confidence}
			if old, ok := best[pt.Path]; !ok || m.Confidence > old.Confidence {
				best[pt.Path] = m
			}
		}
	}
	for _, m := range best {
		c.Missing = append(c.Missing, m)
	}
	sort.Slice(c.Missing, func(i, j int) bool {
		if c.Missing[i].Confidence != c.Missing[j].Confidence {
			return c.Missing[i].Confidence > c.Missing[j].Confidence
		}
		return c.Missing[i].Path < c.Missing[j].Path
	})
	pairs := make([][2]string, len(c.Missing))
	for i, m := range c.Missing {
		pairs[i] = [2]string{m.With, m.Path}
	}
	evidence, err := q.together(ctx, pairs, 3)
	if err != nil {
		return nil, err
	}
	for i := range c.Missing {
		c.Missing[i].Commits = evidence[i]
	}
	if c.Affected, err = q.Affected(ctx, sortedKeys(inChange)); err != nil {
		return nil, err
	}
	if len(c.Affected) > 10 {
		c.Affected = c.Affected[:10]
	}
	return c, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Match reports whether a slash-separated path matches a glob: `*` and
// `?` and classes within one segment (path.Match), `**` across any number
// of segments.
func Match(pattern, name string) bool {
	return matchSegments(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func matchSegments(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchSegments(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], name[0]); err != nil || !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// isTest reports whether a file at HEAD is a test.
func (q *Q) isTest(ctx context.Context, p string) (bool, error) {
	var test bool
	err := q.db.QueryRowContext(ctx, `SELECT h.is_test FROM head_files h JOIN nodes n ON n.id = h.node_id
		WHERE n.key = node_key(?, ?)`, record.KindFile, p).Scan(&test)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return test, err
}

// together lists, for each pair of files, the latest commits, at most n,
// that changed both. Each commit's changes are packed in its row, by file
// id: they are read through once for all the pairs, each commit's only as
// far as the largest id asked for.
func (q *Q) together(ctx context.Context, pairs [][2]string, n int) ([][]Evidence, error) {
	out := make([][]Evidence, len(pairs))
	for i := range out {
		out[i] = []Evidence{}
	}
	if len(pairs) == 0 {
		return out, nil
	}
	ids := make([][2]int64, len(pairs))
	wanted := map[int64]bool{}
	var last int64
	for i, p := range pairs {
		var na, nb sql.NullInt64
		err := q.db.QueryRowContext(ctx, `SELECT (SELECT id FROM nodes WHERE key = node_key(?1, ?2)), (SELECT id FROM nodes WHERE key = node_key(?1, ?3))`,
			record.KindFile, p[0], p[1]).Scan(&na, &nb)
		if err != nil {
			return nil, err
		}
		if !na.Valid || !nb.Valid {
			continue
		}
		ids[i] = [2]int64{na.Int64, nb.Int64}
		wanted[na.Int64], wanted[nb.Int64] = true, true
		last = max(last, na.Int64, nb.Int64)
	}
	if len(wanted) == 0 {
		return out, nil
	}
	// The commits' times are read for the hits alone (latestCommits).
	hits := make([][]int64, len(pairs))
	var seen []int64 // the wanted files a commit changed
	has := func(id int64) bool { return slices.Contains(seen, id) }
	err := q.scan(ctx, `SELECT node_id, changes FROM commits WHERE changes IS NOT NULL`, nil, func(rows *sql.Rows) error {
		var id int64
		var data sql.RawBytes
		if err := rows.Scan(&id, &data); err != nil {
			return err
		}
		seen = seen[:0]
		if err := store.EachPackedChange(id, data, func(c store.ChangeRow) bool {
			if wanted[c.File] {
				seen = append(seen, c.File)
			}
			return c.File < last
		}); err != nil {
			return err
		}
		if len(seen) == 0 {
			return nil
		}
		for i, p := range ids {
			if p[0] != 0 && has(p[0]) && has(p[1]) {
				hits[i] = append(hits[i], id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, commits := range hits {
		if len(commits) == 0 {
			continue
		}
		ev, err := q.latestCommits(ctx, commits, n)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

// latestCommits gives the latest of the commits, at most n, with their
// subjects.
func (q *Q) latestCommits(ctx context.Context, commits []int64, n int) ([]Evidence, error) {
	list, _ := json.Marshal(commits)
	rows, err := q.db.QueryContext(ctx, `SELECT `+store.ShaText("cm.sha")+` AS sha, `+store.MessageSQL("cm")+` FROM commits cm
		WHERE cm.node_id IN (SELECT value FROM json_each(?))
		ORDER BY cm.commit_time DESC, sha LIMIT ?`, string(list), n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Evidence{}
	for rows.Next() {
		var e Evidence
		var msg string
		if err := rows.Scan(&e.Commit, &msg); err != nil {
			return nil, err
		}
		e.Subject, _, _ = strings.Cut(msg, "\n")
		out = append(out, e)
	}
	return out, rows.Err()
}
