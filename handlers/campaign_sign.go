package handlers

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/mandants"
	"saisine/letters/procedures"
	"saisine/letters/render"
	"saisine/store"
)

// The public signing page (/signer/{id}), its receipt, and each mandate's secret links: the mandate as a
// PDF (/mandats/{mandate}/{secret}/pdf) and its revocation (/revoquer/{mandate}/{secret}).

// signFields are the identity fields of the signing form, named after the mandants CSV columns.
var signFields = []struct {
	name, width, autocomplete, inputmode, typ string
	optional                                  bool
}{
	{"first_name", "w-20", "given-name", "", "text", false},
	{"last_name", "w-20", "family-name", "", "text", false},
	{"street", "w-38", "address-line1", "", "text", false},
	{"complement", "w-38", "address-line2", "", "text", true},
	{"postal_code", "w-5", "postal-code", "numeric", "text", false},
	{"city", "w-38", "address-level2", "", "text", false},
	{"email", "w-38", "email", "email", "email", false},
}

// statements are the mandate's declarations the signer ticks, each with its own value.
var statements = []string{"reclamation", "correspondance", "revocation", "donnees"}

type signData struct {
	Info       campaignInfo
	Civility   fieldView
	Fields     []fieldView
	Statements fieldView
	Signature  fieldView
}

type receiptData struct {
	Info       campaignInfo
	Name       string
	SignedOn   string
	Email      string
	Updated    bool
	PDFPath    string
	RevokeURL  string
	RevokePath string
}

type revokeData struct {
	Info     campaignInfo
	Name     string
	SignedOn string
	Action   string
	PDFPath  string
	Done     bool
}

func (s *Server) signView(c *gin.Context, camp store.Campaign, cs *letters.Case) *view {
	v := s.newView(c, "signing")
	v.Title = i18n.T(v.Lang, "signing.title", cs.Sender.Organisation)
	v.Self = "/signer/" + camp.ID
	v.Data = signData{Info: s.info(v.Lang, camp, cs)}
	return v
}

// signFieldsOf draws the form once v holds its values and errors.
func (s *Server) signFieldsOf(v *view) {
	d := v.Data.(signData)
	for _, sf := range signFields {
		f := s.plainField(v, sf.name, "signing.field."+sf.name, sf.width, sf.inputmode)
		f.Type, f.Autocomplete, f.Optional = sf.typ, sf.autocomplete, sf.optional
		d.Fields = append(d.Fields, f)
	}
	civ := s.plainField(v, "civility", "signing.field.civility", "", "")
	civ.Kind, civ.Optional, civ.Autocomplete = kindSelect, true, "honorific-prefix"
	for _, val := range []string{"", letters.CivilityMadame, letters.CivilityMonsieur} {
		civ.Options = append(civ.Options, optionView{Value: val, ID: optionID("civility", val), Label: enumLabel(v.Lang, "civility", val), Checked: v.Values.Get("civility") == val})
	}
	d.Civility = civ
	st := s.plainField(v, "statements", "signing.field.statements", "", "")
	st.Kind = kindCheckboxes
	for _, val := range statements {
		label := i18n.T(v.Lang, "signing.statement."+val)
		if strings.Contains(label, "%") {
			label = i18n.T(v.Lang, "signing.statement."+val, d.Info.Association, d.Info.CommuneDe, d.Info.PurgeOn)
		}
		st.Options = append(st.Options, optionView{Value: val, ID: optionID("statements", val), Label: label,
			Checked: slices.Contains(v.Values["statements"], val)})
	}
	d.Statements = st
	d.Signature = s.plainField(v, "signature", "signing.field.signature", "w-38", "")
	d.Signature.Autocomplete = "off"
	v.Data = d
}

// openSigning reads the campaign of the signing page; a closed one gets a page saying so (410).
func (s *Server) openSigning(c *gin.Context) (store.Campaign, *letters.Case, bool) {
	camp, cs, ok := s.loadCampaign(c)
	if !ok {
		return camp, nil, false
	}
	if !campaignOpen(camp, s.now()) {
		s.renderError(c, http.StatusGone, "campaign.closed")
		return camp, nil, false
	}
	return camp, cs, true
}

// signGet answers GET /signer/{id}.
func (s *Server) signGet(c *gin.Context) {
	camp, cs, ok := s.openSigning(c)
	if !ok {
		return
	}
	v := s.signView(c, camp, cs)
	s.signFieldsOf(v)
	s.render(c, v)
}

