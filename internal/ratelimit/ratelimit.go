// Package ratelimit is a per-key token bucket for HTTP handlers: each key (usually the client's
// address) holds up to Burst tokens, refilled at one token every Every; a request spends one. It knows
// nothing of the application: the caller chooses the key and writes the refusal page.
package ratelimit

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Config sets a limiter.
type Config struct {
	// Every is the time to earn one token back (the sustained rate). Required.
	Every time.Duration
	// Burst is the number of requests allowed at once after a quiet period. Required.
	Burst int
	// Key names the bucket a request spends from; nil means the request's RemoteAddr without its port.
	Key func(*http.Request) string
	// MaxKeys bounds the memory held: when that many buckets exist, full ones are dropped, and if none
	// is full the oldest is. Zero means 100 000.
	MaxKeys int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Limiter is safe for concurrent use.
type Limiter struct {
	cfg     Config
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time // last refill
	used   time.Time // last request, for forgetting the least recently used bucket
}

// New returns a limiter; it panics on a configuration without a rate or a burst, which is a
// programming error.
func New(cfg Config) *Limiter {
	if cfg.Every <= 0 || cfg.Burst <= 0 {
		panic("ratelimit: Every and Burst must be positive")
	}
	if cfg.Key == nil {
		cfg.Key = RemoteIP
	}
	if cfg.MaxKeys <= 0 {
		cfg.MaxKeys = 100_000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Limiter{cfg: cfg, buckets: map[string]*bucket{}}
}

// RemoteIP is the default key: the address the connection comes from. Behind a reverse proxy every
// request shares the proxy's address; give a Key that reads the proxy's header then.
func RemoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Allow spends a token of the request's bucket. When none is left it reports false and how long to
// wait before the next token.
func (l *Limiter) Allow(r *http.Request) (bool, time.Duration) {
	return l.AllowKey(l.cfg.Key(r))
}

// AllowKey is Allow for a key the caller computed.
func (l *Limiter) AllowKey(key string) (bool, time.Duration) {
	now := l.cfg.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.cfg.MaxKeys {
			l.sweep(now)
		}
		b = &bucket{tokens: float64(l.cfg.Burst), at: now}
		l.buckets[key] = b
	}
	l.refill(b, now)
	b.used = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) * float64(l.cfg.Every))
	return false, wait
}

func (l *Limiter) refill(b *bucket, now time.Time) {
	if el := now.Sub(b.at); el > 0 {
		b.tokens = math.Min(float64(l.cfg.Burst), b.tokens+float64(el)/float64(l.cfg.Every))
		b.at = now
	}
}

// sweep forgets the buckets that are full again (forgetting them changes nothing), and the least
// recently used one if that freed no room. Called with l.mu held.
func (l *Limiter) sweep(now time.Time) {
	var oldKey string
	var old time.Time
	for k, b := range l.buckets {
		l.refill(b, now)
		if b.tokens >= float64(l.cfg.Burst) {
			delete(l.buckets, k)
			continue
		}
		if oldKey == "" || b.used.Before(old) {
			oldKey, old = k, b.used
		}
	}
	if len(l.buckets) >= l.cfg.MaxKeys && oldKey != "" {
		delete(l.buckets, oldKey)
	}
}

// RetryAfter formats a wait for the Retry-After header: whole seconds, rounded up, at least 1.
func RetryAfter(d time.Duration) string {
	s := int64(math.Ceil(d.Seconds()))
	if s < 1 {
		s = 1
	}
	return strconv.FormatInt(s, 10)
}

// Middleware wraps next: a request over the limit gets deny (which must write the response; nil
// means a plain 429), with the Retry-After header already set.
func (l *Limiter) Middleware(next http.Handler, deny http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := l.Allow(r)
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Retry-After", RetryAfter(wait))
		if deny != nil {
			deny(w, r)
			return
		}
		http.Error(w, http.StatusText(http.StatusTooManyRequests), http.StatusTooManyRequests)
	})
}
