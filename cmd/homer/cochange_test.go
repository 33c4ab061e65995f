package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/core/query"
	"github.com/homer-dev/homer/internal/testrepo"
)

// cochangeRepo plants co-change truths in a real history:
//   - a set {core/engine.go, core/plan.go, cli/run.go, docs/engine.md}
//     changed together four times, then a branch that touches only half
//     of it (engine.go and plan.go) three times, merged with a merge
//     commit;
//   - four formatting sweeps (a header line in ten util/ files) and one
//     real commit of util/a.go with util/k.go, util/l.go and util/m.go;
//   - a bot bumping go.mod with tools/go.mod twice;
//   - a release commit of version.go and CHANGELOG.md;
//   - a goyacc grammar and its output, each committed alone;
//   - core/engine_test.go, committed alone;
//   - app/main.go, committed alone, calling into util/a.go.
func cochangeRepo(t *testing.T) *testrepo.Repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the end-to-end tests need the git binary")
	}
	dir := filepath.Join(t.TempDir(), "cochange")
	require.NoError(t, os.Mkdir(dir, 0o755))
	r := testrepo.Init(t, dir)
	day := 0
	next := func() int { day++; return day }
	bot := testrepo.Person{Name: "dependabot[bot]", Email: "49699333+dependabot[bot]@users.noreply.github.com"}
	gofile := func(pkg string, body ...string) string {
		return "package " + pkg + "\n\n" + strings.Join(body, "\n") + "\n"
	}
	r.Write("go.mod", "module example.com/cc\n\ngo 1.22\n")
	r.Write("tools/go.mod", "module example.com/cc/tools\n\ngo 1.22\n")
	r.Commit(testrepo.Alice, testrepo.Day(next()), "start")

	set := func(v int) {
		r.Write("core/engine.go", gofile("core", fmt.Sprintf("func Engine() int { return %d }", v)))
		r.Write("core/plan.go", gofile("core", fmt.Sprintf("func Plan() int { return %d }", v)))
		r.Write("cli/run.go", gofile("cli", fmt.Sprintf("func Run() int { return %d }", v)))
		r.Write("docs/engine.md", fmt.Sprintf("# Engine\n\nversion %d\n", v))
	}
	for v := range 4 {
		set(v)
		r.Commit(testrepo.Alice, testrepo.Day(next()), fmt.Sprintf("engine v%d", v))
	}
	r.Branch("feature")
	r.Checkout("feature")
	for v := range 3 {
		r.Write("core/engine.go", gofile("core", fmt.Sprintf("func Engine() int { return %d }", 10+v)))
		r.Write("core/plan.go", gofile("core", fmt.Sprintf("func Plan() int { return %d }", 10+v)))
		r.Commit(testrepo.Bob, testrepo.Day(next()), fmt.Sprintf("feature step %d", v))
	}
	r.Checkout("main")
	r.Write("cli/run.go", gofile("cli", "func Run() int { return 99 }"))
	r.Commit(testrepo.Alice, testrepo.Day(next()), "run alone")
	r.Merge("feature", testrepo.Alice, testrepo.Day(next()), "Merge branch 'feature'")

	var util []string
	for _, c := range "abcdefghij" {
		util = append(util, fmt.Sprintf("util/%c.go", c))
	}
	body := func(p string) string {
		name := strings.TrimSuffix(filepath.Base(p), ".go")
		return fmt.Sprintf("func %s() int {\n\tx := 1\n\tx++\n\tx *= 2\n\treturn x\n}", strings.ToUpper(name))
	}
	header := ""
	for i := range 5 {
		for _, p := range util {
			r.Write(p, header+gofile("util", body(p)))
		}
		if i == 0 {
			r.Commit(testrepo.Alice, testrepo.Day(next()), "util")
		} else {
			r.Commit(testrepo.Carol, testrepo.Day(next()), "gofmt and header")
		}
		header += fmt.Sprintf("// header %d\n", i)
	}
	var lines []string
	for i := range 20 {
		lines = append(lines, fmt.Sprintf("func F%d() int { return %d }", i, i))
	}
	for _, p := range []string{"util/a.go", "util/k.go", "util/l.go", "util/m.go"} {
		r.Write(p, header+gofile("util", append([]string{body(p)}, lines...)...))
	}
	r.Commit(testrepo.Alice, testrepo.Day(next()), "util: numbers")

	for v := range 2 {
		r.Write("go.mod", fmt.Sprintf("module example.com/cc\n\ngo 1.22\n\nrequire example.com/dep v1.%d.0\n", v))
		r.Write("tools/go.mod", fmt.Sprintf("module example.com/cc/tools\n\ngo 1.22\n\nrequire example.com/dep v1.%d.0\n", v))
		r.Commit(bot, testrepo.Day(next()), fmt.Sprintf("Bump example.com/dep to v1.%d.0", v))
	}
	r.Write("version.go", gofile("cc", `const Version = "1.2.0"`))
	r.Write("CHANGELOG.md", "# 1.2.0\n\n- engine\n")
	r.Commit(testrepo.Alice, testrepo.Day(next()), "Release 1.2.0")

	r.Write("parser/parser.y", "%{\npackage parser\n%}\n%%\nstart: ;\n")
	r.Commit(testrepo.Alice, testrepo.Day(next()), "grammar")
	r.Write("parser/parser.y.go", gofile("parser", "func Parse() int { return 0 }"))
	r.Commit(testrepo.Alice, testrepo.Day(next()), "generate the parser")
	r.Write("core/engine_test.go", gofile("core", "func ExampleEngine() {}"))
	r.Commit(testrepo.Alice, testrepo.Day(next()), "engine test")
	r.Write("app/main.go", "package main\n\nimport \"example.com/cc/util\"\n\nfunc main() { println(util.A()) }\n")
	r.Commit(testrepo.Alice, testrepo.Day(next()), "app")
	return r
}

