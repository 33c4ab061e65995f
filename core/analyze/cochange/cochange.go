package cochange

import (
	"cmp"
	"math"
	"path"
	"slices"
)

// Config holds the thresholds. Zero fields take the DefaultConfig values.
type Config struct {
	// MinCount is the fewest shared commits a pair needs.
	MinCount int
	// MinConfidence is the lowest confidence a pair needs.
	MinConfidence float64
	// MaxFilesPerCommit: commits touching more distinct paths (counted
	// before the Paths filter) are left out.
	MaxFilesPerCommit int
	// MaxSetSize caps the members of a set.
	MaxSetSize int
	// MaxDrop is how far one joining file may lower a set's weakest pair.
	MaxDrop float64
	// TopPartners is the length of each file's partner list.
	TopPartners int
	// MinPartners is the length a list history leaves shorter is filled
	// to, from the file's test, generated and directory neighbours
	// (negative: never filled).
	MinPartners int
}

// Partner lists are not cut by the pair floors: a partner seen in one or
// two commits is still the best history has to offer for a file that
// changed a few times, and it is shown with its count for the reader to
// judge. The floors still decide the pairs and the sets.

// DefaultConfig returns the SPEC §5 thresholds.
func DefaultConfig() Config {
	return Config{MinCount: 3, MinConfidence: 0.3, MaxFilesPerCommit: 50, MaxSetSize: 8, MaxDrop: 0.05, TopPartners: 10, MinPartners: 5}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	c.MinCount = cmp.Or(c.MinCount, d.MinCount)
	c.MinConfidence = cmp.Or(c.MinConfidence, d.MinConfidence)
	c.MaxFilesPerCommit = cmp.Or(c.MaxFilesPerCommit, d.MaxFilesPerCommit)
	c.MaxSetSize = cmp.Or(c.MaxSetSize, d.MaxSetSize)
	c.MaxDrop = cmp.Or(c.MaxDrop, d.MaxDrop)
	c.TopPartners = cmp.Or(c.TopPartners, d.TopPartners)
	switch {
	case c.MinPartners == 0:
		c.MinPartners = d.MinPartners
	case c.MinPartners < 0:
		c.MinPartners = 0
	}
	c.MinPartners = min(c.MinPartners, c.TopPartners)
	return c
}

// Input is the history to analyse.
type Input struct {
	// Commits lists the paths each commit touched; order does not matter and
	// a path repeated within a commit counts once.
	Commits [][]string
	// Paths, when not nil, restricts the analysis to these paths (for
	// example the files that exist at HEAD); other paths are dropped from
	// commits after the size filter.
	Paths []string
	// Times, when not nil, holds each commit's time (unix seconds), in the
	// order of Commits: partners then carry their last shared commit's,
	// and partners that changed lately rank higher.
	Times []int64
	// Authors, Messages and Lines, each nil or in the order of Commits,
	// are each commit's author, message and lines changed (added plus
	// deleted, negative when unknown) per path of Commits[i]: from them
	// sweeps, bot and release commits are recognised (see Classify).
	Authors  []string
	Messages []string
	Lines    [][]int
}

// Pair is two files that change together, A < B.
type Pair struct {
	A, B string
	// Count is the number of commits that touched both.
	Count int
	// RevsA and RevsB are the numbers of commits that touched each.
	RevsA, RevsB int
	// Confidence is 2·Count / (RevsA+RevsB).
	Confidence float64
}

