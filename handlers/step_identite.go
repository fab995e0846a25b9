package handlers

import (
	"saisine/letters"
	"saisine/letters/procedures"
)

// Who the person is: a resident's name and address; a group's or an association's name, contact
// person and signatories; then the place, date and mode of sending of the letter.
var identiteStep = &step{
	Slug:   "identite",
	Owns:   []string{"sender", "signatories", "letter"},
	Except: []string{"sender.kind"},
	Always: true,
	Fields: identityFields,
	Lists: []listDef{{Prefix: "signatories", Title: "step.identite.signatory_row",
		Fields: []string{"civility", "first_name", "last_name", "role"}}},
	Bind:    bindIdentity,
	Action:  identityAction,
	Prepare: prepareIdentity,
}

var (
	personFields  = []string{"sender.civility", "sender.first_name", "sender.last_name"}
	addressFields = []string{"sender.address.street", "sender.address.complement", "sender.address.postal_code", "sender.address.city"}
	contactFields = []string{"sender.email", "sender.phone"}
	letterFields  = []string{"letter.place", "letter.date", "letter.sending"}
	// recipientFields: the recipient's postal address, asked only by procedures whose recipient's
	// address the tool cannot know (asksRecipientAddress).
	recipientFields = []string{"letter.recipient_address.street", "letter.recipient_address.complement",
		"letter.recipient_address.postal_code", "letter.recipient_address.city"}
	assocFields = []string{"sender.association.rna", "sender.association.siren", "sender.association.declared_on", "sender.association.purpose"}
)

// identityFields lists the fields asked of this kind of sender, in the order of the page.
func identityFields(c *letters.Case) []string {
	var out []string
	switch c.Sender.Kind {
	case letters.SenderCouncillors:
		out = append(out, "sender.organisation")
		out = append(out, personFields...)
		out = append(out, "sender.role")
	case letters.SenderAssociation:
		out = append(out, "sender.organisation")
		out = append(out, assocFields...)
		out = append(out, personFields...)
		out = append(out, "sender.role")
	default:
		out = append(out, personFields...)
	}
	out = append(out, addressFields...)
	out = append(out, contactFields...)
	return append(out, letterFields...)
}

// asksRecipientAddress reports whether the procedure's recipient has an address the tool cannot know
// (the commission départementale de vidéoprotection, at the préfecture): the identity step asks it.
func asksRecipientAddress(p procedures.Procedure) bool {
	return p.ID == procedures.CommissionVideoprotection
}

// bindRecipientAddress reads the recipient's address; all empty means not given (nil).
func bindRecipientAddress(f formReader, c *letters.Case) {
	if !f.has(recipientFields[0]) && !f.has(recipientFields[2]) && !f.has(recipientFields[3]) {
		return
	}
	a := letters.Address{Street: f.str(recipientFields[0]), Complement: f.str(recipientFields[1]),
		PostalCode: postalCode(f.str(recipientFields[2])), City: f.str(recipientFields[3])}
	if a == (letters.Address{}) {
		c.Letter.RecipientAddress = nil
		return
	}
	c.Letter.RecipientAddress = &a
}

// signing reports whether the sender kind has signatories.
func signing(c *letters.Case) bool {
	return c.Sender.Kind == letters.SenderCouncillors || c.Sender.Kind == letters.SenderAssociation
}

func bindIdentity(s *Server, in *stepInput) []formError {
	f := formReader{in.Form}
	c := in.Case
	sd := &c.Sender
	for _, p := range identityFields(c) {
		switch p {
		case "sender.civility":
			f.set(&sd.Civility, p)
		case "sender.first_name":
			f.set(&sd.FirstName, p)
		case "sender.last_name":
			f.set(&sd.LastName, p)
		case "sender.organisation":
			f.set(&sd.Organisation, p)
		case "sender.role":
			f.set(&sd.Role, p)
		case "sender.address.street":
			f.set(&sd.Address.Street, p)
		case "sender.address.complement":
			f.set(&sd.Address.Complement, p)
		case "sender.address.postal_code":
			if f.has(p) {
				sd.Address.PostalCode = postalCode(f.str(p))
			}
		case "sender.address.city":
			f.set(&sd.Address.City, p)
		case "sender.email":
			f.set(&sd.Email, p)
		case "sender.phone":
			f.set(&sd.Phone, p)
		case "letter.place":
			f.set(&c.Letter.Place, p)
		case "letter.date":
			f.setDate(&c.Letter.Date, p)
		case "letter.sending":
			f.set(&c.Letter.Sending, p)
		}
	}
	if asksRecipientAddress(in.Proc) {
		bindRecipientAddress(f, c)
	}
	if sd.Kind == letters.SenderAssociation {
		a := letters.Association{}
		if sd.Association != nil {
			a = *sd.Association
		}
		f.set(&a.RNA, "sender.association.rna")
		if f.has("sender.association.siren") {
			a.SIREN = postalCode(f.str("sender.association.siren"))
		}
		f.setDate(&a.DeclaredOn, "sender.association.declared_on")
		f.set(&a.Purpose, "sender.association.purpose")
		sd.Association = &a
	}
	if signing(c) {
		n := f.rows("signatories")
		rows := make([]letters.Signatory, n)
		for i := range rows {
			at := func(name string) string { return rowPath("signatories", i, name) }
			rows[i] = letters.Signatory{Civility: f.str(at("civility")), FirstName: f.str(at("first_name")),
				LastName: f.str(at("last_name")), Role: f.str(at("role"))}
		}
		c.Signatories = rows
	}
	// The letter is written from where the sender lives unless they say otherwise.
	if c.Letter.Place == "" && sd.Address.City != "" {
		c.Letter.Place = sd.Address.City
	}
	return nil
}

func identityAction(s *Server, in *stepInput) (string, bool) {
	c := in.Case
	add, remove := rowAction(in.Action, "signataire")
	switch {
	case add:
		compactRows(c)
		c.Signatories = append(c.Signatories, letters.Signatory{})
		return fieldID(rowPath("signatories", len(c.Signatories)-1, "first_name")), true
	case remove >= 0:
		c.Signatories = removeAt(c.Signatories, remove)
		compactRows(c)
		return "f-signatories", true
	}
	return "", false
}

type identityData struct {
	Kind    string
	Signing bool
	Rows    []int
	// Recipient: the procedure asks the recipient's address (recipientFields).
	Recipient bool
}

func prepareIdentity(s *Server, v *view, c *letters.Case) {
	v.Data = identityData{Kind: c.Sender.Kind, Signing: signing(c), Rows: rowIndexes(v.Values, "signatories"),
		Recipient: v.Proc != nil && asksRecipientAddress(*v.Proc)}
}
