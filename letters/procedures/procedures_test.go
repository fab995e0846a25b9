package procedures_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"saisine/letters"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
	"saisine/letters/law"
	"saisine/letters/procedures"
)

var today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func load(t *testing.T, name string) *letters.Case {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, problems := letters.Decode(f)
	if c == nil {
		t.Fatalf("%s: %v", name, problems)
	}
	return c
}

func build(t *testing.T, id string, c *letters.Case, s law.Settings) *document.Document {
	t.Helper()
	p, ok := procedures.Get(id)
	if !ok {
		t.Fatalf("no procedure %s", id)
	}
	d, err := p.Build(c, procedures.Options{Settings: s})
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return d
}

func runsText(rs []document.Run) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// flatten is every piece of text a renderer prints, in order.
func flatten(d *document.Document) string {
	var parts []string
	parts = append(parts, d.Sender...)
	parts = append(parts, d.Recipient...)
	parts = append(parts, d.PlaceDate, d.Sending, d.Object, d.Salutation)
	for _, r := range d.References {
		parts = append(parts, r.Label+" : "+r.Value)
	}
	for _, s := range d.Sections {
		parts = append(parts, s.Title)
		for _, b := range s.Blocks {
			parts = append(parts, runsText(b.Runs))
			for _, it := range b.Items {
				parts = append(parts, runsText(it))
			}
		}
	}
	parts = append(parts, d.Closing)
	for _, s := range d.Signatures {
		parts = append(parts, s.Name, s.Role)
	}
	for _, e := range d.Exhibits {
		parts = append(parts, e.Title, e.Date, e.Origin)
	}
	parts = append(parts, d.Footer)
	return strings.Join(parts, "\n")
}

var articleRef = regexp.MustCompile(`(?i)articles? [LR]\.?[ \x{a0}]?\d|article \d+`)

// checkCitations: only printable keys are cited, Citations lists every cited key once, and the text
// names no article except through the printed form of a cited entry.
func checkCitations(t *testing.T, where string, d *document.Document) {
	t.Helper()
	seen := map[string]bool{}
	for _, k := range d.Citations {
		if seen[k] {
			t.Errorf("%s: %s twice in Citations", where, k)
		}
		seen[k] = true
		if _, err := law.Printable(k); err != nil {
			t.Errorf("%s: %v", where, err)
		}
	}
	text := flatten(d)
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			rs := append([]document.Run(nil), b.Runs...)
			for _, it := range b.Items {
				rs = append(rs, it...)
			}
			for _, r := range rs {
				for _, k := range strings.Fields(r.Cite) {
					if !seen[k] {
						t.Errorf("%s: %s printed but not in Citations", where, k)
					}
				}
				// A grouped reference stands for its keys' printed forms.
				if keys := strings.Fields(r.Cite); len(keys) > 1 {
					if joined, err := law.JoinPrinted(keys...); err == nil {
						text = strings.ReplaceAll(text, frtext.Typo(joined), "")
					}
				}
			}
		}
	}
	for _, k := range d.Citations {
		c, _ := law.Lookup(k)
		text = strings.ReplaceAll(text, frtext.Typo(c.Printed), "")
	}
	if m := articleRef.FindAllString(text, -1); len(m) > 0 {
		t.Errorf("%s: article references outside cited printed forms: %q", where, m)
	}
}

// checkTypography: French typography in everything but URLs.
func checkTypography(t *testing.T, where string, d *document.Document) {
	t.Helper()
	var texts []string
	texts = append(texts, d.PlaceDate, d.Sending, d.Object, d.Salutation, d.Closing, d.Footer)
	for _, s := range d.Sections {
		texts = append(texts, s.Title)
		for _, b := range s.Blocks {
			rs := append([]document.Run(nil), b.Runs...)
			for _, it := range b.Items {
				rs = append(rs, it...)
			}
			var sb strings.Builder
			for _, r := range rs {
				if r.URL != "" {
					sb.WriteString("URL")
				} else {
					sb.WriteString(r.Text)
				}
			}
			texts = append(texts, sb.String())
		}
	}
	for _, s := range texts {
		if msg := frtext.TypographyError(s); msg != "" {
			t.Errorf("%s: %s in %q", where, msg, s)
		}
	}
}

