package letters

import "time"

// Lang selects the language of problem messages. Letters themselves are always French.
type Lang string

// Supported message languages.
const (
	FR Lang = "fr"
	EN Lang = "en"
)

// Problem is one thing wrong (or worth a warning) in a case file, located by its JSON path
// (e.g. "sender.address.postal_code", "exhibits[2].sha256").
type Problem struct {
	Path    string   `json:"path"`
	Code    string   `json:"code"`
	Args    []string `json:"args,omitempty"`
	Warning bool     `json:"warning,omitempty"`
}

// Requirements are what one procedure needs beyond the general validity of the case file. The
// procedures package supplies them; this package checks them so that every message comes from one
// catalogue.
type Requirements struct {
	// Procedure is the procedure id, used in messages (e.g. "plainte-cnil").
	Procedure string
	// SenderKinds lists the sender kinds allowed to send this letter; empty means any.
	SenderKinds []string
	// Fields lists JSON paths that must be non-empty for this procedure (e.g. "facts.where_filmed").
	Fields []string
}

// CheckOptions tune Check.
type CheckOptions struct {
	// Today is the reference date for "not in the future" rules; zero means the current date.
	Today time.Time
	// Require adds the rules of one procedure; nil checks the case file alone.
	Require *Requirements
}
