package structure

import (
	"bytes"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/homer-dev/homer/sdk"
)

// Manifest kinds: the package ecosystem a manifest belongs to.
const (
	KindGo       = "go"       // go.mod
	KindNPM      = "npm"      // package.json
	KindCargo    = "cargo"    // Cargo.toml
	KindPyPI     = "pypi"     // pyproject.toml, setup.cfg, requirements*.txt
	KindMaven    = "maven"    // pom.xml
	KindGradle   = "gradle"   // build.gradle, build.gradle.kts
	KindComposer = "composer" // composer.json
	KindNuGet    = "nuget"    // *.csproj, *.fsproj, *.vbproj, Directory.Packages.props
	KindGem      = "gem"      // Gemfile, *.gemspec
	KindSwiftPM  = "swiftpm"  // Package.swift
)

// manifestKind tells which parser reads a file, or "".
func manifestKind(p string) string {
	base := path.Base(p)
	switch base {
	case "go.mod":
		return KindGo
	case "package.json":
		return KindNPM
	case "Cargo.toml":
		return KindCargo
	case "pyproject.toml", "setup.cfg":
		return KindPyPI
	case "pom.xml":
		return KindMaven
	case "build.gradle", "build.gradle.kts":
		return KindGradle
	case "composer.json":
		return KindComposer
	case "Directory.Packages.props":
		return KindNuGet
	case "Gemfile":
		return KindGem
	case "Package.swift":
		return KindSwiftPM
	}
	switch path.Ext(base) {
	case ".csproj", ".fsproj", ".vbproj":
		return KindNuGet
	case ".gemspec":
		return KindGem
	}
	if strings.HasPrefix(base, "requirements") && strings.HasSuffix(base, ".txt") || devRequirements.MatchString(base) {
		return KindPyPI // flake8's dev-requirements.txt too
	}
	if strings.HasSuffix(base, ".versions.toml") && path.Base(path.Dir(p)) == "gradle" {
		return KindGradle // a version catalog: gradle/libs.versions.toml
	}
	return ""
}

// devRequirements is a requirements file named for development before the
// word: dev-requirements.txt, test_requirements.txt (a tool's own pins,
// fmt's support/cmake-format-requirements.txt, are not the project's).
var devRequirements = regexp.MustCompile(`^(dev|devel|development|test|tests|testing|lint|docs?|typing)[-_]requirements\.txt$`)

// parseManifest reads one manifest. A manifest that cannot be read is
// returned with what could be read, and a problem.
func parseManifest(p string, data []byte) (*sdk.Manifest, error) {
	data = withoutBOM(data)
	m := &sdk.Manifest{Path: p, Kind: manifestKind(p)}
	var err error
	switch base := path.Base(p); {
	case base == "go.mod":
		err = parseGoMod(m, data)
	case base == "package.json":
		err = parsePackageJSON(m, data)
	case base == "Cargo.toml":
		err = parseCargo(m, data)
	case base == "pyproject.toml":
		err = parsePyproject(m, data)
	case base == "setup.cfg":
		parseSetupCfg(m, data)
	case base == "pom.xml":
		err = parsePom(m, data)
	case strings.HasPrefix(base, "build.gradle"):
		parseGradle(m, data)
	case strings.HasSuffix(base, ".versions.toml"):
		err = parseVersionCatalog(m, data)
	case base == "composer.json":
		err = parseComposer(m, data)
	case m.Kind == KindNuGet:
		err = parseMSBuild(m, data)
	case base == "Gemfile":
		parseGemfile(m, data)
	case m.Kind == KindSwiftPM:
		parsePackageSwift(m, data)
	case m.Kind == KindGem:
		parseGemspec(m, data)
	default:
		parseRequirements(m, data)
	}
	m.Name = validUTF8(m.Name)
	// A dependency that names nothing (a "" key, a lone PEP 508 marker)
	// is none, and a package named twice (pytest in three dependency
	// groups, or once per Python version with its own pin) is one: for
	// development only when every mention is, with its first version.
	deps := m.Dependencies[:0]
	first := map[string]*sdk.Dependency{}
	for _, d := range m.Dependencies {
		if d.Name == "" {
			continue
		}
		d.Name, d.Version = validUTF8(d.Name), validUTF8(d.Version)
		if f := first[d.Name]; f != nil {
			f.Dev = f.Dev && d.Dev
			continue
		}
		first[d.Name] = d
		deps = append(deps, d)
	}
	m.Dependencies = deps
	sort.SliceStable(m.Dependencies, func(i, j int) bool {
		a, b := m.Dependencies[i], m.Dependencies[j]
		if a.Dev != b.Dev {
			return !a.Dev
		}
		return a.Name < b.Name
	})
	return m, err
}