func mustContain(t *testing.T, where, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s: missing %q", where, w)
		}
	}
}

func TestPlainteLille(t *testing.T) {
	c := load(t, "lille.json")
	d := build(t, procedures.PlainteCNIL, c, law.DefaultSettings())
	text := flatten(d)

	if strings.Join(d.Recipient, "|") != "Madame la Présidente de la CNIL|3 place de Fontenoy|TSA 80715|75334 PARIS CEDEX 07" {
		t.Errorf("recipient = %q", d.Recipient)
	}
	for _, line := range d.Recipient {
		if utf8.RuneCountInString(line) > 38 {
			t.Errorf("recipient line over 38 characters: %q", line)
		}
	}
	if last := d.Recipient[len(d.Recipient)-1]; last != strings.ToUpper(last) || len(d.Recipient) > 6 {
		t.Errorf("NF Z10-011: %q", d.Recipient)
	}
	if d.PlaceDate != "Lille, le 27 novembre 2026" {
		t.Errorf("PlaceDate = %q", d.PlaceDate)
	}
	if d.Sending != "Lettre recommandée avec demande d’avis de réception" {
		t.Errorf("Sending = %q", d.Sending)
	}
	if d.Object != "Plainte relative à l’utilisation du logiciel BriefCam par la commune de Lille" {
		t.Errorf("Object = %q", d.Object)
	}
	if d.Salutation != "Madame la Présidente," || d.Closing != "Je vous prie d’agréer, Madame la Présidente, l’expression de ma haute considération." {
		t.Errorf("salutation/closing: %q / %q", d.Salutation, d.Closing)
	}
	wantMeta := document.Meta{Title: d.Object, Author: "Camille Martin", Subject: "Plainte auprès de la CNIL", Creator: "saisine", Date: today}
	if d.Meta != wantMeta {
		t.Errorf("Meta = %+v", d.Meta)
	}
	if strings.Join(d.Sender, "|") != "Madame Camille Martin|12 rue Nationale|Appartement 4|59000 Lille|camille.martin@example.org" {
		t.Errorf("Sender = %q", d.Sender)
	}

	mustContain(t, "plainte", text,
		// exposé
		"sur le fondement de l’article 77 du RGPD",
		"Je suis directement concernée par ce traitement.",
		"J’habite le centre de Lille",
		// facts with sources: publisher, title, date, URL, exhibit
		"la commune de Lille a acquis en 2021 le logiciel BriefCam",
		"ce logiciel a été utilisé de novembre 2022 à janvier 2025",
		"la commune invoque l’usage suivant\u202f: «\u202fidentification de véhicules aux entrées et sorties de la ville, sur réquisition judiciaire\u202f»",
		"le comité d’éthique de la vidéoprotection de la commune n’a pas été informé de ce dispositif",
		"Médiacités, «\u202fVidéosurveillance algorithmique\u202f: Lille a déployé en secret un logiciel controversé\u202f», 21 novembre 2024, https://www.mediacites.fr/enquete/lille/2024/11/21/videosurveillance-algorithmique-lille-a-deploye-en-secret-un-logiciel-controverse/ (pièce n°\u00a01)",
		"Médiacités, «\u202fVidéosurveillance algorithmique à Lille\u202f: l’analyse d’impact envoyée à la CNIL comporte bien un oubli\u202f», 20 décembre 2024, https://www.mediacites.fr/complement-denquete/",
		// framework: regimes in the alternative, no legal basis, experiments
		"envisagent donc l’un et l’autre régime",
		"Conseil d’État, 30 janvier 2026, Commune de Nice, n°\u00a0506370",
		"jusqu’au 31 mars 2025",
		"dont l’entrée en vigueur n’est pas établie",
		// breaches
		// The commune's own statement (vehicle identification) shows the plate reading: firm, in the past.
		"Or la commune fait elle-même état d’un tel usage («\u202fidentification de véhicules aux entrées et sorties de la ville, sur réquisition judiciaire\u202f»)\u202f: le traitement qu’elle a ainsi mis en œuvre était donc dépourvu de base légale",
		"aucune expérimentation autorisée ne couvre ce traitement",
		"rapport annuel 2023 de la CNIL",
		"l’AIPD établie par la commune ne portait pas sur le traitement algorithmique des images opéré au moyen du logiciel BriefCam",
		"les fonctions du logiciel qui ont été activées et les conditions dans lesquelles elles ont été employées",
		"la CNIL n’a pas été consultée avant la mise en œuvre de ce traitement",
		// requests
		"Je vous demande en conséquence\u202f:",
		"de procéder à un contrôle du traitement des images de vidéoprotection mis en œuvre par la commune de Lille",
		"de m’informer de l’état d’avancement et de l’issue de ma plainte",
		"dans un délai de trois mois",
		// footer
		"ne constitue pas une consultation juridique",
		"Généré par saisine le 27 novembre 2026",
	)
	// Facts that are no breach stay in the facts section.
	for _, s := range d.Sections {
		if s.ID == "manquements" && strings.Contains(flattenSection(s), "comité d’éthique") {
			t.Error("the ethics committee is a fact, not a breach")
		}
	}
	if len(d.Exhibits) != 1 || d.Exhibits[0].Number != 1 || d.Exhibits[0].Date != "21 novembre 2024" || !strings.HasPrefix(d.Exhibits[0].Origin, "https://www.mediacites.fr/") {
		t.Errorf("exhibits = %+v", d.Exhibits)
	}
	if len(d.Signatures) != 1 || d.Signatures[0].Name != "Camille Martin" {
		t.Errorf("signatures = %+v", d.Signatures)
	}
	if d.Citations[0] != "csi-r251-1" || !contains(d.Citations, "rgpd-77") || !contains(d.Citations, "lil-90") {
		t.Errorf("Citations = %v", d.Citations)
	}
	for _, unverified := range []string{"rgpd-36", "rgpd-13-14", "csi-l233-1", "csi-l252-4", "jop-2030", "lil-88"} {
		if contains(d.Citations, unverified) {
			t.Errorf("cites unverified %s", unverified)
		}
	}
	wantSections := "expose faits cadre manquements demandes"
	if got := sectionIDs(d); got != wantSections {
		t.Errorf("sections = %s, want %s", got, wantSections)
	}
	checkCitations(t, "plainte", d)
	checkTypography(t, "plainte", d)
	checkWhy(t, "plainte", d)
}

