package procedures_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"saisine/letters"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
	"saisine/letters/law"
	"saisine/letters/procedures"
)

// checkRecipient: NF Z10-011, at most 6 lines of at most 38 characters, no blank line, the last line in
// capitals.
func checkRecipient(t *testing.T, where string, d *document.Document) {
	t.Helper()
	if len(d.Recipient) == 0 || len(d.Recipient) > 6 {
		t.Errorf("%s: %d recipient lines: %q", where, len(d.Recipient), d.Recipient)
	}
	for _, line := range d.Recipient {
		if n := utf8.RuneCountInString(line); n > 38 || strings.TrimSpace(line) == "" {
			t.Errorf("%s: recipient line %q (%d characters)", where, line, n)
		}
	}
	if last := d.Recipient[len(d.Recipient)-1]; last != strings.ToUpper(last) {
		t.Errorf("%s: last recipient line not in capitals: %q", where, last)
	}
}

// checkAll runs the checks every letter must pass.
func checkAll(t *testing.T, where string, d *document.Document) {
	t.Helper()
	checkRecipient(t, where, d)
	checkCitations(t, where, d)
	checkTypography(t, where, d)
	checkWhy(t, where, d)
}

func TestRecipientBlocksOfEveryProcedure(t *testing.T) {
	for _, p := range procedures.All() {
		for _, civ := range []string{"", letters.CivilityMadame, letters.CivilityMonsieur} {
			c := procedures.Example(p.ID)
			c.Commune.Mayor.Civility = civ
			d := build(t, p.ID, c, law.DefaultSettings())
			checkRecipient(t, p.ID+"/"+civ, d)
		}
	}
}

func TestMayorSalutation(t *testing.T) {
	for _, tt := range []struct {
		civility, first, salutation, closing string
	}{
		{"", "Mairie de Lille", "Madame, Monsieur,", "Je vous prie d’agréer, Madame, Monsieur, l’expression de ma haute considération."},
		{letters.CivilityMonsieur, "Monsieur le Maire de Lille", "Monsieur le Maire,", "Je vous prie d’agréer, Monsieur le Maire, l’expression de ma haute considération."},
		{letters.CivilityMadame, "Madame la Maire de Lille", "Madame la Maire,", "Je vous prie d’agréer, Madame la Maire, l’expression de ma haute considération."},
	} {
		for _, id := range []string{procedures.DemandeDocuments, procedures.DemandeDroits, procedures.DemandeCessation} {
			c := procedures.Example(id)
			c.Commune.Mayor.Civility = tt.civility
			d := build(t, id, c, law.DefaultSettings())
			if d.Recipient[0] != tt.first || d.Salutation != tt.salutation || d.Closing != tt.closing {
				t.Errorf("%s, civility %q: %q / %q / %q", id, tt.civility, d.Recipient[0], d.Salutation, d.Closing)
			}
			if last := d.Recipient[len(d.Recipient)-1]; last != "59033 LILLE CEDEX" {
				t.Errorf("%s: town hall's last line %q", id, last)
			}
		}
	}
	// A name too long for the first line: the town is on the last line anyway.
	c := procedures.Example(procedures.DemandeDocuments)
	c.Commune.Name = "Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson"
	c.Commune.Mayor.Civility = letters.CivilityMonsieur
	if d := build(t, procedures.DemandeDocuments, c, law.DefaultSettings()); d.Recipient[0] != "Monsieur le Maire" {
		t.Errorf("long name: %q", d.Recipient[0])
	}
	// Contractions: « du Havre ».
	c.Commune.Name = "Le Havre"
	c.Commune.Mayor.Civility = ""
	if d := build(t, procedures.DemandeDocuments, c, law.DefaultSettings()); d.Recipient[0] != "Mairie du Havre" {
		t.Errorf("Le Havre: %q", d.Recipient[0])
	}
}

