package handlers_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"saisine/handlers"
	"saisine/handlers/state"
	"saisine/internal/ratelimit"
	"saisine/store/sqlite"
)

// TestTrustedProxiesRateLimitKey: behind a trusted proxy each client (X-Forwarded-For) has its own
// bucket; without the setting, or from an untrusted address, the header is ignored and the connection's
// address is the key, so a client cannot escape the limit by writing the header itself.
func TestTrustedProxiesRateLimitKey(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "saisine.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sealer, err := state.NewSealer(bytes.Repeat([]byte{1}, 32), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	newServer := func(proxies []string) http.Handler {
		t.Helper()
		h, err := handlers.New(handlers.Options{Sealer: sealer, Store: st, TrustedProxies: proxies,
			CampaignLimit: ratelimit.Config{Every: time.Hour, Burst: 1}})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	// post signs an unknown campaign: the limiter runs first, then the page answers 404.
	post := func(h http.Handler, remote, xff string) int {
		req := httptest.NewRequest(http.MethodPost, "/signer/inconnue", nil)
		req.RemoteAddr = remote + ":40000"
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}

	behind := newServer([]string{"10.0.0.0/8", "192.0.2.1"})
	if c := post(behind, "10.1.2.3", "203.0.113.7"); c == http.StatusTooManyRequests {
		t.Fatalf("first request: %d", c)
	}
	if c := post(behind, "10.1.2.3", "198.51.100.9"); c == http.StatusTooManyRequests {
		t.Errorf("another client through the same proxy shares the first one's bucket: %d", c)
	}
	// Two proxies in a row, both trusted: the address before them counts.
	if c := post(behind, "192.0.2.1", "198.51.100.10, 10.9.9.9"); c == http.StatusTooManyRequests {
		t.Errorf("a third client through two proxies: %d", c)
	}
	if c := post(behind, "10.1.2.3", "203.0.113.7"); c != http.StatusTooManyRequests {
		t.Errorf("same client again: %d, want 429", c)
	}
	// A forged left-most entry does not help: the address the trusted proxy appended counts.
	if c := post(behind, "10.1.2.3", "198.18.0.1, 203.0.113.7"); c != http.StatusTooManyRequests {
		t.Errorf("forged X-Forwarded-For prefix: %d, want 429", c)
	}
	// A client that reaches the server directly cannot choose its key.
	if c := post(behind, "203.0.113.50", "198.18.0.2"); c == http.StatusTooManyRequests {
		t.Fatalf("direct client: %d", c)
	}
	if c := post(behind, "203.0.113.50", "198.18.0.3"); c != http.StatusTooManyRequests {
		t.Errorf("direct client with a new X-Forwarded-For: %d, want 429", c)
	}

	direct := newServer(nil)
	post(direct, "10.1.2.3", "203.0.113.7")
	if c := post(direct, "10.1.2.3", "198.51.100.9"); c != http.StatusTooManyRequests {
		t.Errorf("no trusted proxy: X-Forwarded-For was believed (%d)", c)
	}

	if _, err := handlers.New(handlers.Options{Sealer: sealer, TrustedProxies: []string{"10.0.0.0/33"}}); err == nil {
		t.Error("a bad CIDR block was accepted")
	}
}