func TestSignalementElus(t *testing.T) {
	c := load(t, "lille-elus.json")
	d := build(t, procedures.SignalementCNIL, c, law.DefaultSettings())
	text := flatten(d)
	if d.Object != "Signalement et demande de contrôle relatifs à l’utilisation du logiciel BriefCam par la commune de Lille" {
		t.Errorf("Object = %q", d.Object)
	}
	if d.Meta.Author != "Groupe Lille Autrement" {
		t.Errorf("Author = %q", d.Meta.Author)
	}
	if d.Closing != "Nous vous prions d’agréer, Madame la Présidente, l’expression de notre haute considération." {
		t.Errorf("Closing = %q", d.Closing)
	}
	if len(d.Signatures) != 2 || d.Signatures[0] != (document.Signature{Name: "Hélène Roussel", Role: "Conseillère municipale"}) || d.Signatures[1] != (document.Signature{Name: "Thomas Lefebvre", Role: "Conseiller municipal"}) {
		t.Errorf("every councillor signs: %+v", d.Signatures)
	}
	mustContain(t, "signalement", text,
		"Nous, membres du conseil municipal de Lille siégeant au sein du groupe «\u202fLille Autrement\u202f», avons l’honneur",
		"des pouvoirs de contrôle et de correction que la CNIL tient des articles 8 et 20 de la loi n°\u00a078-17 du 6 janvier 1978.",
		"Madame Hélène Roussel, conseillère municipale\u202f; Monsieur Thomas Lefebvre, conseiller municipal.",
		"Il ne constitue pas une réclamation individuelle",
		"(pièce n°\u00a01)",
		"Nous vous demandons en conséquence\u202f:",
		"de nous faire connaître les suites que vous donnerez au présent signalement",
		"de prononcer, le cas échéant, les mesures correctrices appropriées",
		"complété par les personnes qui le signent",
	)
	for _, bad := range []string{"Je vous", "ma plainte", "article 77", "m’informer"} {
		if strings.Contains(text, bad) {
			t.Errorf("signalement: %q (a referral is written with « nous » and is no GDPR complaint)", bad)
		}
	}
	checkCitations(t, "signalement", d)
	checkTypography(t, "signalement", d)
	checkWhy(t, "signalement", d)
}

