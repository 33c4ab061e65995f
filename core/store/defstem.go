package store

import "strings"

// A definition's name within its file nearly always begins with the
// file's stem: on spring-boot 70,584 of 70,639 (SpringApplication.run in
// the file named SpringApplication), the stems 1.9 MB of the 3.7 MB the
// names took.
// Since schema 40 a definition stored within its file node whose name
// begins with the stem and a '.' is stored with the stem left out and
// stemMark in its place ("\x01.run"); the view nodes, and the trigger
// that gives a file's definitions their whole names when the file node
// goes, put the stem back. The stem is the file's name (after its
// directory) up to its first '.', when that is not empty. A name that is
// the stem alone (the class of the file) is stored as it is, so every
// stored name of a definition still ends in its last part (lastPart),
// which its metadata's name is taken from.

// stemMark stands for the file's stem at the start of a stored name.
const stemMark = "\x01"

// fileStem is the stem of the file at path: its name after the last '/'
// up to its first '.' ("" when there is none or it begins the name).
func fileStem(path string) string {
	base := path[strings.LastIndexByte(path, '/')+1:]
	i := strings.IndexByte(base, '.')
	if i < 1 {
		return ""
	}
	return base[:i]
}

// elideStem is the stored name of a definition named name within the
// file at path.
func elideStem(name, path string) string {
	stem := fileStem(path)
	if stem != "" && len(name) > len(stem) && name[len(stem)] == '.' && strings.HasPrefix(name, stem) {
		return stemMark + name[len(stem):]
	}
	return name
}

// stemSQL is the SQL of the stem of the file node whose row alias is f
// (its stored name is its name after its directory): NULL when it has
// none.
func stemSQL(f string) string {
	return "CASE WHEN instr(" + f + ".name, '.') > 1 THEN substr(" + f + ".name, 1, instr(" + f + ".name, '.') - 1) END"
}

// elideSQL is the SQL of elideStem of the name (SQL) within the file
// node whose row alias is f.
func elideSQL(name, f string) string {
	stem := stemSQL(f)
	return "CASE WHEN length(" + name + ") > length(" + stem + ") AND substr(" + name + ", 1, length(" + stem + ") + 1) = " + stem + " || '.'" +
		" THEN char(1) || substr(" + name + ", length(" + stem + ") + 1) ELSE " + name + " END"
}

// expandSQL is the SQL of the name within its file of the definition
// whose stored name is the SQL stored, its file node's row alias f.
func expandSQL(stored, f string) string {
	return "CASE WHEN substr(" + stored + ", 1, 1) = char(1) THEN " + stemSQL(f) + " || substr(" + stored + ", 2) ELSE " + stored + " END"
}
