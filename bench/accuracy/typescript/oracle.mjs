// The TypeScript compiler's call and import edges between a repository's
// own definitions, named as Homer's TypeScript and JavaScript plugins name
// them (plugins/languages/internal/ecma/doc.go): "path#Qualified.name".
//
//   node oracle.mjs REPO > oracle.tsv
//
// Lines: "file PATH" for every file compared; "call static CALLER CALLEE"
// for a call the checker resolves to a repository definition;
// "call dispatch CALLER CALLEE" for an override or implementation a call
// of an abstract or interface method may reach; "import FROM TO" for a
// module specifier resolving to a repository file. TYPESCRIPT names the
// directory holding the typescript package (default: beside this file's
// node_modules, or the global one).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(process.env.TYPESCRIPT ? path.join(process.env.TYPESCRIPT, 'x.js') : import.meta.url);
const ts = require('typescript');

const repo = path.resolve(process.argv[2]);
const exts = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const files = [];
(function walk(dir) {
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
		const p = path.join(dir, e.name);
		if (e.isDirectory()) walk(p);
		else if (exts.some((x) => e.name.endsWith(x)) && !e.name.endsWith('.d.ts') && !/\.min\.js$/.test(e.name)) files.push(p);
	}
})(repo);

// Options: the repository's baseUrl and paths, the rest permissive; a
// config extending a package (not installed) cannot be read whole.
const options = {
	allowJs: true, checkJs: false, noEmit: true, skipLibCheck: true, types: [],
	target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
	moduleResolution: ts.ModuleResolutionKind.Bundler, jsx: ts.JsxEmit.Preserve,
	allowImportingTsExtensions: true,
	// `this` in an object literal's methods is the object, as Homer has it.
	noImplicitThis: true,
};
const cfgPath = path.join(repo, 'tsconfig.json');
if (fs.existsSync(cfgPath)) {
	const cfg = ts.readConfigFile(cfgPath, ts.sys.readFile).config || {};
	const co = cfg.compilerOptions || {};
	if (co.baseUrl) options.baseUrl = path.resolve(repo, co.baseUrl);
	if (co.paths) { options.paths = co.paths; if (!options.baseUrl) options.pathsBasePath = repo; }
}
// A monorepo's packages import each other by name; in development the
// name reaches the package's source (a workspace link, or paths): map each
// package.json's name to its entry under src/, as such a tsconfig would.
const workspaces = {};
for (const f of files.length ? listPackageJSON(repo) : []) {
	try {
		const pkg = JSON.parse(fs.readFileSync(f, 'utf8'));
		if (!pkg.name) continue;
		const dir = path.dirname(f);
		const entries = [];
		for (const e of [pkg.source, pkg.types, pkg.typings, pkg.module, pkg.main]) {
			if (typeof e !== 'string') continue;
			const stem = e.replace(/^\.\//, '').replace(/(\.d)?\.[cm]?[jt]sx?$/, '');
			entries.push(path.join(dir, stem), path.join(dir, stem.replace(/^(dist|lib|build|out)\//, 'src/')));
		}
		entries.push(path.join(dir, 'src/index'), path.join(dir, 'index'));
		workspaces[pkg.name] = entries;
		workspaces[pkg.name + '/*'] = [path.join(dir, '*'), path.join(dir, 'src/*')];
	} catch {}
}
function listPackageJSON(dir, out = []) {
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
		const p = path.join(dir, e.name);
		if (e.isDirectory()) listPackageJSON(p, out);
		else if (e.name === 'package.json') out.push(p);
	}
	return out;
}
if (Object.keys(workspaces).length && process.env.ORACLE_WORKSPACES !== '0') {
	const base = options.baseUrl ?? options.pathsBasePath ?? repo;
	const paths = { ...(options.paths || {}) };
	for (const [k, v] of Object.entries(workspaces)) if (!paths[k]) paths[k] = v.map((t) => path.relative(base, t));
	options.paths = paths;
	if (!options.baseUrl) options.pathsBasePath = base;
}
const program = ts.createProgram(files, options);
const checker = program.getTypeChecker();
const rel = (f) => path.relative(repo, f).split(path.sep).join('/');
const inRepo = (f) => f.startsWith(repo + path.sep) && !f.includes(`${path.sep}node_modules${path.sep}`) && !f.endsWith('.d.ts');

const out = [];
const emit = (...a) => out.push(a.join('\t'));

const nameText = (n) => (n && (ts.isIdentifier(n) || ts.isPrivateIdentifier(n) || ts.isStringLiteral(n)) ? n.text : undefined);
const isFn = (n) => n && (ts.isArrowFunction(n) || ts.isFunctionExpression(n));
const hasExport = (n) => (ts.getCombinedModifierFlags(n) & ts.ModifierFlags.Export) !== 0;

// defName is the name a node defines in Homer's terms, or undefined.
function defName(n) {
	if (ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isInterfaceDeclaration(n) || ts.isModuleDeclaration(n)) {
		if (ts.isModuleDeclaration(n) && !ts.isIdentifier(n.name)) return undefined;
		if (n.name) return n.name.text;
		if (ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) return hasDefault(n) ? defaultName(n.getSourceFile()) : undefined;
		return undefined;
	}
	if ((ts.isMethodDeclaration(n) || ts.isGetAccessor(n) || ts.isSetAccessor(n) || ts.isMethodSignature(n)) && !ts.isObjectLiteralExpression(n.parent)) {
		return nameText(n.name);
	}
	if (ts.isConstructorDeclaration(n)) return 'constructor';
	// JavaScript's objects with methods: X.m = function () {} at top level
	// (exports.m is m, X.prototype.m is X.m), and a top-level variable's
	// object literal's methods.
	if (isFn(n) && ts.isBinaryExpression(n.parent) && n.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
		n.parent.right === n && ts.isPropertyAccessExpression(n.parent.left) && ts.isExpressionStatement(n.parent.parent) &&
		ts.isSourceFile(n.parent.parent.parent)) {
		const left = n.parent.left, obj = left.expression, name = left.name.text;
		const objText = obj.getText();
		if (objText === 'module' && name === 'exports') return n.name ? n.name.text : defaultName(n.getSourceFile());
		if (objText === 'exports' || objText === 'module.exports') return name;
		if (ts.isPropertyAccessExpression(obj) && obj.name.text === 'prototype' && ts.isIdentifier(obj.expression)) return `${obj.expression.text}.${name}`;
		if (ts.isIdentifier(obj) && topVariable(n.getSourceFile(), obj.text)) return `${obj.text}.${name}`;
		return undefined;
	}
	if ((ts.isMethodDeclaration(n) && ts.isObjectLiteralExpression(n.parent)) || (isFn(n) && ts.isPropertyAssignment(n.parent))) {
		const member = ts.isMethodDeclaration(n) ? n : n.parent;
		const lit = member.parent;
		const v = lit.parent;
		if (ts.isIdentifier(member.name) && ts.isVariableDeclaration(v) && v.initializer === lit && ts.isIdentifier(v.name) &&
			ts.isVariableStatement(v.parent.parent) && ts.isSourceFile(v.parent.parent.parent)) return member.name.text;
		return undefined;
	}
	if (ts.isPropertyDeclaration(n) && isFn(n.initializer)) return nameText(n.name);
	if ((isFn(n) || ts.isClassExpression(n)) && ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)) return n.parent.name.text;
	if ((isFn(n) || ts.isClassExpression(n)) && ts.isExportAssignment(n.parent)) return n.name ? n.name.text : defaultName(n.getSourceFile());
	return undefined;
}
// objectVar: a top-level variable holding an object literal with methods,
// which Homer defines, its methods its members.
function objectVar(n) {
	if (!ts.isVariableDeclaration(n) || !ts.isIdentifier(n.name) || !n.initializer || !ts.isObjectLiteralExpression(n.initializer)) return undefined;
	if (!ts.isVariableStatement(n.parent.parent) || !ts.isSourceFile(n.parent.parent.parent)) return undefined;
	const methods = n.initializer.properties.some((p) => ts.isMethodDeclaration(p) || (ts.isPropertyAssignment(p) && isFn(p.initializer)));
	return methods ? n.name.text : undefined;
}
function topVariable(sf, name) {
	return sf.statements.some((st) => ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name));
}
// defaultName: Homer names an anonymous default export by its module (the
// file's stem in camel case, the directory's for an index file), unless
// that is no identifier or a name the file binds.
function defaultName(sf) {
	let stem = path.basename(sf.fileName).replace(/(\.d)?\.[cm]?[jt]sx?$/, '');
	if (stem === 'index') stem = path.basename(path.dirname(sf.fileName));
	const name = stem.replace(/(?!^)[-_]+(.)/g, (_, c) => c.toUpperCase());
	if (!/^[A-Za-z_$][\w$]*$/.test(name) || /[-]/.test(name)) return 'default';
	const taken = new Set();
	for (const st of sf.statements) {
		if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st) || ts.isModuleDeclaration(st)) && st.name && ts.isIdentifier(st.name)) taken.add(st.name.text);
		if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) taken.add(d.name.text);
		if (ts.isImportDeclaration(st) && st.importClause && !st.importClause.isTypeOnly) {
			if (st.importClause.name) taken.add(st.importClause.name.text);
			const nb = st.importClause.namedBindings;
			if (nb && ts.isNamespaceImport(nb)) taken.add(nb.name.text);
			if (nb && ts.isNamedImports(nb)) for (const e of nb.elements) if (!e.isTypeOnly) taken.add(e.name.text);
		}
	}
	return taken.has(name) ? 'default' : name;
}
function hasDefault(n) {
	return (ts.getCombinedModifierFlags(n) & ts.ModifierFlags.Default) !== 0;
}
// An exported top-level variable that is not a function is a definition:
// calls in its initializer belong to it.
// (export const x, or export default x, export {x}, module.exports = {x}).
function topConst(n) {
	if (!ts.isVariableDeclaration(n) || !ts.isIdentifier(n.name) || isFn(n.initializer) || (n.initializer && ts.isClassExpression(n.initializer))) return undefined;
	const stmt = n.parent && n.parent.parent;
	if (!stmt || !ts.isVariableStatement(stmt) || !ts.isSourceFile(stmt.parent)) return undefined;
	if (!hasExport(stmt) && !exportedNames(stmt.parent).has(n.name.text)) return undefined;
	return n.name.text;
}
const exportedCache = new Map();
function exportedNames(sf) {
	if (exportedCache.has(sf)) return exportedCache.get(sf);
	const names = new Set();
	for (const st of sf.statements) {
		if (ts.isExportAssignment(st) && ts.isIdentifier(st.expression)) names.add(st.expression.text);
		if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
			for (const e of st.exportClause.elements) names.add((e.propertyName ?? e.name).text);
		}
		if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.left.getText(sf) === 'module.exports') {
			const r = st.expression.right;
			if (ts.isIdentifier(r)) names.add(r.text);
			if (ts.isObjectLiteralExpression(r)) for (const p of r.properties) {
				if (ts.isShorthandPropertyAssignment(p)) names.add(p.name.text);
				else if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer)) names.add(p.initializer.text);
			}
		}
	}
	exportedCache.set(sf, names);
	return names;
}

