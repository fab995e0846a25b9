package handlers

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"saisine/handlers/state"
	"saisine/i18n"
	"saisine/letters"
	"saisine/letters/procedures"
)

// TestTemplatesRenderEmpty renders every page template in both languages with the zero value of its
// data: a template that needs more than it is given fails here, not in front of a user.
func TestTemplatesRenderEmpty(t *testing.T) {
	r, err := newRenderer()
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{
		"home": homeData{}, "resume": resumeData{}, "error": nil, "state_error": nil, "accessibility": nil, "privacy": nil,
		"step_commune": communeData{}, "step_systeme": nil, "step_connaissances": nil, "step_situation": nil,
		"step_sources": rowsData{}, "step_demarches": rowsData{}, "step_demandes": demandesData{}, "step_identite": identityData{},
		"verification": verificationData{}, "preview": previewData{}, "text": textData{}, "parcours": parcoursData{},
		"campaign_new": campaignNewData{}, "campaign_created": campaignCreatedData{}, "signing": signData{},
		"signing_receipt": receiptData{}, "signing_revoke": revokeData{}, "admin": adminData{}, "admin_list": adminListData{},
		"admin_import": importData{}, "admin_delete": deleteData{},
		"protect": protectData{}, "erased": nil,
	}
	names, _ := pageNames()
	p, _ := procedures.Get("plainte-cnil")
	for _, name := range names {
		d, ok := data[name]
		if !ok {
			t.Errorf("page %s: no empty data in this test", name)
			continue
		}
		for _, lang := range i18n.Langs() {
			v := &view{Lang: lang, Page: name, Errors: map[string]string{}, Values: url.Values{}, Proc: &p,
				Step: &stepInfo{Slug: strings.TrimPrefix(name, "step_")}, Data: d}
			var buf bytes.Buffer
			if err := r.pages[lang][name].ExecuteTemplate(&buf, "layout", v); err != nil {
				t.Errorf("%s (%s): %v", name, lang, err)
			}
			if strings.Contains(buf.String(), i18n.Missing) {
				t.Errorf("%s (%s): missing catalogue key: %s", name, lang, regexp.MustCompile(`\[\[missing:[^\]]*\]\]`).FindString(buf.String()))
			}
		}
	}
}

// visitAll walks the pages a person can see, in the app's language, and returns them: every step of
// both CNIL procedures (each kind of sender), error pages (422), the verification page with and
// without problems, the preview, the text, and the pages outside the interview.
func visitAll(a *app) []*page {
	a.t.Helper()
	var out []*page
	keep := func(p *page) *page { out = append(out, p); return p }
	keep(a.get("/"))
	keep(a.post("/commencer", url.Values{}))
	keep(a.post("/commencer", url.Values{"kind": {"councillors"}, "procedure": {"plainte-cnil"}}))
	keep(a.get("/reprendre"))
	keep(a.get("/accessibilite"))
	keep(a.get("/confidentialite"))
	keep(a.get("/nulle-part"))
	keep(a.get("/dossier/plainte-cnil/commune?etat=abimé"))

	// A whole journey, each step also shown with an error.
	p := a.start("resident", "plainte-cnil")
	for _, s := range lilleAnswers {
		keep(p)
		bad := url.Values{}
		for k := range s.values {
			if strings.HasSuffix(k, "date") || strings.HasSuffix(k, "sent_on") || strings.HasSuffix(k, "_from") {
				bad.Set(k, "hier")
			}
		}
		if s.step == "commune" {
			bad.Set("commune.postal_code", "59160")
		}
		if s.step == "situation" {
			bad.Set("facts.where_filmed", "")
		}
		if s.step == "identite" {
			bad.Set("sender.email", "x@")
		}
		if len(bad) > 0 {
			keep(a.submit(p, merge(s.values, bad), "continuer"))
		}
		p = a.follow(a.submit(p, s.values, "continuer"))
	}
	v := keep(p)
	tok := tokenOf(v.URL)
	keep(a.get("/dossier/plainte-cnil/apercu?etat=" + tok))
	keep(a.get("/dossier/plainte-cnil/texte?etat=" + tok))
	// The complete dossier refused: a GIF exhibit, another file that is text (422).
	keep(a.uploadFiles("/dossier/plainte-cnil/dossier-complet", tok, filePart{"piece-1", "a.gif", []byte("GIF89a\x01\x00\x01\x00")},
		filePart{"autres", "notes.txt", []byte("notes\n")}))
	// The journey: after the Lille journey (an unanswered rights request), with no step, with a request
	// for documents unanswered (urgent), refused, or with a date that is not a full day.
	keep(a.get("/dossier/plainte-cnil/parcours?etat=" + tok))
	for _, steps := range [][]letters.PriorStep{
		nil,
		{crpaUnanswered, {Kind: letters.StepCADAReferral, SentOn: "2026-10-10"}},
		{{Kind: letters.StepCRPARequest, SentOn: "2026-10-01", Answer: letters.AnswerRefusal, AnswerOn: "2026-10-20"}},
		{{Kind: letters.StepCRPARequest, SentOn: "2026-09"}},
	} {
		keep(a.get("/dossier/plainte-cnil/parcours?etat=" + a.tokenFor("plainte-cnil", lilleCase(a.t, steps...))))
	}
	// Verification with problems and notices.
	c := withKind("resident")
	keep(a.get("/dossier/plainte-cnil/verification?etat=" + a.tokenFor("plainte-cnil", c)))
	// The identity step of the other kinds, with rows and errors.
	for _, kind := range []string{"councillors", "association"} {
		id := a.get("/dossier/signalement-cnil/identite?etat=" + a.tokenFor("signalement-cnil", withKind(kind)))
		keep(id)
		keep(a.submit(id, url.Values{"signatories[0].first_name": {"Claire"}}, "continuer"))
	}
	// A postal code shared by two communes, after « Chercher ».
	cm := a.get("/dossier/signalement-cnil/commune?etat=" + a.tokenFor("signalement-cnil", withKind("association")))
	keep(a.follow(a.submit(cm, url.Values{"commune.postal_code": {"59160"}}, "chercher-commune")))
	return out
}

