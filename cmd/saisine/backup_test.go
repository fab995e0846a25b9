package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"saisine/store"
	"saisine/store/sqlite"
)

// startServe runs « saisine serve » in-process on a free port with the given data folder and returns
// its base URL and a function that stops it with SIGINT and returns its exit code.
func startServe(t *testing.T, dataDir string) (string, func() int) {
	t.Helper()
	t.Setenv("SAISINE_DATA_DIR", dataDir)
	var stderr lockedBuffer
	code := make(chan int, 1)
	go func() {
		code <- run([]string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), io.Discard, &stderr)
	}()
	re := regexp.MustCompile(`"saisine listening" addr=(http://\S+)/`)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(stderr.String()); m != nil {
			return m[1], func() int {
				syscall.Kill(os.Getpid(), syscall.SIGINT)
				select {
				case c := <-code:
					return c
				case <-time.After(15 * time.Second):
					t.Fatal("serve did not stop")
					return -1
				}
			}
		}
	}
	t.Fatalf("server did not start:\n%s", stderr.String())
	return "", nil
}

func signOnWeb(t *testing.T, base, campaignID string, i int) {
	t.Helper()
	form := url.Values{"civility": {"Madame"}, "first_name": {"Hélène"}, "last_name": {fmt.Sprintf("Martin%c", 'A'+i)},
		"street": {"3 rue de la Paix"}, "postal_code": {"59000"}, "city": {"Lille"},
		"email": {fmt.Sprintf("h%d@example.org", i)}, "signature": {fmt.Sprintf("Hélène Martin%c", 'A'+i)},
		"statements": {"reclamation", "correspondance", "revocation", "donnees"}}
	resp, err := http.PostForm(base+"/signer/"+campaignID, form)
	if err != nil {
		t.Error(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("signing %d: status %d\n%.2000s", i, resp.StatusCode, body)
	}
}

// TestBackupRestoreRoundTrip: residents sign on the running server; « saisine backup » copies the
// database while signatures keep arriving; « saisine restore » puts the copy in a new data folder; a
// server started there has the campaign and every mandate the backup reported.
func TestBackupRestoreRoundTrip(t *testing.T) {
	t.Setenv("SAISINE_STATE_KEY", "")
	t.Setenv("SAISINE_DATABASE_URL", "")
	ctx := context.Background()
	_, example, _ := runCLI(t, "", "example", "plainte-collective-cnil")
	live := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(live, "saisine.db"))
	if err != nil {
		t.Fatal(err)
	}
	secret, hash := store.NewSecret()
	camp := store.Campaign{ID: store.NewID(), AdminHash: hash, Case: []byte(example), Title: "Vigilance Libertés — Lille",
		ClosesOn: time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, 30), CreatedAt: time.Now()}
	if err := st.CreateCampaign(ctx, camp); err != nil {
		t.Fatal(err)
	}
	st.Close()

	base, stop := startServe(t, live)
	for i := range 8 {
		signOnWeb(t, base, camp.ID, i)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 8; i < 14; i++ {
			signOnWeb(t, base, camp.ID, i)
		}
	}()
	backup := filepath.Join(t.TempDir(), "sauvegarde.db")
	code, out, stderr := runCLI(t, "", "backup", "--to", backup)
	wg.Wait()
	if code != exitOK {
		t.Fatalf("backup: exit %d, %s", code, stderr)
	}
	m := regexp.MustCompile(`1 campagne\(s\), (\d+) mandat\(s\)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("backup output %q", out)
	}
	var backedUp int
	fmt.Sscan(m[1], &backedUp)
	t.Logf("the backup holds %d of the 14 mandates", backedUp)
	if backedUp < 8 || backedUp > 14 {
		t.Errorf("backup holds %d mandates, want 8 to 14", backedUp)
	}
	if c := stop(); c != exitOK {
		t.Errorf("first server: exit %d", c)
	}

	restored := filepath.Join(t.TempDir(), "neuf")
	if code, out, stderr := runCLI(t, "", "restore", "--from", backup, "--data-dir", restored); code != exitOK || !strings.Contains(out, "restauré") {
		t.Fatalf("restore: exit %d, %s%s", code, out, stderr)
	}
	base, stop = startServe(t, restored)
	resp, err := http.Get(base + "/campagnes/" + camp.ID + "/admin/" + secret + "/export.csv")
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if got := strings.Count(string(csv), "@example.org"); resp.StatusCode != 200 || got != backedUp {
		t.Errorf("restored server: status %d, %d mandates, want %d\n%s", resp.StatusCode, got, backedUp, csv)
	}
	for i := range 8 {
		if !strings.Contains(string(csv), fmt.Sprintf("h%d@example.org", i)) {
			t.Errorf("mandate %d, signed before the backup, is missing", i)
		}
	}
	if c := stop(); c != exitOK {
		t.Errorf("restored server: exit %d", c)
	}

	// Restoring over a database keeps the old one aside, with its journal, instead of deleting it.
	code, out, stderr = runCLI(t, "", "restore", "--from", backup, "--data-dir", live)
	if code != exitOK || !strings.Contains(out, "avant-restauration") {
		t.Fatalf("restore over a database: exit %d, %s%s", code, out, stderr)
	}
	aside, _ := filepath.Glob(filepath.Join(live, "saisine.db.avant-restauration-*"))
	if len(aside) == 0 {
		t.Error("the replaced database was not kept")
	}
	if _, err := os.Stat(filepath.Join(live, "saisine.db-wal")); err == nil {
		t.Error("the old journal stayed beside the restored database")
	}
}

func TestBackupRestoreErrors(t *testing.T) {
	t.Setenv("SAISINE_DATABASE_URL", "")
	empty := t.TempDir()
	cases := []struct {
		args []string
		env  string
		code int
		want string
	}{
		{[]string{"backup"}, "", exitUsage, "--to"},
		{[]string{"backup", "--to", filepath.Join(empty, "b.db"), "--data-dir", empty}, "", exitUsage, "n’existe pas"},
		{[]string{"backup", "--to", "b.db"}, "postgres://u:pw@h/db", exitUsage, "pg_dump"},
		{[]string{"restore"}, "", exitUsage, "--from"},
		{[]string{"restore", "--from", filepath.Join(empty, "absente.db"), "--data-dir", empty}, "", exitInvalid, "inutilisable"},
		{[]string{"restore", "--from", "../../go.mod", "--data-dir", empty}, "", exitInvalid, "inutilisable"},
	}
	for _, c := range cases {
		t.Setenv("SAISINE_DATABASE_URL", c.env)
		code, _, stderr := runCLI(t, "", c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) || strings.Contains(stderr, ":pw@") {
			t.Errorf("%v: exit %d, %q", c.args, code, stderr)
		}
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("a refused restore left files: %v", entries)
	}
}
