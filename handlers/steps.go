package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"saisine/handlers/state"
	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/procedures"
)

// step is one page of the interview. Each step lives in its own file (step_*.go) with its binding,
// its actions and its template (assets/web/templates/pages/step_SLUG.html).
type step struct {
	Slug string
	// Owns lists the JSON paths whose problems belong to this step (a path and everything under it);
	// Except removes some of them.
	Owns   []string
	Except []string
	// Fields lists the paths this step asks for, in order (for the "check your answers" page and for
	// deciding whether the step is needed); identity steps depend on the sender kind.
	Fields func(c *letters.Case) []string
	// Lists are the row lists of the step (facts.sources, prior_steps…), in order.
	Lists []listDef
	// WithClaims: the step is needed by any procedure that argues grievances, whatever the modules
	// read (the sources, the requests).
	WithClaims bool
	// Always: every procedure needs the step.
	Always bool
	// Bind reads the posted form into in.Case and returns the form's own errors (a postal code with no
	// commune, a number that is not one); the engine's checks come after.
	Bind func(s *Server, in *stepInput) []formError
	// Action handles a button other than « continuer » (add or remove a row, look up a commune). It
	// returns the fragment to scroll to after the redirect, and whether it handled the action.
	Action func(s *Server, in *stepInput) (fragment string, handled bool)
	// Prepare adds what the template needs besides the values (derived values, choices).
	Prepare func(s *Server, v *view, c *letters.Case)
	// Derived lists paths the step fills itself (the commune's name from its postal code): the
	// engine's problems there are not shown, the step's own errors say what to do.
	Derived []string
}

// listDef is a list of rows: its path and the fields of each row.
type listDef struct {
	Prefix string
	Fields []string
	// Title is the catalogue key naming one row (« Source %d »).
	Title string
}

// stepInput is what Bind and Action work on.
type stepInput struct {
	Old    *letters.Case // the case before this post (do not modify)
	Case   *letters.Case // the case being filled
	Form   url.Values
	Action string
	Proc   procedures.Procedure
	// Errors are Bind's errors, for Action to see.
	Errors []formError
	// Only, when set by Action, limits the errors shown to these paths (a failed commune lookup shows
	// the postal code's error, not the rest of the page's).
	Only []string
}

// formError is an error found by the form itself: a catalogue key, or a problem of the engine's
// catalogue when one says it (a number out of range).
type formError struct {
	Path    string
	Key     string
	Args    []any
	Problem *letters.Problem
}

// allSteps is the interview in order (docs/web-contract.md).
var allSteps = []*step{
	communeStep,
	systemeStep,
	connaissancesStep,
	sourcesStep,
	situationStep,
	demarchesStep,
	demandesStep,
	identiteStep,
}

// Pages after the interview.
const (
	slugVerification = "verification"
	slugPreview      = "apercu"
	slugText         = "texte"
	slugDownload     = "telecharger"
)

func stepBySlug(slug string) *step {
	for _, s := range allSteps {
		if s.Slug == slug {
			return s
		}
	}
	return nil
}

// needed is the set of JSON paths some part of the procedure reads: the facts its claim modules (and
// the legal framework) need, and the fields it requires.
// Do not modify the result: it is shared.
func needed(p procedures.Procedure) map[string]bool { return planOf(p).need }

func computeNeeded(p procedures.Procedure) map[string]bool {
	m := map[string]bool{}
	for _, id := range p.Claims {
		if cl, ok := claims.Get(id); ok {
			for _, n := range cl.Needs {
				m[n] = true
			}
		}
	}
	if len(p.Claims) > 0 {
		for _, n := range claims.Framework.Needs {
			m[n] = true
		}
	}
	for _, f := range p.Require.Fields {
		m[f] = true
	}
	if p.WarnWithoutPriorStep {
		m["prior_steps"] = true
	}
	return m
}

// shown reports whether the procedure needs the step.
func (st *step) shown(p procedures.Procedure) bool { return st.shownWith(p, needed(p)) }

func (st *step) shownWith(p procedures.Procedure, need map[string]bool) bool {
	if st.Always || (st.WithClaims && len(p.Claims) > 0) {
		return true
	}
	for _, f := range st.Fields(&letters.Case{}) {
		if need[f] {
			return true
		}
	}
	for _, l := range st.Lists {
		if need[l.Prefix] {
			return true
		}
	}
	return false
}