// TestNoUntranslatedText renders every page in French and fails when one shows an English text of the
// catalogue or common English words; the same in English for French words; and in both when a
// catalogue key is missing.
func TestNoUntranslatedText(t *testing.T) {
	englishWords := regexp.MustCompile(`\b(the|and|your|you|with|from|this|Step|Continue|Back|Change|Download|Error|problem|optional|commune’s|letter)\b`)
	frenchWords := regexp.MustCompile(`\b(vous|votre|Étape|Continuer|Retour|Modifier|Télécharger|facultatif|Erreur)\b`)
	var english []string
	for _, k := range i18n.Keys(i18n.EN) {
		en, fr := i18n.T(i18n.EN, k), i18n.T(i18n.FR, k)
		if en != fr && len(en) >= 12 && !strings.Contains(en, "%") {
			english = append(english, en)
		}
	}
	for _, lang := range []string{"fr", "en"} {
		a := newApp(t)
		a.lang = lang
		for _, p := range visitAll(a) {
			if p.doc == nil {
				t.Errorf("%s: not HTML", short(p.URL))
				continue
			}
			if got := attr(p.find(p.doc, func(n *html.Node) bool { return n.Data == "html" }), "lang"); got != lang {
				t.Errorf("%s: <html lang=%q>", short(p.URL), got)
			}
			if strings.Contains(p.Body, i18n.Missing) {
				t.Errorf("%s (%s): missing catalogue key", short(p.URL), lang)
			}
			body := textOutside(p.doc, lang)
			if lang == "fr" {
				for _, e := range english {
					if strings.Contains(body, e) {
						t.Errorf("%s: French page shows the English text %q", short(p.URL), e)
					}
				}
				if m := englishWords.FindAllString(body, 5); m != nil {
					t.Errorf("%s: French page shows English words %v", short(p.URL), m)
				}
			} else if m := frenchWords.FindAllString(body, 5); m != nil {
				t.Errorf("%s: English page shows French interface words %v", short(p.URL), m)
			}
		}
	}
}

