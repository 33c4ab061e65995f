// Package structure is Homer's built-in "structure" source: what the
// repository is made of at HEAD. Start at New and Source.Extract; build in
// source.go assembles the records.
//
// It reads HEAD's tree from the object store (git ls-tree and git cat-file
// when git is on PATH, go-git otherwise), never the work tree, so
// uncommitted and untracked files play no part and a given tree always
// gives the same records. Symlinks and submodules (gitlinks) are not files.
//
// Records, in order, in batches of up to 5000:
//
//   - a FileEntry per file kept by the globs (include, exclude and
//     DefaultExcludes, with real ** semantics): path, blob id, language by
//     extension or name (languageOf; "" when unknown), size, and whether it
//     is test code or test data by the usual conventions (isTest);
//   - a Module per directory that directly holds at least one source file
//     (a language that is not data, documentation or build glue): path "."
//     for the root, the most common language, the number of source files;
//   - a Manifest per go.mod, package.json, Cargo.toml, pyproject.toml,
//     requirements*.txt, pom.xml, build.gradle(.kts) and composer.json,
//     with its name and dependencies (Dev for development ones); Kind is
//     the ecosystem (KindGo, KindNPM, KindCargo, KindPyPI, KindMaven,
//     KindGradle, KindComposer);
//   - BuildCommands from Makefile targets, justfile recipes, package.json
//     scripts, GitHub Actions run: steps and GitLab CI script: entries, each
//     with its kind (test, lint, build, run, other) and origin "path:line";
//     CI lines that do not test, lint, build or run something are left
//     out, and so are repository scripts a CI job or step runs with a
//     secret or the CI token. Guides come first: CONTRIBUTING, the root
//     README and the pages of a contributing/ directory (docs.go), less
//     the commands their prose warns off. When no test command is found,
//     the ecosystem's convention is added for go.mod, Cargo.toml, pom.xml
//     and build.gradle. One way to run a single test is given for Go,
//     pytest, Rust (a crate's tests/*.rs) and mocha (single.go), naming a
//     real test of the tree. Commands are
//     deduplicated, the first origin wins (root files first). Last, each
//     is checked against HEAD's tree (verify.go): one that names a file,
//     directory, make target, npm script or just recipe HEAD lacks is left
//     out, and one note lists them.
//
// Manifests and build files are taken from every file that is not
// excluded, whatever include says, except under fixture directories
// (testdata, fixtures). Problems with one file are warnings on the last
// batch, never a failure.
//
// The checkpoint is "<HEAD tree id>:<hash of the configuration, plugin
// version and the package's own non-test Go code (codehash.go)>", carried by the last batch only; the first batch has Reset set,
// as every run sends a full snapshot. A request with the current checkpoint
// gets one empty batch carrying it, after a single git rev-parse.
package structure