func TestCoChangePlantedTruths(t *testing.T) {
	t.Parallel()
	r := cochangeRepo(t)
	mustHomer(t, 0, "init", r.Dir())
	q := query.New(openDB(t, r.Dir()))
	ctx := context.Background()
	partners := func(p string) map[string]query.Partner {
		t.Helper()
		c, err := q.CoChanges(ctx, p, 10)
		require.NoError(t, err)
		require.True(t, c.Analysed, p)
		m := map[string]query.Partner{}
		for _, x := range c.Partners {
			m[x.Path] = x
		}
		return m
	}
	first := func(p string) query.Partner {
		t.Helper()
		c, err := q.CoChanges(ctx, p, 10)
		require.NoError(t, err)
		require.NotEmpty(t, c.Partners, p)
		return c.Partners[0]
	}

	t.Run("a branch touching half of a set keeps the other half", func(t *testing.T) {
		assert.Equal(t, "core/plan.go", first("core/engine.go").Path)
		for _, p := range []string{"core/engine.go", "core/plan.go", "cli/run.go", "docs/engine.md"} {
			m := partners(p)
			for _, o := range []string{"core/engine.go", "core/plan.go", "cli/run.go", "docs/engine.md"} {
				if o != p {
					assert.Equal(t, "history", m[o].Reason, "%s should list %s", p, o)
					assert.GreaterOrEqual(t, m[o].Together, 4)
				}
			}
		}
	})
	t.Run("a formatting sweep weighs less than one real commit", func(t *testing.T) {
		f := first("util/a.go")
		assert.Equal(t, "util/k.go", f.Path)
		b := partners("util/a.go")["util/b.go"]
		assert.Equal(t, 5, b.Together, "the first util commit and four sweeps")
		assert.Equal(t, 4, b.Sweeps)
	})
	t.Run("a bot's commits are shown as such", func(t *testing.T) {
		m := partners("go.mod")
		assert.Equal(t, 2, m["tools/go.mod"].Bots)
		assert.Equal(t, 2, m["tools/go.mod"].Together-1, "the start commit and two bumps")
	})
	t.Run("a release bump is shown as such", func(t *testing.T) {
		c := partners("version.go")["CHANGELOG.md"]
		assert.NotZero(t, c.LastTogether)
		c.LastTogether = 0
		assert.Equal(t, query.Partner{Path: "CHANGELOG.md", Together: 1, Confidence: 1, PartnerCommits: 1, Reason: "history", Releases: 1}, c)
	})
	t.Run("a generator and its output, never committed together", func(t *testing.T) {
		assert.Equal(t, "generated", partners("parser/parser.y")["parser/parser.y.go"].Reason)
		assert.Equal(t, query.Partner{Path: "parser/parser.y", PartnerCommits: 1, Reason: "generated"}, first("parser/parser.y.go"))
	})
	t.Run("a test committed alone is paired with its subject", func(t *testing.T) {
		f := first("core/engine_test.go")
		assert.Equal(t, "core/engine.go", f.Path)
		assert.Equal(t, "test", f.Reason)
		assert.Zero(t, f.Together)
	})
	t.Run("a file committed alone is given what it calls", func(t *testing.T) {
		assert.Equal(t, query.Partner{Path: "util/a.go", Reason: "calls"}, first("app/main.go"))
	})
}
