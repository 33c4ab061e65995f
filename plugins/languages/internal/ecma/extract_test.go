package ecma

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homer-dev/homer/sdk"
	"github.com/homer-dev/homer/sdk/sdktest"
)

// def, call and imp project facts onto what the tests compare, so a
// failure shows a readable diff.
type def struct {
	Kind, QN   string
	Start, End int32
	Exported   bool
	Receiver   string
	Bases      []string
	Abstract   bool
	Structural bool
}

type call struct {
	Name, Qualifier, Caller, Receiver string
	Builtin, Constructor              bool
}

type imp struct {
	Spec, Alias string
	Names       []string
}

// parse parses one file and checks its facts are well formed.
func parse(t *testing.T, d Dialect, path, src string) *sdk.FileFacts {
	t.Helper()
	return sdktest.ParseOne(t, New(d), path, src)
}

func defsOf(f *sdk.FileFacts) []def {
	var out []def
	for _, d := range f.GetDefinitions() {
		out = append(out, def{d.GetKind(), d.GetQualifiedName(), d.GetSpan().GetStartLine(), d.GetSpan().GetEndLine(),
			d.GetExported(), d.GetReceiver(), d.GetBases(), d.GetAbstract(), d.GetStructural()})
	}
	return out
}

func callsOf(f *sdk.FileFacts) []call {
	var out []call
	for _, c := range f.GetCalls() {
		out = append(out, call{c.GetName(), c.GetQualifier(), c.GetCaller(), c.GetReceiver(), c.GetBuiltin(), c.GetConstructor()})
	}
	return out
}

func importsOf(f *sdk.FileFacts) []imp {
	var out []imp
	for _, i := range f.GetImports() {
		out = append(out, imp{i.GetSpec(), i.GetAlias(), i.GetNames()})
	}
	return out
}

func byQN(f *sdk.FileFacts, qn string) *sdk.Definition {
	for _, d := range f.GetDefinitions() {
		if d.GetQualifiedName() == qn {
			return d
		}
	}
	return nil
}

const service = `import { Client } from './client';

/**
 * Serves orders.
 *
 * @example new Service(c)
 */
export class Service extends Base<Order> implements Runner {
  private cache = new Map<string, Order>();
  retries: number;
  store: Store | undefined;

  constructor(private readonly client: Client, public name?: string) {
    super(client);
    this.repo = new Repo();
    this.clock = makeClock();
  }

  /** Runs once. */
  async run(order: Order): Promise<Result> {
    if (order.ok && this.ready()) {
      return this.client.send(order);
    }
    return super.run(order);
  }

  handle = (e: Event) => this.run(e.order);

  #secret(): void {}
}

export abstract class Base<T> {
  abstract run(x: T): Promise<Result>;
}

export interface Runner extends Named {
  run(order: Order): Promise<Result>;
  label: string;
}

type Id = string;
export enum Color { Red }

export const makeService = (c: Client): Service => new Service(c);

export function helper(): void {
  function inner() {}
  inner();
}

const local = 1;
export { local };

export namespace Shapes {
  export function area(): number { return 0; }
}
`