// textOutside is the page's text outside the parts marked with another language (lang="fr" in an
// English page: the letter, procedure titles; the language switch).
func textOutside(n *html.Node, lang string) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if l := attr(n, "lang"); l != "" && l != lang {
				return
			}
			if n.Data == "script" || n.Data == "style" || n.Data == "title" {
				return
			}
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// TestHeaders checks the security headers on every route, and that no page has inline script or
// style or loads anything from another origin.
func TestHeaders(t *testing.T) {
	a := newApp(t)
	pages := visitAll(a)
	tok := tokenOf(a.lilleJourney().URL)
	for _, extra := range []*http.Request{
		httptest.NewRequest("GET", "/healthz", nil),
		httptest.NewRequest("GET", "/static/site.css", nil),
		httptest.NewRequest("GET", "/static/copier.js", nil),
		httptest.NewRequest("GET", "/langue/en?retour=/", nil),
		httptest.NewRequest("GET", "/api/v1/procedures", nil),
		httptest.NewRequest("GET", "/api/v1/schema", nil),
		httptest.NewRequest("GET", "/api/v1/example/plainte-cnil", nil),
		httptest.NewRequest("POST", "/api/v1/render?procedure=plainte-cnil&format=txt", strings.NewReader("{")),
		httptest.NewRequest("PUT", "/", nil),
	} {
		pages = append(pages, a.do(extra))
	}
	for _, f := range []string{"pdf", "txt", "json"} {
		pages = append(pages, a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {f}}))
	}
	pages = append(pages, a.post("/dossier/plainte-cnil/calendrier", url.Values{"etat": {tok}}))
	lille, _ := os.ReadFile("../cmd/saisine/testdata/lille.json")
	pages = append(pages,
		a.upload("/reprendre", map[string]string{"procedure": "plainte-cnil"}, "dossier", lille),
		a.upload("/reprendre", map[string]string{"procedure": "plainte-cnil"}, "dossier", []byte("{")),
		a.do(httptest.NewRequest("POST", "/api/v1/render?procedure=plainte-cnil&format=html", bytes.NewReader(lille))),
		a.do(httptest.NewRequest("HEAD", "/healthz", nil)),
	)
	inline := regexp.MustCompile(`(?i)<script[^>]*>[^<]|<style|\sstyle=|\son[a-z]+=|javascript:`)
	for _, p := range pages {
		h := p.Header
		if h.Get("Content-Security-Policy") != ContentSecurityPolicy || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: security headers %v", p.URL, h)
		}
		static := strings.HasPrefix(p.URL, "/static/")
		if cc := h.Get("Cache-Control"); (cc == "no-store") == static {
			t.Errorf("%s: Cache-Control %q", p.URL, cc)
		}
		// A download is a document to save (the API's standalone HTML letter carries its own style),
		// not a page of this site.
		if p.doc == nil || strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
			continue
		}
		if m := inline.FindString(p.Body); m != "" {
			t.Errorf("%s: inline script or style %q", p.URL, m)
		}
		for _, n := range p.all(p.doc, "") {
			for _, at := range []string{"src", "srcset", "action"} {
				if v := attr(n, at); v != "" && !strings.HasPrefix(v, "/") {
					t.Errorf("%s: <%s %s=%q> is not on this site", p.URL, n.Data, at, v)
				}
			}
			if n.Data == "link" && !strings.HasPrefix(attr(n, "href"), "/static/") {
				t.Errorf("%s: <link href=%q>", p.URL, attr(n, "href"))
			}
		}
	}
	if testing.Verbose() {
		t.Logf("%d responses checked", len(pages))
	}
}

func TestCrossOriginRefused(t *testing.T) {
	a := newApp(t)
	form := url.Values{"kind": {"resident"}, "procedure": {"plainte-cnil"}}
	for _, c := range []struct {
		headers map[string]string
		want    int
	}{
		{map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusSeeOther},
		{map[string]string{"Origin": "http://example.com"}, http.StatusSeeOther}, // httptest's Host
		{map[string]string{}, http.StatusSeeOther},                               // a script, not a browser
	} {
		a.headers = c.headers
		p := a.post("/commencer", form)
		if p.Status != c.want {
			t.Errorf("POST with %v: %d, want %d", c.headers, p.Status, c.want)
		}
		if c.want == http.StatusForbidden && !strings.Contains(p.visibleText(), "Envoi refusé") {
			t.Errorf("403 page: %s", p.visibleText())
		}
	}
	a.headers = map[string]string{"Sec-Fetch-Site": "cross-site"}
	if p := a.do(httptest.NewRequest("POST", "/api/v1/render?procedure=plainte-cnil", strings.NewReader("{}"))); p.Status != http.StatusForbidden ||
		!strings.HasPrefix(p.Header.Get("Content-Type"), "application/json") {
		t.Errorf("cross-site API post: %d %s", p.Status, p.Header.Get("Content-Type"))
	}
	for _, path := range []string{"/reprendre", "/dossier/plainte-cnil/commune", "/dossier/plainte-cnil/telecharger"} {
		if p := a.post(path, url.Values{}); p.Status != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d", path, p.Status)
		}
	}
	if p := a.get("/"); p.Status != 200 {
		t.Errorf("cross-site GET: %d", p.Status)
	}
}