func TestDemandeDocumentsLille(t *testing.T) {
	c := load(t, "lille.json")
	c.DocumentsRequested = append(c.DocumentsRequested, letters.DocUserManual, letters.DocCNILCorrespondence)
	d := build(t, procedures.DemandeDocuments, c, law.DefaultSettings())
	text := flatten(d)
	if strings.Join(d.Recipient, "|") != "Mairie de Lille|Place Augustin Laurent|CS 30667|59033 LILLE CEDEX" {
		t.Errorf("recipient = %q", d.Recipient)
	}
	if d.Object != "Demande de communication de documents administratifs relatifs à l’utilisation du logiciel BriefCam par la commune de Lille" {
		t.Errorf("Object = %q", d.Object)
	}
	if d.Meta.Subject != "Demande de communication de documents administratifs" || d.Meta.Author != "Camille Martin" {
		t.Errorf("Meta = %+v", d.Meta)
	}
	mustContain(t, "demande-documents", text,
		"J’ai l’honneur de vous demander, en application de l’article L. 311-1 du code des relations entre le public et l’administration, la communication des documents énumérés ci-après",
		"au sens de l’article L. 300-2 du code des relations entre le public et l’administration",
		// precise descriptions
		"y compris lorsque l’achat a été effectué par l’intermédiaire d’une centrale d’achat",
		"bon de commande, acte d’engagement, prix global, cahier des clauses techniques particulières ou spécifications techniques",
		"dans toutes les versions détenues par la commune",
		"le ou les arrêtés préfectoraux autorisant le système de vidéoprotection de la commune, avec leurs renouvellements et modifications",
		"la fiche du registre des activités de traitement",
		"le manuel d’utilisation du logiciel BriefCam",
		"les journaux d’utilisation du logiciel BriefCam",
		"les courriers échangés entre la commune et la CNIL",
		// communicability and partial communication
		"(avis de la CADA n°\u00a020234820 du 21 septembre 2023)",
		"Centre hospitalier de Perpignan, n°\u00a0375529",
		"au titre notamment de la sécurité publique (article L. 311-5",
		"de la protection de la vie privée ou du secret des affaires (article L. 311-6",
		"la loi prévoit que le reste du document est communiqué",
		// mode of communication: free e-mail
		"article L. 311-9 du code des relations entre le public et l’administration, je souhaite recevoir ces documents par courrier électronique, à l’adresse camille.martin@example.org",
		"ce mode de communication est gratuit",
		"en précisant l’administration qui les détient",
		// delays
		"accuser réception de la présente demande, conformément à l’article L. 112-3",
		"le silence gardé sur cette demande vaudra refus de communication (article R. 311-13",
		"saisir la Commission d’accès aux documents administratifs, comme le prévoit l’article L. 342-1",
	)
	if strings.Contains(text, "L. 311-7") {
		t.Error("CRPA L311-7 is unverified: describe the rule, never print its number")
	}
	if got := sectionIDs(d); got != "expose documents communication delais" {
		t.Errorf("sections = %s", got)
	}
	for _, k := range []string{"crpa-l311-1", "crpa-l300-2", "crpa-l311-6", "crpa-l311-9", "crpa-r311-13", "crpa-l342-1"} {
		if !contains(d.Citations, k) {
			t.Errorf("does not cite %s: %v", k, d.Citations)
		}
	}
	checkAll(t, "demande-documents", d)

	// Without e-mail: a paper copy, with the fees asked for first. A group writes « nous ».
	c = procedures.Example(procedures.SignalementCNIL)
	c.Sender.Email = ""
	d = build(t, procedures.DemandeDocuments, c, law.DefaultSettings())
	mustContain(t, "councillors, no e-mail", flatten(d),
		"Nous avons l’honneur de vous demander",
		"nous souhaitons recevoir une copie de ces documents à l’adresse postale indiquée en tête de la présente lettre",
		"de bien vouloir nous indiquer au préalable le montant des frais",
		"nous pourrons alors saisir la Commission",
	)
	checkAll(t, "demande-documents/councillors", d)

	// Without an analysis layer, the descriptions speak of the system.
	c = procedures.Example(procedures.DemandeDocuments)
	c.Facts.Software, c.Facts.Capabilities = "", nil
	text = flatten(build(t, procedures.DemandeDocuments, c, law.DefaultSettings()))
	mustContain(t, "no software", text, "relatifs au système de vidéoprotection de la commune de Lille", "les pièces des marchés ou commandes relatifs à l’acquisition, à l’installation et à la maintenance du système de vidéoprotection")
	if strings.Contains(text, "BriefCam") {
		t.Error("no software: BriefCam named")
	}

	if ps := procedures.Check(func() *letters.Case {
		c := procedures.Example(procedures.DemandeDocuments)
		c.DocumentsRequested = nil
		return c
	}(), procedures.DemandeDocuments, today); !hasProblem(ps, "documents_requested", letters.CodeProcedureRequired, false) {
		t.Errorf("demande-documents needs documents_requested: %+v", ps)
	}
}

func hasProblem(ps []letters.Problem, path, code string, warning bool) bool {
	for _, p := range ps {
		if p.Path == path && p.Code == code && p.Warning == warning {
			return true
		}
	}
	return false
}

