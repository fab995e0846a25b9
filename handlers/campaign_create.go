package handlers

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/procedures"
	"saisine/store"
)

// campaignNewData is the creation form: the checked case (sealed), what the campaign will say, and the
// two settings the association chooses.
type campaignNewData struct {
	Association string
	Commune     string
	CommuneDe   string // see campaignInfo.CommuneDe
	ClosesOn    fieldView
	Retention   fieldView
}

// campaignCreatedData is shown once: the secret administration link and the public signing link.
type campaignCreatedData struct {
	Info      campaignInfo
	AdminURL  string
	AdminPath string
	SignURL   string
	SignPath  string
}

// openCollective reads a state token of the collective complaint whose case has no error; otherwise it
// answers (the state error page, or back to the verification page) and reports false.
func (s *Server) openCollective(c *gin.Context, tok string) (*letters.Case, bool) {
	p, ok := procedures.Get(procedures.PlainteCollectiveCNIL)
	if !ok {
		s.notFound(c)
		return nil, false
	}
	st, ok := s.open(c, tok, p)
	if !ok {
		return nil, false
	}
	if hasErrors(procedures.Check(st.Case, p.ID, s.now())) {
		redirectToVerification(c, p, tok)
		return nil, false
	}
	return st.Case, true
}

func (s *Server) campaignNewView(c *gin.Context, cs *letters.Case, tok string, values url.Values) *view {
	v := s.newView(c, "campaign_new")
	v.Title = i18n.T(v.Lang, "campaign.new.title")
	v.Token = tok
	v.Values = values
	v.Self = "/campagnes/nouvelle?etat=" + url.QueryEscape(tok)
	p, _ := procedures.Get(procedures.PlainteCollectiveCNIL)
	v.Proc = &p
	v.Step = &stepInfo{Back: stepURL(p.ID, slugVerification, tok, "")}
	return v
}

// campaignNewFields draws the form once v holds its errors.
func (s *Server) campaignNewFields(v *view, cs *letters.Case) {
	v.Data = campaignNewData{
		Association: cs.Sender.Organisation,
		Commune:     cs.Commune.Name,
		CommuneDe:   communeDe(v.Lang, cs.Commune.Name),
		ClosesOn:    s.plainField(v, "closes_on", "campaign.new.closes_on", "w-10", ""),
		Retention:   s.plainField(v, "retention_days", "campaign.new.retention", "w-5", "numeric"),
	}
}

// plainField is a text field outside the case file: its name is its path, its label and hint come from
// labelKey and labelKey.hint.
func (s *Server) plainField(v *view, name, labelKey, width, inputmode string) fieldView {
	f := fieldView{
		Path: name, Name: name, ID: fieldID(name), Kind: kindText, Type: "text", Width: width, Inputmode: inputmode,
		Label: i18n.T(v.Lang, labelKey), Value: v.Values.Get(name), OptionalText: i18n.T(v.Lang, "common.optional"),
	}
	var described []string
	if h, ok := i18n.Lookup(v.Lang, labelKey+".hint"); ok {
		f.Hint, f.HintID = h, f.ID+"-hint"
		described = append(described, f.HintID)
	}
	if msg, ok := v.Errors[f.ID]; ok {
		f.Error, f.ErrorID = msg, f.ID+"-error"
		described = append(described, f.ErrorID)
	}
	f.DescribedBy = strings.Join(described, " ")
	return f
}

// campaignNew answers GET /campagnes/nouvelle?etat=TOKEN: the settings of the campaign to create.
func (s *Server) campaignNew(c *gin.Context) {
	tok := c.Query("etat")
	cs, ok := s.openCollective(c, tok)
	if !ok {
		return
	}
	v := s.campaignNewView(c, cs, tok, url.Values{"retention_days": {strconv.Itoa(defaultRetentionDays)}})
	s.campaignNewFields(v, cs)
	s.render(c, v)
}

// campaignCreate answers POST /campagnes: the campaign is stored with the hash of a new admin secret,
// and the page shows the two links, once.
func (s *Server) campaignCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	form := c.Request.PostForm
	tok := form.Get("etat")
	cs, ok := s.openCollective(c, tok)
	if !ok {
		return
	}
	now := s.now()
	values := url.Values{"closes_on": {form.Get("closes_on")}, "retention_days": {form.Get("retention_days")}}
	v := s.campaignNewView(c, cs, tok, values)
	closes, retention := s.campaignSettings(v, form, now)
	if len(v.Summary) > 0 {
		s.campaignNewFields(v, cs)
		v.Status = http.StatusUnprocessableEntity
		s.render(c, v)
		return
	}
	var buf bytes.Buffer
	if err := letters.Encode(&buf, cs); err != nil {
		s.serverError(c)
		return
	}
	secret, hash := store.NewSecret()
	camp := store.Campaign{
		ID: store.NewID(), AdminHash: hash, Case: buf.Bytes(), Title: campaignTitle(cs),
		ClosesOn: closes, RetentionDays: retention, CreatedAt: now,
	}
	if err := s.store.CreateCampaign(c.Request.Context(), camp); err != nil {
		s.storeFailed(c, "create", err)
		return
	}
	out := s.newView(c, "campaign_created")
	out.Title = i18n.T(out.Lang, "campaign.created.title")
	adminPath := "/campagnes/" + camp.ID + "/admin/" + secret
	signPath := "/signer/" + camp.ID
	out.Data = campaignCreatedData{
		Info:      s.info(out.Lang, camp, cs),
		AdminURL:  absURL(c, adminPath),
		AdminPath: adminPath,
		SignURL:   absURL(c, signPath),
		SignPath:  signPath,
	}
	s.render(c, out)
}

// campaignSettings reads and checks the closing day (today at the earliest, within a year) and the
// retention (whole days within bounds); errors go to v.
func (s *Server) campaignSettings(v *view, form url.Values, now time.Time) (time.Time, int) {
	today := parisDay(now)
	var closes time.Time
	raw := strings.TrimSpace(form.Get("closes_on"))
	d, err := letters.ParseDate(normalizeDate(raw))
	switch {
	case raw == "":
		v.addError("#"+fieldID("closes_on"), i18n.T(v.Lang, "campaign.new.error.closes_on_required"))
	case err != nil || d.Precision != letters.PrecisionDay:
		v.addError("#"+fieldID("closes_on"), i18n.T(v.Lang, "campaign.new.error.closes_on_format", raw))
	case d.First().Before(today):
		v.addError("#"+fieldID("closes_on"), i18n.T(v.Lang, "campaign.new.error.closes_on_past"))
	case d.First().After(today.AddDate(0, 0, maxCampaignDays)):
		v.addError("#"+fieldID("closes_on"), i18n.T(v.Lang, "campaign.new.error.closes_on_far", maxCampaignDays))
	default:
		closes = d.First()
	}
	days, err := strconv.Atoi(strings.TrimSpace(form.Get("retention_days")))
	if err != nil || days < minRetentionDays || days > maxRetentionDays {
		v.addError("#"+fieldID("retention_days"), i18n.T(v.Lang, "campaign.new.error.retention", minRetentionDays, maxRetentionDays))
	}
	return closes, days
}
