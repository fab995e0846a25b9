package backend_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"saisine/store/backend"
	"saisine/store/internal/pgtest"
	"saisine/store/postgres"
)

func TestOpenSQLite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s, err := backend.Open(context.Background(), backend.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, backend.FileName)); err != nil {
		t.Errorf("no SQLite file in the data folder: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	notDB := filepath.Join(t.TempDir(), "notdb")
	if err := os.MkdirAll(notDB, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notDB, backend.FileName), []byte(strings.Repeat("not SQLite ", 20)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		cfg  backend.Config
		want []string // in the message
	}{
		{"other scheme", backend.Config{DatabaseURL: "mysql://user:s3cret@host/db", DataDir: "x"}, []string{`"mysql"`, "postgres://"}},
		{"no scheme", backend.Config{DatabaseURL: "saisine.db"}, []string{"no scheme", "postgres://"}},
		{"unreadable URL", backend.Config{DatabaseURL: "mysql://user:s3cret@host:port/db"}, []string{"mysql"}},
		{"nothing", backend.Config{}, []string{"data folder"}},
		{"not a database", backend.Config{DataDir: notDB}, []string{backend.FileName, "move it away"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := backend.Open(context.Background(), tc.cfg)
			if err == nil {
				s.Close()
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("%q shows the password", err)
			}
		})
	}
}

func TestOpenPostgres(t *testing.T) {
	url := pgtest.Database(t)
	for _, u := range []string{url, "postgresql" + strings.TrimPrefix(url, "postgres")} {
		s, err := backend.Open(context.Background(), backend.Config{DatabaseURL: u, DataDir: t.TempDir()})
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if _, ok := s.(*postgres.Store); !ok {
			t.Errorf("%s opened a %T", u, s)
		}
		if err := s.Ping(context.Background()); err != nil {
			t.Error(err)
		}
		s.Close()
	}
}
