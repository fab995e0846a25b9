// Package sqlite implements store.Store on SQLite (modernc.org/sqlite, pure Go): one file under the
// data folder, the default when no database URL is configured.
//
// Writes go through a single connection in BEGIN IMMEDIATE transactions: concurrent signers queue in
// Go instead of meeting SQLITE_BUSY, and SQLite's write lock is taken before the first read, so a
// transaction never has to upgrade a read lock (the upgrade that busy_timeout cannot wait out). Reads
// use a pool of query-only connections, which WAL lets run beside the writer, so a long EachMandate
// (rendering the annex of a letter) does not hold up signatures. synchronous=FULL syncs the WAL at
// every commit: a mandate whose receipt was shown survives a power cut.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"time"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"saisine/store"
	"saisine/store/internal/migrate"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the SQLite store. Its zero value is not usable: call Open.
type Store struct {
	w    *sql.DB // exactly one connection: the writer
	r    *sql.DB // query-only readers
	path string
	// failedAt is when the last write failed for the database's sake (unix nanoseconds), 0 once a
	// write succeeds again: Ping reports it, because on a full disk Ping's own one-row write can still
	// fit where a signature does not.
	failedAt atomic.Int64
}

var _ store.Store = (*Store)(nil)

// Open opens the database file at path, creating it and its folder (mode 0700: the file holds
// residents' addresses) on first start, and brings its schema up to date. It fails when the database
// does not accept writes, so that a read-only disk is reported at startup rather than at the first
// signature.
func Open(ctx context.Context, path string) (*Store, error) {
	s, err := open(ctx, path, false)
	if err != nil {
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("SQLite database %s does not accept writes (read-only file or file system, "+
			"or disk full?): %w", path, err)
	}
	return s, nil
}

func open(ctx context.Context, path string, readOnly bool) (*Store, error) {
	if path == "" {
		return nil, errors.New("SQLite: no database file given")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("SQLite database %s: %w", path, err)
	}
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data folder %s: %w; create it or choose a writable folder", dir, err)
	}
	common := "&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"
	mode := "rwc"
	if readOnly {
		mode = "ro"
	}
	// 16 MiB of page cache for the writer: with the default 2 MiB a 10,000-row import spills pages
	// to the WAL before its commit (a third slower).
	w, err := sql.Open("sqlite", uri(abs)+"?mode="+mode+"&_txlock=immediate&_pragma=journal_mode(WAL)&_pragma=cache_size(-16384)"+common)
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s := &Store{w: w, path: abs}
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("cannot open the SQLite database %s: %w", abs, wrap(err))
	}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("SQLite database %s: %w", abs, err)
	}
	r, err := sql.Open("sqlite", uri(abs)+"?mode=rw&_query_only=1"+common)
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	r.SetMaxIdleConns(max(4, runtime.GOMAXPROCS(0)))
	s.r = r
	if !readOnly {
		// The database and its WAL file were just created or opened for writing: sync the folder so
		// that their names, not only their contents, survive a power cut.
		if d, err := os.Open(dir); err == nil {
			d.Sync()
			d.Close()
		}
	}
	return s, nil
}

// uri makes a file: URI of an absolute path, so that any character of a folder name ('?', '#', '%')
// reaches SQLite intact and SQLite's own parameters (mode) apply.
func uri(abs string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

// migrate applies the embedded migrations not yet recorded. It writes nothing when the schema is
// current, so a read-only database with a current schema still opens (and reports ErrUnavailable on
// writes).
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrate.Load(migrations, "migrations")
	if err != nil {
		return err
	}
	var current int
	err = s.w.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current)
	if err == nil && current == len(ms) {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return wrap(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`); err != nil {
		return wrap(err)
	}
	// Read again inside the write transaction: another process may have migrated in between.
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return wrap(err)
	}
	if current > len(ms) {
		return migrate.Newer(current, len(ms))
	}
	for _, m := range ms[current:] {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, wrap(err))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.Version, m.Name, fmtTime(time.Now())); err != nil {
			return wrap(err)
		}
	}
	return wrap(tx.Commit())
}

// Close closes the database; the last connection to close checkpoints the WAL into the main file.
func (s *Store) Close() error {
	var rerr error
	if s.r != nil {
		rerr = s.r.Close()
	}
	return errors.Join(rerr, s.w.Close())
}

// write runs fn in a write transaction. fn's errors pass through wrap, so it may return the driver's
// errors as they come.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	err := s.writeTx(ctx, fn)
	switch {
	case err == nil:
		s.failedAt.Store(0)
	case errors.Is(err, store.ErrUnavailable):
		s.failedAt.Store(time.Now().UnixNano())
	}
	return err
}

// writeFailureMemory is how long Ping keeps reporting a failed write when no write succeeded since.
const writeFailureMemory = 5 * time.Minute

// lastWriteFailed is the failure Ping reports, if a write failed recently and none succeeded since.
func (s *Store) lastWriteFailed() error {
	t := s.failedAt.Load()
	if t == 0 {
		return nil
	}
	if ago := time.Since(time.Unix(0, t)); ago < writeFailureMemory {
		return fmt.Errorf("%w: a write failed %s ago and none has succeeded since", store.ErrUnavailable, ago.Round(time.Second))
	}
	return nil
}

// writeTx runs fn in a write transaction.
func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return wrap(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return wrap(err)
	}
	return wrap(tx.Commit())
}

// unavailable are the SQLite primary result codes that say the database itself failed, not the
// request: nothing the user typed causes them and retrying later may succeed.
var unavailable = map[int]bool{
	sqlite3.SQLITE_READONLY: true, sqlite3.SQLITE_FULL: true, sqlite3.SQLITE_IOERR: true,
	sqlite3.SQLITE_CANTOPEN: true, sqlite3.SQLITE_CORRUPT: true, sqlite3.SQLITE_NOTADB: true,
	sqlite3.SQLITE_BUSY: true, sqlite3.SQLITE_LOCKED: true, sqlite3.SQLITE_PERM: true,
	sqlite3.SQLITE_NOMEM: true, sqlite3.SQLITE_PROTOCOL: true, sqlite3.SQLITE_NOLFS: true,
	sqlite3.SQLITE_AUTH: true,
}

// wrap maps failures of the database to store.ErrUnavailable and leaves the store's own errors as they
// are.
func wrap(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrClosed),
		errors.Is(err, store.ErrDuplicate), errors.Is(err, store.ErrUnavailable):
		return err
	case errors.Is(err, sql.ErrConnDone), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) && unavailable[se.Code()&0xff] {
		return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
	}
	return fmt.Errorf("store/sqlite: %w", err)
}

const timeFormat = "2006-01-02T15:04:05.000000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// nullTime stores Go's zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return fmtTime(t)
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("store/sqlite: stored time %q: %w", s, err)
	}
	return t, nil
}

func parseNullTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	return parseTime(s.String)
}

// nonNil keeps NOT NULL blob columns happy: database/sql sends a nil slice as NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// nilIfEmpty gives back nil for an empty blob, so that what was stored compares equal to what is read.
func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}
