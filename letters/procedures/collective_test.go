package procedures_test

import (
	"errors"
	"strings"
	"testing"

	"saisine/letters"
	"saisine/letters/mandants"
	"saisine/letters/procedures"
)

func mandant(first, last, city, signature string) mandants.Mandant {
	return mandants.Mandant{Civility: letters.CivilityMadame, FirstName: first, LastName: last, Street: "3 rue de la Clef",
		PostalCode: "59800", City: city, Email: strings.ToLower(first) + "@example.org", SignedOn: "2026-10-02", Signature: signature}
}

func TestMandateText(t *testing.T) {
	c := procedures.Example(procedures.Mandat)
	for _, tc := range []struct {
		name       string
		m          *mandants.Mandant
		want, not  []string
		signer     string
		signerRole string
	}{
		{
			name: "web",
			m:    &mandants.Mandant{Civility: letters.CivilityMadame, FirstName: "Inès", LastName: "Lefèvre", Street: "3 rue de la Clef", PostalCode: "59800", City: "Lille", Email: "ines@example.org", SignedOn: "2026-10-02", Signature: "Inès Lefèvre"},
			want: []string{"Je soussignée, Madame Inès Lefèvre, demeurant 3 rue de la Clef, 59800 Lille, donne mandat à l’association « Vigilance Libertés Lille »",
				"inscrite au répertoire national des associations sous le numéro W595000000",
				"article 80, paragraphe 1, du RGPD", "article 77 du RGPD",
				"recevoir les correspondances de la CNIL", "retirer cette réclamation",
				"révoquer à tout moment", "au moyen du lien de révocation qui m’a été remis", "Je suis informée"},
			signer:     "Inès Lefèvre",
			signerRole: "Signé en ligne le 2 octobre 2026 par la saisie du nom « Inès Lefèvre »",
		},
		{
			name:       "paper",
			m:          &mandants.Mandant{Civility: letters.CivilityMonsieur, FirstName: "Benoît", LastName: "Dubœuf", Street: "18 boulevard Vauban", Complement: "Bât. B", PostalCode: "59000", City: "Lille", SignedOn: "2026-10-03"},
			want:       []string{"Je soussigné, Monsieur Benoît Dubœuf, demeurant 18 boulevard Vauban, Bât. B, 59000 Lille", "Je suis informé que", "en le faisant savoir à l’association."},
			not:        []string{"lien de révocation"},
			signer:     "Benoît Dubœuf",
			signerRole: "Mandat signé sur papier le 3 octobre 2026 ; l’original est conservé par l’association",
		},
		{
			name:       "blank form",
			want:       []string{"Je soussigné(e), ……", "Je suis informé(e)", "Fait à ……"},
			signer:     "Signature",
			signerRole: "précédée de la mention « Bon pour mandat »",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := procedures.Options{Date: today}
			if tc.m != nil {
				opts.Mandants = []mandants.Mandant{*tc.m}
			}
			p, _ := procedures.Get(procedures.Mandat)
			d, err := p.Build(c, opts)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(flatten(d)), " ")
			for _, w := range tc.want {
				if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
					t.Errorf("mandate lacks %q:\n%s", w, text)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(text, n) {
					t.Errorf("mandate has %q", n)
				}
			}
			if len(d.Signatures) != 1 || d.Signatures[0].Name != tc.signer || strings.Join(strings.Fields(d.Signatures[0].Role), " ") != tc.signerRole {
				t.Errorf("signature %+v, want %q / %q", d.Signatures, tc.signer, tc.signerRole)
			}
			if got := strings.Join(d.Recipient, " | "); got != "Association Vigilance Libertés Lille | 5 rue des Arts | 59000 LILLE" {
				t.Errorf("recipient %q", got)
			}
			checkCitations(t, tc.name, d)
			checkTypography(t, tc.name, d)
		})
	}
}

// A mandate is dated by its signature, not by the day it is printed: the same mandate gives the same
// document whatever the date of the run.
func TestMandateDatedBySignature(t *testing.T) {
	c := procedures.Example(procedures.Mandat)
	d, err := procedures.Mandate(c, mandant("Inès", "Lefèvre", "Lille", "Inès Lefèvre"), procedures.Options{Date: today})
	if err != nil {
		t.Fatal(err)
	}
	if d.PlaceDate != "Lille, le 2 octobre 2026" || d.Meta.Date.Format("2006-01-02") != "2026-10-02" {
		t.Errorf("place and date %q, meta date %s", d.PlaceDate, d.Meta.Date)
	}
}

