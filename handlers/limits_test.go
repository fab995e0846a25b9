package handlers

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"saisine/handlers/state"
	"saisine/internal/ratelimit"
	"saisine/letters/bundle/bundletest"
)

// unlimited lifts the per-client rates: tests that send hundreds of requests from one address test
// something else than the limits.
func (a *app) unlimited() *app {
	cfg := defaultLimits()
	for k := range cfg.rates {
		cfg.rates[k] = ratelimit.Config{Every: time.Nanosecond, Burst: 1 << 30}
	}
	a.srv.limits = newLimits(cfg)
	return a
}

// withLimits replaces the server's limits.
func (a *app) withLimits(cfg limitsConfig) *app {
	a.srv.limits = newLimits(cfg)
	return a
}

// TestRateLimitClasses: each class of costly request has its own per-client bucket; over it, a 429
// with Retry-After and a page (or, for the API, a JSON error) that says how long to wait.
func TestRateLimitClasses(t *testing.T) {
	a := newApp(t)
	tok := a.tokenFor("plainte-cnil", lilleCase(t))
	lille := string(withValue(t, "version", 1))
	pdf := bundletest.PDF("PIECE")
	cases := []struct {
		name  string
		class limitClass
		send  func() *page
	}{
		{"preview", classDocument, func() *page { return a.get("/dossier/plainte-cnil/apercu?etat=" + url.QueryEscape(tok)) }},
		{"text page", classDocument, func() *page { return a.get("/dossier/plainte-cnil/texte?etat=" + url.QueryEscape(tok)) }},
		{"PDF download", classDocument, func() *page {
			return a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {"pdf"}})
		}},
		{"API render", classAPI, func() *page { return a.api("POST", "/api/v1/render?procedure=plainte-cnil&format=txt", lille) }},
		{"complete dossier", classBundle, func() *page {
			return a.uploadFiles("/dossier/plainte-cnil/dossier-complet", tok, filePart{"autres", "a.pdf", pdf})
		}},
		{"resume upload", classResume, func() *page { return a.resumeUpload("plainte-cnil", []byte(lille)) }},
		{"interview step", classInterview, func() *page {
			return a.post("/dossier/plainte-cnil/identite", url.Values{"etat": {tok}, "action": {"continuer"}})
		}},
		{"home form", classInterview, func() *page {
			return a.post("/commencer", url.Values{"kind": {"resident"}, "procedure": {"plainte-cnil"}})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := defaultLimits()
			for k := range cfg.rates {
				cfg.rates[k] = ratelimit.Config{Every: time.Nanosecond, Burst: 1 << 30}
			}
			cfg.rates[c.class] = ratelimit.Config{Every: time.Minute, Burst: 2}
			a.withLimits(cfg)
			for i := range 2 {
				if p := c.send(); p.Status == http.StatusTooManyRequests || p.Status >= 500 {
					t.Fatalf("request %d of the burst: %d", i+1, p.Status)
				}
			}
			p := c.send()
			if p.Status != http.StatusTooManyRequests {
				t.Fatalf("third request: %d, want 429", p.Status)
			}
			if ra := p.Header.Get("Retry-After"); ra != "60" {
				t.Errorf("Retry-After %q, want 60", ra)
			}
			if c.class == classAPI {
				errs := apiErrs(t, p)
				if !strings.Contains(errs[0].Message, "60") || !strings.Contains(errs[0].Message, "Retry-After") {
					t.Errorf("JSON error %q does not say how long to wait", errs[0].Message)
				}
			} else if txt := p.visibleText(); !strings.Contains(txt, "Trop de demandes") || !strings.Contains(txt, "Attendez 60") {
				t.Errorf("the page does not say how long to wait:\n%s", txt)
			}
		})
	}
	t.Run("English page", func(t *testing.T) {
		cfg := defaultLimits()
		cfg.rates[classDocument] = ratelimit.Config{Every: time.Minute, Burst: 1}
		a.withLimits(cfg)
		a.lang = "en"
		defer func() { a.lang = "" }()
		a.get("/dossier/plainte-cnil/apercu?etat=" + url.QueryEscape(tok))
		p := a.get("/dossier/plainte-cnil/apercu?etat=" + url.QueryEscape(tok))
		if p.Status != http.StatusTooManyRequests || !strings.Contains(p.visibleText(), "Too many requests") {
			t.Errorf("%d: %s", p.Status, p.visibleText())
		}
	})
	t.Run("cheap pages are not counted", func(t *testing.T) {
		cfg := defaultLimits()
		for k := range cfg.rates {
			cfg.rates[k] = ratelimit.Config{Every: time.Hour, Burst: 1}
		}
		a.withLimits(cfg)
		for range 5 {
			for _, path := range []string{"/", "/dossier/plainte-cnil/identite?etat=" + url.QueryEscape(tok),
				"/dossier/plainte-cnil/verification?etat=" + url.QueryEscape(tok), "/api/v1/procedures", "/reprendre"} {
				if p := a.get(path); p.Status == http.StatusTooManyRequests {
					t.Fatalf("%s: 429", path)
				}
			}
		}
	})
}

