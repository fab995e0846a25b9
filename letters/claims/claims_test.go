package claims_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
	"saisine/letters/law"
)

// base is a Lille-like case with every optional fact neutral (unknown), so that each table row turns
// on exactly the fact it tests.
func base() *letters.Case {
	return &letters.Case{
		Version: 1,
		Sender:  letters.Sender{Kind: letters.SenderResident, Civility: letters.CivilityMadame, FirstName: "Camille", LastName: "Martin"},
		Commune: letters.Commune{Name: "Lille"},
		Facts: letters.Facts{
			AIPD:                     letters.Unknown,
			CNILConsulted:            letters.Unknown,
			PrefectoralAuthorisation: letters.Unknown,
			Signage:                  letters.Unknown,
			EthicsCommitteeInformed:  letters.Unknown,
			CouncilDeliberation:      letters.Unknown,
		},
		Letter: letters.LetterOptions{Place: "Lille", Date: "2026-11-27", Sending: letters.SendingLRAR},
	}
}

func with(f func(c *letters.Case)) *letters.Case {
	c := base()
	f(c)
	return c
}

func caps(cs ...string) func(c *letters.Case) {
	return func(c *letters.Case) { c.Facts.Capabilities = cs }
}

type row struct {
	name string
	c    *letters.Case
	want bool
}

func ctxFor(c *letters.Case) claims.Context {
	return claims.NewContext(c, law.DefaultSettings())
}

func runTable(t *testing.T, id string, rows []row) {
	t.Helper()
	cl, ok := claims.Get(id)
	if !ok {
		t.Fatalf("no module %q", id)
	}
	for _, r := range rows {
		t.Run(id+"/"+r.name, func(t *testing.T) {
			got := cl.Applies(r.c, ctxFor(r.c))
			if got != r.want {
				t.Fatalf("Applies = %v, want %v", got, r.want)
			}
			if got {
				bs := cl.Blocks(r.c, ctxFor(r.c))
				if len(bs) == 0 {
					t.Fatal("applies but writes nothing")
				}
				for _, b := range bs {
					if b.Why == nil || b.Why.Claim != id || len(b.Why.Citations) != len(cl.Citations) {
						t.Fatalf("block without a complete why: %+v", b.Why)
					}
				}
			}
		})
	}
}