// TestStateErrors: a tampered, expired, foreign or missing token shows how to resume, never a 500.
func TestStateErrors(t *testing.T) {
	a := newApp(t)
	good := a.tokenFor("plainte-cnil", withKind("resident"))
	otherKey, _ := state.NewSealer(bytes.Repeat([]byte{8}, state.KeySize), time.Hour, func() time.Time { return testNow })
	foreign, _ := otherKey.Seal(state.State{Procedure: "plainte-cnil", Case: withKind("resident")})
	old, _ := state.NewSealer(testKey, time.Hour, func() time.Time { return testNow.Add(-2 * time.Hour) })
	expired, _ := old.Seal(state.State{Procedure: "plainte-cnil", Case: withKind("resident")})
	tampered := []byte(good)
	tampered[len(tampered)/2] ^= 1
	for name, tok := range map[string]string{
		"tampered": string(tampered), "foreign key": foreign, "missing": "", "garbage": "%%%",
		"other procedure": a.tokenFor("signalement-cnil", withKind("councillors")),
	} {
		for _, p := range []*page{
			a.get("/dossier/plainte-cnil/systeme?etat=" + url.QueryEscape(tok)),
			a.get("/dossier/plainte-cnil/verification?etat=" + url.QueryEscape(tok)),
			a.post("/dossier/plainte-cnil/systeme", url.Values{"etat": {tok}, "facts.software": {"BriefCam"}}),
			a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {"json"}}),
		} {
			if p.Status != http.StatusBadRequest || p.byID("contenu") == nil ||
				p.find(p.doc, func(n *html.Node) bool {
					return attr(n, "href") == "/reprendre" && n.Data == "a" && p.find(n.Parent, func(*html.Node) bool { return true }) != nil
				}) == nil {
				t.Errorf("%s, %s: %d", name, p.URL, p.Status)
			}
			if !strings.Contains(p.visibleText(), "Ce lien ne peut pas être lu") {
				t.Errorf("%s: %s", name, p.visibleText())
			}
		}
	}
	p := a.get("/dossier/plainte-cnil/systeme?etat=" + expired)
	if p.Status != http.StatusBadRequest || !strings.Contains(p.visibleText(), "Ce lien a expiré") {
		t.Errorf("expired: %d %s", p.Status, p.visibleText())
	}
	for _, path := range []string{"/dossier/inconnue/commune?etat=" + good, "/dossier/plainte-cnil/nulle-part?etat=" + good} {
		if p := a.get(path); p.Status != http.StatusNotFound {
			t.Errorf("%s: %d", path, p.Status)
		}
	}
	if p := a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {good}, "format": {"docx"}}); p.Status != http.StatusBadRequest {
		t.Errorf("unknown format: %d", p.Status)
	}
	// Output of a case that is not ready goes back to the verification page.
	for _, path := range []string{"/dossier/plainte-cnil/apercu?etat=" + good, "/dossier/plainte-cnil/texte?etat=" + good} {
		if p := a.get(path); p.Status != http.StatusSeeOther || !strings.Contains(p.location(), "/verification?") {
			t.Errorf("%s: %d %s", path, p.Status, p.location())
		}
	}
	if p := a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {good}, "format": {"pdf"}}); p.Status != http.StatusSeeOther {
		t.Errorf("PDF of an incomplete case: %d", p.Status)
	}
}