// TestRateLimitPerClientBehindProxy: behind a trusted proxy the buckets are per client (the key of the
// campaign limits, clientKey), and a client cannot escape its own by writing X-Forwarded-For.
func TestRateLimitPerClientBehindProxy(t *testing.T) {
	a := newApp(t)
	srv, err := New(Options{Sealer: a.srv.sealer, Now: a.srv.now, TrustedProxies: []string{"10.0.0.0/8"}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := defaultLimits()
	cfg.rates[classAPI] = ratelimit.Config{Every: time.Hour, Burst: 1}
	srv.limits = newLimits(cfg)
	lille := string(withValue(t, "version", 1))
	send := func(remote, xff string) int {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/render?procedure=plainte-cnil&format=txt", strings.NewReader(lille))
		req.RemoteAddr = remote + ":40000"
		req.Header.Set("X-Forwarded-For", xff)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code
	}
	if c := send("10.0.0.1", "203.0.113.1"); c != http.StatusOK {
		t.Fatalf("first client: %d", c)
	}
	if c := send("10.0.0.1", "203.0.113.2"); c != http.StatusOK {
		t.Errorf("second client through the same proxy: %d", c)
	}
	if c := send("10.0.0.1", "203.0.113.1"); c != http.StatusTooManyRequests {
		t.Errorf("first client again: %d, want 429", c)
	}
	if c := send("203.0.113.9", "198.18.0.1"); c != http.StatusOK {
		t.Errorf("direct client: %d", c)
	}
	if c := send("203.0.113.9", "198.18.0.2"); c != http.StatusTooManyRequests {
		t.Errorf("direct client naming another address: %d, want 429", c)
	}
}

// TestJourneyWithinDefaultLimits: a person who fills the whole interview, corrects mistakes, looks at
// the letter and the text, downloads everything, builds the complete dossier and resumes the case
// again never meets the default limits — twice over, as two people behind one address would.
func TestJourneyWithinDefaultLimits(t *testing.T) {
	a := newApp(t) // the default limits of New
	pdf := bundletest.PDF("ARTICLE")
	for person := range 2 {
		v := a.lilleJourney()
		tok := tokenOf(v.URL)
		// Going back to a few steps to correct them: a 422 each, then the right answer.
		for range 5 {
			p := a.post("/dossier/plainte-cnil/identite", url.Values{"etat": {tok}, "action": {"continuer"}, "sender.last_name": {""}})
			if p.Status == http.StatusTooManyRequests {
				t.Fatalf("person %d: correcting a step: 429", person)
			}
		}
		for range 5 {
			for _, path := range []string{"/dossier/plainte-cnil/apercu", "/dossier/plainte-cnil/texte"} {
				if p := a.get(path + "?etat=" + url.QueryEscape(tok)); p.Status != http.StatusOK {
					t.Fatalf("person %d: %s: %d", person, path, p.Status)
				}
			}
		}
		for _, f := range []string{"pdf", "txt", "json", "pdf", "pdf"} {
			if p := a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {f}}); p.Status != http.StatusOK {
				t.Fatalf("person %d: download %s: %d", person, f, p.Status)
			}
		}
		// Three tries at the complete dossier: a refused file, then twice the right one.
		for _, data := range [][]byte{[]byte("not a pdf"), pdf, pdf} {
			if p := a.uploadFiles("/dossier/plainte-cnil/dossier-complet", tok, filePart{"piece-1", "a.pdf", data}); p.Status == http.StatusTooManyRequests {
				t.Fatalf("person %d: complete dossier: 429", person)
			}
		}
		for range 3 {
			if p := a.resumeUpload("plainte-cnil", withValue(t, "version", 1)); p.Status != http.StatusSeeOther {
				t.Fatalf("person %d: resume: %d", person, p.Status)
			}
		}
	}
	if strings.Contains(a.logs.String(), "status=429") {
		t.Error("a request was refused with 429")
	}
}

