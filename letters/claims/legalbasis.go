package claims

import (
	"saisine/letters"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
	"saisine/letters/law"
)

// AbsenceBaseLegale argues that the automated analysis has no legal basis. It applies only when the
// facts show more than the uses the CNIL tolerates: real-time detection, facial or appearance search,
// plate reading. Otherwise UsagesAVerifier asks the commune to prove, and the CNIL to verify, that the
// use stays within them (README rule 3).
//
// A capability is what the software can do, not what was done: the conclusion is firm only for a
// function whose use the commune's own statement shows (StatedUse); for the others it is conditioned
// on their use (« dès lors qu’elle est ou a été mise en œuvre ») and verification is asked. The module
// stays a breach either way: the software the commune chose has such a function.
var AbsenceBaseLegale = Claim{
	ID:     "absence-base-legale",
	Title:  "Absence de base légale de l’analyse automatisée des images",
	Needs:  []string{"facts.software", "facts.capabilities", "facts.purposes_claimed", "facts.in_use_until"},
	Breach: true,
	Applies: func(c *letters.Case, _ Context) bool {
		return len(Exceeding(c)) > 0
	},
	Citations: []string{"csi-l251-2", "ce-2026-506370", "ta-grenoble-2025-2105328", "cnil-2024-12-05-briefcam"},
	Paragraphs: func(c *letters.Case, ctx Context) []document.Block {
		ex := Exceeding(c)
		fn := "Ces fonctions excèdent"
		if len(ex) == 1 {
			fn = "Cette fonction excède"
		}
		bs := []document.Block{
			heading("Absence de base légale de l’analyse automatisée des images"),
			para(
				t("Selon les éléments connus, "+SoftwareIndef(c)+" utilisé par "+Commune(c)+" permet "+frtext.Join(labels(ex), "et")+". "+fn+" les seuls usages que la CNIL admet, sous conditions, à savoir les recherches différées effectuées à la demande de l’autorité judiciaire et les statistiques anonymes ("),
				cite("cnil-2024-12-05-briefcam"),
				t(")."),
			),
			para(
				t("Aucun texte n’autorise la commune à y recourir. Ni l’"),
				cite("csi-l251-2"),
				t(" ni l’autorisation préfectorale de son système de vidéoprotection ne peuvent en tenir lieu ("),
				cite("ce-2026-506370"),
				t(" ; "),
				cite("ta-grenoble-2025-2105328"),
				t(")."+baseLegaleConclusion(c, ctx, ex)),
			),
			para(t(experimentSentence(c, ctx, ex))),
		}
		if UseEnded(c) {
			what := "n’ôte pas leur intérêt aux vérifications demandées"
			if ctx.ToCommune {
				what = "n’ôte pas leur objet aux demandes qui suivent"
			}
			bs = append(bs, para(t("La cessation de l’utilisation du logiciel "+until(c.Facts.InUseUntil)+", si elle est confirmée, "+what+", notamment quant au sort des données issues de ce traitement.")))
		}
		return bs
	},
	Facts: func(c *letters.Case) []string {
		fs := []string{softwareFact(c), capabilitiesFact(Exceeding(c))}
		if c.Facts.PurposesClaimed != "" {
			fs = append(fs, "Finalité invoquée : "+purposesQuote(c))
		}
		return fs
	},
	Requests: []string{letters.ReqControl, letters.ReqStopProcessing, letters.ReqEraseData},
	Checks: func(c *letters.Case, _ Context) []string {
		out := []string{tense(c,
			"les fonctions du logiciel effectivement activées et les conditions dans lesquelles elles sont employées",
			"les fonctions du logiciel qui ont été activées et les conditions dans lesquelles elles ont été employées")}
		// Plate reading and the biometric functions have checks of their own (LAPI, Biometrie).
		if c.Facts.HasCapability(letters.CapRealtimeDetection) {
			if StatedUse(c, letters.CapRealtimeDetection) {
				out = append(out, "l’étendue du recours à la détection automatisée d’événements en temps réel")
			} else {
				out = append(out, tense(c, "le recours éventuel", "le recours qui a pu être fait")+" à la détection automatisée d’événements en temps réel")
			}
		}
		return out
	},
}