// TestBackAndReload: every URL carries its own state, so an earlier page (the back button) and the same
// page again (reload) still show the answers given there.
func TestBackAndReload(t *testing.T) {
	a := newApp(t)
	p := a.start("resident", "plainte-cnil")
	first := p.URL
	p = a.follow(a.submit(p, answersOf("commune"), "continuer"))
	systeme := p.URL
	a.follow(a.submit(p, answersOf("systeme"), "continuer"))
	back := a.get(systeme)
	if back.Status != 200 || back.value("facts.software") != "" {
		t.Errorf("the systeme page's own URL shows %q (its state is from before the answer)", back.value("facts.software"))
	}
	again := a.get(first)
	if again.Status != 200 || again.value("commune.postal_code") != "" {
		t.Errorf("reload of the first step: %d", again.Status)
	}
	// The page after the commune step shows the commune's answers when going back from it.
	r := a.get(stepURL("plainte-cnil", "commune", tokenOf(systeme), ""))
	if r.value("commune.postal_code") != "59000" || r.value("commune.address.city") != "LILLE CEDEX" {
		t.Errorf("back to the commune step: %q %q", r.value("commune.postal_code"), r.value("commune.address.city"))
	}
	// The back link of a step leads to the previous step with the current state.
	if l := back.bySelector("p", "back"); l == nil || !strings.Contains(attr(l.FirstChild, "href"), "/commune?etat=") {
		t.Errorf("back link: %v", l)
	}
}

func TestLanguageSwitch(t *testing.T) {
	a := newApp(t)
	p := a.start("resident", "plainte-cnil")
	p = a.follow(a.submit(p, answersOf("commune"), "continuer"))
	link := p.find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "hreflang") == "en" })
	if link == nil || attr(link, "lang") != "en" {
		t.Fatal("no language link with hreflang and lang")
	}
	sw := a.get(attr(link, "href"))
	if sw.Status != http.StatusSeeOther || sw.location() != p.URL {
		t.Fatalf("switch: %d → %q, want %q", sw.Status, sw.location(), p.URL)
	}
	ck := sw.Header.Get("Set-Cookie")
	for _, want := range []string{"lang=en", "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age="} {
		if !strings.Contains(ck, want) {
			t.Errorf("cookie %q lacks %s", ck, want)
		}
	}
	if strings.Contains(ck, "Secure") {
		t.Errorf("Secure cookie over plain HTTP: %q", ck)
	}
	a.lang = "en"
	en := a.get(sw.location())
	if !strings.Contains(en.visibleText(), "Step 2 of 10") || !strings.Contains(en.visibleText(), "The system and the software") {
		t.Errorf("English page: %s", en.visibleText())
	}
	back := a.get(stepURL("plainte-cnil", "commune", tokenOf(en.URL), ""))
	if back.value("commune.address.street") != "Place Augustin Laurent" {
		t.Errorf("answers lost across the switch: %q", back.value("commune.address.street"))
	}
	// Over TLS the cookie is Secure.
	req := httptest.NewRequest("GET", "https://saisine.example/langue/fr?retour=/", nil)
	if ck := a.do(req).Header.Get("Set-Cookie"); !strings.Contains(ck, "Secure") {
		t.Errorf("TLS cookie %q", ck)
	}
	// Only relative paths of this site are followed.
	for _, bad := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "evil"} {
		if loc := a.get("/langue/fr?retour=" + url.QueryEscape(bad)).location(); loc != "/" {
			t.Errorf("retour=%q → %q", bad, loc)
		}
	}
	if p := a.get("/langue/de?retour=/"); p.Status != http.StatusNotFound {
		t.Errorf("/langue/de: %d", p.Status)
	}
	// Accept-Language without cookie.
	b := newApp(t)
	b.headers = map[string]string{"Accept-Language": "en-GB,en;q=0.9"}
	if got := attr(b.get("/").find(b.get("/").doc, func(n *html.Node) bool { return n.Data == "html" }), "lang"); got != "en" {
		t.Errorf("Accept-Language en: lang=%q", got)
	}
}

