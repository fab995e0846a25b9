package handlers

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
)

const langCookie = "lang"

// language answers GET /langue/{fr|en}?retour=…: it sets the « lang » cookie and goes back to the page,
// whose address carries the answers (the state token), so that nothing typed and saved is lost.
func (s *Server) language(c *gin.Context) {
	lang, ok := i18n.Parse(c.Param("lang"))
	if !ok {
		s.notFound(c)
		return
	}
	s.setCookie(c, &http.Cookie{Name: langCookie, Value: string(lang), MaxAge: 365 * 24 * 3600})
	c.Redirect(http.StatusSeeOther, safeReturn(c.Query("retour")))
}

// safeReturn keeps a return address only when it is a path on this site ("/dossier/…?etat=…"): no
// scheme, no host, no "//" or "/\" that a browser would read as another site.
func safeReturn(s string) string {
	if s == "" || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") ||
		strings.ContainsAny(s, "\r\n\t\\") {
		return "/"
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return s
}
