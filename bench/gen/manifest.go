package main

import (
	"fmt"
	"io"
	"strings"
)

// manifest describes what gen planted, for benchmarks and tests to assert on.
// It is written to .git/synth-manifest.json.
type manifest struct {
	Seed         uint64      `json:"seed"`
	Files        int         `json:"files"`
	Commits      int         `json:"commits"`
	Head         string      `json:"head"`
	SourceFiles  int         `json:"source_files_at_head"`  // .go and .py, tests included
	TrackedFiles int         `json:"tracked_files_at_head"` // everything in the HEAD tree
	Packages     []string    `json:"packages"`
	CoreFiles    []string    `json:"core_files"`
	Groups       []groupInfo `json:"co_change_groups"`
	FormatCommit string      `json:"format_commit"`
	FormatFiles  int         `json:"format_commit_files"`
	Merges       int         `json:"merges"`
	Tags         []string    `json:"tags"` // "name commit"
	Renames      []string    `json:"renames"`
	Deletions    []string    `json:"deletions"`
	Authors      []string    `json:"authors"` // "Name <email> commits"
}

type groupInfo struct {
	Name           string   `json:"name"`
	Files          []string `json:"files"`
	GroupCommits   int      `json:"group_commits"`    // commits made for the group
	CommitsWithAll int      `json:"commits_with_all"` // plus the initial and format commits
}

func (g *gen) manifest(head string, marks map[string]string) *manifest {
	m := &manifest{Seed: g.cfg.Seed, Files: g.cfg.Files, Commits: g.cfg.Commits, Head: head,
		FormatCommit: marks[g.formatMark], FormatFiles: g.formatFiles, Merges: g.merges,
		Renames: g.renames, Deletions: g.deletions}
	for _, f := range g.files {
		if !f.alive {
			continue
		}
		m.TrackedFiles++
		if f.kind == kindSrc || f.kind == kindTest {
			m.SourceFiles++
		}
		if f.isCore() {
			m.CoreFiles = append(m.CoreFiles, f.path)
		}
	}
	for _, p := range g.pkgs {
		m.Packages = append(m.Packages, p.dir)
	}
	for i, gr := range groups {
		// The initial commit creates the group's files together.
		gi := groupInfo{Name: gr.name, GroupCommits: g.groupCommits[i], CommitsWithAll: g.groupCommits[i] + 1}
		if g.formatMark != "" {
			gi.CommitsWithAll++
		}
		for _, f := range g.groupSet[i] {
			gi.Files = append(gi.Files, f.path)
		}
		m.Groups = append(m.Groups, gi)
	}
	for _, t := range g.tags {
		m.Tags = append(m.Tags, t[0]+" "+marks[t[1]])
	}
	for _, a := range g.authors {
		emails := a.email
		if a.oldEmail != "" {
			emails = a.oldEmail + ", " + a.email
		}
		m.Authors = append(m.Authors, fmt.Sprintf("%s <%s> %d", a.name, emails, a.commits))
	}
	return m
}

func (m *manifest) print(w io.Writer) {
	fmt.Fprintf(w, "gen: %d commits (%d merges), %d source files (%d tracked) at %s\n",
		m.Commits, m.Merges, m.SourceFiles, m.TrackedFiles, m.Head)
	fmt.Fprintf(w, "  core files: %s\n", strings.Join(m.CoreFiles, " "))
	for _, gr := range m.Groups {
		fmt.Fprintf(w, "  co-change %-6s %d commits with all of: %s\n", gr.Name, gr.CommitsWithAll, strings.Join(gr.Files, " "))
	}
	fmt.Fprintf(w, "  format commit %s touches %d files; %d renames, %d deletions, %d tags\n",
		m.FormatCommit, m.FormatFiles, len(m.Renames), len(m.Deletions), len(m.Tags))
	for _, a := range m.Authors {
		fmt.Fprintf(w, "  author %s\n", a)
	}
}