// TestHeavyWorkBound: with one slot, held by a render, a second render waits, then gets a 503 with
// Retry-After; once the slot is free it is served.
func TestHeavyWorkBound(t *testing.T) {
	a := newApp(t).unlimited()
	cfg := a.srv.limits
	cfg.heavy = newHeavyWork(1, 150*time.Millisecond)
	tok := a.tokenFor("plainte-cnil", lilleCase(t))
	lille := string(withValue(t, "version", 1))

	release, err := cfg.heavy.acquire(context.Background()) // the render in progress
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		send func() *page
	}{
		{"API", func() *page { return a.api("POST", "/api/v1/render?procedure=plainte-cnil&format=pdf", lille) }},
		{"PDF download", func() *page {
			return a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {"pdf"}})
		}},
		{"preview", func() *page { return a.get("/dossier/plainte-cnil/apercu?etat=" + url.QueryEscape(tok)) }},
		{"complete dossier", func() *page {
			return a.uploadFiles("/dossier/plainte-cnil/dossier-complet", tok, filePart{"piece-1", "a.pdf", bundletest.PDF("A")})
		}},
	} {
		start := time.Now()
		p := c.send()
		took := time.Since(start)
		if p.Status != http.StatusServiceUnavailable || p.Header.Get("Retry-After") == "" {
			t.Errorf("%s: status %d, Retry-After %q; want 503 with Retry-After", c.name, p.Status, p.Header.Get("Retry-After"))
		}
		if took < 150*time.Millisecond {
			t.Errorf("%s: answered after %v, before the wait", c.name, took)
		}
		if c.name == "API" {
			if errs := apiErrs(t, p); !strings.Contains(errs[0].Message, "occupé") {
				t.Errorf("API: %q", errs[0].Message)
			}
		} else if !strings.Contains(p.visibleText(), "Serveur très occupé") {
			t.Errorf("%s: the page does not say the server is busy:\n%s", c.name, p.visibleText())
		}
	}
	// The JSON download needs no slot.
	if p := a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {"json"}}); p.Status != http.StatusOK {
		t.Errorf("JSON download while busy: %d", p.Status)
	}
	release()
	if p := a.api("POST", "/api/v1/render?procedure=plainte-cnil&format=pdf", lille); p.Status != http.StatusOK {
		t.Errorf("slot free again: %d", p.Status)
	}
	// Nothing leaked: the one slot is free after all those requests.
	if r, err := cfg.heavy.acquire(context.Background()); err != nil {
		t.Errorf("slot still held: %v", err)
	} else {
		r()
	}
}