// Partner is a file that usually changes with another, with the evidence.
type Partner struct {
	Path string
	// Count is the number of commits that touched both; Revs the number
	// that touched the partner.
	Count int
	Revs  int `json:",omitempty"`
	// Confidence is 2·Count / (revisions of both).
	Confidence float64
	// Strength ranks the list: each shared commit of n analysed files
	// adds 1/(n-1), so a commit of two files counts whole and a sweep
	// over many files adds little to each of its pairs.
	Strength float64 `json:",omitempty"`
	// Last is the time of the last shared commit (0 when unknown).
	Last int64 `json:",omitempty"`
	// Reason is why the partner is listed: ReasonHistory, or for a list
	// history left short, ReasonTest, ReasonGenerated or ReasonDirectory
	// (with Count 0).
	Reason string
	// Sweeps, Bots and Releases are how many of the Count shared commits
	// were of those kinds (see Kind).
	Sweeps   int `json:",omitempty"`
	Bots     int `json:",omitempty"`
	Releases int `json:",omitempty"`
	// Activity is the partner's own recent commits, each weighted
	// 2^(-age/ActivityHalfLife) at the newest commit's time (0 without
	// Times). History partners rank by
	// Strength·√(ActivityFloor+Activity)/Revs^HubExponent, with each
	// shared commit counted more the more recent it is among the file's own
	// commits (see RecentBoost), times 1+SameDirBoost for a partner in the
	// file's own directory when that directory is a small part of the
	// repository (see SameDirBoost): of two partners with the same shared
	// history, the one still changing is the likelier to change again.
	Activity float64 `json:",omitempty"`
}

// ActivityHalfLife (days) and ActivityFloor shape the ranking (see
// Partner.Activity).
const (
	ActivityHalfLife = 180
	ActivityFloor    = 0.1
)

// HubExponent divides a partner's rank by its own commit count to this
// power: a file that changes with everything (a changelog, a central
// module) says less about any one file than a partner of the same
// shared history that changes with few.
const HubExponent = 0.25

// SameDirBoost and SameDirShare favour partners beside the file: a
// partner in the file's own directory ranks 1+SameDirBoost times higher
// when that directory holds at most SameDirShare of the analysed files
// and is not the top level. At the cut of homer backtest, such partners
// ranked 6th to 8th came back in the held-out commits two to three times
// as often as the others there (tokio, cli, prometheus); a directory
// holding much of the repository (gin's root, requests's package) says
// little, and the top level holds the repository's shared files (a
// changelog, a manifest), not a module. Set on gin, chi, requests and
// tokio at three cuts (the newest 10%, 20% and 30% held out), checked on
// flask, express, cli and prometheus (BENCHMARKS.md, "seventh pass").
const (
	SameDirBoost = 1
	SameDirShare = 0.1
)

// RecentBoost and RecentCommits weigh a file's recent work in the ranking
// of its partners: a shared commit that is the file's k-th newest counts
// 1 + RecentBoost·2^(-k/RecentCommits) times. The file's own commits are
// counted, not days, so a file changed rarely still has recent work. Set
// on gin and requests (homer backtest), checked on flask and prometheus
// (BENCHMARKS.md, "Backtest").
const (
	RecentBoost   = 4
	RecentCommits = 20
)

// Set is a group of files that change together.
type Set struct {
	// Members are sorted by path.
	Members []string
	// Support is the number of commits that touched every member.
	Support int
	// Confidence is the set's weakest pair.
	Confidence float64
}

// Result is the co-change analysis of a history.
type Result struct {
	// Commits is the number of commits analysed; Skipped the number left out
	// for touching more than MaxFilesPerCommit paths.
	Commits, Skipped int
	// Revisions is the number of analysed commits that touched each path.
	Revisions map[string]int
	// Pairs are the kept pairs, by falling confidence, then count, then paths.
	Pairs []Pair
	// Partners maps a path to its strongest TopPartners partners
	// (see Partner.Activity for the ranking), whatever the pair floors,
	// filled to MinPartners from names and directories. A path with no
	// partner of any kind is absent.
	Partners map[string][]Partner
	// Sets are the co-change sets of three or more files, by falling
	// confidence, then size, then support, then members.
	Sets []Set
}

// pairKey packs a < b into one map key.
func pairKey(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(uint32(b))
}

type pair struct {
	a, b  int32
	count int32
	conf  float64
}

// history is the interned input: ids are assigned in path order.
type history struct {
	names   []string
	commits [][]int32 // each sorted
	times   []int64   // of each kept commit; nil when not given
	kinds   []Kind    // of each kept commit
	byFile  [][]int32 // file → indices of the commits touching it, ascending
}

