package handlers

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/procedures"
)

// homeData is the home page's form: who the person is, and what they want to do.
type homeData struct {
	Kind  fieldView
	Procs []procOption
	// ProcID is the id of the procedure group's fieldset and error.
	ProcError   string
	ProcErrorID string
}

// procOption is one procedure offered on the home page. Class lists the sender kinds it is for
// (« for-resident for-councillors »): the stylesheet hides the others once a kind is chosen, and the
// server refuses a mismatch with the engine's message.
type procOption struct {
	optionView
	Kinds string
	Class string
}

func (s *Server) homeView(c *gin.Context) *view {
	v := s.newView(c, "home")
	v.Title = i18n.T(v.Lang, "home.title")
	return v
}

func (s *Server) fillHome(v *view) {
	d := homeData{Kind: makeField(v.Lang, v, "kind")}
	chosen := v.Values.Get("procedure")
	kind := v.Values.Get("kind")
	for _, p := range procedures.All() {
		o := procOption{
			optionView: optionView{Value: p.ID, ID: optionID("procedure", p.ID), Label: procTitle(v.Lang, p), Checked: p.ID == chosen},
			Kinds:      kindsLabel(v.Lang, p),
			Class:      forKindsClass(p),
		}
		o.Hint = procSummary(v.Lang, p)
		o.HintID = o.ID + "-hint"
		// After a refused post, offer only what fits the kind chosen.
		if kind != "" && len(p.Require.SenderKinds) > 0 && !slices.Contains(p.Require.SenderKinds, kind) && p.ID != chosen {
			continue
		}
		d.Procs = append(d.Procs, o)
	}
	if msg, ok := v.Errors[fieldID("procedure")]; ok {
		d.ProcError, d.ProcErrorID = msg, fieldID("procedure")+"-error"
	}
	v.Data = d
}

// home is the first page.
func (s *Server) home(c *gin.Context) {
	v := s.homeView(c)
	s.fillHome(v)
	s.render(c, v)
}

// start creates the case from the home page's choices and goes to the first step.
func (s *Server) start(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	form := c.Request.PostForm
	kind, procID := form.Get("kind"), form.Get("procedure")
	v := s.homeView(c)
	if !slices.Contains(letters.Enumerations["sender.kind"], kind) {
		v.addError("kind", i18n.T(v.Lang, "error.kind.required"))
		kind = ""
	}
	p, ok := procedureByID(procID)
	if !ok {
		v.addError("procedure", i18n.T(v.Lang, "error.procedure.required"))
	} else if kind != "" && len(p.Require.SenderKinds) > 0 && !slices.Contains(p.Require.SenderKinds, kind) {
		pr := letters.Problem{Path: "sender.kind", Code: letters.CodeProcedureSenderKind,
			Args: append([]string{p.ID, kind}, p.Require.SenderKinds...)}
		v.addError("procedure", pr.Message(v.Lang.Letters()))
	}
	if len(v.Summary) > 0 {
		v.Status = http.StatusUnprocessableEntity
		v.Values = keptValues(form, &letters.Case{})
		v.Posted = form
		s.fillHome(v)
		s.render(c, v)
		return
	}
	cs := &letters.Case{Version: letters.Version, Sender: letters.Sender{Kind: kind}}
	tok, ok := s.seal(c, p, cs)
	if !ok {
		return
	}
	c.Redirect(http.StatusSeeOther, stepURL(p.ID, stepSequence(p)[0], tok, ""))
}

// kindsLabel says for whom a procedure is (« Pour : un particulier »).
func kindsLabel(lang i18n.Lang, p procedures.Procedure) string {
	kinds := p.Require.SenderKinds
	if len(kinds) == 0 {
		return i18n.T(lang, "home.for_everyone")
	}
	var names []string
	for _, k := range kinds {
		names = append(names, i18n.T(lang, "enum.sender.kind."+k+".short"))
	}
	return i18n.T(lang, "home.for", strings.Join(names, i18n.T(lang, "common.or")))
}

func forKindsClass(p procedures.Procedure) string {
	kinds := p.Require.SenderKinds
	if len(kinds) == 0 {
		kinds = letters.Enumerations["sender.kind"]
	}
	var cls []string
	for _, k := range kinds {
		cls = append(cls, "for-"+k)
	}
	return strings.Join(cls, " ")
}

func procSummary(lang i18n.Lang, p procedures.Procedure) string {
	if lang == i18n.EN && p.SummaryEN != "" {
		return p.SummaryEN
	}
	return p.Summary
}
