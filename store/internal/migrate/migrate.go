// Package migrate reads the numbered migration files each implementation embeds. Applying them is the
// implementation's business (dialect, locking); this package only fixes the naming rule so a misnamed
// or duplicate file fails every test instead of being skipped in production.
package migrate

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one schema step.
type Migration struct {
	Version int    // from the file name's leading digits
	Name    string // the file name
	SQL     string
}

// Load returns the migrations of dir in fsys, ordered by version. Files are named NNNN_what.sql;
// versions start at 1 and leave no gap.
func Load(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		digits, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(digits)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %s: the name must start with a positive number and '_'", name)
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: version %d expected (no gap, no duplicate)", m.Name, i+1)
		}
	}
	return ms, nil
}

// Newer is the error of a database whose schema comes from a newer release of the program.
func Newer(dbVersion, known int) error {
	return fmt.Errorf("the database schema is at version %d but this program knows only up to %d: "+
		"it was used by a newer release of saisine; run that release (or newer) against it", dbVersion, known)
}
