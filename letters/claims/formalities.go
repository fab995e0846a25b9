package claims

import (
	"strconv"

	"saisine/letters"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
)

// processing names what the formality concerns: the algorithmic processing when an analysis layer is
// known, the video-protection system otherwise. With de, it is contracted (« du traitement… »).
func processing(c *letters.Case, de bool) string {
	art := "le"
	if de {
		art = "du"
	}
	if Analytics(c) {
		if c.Facts.Software == "" {
			return art + " traitement algorithmique des images opéré au moyen d’un logiciel d’analyse automatisée"
		}
		return art + " traitement algorithmique des images opéré au moyen " + DuSoftware(c)
	}
	return art + " traitement des images du système de vidéoprotection de " + Commune(c)
}

// started is « , intervenue en novembre 2022 » when the start of use is known.
func started(c *letters.Case) string {
	if d, ok := frtext.ParseDate(c.Facts.InUseFrom); ok {
		return ", intervenue " + d.On()
	}
	return ""
}

func since(c *letters.Case) string {
	if d, ok := frtext.ParseDate(c.Facts.InUseFrom); ok {
		if d.HasDay() {
			return " à compter du " + d.String()
		}
		return " à compter " + frtext.DeWord(d.String())
	}
	return ""
}

// AIPD: no data-protection impact assessment, or one that ignores the algorithmic layer. GDPR art. 35
// and LIL art. 90 are argued in the alternative (reference.md §4.1).
var AIPD = Claim{
	ID:     "aipd",
	Title:  "Analyse d’impact absente ou incomplète",
	Needs:  []string{"facts.aipd", "facts.software", "facts.capabilities", "facts.in_use_from", "facts.in_use_until"},
	Breach: true,
	Applies: func(c *letters.Case, _ Context) bool {
		return c.Facts.AIPD == letters.AIPDMissing || c.Facts.AIPD == letters.AIPDIncomplete
	},
	Citations: []string{"rgpd-35", "lil-90"},
	Paragraphs: func(c *letters.Case, _ Context) []document.Block {
		rule := para(
			t("Un traitement susceptible d’engendrer un risque élevé pour les droits et libertés des personnes doit être précédé d’une analyse d’impact relative à la protection des données (AIPD). Cette obligation résulte de l’"),
			cite("rgpd-35"),
			t(", qui vise en particulier la surveillance systématique à grande échelle d’une zone accessible au public, et, pour les traitements relevant du titre III, de l’"),
			cite("lil-90"),
			t(". L’exploitation des images de la voie publique, a fortiori par un logiciel d’analyse automatisée, relève de ces hypothèses."),
		)
		var fact string
		if c.Facts.AIPD == letters.AIPDMissing {
			fact = "Selon les éléments connus, aucune AIPD n’a été réalisée avant la mise en œuvre " + processing(c, true) + started(c) + "."
		} else if Analytics(c) {
			fact = "Selon les éléments connus, l’AIPD établie par la commune " + tense(c, "ne porte pas", "ne portait pas") + " sur " + processing(c, false) + ". Une analyse qui laisse de côté la composante la plus intrusive du traitement ne satisfait pas à ces exigences : le traitement algorithmique a ainsi été mis en œuvre" + since(c) + " sans l’analyse préalable requise."
		} else {
			fact = "Selon les éléments connus, l’AIPD établie par la commune est incomplète et ne satisfait donc pas à ces exigences."
		}
		return []document.Block{heading("Analyse d’impact relative à la protection des données"), rule, para(t(fact))}
	},
	Facts: func(c *letters.Case) []string {
		fs := []string{"AIPD : " + map[string]string{letters.AIPDMissing: "absente", letters.AIPDIncomplete: "incomplète (ne couvre pas le traitement algorithmique)"}[c.Facts.AIPD]}
		if c.Facts.InUseFrom != "" {
			fs = append(fs, "Utilisation depuis : "+frtext.FormatDate(c.Facts.InUseFrom))
		}
		return typoAll(fs)
	},
	Requests: []string{letters.ReqControl, letters.ReqCommunicateAIPD},
	Checks: func(c *letters.Case, _ Context) []string {
		if Analytics(c) {
			return []string{"l’existence, la date et le contenu de l’AIPD, en particulier la prise en compte du traitement algorithmique"}
		}
		return []string{"l’existence, la date et le contenu de l’AIPD"}
	},
}