// signPost answers POST /signer/{id}: the form is checked by the rules of a mandants CSV row, then the
// mandate is stored (the same e-mail updates its mandate) and only then is the receipt shown.
func (s *Server) signPost(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	camp, cs, ok := s.openSigning(c)
	if !ok {
		return
	}
	form := c.Request.PostForm
	v := s.signView(c, camp, cs)
	for _, k := range []string{"civility", "first_name", "last_name", "street", "complement", "postal_code", "city", "email", "signature"} {
		v.Values.Set(k, form.Get(k))
	}
	for _, st := range form["statements"] {
		if slices.Contains(statements, st) {
			v.Values.Add("statements", st)
		}
	}
	now := s.parisNow()
	m, problems := mandants.Validate(mandants.Mandant{
		Civility: form.Get("civility"), FirstName: form.Get("first_name"), LastName: form.Get("last_name"),
		Street: form.Get("street"), Complement: form.Get("complement"), PostalCode: form.Get("postal_code"),
		City: form.Get("city"), Email: form.Get("email"), SignedOn: letters.DateOf(now).String(),
		Signature: form.Get("signature"),
	}, now)
	byField := map[string]string{}
	for _, p := range problems {
		byField[p.Field] = p.Problem.Message(v.Lang.Letters())
	}
	if m.Email == "" && byField["email"] == "" {
		byField["email"] = i18n.T(v.Lang, "signing.error.email_required")
	}
	for _, f := range []string{"civility", "first_name", "last_name", "street", "complement", "postal_code", "city", "email"} {
		if msg, ok := byField[f]; ok {
			v.addError("#"+fieldID(f), msg)
		}
	}
	if len(v.Values["statements"]) != len(statements) {
		v.addError("#"+fieldID("statements"), i18n.T(v.Lang, "signing.error.statements"))
	}
	sig := foldName(m.Signature)
	switch {
	case sig == "":
		v.addError("#"+fieldID("signature"), i18n.T(v.Lang, "signing.error.signature_required"))
	case m.FirstName != "" && m.LastName != "" &&
		sig != foldName(m.FirstName+" "+m.LastName) && sig != foldName(m.LastName+" "+m.FirstName):
		v.addError("#"+fieldID("signature"), i18n.T(v.Lang, "signing.error.signature_mismatch", m.FirstName+" "+m.LastName))
	}
	if len(v.Summary) > 0 {
		s.signFieldsOf(v)
		v.Status = http.StatusUnprocessableEntity
		s.render(c, v)
		return
	}
	secret, hash := store.NewSecret()
	md := fromMandant(m)
	md.CampaignID, md.RevokeHash, md.Source = camp.ID, hash, store.SourceWeb
	saved, created, err := s.store.SignMandate(c.Request.Context(), md, now)
	if err != nil {
		s.storeFailed(c, "sign", err)
		return
	}
	out := s.newView(c, "signing_receipt")
	out.Title = i18n.T(out.Lang, "signing.receipt.title")
	revokePath := "/revoquer/" + saved.ID + "/" + secret
	out.Data = receiptData{
		Info:       s.info(out.Lang, camp, cs),
		Name:       strings.TrimSpace(saved.FirstName + " " + saved.LastName),
		SignedOn:   formatDate(out.Lang, saved.SignedOn),
		Email:      saved.Email,
		Updated:    !created,
		PDFPath:    "/mandats/" + saved.ID + "/" + secret + "/pdf",
		RevokeURL:  absURL(c, revokePath),
		RevokePath: revokePath,
	}
	s.render(c, out)
}

// openMandate reads the mandate of the :mandate parameter when :secret is its revocation secret; any
// mismatch (unknown mandate, paper mandate, wrong or replaced secret) is the same 404.
func (s *Server) openMandate(c *gin.Context) (store.Mandate, store.Campaign, *letters.Case, bool) {
	ctx := c.Request.Context()
	m, err := s.store.Mandate(ctx, c.Param("mandate"))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.storeFailed(c, "mandate", err)
		return m, store.Campaign{}, nil, false
	}
	if err != nil || !store.SecretMatches(c.Param("secret"), m.RevokeHash) {
		s.notFound(c)
		return m, store.Campaign{}, nil, false
	}
	c.Params = append(c.Params, gin.Param{Key: "id", Value: m.CampaignID})
	camp, cs, ok := s.loadCampaign(c)
	return m, camp, cs, ok
}

func (s *Server) revokeView(c *gin.Context, m store.Mandate, camp store.Campaign, cs *letters.Case) *view {
	v := s.newView(c, "signing_revoke")
	v.Title = i18n.T(v.Lang, "revoke.title")
	v.Self = "/"
	v.Data = revokeData{
		Info:     s.info(v.Lang, camp, cs),
		Name:     strings.TrimSpace(m.FirstName + " " + m.LastName),
		SignedOn: formatDate(v.Lang, m.SignedOn),
		Action:   c.Request.URL.Path,
		PDFPath:  "/mandats/" + m.ID + "/" + c.Param("secret") + "/pdf",
	}
	return v
}

// revokeGet answers GET /revoquer/{mandate}/{secret}: what will be revoked, and a button. A mandate
// already revoked gets a 410 page: the link works once.
func (s *Server) revokeGet(c *gin.Context) {
	m, camp, cs, ok := s.openMandate(c)
	if !ok {
		return
	}
	if m.Revoked() {
		s.renderError(c, http.StatusGone, "revoke.already")
		return
	}
	s.render(c, s.revokeView(c, m, camp, cs))
}

// revokePost answers POST /revoquer/{mandate}/{secret}.
func (s *Server) revokePost(c *gin.Context) {
	m, camp, cs, ok := s.openMandate(c)
	if !ok {
		return
	}
	if m.Revoked() {
		s.renderError(c, http.StatusGone, "revoke.already")
		return
	}
	if err := s.store.RevokeMandate(c.Request.Context(), m.ID, s.now()); err != nil {
		s.storeFailed(c, "revoke", err)
		return
	}
	v := s.revokeView(c, m, camp, cs)
	v.Title = i18n.T(v.Lang, "revoke.done.title")
	d := v.Data.(revokeData)
	d.Done = true
	v.Data = d
	s.render(c, v)
}

// mandatePDF answers GET /mandats/{mandate}/{secret}/pdf: the signer's own mandate, while it stands.
func (s *Server) mandatePDF(c *gin.Context) {
	m, _, cs, ok := s.openMandate(c)
	if !ok {
		return
	}
	if m.Revoked() {
		s.renderError(c, http.StatusGone, "revoke.already")
		return
	}
	doc, err := procedures.Mandate(cs, toMandant(m), procedures.Options{Settings: s.settings})
	if err != nil {
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "mandate document failed")
		s.serverError(c)
		return
	}
	var buf bytes.Buffer
	if err := render.PDF(&buf, doc, render.DefaultPDFOptions()); err != nil {
		s.serverError(c)
		return
	}
	attach(c, fileSlug("mandat", cs.Commune.Name)+".pdf", "application/pdf", buf.Bytes())
}