func TestSaisineCADA(t *testing.T) {
	c := procedures.Example(procedures.SaisineCADA)
	d := build(t, procedures.SaisineCADA, c, law.DefaultSettings())
	text := flatten(d)
	if strings.Join(d.Recipient, "|") != "Commission d’accès aux documents|administratifs (CADA)|20 avenue de Ségur|TSA 50730|75334 PARIS CEDEX 07" {
		t.Errorf("recipient = %q", d.Recipient)
	}
	if d.Salutation != "Madame, Monsieur," || d.Closing != "Je vous prie d’agréer, Madame, Monsieur, l’expression de ma haute considération." {
		t.Errorf("salutation/closing: %q / %q", d.Salutation, d.Closing)
	}
	if d.Object != "Demande d’avis sur le refus de communication de documents administratifs relatifs à l’utilisation du logiciel BriefCam par la commune de Lille" {
		t.Errorf("Object = %q", d.Object)
	}
	mustContain(t, "saisine-cada", text,
		"J’ai l’honneur de solliciter, sur le fondement de l’article L. 342-1 du code des relations entre le public et l’administration, l’avis de la Commission d’accès aux documents administratifs sur le refus opposé par la commune de Lille à ma demande de communication de documents administratifs relatifs à l’utilisation du logiciel BriefCam.",
		"La présente saisine est présentée par Madame Camille Martin, demeurant 12 rue Nationale, Appartement 4, 59000 Lille.",
		"Par une demande envoyée le 14 septembre 2026 et reçue le 16 septembre 2026 (destinataire\u202f: Maire de Lille\u202f; pièce n°\u00a02), j’ai sollicité la communication des documents énumérés ci-après.",
		"Cette demande est restée sans réponse. Plus d’un mois s’étant écoulé depuis sa réception, ce silence vaut refus de communication, en application de l’article R. 311-13",
		"La présente saisine intervient dans le délai de deux mois prévu par l’article R. 343-1",
		"Les documents dont la communication a ainsi été refusée sont les suivants\u202f:",
		"dans toutes les versions détenues par la commune",
		"d’émettre un avis favorable à la communication de ces documents, le cas échéant après occultation des seules mentions protégées par la loi",
		"je joins à la présente saisine la copie de ma demande restée sans réponse (pièce n°\u00a02).",
		"votre avis par courrier électronique, à l’adresse camille.martin@example.org",
	)
	if len(d.Exhibits) != 2 || d.Exhibits[1].Date != "14 septembre 2026" {
		t.Errorf("the request is the case's exhibit n° 2: %+v", d.Exhibits)
	}
	if got := sectionIDs(d); got != "expose demande documents demandes" {
		t.Errorf("sections = %s", got)
	}
	checkAll(t, "saisine-cada", d)

	// Without an exhibit of the request, the bordereau lists the copy R343-1 requires; an express
	// refusal adds the copy of the answer.
	c.Exhibits = c.Exhibits[:1]
	c.PriorSteps[0].Answer = letters.AnswerRefusal
	c.PriorSteps[0].AnswerOn = "2026-10-20"
	d = build(t, procedures.SaisineCADA, c, law.DefaultSettings())
	text = flatten(d)
	mustContain(t, "refusal", text,
		"(destinataire\u202f: Maire de Lille\u202f; pièce n°\u00a02)",
		"Par une réponse du 20 octobre 2026 (pièce n°\u00a03), la commune a refusé de communiquer ces documents.",
		"je joins à la présente saisine la copie de ma demande (pièce n°\u00a02) et de la réponse de la commune (pièce n°\u00a03).",
	)
	if len(d.Exhibits) != 3 || d.Exhibits[1].Title != "Copie de la demande de communication de documents administratifs envoyée le 14 septembre 2026 et reçue le 16 septembre 2026" || d.Exhibits[2].Title != "Copie de la réponse de la commune" || d.Exhibits[2].Date != "20 octobre 2026" || d.Exhibits[2].Number != 3 {
		t.Errorf("added pieces: %+v", d.Exhibits)
	}
	if strings.Contains(text, "R. 311-13") {
		t.Error("an express refusal is not a silence")
	}
	checkAll(t, "saisine-cada/refusal", d)

	// A partial answer, from an association.
	c = procedures.Example(procedures.SaisineCADA)
	c.Sender = procedures.Example(procedures.CommissionVideoprotection).Sender
	c.Signatories = procedures.Example(procedures.CommissionVideoprotection).Signatories
	c.PriorSteps[0].Answer = letters.AnswerPartial
	c.PriorSteps[0].AnswerOn = "2026-10-20"
	c.Exhibits = append(c.Exhibits, letters.Exhibit{Title: "Réponse de la mairie de Lille", Date: "2026-10-20", Source: "Courrier de la mairie"})
	d = build(t, procedures.SaisineCADA, c, law.DefaultSettings())
	text = flatten(d)
	mustContain(t, "partial", text,
		"Demande d’avis sur le refus partiel de communication",
		"Nous avons l’honneur de solliciter",
		"La présente saisine est présentée par l’association «\u202fVigilance Libertés Lille\u202f», inscrite au répertoire national des associations sous le numéro W595000000, dont le siège est situé 5 rue des Arts, 59000 Lille, représentée par Monsieur Jean Dupré, président.",
		"Par une réponse du 20 octobre 2026 (pièce n°\u00a03), la commune n’a communiqué qu’une partie des documents demandés.",
		"Les documents qui n’ont pas été communiqués sont les suivants",
		"nous joignons à la présente saisine la copie de notre demande (pièce n°\u00a02) et de la réponse de la commune (pièce n°\u00a03).",
	)
	if len(d.Exhibits) != 3 {
		t.Errorf("the answer is the case's exhibit n° 3: %+v", d.Exhibits)
	}
	if strings.Contains(text, "La présente demande est présentée") {
		t.Error("the referral calls itself « la présente saisine » throughout")
	}
	checkAll(t, "saisine-cada/partial", d)

	// Two representatives: joined with « et », not a semicolon.
	c.Signatories = append(c.Signatories, letters.Signatory{Civility: letters.CivilityMadame, FirstName: "Sophie", LastName: "Lemaire", Role: "Secrétaire"})
	text = flatten(build(t, procedures.SaisineCADA, c, law.DefaultSettings()))
	mustContain(t, "two representatives", text, "représentée par Monsieur Jean Dupré, président, et Madame Sophie Lemaire, secrétaire.")
	if strings.Contains(text, "président\u202f; Madame") {
		t.Error("representatives joined with a semicolon")
	}
}