func TestResume(t *testing.T) {
	a := newApp(t)
	lille, err := os.ReadFile("../cmd/saisine/testdata/lille.json")
	if err != nil {
		t.Fatal(err)
	}
	p := a.upload("/reprendre", map[string]string{"procedure": "plainte-cnil"}, "dossier", lille)
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/dossier/plainte-cnil/verification?etat=") {
		t.Fatalf("resume: %d %s\n%s", p.Status, p.location(), p.errorsText())
	}
	v := a.follow(p)
	for _, want := range []string{"BriefCam", "Camille", "Médiacités", "LILLE CEDEX"} {
		if !strings.Contains(v.visibleText(), want) {
			t.Errorf("verification after resume lacks %q", want)
		}
	}
	for _, c := range []struct {
		name, proc string
		file       []byte
		field      string
		want       string
	}{
		{"not JSON", "plainte-cnil", []byte("{\n  \"version\": 1,\n  oops\n}"), "dossier", "ligne 3"},
		{"empty", "plainte-cnil", []byte(""), "dossier", "Le fichier est vide"},
		{"unknown field", "plainte-cnil", []byte(`{"version":1,"sendr":{}}`), "dossier", "sendr"},
		{"too large", "plainte-cnil", bytes.Repeat([]byte(" "), letters.MaxCaseFileSize+10), "dossier", "1\u202fMio"},
		{"wrong kind", "signalement-cnil", lille, "procedure", "réservée"},
		{"no procedure", "", lille, "procedure", "Choisissez une démarche"},
		{"no file", "plainte-cnil", nil, "dossier", "Choisissez le fichier"},
	} {
		file := "dossier"
		if c.file == nil {
			file = ""
		}
		p := a.upload("/reprendre", map[string]string{"procedure": c.proc}, file, c.file)
		if p.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", c.name, p.Status)
			continue
		}
		checkFieldError(t, p, fieldID(c.field), "")
		if !strings.Contains(text(p.byID(fieldID(c.field)+"-error")), c.want) {
			t.Errorf("%s: message %q lacks %q", c.name, text(p.byID(fieldID(c.field)+"-error")), c.want)
		}
		if c.proc != "" && p.value("procedure") != c.proc {
			t.Errorf("%s: procedure choice not kept: %q", c.name, p.value("procedure"))
		}
	}
}

// TestVerification: one « Modifier » link per answer to the step and field, back to the verification
// page after « continuer »; problems link to their field; warnings are notices.
func TestVerification(t *testing.T) {
	a := newApp(t)
	v := a.lilleJourney()
	var links []string
	for _, n := range v.all(v.doc, "a") {
		if strings.Contains(attr(n, "href"), "retour=verification") {
			links = append(links, attr(n, "href"))
		}
	}
	if len(links) < 30 {
		t.Errorf("%d Modifier links", len(links))
	}
	for _, l := range links {
		u, _ := url.Parse(l)
		parts := strings.Split(u.Path, "/")
		if len(parts) != 4 || stepBySlug(parts[3]) == nil || !strings.HasPrefix(u.Fragment, "f-") {
			t.Errorf("link %s", l)
			continue
		}
		page := a.get(strings.Split(l, "#")[0])
		if page.byID(u.Fragment) == nil {
			t.Errorf("%s: no element #%s on the step", l, u.Fragment)
		}
	}
	edit := a.get(strings.Split(links[0], "#")[0])
	r := a.submit(edit, nil, "continuer")
	if !strings.Contains(r.location(), "/verification?") {
		t.Errorf("continuer from a Modifier link → %s", r.location())
	}

	// An empty case: every problem links to its step and field; the missing prior step is a notice.
	c := withKind("resident")
	pv := a.get("/dossier/plainte-cnil/verification?etat=" + a.tokenFor("plainte-cnil", c))
	list := pv.bySelector("div", "problem-list")
	if list == nil {
		t.Fatal("no problem list")
	}
	for _, n := range pv.all(list, "a") {
		h := attr(n, "href")
		if !strings.Contains(h, "retour=verification#f-") {
			t.Errorf("problem link %q", h)
		}
	}
	if !strings.Contains(text(list), "Le nom de la commune est obligatoire") && !strings.Contains(text(list), "commune") {
		t.Errorf("problems: %s", text(list))
	}
	notice := pv.bySelector("div", "notice")
	if notice == nil || !strings.Contains(text(notice), "Aucune démarche préalable") {
		t.Errorf("no notice for the missing prior step")
	}
	if pv.find(pv.doc, func(n *html.Node) bool { return strings.Contains(attr(n, "href"), "/apercu") }) != nil {
		t.Error("a case with errors links to the preview")
	}
}

