// Package handlers is the web interface of saisine: a Gin router serving the interview (one page per
// topic, Post/Redirect/Get, the state sealed in the page), the preview and downloads, the resume
// page, the accessibility and privacy pages and a small JSON API. Routes, field names and error markup
// follow docs/web-contract.md. The handlers call the letter engine; they never write letter text.
package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/gin-gonic/gin"

	"saisine/handlers/state"
	"saisine/internal/ratelimit"
	"saisine/letters/law"
	"saisine/store"
)

// Options configure the web interface.
type Options struct {
	// Logger receives one line per request (method, route pattern, status, duration) and nothing
	// about the person: no query string, no form value, no address.
	Logger *slog.Logger
	// Sealer seals the interview state into the page. Required.
	Sealer *state.Sealer
	// Communes finds communes by postal code; nil means the official list (package communes).
	Communes Communes
	// Settings are the legal settings of the letters (status of the JOP 2030 experiment); zero means
	// law.DefaultSettings().
	Settings law.Settings
	// Now is the clock (letter dates, "not in the future" rules); nil means time.Now.
	Now func() time.Time
	// Store keeps the collective campaigns; nil turns them off (their pages answer 503).
	Store store.Store
	// CampaignLimit bounds the campaign POSTs per client address (signing, and the association's
	// actions, each with its own buckets); zero means a token every 3 s and a burst of 20.
	CampaignLimit ratelimit.Config
	// TrustedProxies are the reverse proxies (IP addresses or CIDR blocks) whose X-Forwarded-For is
	// believed: the campaign rate limits then count per client instead of per proxy. Empty trusts none,
	// the only safe choice when clients reach the server directly (they could name any address).
	TrustedProxies []string
	// RateScale multiplies every per-client limit (the interview, documents, API, uploads and the
	// campaign buckets): a bucket holds RateScale times as many requests and refills RateScale times as
	// fast. Zero means 1. Raise it where many people share one address (an association's office, a
	// library); lower it to be stricter.
	RateScale float64
}

// Server is the web interface.
type Server struct {
	log      *slog.Logger
	sealer   *state.Sealer
	communes Communes
	now      func() time.Time
	views    *renderer
	engine   *gin.Engine
	cop      *http.CrossOriginProtection
	settings law.Settings
	store    store.Store
	// signLimit and adminLimit bound the POSTs of the signing pages and of the association's pages.
	signLimit, adminLimit *ratelimit.Limiter
	trustedProxies        []string
	// limits bound each client's rate of costly requests and the heavy work done at once (limits.go).
	limits *limits
}

// Body size limits.
const (
	maxFormBytes   = 1 << 20 // interview forms
	maxUploadBytes = 2 << 20 // resume upload, API bodies
)

// New builds the web interface.
func New(o Options) (*Server, error) {
	if o.Sealer == nil {
		return nil, errors.New("handlers: no state sealer")
	}
	if o.Communes == nil {
		o.Communes = OfficialCommunes()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	views, err := newRenderer()
	if err != nil {
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	s := &Server{
		log:      o.Logger,
		sealer:   o.Sealer,
		communes: o.Communes,
		now:      o.Now,
		views:    views,
		cop:      http.NewCrossOriginProtection(),
		settings: o.Settings,
		store:    o.Store,
	}
	if o.CampaignLimit.Every == 0 || o.CampaignLimit.Burst == 0 {
		o.CampaignLimit = defaultCampaignLimit
	}
	for _, p := range o.TrustedProxies {
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				return nil, fmt.Errorf("handlers: trusted proxy %q is neither an IP address nor a CIDR block", p)
			}
		}
	}
	if len(o.TrustedProxies) > 0 && o.CampaignLimit.Key == nil {
		o.CampaignLimit.Key = clientKey
	}
	if o.RateScale < 0 {
		return nil, fmt.Errorf("handlers: rate scale %v is negative", o.RateScale)
	}
	s.trustedProxies = o.TrustedProxies
	o.CampaignLimit = scaleRate(o.CampaignLimit, o.RateScale)
	s.signLimit = ratelimit.New(o.CampaignLimit)
	s.adminLimit = ratelimit.New(o.CampaignLimit)
	lc := defaultLimits()
	for i := range lc.rates {
		lc.rates[i] = scaleRate(lc.rates[i], o.RateScale)
	}
	s.limits = newLimits(lc)
	if s.settings == (law.Settings{}) {
		s.settings = law.DefaultSettings()
	}
	s.engine = s.routes()
	return s, nil
}

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.engine.ServeHTTP(w, r)
}

func (s *Server) routes() *gin.Engine {
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	// Gin trusts every proxy unless told otherwise; the list was checked in New.
	_ = e.SetTrustedProxies(s.trustedProxies)
	if len(s.trustedProxies) > 0 {
		// X-Forwarded-For only: when it names no untrusted address Gin falls back to X-Real-IP, which a
		// proxy that does not set it passes on from the client.
		e.RemoteIPHeaders = []string{"X-Forwarded-For"}
		e.Use(rememberClientIP)
	}

	e.Use(s.logRequests, s.recoverPanics, s.securityHeaders, s.negotiateLanguage, s.crossOrigin, s.rateLimit, s.limitBody)

	e.GET("/healthz", s.healthz)
	e.HEAD("/healthz", s.healthz)
	e.GET("/static/*filepath", s.static)

	e.GET("/", s.home)
	e.POST("/commencer", s.start)
	e.GET("/dossier/:procedure/:step", s.stepGet)
	e.POST("/dossier/:procedure/:step", s.stepPost)
	e.GET("/reprendre", s.resumeGet)
	e.POST("/reprendre", s.resumePost)
	e.GET("/langue/:lang", s.language)
	e.GET("/accessibilite", s.accessibility)
	e.GET("/confidentialite", s.privacy)
	e.POST("/effacer", s.erase)

	s.campaignRoutes(e)

	api := e.Group("/api/v1")
	api.POST("/render", s.apiRender)
	api.GET("/procedures", s.apiProcedures)
	api.GET("/schema", s.apiSchema)
	api.GET("/example/:id", s.apiExample)

	e.NoRoute(s.notFound)
	e.NoMethod(s.methodNotAllowed)
	return e
}

type clientIPKey struct{}

// rememberClientIP puts Gin's client address (X-Forwarded-For read through the trusted proxies) in the
// request's context: the rate limiters see the *http.Request only, not the gin.Context.
func rememberClientIP(c *gin.Context) {
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), clientIPKey{}, c.ClientIP()))
}

// clientKey is the rate limiters' key behind trusted proxies: the client's address as Gin found it.
func clientKey(r *http.Request) string {
	if ip, ok := r.Context().Value(clientIPKey{}).(string); ok && ip != "" {
		return ip
	}
	return ratelimit.RemoteIP(r)
}
