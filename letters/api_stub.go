package letters

import "io"

// The functions below are the package's entry points. Their bodies are placeholders replaced by the
// validation work (validate.go, decode.go, messages.go); the signatures are the contract other packages
// code against.

// Decode reads a case file from JSON, strictly (unknown fields and wrong types are problems with a JSON
// path), and normalises its text (NFC, typographic variants the font cannot draw mapped to drawable
// equivalents). It never validates business rules: call Check for that. When the problems are not empty
// the returned case is nil.
func Decode(r io.Reader) (*Case, []Problem) {
	panic("not implemented yet")
}

// Encode writes a case file as indented JSON, the same format Decode reads.
func Encode(w io.Writer, c *Case) error {
	panic("not implemented yet")
}

// Check validates a decoded case (and, with opts.Require, one procedure's needs) and returns every
// problem, errors and warnings, in a stable order (document order of the JSON paths).
func Check(c *Case, opts CheckOptions) []Problem {
	panic("not implemented yet")
}

// Message is the problem's explanation in lang: what is wrong and how to fix it.
func (p Problem) Message(lang Lang) string {
	panic("not implemented yet")
}