// stepsOf lists the steps the procedure shows, in order. Do not modify the result: it is shared.
func stepsOf(p procedures.Procedure) []*step { return planOf(p).steps }

// plan is what the interview derives from one procedure. It depends only on the procedure, and every
// page asks for it, so the procedures' plans are computed once.
type plan struct {
	proc  procedures.Procedure
	need  map[string]bool // needed's result
	steps []*step         // stepsOf's result
	seq   []string        // stepSequence's result
}

func newPlan(p procedures.Procedure) *plan {
	pl := &plan{proc: p, need: computeNeeded(p)}
	for _, st := range allSteps {
		if st.shownWith(p, pl.need) {
			pl.steps = append(pl.steps, st)
			pl.seq = append(pl.seq, st.Slug)
		}
	}
	pl.seq = append(pl.seq, slugVerification, slugPreview)
	return pl
}

// plans are the procedures' plans by id. procedures.Get builds every procedure again on each call; the
// procedures are fixed for the life of the program. It is set by init because the steps (demandesShows)
// use the plans, which list the steps.
var plans func() map[string]*plan

func init() {
	plans = sync.OnceValue(func() map[string]*plan {
		m := map[string]*plan{}
		for _, p := range procedures.All() {
			m[p.ID] = newPlan(p)
		}
		return m
	})
}

// planOf is the plan of a procedure of procedures.All, found by its id. Every procedure the handlers
// see comes from there (procedures.Get, procedureByID).
func planOf(p procedures.Procedure) *plan {
	pl, ok := plans()[p.ID]
	if !ok {
		panic("handlers: procedure " + p.ID + " is not one of procedures.All")
	}
	return pl
}

// procedureByID is procedures.Get from the plans.
func procedureByID(id string) (procedures.Procedure, bool) {
	if pl, ok := plans()[id]; ok {
		return pl.proc, true
	}
	return procedures.Procedure{}, false
}

