package handlers

import (
	"net/http"
	"net/netip"
	"strings"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
)

// erase answers POST /effacer (« Tout effacer »). The server keeps no interview state, so there is
// nothing to delete on it; and a sealed token cannot be revoked without keeping a list of them, which
// would be the very storage the interview avoids. What this does: the page that answers carries no
// token (the next page has no « etat » to send on), the browser is told to drop what it cached or
// stored for this site, and the language cookie is expired. A token copied elsewhere (history, a
// bookmark) stays readable until it expires; the page says so.
func (s *Server) erase(c *gin.Context) {
	// "cookies" is left out on purpose: it clears every cookie of the registrable domain, including
	// those of other sites served from sibling subdomains. The one cookie saisine sets is expired by
	// name below. "executionContexts" would reload the person's other tabs.
	c.Header("Clear-Site-Data", `"cache", "storage"`)
	c.Header("Cache-Control", "no-store")
	s.setCookie(c, &http.Cookie{Name: langCookie, Value: "", MaxAge: -1})
	v := s.newView(c, "erased")
	v.Title = i18n.T(v.Lang, "erased.title")
	s.render(c, v)
}

// setCookie sets a cookie with the attributes every saisine cookie has: the whole site, no script
// access, not sent with cross-site subrequests, and Secure whenever the visitor's connection is TLS.
func (s *Server) setCookie(c *gin.Context, ck *http.Cookie) {
	ck.Path = "/"
	ck.HttpOnly = true
	ck.SameSite = http.SameSiteLaxMode
	ck.Secure = s.overTLS(c)
	http.SetCookie(c.Writer, ck)
}

// overTLS reports whether the visitor reached the site over TLS: directly, or through one of the
// trusted proxies that says so in X-Forwarded-Proto. The header from anyone else is ignored: a client
// could send it over plain HTTP.
func (s *Server) overTLS(c *gin.Context) bool {
	if c.Request.TLS != nil {
		return true
	}
	if len(s.trustedProxies) == 0 || !s.fromTrustedProxy(c.Request.RemoteAddr) {
		return false
	}
	// Each proxy appends its own value; the first is the one that faced the visitor.
	proto, _, _ := strings.Cut(c.GetHeader("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

func (s *Server) fromTrustedProxy(remoteAddr string) bool {
	ap, err := netip.ParseAddrPort(remoteAddr)
	var ip netip.Addr
	if err == nil {
		ip = ap.Addr()
	} else if ip, err = netip.ParseAddr(remoteAddr); err != nil {
		return false
	}
	ip = ip.Unmap()
	for _, p := range s.trustedProxies {
		if prefix, err := netip.ParsePrefix(p); err == nil {
			if prefix.Contains(ip) {
				return true
			}
		} else if a, err := netip.ParseAddr(p); err == nil && a.Unmap() == ip {
			return true
		}
	}
	return false
}
