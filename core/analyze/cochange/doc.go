// Package cochange finds files that change together: pairs, a ranked
// "usually changes with" list per file, and n-ary co-change sets.
//
// Start with Analyze. Its input is the list of paths each commit touched;
// commits that touch more than MaxFilesPerCommit files (mass renames,
// reformatting, vendoring) are left out entirely, so they count neither
// towards pairs nor towards the files' revision counts.
//
// Confidence is code-maat's "degree of coupling": the shared commits over the
// mean of the two files' commits, 2·n(A∧B) / (n(A)+n(B)). It is symmetric
// and stays low when a rarely changed file rides along with a hub that
// changes in every other commit (go.mod, a changelog), which the
// min-denominator variant n(A∧B)/min(n(A),n(B)) would score 1. The same
// measure filters pairs, ranks partner lists and bounds sets.
//
// Partner lists rank every file a file ever changed with by strength
// (each shared commit of n analysed files adds 1/(n-1), and in the
// ranking counts 1 + RecentBoost·2^(-k/RecentCommits) times when it is the
// file's k-th newest commit: the file's recent work leads) times
// √(ActivityFloor + the partner's recent activity), divided by the
// partner's own commit count to the power HubExponent, and doubled
// (1+SameDirBoost) for a partner in the file's own directory when that
// directory, not the top level, holds at most SameDirShare of the
// analysed files: of two
// partners with the same shared history, the one still changing ranks
// first, the one beside the file next, and the one that changes with
// everything last. Commits are
// classified (Classify): a sweep (many files, a few lines each) adds a
// tenth of its weight; bots' commits and release bumps count in full (the
// same bot bumps the same files again, and a release touches the same
// changelog) but each partner says how many of its shared commits were of
// each kind. A list history leaves shorter than MinPartners is filled with
// the file's test or subject and its generator or output by name, then
// the most active files of its directory when that holds at most
// MaxFillDirectory files, each with Count 0 and its Reason. The
// pipeline then puts the file's neighbours in the import and call graphs
// (Neighbours, WithNeighbours) before those directory files.
// Counterparts gives the name partners of a file the analysis never saw.
//
// Sets grow greedily from the strongest pair (see Config and growSets): a
// candidate joins when it co-changes with every member above the floors and
// lowers the set's weakest pair by at most MaxDrop.
//
// Paths are interned as int32 ids assigned in path order, so comparing ids
// breaks ties by path; pair counts are gathered per file with a dense counter
// array, and kept pairs live in a map keyed by the packed pair.
package cochange
