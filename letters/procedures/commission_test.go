package procedures_test

import (
	"strings"
	"testing"

	"saisine/letters"
	"saisine/letters/law"
	"saisine/letters/procedures"
)

// TestCommissionRecipientAddress: with letter.recipient_address the commission is written to at
// that address (NF Z10-011 lines, town in capitals) and Check does not warn; without it, the
// default block stays and the warning tells where to give the address.
func TestCommissionRecipientAddress(t *testing.T) {
	c := procedures.Example(procedures.CommissionVideoprotection)
	c.Letter.RecipientAddress = &letters.Address{Street: "12-14 rue Jean sans Peur", Complement: "CS 20003", PostalCode: "59039", City: "Lille Cedex"}
	d := build(t, procedures.CommissionVideoprotection, c, law.DefaultSettings())
	if got := strings.Join(d.Recipient, "|"); got != "Commission départementale|de vidéoprotection|12-14 rue Jean sans Peur|CS 20003|59039 LILLE CEDEX" {
		t.Errorf("recipient = %q", got)
	}
	checkAll(t, "commission/address", d)
	for _, p := range procedures.Check(c, procedures.CommissionVideoprotection, today) {
		if p.Code == procedures.CodeRecipientAddress || !p.Warning {
			t.Errorf("with the address: %+v", p)
		}
	}

	// Without a complement: four lines.
	c.Letter.RecipientAddress.Complement = ""
	d = build(t, procedures.CommissionVideoprotection, c, law.DefaultSettings())
	if got := strings.Join(d.Recipient, "|"); got != "Commission départementale|de vidéoprotection|12-14 rue Jean sans Peur|59039 LILLE CEDEX" {
		t.Errorf("recipient without complement = %q", got)
	}

	// Without the address: the default block and the warning, which names the field.
	c.Letter.RecipientAddress = nil
	d = build(t, procedures.CommissionVideoprotection, c, law.DefaultSettings())
	if got := strings.Join(d.Recipient, "|"); got != "Commission départementale|de vidéoprotection|Préfecture du Nord|[Numéro et voie à compléter]|[CODE POSTAL ET VILLE À COMPLÉTER]" {
		t.Errorf("default recipient = %q", got)
	}
	var warned bool
	for _, p := range procedures.Check(c, procedures.CommissionVideoprotection, today) {
		if p.Code != procedures.CodeRecipientAddress {
			continue
		}
		warned = p.Warning && p.Path == "letter"
		fr, en := p.Message(letters.FR), p.Message(letters.EN)
		if !strings.Contains(fr, "«\u202fletter.recipient_address\u202f»") || !strings.Contains(fr, "«\u202fAdresse du destinataire\u202f»") || !strings.Contains(en, "“letter.recipient_address”") {
			t.Errorf("the warning does not say where to give the address:\n%s\n%s", fr, en)
		}
	}
	if !warned {
		t.Error("no recipient-address warning without the address")
	}
}