func TestSaisineCADACheck(t *testing.T) {
	step := func(sent, received, answer, answerOn string) *letters.Case {
		c := procedures.Example(procedures.SaisineCADA)
		c.Exhibits = c.Exhibits[:1]
		c.PriorSteps = []letters.PriorStep{{Kind: letters.StepCRPARequest, Recipient: "Maire de Lille", SentOn: sent, ReceivedOn: received, Answer: answer, AnswerOn: answerOn}}
		return c
	}
	only := func(t *testing.T, ps []letters.Problem, want letters.Problem) {
		t.Helper()
		var got []letters.Problem
		for _, p := range ps {
			if p.Code == procedures.CodeReferralTooEarly || p.Code == procedures.CodeReferralLate || p.Code == letters.CodeProcedureRequired {
				got = append(got, p)
			}
		}
		if want.Code == "" {
			if len(got) != 0 {
				t.Errorf("unexpected %+v", got)
			}
			return
		}
		if len(got) != 1 || got[0].Path != want.Path || got[0].Code != want.Code || got[0].Warning != want.Warning || strings.Join(got[0].Args, " ") != strings.Join(want.Args, " ") {
			t.Errorf("got %+v, want %+v", got, want)
		}
	}
	cases := []struct {
		name string
		c    *letters.Case
		want letters.Problem
	}{
		{"example", procedures.Example(procedures.SaisineCADA), letters.Problem{}},
		{"received 17 days ago", step("2026-11-06", "2026-11-10", letters.AnswerNone, ""),
			letters.Problem{Path: "prior_steps[0].received_on", Code: procedures.CodeReferralTooEarly, Args: []string{"saisine-cada", "2026-11-10", "2026-12-11"}}},
		{"no receipt date: counted from sending", step("2026-11-10", "", letters.AnswerNone, ""),
			letters.Problem{Path: "prior_steps[0].sent_on", Code: procedures.CodeReferralTooEarly, Args: []string{"saisine-cada", "2026-11-10", "2026-12-11"}}},
		{"answer not stated", step("2026-11-06", "2026-11-10", "", ""),
			letters.Problem{Path: "prior_steps[0].received_on", Code: procedures.CodeReferralTooEarly, Args: []string{"saisine-cada", "2026-11-10", "2026-12-11"}}},
		{"received exactly one month ago", step("2026-10-20", "2026-10-27", letters.AnswerNone, ""),
			letters.Problem{Path: "prior_steps[0].received_on", Code: procedures.CodeReferralTooEarly, Args: []string{"saisine-cada", "2026-10-27", "2026-11-28"}}},
		{"received one month and a day ago", step("2026-10-20", "2026-10-26", letters.AnswerNone, ""), letters.Problem{}},
		{"31 January: the month ends on the last day of February", step("2026-01-20", "2026-01-31", letters.AnswerNone, ""),
			letters.Problem{Path: "prior_steps[0].received_on", Code: procedures.CodeReferralLate, Warning: true, Args: []string{"saisine-cada", "2026-02-28", "2026-04-28"}}},
		{"silence, two months exceeded", step("2026-05-28", "2026-06-01", letters.AnswerNone, ""),
			letters.Problem{Path: "prior_steps[0].received_on", Code: procedures.CodeReferralLate, Warning: true, Args: []string{"saisine-cada", "2026-07-01", "2026-09-01"}}},
		{"refusal, two months exceeded", step("2026-06-01", "2026-06-03", letters.AnswerRefusal, "2026-09-01"),
			letters.Problem{Path: "prior_steps[0].answer_on", Code: procedures.CodeReferralLate, Warning: true, Args: []string{"saisine-cada", "2026-09-01", "2026-11-01"}}},
		{"recent refusal: no month to wait", step("2026-11-02", "2026-11-04", letters.AnswerRefusal, "2026-11-20"), letters.Problem{}},
		{"full answer: nothing to refer", step("2026-09-01", "", letters.AnswerFull, "2026-09-20"),
			letters.Problem{Path: "prior_steps", Code: letters.CodeProcedureRequired, Args: []string{"saisine-cada"}}},
		{"no document request", func() *letters.Case {
			c := step("2026-09-01", "", letters.AnswerNone, "")
			c.PriorSteps[0].Kind = letters.StepRightsRequest
			return c
		}(), letters.Problem{Path: "prior_steps", Code: letters.CodeProcedureRequired, Args: []string{"saisine-cada"}}},
		{"no step at all: one problem", func() *letters.Case {
			c := step("2026-09-01", "", letters.AnswerNone, "")
			c.PriorSteps = nil
			return c
		}(), letters.Problem{Path: "prior_steps", Code: letters.CodeProcedureRequired, Args: []string{"saisine-cada"}}},
		{"a letter dated later is sent later", func() *letters.Case {
			c := step("2026-11-06", "2026-11-10", letters.AnswerNone, "")
			c.Letter.Date = "2026-12-15"
			return c
		}(), letters.Problem{}},
		{"the latest request counts", func() *letters.Case {
			c := step("2026-11-06", "2026-11-10", letters.AnswerNone, "")
			c.PriorSteps = append([]letters.PriorStep{{Kind: letters.StepCRPARequest, SentOn: "2026-03-01", Answer: letters.AnswerNone}}, c.PriorSteps...)
			return c
		}(), letters.Problem{Path: "prior_steps[1].received_on", Code: procedures.CodeReferralTooEarly, Args: []string{"saisine-cada", "2026-11-10", "2026-12-11"}}},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			ps := procedures.Check(tt.c, procedures.SaisineCADA, today)
			only(t, ps, tt.want)
			for _, p := range ps {
				if !p.Warning && p.Code != procedures.CodeReferralTooEarly && p.Code != letters.CodeProcedureRequired {
					t.Errorf("other error: %+v", p)
				}
			}
			p, _ := procedures.Get(procedures.SaisineCADA)
			_, err := p.Build(tt.c, procedures.Options{})
			if (tt.want.Code == procedures.CodeReferralTooEarly) != (err != nil) && tt.want.Code != letters.CodeProcedureRequired {
				t.Errorf("Build: err = %v", err)
			}
		})
	}
	// Past the two months, the letter no longer claims to be in time.
	c := step("2026-05-28", "2026-06-01", letters.AnswerNone, "")
	if text := flatten(build(t, procedures.SaisineCADA, c, law.DefaultSettings())); strings.Contains(text, "intervient dans le délai") {
		t.Error("late referral presented as in time")
	}
}

