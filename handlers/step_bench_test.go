package handlers

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The interview's step pages, one request at a time through the server's own handler (no network):
// what one GET or one « continuer » of the Lille case costs the server in CPU and allocations. Issue 7
// wants a step's p99 under 10 ms at 200 requests/s on two cores; run with
//
//	go test ./handlers -run '^$' -bench Step -cpu 1 -count 5 -benchmem
//
// and compare the medians.

// benchApp is the server as serve builds it: a text log at the Info level (to nowhere), the official
// commune list, no store. The interview's per-client limit is lifted: every request here comes from one
// address, and the benchmark measures the step, not the limiter's refusal page (the limiter's own lookup
// is still counted).
func benchApp(b *testing.B) *app {
	b.Helper()
	a := newApp(b)
	a.srv.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := defaultLimits()
	cfg.rates[classInterview].Burst = 1 << 30
	a.srv.limits = newLimits(cfg)
	return a
}

// stepRequest is one request of the interview, with the answer it must get.
type stepRequest struct {
	name   string
	method string
	target string
	body   string
	status int
}

func (r stepRequest) send(b *testing.B, a *app) {
	var req *http.Request
	if r.body != "" {
		req = httptest.NewRequest(r.method, r.target, strings.NewReader(r.body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(r.method, r.target, nil)
	}
	rec := httptest.NewRecorder()
	a.srv.ServeHTTP(rec, req)
	if rec.Code != r.status {
		b.Fatalf("%s: status %d, want %d", r.name, rec.Code, r.status)
	}
}

// lilleStepRequests walks the Lille case's steps as the load script does: the state sealed once, then for
// each step its page and its own form sent back unchanged with « continuer ».
func lilleStepRequests(b *testing.B, a *app) []stepRequest {
	b.Helper()
	const proc = "plainte-cnil"
	tok := a.tokenFor(proc, lilleCase(b))
	start := url.Values{"kind": {"resident"}, "procedure": {proc}}
	out := []stepRequest{{name: "POST/commencer", method: http.MethodPost, target: "/commencer",
		body: start.Encode(), status: http.StatusSeeOther}}
	for _, slug := range []string{"commune", "systeme", "connaissances", "sources", "situation", "demarches", "demandes", "identite"} {
		get := stepRequest{name: "GET/" + slug, method: http.MethodGet,
			target: stepURL(proc, slug, tok, ""), status: http.StatusOK}
		p := a.get(get.target)
		if p.Status != http.StatusOK {
			b.Fatalf("%s: status %d", get.name, p.Status)
		}
		form := p.form()
		if form == nil {
			b.Fatalf("%s: no step form", get.name)
		}
		values := p.formValues(form)
		values.Set("action", "continuer")
		post := stepRequest{name: "POST/" + slug, method: http.MethodPost, target: attr(form, "action"),
			body: values.Encode(), status: http.StatusSeeOther}
		if r := a.post(post.target, values); r.Status != http.StatusSeeOther {
			b.Fatalf("%s: status %d: %s", post.name, r.Status, r.errorsText())
		}
		out = append(out, get, post)
	}
	return out
}

func BenchmarkStep(b *testing.B) {
	a := benchApp(b)
	for _, r := range lilleStepRequests(b, a) {
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				r.send(b, a)
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the CPU time the process has used, garbage collection included. On a machine shared with
// other work, ns/op (elapsed time) also counts the time spent waiting for a CPU; cpu-ns/op does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
