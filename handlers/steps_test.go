package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"saisine/handlers/state"
	"saisine/letters"
)

// tokenFor seals a state as the server would.
func (a *app) tokenFor(proc string, c *letters.Case) string {
	a.t.Helper()
	tok, err := a.srv.sealer.Seal(state.State{Procedure: proc, Case: c})
	if err != nil {
		a.t.Fatal(err)
	}
	return tok
}

func withKind(kind string) *letters.Case {
	return &letters.Case{Version: 1, Sender: letters.Sender{Kind: kind}}
}

func merge(a, b url.Values) url.Values {
	out := url.Values{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func answersOf(step string) url.Values {
	for _, s := range lilleAnswers {
		if s.step == step {
			return s.values
		}
	}
	return nil
}

var councillorIdentity = url.Values{
	"sender.organisation":       {"Groupe Lille Ensemble"},
	"sender.civility":           {""},
	"sender.first_name":         {"Claire"},
	"sender.last_name":          {"Dufour"},
	"sender.role":               {"Présidente du groupe"},
	"sender.email":              {"groupe@example.org"},
	"signatories[0].civility":   {"Madame"},
	"signatories[0].first_name": {"Claire"},
	"signatories[0].last_name":  {"Dufour"},
	"signatories[0].role":       {"Conseillère municipale"},
	"letter.place":              {"Lille"},
}

var associationIdentity = url.Values{
	"sender.organisation":            {"Association Technopolice Nord"},
	"sender.association.rna":         {"W595000000"},
	"sender.association.declared_on": {"2019"},
	"sender.first_name":              {"Sam"},
	"sender.last_name":               {"Lefort"},
	"sender.role":                    {"Président"},
	"signatories[0].first_name":      {"Sam"},
	"signatories[0].last_name":       {"Lefort"},
	"signatories[0].role":            {"Président"},
	"letter.place":                   {"Lille"},
}

func msg(code string, path string, args ...string) string {
	return letters.Problem{Path: path, Code: code, Args: args}.Message(letters.FR)
}

// TestSteps: for every step, a valid post goes on (303 with a new token), an invalid one comes back
// with 422, the error summary linking to the field, the message beside it, aria-invalid, and every
// value typed kept.
func TestSteps(t *testing.T) {
	cases := []struct {
		name, proc, kind, step string
		valid                  url.Values
		next                   string
		invalid                url.Values
		errPath, errMsg        string
		kept                   map[string]string
		raw                    bool
	}{
		{name: "commune", proc: "plainte-cnil", kind: "resident", step: "commune", valid: answersOf("commune"), next: "systeme",
			invalid: merge(answersOf("commune"), url.Values{"commune.postal_code": {"5900"}}),
			errPath: "commune.postal_code", errMsg: msg(letters.CodePostalCode, "commune.postal_code"),
			kept: map[string]string{"commune.postal_code": "5900", "commune.address.street": "Place Augustin Laurent", "commune.address.city": "LILLE CEDEX"}},
		{name: "commune unknown", proc: "plainte-cnil", kind: "resident", step: "commune",
			invalid: merge(answersOf("commune"), url.Values{"commune.postal_code": {"59999"}}),
			errPath: "commune.postal_code", errMsg: "Aucune commune ne correspond au code postal 59999 dans la liste officielle.",
			kept: map[string]string{"commune.postal_code": "59999"}},
		{name: "commune to choose", proc: "plainte-cnil", kind: "resident", step: "commune",
			invalid: merge(answersOf("commune"), url.Values{"commune.postal_code": {"59160"}}),
			errPath: "commune.insee_code", errMsg: "Plusieurs communes ont le code postal 59160\u202f: choisissez la vôtre dans la liste.",
			kept: map[string]string{"commune.postal_code": "59160", "commune.insee_code": ""}},
		{name: "systeme", proc: "plainte-cnil", kind: "resident", step: "systeme", valid: answersOf("systeme"), next: "connaissances",
			invalid: merge(answersOf("systeme"), url.Values{"facts.in_use_from": {"2022-13"}}),
			errPath: "facts.in_use_from",
			kept:    map[string]string{"facts.in_use_from": "2022-13", "facts.software": "BriefCam", "facts.capabilities": "video_synopsis,plate_reading"}},
		{name: "connaissances", proc: "plainte-cnil", kind: "resident", step: "connaissances", valid: answersOf("connaissances"), next: "sources",
			invalid: merge(answersOf("connaissances"), url.Values{"facts.retention_days": {"trente"}}),
			errPath: "facts.retention_days", errMsg: msg(letters.CodeNumberMin, "facts.retention_days", "1"),
			kept: map[string]string{"facts.retention_days": "trente", "facts.aipd": "incomplete", "facts.cnil_consulted": "no"}},
		{name: "sources", proc: "plainte-cnil", kind: "resident", step: "sources", valid: answersOf("sources"), next: "situation",
			invalid: merge(answersOf("sources"), url.Values{"facts.sources[0].url": {"mediacites.fr/enquete"}}),
			errPath: "facts.sources[0].url",
			kept:    map[string]string{"facts.sources[0].url": "mediacites.fr/enquete", "facts.sources[0].publisher": "Médiacités", "facts.sources[0].date": "21/11/2024"}},
		{name: "situation", proc: "plainte-cnil", kind: "resident", step: "situation", valid: answersOf("situation"), next: "demarches",
			invalid: url.Values{"facts.where_filmed": {"   "}},
			errPath: "facts.where_filmed", errMsg: msg(letters.CodeProcedureRequired, "facts.where_filmed", "plainte-cnil")},
		{name: "demarches", proc: "plainte-cnil", kind: "resident", step: "demarches", valid: answersOf("demarches"), next: "demandes",
			invalid: merge(answersOf("demarches"), url.Values{"prior_steps[0].sent_on": {""}}),
			errPath: "prior_steps[0].sent_on", errMsg: msg(letters.CodeRequired, "prior_steps[0].sent_on"),
			kept: map[string]string{"prior_steps[0].recipient": "Maire de Lille", "prior_steps[0].kind": "rights_request", "prior_steps[0].answer": "none"}},
		{name: "demarches order", proc: "plainte-cnil", kind: "resident", step: "demarches",
			invalid: merge(answersOf("demarches"), url.Values{"prior_steps[0].received_on": {"2026-09-01"}}),
			errPath: "prior_steps[0].received_on",
			kept:    map[string]string{"prior_steps[0].received_on": "2026-09-01"}},
		{name: "demandes", proc: "plainte-cnil", kind: "resident", step: "demandes", valid: answersOf("demandes"), next: "identite",
			invalid: url.Values{"requests": {"control", "bogus"}}, raw: true,
			errPath: "requests",
			kept:    map[string]string{"requests": "control"}},
		{name: "identite resident", proc: "plainte-cnil", kind: "resident", step: "identite", valid: answersOf("identite"), next: "verification",
			invalid: merge(answersOf("identite"), url.Values{"sender.email": {"camille@"}}),
			errPath: "sender.email", errMsg: msg(letters.CodeEmail, "sender.email"),
			kept: map[string]string{"sender.email": "camille@", "sender.first_name": "Camille", "sender.civility": "Madame", "letter.sending": "lrar"}},
		{name: "identite resident required", proc: "plainte-cnil", kind: "resident", step: "identite",
			invalid: merge(answersOf("identite"), url.Values{"sender.last_name": {""}}),
			errPath: "sender.last_name", errMsg: msg(letters.CodeRequiredForKind, "sender.last_name", "resident"),
			kept: map[string]string{"sender.address.street": "12 rue Nationale"}},
		{name: "identite councillors", proc: "signalement-cnil", kind: "councillors", step: "identite", valid: councillorIdentity, next: "verification",
			invalid: merge(councillorIdentity, url.Values{"signatories[0].role": {""}}),
			errPath: "signatories[0].role", errMsg: msg(letters.CodeRequiredForKind, "signatories[0].role", "councillors"),
			kept: map[string]string{"signatories[0].last_name": "Dufour", "sender.organisation": "Groupe Lille Ensemble"}},
		{name: "identite association", proc: "signalement-cnil", kind: "association", step: "identite", valid: associationIdentity, next: "verification",
			invalid: merge(associationIdentity, url.Values{"sender.association.rna": {""}}),
			errPath: "sender.association.rna", errMsg: msg(letters.CodeAssociationID, "sender.association.rna"),
			kept: map[string]string{"sender.association.declared_on": "2019"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := newApp(t)
			tok := a.tokenFor(c.proc, withKind(c.kind))
			stepURL := "/dossier/" + c.proc + "/" + c.step + "?etat=" + tok
			page := a.get(stepURL)
			if page.Status != 200 {
				t.Fatalf("GET %s: %d", c.step, page.Status)
			}
			if c.valid != nil {
				r := a.submit(page, c.valid, "continuer")
				if r.Status != http.StatusSeeOther {
					t.Fatalf("valid post: %d\n%s", r.Status, r.errorsText())
				}
				loc := r.location()
				if !strings.HasPrefix(loc, "/dossier/"+c.proc+"/"+c.next+"?etat=") || tokenOf(loc) == "" || tokenOf(loc) == tok {
					t.Errorf("valid post → %q, want the %s step with a new token", loc, c.next)
				}
				if n := a.get(loc); n.Status != 200 {
					t.Errorf("next page: %d", n.Status)
				}
			}
			a.raw = c.raw
			r := a.submit(page, c.invalid, "continuer")
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("invalid post: %d, want 422", r.Status)
			}
			checkFieldError(t, r, fieldID(c.errPath), c.errMsg)
			for path, want := range c.kept {
				if got := r.value(path); got != want {
					t.Errorf("value of %s on the 422 page: %q, want %q", path, got, want)
				}
			}
			if tokenOf("?etat="+attr(r.find(r.doc, func(n *html.Node) bool { return attr(n, "name") == "etat" }), "value")) != tok {
				t.Errorf("the 422 page does not carry the state it was posted with")
			}
		})
	}
}

// checkFieldError checks the contract's error markup for the element id: the summary (role=alert,
// tabindex=-1, aria-labelledby its title) links to #id with the message; the message is beside the
// field as p.field-error#id-error; the field has aria-invalid and aria-describedby.
func checkFieldError(t *testing.T, p *page, id, want string) {
	t.Helper()
	sum := p.bySelector("div", "error-summary")
	if sum == nil {
		t.Fatalf("no error summary; page:\n%s", p.errorsText())
	}
	if attr(sum, "role") != "alert" || attr(sum, "tabindex") != "-1" || attr(sum, "aria-labelledby") != "error-summary-title" ||
		p.byID("error-summary-title") == nil || p.byID("error-summary-title").Data != "h2" {
		t.Errorf("error summary markup: %v", sum.Attr)
	}
	main := p.find(p.doc, func(n *html.Node) bool { return n.Data == "main" })
	if first := p.find(main, func(n *html.Node) bool { return n.Data != "main" }); first != sum {
		t.Errorf("the error summary is not at the top of <main>")
	}
	link := p.find(sum, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "#"+id })
	if link == nil {
		t.Fatalf("summary has no link to #%s: %s", id, text(sum))
	}
	beside := p.byID(id + "-error")
	if beside == nil || beside.Data != "p" || !strings.Contains(attr(beside, "class"), "field-error") {
		t.Fatalf("no p.field-error#%s-error", id)
	}
	got := text(link)
	if !strings.Contains(text(beside), got) || got == "" {
		t.Errorf("message beside the field %q differs from the summary's %q", text(beside), got)
	}
	if want != "" && !strings.HasPrefix(got, want) {
		t.Errorf("message %q, want %q", got, want)
	}
	field := p.byID(id)
	if field == nil {
		t.Fatalf("no element #%s", id)
	}
	if attr(field, "aria-invalid") != "true" || !strings.Contains(" "+attr(field, "aria-describedby")+" ", " "+id+"-error ") {
		t.Errorf("#%s: aria-invalid=%q aria-describedby=%q", id, attr(field, "aria-invalid"), attr(field, "aria-describedby"))
	}
	title := p.find(p.doc, func(n *html.Node) bool { return n.Data == "title" })
	if !strings.HasPrefix(text(title), "Erreur") {
		t.Errorf("title %q does not start with « Erreur »", text(title))
	}
}

