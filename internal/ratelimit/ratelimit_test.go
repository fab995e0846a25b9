package ratelimit_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"saisine/internal/ratelimit"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestBurstThenRefill(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := ratelimit.New(ratelimit.Config{Every: 10 * time.Second, Burst: 3, Now: c.now})
	for i := range 3 {
		if ok, _ := l.AllowKey("a"); !ok {
			t.Fatalf("request %d refused within the burst", i+1)
		}
	}
	ok, wait := l.AllowKey("a")
	if ok || wait != 10*time.Second {
		t.Fatalf("4th request: ok=%v wait=%v, want refused, 10s", ok, wait)
	}
	if ok, _ := l.AllowKey("b"); !ok {
		t.Fatal("another key shares the first key's bucket")
	}
	c.add(4 * time.Second)
	if ok, wait := l.AllowKey("a"); ok || wait != 6*time.Second {
		t.Fatalf("after 4s: ok=%v wait=%v, want refused, 6s", ok, wait)
	}
	c.add(6 * time.Second)
	if ok, _ := l.AllowKey("a"); !ok {
		t.Fatal("no token after the refill period")
	}
	c.add(time.Hour)
	for i := range 3 {
		if ok, _ := l.AllowKey("a"); !ok {
			t.Fatalf("after an hour, request %d refused: the bucket holds more than Burst?", i+1)
		}
	}
	if ok, _ := l.AllowKey("a"); ok {
		t.Fatal("the bucket grew beyond Burst")
	}
}

func TestMaxKeys(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := ratelimit.New(ratelimit.Config{Every: time.Minute, Burst: 1, MaxKeys: 2, Now: c.now})
	l.AllowKey("a")
	c.add(time.Second)
	l.AllowKey("b")
	c.add(time.Second)
	l.AllowKey("c") // drops the oldest, « a »
	if ok, _ := l.AllowKey("a"); !ok {
		t.Fatal("a forgotten key should start with a full bucket")
	}
	if ok, _ := l.AllowKey("c"); ok {
		t.Fatal("the newest key was dropped instead of the oldest")
	}
}

func TestMiddleware(t *testing.T) {
	l := ratelimit.New(ratelimit.Config{Every: time.Minute, Burst: 1})
	h := l.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }), nil)
	req := func(addr string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/", nil)
		r.RemoteAddr = addr
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	if w := req("192.0.2.1:1234"); w.Code != 204 {
		t.Fatalf("first: %d", w.Code)
	}
	w := req("192.0.2.1:5678") // same address, another port
	if w.Code != 429 || w.Header().Get("Retry-After") != "60" {
		t.Fatalf("second: %d Retry-After %q, want 429 and 60", w.Code, w.Header().Get("Retry-After"))
	}
	if w := req("[2001:db8::1]:80"); w.Code != 204 {
		t.Fatalf("other address: %d", w.Code)
	}
}

func TestRetryAfterRoundsUp(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "1", 100 * time.Millisecond: "1", 1500 * time.Millisecond: "2", time.Minute: "60"} {
		if got := ratelimit.RetryAfter(d); got != want {
			t.Errorf("RetryAfter(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestConcurrent(t *testing.T) {
	l := ratelimit.New(ratelimit.Config{Every: time.Hour, Burst: 50})
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range 200 {
		wg.Go(func() {
			if ok, _ := l.AllowKey("k"); ok {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if allowed != 50 {
		t.Fatalf("%d allowed, want exactly the burst (50)", allowed)
	}
}