func TestAIPD(t *testing.T) {
	runTable(t, "aipd", []row{
		{"missing", with(func(c *letters.Case) { c.Facts.AIPD = letters.AIPDMissing }), true},
		{"incomplete", with(func(c *letters.Case) { c.Facts.AIPD = letters.AIPDIncomplete; c.Facts.Software = "BriefCam" }), true},
		{"exists", with(func(c *letters.Case) { c.Facts.AIPD = letters.AIPDExists }), false},
		{"unknown", with(func(c *letters.Case) { c.Facts.AIPD = letters.Unknown; c.Facts.Software = "BriefCam" }), false},
	})
	c := with(func(c *letters.Case) {
		c.Facts.AIPD = letters.AIPDIncomplete
		c.Facts.Software = "BriefCam"
		c.Facts.InUseFrom = "2022-11"
	})
	text := flatten(claims.AIPD.Blocks(c, ctxFor(c)))
	for _, want := range []string{
		"l’AIPD établie par la commune ne porte pas sur le traitement algorithmique des images opéré au moyen du logiciel BriefCam",
		"à compter de novembre 2022",
		"article 35 du RGPD",
		"article 90 de la loi n°\u00a078-17 du 6 janvier 1978",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	c.Facts.AIPD = letters.AIPDMissing
	text = flatten(claims.AIPD.Blocks(c, ctxFor(c)))
	if !strings.Contains(text, "aucune AIPD n’a été réalisée avant la mise en œuvre du traitement algorithmique des images opéré au moyen du logiciel BriefCam, intervenue en novembre 2022.") {
		t.Errorf("missing wording:\n%s", text)
	}
}

func TestCNILNonConsultee(t *testing.T) {
	runTable(t, "cnil-non-consultee", []row{
		{"no+software", with(func(c *letters.Case) { c.Facts.CNILConsulted = letters.No; c.Facts.Software = "BriefCam" }), true},
		{"no+capability", with(func(c *letters.Case) {
			c.Facts.CNILConsulted = letters.No
			c.Facts.Capabilities = []string{letters.CapStatistics}
		}), true},
		{"no, no analytics", with(func(c *letters.Case) { c.Facts.CNILConsulted = letters.No }), false},
		{"yes", with(func(c *letters.Case) { c.Facts.CNILConsulted = letters.Yes; c.Facts.Software = "BriefCam" }), false},
		{"unknown", with(func(c *letters.Case) { c.Facts.Software = "BriefCam" }), false},
	})
	c := with(func(c *letters.Case) { c.Facts.CNILConsulted = letters.No; c.Facts.Software = "BriefCam" })
	for _, b := range claims.CNILNonConsultee.Blocks(c, ctxFor(c)) {
		for _, r := range b.Runs {
			if r.Cite != "" && r.Cite != "lil-90" {
				t.Errorf("cites %s; only LIL art. 90 is verified for prior consultation", r.Cite)
			}
		}
	}
}

func TestAbsenceBaseLegaleAndUsages(t *testing.T) {
	breach := []row{
		{"realtime", with(caps(letters.CapRealtimeDetection)), true},
		{"facial", with(caps(letters.CapFacialRecognition)), true},
		{"appearance", with(caps(letters.CapAppearanceSearch)), true},
		{"plates", with(caps(letters.CapVideoSynopsis, letters.CapPlateReading)), true},
		{"synopsis only", with(caps(letters.CapVideoSynopsis)), false},
		{"statistics only", with(caps(letters.CapStatistics)), false},
		{"software only", with(func(c *letters.Case) { c.Facts.Software = "BriefCam" }), false},
		{"nothing", base(), false},
	}
	runTable(t, "absence-base-legale", breach)
	var verify []row
	for _, r := range breach {
		want := !r.want && claims.Analytics(r.c)
		verify = append(verify, row{r.name, r.c, want})
	}
	runTable(t, "usages-a-verifier", verify)
	if claims.AbsenceBaseLegale.Breach != true || claims.UsagesAVerifier.Breach != false {
		t.Fatal("breach flags: the verification twin must not assert a breach")
	}
	// Never both, never the twin without analytics.
	for _, r := range breach {
		a := claims.AbsenceBaseLegale.Applies(r.c, ctxFor(r.c))
		b := claims.UsagesAVerifier.Applies(r.c, ctxFor(r.c))
		if a && b {
			t.Errorf("%s: both twins apply", r.name)
		}
	}
}

func TestAbsenceBaseLegaleJOP(t *testing.T) {
	c := with(func(c *letters.Case) {
		c.Facts.Software = "BriefCam"
		c.Facts.Capabilities = []string{letters.CapPlateReading, letters.CapRealtimeDetection}
	})
	cases := map[law.JOP2030][]string{
		law.JOPUnknown: {
			"aucune expérimentation autorisée ne couvre ce traitement",
			"quel que soit le sort de la loi adoptée en 2026",
			"ne couvrirait ni la lecture automatisée des plaques d’immatriculation, ni les recherches différées",
			"qu’il appartiendrait à la commune de produire",
		},
		law.JOPInForce: {
			"L’expérimentation rouverte en 2026 ne modifie pas cette analyse",
			"que si la commune produit l’autorisation préfectorale délivrée à ce titre",
		},
		law.JOPNotInForce: {"Aucune expérimentation n’étant en vigueur"},
	}
	for jop, wants := range cases {
		ctx := ctxFor(c)
		ctx.Settings.JOP2030 = jop
		text := flatten(claims.AbsenceBaseLegale.Blocks(c, ctx)) + flatten(claims.Framework.Blocks(c, ctx))
		for _, w := range wants {
			if !strings.Contains(text, frtext.Typo(w)) {
				t.Errorf("%s: missing %q in\n%s", jop, w, text)
			}
		}
		if strings.Contains(text, "2026-") || regexp.MustCompile(`loi n°\s?2026`).MatchString(text) {
			t.Errorf("%s: prints a JOP 2030 law number", jop)
		}
	}
	// The framework says the 2024 experiment ended and the extension was censured, whatever the setting.
	text := flatten(claims.Framework.Blocks(c, ctxFor(c)))
	for _, w := range []string{"31 mars 2025", "2025-878 DC", "Commune de Nice", "2105328", "dont l’entrée en vigueur n’est pas établie"} {
		if !strings.Contains(text, w) {
			t.Errorf("framework: missing %q", w)
		}
	}
}

func TestBiometrie(t *testing.T) {
	runTable(t, "biometrie", []row{
		{"facial", with(caps(letters.CapFacialRecognition)), true},
		{"appearance", with(caps(letters.CapAppearanceSearch)), true},
		{"both+realtime", with(caps(letters.CapFacialRecognition, letters.CapAppearanceSearch, letters.CapRealtimeDetection)), true},
		{"realtime only", with(caps(letters.CapRealtimeDetection)), false},
		{"plates", with(caps(letters.CapPlateReading)), false},
		{"none", base(), false},
	})
	cites := func(c *letters.Case) map[string]bool {
		m := map[string]bool{}
		for _, b := range claims.Biometrie.Blocks(c, ctxFor(c)) {
			for _, r := range b.Runs {
				if r.Cite != "" {
					m[r.Cite] = true
				}
			}
		}
		return m
	}
	if cites(with(caps(letters.CapFacialRecognition)))["ai-act-5-1-h"] {
		t.Error("AI Act art. 5(1)(h) cited without real-time detection")
	}
	if !cites(with(caps(letters.CapFacialRecognition, letters.CapRealtimeDetection)))["ai-act-5-1-h"] {
		t.Error("AI Act art. 5(1)(h) not cited with real-time detection")
	}
	if cites(with(caps(letters.CapAppearanceSearch)))["cnil-2024-12-05-briefcam"] {
		t.Error("the CNIL's statement is about facial recognition; not cited for appearance search alone")
	}
	one := flatten(claims.Biometrie.Blocks(with(caps(letters.CapFacialRecognition)), ctxFor(base())))
	two := flatten(claims.Biometrie.Blocks(with(caps(letters.CapFacialRecognition, letters.CapAppearanceSearch)), ctxFor(base())))
	for _, w := range []string{"Une telle fonction repose", "elle produit", "n’est ni activée ni activable", "la fonction de reconnaissance faciale"} {
		if !strings.Contains(one, w) {
			t.Errorf("singular: missing %q in\n%s", w, one)
		}
	}
	for _, w := range []string{"Ces fonctions reposent", "elles produisent", "ne sont ni activées ni activables"} {
		if !strings.Contains(two, w) {
			t.Errorf("plural: missing %q in\n%s", w, two)
		}
	}
}

func TestLAPI(t *testing.T) {
	runTable(t, "lapi", []row{
		{"plates", with(caps(letters.CapPlateReading)), true},
		{"synopsis", with(caps(letters.CapVideoSynopsis)), false},
		{"none", base(), false},
	})
	c := with(func(c *letters.Case) {
		c.Facts.Capabilities = []string{letters.CapPlateReading}
		c.Facts.PurposesClaimed = "identification de véhicules sur réquisition judiciaire"
	})
	text := flatten(claims.LAPI.Blocks(c, ctxFor(c)))
	if !strings.Contains(text, "cette circonstance ne suffit donc pas à le rendre licite") || !strings.Contains(text, "rapport annuel 2023 de la CNIL") {
		t.Errorf("requisition argument missing:\n%s", text)
	}
	c.Facts.PurposesClaimed = "statistiques"
	if strings.Contains(flatten(claims.LAPI.Blocks(c, ctxFor(c))), "cette circonstance ne suffit") {
		t.Error("requisition argument without a requisition in the facts")
	}
	for _, b := range claims.LAPI.Blocks(c, ctxFor(c)) {
		for _, r := range b.Runs {
			if r.Cite == "csi-l233-1" {
				t.Error("CSI L233-1 is unverified")
			}
		}
	}
}

func TestInformationPublic(t *testing.T) {
	runTable(t, "information-public", []row{
		{"none", with(func(c *letters.Case) { c.Facts.Signage = letters.SignageNone }), true},
		{"incomplete", with(func(c *letters.Case) { c.Facts.Signage = letters.SignageIncomplete }), true},
		{"adequate", with(func(c *letters.Case) { c.Facts.Signage = letters.SignageAdequate }), false},
		{"unknown", base(), false},
	})
}

func TestAutorisationPrefectorale(t *testing.T) {
	runTable(t, "autorisation-prefectorale", []row{
		{"none", with(func(c *letters.Case) { c.Facts.PrefectoralAuthorisation = letters.AuthNone }), true},
		{"expired", with(func(c *letters.Case) { c.Facts.PrefectoralAuthorisation = letters.AuthExpired }), true},
		{"valid", with(func(c *letters.Case) { c.Facts.PrefectoralAuthorisation = letters.AuthValid }), false},
		{"unknown", base(), false},
	})
	c := with(func(c *letters.Case) { c.Facts.PrefectoralAuthorisation = letters.AuthExpired })
	text := flatten(claims.AutorisationPrefectorale.Blocks(c, ctxFor(c)))
	if !strings.Contains(text, "paraît être arrivée à échéance") || !strings.Contains(text, "produire l’autorisation préfectorale actuellement en vigueur") {
		t.Errorf("expired wording:\n%s", text)
	}
	if strings.Contains(text, "L.\u00a0252-4") || strings.Contains(text, "L. 252-4") {
		t.Error("L252-4 is unverified")
	}
}

func TestConservation(t *testing.T) {
	runTable(t, "conservation", []row{
		{"45 days", with(func(c *letters.Case) { c.Facts.RetentionDays = 45 }), true},
		{"31 days", with(func(c *letters.Case) { c.Facts.RetentionDays = 31 }), true},
		{"30 days", with(func(c *letters.Case) { c.Facts.RetentionDays = 30 }), false},
		{"unknown", base(), false},
	})
	c := with(func(c *letters.Case) { c.Facts.RetentionDays = 45 })
	text := flatten(claims.Conservation.Blocks(c, ctxFor(c)))
	for _, w := range []string{"pendant 45 jours", "ne peut excéder un mois", "index, synopsis ou métadonnées"} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q", w)
		}
	}
}

