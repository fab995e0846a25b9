package handlers

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/html"

	"saisine/handlers/state"
	"saisine/internal/pdftest"
	"saisine/internal/ratelimit"
	"saisine/letters"
	"saisine/letters/procedures"
	"saisine/store"
	"saisine/store/sqlite"
)

// campaignApp is the web interface on a real SQLite store in a temporary folder, at testNow, with a
// limit no test reaches unless it sets one.
func campaignApp(t *testing.T, limit ...ratelimit.Config) (*app, store.Store) {
	t.Helper()
	st := openTestStore(t)
	return campaignAppOn(t, st, func() time.Time { return testNow }, limit...), st
}

// openTestStore opens a SQLite store in t's temporary folder, closed at the end of the test.
func openTestStore(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "saisine.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	return st
}

// campaignAppOn is the web interface on st with the clock now.
func campaignAppOn(t *testing.T, st store.Store, now func() time.Time, limit ...ratelimit.Config) *app {
	t.Helper()
	a := newApp(t)
	sealer, err := state.NewSealer(testKey, time.Hour, func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	o := Options{
		Logger:        slog.New(slog.NewTextHandler(a.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Sealer:        sealer,
		Now:           now,
		Store:         st,
		CampaignLimit: ratelimit.Config{Every: time.Millisecond, Burst: 10000},
	}
	if len(limit) > 0 {
		o.CampaignLimit = limit[0]
	}
	a.srv, err = New(o)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// noCampaigns fails the test if st holds any campaign. The store has no list of campaigns; Purge far in
// the future deletes (and counts) every one, so call it only where none should exist.
func noCampaigns(t *testing.T, st store.Store, why string) {
	t.Helper()
	n, err := st.Purge(context.Background(), testNow.AddDate(100, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%s: %d campaigns stored", why, n)
	}
}

// mandateCounts are the campaign's counts, or the test stops.
func mandateCounts(t *testing.T, st store.Store, id string) store.Counts {
	t.Helper()
	n, err := st.Counts(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// storedCampaign reads the campaign from the store, or the test stops.
func storedCampaign(t *testing.T, st store.Store, id string) store.Campaign {
	t.Helper()
	c, err := st.Campaign(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// associationCase is the Lille case sent by an association (cmd/saisine/testdata).
func associationCase(t *testing.T) *letters.Case {
	t.Helper()
	f, err := os.Open("../cmd/saisine/testdata/golden/lille-association.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, problems := letters.Decode(f)
	if hasErrors(problems) {
		t.Fatalf("lille-association.json: %v", problems)
	}
	return c
}

// campaign is one created campaign, seen from the association.
type campaign struct {
	id, admin, sign string
}

// createCampaign goes from the verification page of plainte-collective-cnil to the created campaign.
func createCampaign(t *testing.T, a *app) campaign {
	t.Helper()
	if _, ok := procedures.Get(procedures.PlainteCollectiveCNIL); !ok {
		t.Skip("plainte-collective-cnil is not in procedures.All() yet")
	}
	tok := a.tokenFor(procedures.PlainteCollectiveCNIL, associationCase(t))
	if pr := procedures.Check(associationCase(t), procedures.PlainteCollectiveCNIL, testNow); hasErrors(pr) {
		t.Fatalf("the association case does not pass plainte-collective-cnil: %v", pr)
	}
	ver := a.get("/dossier/plainte-collective-cnil/verification?etat=" + tok)
	link := ver.find(ver.doc, func(n *html.Node) bool {
		return n.Data == "a" && strings.HasPrefix(attr(n, "href"), "/campagnes/nouvelle?")
	})
	if link == nil {
		t.Fatalf("verification page: no link to /campagnes/nouvelle")
	}
	nw := a.get(attr(link, "href"))
	if nw.Status != 200 || nw.value("retention_days") != "183" {
		t.Fatalf("new campaign page: %d, retention %q", nw.Status, nw.value("retention_days"))
	}
	p := a.post("/campagnes", url.Values{"etat": {tok}, "closes_on": {"31/01/2027"}, "retention_days": {"183"}})
	if p.Status != 200 {
		t.Fatalf("create: %d %s", p.Status, p.errorsText())
	}
	var c campaign
	for _, n := range p.all(p.doc, "a") {
		h := attr(n, "href")
		switch {
		case strings.HasPrefix(h, "/campagnes/") && strings.Contains(h, "/admin/"):
			c.admin = h
		case strings.HasPrefix(h, "/signer/"):
			c.sign = h
		}
	}
	if c.admin == "" || c.sign == "" {
		t.Fatalf("created page lacks a link: %+v\n%s", c, p.Body)
	}
	c.id = strings.TrimPrefix(c.sign, "/signer/")
	return c
}

var resident = url.Values{
	"civility": {"Madame"}, "first_name": {"Élodie"}, "last_name": {"Lefèvre"}, "street": {"3 rue Solférino"},
	"complement": {""}, "postal_code": {"59000"}, "city": {"Lille"}, "email": {"elodie.lefevre@example.org"},
	"statements": statements, "signature": {"elodie LEFEVRE"},
}

func with(base url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, v := range base {
		out[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = []string{kv[i+1]}
	}
	return out
}

// signed signs as v and returns the receipt's revocation and PDF paths.
func signed(t *testing.T, a *app, c campaign, v url.Values) (revoke, pdf string) {
	t.Helper()
	p := a.post(c.sign, v)
	if p.Status != 200 {
		t.Fatalf("sign: %d %s", p.Status, p.errorsText())
	}
	for _, n := range p.all(p.doc, "a") {
		h := attr(n, "href")
		switch {
		case strings.HasPrefix(h, "/revoquer/"):
			revoke = h
		case strings.HasPrefix(h, "/mandats/") && strings.HasSuffix(h, "/pdf"):
			pdf = h
		}
	}
	if revoke == "" || pdf == "" {
		t.Fatalf("receipt lacks its links:\n%s", p.Body)
	}
	return revoke, pdf
}

func TestCampaignCreate(t *testing.T) {
	a, st := campaignApp(t)
	tok := a.tokenFor(procedures.PlainteCollectiveCNIL, associationCase(t))
	if _, ok := procedures.Get(procedures.PlainteCollectiveCNIL); !ok {
		t.Skip("plainte-collective-cnil is not in procedures.All() yet")
	}
	for _, tc := range []struct {
		closes, retention, field string
	}{
		{"", "183", "f-closes_on"},
		{"demain", "183", "f-closes_on"},
		{"2026-11-26", "183", "f-closes_on"}, // yesterday
		{"2028-01-01", "183", "f-closes_on"}, // over a year
		{"2027-01-31", "29", "f-retention_days"},
		{"2027-01-31", "731", "f-retention_days"},
		{"2027-01-31", "six mois", "f-retention_days"},
	} {
		p := a.post("/campagnes", url.Values{"etat": {tok}, "closes_on": {tc.closes}, "retention_days": {tc.retention}})
		if p.Status != http.StatusUnprocessableEntity {
			t.Errorf("%q %q: status %d, want 422", tc.closes, tc.retention, p.Status)
			continue
		}
		if p.byID(tc.field+"-error") == nil || p.find(p.doc, func(n *html.Node) bool {
			return n.Data == "a" && attr(n, "href") == "#"+tc.field
		}) == nil {
			t.Errorf("%q %q: no error beside #%s and in the summary", tc.closes, tc.retention, tc.field)
		}
		if p.value("closes_on") != tc.closes || p.value("retention_days") != tc.retention {
			t.Errorf("%q %q: values not kept: %q %q", tc.closes, tc.retention, p.value("closes_on"), p.value("retention_days"))
		}
	}
	noCampaigns(t, st, "refused forms")
	if p := a.post("/campagnes", url.Values{"etat": {"abimé"}, "closes_on": {"2027-01-31"}, "retention_days": {"183"}}); p.Status != 400 {
		t.Errorf("bad token: %d", p.Status)
	}
	// A case of another procedure cannot make a campaign.
	other := a.tokenFor("plainte-cnil", lilleCase(t))
	if p := a.post("/campagnes", url.Values{"etat": {other}, "closes_on": {"2027-01-31"}, "retention_days": {"183"}}); p.Status != 400 {
		t.Errorf("token of plainte-cnil: %d, want 400", p.Status)
	}

	c := createCampaign(t, a)
	camp := storedCampaign(t, st, c.id)
	secret := c.admin[strings.LastIndex(c.admin, "/")+1:]
	if len(secret) < 22 || !store.SecretMatches(secret, camp.AdminHash) || bytes.Contains(camp.AdminHash, []byte(secret)) {
		t.Errorf("admin secret %q is not stored as its hash", secret)
	}
	if camp.RetentionDays != 183 || camp.ClosesOn.Format(time.DateOnly) != "2027-01-31" || camp.Title == "" {
		t.Errorf("stored campaign: %+v", camp)
	}
	if cs, pr := letters.Decode(bytes.NewReader(camp.Case)); cs == nil || hasErrors(pr) || cs.Sender.Organisation == "" {
		t.Errorf("stored case does not decode: %v", pr)
	}
	if p := a.get(c.admin); p.Status != 200 {
		t.Errorf("admin link: %d", p.Status)
	}
}

func TestCampaignSignErrors(t *testing.T) {
	a, st := campaignApp(t)
	c := createCampaign(t, a)
	page := a.get(c.sign)
	if page.Status != 200 {
		t.Fatalf("signing page: %d", page.Status)
	}
	body := page.visibleText()
	for _, want := range []string{"Association Vigilance Libertés Lille", "W595000000", "Lille", "article 80", "CNIL", "révoquer", "31 janvier 2027"} {
		if !strings.Contains(body, want) {
			t.Errorf("signing page does not say %q", want)
		}
	}
	for _, v := range statements {
		if page.byID("f-statements-"+v) == nil {
			t.Errorf("no checkbox #f-statements-%s", v)
		}
	}
	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
	}{
		{"no first name", with(resident, "first_name", ""), "f-first_name"},
		{"bad postal code", with(resident, "postal_code", "5900"), "f-postal_code"},
		{"bad e-mail", with(resident, "email", "elodie@"), "f-email"},
		{"no e-mail", with(resident, "email", ""), "f-email"},
		{"street too long", with(resident, "street", strings.Repeat("x", 39)), "f-street"},
		{"bad civility", with(resident, "civility", "Mx"), "f-civility"},
		{"a statement missing", with(resident, "statements", "reclamation"), "f-statements"},
		{"no signature", with(resident, "signature", ""), "f-signature"},
		{"another name", with(resident, "signature", "Jean Dupont"), "f-signature"},
	} {
		p := a.post(c.sign, tc.form)
		if p.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tc.name, p.Status)
			continue
		}
		if p.byID(tc.field+"-error") == nil {
			t.Errorf("%s: no error beside #%s; errors: %s", tc.name, tc.field, p.errorsText())
		}
		if p.find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "#"+tc.field }) == nil {
			t.Errorf("%s: the summary does not link to #%s", tc.name, tc.field)
		}
		for _, k := range []string{"first_name", "last_name", "street", "postal_code", "city", "email", "signature"} {
			if got := p.value(k); got != tc.form.Get(k) {
				t.Errorf("%s: %s shows %q, typed %q", tc.name, k, got, tc.form.Get(k))
			}
		}
		if got, want := p.value("statements"), strings.Join(tc.form["statements"], ","); got != want {
			t.Errorf("%s: statements shown %q, ticked %q", tc.name, got, want)
		}
	}
	if n := mandateCounts(t, st, c.id); n != (store.Counts{}) {
		t.Fatalf("mandates stored from refused forms: %+v", n)
	}
	// A signature with other capitals and accents, or last name first, is the same name.
	for _, sig := range []string{"ELODIE LEFEVRE", "Lefèvre Élodie", "élodie  lefèvre"} {
		if p := a.post(c.sign, with(resident, "signature", sig)); p.Status != 200 {
			t.Errorf("signature %q refused: %s", sig, p.errorsText())
		}
	}
	// « on » is not a statement.
	if p := a.post(c.sign, with(resident, "statements", "on")); p.Status != 422 {
		t.Errorf("statements=on: %d", p.Status)
	}
}

func TestCampaignSignTwiceOneMandate(t *testing.T) {
	a, st := campaignApp(t)
	c := createCampaign(t, a)
	revoke1, _ := signed(t, a, c, resident)
	again := with(resident, "email", "ELODIE.Lefevre@example.org", "street", "4 rue Solférino")
	p := a.post(c.sign, again)
	if p.Status != 200 || !strings.Contains(p.visibleText(), "remplacé") {
		t.Fatalf("second signature: %d, receipt does not say it replaced the first:\n%s", p.Status, p.visibleText())
	}
	counts, _ := st.Counts(context.Background(), c.id)
	if counts.Standing != 1 {
		t.Fatalf("same e-mail twice: %d standing mandates, want 1", counts.Standing)
	}
	// The first revocation link was replaced.
	if p := a.get(revoke1); p.Status != 404 {
		t.Errorf("the replaced revocation link: %d, want 404", p.Status)
	}
}

func TestCampaignRevoke(t *testing.T) {
	a, st := campaignApp(t)
	c := createCampaign(t, a)
	revoke, _ := signed(t, a, c, resident)
	parts := strings.Split(revoke, "/") // "", revoquer, id, secret
	wrong := "/revoquer/" + parts[2] + "/" + strings.Repeat("A", len(parts[3]))
	for _, p := range []*page{a.get(wrong), a.post(wrong, nil), a.get("/revoquer/inconnu/" + parts[3])} {
		if p.Status != 404 {
			t.Errorf("%s: %d, want 404", p.URL, p.Status)
		}
	}
	p := a.get(revoke)
	if p.Status != 200 || p.find(p.doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "action") == revoke }) == nil {
		t.Fatalf("revocation page: %d, no form posting to the link", p.Status)
	}
	if p := a.post(revoke, nil); p.Status != 200 || !strings.Contains(p.visibleText(), "révoqué") {
		t.Fatalf("revoke: %d %s", p.Status, p.errorsText())
	}
	counts, _ := st.Counts(context.Background(), c.id)
	if counts.Standing != 0 || counts.Revoked != 1 {
		t.Errorf("counts after revocation: %+v", counts)
	}
	for _, p := range []*page{a.get(revoke), a.post(revoke, nil)} {
		if p.Status != http.StatusGone {
			t.Errorf("the link used again (%s): %d, want 410", p.URL, p.Status)
		}
	}
}

func TestCampaignAdminNeedsSecret(t *testing.T) {
	a, _ := campaignApp(t)
	c := createCampaign(t, a)
	secret := c.admin[strings.LastIndex(c.admin, "/")+1:]
	bad := []string{
		"/campagnes/" + c.id + "/admin/" + strings.Repeat("x", len(secret)),
		"/campagnes/" + c.id + "/admin/" + secret[:len(secret)-1],
		"/campagnes/inconnue/admin/" + secret,
	}
	notFound := a.get("/nulle-part").visibleText()
	for _, base := range bad {
		for _, sub := range []string{"", "/mandats", "/mandats?revoques=1", "/importer", "/export.csv", "/mandats.pdf", "/plainte.pdf", "/supprimer"} {
			p := a.get(base + sub)
			if p.Status != 404 || p.visibleText() != notFound {
				t.Errorf("GET %s: %d, want the plain 404 page", sub, p.Status)
			}
		}
		for _, sub := range []string{"/fermer", "/supprimer", "/importer"} {
			if p := a.post(base+sub, url.Values{}); p.Status != 404 {
				t.Errorf("POST %s: %d, want 404", sub, p.Status)
			}
		}
	}
	for _, sub := range []string{"", "/mandats", "/importer", "/supprimer"} {
		p := a.get(c.admin + sub)
		if p.Status != 200 {
			t.Errorf("GET admin%s: %d", sub, p.Status)
		}
		if cc := p.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("admin%s: Cache-Control %q", sub, cc)
		}
		if p.Header.Get("X-Robots-Tag") == "" {
			t.Errorf("admin%s: no X-Robots-Tag", sub)
		}
	}
}

func TestCampaignClosed(t *testing.T) {
	a, st := campaignApp(t)
	c := createCampaign(t, a)
	if p := a.post(c.admin+"/fermer", nil); p.Status != 303 {
		t.Fatalf("close: %d", p.Status)
	}
	if storedCampaign(t, st, c.id).ClosedAt.IsZero() {
		t.Fatal("not closed")
	}
	for _, p := range []*page{a.get(c.sign), a.post(c.sign, resident)} {
		if p.Status != http.StatusGone || !strings.Contains(p.visibleText(), "close") {
			t.Errorf("%s on a closed campaign: %d\n%s", p.URL, p.Status, p.visibleText())
		}
	}
	// A campaign whose last day has passed is closed too.
	camp := storedCampaign(t, st, c.id)
	camp.ClosedAt, camp.ClosesOn = time.Time{}, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	if err := st.UpdateCampaign(context.Background(), camp); err != nil {
		t.Fatal(err)
	}
	if p := a.get(c.sign); p.Status != http.StatusGone {
		t.Errorf("after the last day: %d", p.Status)
	}
	if p := a.get("/signer/inconnue"); p.Status != 404 {
		t.Errorf("unknown campaign: %d", p.Status)
	}
}

// uploadCSV posts a CSV to the import form.
func (a *app) uploadCSV(path, csvText string, skip bool) *page {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if skip {
		mw.WriteField("ignorer", "oui")
	}
	fw, _ := mw.CreateFormFile("fichier", "mandants.csv")
	fw.Write([]byte(csvText))
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return a.do(req)
}

const csvHeader = "civility,first_name,last_name,street,complement,postal_code,city,email,signed_on\n"

func TestCampaignImport(t *testing.T) {
	a, st := campaignApp(t)
	c := createCampaign(t, a)
	signed(t, a, c, resident)
	file := csvHeader +
		"Monsieur,Paul,Arnaud,1 rue A,,59000,Lille,paul@example.org,2026-11-20\n" +
		"Madame,Zoé,Blanc,2 rue B,,5900,Lille,,2026-11-21\n" + // line 3: bad postal code
		"Madame,Ana,Costa,3 rue C,,59000,Lille,elodie.lefevre@example.org,2026-11-22\n" + // line 4: e-mail already signed
		"Madame,Léa,Durand,4 rue D,,59000,Lille,paul@EXAMPLE.org,2026-11-22\n" + // line 5: e-mail of line 2
		"Madame,Inès,Roux,5 rue E,,59000,Lille,,2026-11-23\n"
	p := a.uploadCSV(c.admin+"/importer", file, false)
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("import with bad rows: %d, want 422", p.Status)
	}
	text := p.visibleText()
	for _, want := range []string{"ligne 3 : postal_code :", "ligne 4 : email :", "ligne 5 : email :", "ligne 2"} {
		if !strings.Contains(strings.ReplaceAll(text, "\u202f", " "), want) {
			t.Errorf("the page does not say %q:\n%s", want, text)
		}
	}
	if counts, _ := st.Counts(context.Background(), c.id); counts.Standing != 1 {
		t.Fatalf("all-or-nothing import stored something: %+v", counts)
	}
	p = a.uploadCSV(c.admin+"/importer", file, true)
	if p.Status != 200 {
		t.Fatalf("import skipping bad rows: %d %s", p.Status, p.errorsText())
	}
	if !strings.Contains(p.visibleText(), "2 mandats importés") || !strings.Contains(strings.ReplaceAll(p.visibleText(), "\u202f", " "), "ligne 3 : postal_code") {
		t.Errorf("skip report:\n%s", p.visibleText())
	}
	counts, _ := st.Counts(context.Background(), c.id)
	if counts.Standing != 3 {
		t.Errorf("after the skip import: %+v, want 3 standing", counts)
	}
	paper, err := st.ListMandates(context.Background(), c.id, store.ListOptions{Query: "Arnaud"})
	if err != nil || len(paper) != 1 {
		t.Fatalf("paper mandate of Arnaud: %v, %v", paper, err)
	}
	if m := paper[0]; m.Source != store.SourcePaper || len(m.RevokeHash) != 0 || m.Email != "paul@example.org" || m.SignedOn != "2026-11-20" {
		t.Errorf("paper mandate stored as %+v", m)
	}
	// A file that is not a mandants list at all.
	if p := a.uploadCSV(c.admin+"/importer", "nom;prénom\nA;B\n", false); p.Status != 422 || p.byID("f-fichier-error") == nil {
		t.Errorf("bad header: %d, error beside the file: %v", p.Status, p.byID("f-fichier-error") != nil)
	}
	if p := a.uploadCSV(c.admin+"/importer", csvHeader+"Madame,Zoé,Blanc,2 rue B,,5900,Lille,,2026-11-21\n", true); p.Status != 422 {
		t.Errorf("no valid row in skip mode: %d", p.Status)
	}
}

func TestCampaignExportEscapesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1)": "'=SUM(A1)", "+33 6": "'+33 6", "-2": "'-2", "@cmd": "'@cmd", "\t=1": "'\t=1", "\r=1": "'\r=1",
		"Lille": "Lille", "": "", "a=b": "a=b",
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
	a, _ := campaignApp(t)
	c := createCampaign(t, a)
	revoke, _ := signed(t, a, c, with(resident, "complement", "=HYPERLINK(\"http://x\")"))
	a.post(revoke, nil)
	imp := a.uploadCSV(c.admin+"/importer", csvHeader+"Monsieur,@Paul,-Arnaud,+1 rue A,,59000,Lille,,2026-11-20\n", false)
	if imp.Status != 200 {
		t.Fatalf("import: %d %s", imp.Status, imp.errorsText())
	}
	p := a.get(c.admin + "/export.csv")
	if p.Status != 200 || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/csv") || !strings.Contains(p.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %v", p.Status, p.Header)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(p.Body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.TrimSpace(csvHeader)+",source,revoked_on" {
		t.Errorf("header %v", recs[0])
	}
	if len(recs) != 3 {
		t.Fatalf("%d rows, want the paper mandate and the revoked one: %v", len(recs)-1, recs)
	}
	paper, web := recs[1], recs[2]
	if paper[1] != "'@Paul" || paper[2] != "'-Arnaud" || paper[3] != "'+1 rue A" || paper[9] != "paper" || paper[10] != "" {
		t.Errorf("paper row %q", paper)
	}
	if web[4] != "'=HYPERLINK(\"http://x\")" || web[9] != "web" || web[10] != "2026-11-27" {
		t.Errorf("web row %q", web)
	}
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q can start a formula", cell)
			}
		}
	}
}