// regime ends a conclusion on the legal basis: both regimes, argued in the alternative (README rule 5).
const regime = ", qu’il relève du RGPD ou du titre III de la loi « Informatique et Libertés »"

// baseLegaleConclusion draws the consequence of the missing legal basis: firmly for the functions whose
// use the commune's own statement shows, on condition of use for the others, with the verification
// that condition calls for. It starts with a space.
func baseLegaleConclusion(c *letters.Case, ctx Context, ex []string) string {
	stated, unstated := splitStated(c, ex)
	s := ""
	if len(stated) > 0 {
		what := "d’un tel usage"
		if len(unstated) > 0 {
			what = "d’un usage relevant de " + frtext.Join(labels(stated), "et")
		}
		s += " Or la commune fait elle-même état " + what + " (" + purposesQuote(c) + ") : le traitement qu’elle " +
			tense(c, "met ainsi en œuvre est", "a ainsi mis en œuvre était") + " donc dépourvu de base légale" + regime + "."
	}
	if len(unstated) == 0 {
		return s
	}
	one := len(unstated) == 1
	fns := "ces fonctions"
	if one {
		fns = "cette fonction"
	}
	used := tense(c,
		plural(len(unstated), "est ou a été mise", "sont ou ont été mises"),
		plural(len(unstated), "a été mise", "ont été mises")) + " en œuvre"
	result := tense(c, "le traitement qui en résulte est", "le traitement qui en a résulté était")
	if len(stated) > 0 {
		s += " Quant à " + frtext.Join(labels(unstated), "et") + ", dès lors que " + fns + " " + used + ", " + result + " également dépourvu de base légale."
	} else {
		s += " Dès lors que " + fns + " " + used + ", " + result + " dépourvu de base légale" + regime + "."
	}
	if ctx.ToCommune {
		s += " Il appartient à la commune d’indiquer si tel " + tense(c, "est ou a été", "a été") + " le cas."
	} else {
		s += " Il y a lieu de vérifier si tel " + tense(c, "est ou a été", "a été") + " le cas."
	}
	return s
}

func until(s string) string {
	if d, ok := frtext.ParseDate(s); ok {
		if d.HasDay() {
			return "le " + d.String()
		}
		return "en " + d.String()
	}
	return ""
}

// experimentSentence places the use outside (or, for real-time detection, possibly inside) an
// authorised experiment, according to the JOP 2030 setting.
func experimentSentence(c *letters.Case, ctx Context, ex []string) string {
	var offScope []string
	realtime := false
	for _, k := range ex {
		if k == letters.CapRealtimeDetection {
			realtime = true
			continue
		}
		offScope = append(offScope, CapabilityLabel(k))
	}
	// The experiment of 2023 ran until 31 March 2025, possibly during the period of use: it never
	// covered anything but real-time detection, on a prefectoral authorisation per event.
	s := ""
	switch ctx.Settings.JOP2030 {
	case law.JOPNotInForce:
		s = "Aucune expérimentation n’étant aujourd’hui en vigueur, ce traitement ne peut se prévaloir d’aucun cadre dérogatoire"
		if len(offScope) > 0 {
			s += " ; celle ouverte en 2023, qui a pris fin le 31 mars 2025, ne couvrait d’ailleurs ni " + niList(offScope) + ", ni les recherches différées dans les enregistrements"
		}
		s += "."
		if realtime {
			s += " Quant à la détection en temps réel, elle ne pouvait relever de cette expérimentation que sur autorisation préfectorale délivrée pour une manifestation déterminée, qu’il appartiendrait à la commune de produire."
		}
		return s
	case law.JOPInForce:
		s = "L’expérimentation rouverte en 2026 ne modifie pas cette analyse"
		if len(offScope) > 0 {
			s += " : pas plus que celle ouverte en 2023, elle ne couvre ni " + niList(offScope) + ", ni les recherches différées dans les enregistrements"
		}
		s += "."
		if realtime {
			s += " Quant à la détection en temps réel, elle ne pourrait en relever que si la commune produit l’autorisation préfectorale délivrée à ce titre pour une manifestation déterminée."
		}
		return s
	}
	s = "En l’état des textes connus, aucune expérimentation autorisée ne couvre ce traitement"
	if len(offScope) > 0 {
		s += ". Celle ouverte en 2023, qui a pris fin le 31 mars 2025, ne portait que sur la détection en temps réel d’événements prédéterminés : elle ne couvrait ni " + niList(offScope) + ", ni les recherches différées dans les enregistrements, et il en irait de même d’une expérimentation de cette nature, quel que soit le sort de la loi adoptée en 2026"
	} else {
		s += " : celle ouverte en 2023 a pris fin le 31 mars 2025"
	}
	s += "."
	if realtime {
		s += " Quant à la détection en temps réel, elle ne pouvait relever de l’expérimentation ouverte en 2023 que sur autorisation préfectorale délivrée pour une manifestation déterminée, et il en irait de même d’une nouvelle expérimentation, à supposer qu’elle soit entrée en vigueur : il appartiendrait à la commune de produire une telle autorisation."
	}
	return s
}

