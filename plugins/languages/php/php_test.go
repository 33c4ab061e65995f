package php

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/internal/langtest"
	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// parse parses one file and checks its facts are well formed.
func parse(t *testing.T, path, src string) *sdk.FileFacts {
	t.Helper()
	return sdktest.ParseOne(t, New(), path, src)
}

const sample = `<?php
namespace App\Http;

use App\Models\User;
use App\Services\{Mailer, Logger as Log};
use function App\Support\helper;
use Vendor\Lib\Client as C;

/**
 * Handles requests.
 *
 * @see Router
 */
abstract class Controller extends Base implements Contracts\Responder
{
    use Loggable;

    const MAX = 10;
    private Client $client;
    protected ?User $user = null;
    /** @var Log */
    private $log;

    public function __construct(private Mailer $mailer, int $n = 1)
    {
        parent::__construct($n);
        $this->client = new C();
    }

    abstract protected function run(): void;

    // Makes one.
    public static function make(User $u, $v): static
    {
        $x = new User();
        $x->save();
        $u->name();
        self::boot();
        parent::boot();
        Foo::bar();
        $this->mailer->send();
        $this->log->write();
        strlen("x");
        helper(1);
        if ($a && $b || $c) {
        } elseif ($d) {
        }
        foreach ($xs as $y) {
        }
        $z = $a ? 1 : 2;
        try {
        } catch (Oops $e) {
            $e->report();
        }
        \App\g();
        \strlen("y");
        return new static();
    }
}

interface Handler
{
    public function handle(): int;
}

function g(int $a): ?User
{
    return null;
}
`

func TestDefinitions(t *testing.T) {
	f := parse(t, "src/Http/Controller.php", sample)
	assert.Equal(t, `App\Http`, f.GetNamespace())
	assert.True(t, f.GetPackageScope())
	var got []string
	for _, d := range f.GetDefinitions() {
		got = append(got, d.GetKind()+" "+d.GetQualifiedName()+" "+d.GetReceiver())
	}
	assert.Equal(t, []string{"class Controller ", "constant Controller.MAX Controller",
		"constructor Controller.__construct Controller", "method Controller.run Controller",
		"method Controller.make Controller", "interface Handler ", "method Handler.handle Handler", "function g "}, got)

	c := langtest.Definition(f, "Controller")
	assert.Equal(t, []string{"Base", "Responder", "Loggable"}, c.GetBases())
	assert.Equal(t, "Handles requests.\n\n@see Router", c.GetDoc())
	assert.Equal(t, "phpdoc", c.GetDocStyle())
	assert.Equal(t, []*sdk.Field{{Name: "client", Type: "Client"}, {Name: "log", Type: "Logger"},
		{Name: "mailer", Type: "Mailer"}, {Name: "user", Type: "User"}}, c.GetFields())

	make := langtest.Definition(f, "Controller.make")
	assert.Equal(t, "Makes one.", make.GetDoc())
	assert.Equal(t, "comment", make.GetDocStyle())
	assert.Equal(t, "Controller", make.GetType(), "static is the class")
	// 1 + if + && + || + elseif + foreach + ?: + catch
	assert.Equal(t, int32(8), make.GetComplexity())
	assert.True(t, langtest.Definition(f, "Controller.run").GetAbstract())
	assert.False(t, langtest.Definition(f, "Controller.run").GetExported())
	assert.True(t, langtest.Definition(f, "Handler.handle").GetAbstract())
	assert.Equal(t, "User", langtest.Definition(f, "g").GetType())
	assert.Equal(t, "public static function make(User $u, $v): static", make.GetSignature())
}

