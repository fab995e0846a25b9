// Package document is the letter as a small tree of blocks, independent of any output format.
// Procedures build it; renderers (PDF, HTML, plain text) draw it and know nothing of procedures.
package document

import "time"

// Document is one letter, with its exhibits list and annexes.
type Document struct {
	Meta Meta

	// Sender lines, top left: name, capacity, organisation, address, e-mail, phone.
	Sender []string
	// Recipient lines, placed for a window envelope: at most 6 lines of at most 38 characters, last line
	// postcode + locality in capitals (NF Z10-011).
	Recipient []string
	// PlaceDate, e.g. « Lille, le 27 novembre 2026 ».
	PlaceDate string
	// Sending, e.g. « Lettre recommandée avec demande d’avis de réception »; empty for none.
	Sending string
	// Object is the subject line without the « Objet : » label.
	Object string
	// References such as « Vos réf. », « Nos réf. », a CNIL file number.
	References []Reference
	// Salutation, e.g. « Madame la Présidente, ».
	Salutation string
	// Sections in order; the letter body.
	Sections []Section
	// Closing is the formule de politesse paragraph.
	Closing string
	// Signatures: one per signing person.
	Signatures []Signature
	// Exhibits make the bordereau de pièces; numbered from 1 in this order.
	Exhibits []Exhibit
	// Annexes follow the bordereau (e.g. the list of mandants).
	Annexes []Annex
	// Footer is the notice printed at the end of the text and HTML versions (template, not legal advice).
	Footer string
	// Citations lists every catalogue key the document cites, in first-use order. Tests use it to prove
	// that nothing uncatalogued or unverified is printed.
	Citations []string
}

// Meta is the document's metadata (PDF info dictionary, HTML head).
type Meta struct {
	Title   string
	Author  string
	Subject string
	Creator string
	// Date is the creation date written into the PDF; fixed by the letter date so output is reproducible.
	Date time.Time
}

// Reference is one « label : value » reference line.
type Reference struct {
	Label string
	Value string
}

// Section is a numbered part of the body (facts, legal framework, breaches, requests…).
type Section struct {
	// ID is stable and machine-readable (e.g. "faits", "manquements"); the plain-text renderer uses it
	// for per-section character counts.
	ID    string
	Title string
	// Numbered sections get « 1. », « 2. » before their title.
	Numbered bool
	Blocks   []Block
}

// Block is a paragraph or a list.
type Block struct {
	// Kind says which of the fields below is used.
	Kind BlockKind
	// Runs of a paragraph.
	Runs []Run
	// Items of a list; each item is a sequence of runs.
	Items [][]Run
	// Why explains, in the preview, why this block is in the letter. Nil for boilerplate.
	Why *Why
}

// BlockKind distinguishes paragraphs from lists.
type BlockKind int

// Block kinds.
const (
	Paragraph BlockKind = iota
	BulletList
	NumberedList
)

// Run is a piece of text with one style.
type Run struct {
	Text     string
	Emphasis bool // italic
	Strong   bool // bold
	// Cite is the catalogue key of the citation this run prints, if any (for HTML links); a grouped
	// reference (« articles 8 et 20 de la loi … ») lists its keys separated by spaces.
	Cite string
	// URL makes the run a link in HTML (sources).
	URL string
}

// Why is the provenance of a paragraph: the claim module, the facts it rests on and its citations.
type Why struct {
	Claim     string // claim module id
	Title     string // short French title of the grievance
	Facts     []string
	Citations []Citation
}

// Citation as shown in the "why this paragraph" explanation.
type Citation struct {
	Key        string
	Printed    string
	Paraphrase string
	URL        string
	Reviewed   string // YYYY-MM-DD: when the entry was last checked against its source
	// Secondary is true when the citation was verified through a reliable secondary source only.
	Secondary bool
}

// Signature is one signing person.
type Signature struct {
	Name string
	Role string
}

// Exhibit is one line of the bordereau.
type Exhibit struct {
	Number int
	Title  string
	Date   string // as printed, e.g. « 21 novembre 2024 »; may be empty
	Origin string // source URL or description
	SHA256 string // hex; empty when no file was given
}

// Annex is an appendix after the bordereau.
type Annex struct {
	Title  string
	Blocks []Block
}

// P builds a paragraph block from runs.
func P(runs ...Run) Block { return Block{Kind: Paragraph, Runs: runs} }

// T is a plain text run.
func T(s string) Run { return Run{Text: s} }
