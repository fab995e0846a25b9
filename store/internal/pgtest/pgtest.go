// Package pgtest gives tests a PostgreSQL database of their own, on the server named by
// SAISINE_TEST_POSTGRES_URL (scripts/test starts a throwaway one). Without it the tests skip, except
// under CI=true, where they fail: CI must not pass by skipping PostgreSQL.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the variable holding the URL of a user allowed to create databases.
const EnvURL = "SAISINE_TEST_POSTGRES_URL"

// AdminURL returns the server's URL, or skips (fails under CI=true) when there is none.
func AdminURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		const how = " is not set: run scripts/test, which starts a throwaway PostgreSQL, or set it to the URL of a user allowed to create databases"
		if os.Getenv("CI") == "true" {
			t.Fatal(EnvURL + how + " (CI=true: PostgreSQL tests may not be skipped)")
		}
		t.Skip(EnvURL + how)
	}
	return u
}

// Database creates an empty database, dropped when the test ends, and returns its URL.
func Database(t testing.TB) string {
	t.Helper()
	admin := AdminURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("PostgreSQL at %s: %v", EnvURL, err)
	}
	defer conn.Close(context.Background())
	var b [8]byte
	rand.Read(b[:])
	name := "saisine_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("dropping %s: %v", name, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s must be a URL (postgres://…): %v", EnvURL, err)
	}
	u.Path = "/" + name
	return u.String()
}
