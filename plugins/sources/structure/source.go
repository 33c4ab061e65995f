package structure

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/agentsfile"
)

// Name and version of the plugin as Homer sees them. The version and a
// hash of the package's code are part of the checkpoint: a new version,
// or a build with changed extraction code, re-extracts.
const (
	Name    = "structure"
	Version = "1.3.0"
)

// batchRecords bounds a batch, to keep messages a few MB at most.
const batchRecords = 5000

// Source is the structure source. Create it with New.
type Source struct {
	useBinary bool // tests turn it off to exercise go-git

	mu          sync.Mutex
	repoRoot    string
	include     []string
	exclude     []string
	useDefaults bool
}

var _ sdk.Source = (*Source)(nil)

// New returns the structure source with its defaults.
func New() sdk.Source { return &Source{useBinary: true, useDefaults: true} }

// Info describes the plugin and its configuration.
func (s *Source) Info() *sdk.Info {
	return &sdk.Info{
		Name:        Name,
		Version:     Version,
		Description: "Files at HEAD with languages, directories as modules, dependency manifests and build/test/lint commands.",
		Schema: []*sdk.Attribute{
			{Name: "include", Type: sdk.TypeList, DefaultValue: sdk.List(),
				Description: "Globs (** matches any number of directories) of the files to keep; empty keeps all."},
			{Name: "exclude", Type: sdk.TypeList, DefaultValue: sdk.List(),
				Description: "Globs of files to leave out; they win over include."},
			{Name: "use_default_excludes", Type: sdk.TypeBool, DefaultValue: sdk.Bool(true),
				Description: "Also leave out vendored dependencies, build output, virtual environments, generated and minified files and lockfiles."},
		},
	}
}

// Configure takes the decoded configuration and checks the globs.
func (s *Source) Configure(_ context.Context, cfg sdk.Config) []*sdk.Diagnostic {
	include, exclude := cfg.List("include", nil), cfg.List("exclude", nil)
	var diags []*sdk.Diagnostic
	for attr, globs := range map[string][]string{"include": include, "exclude": exclude} {
		for _, msg := range validateGlobs(globs) {
			diags = append(diags, sdk.Errorf(attr, "%s", msg))
		}
	}
	if len(diags) > 0 {
		sort.Slice(diags, func(i, j int) bool { return diags[i].Summary < diags[j].Summary })
		return diags
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repoRoot, s.include, s.exclude = cfg.RepoRoot, include, exclude
	s.useDefaults = cfg.Bool("use_default_excludes", true)
	return nil
}

type settings struct {
	root             string
	include, exclude []string
	useDefaults      bool
	useBinary        bool
}

func (s *Source) settings(req *sdk.ExtractRequest) settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := settings{root: req.GetRepoRoot(), include: s.include, exclude: s.exclude, useDefaults: s.useDefaults, useBinary: s.useBinary}
	if st.root == "" {
		st.root = s.repoRoot
	}
	return st
}