// TestHeavyWaitStopsWhenClientLeaves: a request waiting for a slot stops waiting as soon as its client
// goes away, and a request whose client already left does no work.
func TestHeavyWaitStopsWhenClientLeaves(t *testing.T) {
	a := newApp(t).unlimited()
	a.srv.limits.heavy = newHeavyWork(1, 10*time.Second)
	lille := string(withValue(t, "version", 1))
	release, err := a.srv.limits.heavy.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequest(http.MethodPost, "/api/v1/render?procedure=plainte-cnil&format=pdf", strings.NewReader(lille)).WithContext(ctx)
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	a.do(req)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("kept waiting %v after the client left", took)
	}

	release()
	gone, stop := context.WithCancel(context.Background())
	stop()
	req = httptest.NewRequest(http.MethodPost, "/api/v1/render?procedure=plainte-cnil&format=pdf", strings.NewReader(lille)).WithContext(gone)
	if p := a.do(req); p.Status != http.StatusServiceUnavailable || strings.HasPrefix(p.Body, "%PDF") {
		t.Errorf("client gone before the work: %d %.20q", p.Status, p.Body)
	}
}

// TestResumeListsAHundredProblems: a file with thousands of problems shows the first hundred and says
// how many more there are.
func TestResumeListsAHundredProblems(t *testing.T) {
	a := newApp(t)
	p := a.resumeUpload("plainte-cnil", []byte(manyKeys(2345+100)))
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", p.Status)
	}
	sum := p.bySelector("div", "error-summary")
	if sum == nil {
		t.Fatal("no error summary")
	}
	items := p.all(sum, "li")
	// The field's problem, the next 99, then the count.
	if len(items) != 101 {
		t.Errorf("%d items in the summary, want 101", len(items))
	}
	if last := text(items[len(items)-1]); !strings.Contains(last, "et 2\u202f345 autres problèmes") {
		t.Errorf("last item %q", last)
	}
	a.lang = "en"
	p = a.resumeUpload("plainte-cnil", []byte(manyKeys(101)))
	items = p.all(p.bySelector("div", "error-summary"), "li")
	if last := text(items[len(items)-1]); !strings.Contains(last, "and 1 more problem,") {
		t.Errorf("last item %q", last)
	}
}

