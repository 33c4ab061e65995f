// Package jvm holds what Homer's Java and Kotlin plugins share: the test-file
// convention, doc-comment cleaning, type references written from type
// syntax, and import resolution, which is the same for both languages since
// their files resolve together (link group "jvm": Kotlin calls Java and
// back).
//
// Import resolution (Resolve) reads the package declaration of every
// .java, .kt and .kts file of the repository from Config.RepoRoot, so that
// it knows which packages the repository declares even where directories do
// not follow them (Kotlin allows that). An import is mapped:
//   - a type `a.b.C` (also a nested type `a.b.C.D` or a static member
//     `a.b.C.m`) to the file a/b/C.java or a/b/C.kt under any source root,
//     or to the file named C of package a.b;
//   - a wildcard `a.b.*` to every file declaring package a.b, or, when
//     a.b names a type, to that type's file;
//   - anything else whose package (any prefix of the spec) the repository
//     declares is left unresolved, for the core to match against the
//     namespaces the files report; the rest (the JDK, the Kotlin standard
//     library, dependencies) is external.
//
// Like the plugins, it imports only sdk/.
package jvm