func TestCampaignListSearchAndPages(t *testing.T) {
	a, _ := campaignApp(t)
	c := createCampaign(t, a)
	var b strings.Builder
	b.WriteString(csvHeader)
	for i := range 60 {
		fmt.Fprintf(&b, "Madame,Prénom%02d,Nom%02d,%d rue A,,59000,Lille,p%02d@example.org,2026-11-%02d\n", i, i, i+1, i, 1+i%20)
	}
	if p := a.uploadCSV(c.admin+"/importer", b.String(), false); p.Status != 200 {
		t.Fatalf("import: %d %s", p.Status, p.errorsText())
	}
	p := a.get(c.admin + "/mandats")
	rows := p.all(p.bySelector("tbody", ""), "tr")
	if len(rows) != adminPageSize {
		t.Fatalf("page 1: %d rows, want %d", len(rows), adminPageSize)
	}
	next := p.find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "rel") == "next" })
	if next == nil {
		t.Fatal("no next page link")
	}
	p2 := a.get(attr(next, "href"))
	if n := len(p2.all(p2.bySelector("tbody", ""), "tr")); n != 10 {
		t.Errorf("page 2: %d rows, want 10", n)
	}
	q := a.get(c.admin + "/mandats?q=nom07")
	if n := len(q.all(q.bySelector("tbody", ""), "tr")); n != 1 || q.value("q") != "nom07" {
		t.Errorf("search: %d rows, field %q", n, q.value("q"))
	}
	home := a.get(c.admin)
	if !strings.Contains(home.visibleText(), "60") || home.bySelector("table", "data-table") == nil {
		t.Errorf("admin home lacks the counts or the per-day table")
	}
	if r := a.get(c.admin + "/mandats?revoques=1"); r.Status != 200 || r.bySelector("tbody", "") != nil {
		t.Errorf("revoked list: %d, want an empty list", r.Status)
	}
}

