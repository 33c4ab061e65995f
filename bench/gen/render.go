package main

import (
	"fmt"
	"sort"
	"strings"
)

// Python import styles, fixed per (file, target) when the first call is made.
const (
	pyFrom       = iota // from pysynth.x.y import f     -> f(...)
	pyImport            // import pysynth.x.y            -> pysynth.x.y.f(...)
	pyFromModule        // from pysynth.x import y       -> y.f(...)
	pyRelFrom           // from .y import f              -> f(...)       (same package)
	pyRelModule         // from . import y               -> y.f(...)     (same package)
)

// render returns the current content of f. It is pure: rendering never
// draws random numbers, so replaying a history without output stays in step.
func (g *gen) render(f *file) string {
	switch f.kind {
	case kindSrc:
		if f.pkg.lang == langGo {
			return g.renderGo(f)
		}
		return g.renderPy(f)
	case kindTest:
		if f.pkg.lang == langGo {
			return g.renderGoTest(f)
		}
		return g.renderPyTest(f)
	}
	return f.render(g, f)
}

func fileName(f *file) string { return f.path[strings.LastIndex(f.path, "/")+1:] }

// header is the leading comment; the format commit adds a license header.
func (g *gen) header(f *file, c string) string {
	h := fmt.Sprintf("%s %s is part of %s (synthetic benchmark code).\n", c, fileName(f), f.pkg.dir)
	if g.formatted {
		h = c + " Copyright 2022 The Synth Authors.\n" + c + " SPDX-License-Identifier: Apache-2.0\n" + h
	}
	return h
}

// acc is the accumulator's name; the format commit renames it, which
// rewrites most body lines of every file.
func (g *gen) acc() string {
	if g.formatted {
		return "acc"
	}
	return "v"
}

func goPkgName(p *pkg) string {
	if p.layer == layerLeaf {
		return "main"
	}
	return p.name
}

func goQual(f *file, p *pkg) string {
	if f.goAlias[p.dir] {
		return p.name + "pkg"
	}
	return p.name
}

func (g *gen) renderGo(f *file) string {
	var b strings.Builder
	b.WriteString(g.header(f, "//"))
	fmt.Fprintf(&b, "\npackage %s\n", goPkgName(f.pkg))
	// Imports: every package f calls into.
	var imps []string
	seen := map[string]bool{}
	for _, fu := range f.funcs {
		for _, s := range fu.body {
			if s.to != nil && s.to.pkg != f.pkg && !seen[s.to.pkg.dir] {
				seen[s.to.pkg.dir] = true
				line := fmt.Sprintf("%q", modulePath+"/"+s.to.pkg.dir)
				if f.goAlias[s.to.pkg.dir] {
					line = goQual(f, s.to.pkg) + " " + line
				}
				imps = append(imps, line)
			}
		}
	}
	sort.Slice(imps, func(i, j int) bool { return impPath(imps[i]) < impPath(imps[j]) })
	switch len(imps) {
	case 0:
	case 1:
		fmt.Fprintf(&b, "\nimport %s\n", imps[0])
	default:
		b.WriteString("\nimport (\n")
		for _, l := range imps {
			fmt.Fprintf(&b, "\t%s\n", l)
		}
		b.WriteString(")\n")
	}
	v := g.acc()
	for _, fu := range f.funcs {
		fmt.Fprintf(&b, "\n// %s is one step of the %s package.\n", fu.name, f.pkg.name)
		fmt.Fprintf(&b, "func %s(n int) int {\n\tif n <= 0 {\n\t\treturn %d\n\t}\n", fu.name, fu.ret)
		fmt.Fprintf(&b, "\t%s := n*%d + %d\n", v, fu.k, fu.m)
		for _, s := range fu.body {
			if s.to != nil {
				callee := s.to.funcs[s.fi].name
				if s.to.pkg != f.pkg {
					callee = goQual(f, s.to.pkg) + "." + callee
				}
				fmt.Fprintf(&b, "\t%s += %s(n - 1)\n", v, callee)
				continue
			}
			switch s.op {
			case 0:
				fmt.Fprintf(&b, "\t%s += %d\n", v, s.m)
			case 1:
				fmt.Fprintf(&b, "\t%s = %s*%d + %d\n", v, v, s.k, s.m)
			case 2:
				fmt.Fprintf(&b, "\t%s ^= %d\n", v, s.m)
			case 3:
				fmt.Fprintf(&b, "\t%s -= %d\n", v, s.m)
			default:
				fmt.Fprintf(&b, "\t%s = %s%%%d + %d\n", v, v, s.k, s.m)
			}
		}
		fmt.Fprintf(&b, "\treturn %s\n}\n", v)
	}
	if f.hasMain {
		fmt.Fprintf(&b, "\nfunc main() {\n\tprintln(%s(3))\n}\n", f.funcs[0].name)
	}
	return b.String()
}

