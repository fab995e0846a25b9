package handlers

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"saisine/letters"
	"saisine/store"
)

// The signing page names the commune as French requires after « la commune »: « du Havre », not « de Le
// Havre »; the English page keeps the name as it is.
func TestCampaignCommuneElision(t *testing.T) {
	a, st := campaignApp(t)
	cs := associationCase(t)
	cs.Commune.Name = "Le Havre"
	var js bytes.Buffer
	if err := letters.Encode(&js, cs); err != nil {
		t.Fatal(err)
	}
	_, hash := store.NewSecret()
	id := store.NewID()
	if err := st.CreateCampaign(context.Background(), store.Campaign{ID: id, AdminHash: hash, Case: js.Bytes(), Title: "Le Havre",
		ClosesOn: testNow.AddDate(0, 1, 0), RetentionDays: 183}); err != nil {
		t.Fatal(err)
	}
	fr := strings.ReplaceAll(a.get("/signer/"+id).visibleText(), "\u202f", " ")
	for _, want := range []string{"vidéosurveillance algorithmique de la commune du Havre", "par la commune du Havre (vidéosurveillance algorithmique)", "au sujet des traitements de la commune du Havre"} {
		if !strings.Contains(fr, want) {
			t.Errorf("French signing page lacks %q", want)
		}
	}
	if strings.Contains(fr, "de Le Havre") {
		t.Error("French signing page says « de Le Havre »")
	}
	a.lang = "en"
	en := a.get("/signer/" + id).visibleText()
	if !strings.Contains(en, "Le Havre") || strings.Contains(en, "du Havre") {
		t.Errorf("English signing page should name « Le Havre » as it is:\n%s", en)
	}
}
