package handlers

import (
	"errors"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/procedures"
)

// Resuming: the person uploads the case file they downloaded earlier and picks the procedure; a file
// the engine reads goes straight to the verification page, anything else is explained.

type resumeData struct {
	File      fieldView
	Procedure fieldView
}

func (s *Server) resumeView(c *gin.Context) *view {
	v := s.newView(c, "resume")
	v.Title = i18n.T(v.Lang, "resume.title")
	v.Self = "/reprendre"
	return v
}

func (s *Server) fillResume(v *view) {
	proc := makeField(v.Lang, v, "procedure", "label=field.procedure.label_resume", "hint=field.procedure.hint_resume")
	proc.Kind = kindSelect
	proc.Options = []optionView{{Value: "", Label: i18n.T(v.Lang, "resume.choose"), Checked: v.Values.Get("procedure") == ""}}
	for _, p := range procedures.All() {
		proc.Options = append(proc.Options, optionView{Value: p.ID, Label: procTitle(v.Lang, p), Checked: v.Values.Get("procedure") == p.ID})
	}
	v.Data = resumeData{File: makeField(v.Lang, v, "dossier"), Procedure: proc}
}

func (s *Server) resumeGet(c *gin.Context) {
	v := s.resumeView(c)
	if id := c.Query("procedure"); id != "" {
		v.Values.Set("procedure", id)
	}
	s.fillResume(v)
	s.render(c, v)
}

func (s *Server) resumePost(c *gin.Context) {
	v := s.resumeView(c)
	fail := func() {
		v.Status = http.StatusUnprocessableEntity
		s.fillResume(v)
		s.render(c, v)
	}
	if err := c.Request.ParseMultipartForm(maxUploadBytes); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			v.addError("dossier", letters.Problem{Code: letters.CodeTooLarge, Args: []string{"1048576"}}.Message(v.Lang.Letters()))
			fail()
			return
		}
		if !errors.Is(err, http.ErrNotMultipart) {
			s.renderError(c, http.StatusBadRequest, "error.bad_request")
			return
		}
	}
	procID := c.Request.FormValue("procedure")
	v.Values.Set("procedure", procID)
	p, procOK := procedures.Get(procID)
	file, _, err := c.Request.FormFile("dossier")
	if err != nil {
		v.addError("dossier", i18n.T(v.Lang, "error.resume.no_file"))
	}
	if !procOK {
		v.addError("procedure", i18n.T(v.Lang, "error.procedure.required"))
	}
	if err != nil {
		fail()
		return
	}
	defer file.Close()
	cs, problems := letters.Decode(file)
	if len(problems) > 0 {
		// Every problem of the file is listed; the field shows the first.
		for i, pr := range problems {
			msg := pr.Message(v.Lang.Letters())
			if pr.Path != "" {
				msg = pr.Path + i18n.T(v.Lang, "common.colon") + msg
			}
			if i == 0 {
				v.addError("dossier", msg)
				continue
			}
			v.Summary = append(v.Summary, summaryItem{Href: "#" + fieldID("dossier"), Message: msg})
		}
		fail()
		return
	}
	if !procOK {
		fail()
		return
	}
	if kinds := p.Require.SenderKinds; len(kinds) > 0 && slices.Contains(letters.Enumerations["sender.kind"], cs.Sender.Kind) &&
		!slices.Contains(kinds, cs.Sender.Kind) {
		pr := letters.Problem{Path: "sender.kind", Code: letters.CodeProcedureSenderKind,
			Args: append([]string{p.ID, cs.Sender.Kind}, kinds...)}
		v.addError("procedure", pr.Message(v.Lang.Letters()))
		fail()
		return
	}
	tok, ok := s.seal(c, p, cs)
	if !ok {
		return
	}
	c.Redirect(http.StatusSeeOther, stepURL(p.ID, slugVerification, tok, ""))
}
