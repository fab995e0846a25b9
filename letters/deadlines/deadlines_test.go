package deadlines

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"saisine/letters"
)

var refDay = d("2026-11-27")

// Communes by département.
var (
	lille      = letters.Commune{Name: "Lille", InseeCode: "59350", PostalCode: "59000"}
	metz       = letters.Commune{Name: "Metz", InseeCode: "57463", PostalCode: "57000"}
	strasbourg = letters.Commune{Name: "Strasbourg", InseeCode: "67482", PostalCode: "67000"}
	mulhouse   = letters.Commune{Name: "Mulhouse", PostalCode: "68100"} // postal code only
	oddCommune = letters.Commune{Name: "X", InseeCode: "59350", PostalCode: "67000"}
)

// pending is a step of the given kind received on recv and left unanswered.
func pending(kind, recv string) letters.PriorStep {
	return letters.PriorStep{Kind: kind, SentOn: recv, ReceivedOn: recv, Answer: letters.AnswerNone}
}

// refused is a step of the given kind refused expressly on answerOn.
func refused(kind, answerOn string) letters.PriorStep {
	sent := d(answerOn).AddDate(0, 0, -20)
	return letters.PriorStep{Kind: kind, SentOn: iso(sent), ReceivedOn: iso(sent.AddDate(0, 0, 2)),
		Answer: letters.AnswerRefusal, AnswerOn: answerOn}
}

const (
	crpa   = letters.StepCRPARequest
	cada   = letters.StepCADAReferral
	rights = letters.StepRightsRequest
	cnil   = letters.StepCNILComplaint
	letter = letters.StepLetter
)

func caseOf(commune letters.Commune, steps ...letters.PriorStep) *letters.Case {
	return &letters.Case{Commune: commune, PriorSteps: steps}
}

func find(t *testing.T, ds []Deadline, id string) Deadline {
	t.Helper()
	for _, x := range ds {
		if x.ID == id {
			return x
		}
	}
	ids := make([]string, len(ds))
	for i, x := range ds {
		ids[i] = x.ID
	}
	t.Fatalf("no deadline %s among %v", id, ids)
	return Deadline{}
}