func TestDemandeDroits(t *testing.T) {
	c := procedures.Example(procedures.DemandeDroits)
	d := build(t, procedures.DemandeDroits, c, law.DefaultSettings())
	text := flatten(d)
	if strings.Join(d.Recipient, "|") != "Mairie de Lille|À l’attention du délégué|à la protection des données|Place Augustin Laurent|CS 30667|59033 LILLE CEDEX" {
		t.Errorf("recipient = %q", d.Recipient)
	}
	if d.Object != "Demande d’accès aux images et aux données me concernant traitées par le système de vidéoprotection de la commune de Lille" {
		t.Errorf("Object = %q", d.Object)
	}
	if len(d.References) != 1 || d.References[0].Label != "Copie" || !strings.Contains(d.References[0].Value, "protection-donnees@example.org") {
		t.Errorf("References = %+v", d.References)
	}
	mustContain(t, "demande-droits", text,
		"La commune étant responsable du traitement des images de son système de vidéoprotection (article R. 251-1 du code de la sécurité intérieure)",
		"J’habite le centre de Lille",
		"ont pu être soumises à une analyse automatisée au moyen du logiciel BriefCam, utilisé de novembre 2022 à janvier 2025.",
		"sur le fondement de l’article 15 du RGPD ou, si le traitement relève de la directive «\u202fpolice-justice\u202f», de l’article 105 de la loi n°\u00a078-17 du 6 janvier 1978",
		"de me confirmer si des images ou d’autres données me concernant sont ou ont été traitées",
		"si ces images ont été soumises au logiciel BriefCam et, dans l’affirmative, à quelles dates, pour quelles finalités et au moyen de quelles fonctions, notamment la condensation des enregistrements en résumés vidéo ou la lecture des plaques d’immatriculation",
		"y compris des données qui en ont été dérivées",
		"après occultation de l’image des tiers",
		"qui ne peut excéder un mois (article L. 252-5 du code de la sécurité intérieure), je vous remercie de traiter cette demande sans attendre",
		"L’article 12, paragraphe 3, du RGPD, applicable si le traitement relève de ce règlement, impose au responsable du traitement de répondre à la présente demande dans le délai d’un mois à compter de sa réception.",
		"Ce délai ne peut être prolongé de deux mois qu’au besoin, compte tenu de la complexité et du nombre de demandes, et à la condition de m’informer de cette prolongation et de ses motifs dans le mois qui suit la réception de la demande.",
		"de m’en indiquer les motifs au plus tard dans le mois qui suit sa réception",
		"ainsi que le prévoit l’article 12, paragraphe 4, du RGPD",
		"je les exercerais par l’intermédiaire de la CNIL, conformément aux articles 107 et 108 de la loi n°\u00a078-17 du 6 janvier 1978.",
		"Copie de la présente est adressée au délégué à la protection des données de la commune, à l’adresse protection-donnees@example.org.",
	)
	if strings.Contains(text, "L. 253-5") {
		t.Error("CSI L253-5 no longer grants an access right and must not be cited in an access request")
	}
	if strings.Contains(text, "d’y répondre") || strings.Contains(text, "dans le même délai") {
		t.Error("a pronoun or a delay without antecedent in its paragraph")
	}
	checkAll(t, "demande-droits", d)

	// No DPO e-mail, no software: no copy line, no question on the software.
	c.Commune.DPOEmail = ""
	c.Facts.Software, c.Facts.Capabilities = "", nil
	d = build(t, procedures.DemandeDroits, c, law.DefaultSettings())
	text = flatten(d)
	if len(d.References) != 0 || strings.Contains(text, "Copie de la présente") || strings.Contains(text, "BriefCam") || strings.Contains(text, "dérivées, telles") {
		t.Errorf("no DPO, no software:\n%s", text)
	}
	checkAll(t, "demande-droits/plain", d)

	ps := procedures.Check(procedures.Example(procedures.SignalementCNIL), procedures.DemandeDroits, today)
	if !hasCode(ps, letters.CodeProcedureSenderKind) {
		t.Errorf("only a resident exercises his own rights: %+v", ps)
	}
	c = procedures.Example(procedures.DemandeDroits)
	c.Facts.WhereFilmed = ""
	if ps := procedures.Check(c, procedures.DemandeDroits, today); !hasProblem(ps, "facts.where_filmed", letters.CodeProcedureRequired, false) {
		t.Errorf("the request needs where the sender is filmed: %+v", ps)
	}
}

