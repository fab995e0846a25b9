package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"saisine/letters/law"
)

func TestOpenStoreInDataDir(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"SAISINE_DATA_DIR": dir, "SAISINE_STATE_KEY": "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := openStore(context.Background(), func(k string) string { return env[k] }, logger)
	if err != nil || st == nil {
		t.Fatalf("openStore: %v", err)
	}
	defer st.Close()
	if _, err := os.Stat(filepath.Join(dir, "saisine.db")); err != nil {
		t.Errorf("no database file in the data folder: %v", err)
	}
	h, err := newWebHandlerWith(func(k string) string { return env[k] }, logger, law.DefaultSettings(), st)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != 200 {
		t.Errorf("healthz with the store: %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/signer/inconnue", nil))
	if rec.Code != 404 {
		t.Errorf("unknown campaign with a store: %d, want 404", rec.Code)
	}
}

func TestOpenStoreRefusesUnknownURL(t *testing.T) {
	env := map[string]string{"SAISINE_DATABASE_URL": "mysql://u:secretpw@h/db"}
	_, err := openStore(context.Background(), func(k string) string { return env[k] }, slog.New(slog.DiscardHandler))
	if err == nil {
		t.Fatal("a MySQL URL was accepted")
	}
	if s := err.Error(); len(s) == 0 || strings.Contains(s, "secretpw") {
		t.Errorf("error %q shows the password", s)
	}
}
