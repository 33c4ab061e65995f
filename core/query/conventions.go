package query

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/homer-dev/homer/core/record"
)

// Command is a command the repository's own files say to run (a Makefile
// target, a package script, a CI step), as the structure source found it.
type Command struct {
	Command string `json:"command"`
	// Kind is what it is for (build, test, lint, ...), Origin the file
	// it was found in.
	Kind   string `json:"kind"`
	Origin string `json:"origin"`
}

// Conventions is what the store knows of how the repository is worked
// on. Only its commands so far.
type Conventions struct {
	Version  int       `json:"version"`
	Commands []Command `json:"commands"`
}

// Conventions lists the repository's commands, by kind and then by text.
func (q *Q) Conventions(ctx context.Context) (*Conventions, error) {
	rows, err := q.db.QueryContext(ctx, "SELECT name, metadata FROM nodes WHERE kind = ? ORDER BY name", record.KindCommand)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := &Conventions{Version: Version, Commands: []Command{}}
	for rows.Next() {
		var name, meta string
		if err := rows.Scan(&name, &meta); err != nil {
			return nil, err
		}
		var md struct{ Kind, Origin string }
		if err := json.Unmarshal([]byte(meta), &md); err != nil {
			return nil, fmt.Errorf("command %q: %w", name, err)
		}
		c.Commands = append(c.Commands, Command{Command: name, Kind: md.Kind, Origin: md.Origin})
	}
	sort.SliceStable(c.Commands, func(i, j int) bool {
		a, b := c.Commands[i], c.Commands[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Command < b.Command
	})
	return c, rows.Err()
}
