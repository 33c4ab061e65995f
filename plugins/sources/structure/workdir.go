package structure

import (
	"path"
	"regexp"
	"strings"
)

// workingDir follows the cd and mkdir lines of a CI script or of one code
// block of a guide, so that a command run after "mkdir build; cd build" is
// written as it must be typed from the repository's root: cJSON's CI ran
// "cmake .." and "cmake --build ." inside build/, and its README's
// "mkdir build / cd build / cmake .." was listed as "cmake ..", which run
// at the root configures the directory above the repository.
type workingDir struct {
	dir  string          // where the lines run, relative to where they start; "" there
	made map[string]bool // the directories the lines made, as dir names them
	// cloned: a git clone came before, so the next cd enters the clone:
	// in a guide the repository itself, whose root an agent is at
	// (cloneIsHere), unless the clone is named for another repository
	// than self (fmt's README clones format-benchmark and runs "cmake ."
	// in it); in CI another repository.
	cloned, cloneIsHere bool
	clone, self         string // the clone's name, and the repository's directory's ("" when unknown)
	// lost: a cd went where the lines cannot be followed (a variable, a
	// directory above the start): what runs after is not shown.
	lost bool
	// configure holds the lines that wrote the Makefile a later make
	// reads (libuv's README: "sh autogen.sh", "./configure", "make"), run
	// in configureDir: a make there is listed after them, as a fresh
	// checkout needs it.
	configure    []string
	configureDir string
	// prompted: a line of the block carried a shell prompt ("$ "), so a
	// line after it without one is the command's output (a guide's block).
	prompted bool
}

// configureScript is the script of a line that writes a Makefile from
// the repository's templates (an autogen or bootstrap script, autoreconf,
// a configure script of the repository), "" for any other line.
func configureScript(f []string) string {
	prog := f[0]
	if (prog == "sh" || prog == "bash") && len(f) > 1 {
		prog = f[1]
	}
	switch path.Base(prog) {
	case "autoreconf":
		return prog
	case "autogen.sh", "bootstrap", "bootstrap.sh", "configure":
		if strings.Contains(prog, "/") || prog != f[0] {
			return prog
		}
	}
	return ""
}

// follow takes one line and reports whether it only moved or made a
// directory, cloned the repository or configured its build, and so is no
// command to list.
func (w *workingDir) follow(line string) bool {
	f := strings.Fields(line)
	if len(f) == 0 {
		return false
	}
	switch {
	case f[0] == "git" && len(f) > 1 && f[1] == "clone":
		w.cloned, w.clone = true, cloneName(f[2:])
		return true
	case configureScript(f) != "":
		if w.configureDir != w.dir {
			w.configure = nil
		}
		w.configure, w.configureDir = append(w.configure, line), w.dir
		return true
	case f[0] == "mkdir":
		for _, a := range f[1:] {
			if !strings.HasPrefix(a, "-") && !strings.ContainsAny(a, "$`") {
				if w.made == nil {
					w.made = map[string]bool{}
				}
				w.made[path.Join(w.dir, strings.Trim(a, `"'`))] = true
			}
		}
		return true
	case f[0] == "cd" && len(f) == 2:
		dir := strings.Trim(f[1], `"'`)
		switch {
		case w.cloned:
			w.cloned = false
			other := w.self != "" && w.clone != "" && !strings.EqualFold(w.clone, w.self)
			w.dir, w.lost = "", !w.cloneIsHere || other
		case strings.Contains(dir, "GITHUB_WORKSPACE"):
			w.dir, w.lost = "", false // back at the checkout's root
		case strings.HasPrefix(dir, "/") || strings.HasPrefix(dir, "~") || strings.HasPrefix(dir, "$HOME") || strings.HasPrefix(dir, "$RUNNER_TEMP") || dir == "-":
			w.lost = true // out of the repository: cd /tmp/dependabot-script
		case strings.ContainsAny(dir, "$`"):
			// A directory a variable names: where the lines go is not
			// known, and they are read as run where they were.
		default:
			d := path.Join(w.dir, dir)
			switch {
			case d == ".." || strings.HasPrefix(d, "../"):
				w.lost = true
			case d == ".":
				w.dir = ""
			default:
				w.dir = d
			}
		}
		return true
	}
	return false
}

// cloneName is the directory a git clone makes: its argument after the
// URL, else the URL's last segment without ".git".
func cloneName(args []string) string {
	var words []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			words = append(words, strings.Trim(a, `"'`))
		}
	}
	switch len(words) {
	case 0:
		return ""
	case 1:
		return strings.TrimSuffix(path.Base(strings.TrimSuffix(words[0], "/")), ".git")
	}
	return path.Base(words[1])
}

// take reads one line of the script or block: the command to judge,
// without its fallback ("bin/golangci-lint run || STATUS=$?" runs the
// linter), or false when the line only moved or made a directory, when the
// lines have left the repository (cd /tmp/dependabot-script), or when the
// whole line is the script's own bookkeeping.
func (w *workingDir) take(line string) (string, bool) {
	if cut := withoutFallback(line); cut != line {
		if notForAgents(line) && !statusKept.MatchString(line[len(cut):]) {
			return "", false
		}
		line = cut
	}
	if !strings.Contains(line, "&&") && !strings.Contains(line, ";") && w.follow(line) || w.lost {
		return "", false
	}
	return line, true
}

// in writes cmd as run from where the lines started: "mkdir -p build &&
// cd build && cmake .." when the lines made build/ themselves.
func (w *workingDir) in(cmd string) string {
	if prog := programOf(cmd); len(w.configure) > 0 && w.configureDir == w.dir && (prog == "make" || prog == "gmake") {
		cmd = strings.Join(w.configure, " && ") + " && " + cmd
	}
	if w.dir == "" {
		return cmd
	}
	if w.made[w.dir] {
		return "mkdir -p " + w.dir + " && cd " + w.dir + " && " + cmd
	}
	return inDir(w.dir, cmd)
}

// statusKept is a fallback that only keeps the exit status for later
// (dry-validation's CI "bundle exec rake || status=$?"): the command
// before it is what the line runs.
var statusKept = regexp.MustCompile(`^\s*\|\|\s*[A-Za-z_][A-Za-z0-9_]*=\$\?\s*;?\s*$`)

// withoutFallback cuts a command line's fallback, what runs after a
// top-level "||" when it fails: cJSON's CI "cmake .. || (rm -rf * &&
// cmake ..)" is "cmake ..". Quoted text and subshells are not cut.
func withoutFallback(line string) string {
	cut, depth := -1, 0
	unquoted(line, func(i int) bool {
		switch line[i] {
		case '(':
			depth++
		case ')':
			depth--
		case '|':
			if depth == 0 && i+1 < len(line) && line[i+1] == '|' {
				cut = i
				return false
			}
		}
		return true
	})
	if t := strings.TrimSpace(line[:max(cut, 0)]); cut > 0 && t != "" {
		return t
	}
	return line
}
