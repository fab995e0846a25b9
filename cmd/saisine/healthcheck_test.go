package main

import (
	"bytes"
	"debug/elf"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestHealthcheck(t *testing.T) {
	t.Setenv("SAISINE_ADDR", "")
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
		w.Write([]byte("store unavailable\n"))
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")

	if code, _, stderr := runCLI(t, "", "healthcheck", "--addr", addr); code != healthOK {
		t.Errorf("healthy server: exit %d, %s", code, stderr)
	}
	// The address is read from SAISINE_ADDR, as the image's HEALTHCHECK relies on.
	t.Setenv("SAISINE_ADDR", addr)
	if code, _, stderr := runCLI(t, "", "healthcheck"); code != healthOK {
		t.Errorf("healthy server through SAISINE_ADDR: exit %d, %s", code, stderr)
	}
	// A wildcard listening address is asked on the loopback.
	_, port, _ := net.SplitHostPort(addr)
	t.Setenv("SAISINE_ADDR", "0.0.0.0:"+port)
	if code, _, stderr := runCLI(t, "", "healthcheck"); code != healthOK {
		t.Errorf("0.0.0.0: exit %d, %s", code, stderr)
	}
	status = http.StatusServiceUnavailable
	if code, _, stderr := runCLI(t, "", "healthcheck", "--addr", addr); code != healthFailed || !strings.Contains(stderr, "503") {
		t.Errorf("503: exit %d, %s", code, stderr)
	}
}

func TestHealthcheckNothingListening(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	start := time.Now()
	code, _, stderr := runCLI(t, "", "healthcheck", "--addr", addr)
	if code != healthFailed || !strings.Contains(stderr, "injoignable") {
		t.Errorf("nothing listening: exit %d, %s", code, stderr)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}

// TestHealthcheckTimeout: a server that accepts but never answers fails the check within --timeout.
func TestHealthcheckTimeout(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-block }))
	defer srv.Close()
	defer close(block)
	start := time.Now()
	code, _, stderr := runCLI(t, "", "healthcheck", "--timeout", "300ms", "--addr", strings.TrimPrefix(srv.URL, "http://"))
	if code != healthFailed || !strings.Contains(stderr, "pas de réponse") {
		t.Errorf("exit %d, %s", code, stderr)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the timeout did not apply: %v", d)
	}
}

// TestHealthcheckUsage: Docker reserves exit code 2, so every failure, usage included, is 1; --help is 0.
func TestHealthcheckUsage(t *testing.T) {
	for _, args := range [][]string{{"--addr", "nowhere"}, {"--nope"}, {"extra"}, {"--timeout", "0s"}} {
		if code, _, stderr := runCLI(t, "", append([]string{"healthcheck"}, args...)...); code != healthFailed || stderr == "" {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	if code, out, _ := runCLI(t, "", "healthcheck", "--help"); code != exitOK || !strings.Contains(out, "/healthz") {
		t.Errorf("--help: exit %d, %q", code, out)
	}
}

func TestHealthURL(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:8080": "http://127.0.0.1:8080/healthz",
		"0.0.0.0:8080":   "http://127.0.0.1:8080/healthz",
		":8080":          "http://127.0.0.1:8080/healthz",
		"[::]:8080":      "http://[::1]:8080/healthz",
		"[::1]:9":        "http://[::1]:9/healthz",
		"saisine:80":     "http://saisine:80/healthz",
	} {
		if got, err := healthURL(in); err != nil || got != want {
			t.Errorf("healthURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// dockerBuildArgs reads the Dockerfile's go build line, so that the test builds what the image builds.
func dockerBuildArgs(t *testing.T) (env, args []string) {
	t.Helper()
	b, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^RUN (.*\bgo build .*)$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no « RUN … go build … » line in the Dockerfile")
	}
	words := regexp.MustCompile(`(?:[^\s"]+|"[^"]*")+`).FindAllString(string(m[1]), -1)
	for i, w := range words {
		w = strings.ReplaceAll(w, `"`, "")
		if w == "go" {
			for _, a := range words[i+1:] {
				args = append(args, strings.ReplaceAll(a, `"`, ""))
			}
			return env, args
		}
		env = append(env, w)
	}
	t.Fatalf("no go command in %q", m[1])
	return nil, nil
}

// TestContainerBinary builds the binary as the Dockerfile does (the image cannot be built here) and
// runs it as the image would: static (no dynamic loader, distroless static has none), serving with the
// data in SAISINE_DATA_DIR and a home folder it cannot write, answering its own health check on the
// wildcard address, and stopping with 0 on SIGTERM.
func TestContainerBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	env, args := dockerBuildArgs(t)
	if strings.Join(env, " ") != "CGO_ENABLED=0" || !strings.Contains(strings.Join(args, " "), "-trimpath -ldflags=-s -w") {
		t.Errorf("Dockerfile build line changed: %v go %v", env, args)
	}
	bin := filepath.Join(t.TempDir(), "saisine")
	for i, a := range args {
		if a == "-o" {
			args[i+1] = bin
		}
		if a == "./cmd/saisine" {
			args[i] = "."
		}
	}
	build := exec.Command("go", args...)
	build.Env = append(os.Environ(), env...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go %v: %v\n%s", args, err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary needs a dynamic loader: it would not start in distroless static")
		}
	}
	f.Close()

	if out, err := exec.Command(bin, "healthcheck", "--help").Output(); err != nil || !bytes.Contains(out, []byte("/healthz")) {
		t.Fatalf("healthcheck --help: %v\n%s", err, out)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	data := t.TempDir()
	home := t.TempDir()
	os.Chmod(home, 0o500)
	defer os.Chmod(home, 0o700)
	base := []string{"HOME=" + home, "PATH=/nonexistent", "SAISINE_DATA_DIR=" + data}
	srv := exec.Command(bin, "serve")
	srv.Env = append(base, "SAISINE_ADDR=127.0.0.1:"+port)
	var logs lockedBuffer
	srv.Stderr = &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	check := exec.Command(bin, "healthcheck")
	check.Env = append(base, "SAISINE_ADDR=0.0.0.0:"+port)
	var healthy bool
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		c := exec.Command(check.Path, check.Args[1:]...)
		c.Env = check.Env
		if c.Run() == nil {
			healthy = true
			break
		}
	}
	if !healthy {
		t.Fatalf("never healthy; server log:\n%s", logs.String())
	}
	for _, name := range []string{"state.key", "saisine.db"} {
		if _, err := os.Stat(filepath.Join(data, name)); err != nil {
			t.Errorf("%s not in the data folder: %v", name, err)
		}
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("wrote into HOME: %v", entries)
	}
	srv.Process.Signal(syscall.SIGTERM)
	if err := srv.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", err, logs.String())
	}
}
