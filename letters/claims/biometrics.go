package claims

import (
	"strings"
	"time"

	"saisine/letters"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
)

// Biometrie covers facial recognition and appearance search: biometric data processed to identify a
// person uniquely (GDPR art. 9, art. 4(14)); facial recognition is not authorised in public space (CNIL
// 5 Dec 2024). The AI Act's ban on real-time remote biometric identification is cited only when the
// software also detects in real time. The processing is said unlawful outright only when the commune's
// own statement shows the function is used (StatedUse); otherwise on condition of its use, and the
// commune, which holds the tool, must prove the function is neither activated nor activatable (CE 21
// Dec 2023 n° 489990).
var Biometrie = Claim{
	ID:     "biometrie",
	Title:  "Traitement de données biométriques",
	Needs:  []string{"facts.capabilities", "facts.software", "facts.purposes_claimed", "facts.in_use_until"},
	Breach: true,
	Applies: func(c *letters.Case, _ Context) bool {
		return c.Facts.HasCapability(letters.CapFacialRecognition) || c.Facts.HasCapability(letters.CapAppearanceSearch)
	},
	Citations: []string{"rgpd-4-14", "rgpd-9", "cnil-2024-12-05-briefcam", "ce-2023-489990", "ai-act-5-1-h"},
	Paragraphs: func(c *letters.Case, ctx Context) []document.Block {
		all := biometricCaps(c)
		fns := biometricFns(all)
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
		stated, unstated := splitStated(c, all)
		if len(stated) > 0 {
			what := "d’un tel usage"
			if len(unstated) > 0 {
				what = "d’un usage relevant de " + frtext.Join(labels(stated), "et")
			}
			cnilRuns = append(cnilRuns, t(" Or la commune fait elle-même état "+what+" ("+purposesQuote(c)+") : le traitement de données biométriques qu’elle "+tense(c, "met ainsi en œuvre est", "a ainsi mis en œuvre était")+" donc illicite."))
		}
		if len(unstated) > 0 {
			lead := "Dès lors qu’"
			if len(stated) > 0 {
				lead = "Quant à " + frtext.Join(labels(unstated), "et") + ", dès lors qu’"
			}
			n := len(unstated)
			cnilRuns = append(cnilRuns, t(" "+lead+plural(n, "une telle fonction", "de telles fonctions")+" "+
				tense(c, plural(n, "est ou a été utilisée", "sont ou ont été utilisées"), plural(n, "a été utilisée", "ont été utilisées"))+
				" aux fins d’identifier des personnes, "+tense(c, "le traitement qui en résulte est", "le traitement qui en a résulté était")+" illicite."))
		}
		bs = append(bs, para(cnilRuns...))
		if c.Facts.HasCapability(letters.CapRealtimeDetection) {
			if aiActApplies(c) {
				bs = append(bs, para(
					t("Le logiciel permettant en outre une analyse en temps réel, l’identification biométrique à distance « en temps réel » de personnes dans l’espace public, à des fins répressives, tomberait sous l’interdiction posée depuis le 2 février 2025 par l’"),
					cite("ai-act-5-1-h"),
					t(", qui ne réserve que des exceptions étroites, autorisées au cas par cas."),
				))
			} else {
				bs = append(bs, para(
					t("Le logiciel permettant en outre une analyse en temps réel, une reprise de son utilisation aux fins d’identification biométrique à distance « en temps réel » de personnes dans l’espace public, à des fins répressives, tomberait sous l’interdiction posée depuis le 2 février 2025 par l’"),
					cite("ai-act-5-1-h"),
					t(", qui ne réserve que des exceptions étroites, autorisées au cas par cas."),
				))
			}
		}
		if len(unstated) > 0 {
			ufns := biometricFns(unstated)
			n := len(ufns)
			state := plural(n, "n’est", "ne sont") + " ni activée" + plural(n, "", "s") + " ni activable" + plural(n, "", "s") + " par ses agents"
			if UseEnded(c) {
				state = plural(n, "n’a", "n’ont") + " été ni activée" + plural(n, "", "s") + " ni utilisée" + plural(n, "", "s") + " par ses agents pendant la période d’utilisation du logiciel"
			}
			bs = append(bs, para(
				t("Il appartient à la commune, qui détient l’outil, d’établir que "+strings.Replace(ufns[0], "une fonction", "la fonction", 1)+restFns(ufns)+" "+state+", ce que la CNIL est en mesure de vérifier. Dans une affaire comparable, c’est au vu de tels éléments, établis par la personne publique, qu’une demande en référé a été rejetée ("),
				cite("ce-2023-489990"),
				t(")."),
			))
		}
		return bs
	},
	Facts: func(c *letters.Case) []string {
		fs := []string{softwareFact(c), capabilitiesFact(KnownCapabilities(c))}
		if c.Facts.PurposesClaimed != "" {
			fs = append(fs, "Finalité invoquée : "+purposesQuote(c))
		}
		return fs
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
		return []string{"l’activation, effective ou possible, des fonctions " + frtext.Join(fns, "et") + " et l’usage qui a pu en être fait"}
	},
}