// anonymousFn: a function that is no definition (a callback).
const anonymousFn = (p) => (isFn(p) || (ts.isMethodDeclaration(p) && ts.isObjectLiteralExpression(p.parent))) && defName(p) === undefined;

// named: a definition node that has a name of its own: not one made in a
// callback with no named definition around it (describe(() => {...})).
function named(n) {
	let loose = false;
	for (let p = n.parent; p && !ts.isSourceFile(p); p = p.parent) {
		if (defName(p) !== undefined) return named(p);
		if (topConst(p) !== undefined || objectVar(p) !== undefined) return true;
		if (anonymousFn(p)) loose = true;
	}
	return !loose;
}
const isDef = (p) => (defName(p) !== undefined && named(p)) || topConst(p) !== undefined || objectVar(p) !== undefined;

// qname is the qualified name of definition node n: the names of the
// definitions around it, joined.
function qname(n) {
	const parts = [];
	for (let p = n; p && !ts.isSourceFile(p); p = p.parent) {
		const name = defName(p) ?? objectVar(p) ?? topConst(p);
		if (name !== undefined) parts.unshift(name);
		// a class expression bound to a const is named by its binding
	}
	return parts.join('.');
}

// enclosing is the definition a call at node n belongs to.
function enclosing(n) {
	for (let p = n.parent; p && !ts.isSourceFile(p); p = p.parent) {
		if (isDef(p)) return p;
	}
	return undefined;
}

