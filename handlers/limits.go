package handlers

import (
	"context"
	"errors"
	"math"
	"net/http"
	"runtime"
	"saisine/letters"
	"saisine/letters/procedures"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/sync/semaphore"

	"saisine/i18n"
	"saisine/internal/ratelimit"
)

// Limits on what one client may ask for, and on how much heavy work the server does at once
// (docs/security.md). The rates are per client address (behind trusted proxies, the address the proxy
// forwards: clientKey), one bucket per class of request, so that filling the interview never spends
// what the downloads need.

// limitClass is a kind of request with a bucket of its own.
type limitClass int

const (
	classNone      limitClass = iota
	classInterview            // POSTs of the interview's steps and of the home page
	classDocument             // the letter as HTML (preview), plain text (text page) and PDF or text download
	classAPI                  // POST /api/v1/render
	classBundle               // the complete dossier's upload
	classResume               // the resume page's upload
	nClasses
)

// limitsConfig sets the per-client rates and the bound on concurrent heavy work.
type limitsConfig struct {
	rates [nClasses]ratelimit.Config
	// slots is the number of heavy jobs (renders, bundles, image conversions) run at once; wait is how
	// long a request waits for a slot before a 503.
	slots int
	wait  time.Duration
	// workTimeout ends a heavy job's context: past the server's WriteTimeout (60 s) its answer could
	// not be sent anyway.
	workTimeout time.Duration
	// uploadBytes bounds the complete-dossier uploads held in memory at once, across all clients, by
	// their declared size (uploadBudget).
	uploadBytes int64
}

// defaultLimits are set for people. Nobody filling the interview by hand posts a page a second for
// two minutes (120 at once, then two a second). Looking at one's letters and downloading them stays
// within 60 (then one every 2 s): an association writing several letters opens each several times. A
// person resending a refused dossier, file after file, stays within 20 uploads (then one every 15 s:
// each is up to 50 MB and seconds of work); a resume, within 10 (then one every 10 s). The API is for
// scripts: 60 renders at once, then one a second, still a thousand letters in 17 minutes. Many people
// may share one address (a company, a library, a mobile carrier's NAT), hence bursts far above one
// person's needs. Heavy work: two jobs per core keep every core busy while one waits on memory, without
// letting a crowd of requests each hold hundreds of megabytes.
func defaultLimits() limitsConfig {
	var c limitsConfig
	c.rates[classInterview] = ratelimit.Config{Every: 500 * time.Millisecond, Burst: 120}
	c.rates[classDocument] = ratelimit.Config{Every: 2 * time.Second, Burst: 60}
	c.rates[classAPI] = ratelimit.Config{Every: time.Second, Burst: 60}
	c.rates[classBundle] = ratelimit.Config{Every: 15 * time.Second, Burst: 20}
	c.rates[classResume] = ratelimit.Config{Every: 10 * time.Second, Burst: 10}
	c.slots = max(2, 2*runtime.GOMAXPROCS(0))
	c.wait = 5 * time.Second
	c.workTimeout = 60 * time.Second
	// As many full 51 MiB dossiers in memory as there are heavy slots (≈ 200 MiB on two cores): the
	// per-client limits alone let 40 clients hold 2 GB.
	c.uploadBytes = int64(c.slots) * maxBundleBytes
	return c
}

// scaleRate multiplies a bucket by f (Options.RateScale): f times the burst, refilled f times as
// fast. f = 0 or 1 leaves it as it is; a burst never falls below one request.
func scaleRate(c ratelimit.Config, f float64) ratelimit.Config {
	if f == 0 || f == 1 || c.Every == 0 {
		return c
	}
	c.Burst = max(1, int(math.Round(float64(c.Burst)*f)))
	c.Every = max(time.Millisecond, time.Duration(float64(c.Every)/f))
	return c
}

// busyRetryAfter is the Retry-After of a 503 « busy »: a job takes a few seconds at most.
const busyRetryAfter = "10"

// limits holds one limiter per class, the heavy-work slots and the upload budget.
type limits struct {
	rates       [nClasses]*ratelimit.Limiter
	heavy       *heavyWork
	workTimeout time.Duration
	uploads     *uploadBudget
}

func newLimits(cfg limitsConfig) *limits {
	l := &limits{heavy: newHeavyWork(cfg.slots, cfg.wait), workTimeout: cfg.workTimeout,
		uploads: newUploadBudget(cfg.uploadBytes, cfg.wait)}
	for k := classNone + 1; k < nClasses; k++ {
		r := cfg.rates[k]
		// clientKey falls back to the connection's address when no proxy is trusted.
		r.Key = clientKey
		l.rates[k] = ratelimit.New(r)
	}
	return l
}

// classify names the bucket of a request, from its route (so it runs after routing: Gin calls the
// engine's middleware with the route found).
func classify(c *gin.Context) limitClass {
	post := c.Request.Method == http.MethodPost
	switch c.FullPath() {
	case "/commencer":
		if post {
			return classInterview
		}
	case "/reprendre":
		if post {
			return classResume
		}
	case "/api/v1/render":
		return classAPI
	case "/dossier/:procedure/:step":
		step := c.Param("step")
		if !post {
			if step == slugPreview || step == slugText {
				return classDocument
			}
			return classNone
		}
		switch step {
		case slugDownload:
			return classDocument
		case slugBundle:
			return classBundle
		}
		return classInterview
	}
	return classNone
}

