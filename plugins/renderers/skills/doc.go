// Package skills is the built-in skills renderer: it turns the recurring
// add-patterns of the render model (Model.add_patterns, learnt by the core
// from history) into Claude Code skills, one directory per pattern under
// .claude/skills/, each holding a SKILL.md with `name` and `description`
// YAML front matter and a recipe: the files to create and edit, in order,
// with how often each changed; the tests to run, with where each command
// came from; and the commits the pattern was learnt from.
//
// A skill is written only for a pattern the history shows: no pattern, no
// skill, and every skill names its commits. Paths are templates with
// <name> (the new directory's or file's name) and <parent> (the directory
// it goes in), each beside a real example at HEAD, so an agent never takes
// a directory or a placeholder for a file.
//
// Skill directories are named homer-add-…, apart from a human's skills in
// .claude/skills; a SKILL.md without Homer's marker (Marker) is never
// overwritten, whatever its directory. Start with New in skills.go; the
// document is built by writeSkill in markdown.go.
package skills