// parseGoMod reads the module path and require directives (single and
// block form); "// indirect" requirements are dependencies too.
func parseGoMod(m *sdk.Manifest, data []byte) error {
	inRequire := false
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch {
		case inRequire && f[0] == ")":
			inRequire = false
		case inRequire:
			if len(f) >= 2 {
				m.Dependencies = append(m.Dependencies, &sdk.Dependency{Name: unquote(f[0]), Version: f[1]})
			}
		case f[0] == "module" && len(f) >= 2:
			m.Name = unquote(f[1])
		case f[0] == "require" && len(f) >= 2 && f[1] == "(":
			inRequire = true
		case f[0] == "require" && len(f) >= 3:
			m.Dependencies = append(m.Dependencies, &sdk.Dependency{Name: unquote(f[1]), Version: f[2]})
		}
	}
	if m.Name == "" {
		return fmt.Errorf("no module directive")
	}
	return nil
}

func unquote(s string) string { return strings.Trim(s, "\"`") }

func parsePackageJSON(m *sdk.Manifest, data []byte) error {
	var pkg struct {
		Name                 string            `json:"name"`
		Dependencies         map[string]string `json:"dependencies"`
		DevDependencies      map[string]string `json:"devDependencies"`
		OptionalDependencies map[string]string `json:"optionalDependencies"`
		PeerDependencies     map[string]string `json:"peerDependencies"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		return err
	}
	m.Name = pkg.Name
	addDeps(m, pkg.Dependencies, false)
	addDeps(m, pkg.OptionalDependencies, false)
	addDeps(m, pkg.DevDependencies, true)
	for name, v := range pkg.PeerDependencies {
		if _, dup := pkg.Dependencies[name]; !dup {
			if _, dup := pkg.DevDependencies[name]; !dup {
				m.Dependencies = append(m.Dependencies, &sdk.Dependency{Name: name, Version: v})
			}
		}
	}
	return nil
}

// parseComposer reads a PHP package's name and the packages it requires
// (require, require-dev). The platform's own requirements (php, ext-json,
// lib-curl, composer-plugin-api) name no package and are left out.
func parseComposer(m *sdk.Manifest, data []byte) error {
	var pkg struct {
		Name       string            `json:"name"`
		Require    map[string]string `json:"require"`
		RequireDev map[string]string `json:"require-dev"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		return err
	}
	m.Name = pkg.Name
	addDeps(m, pkg.Require, false)
	addDeps(m, pkg.RequireDev, true)
	kept := m.Dependencies[:0]
	for _, d := range m.Dependencies {
		if strings.Contains(d.Name, "/") {
			kept = append(kept, d)
		}
	}
	m.Dependencies = kept
	return nil
}

// addDeps adds a JSON manifest's table of names and versions.
func addDeps(m *sdk.Manifest, deps map[string]string, dev bool) {
	for name, v := range deps {
		m.Dependencies = append(m.Dependencies, &sdk.Dependency{Name: name, Version: v, Dev: dev})
	}
}