// TestTextPage: the text for the online form, section by section, with the engine's counts.
func TestTextPage(t *testing.T) {
	a := newApp(t)
	tok := tokenOf(a.lilleJourney().URL)
	p := a.get("/dossier/plainte-cnil/texte?etat=" + tok)
	txt := a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {"txt"}}).Body
	areas := p.all(p.doc, "textarea")
	if len(areas) < 5 {
		t.Fatalf("%d text areas", len(areas))
	}
	for i, ta := range areas[1:] {
		body := strings.TrimSuffix(textRaw(ta), "\n")
		n := len([]rune(body))
		// The engine prints « [N caractères] » after each section title; the page counts the same.
		if !strings.Contains(txt, frenchCount(n)) {
			t.Errorf("section %d: %d characters, not among the engine's counts", i+1, n)
		}
		if !strings.Contains(p.visibleText(), groupDigits(i18n.FR, n)+" caractères") {
			t.Errorf("section %d: count %d not shown", i+1, n)
		}
	}
	if b := p.find(p.doc, func(n *html.Node) bool { return n.Data == "button" && hasAttr(n, "data-copy") }); b == nil || !hasAttr(b, "hidden") {
		t.Error("copy buttons must be hidden until the script shows them")
	}
	if p.find(p.doc, func(n *html.Node) bool { return n.Data == "script" && attr(n, "src") == "/static/copier.js" }) == nil {
		t.Error("no copy script")
	}
}

func frenchCount(n int) string { return "[" + groupDigits(i18n.FR, n) + " caractères]" }

func TestHome(t *testing.T) {
	a := newApp(t)
	p := a.get("/")
	for _, proc := range procedures.All() {
		if p.byID(optionID("procedure", proc.ID)) == nil {
			t.Errorf("home does not offer %s", proc.ID)
		}
	}
	r := a.post("/commencer", url.Values{"kind": {"councillors"}, "procedure": {"plainte-cnil"}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("mismatch: %d", r.Status)
	}
	checkFieldError(t, r, "f-procedure", "La démarche «\u202fplainte-cnil\u202f» est réservée")
	if r.value("kind") != "councillors" || r.byID(optionID("procedure", "plainte-cnil")) == nil ||
		r.byID(optionID("procedure", "demande-droits")) != nil {
		t.Errorf("422 home: kind %q; only the procedures for councillors (and the chosen one) should remain", r.value("kind"))
	}
	r = a.post("/commencer", url.Values{})
	checkFieldError(t, r, "f-kind", "Choisissez qui vous êtes")
	checkFieldError(t, r, "f-procedure", "Choisissez une démarche")
	// The step list follows the procedure: the complaint asks where the person is filmed, the
	// referral does not.
	if !strings.Contains(strings.Join(stepSequence(mustProc(t, "plainte-cnil")), " "), "situation") ||
		strings.Contains(strings.Join(stepSequence(mustProc(t, "signalement-cnil")), " "), "situation") {
		t.Errorf("situation step: %v / %v", stepSequence(mustProc(t, "plainte-cnil")), stepSequence(mustProc(t, "signalement-cnil")))
	}
	for _, proc := range procedures.All() {
		seq := stepSequence(proc)
		if seq[0] != "commune" || seq[len(seq)-1] != slugPreview || !strings.Contains(strings.Join(seq, " "), "identite") {
			t.Errorf("%s: steps %v", proc.ID, seq)
		}
	}
}

func mustProc(t *testing.T, id string) procedures.Procedure {
	p, ok := procedures.Get(id)
	if !ok {
		t.Fatal(id)
	}
	return p
}

func TestStaticAndErrors(t *testing.T) {
	a := newApp(t)
	for path, want := range map[string]int{
		"/static/site.css": 200, "/static/copier.js": 200, "/static/favicon.svg": 200, "/static/": 404, "/static/../assets.go": 404,
		"/static/nope.css": 404, "/static/layout.html": 404, "/healthz": 200, "/nulle-part": 404,
	} {
		if p := a.get(path); p.Status != want {
			t.Errorf("%s: %d, want %d", path, p.Status, want)
		}
	}
	if ct := a.get("/static/site.css").Header.Get("Content-Type"); ct != "text/css; charset=utf-8" {
		t.Errorf("css type %q", ct)
	}
	if p := a.do(httptest.NewRequest("DELETE", "/", nil)); p.Status != http.StatusMethodNotAllowed {
		t.Errorf("DELETE /: %d", p.Status)
	}
	if p := a.get("/healthz"); p.Body != "ok\n" {
		t.Errorf("healthz %q", p.Body)
	}
	// A form body over 1 MiB is refused with a page, not read.
	big := url.Values{"etat": {strings.Repeat("a", maxFormBytes+1)}}
	if p := a.post("/dossier/plainte-cnil/commune", big); p.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("big form: %d", p.Status)
	}
}

// short is a URL without its query (the token), for failure messages.
func short(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i]
	}
	return u
}

