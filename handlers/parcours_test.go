package handlers

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"saisine/letters"
)

// lilleCase is cmd/saisine/testdata/lille.json (a resident of Lille, no prior step), with steps.
func lilleCase(t testing.TB, steps ...letters.PriorStep) *letters.Case {
	t.Helper()
	f, err := os.Open("../cmd/saisine/testdata/lille.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, problems := letters.Decode(f)
	if len(problems) > 0 {
		t.Fatalf("lille.json: %v", problems)
	}
	c.PriorSteps = steps
	return c
}

// crpaUnanswered is a request for documents received on 3 September 2026 and still unanswered: its
// silence became a refusal on 3 October, and the CADA may be seized until 3 December 2026.
var crpaUnanswered = letters.PriorStep{Kind: letters.StepCRPARequest, Recipient: "Maire de Lille",
	SentOn: "2026-09-01", ReceivedOn: "2026-09-03", Answer: letters.AnswerNone}

// nextLinks are the « next letter » links of a parcours page, in order: procedure ids and hrefs.
func nextLinks(p *page) (ids []string, hrefs map[string]string) {
	hrefs = map[string]string{}
	for _, li := range p.all(p.doc, "li") {
		if !strings.Contains(attr(li, "class"), "next-letter") {
			continue
		}
		for _, a := range p.all(li, "a") {
			href := attr(a, "href")
			if rest, ok := strings.CutPrefix(href, "/dossier/"); ok {
				id := rest[:strings.IndexByte(rest, '/')]
				ids = append(ids, id)
				hrefs[id] = href
			}
		}
	}
	return ids, hrefs
}

// plain turns no-break spaces into spaces, so that tests can be written with ordinary ones.
func plain(s string) string { return strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(s) }

func TestParcours(t *testing.T) {
	withDocs := func(c *letters.Case) *letters.Case {
		c.DocumentsRequested = []string{"contract", "aipd"}
		return c
	}
	councillors := lilleCase(t)
	councillors.Sender.Kind = letters.SenderCouncillors
	for _, tc := range []struct {
		name     string
		lang     string
		proc     string
		c        *letters.Case
		want     []string // in the page's visible text
		wantNot  []string
		next     []string // procedures offered next, in order
		notNext  []string
		calendar bool
		urgent   bool
	}{
		{
			name: "request for documents unanswered", lang: "fr", proc: "plainte-cnil",
			c: withDocs(lilleCase(t, crpaUnanswered)),
			want: []string{"Démarche 1", "Demande de documents administratifs (CRPA)", "reçue le 3 septembre 2026",
				"Réponse : aucune à ce jour.", "Refus implicite de votre demande de documents — Maire de Lille",
				"3 octobre 2026", "Date limite pour saisir la CADA", "3 décembre 2026",
				"Attention : il reste 6 jours", "un mois plus tard : 3 octobre 2026", "article R. 311-13",
				"ce silence vaut refus depuis le 3 octobre 2026, et vous pouvez saisir la CADA jusqu’au 3 décembre 2026",
				"Échéances calculées au 27 novembre 2026."},
			wantNot:  []string{"aucune démarche"},
			next:     []string{"saisine-cada", "demande-droits"},
			notNext:  []string{"demande-documents"},
			calendar: true, urgent: true,
		},
		{
			name: "the same in English", lang: "en", proc: "plainte-cnil",
			c: withDocs(lilleCase(t, crpaUnanswered)),
			want: []string{"Step 1", "received on 3 September 2026", "Implied refusal of your request for documents — Maire de Lille",
				"3 October 2026", "Last day to refer to the CADA", "3 December 2026", "Careful: 6 days left",
				"If the commune has not answered you by this date", "Legal basis"},
			next:     []string{"saisine-cada", "demande-droits"},
			calendar: true, urgent: true,
		},
		{
			name: "no step yet", lang: "fr", proc: "plainte-cnil", c: lilleCase(t),
			want: []string{"Vous n’avez encore enregistré aucune démarche.", "écrire à la commune",
				"délégué à la protection des données (DPO)", "recommandé avec avis de réception", "conservez une copie",
				"Aucune échéance pour l’instant"},
			wantNot: []string{"Urgent", "Télécharger le calendrier"},
			next:    []string{"demande-documents", "demande-droits"},
			notNext: []string{"saisine-cada", "demande-information-elus", "plainte-cnil"},
		},
		{
			name: "no step yet, in English", lang: "en", proc: "plainte-cnil", c: lilleCase(t),
			want: []string{"You have not recorded any step yet.", "data protection officer (DPO)", "No deadline yet"},
			next: []string{"demande-documents", "demande-droits"},
		},
		{
			name: "councillors, no step", lang: "fr", proc: "signalement-cnil", c: councillors,
			next:    []string{"demande-documents", "demande-information-elus"},
			notNext: []string{"demande-droits", "plainte-cnil"},
		},
		{
			name: "rights request unanswered for more than a month", lang: "fr", proc: "demande-droits",
			c: lilleCase(t, letters.PriorStep{Kind: letters.StepRightsRequest, Recipient: "Maire de Lille",
				SentOn: "2026-09-14", ReceivedOn: "2026-09-16", Answer: letters.AnswerNone}),
			want:     []string{"16 octobre 2026", "vous pouvez adresser une plainte à la CNIL"},
			next:     []string{"plainte-cnil", "demande-documents"},
			notNext:  []string{"demande-droits"},
			calendar: true,
		},
		{
			name: "request for documents refused", lang: "fr", proc: "plainte-cnil",
			c: lilleCase(t, letters.PriorStep{Kind: letters.StepCRPARequest, Recipient: "Maire de Lille",
				SentOn: "2026-10-01", ReceivedOn: "2026-10-02", Answer: letters.AnswerRefusal, AnswerOn: "2026-10-20"}),
			want:     []string{"Réponse : un refus, le 20 octobre 2026.", "La commune a refusé tout ou partie des documents demandés"},
			next:     []string{"saisine-cada"},
			calendar: true,
		},
		{
			name: "time to refer to the CADA gone", lang: "fr", proc: "plainte-cnil",
			c:        lilleCase(t, letters.PriorStep{Kind: letters.StepCRPARequest, SentOn: "2026-01-05", ReceivedOn: "2026-01-07"}),
			want:     []string{"Réponse : non précisée", "Délai expiré.", "une nouvelle demande de documents"},
			next:     []string{"demande-documents"},
			notNext:  []string{"saisine-cada"},
			calendar: true,
		},
		{
			name: "already referred to the CADA", lang: "fr", proc: "plainte-cnil",
			c:        lilleCase(t, crpaUnanswered, letters.PriorStep{Kind: letters.StepCADAReferral, SentOn: "2026-10-10", ReceivedOn: "2026-10-12"}),
			want:     []string{"Déjà fait", "Avis attendu de la CADA"},
			notNext:  []string{"saisine-cada"},
			calendar: true,
		},
		{
			name: "a date without its day", lang: "fr", proc: "plainte-cnil",
			c:       lilleCase(t, letters.PriorStep{Kind: letters.StepCRPARequest, SentOn: "2026-09"}),
			want:    []string{"Les échéances ne peuvent pas être calculées", "Compléter les dates"},
			wantNot: []string{"Télécharger le calendrier"},
			next:    []string{"saisine-cada"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newApp(t)
			a.lang = tc.lang
			tok := a.tokenFor(tc.proc, tc.c)
			p := a.get("/dossier/" + tc.proc + "/parcours?etat=" + tok)
			if p.Status != http.StatusOK {
				t.Fatalf("status %d: %s", p.Status, p.visibleText())
			}
			if p.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q", p.Header.Get("Cache-Control"))
			}
			body := plain(p.visibleText())
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q:\n%s", w, body)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(body, w) {
					t.Errorf("page shows %q", w)
				}
			}
			got, links := nextLinks(p)
			for i, id := range tc.next {
				if i >= len(got) || got[i] != id {
					t.Errorf("next letters %v, want %v first", got, tc.next)
					break
				}
			}
			for _, id := range tc.notNext {
				if _, ok := links[id]; ok {
					t.Errorf("next letters offer %s: %v", id, got)
				}
			}
			// Each next letter opens its verification page with the same case, sealed for it, without
			// the date of the letter it came from.
			for id, href := range links {
				if !strings.HasPrefix(href, "/dossier/"+id+"/verification?etat=") {
					t.Errorf("%s: link %s", id, href)
					continue
				}
				st, err := a.srv.sealer.Open(tokenOf(href))
				if err != nil || st.Procedure != id {
					t.Errorf("%s: token opens as %q, %v", id, st.Procedure, err)
					continue
				}
				if st.Case.Sender.LastName != tc.c.Sender.LastName || len(st.Case.PriorSteps) != len(tc.c.PriorSteps) ||
					(id != tc.proc && st.Case.Letter.Date != "") {
					t.Errorf("%s: the case changed on the way: %+v", id, st.Case.Letter)
				}
				if v := a.get(href); v.Status != http.StatusOK {
					t.Errorf("%s: verification page %d", id, v.Status)
				}
			}
			calendar := p.find(p.doc, func(n *html.Node) bool {
				return n.Data == "form" && attr(n, "action") == "/dossier/"+tc.proc+"/calendrier"
			})
			if (calendar != nil) != tc.calendar {
				t.Errorf("calendar form shown: %v, want %v", calendar != nil, tc.calendar)
			}
			urgent := p.find(p.doc, func(n *html.Node) bool { return strings.Contains(attr(n, "class"), "deadline--urgent") })
			if (urgent != nil) != tc.urgent {
				t.Errorf("urgent deadline: %v, want %v", urgent != nil, tc.urgent)
			}
			if urgent != nil && !strings.Contains(text(urgent), "Urgent") {
				t.Errorf("an urgent deadline must say so in words, not by colour alone: %q", text(urgent))
			}
			// In English, the French explanation is marked as French.
			if tc.lang == "en" && tc.calendar {
				fr := p.find(p.doc, func(n *html.Node) bool {
					return n.Data == "p" && attr(n, "lang") == "fr" && strings.Contains(plain(textRaw(n)), "un mois plus tard : 3 octobre 2026")
				})
				if fr == nil {
					t.Errorf("no <p lang=\"fr\"> with the French computation")
				}
			}
		})
	}
}