func flattenSection(s document.Section) string {
	var b strings.Builder
	for _, bl := range s.Blocks {
		b.WriteString(runsText(bl.Runs))
		for _, it := range bl.Items {
			b.WriteString(runsText(it))
		}
	}
	return b.String()
}

func sectionIDs(d *document.Document) string {
	var ids []string
	for _, s := range d.Sections {
		ids = append(ids, s.ID)
	}
	return strings.Join(ids, " ")
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// checkWhy: every block of the legal sections explains itself, and a block that cites has a why
// listing at least the keys it prints.
func checkWhy(t *testing.T, where string, d *document.Document) {
	t.Helper()
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			rs := append([]document.Run(nil), b.Runs...)
			for _, it := range b.Items {
				rs = append(rs, it...)
			}
			listed := map[string]bool{}
			if b.Why != nil {
				for _, c := range b.Why.Citations {
					listed[c.Key] = true
					if c.Printed == "" || c.URL == "" || c.Reviewed == "" || c.Paraphrase == "" {
						t.Errorf("%s: incomplete why citation %+v", where, c)
					}
				}
			}
			for _, r := range rs {
				for _, k := range strings.Fields(r.Cite) {
					if !listed[k] {
						t.Errorf("%s: section %s prints %s without explaining it", where, s.ID, k)
					}
				}
			}
			if (s.ID == "cadre" || s.ID == "manquements" || s.ID == "verifications") && b.Why == nil && len(rs) > 0 && strings.Contains(runsText(rs), "CNIL") && len(d.Citations) > 0 {
				// the honest « no breach » paragraph is boilerplate; claim paragraphs always have a why
				if !strings.Contains(runsText(rs), "ne suffisent pas à établir") {
					t.Errorf("%s: section %s block without why: %q", where, s.ID, runsText(rs))
				}
			}
		}
	}
}

func TestPlaceDateAndSending(t *testing.T) {
	c := procedures.Example(procedures.PlainteCNIL)
	p, _ := procedures.Get(procedures.PlainteCNIL)
	d, err := p.Build(c, procedures.Options{Date: time.Date(2027, 3, 1, 15, 0, 0, 0, time.FixedZone("x", 3600))})
	if err != nil {
		t.Fatal(err)
	}
	if d.PlaceDate != "Lille, le 1er mars 2027" || !d.Meta.Date.Equal(time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Options.Date wins: %q %v", d.PlaceDate, d.Meta.Date)
	}
	for sending, want := range map[string]string{
		letters.SendingOnline: "Transmise par le formulaire en ligne de la CNIL",
		letters.SendingEmail:  "Transmise par courrier électronique",
		letters.SendingHand:   "Remise en main propre",
		"":                    "",
	} {
		c.Letter.Sending = sending
		d, _ := p.Build(c, procedures.Options{})
		if d.Sending != want {
			t.Errorf("sending %q: %q", sending, d.Sending)
		}
	}
}

func TestAgreementAndUnknownSoftware(t *testing.T) {
	c := procedures.Example(procedures.PlainteCNIL)
	c.Sender.Civility = letters.CivilityMonsieur
	c.Sender.FirstName = "Paul"
	c.Facts.Software = ""
	d := build(t, procedures.PlainteCNIL, c, law.DefaultSettings())
	text := flatten(d)
	mustContain(t, "monsieur", text, "Je suis directement concerné par ce traitement.", "d’un logiciel d’analyse automatisée des images", "dont le nom n’est pas connu")
	if d.Object != "Plainte relative à l’utilisation d’un logiciel d’analyse automatisée des images par la commune de Lille" {
		t.Errorf("Object = %q", d.Object)
	}
	c.Sender.Civility = ""
	text = flatten(build(t, procedures.PlainteCNIL, c, law.DefaultSettings()))
	mustContain(t, "neutral", text, "Ce traitement me concerne directement.")
	if strings.Contains(text, "concernée") || strings.Contains(text, "Je suis directement concerné") {
		t.Error("no civility: the letter must not guess a gender")
	}
}

