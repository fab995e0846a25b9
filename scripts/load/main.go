// Command load measures the saisine server under a fixed arrival rate, on this machine's loopback only
// (issue 6 item 5, issue 7's interview target). It builds cmd/saisine (or takes -bin), starts
// « saisine serve --addr 127.0.0.1:0 » with a throwaway data folder and state key, walks the interview
// once to obtain real sealed states, then sends a mix of interview pages, PDF renders of the API and
// static pages at -rate for -duration, open loop: each request leaves at its due time whether or not
// the earlier ones were answered, and its latency is counted from that due time, so that a saturated
// server shows its queue instead of slowing the generator down (no coordinated omission).
//
//	go run ./scripts/load                                  # 200 req/s for 60 s
//	go run ./scripts/load -soak 10m                        # memory over ten minutes, RSS curve
//	go run ./scripts/load -rate 200,300,400,500 -duration 30s   # stops after the first rate whose p99 ≥ 250 ms
//	go run ./scripts/load -json > run.json
//	go run ./scripts/load -duration 30s -cpuprofile cpu.out   # where the server's CPU goes (profserve)
//
// The report gives the throughput, p50/p90/p99/max per kind of request and overall, the errors by
// request and class (429s apart), the server's CPU, its RSS every 5 s with the slope and its peak
// (VmHWM), and the machine's load average: the generator shares the CPUs with the server, and with
// whatever else runs.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	os.Exit(realMain())
}