// impPath is the quoted path of an import line, without any alias.
func impPath(line string) string {
	if i := strings.IndexByte(line, '"'); i >= 0 {
		return line[i:]
	}
	return line
}

func pyModule(f *file) string {
	return strings.ReplaceAll(strings.TrimSuffix(f.path, ".py"), "/", ".")
}

func pyModBase(f *file) string { return strings.TrimSuffix(fileName(f), ".py") }

func pyParent(f *file) string { return strings.ReplaceAll(f.pkg.dir, "/", ".") }

func (g *gen) renderPy(f *file) string {
	// Collect the called functions per target file, in a fixed order.
	type target struct {
		to    *file
		names []string
		style int
	}
	var targets []*target
	byID := map[int]*target{}
	for _, fu := range f.funcs {
		for _, s := range fu.body {
			if s.to == nil || s.to == f {
				continue
			}
			t := byID[s.to.id]
			if t == nil {
				t = &target{to: s.to, style: f.pyStyle[s.to.id]}
				if s.to.pkg != f.pkg && (t.style == pyRelFrom || t.style == pyRelModule) {
					t.style = pyFrom
				}
				byID[s.to.id] = t
				targets = append(targets, t)
			}
			name := s.to.funcs[s.fi].name
			if !contains(t.names, name) {
				t.names = append(t.names, name)
			}
		}
	}
	sort.Slice(targets, func(i, j int) bool { return pyModule(targets[i].to) < pyModule(targets[j].to) })
	// A name bound twice (two imported functions or modules with the same
	// name, or one shadowing a local function) falls back to `import a.b.c`.
	bound := func(t *target) []string {
		switch t.style {
		case pyFrom, pyRelFrom:
			return t.names
		case pyFromModule, pyRelModule:
			return []string{pyModBase(t.to)}
		}
		return nil
	}
	count := map[string]int{}
	for _, fu := range f.funcs {
		count[fu.name]++
	}
	for _, t := range targets {
		sort.Strings(t.names)
		for _, n := range bound(t) {
			count[n]++
		}
	}
	for _, t := range targets {
		for _, n := range bound(t) {
			if count[n] > 1 {
				t.style = pyImport
			}
		}
	}
	var abs, rel []string
	for _, t := range targets {
		switch t.style {
		case pyFrom:
			abs = append(abs, fmt.Sprintf("from %s import %s", pyModule(t.to), strings.Join(t.names, ", ")))
		case pyImport:
			abs = append(abs, "import "+pyModule(t.to))
		case pyFromModule:
			abs = append(abs, fmt.Sprintf("from %s import %s", pyParent(t.to), pyModBase(t.to)))
		case pyRelFrom:
			rel = append(rel, fmt.Sprintf("from .%s import %s", pyModBase(t.to), strings.Join(t.names, ", ")))
		case pyRelModule:
			rel = append(rel, "from . import "+pyModBase(t.to))
		}
	}
	sort.Strings(abs)
	sort.Strings(rel)
	var b strings.Builder
	b.WriteString(g.header(f, "#"))
	fmt.Fprintf(&b, "\"\"\"The %s module of %s.\"\"\"\n", pyModBase(f), pyParent(f))
	if len(abs)+len(rel) > 0 {
		b.WriteString("\n")
		for _, l := range append(abs, rel...) {
			b.WriteString(l + "\n")
		}
	}
	v := g.acc()
	for _, fu := range f.funcs {
		fmt.Fprintf(&b, "\n\ndef %s(n):\n    \"\"\"One step of %s.\"\"\"\n", fu.name, pyParent(f))
		fmt.Fprintf(&b, "    if n <= 0:\n        return %d\n    %s = n * %d + %d\n", fu.ret, v, fu.k, fu.m)
		for _, s := range fu.body {
			if s.to != nil {
				name := s.to.funcs[s.fi].name
				if s.to != f {
					switch byID[s.to.id].style {
					case pyImport:
						name = pyModule(s.to) + "." + name
					case pyFromModule, pyRelModule:
						name = pyModBase(s.to) + "." + name
					}
				}
				fmt.Fprintf(&b, "    %s += %s(n - 1)\n", v, name)
				continue
			}
			switch s.op {
			case 0:
				fmt.Fprintf(&b, "    %s += %d\n", v, s.m)
			case 1:
				fmt.Fprintf(&b, "    %s = %s * %d + %d\n", v, v, s.k, s.m)
			case 2:
				fmt.Fprintf(&b, "    %s ^= %d\n", v, s.m)
			case 3:
				fmt.Fprintf(&b, "    %s -= %d\n", v, s.m)
			default:
				fmt.Fprintf(&b, "    %s = %s %% %d + %d\n", v, v, s.k, s.m)
			}
		}
		fmt.Fprintf(&b, "    return %s\n", v)
	}
	if f.hasMain {
		fmt.Fprintf(&b, "\n\nif __name__ == \"__main__\":\n    print(%s(3))\n", f.funcs[0].name)
	}
	return b.String()
}

