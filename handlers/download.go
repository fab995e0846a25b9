package handlers

import (
	"bytes"
	"net/http"

	"github.com/gin-gonic/gin"

	"saisine/letters"
	"saisine/letters/procedures"
	"saisine/letters/render"
)

// download answers POST /dossier/{procedure}/telecharger: the case file (JSON) at any step, the letter
// (PDF, text) once the case has no error.
func (s *Server) download(c *gin.Context, p procedures.Procedure) {
	if !s.parseForm(c) {
		return
	}
	tok := c.Request.PostForm.Get("etat")
	st, ok := s.open(c, tok, p)
	if !ok {
		return
	}
	format := c.Request.PostForm.Get("format")
	var buf bytes.Buffer
	var ctype, ext string
	switch format {
	case "json":
		if err := letters.Encode(&buf, st.Case); err != nil {
			s.serverError(c)
			return
		}
		ctype, ext = "application/json; charset=utf-8", "json"
		attach(c, fileSlug("dossier", p.ID, st.Case.Commune.Name)+"."+ext, ctype, buf.Bytes())
		return
	case "pdf", "txt":
	default:
		s.renderError(c, http.StatusBadRequest, "error.format")
		return
	}
	if hasErrors(procedures.Check(st.Case, p.ID, s.now())) {
		redirectToVerification(c, p, tok)
		return
	}
	doc, err := s.build(p, st.Case)
	if err != nil {
		s.serverError(c)
		return
	}
	if format == "pdf" {
		err = render.PDF(&buf, doc, render.DefaultPDFOptions())
		ctype = "application/pdf"
	} else {
		err = render.Text(&buf, doc, render.TextOptions{Counts: true})
		ctype = "text/plain; charset=utf-8"
	}
	if err != nil {
		s.serverError(c)
		return
	}
	attach(c, fileSlug(p.ID, st.Case.Commune.Name)+"."+format, ctype, buf.Bytes())
}

// attach sends a file to save (never shown inline), with an ASCII file name.
func attach(c *gin.Context, name, ctype string, body []byte) {
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, ctype, body)
}