function node(decl) {
	const sf = decl.getSourceFile();
	if (!inRepo(sf.fileName)) return undefined;
	let d = decl;
	if (ts.isVariableDeclaration(d) && (isFn(d.initializer) || (d.initializer && ts.isClassExpression(d.initializer)))) d = d.initializer;
	if (ts.isPropertyDeclaration(d) && !isFn(d.initializer)) return undefined;
	if (topConst(d) !== undefined) return `${rel(sf.fileName)}#${topConst(d)}`; // a function held by a constant
	if (defName(d) === undefined || !named(d)) return undefined;
	return `${rel(sf.fileName)}#${qname(d)}`;
}

function aliased(sym) {
	if (sym && sym.flags & ts.SymbolFlags.Alias) {
		try { return checker.getAliasedSymbol(sym); } catch { return sym; }
	}
	return sym;
}

function classCallee(classDecl) {
	const ctor = classDecl.members && classDecl.members.find((m) => ts.isConstructorDeclaration(m) && m.body);
	return node(ctor ?? classDecl);
}

// callee finds the definition a call or new expression reaches.
function callee(call) {
	if (ts.isNewExpression(call)) {
		const sym = aliased(checker.getSymbolAtLocation(call.expression));
		const decl = sym && sym.valueDeclaration;
		if (decl && (ts.isClassDeclaration(decl) || ts.isClassExpression(decl))) return [classCallee(decl), decl];
		if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isClassExpression(decl.initializer)) return [classCallee(decl.initializer), decl.initializer];
		if (decl && ts.isFunctionDeclaration(decl)) return [node(decl), decl]; // a constructor function
		return [undefined];
	}
	if (call.expression.kind === ts.SyntaxKind.SuperKeyword) {
		const sig = checker.getResolvedSignature(call);
		const d = sig && sig.declaration;
		return d && ts.isConstructorDeclaration(d) ? [node(d), d] : [undefined];
	}
	let decl;
	const sig = checker.getResolvedSignature(call);
	if (sig && sig.declaration && !ts.isJSDocSignature(sig.declaration)) decl = sig.declaration;
	if (!decl || !node(decl)) {
		// A function typed by an alias: its signature is the type's, the
		// definition the symbol's.
		const target = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
		const sym = aliased(checker.getSymbolAtLocation(target));
		decl = sym && (sym.valueDeclaration ?? (sym.declarations || [])[0]);
	}
	if (!decl) return [undefined];
	// Overload signatures stand for their implementation's name.
	return [node(decl), decl];
}