// niList joins noun phrases after « ni … »: « a, ni b, ni c » (the caller writes the first « ni »).
func niList(items []string) string {
	out := items[0]
	for _, it := range items[1:] {
		out += ", ni " + it
	}
	return out
}

// UsagesAVerifier applies when an analysis layer is known but no fact shows more than the tolerated
// uses: it asserts no breach and asks for proof and control.
var UsagesAVerifier = Claim{
	ID:    "usages-a-verifier",
	Title: "Usages du logiciel à vérifier",
	Needs: []string{"facts.software", "facts.capabilities", "facts.purposes_claimed"},
	Applies: func(c *letters.Case, _ Context) bool {
		return Analytics(c) && len(Exceeding(c)) == 0
	},
	Citations: []string{"cnil-2024-12-05-briefcam", "ce-2026-506370"},
	Paragraphs: func(c *letters.Case, ctx Context) []document.Block {
		caps := KnownCapabilities(c)
		first := "Selon les éléments connus, " + Commune(c) + " " + tense(c, "utilise", "a utilisé") + " " + SoftwareIndef(c)
		if len(caps) > 0 {
			first += ", qui permet " + frtext.Join(labels(caps), "et")
		}
		first += ". Rien, en l’état, ne permet d’affirmer que cet outil " + tense(c, "est employé", "a été employé") + " au-delà des usages que la CNIL admet, sous conditions : les recherches différées effectuées à la demande de l’autorité judiciaire, dans le cadre du code de procédure pénale, et les statistiques anonymes ("
		bs := []document.Block{
			heading("Usages du logiciel à vérifier"),
			para(t(first), cite("cnil-2024-12-05-briefcam"), t(").")),
			para(
				t("Toute autre exploitation des images, notamment la détection automatisée d’infractions ou d’événements, serait dépourvue de base légale ("),
				cite("ce-2026-506370"),
				t("). Il appartient à la commune d’établir que son usage "+tense(c, "reste", "est resté")+" dans ces limites, au moyen notamment des réquisitions judiciaires reçues, des journaux d’utilisation et du paramétrage des fonctions, et à la CNIL de le vérifier."),
			),
		}
		if c.Facts.HasCapability(letters.CapStatistics) {
			bs = append(bs, para(t("Le comptage statistique n’est lui-même admis que s’il demeure anonyme et que le public en est informé.")))
		}
		return bs
	},
	Facts: func(c *letters.Case) []string {
		return []string{softwareFact(c), capabilitiesFact(KnownCapabilities(c))}
	},
	Requests: []string{letters.ReqControl},
	Checks: func(c *letters.Case, _ Context) []string {
		return []string{"la limitation effective des usages du logiciel aux recherches différées sur réquisition judiciaire et aux statistiques anonymes"}
	},
}
