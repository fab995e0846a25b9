package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// clients are one HTTP client per loopback source address. The server limits some routes per client
// address; spreading the load over 127.0.0.2… (Linux routes all of 127/8 to lo) keeps each
// address's share small, so that the figures measure the server rather than its limiter.
func newClients(n int, timeout time.Duration) ([]*http.Client, error) {
	if n < 1 || n > 249 {
		return nil, fmt.Errorf("-sources %d: between 1 and 249 (127.0.0.2 to 127.0.0.250)", n)
	}
	out := make([]*http.Client, n)
	for i := range out {
		ip := net.IPv4(127, 0, 0, byte(2+i))
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
		tr := &http.Transport{
			DialContext:         d.DialContext,
			MaxIdleConnsPerHost: 256,
			IdleConnTimeout:     30 * time.Second,
			DisableCompression:  true,
			ForceAttemptHTTP2:   false,
		}
		out[i] = &http.Client{
			Transport:     tr,
			Timeout:       timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	return out, nil
}

// runConfig is one run at one arrival rate.
type runConfig struct {
	Rate        float64
	Duration    time.Duration
	Mix         map[string]float64
	MaxInflight int
	RSSEvery    time.Duration
	Seed        uint64
}

// outcome of one request.
type outcome struct {
	target  int
	latency time.Duration // from the time it was due, not the time it left: no coordinated omission
	lag     time.Duration // how late the generator sent it
	class   string        // "" when as expected, "429", else the error class
}

type memSample struct {
	At        time.Duration `json:"at_ns"`
	RSS       int64         `json:"rss_bytes"`
	HWM       int64         `json:"hwm_bytes"`
	Load1     float64       `json:"load1"`
	ServerCPU time.Duration `json:"server_cpu_ns"`
}

type runData struct {
	cfg       runConfig
	targets   []*target
	outcomes  []outcome
	scheduled int
	elapsed   time.Duration // from the first due time to the last answer
	mem       []memSample
	hwm       int64
	serverCPU time.Duration
	genCPU    time.Duration
	// machineBusy and machineSteal are fractions of all CPUs' time during the run: what the server and
	// the generator used plus whatever else ran, and what the hypervisor took.
	machineBusy, machineSteal float64
	logLines                  int
	warnings                  int
	logErrors                 int
}

// run sends requests at cfg.Rate for cfg.Duration, each at its due time whether or not the previous
// ones have been answered (open loop): when the server falls behind, requests pile up and their
// latency, counted from their due time, shows it.
func run(ctx context.Context, srv *child, clients []*http.Client, targets []*target, cfg runConfig) (*runData, error) {
	groups := map[string][]int{}
	for i, t := range targets {
		groups[t.Group] = append(groups[t.Group], i)
	}
	var names []string
	var cum []float64
	total := 0.0
	for _, g := range slices.Sorted(maps.Keys(cfg.Mix)) {
		w := cfg.Mix[g]
		if w <= 0 {
			continue
		}
		if len(groups[g]) == 0 {
			return nil, fmt.Errorf("-mix: no request of kind %q (kinds: interview, api, static)", g)
		}
		total += w
		names = append(names, g)
		cum = append(cum, total)
	}
	if total == 0 {
		return nil, errors.New("-mix: every weight is zero")
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(cfg.Rate)))
	pick := func() int {
		x := rng.Float64() * total
		g := names[len(names)-1]
		for i, c := range cum {
			if x < c {
				g = names[i]
				break
			}
		}
		idx := groups[g]
		return idx[rng.IntN(len(idx))]
	}

	n := int(cfg.Rate * cfg.Duration.Seconds())
	d := &runData{cfg: cfg, targets: targets, outcomes: make([]outcome, 0, n), scheduled: n}
	var mu sync.Mutex
	var lastDone atomic.Int64
	var inflight atomic.Int64
	var wg sync.WaitGroup

	var ru0 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	cpu0, _ := cpuTime(srv.pid)
	lines0, warn0, err0 := srv.logCounts()
	mach0 := readMachineCPU()

	start := time.Now().Add(50 * time.Millisecond)
	stopSampler := make(chan struct{})
	samplerDone := make(chan struct{})
	go func() {
		defer close(samplerDone)
		tick := time.NewTicker(cfg.RSSEvery)
		defer tick.Stop()
		sample := func() {
			rss, hwm, err := memory(srv.pid)
			if err != nil {
				return
			}
			c, _ := cpuTime(srv.pid)
			mu.Lock()
			d.mem = append(d.mem, memSample{At: time.Since(start), RSS: rss, HWM: hwm, Load1: loadAvg(), ServerCPU: c - cpu0})
			mu.Unlock()
		}
		sample()
		for {
			select {
			case <-tick.C:
				sample()
			case <-stopSampler:
				sample()
				return
			}
		}
	}()

	interval := float64(time.Second) / cfg.Rate
	for i := 0; i < n; i++ {
		due := start.Add(time.Duration(float64(i) * interval))
		if wait := time.Until(due); wait > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			d.scheduled = i
			break
		}
		ti := pick()
		if inflight.Load() >= int64(cfg.MaxInflight) {
			// Counted as an error rather than sent late: a late send would hide the overload.
			mu.Lock()
			d.outcomes = append(d.outcomes, outcome{target: ti, class: "dropped: generator in-flight limit"})
			mu.Unlock()
			continue
		}
		inflight.Add(1)
		wg.Add(1)
		go func(ti int, client *http.Client, due time.Time) {
			defer wg.Done()
			defer inflight.Add(-1)
			o := send(client, targets[ti], due)
			o.target = ti
			now := time.Now().UnixNano()
			for {
				last := lastDone.Load()
				if now <= last || lastDone.CompareAndSwap(last, now) {
					break
				}
			}
			mu.Lock()
			d.outcomes = append(d.outcomes, o)
			mu.Unlock()
		}(ti, clients[i%len(clients)], due)
	}
	wg.Wait()
	close(stopSampler)
	<-samplerDone

	d.elapsed = time.Duration(lastDone.Load() - start.UnixNano())
	if d.elapsed <= 0 {
		d.elapsed = time.Since(start)
	}
	cpu1, _ := cpuTime(srv.pid)
	d.serverCPU = cpu1 - cpu0
	d.machineBusy, d.machineSteal = mach0.share(readMachineCPU())
	var ru1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	d.genCPU = rusageCPU(ru1) - rusageCPU(ru0)
	_, d.hwm, _ = memory(srv.pid)
	lines1, warn1, err1 := srv.logCounts()
	d.logLines, d.warnings, d.logErrors = lines1-lines0, warn1-warn0, err1-err0
	return d, nil
}