func TestComputeTable(t *testing.T) {
	tests := []struct {
		name      string
		commune   letters.Commune
		step      letters.PriorStep
		id        string
		date, rec string
	}{
		// Month arithmetic; deadlines against the administration are never moved.
		{"issue example", lille, pending(crpa, "2025-01-13"), CRPAImplicitRefusal, "2025-02-13", "2025-02-13"},
		{"31 Jan + 1 month = 28 Feb", lille, pending(crpa, "2025-01-31"), CRPAImplicitRefusal, "2025-02-28", "2025-02-28"},
		{"31 Jan 2028 + 1 month = 29 Feb (leap year)", lille, pending(crpa, "2028-01-31"), CRPAImplicitRefusal, "2028-02-29", "2028-02-29"},
		{"29 Feb 2028 + 1 month", lille, pending(crpa, "2028-02-29"), CRPAImplicitRefusal, "2028-03-29", "2028-03-29"},
		{"31 Mar + 1 month = 30 Apr, a Sunday, not moved", lille, pending(crpa, "2028-03-31"), CRPAImplicitRefusal, "2028-04-30", "2028-04-30"},
		{"CADA limit after a clamped implicit refusal", lille, pending(crpa, "2025-01-31"), CADAReferralLimit, "2025-04-28", "2025-04-28"},
		{"CADA limit on a Sunday moves to Monday", lille, pending(crpa, "2025-01-13"), CADAReferralLimit, "2025-04-14", "2025-04-13"},
		{"rights answer due on a Saturday, not moved", lille, pending(rights, "2026-01-31"), RightsAnswerDue, "2026-02-28", "2026-02-28"},
		{"rights extension: 31 Jan + 3 months", lille, pending(rights, "2026-01-31"), RightsAnswerExtendedLimit, "2026-04-30", "2026-04-30"},
		{"rights extension: 30 Nov + 3 months", lille, pending(rights, "2026-11-30"), RightsAnswerExtendedLimit, "2027-02-28", "2027-02-28"},
		{"CNIL progress: 30 Nov + 3 months", lille, pending(cnil, "2025-11-30"), CNILProgressDue, "2026-02-28", "2026-02-28"},
		{"CNIL progress: leap year", lille, pending(cnil, "2027-11-30"), CNILProgressDue, "2028-02-29", "2028-02-29"},
		{"cessation: 31 Dec + 2 months", lille, pending(letter, "2026-12-31"), CessationImplicitRejection, "2027-02-28", "2027-02-28"},
		{"cessation: leap year", lille, pending(letter, "2027-12-31"), CessationImplicitRejection, "2028-02-29", "2028-02-29"},
		{"CADA opinion due", lille, pending(cada, "2026-01-31"), CADAOpinionDue, "2026-02-28", "2026-02-28"},
		{"confirmed refusal on a Sunday, not moved", lille, pending(cada, "2026-01-15"), CADAConfirmedRefusal, "2026-03-15", "2026-03-15"},

		// Every movable holiday, 2026–2030, on the CADA limit after an express refusal.
		{"Easter Monday 2026", lille, refused(crpa, "2026-02-06"), CADAReferralLimit, "2026-04-07", "2026-04-06"},
		{"Easter Monday 2027", lille, refused(crpa, "2027-01-29"), CADAReferralLimit, "2027-03-30", "2027-03-29"},
		{"Easter Monday 2028", lille, refused(crpa, "2028-02-17"), CADAReferralLimit, "2028-04-18", "2028-04-17"},
		{"Easter Monday 2029", lille, refused(crpa, "2029-02-02"), CADAReferralLimit, "2029-04-03", "2029-04-02"},
		{"Easter Monday 2030", lille, refused(crpa, "2030-02-22"), CADAReferralLimit, "2030-04-23", "2030-04-22"},
		{"Ascension 2026", lille, refused(crpa, "2026-03-14"), CADAReferralLimit, "2026-05-15", "2026-05-14"},
		{"Ascension 2027", lille, refused(crpa, "2027-03-06"), CADAReferralLimit, "2027-05-07", "2027-05-06"},
		{"Ascension 2028", lille, refused(crpa, "2028-03-25"), CADAReferralLimit, "2028-05-26", "2028-05-25"},
		{"Ascension 2029", lille, refused(crpa, "2029-03-10"), CADAReferralLimit, "2029-05-11", "2029-05-10"},
		{"Ascension 2030", lille, refused(crpa, "2030-03-30"), CADAReferralLimit, "2030-05-31", "2030-05-30"},
		{"Whit Monday 2026", lille, refused(crpa, "2026-03-25"), CADAReferralLimit, "2026-05-26", "2026-05-25"},
		{"Whit Monday 2027", lille, refused(crpa, "2027-03-17"), CADAReferralLimit, "2027-05-18", "2027-05-17"},
		{"Whit Monday 2028", lille, refused(crpa, "2028-04-05"), CADAReferralLimit, "2028-06-06", "2028-06-05"},
		{"Whit Monday 2029", lille, refused(crpa, "2029-03-21"), CADAReferralLimit, "2029-05-22", "2029-05-21"},
		{"Whit Monday 2030", lille, refused(crpa, "2030-04-10"), CADAReferralLimit, "2030-06-11", "2030-06-10"},

		// Fixed holidays.
		{"1 May 2029 (Tuesday)", lille, refused(crpa, "2029-03-01"), CADAReferralLimit, "2029-05-02", "2029-05-01"},
		{"8 May 2029 (Tuesday)", lille, refused(crpa, "2029-03-08"), CADAReferralLimit, "2029-05-09", "2029-05-08"},
		{"14 July 2026 (Tuesday)", lille, refused(crpa, "2026-05-14"), CADAReferralLimit, "2026-07-15", "2026-07-14"},
		{"1 Nov 2026, a Sunday", lille, refused(crpa, "2026-09-01"), CADAReferralLimit, "2026-11-02", "2026-11-01"},
		{"11 Nov 2026 (Wednesday)", lille, refused(crpa, "2026-09-11"), CADAReferralLimit, "2026-11-12", "2026-11-11"},
		{"1 Jan 2027, Friday, then a weekend", lille, refused(crpa, "2026-11-01"), CADAReferralLimit, "2027-01-04", "2027-01-01"},
		{"25 Dec 2025 (Thursday) elsewhere", lille, refused(crpa, "2025-10-25"), CADAReferralLimit, "2025-12-26", "2025-12-25"},
		{"25 Dec 2025 in Moselle: 26 Dec is local, not used to extend", metz, refused(crpa, "2025-10-25"), CADAReferralLimit, "2025-12-26", "2025-12-25"},
		{"26 Dec 2030 in Bas-Rhin: warned, not extended", strasbourg, refused(crpa, "2030-10-26"), CADAReferralLimit, "2030-12-26", "2030-12-26"},
		{"26 Dec 2030 in Haut-Rhin from the postal code: warned, not extended", mulhouse, refused(crpa, "2030-10-26"), CADAReferralLimit, "2030-12-26", "2030-12-26"},
		{"26 Dec 2030 elsewhere", lille, refused(crpa, "2030-10-26"), CADAReferralLimit, "2030-12-26", "2030-12-26"},
		{"INSEE code wins over postal code", oddCommune, refused(crpa, "2030-10-26"), CADAReferralLimit, "2030-12-26", "2030-12-26"},
		{"Good Friday in Moselle: not moved", metz, refused(crpa, "2026-02-03"), CADAReferralLimit, "2026-04-03", "2026-04-03"},
		{"Good Friday elsewhere", lille, refused(crpa, "2026-02-03"), CADAReferralLimit, "2026-04-03", "2026-04-03"},

		// Délai franc (court).
		{"franc day lands on a Friday", lille, refused(letter, "2026-08-15"), CourtLimit, "2026-10-16", "2026-10-15"},
		{"franc day lands on a Saturday", lille, refused(letter, "2026-08-16"), CourtLimit, "2026-10-19", "2026-10-16"},
		{"franc day lands on 14 July", lille, refused(letter, "2026-05-13"), CourtLimit, "2026-07-15", "2026-07-13"},
		{"franc day lands on 15 Aug, a Friday", lille, refused(letter, "2025-06-14"), CourtLimit, "2025-08-18", "2025-08-14"},
		{"franc day lands on Christmas, a Saturday", lille, refused(letter, "2027-10-24"), CourtLimit, "2027-12-27", "2027-12-24"},
		{"court after CADA silence", lille, pending(cada, "2026-01-15"), CourtLimit, "2026-05-18", "2026-05-15"},
		{"court after CADA, express refusal", lille, refused(cada, "2026-06-12"), CourtLimit, "2026-08-13", "2026-08-12"},
		{"court after implicit rejection of a letter", lille, pending(letter, "2026-12-31"), CourtLimit, "2027-04-29", "2027-04-28"},

		// Missing or late dates.
		{"missing received_on: from sent_on", lille, letters.PriorStep{Kind: crpa, SentOn: "2025-01-10", Answer: "none"}, CRPAImplicitRefusal, "2025-02-10", "2025-02-10"},
		{"missing received_on: CADA limit", lille, letters.PriorStep{Kind: crpa, SentOn: "2025-01-10"}, CADAReferralLimit, "2025-04-10", "2025-04-10"},
		{"express refusal after the implicit one: aim from the first", lille,
			letters.PriorStep{Kind: crpa, SentOn: "2026-01-02", ReceivedOn: "2026-01-05", Answer: "refusal", AnswerOn: "2026-03-10"},
			CADAReferralLimit, "2026-05-11", "2026-04-05"},
		{"partial answer", lille, letters.PriorStep{Kind: crpa, SentOn: "2026-05-20", ReceivedOn: "2026-05-22", Answer: "partial", AnswerOn: "2026-06-04"},
			CADAReferralLimit, "2026-08-04", "2026-08-04"},
		{"refusal without answer_on: from the receipt", lille, letters.PriorStep{Kind: crpa, SentOn: "2026-06-01", ReceivedOn: "2026-06-04", Answer: "refusal"},
			CADAReferralLimit, "2026-08-04", "2026-08-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := Compute(caseOf(tt.commune, tt.step), refDay)
			if err != nil {
				t.Fatal(err)
			}
			got := find(t, ds, tt.id)
			if iso(got.Date) != tt.date || iso(got.Recommended) != tt.rec {
				t.Errorf("%s: date %s, recommended %s; want %s, %s\n%s", tt.id, iso(got.Date), iso(got.Recommended),
					tt.date, tt.rec, got.Explanation)
			}
			if got.Step != 0 {
				t.Errorf("step = %d", got.Step)
			}
			if got.FromSentOn != (tt.step.ReceivedOn == "") {
				t.Errorf("FromSentOn = %v", got.FromSentOn)
			}
			if got.Party == PartyAdministration && !got.Recommended.Equal(got.Date) {
				t.Errorf("a deadline against the administration was moved")
			}
			if got.Recommended.After(got.Date) {
				t.Errorf("recommended after date")
			}
		})
	}
	if len(tests) < 40 {
		t.Errorf("only %d cases", len(tests))
	}
}

