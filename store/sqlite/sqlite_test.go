package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"saisine/store"
	"saisine/store/sqlite"
	"saisine/store/storetest"
)

func openTemp(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "data", "saisine.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestReadOnlyIsUnavailable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "saisine.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	c := store.Campaign{ID: store.NewID(), Title: "T", ClosesOn: time.Now().AddDate(0, 1, 0)}
	if err := s.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	s.Close()

	ro, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Campaign(ctx, c.ID); err != nil {
		t.Errorf("reading a read-only database: %v", err)
	}
	_, _, err = ro.SignMandate(ctx, store.Mandate{CampaignID: c.ID, FirstName: "Léa", LastName: "Martin"}, time.Now())
	if !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("SignMandate on a read-only database: %v, want ErrUnavailable", err)
	}
	if err := ro.Ping(ctx); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("Ping on a read-only database: %v, want ErrUnavailable", err)
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "a?b#c%d", "data")
	path := filepath.Join(dir, "saisine.db")
	for range 2 { // the second Open finds the schema current
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("data folder: %v, %v; want mode 0700", fi.Mode(), err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the database is not at the path given (special characters lost?): %v", err)
	}
	db := rawDB(t, path)
	var versions int
	var mode string
	if err := db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&versions); err != nil || versions != 1 {
		t.Errorf("schema_migrations holds %d rows (%v), want 1", versions, err)
	}
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}

	// A schema from a newer release is refused with a word on what to do.
	if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (99, '0099_future.sql', '')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := sqlite.Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "newer release") {
		t.Errorf("Open of a newer schema: %v", err)
	}

	if _, err := sqlite.Open(ctx, ""); err == nil {
		t.Error("Open without a path succeeded")
	}
	if err := os.WriteFile(filepath.Join(dir, "not.db"), []byte("not a database, only text, long enough to be read as a header"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.Open(ctx, filepath.Join(dir, "not.db")); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("Open of a file that is no database: %v, want ErrUnavailable", err)
	}
}

// rawDB opens the file beside the store, for what the store does not show.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: path}).String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestCrash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "saisine.db")
	storetest.Crash(t, func(ctx context.Context) (store.Store, error) { return sqlite.Open(ctx, path) },
		envCrashPath+"="+path)
	var result string
	if err := rawDB(t, path).QueryRow(`PRAGMA integrity_check`).Scan(&result); err != nil || result != "ok" {
		t.Errorf("integrity_check: %q, %v", result, err)
	}
}