// overrides: methods named like m in classes extending or implementing
// m's owner, transitively, by their heritage clauses.
const heirs = new Map(); // owner declaration -> [class declarations]
function collectHeirs(sf) {
	ts.forEachChild(sf, function visit(n) {
		if ((ts.isClassDeclaration(n) || ts.isClassExpression(n) || ts.isInterfaceDeclaration(n)) && n.heritageClauses) {
			for (const h of n.heritageClauses) for (const t of h.types) {
				const sym = aliased(checker.getSymbolAtLocation(t.expression));
				for (const d of (sym && sym.declarations) || []) {
					if (!heirs.has(d)) heirs.set(d, []);
					heirs.get(d).push(n);
				}
			}
		}
		ts.forEachChild(n, visit);
	});
}
function overrides(decl) {
	const owner = decl.parent;
	const name = nameText(decl.name);
	const found = [];
	const seen = new Set();
	const queue = [...(heirs.get(owner) || [])];
	while (queue.length) {
		const c = queue.shift();
		if (seen.has(c)) continue;
		seen.add(c);
		for (const m of c.members || []) {
			if (nameText(m.name) === name && (ts.isMethodDeclaration(m) || ts.isPropertyDeclaration(m) || ts.isMethodSignature(m))) {
				const id = node(m);
				if (id) found.push(id);
			}
		}
		queue.push(...(heirs.get(c) || []));
	}
	return found;
}