func step(kind, sent, received, answer string) func(c *letters.Case) {
	return func(c *letters.Case) {
		c.PriorSteps = append(c.PriorSteps, letters.PriorStep{Kind: kind, Recipient: "Maire de Lille", SentOn: sent, ReceivedOn: received, Answer: answer})
	}
}

func TestSansReponse(t *testing.T) {
	// Letter date 2026-11-27: a request received on 2026-10-27 reaches its one-month term on
	// 2026-11-27, so the silence is not yet « plus d’un mois ».
	runTable(t, "demande-sans-reponse", []row{
		{"crpa, 2 months", with(step(letters.StepCRPARequest, "2026-09-20", "", letters.AnswerNone)), true},
		{"crpa, received exactly one month ago", with(step(letters.StepCRPARequest, "2026-10-20", "2026-10-27", letters.AnswerNone)), false},
		{"crpa, received one month and a day ago", with(step(letters.StepCRPARequest, "2026-10-20", "2026-10-26", letters.AnswerNone)), true},
		{"crpa answered", with(step(letters.StepCRPARequest, "2025-01-10", "", letters.AnswerRefusal)), false},
		{"councillor", with(step(letters.StepCouncillorRequest, "2025-01-10", "", letters.AnswerNone)), true},
		{"letter", with(step(letters.StepLetter, "2025-01-10", "", letters.AnswerNone)), true},
		{"rights request is the other module", with(step(letters.StepRightsRequest, "2025-01-10", "", letters.AnswerNone)), false},
		{"cnil complaint", with(step(letters.StepCNILComplaint, "2025-01-10", "", letters.AnswerNone)), false},
		{"no steps", base(), false},
	})
	runTable(t, "droits-sans-reponse", []row{
		{"rights, 2 months", with(step(letters.StepRightsRequest, "2026-09-01", "2026-09-03", letters.AnswerNone)), true},
		{"rights, 2 weeks", with(step(letters.StepRightsRequest, "2026-11-10", "", letters.AnswerNone)), false},
		{"rights answered", with(step(letters.StepRightsRequest, "2026-01-10", "", letters.AnswerFull)), false},
		{"crpa", with(step(letters.StepCRPARequest, "2026-01-10", "", letters.AnswerNone)), false},
	})
	c := with(step(letters.StepCRPARequest, "2025-01-10", "2025-01-13", letters.AnswerNone))
	text := flatten(claims.DemandeSansReponse.Blocks(c, ctxFor(c)))
	for _, w := range []string{
		"La demande de communication de documents administratifs envoyée le 10 janvier 2025 et reçue le 13 janvier 2025 (destinataire\u202f: Maire de Lille) est restée sans réponse plus d’un mois après sa réception.",
		"article R. 311-13 du code des relations entre le public et l’administration",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in\n%s", w, text)
		}
	}
	c = with(step(letters.StepRightsRequest, "2026-09-01", "2026-09-03", letters.AnswerNone))
	text = flatten(claims.DroitsSansReponse.Blocks(c, ctxFor(c)))
	if !strings.Contains(text, "Ce délai ne pouvait être prolongé de deux mois qu’au besoin, compte tenu de la complexité et du nombre de demandes, et à la condition d’informer la personne de cette prolongation et de ses motifs dans le premier mois.") {
		t.Errorf("art. 12(3) extension without its conditions:\n%s", text)
	}
	c = with(step(letters.StepLetter, "2025-01-10", "", letters.AnswerNone))
	if text := flatten(claims.DemandeSansReponse.Blocks(c, ctxFor(c))); !strings.Contains(text, "Le courrier envoyé le 10 janvier 2025 (destinataire\u202f: Maire de Lille) est resté sans réponse") {
		t.Errorf("masculine agreement:\n%s", text)
	}
	if claims.DemandeSansReponse.Place() != claims.SectionSteps {
		t.Error("demande-sans-reponse belongs to the prior steps section")
	}
	if claims.DroitsSansReponse.Place() != claims.SectionBreaches {
		t.Error("droits-sans-reponse is a breach")
	}
}

