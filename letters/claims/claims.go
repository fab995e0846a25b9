// Package claims holds the grievance modules. Each module states the facts it reads, when it applies,
// what it cites, the paragraphs it contributes and the requests it supports. Adding a grievance means
// adding a module and its table test, nothing else.
package claims

import (
	"saisine/letters"
	"saisine/letters/document"
	"saisine/letters/law"
)

// Claim is one grievance module.
type Claim struct {
	// ID is stable, e.g. "aipd-manquante".
	ID string
	// Title is a short French title shown in the preview's "why" box.
	Title string
	// Needs lists the JSON paths of the facts the module reads; the interview asks only questions that
	// some applicable module needs.
	Needs []string
	// Applies is the predicate on the case.
	Applies func(c *letters.Case, s law.Settings) bool
	// Breach is true when the module asserts a breach (section « manquements »); false when it only
	// asks for information or control (section « demandes d'explication »).
	Breach bool
	// Citations are catalogue keys; all must be printable (a test enforces it).
	Citations []string
	// Paragraphs builds the French text. Exhibit references use Context.Exhibit.
	Paragraphs func(c *letters.Case, ctx Context) []document.Block
	// Facts returns the case facts the paragraphs rest on, as short French phrases for the "why" box.
	Facts func(c *letters.Case) []string
	// Requests are the request codes (letters.Req*) this module supports.
	Requests []string
}

// Context gives modules what they need beyond the case.
type Context struct {
	Settings law.Settings
	// Procedure is the id of the letter being built (a module may word itself differently for a
	// complaint and a referral).
	Procedure string
}
