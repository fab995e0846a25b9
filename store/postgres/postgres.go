// Package postgres implements store.Store on PostgreSQL (pgx and its pool), for several instances of
// the server sharing one database.
//
// The pool fails fast when the server is away (a short connect timeout unless the URL sets
// connect_timeout) and recovers by itself: a broken connection is dropped from the pool and the next
// call dials again, so the store never needs reopening. Migrations run at Open under an advisory lock,
// so instances started together apply each one once.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/puddle/v2"

	"embed"

	"saisine/store"
	"saisine/store/internal/migrate"
)

//go:embed migrations/*.sql
var migrations embed.FS

// ConnectTimeout bounds each attempt to reach the server when the URL sets no connect_timeout: a
// signer waits a few seconds for an error page, not the minutes of a TCP timeout.
const ConnectTimeout = 5 * time.Second

// Store is the PostgreSQL store. Its zero value is not usable: call Open.
type Store struct {
	pool *pgxpool.Pool
}

var _ store.Store = (*Store)(nil)

// Open connects to the database at url (postgres://user:password@host:5432/database?sslmode=…) and
// brings its schema up to date. An unreachable server gives an error wrapping store.ErrUnavailable.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's parse errors hide the password.
		return nil, fmt.Errorf("the PostgreSQL URL cannot be read: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = ConnectTimeout
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, wrap(err)
	}
	s := &Store{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		if errors.Is(err, store.ErrUnavailable) {
			return nil, fmt.Errorf("cannot reach PostgreSQL at %s:%d (is the server running, and the host and "+
				"port right?): %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
		}
		return nil, err
	}
	return s, nil
}

// migrationLock keys the advisory lock that serialises migrations across instances ("saisine" in
// ASCII); advisory locks are per database, so other applications' keys do not matter.
const migrationLock = 0x73616973696e65

func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrate.Load(migrations, "migrations")
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx pgx.Tx) error {
		// A transaction-level lock is released by the commit, even if this instance dies meanwhile.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return err
		}
		var current int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
			return err
		}
		if current > len(ms) {
			return migrate.Newer(current, len(ms))
		}
		for _, m := range ms[current:] {
			// No arguments: pgx sends it with the simple protocol, which takes several statements.
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
				return err
			}
		}
		return nil
	})
}

// Close closes the pool's connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// tx runs fn in a transaction. fn's errors pass through wrap, so it may return pgx's errors as they
// come.
func (s *Store) tx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return wrap(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return wrap(err)
	}
	return wrap(tx.Commit(ctx))
}

// wrap maps failures of the database or of the way to it to store.ErrUnavailable and leaves the store's
// own errors as they are.
func wrap(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrClosed),
		errors.Is(err, store.ErrDuplicate), errors.Is(err, store.ErrUnavailable):
		return err
	}
	if unavailable(err) {
		return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
	}
	return fmt.Errorf("store/postgres: %w", err)
}

func unavailable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code[:2] {
		case "08", // connection exception
			"53", // insufficient resources: disk full, out of memory, too many connections
			"58": // system error (I/O)
			return true
		}
		switch pgErr.Code {
		case "57P01", "57P02", "57P03", // the server is shutting down or starting
			"57014", // statement timeout
			"25006": // read-only transaction: a standby, or default_transaction_read_only
			return true
		}
		return false
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, puddle.ErrClosedPool) ||
		errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) || pgconn.SafeToRetry(err)
}

// utc keeps what PostgreSQL can hold, in the zone the store returns.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullTime stores Go's zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return utc(t)
}

func fromNull(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// nonNil keeps NOT NULL bytea columns happy: pgx sends a nil slice as NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// nilIfEmpty gives back nil for an empty bytea, so that what was stored compares equal to what is read.
func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}
