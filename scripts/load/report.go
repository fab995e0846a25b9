package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// latencies are in milliseconds in the report, as read in BENCHMARKS.md.
type latencyStats struct {
	Label    string         `json:"label"`
	Count    int            `json:"count"`
	P50      float64        `json:"p50_ms"`
	P90      float64        `json:"p90_ms"`
	P99      float64        `json:"p99_ms"`
	Max      float64        `json:"max_ms"`
	Errors   map[string]int `json:"errors,omitempty"` // class → count; 429s are not here
	Limited  int            `json:"limited_429"`
	ErrCount int            `json:"error_count"`
}

type memReport struct {
	StartRSS     int64       `json:"start_rss_bytes"` // before the first request of the run
	FirstRSS     int64       `json:"first_loaded_rss_bytes"`
	EndRSS       int64       `json:"end_rss_bytes"`
	MaxRSS       int64       `json:"max_sampled_rss_bytes"`
	PeakHWM      int64       `json:"peak_vmhwm_bytes"`
	SlopeMiBMin  float64     `json:"slope_mib_per_min"`             // least squares over the samples under load
	SlopeHalfMiB float64     `json:"second_half_slope_mib_per_min"` // the same over the second half
	Samples      []memSample `json:"samples"`
}

type report struct {
	Rate          float64        `json:"rate_per_s"`
	Duration      float64        `json:"duration_s"`
	Mix           map[string]any `json:"mix"`
	CPUs          int            `json:"nproc"`
	Scheduled     int            `json:"scheduled"`
	Completed     int            `json:"completed"`
	Throughput    float64        `json:"throughput_per_s"`
	GoodPerSecond float64        `json:"good_per_s"`
	LagP99        float64        `json:"send_lag_p99_ms"`
	LagMax        float64        `json:"send_lag_max_ms"`
	ServerCores   float64        `json:"server_cpu_cores"`
	GenCores      float64        `json:"generator_cpu_cores"`
	MachineBusy   float64        `json:"machine_busy_fraction"`
	MachineSteal  float64        `json:"machine_steal_fraction"`
	Load1Min      float64        `json:"load1_min"`
	Load1Max      float64        `json:"load1_max"`
	Load1Mean     float64        `json:"load1_mean"`
	Groups        []latencyStats `json:"groups"`
	Targets       []latencyStats `json:"targets"`
	Memory        memReport      `json:"memory"`
	ServerLog     map[string]int `json:"server_log"`
	Verdicts      []string       `json:"verdicts"`
}

type goals struct {
	P99, StepP99 time.Duration
}

func (g goals) check(r *report) {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	for _, s := range r.Groups {
		var limit time.Duration
		switch s.Label {
		case "overall":
			limit = g.P99
			errs := s.ErrCount
			if errs == 0 {
				r.Verdicts = append(r.Verdicts, "errors: 0 — met")
			} else {
				r.Verdicts = append(r.Verdicts, fmt.Sprintf("errors: %d — MISSED (target 0)", errs))
			}
		case "interview steps":
			limit = g.StepP99
		}
		if limit <= 0 || s.Count == 0 {
			continue
		}
		v := "met"
		if s.P99 >= ms(limit) {
			v = "MISSED"
		}
		r.Verdicts = append(r.Verdicts, fmt.Sprintf("%s p99 %.1f ms < %v — %s", s.Label, s.P99, limit, v))
	}
}

func summarize(d *runData, mixText string) *report {
	r := &report{
		Rate: d.cfg.Rate, Duration: d.cfg.Duration.Seconds(), CPUs: runtime.NumCPU(),
		Scheduled: d.scheduled, Mix: map[string]any{"spec": mixText},
	}
	for k, v := range d.cfg.Mix {
		r.Mix[k] = v
	}
	var lags []time.Duration
	good := 0
	for _, o := range d.outcomes {
		if !strings.HasPrefix(o.class, "dropped") {
			r.Completed++
			lags = append(lags, o.lag)
		}
		if o.class == "" {
			good++
		}
	}
	r.Throughput = float64(r.Completed) / d.elapsed.Seconds()
	r.GoodPerSecond = float64(good) / d.elapsed.Seconds()
	slices.Sort(lags)
	r.LagP99, r.LagMax = pct(lags, 0.99), pct(lags, 1)
	r.ServerCores = d.serverCPU.Seconds() / d.elapsed.Seconds()
	r.GenCores = d.genCPU.Seconds() / d.elapsed.Seconds()
	r.MachineBusy, r.MachineSteal = d.machineBusy, d.machineSteal

	stats := func(label string, keep func(t *target) bool) latencyStats {
		s := latencyStats{Label: label, Errors: map[string]int{}}
		var lat []time.Duration
		for _, o := range d.outcomes {
			if !keep(d.targets[o.target]) {
				continue
			}
			switch {
			case o.class == "429":
				s.Limited++
			case o.class != "":
				s.Errors[o.class]++
				s.ErrCount++
			}
			if !strings.HasPrefix(o.class, "dropped") {
				lat = append(lat, o.latency)
			}
		}
		slices.Sort(lat)
		s.Count = len(lat)
		s.P50, s.P90, s.P99, s.Max = pct(lat, 0.50), pct(lat, 0.90), pct(lat, 0.99), pct(lat, 1)
		return s
	}
	r.Groups = []latencyStats{
		stats("overall", func(*target) bool { return true }),
		stats("interview", func(t *target) bool { return t.Group == "interview" }),
		stats("interview steps", func(t *target) bool { return t.Step }),
		stats("api", func(t *target) bool { return t.Group == "api" }),
		stats("static", func(t *target) bool { return t.Group == "static" }),
	}
	for _, t := range d.targets {
		r.Targets = append(r.Targets, stats(t.Name, func(u *target) bool { return u == t }))
	}

	m := &r.Memory
	m.Samples = d.mem
	m.PeakHWM = d.hwm
	if len(d.mem) > 0 {
		m.StartRSS = d.mem[0].RSS
		m.EndRSS = d.mem[len(d.mem)-1].RSS
		m.FirstRSS = m.EndRSS
		if len(d.mem) > 1 {
			m.FirstRSS = d.mem[1].RSS
		}
		loaded := d.mem[1:]
		m.SlopeMiBMin = slope(loaded)
		m.SlopeHalfMiB = slope(loaded[len(loaded)/2:])
		r.Load1Min = math.Inf(1)
		sum := 0.0
		for _, s := range d.mem {
			m.MaxRSS = max(m.MaxRSS, s.RSS)
			r.Load1Min = min(r.Load1Min, s.Load1)
			r.Load1Max = max(r.Load1Max, s.Load1)
			sum += s.Load1
		}
		r.Load1Mean = sum / float64(len(d.mem))
	}
	r.ServerLog = map[string]int{"lines": d.logLines, "warn": d.warnings, "error": d.logErrors}
	return r
}