func TestNoClaimLetter(t *testing.T) {
	c := procedures.Example(procedures.PlainteCNIL)
	c.Facts = letters.Facts{
		WhereFilmed: "Je passe chaque jour place de la République.", AIPD: letters.Unknown, CNILConsulted: letters.Unknown,
		PrefectoralAuthorisation: letters.Unknown, Signage: letters.Unknown, EthicsCommitteeInformed: letters.Unknown, CouncilDeliberation: letters.Unknown,
	}
	c.Exhibits = nil
	c.PriorSteps = nil // an unanswered request would itself be a grievance
	d := build(t, procedures.PlainteCNIL, c, law.DefaultSettings())
	text := flatten(d)
	mustContain(t, "no claim", text,
		"ne suffisent pas à établir un manquement déterminé",
		"Plainte relative au système de vidéoprotection de la commune de Lille",
		"la commune de Lille exploite un système de vidéoprotection de la voie publique",
		"de procéder à un contrôle")
	if strings.Contains(text, "Commune de Nice") {
		t.Error("without an analysis layer, the letter does not argue about algorithmic analysis")
	}
	checkCitations(t, "no claim", d)
	checkTypography(t, "no claim", d)

	problems := procedures.Check(c, procedures.PlainteCNIL, today)
	found := false
	for _, p := range problems {
		if p.Code == letters.CodeNoClaim {
			found = p.Path == "facts" && p.Warning
		}
	}
	if !found {
		t.Errorf("no no_claim_applies warning: %+v", problems)
	}
	if !hasCode(problems, letters.CodeNoPriorStep) {
		t.Errorf("a complaint with no prior step must warn that the CNIL may find it incomplete: %+v", problems)
	}
	// Document order: the warning on "facts" comes after sender problems and before letter problems.
	c.Sender.LastName = ""
	c.Letter.Place = ""
	problems = procedures.Check(c, procedures.PlainteCNIL, today)
	var paths []string
	for _, p := range problems {
		paths = append(paths, p.Path)
	}
	joined := strings.Join(paths, " ")
	if i, j, k := strings.Index(joined, "sender."), strings.Index(joined, "facts"), strings.Index(joined, "letter.place"); i < 0 || j < i || k < j {
		t.Errorf("problem order: %v", paths)
	}
	if ps := procedures.Check(procedures.Example(procedures.PlainteCNIL), procedures.PlainteCNIL, today); hasCode(ps, letters.CodeNoClaim) || hasCode(ps, letters.CodeNoPriorStep) {
		t.Errorf("warnings on the example, which has facts and a prior step: %+v", ps)
	}
	if ps := procedures.Check(procedures.Example(procedures.SignalementCNIL), procedures.SignalementCNIL, today); hasCode(ps, letters.CodeNoPriorStep) {
		t.Error("a referral does not need a prior step")
	}
}

func hasCode(ps []letters.Problem, code string) bool {
	for _, p := range ps {
		if p.Code == code {
			return true
		}
	}
	return false
}

func TestPriorStepsSection(t *testing.T) {
	c := procedures.Example(procedures.SignalementCNIL)
	c.PriorSteps = []letters.PriorStep{
		{Kind: letters.StepCRPARequest, Recipient: "Maire de Lille", SentOn: "2025-01-10", ReceivedOn: "2025-01-13", Answer: letters.AnswerNone},
		{Kind: letters.StepLetter, Recipient: "Maire de Lille", SentOn: "2024-12-02", Answer: letters.AnswerRefusal, AnswerOn: "2024-12-20"},
		{Kind: letters.StepCNILComplaint, SentOn: "2024-12-05", Reference: "24-012345", Answer: letters.AnswerFull, AnswerOn: "2025-03-24"},
	}
	d := build(t, procedures.SignalementCNIL, c, law.DefaultSettings())
	text := flatten(d)
	mustContain(t, "steps", text,
		"Nous avons effectué les démarches suivantes\u202f:",
		"Courrier envoyé le 2 décembre 2024 (destinataire\u202f: Maire de Lille)\u202f: refus opposé le 20 décembre 2024\u202f;",
		"Demande de communication de documents administratifs envoyée le 10 janvier 2025 et reçue le 13 janvier 2025 (destinataire\u202f: Maire de Lille)\u202f: restée sans réponse à ce jour.",
	)
	if !strings.Contains(text, "le silence gardé plus d’un mois sur une telle demande vaut refus de communication") {
		t.Error("CRPA silence not explained")
	}
	if len(d.References) != 1 || d.References[0].Value != "24-012345" {
		t.Errorf("References = %+v", d.References)
	}
	if got := sectionIDs(d); got != "expose faits cadre manquements demarches demandes" {
		t.Errorf("sections = %s", got)
	}
	checkCitations(t, "steps", d)
	checkTypography(t, "steps", d)
}