func TestCampaignDelete(t *testing.T) {
	a, st := campaignApp(t)
	c := createCampaign(t, a)
	revoke, _ := signed(t, a, c, resident)
	mandateID := strings.Split(revoke, "/")[2]
	p := a.get(c.admin + "/supprimer")
	if p.Status != 200 || p.find(p.doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "action") == c.admin+"/supprimer" }) == nil {
		t.Fatalf("delete confirmation: %d", p.Status)
	}
	if n := mandateCounts(t, st, c.id); n.Standing != 1 {
		t.Fatalf("GET deleted something: %+v", n)
	}
	if p := a.post(c.admin+"/supprimer", nil); p.Status != 200 {
		t.Fatalf("delete: %d", p.Status)
	}
	ctx := context.Background()
	if _, err := st.Campaign(ctx, c.id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the campaign after delete: %v, want ErrNotFound", err)
	}
	if _, err := st.Mandate(ctx, mandateID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("its mandate after delete: %v, want ErrNotFound", err)
	}
	if p := a.get(c.admin); p.Status != 404 {
		t.Errorf("admin after delete: %d", p.Status)
	}
}

func TestCampaignWithoutStore(t *testing.T) {
	a := newApp(t)
	for _, p := range []*page{a.get("/signer/abc"), a.get("/campagnes/nouvelle?etat=x"), a.post("/signer/abc", resident),
		a.get("/campagnes/abc/admin/def"), a.get("/revoquer/a/b")} {
		if p.Status != http.StatusServiceUnavailable || !strings.Contains(p.visibleText(), "indisponibles") {
			t.Errorf("%s without a store: %d", p.URL, p.Status)
		}
	}
	if p := a.get("/healthz"); p.Status != 200 {
		t.Errorf("healthz without a store: %d", p.Status)
	}
}

