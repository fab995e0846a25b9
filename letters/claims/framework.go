package claims

import (
	"saisine/letters"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
	"saisine/letters/law"
)

// Framework is the legal framework of section « Le cadre juridique »: the two data-protection regimes
// argued in the alternative, and — when the case shows an analysis layer — the absence of any general
// legal basis, the uses the CNIL tolerates and the experiments (ended, or of unestablished status).
// It is not in All: it asserts no breach and is not a grievance, but it is tested like one.
var Framework = Claim{
	ID:      "cadre-juridique",
	Title:   "Cadre juridique applicable",
	Needs:   []string{"facts.software", "facts.capabilities", "facts.purposes_claimed"},
	Applies: func(*letters.Case, Context) bool { return true },
	Section: SectionFramework,
	Citations: []string{
		"rgpd", "directive-2016-680", "lil-titre-3",
		"csi-l251-2", "ce-2026-506370", "ta-grenoble-2025-2105328",
		"cnil-2024-12-05-briefcam", "cnil-2022-07-19-cameras-augmentees",
		"loi-2023-380-art-10", "cc-2025-878-dc",
	},
	Paragraphs: frameworkParagraphs,
	Facts: func(c *letters.Case) []string {
		fs := []string{}
		if c.Facts.PurposesClaimed != "" {
			fs = append(fs, "Finalité invoquée par la commune : "+frtext.Quote(frtext.Fragment(c.Facts.PurposesClaimed)))
		} else {
			fs = append(fs, frtext.Typo("Finalité : non précisée"))
		}
		if Analytics(c) {
			fs = append(fs, softwareFact(c), capabilitiesFact(KnownCapabilities(c)))
		}
		return fs
	},
}

func frameworkParagraphs(c *letters.Case, ctx Context) []document.Block {
	var bs []document.Block

	// The two regimes, in the alternative (README rule 5).
	regime := []document.Run{
		t("Les images captées par les caméras de la voie publique se rapportent à des personnes identifiables : leur enregistrement et leur exploitation constituent un traitement de données personnelles. Selon sa finalité, ce traitement relève soit du "),
		cite("rgpd"),
		t(", soit, lorsqu’il est mis en œuvre par une autorité compétente à des fins de prévention et de détection des infractions pénales, de la "),
		cite("directive-2016-680"),
		t(" et du "),
		cite("lil-titre-3"),
		t(", qui la transpose. "),
	}
	if c.Facts.PurposesClaimed != "" {
		regime = append(regime, t("L’usage invoqué par la commune ne suffit pas à établir avec certitude la finalité du traitement : les développements qui suivent envisagent donc l’un et l’autre régime."))
	} else {
		regime = append(regime, t("La finalité exacte du traitement n’étant pas établie, les développements qui suivent envisagent l’un et l’autre régime."))
	}
	bs = append(bs, para(regime...))

	if !Analytics(c) {
		return bs
	}

	// No general legal basis (CE Nice 2026; TA Grenoble 2025).
	bs = append(bs, para(
		t("Aucun texte n’autorise, de manière générale, une commune à soumettre les images de ses caméras de voie publique à une analyse algorithmique automatisée. Il a été jugé que l’"),
		cite("csi-l251-2"),
		t(", qui énumère limitativement les finalités pour lesquelles la voie publique peut être filmée, ne peut être lu, dans son silence, comme autorisant une analyse systématique et automatisée des images, et qu’aucun autre texte ne la permet ("),
		cite("ce-2026-506370"),
		t("). Il a également été jugé que l’autorisation préfectorale d’un système de vidéoprotection ne vaut pas autorisation d’un traitement algorithmique de ses images ; la décision d’une commune de recourir au logiciel BriefCam a été annulée, faute de finalité déterminée et de garanties suffisantes ("),
		cite("ta-grenoble-2025-2105328"),
		t(")."),
	))

	// What the CNIL tolerates (README rule 3).
	bs = append(bs, para(
		t("La CNIL n’admet, sous conditions, que deux usages de tels logiciels par les communes : les recherches différées dans les enregistrements, effectuées à la demande de l’autorité judiciaire dans le cadre du code de procédure pénale, et les usages purement statistiques, tels que le comptage anonyme de flux. Elle a rappelé que la détection automatisée d’infractions ou d’événements anormaux par les communes est en principe interdite ("),
		cite("cnil-2024-12-05-briefcam"),
		t("), dans le prolongement de la "),
		cite("cnil-2022-07-19-cameras-augmentees"),
		t(", selon laquelle la plupart de leurs usages par des acteurs publics exigent une loi spécifique."),
	))

	// Experiments: inside an authorised experiment vs outside any (README rule 4).
	exp := []document.Run{
		t("Le législateur n’a autorisé l’analyse algorithmique des images qu’à titre expérimental : l’"),
		cite("loi-2023-380-art-10"),
		t(" permettait, jusqu’au 31 mars 2025, la seule détection en temps réel d’événements prédéterminés lors de manifestations particulièrement exposées, sur autorisation préfectorale délivrée pour chaque manifestation et sans aucune identification biométrique. Cette expérimentation a pris fin à cette date, sa prolongation ayant été censurée par la "),
		cite("cc-2025-878-dc"),
		t(". "),
	}
	switch ctx.Settings.JOP2030 {
	case law.JOPInForce:
		exp = append(exp, t("Une loi adoptée en 2026 dans la perspective des jeux Olympiques et Paralympiques de 2030 a rouvert une expérimentation de même nature ; elle demeure limitée à la détection en temps réel d’événements prédéterminés lors de manifestations exposées, sur autorisation préfectorale, sans identification biométrique."))
	case law.JOPNotInForce:
		exp = append(exp, t("La loi adoptée en 2026 dans la perspective des jeux Olympiques et Paralympiques de 2030, qui prévoyait de rouvrir une expérimentation de même nature, n’est pas en vigueur sur ce point : aucune expérimentation de cette nature n’est aujourd’hui en cours."))
	default:
		exp = append(exp, t("Le Parlement a adopté en 2026, dans la perspective des jeux Olympiques et Paralympiques de 2030, une loi rouvrant une expérimentation de même nature, dont l’entrée en vigueur n’est pas établie à la date de la présente lettre. En tout état de cause, une telle expérimentation serait limitée à la détection en temps réel d’événements prédéterminés lors de manifestations exposées, sur autorisation préfectorale, sans identification biométrique."))
	}
	bs = append(bs, para(exp...))
	return bs
}