func TestDemandeInformationElus(t *testing.T) {
	c := load(t, "lille-elus.json")
	d := build(t, procedures.DemandeInformationElus, c, law.DefaultSettings())
	text := flatten(d)
	if d.Object != "Demande d’information des conseillers municipaux relative à l’utilisation du logiciel BriefCam par la commune de Lille" {
		t.Errorf("Object = %q", d.Object)
	}
	if d.Closing != "Nous vous prions d’agréer, Madame, Monsieur, l’expression de notre haute considération." {
		t.Errorf("Closing = %q", d.Closing)
	}
	if len(d.Signatures) != 2 || d.Signatures[0] != (document.Signature{Name: "Hélène Roussel", Role: "Conseillère municipale"}) || d.Signatures[1] != (document.Signature{Name: "Thomas Lefebvre", Role: "Conseiller municipal"}) {
		t.Errorf("every councillor signs: %+v", d.Signatures)
	}
	mustContain(t, "elus", text,
		"En notre qualité de membres du conseil municipal de Lille siégeant au sein du groupe «\u202fLille Autrement\u202f», nous avons l’honneur de vous demander, sur le fondement de l’article L. 2121-13 du code général des collectivités territoriales",
		"d’être informé des affaires de la commune qui font l’objet d’une délibération",
		"signée par chacun des membres suivants du conseil municipal\u202f: Madame Hélène Roussel, conseillère municipale\u202f; Monsieur Thomas Lefebvre, conseiller municipal.",
		"sans préjudice du droit que chacun de nous tient, comme toute personne, de l’article L. 311-1",
		"Nous vous demandons communication des documents suivants\u202f:",
		"dans toutes les versions détenues par la commune",
		"Nous vous demandons également de nous apporter des précisions sur les points suivants\u202f:",
		// The use ended in January 2025: its period of use is told in the past.
		"la base légale sur laquelle la commune a fondé le recours au logiciel BriefCam",
		"le nombre de recherches ou d’analyses effectuées au moyen de ce logiciel pendant toute la durée de son utilisation",
		"les fonctions du logiciel qui ont été activées et les conditions dans lesquelles elles ont été employées",
		"l’étendue du recours à la lecture automatisée des plaques d’immatriculation",
		"l’analyse d’impact relative à la protection des données (AIPD) établie par la commune ne portait pas sur le traitement algorithmique des images",
		"Si une délibération relative à ce dispositif devait être soumise au conseil municipal, nous vous rappelons que l’article L. 2121-12 du code général des collectivités territoriales prévoit, dans les communes de 3\u202f500 habitants et plus",
		"poser une question orale en séance, comme le permet l’article L. 2121-19",
	)
	if got := sectionIDs(d); got != "expose faits documents informations suites" {
		t.Errorf("sections = %s", got)
	}
	checkAll(t, "elus", d)

	// One councillor writes « je ».
	c.Signatories = c.Signatories[:1]
	d = build(t, procedures.DemandeInformationElus, c, law.DefaultSettings())
	text = flatten(d)
	mustContain(t, "one councillor", text, "En ma qualité de membre du conseil municipal de Lille", "Je vous demande communication des documents suivants", "sans préjudice du droit que je tiens")
	if d.Object != "Demande d’information d’une conseillère municipale relative à l’utilisation du logiciel BriefCam par la commune de Lille" || !strings.HasPrefix(d.Closing, "Je vous prie") || strings.Contains(text, "chacun des membres") {
		t.Errorf("one councillor: %q / %q", d.Object, d.Closing)
	}
	checkAll(t, "elus/one", d)

	if ps := procedures.Check(procedures.Example(procedures.PlainteCNIL), procedures.DemandeInformationElus, today); !hasCode(ps, letters.CodeProcedureSenderKind) {
		t.Errorf("only councillors: %+v", ps)
	}
}