// What each kind of step gives, and what ends it.
func TestDeadlineSets(t *testing.T) {
	ids := func(ds []Deadline) []string {
		out := []string{}
		for _, x := range ds {
			out = append(out, x.ID)
		}
		return out
	}
	tests := []struct {
		name string
		step letters.PriorStep
		want []string
	}{
		{"crpa pending", pending(crpa, "2026-01-13"), []string{CRPAImplicitRefusal, CADAReferralLimit}},
		{"crpa refused", refused(crpa, "2026-03-13"), []string{CADAReferralLimit}},
		{"crpa answered in full", letters.PriorStep{Kind: crpa, SentOn: "2026-01-10", Answer: "full", AnswerOn: "2026-01-20"}, []string{}},
		{"cada pending", pending(cada, "2026-01-13"), []string{CADAOpinionDue, CADAConfirmedRefusal, CourtLimit}},
		{"cada refused", refused(cada, "2026-03-13"), []string{CourtLimit}},
		{"rights pending", pending(rights, "2026-01-13"), []string{RightsAnswerDue, RightsAnswerExtendedLimit}},
		{"rights refused", refused(rights, "2026-03-13"), []string{}},
		{"cnil pending", pending(cnil, "2026-01-13"), []string{CNILProgressDue}},
		{"letter pending", pending(letter, "2026-01-13"), []string{CessationImplicitRejection, CourtLimit}},
		{"letter refused", refused(letter, "2026-03-13"), []string{CourtLimit}},
		{"councillor request: no statutory delay", pending(letters.StepCouncillorRequest, "2026-01-13"), []string{}},
		{"empty answer reads as none", letters.PriorStep{Kind: cnil, SentOn: "2026-01-13"}, []string{CNILProgressDue}},
	}
	for _, tt := range tests {
		ds, err := Compute(caseOf(lille, tt.step), refDay)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(ds); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
		for _, x := range ds {
			want := PartyAdministration
			if x.ID == CADAReferralLimit || x.ID == CourtLimit {
				want = PartyUser
			}
			if x.Party != want {
				t.Errorf("%s: %s party %s", tt.name, x.ID, x.Party)
			}
		}
	}
}

