// Command sqlq runs one read-only query on a Homer store through the
// store's own driver, which registers the functions its views call
// (unpack, result_data, change_rows, ...) that the plain sqlite3 shell
// lacks, and prints each row with its columns joined by '|', as the shell
// does.
//
// Usage:
//
//	sqlq DB QUERY
package main

import (
	"database/sql"
	"fmt"
	"os"
	"strings"

	"github.com/homer-dev/homer/core/store"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sqlq DB QUERY")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "sqlq:", err)
		os.Exit(1)
	}
}

func run(path, query string) error {
	db, err := sql.Open(store.DriverName, "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Query(query)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	out := make([]string, len(cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			out[i] = v.String // NULL as empty, as the shell prints it
		}
		fmt.Println(strings.Join(out, "|"))
	}
	return rows.Err()
}