func TestCalls(t *testing.T) {
	f := parse(t, "src/Http/Controller.php", sample)
	assert.Equal(t, []string{"Controller.__construct ^Controller"}, langtest.CallsNamed(f, "__construct"))
	assert.Equal(t, []string{"Controller.__construct  new"}, langtest.CallsNamed(f, "Client"), "an alias is called by the name it imports")
	assert.Equal(t, []string{"Controller.make  new"}, langtest.CallsNamed(f, "User"))
	assert.Equal(t, []string{"Controller.make User"}, langtest.CallsNamed(f, "save"), "a local made by new")
	assert.Equal(t, []string{"Controller.make User"}, langtest.CallsNamed(f, "name"), "a typed parameter")
	assert.Equal(t, []string{"Controller.make Controller", "Controller.make ^Controller"}, langtest.CallsNamed(f, "boot"))
	assert.Equal(t, []string{"Controller.make Foo"}, langtest.CallsNamed(f, "bar"))
	assert.Equal(t, []string{"Controller.make Controller.mailer"}, langtest.CallsNamed(f, "send"))
	assert.Equal(t, []string{"Controller.make Controller.log"}, langtest.CallsNamed(f, "write"))
	assert.Equal(t, []string{"Controller.make  builtin", "Controller.make  builtin"}, langtest.CallsNamed(f, "strlen"))
	assert.Equal(t, []string{"Controller.make "}, langtest.CallsNamed(f, "helper"))
	assert.Equal(t, []string{"Controller.make Oops"}, langtest.CallsNamed(f, "report"))
	assert.Equal(t, []string{"Controller.make ", "Controller.make  new"}, append(langtest.CallsNamed(f, "g"), langtest.CallsNamed(f, "Controller")...))

	var imps []string
	for _, i := range f.GetImports() {
		imps = append(imps, i.GetSpec()+" "+strings.Join(i.GetNames(), ","))
	}
	assert.Equal(t, []string{`App\Models\User User`, `App\Services\Mailer Mailer`, `App\Services\Logger Logger`,
		`App\Support\helper helper`, `Vendor\Lib\Client Client`, `App\Http\Contracts\Responder Responder`}, imps)
}