func TestComputeOrderAndSteps(t *testing.T) {
	c := caseOf(lille, pending(letter, "2026-10-31"), pending(crpa, "2025-01-13"), pending(cnil, "2026-09-03"))
	ds, err := Compute(c, refDay)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(ds); i++ {
		if ds[i].Date.Before(ds[i-1].Date) {
			t.Errorf("not in date order: %s before %s", iso(ds[i-1].Date), iso(ds[i].Date))
		}
	}
	if ds[0].ID != CRPAImplicitRefusal || ds[0].Step != 1 {
		t.Errorf("first = %s step %d", ds[0].ID, ds[0].Step)
	}
	if ds, _ := Compute(caseOf(lille), refDay); ds == nil || len(ds) != 0 {
		t.Errorf("no steps: %#v, want an empty non-nil slice", ds)
	}
}

func TestStatus(t *testing.T) {
	// CADA limit: nominal Sunday 13 April 2025, legal last day Monday 14 April 2025.
	c := caseOf(lille, pending(crpa, "2025-01-13"))
	tests := []struct {
		today  string
		status Status
		left   int
		urgent bool
		text   string
	}{
		{"2025-03-01", StatusUpcoming, 44, false, "Il reste 44 jours jusqu’à la date limite."},
		{"2025-04-04", StatusUpcoming, 10, true, "Attention\u202f: il reste 10 jours jusqu’à la date limite, 9 jours jusqu’à la date recommandée."},
		{"2025-04-13", StatusUpcoming, 1, true, "Attention\u202f: la date recommandée est aujourd’hui\u202f; il reste 1 jour jusqu’à la date limite."},
		{"2025-04-14", StatusToday, 0, true, "Attention\u202f: c’est aujourd’hui le dernier jour."},
		{"2025-04-15", StatusPast, -1, false, "Délai expiré."},
	}
	for _, tt := range tests {
		ds, err := Compute(c, d(tt.today))
		if err != nil {
			t.Fatal(err)
		}
		got := find(t, ds, CADAReferralLimit)
		if got.Status != tt.status || got.DaysLeft != tt.left || got.Urgent != tt.urgent || got.StatusFR() != tt.text {
			t.Errorf("today %s: %s %d %v %q; want %s %d %v %q", tt.today, got.Status, got.DaysLeft, got.Urgent, got.StatusFR(),
				tt.status, tt.left, tt.urgent, tt.text)
		}
	}
	// Against the administration: never urgent; says from when the user may act.
	ds, _ := Compute(c, d("2025-02-10"))
	got := find(t, ds, CRPAImplicitRefusal)
	if got.Urgent || got.DaysLeft != 3 || got.StatusFR() != "Échéance dans 3 jours\u202f; vous pourrez agir à partir du 14 février 2025." {
		t.Errorf("administration deadline: %v %d %q", got.Urgent, got.DaysLeft, got.StatusFR())
	}
	ds, _ = Compute(c, d("2025-02-14"))
	if s := find(t, ds, CRPAImplicitRefusal).StatusFR(); s != "Échéance passée\u202f: sans réponse, vous pouvez agir depuis le 14 février 2025." {
		t.Errorf("past administration deadline: %q", s)
	}
	// A later clock time on the same day, in another zone, is the same day.
	paris, err := time.LoadLocation("Europe/Paris")
	if err == nil {
		ds, _ = Compute(c, time.Date(2025, 4, 14, 23, 59, 0, 0, paris))
		if s := find(t, ds, CADAReferralLimit).Status; s != StatusToday {
			t.Errorf("14 April 23:59 Paris: %s", s)
		}
	}
}

