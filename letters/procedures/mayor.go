package procedures

import (
	"strings"
	"unicode/utf8"

	"saisine/letters"
	"saisine/letters/claims/frtext"
)

// maxLine is the longest line of a postal address (NF Z10-011).
const maxLine = 38

// mayorTitle is how the mayor is addressed: « Monsieur le Maire », « Madame la Maire », or "" when the
// case does not say (the letter then uses neutral forms rather than guess).
func mayorTitle(c *letters.Case) string {
	switch c.Commune.Mayor.Civility {
	case letters.CivilityMonsieur:
		return "Monsieur le Maire"
	case letters.CivilityMadame:
		return "Madame la Maire"
	}
	return ""
}

// mayorRecipient is the town hall's address block (NF Z10-011): « Monsieur le Maire de Lille »,
// « Madame la Maire de Lille » or, when the mayor's civility is unknown, « Mairie de Lille »; then the
// optional service lines, then the town hall's address with its last line in capitals. A first line
// that would exceed 38 characters drops the commune's name, which the last line carries anyway.
func (l *letter) mayorRecipient(service ...string) []string {
	first := mayorTitle(l.c)
	if first == "" {
		first = "Mairie"
	}
	if name := frtext.Fragment(l.c.Commune.Name); name != "" {
		if line := first + " " + frtext.De(name); utf8.RuneCountInString(line) <= maxLine {
			first = line
		}
	}
	lines := append([]string{first}, service...)
	return append(lines, postalLines(l.c.Commune.Address)...)
}

// postalLines are an address's street, complement and « POSTCODE TOWN » lines, the last in capitals.
func postalLines(a letters.Address) []string {
	lines := nonEmpty(frtext.Fragment(a.Street), frtext.Fragment(a.Complement))
	if last := strings.TrimSpace(a.PostalCode + " " + frtext.Fragment(a.City)); last != "" {
		lines = append(lines, strings.ToUpper(last))
	}
	return lines
}

// mayorSalutation is « Monsieur le Maire, », « Madame la Maire, » or the neutral « Madame, Monsieur, ».
func mayorSalutation(c *letters.Case) string {
	if t := mayorTitle(c); t != "" {
		return t + ","
	}
	return "Madame, Monsieur,"
}

// mayorClosing repeats the salutation in the formule de politesse.
func (l *letter) mayorClosing() string {
	return l.closing(strings.TrimSuffix(mayorSalutation(l.c), ","))
}

// closing is the formule de politesse addressed to an authority, repeating its appellation.
func (l *letter) closing(appellation string) string {
	return l.je(
		"Je vous prie d’agréer, "+appellation+", l’expression de ma haute considération.",
		"Nous vous prions d’agréer, "+appellation+", l’expression de notre haute considération.",
	)
}

// mayorLetter fills the parts every letter to the mayor shares.
func (l *letter) mayorLetter(object string, service ...string) {
	d := l.doc
	d.Sender = l.senderLines()
	d.Recipient = l.mayorRecipient(service...)
	d.PlaceDate = l.placeDate()
	d.Sending = l.sending()
	d.Object = frtext.Typo(object)
	d.Salutation = mayorSalutation(l.c)
	d.Closing = l.mayorClosing()
}

// finishLetter adds the signatures and the bordereau, once the body is written (the body may add
// pieces to the bordereau).
func (l *letter) finishLetter() {
	l.doc.Signatures = l.signatures()
	l.doc.Exhibits = l.exhibits()
}