// TestRows: rows are added and removed without JavaScript, typed values survive, a source's exhibit
// goes with it.
func TestRows(t *testing.T) {
	a := newApp(t)
	tok := a.tokenFor("plainte-cnil", withKind("resident"))
	page := a.get("/dossier/plainte-cnil/sources?etat=" + tok)
	src := answersOf("sources")
	r := a.submit(page, src, "ajouter-source")
	if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.location(), "#f-facts-sources-1-title") {
		t.Fatalf("ajouter-source: %d %s", r.Status, r.location())
	}
	page = a.follow(r)
	if page.value("facts.sources[0].publisher") != "Médiacités" || page.byID("f-facts-sources-1-title") == nil {
		t.Fatalf("after adding: row 0 %q, row 1 present %v", page.value("facts.sources[0].publisher"), page.byID("f-facts-sources-1-title") != nil)
	}
	if !hasAttr(page.byID("f-facts-sources-0-exhibit-yes"), "checked") {
		t.Error("the exhibit checkbox of source 1 is not ticked after adding a row")
	}
	second := url.Values{
		"facts.sources[1].title":     {"Vidéosurveillance algorithmique à Lille : l'analyse d'impact envoyée à la CNIL comporte bien un oubli"},
		"facts.sources[1].publisher": {"Médiacités"},
		"facts.sources[1].date":      {"2024-12"},
		"facts.sources[1].url":       {"https://www.mediacites.fr/complement-denquete/lille/2024/12/20/"},
		"facts.sources[1].exhibit":   {"yes"},
	}
	page = a.follow(a.submit(page, merge(src, second), "ajouter-piece"))
	other := url.Values{"exhibits[2].title": {"Demande d’accès adressée au maire le 14 septembre 2026"}, "exhibits[2].date": {"2026-09-14"}}
	r = a.submit(page, merge(merge(src, second), other), "continuer")
	if r.Status != http.StatusSeeOther {
		t.Fatalf("continue: %d %s", r.Status, r.errorsText())
	}
	st, _ := a.srv.sealer.Open(tokenOf(r.location()))
	ex := st.Case.Exhibits
	if len(ex) != 3 || ex[0].Title != "Article de Médiacités du 21 novembre 2024" || ex[0].Date != "2024-11-21" ||
		ex[1].Title != "Article de Médiacités de décembre 2024" || ex[2].Title != other.Get("exhibits[2].title") {
		t.Fatalf("exhibits: %+v", ex)
	}
	// Remove source 1: its exhibit goes, the other source and the other exhibit stay.
	page = a.get("/dossier/plainte-cnil/sources?etat=" + tokenOf(r.location()))
	r = a.submit(page, nil, "retirer-source-0")
	st, _ = a.srv.sealer.Open(tokenOf(r.location()))
	if len(st.Case.Facts.Sources) != 1 || st.Case.Facts.Sources[0].Date != "2024-12" || len(st.Case.Exhibits) != 2 ||
		st.Case.Exhibits[0].Title != "Article de Médiacités de décembre 2024" {
		t.Fatalf("after removing source 1: %+v %+v", st.Case.Facts.Sources, st.Case.Exhibits)
	}
	// Untick the exhibit: it goes; the other exhibit stays and keeps its row.
	page = a.follow(r)
	if !hasAttr(page.byID("f-facts-sources-0-exhibit-yes"), "checked") {
		t.Error("the remaining source's exhibit is not shown ticked")
	}
	r = a.submit(page, url.Values{"facts.sources[0].exhibit": {}}, "continuer")
	st, _ = a.srv.sealer.Open(tokenOf(r.location()))
	if len(st.Case.Exhibits) != 1 || !strings.HasPrefix(st.Case.Exhibits[0].Title, "Demande d’accès") {
		t.Fatalf("after unticking: %+v", st.Case.Exhibits)
	}

	// Signatories and prior steps: add, remove, an empty row is dropped.
	tok = a.tokenFor("signalement-cnil", withKind("councillors"))
	page = a.get("/dossier/signalement-cnil/identite?etat=" + tok)
	page = a.follow(a.submit(page, councillorIdentity, "ajouter-signataire"))
	two := merge(councillorIdentity, url.Values{"signatories[1].first_name": {"Karim"}, "signatories[1].last_name": {"Benali"}, "signatories[1].role": {"Conseiller municipal"}})
	page = a.follow(a.submit(page, two, "ajouter-signataire"))
	if page.byID("f-signatories-2-first_name") == nil || page.value("signatories[1].last_name") != "Benali" {
		t.Fatal("third signatory row missing or second lost")
	}
	r = a.submit(page, two, "retirer-signataire-0")
	st, _ = a.srv.sealer.Open(tokenOf(r.location()))
	if len(st.Case.Signatories) != 1 || st.Case.Signatories[0].LastName != "Benali" {
		t.Fatalf("after removing signatory 1: %+v", st.Case.Signatories)
	}
	tok = a.tokenFor("plainte-cnil", withKind("resident"))
	page = a.get("/dossier/plainte-cnil/demarches?etat=" + tok)
	r = a.submit(page, url.Values{"prior_steps[0].kind": {""}}, "continuer")
	st, _ = a.srv.sealer.Open(tokenOf(r.location()))
	if r.Status != http.StatusSeeOther || len(st.Case.PriorSteps) != 0 {
		t.Fatalf("an empty prior step row: %d %+v", r.Status, st.Case.PriorSteps)
	}
}

// TestEnterMeansContinue: on pages with row buttons, the first submit control of the form is a hidden
// « continuer » (what Enter in a text field presses), not « retirer ».
func TestEnterMeansContinue(t *testing.T) {
	a := newApp(t)
	for _, c := range []struct{ proc, kind, step string }{{"plainte-cnil", "resident", "sources"}, {"plainte-cnil", "resident", "demarches"}, {"signalement-cnil", "councillors", "identite"}} {
		page := a.get("/dossier/" + c.proc + "/" + c.step + "?etat=" + a.tokenFor(c.proc, withKind(c.kind)))
		first := page.find(page.form(), func(n *html.Node) bool {
			return (n.Data == "button" && attr(n, "type") != "button") || (n.Data == "input" && attr(n, "type") == "submit")
		})
		if attr(first, "value") != "continuer" || attr(first, "tabindex") != "-1" {
			t.Errorf("%s: first submit control %v", c.step, first.Attr)
		}
	}
}