// pingCounter is the real store, its Pings counted, and failing on demand.
type pingCounter struct {
	store.Store
	pings atomic.Int64
	fail  atomic.Pointer[error]
}

func (p *pingCounter) Ping(ctx context.Context) error {
	p.pings.Add(1)
	if err := p.fail.Load(); err != nil {
		return *err
	}
	return p.Store.Ping(ctx)
}

func TestHealthzPingsStore(t *testing.T) {
	db := openTestStore(t)
	st := &pingCounter{Store: db}
	a := campaignAppOn(t, st, func() time.Time { return testNow })
	if p := a.get("/healthz"); p.Status != 200 || st.pings.Load() != 1 {
		t.Errorf("healthz: %d, %d pings", p.Status, st.pings.Load())
	}
	unavailable := store.ErrUnavailable
	st.fail.Store(&unavailable)
	if p := a.get("/healthz"); p.Status != 503 {
		t.Errorf("healthz with a failing store: %d", p.Status)
	}
	// A database that went away for real: the store's own Ping and reads fail.
	st.fail.Store(nil)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if p := a.get("/healthz"); p.Status != 503 {
		t.Errorf("healthz with a closed database: %d", p.Status)
	}
	if p := a.get("/signer/x"); p.Status != 503 {
		t.Errorf("signing with a closed database: %d", p.Status)
	}
}