func explanation(t *testing.T, commune letters.Commune, step letters.PriorStep, id string) string {
	t.Helper()
	ds, err := Compute(caseOf(commune, step), refDay)
	if err != nil {
		t.Fatal(err)
	}
	return find(t, ds, id).Explanation
}

const nn = "\u202f"

func TestExplanations(t *testing.T) {
	tests := []struct {
		name    string
		commune letters.Commune
		step    letters.PriorStep
		id      string
		want    []string
		notWant []string
	}{
		{"issue example", lille, pending(crpa, "2025-01-13"), CRPAImplicitRefusal, []string{
			"Demande reçue le 13 janvier 2025" + nn + "; le jour de réception ne compte pas" + nn + "; un mois plus tard" + nn +
				": 13 février 2025" + nn + "; le silence gardé jusqu’à cette date vaut refus (article R. 311-13 du code des " +
				"relations entre le public et l’administration).",
			"court contre l’administration et n’est pas un délai pour vous" + nn + ": elle n’est pas reportée si elle tombe un samedi, un dimanche ou un jour férié.",
			"vous pouvez saisir la CADA à partir du 14 février 2025.",
		}, []string{"received_on"}},
		{"month end", lille, pending(crpa, "2025-01-31"), CRPAImplicitRefusal, []string{
			"un mois plus tard" + nn + ": 28 février 2025, le 31 février n’existant pas (le délai expire alors le dernier jour du mois)",
		}, nil},
		{"CADA limit moved from a Sunday", lille, pending(crpa, "2025-01-13"), CADAReferralLimit, []string{
			"Refus implicite né du silence gardé jusqu’au 13 février 2025 (un mois après la réception de la demande)" + nn +
				"; le jour de cette décision ne compte pas" + nn + "; deux mois plus tard" + nn + ": 13 avril 2025" + nn +
				"; la CADA doit être saisie dans ce délai (article R. 343-1 du code des relations entre le public et l’administration).",
			"Le 13 avril 2025 est un dimanche" + nn + "; un délai qui expire un samedi, un dimanche ou un jour férié est prorogé au " +
				"premier jour ouvrable suivant (articles 641 et 642 du code de procédure civile)" + nn + ": lundi 14 avril 2025.",
			"Date recommandée" + nn + ": 13 avril 2025, sans compter sur le report.",
			"postez au plus tard le vendredi 11 avril 2025.",
		}, nil},
		{"holiday named", lille, refused(crpa, "2026-05-14"), CADAReferralLimit, []string{
			"Le 14 juillet 2026 est un jour férié (fête nationale)" + nn + "; un délai qui expire un samedi, un dimanche ou un " +
				"jour férié (article L. 3133-1 du code du travail) est prorogé",
			nn + ": mercredi 15 juillet 2026.",
			"Refus exprès du 14 mai 2026 (le délai court de sa notification",
		}, nil},
		{"franc delay then weekend", lille, refused(letter, "2026-08-16"), CourtLimit, []string{
			"deux mois plus tard" + nn + ": 16 octobre 2026" + nn + "; le recours au tribunal administratif doit être formé dans ce " +
				"délai (article R. 421-1 du code de justice administrative)" + nn + "; ce délai est franc" + nn +
				": le jour de l’échéance ne compte pas non plus, ce qui porte le terme au 17 octobre 2026.",
			"Le 17 octobre 2026 est un samedi et le 18 octobre 2026 est un dimanche" + nn + "; un délai qui expire",
			nn + ": lundi 19 octobre 2026.",
			"Date recommandée" + nn + ": 16 octobre 2026, sans compter sur le délai franc ni sur le report.",
			"ce courrier est traité comme une demande (réclamation)",
		}, nil},
		{"franc delay on a working day", lille, refused(letter, "2026-08-15"), CourtLimit, []string{
			"Le vendredi 16 octobre 2026 est un jour ouvrable" + nn + ": pas de report.",
			"Date recommandée" + nn + ": 15 octobre 2026, sans compter sur le délai franc.",
		}, []string{"prorogé"}},
		{"weekend only: no holiday citation", lille, pending(crpa, "2025-01-13"), CADAReferralLimit, nil, []string{"L. 3133-1"}},
		{"Alsace-Moselle 26 December", metz, refused(crpa, "2025-10-25"), CADAReferralLimit, []string{
			"Le 25 décembre 2025 est un jour férié (Noël)" + nn + "; un délai",
			nn + ": vendredi 26 décembre 2025.",
			"Le 26 décembre est férié en Moselle, dans le Bas-Rhin et le Haut-Rhin (article L. 3134-13 du code du travail), mais il n’est pas établi qu’un délai expirant ce jour-là soit prorogé" + nn + ": la date n’est pas reportée",
		}, []string{"lundi 29 décembre 2025"}},
		{"26 December elsewhere", lille, refused(crpa, "2025-10-25"), CADAReferralLimit, []string{
			"Le 25 décembre 2025 est un jour férié (Noël)" + nn + "; un délai", nn + ": vendredi 26 décembre 2025.",
		}, []string{"L. 3134-13", "Saint-Étienne"}},
		{"Good Friday in Moselle", metz, refused(crpa, "2026-02-03"), CADAReferralLimit, []string{
			"Le 3 avril 2026 est le Vendredi saint, férié seulement dans les communes d’Alsace-Moselle ayant un temple protestant " +
				"ou une église mixte (article L. 3134-13 du code du travail)" + nn + ": la date n’est pas reportée.",
		}, nil},
		{"Good Friday elsewhere", lille, refused(crpa, "2026-02-03"), CADAReferralLimit, nil, []string{"Vendredi saint"}},
		{"missing received_on", lille, letters.PriorStep{Kind: crpa, SentOn: "2025-01-10"}, CRPAImplicitRefusal, []string{
			"Demande envoyée le 10 janvier 2025" + nn + "; le jour d’envoi ne compte pas" + nn + "; un mois plus tard" + nn + ": 10 février 2025",
			"La date de réception n’est pas indiquée" + nn + ": le calcul part de la date d’envoi",
			"ajoutez au dossier la date de réception portée sur l’avis de réception (received_on).",
		}, nil},
		{"missing received_on, user deadline", lille, letters.PriorStep{Kind: crpa, SentOn: "2025-01-10"}, CADAReferralLimit, []string{
			"(un mois après l’envoi de la demande)", "La date de réception n’est pas indiquée",
		}, nil},
		{"express refusal after the implicit one", lille,
			letters.PriorStep{Kind: crpa, SentOn: "2026-01-02", ReceivedOn: "2026-01-05", Answer: "refusal", AnswerOn: "2026-03-10"},
			CADAReferralLimit, []string{
				"Votre demande avait déjà été implicitement rejetée le 5 février 2026" + nn +
					"; par prudence, visez la date calculée à partir de ce premier refus" + nn + ": 5 avril 2026.",
				"Le 5 avril 2026 étant un dimanche, pour un envoi postal, postez au plus tard le vendredi 3 avril 2026.",
			}, nil},
		{"refusal without a date", lille, letters.PriorStep{Kind: crpa, SentOn: "2026-06-01", ReceivedOn: "2026-06-04", Answer: "refusal"},
			CADAReferralLimit, []string{"Refus exprès à une date non indiquée" + nn + ": le calcul part du 4 juin 2026", "answer_on)"}, nil},
		{"partial answer", lille, letters.PriorStep{Kind: crpa, SentOn: "2026-05-20", ReceivedOn: "2026-05-22", Answer: "partial", AnswerOn: "2026-06-04"},
			CADAReferralLimit, []string{"Réponse partielle, qui vaut refus pour le surplus, du 4 juin 2026"}, nil},
		{"rights", lille, pending(rights, "2026-01-31"), RightsAnswerExtendedLimit, []string{
			"trois mois plus tard (le mois de réponse prolongé de deux mois)" + nn + ": 30 avril 2026, le 31 avril n’existant pas",
			"si le responsable du traitement vous a informé dans le premier mois de la prolongation et de ses motifs (article 12, paragraphe 3, du RGPD)",
		}, nil},
		{"cnil", lille, pending(cnil, "2026-09-03"), CNILProgressDue, []string{
			"trois mois plus tard" + nn + ": 3 décembre 2026", "(article 78 du RGPD)",
		}, nil},
		{"cessation", lille, pending(letter, "2026-10-31"), CessationImplicitRejection, []string{
			"le silence gardé jusqu’à cette date vaut décision de rejet (article L. 231-4 du code des relations entre le public et l’administration)",
			"Le dossier n’a pas de type de démarche propre à une demande de cessation" + nn + ": ce courrier est traité comme une demande (réclamation)",
		}, nil},
		{"court after CADA", lille, pending(cada, "2026-01-15"), CourtLimit, []string{
			"Refus confirmé par le silence de l’administration le 15 mars 2026 (deux mois après la réception de la saisine)",
		}, nil},
		{"confirmed refusal", lille, pending(cada, "2026-01-15"), CADAConfirmedRefusal, []string{
			"Saisine de la CADA reçue le 15 janvier 2026", "vaut confirmation du refus (article R. 343-5 du code",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := explanation(t, tt.commune, tt.step, tt.id)
			for _, w := range tt.want {
				if !strings.Contains(e, w) {
					t.Errorf("missing %q in\n%s", w, e)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(e, w) {
					t.Errorf("unexpected %q in\n%s", w, e)
				}
			}
		})
	}
}

// Every explanation, title and status of a busy case follows French typography.
func TestTypography(t *testing.T) {
	c := caseOf(metz, pending(crpa, "2025-01-13"), pending(cada, "2025-04-03"), letters.PriorStep{Kind: rights, SentOn: "2026-01-31"},
		pending(cnil, "2026-09-03"), pending(letter, "2026-10-31"), refused(letter, "2025-10-25"),
		letters.PriorStep{Kind: crpa, SentOn: "2026-06-01", Answer: "partial"})
	ds, err := Compute(c, refDay)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ds {
		for _, s := range []string{x.Explanation, x.Title, x.StatusFR()} {
			for _, bad := range []string{" ;", " :", " !", " ?", "'", "« ", " »", "n° ", "  ", ";;", ". ."} {
				if strings.Contains(s, bad) {
					t.Errorf("%s step %d: %q in %q", x.ID, x.Step, bad, s)
				}
			}
			if strings.Contains(s, ";") && !strings.Contains(s, nn+";") {
				t.Errorf("%s: semicolon without a narrow no-break space", x.ID)
			}
			if !strings.HasSuffix(s, ".") && s != x.Title {
				t.Errorf("%s: does not end with a full stop: %q", x.ID, s)
			}
		}
		if x.Basis == "" || !strings.Contains(x.Explanation, x.Basis) {
			t.Errorf("%s: basis %q not shown in the explanation", x.ID, x.Basis)
		}
	}
}

func TestComputeErrors(t *testing.T) {
	if _, err := Compute(nil, refDay); err == nil {
		t.Error("nil case: no error")
	}
	for _, s := range []letters.PriorStep{
		{Kind: crpa, SentOn: "2025-01"},
		{Kind: crpa, SentOn: ""},
		{Kind: crpa, SentOn: "2025-02-30"},
		{Kind: crpa, SentOn: "2025-01-10", ReceivedOn: "2025"},
		{Kind: crpa, SentOn: "2025-01-10", Answer: "refusal", AnswerOn: "nope"},
	} {
		_, err := Compute(caseOf(lille, pending(cnil, "2026-01-01"), s), refDay)
		if err == nil || !strings.Contains(err.Error(), "prior_steps[1].") {
			t.Errorf("%+v: error %v", s, err)
		}
	}
}

func TestDeadlineJSON(t *testing.T) {
	ds, err := Compute(caseOf(lille, pending(crpa, "2025-01-13")), refDay)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(ds)
	if err != nil {
		t.Fatal(err)
	}
	var raw []map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "step", "date", "recommended", "basis", "explanation", "title", "party", "status", "days_left", "urgent", "from_sent_on"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
	if raw[1]["date"] != "2025-04-14" || raw[1]["recommended"] != "2025-04-13" {
		t.Errorf("dates: %v %v", raw[1]["date"], raw[1]["recommended"])
	}
	var back []Deadline
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, ds) {
		t.Errorf("round trip:\n%+v\n%+v", back, ds)
	}
}