func TestCommissionVideoprotection(t *testing.T) {
	c := procedures.Example(procedures.CommissionVideoprotection)
	d := build(t, procedures.CommissionVideoprotection, c, law.DefaultSettings())
	text := flatten(d)
	if strings.Join(d.Recipient, "|") != "Commission départementale|de vidéoprotection|Préfecture du Nord|[Numéro et voie à compléter]|[CODE POSTAL ET VILLE À COMPLÉTER]" {
		t.Errorf("recipient = %q", d.Recipient)
	}
	if d.Object != "Saisine de la commission départementale de vidéoprotection relative à l’utilisation du logiciel BriefCam par la commune de Lille" || d.Salutation != "Madame, Monsieur," {
		t.Errorf("Object / salutation = %q / %q", d.Object, d.Salutation)
	}
	mustContain(t, "commission", text,
		"Sur le fondement de l’article L. 253-5 du code de la sécurité intérieure, qui permet à toute personne intéressée de saisir la commission départementale de vidéoprotection de toute difficulté tenant au fonctionnement d’un système de vidéoprotection, nous avons l’honneur",
		"La présente saisine est présentée par l’association «\u202fVigilance Libertés Lille\u202f»",
		"(article L. 252-1 du code de la sécurité intérieure), est à même d’apprécier",
		"Les difficultés relevées",
		"Conseil d’État, 30 janvier 2026, Commune de Nice, n°\u00a0506370",
		"de vérifier que le système de vidéoprotection de la commune de Lille bénéficie d’une autorisation préfectorale en vigueur",
		"d’inviter la commune à s’expliquer sur l’utilisation du logiciel BriefCam",
		"de porter, le cas échéant, ces difficultés à la connaissance du préfet",
		"de nous faire connaître les suites données à la présente saisine",
	)
	if got := sectionIDs(d); got != "expose faits cadre manquements demandes" {
		t.Errorf("sections = %s", got)
	}
	checkAll(t, "commission", d)

	ps := procedures.Check(c, procedures.CommissionVideoprotection, today)
	var found bool
	for _, p := range ps {
		if p.Code == procedures.CodeRecipientAddress {
			found = p.Path == "letter" && p.Warning && strings.Join(p.Args, "|") == "commission-videoprotection|Préfecture du Nord"
		} else if !p.Warning {
			t.Errorf("error on the example: %+v", p)
		}
	}
	if !found {
		t.Errorf("the préfecture's address is to be completed: Check must warn: %+v", ps)
	}

	// A resident; the département from the INSEE code, else the postcode; Paris; unknown.
	c = procedures.Example(procedures.PlainteCNIL)
	for _, tt := range []struct{ insee, postal, want string }{
		{"59350", "59000", "Préfecture du Nord"},
		{"", "59000", "Préfecture du Nord"},
		{"75056", "75001", "Préfecture de police"},
		{"2A004", "20000", "Préfecture de la Corse-du-Sud"},
		{"", "20000", "Préfecture [département à compléter]"},
		{"97411", "97400", "Préfecture de La Réunion"},
		{"01053", "01000", "Préfecture de l’Ain"},
	} {
		c.Commune.InseeCode, c.Commune.PostalCode, c.Commune.Address.PostalCode = tt.insee, tt.postal, tt.postal
		d = build(t, procedures.CommissionVideoprotection, c, law.DefaultSettings())
		if d.Recipient[2] != tt.want {
			t.Errorf("%s %s: %q, want %q", tt.insee, tt.postal, d.Recipient[2], tt.want)
		}
	}
	mustContain(t, "resident", flatten(d), "Je suis directement concernée par ce traitement.", "J’habite le centre de Lille", "de me faire connaître les suites")
	checkAll(t, "commission/resident", d)
}

func TestDemandeCessation(t *testing.T) {
	c := procedures.Example(procedures.DemandeCessation)
	d := build(t, procedures.DemandeCessation, c, law.DefaultSettings())
	text := flatten(d)
	if d.Object != "Demande de confirmation de la cessation de l’utilisation du logiciel BriefCam et d’effacement des données qui en sont issues" {
		t.Errorf("Object = %q", d.Object)
	}
	mustContain(t, "cessation (ended)", text,
		"J’ai l’honneur de vous demander de me confirmer que l’utilisation du logiciel BriefCam par la commune de Lille a pris fin, de renoncer à toute reprise d’un traitement algorithmique des images dépourvu de base légale et de faire effacer les données qui en sont issues, pour les motifs exposés ci-après.",
		"le traitement qu’elle a ainsi mis en œuvre était donc dépourvu de base légale",
		"n’ôte pas leur objet aux demandes qui suivent",
		"Demande de communication de documents administratifs envoyée le 14 septembre 2026 et reçue le 16 septembre 2026 (destinataire\u202f: Maire de Lille)\u202f: restée sans réponse à ce jour.",
		"de me confirmer par écrit la date à laquelle l’utilisation du logiciel BriefCam a cessé",
		"y compris les index, résumés vidéo (synopsis) et métadonnées produits par le logiciel, sous réserve de celles qui seraient requises par une procédure judiciaire en cours",
		"de me communiquer l’analyse d’impact relative à la protection des données établie pour ce traitement",
		"Le silence gardé pendant deux mois sur la présente demande vaudra décision de rejet (article L. 231-4 du code des relations entre le public et l’administration).",
		"pourra être contestée devant le tribunal administratif dans le délai de deux mois prévu par l’article R. 421-1 du code de justice administrative.",
		"vaut, en tant que de besoin, recours gracieux",
		"Je me réserve par ailleurs la possibilité d’adresser une plainte à la CNIL.",
	)
	for _, bad := range []string{"vérifications demandées", "intervention de la CNIL", "Madame la Présidente"} {
		if strings.Contains(text, bad) {
			t.Errorf("a demand to the mayor says %q", bad)
		}
	}
	if got := sectionIDs(d); got != "expose faits cadre manquements demarches demandes delais" {
		t.Errorf("sections = %s", got)
	}
	checkAll(t, "cessation", d)

	// Still in use, with facial recognition: stop now, switch the functions off.
	c.Facts.InUseUntil = ""
	c.Facts.Capabilities = append(c.Facts.Capabilities, letters.CapFacialRecognition)
	d = build(t, procedures.DemandeCessation, c, law.DefaultSettings())
	mustContain(t, "cessation (in use)", flatten(d),
		"Demande de cessation de l’utilisation du logiciel BriefCam et d’effacement des données qui en sont issues",
		"de mettre fin sans délai au traitement algorithmique des images de vidéoprotection au moyen du logiciel BriefCam",
		"de faire désactiver sans délai les fonctions de reconnaissance faciale du logiciel",
	)
	checkAll(t, "cessation/in use", d)

	// Only a tolerated use is known: the demand is to keep within it, and prove it.
	c.Facts.Capabilities = []string{letters.CapVideoSynopsis}
	mustContain(t, "cessation (tolerated)", flatten(build(t, procedures.DemandeCessation, c, law.DefaultSettings())),
		"de mettre fin sans délai à toute utilisation du logiciel BriefCam excédant les recherches différées effectuées à la demande de l’autorité judiciaire et les statistiques anonymes, et d’en justifier")

	// A group: « nous », and the CNIL without a complaint of its own.
	g := procedures.Example(procedures.SignalementCNIL)
	d = build(t, procedures.DemandeCessation, g, law.DefaultSettings())
	mustContain(t, "cessation (group)", flatten(d), "Nous avons l’honneur de vous demander de nous confirmer", "Nous nous réservons par ailleurs la possibilité de saisir la CNIL.", "La présente demande est présentée par les membres suivants du conseil municipal de Lille")
	checkAll(t, "cessation/group", d)
}

