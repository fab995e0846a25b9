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
			"Celle ouverte en 2023, qui a pris fin le 31 mars 2025, ne portait que sur la détection en temps réel d’événements prédéterminés\u202f: elle ne couvrait ni la lecture automatisée des plaques d’immatriculation, ni les recherches différées",
			"elle ne pouvait relever de l’expérimentation ouverte en 2023 que sur autorisation préfectorale",
			"il appartiendrait à la commune de produire une telle autorisation",
		},
		law.JOPInForce: {
			"L’expérimentation rouverte en 2026 ne modifie pas cette analyse",
			"que si la commune produit l’autorisation préfectorale délivrée à ce titre",
			"pas plus que celle ouverte en 2023, elle ne couvre ni la lecture automatisée des plaques d’immatriculation",
		},
		law.JOPNotInForce: {
			"Aucune expérimentation n’étant aujourd’hui en vigueur",
			"celle ouverte en 2023, qui a pris fin le 31 mars 2025, ne couvrait d’ailleurs ni la lecture automatisée des plaques d’immatriculation",
			"elle ne pouvait relever de cette expérimentation que sur autorisation préfectorale",
		},
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
	if !strings.Contains(text, "Or la commune, qui fait elle-même état d’un tel usage, le rattache à des réquisitions\u202f: cette circonstance ne suffit donc pas à le rendre licite.") || !strings.Contains(text, "rapport annuel 2023 de la CNIL") {
		t.Errorf("requisition argument missing:\n%s", text)
	}
	if strings.Contains(text, "Il y a lieu de vérifier") {
		t.Errorf("the commune's own statement shows the use; nothing to verify about whether it took place:\n%s", text)
	}
	// Requisitions without vehicles or plates: no evidence plates were read.
	c.Facts.PurposesClaimed = "recherches différées sur réquisition judiciaire"
	text = flatten(claims.LAPI.Blocks(c, ctxFor(c)))
	for _, w := range []string{
		"à supposer que ces réquisitions aient donné lieu à une lecture automatisée des plaques, cette circonstance ne suffirait pas à la rendre licite.",
		"Il y a lieu de vérifier si la commune y recourt ou y a eu recours.",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("requisitions only: missing %q in\n%s", w, text)
		}
	}
	if strings.Contains(text, "fait elle-même état") {
		t.Errorf("requisitions only: the use is not shown:\n%s", text)
	}
	c.Facts.PurposesClaimed = "statistiques"
	if strings.Contains(flatten(claims.LAPI.Blocks(c, ctxFor(c))), "cette circonstance ne suffit") {
		t.Error("requisition argument without a requisition in the facts")
	}
	ctx := ctxFor(c)
	ctx.ToCommune = true
	c.Facts.InUseUntil = "2025-01"
	if text := flatten(claims.LAPI.Blocks(c, ctx)); !strings.Contains(text, "Il appartient à la commune d’indiquer si elle y a eu recours.") {
		t.Errorf("to the commune, use ended:\n%s", text)
	}
	if got := claims.LAPI.Checks(c, ctx); len(got) != 1 || !strings.HasPrefix(got[0], "le recours éventuel à la lecture automatisée") {
		t.Errorf("Checks = %q", got)
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

// TestStatedUse: the commune's own statement shows the use of a function only when it names that use;
// a denial or a mere requisition does not.
func TestStatedUse(t *testing.T) {
	for _, tt := range []struct {
		capability, purposes string
		want                 bool
	}{
		{letters.CapPlateReading, "identification de véhicules aux entrées et sorties de la ville, sur réquisition judiciaire", true},
		{letters.CapPlateReading, "Lecture des plaques sur réquisition", true},
		{letters.CapPlateReading, "recherches différées sur réquisition judiciaire", false},
		{letters.CapPlateReading, "aucune lecture des plaques d’immatriculation", false},
		{letters.CapPlateReading, "", false},
		{letters.CapFacialRecognition, "reconnaissance faciale des personnes recherchées", true},
		{letters.CapFacialRecognition, "pas de reconnaissance faciale ; identification de véhicules", false},
		{letters.CapFacialRecognition, "aucune option de reconnaissance faciale n’a été achetée", false},
		{letters.CapAppearanceSearch, "recherche de personnes par leur apparence", true},
		{letters.CapRealtimeDetection, "détection automatique des dépôts sauvages", true},
		{letters.CapRealtimeDetection, "statistiques de fréquentation", false},
	} {
		c := with(func(c *letters.Case) {
			c.Facts.Capabilities = []string{tt.capability}
			c.Facts.PurposesClaimed = tt.purposes
		})
		if got := claims.StatedUse(c, tt.capability); got != tt.want {
			t.Errorf("StatedUse(%s, %q) = %v, want %v", tt.capability, tt.purposes, got, tt.want)
		}
	}
	// A statement about a function the software is not known to have shows nothing.
	c := with(func(c *letters.Case) { c.Facts.PurposesClaimed = "identification de véhicules" })
	if claims.StatedUse(c, letters.CapPlateReading) {
		t.Error("use stated for a capability the facts do not list")
	}
}

// TestAbsenceBaseLegaleCapabilityVersusUse: a capability alone gives a conclusion conditioned on use and
// a request to verify it; the commune's own statement of such a use gives a firm conclusion. The tense
// follows the period of use. The module stays a breach either way.
func TestAbsenceBaseLegaleCapabilityVersusUse(t *testing.T) {
	render := func(c *letters.Case, toCommune bool) string {
		ctx := ctxFor(c)
		ctx.ToCommune = toCommune
		if !claims.AbsenceBaseLegale.Applies(c, ctx) {
			t.Fatal("does not apply")
		}
		return flatten(claims.AbsenceBaseLegale.Blocks(c, ctx))
	}
	plates := func(purposes, until string) *letters.Case {
		return with(func(c *letters.Case) {
			c.Facts.Software = "BriefCam"
			c.Facts.Capabilities = []string{letters.CapVideoSynopsis, letters.CapPlateReading}
			c.Facts.PurposesClaimed = purposes
			c.Facts.InUseUntil = until
		})
	}
	for _, tt := range []struct {
		name      string
		c         *letters.Case
		toCommune bool
		want, not []string
	}{
		{"capability, in use", plates("", ""), false,
			[]string{
				"permet la lecture automatisée des plaques d’immatriculation. Cette fonction excède les seuls usages que la CNIL admet",
				"Dès lors que cette fonction est ou a été mise en œuvre, le traitement qui en résulte est dépourvu de base légale, qu’il relève du RGPD ou du titre III",
				"Il y a lieu de vérifier si tel est ou a été le cas.",
			},
			[]string{"Ce traitement est donc dépourvu", "fait elle-même état"}},
		{"capability, ended, to the commune", plates("", "2025-01"), true,
			[]string{
				"Dès lors que cette fonction a été mise en œuvre, le traitement qui en a résulté était dépourvu de base légale",
				"Il appartient à la commune d’indiquer si tel a été le cas.",
			},
			[]string{"est ou a été", "Il y a lieu"}},
		{"requisitions only", plates("recherches sur réquisition judiciaire", ""), false,
			[]string{"Dès lors que cette fonction est ou a été mise en œuvre"},
			[]string{"fait elle-même état"}},
		{"stated, in use", plates("identification de véhicules sur réquisition judiciaire", ""), false,
			[]string{"Or la commune fait elle-même état d’un tel usage («\u202fidentification de véhicules sur réquisition judiciaire\u202f»)\u202f: le traitement qu’elle met ainsi en œuvre est donc dépourvu de base légale, qu’il relève du RGPD ou du titre III"},
			[]string{"Dès lors que", "Il y a lieu de vérifier"}},
		{"stated, ended", plates("identification de véhicules sur réquisition judiciaire", "2025-01"), false,
			[]string{"le traitement qu’elle a ainsi mis en œuvre était donc dépourvu de base légale"},
			[]string{"Dès lors que"}},
		{"stated and not stated", with(func(c *letters.Case) {
			c.Facts.Capabilities = []string{letters.CapFacialRecognition, letters.CapPlateReading}
			c.Facts.PurposesClaimed = "identification de véhicules"
		}), false,
			[]string{
				"Or la commune fait elle-même état d’un usage relevant de la lecture automatisée des plaques d’immatriculation",
				"Quant à la reconnaissance faciale, dès lors que cette fonction est ou a été mise en œuvre, le traitement qui en résulte est également dépourvu de base légale.",
				"Il y a lieu de vérifier si tel est ou a été le cas.",
			}, nil},
		{"two functions, capability only", with(caps(letters.CapRealtimeDetection, letters.CapAppearanceSearch)), false,
			[]string{"Dès lors que ces fonctions sont ou ont été mises en œuvre"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := render(tt.c, tt.toCommune)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in\n%s", w, text)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(text, w) {
					t.Errorf("says %q in\n%s", w, text)
				}
			}
		})
	}
	if !claims.AbsenceBaseLegale.Breach {
		t.Error("a software with a function beyond the tolerated uses stays a breach")
	}
	// The control asks whether the functions were used, in the tense of the period of use.
	c := with(caps(letters.CapRealtimeDetection))
	if got := strings.Join(claims.AbsenceBaseLegale.Checks(c, ctxFor(c)), " | "); got != "les fonctions du logiciel effectivement activées et les conditions dans lesquelles elles sont employées | le recours éventuel à la détection automatisée d’événements en temps réel" {
		t.Errorf("Checks = %q", got)
	}
	c.Facts.InUseUntil = "2025-01"
	if got := strings.Join(claims.AbsenceBaseLegale.Checks(c, ctxFor(c)), " | "); got != "les fonctions du logiciel qui ont été activées et les conditions dans lesquelles elles ont été employées | le recours qui a pu être fait à la détection automatisée d’événements en temps réel" {
		t.Errorf("Checks (ended) = %q", got)
	}
}

