package handlers

import (
	"io/fs"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"saisine/assets"
	"saisine/i18n"
)

func (s *Server) accessibility(c *gin.Context) {
	v := s.newView(c, "accessibility")
	v.Title = i18n.T(v.Lang, "accessibility.title")
	s.render(c, v)
}

func (s *Server) privacy(c *gin.Context) {
	v := s.newView(c, "privacy")
	v.Title = i18n.T(v.Lang, "privacy.title")
	s.render(c, v)
}

var staticTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
}

// static serves the files of assets/web/static, and nothing else: no directory listing, no template.
func (s *Server) static(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("filepath"), "/")
	ctype, ok := staticTypes[path.Ext(name)]
	if !ok || !fs.ValidPath(name) {
		s.notFound(c)
		return
	}
	b, err := fs.ReadFile(assets.WebStatic(), name)
	if err != nil {
		s.notFound(c)
		return
	}
	c.Data(200, ctype, b)
}