// under reports whether path is prefix or lies under it ("facts.sources[0].url" under "facts.sources").
func under(path, prefix string) bool {
	if !strings.HasPrefix(path, prefix) {
		return false
	}
	rest := path[len(prefix):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// owns reports whether a problem at path belongs to the step.
func (st *step) owns(path string) bool {
	for _, e := range st.Except {
		if under(path, e) {
			return false
		}
	}
	for _, o := range st.Owns {
		if under(path, o) {
			return true
		}
	}
	return false
}

// ownerOf is the step where a problem at path is fixed, or nil (sender.kind is chosen on the home
// page). A problem on the facts as a whole (no claim applies) is fixed by describing the system.
func ownerOf(path string) *step {
	if path == "facts" {
		return systemeStep
	}
	for _, st := range allSteps {
		if st.owns(path) {
			return st
		}
	}
	return nil
}

// stepInfo is the step indicator and the back link.
type stepInfo struct {
	Slug   string
	Number int // 0 when the step is not in the procedure's sequence
	Total  int
	Back   string
}

// stepNumbers are the pages counted by the indicator: the procedure's steps, then verification and
// preview.
// Do not modify the result: it is shared.
func stepSequence(p procedures.Procedure) []string { return plans()[p.ID].seq }

func (s *Server) stepInfo(p procedures.Procedure, slug, token string) *stepInfo {
	seq := stepSequence(p)
	info := &stepInfo{Slug: slug, Total: len(seq), Back: "/"}
	pos := slices.Index(seq, slug)
	if pos < 0 {
		return info
	}
	info.Number = pos + 1
	if pos > 0 {
		info.Back = stepURL(p.ID, seq[pos-1], token, "")
	}
	return info
}

// nextSlug is the page after slug in the procedure: the next needed step, else verification.
func nextSlug(p procedures.Procedure, slug string) string {
	steps := stepsOf(p)
	if i := slices.IndexFunc(steps, func(st *step) bool { return st.Slug == slug }); i >= 0 {
		if i+1 < len(steps) {
			return steps[i+1].Slug
		}
		return slugVerification
	}
	// A step the procedure does not show (a link kept from another procedure): the next one it shows.
	i := slices.IndexFunc(allSteps, func(st *step) bool { return st.Slug == slug })
	for _, st := range allSteps[i+1:] {
		if st.shown(p) {
			return st.Slug
		}
	}
	return slugVerification
}

// stepURL is the address of a page of the interview with its state.
func stepURL(proc, slug, token, retour string) string {
	u := "/dossier/" + url.PathEscape(proc) + "/" + slug + "?etat=" + url.QueryEscape(token)
	if retour != "" {
		u += "&retour=" + url.QueryEscape(retour)
	}
	return u
}

// procedureOf reads the :procedure parameter; an unknown id is a 404 page.
func (s *Server) procedureOf(c *gin.Context) (procedures.Procedure, bool) {
	p, ok := procedureByID(c.Param("procedure"))
	if !ok {
		s.notFound(c)
	}
	return p, ok
}

// open reads the state token. A token that cannot be read (tampered, expired, sealed with another
// key, for another procedure) gets a page explaining how to resume from the downloaded case file.
func (s *Server) open(c *gin.Context, tok string, p procedures.Procedure) (state.State, bool) {
	st, err := s.sealer.Open(tok)
	if err == nil && st.Procedure != p.ID {
		err = state.ErrInvalid
	}
	if err != nil {
		key := "error.state_invalid"
		if errors.Is(err, state.ErrExpired) {
			key = "error.state_expired"
		}
		v := s.newView(c, "state_error")
		v.Status = http.StatusBadRequest
		v.Title = i18n.T(v.Lang, key+".title")
		v.Message = i18n.T(v.Lang, key+".body")
		s.render(c, v)
		return state.State{}, false
	}
	return st, true
}

// seal turns a state into a token; a case too large for a URL is refused with a page saying so.
func (s *Server) seal(c *gin.Context, p procedures.Procedure, cs *letters.Case) (string, bool) {
	tok, err := s.sealer.Seal(state.State{Procedure: p.ID, Case: cs})
	if err != nil {
		if errors.Is(err, state.ErrTooLarge) {
			s.renderError(c, http.StatusRequestEntityTooLarge, "error.state_too_large")
		} else {
			s.log.Error("seal state", "err", err.Error())
			s.serverError(c)
		}
		return "", false
	}
	return tok, true
}

// stepGet shows one step with the answers of the state.
func (s *Server) stepGet(c *gin.Context) {
	p, ok := s.procedureOf(c)
	if !ok {
		return
	}
	switch slug := c.Param("step"); slug {
	case slugVerification:
		s.verification(c, p)
		return
	case slugPreview:
		s.preview(c, p)
		return
	case slugText:
		s.textPage(c, p)
		return
	case slugParcours:
		s.parcours(c, p)
		return
	}
	st := stepBySlug(c.Param("step"))
	if st == nil {
		s.notFound(c)
		return
	}
	stt, ok := s.open(c, c.Query("etat"), p)
	if !ok {
		return
	}
	v := s.stepView(c, p, st, stt.Case, c.Query("etat"), c.Query("retour"))
	v.Values = flatten(stt.Case)
	if st.Prepare != nil {
		st.Prepare(s, v, stt.Case)
	}
	s.render(c, v)
}

func (s *Server) stepView(c *gin.Context, p procedures.Procedure, st *step, cs *letters.Case, token, retour string) *view {
	v := s.newView(c, "step_"+st.Slug)
	v.Proc = &p
	v.Token = token
	v.Title = i18n.T(v.Lang, "step."+st.Slug+".title")
	v.Step = s.stepInfo(p, st.Slug, token)
	retour = returnPage(retour)
	v.Self = stepURL(p.ID, st.Slug, token, retour)
	if retour != "" {
		v.Retour = retour
		v.Step.Back = stepURL(p.ID, retour, token, "")
	}
	v.Data = cs
	return v
}

// returnPage is the page a step goes back to once saved (« retour »): the verification page or the
// journey page; anything else means the next step.
func returnPage(retour string) string {
	if retour == slugVerification || retour == slugParcours {
		return retour
	}
	return ""
}

// parseForm parses the posted form within the body limit; a body over the limit gets a 413 page.
func (s *Server) parseForm(c *gin.Context) bool {
	if err := c.Request.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.renderError(c, http.StatusRequestEntityTooLarge, "error.too_large")
		} else {
			s.renderError(c, http.StatusBadRequest, "error.bad_request")
		}
		return false
	}
	return true
}

