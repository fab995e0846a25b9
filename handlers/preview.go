package handlers

import (
	"bytes"
	"html/template"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters/procedures"
	"saisine/letters/render"
)

// The preview: the letter in HTML (always French), each legal paragraph with its « Pourquoi ce
// paragraphe ? », preceded by what each part of the letter says, in the interface's language.

type previewData struct {
	Letter   template.HTML
	Sections []sectionGuide
}

type sectionGuide struct {
	Title string // the section's French title, as in the letter
	Says  string // what it says, in the interface's language
}

func (s *Server) preview(c *gin.Context, p procedures.Procedure) {
	tok := c.Query("etat")
	st, ok := s.open(c, tok, p)
	if !ok {
		return
	}
	if hasErrors(procedures.Check(st.Case, p.ID, s.now())) {
		redirectToVerification(c, p, tok)
		return
	}
	doc, err := s.build(p, st.Case)
	if err != nil {
		s.log.Error("build letter", "procedure", p.ID, "err_type", "build")
		s.serverError(c)
		return
	}
	var buf bytes.Buffer
	if err := render.HTMLFragment(&buf, doc); err != nil {
		s.serverError(c)
		return
	}
	v := s.newView(c, "preview")
	v.Proc, v.Token = &p, tok
	v.Title = i18n.T(v.Lang, "preview.title")
	v.Step = s.stepInfo(p, slugPreview, tok)
	d := previewData{Letter: template.HTML(buf.String())} // the engine's html/template output
	num := 0
	for _, sec := range doc.Sections {
		title := sec.Title
		if sec.Numbered {
			num++
			title = itoa(num) + ". " + title
		}
		says, ok := i18n.Lookup(v.Lang, "letter.section."+sec.ID)
		if !ok || title == "" {
			continue
		}
		d.Sections = append(d.Sections, sectionGuide{Title: title, Says: says})
	}
	v.Data = d
	s.render(c, v)
}