func intern(in Input, maxFiles int) (h history, skipped int) {
	var keep map[string]bool
	if in.Paths != nil {
		keep = make(map[string]bool, len(in.Paths))
		for _, p := range in.Paths {
			keep[p] = true
		}
	}
	// Every path met is numbered once, kept or not, and a commit's
	// distinct paths are told by the commit each was last met in: one map
	// lookup a change. (A set per commit, cleared for the next, kept the
	// room of the largest commit, and ranging over it cost that room for
	// every commit after: a third of the analysis on spring-boot.)
	num := map[string]int32{}
	var tmpNames []string
	var kept, used []bool
	var metIn []int32 // by number: 1 + the last commit the path was met in
	var distinct []int32
	var commits [][]int32
	classes := classifier{bots: map[string]bool{}}
	for ci, paths := range in.Commits {
		distinct = distinct[:0]
		for _, p := range paths {
			id, ok := num[p]
			if !ok {
				id = int32(len(tmpNames))
				num[p] = id
				tmpNames = append(tmpNames, p)
				kept = append(kept, keep == nil || keep[p])
				used = append(used, false)
				metIn = append(metIn, 0)
			}
			if metIn[id] != int32(ci+1) {
				metIn[id] = int32(ci + 1)
				distinct = append(distinct, id)
			}
		}
		if len(distinct) > maxFiles {
			skipped++
			continue
		}
		ids := make([]int32, 0, len(distinct))
		for _, id := range distinct {
			if kept[id] {
				ids = append(ids, id)
				used[id] = true
			}
		}
		commits = append(commits, ids)
		kind := Ordinary
		if in.Authors != nil || in.Messages != nil || in.Lines != nil {
			var author, msg string
			var lines []int
			if in.Authors != nil {
				author = in.Authors[ci]
			}
			if in.Messages != nil {
				msg = in.Messages[ci]
			}
			if in.Lines != nil {
				lines = in.Lines[ci]
			}
			kind = classes.classify(paths, lines, author, msg)
		}
		h.kinds = append(h.kinds, kind)
		if in.Times != nil {
			h.times = append(h.times, in.Times[ci])
		}
	}
	// Renumber the paths of the analysed commits in path order, so that
	// id order is path order; the others (left out by Paths, or met only
	// in commits too large) are no file of the analysis.
	var order []int32
	for id, u := range used {
		if u {
			order = append(order, int32(id))
		}
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(tmpNames[a], tmpNames[b]) })
	remap := make([]int32, len(tmpNames))
	h.names = make([]string, len(order))
	for newID, old := range order {
		remap[old] = int32(newID)
		h.names[newID] = tmpNames[old]
	}
	// byFile rows are carved out of one backing array sized by a first pass.
	revs := make([]int, len(h.names))
	total := 0
	for _, ids := range commits {
		for i, id := range ids {
			ids[i] = remap[id]
			revs[ids[i]]++
		}
		slices.Sort(ids)
		total += len(ids)
	}
	backing := make([]int32, 0, total)
	h.byFile = make([][]int32, len(h.names))
	for id, r := range revs {
		h.byFile[id] = backing[len(backing) : len(backing) : len(backing)+r]
		backing = backing[:len(backing)+r]
	}
	for c, ids := range commits {
		for _, id := range ids {
			h.byFile[id] = append(h.byFile[id], int32(c))
		}
	}
	h.commits = commits
	return h, skipped
}