// CNILNonConsultee: the CNIL was not consulted before a processing using new technologies (LIL art.
// 90). GDPR art. 36 is unverified and is not cited.
var CNILNonConsultee = Claim{
	ID:     "cnil-non-consultee",
	Title:  "Absence de consultation préalable de la CNIL",
	Needs:  []string{"facts.cnil_consulted", "facts.software", "facts.capabilities"},
	Breach: true,
	Applies: func(c *letters.Case, _ Context) bool {
		return c.Facts.CNILConsulted == letters.No && Analytics(c)
	},
	Citations: []string{"lil-90"},
	Paragraphs: func(c *letters.Case, _ Context) []document.Block {
		return []document.Block{
			heading("Absence de consultation préalable de la CNIL"),
			para(
				t("Pour les traitements relevant du titre III, l’"),
				cite("lil-90"),
				t(" impose en outre au responsable du traitement de consulter la CNIL avant sa mise en œuvre lorsque le type de traitement, en raison notamment de l’emploi de mécanismes, technologies ou procédures nouveaux, présente des risques élevés pour les droits et libertés des personnes. L’analyse automatisée des images de vidéoprotection au moyen "+DuSoftware(c)+" relève de cette hypothèse. Selon les éléments connus, la CNIL n’a pas été consultée avant la mise en œuvre de ce traitement."),
			),
		}
	},
	Facts: func(c *letters.Case) []string {
		return typoAll([]string{"CNIL consultée avant la mise en œuvre : non", softwareFact(c)})
	},
	Requests: []string{letters.ReqControl},
}

// AutorisationPrefectorale: no express prefectoral authorisation (CSI L252-1), or one that appears to
// have lapsed. The article on its duration is unverified: the letter asks for the current authorisation.
var AutorisationPrefectorale = Claim{
	ID:     "autorisation-prefectorale",
	Title:  "Autorisation préfectorale absente ou expirée",
	Needs:  []string{"facts.prefectoral_authorisation"},
	Breach: true,
	Applies: func(c *letters.Case, _ Context) bool {
		return c.Facts.PrefectoralAuthorisation == letters.AuthNone || c.Facts.PrefectoralAuthorisation == letters.AuthExpired
	},
	Citations: []string{"csi-l252-1"},
	Paragraphs: func(c *letters.Case, _ Context) []document.Block {
		fact := "Selon les éléments connus, le système de vidéoprotection de " + Commune(c) + " ne bénéficie d’aucune autorisation de cette nature."
		if c.Facts.PrefectoralAuthorisation == letters.AuthExpired {
			fact = "Selon les éléments connus, l’autorisation dont a bénéficié le système de vidéoprotection de " + Commune(c) + " paraît être arrivée à échéance. Il appartient à la commune de produire l’autorisation préfectorale actuellement en vigueur."
		}
		return []document.Block{
			heading("Autorisation préfectorale"),
			para(
				t("L’"),
				cite("csi-l252-1"),
				t(" subordonne l’installation d’un système de vidéoprotection sur la voie publique à une autorisation expresse du préfet, délivrée après avis de la commission départementale de vidéoprotection. "+fact),
			),
		}
	},
	Facts: func(c *letters.Case) []string {
		return typoAll([]string{"Autorisation préfectorale : " + map[string]string{letters.AuthNone: "aucune", letters.AuthExpired: "apparemment expirée"}[c.Facts.PrefectoralAuthorisation]})
	},
	Requests: []string{letters.ReqControl},
	Checks: func(c *letters.Case, _ Context) []string {
		return []string{"l’existence, la date et la portée de l’autorisation préfectorale du système"}
	},
}