// biometricCaps are the case's biometric capabilities, facial recognition first.
func biometricCaps(c *letters.Case) []string {
	var out []string
	for _, k := range []string{letters.CapFacialRecognition, letters.CapAppearanceSearch} {
		if c.Facts.HasCapability(k) {
			out = append(out, k)
		}
	}
	return out
}

// biometricFns names biometric capabilities as « une fonction de … ».
func biometricFns(caps []string) []string {
	var fns []string
	for _, k := range caps {
		switch k {
		case letters.CapFacialRecognition:
			fns = append(fns, "une fonction de reconnaissance faciale")
		case letters.CapAppearanceSearch:
			fns = append(fns, "une fonction de recherche de personnes par similitude d’apparence")
		}
	}
	return fns
}

// aiActBan is the day the AI Act's prohibitions (art. 5) apply.
var aiActBan = time.Date(2025, 2, 2, 0, 0, 0, 0, time.UTC)

// aiActApplies reports whether the period of use reaches the day the AI Act's ban applies: when the
// use ended before, the letter speaks of a resumption only.
func aiActApplies(c *letters.Case) bool {
	if !UseEnded(c) {
		return true
	}
	d, ok := frtext.ParseDate(c.Facts.InUseUntil)
	return !ok || !d.Last().Before(aiActBan)
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
// local authorities may not use to detect offences or to answer requisitions. The use is taken as shown
// only when the commune's own statement says it identifies vehicles or reads plates (StatedUse); a
// mere mention of requisitions is no evidence that plates were read.
var LAPI = Claim{
	ID:     "lapi",
	Title:  "Lecture automatisée des plaques d’immatriculation",
	Needs:  []string{"facts.capabilities", "facts.purposes_claimed", "facts.in_use_until"},
	Breach: true,
	Applies: func(c *letters.Case, _ Context) bool {
		return c.Facts.HasCapability(letters.CapPlateReading)
	},
	Citations: []string{"cnil-rapport-2023-lapi"},
	Paragraphs: func(c *letters.Case, ctx Context) []document.Block {
		runs := []document.Run{
			t("S’agissant plus particulièrement de la lecture automatisée des plaques d’immatriculation, que permet, selon les éléments connus, " + SoftwareIndef(c) + " utilisé par " + Commune(c) + ", le "),
			cite("cnil-rapport-2023-lapi"),
			t(" relève que les collectivités locales ne peuvent y recourir ni pour constater des infractions, ni pour répondre à des réquisitions."),
		}
		requisition := mentionsRequisition(c.Facts.PurposesClaimed)
		switch {
		case StatedUse(c, letters.CapPlateReading) && requisition:
			runs = append(runs, t(" Or la commune, qui fait elle-même état d’un tel usage, le rattache à des réquisitions : cette circonstance ne suffit donc pas à le rendre licite."))
		case StatedUse(c, letters.CapPlateReading):
			runs = append(runs, t(" Or la commune fait elle-même état d’un tel usage."))
		case requisition:
			runs = append(runs, t(" La commune rattache son usage du logiciel à des réquisitions ("), raw(purposesQuote(c)), t(") : à supposer que ces réquisitions aient donné lieu à une lecture automatisée des plaques, cette circonstance ne suffirait pas à la rendre licite."))
		}
		if !StatedUse(c, letters.CapPlateReading) {
			if ctx.ToCommune {
				runs = append(runs, t(" Il appartient à la commune d’indiquer si elle "+tense(c, "y recourt ou y a eu recours", "y a eu recours")+"."))
			} else {
				runs = append(runs, t(" Il y a lieu de vérifier si la commune "+tense(c, "y recourt ou y a eu recours", "y a eu recours")+"."))
			}
		}
		return []document.Block{heading("Lecture automatisée des plaques d’immatriculation"), para(runs...)}
	},
	Facts: func(c *letters.Case) []string {
		fs := []string{capabilitiesFact([]string{letters.CapPlateReading})}
		if c.Facts.PurposesClaimed != "" {
			fs = append(fs, "Finalité invoquée : "+purposesQuote(c))
		}
		return fs
	},
	Requests: []string{letters.ReqControl, letters.ReqStopProcessing, letters.ReqEraseData},
	Checks: func(c *letters.Case, _ Context) []string {
		if StatedUse(c, letters.CapPlateReading) {
			return []string{"l’étendue du recours à la lecture automatisée des plaques d’immatriculation, y compris pour répondre à des réquisitions"}
		}
		return []string{"le recours éventuel à la lecture automatisée des plaques d’immatriculation, y compris pour répondre à des réquisitions"}
	},
}

func mentionsRequisition(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "réquisition") || strings.Contains(s, "requisition")
}
