package handlers

import (
	"bytes"
	"html/template"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/procedures"
	"saisine/letters/render"
)

// The preview: the letter in HTML (always French), each legal paragraph with its « Pourquoi ce
// paragraphe ? », preceded by what each part of the letter says, in the interface's language.

type previewData struct {
	Letter   template.HTML
	Sections []sectionGuide
	Bundle   bundleForm
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
	release, ok := s.letterSlot(c, p, tok, st.Case)
	if !ok {
		return
	}
	defer release()
	v, ok := s.previewView(c, p, tok, st.Case, nil)
	if !ok {
		return
	}
	s.render(c, v)
}

// previewView is the preview page of a case that passed procedures.Check; addErrors, when not nil, adds
// the upload form's errors (the page shown again after a refused upload). It answers the request
// itself (500) when the letter cannot be built. Callers hold a heavy-work slot.
func (s *Server) previewView(c *gin.Context, p procedures.Procedure, tok string, cs *letters.Case, addErrors func(v *view)) (*view, bool) {
	doc, err := s.build(p, cs)
	if err != nil {
		s.log.Error("build letter", "procedure", p.ID, "err_type", "build")
		s.serverError(c)
		return nil, false
	}
	var buf bytes.Buffer
	if err := render.HTMLFragment(&buf, doc); err != nil {
		s.serverError(c)
		return nil, false
	}
	v := s.newView(c, "preview")
	v.Proc, v.Token = &p, tok
	v.Title = i18n.T(v.Lang, "preview.title")
	v.Step = s.stepInfo(p, slugPreview, tok)
	v.Self = stepURL(p.ID, slugPreview, tok, "")
	if addErrors != nil {
		addErrors(v)
	}
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
	d.Bundle = newBundleForm(v, doc.Exhibits)
	d.Bundle.Refused = addErrors != nil
	v.Data = d
	return v, true
}
