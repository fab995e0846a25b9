package claims

import (
	"strings"

	"saisine/letters"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
)

// Biometrie covers facial recognition and appearance search: biometric data processed to identify a
// person uniquely (GDPR art. 9, art. 4(14)); facial recognition is not authorised in public space (CNIL
// 5 Dec 2024). The AI Act's ban on real-time remote biometric identification is cited only when the
// software also detects in real time. The commune, which holds the tool, must prove the function is
// neither activated nor activatable (CE 21 Dec 2023 n° 489990).
var Biometrie = Claim{
	ID:     "biometrie",
	Title:  "Traitement de données biométriques",
	Needs:  []string{"facts.capabilities", "facts.software"},
	Breach: true,
	Applies: func(c *letters.Case, _ Context) bool {
		return c.Facts.HasCapability(letters.CapFacialRecognition) || c.Facts.HasCapability(letters.CapAppearanceSearch)
	},
	Citations: []string{"rgpd-4-14", "rgpd-9", "cnil-2024-12-05-briefcam", "ce-2023-489990", "ai-act-5-1-h"},
	Paragraphs: func(c *letters.Case, ctx Context) []document.Block {
		var fns []string
		if c.Facts.HasCapability(letters.CapFacialRecognition) {
			fns = append(fns, "une fonction de reconnaissance faciale")
		}
		if c.Facts.HasCapability(letters.CapAppearanceSearch) {
			fns = append(fns, "une fonction de recherche de personnes par similitude d’apparence")
		}
		ces := "Ces fonctions reposent"
		elles := "elles"
		if len(fns) == 1 {
			ces = "Une telle fonction repose"
			elles = "elle"
		}
		bs := []document.Block{
			heading("Traitement de données biométriques"),
			para(
				t("Selon les éléments connus, "+SoftwareIndef(c)+" dont dispose "+Commune(c)+" comporte "+frtext.Join(fns, "et")+". "+ces+" sur un traitement technique spécifique des caractéristiques physiques ou comportementales des personnes filmées ; dès lors qu’"+elles+" permet"+plural(len(fns), "", "tent")+" ou confirme"+plural(len(fns), "", "nt")+" l’identification unique d’une personne, "+elles+" produi"+plural(len(fns), "t", "sent")+" des données biométriques au sens de l’"),
				cite("rgpd-4-14"),
				t("."),
			),
		}
		cnilRuns := []document.Run{
			t("L’"),
			cite("rgpd-9"),
			t(" interdit le traitement de données biométriques aux fins d’identifier une personne de manière unique, sauf exception limitativement prévue ; aucune de ces exceptions ne paraît pouvoir être invoquée par une commune qui filme la voie publique. Sous le régime du titre III, aucun texte n’autorise davantage une commune à procéder à une identification biométrique des passants."),
		}
		if c.Facts.HasCapability(letters.CapFacialRecognition) {
			cnilRuns = append(cnilRuns,
				t(" La CNIL a d’ailleurs rappelé que la reconnaissance faciale n’est pas autorisée dans l’espace public ("),
				cite("cnil-2024-12-05-briefcam"),
				t(")."))
		}
		bs = append(bs, para(cnilRuns...))
		if c.Facts.HasCapability(letters.CapRealtimeDetection) {
			bs = append(bs, para(
				t("Le logiciel permettant en outre une analyse en temps réel, l’identification biométrique à distance « en temps réel » de personnes dans l’espace public, à des fins répressives, tomberait sous l’interdiction posée depuis le 2 février 2025 par l’"),
				cite("ai-act-5-1-h"),
				t(", qui ne réserve que des exceptions étroites, autorisées au cas par cas."),
			))
		}
		bs = append(bs, para(
			t("Il appartient à la commune, qui détient l’outil, d’établir que "+strings.Replace(fns[0], "une fonction", "la fonction", 1)+restFns(fns)+" "+plural(len(fns), "n’est", "ne sont")+" ni activée"+plural(len(fns), "", "s")+" ni activable"+plural(len(fns), "", "s")+" par ses agents, ce que la CNIL est en mesure de vérifier. Dans une affaire comparable, c’est au vu de tels éléments, établis par la personne publique, qu’une demande en référé a été rejetée ("),
			cite("ce-2023-489990"),
			t(")."),
		))
		return bs
	},
	Facts: func(c *letters.Case) []string {
		return []string{softwareFact(c), capabilitiesFact(KnownCapabilities(c))}
	},
	Requests: []string{letters.ReqControl, letters.ReqStopProcessing},
	Checks: func(c *letters.Case, _ Context) []string {
		var fns []string
		if c.Facts.HasCapability(letters.CapFacialRecognition) {
			fns = append(fns, "de reconnaissance faciale")
		}
		if c.Facts.HasCapability(letters.CapAppearanceSearch) {
			fns = append(fns, "de recherche par similitude d’apparence")
		}
		return []string{"l’activation, effective ou possible, des fonctions " + frtext.Join(fns, "et")}
	},
}

func restFns(fns []string) string {
	if len(fns) < 2 {
		return ""
	}
	return " et " + strings.Replace(fns[1], "une fonction", "la fonction", 1)
}

// plural picks the singular or plural ending.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// LAPI covers automatic number-plate reading by a commune, which the CNIL's 2023 annual report says
// local authorities may not use to detect offences or to answer requisitions.
var LAPI = Claim{
	ID:     "lapi",
	Title:  "Lecture automatisée des plaques d’immatriculation",
	Needs:  []string{"facts.capabilities", "facts.purposes_claimed"},
	Breach: true,
	Applies: func(c *letters.Case, _ Context) bool {
		return c.Facts.HasCapability(letters.CapPlateReading)
	},
	Citations: []string{"cnil-rapport-2023-lapi"},
	Paragraphs: func(c *letters.Case, _ Context) []document.Block {
		runs := []document.Run{
			t("S’agissant plus particulièrement de la lecture automatisée des plaques d’immatriculation, que permet, selon les éléments connus, " + SoftwareIndef(c) + " utilisé par " + Commune(c) + ", le "),
			cite("cnil-rapport-2023-lapi"),
			t(" relève que les collectivités locales ne peuvent y recourir ni pour constater des infractions, ni pour répondre à des réquisitions."),
		}
		if p := c.Facts.PurposesClaimed; p != "" && mentionsRequisition(p) {
			runs = append(runs, t(" Or la commune rattache elle-même son usage à des réquisitions ("), raw(frtext.Quote(frtext.Fragment(p))), t(") : cette circonstance ne suffit donc pas à le rendre licite."))
		}
		return []document.Block{heading("Lecture automatisée des plaques d’immatriculation"), para(runs...)}
	},
	Facts: func(c *letters.Case) []string {
		fs := []string{capabilitiesFact([]string{letters.CapPlateReading})}
		if c.Facts.PurposesClaimed != "" {
			fs = append(fs, "Finalité invoquée : "+frtext.Quote(frtext.Fragment(c.Facts.PurposesClaimed)))
		}
		return fs
	},
	Requests: []string{letters.ReqControl, letters.ReqStopProcessing, letters.ReqEraseData},
	Checks: func(c *letters.Case, _ Context) []string {
		return []string{"le recours à la lecture automatisée des plaques d’immatriculation, y compris pour répondre à des réquisitions"}
	},
}

func mentionsRequisition(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "réquisition") || strings.Contains(s, "requisition")
}