func TestIncludes(t *testing.T) {
	f := parse(t, "public/index.php", `<?php
require __DIR__ . '/../vendor/autoload.php';
require_once dirname(__DIR__) . '/src/helpers.php';
include 'config.php';
include $path;
`)
	var got []string
	for _, i := range f.GetImports() {
		got = append(got, i.GetSpec())
	}
	assert.Equal(t, []string{"./../vendor/autoload.php", "../src/helpers.php", "config.php"}, got)
	assert.Equal(t, `\`, f.GetNamespace())
}

func TestIsTest(t *testing.T) {
	for p, want := range map[string]bool{
		"tests/Unit/UserTest.php":    true,
		"src/Ftp/FtpAdapterTest.php": true,
		"tests/TestCase.php":         false,
		"tests/bootstrap.php":        false,
		"src/Testing.php":            false,
		"src/Carbon/Traits/Test.php": false,
	} {
		assert.Equal(t, want, isTest(p), p)
	}
}

func TestResolveImports(t *testing.T) {
	dir := t.TempDir()
	write := func(p, s string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644))
	}
	write("composer.json", `{"autoload":{"psr-4":{"App\\":"src/"}},"autoload-dev":{"psr-4":{"App\\Tests\\":["tests/"]}}}`)
	write("packages/ftp/composer.json", `{"autoload":{"psr-4":{"Lib\\Ftp\\":""}}}`)
	files := []string{"composer.json", "packages/ftp/composer.json", "src/Models/User.php", "tests/UserTest.php",
		"packages/ftp/FtpAdapter.php", "src/helpers.php", "public/index.php"}
	p := New()
	require.Empty(t, p.Configure(context.Background(), sdk.Config{RepoRoot: dir}))
	site := func(from, spec string, level int32) *sdk.ImportSite {
		return &sdk.ImportSite{FromPath: from, Import: &sdk.Import{Spec: spec, Level: level}}
	}
	resp, err := p.ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Imports: []*sdk.ImportSite{
		site("src/a.php", `App\Models\User`, 0),
		site("src/a.php", `App\Tests\UserTest`, 0),
		site("src/a.php", `Lib\Ftp\FtpAdapter`, 0),
		site("src/a.php", `App\Support\helper`, 0),
		site("src/a.php", `GuzzleHttp\Client`, 0),
		site("src/a.php", `Exception`, 0),
		site("public/index.php", "./../src/helpers.php", 1),
		site("public/index.php", "./../vendor/autoload.php", 1),
		site("public/index.php", "src/helpers.php", 2),
	}})
	require.NoError(t, err)
	var got []string
	for _, r := range resp.GetImports() {
		s := strings.Join(r.GetToPaths(), ",")
		if r.GetExternal() {
			s = "external"
		}
		got = append(got, s)
	}
	assert.Equal(t, []string{"src/Models/User.php", "tests/UserTest.php", "packages/ftp/FtpAdapter.php", "",
		"external", "external", "src/helpers.php", "external", "src/helpers.php"}, got)
}

func TestResolveWithoutComposer(t *testing.T) {
	p := New()
	files := []string{"app/Models/User.php", "lib/User.php"}
	resp, err := p.ResolveImports(context.Background(), &sdk.ResolveRequest{Files: files, Imports: []*sdk.ImportSite{
		{FromPath: "x.php", Import: &sdk.Import{Spec: `App\Models\User`}},
		{FromPath: "x.php", Import: &sdk.Import{Spec: `Other\Thing`}},
	}})
	require.NoError(t, err)
	assert.Equal(t, []string{"app/Models/User.php"}, resp.GetImports()[0].GetToPaths())
	assert.Empty(t, resp.GetImports()[1].GetToPaths())
	assert.False(t, resp.GetImports()[1].GetExternal(), "without composer.json a namespace may still be the repository's")
}

func TestBadInput(t *testing.T) {
	langtest.BadInput(t, New(), langtest.BadInputCases{
		Ext:         ".php",
		Header:      "<?php",
		Neighbour:   "<?php\nfunction good() {}\n",
		SyntaxError: langtest.Snippet{Source: "<?php\nclass A {\n  function ok() { go(); }\n  function broken( {\n}\nfunction fine() {}\n"},
		InvalidUTF8: langtest.Snippet{
			Source: "<?php\n// caf\xe9\nclass Caf\xff {}\nfunction ok() { echo \"\xc3\x28\"; }\n",
			Check:  func(t *testing.T, f *sdk.FileFacts) { assert.NotNil(t, langtest.Definition(f, "ok")) },
		},
		Minified: langtest.Repeated{
			Unit: "$a = foo(1, [2, 3], ['k' => 4]); ",
			Check: func(t *testing.T, f *sdk.FileFacts) {
				require.Len(t, f.GetDiagnostics(), 1)
				assert.Contains(t, f.GetDiagnostics()[0].GetSummary(), "not parsed")
			},
		},
		Generated: langtest.Repeated{Before: "class Gen {\n", Unit: "  public function m{{i}}($a) { return $a + 1; }\n", After: "}\n"},
		Nesting: []langtest.Nest{
			{Name: "ifs", Before: "function deep() {\n", Open: "if ($a) {\n", Middle: "go();\n", Close: "}\n", After: "}\n"},
			{Name: "arrays", Before: "$x = ", Open: "[", Middle: "f()", Close: "]", After: ";\n"},
			{Name: "closures", Before: "$f = ", Open: "function () { return ", Middle: "go()", Close: "; }", After: ";\n"},
		},
	})
}

func TestInlineVar(t *testing.T) {
	f := parse(t, "src/a.php", `<?php
namespace App;

function run($container)
{
    /** @var Mailer $mailer */
    $mailer = $container->get('mailer');
    $mailer->send();
}
`)
	assert.Equal(t, []string{"run Mailer"}, langtest.CallsNamed(f, "send"))
}

func TestUntypedVariable(t *testing.T) {
	f := parse(t, "src/a.php", `<?php
function run($thing, Mailer $m)
{
    $thing->send();
    $m->send();
}
`)
	assert.Equal(t, []string{"run ?", "run Mailer"}, langtest.CallsNamed(f, "send"))
}

// A namespaced file that writes both \Exception (the global class) and a
// bare Exception (its own namespace's, as PHPMailer does twenty times):
// the import the plugin would add for \Exception must not bind the bare
// name to the global class. A qualified name with no bare namesake keeps
// its import.
func TestQualifiedNameShadowedByNamespace(t *testing.T) {
	f := parse(t, "src/PHPMailer.php", `<?php
namespace PHPMailer\PHPMailer;

class PHPMailer
{
    public function send()
    {
        try {
            throw new Exception('x');
        } catch (\Exception $e) {
            new \Vendor\Lib\Client();
        }
    }
}
`)
	var imps []string
	for _, i := range f.GetImports() {
		imps = append(imps, i.GetSpec()+" "+strings.Join(i.GetNames(), ","))
	}
	assert.Equal(t, []string{`Vendor\Lib\Client Client`}, imps)
	assert.Equal(t, []string{"PHPMailer.send  new"}, langtest.CallsNamed(f, "Exception"))
}