func TestCampaignRateLimit(t *testing.T) {
	a, _ := campaignApp(t, ratelimit.Config{Every: time.Hour, Burst: 2})
	for i := range 2 {
		if p := a.post("/signer/inconnue", resident); p.Status != 404 {
			t.Fatalf("post %d: %d", i+1, p.Status)
		}
	}
	p := a.post("/signer/inconnue", resident)
	if p.Status != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" || !strings.Contains(p.visibleText(), "Trop de demandes") {
		t.Errorf("third post: %d, Retry-After %q", p.Status, p.Header.Get("Retry-After"))
	}
	if p := a.get("/signer/inconnue"); p.Status != 404 {
		t.Errorf("GET is not limited: %d", p.Status)
	}
}

func TestCampaignCrossOriginRefused(t *testing.T) {
	a, st := campaignApp(t)
	c := createCampaign(t, a)
	a.headers["Sec-Fetch-Site"] = "cross-site"
	for _, path := range []string{c.sign, c.admin + "/fermer", c.admin + "/supprimer", "/campagnes"} {
		if p := a.post(path, resident); p.Status != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d, want 403", path, p.Status)
		}
	}
	if n := mandateCounts(t, st, c.id); n != (store.Counts{}) || !storedCampaign(t, st, c.id).ClosedAt.IsZero() {
		t.Error("a cross-site post changed the campaign")
	}
}