// stepPost reads one step's answers: a row action redirects back to the step, « continuer » checks
// the step's fields and either shows them again with the errors (422) or redirects to the next page.
func (s *Server) stepPost(c *gin.Context) {
	p, ok := s.procedureOf(c)
	if !ok {
		return
	}
	switch c.Param("step") {
	case slugDownload:
		s.download(c, p)
		return
	case slugCalendar:
		s.calendar(c, p)
		return
	case slugBundle:
		s.completeDossier(c, p)
		return
	}
	st := stepBySlug(c.Param("step"))
	if st == nil {
		s.notFound(c)
		return
	}
	if !s.parseForm(c) {
		return
	}
	form := c.Request.PostForm
	token := form.Get("etat")
	stt, ok := s.open(c, token, p)
	if !ok {
		return
	}
	retour := returnPage(form.Get("retour"))
	in := &stepInput{Old: stt.Case, Case: cloneCase(stt.Case), Form: form, Action: form.Get("action"), Proc: p}
	ferrs := st.Bind(s, in)
	in.Errors = ferrs
	letters.Normalize(in.Case)

	if in.Action != "" && in.Action != "continuer" && st.Action != nil {
		// The action compacts the rows itself when it should (an added row is empty on purpose).
		if frag, handled := st.Action(s, in); handled {
			tok, ok := s.seal(c, p, in.Case)
			if !ok {
				return
			}
			target := stepURL(p.ID, st.Slug, tok, retour)
			if frag != "" {
				target += "#" + frag
			}
			c.Redirect(http.StatusSeeOther, target)
			return
		}
	}

	problems := s.stepProblems(st, p, in.Case)
	if len(in.Only) > 0 {
		problems = slices.DeleteFunc(problems, func(pr letters.Problem) bool { return !inRows(pr.Path, in.Only) })
		ferrs = slices.DeleteFunc(ferrs, func(fe formError) bool { return !inRows(fe.Path, in.Only) })
	}
	if len(ferrs) > 0 || len(problems) > 0 {
		v := s.stepView(c, p, st, in.Case, token, retour)
		v.Status = http.StatusUnprocessableEntity
		v.Values = keptValues(form, in.Case)
		v.Posted = form
		// The form's errors, then the engine's.
		for _, fe := range ferrs {
			if fe.Problem != nil {
				v.addError(fe.Path, fe.Problem.Message(v.Lang.Letters()))
			} else {
				v.addError(fe.Path, i18n.T(v.Lang, fe.Key, fe.Args...))
			}
		}
		v.addProblems(problems)
		if st.Prepare != nil {
			st.Prepare(s, v, in.Case)
		}
		s.render(c, v)
		return
	}
	compactRows(in.Case)
	tok, ok := s.seal(c, p, in.Case)
	if !ok {
		return
	}
	next := nextSlug(p, st.Slug)
	if retour != "" {
		next = retour
	}
	c.Redirect(http.StatusSeeOther, stepURL(p.ID, next, tok, ""))
}

// keptValues are the values a 422 page shows: exactly what was typed, plus what the step derived
// (a commune found from its postal code) where nothing was typed.
func keptValues(form url.Values, c *letters.Case) url.Values {
	out := url.Values{}
	for k, vs := range form {
		if k == "etat" || k == "action" || k == "retour" {
			continue
		}
		out[k] = vs
	}
	for k, vs := range flatten(c) {
		if cur, ok := out[k]; !ok || (len(cur) == 1 && cur[0] == "") {
			out[k] = vs
		}
	}
	return out
}