func TestApplicableOrderAndLille(t *testing.T) {
	c := with(func(c *letters.Case) {
		c.Facts.Software = "BriefCam"
		c.Facts.Capabilities = []string{letters.CapVideoSynopsis, letters.CapPlateReading}
		c.Facts.AIPD = letters.AIPDIncomplete
		c.Facts.CNILConsulted = letters.No
	})
	var ids []string
	for _, cl := range claims.Applicable(c, law.DefaultSettings()) {
		ids = append(ids, cl.ID)
	}
	want := "absence-base-legale lapi aipd cnil-non-consultee"
	if strings.Join(ids, " ") != want {
		t.Fatalf("Applicable = %v, want %s", ids, want)
	}
	seen := map[string]bool{}
	for _, cl := range claims.All() {
		if seen[cl.ID] {
			t.Errorf("duplicate module id %s", cl.ID)
		}
		seen[cl.ID] = true
		if cl.Applies == nil || cl.Paragraphs == nil || cl.Facts == nil || cl.Title == "" || len(cl.Needs) == 0 {
			t.Errorf("%s: incomplete module", cl.ID)
		}
	}
}

// --- citations ---

func modules() []claims.Claim { return append(claims.All(), claims.Framework) }

func TestCitationsPrintable(t *testing.T) {
	for _, cl := range modules() {
		if len(cl.Citations) == 0 {
			t.Errorf("%s: no citations", cl.ID)
		}
		for _, k := range cl.Citations {
			if _, err := law.Printable(k); err != nil {
				t.Errorf("%s: %v", cl.ID, err)
			}
		}
	}
}

