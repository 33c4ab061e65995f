package structure

import (
	"fmt"
	"path"
	"regexp"
	"strings"
)

// toxFileKind tells a file that declares tox environments, nox sessions
// or pytest settings: "tox" (tox.ini, pyproject.toml, setup.cfg) or "nox".
func toxFileKind(p string) string {
	if path.Dir(p) != "." {
		return ""
	}
	switch path.Base(p) {
	case "tox.ini", "pyproject.toml", "setup.cfg", "pytest.ini":
		return "tox"
	case "noxfile.py":
		return "nox"
	}
	return ""
}

var (
	iniSection  = regexp.MustCompile(`^\s*\[([^\]]+)\]\s*$`)
	toxEnvList  = regexp.MustCompile(`^\s*(envlist|env_list)\s*=\s*(.*)$`)
	toxEnvName  = regexp.MustCompile(`[A-Za-z0-9_.{},-]+`)
	pytestWord  = regexp.MustCompile(`(^|[\s"'\[=,])pytest($|[\s"',\]])`)
	noxSession  = regexp.MustCompile(`^\s*@nox\.session`)
	noxFunction = regexp.MustCompile(`^\s*def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(`)
	noxName     = regexp.MustCompile(`name\s*=\s*["']([^"']+)["']`)
)

// toxCommands reads tox.ini, pyproject.toml's [tool.tox] tables,
// setup.cfg and pytest.ini: "tox -e ENV" for the first test environment
// and each lint one of the env list, and "pytest" where the tests run
// under pytest (a tox command runs it, or pytest has a settings section).
func toxCommands(p string, data []byte, out *commandSet) {
	lines := strings.Split(string(data), "\n")
	section := ""
	pytestAt := 0
	var envs []string
	envLine := 0
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r")
		if m := iniSection.FindStringSubmatch(l); m != nil {
			section = strings.TrimSpace(m[1])
			if pytestAt == 0 && (section == "pytest" || section == "tool:pytest" || strings.HasPrefix(section, "tool.pytest")) {
				pytestAt = i + 1
			}
			continue
		}
		inTox := section == "tox" || strings.HasPrefix(section, "testenv") || strings.HasPrefix(section, "tool.tox")
		if !inTox {
			continue
		}
		if m := toxEnvList.FindStringSubmatch(l); m != nil && envs == nil {
			envLine = i + 1
			text := m[2]
			// The list goes on over indented lines (ini) or to the
			// closing bracket (TOML).
			for i+1 < len(lines) {
				next := lines[i+1]
				toml := strings.HasPrefix(strings.TrimSpace(m[2]), "[") && !strings.Contains(text, "]")
				if !toml && (next == "" || next[0] != ' ' && next[0] != '\t') {
					break
				}
				i++
				if t := strings.TrimSpace(next); strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";") {
					continue // "# Mypy needs to run within..." names no environment
				}
				text += " " + next
			}
			// Commas split names but not the factors in braces:
			// lint-{ruff,pre-commit}.
			text = strings.NewReplacer("[", " ", "]", " ", `"`, " ", "'", " ").Replace(text)
			for _, name := range toxEnvName.FindAllString(splitOutsideBraces(text), -1) {
				envs = append(envs, expandFactors(name)...)
			}
			if envs == nil {
				envs = []string{}
			}
			continue
		}
		if pytestWord.MatchString(l) && strings.Contains(section, "env") && !strings.Contains(strings.ToLower(l), "install") {
			pytestAt = i + 1
		}
	}
	testDone := false
	for _, env := range envs {
		if strings.ContainsAny(env, "{}") {
			continue // py{38,39}: a factor list, not one name
		}
		kind := envKind(env) // py3.12, pypy3 test
		if kind == KindOther && (env == "typing" || env == "types" || env == "pre-commit") {
			kind = KindLint
		}
		if kind == KindTest && testDone || kind != KindTest && kind != KindLint {
			continue
		}
		testDone = testDone || kind == KindTest
		out.add(kind, "tox -e "+env, fmt.Sprintf("%s:%d", p, envLine))
	}
	if pytestAt > 0 {
		out.add(KindTest, "pytest", fmt.Sprintf("%s:%d", p, pytestAt))
	}
}

// splitOutsideBraces puts a space for each comma outside braces.
func splitOutsideBraces(text string) string {
	b := []byte(text)
	depth := 0
	for i, c := range b {
		switch {
		case c == '{':
			depth++
		case c == '}' && depth > 0:
			depth--
		case c == ',' && depth == 0:
			b[i] = ' '
		}
	}
	return string(b)
}

// toxRange is a factor range: 3.1{0-5}.
var toxRange = regexp.MustCompile(`^([0-9]+)-([0-9]+)$`)

// expandFactors spells out an environment name's factors in braces:
// lint-{ruff,pre-commit} is lint-ruff and lint-pre-commit. A range of
// versions, 3.1{0-5}-tests, gives its first, as one environment stands for
// the versions a machine may lack.
func expandFactors(name string) []string {
	open := strings.IndexByte(name, '{')
	if open < 0 {
		return []string{name}
	}
	end := strings.IndexByte(name[open:], '}')
	if end < 0 {
		return nil
	}
	end += open
	inner := name[open+1 : end]
	alts := strings.Split(inner, ",")
	if m := toxRange.FindStringSubmatch(inner); m != nil {
		alts = []string{m[1]}
	}
	var out []string
	for _, a := range alts {
		out = append(out, expandFactors(name[:open]+strings.TrimSpace(a)+name[end+1:])...)
	}
	return out
}

// noxCommands lists a noxfile's sessions as "nox -s NAME".
func noxCommands(p string, data []byte, out *commandSet) {
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		if !noxSession.MatchString(lines[i]) {
			continue
		}
		at := i + 1
		name := ""
		if m := noxName.FindStringSubmatch(lines[i]); m != nil {
			name = m[1]
		}
		for i+1 < len(lines) {
			i++
			if m := noxFunction.FindStringSubmatch(lines[i]); m != nil {
				if name == "" {
					name = m[1]
				}
				break
			}
		}
		if name == "" {
			continue
		}
		if kind := classify(name); kind != KindOther {
			out.add(kind, "nox -s "+name, fmt.Sprintf("%s:%d", p, at))
		}
	}
}