func TestCheck(t *testing.T) {
	c := procedures.Example(procedures.SignalementCNIL)
	ps := procedures.Check(c, procedures.PlainteCNIL, today)
	if !hasCode(ps, letters.CodeProcedureSenderKind) {
		t.Errorf("a group cannot file a plainte-cnil: %+v", ps)
	}
	c = procedures.Example(procedures.PlainteCNIL)
	if ps := procedures.Check(c, procedures.SignalementCNIL, today); !hasCode(ps, letters.CodeProcedureSenderKind) {
		t.Errorf("a resident cannot file a signalement-cnil: %+v", ps)
	}
	c.Facts.WhereFilmed = ""
	if ps := procedures.Check(c, procedures.PlainteCNIL, today); !hasCode(ps, letters.CodeProcedureRequired) {
		t.Errorf("plainte-cnil needs facts.where_filmed: %+v", ps)
	}
	if ps := procedures.Check(c, "nope", today); len(ps) != 1 {
		t.Errorf("unknown procedure: %+v", ps)
	}
}

func TestExamplesPassCheck(t *testing.T) {
	for _, p := range procedures.All() {
		c := procedures.Example(p.ID)
		if c == nil {
			t.Fatalf("%s: no example", p.ID)
		}
		for _, pr := range procedures.Check(c, p.ID, today) {
			if !pr.Warning {
				t.Errorf("%s: example fails Check: %s %s %s", p.ID, pr.Path, pr.Code, pr.Message(letters.FR))
			}
		}
		if _, err := p.Build(c, procedures.Options{}); err != nil {
			t.Errorf("%s: %v", p.ID, err)
		}
	}
	if procedures.Example("nope") != nil {
		t.Error("example for an unknown procedure")
	}
}

func TestTestdataPassCheck(t *testing.T) {
	for file, id := range map[string]string{"lille.json": procedures.PlainteCNIL, "lille-elus.json": procedures.SignalementCNIL} {
		for _, pr := range procedures.Check(load(t, file), id, today) {
			if !pr.Warning {
				t.Errorf("%s: %s %s %s", file, pr.Path, pr.Code, pr.Message(letters.FR))
			}
		}
	}
}

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range procedures.All() {
		if seen[p.ID] || p.Title == "" || p.Summary == "" || p.SummaryEN == "" || p.Build == nil || p.Require.Procedure != p.ID {
			t.Errorf("procedure %+v", p)
		}
		seen[p.ID] = true
		if q, ok := procedures.Get(p.ID); !ok || q.ID != p.ID {
			t.Errorf("Get(%s)", p.ID)
		}
	}
	if _, ok := procedures.Get("nope"); ok {
		t.Error("Get(nope)")
	}
}