// configHash identifies what, besides the tree, decides the output: the
// configuration, the version and the plugin's own code (codeHash).
func (st settings) configHash() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%q\x00%q\x00%t", Version, codeHash, st.include, st.exclude, st.useDefaults)
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Extract sends the structure of HEAD's tree. The checkpoint is
// "<tree id>:<config hash>"; when the request carries the current one,
// nothing is read and one empty batch confirms it.
func (s *Source) Extract(ctx context.Context, req *sdk.ExtractRequest, emit func(*sdk.RecordBatch) error) error {
	st := s.settings(req)
	snap, err := openSnapshot(st.root, st.useBinary)
	if err != nil {
		return err
	}
	tree, err := snap.tree(ctx)
	if err != nil {
		return err
	}
	if tree == "" {
		return emit(&sdk.RecordBatch{ReplaceAll: true}) // no commit: an empty structure
	}
	checkpoint := tree + ":" + st.configHash()
	if req.GetCheckpoint() == checkpoint {
		return emit(&sdk.RecordBatch{Checkpoint: checkpoint})
	}
	entries, sized, err := snap.files(ctx, tree)
	if err != nil {
		return err
	}
	var diags []*sdk.Diagnostic
	var missing []string
	if !sized {
		// Which ones, so that the core reads the tree again once they
		// are back: a file whose size reads 0 is empty or missing.
		var unsized []string
		for _, e := range entries {
			if e.size == 0 {
				unsized = append(unsized, e.id)
			}
		}
		if missing, err = snap.absent(ctx, unsized); err != nil {
			return err
		}
		slices.Sort(missing)
		missing = slices.Compact(missing)
		diags = append(diags, &sdk.Diagnostic{Severity: sdk.SeverityWarning, Summary: describeUnsized(entries, missing)})
		if len(missing) > maxMissing {
			missing = missing[:maxMissing]
		}
	}
	records, more := build(ctx, snap, entries, newFilter(st.include, st.exclude, st.useDefaults), repoName(st.root))
	diags = append(diags, more...)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	for start := 0; ; start += batchRecords {
		end := min(start+batchRecords, len(records))
		b := &sdk.RecordBatch{Records: records[start:end], ReplaceAll: start == 0}
		if end == len(records) {
			b.Checkpoint, b.Diagnostics, b.MissingObjects = checkpoint, diags, missing
		}
		if err := emit(b); err != nil {
			return err
		}
		if end == len(records) {
			return nil
		}
	}
}

// fixtureDirs hold test fixtures: manifests and build files there describe
// no real project.
var fixtureDirs = set("testdata", "test_data", "fixtures", "__fixtures__", "test-fixtures")

func inDirs(p string, dirs map[string]bool) bool {
	for _, d := range strings.Split(path.Dir(p), "/") {
		if dirs[d] {
			return true
		}
	}
	return false
}

