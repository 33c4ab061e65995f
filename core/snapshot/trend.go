package snapshot

import "fmt"

// Point is a file in one snapshot.
type Point struct {
	Commit string `json:"commit"`
	Ref    string `json:"ref"`
	Time   int64  `json:"time"`
	Blob   string `json:"blob"`
	// PageRank and Betweenness are normalised within the snapshot (its
	// top file has 1); the percentiles are the share of the snapshot's
	// other files strictly below.
	PageRank              float64 `json:"pagerank"`
	Betweenness           float64 `json:"betweenness"`
	PageRankPercentile    float64 `json:"pagerank_percentile"`
	BetweennessPercentile float64 `json:"betweenness_percentile"`
}

// The rules of trends and classes, stated once (README, "Graphs through
// time").
const (
	// TrendChange is the least-squares change of normalised PageRank over
	// the snapshots a file is in, fitted slope × (n-1), beyond which it is
	// rising or falling.
	TrendChange = 0.1
	// CentralPercentile: a file whose PageRank or betweenness in the
	// latest snapshot is at or above this percentile is central.
	CentralPercentile = 0.8
	// ActiveShare: a file whose content changed between at least this share
	// of consecutive snapshots is active.
	ActiveShare = 0.5
)

// Trend names.
const (
	Rising  = "rising"
	Stable  = "stable"
	Falling = "falling"
	// TooFew: the file is in fewer than two snapshots.
	TooFew = "too few snapshots"
)

// Class names.
const (
	StableCore         = "stable core"
	ActiveCritical     = "active critical"
	ReliableBackground = "reliable background"
	Volatile           = "volatile"
	Declining          = "declining"
)

// Trend is a file's centrality across snapshots, and what it adds up to.
type Trend struct {
	Path   string  `json:"path"`
	Points []Point `json:"points"`
	// Trend is rising, stable or falling (TrendChange), or TooFew.
	Trend string `json:"trend"`
	// Change is the fitted change of normalised PageRank across Points.
	Change float64 `json:"change"`
	// Edited counts the intervals between consecutive snapshots in which
	// the file's content changed, of Intervals.
	Edited    int  `json:"edited"`
	Intervals int  `json:"intervals"`
	Central   bool `json:"central"`
	// Class is the stability class ("" with fewer than two snapshots).
	Class string `json:"class,omitempty"`
	// Why says which rule gave the class, with the figures.
	Why string `json:"why,omitempty"`
}

// Classify derives a file's trend and class from its points, oldest first:
//   - trend: the least-squares slope of normalised PageRank over the
//     snapshot sequence, times its length less one, is the fitted change;
//     rising at +TrendChange or more, falling at -TrendChange or less,
//     stable between;
//   - central: PageRank or betweenness at or above CentralPercentile in
//     the latest snapshot;
//   - active: the content changed in at least ActiveShare of the
//     intervals between consecutive snapshots;
//   - declining: falling, whatever else holds; otherwise central and not
//     active is a stable core, central and active is active critical, not
//     central and active is volatile, and neither is reliable background.
func Classify(path string, points []Point) *Trend {
	t := &Trend{Path: path, Points: points, Trend: TooFew}
	n := len(points)
	if n < 2 {
		return t
	}
	var mx, my float64
	for i, p := range points {
		mx += float64(i)
		my += p.PageRank
	}
	mx /= float64(n)
	my /= float64(n)
	var sxy, sxx float64
	for i, p := range points {
		dx := float64(i) - mx
		sxy += dx * (p.PageRank - my)
		sxx += dx * dx
	}
	t.Change = round4(sxy / sxx * float64(n-1))
	switch {
	case t.Change >= TrendChange:
		t.Trend = Rising
	case t.Change <= -TrendChange:
		t.Trend = Falling
	default:
		t.Trend = Stable
	}
	for i := 1; i < n; i++ {
		t.Intervals++
		if points[i].Blob != points[i-1].Blob {
			t.Edited++
		}
	}
	last := points[n-1]
	t.Central = last.PageRankPercentile >= CentralPercentile || last.BetweennessPercentile >= CentralPercentile
	active := float64(t.Edited) >= ActiveShare*float64(t.Intervals)
	edits := fmt.Sprintf("edited in %d of %d intervals", t.Edited, t.Intervals)
	centre := fmt.Sprintf("PageRank percentile %.2f, betweenness percentile %.2f at %s", last.PageRankPercentile, last.BetweennessPercentile, last.Ref)
	switch {
	case t.Trend == Falling:
		t.Class = Declining
		t.Why = fmt.Sprintf("PageRank fell by %.2f over %d snapshots", -t.Change, n)
	case t.Central && !active:
		t.Class, t.Why = StableCore, centre+"; "+edits
	case t.Central:
		t.Class, t.Why = ActiveCritical, centre+"; "+edits
	case active:
		t.Class, t.Why = Volatile, edits+"; not central ("+centre+")"
	default:
		t.Class, t.Why = ReliableBackground, edits+"; not central ("+centre+")"
	}
	return t
}

// Percentile is the share of a snapshot's n files other than one that lie
// strictly below it, given below of them.
func Percentile(below, n int) float64 {
	if n < 2 {
		return 0
	}
	return round4(float64(below) / float64(n-1))
}