// TestVariedCases builds every procedure over cases that switch every capability and enumeration, with
// and without software, for each JOP 2030 setting: Build never fails and cites only printable keys.
func TestVariedCases(t *testing.T) {
	caps := letters.Enumerations["facts.capabilities"]
	e := letters.Enumerations
	for _, p := range procedures.All() {
		for mask := 0; mask < 1<<len(caps); mask++ {
			c := procedures.Example(p.ID)
			c.Facts.Capabilities = nil
			for i, k := range caps {
				if mask&(1<<i) != 0 {
					c.Facts.Capabilities = append(c.Facts.Capabilities, k)
				}
			}
			pick := func(path string, salt int) string { vs := e[path]; return vs[(mask+salt)%len(vs)] }
			if mask%4 == 0 {
				c.Facts.Software = ""
				c.Facts.Vendor = ""
			} else {
				c.Facts.Vendor = "Société d’intégration"
			}
			c.Facts.AIPD = pick("facts.aipd", 0)
			c.Facts.CNILConsulted = pick("facts.cnil_consulted", 1)
			c.Facts.PrefectoralAuthorisation = pick("facts.prefectoral_authorisation", 2)
			c.Facts.Signage = pick("facts.signage", 3)
			c.Facts.EthicsCommitteeInformed = pick("facts.ethics_committee_informed", 4)
			c.Facts.CouncilDeliberation = pick("facts.council_deliberation", 5)
			if mask%3 == 0 {
				c.Facts.Acquired, c.Facts.InUseFrom, c.Facts.InUseUntil, c.Facts.PurposesClaimed = "", "", "", ""
				c.Facts.Sources = nil
				c.Exhibits = nil
			}
			if mask%5 == 0 {
				c.Facts.RetentionDays = 45
				c.Facts.InUseUntil = ""
			}
			c.Requests = nil
			if mask%2 == 0 {
				c.Requests = e["requests"]
				c.DocumentsRequested = e["documents_requested"]
			}
			c.PriorSteps = nil
			for i, k := range e["prior_steps.kind"] {
				c.PriorSteps = append(c.PriorSteps, letters.PriorStep{Kind: k, SentOn: "2025-01-10", Answer: e["prior_steps.answer"][(mask+i)%4]})
			}
			if mask%7 == 0 {
				c.Sender.Civility = ""
			}
			for _, jop := range []law.JOP2030{law.JOPUnknown, law.JOPInForce, law.JOPNotInForce, ""} {
				d, err := p.Build(c, procedures.Options{Settings: law.Settings{JOP2030: jop}})
				if err != nil {
					t.Fatalf("%s mask %d jop %q: %v", p.ID, mask, jop, err)
				}
				where := p.ID + "/" + string(jop)
				checkCitations(t, where, d)
				checkTypography(t, where, d)
				sections := 4
				if p.ID == procedures.Mandat {
					sections = 1 // a one-page mandate, no legal argument
				}
				if d.Object == "" || len(d.Sections) < sections || d.Footer == "" || len(d.Signatures) == 0 {
					t.Fatalf("%s: incomplete document", where)
				}
			}
		}
	}
}

func TestAssociationSender(t *testing.T) {
	c := procedures.Example(procedures.SignalementCNIL)
	c.Sender = letters.Sender{
		Kind: letters.SenderAssociation, Civility: letters.CivilityMonsieur, FirstName: "Jean", LastName: "Dupré",
		Organisation: "Association Vigilance Libertés Lille", Role: "Président",
		Address:     letters.Address{Street: "5 rue des Arts", PostalCode: "59000", City: "Lille"},
		Email:       "contact@example.org",
		Association: &letters.Association{RNA: "W595000000", DeclaredOn: "2015-03-01", Purpose: "défense des libertés publiques"},
	}
	c.Signatories = []letters.Signatory{{Civility: letters.CivilityMonsieur, FirstName: "Jean", LastName: "Dupré", Role: "Président"}}
	d := build(t, procedures.SignalementCNIL, c, law.DefaultSettings())
	mustContain(t, "association", flatten(d),
		"Nous avons l’honneur, au nom de l’association «\u202fVigilance Libertés Lille\u202f», de porter",
		"L’association est inscrite au répertoire national des associations sous le numéro W595000000\u202f; elle a été déclarée le 1er mars 2015.",
		"Son objet statutaire est le suivant\u202f: «\u202fdéfense des libertés publiques\u202f».",
		"signé, pour l’association, par Monsieur Jean Dupré, président.")
	checkTypography(t, "association", d)

	c.Signatories = append(c.Signatories, letters.Signatory{Civility: letters.CivilityMadame, FirstName: "Sophie", LastName: "Lemaire", Role: "Secrétaire"})
	d = build(t, procedures.SignalementCNIL, c, law.DefaultSettings())
	mustContain(t, "association, two signatories", flatten(d), "signé, pour l’association, par Monsieur Jean Dupré, président, et Madame Sophie Lemaire, secrétaire.")
}