// parseCargo reads [package] name and the dependency tables, also under
// [workspace] and [target.'cfg'].
func parseCargo(m *sdk.Manifest, data []byte) error {
	doc, problems := parseTOML(string(data))
	if pkg, ok := doc["package"].(map[string]any); ok {
		m.Name, _ = pkg["name"].(string)
	}
	addCargoDeps := func(t map[string]any) {
		for table, dev := range map[string]bool{"dependencies": false, "build-dependencies": false, "dev-dependencies": true} {
			deps, _ := t[table].(map[string]any)
			for name, spec := range deps {
				d := &sdk.Dependency{Name: name, Dev: dev}
				switch s := spec.(type) {
				case string:
					d.Version = s
				case map[string]any:
					d.Version, _ = s["version"].(string)
					if pkg, ok := s["package"].(string); ok {
						d.Name = pkg // renamed dependency: the crate's real name
					}
				}
				m.Dependencies = append(m.Dependencies, d)
			}
		}
	}
	addCargoDeps(doc)
	if ws, ok := doc["workspace"].(map[string]any); ok {
		addCargoDeps(ws)
	}
	if targets, ok := doc["target"].(map[string]any); ok {
		for _, t := range targets {
			if tt, ok := t.(map[string]any); ok {
				addCargoDeps(tt)
			}
		}
	}
	return tomlProblems(problems)
}

func tomlProblems(problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(problems, "; "))
}

// devGroups are optional-dependency groups that are for development.
var devGroups = map[string]bool{"dev": true, "test": true, "tests": true, "testing": true, "lint": true, "docs": true, "doc": true, "typing": true, "types": true}

// parsePyproject reads PEP 621 ([project]) and Poetry ([tool.poetry]).
func parsePyproject(m *sdk.Manifest, data []byte) error {
	doc, problems := parseTOML(string(data))
	if proj, ok := doc["project"].(map[string]any); ok {
		m.Name, _ = proj["name"].(string)
		for _, d := range stringsOf(proj["dependencies"]) {
			m.Dependencies = append(m.Dependencies, pep508(d, false))
		}
		if opt, ok := proj["optional-dependencies"].(map[string]any); ok {
			for _, group := range slices.Sorted(maps.Keys(opt)) {
				for _, d := range stringsOf(opt[group]) {
					m.Dependencies = append(m.Dependencies, pep508(d, devGroups[strings.ToLower(group)]))
				}
			}
		}
	}
	if groups, ok := doc["dependency-groups"].(map[string]any); ok { // PEP 735
		for _, group := range slices.Sorted(maps.Keys(groups)) {
			for _, d := range stringsOf(groups[group]) {
				m.Dependencies = append(m.Dependencies, pep508(d, true))
			}
		}
	}
	tool, _ := doc["tool"].(map[string]any)
	if poetry, ok := tool["poetry"].(map[string]any); ok {
		if m.Name == "" {
			m.Name, _ = poetry["name"].(string)
		}
		addPoetry := func(deps any, dev bool) {
			t, _ := deps.(map[string]any)
			for name, spec := range t {
				if strings.EqualFold(name, "python") {
					continue
				}
				d := &sdk.Dependency{Name: name, Dev: dev}
				switch s := spec.(type) {
				case string:
					d.Version = s
				case map[string]any:
					d.Version, _ = s["version"].(string)
				}
				m.Dependencies = append(m.Dependencies, d)
			}
		}
		addPoetry(poetry["dependencies"], false)
		addPoetry(poetry["dev-dependencies"], true)
		if groups, ok := poetry["group"].(map[string]any); ok {
			for _, name := range slices.Sorted(maps.Keys(groups)) {
				if gt, ok := groups[name].(map[string]any); ok {
					addPoetry(gt["dependencies"], true)
				}
			}
		}
	}
	return tomlProblems(problems)
}

