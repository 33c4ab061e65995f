package behavior

import (
	"cmp"
	"iter"
	"math"
	"slices"

	"github.com/homer-dev/homer/core/graph"
)

// Time constants, in seconds. A "month" is a fixed 30 days so that trend
// buckets do not depend on the calendar.
const (
	Day   = 86400
	Month = 30 * Day
)

// Thresholds.
const (
	// BusFactorPercent is the share of a file's changes, in percent, that its
	// bus factor's authors must cover together.
	BusFactorPercent = 80
	// TrendMonths is the window of the churn trend: the last 12 months.
	TrendMonths = 12
	// QuiescentBelow: a file with fewer changes than this in the trend window
	// is quiescent; a slope over one or no points says nothing.
	QuiescentBelow = 2
	// TrendSlope is the relative slope — the fitted change per month divided
	// by the mean monthly count — above which change is accelerating (and
	// below whose negative it is decelerating). 0.1 means the fitted line
	// rises by more than 1.1 times the mean over the 12 months.
	TrendSlope = 0.1
	// HalfLife is the age at which a change counts half in Weighted. A year:
	// bug fixes follow recent work, but a file changed steadily for years
	// stays ahead of one changed in a single recent month, while a change
	// three years old counts an eighth.
	HalfLife = 365 * Day
	// BurstWindow, BurstMin and BurstShare define a burst: at least BurstMin
	// changes inside one BurstWindow making up at least BurstShare of all
	// the file's changes — a file written in one go (a new command and its
	// fix-ups), not one that keeps changing.
	BurstWindow = 14 * Day
	BurstMin    = 5
	BurstShare  = 0.5
	// BurstSpan: a history shorter than BurstSpan times BurstWindow has no
	// bursts; when a repository is young, all of its work is recent work.
	BurstSpan = 10
)

// Burst is a run of changes close together that make up most of a file's
// history.
type Burst struct {
	// Changes is how many of the file's changes fall inside the burst.
	Changes int
	// Start and End are the times of its first and last changes.
	Start, End int64
}

// Trend is the direction of a file's churn over the last TrendMonths.
type Trend string

// The churn trends.
const (
	Accelerating Trend = "accelerating"
	Stable       Trend = "stable"
	Decelerating Trend = "decelerating"
	Quiescent    Trend = "quiescent"
)

// Change is one file touched by one commit.
type Change struct {
	// Commit identifies the commit (a sha or any id unique per commit);
	// several Changes with the same Commit and Path count as one change whose
	// lines are summed.
	Commit string
	// Time is the commit time in Unix seconds.
	Time int64
	// Author is a stable contributor id, such as a mailmap-resolved email.
	Author string
	Path   string
	// Added and Deleted are line counts (0 for binary files).
	Added, Deleted int
}

// AuthorChanges is how many commits one author made to a file.
type AuthorChanges struct {
	Author  string
	Changes int
}

// File is the change history of one path.
type File struct {
	Path string
	// Changes is the number of distinct commits that touched the file.
	Changes int
	// Changes30, Changes90 and Changes365 count the commits at most that many
	// days before now (commits dated after now, from skewed clocks, count as
	// recent).
	Changes30, Changes90, Changes365 int
	// Percentile is the share of the other files with strictly fewer
	// changes: 0 for the least changed, 1 for a unique most changed.
	Percentile float64
	// Authors lists who changed the file, most changes first, ties by id.
	Authors []AuthorChanges
	// BusFactor is the fewest authors whose changes together cover at least
	// BusFactorPercent% of the file's changes: 1 means a knowledge silo.
	BusFactor int
	// FirstChanged and LastChanged are the times of the earliest and latest
	// commits.
	FirstChanged, LastChanged int64
	// Added and Deleted are line totals over all commits.
	Added, Deleted int
	// NetGrowth30 and NetGrowth90 are added minus deleted lines in the last
	// 30 and 90 days.
	NetGrowth30, NetGrowth90 int
	// Monthly holds the change counts of the last TrendMonths 30-day months,
	// oldest first; Slope is the least-squares slope through them (changes
	// per month, per month) and Trend its reading.
	Monthly []int
	Slope   float64
	Trend   Trend
	// Weighted is the recency-weighted change count: each change counts
	// 0.5^(age/HalfLife), and the changes of a burst together count as one
	// piece of work (at the weight of its last change).
	Weighted float64
	// Burst is set when most of the file's changes came in one burst.
	Burst *Burst `json:",omitempty"`
	// Recent are the changes from a year before the earlier of now and
	// the last change on, oldest first: what the windowed figures above
	// count, so that At gives them at any later time.
	Recent []Recent `json:",omitempty"`
}