var articleRef = regexp.MustCompile(`(?i)articles? [LR]\.?[ \x{a0}]?\d|article \d+`)

// TestPrintedCitationsListed renders every module over varied cases and checks that every printed
// citation is listed in the module's Citations, that the text names no article other than the printed
// form of a cited entry, and that the typography is French.
func TestPrintedCitationsListed(t *testing.T) {
	for _, c := range varied() {
		for _, jop := range []law.JOP2030{law.JOPUnknown, law.JOPInForce, law.JOPNotInForce} {
			ctx := ctxFor(c)
			ctx.Settings.JOP2030 = jop
			for _, cl := range modules() {
				if !cl.Applies(c, ctx) {
					continue
				}
				listed := map[string]bool{}
				for _, k := range cl.Citations {
					listed[k] = true
				}
				bs := cl.Blocks(c, ctx)
				text := flatten(bs)
				for _, b := range bs {
					for _, r := range b.Runs {
						if r.Cite != "" && !listed[r.Cite] {
							t.Errorf("%s prints %s, not in its Citations", cl.ID, r.Cite)
						}
						if r.Cite != "" {
							text = strings.ReplaceAll(text, r.Text, "")
						}
					}
				}
				if m := articleRef.FindString(text); m != "" {
					t.Errorf("%s: article reference %q outside a cited printed form", cl.ID, m)
				}
				checkTypography(t, cl.ID, bs)
			}
		}
	}
}