func TestCollectiveComplaint(t *testing.T) {
	c := procedures.Example(procedures.PlainteCollectiveCNIL)
	for _, tc := range []struct {
		name   string
		ms     []mandants.Mandant
		object string
		want   []string
		annex  []string
	}{
		{
			name:   "one",
			ms:     []mandants.Mandant{mandant("Inès", "Lefèvre", "Lille", "")},
			object: "Plainte collective, au nom de 1 personne, relative à l’utilisation du logiciel BriefCam par la commune de Lille",
			want:   []string{"pour le compte de la personne désignée en annexe, qui l’a mandatée à cet effet", "Elle réside sur le territoire de la commune de Lille.", "Mandats des 1 personne"},
			annex:  []string{"LEFÈVRE Inès — Lille — mandat du 2 octobre 2026"},
		},
		{
			name: "several, some elsewhere",
			ms: []mandants.Mandant{mandant("Inès", "Lefèvre", "Lille", ""), mandant("Zoé", "N’Diaye", "LILLE", "Zoé N’Diaye"),
				mandant("Alex", "Martin", "Villeneuve-d’Ascq", "")},
			object: "Plainte collective, au nom de 3 personnes, relative",
			want:   []string{"pour le compte des 3 personnes énumérées en annexe", "Parmi elles, 2 résident sur le territoire de la commune de Lille."},
			annex:  []string{"LEFÈVRE Inès — Lille", "N’DIAYE Zoé — LILLE", "MARTIN Alex — Villeneuve-d’Ascq"},
		},
		{
			name:   "all residents",
			ms:     []mandants.Mandant{mandant("Inès", "Lefèvre", "Lille", ""), mandant("Zoé", "Ndiaye", "lille", "")},
			object: "Plainte collective, au nom de 2 personnes",
			want:   []string{"Toutes résident sur le territoire de la commune de Lille."},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := procedures.CollectiveComplaint(c, tc.ms, procedures.Options{Date: today})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(d.Object, tc.object) {
				t.Errorf("object %q, want prefix %q", d.Object, tc.object)
			}
			text := strings.Join(strings.Fields(flatten(d)), " ")
			for _, w := range tc.want {
				if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
					t.Errorf("complaint lacks %q", w)
				}
			}
			if len(d.Annexes) != 1 || d.Annexes[0].Title != "Liste des mandants" || len(d.Annexes[0].Blocks) != 2 {
				t.Fatalf("annexes %+v", d.Annexes)
			}
			items := d.Annexes[0].Blocks[1].Items
			if len(items) != len(tc.ms) {
				t.Fatalf("annex lists %d mandants, want %d", len(items), len(tc.ms))
			}
			for i, w := range tc.annex {
				if got := runsText(items[i]); !strings.HasPrefix(got, w) {
					t.Errorf("annex item %d %q, want prefix %q", i+1, got, w)
				}
			}
			checkCitations(t, tc.name, d)
			checkTypography(t, tc.name, d)
		})
	}
	if _, err := procedures.CollectiveComplaint(c, nil, procedures.Options{Date: today}); !errors.Is(err, procedures.ErrNoMandants) {
		t.Errorf("no mandants: %v, want ErrNoMandants", err)
	}
}

// Without a list (the preview shown before a campaign closes) the complaint gives no number and says the
// list will be drawn up.
func TestCollectivePreview(t *testing.T) {
	p, _ := procedures.Get(procedures.PlainteCollectiveCNIL)
	d, err := p.Build(procedures.Example(procedures.PlainteCollectiveCNIL), procedures.Options{Date: today})
	if err != nil {
		t.Fatal(err)
	}
	text := flatten(d)
	if strings.Contains(text, "au nom de 0") || strings.Contains(text, "Mandats des") {
		t.Errorf("preview states a number of mandants:\n%s", text)
	}
	if d.Annexes[0].Blocks[0].Runs[0].Text == "" || !strings.Contains(runsText(d.Annexes[0].Blocks[0].Runs), "sera établie à la clôture") {
		t.Errorf("preview annex %+v", d.Annexes[0])
	}
}

// The filing is the complaint then one mandate per mandant, in order.
func TestCollectiveFiling(t *testing.T) {
	c := procedures.Example(procedures.PlainteCollectiveCNIL)
	ms := []mandants.Mandant{mandant("Inès", "Lefèvre", "Lille", ""), mandant("Zoé", "Ndiaye", "Lille", "Zoé Ndiaye")}
	var objects, senders []string
	for d, err := range procedures.CollectiveFiling(c, ms, procedures.Options{Date: today}) {
		if err != nil {
			t.Fatal(err)
		}
		objects = append(objects, d.Object)
		senders = append(senders, d.Sender[0])
	}
	if len(objects) != 3 || !strings.HasPrefix(objects[0], "Plainte collective") || !strings.HasPrefix(objects[1], "Mandat") ||
		senders[1] != "Madame Inès Lefèvre" || senders[2] != "Madame Zoé Ndiaye" {
		t.Errorf("filing: objects %q, senders %q", objects, senders)
	}
}

func TestCollectiveNeedsAssociationPurpose(t *testing.T) {
	c := procedures.Example(procedures.PlainteCollectiveCNIL)
	c.Sender.Association.Purpose = ""
	ps := procedures.Check(c, procedures.PlainteCollectiveCNIL, today)
	if len(ps) == 0 || ps[0].Path != "sender.association.purpose" || ps[0].Warning {
		t.Errorf("problems %+v, want sender.association.purpose required", ps)
	}
	c = procedures.Example(procedures.PlainteCollectiveCNIL)
	resident := procedures.Example(procedures.PlainteCNIL)
	c.Sender = resident.Sender
	if ps := procedures.Check(c, procedures.Mandat, today); len(ps) == 0 || ps[0].Path != "sender.kind" {
		t.Errorf("a resident cannot receive mandates: %+v", ps)
	}
}