// buildFileKind tells which command reader takes a file, or "".
func buildFileKind(p string) string {
	base := path.Base(p)
	switch {
	case base == "Makefile" || base == "makefile" || base == "GNUmakefile":
		return "make"
	case base == "justfile" || base == "Justfile" || base == ".justfile":
		return "just"
	case base == "package.json":
		return "npm"
	case base == "composer.json":
		return "composer"
	case path.Dir(p) == ".github/workflows" && (strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml")):
		return "actions"
	case base == ".gitlab-ci.yml" || base == ".gitlab-ci.yaml":
		return "gitlab"
	case docFileKind(p) != "":
		return docFileKind(p)
	case toxFileKind(p) != "":
		return toxFileKind(p)
	case strings.HasSuffix(base, ".mk") || strings.HasPrefix(base, "Makefile.") || strings.HasPrefix(base, "makefile."):
		return "make-include" // read only where a Makefile includes it
	case p == "CMakeLists.txt":
		return "cmake" // read for the convention: whether it enables tests
	case p == "Rakefile":
		return "rake" // read for what its default task runs (verifyCommands)
	}
	return ""
}

// commandSources are the kinds of files commands are read from, in the
// order an agent should trust them: the maintainers' own guides, then the
// developer entry points, then conventions, and CI last (its steps are
// written for a fresh machine and often for a matrix).
var commandSources = []string{"agents", "contributing", "readme", "make", "npm", "composer", "just", "tox", "nox", "conventions", "actions", "gitlab"}

// warning is a problem with the file at p (the whole read when p is ""),
// its text made valid UTF-8: a reader's error may quote the file.
func warning(p, format string, args ...any) *sdk.Diagnostic {
	return &sdk.Diagnostic{Severity: sdk.SeverityWarning, Path: p, Summary: validUTF8(fmt.Sprintf(format, args...))}
}

// fileCommands adds the commands of one build file of the given kind (as
// buildFileKind tells it) to out. An error says why the file could not be
// read, or read in full.
func fileCommands(kind, p string, data []byte, include func(string) ([]byte, bool), out *commandSet) error {
	data = withoutBOM(data)
	switch kind {
	case "agents":
		if !bytes.HasPrefix(bytes.TrimSpace(data), []byte(agentsfile.Marker)) {
			docCommands(p, data, out) // Homer's own AGENTS.md says what it read elsewhere
		}
	case "contributing", "readme":
		docCommands(p, data, out)
	case "tox":
		toxCommands(p, data, out)
	case "nox":
		noxCommands(p, data, out)
	case "make":
		makefileCommands(p, data, include, out)
	case "just":
		justfileCommands(p, data, out)
	case "npm":
		return packageScripts(p, data, out)
	case "composer":
		return composerScripts(p, data, out)
	case "actions":
		return workflowCommands(p, data, out)
	case "gitlab":
		return gitlabCommands(p, data, out)
	}
	return nil
}

// build makes the records: files, modules, manifests, commands, in that
// order. Manifests and build files are looked for among all files that
// are not excluded, whatever include says: an include list narrows the
// files to analyse, not the project's commands.
// repoName is the name of the repository's directory, "" when it cannot
// be told.
func repoName(root string) string {
	abs, err := filepath.Abs(root)
	if err != nil || filepath.Base(abs) == string(filepath.Separator) {
		return ""
	}
	return filepath.Base(abs)
}

func build(ctx context.Context, snap snapshot, entries []entry, f filter, repo string) ([]*sdk.Record, []*sdk.Diagnostic) {
	var records []*sdk.Record
	type acc struct {
		counts map[string]int
		total  int
	}
	modules := map[string]*acc{}
	var wanted []entry
	wrappers := map[string]bool{}
	var projects []string
	headers := headerLanguage(entries, f)
	for _, e := range entries {
		if b := path.Base(e.path); b == "gradlew" || b == "mvnw" {
			wrappers[e.path] = true
		}
		if conventionProject(e.path) && !f.excluded(e.path) && !inDirs(e.path, fixtureDirs) && !inDirs(e.path, testDirs) {
			projects = append(projects, e.path)
		}
		// Manifests anywhere but in fixtures; build files not in test
		// directories either (tests/certs/Makefile makes certificates).
		if !f.excluded(e.path) && !inDirs(e.path, fixtureDirs) &&
			(manifestKind(e.path) != "" || buildFileKind(e.path) != "" && !inDirs(e.path, testDirs)) {
			wanted = append(wanted, e)
		}
		if !f.keep(e.path) {
			continue
		}
		lang := languageOf(e.path)
		if lang == "c" && strings.EqualFold(path.Ext(e.path), ".h") {
			lang = headers
		}
		records = append(records, sdk.FileRecord(&sdk.FileEntry{
			Path: e.path, BlobId: e.id, Language: lang, Size: e.size, IsTest: isTest(e.path), Code: isSource(lang),
		}))
		if isSource(lang) {
			dir := path.Dir(e.path)
			a := modules[dir]
			if a == nil {
				a = &acc{counts: map[string]int{}}
				modules[dir] = a
			}
			a.counts[lang]++
			a.total++
		}
	}
	dirs := make([]string, 0, len(modules))
	for d := range modules {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		a := modules[d]
		best := ""
		for lang, n := range a.counts {
			if best == "" || n > a.counts[best] || n == a.counts[best] && lang < best {
				best = lang
			}
		}
		records = append(records, sdk.ModuleRecord(&sdk.Module{Path: d, Language: best, Files: int32(a.total)}))
	}

	ids := make([]string, 0, len(wanted))
	for _, e := range wanted {
		ids = append(ids, e.id)
	}
	var diags []*sdk.Diagnostic
	warned := map[string]bool{}
	warn := func(p, format string, args ...any) {
		if p != "" && warned[p] {
			return // one problem per file is enough (package.json is read twice)
		}
		warned[p] = true
		diags = append(diags, warning(p, format, args...))
	}
	contents, err := snap.read(ctx, ids)
	if err != nil {
		warn("", "reading manifests and build files: %v", err)
		return records, diags
	}
	// Root files first, then by path: the root Makefile's "make test"
	// wins over a nested duplicate.
	sort.SliceStable(wanted, func(i, j int) bool {
		di, dj := strings.Count(wanted[i].path, "/"), strings.Count(wanted[j].path, "/")
		if di != dj {
			return di < dj
		}
		return wanted[i].path < wanted[j].path
	})
	var manifests []*sdk.Manifest
	for _, e := range wanted {
		data, ok := contents[e.id]
		if !ok {
			warn(e.path, "%s: blob %s is missing from the object store", e.path, e.id)
			continue
		}
		if manifestKind(e.path) == "" {
			continue
		}
		m, err := parseManifest(e.path, data)
		if err != nil {
			warn(e.path, "not read as a manifest: %v", err) // the warning names the file already
		}
		manifests = append(manifests, m)
		records = append(records, sdk.ManifestRecord(m))
	}
	byPath := map[string][]byte{}
	for _, e := range wanted {
		if data, ok := contents[e.id]; ok {
			byPath[e.path] = data
		}
	}
	include := func(p string) ([]byte, bool) { data, ok := byPath[p]; return data, ok }
	if data, ok := byPath["CMakeLists.txt"]; ok && cmakeTests.Match(data) {
		projects = append(projects, "CMakeLists.txt")
	}
	cmds := commandSet{scripts: scriptRunner(entries, byPath["package.json"]), repo: repo}
	tree := newHeadTree(entries, include)
	var dropped []string
	for _, kind := range commandSources {
		if kind == "conventions" {
			// What the guides and build files name is checked before a
			// convention stands in for a kind they lack: fmt's README
			// names a make target HEAD has not, which took the place of
			// CMake's tests and was then left out.
			var d []string
			cmds.list, d = verifyEach(tree, cmds.list)
			dropped = append(dropped, d...)
			conventionCommands(manifests, projects, wrappers, &cmds)
			singleTest(ctx, snap, entries, f, manifests, &cmds)
			continue
		}
		for _, e := range wanted {
			data, ok := contents[e.id]
			if !ok || buildFileKind(e.path) != kind || inDirs(e.path, testDirs) {
				// A package.json among the tests (axios's
				// test/module/ts/) builds a fixture, not the project.
				continue
			}
			if err := fileCommands(kind, e.path, data, include, &cmds); err != nil {
				warn(e.path, "%s: %v", e.path, err)
			}
		}
	}
	kept, d := verifyEach(tree, cmds.list)
	if note := droppedNote(append(dropped, d...)); note != nil {
		diags = append(diags, note)
	}
	for _, c := range kept {
		records = append(records, sdk.CommandRecord(c))
	}
	return records, diags
}

// shownUnsized bounds the paths one warning names.
const shownUnsized = 20

// describeUnsized is the warning for files at HEAD whose blobs are
// missing (ids sorted), naming them.
func describeUnsized(entries []entry, missing []string) string {
	var paths []string
	for _, e := range entries {
		if _, found := slices.BinarySearch(missing, e.id); found {
			paths = append(paths, e.path)
		}
	}
	if len(paths) == 0 {
		return "some blobs are missing from the object store (partial clone?); their sizes are reported as 0"
	}
	slices.Sort(paths)
	n, more := len(paths), ""
	if len(paths) > shownUnsized {
		more = fmt.Sprintf(" and %d more", len(paths)-shownUnsized)
		paths = paths[:shownUnsized]
	}
	return fmt.Sprintf("%d file(s) at HEAD have blobs missing from the object store (partial clone, or a snapshot without large files); their sizes are reported as 0: %s%s",
		n, strings.Join(paths, ", "), more)
}

// withoutBOM is a file's text without the byte order mark an editor may
// have written before it (vite's playground/resolve/utf8-bom-package/
// package.json), which JSON and the other formats read here refuse.
func withoutBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte("\ufeff")) }
