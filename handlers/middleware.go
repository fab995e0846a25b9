package handlers

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
)

// ContentSecurityPolicy is sent with every response: nothing inline, nothing from another origin.
const ContentSecurityPolicy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// logRequests writes one line per request: method, route pattern (never the path with its values nor
// the query string, which holds the state token), status and duration. Nothing else about the request
// (no address, no header, no form value) reaches the log.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "(none)"
	}
	s.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "request",
		slog.String("method", c.Request.Method),
		slog.String("route", route),
		slog.Int("status", c.Writer.Status()),
		slog.Duration("duration", time.Since(start)),
	)
}

// recoverPanics turns a panic into a 500 page and a log line that names the route only: a panic value
// may quote what the user typed.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			s.log.LogAttrs(c.Request.Context(), slog.LevelError, "panic", slog.String("route", c.FullPath()))
			if !c.Writer.Written() {
				s.serverError(c)
			}
			c.Abort()
		}
	}()
	c.Next()
}

// securityHeaders sets the headers every response carries. Everything but the static files may show
// personal data (the interview, downloads, the API): none of it may be stored by a cache.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if strings.HasPrefix(c.Request.URL.Path, "/static/") {
		h.Set("Cache-Control", "public, max-age=3600")
	} else {
		h.Set("Cache-Control", "no-store")
	}
	c.Next()
}

type langKey struct{}

// negotiateLanguage picks the interface language: the « lang » cookie, else Accept-Language, else
// French.
func (s *Server) negotiateLanguage(c *gin.Context) {
	cookie, _ := c.Cookie(langCookie)
	c.Set("lang", i18n.Negotiate(cookie, c.GetHeader("Accept-Language")))
	c.Next()
}

func langOf(c *gin.Context) i18n.Lang {
	if l, ok := c.Get("lang"); ok {
		if l, ok := l.(i18n.Lang); ok {
			return l
		}
	}
	return i18n.FR
}

// crossOrigin refuses state-changing requests sent by another site's page (Go's
// http.CrossOriginProtection: Sec-Fetch-Site, else Origin against Host). Requests without those
// headers (scripts, curl) pass: they cannot carry a victim's browser session, and there is none.
func (s *Server) crossOrigin(c *gin.Context) {
	if err := s.cop.Check(c.Request); err != nil {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			apiFail(c, http.StatusForbidden, "", "error.cross_origin.body")
		} else {
			s.renderError(c, http.StatusForbidden, "error.cross_origin")
		}
		c.Abort()
		return
	}
	c.Next()
}

// limitBody bounds request bodies: 1 MiB for forms, 2 MiB for the resume upload and the API, the
// exhibits' limit (50 MiB) and 1 MiB for the complete dossier's upload, 4 MiB for a campaign's CSV
// import (10,000 mandants and more are common, and 1 MiB holds about 7,000).
func (s *Server) limitBody(c *gin.Context) {
	if c.Request.Body != nil && c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		limit := int64(maxFormBytes)
		p := c.Request.URL.Path
		switch {
		case p == "/reprendre" || strings.HasPrefix(p, "/api/"):
			limit = maxUploadBytes
		case strings.HasPrefix(p, "/dossier/") && strings.HasSuffix(p, "/"+slugBundle):
			limit = maxBundleBytes
		case strings.HasPrefix(p, "/campagnes/") && strings.HasSuffix(p, "/importer"):
			// Only the admin secret's holder gets past requireAdmin, which reads no body: a wrong
			// secret costs the sender a 404, not 4 MiB of the server's memory.
			limit = maxImportBytes
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	}
	c.Next()
}
