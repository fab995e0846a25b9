package procedures

import (
	"errors"
	"iter"

	"saisine/letters"
	"saisine/letters/document"
	"saisine/letters/mandants"
)

// Procedure ids of the collective filing.
const (
	Mandat                = "mandat"
	PlainteCollectiveCNIL = "plainte-collective-cnil"
)

// Mandate is one resident's mandate to the association that sends the case (one page).
func Mandate(c *letters.Case, m mandants.Mandant, opts Options) (*document.Document, error) {
	return nil, errors.New("procedures: mandat not implemented yet")
}

// Mandates yields one mandate per mandant, in order, building each only when asked: thousands of
// mandates go to the renderer without being held in memory together. A mandant error stops the
// sequence with that error.
func Mandates(c *letters.Case, ms iter.Seq2[mandants.Mandant, error], opts Options) iter.Seq2[*document.Document, error] {
	return func(yield func(*document.Document, error) bool) {
		for m, err := range ms {
			if err != nil {
				yield(nil, err)
				return
			}
			d, err := Mandate(c, m, opts)
			if !yield(d, err) || err != nil {
				return
			}
		}
	}
}

// CollectiveComplaint is the association's complaint to the CNIL on behalf of the mandants, with the
// annex listing them (name, commune, date of mandate).
func CollectiveComplaint(c *letters.Case, ms []mandants.Mandant, opts Options) (*document.Document, error) {
	return nil, errors.New("procedures: plainte-collective-cnil not implemented yet")
}

// CollectiveFiling yields the complaint, then the mandates themselves: the whole filing, to render as
// one PDF with render.PDFAll.
func CollectiveFiling(c *letters.Case, ms []mandants.Mandant, opts Options) iter.Seq2[*document.Document, error] {
	return func(yield func(*document.Document, error) bool) {
		d, err := CollectiveComplaint(c, ms, opts)
		if !yield(d, err) || err != nil {
			return
		}
		for d, err := range Mandates(c, Slice(ms), opts) {
			if !yield(d, err) || err != nil {
				return
			}
		}
	}
}

// Slice turns a list of mandants into the sequence Mandates reads.
func Slice(ms []mandants.Mandant) iter.Seq2[mandants.Mandant, error] {
	return func(yield func(mandants.Mandant, error) bool) {
		for _, m := range ms {
			if !yield(m, nil) {
				return
			}
		}
	}
}
