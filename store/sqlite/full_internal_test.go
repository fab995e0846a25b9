package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"saisine/store"
)

// A full disk is simulated by capping the database's page count on the writer connection: SQLite then
// fails a write that needs a new page with SQLITE_FULL, the error a full disk gives. The store must
// answer ErrUnavailable (never a silent loss), keep what it acknowledged, and fail its health check.
func TestDiskFullIsUnavailable(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "saisine.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Now()
	c := store.Campaign{ID: store.NewID(), Title: "T", ClosesOn: now.AddDate(0, 1, 0)}
	if err := s.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := s.w.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	var acked []string
	var failure error
	for i := 0; i < 2000 && failure == nil; i++ {
		m := store.Mandate{CampaignID: c.ID, FirstName: "Léa", LastName: fmt.Sprintf("Martin %d", i),
			Street: "3 rue de la Clef", PostalCode: "59000", City: "Lille", Email: fmt.Sprintf("lea%d@example.org", i),
			SignedOn: now.Format(time.DateOnly), Signature: "Léa Martin"}
		saved, _, err := s.SignMandate(ctx, m, now)
		if err != nil {
			failure = err
			break
		}
		acked = append(acked, saved.ID)
	}
	if failure == nil {
		t.Fatal("2,000 signatures fitted in a database capped at its size: the cap did not apply")
	}
	if !errors.Is(failure, store.ErrUnavailable) {
		t.Errorf("signing on a full disk: %v, want ErrUnavailable", failure)
	}
	if err := s.Ping(ctx); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("Ping on a full disk: %v, want ErrUnavailable", err)
	}
	for _, id := range acked {
		if _, err := s.Mandate(ctx, id); err != nil {
			t.Fatalf("acknowledged mandate %s lost after the disk filled: %v", id, err)
		}
	}
	t.Logf("%d signatures acknowledged before the disk was full, all still there", len(acked))
}

// Once writes succeed again (space freed), the health check recovers without a restart.
func TestDiskFullRecovers(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "saisine.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.failedAt.Store(time.Now().UnixNano())
	if err := s.Ping(ctx); !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Ping right after a failed write: %v, want ErrUnavailable", err)
	}
	now := time.Now()
	if err := s.CreateCampaign(ctx, store.Campaign{ID: store.NewID(), Title: "T", ClosesOn: now.AddDate(0, 1, 0)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping after a successful write: %v", err)
	}
	s.failedAt.Store(time.Now().Add(-writeFailureMemory - time.Second).UnixNano())
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping long after the last failure: %v", err)
	}
}
