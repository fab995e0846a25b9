package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"saisine/letters"
	"saisine/letters/procedures"
	"saisine/store"
	"saisine/store/sqlite"
)

// envCrashServe makes TestCrashServeChild run the server; TestServeSIGKILL sets it for its child.
const envCrashServe = "SAISINE_TEST_CRASH_SERVE"

// TestCrashServeChild is the server of TestServeSIGKILL, in a process of its own that can be killed;
// in any other run it does nothing.
func TestCrashServeChild(t *testing.T) {
	if os.Getenv(envCrashServe) == "" {
		t.Skip("the server of TestServeSIGKILL, run only in its child process")
	}
	// Bounds an orphan whose parent died; the parent is done within seconds.
	time.AfterFunc(time.Minute, func() { os.Exit(5) })
	os.Exit(run([]string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), io.Discard, os.Stderr))
}

// crashSigner is the n-th resident of TestServeSIGKILL: every field differs from the others' and holds
// accents and a comma, so that a row cut or mixed with another cannot pass for it.
func crashSigner(n int) store.Mandate {
	last := fmt.Sprintf("Lefèvre-Dupré %d", n)
	return store.Mandate{
		Civility: []string{letters.CivilityMadame, letters.CivilityMonsieur, ""}[n%3], FirstName: "Hélène",
		LastName: last, Street: fmt.Sprintf("%d rue Émile Zola", n), Complement: fmt.Sprintf("Bâtiment C, appartement %d", n),
		PostalCode: "59000", City: "Lille", Email: fmt.Sprintf("signataire.%d@exemple.fr", n), Signature: "Hélène " + last,
	}
}

// crashForm is the signing form the n-th resident sends.
func crashForm(n int) url.Values {
	m := crashSigner(n)
	return url.Values{
		"civility": {m.Civility}, "first_name": {m.FirstName}, "last_name": {m.LastName}, "street": {m.Street},
		"complement": {m.Complement}, "postal_code": {m.PostalCode}, "city": {m.City}, "email": {m.Email},
		"statements": {"reclamation", "correspondance", "revocation", "donnees"}, "signature": {m.Signature},
	}
}

// crashServer is one run of « saisine serve » in a child process.
type crashServer struct {
	cmd     *exec.Cmd
	base    string
	logs    *lockedBuffer
	drained chan struct{}
}

var listeningRe = regexp.MustCompile(`"saisine listening" addr=(http://\S+)/`)

// startCrashServer starts the server on the data folder dir and waits until it listens.
func startCrashServer(t *testing.T, dir string) *crashServer {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashServeChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envCrashServe+"=1", envDataDir+"="+dir, envDatabaseURL+"=",
		"SAISINE_STATE_KEY="+base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{3}, 32)))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &crashServer{cmd: cmd, logs: &lockedBuffer{}, drained: make(chan struct{})}
	t.Cleanup(func() { s.cmd.Process.Kill(); s.wait() })
	addr := make(chan string, 1)
	// The log is read to its end, whatever happens: a full pipe would block the server's logging.
	go func() {
		defer close(s.drained)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.logs.Write(append(sc.Bytes(), '\n'))
			if m := listeningRe.FindSubmatch(sc.Bytes()); m != nil {
				addr <- string(m[1])
			}
		}
	}()
	select {
	case s.base = <-addr:
	case <-s.drained:
		t.Fatalf("the server stopped before listening:\n%s", s.logs.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("the server does not listen after 20 s:\n%s", s.logs.String())
	}
	return s
}

// wait reaps the process once its log is read to the end.
func (s *crashServer) wait() error {
	<-s.drained
	return s.cmd.Wait()
}

// receiptRe finds the receipt's revocation link: a signature counts as acknowledged only with it.
var receiptRe = regexp.MustCompile(`href="/revoquer/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+"`)