func rusageCPU(r syscall.Rusage) time.Duration {
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// send makes one request and checks its answer.
func send(client *http.Client, t *target, due time.Time) outcome {
	sent := time.Now()
	o := outcome{lag: sent.Sub(due)}
	var body io.Reader
	if t.Body != nil {
		body = bytes.NewReader(t.Body)
	}
	req, err := http.NewRequest(t.Method, "http://"+serverHost+t.Path, body)
	if err != nil {
		o.class = "request: " + err.Error()
		return o
	}
	if t.CType != "" {
		req.Header.Set("Content-Type", t.CType)
	}
	resp, err := client.Do(req)
	if err != nil {
		o.latency = time.Since(due)
		o.class = errClass(err)
		return o
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	_, err = buf.ReadFrom(resp.Body)
	resp.Body.Close()
	o.latency = time.Since(due)
	switch {
	case err != nil:
		o.class = "body: " + errClass(err)
	case resp.StatusCode == http.StatusTooManyRequests:
		o.class = "429"
	default:
		o.class = verdict(t, resp.StatusCode, resp.Header.Get("Location"), buf.Bytes())
	}
	if buf.Cap() <= 1<<20 {
		bufPool.Put(buf)
	}
	return o
}

// serverHost is the server's host:port, set once it has started.
var serverHost string

// errClass groups transport errors into a few classes (the raw messages hold port numbers).
func errClass(err error) string {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return "address not available"
	case errors.Is(err, syscall.EMFILE):
		return "too many open files"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}

// checkLoopback makes sure the source addresses can be bound (Linux routes 127/8 to lo; other
// systems may not), before a run counts them all as errors.
func checkLoopback(clients []*http.Client, base string) error {
	for _, i := range []int{0, len(clients) - 1} {
		resp, err := clients[i].Get(base + "/healthz")
		if err != nil {
			return fmt.Errorf("loopback source address 127.0.0.%d: %w (try -sources 1)", 2+i, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "load: "+format+"\n", args...)
}