func TestRunPurge(t *testing.T) {
	st := openTestStore(t)
	ctx0 := context.Background()
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	old := store.Campaign{ID: store.NewID(), Title: "Ancienne", ClosesOn: day(testNow.AddDate(0, -8, 0)), RetentionDays: 183}
	young := store.Campaign{ID: store.NewID(), Title: "Récente", ClosesOn: day(testNow.AddDate(0, 1, 0)), RetentionDays: 183}
	for _, c := range []store.Campaign{old, young} {
		if err := st.CreateCampaign(ctx0, c); err != nil {
			t.Fatal(err)
		}
	}
	m, _, err := st.SignMandate(ctx0, store.Mandate{CampaignID: old.ID, FirstName: "Camille", LastName: "Martin",
		Email: "camille@example.org", SignedOn: "2026-03-01"}, old.ClosesOn)
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuf
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		RunPurge(ctx, st, slog.New(slog.NewTextHandler(&logs, nil)), 5*time.Millisecond, func() time.Time { return testNow })
		close(done)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "purged=1") && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("RunPurge did not stop")
	}
	if _, err := st.Campaign(ctx0, old.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the old campaign was not purged: %v", err)
	}
	if _, err := st.Mandate(ctx0, m.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the old campaign's mandate was not purged: %v", err)
	}
	if _, err := st.Campaign(ctx0, young.ID); err != nil {
		t.Errorf("an open campaign was purged: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if strings.Contains(line, old.ID) || strings.Contains(line, "Ancienne") || strings.Contains(line, "Camille") {
			t.Errorf("purge log says more than the count: %q", line)
		}
	}
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Fatal(ctx.Err())
	}
}

// TestCampaignPDFs: the signer's mandate, the mandates one a page, and the collective complaint whose
// annex lists the standing mandants and not the revoked one.
func TestCampaignPDFs(t *testing.T) {
	a, _ := campaignApp(t)
	c := createCampaign(t, a)
	_, pdf := signed(t, a, c, resident)
	revoke, _ := signed(t, a, c, with(resident, "first_name", "Bruno", "last_name", "Révoqué", "email", "bruno@example.org", "signature", "Bruno Révoqué"))
	a.post(revoke, nil)
	if p := a.uploadCSV(c.admin+"/importer", csvHeader+"Monsieur,Paul,Arnaud,1 rue A,,59000,Lille,,2026-11-20\n", false); p.Status != 200 {
		t.Fatalf("import: %d", p.Status)
	}
	get := func(path string) string {
		t.Helper()
		p := a.get(path)
		if p.Status != 200 || p.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(p.Body, "%PDF-") {
			t.Fatalf("%s: %d %s %.200s", path, p.Status, p.Header.Get("Content-Type"), p.Body)
		}
		return strings.Join(strings.Fields(pdftest.Text(t, []byte(p.Body))), " ")
	}
	one := get(pdf)
	if !strings.Contains(one, "Lefèvre") || !strings.Contains(one, "article 80") {
		t.Errorf("the signer's mandate lacks the name or the article:\n%.1500s", one)
	}
	all := get(c.admin + "/mandats.pdf")
	if !strings.Contains(all, "Arnaud") || !strings.Contains(all, "Lefèvre") || strings.Contains(all, "Révoqué") {
		t.Errorf("mandates PDF:\n%.3000s", all)
	}
	cp := get(c.admin + "/plainte.pdf")
	if !strings.Contains(cp, "Arnaud") || !strings.Contains(cp, "Lefèvre") || strings.Contains(cp, "Révoqué") {
		t.Errorf("complaint PDF:\n%.3000s", cp)
	}
	if p := a.get(strings.Replace(pdf, "/pdf", "", 1)); p.Status != 404 {
		t.Errorf("mandate path without /pdf: %d", p.Status)
	}
}

// TestCampaignLogsHoldNoPersonalData: a whole campaign (creation, signatures with errors, receipt,
// revocation, import, export, PDFs, close, delete) leaves in the log no typed value, no id and no
// secret: only methods, route patterns, statuses and durations.
func TestCampaignLogsHoldNoPersonalData(t *testing.T) {
	a, _ := campaignApp(t)
	c := createCampaign(t, a)
	a.post(c.sign, with(resident, "postal_code", "5900"))
	revoke, pdf := signed(t, a, c, resident)
	a.get(pdf)
	a.get(revoke)
	a.post(revoke, nil)
	a.post(revoke, nil)
	a.uploadCSV(c.admin+"/importer", csvHeader+"Monsieur,Paul,Arnaud,1 rue A,,59000,Lille,paul.arnaud@example.org,2026-11-20\n", false)
	a.uploadCSV(c.admin+"/importer", csvHeader+"Monsieur,Zoé,Blanc,1 rue A,,590,Lille,,2026-11-20\n", false)
	a.get(c.admin + "/mandats?q=Arnaud")
	a.get(c.admin + "/export.csv")
	a.get(c.admin + "/mandats.pdf")
	a.get(c.admin + "/plainte.pdf")
	a.get("/campagnes/" + c.id + "/admin/mauvais-secret")
	a.post(c.admin+"/fermer", nil)
	a.post(c.admin+"/supprimer", nil)

	logs := a.logs.String()
	if !strings.Contains(logs, "route=/signer/:id") || !strings.Contains(logs, "route=/campagnes/:id/admin/:secret/importer") {
		t.Fatalf("the log does not record the campaign requests:\n%s", logs)
	}
	secrets := []string{c.id, c.admin[strings.LastIndex(c.admin, "/")+1:], strings.Split(revoke, "/")[2], strings.Split(revoke, "/")[3]}
	typed := append(secrets, "Élodie", "Lefèvre", "Solférino", "elodie.lefevre", "example.org", "Arnaud", "Paul", "Blanc",
		"Vigilance", "mauvais-secret", "59000", "5900")
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		for _, f := range strings.Fields(line) {
			k, v, _ := strings.Cut(f, "=")
			switch k {
			case "time", "duration":
				continue
			case "level", "msg", "method", "route", "status":
			default:
				t.Errorf("unexpected log field %q in %q", k, line)
			}
			for _, s := range typed {
				if strings.Contains(v, s) {
					t.Errorf("the log holds %q: %q", s, line)
				}
			}
		}
	}
}