// stepProblems are the errors of the step's fields: procedures.Check of the whole case, filtered by the
// step's paths. Rows left entirely empty are not errors (they are dropped when the step is saved); a
// rule on a whole list (at least one signatory) is checked on the list without them.
func (s *Server) stepProblems(st *step, p procedures.Procedure, c *letters.Case) []letters.Problem {
	today := s.now()
	empty := emptyRows(c)
	var out []letters.Problem
	seen := map[string]bool{}
	for _, pr := range procedures.Check(c, p.ID, today) {
		if pr.Warning || !st.owns(pr.Path) || inRows(pr.Path, empty) || inRows(pr.Path, st.Derived) {
			continue
		}
		out = append(out, pr)
		seen[pr.Path] = true
	}
	if len(empty) > 0 {
		cc := cloneCase(c)
		compactRows(cc)
		for _, pr := range procedures.Check(cc, p.ID, today) {
			if pr.Warning || !st.owns(pr.Path) || strings.Contains(pr.Path, "[") || seen[pr.Path] || inRows(pr.Path, st.Derived) {
				continue
			}
			out = append(out, pr)
		}
	}
	return out
}

func inRows(path string, rows []string) bool {
	for _, r := range rows {
		if under(path, r) {
			return true
		}
	}
	return false
}

// rowLists are the case's lists of objects that the interview edits row by row.
var rowLists = []struct {
	prefix string
	get    func(c *letters.Case) reflect.Value
}{
	{"facts.sources", func(c *letters.Case) reflect.Value { return reflect.ValueOf(&c.Facts.Sources).Elem() }},
	{"prior_steps", func(c *letters.Case) reflect.Value { return reflect.ValueOf(&c.PriorSteps).Elem() }},
	{"signatories", func(c *letters.Case) reflect.Value { return reflect.ValueOf(&c.Signatories).Elem() }},
	{"exhibits", func(c *letters.Case) reflect.Value { return reflect.ValueOf(&c.Exhibits).Elem() }},
}

// emptyRows lists the paths of rows whose fields are all empty ("facts.sources[1]").
func emptyRows(c *letters.Case) []string {
	var out []string
	for _, l := range rowLists {
		v := l.get(c)
		for i := 0; i < v.Len(); i++ {
			if v.Index(i).IsZero() {
				out = append(out, l.prefix+"["+strconv.Itoa(i)+"]")
			}
		}
	}
	return out
}

// compactRows drops the rows whose fields are all empty.
func compactRows(c *letters.Case) {
	for _, l := range rowLists {
		v := l.get(c)
		kept := reflect.MakeSlice(v.Type(), 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			if !v.Index(i).IsZero() {
				kept = reflect.Append(kept, v.Index(i))
			}
		}
		if kept.Len() == 0 {
			kept = reflect.Zero(v.Type())
		}
		v.Set(kept)
	}
}

// cloneCase is a deep copy. Strings are immutable, so copying a struct of strings is deep; only slices
// and pointers need their own copies. (The JSON round trip it replaces also turned bytes that are not
// UTF-8 into U+FFFD; the cases copied here come from a token or went through letters.Normalize, so
// there are none.) TestCloneCaseDeep fills every field of letters.Case and fails
// when a new slice or pointer field is not copied here.
func cloneCase(c *letters.Case) *letters.Case {
	out := *c
	out.Signatories = slices.Clone(c.Signatories)
	out.PriorSteps = slices.Clone(c.PriorSteps)
	out.Requests = slices.Clone(c.Requests)
	out.DocumentsRequested = slices.Clone(c.DocumentsRequested)
	out.Exhibits = slices.Clone(c.Exhibits)
	out.Facts.Capabilities = slices.Clone(c.Facts.Capabilities)
	out.Facts.Sources = slices.Clone(c.Facts.Sources)
	if a := c.Sender.Association; a != nil {
		x := *a
		out.Sender.Association = &x
	}
	if a := c.Letter.RecipientAddress; a != nil {
		x := *a
		out.Letter.RecipientAddress = &x
	}
	return &out
}

// removeAt removes item i of a slice, if it exists.
func removeAt[T any](s []T, i int) []T {
	if i < 0 || i >= len(s) {
		return s
	}
	return slices.Delete(slices.Clone(s), i, i+1)
}

// rowAction parses « ajouter-NAME » and « retirer-NAME-N ».
func rowAction(action, name string) (add bool, remove int) {
	if action == "ajouter-"+name {
		return true, -1
	}
	if n, ok := strings.CutPrefix(action, "retirer-"+name+"-"); ok {
		if i, err := strconv.Atoi(n); err == nil && i >= 0 {
			return false, i
		}
	}
	return false, -1
}
