package handlers

import (
	"bytes"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters/procedures"
	"saisine/letters/render"
)

// The text page: the letter as plain text for the CNIL's online form, whole and section by section,
// each with its character count and a copy button (a script adds the buttons; without it, the text
// areas can be selected and copied by hand).

type textData struct {
	Whole    string
	Count    string
	Sections []sectionText
}

func (s *Server) textPage(c *gin.Context, p procedures.Procedure) {
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
		s.serverError(c)
		return
	}
	var buf bytes.Buffer
	if err := render.Text(&buf, doc, render.TextOptions{}); err != nil {
		s.serverError(c)
		return
	}
	secs, err := sectionTexts(doc)
	if err != nil {
		s.serverError(c)
		return
	}
	v := s.newView(c, "text")
	v.Proc, v.Token = &p, tok
	v.Title = i18n.T(v.Lang, "text.title")
	v.Step = s.stepInfo(p, slugText, tok)
	v.Step.Back = stepURL(p.ID, slugPreview, tok, "")
	v.Script = true
	whole := buf.String()
	for i := range secs {
		secs[i].Shown = groupDigits(v.Lang, secs[i].Count)
	}
	v.Data = textData{Whole: whole, Count: groupDigits(v.Lang, len([]rune(whole))), Sections: secs}
	s.render(c, v)
}

// groupDigits writes a count as people read it: « 12 511 » (narrow no-break space) in French, “12,511”
// in English.
func groupDigits(lang i18n.Lang, n int) string {
	s := itoa(n)
	sep := "\u202f"
	if lang == i18n.EN {
		sep = ","
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}