func TestDefinitions(t *testing.T) {
	t.Parallel()
	f := parse(t, TypeScript, "src/service.ts", service)
	require.Equal(t, "typescript", f.GetLanguage())
	require.Equal(t, LinkGroup, f.GetLinkGroup())
	require.False(t, f.GetIsTest())
	require.Empty(t, f.GetDiagnostics())
	require.Equal(t, []def{
		{"class", "Service", 8, 30, true, "", []string{"Base", "Runner"}, false, false},
		{"constructor", "Service.constructor", 13, 17, true, "Service", nil, false, false},
		{"method", "Service.run", 20, 25, true, "Service", nil, false, false},
		{"method", "Service.handle", 27, 27, true, "Service", nil, false, false},
		{"method", "Service.#secret", 29, 29, false, "Service", nil, false, false},
		{"class", "Base", 32, 34, true, "", nil, false, false},
		{"method", "Base.run", 33, 33, true, "Base", nil, true, false},
		{"interface", "Runner", 36, 39, true, "", []string{"Named"}, false, true},
		{"method", "Runner.run", 37, 37, true, "Runner", nil, true, false},
		{"type", "Id", 41, 41, false, "", nil, false, false},
		{"enum", "Color", 42, 42, true, "", nil, false, false},
		{"function", "makeService", 44, 44, true, "", nil, false, false},
		{"function", "helper", 46, 49, true, "", nil, false, false},
		{"function", "helper.inner", 47, 47, false, "", nil, false, false},
		{"constant", "local", 51, 51, true, "", nil, false, false},
		{"module", "Shapes", 54, 56, true, "", nil, false, false},
		{"function", "Shapes.area", 55, 55, true, "Shapes", nil, false, false},
	}, defsOf(f))

	svc := byQN(f, "Service")
	require.Equal(t, "jsdoc", svc.GetDocStyle())
	require.Equal(t, "Serves orders.\n\n@example new Service(c)", svc.GetDoc())
	require.Equal(t, "class Service extends Base<Order> implements Runner", svc.GetSignature())
	var fields []string
	for _, fl := range svc.GetFields() {
		fields = append(fields, fl.GetName()+":"+fl.GetType())
	}
	// Declared fields with their annotations (a nullable union is its
	// type), parameter properties, and fields assigned in the
	// constructor (new Repo() is Repo(), a call's result its reference).
	require.Equal(t, []string{"cache:", "retries:", "store:Store", "client:Client", "name:", "repo:Repo()", "clock:makeClock()"}, fields)

	run := byQN(f, "Service.run")
	require.Equal(t, "Runs once.", run.GetDoc())
	require.Equal(t, "Result", run.GetType(), "a promise is what it resolves to")
	require.Equal(t, "async run(order: Order): Promise<Result>", run.GetSignature())
	require.EqualValues(t, 3, run.GetComplexity(), "if and &&")
	require.Equal(t, "Service", byQN(f, "makeService").GetType())
	require.Equal(t, "export const makeService = (c: Client): Service", byQN(f, "makeService").GetSignature())
	require.Contains(t, f.GetReferences(), "Client")
	require.Contains(t, f.GetReferences(), "Order")
}

func TestCalls(t *testing.T) {
	t.Parallel()
	f := parse(t, TypeScript, "src/service.ts", service)
	require.Equal(t, []call{
		{"Map", "", "Service", "", true, true},
		{"constructor", "super", "Service.constructor", "Base", false, true},
		{"Repo", "", "Service.constructor", "", false, true},
		{"makeClock", "", "Service.constructor", "", false, false},
		{"ready", "this", "Service.run", "Service", false, false},
		{"send", "this.client", "Service.run", "Service.client", false, false},
		{"run", "super", "Service.run", "Base", false, false},
		{"run", "this", "Service.handle", "Service", false, false},
		{"Service", "", "makeService", "", false, true},
		{"inner", "", "helper", "", false, false},
	}, callsOf(f))
}

// Decorators are calls: a field's and a parameter's too.
func TestDecorators(t *testing.T) {
	t.Parallel()
	const src = `@Entity()
class P {
  @Length(10, 20) @Min(0)
  title: string;
  @Get(':id')
  find(@Param('id') id: string) {}
}
`
	f := parse(t, TypeScript, "p.ts", src)
	require.Equal(t, []call{
		{"Entity", "", "", "", false, false},
		{"Length", "", "P", "", false, false},
		{"Min", "", "P", "", false, false},
		{"Get", "", "P", "", false, false},
		{"Param", "", "P.find", "", false, false},
	}, callsOf(f))
}

// super is the class the extends clause names, not "^Class": a class's
// bases include what it implements, which super never reaches. A base
// made by an expression leaves the core the bases.
func TestSuper(t *testing.T) {
	t.Parallel()
	f := parse(t, JavaScript, "m.js", "class A extends mixin(B) {\n  m() { super.m(); }\n}\n")
	require.Equal(t, []call{
		{"mixin", "", "", "", false, false},
		{"m", "super", "A.m", "^A", false, false},
	}, callsOf(f))
}