// TestCampaignPagesTranslated: every campaign page, in English, has no missing key and no French
// interface words outside the parts marked lang="fr"; in French, no English catalogue text.
func TestCampaignPagesTranslated(t *testing.T) {
	frenchWords := regexp.MustCompile(`\b(vous|votre|Étape|Continuer|Retour|Modifier|Télécharger|facultatif|Erreur|mandat|ligne)\b`)
	for _, lang := range []string{"en", "fr"} {
		a, _ := campaignApp(t)
		c := createCampaign(t, a)
		a.lang = lang
		tok := a.tokenFor(procedures.PlainteCollectiveCNIL, associationCase(t))
		revoke, _ := signed(t, a, c, resident)
		pages := []*page{
			a.get("/campagnes/nouvelle?etat=" + tok),
			a.post("/campagnes", url.Values{"etat": {tok}, "closes_on": {"x"}, "retention_days": {"1"}}),
			a.post("/campagnes", url.Values{"etat": {tok}, "closes_on": {"2027-01-31"}, "retention_days": {"183"}}),
			a.get(c.sign),
			a.post(c.sign, with(resident, "postal_code", "5900", "signature", "X Y", "statements", "", "email", "")),
			a.post(c.sign, resident),
			a.get(revoke),
			a.uploadCSV(c.admin+"/importer", csvHeader+"Monsieur,Paul,Arnaud,1 rue A,,5900,Lille,,2026-11-20\n", false),
			a.uploadCSV(c.admin+"/importer", csvHeader+"Monsieur,Paul,Arnaud,1 rue A,,5900,Lille,,2026-11-20\nMadame,Zoé,Blanc,2 rue B,,59000,Lille,,2026-11-21\n", true),
			a.get(c.admin), a.get(c.admin + "/mandats"), a.get(c.admin + "/mandats?revoques=1&q=zzz"), a.get(c.admin + "/supprimer"),
			a.post(revoke, nil), a.get(revoke),
			a.post(c.admin+"/supprimer", nil), a.get(c.sign),
		}
		for _, p := range pages {
			if p.doc == nil {
				t.Errorf("%s (%s): not HTML", p.URL, lang)
				continue
			}
			if strings.Contains(p.Body, "[[missing:") {
				t.Errorf("%s (%s): missing catalogue key", p.URL, lang)
			}
			body := textOutside(p.doc, lang)
			if lang == "en" {
				if m := frenchWords.FindAllString(body, 5); m != nil {
					t.Errorf("%s: English page shows French words %v", p.URL, m)
				}
			} else if strings.Contains(body, "Sign the mandate") || strings.Contains(body, "Campaign administration") {
				t.Errorf("%s: French page shows English text", p.URL)
			}
		}
	}
}

// mandantsCSV is a list of n paper mandants with addresses of realistic length (about 130 bytes a row).
func mandantsCSV(n int) string {
	var b strings.Builder
	b.WriteString(csvHeader)
	for i := range n {
		fmt.Fprintf(&b, "Madame,Marie-Hélène %05d,Lefebvre-Dumont %05d,%d boulevard de la Liberté,Résidence Les Tilleuls bât. B,59000,Lille,marie-helene.%05d@example.org,2026-11-%02d\n",
			i, i, i%300+1, i, 1+i%26)
	}
	return b.String()
}

// TestCampaignImportTenThousand: a campaign's usual list, over the forms' 1 MiB, goes through the import
// route into the real store in one piece.
func TestCampaignImportTenThousand(t *testing.T) {
	if raceEnabled {
		t.Skip("10,000 rows in the pure-Go SQLite take minutes under the race detector; run without -race")
	}
	a, st := campaignApp(t)
	c := createCampaign(t, a)
	file := mandantsCSV(10000)
	if len(file) <= maxFormBytes || len(file) > maxImportBytes {
		t.Fatalf("the file is %d bytes: it should be over the forms' limit and within the import's", len(file))
	}
	start := time.Now()
	p := a.uploadCSV(c.admin+"/importer", file, false)
	if p.Status != 200 || !strings.Contains(p.visibleText(), "10000 mandats importés") {
		t.Fatalf("import of 10,000 rows: %d %s", p.Status, p.errorsText())
	}
	t.Logf("10,000 rows imported through the handler in %v", time.Since(start).Round(time.Millisecond))
	if n := mandateCounts(t, st, c.id); n.Standing != 10000 {
		t.Errorf("%+v standing after the import, want 10000", n)
	}
	last, err := st.ListMandates(context.Background(), c.id, store.ListOptions{Query: "marie-helene.09999@"})
	if err != nil || len(last) != 1 || last[0].LastName != "Lefebvre-Dumont 09999" || last[0].Complement != "Résidence Les Tilleuls bât. B" {
		t.Errorf("the last row stored as %+v (%v)", last, err)
	}
}

