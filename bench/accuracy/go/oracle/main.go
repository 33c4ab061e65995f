// Command oracle gives the call and import edges of a Go repository as the
// compiler sees them, named the way Homer names its nodes, so that Homer's
// graph can be scored against them.
//
//	oracle edges REPO > oracle.tsv      # the compiler's edges
//	oracle score oracle.tsv homer.tsv   # precision and recall of Homer's
//	oracle defs REPO > defs.tsv         # definitions named so, by path and line
//
// It loads every package under REPO with go/packages (tests included, the
// default build: the host's GOOS and GOARCH, no tags) and types it. Its
// output is one fact per line, tab-separated:
//
//	file    PATH                    a file the build compiles
//	call    static   CALLER CALLEE  a call whose callee the types fix
//	call    iface    CALLER CALLEE  a call of an interface method
//	call    dispatch CALLER CALLEE  a method that interface call may reach
//	import  file     FROM   TO      FROM uses a name TO defines, through an import
//	import  package  FROM   DIR     FROM imports the package in DIR
//
// CALLER and CALLEE are definition nodes, PATH#QUALIFIED_NAME, with PATH
// relative to REPO and the qualified name as Homer's Go plugin writes it:
// pkg.Func, pkg.Type.Method, pkg.Interface.Method, a repeated name (several
// init) numbered from the second on (pkg.init~2). Only calls inside a
// function or method body have a caller; a call of a function by itself
// is no edge, as in Homer.
package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 3 {
		usage()
	}
	out := bufio.NewWriter(os.Stdout)
	var err error
	switch os.Args[1] {
	case "edges":
		err = edges(os.Args[2], out)
	case "defs":
		err = defs(os.Args[2], out)
	case "score":
		if len(os.Args) != 4 {
			usage()
		}
		err = score(os.Args[2], os.Args[3], out)
	default:
		usage()
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: oracle edges REPO | oracle defs REPO | oracle score ORACLE.tsv HOMER.tsv")
	os.Exit(2)
}