func TestReceivers(t *testing.T) {
	t.Parallel()
	const src = `import * as api from './api';
import { make } from './make';
import path from 'path';

const shared = new api.Client();

export function f(c: api.Client, opts: Options | null, items: string[], path2: any) {
  const a = new Local();
  const b = make();
  const m = new Map();
  let unknown = items[0];
  c.get();
  opts.read();
  a.go();
  b.go();
  b.inner.deep();
  m.set(1, 2);
  shared.ping();
  api.util();
  console.log(Math.max(1, 2));
  JSON.parse('1').x();
  unknown.trim();
  items.push('x');
  (c as Other).h();
  c!.k();
  (await load()).z();
  parseInt('1');
  require('./side');
  [1].map((api) => api.x());
}

function g(make: Factory) {
  make();
}

function h({ client, store: s }: Deps, [first]: Item[]) {
  client.get();
  s.put();
  first.x();
}
`
	f := parse(t, TypeScript, "src/f.ts", src)
	require.Equal(t, []call{
		{"Client", "api", "", "api", false, true},
		{"Local", "", "f", "", false, true},
		{"make", "", "f", "", false, false},
		{"Map", "", "f", "", true, true},
		{"get", "c", "f", "api.Client", false, false},
		{"read", "opts", "f", "Options", false, false},
		{"go", "a", "f", "Local", false, false},
		{"go", "b", "f", "make()", false, false},
		{"deep", "b.inner", "f", "make().inner", false, false},
		{"set", "m", "f", "", true, false},
		{"ping", "shared", "f", "api.Client", false, false},
		{"util", "api", "f", "api", false, false},
		{"log", "console", "f", "", true, false},
		{"max", "Math", "f", "", true, false},
		{"x", "JSON.parse()", "f", "", true, false},
		{"parse", "JSON", "f", "", true, false},
		{"trim", "unknown", "f", "?", false, false},
		{"push", "items", "f", "?", false, false},
		{"h", "c", "f", "Other", false, false},
		{"k", "c", "f", "api.Client", false, false},
		{"z", "load()", "f", "load()", false, false},
		{"load", "", "f", "", false, false},
		{"parseInt", "", "f", "", true, false},
		{"require", "", "f", "", true, false},
		{"map", "?", "f", "", false, false},
		// A parameter shadowing an import alias: its type is unknown,
		// and its name must not be read as the module.
		{"x", "api", "f", "?", false, false},
		// A parameter shadowing an imported function is no call of it.
		// Destructured typed parameters: their fields' types.
		{"get", "client", "h", "Deps.client", false, false},
		{"put", "s", "h", "Deps.store", false, false},
		{"x", "first", "h", "?", false, false},
	}, callsOf(f))
	require.Contains(t, importsOf(f), imp{"./side", "", nil})
}

// A value annotated with a type of the runtime's is the runtime's, as
// one the runtime's globals make, unless the file binds the type itself.
func TestRuntimeTypes(t *testing.T) {
	t.Parallel()
	const src = `import type { Response } from './response';
import { Headers } from './headers';

interface Request { body(): string }

const cache: WeakMap<object, string> = new WeakMap();
const byKey = new Map<string, Entry>();

export function f(h: Headers, r: Response, q: Request, m: Map<string, Entry>, u: URL) {
  cache.set(h, 'x');
  byKey.get('k');
  h.set('a', 'b');
  r.json();
  q.body();
  m.get('k').run();
  u.searchParams.get('q');
}
`
	f := parse(t, TypeScript, "src/f.ts", src)
	require.Equal(t, []call{
		{"WeakMap", "", "", "", true, true},
		{"Map", "", "", "", true, true},
		{"set", "cache", "f", "", true, false},
		{"get", "byKey", "f", "", true, false},
		// Bound by the file: an import, a type-only import, an interface.
		{"set", "h", "f", "Headers", false, false},
		{"json", "r", "f", "Response", false, false},
		{"body", "q", "f", "Request", false, false},
		// What a container's method returns may be the repository's.
		{"run", "m.get()", "f", "Map.get()", false, false},
		{"get", "m", "f", "", true, false},
		{"get", "u.searchParams", "f", "", true, false},
	}, callsOf(f))
}