// TestCampaignImportSizeLimit: the import route has its own limit, above the forms' 1 MiB; over it, the
// import page answers 413 with the limit and what to do beside the file field, and nothing is stored.
func TestCampaignImportSizeLimit(t *testing.T) {
	a, st := campaignApp(t)
	c := createCampaign(t, a)
	// Over 1 MiB without thousands of inserts (cheap under -race): the CSV reader skips blank lines.
	padded := csvHeader + strings.Repeat("\n", maxFormBytes) +
		"Monsieur,Paul,Arnaud,1 rue A,,59000,Lille,,2026-11-20\nMadame,Zoé,Blanc,2 rue B,,59000,Lille,,2026-11-21\n"
	if p := a.uploadCSV(c.admin+"/importer", padded, false); p.Status != 200 || !strings.Contains(p.visibleText(), "2 mandats importés") {
		t.Fatalf("a %d-byte file: %d %s", len(padded), p.Status, p.errorsText())
	}
	row := "Madame,Marie-Hélène,Lefebvre-Dumont,12 boulevard de la Liberté,,59000,Lille,,2026-11-20\n"
	big := csvHeader + strings.Repeat(row, maxImportBytes/len(row)+1)
	if len(big) <= maxImportBytes {
		t.Fatalf("the big file is only %d bytes", len(big))
	}
	for _, tc := range []struct{ lang, limit, split string }{
		{"fr", "4 Mo", "plusieurs fichiers"},
		{"en", "4 MB", "several smaller files"},
	} {
		a.lang = tc.lang
		p := a.uploadCSV(c.admin+"/importer", big, false)
		if p.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: a %d-byte file: %d, want 413", tc.lang, len(big), p.Status)
			continue
		}
		beside := p.byID("f-fichier-error")
		if beside == nil || !strings.Contains(text(beside), tc.limit) || !strings.Contains(text(beside), tc.split) {
			t.Errorf("%s: the error beside the file does not give the limit and the way out: %q", tc.lang, p.errorsText())
		}
		if p.find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "#f-fichier" }) == nil {
			t.Errorf("%s: the summary does not link to #f-fichier", tc.lang)
		}
		if p.byID("f-fichier") == nil {
			t.Errorf("%s: the 413 page has no file field to try again", tc.lang)
		}
	}
	if n := mandateCounts(t, st, c.id); n.Standing != 2 {
		t.Errorf("%+v standing: the refused file stored something", n)
	}
}

// testClock is a clock the test moves.
type testClock struct{ t atomic.Pointer[time.Time] }

func (c *testClock) set(t time.Time) { c.t.Store(&t) }
func (c *testClock) now() time.Time  { return *c.t.Load() }

// TestCampaignDaysTurnInParis: at 00:30 in Paris it is still the day before in UTC; a resident signing
// then gets the Paris day as the date of the mandate, a campaign's last day is over, and creation and
// import count "today" the same way. Winter (UTC+1) and summer (UTC+2).
func TestCampaignDaysTurnInParis(t *testing.T) {
	clock := &testClock{}
	clock.set(testNow)
	st := openTestStore(t)
	a := campaignAppOn(t, st, clock.now)
	c := createCampaign(t, a) // closes on 2027-01-31
	ctx := context.Background()

	for i, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC), "2026-11-28"}, // 00:30 CET
		{time.Date(2026, 11, 27, 22, 59, 0, 0, time.UTC), "2026-11-27"}, // 23:59 CET
		{time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC), "2026-07-01"},  // 00:30 CEST
		{time.Date(2026, 6, 30, 21, 30, 0, 0, time.UTC), "2026-06-30"},  // 23:30 CEST
	} {
		clock.set(tc.at)
		email := fmt.Sprintf("paris%d@example.org", i)
		signed(t, a, c, with(resident, "email", email))
		ms, err := st.ListMandates(ctx, c.id, store.ListOptions{Query: email})
		if err != nil || len(ms) != 1 {
			t.Fatalf("%v: %v %v", tc.at, ms, err)
		}
		if ms[0].SignedOn != tc.want {
			t.Errorf("signed at %v: signed_on %s, want %s", tc.at, ms[0].SignedOn, tc.want)
		}
	}

	// A campaign whose last day is 27 November 2026 closes at midnight in Paris, an hour before UTC's.
	clock.set(testNow)
	tok := a.tokenFor(procedures.PlainteCollectiveCNIL, associationCase(t))
	p := a.post("/campagnes", url.Values{"etat": {tok}, "closes_on": {"2026-11-27"}, "retention_days": {"183"}})
	if p.Status != 200 {
		t.Fatalf("a campaign closing today: %d %s", p.Status, p.errorsText())
	}
	var last campaign
	for _, n := range p.all(p.doc, "a") {
		switch h := attr(n, "href"); {
		case strings.HasPrefix(h, "/signer/"):
			last.sign = h
		case strings.Contains(h, "/admin/"):
			last.admin = h
		}
	}
	clock.set(time.Date(2026, 11, 27, 22, 59, 0, 0, time.UTC))
	signed(t, a, last, resident)
	clock.set(time.Date(2026, 11, 27, 23, 0, 0, 0, time.UTC))
	for _, p := range []*page{a.get(last.sign), a.post(last.sign, with(resident, "email", "tard@example.org"))} {
		if p.Status != http.StatusGone {
			t.Errorf("%s at midnight in Paris after the last day: %d, want 410", p.URL, p.Status)
		}
	}
	if p := a.uploadCSV(last.admin+"/importer", csvHeader+"Monsieur,Paul,Arnaud,1 rue A,,59000,Lille,,2026-11-27\n", false); p.Status != http.StatusGone {
		t.Errorf("import at midnight in Paris after the last day: %d, want 410", p.Status)
	}
	if n := mandateCounts(t, st, strings.TrimPrefix(last.sign, "/signer/")); n.Standing != 1 {
		t.Errorf("%+v standing in the campaign closed at midnight, want the one signed at 23:59", n)
	}

	// At 00:30 in Paris on the 28th, the 27th is past for a new campaign and the 28th is no future date
	// in an import.
	clock.set(time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC))
	if p := a.post("/campagnes", url.Values{"etat": {tok}, "closes_on": {"2026-11-27"}, "retention_days": {"183"}}); p.Status != 422 || p.byID("f-closes_on-error") == nil {
		t.Errorf("closing on the day before, in Paris: %d, want 422 on the closing day", p.Status)
	}
	if p := a.uploadCSV(c.admin+"/importer", csvHeader+"Monsieur,Paul,Arnaud,1 rue A,,59000,Lille,,2026-11-28\n", false); p.Status != 200 {
		t.Errorf("a paper mandate signed today in Paris: %d %s", p.Status, p.errorsText())
	}
}
