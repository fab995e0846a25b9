package postgres_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"saisine/store"
	"saisine/store/internal/pgtest"
	"saisine/store/postgres"
	"saisine/store/storetest"
)

func openFresh(t testing.TB) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t) })
}

// Instances started together must apply each migration once and all start.
func TestConcurrentOpen(t *testing.T) {
	url := pgtest.Database(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			s, err := postgres.Open(context.Background(), url)
			if err == nil {
				err = s.Ping(context.Background())
				s.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestUnreachable(t *testing.T) {
	pgtest.AdminURL(t) // the same skip rule as the other PostgreSQL tests
	start := time.Now()
	// Port 1 on the loopback: nobody listens, the connection is refused at once.
	_, err := postgres.Open(context.Background(), "postgres://saisine:secret@127.0.0.1:1/saisine")
	if !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("Open of an unreachable server: %v, want ErrUnavailable", err)
	}
	if err != nil && strings.Contains(err.Error(), "secret") {
		t.Errorf("%q shows the password", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Open took %v to fail", d)
	}
}

func TestCrash(t *testing.T) {
	url := pgtest.Database(t)
	storetest.Crash(t, func(ctx context.Context) (store.Store, error) { return postgres.Open(ctx, url) },
		envCrashURL+"="+url)
}
