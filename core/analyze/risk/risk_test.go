package risk

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestScoreAndLevel(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		salience          float64
		busFactor, change int
		score             float64
		level             Level
	}{
		"nothing":                  {0, 0, 0, 0, Low},
		"critical silo, volatile":  {0.5, 1, 25, 0.8, High},
		"silo with 21 changes":     {0, 1, 21, 0.6, High},
		"most salient, quiet":      {1, 3, 3, 0.4, Medium},
		"medium boundary":          {0.875, 0, 0, 0.35, Medium},
		"two authors, 11 changes":  {0.25, 2, 11, 0.45, Medium},
		"just under medium":        {0.2, 2, 6, 0.33, Low},
		"salience is clamped":      {3, 0, 0, 0.4, Medium},
		"unknown bus factor":       {0, 0, 30, 0.3, Low},
		"ten changes is the lower": {0, 0, 10, 0.1, Low},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := Score(tc.salience, tc.busFactor, tc.change)
			assert.Equal(t, tc.score, s)
			assert.Equal(t, tc.level, LevelOf(s))
		})
	}
}

func TestParts(t *testing.T) {
	t.Parallel()
	for changes, want := range map[int]float64{0: 0, 5: 0, 6: 0.1, 10: 0.1, 11: 0.2, 20: 0.2, 21: 0.3, 500: 0.3} {
		assert.Equal(t, want, ChangesPart(changes), "changes %d", changes)
	}
	for bf, want := range map[int]float64{0: 0, 1: 0.3, 2: 0.15, 3: 0} {
		assert.Equal(t, want, BusFactorPart(bf), "bus factor %d", bf)
	}
}

func TestAssess(t *testing.T) {
	t.Parallel()
	partners := []string{"a.go", "b.go", "c.go", "d.go", "e.go", "f.go"}
	for name, tc := range map[string]struct {
		file    File
		score   float64
		level   Level
		reasons []Reason
		recs    []string
	}{
		"everything wrong": {
			file:  File{Path: "core/engine.go", Salience: 0.75, BusFactor: 1, Changes: 12, Undocumented: true, TopAuthor: "alice", CoChangePartners: partners},
			score: 0.8, level: High,
			reasons: []Reason{
				{HighCentralityUntested, "salience 0.75 and no test covers it", 0.3},
				{VolatileCritical, "salience 0.75 and changed in 12 commits", 0.2},
				{UndocumentedCritical, "salience 0.75 and no documentation", 0},
				{KnowledgeSilo, "one author covers 80% of its 12 changes (most by alice)", 0.3},
				{HighCoupling, "usually changes with 6 files: a.go, b.go, c.go and 3 more", 0},
			},
			recs: []string{
				"add tests before changing",
				"keep changes small and reviewed; consider stabilising its interface",
				"document its purpose and contract",
				"pair with alice or spread knowledge",
				"when changing it, check a.go, b.go, c.go and 3 more",
			},
		},
		"tested but volatile": {
			file:  File{Path: "core/api.go", Salience: 0.6, BusFactor: 3, Changes: 30, HasTests: true},
			score: 0.54, level: Medium,
			reasons: []Reason{{VolatileCritical, "salience 0.60 and changed in 30 commits", 0.54}},
			recs:    []string{"keep changes small and reviewed; consider stabilising its interface"},
		},
		"busy leaf": {
			file:  File{Path: "scripts/x.sh", Salience: 0.2, BusFactor: 2, Changes: 8},
			score: 0.33, level: Low,
			reasons: []Reason{
				{KnowledgeSilo, "two authors cover 80% of its 8 changes", 0.15},
				{FrequentChanges, "changed in 8 commits", 0.1},
			},
			recs: []string{"spread knowledge: have a second person review changes", "find out why it changes so often; consider splitting it"},
		},
		"quiet and tested": {
			file:  File{Path: "util/x.go", Salience: 0.1, BusFactor: 4, Changes: 2, HasTests: true},
			score: 0.04, level: Low,
		},
		"a critical test file is not untested": {
			file:  File{Path: "x_test.go", Salience: 0.6, BusFactor: 3, IsTest: true},
			score: 0.24, level: Low,
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := Assess(tc.file, Options{})
			assert.Equal(t, tc.score, a.Score)
			assert.Equal(t, tc.level, a.Level)
			assert.Equal(t, tc.reasons, a.Reasons)
			assert.Equal(t, tc.recs, a.Recommendations)
			var sum float64
			for _, r := range a.Reasons {
				sum += r.Weight
			}
			assert.LessOrEqual(t, sum, a.Score+1e-9)
		})
	}
}

func TestAssessAllAndSafe(t *testing.T) {
	t.Parallel()
	as := AssessAll([]File{
		{Path: "b.go", Salience: 0.1, BusFactor: 3, HasTests: true},
		{Path: "a.go", Salience: 0.1, BusFactor: 3, HasTests: true},
		{Path: "hot.go", Salience: 0.9, BusFactor: 1, Changes: 40},
		{Path: "untested.go", Salience: 0.1, BusFactor: 3},
		{Path: "a_test.go", Salience: 0.1, BusFactor: 3, HasTests: true, IsTest: true},
	}, Options{})
	var order []string
	for _, a := range as {
		order = append(order, a.Path)
	}
	assert.Equal(t, []string{"hot.go", "a.go", "a_test.go", "b.go", "untested.go"}, order)
	assert.Equal(t, []string{"a.go", "b.go"}, Safe(as))
}
