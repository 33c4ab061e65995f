// Package gitsource is Homer's built-in "git" source: it streams a
// repository's commit history to the core as records. Start at New and
// Source.Extract; gitbin.go is the fast path, gogit.go the fallback.
//
// # What it emits
//
// One sdk.Commit per commit: sha, parents, author and committer after
// .mailmap, author and commit times (unix seconds), the full message
// (trailing newlines removed) and its file changes: path, status "A", "M",
// "D" or "R" (with OldPath and Similarity; similarity 0 for a file converted
// to another extension: the only deletion and addition of one name in one
// directory in a commit), added and deleted lines, Binary
// (with zero counts) for binary files, and the blobs after and before
// (BlobId: the file at Path in the commit; OldBlobId: at OldPath, else
// Path, in its first parent; "" where there is no file, as an addition has
// no old blob). The .mailmap applied is the one
// committed at HEAD (never the work tree's), so a given HEAD always yields
// the same identities. Type changes (file to symlink) are
// "M". Submodules (gitlinks) and directories are never files. Merge commits
// carry no changes: what they bring in is attributed to the commits they
// merge, as git log shows it by default. Tags, lightweight and annotated,
// peeled to commits, are releases (time: the tagger's, else the commit's);
// all of them come in the last batch of every run that reads history.
//
// # Order and checkpoints
//
// Commits come oldest first in a reverse topological order (parents before
// children), in batches of up to 500 commits. The last batch's checkpoint
// is HEAD. Since every batch ends a prefix of a reverse topological order,
// everything reachable from a batch's last commit has been sent, so a run
// resumed from it gets a superset of what is missing; the core's inserts
// must be idempotent.
//
// A core that drops commits (ExtractRequest.DropsUnreachable) gets
// checkpoints that bound what it stores (tips.go): "LOWER... | UPPER...",
// every commit a lower tip reaches stored, every stored commit reached by
// an upper tip; a finished run's is HEAD alone. A run first sends, before
// any commit, the commits the upper tips reach and HEAD does not
// (UnreachableCommits: `git rev-list UPPER ^HEAD`), then HEAD's history
// minus that of the merge bases of the lower tips with HEAD. A branch
// switch, rebase or force push so costs the commits that differ, and a run
// stopped after any batch resumes correctly on any HEAD. Each batch tells
// CommitsTotal once a `git rev-list --count` beside the walk has it.
//
//   - Checkpoint equal to HEAD: one empty batch with checkpoint HEAD (one
//     git rev-parse; a few milliseconds).
//   - A core that does not drop commits, or max_commits set: a checkpoint
//     that is not an ancestor of HEAD (force push, rebase) has the first
//     batch set Reset with a notice, and the whole history follows; each
//     batch's checkpoint is its last commit.
//   - A checkpoint tip that is not a commit at all: Reset and the whole
//     history.
//   - Empty repository (no HEAD): one batch with an empty checkpoint (and
//     Reset if a checkpoint was given).
//   - max_commits > 0: only the newest max_commits of the commits to read.
//
// # Two ways to read history
//
// With a git binary on PATH (and use_git_binary, the default), one
// `git log --topo-order --reverse -z --raw --numstat -M` process streams
// everything; the parser reads NUL-separated tokens in place. Its output
// goes to an unlinked temporary file the plugin reads as it grows (tail.go):
// through a pipe, every commit's flush woke the plugin. --topo-order
// makes git read all commits before any tree or blob, which measured 1.1 to
// 2 times faster than the default walk on packed repositories; rename
// detection (-M) cost nothing measurable there. On four cores or more, a
// whole history is read in slices of its commit list by a git process per
// two cores (slices.go): `git log --no-walk=unsorted` over a slice prints
// exactly what the walk prints for those commits, and the slices are read
// in order. On two cores git, this plugin and the core already keep both
// busy, and parallel slicing measured slower: there the slices (5,000
// commits) are read one after another, a git process each, since one git
// log --topo-order holds every commit it walked until it prints it. A
// whole history of 2,000 commits or more, in a repository without a
// commit-graph file of its own and not shallow, is walked through one
// written first to a temporary directory that every git process of the
// read sees as an alternate object directory (commitgraph.go): the walk
// then takes parents and dates from it and holds no commit's buffer
// before printing the commit. If
// git dies on a missing object, the rest of the history is first listed without reading
// blobs (missing.go) and the missing ones found with one cat-file: when
// they belong to a few paths (a snapshot without its largest files), git
// log restarts with those paths excluded (--full-history --sparse keeps
// every commit) and their changes come from the listing, without line
// counts, in one warning. Otherwise (a blob-filtered clone misses every
// blob, or the missing object is not a blob) the commit is retried alone,
// then without line counts, then without changes, with a warning naming
// it, and git log restarts after it (excluding what was sent). After 20
// such commits the rest of the history is read with --raw only: statuses
// and exact renames, no line counts, one warning. Missing objects are
// never fetched from a promisor remote (GIT_NO_LAZY_FETCH).
//
// Without the binary, go-git reads the object store: trees are parsed by
// hand and compared only where subtree hashes differ, line counts come from
// a minimal line diff (Myers), renames are exact only (same blob, similarity
// 100; git also finds renames of edited files), and .mailmap is parsed
// here. Line counts differ from git's only where git's diff is not minimal
// (its heuristics; about 1% of changes on gin and requests, where ours are
// smaller) or for files with more than maxEditDistance changed lines. It
// takes 2.5 to 4 times as long as the binary path.
//
// The repository may be a work tree (or a directory in it), a bare
// repository or a .git directory. In a shallow clone, boundary commits have
// no parents and no changes. Names, emails, messages and paths that are not
// UTF-8 are repaired (U+FFFD), as protobuf strings must be.
package gitsource