func TestImports(t *testing.T) {
	t.Parallel()
	const src = `import def, { a, b as c, default as d } from './m';
import * as ns from '../n';
import type { T } from './t';
import './side-effect';
import fs = require('fs');
export { x, y as z } from './x';
export * from './all';
export * as q from './q';
const r = require('./r');
const { s, t: u } = require('./s');
const v = require('./v').w;
async function lazy() {
  const mod = await import('./lazy');
  return import('./other');
}
`
	f := parse(t, TypeScript, "src/i.ts", src)
	require.Equal(t, []imp{
		{"./m", "", []string{"def", "a", "d"}},
		{"./m", "c", []string{"b"}},
		{"../n", "ns", nil},
		{"./t", "", []string{"T"}},
		{"./side-effect", "", nil},
		{"fs", "fs", nil},
		{"./x", "", []string{"x"}},
		{"./x", "z", []string{"y"}},
		{"./all", "", []string{"*"}},
		{"./q", "q", nil},
		{"./r", "r", nil},
		{"./r", "", []string{"r"}},
		{"./s", "u", []string{"t"}},
		{"./s", "", []string{"s"}},
		{"./v", "v", []string{"w"}},
		{"./lazy", "mod", nil},
		{"./other", "", nil},
	}, importsOf(f))
}

const legacy = `'use strict';
const util = require('./util');

/** Makes widgets. */
function Widget(name) {
  this.name = name;
}

Widget.prototype.render = function () {
  return util.format(this.name);
};

exports.create = function (name) {
  return new Widget(name);
};

class Panel extends util.Base {
  constructor() {
    super();
    this.widget = new Widget('x');
  }
  show() {
    this.widget.render();
    return <Card title="x"><ui.Header /></Card>;
  }
}

module.exports.Panel = Panel;
`

func TestJavaScript(t *testing.T) {
	t.Parallel()
	f := parse(t, JavaScript, "lib/widget.jsx", legacy)
	require.Equal(t, "javascript", f.GetLanguage())
	require.Equal(t, LinkGroup, f.GetLinkGroup())
	require.Equal(t, []def{
		{"class", "Widget", 5, 7, false, "", nil, false, false},
		{"method", "Widget.render", 9, 11, false, "Widget", nil, false, false},
		{"function", "create", 13, 15, true, "", nil, false, false},
		{"class", "Panel", 17, 26, false, "", []string{"util.Base"}, false, false},
		{"constructor", "Panel.constructor", 18, 21, false, "Panel", nil, false, false},
		{"method", "Panel.show", 22, 25, false, "Panel", nil, false, false},
	}, defsOf(f))
	require.Equal(t, "Makes widgets.", byQN(f, "Widget").GetDoc())
	require.Equal(t, []call{
		{"format", "util", "Widget.render", "util", false, false},
		{"Widget", "", "create", "", false, true},
		{"constructor", "super", "Panel.constructor", "util.Base", false, true},
		{"Widget", "", "Panel.constructor", "", false, true},
		{"render", "this.widget", "Panel.show", "Panel.widget", false, false},
		{"Card", "", "Panel.show", "", false, false},
		{"Header", "ui", "Panel.show", "ui", false, false},
	}, callsOf(f))
	require.Equal(t, "widget", byQN(f, "Panel").GetFields()[0].GetName())
	require.Equal(t, "Widget()", byQN(f, "Panel").GetFields()[0].GetType())
}

func TestTSX(t *testing.T) {
	t.Parallel()
	const src = `import { Button } from './button';
export function App(props: Props) {
  const x = <T,>(v: T) => v;
  return <div><Button onClick={() => props.onClose()} /></div>;
}
`
	f := parse(t, TypeScript, "src/App.tsx", src)
	require.Empty(t, f.GetDiagnostics())
	require.Equal(t, []call{
		{"Button", "", "App", "", false, false},
		{"onClose", "props", "App", "Props", false, false},
	}, callsOf(f))
}