// TestParcoursLinks: the verification and preview pages and the steps' « keep your answers » box link
// to the journey page; the journey's « Modifier » goes to the steps page and comes back.
func TestParcoursLinks(t *testing.T) {
	a := newApp(t)
	c := lilleCase(t, crpaUnanswered)
	tok := a.tokenFor("plainte-cnil", c)
	want := "/dossier/plainte-cnil/parcours?etat=" + url.QueryEscape(tok)
	for _, slug := range []string{"verification", "apercu", "commune", "demarches", "identite"} {
		p := a.get("/dossier/plainte-cnil/" + slug + "?etat=" + tok)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", slug, p.Status)
		}
		if p.find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == want }) == nil {
			t.Errorf("%s: no link to the journey page", slug)
		}
	}
	p := a.get(want)
	var change string
	for _, n := range p.all(p.doc, "a") {
		if strings.Contains(attr(n, "href"), "/demarches?") && strings.Contains(attr(n, "href"), "retour=parcours") {
			change = attr(n, "href")
			break
		}
	}
	if change == "" {
		t.Fatal("no link to change a step")
	}
	step := a.get(change[:strings.IndexByte(change, '#')])
	if !strings.Contains(plain(step.visibleText()), "Enregistrer et revenir à mon parcours") {
		t.Errorf("steps page reached from the journey: %s", step.visibleText())
	}
	next := a.submit(step, url.Values{"prior_steps[0].answer": {"refusal"}, "prior_steps[0].answer_on": {"2026-10-20"}}, "continuer")
	if next.Status != http.StatusSeeOther || !strings.HasPrefix(next.location(), "/dossier/plainte-cnil/parcours?etat=") {
		t.Fatalf("after saving: %d %s %s", next.Status, next.location(), next.errorsText())
	}
	back := a.follow(next)
	if !strings.Contains(plain(back.visibleText()), "Réponse : un refus, le 20 octobre 2026.") {
		t.Errorf("journey after the change: %s", back.visibleText())
	}
}

