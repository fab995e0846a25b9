package procedures_test

import (
	"strconv"
	"testing"

	"saisine/letters"
	"saisine/letters/law"
	"saisine/letters/procedures"
)

// TestPriorStepsExhibitCopyOfReferral: a copy of the sender's own referral to the CADA is that step's
// exhibit, although its title names the CADA; the CADA's opinion is the answer.
func TestPriorStepsExhibitCopyOfReferral(t *testing.T) {
	c := procedures.Example(procedures.SignalementCNIL)
	n := len(c.Exhibits)
	c.Exhibits = append(c.Exhibits,
		letters.Exhibit{Title: "Copie de la saisine de la CADA", Date: "2025-03-20"},
		letters.Exhibit{Title: "Avis de la CADA", Date: "2025-05-15"},
	)
	c.PriorSteps = []letters.PriorStep{
		{Kind: letters.StepCADAReferral, Recipient: "CADA", SentOn: "2025-03-20", Answer: letters.AnswerRefusal, AnswerOn: "2025-05-15"},
	}
	d := build(t, procedures.SignalementCNIL, c, law.DefaultSettings())
	mustContain(t, "cada step", flatten(d),
		"Saisine de la Commission d’accès aux documents administratifs envoyée le 20 mars 2025 (destinataire\u202f: CADA\u202f; pièce n°\u00a0"+strconv.Itoa(n+1)+")\u202f: refus opposé le 15 mai 2025 (pièce n°\u00a0"+strconv.Itoa(n+2)+").")
}
