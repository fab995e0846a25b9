package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// child is the saisine server under load, a process of its own so that its memory and CPU are its
// own (/proc/PID) and not mixed with the generator's.
type child struct {
	cmd     *exec.Cmd
	pid     int
	base    string // http://127.0.0.1:PORT
	dataDir string
	exited  chan struct{}

	mu       sync.Mutex
	warnings int      // WARN lines of its log
	errs     int      // ERROR lines
	lastBad  []string // the last few WARN/ERROR lines, to show why a run went wrong
	lines    int
}

// build compiles the package pkg (./cmd/saisine, or the profiling variant) into dir; go run would put
// the go command, not the server, behind the PID whose memory we read.
func build(ctx context.Context, dir, pkg string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the saisine module: run from the repository, or give -bin")
	}
	bin := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg)
	cmd.Dir = filepath.Dir(gomod)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build %s: %w", pkg, err)
	}
	return bin, nil
}

// serve logs « msg="saisine listening" addr=http://127.0.0.1:PORT/ » once it has its listener, so
// port 0 is safe: no race with another process taking a port chosen beforehand.
var listeningRe = regexp.MustCompile(`msg="saisine listening" addr=(http://[^ /]+)/`)

// startServer runs argv (« saisine serve --addr 127.0.0.1:0 ») with a fresh data folder and state key,
// and waits until /healthz answers.
func startServer(ctx context.Context, argv []string) (*child, error) {
	dataDir, err := os.MkdirTemp("", "saisine-load-")
	if err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	// Campaigns go to a throwaway SQLite file whatever the caller's environment names.
	env := []string{"SAISINE_DATA_DIR=" + dataDir, "SAISINE_STATE_KEY=" + base64.StdEncoding.EncodeToString(key)}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "SAISINE_DATABASE_URL" || name == "SAISINE_DATA_DIR" || name == "SAISINE_STATE_KEY" {
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = env
	// A generator killed without its deferred stop (SIGPIPE from « | head », kill -9) must not leave
	// a server running on its own.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dataDir)
		return nil, err
	}
	c := &child{cmd: cmd, pid: cmd.Process.Pid, dataDir: dataDir, exited: make(chan struct{})}
	addr := make(chan string, 1)
	go c.readLog(stderr, addr)
	go func() { _ = cmd.Wait(); close(c.exited) }()

	select {
	case c.base = <-addr:
	case <-c.exited:
		return nil, fmt.Errorf("saisine serve exited before listening: %s", strings.Join(c.badLines(), " | "))
	case <-time.After(30 * time.Second):
		c.stop()
		return nil, errors.New("saisine serve did not report its address within 30 s")
	case <-ctx.Done():
		c.stop()
		return nil, ctx.Err()
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(c.base + "/healthz")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && strings.TrimSpace(string(body)) == "ok" {
				return c, nil
			}
		}
		if time.Now().After(deadline) {
			c.stop()
			return nil, fmt.Errorf("/healthz not ok within 30 s (last error: %v)", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// readLog drains the server's log (one line per request: a full pipe would stall the server) and
// keeps only counts and the last warnings.
func (c *child) readLog(r io.Reader, addr chan<- string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	found := false
	for sc.Scan() {
		line := sc.Text()
		if !found {
			if m := listeningRe.FindStringSubmatch(line); m != nil {
				addr <- m[1]
				found = true
			}
		}
		c.mu.Lock()
		c.lines++
		bad := false
		switch {
		case strings.Contains(line, "level=WARN"):
			c.warnings++
			bad = true
		case strings.Contains(line, "level=ERROR"):
			c.errs++
			bad = true
		}
		if bad {
			c.lastBad = append(c.lastBad, line)
			if len(c.lastBad) > 5 {
				c.lastBad = c.lastBad[1:]
			}
		}
		c.mu.Unlock()
	}
}

func (c *child) badLines() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.lastBad...)
}

func (c *child) logCounts() (lines, warnings, errs int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lines, c.warnings, c.errs
}

// stop asks the server to shut down gracefully (SIGTERM), kills it after 15 s, and removes its data.
func (c *child) stop() {
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(15 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
	os.RemoveAll(c.dataDir)
}

// memory reads the resident set (VmRSS) and its peak (VmHWM) of the process, in bytes.
func memory(pid int) (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		name, val, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		f := strings.Fields(val) // « 123456 kB »
		if len(f) != 2 || f[1] != "kB" {
			continue
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		if name == "VmRSS" {
			rss = n << 10
		} else {
			hwm = n << 10
		}
	}
	return rss, hwm, nil
}

// clockTicks is USER_HZ, 100 on every Linux architecture Go supports.
const clockTicks = 100

// cpuTime is the CPU time (user + system) the process has used.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, field 2, may hold spaces: count fields after its closing parenthesis.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, errors.New("unexpected /proc/PID/stat")
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, errors.New("unexpected /proc/PID/stat")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, errors.New("unexpected /proc/PID/stat")
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// loadAvg is the machine's 1-minute load average: the server and the generator share the CPUs with
// whatever else runs, and a figure taken under someone else's load must say so.
func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return -1
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return -1
	}
	return v
}

// machineCPU is the machine's CPU time so far by use (the « cpu » line of /proc/stat, in ticks): busy
// (user, nice, system, irq, softirq), idle (idle, iowait) and steal (taken by the hypervisor).
type machineCPU struct{ busy, idle, steal int64 }

func readMachineCPU() machineCPU {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return machineCPU{}
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return machineCPU{}
	}
	var v [8]int64
	for i := range v {
		v[i], _ = strconv.ParseInt(f[i+1], 10, 64)
	}
	return machineCPU{busy: v[0] + v[1] + v[2] + v[5] + v[6], idle: v[3] + v[4], steal: v[7]}
}

// share is the fraction of the machine's time between a and b spent busy and stolen.
func (a machineCPU) share(b machineCPU) (busy, steal float64) {
	busyT, idleT, stealT := b.busy-a.busy, b.idle-a.idle, b.steal-a.steal
	total := float64(busyT + idleT + stealT)
	if total <= 0 {
		return 0, 0
	}
	return float64(busyT) / total, float64(stealT) / total
}