// Recent is one commit's change to a file: its time, and the lines it
// added less those it deleted.
type Recent [2]int64

// RecentSpan is how far back from the earlier of now and a file's last
// change File.Recent reaches: the longest window (365 days; the trend's
// TrendMonths months are 360).
const RecentSpan = 365 * Day

// At returns the file with its windowed figures (Changes30, Changes90,
// Changes365, NetGrowth30, NetGrowth90, Monthly, Slope, Trend) counted at
// now from Recent: the same as Analyze gives at now, for any now no
// earlier than the one Analyze was given.
func (f File) At(now int64) File {
	f.windows(f.Recent, now)
	return f
}

// windows counts the windowed figures of changes at now.
func (f *File) windows(changes []Recent, now int64) {
	f.Changes30, f.Changes90, f.Changes365, f.NetGrowth30, f.NetGrowth90 = 0, 0, 0, 0, 0
	f.Monthly = make([]int, TrendMonths)
	for _, c := range changes {
		age := now - c[0]
		net := int(c[1])
		if age <= 30*Day {
			f.Changes30++
			f.NetGrowth30 += net
		}
		if age <= 90*Day {
			f.Changes90++
			f.NetGrowth90 += net
		}
		if age <= 365*Day {
			f.Changes365++
		}
		if m := max(age, 0) / Month; m < TrendMonths {
			f.Monthly[TrendMonths-1-int(m)]++
		}
	}
	f.Slope, f.Trend = ChurnTrend(f.Monthly)
}

type commitInfo struct {
	time           int64
	author         string
	added, deleted int
}

// Analyze returns the change history of every path in changes, sorted by
// path. now is the HEAD commit time. Only paths present in changes are
// reported, and percentiles rank them against each other: pass only the
// changes of the files to compare (for example those that exist at HEAD).
func Analyze(changes []Change, now int64) []File {
	return AnalyzeSeq(slices.Values(changes), now)
}

// AnalyzeSeq is Analyze over changes as they are yielded, for a caller
// that holds its history in a shape of its own and need not copy all of
// it into Changes first.
func AnalyzeSeq(changes iter.Seq[Change], now int64) []File {
	// Each path's commits in first-seen order, a change repeated in one
	// commit summed into its first. Commits are numbered as first met, so
	// a commit numbered past every one a path has is new to it, and a
	// history yielded commit by commit (as the pipeline's is) needs a
	// lookup of its path a change, and of its commit a commit; only a path
	// met again by an older commit looks its commits up.
	type pathCommit struct {
		commitInfo
		n int // the commit's number
	}
	type pathHistory struct {
		commits []pathCommit
		high    int         // the highest commit number among them
		index   map[int]int // commit number → index in commits, made when needed
	}
	byPath := map[string]*pathHistory{}
	commitNum := map[string]int{}
	lastCommit, lastNum := "", -1
	for c := range changes {
		if lastNum < 0 || c.Commit != lastCommit {
			n, ok := commitNum[c.Commit]
			if !ok {
				n = len(commitNum)
				commitNum[c.Commit] = n
			}
			lastCommit, lastNum = c.Commit, n
		}
		n := lastNum
		ph := byPath[c.Path]
		if ph == nil {
			ph = &pathHistory{high: -1}
			byPath[c.Path] = ph
		}
		at := -1
		switch {
		case n > ph.high:
		case ph.commits[len(ph.commits)-1].n == n:
			at = len(ph.commits) - 1
		default:
			if ph.index == nil {
				ph.index = make(map[int]int, len(ph.commits))
				for i, pc := range ph.commits {
					ph.index[pc.n] = i
				}
			}
			if i, ok := ph.index[n]; ok {
				at = i
			}
		}
		if at >= 0 {
			ph.commits[at].added += c.Added
			ph.commits[at].deleted += c.Deleted
			continue
		}
		ph.commits = append(ph.commits, pathCommit{commitInfo{time: c.Time, author: c.Author, added: c.Added, deleted: c.Deleted}, n})
		ph.high = max(ph.high, n)
		if ph.index != nil {
			ph.index[n] = len(ph.commits) - 1
		}
	}

	oldest := now
	for _, ph := range byPath {
		for _, pc := range ph.commits {
			oldest = min(oldest, pc.time)
		}
	}
	bursts := now-oldest >= BurstSpan*BurstWindow
	files := make([]File, 0, len(byPath))
	for path, ph := range byPath {
		commits := ph.commits
		f := File{Path: path, Changes: len(commits)}
		authors := map[string]int{}
		changes := make([]Recent, len(commits))
		for i, ci := range commits {
			authors[ci.author]++
			f.Added += ci.added
			f.Deleted += ci.deleted
			if i == 0 || ci.time < f.FirstChanged {
				f.FirstChanged = ci.time
			}
			if i == 0 || ci.time > f.LastChanged {
				f.LastChanged = ci.time
			}
			changes[i] = Recent{ci.time, int64(ci.added - ci.deleted)}
		}
		f.windows(changes, now)
		since := min(now, f.LastChanged) - RecentSpan
		for _, c := range changes {
			if c[0] >= since {
				f.Recent = append(f.Recent, c)
			}
		}
		slices.SortFunc(f.Recent, func(a, b Recent) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
		for a, n := range authors {
			f.Authors = append(f.Authors, AuthorChanges{a, n})
		}
		slices.SortFunc(f.Authors, func(a, b AuthorChanges) int {
			return cmp.Or(cmp.Compare(b.Changes, a.Changes), cmp.Compare(a.Author, b.Author))
		})
		f.BusFactor = BusFactor(f.Authors)
		times := make([]int64, len(commits))
		for i, ci := range commits {
			times[i] = ci.time
		}
		if bursts {
			f.Burst = FindBurst(times)
		}
		f.Weighted = Weighted(times, f.Burst, now)
		files = append(files, f)
	}
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })

	counts := make([]float64, len(files))
	for i, f := range files {
		counts[i] = float64(f.Changes)
	}
	for i, p := range graph.Percentile(counts) {
		files[i].Percentile = p
	}
	return files
}

