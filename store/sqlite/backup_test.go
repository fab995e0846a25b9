package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"saisine/store"
	"saisine/store/sqlite"
)

var signAt = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func signSome(t *testing.T, s store.Store, campaignID string, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		_, hash := store.NewSecret()
		m := store.Mandate{CampaignID: campaignID, RevokeHash: hash, Civility: "Mme", FirstName: "Hélène",
			LastName: fmt.Sprintf("Martin-%04d", i), Street: "3 rue de la Paix", PostalCode: "42000",
			City: "Saint-Étienne", Email: fmt.Sprintf("h%d@example.org", i), SignedOn: "2026-03-10", Signature: "Hélène Martin"}
		if _, _, err := s.SignMandate(context.Background(), m, signAt); err != nil {
			t.Errorf("SignMandate: %v", err)
			return
		}
	}
}

func newCampaign(t *testing.T, s store.Store) string {
	t.Helper()
	_, hash := store.NewSecret()
	c := store.Campaign{ID: store.NewID(), AdminHash: hash, Case: []byte(`{}`), Title: "Association — Saint-Étienne",
		ClosesOn: time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC), RetentionDays: 183, CreatedAt: signAt}
	if err := s.CreateCampaign(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// TestBackupWhileWriting: a backup taken while signatures are being written is a consistent single
// file (integrity check passes, no WAL beside it), mode 0600, holding at least every mandate committed
// before it started, and it opens as a store.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "saisine.db")
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id := newCampaign(t, s)
	signSome(t, s, id, 0, 50)

	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); signSome(t, s, id, 50, 200) }()
	dst := filepath.Join(t.TempDir(), "copie.db")
	sum, err := sqlite.Backup(ctx, db, dst)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if sum.Campaigns != 1 || sum.Mandates < 50 || sum.Mandates > 250 || sum.SchemaVersion < 1 {
		t.Errorf("summary %+v", sum)
	}
	fi, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(filepath.Dir(dst)); len(entries) != 1 {
		t.Errorf("files beside the backup: %v", entries)
	}
	r, err := sqlite.Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c, err := r.Counts(ctx, id)
	if err != nil || c.Standing != sum.Mandates {
		t.Errorf("restored counts %+v, %v; summary %+v", c, err, sum)
	}

	// A second backup to the same name replaces the first one whole.
	if sum2, err := sqlite.Backup(ctx, db, dst); err != nil || sum2.Mandates != 250 {
		t.Errorf("second backup: %+v, %v", sum2, err)
	}
}

// TestBackupOfStoppedDatabase: with no server running (no WAL file), the read-only backup still works
// and creates nothing beside the database.
func TestBackupOfStoppedDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "saisine.db")
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	signSome(t, s, newCampaign(t, s), 0, 3)
	s.Close()
	sum, err := sqlite.Backup(ctx, db, filepath.Join(t.TempDir(), "b.db"))
	if err != nil || sum.Mandates != 3 {
		t.Fatalf("%+v, %v", sum, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files beside the stopped database after a backup: %v", entries)
	}
}

func TestBackupRefusals(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "saisine.db")
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, dst := range []string{db, db + "-wal"} {
		if _, err := sqlite.Backup(ctx, db, dst); err == nil || !strings.Contains(err.Error(), "overwrite") {
			t.Errorf("backup onto %s: %v", dst, err)
		}
	}
	if _, err := sqlite.Backup(ctx, filepath.Join(dir, "absent.db"), filepath.Join(dir, "b.db")); err == nil {
		t.Error("backup of a missing database succeeded")
	}
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database, not at all, really not a database file"), 0o600)
	if _, err := sqlite.Verify(ctx, junk); err == nil {
		t.Error("Verify accepted a file that is not a database")
	}
	if _, err := sqlite.Backup(ctx, junk, filepath.Join(dir, "b.db")); err == nil {
		t.Error("Backup accepted a file that is not a database")
	}
}