// slowPost sends body to path on ts in pieces over about d, as a slow line does.
func slowPost(t *testing.T, ts *httptest.Server, path, ctype string, body []byte, d time.Duration) (*http.Response, error) {
	t.Helper()
	pr, pw := io.Pipe()
	go func() {
		const pieces = 10
		n := len(body)/pieces + 1
		for len(body) > 0 {
			k := min(n, len(body))
			if _, err := pw.Write(body[:k]); err != nil {
				pw.CloseWithError(err)
				return
			}
			body = body[k:]
			time.Sleep(d / pieces)
		}
		pw.Close()
	}()
	req, err := http.NewRequest(http.MethodPost, ts.URL+path, pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	return ts.Client().Do(req)
}

// TestBundleUploadOutlastsReadTimeout: the complete dossier's upload has its own read (and write)
// deadline, so a large upload on a slow line is not cut at the server's ReadTimeout; other routes
// keep it.
func TestBundleUploadOutlastsReadTimeout(t *testing.T) {
	a := newApp(t)
	ts := httptest.NewUnstartedServer(a.srv)
	ts.Config.ReadTimeout = 300 * time.Millisecond
	ts.Config.WriteTimeout = 300 * time.Millisecond
	ts.Start()
	defer ts.Close()
	tok := a.tokenFor("plainte-cnil", lilleCase(t))

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("etat", tok)
	fw, _ := mw.CreateFormFile("piece-1", "article.pdf")
	fw.Write(bundletest.PDF("ARTICLE"))
	mw.Close()
	res, err := slowPost(t, ts, "/dossier/plainte-cnil/dossier-complet", mw.FormDataContentType(), body.Bytes(), time.Second)
	if err != nil {
		t.Fatalf("the upload was cut: %v", err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.HasPrefix(got, []byte("%PDF-")) {
		t.Fatalf("status %d, %.60q", res.StatusCode, got)
	}

	// The same slow sending to the resume page is cut by ReadTimeout.
	body.Reset()
	mw = multipart.NewWriter(&body)
	mw.WriteField("procedure", "plainte-cnil")
	fw, _ = mw.CreateFormFile("dossier", "d.json")
	fw.Write(withValue(t, "version", 1))
	mw.Close()
	res, err = slowPost(t, ts, "/reprendre", mw.FormDataContentType(), body.Bytes(), time.Second)
	if err == nil {
		res.Body.Close()
		if res.StatusCode == http.StatusSeeOther {
			t.Error("the resume upload outlasted ReadTimeout: the deadline is not the bundle route's alone")
		}
	}
}

// Options.RateScale multiplies every per-client bucket: at 0.05 the interview's burst of 120 POSTs
// becomes 6, and the seventh « commencer » gets a 429; the default lets all seven through.
func TestRateScale(t *testing.T) {
	sealer, err := state.NewSealer(testKey, time.Hour, func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		scale   float64
		limited bool
	}{{0, false}, {1, false}, {0.05, true}} {
		srv, err := New(Options{Sealer: sealer, Now: func() time.Time { return testNow }, RateScale: tc.scale})
		if err != nil {
			t.Fatal(err)
		}
		a := &app{t: t, srv: srv, logs: &syncBuf{}, headers: map[string]string{}}
		var last int
		for range 7 {
			last = a.post("/commencer", url.Values{"kind": {"resident"}, "procedure": {"plainte-cnil"}}).Status
		}
		if got := last == http.StatusTooManyRequests; got != tc.limited {
			t.Errorf("scale %v: seventh POST answered %d", tc.scale, last)
		}
	}
	if _, err := New(Options{Sealer: sealer, RateScale: -1}); err == nil {
		t.Error("a negative scale was accepted")
	}
}

func TestScaleRate(t *testing.T) {
	base := ratelimit.Config{Every: 2 * time.Second, Burst: 60}
	for _, tc := range []struct {
		f     float64
		every time.Duration
		burst int
	}{{0, 2 * time.Second, 60}, {1, 2 * time.Second, 60}, {4, 500 * time.Millisecond, 240}, {0.5, 4 * time.Second, 30}, {0.001, 2000 * time.Second, 1}} {
		got := scaleRate(base, tc.f)
		if got.Every != tc.every || got.Burst != tc.burst {
			t.Errorf("scale %v: every %v burst %d, want %v and %d", tc.f, got.Every, got.Burst, tc.every, tc.burst)
		}
	}
}

// The complete dossiers held in memory at once are bounded across all clients: while the budget is
// taken, an upload waits, then gets a 503 page with Retry-After; once it is free again the same upload
// goes through, and every reservation is given back.
func TestUploadBudget(t *testing.T) {
	a := newApp(t).unlimited()
	budget := newUploadBudget(1<<20, 150*time.Millisecond)
	a.srv.limits.uploads = budget
	tok := a.tokenFor("plainte-cnil", lilleCase(t))
	upload := func() *page {
		return a.uploadFiles("/dossier/plainte-cnil/dossier-complet", tok, filePart{"piece-1", "a.pdf", bundletest.PDF("A")})
	}
	held, err := budget.reserve(context.Background(), 1<<20) // other uploads in progress
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p := upload()
	if p.Status != http.StatusServiceUnavailable || p.Header.Get("Retry-After") == "" || !strings.Contains(p.visibleText(), "Serveur très occupé") {
		t.Errorf("budget taken: status %d, Retry-After %q:\n%s", p.Status, p.Header.Get("Retry-After"), p.visibleText())
	}
	if took := time.Since(start); took < 150*time.Millisecond {
		t.Errorf("answered after %v, before the wait", took)
	}
	held()
	if p := upload(); p.Status != http.StatusOK {
		t.Errorf("budget free again: status %d", p.Status)
	}
	// A declared size above the budget (or none) reserves the whole budget, never more.
	for _, n := range []int64{-1, 0, 10 << 20, 100 << 20} {
		r, err := budget.reserve(context.Background(), n)
		if err != nil {
			t.Fatalf("size %d: %v (a reservation was not given back)", n, err)
		}
		r()
	}
}