// BusFactor returns the fewest authors whose changes together cover at least
// BusFactorPercent% of all changes. authors must be sorted by falling Changes.
// No authors gives 0.
func BusFactor(authors []AuthorChanges) int {
	total := 0
	for _, a := range authors {
		total += a.Changes
	}
	covered := 0
	for i, a := range authors {
		covered += a.Changes
		if covered*100 >= total*BusFactorPercent {
			return i + 1
		}
	}
	return len(authors)
}

// ChurnTrend fits a least-squares line through monthly change counts (oldest
// first) and reads its slope relative to the mean count: above TrendSlope is
// accelerating, below -TrendSlope decelerating, between them stable. Fewer
// than QuiescentBelow changes in all is quiescent, whatever the slope.
func ChurnTrend(monthly []int) (slope float64, trend Trend) {
	n := float64(len(monthly))
	total := 0
	for _, c := range monthly {
		total += c
	}
	if len(monthly) < 2 {
		return 0, Quiescent
	}
	mean := float64(total) / n
	xm := (n - 1) / 2
	var sxy, sxx float64
	for i, c := range monthly {
		dx := float64(i) - xm
		sxy += dx * (float64(c) - mean)
		sxx += dx * dx
	}
	slope = sxy / sxx
	switch {
	case total < QuiescentBelow:
		return slope, Quiescent
	case slope > TrendSlope*mean:
		return slope, Accelerating
	case slope < -TrendSlope*mean:
		return slope, Decelerating
	}
	return slope, Stable
}

// FindBurst returns the largest run of changes inside one BurstWindow when it
// holds at least BurstMin changes and BurstShare of all of them, else nil.
// times need not be sorted.
func FindBurst(times []int64) *Burst {
	ts := slices.Clone(times)
	slices.Sort(ts)
	best, bi, bj := 0, 0, 0
	for i, j := 0, 0; j < len(ts); j++ {
		for ts[j]-ts[i] > BurstWindow {
			i++
		}
		if n := j - i + 1; n > best {
			best, bi, bj = n, i, j
		}
	}
	if best < BurstMin || float64(best) < BurstShare*float64(len(ts)) {
		return nil
	}
	return &Burst{Changes: best, Start: ts[bi], End: ts[bj]}
}

// Weighted is the recency-weighted change count of changes at times, seen at
// now: 0.5^(age/HalfLife) each (changes dated after now count 1), with the
// changes inside burst counted once, at the weight of its last change.
func Weighted(times []int64, burst *Burst, now int64) float64 {
	weight := func(t int64) float64 { return math.Exp2(-float64(max(now-t, 0)) / HalfLife) }
	w := 0.0
	for _, t := range times {
		if burst != nil && t >= burst.Start && t <= burst.End {
			continue
		}
		w += weight(t)
	}
	if burst != nil {
		w += weight(burst.End)
	}
	return w
}
