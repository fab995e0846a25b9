package procedures

import (
	"time"

	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
)

// --- commission-videoprotection ---
//
// Any interested person may refer to the commission départementale de vidéoprotection any difficulty
// in the operation of a system (CSI L253-5, as rewritten in 2023). The commission sits at the
// préfecture, whose postal address the legal research could not verify (reference.md §5): the sender
// gives it in letter.recipient_address; without it the letter prints the préfecture's name and marked
// lines for the user to complete, and Check warns.

// Placeholders of the recipient block, in brackets so that nobody posts the letter unnoticed.
const (
	placeholderPrefecture = "Préfecture [département à compléter]"
	placeholderStreet     = "[Numéro et voie à compléter]"
	placeholderTown       = "[CODE POSTAL ET VILLE À COMPLÉTER]"
)

// commissionClaims are the grievances a commission can look into: every module but the silence of
// the commune to the sender's own requests, which is no difficulty of the system's operation.
func commissionClaims() []string {
	var ids []string
	for _, id := range allClaimIDs() {
		if id != claims.DroitsSansReponse.ID && id != claims.DemandeSansReponse.ID {
			ids = append(ids, id)
		}
	}
	return ids
}

func commissionVideoprotection() Procedure {
	p := Procedure{
		ID:        CommissionVideoprotection,
		Title:     "Saisine de la commission départementale de vidéoprotection",
		Summary:   "Saisine, par toute personne intéressée, de la commission départementale de vidéoprotection d’une difficulté tenant au fonctionnement du système de la commune (article L. 253-5 du code de la sécurité intérieure).",
		SummaryEN: "Referral by any interested person to the département’s video-protection commission of a difficulty in the operation of the commune’s system (art. L253-5 of the internal security code).",
		Require:   letters.Requirements{Procedure: CommissionVideoprotection},
		Claims:    commissionClaims(),
		More: func(c *letters.Case, _ time.Time) []letters.Problem {
			if c.Letter.RecipientAddress != nil {
				return nil
			}
			return []letters.Problem{{Path: "letter", Code: CodeRecipientAddress, Args: []string{CommissionVideoprotection, prefecture(c.Commune)}, Warning: true}}
		},
	}
	p.Build = build(p, func(l *letter) error {
		l.commissionVideoprotection()
		return nil
	})
	return p
}

// commissionRecipient: the commission at the address the sender gave, else at the préfecture of the
// commune's département with the postal lines to complete (NF Z10-011: at most 6 lines of 38
// characters, the last in capitals).
func commissionRecipient(c *letters.Case) []string {
	if a := c.Letter.RecipientAddress; a != nil {
		return append([]string{"Commission départementale", "de vidéoprotection"}, postalLines(*a)...)
	}
	pref := prefecture(c.Commune)
	if pref == "" {
		pref = placeholderPrefecture
	}
	return []string{"Commission départementale", "de vidéoprotection", pref, placeholderStreet, placeholderTown}
}

func (l *letter) commissionVideoprotection() {
	c := l.c
	d := l.doc
	d.Sender = l.senderLines()
	d.Recipient = commissionRecipient(c)
	d.PlaceDate = l.placeDate()
	d.Sending = l.sending()
	d.Object = frtext.Typo("Saisine de la commission départementale de vidéoprotection " + relatif(l.subject(), true, false))
	d.Salutation = "Madame, Monsieur,"
	d.Closing = l.closing("Madame, Monsieur")

	expose := []document.Block{
		withWhy(p(
			t("Sur le fondement de l’"),
			cite("csi-l253-5"),
			t(", qui permet à toute personne intéressée de saisir la commission départementale de vidéoprotection de toute difficulté tenant au fonctionnement d’un système de vidéoprotection, "+l.je("j’ai", "nous avons")+" l’honneur de porter à votre connaissance les difficultés que soulève "+l.subject()+"."),
		), l.why("Saisine de la commission", "csi-l253-5")),
		p(t(l.identity("saisine"))),
	}
	if c.Sender.Kind == letters.SenderResident {
		expose = append(expose, p(t(concerned(c))))
	}
	expose = append(expose, wherePara(c.Facts.WhereFilmed)...)
	expose = append(expose, withWhy(p(
		t("La commission, qui rend un avis sur les demandes d’autorisation des systèmes de vidéoprotection de la voie publique ("),
		cite("csi-l252-1"),
		t("), est à même d’apprécier si l’exploitation de ce système demeure dans les limites de l’autorisation délivrée."),
	), l.why("Rôle de la commission", "csi-l252-1")))

	d.Sections = append(d.Sections, document.Section{ID: "expose", Title: "Exposé", Numbered: true, Blocks: expose})
	d.Sections = append(d.Sections, l.caseSections("Les difficultés relevées", "la commission")...)

	commune := claims.Commune(c)
	var items []requestItem
	if c.Facts.PrefectoralAuthorisation == letters.AuthValid {
		items = append(items, requestItem{t("d’examiner les difficultés exposées ci-dessus et de vérifier que l’exploitation du système de vidéoprotection de " + commune + " demeure dans les limites de l’autorisation préfectorale dont il bénéficie")})
	} else {
		items = append(items, requestItem{t("d’examiner les difficultés exposées ci-dessus et de vérifier que le système de vidéoprotection de " + commune + " bénéficie d’une autorisation préfectorale en vigueur et que son exploitation en respecte les limites")})
	}
	if claims.Analytics(c) {
		items = append(items, requestItem{t("d’inviter la commune à s’expliquer sur l’utilisation " + claims.DuSoftware(c) + " et à produire l’autorisation préfectorale en vigueur ainsi que les documents permettant d’établir les usages qui en " + tenseOf(c, "sont", "ont été") + " faits")})
	} else {
		items = append(items, requestItem{t("d’inviter la commune à produire l’autorisation préfectorale en vigueur et à s’expliquer sur les conditions d’exploitation de son système")})
	}
	items = append(items,
		requestItem{t("de porter, le cas échéant, ces difficultés à la connaissance du préfet")},
		requestItem{t(l.je("de me faire connaître", "de nous faire connaître") + " les suites données à la présente saisine")},
	)
	d.Sections = append(d.Sections, l.requestsSection(items))
	l.finishLetter()
}