// TestBiometrieCapabilityVersusUse: the biometric processing is said unlawful on condition of use, or
// outright when the commune states such a use; the AI Act's ban is no argument about a use that ended
// before it applied.
func TestBiometrieCapabilityVersusUse(t *testing.T) {
	c := with(caps(letters.CapFacialRecognition))
	text := flatten(claims.Biometrie.Blocks(c, ctxFor(c)))
	for _, w := range []string{
		"Dès lors qu’une telle fonction est ou a été utilisée aux fins d’identifier des personnes, le traitement qui en résulte est illicite.",
		"d’établir que la fonction de reconnaissance faciale n’est ni activée ni activable par ses agents",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("capability: missing %q in\n%s", w, text)
		}
	}
	c.Facts.PurposesClaimed = "reconnaissance faciale des personnes recherchées"
	text = flatten(claims.Biometrie.Blocks(c, ctxFor(c)))
	if !strings.Contains(text, "Or la commune fait elle-même état d’un tel usage") || !strings.Contains(text, "qu’elle met ainsi en œuvre est donc illicite.") || strings.Contains(text, "ni activable") {
		t.Errorf("stated use:\n%s", text)
	}
	c = with(caps(letters.CapFacialRecognition, letters.CapRealtimeDetection))
	c.Facts.InUseUntil = "2025-01"
	text = flatten(claims.Biometrie.Blocks(c, ctxFor(c)))
	for _, w := range []string{
		"Dès lors qu’une telle fonction a été utilisée aux fins d’identifier des personnes, le traitement qui en a résulté était illicite.",
		"n’a été ni activée ni utilisée par ses agents pendant la période d’utilisation du logiciel",
		"une reprise de son utilisation aux fins d’identification biométrique à distance",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("ended: missing %q in\n%s", w, text)
		}
	}
	c.Facts.InUseUntil = "2025-06"
	if text := flatten(claims.Biometrie.Blocks(c, ctxFor(c))); strings.Contains(text, "une reprise") {
		t.Errorf("use until June 2025 reaches the AI Act's ban:\n%s", text)
	}
}