// TestCalendar: the .ics download.
func TestCalendar(t *testing.T) {
	a := newApp(t)
	good := a.tokenFor("plainte-cnil", lilleCase(t, crpaUnanswered))
	partial := a.tokenFor("plainte-cnil", lilleCase(t, letters.PriorStep{Kind: letters.StepCRPARequest, SentOn: "2026-09"}))
	for _, tc := range []struct {
		name    string
		headers map[string]string
		etat    string
		status  int
	}{
		{"calendar", nil, good, http.StatusOK},
		{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin"}, good, http.StatusOK},
		{"cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}, good, http.StatusForbidden},
		{"other origin", map[string]string{"Origin": "https://evil.example"}, good, http.StatusForbidden},
		{"incomplete dates", nil, partial, http.StatusUnprocessableEntity},
		{"bad token", nil, "abîmé", http.StatusBadRequest},
		{"token of another procedure", nil, a.tokenFor("saisine-cada", lilleCase(t, crpaUnanswered)), http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a.headers = tc.headers
			if a.headers == nil {
				a.headers = map[string]string{}
			}
			p := a.post("/dossier/plainte-cnil/calendrier", url.Values{"etat": {tc.etat}})
			if p.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", p.Status, tc.status, p.Body[:min(len(p.Body), 300)])
			}
			if p.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q", p.Header.Get("Cache-Control"))
			}
			if tc.status != http.StatusOK {
				return
			}
			if ct := p.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if cd := p.Header.Get("Content-Disposition"); cd != `attachment; filename="saisine-echeances.ics"` {
				t.Errorf("Content-Disposition %q", cd)
			}
			if !strings.HasPrefix(p.Body, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(p.Body, "END:VCALENDAR\r\n") {
				t.Errorf("not a calendar: %q…", p.Body[:min(len(p.Body), 80)])
			}
			if bare := strings.Count(p.Body, "\n") - strings.Count(p.Body, "\r\n"); bare != 0 {
				t.Errorf("%d line(s) end without CRLF", bare)
			}
			for _, w := range []string{"DTSTART;VALUE=DATE:20261003", "DTSTART;VALUE=DATE:20261203", "BEGIN:VEVENT", "DTSTAMP:20261127T000000Z"} {
				if !strings.Contains(p.Body, w) {
					t.Errorf("calendar lacks %q", w)
				}
			}
		})
	}
}