// Once the case records a CADA referral, the deadline to make one is kept with a note but no longer
// urges the user to refer again.
func TestCADALimitDoneAfterReferral(t *testing.T) {
	c := &letters.Case{Commune: letters.Commune{InseeCode: "59350", PostalCode: "59000"}, PriorSteps: []letters.PriorStep{
		{Kind: letters.StepCRPARequest, Recipient: "Maire de Lille", SentOn: "2026-09-01", ReceivedOn: "2026-09-03", Answer: letters.AnswerNone},
		{Kind: letters.StepCADAReferral, Recipient: "CADA", SentOn: "2026-10-06", ReceivedOn: "2026-10-08", Answer: letters.AnswerNone},
	}}
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	ds, err := Compute(c, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.ID != CADAReferralLimit {
			continue
		}
		if !d.Done || d.Urgent {
			t.Errorf("cada_referral_limit after a recorded referral: done=%v urgent=%v, want done and not urgent", d.Done, d.Urgent)
		}
		if !strings.Contains(d.StatusFR(), "déjà accomplie") {
			t.Errorf("status %q should say the step seems done", d.StatusFR())
		}
		return
	}
	t.Fatal("no cada_referral_limit")
}

// When the recommended date is the last day, the countdown is said once.
func TestStatusFRNoDuplicateCountdown(t *testing.T) {
	day := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	d := Deadline{Party: PartyUser, Date: day, Recommended: day, Status: StatusUpcoming, DaysLeft: 6, Urgent: true}
	got := d.StatusFR()
	if strings.Count(got, "6 jours") != 1 || !strings.HasPrefix(got, "Attention") {
		t.Errorf("StatusFR() = %q: want one countdown, with a warning", got)
	}
}