func varied() []*letters.Case {
	var out []*letters.Case
	all := letters.Enumerations["facts.capabilities"]
	for mask := 0; mask < 1<<len(all); mask++ {
		c := base()
		for i, k := range all {
			if mask&(1<<i) != 0 {
				c.Facts.Capabilities = append(c.Facts.Capabilities, k)
			}
		}
		if mask%3 == 0 {
			c.Facts.Software = "BriefCam"
		}
		e := func(path string) []string { return letters.Enumerations[path] }
		pick := func(vs []string) string { return vs[mask%len(vs)] }
		c.Facts.AIPD = pick(e("facts.aipd"))
		c.Facts.CNILConsulted = pick(e("facts.cnil_consulted"))
		c.Facts.PrefectoralAuthorisation = pick(e("facts.prefectoral_authorisation"))
		c.Facts.Signage = pick(e("facts.signage"))
		if mask%2 == 0 {
			c.Facts.PurposesClaimed = "identification de véhicules, sur réquisition judiciaire"
			c.Facts.InUseFrom = "2022-11"
			c.Facts.InUseUntil = "2025-01-15"
			c.Facts.RetentionDays = 45
		}
		for _, k := range e("prior_steps.kind") {
			step(k, "2025-01-10", "", letters.AnswerNone)(c)
		}
		out = append(out, c)
	}
	return out
}

func flatten(bs []document.Block) string {
	var b strings.Builder
	for _, bl := range bs {
		for _, r := range bl.Runs {
			b.WriteString(r.Text)
		}
		for _, it := range bl.Items {
			for _, r := range it {
				b.WriteString(r.Text)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func checkTypography(t *testing.T, where string, bs []document.Block) {
	t.Helper()
	for _, bl := range bs {
		runs := append([]document.Run(nil), bl.Runs...)
		for _, it := range bl.Items {
			runs = append(runs, it...)
		}
		text := ""
		for _, r := range runs {
			if r.URL != "" {
				text += "URL"
				continue
			}
			text += r.Text
		}
		if err := frtext.TypographyError(text); err != "" {
			t.Errorf("%s: %s in %q", where, err, text)
			return
		}
	}
}

func TestNewContextDate(t *testing.T) {
	c := base()
	if got := claims.NewContext(c, law.DefaultSettings()).Date; !got.Equal(time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Date = %v", got)
	}
}
