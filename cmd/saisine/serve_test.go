package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"saisine/letters/law"
)

func testHandler(t *testing.T) http.Handler {
	t.Helper()
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 32))
	h, err := newWebHandler(func(k string) string {
		if k == "SAISINE_STATE_KEY" {
			return key
		}
		return ""
	}, slog.New(slog.NewTextHandler(io.Discard, nil)), law.DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestServeHealthzAndShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, testHandler(t), slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	base := "http://" + ln.Addr().String()
	for _, c := range []struct{ path, want string }{{"/healthz", "ok\n"}, {"/", "plainte-cnil"}} {
		resp, err := http.Get(base + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), c.want) {
			t.Errorf("%s: status %d, body lacks %q", c.path, resp.StatusCode, c.want)
		}
	}

	// A request in flight when the shutdown starts still gets its answer: start a slow request (its
	// body arrives late), then cancel.
	pr, pw := io.Pipe()
	slow := make(chan int, 1)
	go func() {
		resp, err := http.Post(base+"/api/v1/render?procedure=plainte-cnil&format=txt", "application/json", pr)
		if err != nil {
			slow <- -1
			return
		}
		resp.Body.Close()
		slow <- resp.StatusCode
	}()
	pw.Write([]byte(`{"version": 1,`))
	time.Sleep(100 * time.Millisecond)
	cancel()
	time.Sleep(100 * time.Millisecond)
	pw.Write([]byte(`"x": 1}`))
	pw.Close()
	select {
	case st := <-slow:
		if st != http.StatusUnprocessableEntity {
			t.Errorf("request in flight during shutdown: status %d, want 422 (answered, not cut)", st)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("request in flight never answered")
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not shut down")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

// TestServeTimeouts: the server has explicit limits, a slow client sending its headers byte by byte is
// cut off.
func TestServeTimeouts(t *testing.T) {
	srv := newServer(http.NotFoundHandler(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if srv.ReadHeaderTimeout <= 0 || srv.ReadHeaderTimeout > 10*time.Second || srv.ReadTimeout <= 0 ||
		srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes < 32<<10 {
		t.Errorf("server limits: %+v", srv)
	}
}

// lockedBuffer is a concurrency-safe log sink.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeCommand runs « saisine serve --addr 127.0.0.1:0 » as a user would: the key file is created
// in SAISINE_DATA_DIR with mode 0600, /healthz answers, SIGINT stops it with exit code 0.
func TestServeCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SAISINE_STATE_KEY", "")
	t.Setenv("SAISINE_DATA_DIR", dir)
	var stderr lockedBuffer
	code := make(chan int, 1)
	go func() {
		code <- run([]string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), io.Discard, &stderr)
	}()
	addrRe := regexp.MustCompile(`"saisine listening" addr=(http://\S+)`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addrRe.FindStringSubmatch(stderr.String()); m != nil {
			base = strings.TrimSuffix(m[1], "/")
			break
		}
	}
	if base == "" {
		t.Fatalf("server did not start:\n%s", stderr.String())
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("/healthz: %d", resp.StatusCode)
	}
	fi, err := os.Stat(filepath.Join(dir, "state.key"))
	if err != nil {
		t.Fatalf("no key file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("exit code %d after SIGINT; stderr:\n%s", c, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop on SIGINT")
	}
	logs := stderr.String()
	for _, want := range []string{"source=file", "saisine stopped", "route=/healthz", "status=200"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

// TestServeBadKey: an invalid SAISINE_STATE_KEY stops the command instead of starting with a key the
// other instances do not share.
func TestServeBadKey(t *testing.T) {
	t.Setenv("SAISINE_STATE_KEY", "not base64!")
	code, _, stderr := runCLI(t, "", "serve", "--addr", "127.0.0.1:0")
	if code != exitUsage || !strings.Contains(stderr, "SAISINE_STATE_KEY") {
		t.Errorf("code %d, stderr %q", code, stderr)
	}
}

// TestServerErrorLogRedacted: connection errors that net/http logs lose the client's address.
func TestServerErrorLogRedacted(t *testing.T) {
	var buf bytes.Buffer
	srv := newServer(http.NotFoundHandler(), slog.New(slog.NewTextHandler(&buf, nil)))
	srv.ErrorLog.Printf("http: TLS handshake error from 203.0.113.7:53211: EOF")
	srv.ErrorLog.Printf("http: TLS handshake error from [2001:db8::1]:443: EOF")
	out := buf.String()
	if strings.Contains(out, "203.0.113.7") || strings.Contains(out, "2001:db8") || !strings.Contains(out, "[address]") {
		t.Errorf("log: %s", out)
	}
}

// TestServeSIGTERMGraceful: on SIGTERM (docker stop) the listener closes at once — a new connection
// is refused — while a request in flight, a PDF render whose body is still arriving, completes with
// 200 and its PDF; then the command exits 0.
func TestServeSIGTERMGraceful(t *testing.T) {
	code, example, _ := runCLI(t, "", "example", "plainte-cnil")
	if code != exitOK {
		t.Fatal("no example case")
	}
	t.Setenv("SAISINE_STATE_KEY", "")
	t.Setenv("SAISINE_DATA_DIR", t.TempDir())
	var stderr lockedBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run([]string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), io.Discard, &stderr)
	}()
	waitLog := func(re *regexp.Regexp) []string {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if m := re.FindStringSubmatch(stderr.String()); m != nil {
				return m
			}
		}
		t.Fatalf("log never matched %s:\n%s", re, stderr.String())
		return nil
	}
	addr := strings.TrimSuffix(waitLog(regexp.MustCompile(`"saisine listening" addr=http://(\S+)`))[1], "/")

	pr, pw := io.Pipe()
	type result struct {
		status int
		body   []byte
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.Post("http://"+addr+"/api/v1/render?procedure=plainte-cnil&format=pdf", "application/json", pr)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{resp.StatusCode, b, err}
	}()
	half := len(example) / 2
	pw.Write([]byte(example[:half]))
	time.Sleep(100 * time.Millisecond) // the request is being read by the handler

	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitLog(regexp.MustCompile(`"saisine stopping"`))
	time.Sleep(50 * time.Millisecond)
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("a new connection was accepted after SIGTERM")
	}
	pw.Write([]byte(example[half:]))
	pw.Close()
	select {
	case r := <-done:
		if r.err != nil || r.status != http.StatusOK || !bytes.HasPrefix(r.body, []byte("%PDF-")) {
			t.Errorf("request in flight: status %d, err %v, %d bytes", r.status, r.err, len(r.body))
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the request in flight never completed")
	}
	select {
	case c := <-exit:
		if c != exitOK {
			t.Errorf("exit %d after SIGTERM:\n%s", c, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
}
