package handlers

import (
	"net/http"
	"net/url"
	"testing"
)

// TestRecipientAddressFields: the identity step asks the recipient's postal address only for a
// procedure whose recipient the tool cannot locate (commission-videoprotection), binds it, and
// shows the engine's errors beside its fields.
func TestRecipientAddressFields(t *testing.T) {
	a := newApp(t)
	names := []string{"letter.recipient_address.street", "letter.recipient_address.complement",
		"letter.recipient_address.postal_code", "letter.recipient_address.city"}

	page := a.get("/dossier/plainte-cnil/identite?etat=" + a.tokenFor("plainte-cnil", withKind("resident")))
	if page.Status != http.StatusOK {
		t.Fatalf("plainte-cnil identity: %d", page.Status)
	}
	for _, n := range names {
		if page.byID(fieldID(n)) != nil {
			t.Errorf("plainte-cnil: field %s shown", n)
		}
	}
	if page.byID("f-letter-recipient_address") != nil {
		t.Error("plainte-cnil: recipient fieldset shown")
	}

	tok := a.tokenFor("commission-videoprotection", withKind("resident"))
	page = a.get("/dossier/commission-videoprotection/identite?etat=" + tok)
	if page.Status != http.StatusOK {
		t.Fatalf("commission identity: %d", page.Status)
	}
	if page.byID("f-letter-recipient_address") == nil {
		t.Fatal("commission: recipient fieldset missing")
	}
	form := page.form()
	for _, n := range names {
		if page.byID(fieldID(n)) == nil {
			t.Errorf("commission: field %s missing", n)
		}
		page.mustHaveField(form, n, "")
	}

	// Given: bound into letter.recipient_address.
	given := merge(answersOf("identite"), url.Values{
		"letter.recipient_address.street":      {"12-14 rue Jean sans Peur"},
		"letter.recipient_address.complement":  {""},
		"letter.recipient_address.postal_code": {"59039"},
		"letter.recipient_address.city":        {"LILLE CEDEX"},
	})
	r := a.submit(page, given, "continuer")
	if r.Status != http.StatusSeeOther {
		t.Fatalf("given address: %d\n%s", r.Status, r.Body)
	}
	st, err := a.srv.sealer.Open(tokenOf(r.location()))
	if err != nil {
		t.Fatal(err)
	}
	ra := st.Case.Letter.RecipientAddress
	if ra == nil || ra.Street != "12-14 rue Jean sans Peur" || ra.PostalCode != "59039" || ra.City != "LILLE CEDEX" {
		t.Fatalf("recipient address = %+v", ra)
	}

	// All empty: not given.
	empty := merge(given, url.Values{"letter.recipient_address.street": {""}, "letter.recipient_address.postal_code": {""}, "letter.recipient_address.city": {""}})
	r = a.submit(page, empty, "continuer")
	st, _ = a.srv.sealer.Open(tokenOf(r.location()))
	if r.Status != http.StatusSeeOther || st.Case.Letter.RecipientAddress != nil {
		t.Fatalf("empty address: %d %+v", r.Status, st.Case.Letter.RecipientAddress)
	}

	// Half an address: the engine's message beside the street.
	half := merge(given, url.Values{"letter.recipient_address.street": {""}})
	r = a.submit(page, half, "continuer")
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("half an address: %d", r.Status)
	}
	if r.byID(fieldID("letter.recipient_address.street")+"-error") == nil {
		t.Errorf("no error beside the recipient's street:\n%s", r.Body)
	}
}