// rateLimit spends a token of the client's bucket for the request's class; over the limit, a 429
// with Retry-After: a page saying how long to wait, or a JSON error for the API.
func (s *Server) rateLimit(c *gin.Context) {
	k := classify(c)
	if k == classNone {
		c.Next()
		return
	}
	ok, wait := s.limits.rates[k].Allow(c.Request)
	if ok {
		c.Next()
		return
	}
	secs := ratelimit.RetryAfter(wait)
	c.Header("Retry-After", secs)
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		apiFail(c, http.StatusTooManyRequests, "", "api.rate_limited", secs)
	} else {
		s.renderErrorArgs(c, http.StatusTooManyRequests, "error.too_many", secs)
	}
	c.Abort()
}

// renderErrorArgs is renderError with arguments for the body's format verbs.
func (s *Server) renderErrorArgs(c *gin.Context, status int, key string, args ...any) {
	v := s.newView(c, "error")
	v.Status = status
	v.Title = i18n.T(v.Lang, key+".title")
	v.Message = i18n.T(v.Lang, key+".body", args...)
	s.render(c, v)
}

// heavyWork bounds the jobs that take much CPU or memory (rendering a PDF or the letter's HTML or
// text, putting a dossier together, converting images): a buffered channel of slots. A request waits
// for a slot for a while, then gives up; memory then grows with the number of slots, not of requests.
type heavyWork struct {
	slots chan struct{}
	wait  time.Duration
}

func newHeavyWork(n int, wait time.Duration) *heavyWork {
	return &heavyWork{slots: make(chan struct{}, max(1, n)), wait: wait}
}

var errBusy = errors.New("handlers: no slot for heavy work")

// acquire takes a slot, waiting at most h.wait; it gives up early when ctx ends (the client left, or
// the server shuts down). The release function must be called once the work is done.
func (h *heavyWork) acquire(ctx context.Context) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	release = func() { <-h.slots }
	select {
	case h.slots <- struct{}{}:
		return release, nil
	default:
	}
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return release, nil
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// uploadBudget bounds the bytes of complete-dossier uploads held at once. A dossier is read whole
// into memory before it is checked; each upload reserves its declared size (Content-Length, which
// net/http holds the body to; the whole limit when the size is not declared) before its body is read,
// waiting at most wait, and gives it back when its answer is written.
type uploadBudget struct {
	sem   *semaphore.Weighted
	total int64
	wait  time.Duration
}

func newUploadBudget(total int64, wait time.Duration) *uploadBudget {
	total = max(total, 1)
	return &uploadBudget{sem: semaphore.NewWeighted(total), total: total, wait: wait}
}

// reserve takes room for an upload of declared size n (< 0: unknown).
func (u *uploadBudget) reserve(ctx context.Context, n int64) (release func(), err error) {
	if n < 0 || n > maxBundleBytes {
		n = maxBundleBytes
	}
	n = min(max(n, 1), u.total)
	ctx, cancel := context.WithTimeout(ctx, u.wait)
	defer cancel()
	if err := u.sem.Acquire(ctx, n); err != nil {
		return nil, errBusy
	}
	return func() { u.sem.Release(n) }, nil
}

// uploadRoom reserves room for the request's dossier upload, or answers 503 with Retry-After.
func (s *Server) uploadRoom(c *gin.Context) (release func(), ok bool) {
	release, err := s.limits.uploads.reserve(c.Request.Context(), c.Request.ContentLength)
	if err != nil {
		s.busy(c)
		return nil, false
	}
	return release, true
}

// heavySlot takes a slot for the request's heavy work, or answers it: 503 with Retry-After (a page,
// or JSON for the API) when none came in time. When the client is gone nobody reads the answer, but the
// log line still says 503. With a slot, the request's context ends after workTimeout: net/http does not
// cancel a handler whose WriteTimeout passed (it only fails its writes), so without this a render
// nobody can receive any more would keep its slot to the end.
func (s *Server) heavySlot(c *gin.Context) (release func(), ok bool) {
	free, err := s.limits.heavy.acquire(c.Request.Context())
	if err == nil {
		ctx, cancel := context.WithTimeout(c.Request.Context(), s.limits.workTimeout)
		c.Request = c.Request.WithContext(ctx)
		return func() { cancel(); free() }, true
	}
	s.busy(c)
	return nil, false
}

// busy answers 503 with Retry-After: a page, or JSON for the API.
func (s *Server) busy(c *gin.Context) {
	c.Header("Retry-After", busyRetryAfter)
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		apiFail(c, http.StatusServiceUnavailable, "", "api.busy", busyRetryAfter)
	} else {
		s.renderErrorArgs(c, http.StatusServiceUnavailable, "error.busy", busyRetryAfter)
	}
}

// stopped reports whether the answer can no longer be delivered, and then answers 503: the client
// left (net/http cancels the context when the connection closes) or the work ran past workTimeout.
// Nobody may read that page; the log line says why the work stopped.
func (s *Server) stopped(c *gin.Context) bool {
	if c.Request.Context().Err() == nil {
		return false
	}
	s.busy(c)
	return true
}

// letterSlot is what every page that makes the letter does first: a case the procedure refuses goes
// back to the verification page, which lists what to correct; otherwise the request waits for a slot of
// heavy work (see heavySlot).
func (s *Server) letterSlot(c *gin.Context, p procedures.Procedure, tok string, cs *letters.Case) (release func(), ok bool) {
	if hasErrors(procedures.Check(cs, p.ID, s.now())) {
		redirectToVerification(c, p, tok)
		return nil, false
	}
	return s.heavySlot(c)
}
