package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"saisine/store/internal/migrate"
)

// Summary describes a database file: what a backup holds, or what is about to be restored.
type Summary struct {
	SchemaVersion int
	Campaigns     int
	Mandates      int // revoked ones included
}

// Backup writes a consistent copy of the database at src to dst while other processes (a running
// server) may be reading and writing it: VACUUM INTO reads one snapshot in a read transaction, which
// WAL lets run beside the writer, and the copy holds the WAL's committed pages too, so it is a single
// file. The copy is written beside dst, checked, synced, then renamed over dst: a failed backup never
// leaves a truncated file under the name a restore would pick up. The file has mode 0600, like the
// database: it holds residents' addresses.
func Backup(ctx context.Context, src, dst string) (Summary, error) {
	srcAbs, err := filepath.Abs(src)
	if err != nil {
		return Summary{}, err
	}
	if _, err := os.Stat(srcAbs); err != nil {
		return Summary{}, fmt.Errorf("no SQLite database at %s: %w", srcAbs, err)
	}
	dstAbs, err := filepath.Abs(dst)
	if err != nil {
		return Summary{}, err
	}
	if dstAbs == srcAbs || strings.HasPrefix(dstAbs, srcAbs+"-") {
		return Summary{}, fmt.Errorf("the backup %s would overwrite the database itself or its journal: choose another file", dstAbs)
	}
	// Opened without Open's migration and write check: the backup only reads the live database. Not
	// mode=ro nor query_only: the first refuses nothing but leaves empty -wal and -shm files behind
	// when no server runs (a read-only connection cannot remove them), the second refuses VACUUM INTO.
	db, err := sql.Open("sqlite", uri(srcAbs)+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return Summary{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := summarize(ctx, db); err != nil {
		return Summary{}, fmt.Errorf("%s is not a saisine database: %w", srcAbs, err)
	}

	// VACUUM INTO accepts an existing file only if it is empty: create it first, with mode 0600.
	tmp, err := os.CreateTemp(filepath.Dir(dstAbs), "."+filepath.Base(dstAbs)+".*")
	if err != nil {
		return Summary{}, fmt.Errorf("cannot write the backup beside %s: %w", dstAbs, err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName) // after the rename this fails harmlessly
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmpName); err != nil {
		return Summary{}, fmt.Errorf("backup of %s: %w", srcAbs, wrap(err))
	}
	sum, err := Verify(ctx, tmpName)
	if err != nil {
		return Summary{}, fmt.Errorf("the backup just written does not check out: %w", err)
	}
	if err := syncFile(tmpName); err != nil {
		return Summary{}, err
	}
	if err := os.Rename(tmpName, dstAbs); err != nil {
		return Summary{}, err
	}
	if d, err := os.Open(filepath.Dir(dstAbs)); err == nil {
		d.Sync()
		d.Close()
	}
	return sum, nil
}

// Verify opens a database file read-only, runs SQLite's integrity check and reports what it holds. It
// refuses a schema newer than this program's: a restore must not hand the server a database it would
// refuse to open.
func Verify(ctx context.Context, path string) (Summary, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Summary{}, err
	}
	if _, err := os.Stat(abs); err != nil {
		return Summary{}, err
	}
	// immutable=1: a backup is a single file with no WAL, and reading it must create nothing beside it.
	db, err := sql.Open("sqlite", uri(abs)+"?mode=ro&immutable=1")
	if err != nil {
		return Summary{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var check string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check(1)`).Scan(&check); err != nil {
		return Summary{}, fmt.Errorf("%s: %w", abs, wrap(err))
	}
	if check != "ok" {
		return Summary{}, fmt.Errorf("%s is damaged: %s", abs, check)
	}
	sum, err := summarize(ctx, db)
	if err != nil {
		return Summary{}, fmt.Errorf("%s is not a saisine database: %w", abs, err)
	}
	ms, err := migrate.Load(migrations, "migrations")
	if err != nil {
		return Summary{}, err
	}
	if sum.SchemaVersion > len(ms) {
		return Summary{}, fmt.Errorf("%s: %w", abs, migrate.Newer(sum.SchemaVersion, len(ms)))
	}
	return sum, nil
}

func summarize(ctx context.Context, db *sql.DB) (Summary, error) {
	var s Summary
	err := db.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(version), 0) FROM schema_migrations),
		(SELECT count(*) FROM campaigns), (SELECT count(*) FROM mandates)`).Scan(&s.SchemaVersion, &s.Campaigns, &s.Mandates)
	if err != nil {
		return Summary{}, wrap(err)
	}
	if s.SchemaVersion == 0 {
		return Summary{}, errors.New("no schema version recorded")
	}
	return s, nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
