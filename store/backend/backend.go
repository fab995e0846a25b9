// Package backend chooses the store from the configuration: PostgreSQL when a database URL is given,
// SQLite in the data folder otherwise. It is the only package that imports both implementations, so
// the rest of the program depends on store.Store alone.
package backend

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"saisine/store"
	"saisine/store/postgres"
	"saisine/store/sqlite"
)

// Config says where the campaigns are kept.
type Config struct {
	// DatabaseURL, when set, is a PostgreSQL URL (postgres:// or postgresql://): for several instances
	// sharing one database.
	DatabaseURL string
	// DataDir holds saisine.db when DatabaseURL is empty.
	DataDir string
}

// FileName is the SQLite database's name inside DataDir.
const FileName = "saisine.db"

// Open opens the configured store and brings its schema up to date. Its errors are meant for the
// person starting the server: they say what is wrong and what to do, and never show a password.
func Open(ctx context.Context, cfg Config) (store.Store, error) {
	if raw := strings.TrimSpace(cfg.DatabaseURL); raw != "" {
		scheme, _, ok := strings.Cut(raw, "://")
		switch strings.ToLower(scheme) {
		case "postgres", "postgresql":
			s, err := postgres.Open(ctx, raw)
			if err != nil {
				return nil, fmt.Errorf("PostgreSQL database %s: %w", redact(raw), err)
			}
			return s, nil
		}
		what := fmt.Sprintf("scheme %q", scheme)
		if !ok {
			what = "no scheme"
		}
		return nil, fmt.Errorf("database URL %s: %s is not supported: give a PostgreSQL URL "+
			"(postgres://user:password@host:5432/database) or no database URL at all to keep the data "+
			"in SQLite in the data folder", redact(raw), what)
	}
	if strings.TrimSpace(cfg.DataDir) == "" {
		return nil, errors.New("no data folder and no database URL: give a data folder (where saisine.db " +
			"will be created) or a PostgreSQL URL")
	}
	path := filepath.Join(cfg.DataDir, FileName)
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		if errors.Is(err, store.ErrUnavailable) {
			return nil, fmt.Errorf("%w (check that %s is a saisine database on a writable disk with free "+
				"space, or move it away to start afresh)", err, path)
		}
		return nil, err
	}
	return s, nil
}

// redact hides the password of a URL: startup errors end up in logs.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// An unparsable URL may still hold a password: show only its scheme.
		scheme, _, _ := strings.Cut(raw, "://")
		return fmt.Sprintf("%q (unreadable URL: %v)", scheme+"://…", strings.ReplaceAll(err.Error(), raw, "…"))
	}
	return u.Redacted()
}