// Analyze finds the co-change pairs, partner lists and sets of a history.
func Analyze(in Input, cfg Config) Result {
	cfg = cfg.withDefaults()
	h, skipped := intern(in, cfg.MaxFilesPerCommit)
	n := len(h.names)
	res := Result{Commits: len(h.commits), Skipped: skipped, Revisions: make(map[string]int, n), Partners: map[string][]Partner{}}
	for id, cs := range h.byFile {
		res.Revisions[h.names[id]] = len(cs)
	}

	pairs := countPairs(h, cfg)
	slices.SortFunc(pairs, comparePairs)
	index := make(map[uint64]int, len(pairs))
	adj := make([][]int32, n) // kept partners of each file, ascending
	for i, p := range pairs {
		index[pairKey(p.a, p.b)] = i
		adj[p.a] = append(adj[p.a], p.b)
		adj[p.b] = append(adj[p.b], p.a)
	}
	for _, nb := range adj {
		slices.Sort(nb)
	}

	res.Pairs = make([]Pair, len(pairs))
	for i, p := range pairs {
		res.Pairs[i] = Pair{
			A: h.names[p.a], B: h.names[p.b], Count: int(p.count),
			RevsA: len(h.byFile[p.a]), RevsB: len(h.byFile[p.b]), Confidence: p.conf,
		}
	}

	res.Partners = partnerLists(h, cfg.TopPartners)
	all := h.names
	if in.Paths != nil {
		all = slices.Sorted(slices.Values(in.Paths))
		all = slices.Compact(all)
	}
	fill(res.Partners, all, h, cfg.MinPartners)

	g := grower{cfg: cfg, pairs: pairs, index: index, adj: adj}
	for _, members := range g.grow() {
		s := Set{Members: make([]string, len(members)), Support: support(h, members), Confidence: g.weakest(members)}
		for i, m := range members {
			s.Members[i] = h.names[m]
		}
		res.Sets = append(res.Sets, s)
	}
	slices.SortFunc(res.Sets, func(x, y Set) int {
		return cmp.Or(cmp.Compare(y.Confidence, x.Confidence), cmp.Compare(len(y.Members), len(x.Members)),
			cmp.Compare(y.Support, x.Support), slices.Compare(x.Members, y.Members))
	})
	return res
}