// pct is the nearest-rank quantile q of sorted, in milliseconds.
func pct(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	i = max(0, min(i, len(sorted)-1))
	return float64(sorted[i]) / float64(time.Millisecond)
}

// slope of RSS over time by least squares, in MiB per minute.
func slope(s []memSample) float64 {
	if len(s) < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	for _, p := range s {
		x := p.At.Minutes()
		y := float64(p.RSS) / (1 << 20)
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
	}
	n := float64(len(s))
	den := n*sxx - sx*sx
	if den == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / den
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func printReport(w io.Writer, r *report, curve bool) {
	fmt.Fprintf(w, "\n=== %.0f req/s for %v, mix %v, %d CPUs ===\n", r.Rate, time.Duration(r.Duration*float64(time.Second)), r.Mix["spec"], r.CPUs)
	fmt.Fprintf(w, "scheduled %d, answered %d; throughput %.1f/s (answers as expected: %.1f/s); send lag p99 %.2f ms, max %.1f ms\n",
		r.Scheduled, r.Completed, r.Throughput, r.GoodPerSecond, r.LagP99, r.LagMax)
	fmt.Fprintf(w, "server CPU %.2f cores, generator CPU %.2f cores, machine busy %.0f %% of %d CPUs (steal %.1f %%); load average (1 min) during the run %.2f–%.2f (mean %.2f)\n",
		r.ServerCores, r.GenCores, 100*r.MachineBusy, r.CPUs, 100*r.MachineSteal, r.Load1Min, r.Load1Max, r.Load1Mean)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tcount\tp50 ms\tp90 ms\tp99 ms\tmax ms\terrors\t429\t")
	row := func(s latencyStats) {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.1f\t%d\t%d\t\n", s.Label, s.Count, s.P50, s.P90, s.P99, s.Max, s.ErrCount, s.Limited)
	}
	for _, s := range r.Groups {
		if s.Count > 0 || s.ErrCount > 0 {
			row(s)
		}
	}
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t")
	for _, s := range r.Targets {
		row(s)
	}
	tw.Flush()

	var errs []string
	for _, s := range r.Targets {
		for class, n := range s.Errors {
			errs = append(errs, fmt.Sprintf("  %s: %s × %d", s.Label, class, n))
		}
	}
	slices.Sort(errs)
	if len(errs) > 0 {
		fmt.Fprintln(w, "errors by request and class:")
		fmt.Fprintln(w, strings.Join(errs, "\n"))
	}
	fmt.Fprintf(w, "server log: %d lines, %d WARN, %d ERROR\n", r.ServerLog["lines"], r.ServerLog["warn"], r.ServerLog["error"])

	m := r.Memory
	fmt.Fprintf(w, "server memory: RSS %s before the run, %s at the first sample under load, %s at the end (max sampled %s); peak VmHWM %s; slope %+.2f MiB/min (second half %+.2f)\n",
		mib(m.StartRSS), mib(m.FirstRSS), mib(m.EndRSS), mib(m.MaxRSS), mib(m.PeakHWM), m.SlopeMiBMin, m.SlopeHalfMiB)
	if curve && len(m.Samples) > 0 {
		// About twenty lines whatever the length of the run, the last sample always included.
		every := max(1, len(m.Samples)/20)
		fmt.Fprintln(w, "RSS curve (elapsed, RSS, load average):")
		for i, s := range m.Samples {
			if i%every == 0 || i == len(m.Samples)-1 {
				fmt.Fprintf(w, "  %7s  %s  %.2f\n", s.At.Round(time.Second), mib(s.RSS), s.Load1)
			}
		}
	}
	for _, v := range r.Verdicts {
		fmt.Fprintln(w, "target:", v)
	}
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