func TestDefaultExportName(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]string{
		"lib/helpers/parseHeaders.js": "parseHeaders",
		"src/parse-headers.ts":        "parseHeaders",
		"src/Button/index.tsx":        "Button",
		"src/my_util.mjs":             "myUtil",
		"src/2fa.ts":                  "default",
		"src/taken.ts":                "default",
		"src/x.d.ts":                  "x",
	} {
		require.Equal(t, want, defaultName(p, map[string]bool{"taken": true}), p)
	}
	cjs := parse(t, JavaScript, "lib/to-json.js", "module.exports = function (v) { return v; };\n")
	require.NotNil(t, byQN(cjs, "toJson"))
	require.True(t, byQN(cjs, "toJson").GetExported())
	f := parse(t, JavaScript, "lib/parseHeaders.js", "export default (raw) => split(raw);\nclass C { static of(v) { return new this(v); } }\n")
	require.NotNil(t, byQN(f, "parseHeaders"))
	require.Equal(t, []call{
		{"split", "", "parseHeaders", "", false, false},
		{"constructor", "this", "C.of", "C", false, true},
	}, callsOf(f))
}

func TestComplexity(t *testing.T) {
	t.Parallel()
	const src = `function f(a, b) {
  for (const x of a) {
    while (b) { b = b.next; }
  }
  switch (a) {
    case 1: break;
    case 2: break;
    default: break;
  }
  try { g(); } catch (e) {}
  g(() => (a ? 1 : 2));
  const h = () => (a ? 1 : 2);
  return a || (b && c) || d;
}
`
	f := parse(t, JavaScript, "f.js", src)
	// for, while, two cases, catch, the callback's ?:, two || and && (a
	// default is no branch; h's ?: is h's).
	require.EqualValues(t, 10, byQN(f, "f").GetComplexity())
	require.EqualValues(t, 2, byQN(f, "f.h").GetComplexity())
}

func TestIsTest(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		"src/app.test.ts":             true,
		"src/app.spec.tsx":            true,
		"src/app.test.js":             true,
		"lib/x.spec.mjs":              true,
		"src/__tests__/helper.ts":     true,
		"test/setup.js":               true,
		"packages/a/tests/x.ts":       true,
		"src/app.ts":                  false,
		"src/testing/util.ts":         false,
		"src/latest.ts":               false,
		"src/contest.spec-ish.ts":     false,
		"src/types.test.d.ts":         true,
		"test-dts/store.test-d.ts":    true,
		"src/types.spec-d.ts":         true,
		"src/build-d.ts":              false,
		"test-d/return/result-ipc.ts": true, // tsd runs every file of its directory
	} {
		require.Equal(t, want, IsTest(p), p)
	}
	f := parse(t, TypeScript, "src/__tests__/a.ts", "it('x', () => {})\n")
	require.True(t, f.GetIsTest())
}

func TestJSDoc(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/** One line. */":                           "One line.",
		"/**\n * First.\n *\n * @param a the a\n */": "First.\n\n@param a the a",
		"/* not a doc */":                            "",
		"// line":                                    "",
		"/***/":                                      "",
		"/**\n   * Indented\n   *   keeps inner.\n */": "Indented\n  keeps inner.",
	} {
		require.Equal(t, want, jsdoc(in), in)
	}
	// Blank lines between the comment and the definition do not part
	// them, as the TypeScript compiler reads JSDoc; a file's own JSDoc
	// above its first definition is not that definition's.
	f := parse(t, TypeScript, "a.ts", "/** Far. */\n\nfunction f() {}\n/** Near. */\n@dec\nclass C {}\n")
	require.Equal(t, "Far.", byQN(f, "f").GetDoc())
	require.Equal(t, "Near.", byQN(f, "C").GetDoc())
	f = parse(t, JavaScript, "h.js", "/**\n * Helpers.\n * @license MIT\n */\n\nfunction h() {}\n/** @module-ish but adjacent */\nfunction k() {}\n")
	require.Equal(t, "", byQN(f, "h").GetDoc())
	require.Equal(t, "@module-ish but adjacent", byQN(f, "k").GetDoc())
	// CommonJS exports take the comment above their statement.
	f = parse(t, JavaScript, "u.js", "/**\n * Normalize.\n */\n\nexports.normalize = function(type){}\n/** Old. */\nmodule.exports.old = function old() {}\n")
	require.Equal(t, "Normalize.", byQN(f, "normalize").GetDoc())
	require.Equal(t, "Old.", byQN(f, "old").GetDoc())
	require.True(t, fileDoc("x\n@fileoverview y"))
	require.False(t, fileDoc("see @filed things"))
	// Members' docs, past a decorator.
	f = parse(t, TypeScript, "b.ts", "class D {\n  /** Member. */\n  @log()\n  m() {}\n}\ninterface I {\n  /** Sig. */\n  s(): void;\n}\n")
	require.Equal(t, "Member.", byQN(f, "D.m").GetDoc())
	require.Equal(t, "Sig.", byQN(f, "I.s").GetDoc())
}

