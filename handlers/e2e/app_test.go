package e2e_test

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"saisine/handlers"
	"saisine/handlers/state"
	"saisine/store"
)

// startApp runs the web interface in-process on 127.0.0.1 (a free port) with a fresh state key, and
// returns its base URL. The server's log is shown when the test fails.
func startApp(t *testing.T) string {
	t.Helper()
	return startAppWith(t, nil)
}

// startAppWith is startApp with the campaign store st (nil: none, campaign pages answer 503).
func startAppWith(t *testing.T, st store.Store) string {
	t.Helper()
	key := make([]byte, state.KeySize)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	sealer, err := state.NewSealer(key, time.Hour, nil)
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	srv, err := handlers.New(handlers.Options{
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Sealer: sealer,
		Store:  st,
	})
	if err != nil {
		t.Fatalf("handlers.New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("server: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return "http://" + ln.Addr().String()
}