// TestTenseOfThePeriodOfUse: facts about the period of use are in the past once it has ended.
func TestTenseOfThePeriodOfUse(t *testing.T) {
	c := with(func(c *letters.Case) {
		c.Facts.Software = "BriefCam"
		c.Facts.AIPD = letters.AIPDIncomplete
		c.Facts.Signage = letters.SignageIncomplete
		c.Facts.Capabilities = []string{letters.CapVideoSynopsis}
	})
	ongoing := flatten(claims.AIPD.Blocks(c, ctxFor(c))) + flatten(claims.InformationPublic.Blocks(c, ctxFor(c))) + flatten(claims.UsagesAVerifier.Blocks(c, ctxFor(c)))
	c.Facts.InUseUntil = "2025-01"
	ended := flatten(claims.AIPD.Blocks(c, ctxFor(c))) + flatten(claims.InformationPublic.Blocks(c, ctxFor(c))) + flatten(claims.UsagesAVerifier.Blocks(c, ctxFor(c)))
	for _, tt := range []struct{ ongoing, ended string }{
		{"l’AIPD établie par la commune ne porte pas sur", "l’AIPD établie par la commune ne portait pas sur"},
		{"Lorsque les images font l’objet d’une analyse automatisée, l’information du public devrait en faire état.", "Dès lors que les images ont fait l’objet d’une analyse automatisée, l’information du public aurait dû en faire état."},
		{"la commune de Lille utilise le logiciel BriefCam", "la commune de Lille a utilisé le logiciel BriefCam"},
		{"que cet outil est employé au-delà", "que cet outil a été employé au-delà"},
		{"que son usage reste dans ces limites", "que son usage est resté dans ces limites"},
	} {
		if !strings.Contains(ongoing, tt.ongoing) {
			t.Errorf("in use: missing %q", tt.ongoing)
		}
		if !strings.Contains(ended, tt.ended) {
			t.Errorf("ended: missing %q", tt.ended)
		}
	}
}