// TestServeSIGKILL is the durability test of issue 5 at the level of the server: residents sign
// concurrently through HTTP, the server is killed with SIGKILL once crashAcks receipts were shown, and
// after a restart on the same data folder every acknowledged mandate is there with each field as typed,
// no mandate is half-written, and SQLite's integrity check passes.
func TestServeSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the server twice")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the signers need their own loopback addresses, and only Linux routes all of 127.0.0.0/8")
	}
	const (
		signers   = 16  // each from its own loopback address: the limit is 20 signatures per address
		crashAcks = 100 // receipts shown before the kill
	)
	start := time.Now()
	dir := t.TempDir()
	ctx := context.Background()
	secret, hash := store.NewSecret()
	camp := campaignIn(t, dir, hash)
	parisDays := map[string]bool{parisDate(time.Now()): true}

	srv := startCrashServer(t, dir)
	var (
		mu     sync.Mutex
		acked  = map[int]bool{}
		seq    atomic.Int64
		killed atomic.Bool
		wg     sync.WaitGroup
		errs   = make(chan error, signers)
	)
	kill := func() {
		if killed.CompareAndSwap(false, true) {
			if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				errs <- err
			}
		}
	}
	for g := range signers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
				DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(10+g))}}).DialContext,
			}}
			defer client.CloseIdleConnections()
			for !killed.Load() {
				n := int(seq.Add(1))
				resp, err := client.PostForm(srv.base+"/signer/"+camp.ID, crashForm(n))
				if err != nil {
					if !killed.Load() {
						errs <- fmt.Errorf("signature %d before the kill: %w", n, err)
						kill()
					}
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK || !receiptRe.Match(body) {
					if !killed.Load() {
						errs <- fmt.Errorf("signature %d before the kill: status %d, %v", n, resp.StatusCode, err)
						kill()
					}
					return
				}
				mu.Lock()
				acked[n] = true
				enough := len(acked) >= crashAcks
				mu.Unlock()
				if enough {
					kill()
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := srv.wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("the server ended with %v, not by SIGKILL:\n%s", err, srv.logs.String())
	}
	if t.Failed() {
		t.FailNow()
	}
	sent := int(seq.Load())
	killedAt := time.Since(start)
	parisDays[parisDate(time.Now())] = true

	// Restarted on the same folder, the server gives every mandate back through the admin export.
	srv = startCrashServer(t, dir)
	resp, err := http.Get(srv.base + "/campagnes/" + camp.ID + "/admin/" + secret + "/export.csv")
	if err != nil {
		t.Fatal(err)
	}
	export, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("export after the restart: %d %v", resp.StatusCode, err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(export, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("export: %v", err)
	}
	exported := map[int]bool{}
	for _, row := range rows[1:] {
		n, ok := signerNumber(row[7])
		if !ok || exported[n] {
			t.Errorf("exported row %q: unknown or repeated e-mail", row)
			continue
		}
		exported[n] = true
		m := crashSigner(n)
		want := []string{m.Civility, m.FirstName, m.LastName, m.Street, m.Complement, m.PostalCode, m.City, m.Email}
		if strings.Join(row[:8], "|") != strings.Join(want, "|") || !parisDays[row[8]] || row[9] != store.SourceWeb || row[10] != "" {
			t.Errorf("exported row of signer %d:\n%q\nwant %q, signed on %v, web, standing", n, row, want, parisDays)
		}
	}
	for n := range acked {
		if !exported[n] {
			t.Errorf("acknowledged signature %d is not in the export after the restart", n)
		}
	}
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.wait(); err != nil {
		t.Fatalf("the restarted server did not stop cleanly: %v\n%s", err, srv.logs.String())
	}
	if logs := srv.logs.String(); strings.Contains(logs, "exemple.fr") || strings.Contains(logs, secret) {
		t.Errorf("the server's log holds an e-mail or the admin secret")
	}

	// The store, opened after the server stopped, agrees field by field, signature included.
	path := filepath.Join(dir, "saisine.db")
	db := rawSQLite(t, path)
	var integrity string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("integrity_check after the kill and restart: %q, %v", integrity, err)
	}
	db.Close()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored := 0
	err = st.EachMandate(ctx, camp.ID, func(got store.Mandate) error {
		stored++
		n, ok := signerNumber(got.Email)
		if !ok {
			return fmt.Errorf("stored mandate with e-mail %q", got.Email)
		}
		want := crashSigner(n)
		want.ID, want.CampaignID, want.RevokeHash, want.Source, want.SignedOn = got.ID, camp.ID, got.RevokeHash, store.SourceWeb, got.SignedOn
		want.CreatedAt, want.UpdatedAt = got.CreatedAt, got.UpdatedAt
		if !reflect.DeepEqual(got, want) || !parisDays[got.SignedOn] || len(got.RevokeHash) != 32 || got.CreatedAt.IsZero() {
			t.Errorf("stored mandate %d:\n%+v\nwant\n%+v", n, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stored != len(exported) {
		t.Errorf("%d mandates in the store, %d in the export", stored, len(exported))
	}
	t.Logf("%d signatures sent from %d addresses, %d acknowledged before the SIGKILL at %v, %d stored, all acknowledged ones intact; %v in all",
		sent, signers, len(acked), killedAt.Round(time.Millisecond), stored, time.Since(start).Round(time.Millisecond))
}

// campaignIn creates, in the SQLite store of the data folder dir, an open campaign of the example
// association whose admin secret hashes to hash.
func campaignIn(t *testing.T, dir string, hash []byte) store.Campaign {
	t.Helper()
	var buf bytes.Buffer
	if err := letters.Encode(&buf, procedures.Example(procedures.PlainteCollectiveCNIL)); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "saisine.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	today := time.Now().UTC().Truncate(24 * time.Hour)
	c := store.Campaign{ID: store.NewID(), AdminHash: hash, Case: buf.Bytes(), Title: "Campagne de test",
		ClosesOn: today.AddDate(0, 0, 30), RetentionDays: 183, CreatedAt: time.Now()}
	if err := st.CreateCampaign(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func signerNumber(email string) (int, bool) {
	s, ok := strings.CutPrefix(email, "signataire.")
	if !ok {
		return 0, false
	}
	s, ok = strings.CutSuffix(s, "@exemple.fr")
	n, err := strconv.Atoi(s)
	return n, ok && err == nil && n > 0
}

// parisDate is the day of t in Paris, the date the server gives a signature.
func parisDate(t time.Time) string {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return t.In(loc).Format(time.DateOnly)
}

// rawSQLite opens the database file itself, for SQLite's integrity check.
func rawSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: path}).String())
	if err != nil {
		t.Fatal(err)
	}
	return db
}