// parseSetupCfg reads setuptools' declarative configuration (flake8's
// dependencies are only there): [metadata] name, [options]
// install_requires (runtime) and tests_require (dev), and
// [options.extras_require], whose groups named for tests, docs or
// linting are dev. A value is a dangling list, one requirement a line, or
// on the key's own line a list separated by semicolons.
func parseSetupCfg(m *sdk.Manifest, data []byte) {
	section, key := "", ""
	add := func(req string, dev bool) {
		if req = strings.TrimSpace(req); req != "" && !strings.HasPrefix(req, "#") {
			m.Dependencies = append(m.Dependencies, pep508(req, dev))
		}
	}
	devOf := func() (bool, bool) {
		switch {
		case section == "options" && key == "install_requires":
			return false, true
		case section == "options" && key == "tests_require":
			return true, true
		case section == "options.extras_require" && key != "":
			return devGroups[strings.ToLower(key)], true
		}
		return false, false
	}
	for _, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimRight(raw, "\r")
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";"):
			continue
		case strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]"):
			section, key = strings.ToLower(strings.TrimSpace(t[1:len(t)-1])), ""
		case line != t && key != "":
			// A continuation line: one requirement of a dangling list.
			if dev, ok := devOf(); ok {
				add(t, dev)
			}
		default:
			k, v, ok := strings.Cut(t, "=")
			if !ok {
				k, v, ok = strings.Cut(t, ":")
			}
			if !ok {
				key = ""
				continue
			}
			key = strings.TrimSpace(k)
			if section == "metadata" && key == "name" {
				m.Name = strings.TrimSpace(v)
			}
			if dev, ok := devOf(); ok {
				for _, req := range strings.Split(v, ";") {
					add(req, dev)
				}
			}
		}
	}
}