const sources = program.getSourceFiles().filter((sf) => inRepo(sf.fileName));
for (const sf of sources) collectHeirs(sf);
for (const sf of sources) {
	emit('file', rel(sf.fileName));
	const from = rel(sf.fileName);
	const imported = (spec) => {
		const r = ts.resolveModuleName(spec, sf.fileName, options, ts.sys).resolvedModule;
		if (!r || r.isExternalLibraryImport) return;
		let to = r.resolvedFileName;
		// A declaration file beside its JavaScript: the module loaded is the
		// JavaScript (index.d.ts types index.js).
		const m = /\.d\.([cm]?)ts$/.exec(to);
		if (m) {
			const js = to.slice(0, -m[0].length) + '.' + m[1] + 'js';
			if (fs.existsSync(js)) to = js;
		}
		if (inRepo(to)) emit('import', from, rel(to));
	};
	ts.forEachChild(sf, function visit(n) {
		if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) imported(n.moduleSpecifier.text);
		if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteral(n.moduleReference.expression)) imported(n.moduleReference.expression.text);
		if (ts.isCallExpression(n) && n.arguments.length === 1 && ts.isStringLiteral(n.arguments[0]) &&
			(n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require'))) imported(n.arguments[0].text);
		if ((ts.isJsxOpeningElement(n) || ts.isJsxSelfClosingElement(n)) && /^[A-Z]/.test(n.tagName.getText(sf).split('.').pop())) {
			const enc = enclosing(n);
			const sym = aliased(checker.getSymbolAtLocation(ts.isPropertyAccessExpression(n.tagName) ? n.tagName.name : n.tagName));
			let d = sym && (sym.valueDeclaration ?? (sym.declarations || [])[0]);
			let target;
			if (d && (ts.isClassDeclaration(d) || ts.isClassExpression(d))) target = classCallee(d);
			else if (d) target = node(d);
			if (enc && target && target !== `${from}#${qname(enc)}`) emit('call', 'static', `${from}#${qname(enc)}`, target);
		}
		if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
			const enc = enclosing(n);
			if (enc && n.expression.kind !== ts.SyntaxKind.ImportKeyword) {
				const caller = `${from}#${qname(enc)}`;
				let target, decl;
				try { [target, decl] = callee(n); } catch { target = undefined; }
				if (target && target !== caller) {
					emit('call', 'static', caller, target);
					const abstract = decl && (ts.isMethodSignature(decl) || ((ts.isMethodDeclaration(decl) || ts.isPropertyDeclaration(decl)) &&
						((ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Abstract) !== 0 || !decl.body)));
					if (decl && (ts.isMethodSignature(decl) || ts.isMethodDeclaration(decl) || ts.isPropertyDeclaration(decl))) {
						for (const o of overrides(decl)) if (o !== caller) emit('call', abstract ? 'dispatch' : 'override', caller, o);
					}
				}
			}
		}
		ts.forEachChild(n, visit);
	});
}
process.stdout.write([...new Set(out)].join('\n') + '\n');