// TestEveryProcedure walks whatever procedures.All() returns: each step shows and accepts a post
// without a server error, and the procedure's example case goes through verification, preview, text
// and downloads.
func TestEveryProcedure(t *testing.T) {
	a := newApp(t)
	for _, p := range procedures.All() {
		kind := "resident"
		if len(p.Require.SenderKinds) > 0 {
			kind = p.Require.SenderKinds[0]
		}
		tok := a.tokenFor(p.ID, withKind(kind))
		for _, st := range stepsOf(p) {
			page := a.get(stepURL(p.ID, st.Slug, tok, ""))
			if page.Status != 200 {
				t.Errorf("%s/%s: %d", p.ID, st.Slug, page.Status)
				continue
			}
			if r := a.submit(page, nil, "continuer"); r.Status != http.StatusSeeOther && r.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s/%s: empty post %d", p.ID, st.Slug, r.Status)
			}
		}
		ex := procedures.Example(p.ID)
		if ex == nil {
			continue
		}
		etok := a.tokenFor(p.ID, ex)
		v := a.get(stepURL(p.ID, slugVerification, etok, ""))
		if v.Status != 200 || v.bySelector("div", "problem-list") != nil {
			t.Errorf("%s: example's verification: %d %s", p.ID, v.Status, text(v.bySelector("div", "problem-list")))
			continue
		}
		for _, slug := range []string{slugPreview, slugText} {
			if r := a.get(stepURL(p.ID, slug, etok, "")); r.Status != 200 {
				t.Errorf("%s/%s: %d", p.ID, slug, r.Status)
			}
		}
		for _, f := range []string{"pdf", "txt", "json"} {
			if r := a.post("/dossier/"+p.ID+"/telecharger", url.Values{"etat": {etok}, "format": {f}}); r.Status != 200 {
				t.Errorf("%s: download %s: %d", p.ID, f, r.Status)
			}
		}
		// Every problem of an empty case links to a step the procedure shows (or to the home page).
		shown := map[string]bool{}
		for _, st := range stepsOf(p) {
			shown[st.Slug] = true
		}
		for _, pr := range procedures.Check(withKind(kind), p.ID, testNow) {
			if st := ownerOf(pr.Path); st != nil && !shown[st.Slug] {
				t.Errorf("%s: problem at %s belongs to the hidden step %s", p.ID, pr.Path, st.Slug)
			}
		}
	}
}

func TestGroupDigits(t *testing.T) {
	for _, c := range []struct {
		n      int
		fr, en string
	}{{7, "7", "7"}, {847, "847", "847"}, {1742, "1\u202f742", "1,742"}, {12511, "12\u202f511", "12,511"}, {1234567, "1\u202f234\u202f567", "1,234,567"}} {
		if got := groupDigits(i18n.FR, c.n); got != c.fr {
			t.Errorf("fr %d: %q", c.n, got)
		}
		if got := groupDigits(i18n.EN, c.n); got != c.en {
			t.Errorf("en %d: %q", c.n, got)
		}
	}
}

// TestLanguageLinkOfPostedPages: the language link of a page shown after a post (422) leads to a page
// that works, with the saved answers.
func TestLanguageLinkOfPostedPages(t *testing.T) {
	a := newApp(t)
	p := a.start("resident", "plainte-cnil")
	bad := a.submit(p, url.Values{"commune.postal_code": {"5900"}}, "continuer")
	home := a.post("/commencer", url.Values{})
	resume := a.upload("/reprendre", map[string]string{"procedure": "plainte-cnil"}, "dossier", []byte("{"))
	for _, q := range []*page{bad, home, resume} {
		link := q.find(q.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "hreflang") == "en" })
		sw := a.get(attr(link, "href"))
		if sw.Status != http.StatusSeeOther {
			t.Fatalf("switch from %s: %d", short(q.URL), sw.Status)
		}
		if got := a.get(sw.location()); got.Status != 200 {
			t.Errorf("language link of the 422 page %s leads to %s: %d", short(q.URL), short(sw.location()), got.Status)
		}
	}
	if loc := a.get(attr(bad.find(bad.doc, func(n *html.Node) bool { return attr(n, "hreflang") == "en" }), "href")).location(); !strings.HasPrefix(loc, "/dossier/plainte-cnil/commune?etat=") {
		t.Errorf("422 step page: language link → %s", short(loc))
	}
}
