package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// lilleAnswers are the answers of the Lille case (cmd/saisine/testdata/lille.json), step by step, as a
// person types them into the forms.
var lilleAnswers = []struct {
	step   string
	values url.Values
}{
	{"commune", url.Values{
		"commune.postal_code":         {"59000"},
		"commune.address.street":      {"Place Augustin Laurent"},
		"commune.address.complement":  {"CS 30667"},
		"commune.address.postal_code": {"59033"},
		"commune.address.city":        {"LILLE CEDEX"},
		"commune.mayor.civility":      {""},
		"commune.mayor.name":          {""},
		"commune.dpo_email":           {""},
	}},
	{"systeme", url.Values{
		"facts.software":         {"BriefCam"},
		"facts.vendor":           {""},
		"facts.acquired":         {"2021"},
		"facts.in_use_from":      {"11/2022"},
		"facts.in_use_until":     {"2025-01"},
		"facts.capabilities":     {"video_synopsis", "plate_reading"},
		"facts.purposes_claimed": {"identification de véhicules aux entrées et sorties de la ville, sur réquisition judiciaire"},
	}},
	{"connaissances", url.Values{
		"facts.aipd":                      {"incomplete"},
		"facts.cnil_consulted":            {"no"},
		"facts.prefectoral_authorisation": {"unknown"},
		"facts.signage":                   {"unknown"},
		"facts.ethics_committee_informed": {"no"},
		"facts.council_deliberation":      {"unknown"},
		"facts.retention_days":            {""},
	}},
	{"sources", url.Values{
		"facts.sources[0].title":     {"Vidéosurveillance algorithmique : Lille a déployé en secret un logiciel controversé"},
		"facts.sources[0].publisher": {"Médiacités"},
		"facts.sources[0].date":      {"21/11/2024"},
		"facts.sources[0].url":       {"https://www.mediacites.fr/enquete/lille/2024/11/21/videosurveillance-algorithmique-lille-a-deploye-en-secret-un-logiciel-controverse/"},
		"facts.sources[0].exhibit":   {"yes"},
	}},
	{"situation", url.Values{
		"facts.where_filmed": {"J'habite le centre de Lille et je passe chaque jour devant des caméras de la voie publique reliées au centre de supervision urbain."},
	}},
	{"demarches", url.Values{
		"prior_steps[0].kind":        {"rights_request"},
		"prior_steps[0].recipient":   {"Maire de Lille"},
		"prior_steps[0].sent_on":     {"2026-09-14"},
		"prior_steps[0].received_on": {"16/09/2026"},
		"prior_steps[0].answer":      {"none"},
		"prior_steps[0].answer_on":   {""},
		"prior_steps[0].reference":   {""},
	}},
	{"demandes", url.Values{
		"requests":            {"control", "communicate_aipd", "inform_me"},
		"documents_requested": {"contract", "aipd", "prefectoral_authorisation", "deliberations", "register_entry", "usage_logs"},
	}},
	{"identite", url.Values{
		"sender.civility":            {"Madame"},
		"sender.first_name":          {"Camille"},
		"sender.last_name":           {"Martin"},
		"sender.address.street":      {"12 rue Nationale"},
		"sender.address.complement":  {"Appartement 4"},
		"sender.address.postal_code": {"59000"},
		"sender.address.city":        {"Lille"},
		"sender.email":               {"camille.martin@example.org"},
		"sender.phone":               {"03 20 49 50 00"},
		"letter.place":               {""},
		"letter.date":                {""},
		"letter.sending":             {"lrar"},
	}},
}

// start posts the home page's choice and returns the first step.
func (a *app) start(kind, proc string) *page {
	a.t.Helper()
	home := a.get("/")
	p := a.submit(home, url.Values{"kind": {kind}, "procedure": {proc}}, "continuer")
	if p.Status != http.StatusSeeOther {
		a.t.Fatalf("start %s %s: status %d: %s", kind, proc, p.Status, p.errorsText())
	}
	return a.follow(p)
}

// lilleJourney answers every step of plainte-cnil with the Lille facts and returns the verification
// page.
func (a *app) lilleJourney() *page {
	a.t.Helper()
	p := a.start("resident", "plainte-cnil")
	for i, s := range lilleAnswers {
		if !strings.Contains(p.URL, "/dossier/plainte-cnil/"+s.step+"?") {
			a.t.Fatalf("step %d: at %s, want %s", i, p.URL, s.step)
		}
		next := a.submit(p, s.values, "continuer")
		if next.Status != http.StatusSeeOther {
			a.t.Fatalf("%s: status %d: %s", s.step, next.Status, next.errorsText())
		}
		p = a.follow(next)
	}
	if !strings.Contains(p.URL, "/verification?") {
		a.t.Fatalf("after the last step: %s", p.URL)
	}
	return p
}

func TestLilleJourney(t *testing.T) {
	a := newApp(t)
	v := a.lilleJourney()
	if v.Status != http.StatusOK {
		t.Fatalf("verification: %d", v.Status)
	}
	body := v.visibleText()
	for _, want := range []string{"Vérifiez vos réponses", "Lille (code INSEE 59350)", "BriefCam", "novembre 2022",
		"Médiacités", "Jointe à la lettre comme pièce", "Camille", "Lettre recommandée avec avis de réception",
		"Date du jour (27 novembre 2026)", "Étape 9 sur 10"} {
		if !strings.Contains(body, want) {
			t.Errorf("verification page lacks %q:\n%s", want, body)
		}
	}
	if v.bySelector("div", "problem-list") != nil {
		t.Errorf("verification lists problems: %s", text(v.bySelector("div", "problem-list")))
	}
	link := v.find(v.doc, func(n *html.Node) bool { return n.Data == "a" && strings.Contains(attr(n, "href"), "/apercu?") })
	if link == nil {
		t.Fatal("no link to the preview")
	}
	pv := a.get(attr(link, "href"))
	if pv.Status != 200 || !strings.Contains(pv.Body, "Pourquoi ce paragraphe") || !strings.Contains(pv.Body, "<details") {
		t.Fatalf("preview: %d\n%s", pv.Status, pv.errorsText())
	}
	tok := tokenOf(attr(link, "href"))
	for _, f := range []struct{ format, ctype, name string }{
		{"pdf", "application/pdf", "plainte-cnil-lille.pdf"},
		{"txt", "text/plain; charset=utf-8", "plainte-cnil-lille.txt"},
		{"json", "application/json; charset=utf-8", "dossier-plainte-cnil-lille.json"},
	} {
		d := a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {f.format}})
		if d.Status != 200 || d.Header.Get("Content-Type") != f.ctype ||
			d.Header.Get("Content-Disposition") != `attachment; filename="`+f.name+`"` {
			t.Errorf("download %s: %d %q %q", f.format, d.Status, d.Header.Get("Content-Type"), d.Header.Get("Content-Disposition"))
		}
	}
}