func stringsOf(v any) []string {
	arr, _ := v.([]any)
	var out []string
	for _, x := range arr {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

var pep508Name = regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$`)

// pep508 splits "name[extra] >=1.0 ; marker" into name and version spec.
func pep508(s string, dev bool) *sdk.Dependency {
	if i := strings.IndexByte(s, ';'); i >= 0 {
		s = s[:i]
	}
	mm := pep508Name.FindStringSubmatch(s)
	if mm == nil {
		return &sdk.Dependency{Name: strings.TrimSpace(s), Dev: dev}
	}
	version := strings.TrimSpace(mm[3])
	if strings.HasPrefix(version, "@") { // a direct reference: "name @ url"
		version = strings.TrimSpace(version[1:])
	}
	return &sdk.Dependency{Name: mm[1], Version: strings.Join(strings.Fields(version), ""), Dev: dev}
}

// parseRequirements reads pip requirement lines; options, includes and
// URLs without a name are skipped. Files named for development
// (requirements-dev.txt, test-requirements, …) hold dev dependencies.
func parseRequirements(m *sdk.Manifest, data []byte) {
	base := strings.ToLower(path.Base(m.Path))
	dev := strings.Contains(base, "dev") || strings.Contains(base, "test") || strings.Contains(base, "lint") || strings.Contains(base, "doc")
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		// A backslash continues the requirement on the next line (pip
		// joins them), often with its environment marker.
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, "\\") + " " + lines[i]
		}
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(strings.TrimSuffix(line, "\\"))
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "-") || strings.Contains(line, "://") && !strings.Contains(line, "@") {
			continue
		}
		m.Dependencies = append(m.Dependencies, pep508(line, dev))
	}
}

// msbuildPackage is a PackageReference, or a PackageVersion of central
// package management; its version and PrivateAssets may be attributes or
// elements.
type msbuildPackage struct {
	Include        string `xml:"Include,attr"`
	Version        string `xml:"Version,attr"`
	VersionElem    string `xml:"Version"`
	PrivateAssets  string `xml:"PrivateAssets,attr"`
	PrivateElement string `xml:"PrivateAssets"`
}

// parseMSBuild reads a .NET project's NuGet packages (PackageReference) or
// a Directory.Packages.props' pinned versions (PackageVersion); a package
// kept private to the build (PrivateAssets all: analyzers, source link) is
// dev. The name is the package id, else the assembly's, else the file's.
func parseMSBuild(m *sdk.Manifest, data []byte) error {
	var proj struct {
		Props []struct {
			PackageID    string `xml:"PackageId"`
			AssemblyName string `xml:"AssemblyName"`
		} `xml:"PropertyGroup"`
		Items []struct {
			References []msbuildPackage `xml:"PackageReference"`
			Versions   []msbuildPackage `xml:"PackageVersion"`
		} `xml:"ItemGroup"`
	}
	if err := xml.Unmarshal(data, &proj); err != nil {
		return err
	}
	for _, p := range proj.Props {
		if m.Name == "" {
			m.Name = strings.TrimSpace(cmp.Or(p.PackageID, p.AssemblyName))
		}
	}
	if m.Name == "" && path.Base(m.Path) != "Directory.Packages.props" {
		m.Name = strings.TrimSuffix(path.Base(m.Path), path.Ext(m.Path))
	}
	for _, g := range proj.Items {
		for _, p := range append(g.References, g.Versions...) {
			private := strings.EqualFold(strings.TrimSpace(cmp.Or(p.PrivateAssets, p.PrivateElement)), "all")
			m.Dependencies = append(m.Dependencies, &sdk.Dependency{Name: strings.TrimSpace(p.Include),
				Version: strings.TrimSpace(cmp.Or(p.Version, p.VersionElem)), Dev: private})
		}
	}
	return nil
}

var (
	gemLine     = regexp.MustCompile(`^\s*gem\s*\(?\s*["']([^"']+)["'](?:\s*,\s*["']([^"']+)["'])?`)
	gemGroup    = regexp.MustCompile(`^\s*group\b(.*)\bdo\b`)
	gemOpens    = regexp.MustCompile(`(^\s*(if|unless|case|begin|while|until|def)\b|\bdo\s*(\|[^|]*\|)?\s*$)`)
	gemEnds     = regexp.MustCompile(`^\s*end\b`)
	gemDevArg   = regexp.MustCompile(`\bgroups?:\s*\[?\s*:?(development|test)\b|\bgroups?:\s*\[[^\]]*:(development|test)\b`)
	gemspecAdd  = regexp.MustCompile(`\.add_(runtime_|development_)?dependency\s*\(?\s*["']([^"']+)["'](?:\s*,\s*["']([^"']+)["'])?`)
	gemspecName = regexp.MustCompile(`\.name\s*=\s*["']([^"']+)["']`)
)

// parseGemfile reads Bundler's gem lines; those of a development or test
// group (a `group :test do` block or a `group: :test` option) are dev.
func parseGemfile(m *sdk.Manifest, data []byte) {
	var blocks []bool // for each open block: is it a dev group
	dev := func() bool {
		for _, b := range blocks {
			if b {
				return true
			}
		}
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		switch {
		case gemEnds.MatchString(line):
			if len(blocks) > 0 {
				blocks = blocks[:len(blocks)-1]
			}
		case gemGroup.MatchString(line):
			g := gemGroup.FindStringSubmatch(line)[1]
			blocks = append(blocks, strings.Contains(g, ":development") || strings.Contains(g, ":test") ||
				strings.Contains(g, "\"development\"") || strings.Contains(g, "\"test\""))
		case gemLine.MatchString(line):
			g := gemLine.FindStringSubmatch(line)
			m.Dependencies = append(m.Dependencies, &sdk.Dependency{Name: g[1], Version: g[2], Dev: dev() || gemDevArg.MatchString(line)})
		case gemOpens.MatchString(line):
			blocks = append(blocks, false) // platforms :jruby do, if ENV[...]
		}
	}
}

// parseGemspec reads a gem's name and its runtime and development
// dependencies.
func parseGemspec(m *sdk.Manifest, data []byte) {
	text := string(data)
	if n := gemspecName.FindStringSubmatch(text); n != nil {
		m.Name = n[1]
	}
	for _, d := range gemspecAdd.FindAllStringSubmatch(text, -1) {
		m.Dependencies = append(m.Dependencies, &sdk.Dependency{Name: d[2], Version: d[3], Dev: d[1] == "development_"})
	}
}

// parsePom reads a Maven project's coordinates and dependencies; test
// scope is dev.
func parsePom(m *sdk.Manifest, data []byte) error {
	var pom struct {
		GroupID    string `xml:"groupId"`
		ArtifactID string `xml:"artifactId"`
		Parent     struct {
			GroupID string `xml:"groupId"`
		} `xml:"parent"`
		Dependencies []struct {
			GroupID    string `xml:"groupId"`
			ArtifactID string `xml:"artifactId"`
			Version    string `xml:"version"`
			Scope      string `xml:"scope"`
		} `xml:"dependencies>dependency"`
	}
	if err := xml.Unmarshal(data, &pom); err != nil {
		return err
	}
	group := pom.GroupID
	if group == "" {
		group = pom.Parent.GroupID
	}
	m.Name = strings.TrimPrefix(group+":"+pom.ArtifactID, ":")
	for _, d := range pom.Dependencies {
		m.Dependencies = append(m.Dependencies, &sdk.Dependency{
			Name: d.GroupID + ":" + d.ArtifactID, Version: d.Version, Dev: d.Scope == "test"})
	}
	return nil
}

var gradleDep = regexp.MustCompile(`(?m)^\s*(\w+)\s*\(?\s*["']([^"':\s]+):([^"':\s]+)(?::([^"'\s]+))?["']`)

// gradleConfigs are the dependency configurations we read; test* are dev.
var gradleConfigs = map[string]bool{
	"implementation": true, "api": true, "compile": true, "compileOnly": true, "runtimeOnly": true,
	"kapt": true, "ksp": true, "annotationProcessor": true,
	"testImplementation": true, "testCompileOnly": true, "testRuntimeOnly": true, "testCompile": true,
	"androidTestImplementation": true, "debugImplementation": true,
}

// gradleCatalogDep is a dependency named through a version catalog's
// accessor: implementation(libs.kotlin.coroutines).
var gradleCatalogDep = regexp.MustCompile(`(?m)^\s*(\w+)\s*\(\s*(libs(?:\.\w+)+)\s*\)`)

// parseGradle reads "group:name:version" string notation dependencies and
// those named through the version catalog (by their accessor, libs.x.y,
// whose coordinates the catalog holds).
func parseGradle(m *sdk.Manifest, data []byte) {
	add := func(conf, name, version string) {
		if !gradleConfigs[conf] {
			return
		}
		m.Dependencies = append(m.Dependencies, &sdk.Dependency{Name: name, Version: version,
			Dev: strings.HasPrefix(conf, "test") || strings.HasPrefix(conf, "androidTest") || strings.HasPrefix(conf, "debug")})
	}
	for _, mm := range gradleDep.FindAllSubmatch(data, -1) {
		add(string(mm[1]), string(mm[2])+":"+string(mm[3]), string(mm[4]))
	}
	for _, mm := range gradleCatalogDep.FindAllSubmatch(data, -1) {
		add(string(mm[1]), string(mm[2]), "")
	}
}

// parseVersionCatalog reads a Gradle version catalog's libraries: each by
// its coordinates ("group:name"), with its version, or the version its
// version.ref names.
func parseVersionCatalog(m *sdk.Manifest, data []byte) error {
	doc, problems := parseTOML(string(data))
	versions, _ := doc["versions"].(map[string]any)
	libs, _ := doc["libraries"].(map[string]any)
	for alias, spec := range libs {
		d := &sdk.Dependency{Name: alias}
		switch s := spec.(type) {
		case string: // "group:name:version"
			parts := strings.SplitN(s, ":", 3)
			if len(parts) >= 2 {
				d.Name = parts[0] + ":" + parts[1]
			}
			if len(parts) == 3 {
				d.Version = parts[2]
			}
		case map[string]any:
			if mod, ok := s["module"].(string); ok {
				d.Name = mod
			} else if g, ok := s["group"].(string); ok {
				n, _ := s["name"].(string)
				d.Name = g + ":" + n
			}
			switch v := s["version"].(type) {
			case string:
				d.Version = v
			case map[string]any:
				if ref, ok := v["ref"].(string); ok {
					d.Version, _ = versions[ref].(string)
				}
			}
		}
		m.Dependencies = append(m.Dependencies, d)
	}
	return tomlProblems(problems)
}

// validUTF8 makes text read from a file one that protobuf can carry: a
// Latin-1 name in a Makefile or go.mod would otherwise fail the whole
// batch of records it travels in.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// lineOf is the 1-based line of byte offset off in data.
func lineOf(data []byte, off int) int {
	return bytes.Count(data[:min(off, len(data))], []byte{'\n'}) + 1
}

// ParseManifest reads the file at p (a repository-relative path) if it is a
// manifest Homer knows, and returns nil otherwise. Tests that run a language
// plugin's import resolution without the whole pipeline use it.
func ParseManifest(p string, data []byte) *sdk.Manifest {
	if manifestKind(p) == "" {
		return nil
	}
	m, _ := parseManifest(p, data)
	return m
}

// swiftPackageName is the package's own name: the first name argument.
var swiftPackageName = regexp.MustCompile(`Package\s*\(\s*name\s*:\s*"([^"]+)"`)

// swiftDependencyArg is a .package(...) argument that names the package:
// its url (the last path segment, without .git), its path, its registry
// id, or its name.
var swiftDependencyArg = regexp.MustCompile(`\b(url|path|id|name)\s*:\s*"([^"]+)"`)

// parsePackageSwift reads a Swift package manifest: its name and each
// .package(...) in it, named by its url or path, with the requirement
// that follows (from: "2.2.0", .upToNextMajor(from: "2.2.0"), exact:
// ...) as its version. Commented-out lines are skipped; a dependency
// built by code (a variable, a loop) is not seen.
func parsePackageSwift(m *sdk.Manifest, data []byte) {
	text := swiftWithoutComments(string(data))
	if mm := swiftPackageName.FindStringSubmatch(text); mm != nil {
		m.Name = mm[1]
	}
	for rest := text; ; {
		i := strings.Index(rest, ".package(")
		if i < 0 {
			break
		}
		rest = rest[i+len(".package("):]
		args, tail := balancedArgs(rest)
		rest = tail
		name, version := "", ""
		for _, mm := range swiftDependencyArg.FindAllStringSubmatchIndex(args, -1) {
			key, value := args[mm[2]:mm[3]], args[mm[4]:mm[5]]
			switch key {
			case "url", "path":
				name = strings.TrimSuffix(path.Base(strings.TrimSuffix(value, "/")), ".git")
				version = strings.Join(strings.Fields(strings.TrimLeft(args[mm[1]:], " \t\n,")), "")
			case "id":
				name = value
				version = strings.Join(strings.Fields(strings.TrimLeft(args[mm[1]:], " \t\n,")), "")
			case "name":
				if name == "" {
					name = value
				}
			}
		}
		if name != "" {
			m.Dependencies = append(m.Dependencies, &sdk.Dependency{Name: name, Version: version})
		}
	}
}

// balancedArgs is s up to the parenthesis that closes the one just before
// it, and what follows that; strings are skipped whole.
func balancedArgs(s string) (string, string) {
	depth := 1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			if j := strings.IndexByte(s[i+1:], '"'); j >= 0 {
				i += j + 1
			}
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return s[:i], s[i+1:]
			}
		}
	}
	return s, ""
}

// swiftWithoutComments is Swift source without its // line comments and
// /* */ blocks, string literals kept ("https://..." is no comment).
func swiftWithoutComments(src string) string {
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		switch {
		case src[i] == '"':
			j := strings.IndexByte(src[i+1:], '"')
			if j < 0 {
				b.WriteString(src[i:])
				return b.String()
			}
			b.WriteString(src[i : i+j+2])
			i += j + 1
		case strings.HasPrefix(src[i:], "//"):
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				return b.String()
			}
			i += j - 1
		case strings.HasPrefix(src[i:], "/*"):
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				return b.String()
			}
			i += j + 3
		default:
			b.WriteByte(src[i])
		}
	}
	return b.String()
}