// A file of a test directory that declares no test is what the tests use:
// chalk's test/_fixture.js is a script its tests spawn.
func TestTestDirectoryFileWithoutTestsIsSupport(t *testing.T) {
	t.Parallel()
	fixture := parse(t, JavaScript, "test/_fixture.js", "import chalk from '../source/index.js';\nconsole.log(chalk.red('x'));\n")
	require.True(t, fixture.GetIsTest())
	require.True(t, fixture.GetTestSupport(), "it declares no test")
	suite := parse(t, JavaScript, "test/chalk.js", "import test from 'ava';\ntest('red', t => { t.is(1, 1); });\n")
	require.False(t, suite.GetTestSupport())
	typed := parse(t, TypeScript, "test-d/index.ts", "import {expectType} from 'tsd';\nexpectType<string>(f());\n")
	require.False(t, typed.GetTestSupport(), "a type test")
	each := parse(t, TypeScript, "test/each.ts", "test.each([[1, 2]])('adds %i', (a, b) => {});\n")
	require.False(t, each.GetTestSupport(), "test.each declares tests")
	named := parse(t, TypeScript, "src/a.test.ts", "export const x = 1;\n")
	require.False(t, named.GetTestSupport(), "named a test: a test")
}

// CommonJS modules that export a class expression or an object literal of
// methods define them (koa's lib/application.js, lib/request.js and
// lib/context.js defined nothing of their own).
func TestModuleExportsClassAndObject(t *testing.T) {
	t.Parallel()
	app := parse(t, JavaScript, "lib/application.js", `const Emitter = require('events')

module.exports = class Application extends Emitter {
  use (fn) {
    this.middleware.push(fn)
    return this
  }
  callback () {
    return this.use(null)
  }
}
`)
	require.Equal(t, []def{
		{"class", "Application", 3, 11, true, "", []string{"Emitter"}, false, false},
		{"method", "Application.use", 4, 7, true, "Application", nil, false, false},
		{"method", "Application.callback", 8, 10, true, "Application", nil, false, false},
	}, defsOf(app))

	req := parse(t, JavaScript, "lib/request.js", `module.exports = {
  get header () {
    return this.req.headers
  },
  is (type) {
    return this.get(type)
  },
  get (field) {
    return this.header[field]
  }
}
`)
	var got []string
	for _, d := range defsOf(req) {
		got = append(got, d.Kind+" "+d.QN)
	}
	require.Equal(t, []string{"module request", "method request.header", "method request.is", "method request.get"}, got)

	ctx := parse(t, JavaScript, "lib/context.js", `const proto = module.exports = {
  throw (...args) {
    throw new Error(args)
  }
}
`)
	got = nil
	for _, d := range defsOf(ctx) {
		got = append(got, d.Kind+" "+d.QN)
	}
	require.Equal(t, []string{"module proto", "method proto.throw"}, got)

	// An object of names only is no object of methods: it exports them.
	names := parse(t, JavaScript, "lib/index.js", "function a () {}\nmodule.exports = { a }\n")
	got = nil
	for _, d := range defsOf(names) {
		got = append(got, d.Kind+" "+d.QN+" "+strconv.FormatBool(d.Exported))
	}
	require.Equal(t, []string{"function a true"}, got)
}
