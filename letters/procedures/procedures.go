// Package procedures defines one letter type per procedure: who sends it, to whom, what it needs, the
// ordered sections and which claim modules it may use. Build turns a case into a document.Document.
package procedures

import (
	"time"

	"saisine/letters"
	"saisine/letters/document"
	"saisine/letters/law"
)

// Procedure is one letter type.
type Procedure struct {
	ID string
	// Title and Summary are French; SummaryEN is for the English interface.
	Title     string
	Summary   string
	SummaryEN string
	// Require is what the case must contain for this procedure, checked by letters.Check.
	Require letters.Requirements
	// Build assembles the letter. It assumes a case that passed Check.
	Build func(c *letters.Case, opts Options) (*document.Document, error)
}

// Options tune Build.
type Options struct {
	// Date of the letter; zero means the case's letter.date, or today.
	Date     time.Time
	Settings law.Settings
}