func realMain() int {
	bin := flag.String("bin", "", "saisine binary (default: go build ./cmd/saisine into a temporary folder)")
	rates := flag.String("rate", "200", "arrival rate in requests per second; a comma list runs each in turn (step search)")
	duration := flag.Duration("duration", 60*time.Second, "length of each run")
	soak := flag.Duration("soak", 0, "soak test: one run of this length at -rate, with the RSS curve (overrides -duration)")
	mixText := flag.String("mix", "interview=70,api=20,static=10", "weights of the kinds of request")
	sources := flag.Int("sources", 249, "number of loopback source addresses (127.0.0.2 on)")
	timeout := flag.Duration("timeout", 30*time.Second, "per-request timeout (counted as an error)")
	maxInflight := flag.Int("max-inflight", 10000, "requests in flight beyond which a due request is counted as dropped")
	rssEvery := flag.Duration("rss-every", 5*time.Second, "interval of the server's RSS samples")
	pause := flag.Duration("pause", 10*time.Second, "pause between the runs of a step search")
	stopP99 := flag.Duration("stop-p99", 250*time.Millisecond, "step search: stop after the first rate whose overall p99 reaches this (0: run all)")
	goalStep := flag.Duration("goal-step-p99", 10*time.Millisecond, "target p99 of the interview steps, for the verdict lines")
	seed := flag.Uint64("seed", 1, "seed of the mix's random choices")
	asJSON := flag.Bool("json", false, "print the reports as JSON on stdout instead of tables")
	jsonFile := flag.String("json-file", "", "also write the reports as JSON to this file")
	curve := flag.Bool("curve", false, "print the RSS curve (always with -soak)")
	cpuprofile := flag.String("cpuprofile", "", "run the profiling variant of the server (scripts/load/profserve) and write its CPU profile here")
	memprofile := flag.String("memprofile", "", "with -cpuprofile: also write the server's heap profile at the end")
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		return 2
	}

	var rateList []float64
	for f := range strings.SplitSeq(*rates, ",") {
		r, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || r <= 0 {
			logf("-rate %q: positive numbers separated by commas", *rates)
			return 2
		}
		rateList = append(rateList, r)
	}
	mix, err := parseMix(*mixText)
	if err != nil {
		logf("%v", err)
		return 2
	}
	if *soak > 0 {
		*duration = *soak
		*curve = true
		if len(rateList) > 1 {
			logf("-soak runs one rate")
			return 2
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	dir, err := os.MkdirTemp("", "saisine-load-bin-")
	if err != nil {
		logf("%v", err)
		return 1
	}
	defer os.RemoveAll(dir)
	if *bin == "" {
		logf("building ./cmd/saisine")
		if *bin, err = build(ctx, dir, "./cmd/saisine"); err != nil {
			logf("%v", err)
			return 1
		}
	}
	argv := []string{*bin, "serve", "--addr", "127.0.0.1:0"}
	if *cpuprofile != "" {
		logf("building the profiling variant ./scripts/load/profserve")
		prof, err := build(ctx, dir, "./scripts/load/profserve")
		if err != nil {
			logf("%v", err)
			return 1
		}
		argv = []string{prof, "--addr", "127.0.0.1:0", "--cpuprofile", absPath(*cpuprofile)}
		if *memprofile != "" {
			argv = append(argv, "--memprofile", absPath(*memprofile))
		}
	}
	srv, err := startServer(ctx, argv)
	if err != nil {
		logf("%v", err)
		return 1
	}
	defer srv.stop()
	u, _ := url.Parse(srv.base)
	serverHost = u.Host
	logf("server pid %d at %s", srv.pid, srv.base)

	lille, err := exampleCase(ctx, *bin)
	if err != nil {
		logf("%v", err)
		return 1
	}
	targets, err := buildTargets(ctx, srv.base, lille)
	if err != nil {
		logf("walking the interview: %v", err)
		return 1
	}
	logf("%d requests in the mix, each checked once", len(targets))
	clients, err := newClients(*sources, *timeout)
	if err != nil {
		logf("%v", err)
		return 2
	}
	if err := checkLoopback(clients, srv.base); err != nil {
		logf("%v", err)
		return 1
	}

	var reports []*report
	g := goals{P99: *stopP99, StepP99: *goalStep}
	if g.P99 == 0 {
		g.P99 = 250 * time.Millisecond
	}
	for i, rate := range rateList {
		if i > 0 {
			logf("pause %v", *pause)
			select {
			case <-time.After(*pause):
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			break
		}
		logf("%.0f req/s for %v (load average %.2f)", rate, *duration, loadAvg())
		d, err := run(ctx, srv, clients, targets, runConfig{
			Rate: rate, Duration: *duration, Mix: mix, MaxInflight: *maxInflight, RSSEvery: *rssEvery, Seed: *seed,
		})
		if err != nil {
			logf("%v", err)
			return 2
		}
		r := summarize(d, *mixText)
		g.check(r)
		reports = append(reports, r)
		if !*asJSON {
			printReport(os.Stdout, r, *curve)
		}
		if *stopP99 > 0 && len(rateList) > 1 && r.Groups[0].P99 >= float64(*stopP99)/float64(time.Millisecond) {
			logf("overall p99 %.1f ms ≥ %v at %.0f req/s: step search stops", r.Groups[0].P99, *stopP99, rate)
			break
		}
	}
	if len(reports) > 1 && !*asJSON {
		fmt.Println("\n=== step search ===")
		fmt.Println("rate/s  throughput/s  p50 ms  p99 ms  max ms  steps p99 ms  errors  429  server cores  load avg")
		for _, r := range reports {
			fmt.Printf("%6.0f  %12.1f  %6.1f  %6.1f  %6.0f  %12.2f  %6d  %3d  %12.2f  %.2f–%.2f\n",
				r.Rate, r.Throughput, r.Groups[0].P50, r.Groups[0].P99, r.Groups[0].Max, r.Groups[2].P99,
				r.Groups[0].ErrCount, r.Groups[0].Limited, r.ServerCores, r.Load1Min, r.Load1Max)
		}
	}
	if *asJSON {
		if err := printJSON(os.Stdout, reports); err != nil {
			logf("%v", err)
			return 1
		}
	}
	if *jsonFile != "" {
		f, err := os.Create(*jsonFile)
		if err == nil {
			err = printJSON(f, reports)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			logf("%v", err)
			return 1
		}
	}
	if ctx.Err() != nil {
		logf("interrupted")
		return 1
	}
	return 0
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// parseMix reads « interview=70,api=20,static=10 ».
func parseMix(s string) (map[string]float64, error) {
	out := map[string]float64{}
	for part := range strings.SplitSeq(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		w, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil || w < 0 {
			return nil, fmt.Errorf("-mix %q: KIND=WEIGHT separated by commas", s)
		}
		switch k {
		case "interview", "api", "static":
		default:
			return nil, fmt.Errorf("-mix: unknown kind %q (interview, api, static)", k)
		}
		out[k] = w
	}
	return out, nil
}