func comparePairs(x, y pair) int {
	return cmp.Or(cmp.Compare(y.conf, x.conf), cmp.Compare(y.count, x.count), cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
}

// countPairs counts, for each file a, its shared commits with every later
// file b in a dense counter array, and keeps the pairs over both floors. The
// work is Σ k(k-1)/2 over commits of k files, all of it array increments.
func countPairs(h history, cfg Config) []pair {
	n := len(h.names)
	cnt := make([]int32, n)
	var touched []int32
	var out []pair
	for a := range n {
		for _, c := range h.byFile[a] {
			ids := h.commits[c]
			i, _ := slices.BinarySearch(ids, int32(a))
			for _, b := range ids[i+1:] {
				if cnt[b] == 0 {
					touched = append(touched, b)
				}
				cnt[b]++
			}
		}
		ra := len(h.byFile[a])
		for _, b := range touched {
			k := cnt[b]
			cnt[b] = 0
			if int(k) < cfg.MinCount {
				continue
			}
			conf := Confidence(int(k), ra, len(h.byFile[b]))
			if conf >= cfg.MinConfidence {
				out = append(out, pair{a: int32(a), b: b, count: k, conf: conf})
			}
		}
		touched = touched[:0]
	}
	return out
}

// partnerLists ranks, for every file, each file it ever changed with in
// an analysed commit by strength scaled by the partner's activity, then
// count, then path, and keeps top. It walks each file's commits with
// dense counters: Σ k(k-1) increments over commits of k files, and memory
// linear in the number of files.
func partnerLists(h history, top int) map[string][]Partner {
	n := len(h.names)
	cnt := make([]int32, n)
	var kinds [4][]int32 // shared commits of each kind but Ordinary
	for k := range kinds {
		kinds[k] = make([]int32, n)
	}
	// Strength is summed in fixed point (units of 1e-9) so that the sum,
	// and the ranking, do not depend on the order of the commits.
	strength := make([]int64, n)
	ranking := make([]float64, n) // strength with the recent-work boost
	last := make([]int64, n)
	act := activity(h)
	dirs, specific := directories(h.names)
	var touched []int32
	out := make(map[string][]Partner, n)
	var newest []int32
	for a := range n {
		// The boost of each commit by its place among the file's own
		// commits, newest first (ties by index, so the order is fixed).
		newest = append(newest[:0], h.byFile[a]...)
		if h.times != nil {
			slices.SortFunc(newest, func(x, y int32) int { return cmp.Or(cmp.Compare(h.times[y], h.times[x]), cmp.Compare(y, x)) })
		}
		for k, c := range newest {
			ids := h.commits[c]
			w := int64(0)
			boost := 1.0
			if h.times != nil {
				boost += RecentBoost * math.Exp2(-float64(k)/RecentCommits)
			}
			if len(ids) > 1 {
				f := 1 / float64(len(ids)-1)
				if h.kinds[c] == Sweep {
					f *= SweepWeight
				}
				w = int64(math.Round(1e9 * f))
			}
			kind := h.kinds[c]
			for _, b := range ids {
				if b == int32(a) {
					continue
				}
				if cnt[b] == 0 {
					touched = append(touched, b)
				}
				cnt[b]++
				if kind != Ordinary {
					kinds[kind][b]++
				}
				strength[b] += w
				ranking[b] += float64(w) * boost
				if h.times != nil && h.times[c] > last[b] {
					last[b] = h.times[c]
				}
			}
		}
		if len(touched) == 0 {
			continue
		}
		ranked := make([]rankedPartner, 0, len(touched))
		for _, b := range touched {
			r := ranking[b]
			if act != nil {
				r *= math.Sqrt(ActivityFloor + float64(act[b])/1e9)
			}
			r /= math.Pow(float64(len(h.byFile[b])), HubExponent)
			if d := dirs[a]; d == dirs[b] && specific[d] {
				r *= 1 + SameDirBoost
			}
			ranked = append(ranked, rankedPartner{id: b, count: cnt[b], rank: r})
		}
		// Ids are in path order, so comparing them breaks ties by path.
		slices.SortFunc(ranked, func(x, y rankedPartner) int {
			return cmp.Or(cmp.Compare(y.rank, x.rank), cmp.Compare(y.count, x.count), cmp.Compare(x.id, y.id))
		})
		ra := len(h.byFile[a])
		ps := make([]Partner, min(top, len(ranked)))
		for i := range ps {
			b := ranked[i].id
			rb := len(h.byFile[b])
			ps[i] = Partner{Path: h.names[b], Count: int(cnt[b]), Revs: rb, Confidence: Confidence(int(cnt[b]), ra, rb),
				Strength: float64(strength[b]) / 1e9, Last: last[b], Reason: ReasonHistory,
				Sweeps: int(kinds[Sweep][b]), Bots: int(kinds[Bot][b]), Releases: int(kinds[Release][b])}
			if act != nil {
				ps[i].Activity = float64(act[b]) / 1e9
			}
		}
		for _, b := range touched {
			cnt[b], strength[b], ranking[b], last[b] = 0, 0, 0, 0
			kinds[Sweep][b], kinds[Bot][b], kinds[Release][b] = 0, 0, 0
		}
		touched = touched[:0]
		out[h.names[a]] = ps
	}
	return out
}

// directories numbers the directory of each of names (dirs[i]), and
// tells for each directory but the top level whether it holds at most
// SameDirShare of names (specific[d]).
func directories(names []string) (dirs []int32, specific []bool) {
	index := map[string]int32{}
	var sizes []int
	dirs = make([]int32, len(names))
	for i, p := range names {
		d := path.Dir(p)
		id, ok := index[d]
		if !ok {
			id = int32(len(sizes))
			index[d] = id
			sizes = append(sizes, 0)
		}
		dirs[i] = id
		sizes[id]++
	}
	specific = make([]bool, len(sizes))
	for d, n := range sizes {
		specific[d] = float64(n) <= SameDirShare*float64(len(names))
	}
	if top, ok := index["."]; ok {
		specific[top] = false
	}
	return dirs, specific
}

type rankedPartner struct {
	id, count int32
	rank      float64
}

// activity is each file's recent commits, each weighted
// 2^(-age/ActivityHalfLife) at the newest commit's time (a sweep by
// SweepWeight), in units of 1e-9; nil without times.
func activity(h history) []int64 {
	if h.times == nil {
		return nil
	}
	now := int64(math.MinInt64)
	for _, t := range h.times {
		now = max(now, t)
	}
	act := make([]int64, len(h.names))
	for id, cs := range h.byFile {
		for _, c := range cs {
			w := math.Exp2(-float64(now-h.times[c]) / 86400 / ActivityHalfLife)
			if h.kinds[c] == Sweep {
				w *= SweepWeight
			}
			act[id] += int64(math.Round(1e9 * w))
		}
	}
	return act
}

// MaxFillDirectory is the most files a directory may hold for a short
// list to be filled with its most active files. In a larger one (chi's
// middleware/, 44 analysed files at the cut of homer backtest) those are
// the same few files for every member and rarely the ones that change
// with it: they were 26 entries of chi's lists there and 1 came back.
// Left out, they cost no recall on gin, chi, requests or tokio at any
// cap from 30 to 40 (BENCHMARKS.md, "tenth pass").
const MaxFillDirectory = 30

// fill lengthens the lists of the files in all that history left shorter
// than want: first with the file's test and generated counterparts by
// name, then, when its directory holds at most MaxFillDirectory files,
// with the other files of that directory, the most active first (then by
// path). Filled partners have Count 0 and their reason.
func fill(lists map[string][]Partner, all []string, h history, want int) {
	if want <= 0 {
		return
	}
	act := activity(h)
	id := make(map[string]int32, len(h.names))
	for i, n := range h.names {
		id[n] = int32(i)
	}
	revs := func(p string) (int, float64) {
		i, ok := id[p]
		if !ok {
			return 0, 0
		}
		a := 0.0
		if act != nil {
			a = float64(act[i]) / 1e9
		}
		return len(h.byFile[i]), a
	}
	byDir := map[string][]string{}
	for _, p := range all {
		byDir[path.Dir(p)] = append(byDir[path.Dir(p)], p)
	}
	for d, ps := range byDir {
		slices.SortStableFunc(ps, func(x, y string) int {
			_, ax := revs(x)
			_, ay := revs(y)
			return cmp.Or(cmp.Compare(ay, ax), cmp.Compare(x, y))
		})
		byDir[d] = ps
	}
	named := namePairs(all)
	for _, p := range all {
		list := lists[p]
		if len(list) >= want {
			continue
		}
		have := map[string]bool{p: true}
		for _, q := range list {
			have[q.Path] = true
		}
		add := func(q, reason string) {
			if len(list) >= want || have[q] {
				return
			}
			have[q] = true
			r, a := revs(q)
			list = append(list, Partner{Path: q, Revs: r, Activity: a, Reason: reason})
		}
		for _, q := range named[p] {
			add(q.path, q.reason)
		}
		if ds := byDir[path.Dir(p)]; len(ds) <= MaxFillDirectory {
			for _, q := range ds {
				add(q, ReasonDirectory)
			}
		}
		if len(list) > 0 {
			lists[p] = list
		}
	}
}

// Confidence is the degree of coupling of two files: their shared commits
// over the mean of their commit counts, 2·shared/(revsA+revsB), in [0,1].
func Confidence(shared, revsA, revsB int) float64 {
	if revsA+revsB == 0 {
		return 0
	}
	return 2 * float64(shared) / float64(revsA+revsB)
}

// support counts the commits that touched every member.
func support(h history, members []int32) int {
	common := h.byFile[members[0]]
	for _, m := range members[1:] {
		other := h.byFile[m]
		var next []int32
		i, j := 0, 0
		for i < len(common) && j < len(other) {
			switch {
			case common[i] < other[j]:
				i++
			case common[i] > other[j]:
				j++
			default:
				next = append(next, common[i])
				i++
				j++
			}
		}
		common = next
	}
	return len(common)
}