func (g *gen) renderGoTest(f *file) string {
	var b strings.Builder
	b.WriteString(g.header(f, "//"))
	fmt.Fprintf(&b, "\npackage %s\n\nimport \"testing\"\n", goPkgName(f.pkg))
	for _, tc := range f.tests {
		name := tc.to.funcs[tc.fi].name
		fmt.Fprintf(&b, "\nfunc Test%s(t *testing.T) {\n\tif got := %s(%d); got == %d {\n\t\tt.Logf(\"%s(%d) = %%d\", got)\n\t}\n}\n",
			tc.testName, name, tc.arg, tc.want, name, tc.arg)
	}
	return b.String()
}

func (g *gen) renderPyTest(f *file) string {
	var b strings.Builder
	b.WriteString(g.header(f, "#"))
	fmt.Fprintf(&b, "\"\"\"Tests for %s.\"\"\"\n\n", pyParent(f))
	var mods []string
	names := map[string][]string{}
	for _, tc := range f.tests {
		m := pyModule(tc.to)
		if names[m] == nil {
			mods = append(mods, m)
		}
		names[m] = append(names[m], tc.to.funcs[tc.fi].name)
	}
	sort.Strings(mods)
	for _, m := range mods {
		sort.Strings(names[m])
		fmt.Fprintf(&b, "from %s import %s\n", m, strings.Join(names[m], ", "))
	}
	for _, tc := range f.tests {
		fmt.Fprintf(&b, "\n\ndef test_%s():\n    assert %s(%d) != %d\n", tc.testName, tc.to.funcs[tc.fi].name, tc.arg, tc.want)
	}
	return b.String()
}

func renderInit(g *gen, f *file) string {
	return fmt.Sprintf("\"\"\"Package %s.\"\"\"\n", strings.ReplaceAll(strings.TrimSuffix(f.path, "/__init__.py"), "/", "."))
}

// Scaffold files. rev counts the edits each has had.

func renderGoMod(g *gen, f *file) string {
	return "module " + modulePath + "\n\ngo 1.21\n"
}

func renderGitignore(g *gen, f *file) string {
	return "/bin/\n__pycache__/\n*.pyc\n.pytest_cache/\n"
}

func renderMailmap(g *gen, f *file) string {
	var b strings.Builder
	for _, a := range g.authors {
		if a.oldEmail != "" {
			fmt.Fprintf(&b, "%s <%s> <%s>\n", a.name, a.email, a.oldEmail)
		}
	}
	return b.String()
}

func renderMakefile(g *gen, f *file) string {
	var pyDirs []string
	for _, p := range g.pkgs {
		if p.lang == langPy && p.layer == layerLeaf {
			pyDirs = append(pyDirs, p.dir)
		}
	}
	s := fmt.Sprintf(`# Build, test and lint the synthetic project.
VERSION ?= 0.%d.0
GO ?= go
PYTHON ?= python3
PYDIRS := %s %s

.PHONY: all build test lint

all: build test

build:
	$(GO) build ./...

test:
	$(GO) test ./...
	$(PYTHON) -m pytest -q $(PYDIRS)

lint:
	$(GO) vet ./...
	$(PYTHON) -m compileall -q $(PYDIRS)
`, f.rev, pyRoot, strings.Join(pyDirs, " "))
	if f.rev%2 == 1 {
		s += "\nclean:\n\trm -rf bin\n"
	}
	return s
}

func renderCI(g *gen, f *file) string {
	s := fmt.Sprintf(`name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: '1.%d'
      - uses: actions/setup-python@v5
        with:
          python-version: '3.%d'
      - run: make build
      - run: make test
      - run: make lint
`, 21+f.rev/3, 10+f.rev/4)
	if f.rev%3 == 2 {
		s += "      - run: go test -race ./...\n"
	}
	return s
}

func renderReadme(g *gen, f *file) string {
	var b strings.Builder
	b.WriteString("# synth\n\nA synthetic project generated for Homer's benchmarks: Go under pkg/ and cmd/,\nPython under " + pyRoot + "/ and a few top-level script packages.\n\nRun `make build test lint`.\n")
	if f.rev > 0 {
		b.WriteString("\n## Notes\n\n")
		for i := 1; i <= f.rev; i++ {
			fmt.Fprintf(&b, "- Note %d: see the package docs for details.\n", i)
		}
	}
	return b.String()
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}
