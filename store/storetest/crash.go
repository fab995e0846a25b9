package storetest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"saisine/store"
)

// crashEnv carries the campaign id to the child process; its presence makes the process the child.
const crashEnv = "SAISINE_STORETEST_CRASH_CAMPAIGN"

// crashAcks is how many acknowledged signatures the parent waits for before killing the child.
const crashAcks = 200

// crashMandate is the n-th signature of the child; the parent rebuilds it to check what was stored.
// The long complement spreads the row over several pages, where a torn write would show.
func crashMandate(campaignID string, n int) (store.Mandate, time.Time) {
	return store.Mandate{
		CampaignID: campaignID, RevokeHash: store.Hash(fmt.Sprint("secret ", n)), Civility: "Mme",
		FirstName: fmt.Sprintf("Prénom %d", n), LastName: fmt.Sprintf("Nom %d", n),
		Street: fmt.Sprintf("%d rue de la République", n), Complement: strings.Repeat(fmt.Sprintf("%d·", n), 800),
		PostalCode: "42000", City: "Saint-Étienne", Email: fmt.Sprintf("p%d@exemple.fr", n),
		SignedOn: "2026-03-10", Signature: fmt.Sprintf("Prénom %d Nom %d", n, n),
	}, now.Add(time.Duration(n) * time.Second)
}

// CrashChild makes the process, when Crash started it, sign mandates from several goroutines and print
// each one's sequence number and id only once SignMandate has returned, until it is killed. It returns
// at once in any other process. Call it first thing in TestMain.
func CrashChild(open func(ctx context.Context) (store.Store, error)) {
	campaignID := os.Getenv(crashEnv)
	if campaignID == "" {
		return
	}
	ctx := context.Background()
	s, err := open(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(3)
	}
	var (
		seq atomic.Int64
		mu  sync.Mutex
	)
	for range 8 {
		go func() {
			for {
				n := int(seq.Add(1))
				m, at := crashMandate(campaignID, n)
				saved, _, err := s.SignMandate(ctx, m, at)
				if err != nil {
					fmt.Fprintln(os.Stderr, "crash child:", err)
					os.Exit(4)
				}
				mu.Lock()
				// One write per line: the parent never reads half an acknowledgement.
				os.Stdout.WriteString(strconv.Itoa(n) + " " + saved.ID + "\n")
				mu.Unlock()
			}
		}()
	}
	time.Sleep(time.Minute) // the parent kills long before; this only bounds an orphan
	os.Exit(5)
}

// Crash is the durability test: a child process (this test binary again, whose TestMain calls
// CrashChild) signs mandates in the store that open opens, and is killed with SIGKILL after
// crashAcks acknowledgements. Every acknowledged mandate must then be in the store, exactly as signed.
// open must open the same database each time; childEnv tells the child's TestMain where it is.
func Crash(t *testing.T, open func(ctx context.Context) (store.Store, error), childEnv ...string) {
	ctx := t.Context()
	s, err := open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := campaign(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), childEnv...), crashEnv+"="+c.ID)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	defer timer.Stop()

	acked := map[int]string{}
	r := bufio.NewReader(out)
	killed := false
	for {
		line, err := r.ReadString('\n')
		if err == io.EOF {
			break // a last line without its newline was cut by the kill: not acknowledged
		}
		if err != nil {
			t.Fatal(err)
		}
		nStr, id, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		n, convErr := strconv.Atoi(nStr)
		if !ok || convErr != nil || id == "" {
			t.Fatalf("child printed %q", line)
		}
		acked[n] = id
		if len(acked) == crashAcks && !killed {
			killed = true
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatalf("the child stopped after %d acknowledgements: %s", len(acked), stderr.String())
	}

	s, err = open(ctx)
	if err != nil {
		t.Fatalf("reopening after the kill: %v", err)
	}
	defer s.Close()
	for n, id := range acked {
		m, at := crashMandate(c.ID, n)
		want := m
		want.ID, want.Source, want.CreatedAt, want.UpdatedAt = id, store.SourceWeb, µs(at), µs(at)
		got, err := s.Mandate(ctx, id)
		if err != nil {
			t.Errorf("acknowledged mandate %d (%s) lost: %v", n, id, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("acknowledged mandate %d stored as\n%+v\nwant\n%+v", n, got, want)
		}
	}
	if n := counts(t, s, c.ID); n.Standing < len(acked) {
		t.Errorf("%d mandates standing, fewer than the %d acknowledged", n.Standing, len(acked))
	}
	t.Logf("%d acknowledged before the kill, all found", len(acked))
}