// InformationPublic: no or incomplete information of the public (LIL art. 104; CNIL page « La
// vidéoprotection »). GDPR arts. 13-14 are unverified and are not cited.
var InformationPublic = Claim{
	ID:     "information-public",
	Title:  "Information du public absente ou incomplète",
	Needs:  []string{"facts.signage", "facts.software", "facts.capabilities", "facts.in_use_until"},
	Breach: true,
	Applies: func(c *letters.Case, _ Context) bool {
		return c.Facts.Signage == letters.SignageNone || c.Facts.Signage == letters.SignageIncomplete
	},
	Citations: []string{"cnil-2024-11-18-videoprotection", "lil-104"},
	Paragraphs: func(c *letters.Case, _ Context) []document.Block {
		fact := "Selon les éléments connus, aucun dispositif d’information ne signale au public la présence des caméras de " + Commune(c) + " ni le traitement de leurs images."
		if c.Facts.Signage == letters.SignageIncomplete {
			fact = "Selon les éléments connus, l’information délivrée au public sur le système de vidéoprotection de " + Commune(c) + " est incomplète."
		}
		rule := []document.Run{
			t(fact + " Les personnes filmées doivent pourtant être informées du traitement, comme le rappelle la "),
			cite("cnil-2024-11-18-videoprotection"),
			t(" ; pour les traitements relevant du titre III, l’"),
			cite("lil-104"),
			t(" impose de mettre à leur disposition notamment l’identité du responsable du traitement, ses finalités, leurs droits et la possibilité de saisir la CNIL."),
		}
		if Analytics(c) {
			rule = append(rule, t(tense(c,
				" Lorsque les images font l’objet d’une analyse automatisée, l’information du public devrait en faire état.",
				" Dès lors que les images ont fait l’objet d’une analyse automatisée, l’information du public aurait dû en faire état.")))
		}
		return []document.Block{heading("Information du public"), para(rule...)}
	},
	Facts: func(c *letters.Case) []string {
		return typoAll([]string{"Information du public : " + map[string]string{letters.SignageNone: "aucune", letters.SignageIncomplete: "incomplète"}[c.Facts.Signage]})
	},
	Requests: []string{letters.ReqControl},
	Checks: func(c *letters.Case, _ Context) []string {
		return []string{"le contenu de l’information délivrée au public"}
	},
}

// Conservation: recordings or derived data kept beyond one month (CSI L252-5). The derived-data point
// is an argument from the purpose of the rule, worded as such.
var Conservation = Claim{
	ID:     "conservation",
	Title:  "Durée de conservation excessive",
	Needs:  []string{"facts.retention_days"},
	Breach: true,
	Applies: func(c *letters.Case, _ Context) bool {
		return c.Facts.RetentionDays > 30
	},
	Citations: []string{"csi-l252-5"},
	Paragraphs: func(c *letters.Case, _ Context) []document.Block {
		return []document.Block{
			heading("Durée de conservation"),
			para(
				t("Selon les éléments connus, "+Commune(c)+" conserve les enregistrements, ou les données qui en sont dérivées, pendant "+strconv.Itoa(c.Facts.RetentionDays)+" jours. Or l’"),
				cite("csi-l252-5"),
				t(" impose, hors enquête de flagrance, enquête préliminaire ou information judiciaire, de détruire les enregistrements dans le délai fixé par l’autorisation, qui ne peut excéder un mois."),
			),
			para(t("Cette limite perdrait son objet si les données produites à partir des enregistrements, telles que les index, synopsis ou métadonnées permettant de retrouver une personne ou un véhicule, pouvaient être conservées plus longtemps que les images dont elles sont issues.")),
		}
	},
	Facts: func(c *letters.Case) []string {
		return typoAll([]string{"Durée de conservation : " + strconv.Itoa(c.Facts.RetentionDays) + " jours"})
	},
	Requests: []string{letters.ReqControl, letters.ReqEraseData},
	Checks: func(c *letters.Case, _ Context) []string {
		return []string{"les durées de conservation des enregistrements et des données qui en sont dérivées"}
	},
}

func typoAll(ss []string) []string {
	for i := range ss {
		ss[i] = frtext.Typo(ss[i])
	}
	return ss
}