// TestPriorStepsExhibits: the « démarches préalables » give the exhibit of a request (dated the day it
// was sent) and of an answer (dated the day of the answer), never a press article's.
func TestPriorStepsExhibits(t *testing.T) {
	c := procedures.Example(procedures.SignalementCNIL)
	c.Exhibits = append(c.Exhibits,
		letters.Exhibit{Title: "Demande de communication de documents", Date: "2025-01-10"},
		letters.Exhibit{Title: "Réponse de la mairie de Lille", Date: "2024-12-20"},
		letters.Exhibit{Title: "Courrier au maire", Date: "2024-12-02"},
	)
	c.PriorSteps = []letters.PriorStep{
		{Kind: letters.StepCRPARequest, Recipient: "Maire de Lille", SentOn: "2025-01-10", ReceivedOn: "2025-01-13", Answer: letters.AnswerNone},
		{Kind: letters.StepLetter, Recipient: "Maire de Lille", SentOn: "2024-12-02", Answer: letters.AnswerRefusal, AnswerOn: "2024-12-20"},
		{Kind: letters.StepLetter, Recipient: "Préfecture du Nord", SentOn: "2024-11-21", Answer: letters.AnswerNone},
	}
	d := build(t, procedures.SignalementCNIL, c, law.DefaultSettings())
	mustContain(t, "steps", flatten(d),
		"Courrier envoyé le 21 novembre 2024 (destinataire\u202f: Préfecture du Nord)\u202f: resté sans réponse à ce jour\u202f;",
		"Courrier envoyé le 2 décembre 2024 (destinataire\u202f: Maire de Lille\u202f; pièce n°\u00a04)\u202f: refus opposé le 20 décembre 2024 (pièce n°\u00a03)\u202f;",
		"Demande de communication de documents administratifs envoyée le 10 janvier 2025 et reçue le 13 janvier 2025 (destinataire\u202f: Maire de Lille\u202f; pièce n°\u00a02)\u202f: restée sans réponse à ce jour.",
	)
	checkAll(t, "steps", d)

	// The same for a complaint, where the example's access request has no exhibit.
	d = build(t, procedures.PlainteCNIL, procedures.Example(procedures.PlainteCNIL), law.DefaultSettings())
	mustContain(t, "plainte steps", flatten(d), "Demande d’exercice des droits sur les données personnelles envoyée le 14 septembre 2026 et reçue le 16 septembre 2026 (destinataire\u202f: Maire de Lille, à l’attention du délégué à la protection des données)\u202f: restée sans réponse à ce jour.")
}

func TestNewProceduresOnline(t *testing.T) {
	for id, want := range map[string]string{
		procedures.PlainteCNIL:               "Transmise par le formulaire en ligne de la CNIL",
		procedures.SaisineCADA:               "Transmise par le formulaire en ligne de la CADA",
		procedures.DemandeDocuments:          "Transmise par voie électronique",
		procedures.CommissionVideoprotection: "Transmise par voie électronique",
	} {
		c := procedures.Example(id)
		c.Letter.Sending = letters.SendingOnline
		if d := build(t, id, c, law.DefaultSettings()); d.Sending != want {
			t.Errorf("%s: %q", id, d.Sending)
		}
	}
}

// The titles and summaries are shown to users: French typography there too.
func TestSummariesTypography(t *testing.T) {
	for _, p := range procedures.All() {
		for _, s := range []string{p.Title, p.Summary} {
			if msg := frtext.TypographyError(s); msg != "" {
				t.Errorf("%s: %s in %q", p.ID, msg, s)
			}
		}
	}
}

// The Lille testdata pass Check for every procedure their sender may use.
func TestLilleTestdataForEveryProcedure(t *testing.T) {
	for _, tt := range []struct{ file, id string }{
		{"lille.json", procedures.DemandeDocuments},
		{"lille.json", procedures.DemandeDroits},
		{"lille.json", procedures.CommissionVideoprotection},
		{"lille.json", procedures.DemandeCessation},
		{"lille-elus.json", procedures.DemandeInformationElus},
		{"lille-elus.json", procedures.DemandeDocuments},
		{"lille-elus.json", procedures.DemandeCessation},
	} {
		c := load(t, tt.file)
		for _, pr := range procedures.Check(c, tt.id, today) {
			if !pr.Warning {
				t.Errorf("%s for %s: %s %s", tt.file, tt.id, pr.Path, pr.Code)
			}
		}
		checkAll(t, tt.file+"/"+tt.id, build(t, tt.id, c, law.DefaultSettings()))
	}
}
